"""Fixtures for the Python tests of libgoc's `goc` package.

Run by `meson test -C build --suite python` (PYTHONPATH points at the
build's package directory build/bindings/python); by hand:

    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest tests/python -q
"""
import os
import subprocess
import sys
import textwrap

import pytest

import goc

SOURCE_DIR = os.environ.get("GOC_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLANS_DIR = os.path.join(SOURCE_DIR, "tests", "data", "plans")
TABLES_DIR = os.path.join(SOURCE_DIR, "tests", "data", "tables")
PLAN = "pudong-goc-2024"
#: The directory `goc` is imported from (the build's, under meson test).
GOC_PATH = os.path.dirname(os.path.dirname(os.path.abspath(goc.__file__)))


@pytest.fixture
def db(tmp_path):
    """An empty database in a file."""
    d = goc.open(tmp_path / "test.db")
    yield d
    d.close()


@pytest.fixture
def ref(db):
    """A database with the Pudong reference data (units, groups, zones)."""
    db.load_reference("pudong")
    return db


@pytest.fixture
def plan_db(db):
    """A database with the built-in Pudong plan."""
    db.plans.load(PLAN)
    return db


@pytest.fixture(scope="module")
def demo():
    """A database with the demonstration data, shared by a module's tests
    (which must not write to it)."""
    d = goc.open(":memory:")
    d.load_demo(0)
    yield d
    d.close()


def run_python(code, *args, env=None, cwd=None, timeout=300):
    """Run a Python snippet in a child interpreter that imports the same
    `goc`; returns the CompletedProcess."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(
        [GOC_PATH] + [p for p in e.get("PYTHONPATH", "").split(os.pathsep) if p])
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)] + list(args),
                          env=e, cwd=cwd, capture_output=True, text=True, timeout=timeout)
