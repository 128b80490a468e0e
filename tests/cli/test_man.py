"""docs/man/goc.1, the goc(1) man page written by hand: it renders without
a warning, and it cannot drift from the tool — every command and
subcommand that `goc --help` lists, and every option of every `--help`,
appears in it.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import GOC, SRC

MAN = os.path.join(SRC, "docs", "man", "goc.1")


def goc_help(*args):
    r = subprocess.run([GOC, *args, "--help"], capture_output=True, timeout=60)
    assert r.returncode == 0, (args, r)
    return r.stdout.decode()


def commands():
    """{command: [subcommands]} from `goc --help` and each `goc COMMAND --help`."""
    text = goc_help()
    block = text.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    cmds = {}
    for line in block.splitlines():
        name = line.split()[0]
        usage = goc_help(name).splitlines()[0].split()
        assert usage[:2] == ["usage:", "goc"] and usage[2] == name, usage
        subs = usage[3] if len(usage) > 3 and re.fullmatch(r"[a-z|-]+", usage[3]) else ""
        cmds[name] = subs.split("|") if subs else []
    return cmds


def man_text():
    """The page's words with roff's escapes and quotes taken out."""
    with open(MAN, encoding="utf-8") as f:
        src = f.read()
    src = re.sub(r"\\f[BIRP]", "", src).replace("\\-", "-").replace("\\e", "\\").replace('"', "")
    src = re.sub(r"^\.[A-Z]{1,2}\b ?", "", src, flags=re.M)
    return re.sub(r"\s+", " ", src)


def test_every_command_is_in_the_page():
    cmds = commands()
    assert {"init", "demo", "plan", "org", "report", "partner", "expert", "event", "request", "progress",
            "export"} <= set(cmds), cmds
    text = man_text()
    missing = [f"goc {c} {s}".strip() for c, subs in cmds.items() for s in (subs or [""])
               if f"goc {c} {s}".strip() + " " not in text]
    assert not missing, missing


def test_every_option_is_in_the_page():
    text = man_text()
    missing = set()
    for c, subs in commands().items():
        for s in subs or [None]:
            usage = goc_help(c, *([s] if s else []))
            for opt in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-o)\b", usage)):
                if opt not in text:
                    missing.add((c, s, opt))
    assert not missing, sorted(missing)


def test_every_format_is_in_the_page():
    text = man_text()
    for fmt in ("text", "md", "csv", "json", "html", "xlsx", "popolo"):
        assert re.search(rf"\b{fmt}\b", text), fmt


@pytest.mark.skipif(not shutil.which("groff"), reason="groff is not installed")
def test_renders_without_warnings():
    r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN], capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    r = subprocess.run(["groff", "-man", "-Tascii", "-P-c", "-P-b", "-P-u", "-ww", MAN],
                       capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    out = r.stdout.decode("ascii", "replace")
    for word in ("NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "goc report scorecard", "goc export orgs"):
        assert word in out, word
