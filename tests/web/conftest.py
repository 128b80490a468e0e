"""Fixtures of the goc-web suites.

- ``demo_db``: a database holding the demonstration data (`goc demo`) and
  the test accounts of :data:`USERS`, made once per module; ``db_path`` a
  fresh copy of it per test; ``app`` and ``client`` the Flask app over it
  and its test client.
- ``server``: a real goc-web (``$GOC_WEB``, build/web/goc-web: gunicorn)
  on a free port of 127.0.0.1 over a copy of the demo database, started
  for the test and stopped after it; ``server.url``, ``server.db_path``.
- helpers: :func:`sign_in` (a test client's session, returns its CSRF
  token), :func:`token_for` (an API token made through the library).

web-pages adds its own fixtures in tests/web/conftest_pages.py or in its
test files; this file is web-api's.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Dict, Iterator, Optional, Tuple

import pytest

GOC_CLI = os.environ.get("GOC_CLI", "build/tools/goc/goc")
GOC_WEB = os.environ.get("GOC_WEB", "build/web/goc-web")

#: The test accounts: login -> (unit, password).  ``t-admin`` acts for
#: 商务委 (commerce), which the fixture makes an administrator unit.
USERS: Dict[str, Tuple[str, str]] = {
    "t-admin": ("commerce", "pw-t-admin-2025"),
    "t-scitech": ("scitech", "pw-t-scitech-2025"),
    "t-police": ("police", "pw-t-police-2025"),
    "t-expo": ("expo-bureau", "pw-t-expo-2025"),
}
PLAN = "pudong-goc-2024"
AS_OF = "2025-06-30"


def add_test_users(path: str) -> None:
    """Add :data:`USERS` to the database at ``path`` (as the system actor)."""
    import goc
    with goc.open(path) as db:
        db.units.set_access("commerce", goc.Access.ADMIN)
        for login, (unit, password) in USERS.items():
            try:
                db.users.get(login)
            except goc.NotFoundError:
                db.users.add(login, password, name="测试" + login, unit=unit)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the demonstration data (`goc demo`) and the test
    accounts, made once per module."""
    d = tmp_path_factory.mktemp("web")
    path = str(d / "goc.db")
    subprocess.run([GOC_CLI, "--db", path, "demo"], check=True, stdout=subprocess.DEVNULL)
    add_test_users(path)
    return path


def _copy_db(src: str, dst: str) -> str:
    shutil.copyfile(src, dst)  # closed, in WAL mode with nothing left in a -wal
    return dst


@pytest.fixture()
def db_path(demo_db: str, tmp_path) -> str:
    """A fresh copy of the demo database for one test (writes stay in it)."""
    return _copy_db(demo_db, str(tmp_path / "goc.db"))


@pytest.fixture()
def app(db_path: str):
    from goc_web import create_app
    return create_app(db_path, config={"TESTING": True})


@pytest.fixture()
def client(app) -> Iterator:
    with app.test_client() as c:
        yield c


def sign_in(client, login: str, password: Optional[str] = None) -> str:
    """Sign the test client in through POST /api/v1/session; its CSRF token."""
    r = client.post("/api/v1/session",
                    json={"login": login, "password": password or USERS[login][1]})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.json["csrf_token"]


def token_for(db_path: str, login: str, label: str = "test") -> Tuple[str, int]:
    """A new API token of ``login`` made through the library: (text, id)."""
    import goc
    with goc.open(db_path) as db:
        text, info = db.users.add_token(login, label)
    return text, (info if isinstance(info, int) else info.id)


# ---- a real goc-web under gunicorn ----

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    host: str
    port: int
    db_path: str
    proc: "subprocess.Popen[bytes]"
    log: str

    def conn(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)


def wait_until_answering(host: str, port: int, proc: "subprocess.Popen[bytes]",
                         log: str, deadline_s: float = 60) -> None:
    """Return once GET /api/v1/ answers 200; fail if the process exits or
    the deadline passes (each attempt blocks on the socket, no fixed sleeps)."""
    end = time.monotonic() + deadline_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError("goc-web exited with %s:\n%s" % (proc.returncode, open(log).read()))
        try:
            c = http.client.HTTPConnection(host, port, timeout=2)
            c.request("GET", "/api/v1/")
            if c.getresponse().status == 200:
                c.close()
                return
            c.close()
        except OSError:
            # not listening yet: wait for the process a little, then retry
            try:
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
        if time.monotonic() > end:
            raise RuntimeError("goc-web did not answer within %ss:\n%s" % (deadline_s, open(log).read()))


def start_server(db_path: str, log: str, workers: int = 4,
                 env: Optional[Dict[str, str]] = None) -> Server:
    port = free_port()
    out = open(log, "wb")
    e = dict(os.environ)
    if env:
        e.update(env)
    proc = subprocess.Popen([sys.executable, GOC_WEB, "--db", db_path,
                             "--listen", "127.0.0.1:%d" % port, "--workers", str(workers)],
                            stdout=out, stderr=subprocess.STDOUT, env=e)
    out.close()
    try:
        wait_until_answering("127.0.0.1", port, proc, log)
    except BaseException:
        stop_server(proc)
        raise
    return Server("http://127.0.0.1:%d" % port, "127.0.0.1", port, db_path, proc, log)


def stop_server(proc: "subprocess.Popen[bytes]") -> None:
    if proc.poll() is None:
        proc.terminate()  # gunicorn: graceful stop of the workers
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture()
def server(db_path: str, tmp_path) -> Iterator[Server]:
    """goc-web under gunicorn (4 workers) on a free port of 127.0.0.1, over
    a copy of the demo database; stopped after the test."""
    s = start_server(db_path, str(tmp_path / "goc-web.log"))
    try:
        yield s
    finally:
        stop_server(s.proc)
