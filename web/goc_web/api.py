"""The HTTP API under /api/v1/: JSON in and out (docs/openapi.yaml).

Each route asks the library through ``g.db`` (the worker's database acting
as the signed-in person) and returns what it answers; errors become
``application/problem+json`` in :mod:`goc_web.security`.
"""
from __future__ import annotations

from typing import Any

import goc
from flask import Blueprint, g, jsonify

from .auth import login_required

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/")
def index() -> Any:
    """The service: library version and schema (no identity needed)."""
    return jsonify(service="goc-web", libgoc=goc.version(),
                   schema=g.db.schema_version)


@bp.get("/me")
@login_required
def me() -> Any:
    """Who the request acts as."""
    u = g.user
    return jsonify(login=u.login, name=u.name, unit=u.unit, phone=u.phone, email=u.email)
