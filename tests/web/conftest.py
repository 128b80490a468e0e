"""Fixtures of the goc-web suites: a demo database per test module, the app over it."""
from __future__ import annotations

import os
import shutil
import subprocess
from typing import Iterator

import pytest

GOC_CLI = os.environ.get("GOC_CLI", "build/tools/goc/goc")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the demonstration data (`goc demo`), made once per module."""
    d = tmp_path_factory.mktemp("web")
    path = str(d / "goc.db")
    subprocess.run([GOC_CLI, "--db", path, "demo"], check=True, stdout=subprocess.DEVNULL)
    return path


@pytest.fixture()
def db_path(demo_db: str, tmp_path) -> str:
    """A fresh copy of the demo database for one test (writes stay in it)."""
    path = str(tmp_path / "goc.db")
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture()
def app(db_path: str):
    from goc_web import create_app
    return create_app(db_path, config={"TESTING": True})


@pytest.fixture()
def client(app) -> Iterator:
    with app.test_client() as c:
        yield c
