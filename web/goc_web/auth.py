"""Who is asking: a session cookie (browser) or an ``Authorization: Bearer`` token.

Every request's identity is settled in :func:`load_identity` before the view
runs: ``g.user`` is the library's user (``goc.User``) or None, and ``g.db``
the worker's database acting as that person (every write audited with the
person and the unit) — or, with no identity, the handle as it is, for the
sign-in page and the public routes only.

The library decides everything else: whether a password or token is right,
throttling, and what the person may change.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar

import goc
from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from . import store
from .security import csrf, error_response

F = TypeVar("F", bound=Callable[..., Any])

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _bearer() -> Optional[str]:
    h = request.headers.get("Authorization", "")
    if h[:7].lower() == "bearer ":
        return h[7:].strip()
    return None


def client_address() -> str:
    """The client's address as the service sees it (behind nginx: see docs/deploy.md)."""
    return request.remote_addr or "unknown"


def load_identity() -> Any:
    # a body over the limit is refused before anything reads it (413)
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        abort(413, "the request body has %d bytes; the limit is %d" % (request.content_length, limit))
    g.user = None
    g.via_token = False
    db = store.database()
    token = _bearer()
    if token is not None:
        g.user = db.users.authenticate_token(token)  # AuthError -> 401
        g.via_token = True
    elif "login" in session:
        try:
            user = db.users.get(session["login"])
        except goc.NotFoundError:
            user = None
        if user is None or user.disabled:
            session.clear()
        else:
            g.user = user
    g.db = db.as_user(g.user.login) if g.user is not None else db
    # CSRF: every unsafe request made with the session cookie carries the
    # form's token (or the X-CSRFToken header); a bearer token is not sent
    # by the browser on its own, so token requests need none.  An API
    # request with no identity at all acts as nobody (401, or the sign-in
    # of POST /api/v1/session, which takes JSON only: a cross-site form
    # cannot send that without the browser asking first).
    if request.method in UNSAFE and not g.via_token:
        if not request.path.startswith("/api/") or g.user is not None:
            csrf.protect()
    return None


def sign_in(login: str, password: str) -> "goc.User":
    """Check a password through the library and start a session (raises AuthError, ThrottledError)."""
    user = store.database().users.authenticate(login, password, address=client_address())
    session.clear()
    session.permanent = True
    session["login"] = user.login
    return user


def sign_out() -> None:
    session.clear()


def login_required(view: F) -> F:
    """The view needs an identity: 401 problem for the API, the sign-in page for pages."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            if request.path.startswith("/api/"):
                resp = error_response(401, "Unauthorized",
                                      "sign in (POST /api/v1/session) or send "
                                      "Authorization: Bearer TOKEN", "GOC_EAUTH")
                resp.headers["WWW-Authenticate"] = 'Bearer realm="goc-web"'
                return resp
            return redirect(url_for("pages.login", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # load_identity() decides
    app.before_request(load_identity)
