"""Response headers, CSRF protection and errors, for pages and API alike.

Errors of the API are ``application/problem+json`` (RFC 9457) carrying the
library's message and code; the mapping from the library's status codes to
HTTP statuses is :data:`HTTP_STATUS`.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any, Dict, Optional

import goc
from flask import Flask, Response, json, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

csrf = CSRFProtect()

#: The library's error names to HTTP statuses (anything else: 500).
HTTP_STATUS: Dict[str, int] = {
    "GOC_EINVAL": 400,
    "GOC_EAUTH": 401,
    "GOC_EPERM": 403,
    "GOC_EREADONLY": 403,
    "GOC_ENOTFOUND": 404,
    "GOC_EEXISTS": 409,
    "GOC_ECONSTRAINT": 409,
    "GOC_ESTATE": 409,
    "GOC_ETHROTTLED": 429,
    "GOC_EBUSY": 503,
}

_PHRASES = {s.value for s in HTTPStatus}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def is_api() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: Optional[str] = None,
            code: Optional[str] = None, **extra: Any) -> Response:
    """An ``application/problem+json`` response (RFC 9457)."""
    body: Dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if code:
        body["code"] = code
    body.update(extra)
    resp = Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/problem+json")
    return resp


def _error_page(status: int, title: str, detail: Optional[str]) -> Any:
    return render_template("error.html", status=status, title=title, detail=detail), status


def error_response(status: int, title: str, detail: Optional[str] = None,
                   code: Optional[str] = None) -> Any:
    if is_api():
        return problem(status, title, detail, code)
    return _error_page(status, title, detail)


def init_app(app: Flask) -> None:
    csrf.init_app(app)

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith("/api/") or "text/html" in resp.content_type:
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.errorhandler(goc.Error)
    def _goc_error(e: goc.Error) -> Any:
        status = HTTP_STATUS.get(e.name, 500)
        title = HTTPStatus(status).phrase if status in _PHRASES else e.name
        resp = error_response(status, title, e.message, e.name)
        if status == 401 and is_api():
            resp.headers["WWW-Authenticate"] = 'Bearer realm="goc-web"'
        return resp

    @app.errorhandler(CSRFError)
    def _csrf(e: CSRFError) -> Any:
        return error_response(400, "CSRF token missing or invalid", e.description, "CSRF")

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> Any:
        return error_response(e.code or 500, e.name, e.description)
