"""The web pages: Chinese first (English a click away), server-rendered,
usable without JavaScript and on a phone.

Every list, number and rule comes from the library through ``g.db`` (the
worker's database acting as the signed-in person): the dossier of a unit
(``db.reports.dossier``), KPI rows, scorecards, organizations, the labels
of the vocabularies (``goc_label()``).  A form is offered to whoever is
permitted: the library says who may (``goc_db_may()``, ``db.may()``), and
a write the library refuses all the same (for a reason it checks only when
writing) shows its refusal on the page (HTTP 403, audited as denied by the
library).
"""
from __future__ import annotations

import csv
import datetime
import io
from typing import Any, Dict, List, Optional, Tuple

import goc
from flask import (Blueprint, Response, abort, flash, g, redirect,
                   render_template, request, url_for)

from . import auth, i18n
from .auth import login_required
from .i18n import t
from .security import HTTP_STATUS

bp = Blueprint("pages", __name__)


@bp.record_once
def _setup(state: Any) -> None:
    i18n.init_app(state.app)


def _safe_next(target: str) -> str:
    # only a path of this site, never another host
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.home")


# ---- what every page needs ----

def _today() -> datetime.date:
    return datetime.date.today()


def _as_of() -> datetime.date:
    """?as_of=YYYY-MM-DD (checked by the library), else today."""
    text = request.values.get("as_of")
    if not text:
        return _today()
    goc.check_date(text)  # InvalidInputError -> 400 with the library's message
    return datetime.date.fromisoformat(text)


def _plans() -> List["goc.Plan"]:
    return list(g.db.plans.list())


def _plan() -> str:
    """?plan=CODE, else the first plan; 404 when there is none."""
    code = request.values.get("plan")
    if code:
        return g.db.plans.get(code).code
    plans = _plans()
    if not plans:
        abort(404, t("no_rows"))
    return plans[0].code


def _units() -> Dict[str, "goc.Unit"]:
    if "units" not in g:
        g.units = {u.code: u for u in g.db.units.list()}
    return g.units


def _zones() -> Dict[str, "goc.Zone"]:
    if "zones" not in g:
        g.zones = {z.code: z for z in g.db.zones.list()}
    return g.zones


def may(action: str, id: Any = None) -> bool:
    """Whether the person may make this write (the library's answer, ``db.may()``)."""
    if g.get("user") is None:
        return False
    key = (action, id)
    cache = g.setdefault("may", {})
    if key not in cache:
        cache[key] = g.db.may(action, id)
    return cache[key]


def is_admin() -> bool:
    """Whether the person administers (may set units' roles: the library's answer)."""
    return may("unit.set_access")


def _admin_only() -> None:
    """The administration pages: 403 with the library's reason for anyone else."""
    why = g.db.refusal("unit.set_access")
    if why is not None:
        abort(403, why)


def _name(obj: Any, zh: str = "name_zh", en: str = "name_en") -> str:
    if obj is None:
        return ""
    if i18n.lang() == "en" and getattr(obj, en, None):
        return getattr(obj, en)
    return getattr(obj, zh) or ""


def unit_name(code: Optional[str]) -> str:
    if not code:
        return ""
    u = _units().get(code)
    return _name(u) if u else code


def zone_name(code: Optional[str]) -> str:
    if not code:
        return ""
    z = _zones().get(code)
    return _name(z) if z else code


def task_title(task: Optional["goc.Task"], width: int = 60) -> str:
    if task is None:
        return ""
    title = (task.title_en if i18n.lang() == "en" and task.title_en else None) \
        or task.title_zh or task.text or task.code
    if len(title) > width:
        title = title[:width - 1] + "…"
    return ("%s %s" % (task.label, title)) if task.label else title


@bp.app_context_processor
def _globals() -> Dict[str, Any]:
    return dict(is_admin=is_admin, may=may, unit_name=unit_name, zone_name=zone_name,
                task_title=task_title, today=_today, goc=goc, csrf_field=_csrf_field,
                lang_url=_lang_url, name_of=_name, member_name=member_name)


def member_name(code: Optional[str]) -> str:
    """A KPI row's member: a zone's or a unit's name (zones together: each)."""
    if code and "," in code:
        return "、".join(member_name(c) for c in code.split(","))
    if code in _zones():
        return zone_name(code)
    return unit_name(code)


def _lang_url(code: str) -> str:
    args = request.args.to_dict()
    args["lang"] = code
    from urllib.parse import urlencode
    return request.path + "?" + urlencode(sorted(args.items()))


def _csrf_field() -> str:
    from flask_wtf.csrf import generate_csrf
    from markupsafe import Markup
    return Markup('<input type="hidden" name="csrf_token" value="%s">' % generate_csrf())


def _refused(e: "goc.Error") -> int:
    """Show a library error on the page it came from; its HTTP status."""
    g.form_error = e.message
    return HTTP_STATUS.get(e.name, 500)


def _page(template: str, status: int = 200, **ctx: Any) -> Tuple[str, int]:
    return render_template(template, error=g.get("form_error"), **ctx), status


def _form_date(name: str = "date") -> str:
    return request.form.get(name) or _today().isoformat()


def _opt(name: str) -> Optional[str]:
    v = request.form.get(name, "").strip()
    return v or None


def _int_opt(name: str) -> Optional[int]:
    v = _opt(name)
    if v is None:
        return None
    try:
        return int(v)
    except ValueError:
        raise goc.InvalidInputError("%s: '%s' is not a whole number" % (name, v))


# ---- signing in and out, the password ----

@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    status = 200
    if request.method == "POST":
        try:
            auth.sign_in(request.form.get("login", ""), request.form.get("password", ""))
        except goc.Error as e:  # AuthError, ThrottledError: the library's words
            error = e.message
            status = HTTP_STATUS.get(e.name, 401)
        else:
            return redirect(_safe_next(request.args.get("next", "/")))
    return render_template("login.html", error=error), status


@bp.post("/logout")
def logout() -> Any:
    auth.sign_out()
    return redirect(url_for("pages.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    status = 200
    if request.method == "POST":
        new = request.form.get("new", "")
        if new != request.form.get("new2", ""):
            g.form_error = t("pw_mismatch")
            status = 400
        else:
            try:
                g.db.users.authenticate(g.user.login, request.form.get("old", ""),
                                        address=auth.client_address())
            except goc.ThrottledError as e:
                status = _refused(e)
            except goc.AuthError:
                g.form_error = t("pw_wrong")
                status = 401
            else:
                try:
                    g.db.users.set_password(g.user.login, new)
                except goc.Error as e:
                    status = _refused(e)
                else:
                    flash(t("pw_changed"))
                    return redirect(url_for("pages.home"))
    return _page("password.html", status)


# ---- 我的单位 ----

@bp.get("/")
@login_required
def home() -> Any:
    plan = _plan()
    as_of = _as_of()
    unit = g.user.unit
    rows = list(g.db.reports.dossier(plan, as_of, unit=unit, leaves=True))
    tasks = {tk.code: tk for tk in g.db.tasks.list(plan)}
    now = g.db.reports.period(plan, as_of)
    now_due = g.db.reports.deadline(plan, now)
    # what the unit must still report: the library's reminders (催报) of
    # the unit — periods whose deadline has passed without its report —
    # one entry per task, oldest period first
    due: Dict[str, List[Any]] = {}
    for r in g.db.reports.reminders(plan, as_of, unit=unit):
        if r.kind is goc.ReminderKind.MISSING:
            due.setdefault(r.task, []).append(r)
    due_now = list(due.values())
    reports = list(g.db.reports.list(plan, unit=unit))[-10:][::-1]
    kpis = {k.code: k for k in g.db.kpis.list(plan)}
    # the rows the unit answers for: the library's rule (goc_kpi_evaluate_unit)
    kpi_rows = list(g.db.kpis.evaluate_unit(plan, unit, as_of))
    orgs = list(g.db.orgs.list(unit=unit))
    return _page("home.html", plan=plan, plans=_plans(), as_of=as_of, rows=rows,
                 tasks=tasks, period=now, period_due=now_due, due_now=due_now, reports=reports,
                 kpis=kpis, kpi_rows=kpi_rows, orgs=orgs)


# ---- 填报进展 ----

@bp.route("/report", methods=["GET", "POST"])
@login_required
def report() -> Any:
    plan = _plan()
    code = request.values.get("task", "")
    task = g.db.tasks.get(plan, code)
    as_of = _today()
    rows = list(g.db.reports.dossier(plan, as_of, unit=g.user.unit, task=code))
    row = rows[0] if rows else None
    status = 200
    if request.method == "POST":
        try:
            rid = g.db.reports.submit(
                plan, code, request.form.get("period", ""), _form_date(),
                request.form.get("status", ""), percent=_int_opt("percent"),
                text=_opt("text"), evidence=_opt("evidence"))
        except goc.Error as e:
            status = _refused(e)
        else:
            flash(t("report_saved", rid))
            return redirect(url_for("pages.home", plan=plan))
    period = request.form.get("period") or (
        row.missing_periods[-1] if row and row.missing_periods else g.db.reports.period(plan, as_of))
    return _page("report.html", status, plan=plan, task=task, row=row, period=period,
                 statuses=list(goc.TaskStatus))


# ---- organizations ----

@bp.get("/orgs")
@login_required
def orgs() -> Any:
    f = request.args
    mine = f.get("mine") == "1"
    rows = list(g.db.orgs.list(zone=f.get("zone") or None, stage=f.get("stage") or None,
                               category=f.get("category") or None,
                               unit=g.user.unit if mine else None))
    return _page("orgs.html", rows=rows, mine=mine, zones=_zones().values(),
                 stages=list(goc.Stage), categories=list(goc.Category))


def _org_page(id: int, status: int = 200) -> Any:
    org = g.db.orgs.get(id)
    return _page("org.html", status, org=org, history=list(g.db.orgs.history(id)),
                 reviews=list(g.db.orgs.reviews(id)),
                 requests=list(g.db.orgs.review_requests(id, pending=False)),
                 next_stages=[s for s in goc.Stage if org.stage.can_move_to(s)],
                 outcomes=list(goc.ReviewOutcome))


@bp.get("/orgs/<int:id>")
@login_required
def org(id: int) -> Any:
    return _org_page(id)


@bp.post("/orgs/<int:id>/<what>")
@login_required
def org_write(id: int, what: str) -> Any:
    note = _opt("note")
    try:
        if what == "stage":
            g.db.orgs.set_stage(id, request.form.get("stage", ""), _form_date(), note=note)
        elif what == "review":
            g.db.orgs.review(id, request.form.get("outcome", ""), _form_date(), note=note)
        elif what == "request":
            g.db.orgs.request_review(id, _form_date(), note=note)
        elif what == "hq":
            g.db.orgs.set_hq(id, _form_date(), note=note)
        else:
            abort(404)
    except goc.NotFoundError:
        raise
    except goc.Error as e:
        return _org_page(id, _refused(e))
    flash(t("saved"))
    return redirect(url_for("pages.org", id=id))


@bp.route("/orgs/new", methods=["GET", "POST"])
@login_required
def org_new() -> Any:
    status = 200
    if request.method == "POST":
        try:
            id = g.db.orgs.create(
                request.form.get("name_zh", ""), request.form.get("category", ""),
                _form_date(), name_en=_opt("name_en"), origin=_opt("origin"),
                zone=_opt("zone"), unit=g.user.unit, notes=_opt("notes"))
        except goc.Error as e:
            status = _refused(e)
        else:
            flash(t("saved"))
            return redirect(url_for("pages.org", id=id))
    return _page("org_new.html", status, zones=_zones().values(),
                 categories=list(goc.Category), origins=list(goc.Origin))


# ---- events, partners, experts ----

def _activity(kind: str) -> Any:
    mine = request.args.get("mine") == "1"
    unit = g.user.unit if mine else None
    status = 200
    if request.method == "POST":
        try:
            if kind == "events":
                g.db.events.create(
                    request.form.get("title_zh", ""), _form_date(),
                    request.form.get("kind", ""), g.user.unit, title_en=_opt("title_en"),
                    zone=_opt("zone"), international=bool(request.form.get("international")),
                    large=bool(request.form.get("large")), notes=_opt("notes"))
            elif kind == "partners":
                g.db.partners.create(
                    request.form.get("name_zh", ""), request.form.get("kind", ""),
                    g.user.unit, _form_date(), name_en=_opt("name_en"),
                    contact=_opt("contact"), notes=_opt("notes"))
            else:
                g.db.experts.create(
                    request.form.get("name", ""), g.user.unit, _form_date(),
                    field=_opt("field"), affiliation=_opt("affiliation"),
                    notes=_opt("notes"))
        except goc.Error as e:
            status = _refused(e)
        else:
            flash(t("saved"))
            return redirect(url_for("pages." + kind))
    area = getattr(g.db, kind)
    rows = list(area.list(unit=unit))[::-1]
    kinds = {"events": list(goc.EventKind), "partners": list(goc.PartnerKind),
             "experts": []}[kind]
    return _page(kind + ".html", status, rows=rows, mine=mine, kinds=kinds,
                 zones=_zones().values())


@bp.route("/events", methods=["GET", "POST"])
@login_required
def events() -> Any:
    return _activity("events")


@bp.route("/partners", methods=["GET", "POST"])
@login_required
def partners() -> Any:
    return _activity("partners")


@bp.route("/experts", methods=["GET", "POST"])
@login_required
def experts() -> Any:
    return _activity("experts")


# ---- the battle map and the scorecard ----

@bp.get("/map")
@login_required
def battle_map() -> Any:
    """The battle map, laid out from the library's lists: the scorecard by
    zone, the KPI rows, every unit's dossier (the units × tasks matrix and
    the overdue tasks).  The same data as ``goc report scorecard --format
    html`` (tools/goc/html.c), as a page of this site (no inline script or
    style, which the service's Content-Security-Policy forbids)."""
    plan = _plan()
    as_of = _as_of()
    zones = [s for s in g.db.scorecard(plan, as_of, "zone") if s.key is not None]
    kpis = {k.code: k for k in g.db.kpis.list(plan)}
    kpi_rows = list(g.db.kpis.evaluate(plan, as_of))
    # zone quotas against actual: the zone-scoped KPI rows (of the as-of
    # year for annual KPIs), as the goc tool's battle map shows them
    zone_rows = [r for r in kpi_rows if r.kpi in kpis and kpis[r.kpi].scope == goc.Scope.ZONE
                 and (r.year is None or r.year == min(as_of.year, max(
                     (x.year or 0) for x in kpi_rows)))]
    dossier = list(g.db.reports.dossier(plan, as_of, leaves=True))
    tasks = {tk.code: tk for tk in g.db.tasks.list(plan)}
    task_codes: List[str] = []
    cells: Dict[str, Dict[str, Any]] = {}
    overdue: Dict[str, List[Any]] = {}
    for r in dossier:
        if r.task not in task_codes:
            task_codes.append(r.task)
        cells.setdefault(r.unit, {})[r.task] = r
        if r.overdue:
            overdue.setdefault(r.task, []).append(r)
    task_codes.sort(key=lambda c: list(tasks).index(c) if c in tasks else 0)
    return _page("map.html", plan=plan, plans=_plans(), as_of=as_of, zones=zones,
                 zone_rows=zone_rows, trend=_trend(plan, as_of),
                 kpis=kpis, kpi_rows=kpi_rows, tasks=tasks, task_codes=task_codes,
                 cells=cells, overdue=overdue, statuses=list(goc.KpiStatus),
                 task_statuses=list(goc.TaskStatus))


def _trend(plan: str, as_of: datetime.date) -> Optional[Dict[str, Any]]:
    """The overall score at every quarter end from the plan's start to the
    as-of date (the library's series, ``goc_score_series()``), laid out as
    an inline SVG line chart: no script, no style attribute."""
    start = g.db.plans.get(plan).start
    if start is None or start > as_of:
        return None
    try:
        points = [s for s in g.db.kpis.score_series(plan, start, as_of, "quarter")
                  if s.key is None]
    except goc.InvalidInputError:  # no quarter end yet
        return None
    if not points:
        return None
    w, h, left, top, bottom, right = 640, 220, 46, 16, 34, 30
    pw, ph = w - left - right, h - top - bottom
    n = len(points)
    out = []
    for i, s in enumerate(points):
        x = left + (pw * i / (n - 1) if n > 1 else pw / 2)
        d = s.as_of
        q = "%d Q%d" % (d.year, (d.month - 1) // 3 + 1)
        y = None if s.value is None else top + ph - ph * s.value
        out.append({"x": round(x, 1), "y": None if y is None else round(y, 1), "label": q,
                    "date": d.isoformat(), "value": s.value, "status": s.status})
    grid = [{"y": top + ph - ph * g_ / 4, "label": "%d%%" % (25 * g_)} for g_ in range(5)]
    line = " ".join("%s,%s" % (p["x"], p["y"]) for p in out if p["y"] is not None)
    step = max(1, (n + 7) // 8)
    return {"w": w, "h": h, "left": left, "right": left + pw, "base": top + ph, "grid": grid,
            "points": out, "line": line, "label_every": step}


def _score_rows(plan: str, as_of: datetime.date, by: str) -> List["goc.Score"]:
    return list(g.db.scorecard(plan, as_of, by))


SCORE_COLUMNS = ("key", "name", "status", "value", "actual", "target", "rows", "tasks",
                 "leads", "overdue", "missing_reports")


def _score_table(rows: List["goc.Score"]) -> List[List[Any]]:
    head = [t("id"), t("name"), t("status"), t("value"), t("actual"), t("target"), t("rows"),
            t("tasks"), t("leads"), t("overdue"), t("missing_reports")]
    out: List[List[Any]] = [head]
    for s in rows:
        out.append([s.key or "", _name(s) if s.key else t("total"),
                    i18n.label(s.status) if s.status else "",
                    "" if s.value is None else round(s.value, 4), s.actual, s.target,
                    s.rows, s.tasks, s.leads, s.overdue, s.missing_reports])
    return out


@bp.get("/scorecard")
@login_required
def scorecard() -> Any:
    plan = _plan()
    as_of = _as_of()
    by = request.args.get("by", "plan")
    goc.ScoreBy.to_c(by)  # the library's message for an unknown grouping
    rows = _score_rows(plan, as_of, by)
    return _page("scorecard.html", plan=plan, plans=_plans(), as_of=as_of, by=by,
                 rows=rows, bys=list(goc.ScoreBy), xlsx=_have_xlsx())


def _have_xlsx() -> bool:
    try:
        import openpyxl  # noqa: F401  (Debian python3-openpyxl)
    except ImportError:
        return False
    return True


@bp.get("/scorecard.<fmt>")
@login_required
def scorecard_download(fmt: str) -> Any:
    plan = _plan()
    as_of = _as_of()
    by = request.args.get("by", "plan")
    table = _score_table(_score_rows(plan, as_of, by))
    name = "scorecard-%s-%s-%s" % (plan, by, as_of.isoformat())
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows(table)
        # with a byte order mark: Excel on a Chinese system then reads UTF-8
        body = "\ufeff" + buf.getvalue()
        return Response(body.encode("utf-8"), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="%s.csv"' % name})
    if fmt == "xlsx" and _have_xlsx():
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = by
        for row in table:
            ws.append(row)
        buf2 = io.BytesIO()
        wb.save(buf2)
        return Response(buf2.getvalue(),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="%s.xlsx"' % name})
    abort(404)


# ---- administration ----

def _admin_page(template: str, status: int = 200, **ctx: Any) -> Any:
    return _page(template, status, **ctx)


@bp.before_request
def _guard_admin() -> None:
    if request.path.startswith("/admin/") and g.get("user") is not None:
        _admin_only()


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def admin_users() -> Any:
    status = 200
    if request.method == "POST":
        op = request.form.get("op")
        login = request.form.get("login", "")
        try:
            if op == "add":
                g.db.users.add(login, request.form.get("password", ""),
                               name=request.form.get("name", ""),
                               unit=request.form.get("unit", ""),
                               phone=_opt("phone"), email=_opt("email"))
            elif op == "disable":
                g.db.users.disable(login)
            elif op == "enable":
                g.db.users.enable(login)
            elif op == "password":
                g.db.users.set_password(login, request.form.get("password", ""))
            else:
                abort(400)
        except goc.Error as e:
            status = _refused(e)
        else:
            flash(t("saved"))
            return redirect(url_for("pages.admin_users"))
    return _admin_page("admin_users.html", status, users=list(g.db.users.list()),
                       units=_units().values())


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def my_tokens() -> Any:
    """The person's own API tokens (the library lets her list, make and revoke them)."""
    return _tokens(g.user.login, "pages.my_tokens")


@bp.route("/admin/users/<login>/tokens", methods=["GET", "POST"])
@login_required
def admin_tokens(login: str) -> Any:
    return _tokens(login, "pages.admin_tokens")


def _tokens(login: str, endpoint: str) -> Any:
    status = 200
    shown = None
    if request.method == "POST":
        try:
            if request.form.get("op") == "revoke":
                g.db.users.revoke_token(int(request.form.get("id", "0")))
                flash(t("saved"))
                return redirect(url_for(endpoint, login=login) if endpoint == "pages.admin_tokens"
                                else url_for(endpoint))
            shown, _info = g.db.users.add_token(login, request.form.get("label", ""),
                                                expires=_opt("expires"))
        except goc.Error as e:
            status = _refused(e)
    user = g.db.users.get(login)
    return _admin_page("admin_tokens.html", status, user=user, shown=shown,
                       tokens=list(g.db.users.tokens(login)),
                       own=endpoint == "pages.my_tokens")


@bp.route("/admin/units", methods=["GET", "POST"])
@login_required
def admin_units() -> Any:
    status = 200
    if request.method == "POST":
        code = request.form.get("unit", "")
        try:
            g.db.units.set_access(code, request.form.get("access", ""))
            g.db.units.set_reviewer(code, bool(request.form.get("reviewer")))
        except goc.Error as e:
            status = _refused(e)
        else:
            flash(t("saved"))
            return redirect(url_for("pages.admin_units"))
    rows = [(u, g.db.units.access(u.code), g.db.units.is_reviewer(u.code))
            for u in _units().values()]
    return _admin_page("admin_units.html", status, rows=rows, accesses=list(goc.Access))


AUDIT_PAGE = 50


@bp.route("/admin/audit", methods=["GET", "POST"])
@login_required
def admin_audit() -> Any:
    status = 200
    verified = None
    if request.method == "POST":
        try:
            verified = g.db.audit.verify()
        except goc.Error as e:
            status = _refused(e)
    f = request.args
    head, _hash = g.db.audit.head()
    before = int(f.get("before") or head + 1)
    outcome = f.get("outcome") or None
    try:
        rows = list(g.db.audit.list(actor=f.get("actor") or None,
                                    action=f.get("action") or None, outcome=outcome,
                                    after_seq=max(0, before - 1 - AUDIT_PAGE)))
    except goc.Error as e:
        status = _refused(e)
        rows = []
    rows = [r for r in rows if r.seq < before][::-1]
    return _admin_page("admin_audit.html", status, rows=rows, verified=verified,
                       before=before, older=rows[-1].seq if rows and rows[-1].seq > 1 else None)
