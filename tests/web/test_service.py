"""goc-web's frame: the secret file, headers, errors, CSRF (no identity needed)."""
from __future__ import annotations

import os
import stat

import pytest

from goc_web import create_app, store


def test_secret_made_once_mode_0600(db_path):
    create_app(db_path)
    secret = db_path + ".web-secret"
    st = os.stat(secret)
    assert stat.S_IMODE(st.st_mode) == 0o600
    key = open(secret, "rb").read()
    assert len(key) == 32
    create_app(db_path)  # a second start keeps the same secret
    assert open(secret, "rb").read() == key


def test_secret_readable_by_others_refused(tmp_path):
    p = tmp_path / "s"
    p.write_bytes(b"x" * 32)
    os.chmod(p, 0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        store.load_secret(str(p))


def test_missing_database_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database"):
        create_app(str(tmp_path / "none.db"))


def test_security_headers(client):
    r = client.get("/login")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "登录" in r.get_data(as_text=True)


def test_api_index_and_problem_json(client):
    r = client.get("/api/v1/")
    assert r.status_code == 200 and r.json["service"] == "goc-web"
    r = client.get("/api/v1/no-such-route")
    assert r.status_code == 404
    assert r.content_type == "application/problem+json"
    assert r.json["status"] == 404


def test_api_needs_identity(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.content_type == "application/problem+json"
    assert r.json["code"] == "GOC_EAUTH"


def test_pages_redirect_to_sign_in(client):
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_post_without_csrf_token_refused(client):
    r = client.post("/login", data={"login": "x", "password": "y"})
    assert r.status_code == 400
    assert "CSRF" in r.get_data(as_text=True)


def test_body_too_large(client):
    r = client.post("/api/v1/", data=b"x" * (2 * 1024 * 1024),
                    content_type="application/json")
    assert r.status_code == 413
    assert r.content_type == "application/problem+json"
    assert "limit is 1048576" in r.json["detail"]
