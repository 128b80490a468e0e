"""The web pages: Chinese first, server-rendered, usable without JavaScript."""
from __future__ import annotations

from typing import Any

import goc
from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from . import auth
from .auth import login_required

bp = Blueprint("pages", __name__)


def _safe_next(target: str) -> str:
    # only a path of this site, never another host
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    if request.method == "POST":
        try:
            auth.sign_in(request.form.get("login", ""), request.form.get("password", ""))
        except goc.Error as e:  # AuthError, ThrottledError: the library's words
            error = e.message
        else:
            return redirect(_safe_next(request.args.get("next", "/")))
    status = 200 if error is None else 401
    return render_template("login.html", error=error), status


@bp.post("/logout")
def logout() -> Any:
    auth.sign_out()
    return redirect(url_for("pages.login"))


@bp.get("/")
@login_required
def home() -> Any:
    return render_template("home.html", user=g.user)
