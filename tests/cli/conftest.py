"""Fixtures of the goc command's pytest suites (tests/cli/test_*.py but
test_cli.py, which is a plain script: see tests/meson.build).

The environment gives GOC_CLI (the goc executable) and GOC_SOURCE_DIR.
GOC_CLI_WRAP, if set, is a command line put before every goc the fixtures
run, e.g. to find leaks in every command these suites try:

    GOC_CLI_WRAP='valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --quiet' \
        meson test -C build --suite cli
"""
import json
import os
import shlex
import subprocess

import pytest

GOC = os.environ.get("GOC_CLI", "")
SRC = os.environ.get("GOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
AS_OF = "2025-06-30"


class Goc:
    """Run goc against one database."""

    def __init__(self, db, cwd):
        self.db, self.cwd = str(db), str(cwd)

    def run(self, *args, db=True, input=None, env=None):
        e = dict(os.environ)
        e.pop("GOC_DB", None)
        e.update(env or {})
        argv = shlex.split(os.environ.get("GOC_CLI_WRAP", "")) + [GOC] + (["--db", self.db] if db else []) \
            + [str(a) for a in args]
        return subprocess.run(argv, capture_output=True, cwd=self.cwd, input=input, env=e, timeout=120)

    def out(self, *args, **kw):
        r = self.run(*args, **kw)
        assert r.returncode == 0, f"{args}: exit {r.returncode}: {r.stderr.decode()}"
        return r.stdout.decode("utf-8")

    def json(self, *args, **kw):
        return json.loads(self.out(*args, "--format", "json", **kw))


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A database with the demonstration data (goc demo)."""
    assert GOC and os.access(GOC, os.X_OK), "GOC_CLI must name the goc executable"
    d = tmp_path_factory.mktemp("demo")
    g = Goc(d / "demo.db", d)
    g.out("demo")
    return g


@pytest.fixture
def fresh(tmp_path):
    """An empty database with the built-in plan (goc init)."""
    g = Goc(tmp_path / "fresh.db", tmp_path)
    g.out("init")
    return g


#: The responsible units of work item i1 of the `prefix` fixture but its lead.
PREFIX_UNITS = ", ".join(f"unit-{n}" for n in range(1, 10))


@pytest.fixture
def prefix(tmp_path):
    """Issue 15's case (expo under the lead expo-bureau) in a database of
    its own: the plan `prefix` (2024-01-01 … 2025-12-31), whose work item
    i1, due 2024-06-30, is led by unit-10 with unit-1 … unit-9 responsible
    — unit-1 a prefix of the lead's code.  The import makes the ten units
    (--create-units: codes unit-1 … unit-10 in order)."""
    g = Goc(tmp_path / "prefix.db", tmp_path)
    names = [f"party-{c}" for c in "abcdefghij"]
    plan = {"format": "libgoc-plan", "format_version": 1,
            "plan": {"code": "prefix", "title_zh": "前缀测试", "start": "2024-01-01", "end": "2025-12-31"},
            "tasks": [{"code": "s1", "level": "section", "title_zh": "部分"},
                      {"code": "t1", "parent": "s1", "level": "task", "title_zh": "专项"},
                      {"code": "i1", "parent": "t1", "level": "item", "title_zh": "工作", "due": "2024-06-30",
                       "assignments": [{"party": n, "role": "lead" if n == names[-1] else "responsible"}
                                       for n in names]}]}
    path = tmp_path / "prefix.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    g.out("plan", "import", path, "--create-units")
    return g
