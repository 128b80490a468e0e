"""The database handle of a worker process, and the session secret."""
from __future__ import annotations

import os
import secrets
import threading
from typing import Any, Dict

import goc
from flask import Flask, current_app

_lock = threading.Lock()
_handles: Dict[Any, "goc.Database"] = {}


def load_secret(path: str) -> bytes:
    """The session secret in ``path``, made (32 random bytes, mode 0600) if missing.

    The file is created with O_EXCL, so two workers starting at once agree
    on one secret; a secret file that others may read is refused.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
            f.flush()
            os.fsync(f.fileno())
    st = os.stat(path)
    if st.st_mode & 0o077:
        raise PermissionError("goc-web: %s may be read by others (mode %o): chmod 600 it"
                              % (path, st.st_mode & 0o777))
    with open(path, "rb") as f:
        key = f.read()
    if len(key) < 32:
        raise ValueError("goc-web: %s holds %d bytes, not a secret of 32" % (path, len(key)))
    return key


def init_app(app: Flask) -> None:
    app.extensions["goc_db_path"] = app.config["GOC_DB"]


def database() -> "goc.Database":
    """This process's handle on the service's database (opened on first use).

    gunicorn forks its workers after loading the application, so each
    worker opens its own handle (a SQLite connection must not cross a fork).
    """
    path = current_app.config["GOC_DB"]
    key = (os.getpid(), path)
    with _lock:
        db = _handles.get(key)
        if db is None or db.closed:
            db = goc.open(path, create=False)
            _handles[key] = db
        return db
