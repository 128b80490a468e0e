"""The README's two commands (between `<!-- main-command -->` /
`<!-- test-command -->` and their ```sh fences).

Both are checked for shape: one line of `&&`-joined steps — apt-get
update, one apt-get install of known Debian packages, meson setup, then
the build and the job.  The main command's job — what follows its apt-get
and meson steps, `goc demo` — is run for real against this build, twice
(a fresh database, then the same one again), and must print the
scorecard.

Deliberately NOT run here: the apt-get steps (a test must not install
packages or need the network; CI runs them through .ci/run) and the test
command itself, whose job is `meson test`, which runs this very test —
running it from here would recurse.  What the test command must install
for the suites that need it (libxlsxwriter-dev, chromium,
python3-openpyxl, python3-jsonschema, groff-base) is checked instead.
"""
import os
import re
import shlex
import shutil
import subprocess

import pytest

from conftest import GOC, SRC

APT = "apt-get install -y --no-install-recommends "


def command(marker):
    with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(rf"<!-- {marker} -->\n```sh\n(.*?)\n```\n", text, re.S)
    assert m, f"README.md: no ```sh block after <!-- {marker} -->"
    body = m.group(1)
    assert "\n" not in body, f"{marker}: one line expected"
    steps = [s.strip() for s in body.split(" && ")]
    assert steps[0] == "apt-get update", steps[0]
    assert steps[1].startswith(APT), steps[1]
    packages = steps[1][len(APT):].split()
    assert packages and len(set(packages)) == len(packages), packages
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", p) for p in packages), packages
    assert steps[2] == "meson setup build", steps[2]
    return steps, packages


def test_main_command_shape():
    steps, packages = command("main-command")
    assert steps[3] == "meson compile -C build"
    assert steps[4:] == ["./build/tools/goc/goc --db build/goc-demo.db demo"], steps[4:]
    for p in ("build-essential", "pkg-config", "meson", "ninja-build", "libsqlite3-dev", "libjansson-dev",
              "libzip-dev", "libxml2-dev",  # the library reads .xlsx (lib/xlsx.c)
              "python3-flask", "python3-flaskext.wtf", "gunicorn"):  # goc-web ("Serve it")
        assert p in packages, p


def test_test_command_shape():
    steps, packages = command("test-command")
    _, main_packages = command("main-command")
    assert set(main_packages) <= set(packages), set(main_packages) - set(packages)
    for p in ("libxlsxwriter-dev", "chromium", "python3-openpyxl", "python3-jsonschema", "groff-base", "gcovr",
              "python3-flask", "python3-flaskext.wtf", "gunicorn", "python3-yaml",
              "python3-selenium", "chromium-driver", "fonts-noto-cjk"):
        assert p in packages, p
    # a test step may set environment variables first (CK_TIMEOUT_MULTIPLIER=…)
    tests = [re.sub(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*", "", s) for s in steps[3:]]
    assert tests and all(s.startswith("meson test -C build") for s in tests), steps[3:]


@pytest.mark.skipif(not shutil.which("apt-cache"), reason="not a Debian system")
def test_packages_are_known_to_apt():
    _, packages = command("test-command")
    r = subprocess.run(["apt-cache", "show", "--no-all-versions", *packages], capture_output=True, timeout=120)
    known = set(re.findall(r"^Package: (\S+)$", r.stdout.decode(), re.M))
    assert set(packages) <= known, set(packages) - known


def test_main_job_prints_the_scorecard(tmp_path):
    """The job after the apt-get and meson steps, run from a scratch
    directory whose build/tools/goc/goc is this build's goc (so that the
    database, build/goc-demo.db, is new)."""
    steps, _ = command("main-command")
    job = " && ".join(steps[4:])
    exe = tmp_path / "build" / "tools" / "goc" / "goc"
    exe.parent.mkdir(parents=True)
    shutil.copy(GOC, exe)
    env = dict(os.environ)
    env.pop("GOC_DB", None)
    env["LD_LIBRARY_PATH"] = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(GOC))), "lib")
    for run in (1, 2):
        r = subprocess.run(["sh", "-c", job], cwd=tmp_path, capture_output=True, env=env, timeout=300)
        assert r.returncode == 0, (run, r.stderr.decode())
        out = r.stdout.decode("utf-8")
        assert "scorecard as of 2025-06-30" in out and "fictional" in out
        for title in ("By KPI", "By zone", "By unit"):
            assert title in out
        for word in ("new-orgs", "zone-quotas", "expo", "lujiazui", "zhangjiang", "jinqiao", "ftz", "commerce", "合计"):
            assert word in out, word
        if run == 1:
            assert r.stderr == b"", r.stderr
            first = out
        else:
            assert out == first  # the same scorecard, the data left as it was
            assert b"not loaded again" in r.stderr
    assert (tmp_path / "build" / "goc-demo.db").exists()
    assert shlex.split(job)[:3] == ["./build/tools/goc/goc", "--db", "build/goc-demo.db"]
