"""goc-web: the libgoc web service — pages for the bureaus and an HTTP API.

The service is thin: every rule, number and list comes from the library
through the Python package ``goc``; this package only authenticates,
asks the library and renders the answer (HTML pages under ``/``, JSON
under ``/api/v1/``, docs/openapi.yaml).

``create_app(db_path)`` builds the Flask application; ``goc-web``
(:mod:`goc_web.cli`) serves it with gunicorn.
"""
from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, Mapping, Optional

from flask import Flask

from . import store

__all__ = ["create_app", "MAX_BODY"]

#: The largest request body accepted (bytes); a larger one is answered 413.
MAX_BODY = 1024 * 1024


def create_app(db_path: str, *, secret_file: Optional[str] = None,
               config: Optional[Mapping[str, Any]] = None) -> Flask:
    """The application over the libgoc database at ``db_path``.

    The database must exist (``goc`` or ``goc.open()`` creates it).  The
    session secret is read from ``secret_file`` (default: ``DB.web-secret``
    next to the database), which is created on first start with 32 random
    bytes and mode 0600; it is never kept in the database.  ``config``
    overrides Flask settings (tests set ``TESTING``, for example).
    """
    db_path = os.path.abspath(db_path)
    if not os.path.isfile(db_path):
        raise FileNotFoundError("goc-web: no database at %s (create it with `goc` first)" % db_path)
    app = Flask(__name__)
    app.config.update(
        GOC_DB=db_path,
        SECRET_KEY=store.load_secret(secret_file or db_path + ".web-secret"),
        MAX_CONTENT_LENGTH=MAX_BODY,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=False,
        SESSION_COOKIE_NAME="goc_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        # 8 hours from signing in, not from the last request: the cookie is
        # not signed again on every answer (cheaper, and an absolute limit)
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # Chinese stays Chinese in JSON
    store.init_app(app)
    from . import auth, security
    security.init_app(app)
    auth.init_app(app)
    from . import api, pages
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    if app.config.get("GOC_WEB_BENCH") or os.environ.get("GOC_WEB_BENCH") == "1":
        api.register_bench(app)  # bench/web's ceiling: the same bytes from memory
    proxies = int(app.config.get("GOC_WEB_PROXIES") or 0)
    if proxies:
        # behind nginx (docs/deploy.md): the client's address from the
        # proxies' X-Forwarded-For, the scheme from X-Forwarded-Proto
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    return app
