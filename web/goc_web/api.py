"""The HTTP API under /api/v1/: JSON in and out (docs/openapi.yaml).

Each route asks the library through ``g.db`` (the worker's database acting
as the signed-in person) and returns what it answers; errors become
``application/problem+json`` in :mod:`goc_web.security`.  JSON field names
are the Python records' attribute names (``goc.Org.name_zh`` is
``name_zh``); dates are ``YYYY-MM-DD``; enumerations their text values.

The web layer decides nothing: who may write what, every number, every
list and every message comes from the library.  What it does itself: read
the JSON body (400 for malformed JSON, invalid UTF-8, a field that is
unknown or of the wrong JSON type), and cache scorecards keyed by the
database's data version (:func:`scorecard`), so that a scorecard is
computed once per change of the database, never served stale.
"""
from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import math
import os
import tempfile
import threading
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

import goc
from flask import Blueprint, Response, current_app, g, json, jsonify, request
from flask_wtf.csrf import generate_csrf

from . import auth
from .auth import login_required
from .security import problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")


# ---- output: records to JSON ----

def jsonable(v: Any) -> Any:
    """A record (frozen dataclass), list, enum, date … as JSON values:
    dataclass fields by name, enums by their text, dates ISO 8601, tuples
    as lists, a non-finite float as null."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: jsonable(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, datetime.datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {(k.value if isinstance(k, enum.Enum) else str(k)): jsonable(x)
                for k, x in v.items()}
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def out(v: Any, status: int = 200) -> Response:
    resp = jsonify(jsonable(v))
    resp.status_code = status
    return resp


def bad_request(detail: str) -> Response:
    return problem(400, "Bad Request", detail, "GOC_EINVAL")


class BadInput(Exception):
    """A request that the web layer refuses before asking the library (400)."""


@bp.errorhandler(BadInput)
def _bad_input(e: BadInput) -> Response:
    return bad_request(str(e))


# ---- input: the JSON body and the query ----

_JSON_TYPES: Dict[type, str] = {str: "a string", int: "an integer", bool: "true or false",
                                float: "a number", list: "an array"}


def read_body(fields: Mapping[str, Tuple[type, bool]]) -> Dict[str, Any]:
    """The request's JSON object, checked against ``fields`` (name ->
    (type, required)): UTF-8, valid JSON, an object, no unknown field,
    each of its JSON type (null = not given).  BadInput naming the field
    otherwise; the library checks the values themselves."""
    ctype = request.mimetype
    if ctype != "application/json":
        raise BadInput("the body must be JSON (Content-Type: application/json), not %r"
                       % (request.content_type or "nothing"))
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadInput("body: invalid UTF-8 at byte %d" % e.start) from None
    try:
        data = json.loads(text)
    except ValueError as e:
        raise BadInput("body: malformed JSON: %s" % e) from None
    if not isinstance(data, dict):
        raise BadInput("body: expected a JSON object, not %s" % type(data).__name__)
    for k in data:
        if k not in fields:
            raise BadInput("%s: unknown field (known: %s)" % (k, ", ".join(sorted(fields))))
    for k, v in data.items():
        _check_text(k, v)
    got: Dict[str, Any] = {}
    for name, (typ, required) in fields.items():
        v = data.get(name)
        if v is None:
            if required:
                raise BadInput("%s: required" % name)
            continue
        ok = isinstance(v, typ) and not (typ in (int, float) and isinstance(v, bool))
        if typ is float and isinstance(v, int) and not isinstance(v, bool):
            ok = True
        if typ is list:
            ok = isinstance(v, list) and all(isinstance(x, (str, int)) and
                                             not isinstance(x, bool) for x in v)
        if not ok:
            raise BadInput("%s: expected %s, not %s" % (name, _JSON_TYPES[typ],
                                                       json.dumps(v, ensure_ascii=False)[:40]))
        got[name] = v
    return got


def _check_text(name: str, v: Any) -> None:
    """A JSON string escape can name a lone surrogate ("\\ud800"), which is
    no character and cannot be UTF-8: refuse it, naming the field."""
    for i, x in enumerate(v if isinstance(v, list) else [v]):
        if isinstance(x, str):
            try:
                x.encode("utf-8")
            except UnicodeEncodeError as e:
                where = name if not isinstance(v, list) else "%s[%d]" % (name, i)
                raise BadInput("%s: invalid UTF-8: a lone surrogate U+%04X at character %d"
                               % (where, ord(x[e.start]), e.start)) from None


def arg(name: str) -> Optional[str]:
    v = request.args.get(name)
    return v if v not in (None, "") else None


def arg_int(name: str) -> Optional[int]:
    v = arg(name)
    if v is None:
        return None
    try:
        return int(v, 10)
    except ValueError:
        raise BadInput("%s: expected an integer, not %r" % (name, v)) from None


def arg_bool(name: str) -> Optional[bool]:
    v = arg(name)
    if v is None:
        return None
    if v in ("1", "true", "yes"):
        return True
    if v in ("0", "false", "no"):
        return False
    raise BadInput("%s: expected true or false, not %r" % (name, v))


def plan_arg() -> str:
    """The ``plan`` query parameter; when left out, the database's only plan."""
    p = arg("plan")
    if p is not None:
        return p
    plans = [x.code for x in g.db.plans.list()]
    if len(plans) == 1:
        return plans[0]
    raise BadInput("plan: required (the database holds %d plans)" % len(plans))


def as_of_arg() -> str:
    """The ``as_of`` query parameter (the library checks it); default today."""
    return arg("as_of") or datetime.date.today().isoformat()


# ---- the service and the session ----

@bp.get("/")
def index() -> Any:
    """The service: library version and schema (no identity needed)."""
    return jsonify(service="goc-web", libgoc=goc.version(),
                   schema=g.db.schema_version, max_body=current_app.config["MAX_CONTENT_LENGTH"])


def _me() -> Dict[str, Any]:
    u = g.user
    d = {"login": u.login, "name": u.name, "unit": u.unit, "phone": u.phone,
         "email": u.email, "via": "token" if g.via_token else "session"}
    if not g.via_token:
        d["csrf_token"] = generate_csrf()
    return d


@bp.post("/session")
def session_create() -> Any:
    """Sign in with a login and a password: a session cookie, and the CSRF
    token that the cookie's unsafe requests carry (X-CSRFToken)."""
    body = read_body({"login": (str, True), "password": (str, True)})
    user = auth.sign_in(body["login"], body["password"])  # AuthError 401, ThrottledError 429
    g.user = user
    g.via_token = False
    return out(_me())


@bp.delete("/session")
def session_delete() -> Any:
    """Sign out (the session cookie is cleared)."""
    auth.sign_out()
    return Response(status=204)


@bp.get("/me")
@login_required
def me() -> Any:
    """Who the request acts as."""
    return out(_me())


# ---- the register ----

@bp.get("/units")
@login_required
def units() -> Any:
    return out(list(g.db.units.list(kind=arg("kind"))))


@bp.get("/zones")
@login_required
def zones() -> Any:
    return out(list(g.db.zones.list()))


# ---- plans and tasks ----

def _responsibilities(plan: str) -> Dict[str, List[Any]]:
    """Who answers for each task of the plan (the library's matrix: groups
    expanded, inheritance applied), by task code."""
    by_task: Dict[str, List[Any]] = {}
    for a in g.db.plans.matrix(plan):
        by_task.setdefault(a.task, []).append(
            {"unit": a.party, "role": a.role.value, "via_group": a.via_group,
             "inherited_from": a.inherited_from})
    return by_task


def _task(t: goc.Task, resp: Dict[str, List[Any]]) -> Dict[str, Any]:
    d = jsonable(t)
    d["units"] = resp.get(t.code, [])
    return d


@bp.get("/plans")
@login_required
def plans() -> Any:
    return out(list(g.db.plans.list()))


@bp.get("/plans/<plan>")
@login_required
def plan_get(plan: str) -> Any:
    d = jsonable(g.db.plans.get(plan))
    d["goals"] = jsonable(list(g.db.goals.list(plan)))
    return out(d)


@bp.get("/plans/<plan>/tree")
@login_required
def plan_tree(plan: str) -> Any:
    """The plan's task tree: sections, their special tasks and work items,
    each with who answers for it."""
    g.db.plans.get(plan)  # 404 for an unknown plan
    resp = _responsibilities(plan)
    nodes: Dict[str, Dict[str, Any]] = {}
    roots: List[Dict[str, Any]] = []
    for t in g.db.tasks.list(plan):
        d = _task(t, resp)
        d["children"] = []
        nodes[t.code] = d
        parent = nodes.get(t.parent) if t.parent else None
        (parent["children"] if parent is not None else roots).append(d)
    return out({"plan": plan, "tasks": roots})


@bp.get("/plans/<plan>/tasks")
@login_required
def plan_tasks(plan: str) -> Any:
    """The plan's tasks in tree order (filters: parent, level, status, unit,
    overdue_as_of), each with who answers for it."""
    g.db.plans.get(plan)
    rows = list(g.db.tasks.list(plan, parent=request.args.get("parent"), level=arg("level"),
                                status=arg("status"), unit=arg("unit"),
                                overdue_as_of=arg("overdue_as_of")))
    resp = _responsibilities(plan)
    return out([_task(t, resp) for t in rows])


@bp.get("/plans/<plan>/tasks/<code>")
@login_required
def task_get(plan: str, code: str) -> Any:
    t = g.db.tasks.get(plan, code)
    d = jsonable(t)
    d["units"] = [{"unit": a.party, "role": a.role.value, "via_group": a.via_group,
                   "inherited_from": a.inherited_from}
                  for a in g.db.tasks.units(plan, code, expand=True, inherit=True)]
    d["assignments"] = jsonable(list(g.db.tasks.units(plan, code)))
    return out(d)


@bp.get("/plans/<plan>/kpis")
@login_required
def plan_kpis(plan: str) -> Any:
    """The plan's KPI definitions."""
    g.db.plans.get(plan)
    return out(list(g.db.kpis.list(plan)))


# ---- KPIs and scorecards ----

@bp.get("/kpis")
@login_required
def kpi_rows() -> Any:
    """The KPI rows as of a date (one per KPI, member and year)."""
    plan = plan_arg()
    as_of = as_of_arg()
    rows = list(g.db.kpis.evaluate(plan, as_of, kpi=arg("kpi")))
    return out({"plan": plan, "as_of": as_of, "rows": rows})


#: Scorecards computed by this process: (database, plan, as_of, by) ->
#: (data version, JSON bytes), the most recently used last.
_score_cache: "OrderedDict[Tuple[str, str, str, str], Tuple[int, bytes]]" = OrderedDict()
_score_lock = threading.Lock()
SCORE_CACHE_SIZE = 64


def _cache_dir() -> Optional[str]:
    """The directory the workers share scorecards through (config
    GOC_WEB_CACHE_DIR; default: DB.web-cache next to the database; "" for
    none)."""
    d = current_app.config.get("GOC_WEB_CACHE_DIR")
    if d is None:
        d = current_app.config["GOC_DB"] + ".web-cache"
    return d or None


def _cache_file(d: str, version: int, plan: str, as_of: str, by: str) -> str:
    digest = hashlib.sha256("\0".join((plan, as_of, by)).encode("utf-8")).hexdigest()[:32]
    return os.path.join(d, "%016x-%s.json" % (version, digest))


def _shared_get(version: int, plan: str, as_of: str, by: str) -> Optional[bytes]:
    d = _cache_dir()
    if d is None:
        return None
    try:
        with open(_cache_file(d, version, plan, as_of, by), "rb") as f:
            return f.read()
    except OSError:
        return None


def _shared_put(version: int, plan: str, as_of: str, by: str, data: bytes) -> None:
    """Keep the scorecard for the other workers (written to a temporary
    file and renamed: a reader sees all of it or nothing); files of other
    versions are removed (a version never comes back)."""
    d = _cache_dir()
    if d is None:
        return
    try:
        os.makedirs(d, mode=0o700, exist_ok=True)
        path = _cache_file(d, version, plan, as_of, by)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        keep = "%016x-" % version
        for name in os.listdir(d):
            if name.endswith(".json") and not name.startswith(keep):
                try:
                    os.unlink(os.path.join(d, name))
                except OSError:
                    pass
    except OSError:
        pass  # a cache that cannot be written is only slower


def scorecard_bytes(plan: str, as_of: str, by: str) -> bytes:
    """The scorecard as JSON bytes, from a cache when the database's data
    version (``db.data_version``: it changes with every committed change,
    from any connection) is the one it was computed at; computed and kept
    otherwise.  A write therefore always shows in the next scorecard.

    Two levels: this worker's memory, then a file shared by the workers
    (:func:`_cache_dir`), so that after a change one worker computes the
    scorecard and the others read it."""
    db = g.db
    version = db.data_version
    key = (db.path, plan, as_of, by)
    with _score_lock:
        hit = _score_cache.get(key)
        if hit is not None and hit[0] == version:
            _score_cache.move_to_end(key)
            return hit[1]
    data = _shared_get(version, plan, as_of, by)
    if data is None:
        rows = list(db.scorecard(plan, as_of, by))
        data = json.dumps({"plan": plan, "as_of": as_of, "by": by, "rows": jsonable(rows)},
                          ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")
        # under the version read before computing: a change committed
        # meanwhile is in the data or not, but the next request reads a
        # new version, so an entry is never older than its key
        _shared_put(version, plan, as_of, by, data)
    with _score_lock:
        _score_cache[key] = (version, data)
        _score_cache.move_to_end(key)
        while len(_score_cache) > SCORE_CACHE_SIZE:
            _score_cache.popitem(last=False)
    return data


@bp.get("/scorecard")
@login_required
def scorecard() -> Any:
    """The plan's scorecard as of a date, by plan (one row per KPI), section,
    zone or unit; the last row is the total."""
    plan = plan_arg()
    as_of = as_of_arg()
    by = arg("by") or "plan"
    return Response(scorecard_bytes(plan, as_of, by), mimetype="application/json")


def bench_static() -> Any:
    """Benchmark only (GOC_WEB_BENCH=1): the bytes of the last scorecard
    served for these parameters, straight from memory: the ceiling the
    scorecard route is measured against (bench/web)."""
    plan, as_of, by = plan_arg(), as_of_arg(), arg("by") or "plan"
    with _score_lock:
        hit = _score_cache.get((g.db.path, plan, as_of, by))
    data = hit[1] if hit is not None else scorecard_bytes(plan, as_of, by)
    return Response(data, mimetype="application/json")


# ---- progress reports, dossier, overdue and missing ----

@bp.get("/reports")
@login_required
def reports() -> Any:
    plan = plan_arg()
    return out(list(g.db.reports.list(plan, task=arg("task"), unit=arg("unit"),
                                      period=arg("period"),
                                      include_superseded=bool(arg_bool("include_superseded")))))


@bp.get("/reports/latest")
@login_required
def reports_latest() -> Any:
    """The latest report of each task and unit (as the record stood on
    ``as_of``, when given)."""
    plan = plan_arg()
    return out(list(g.db.reports.latest(plan, arg("as_of"))))


@bp.get("/reports/<int:id>")
@login_required
def report_get(id: int) -> Any:
    return out(g.db.reports.get(id))


REPORT_FIELDS = {"plan": (str, False), "task": (str, True), "period": (str, True),
                 "date": (str, True), "status": (str, True), "unit": (str, False),
                 "percent": (int, False), "text": (str, False), "evidence": (str, False),
                 "supersedes": (int, False)}


@bp.post("/reports")
@login_required
def report_submit() -> Any:
    """Submit a progress report (unit: the person's unit unless given)."""
    b = read_body(REPORT_FIELDS)
    plan = b.pop("plan", None) or plan_arg()
    id = g.db.reports.submit(plan, b.pop("task"), b.pop("period"), b.pop("date"),
                             b.pop("status"), **b)
    return out(g.db.reports.get(id), 201)


def _dossier() -> Tuple[str, str, List[goc.DossierRow]]:
    plan = plan_arg()
    as_of = as_of_arg()
    rows = list(g.db.reports.dossier(plan, as_of, unit=arg("unit"), task=arg("task"),
                                     leaves=bool(arg_bool("leaves"))))
    return plan, as_of, rows


@bp.get("/dossier")
@login_required
def dossier() -> Any:
    """The library's dossier rows: per unit and task it answers for, its
    role, latest report as of the date, overdue flag, missing quarters."""
    plan, as_of, rows = _dossier()
    return out({"plan": plan, "as_of": as_of, "rows": rows})


@bp.get("/overdue")
@login_required
def overdue() -> Any:
    """The dossier rows whose task is overdue as of the date."""
    plan, as_of, rows = _dossier()
    return out({"plan": plan, "as_of": as_of, "rows": [r for r in rows if r.overdue]})


@bp.get("/missing")
@login_required
def missing() -> Any:
    """Missing reports: the dossier rows with quarters lacking a report as
    of the date; with ``period``, the units that have not reported on a
    leaf task in that period (``goc_report_missing()``)."""
    period = arg("period")
    if period is not None:
        plan = plan_arg()
        return out({"plan": plan, "period": period,
                    "rows": list(g.db.reports.missing(plan, period))})
    plan, as_of, rows = _dossier()
    return out({"plan": plan, "as_of": as_of, "rows": [r for r in rows if r.missing_periods]})


@bp.get("/reminders")
@login_required
def reminders() -> Any:
    """Reminders (催报) as of a date, grouped by unit with its contact: the
    library's list (``goc_reminder_list()``), of every unit or of ``unit``.
    Read like the dossier: by every signed-in person."""
    plan = plan_arg()
    as_of = as_of_arg()
    rows = list(g.db.reports.reminders(plan, as_of, unit=arg("unit")))
    return out({"plan": plan, "as_of": as_of, "rows": rows})


# ---- organizations ----

@bp.get("/orgs")
@login_required
def orgs() -> Any:
    return out(list(g.db.orgs.list(zone=arg("zone"), unit=arg("unit"), stage=arg("stage"),
                                   category=arg("category"), origin=arg("origin"),
                                   hq=arg_bool("hq"))))


def _org(id: int) -> Dict[str, Any]:
    db = g.db
    d = jsonable(db.orgs.get(id))
    d["history"] = jsonable(list(db.orgs.history(id)))
    d["reviews"] = jsonable(list(db.orgs.reviews(id)))
    d["review_requests"] = jsonable(list(db.orgs.review_requests(id, pending=False)))
    d["landed_date"] = jsonable(db.orgs.landed_date(id))
    return d


ORG_FIELDS = {"name_zh": (str, True), "category": (str, True), "date": (str, True),
              "name_en": (str, False), "origin": (str, False), "zone": (str, False),
              "unit": (str, False), "id_scheme": (str, False), "id_value": (str, False),
              "notes": (str, False)}


@bp.post("/orgs")
@login_required
def org_create() -> Any:
    """Register an organization (stage ``target``); unit: the person's unit
    unless given."""
    b = read_body(ORG_FIELDS)
    b.setdefault("unit", g.user.unit)
    id = g.db.orgs.create(b.pop("name_zh"), b.pop("category"), b.pop("date"), **b)
    return out(_org(id), 201)


@bp.get("/orgs/<int:id>")
@login_required
def org_get(id: int) -> Any:
    """An organization with its stage history, risk reviews, review
    requests and landing date."""
    return out(_org(id))


@bp.get("/orgs/<int:id>/history")
@login_required
def org_history(id: int) -> Any:
    g.db.orgs.get(id)
    return out(list(g.db.orgs.history(id)))


@bp.post("/orgs/<int:id>/stage")
@login_required
def org_stage(id: int) -> Any:
    """Move an organization to another stage on a date."""
    b = read_body({"stage": (str, True), "date": (str, True), "unit": (str, False),
                   "note": (str, False)})
    g.db.orgs.set_stage(id, b["stage"], b["date"], unit=b.get("unit"), note=b.get("note"))
    return out(_org(id))


@bp.post("/orgs/<int:id>/review")
@login_required
def org_review(id: int) -> Any:
    """Record a risk review (reviewing units and administrators only: the
    library decides)."""
    b = read_body({"outcome": (str, True), "date": (str, True), "unit": (str, False),
                   "note": (str, False)})
    g.db.orgs.review(id, b["outcome"], b["date"], unit=b.get("unit"), note=b.get("note"))
    return out(_org(id), 201)


@bp.post("/orgs/<int:id>/review-request")
@login_required
def org_review_request(id: int) -> Any:
    """Ask the reviewing units for a risk review."""
    b = read_body({"date": (str, True), "note": (str, False)})
    g.db.orgs.request_review(id, b["date"], note=b.get("note"))
    return out(_org(id), 201)


@bp.post("/orgs/<int:id>/hq")
@login_required
def org_hq(id: int) -> Any:
    """Record the regional-headquarters milestone."""
    b = read_body({"date": (str, True), "unit": (str, False), "note": (str, False)})
    g.db.orgs.set_hq(id, b["date"], unit=b.get("unit"), note=b.get("note"))
    return out(_org(id))


# ---- partners, experts, events ----

def _activity_args() -> Dict[str, Any]:
    return {"unit": arg("unit"), "since": arg("since"), "until": arg("until")}


@bp.get("/partners")
@login_required
def partners() -> Any:
    return out(list(g.db.partners.list(kind=arg("kind"), **_activity_args())))


@bp.get("/partners/<int:id>")
@login_required
def partner_get(id: int) -> Any:
    return out(g.db.partners.get(id))


@bp.post("/partners")
@login_required
def partner_create() -> Any:
    b = read_body({"name_zh": (str, True), "kind": (str, True), "date": (str, True),
                   "unit": (str, False), "name_en": (str, False), "contact": (str, False),
                   "notes": (str, False)})
    unit = b.pop("unit", None) or g.user.unit
    id = g.db.partners.create(b.pop("name_zh"), b.pop("kind"), unit, b.pop("date"), **b)
    return out(g.db.partners.get(id), 201)


@bp.get("/experts")
@login_required
def experts() -> Any:
    return out(list(g.db.experts.list(**_activity_args())))


@bp.get("/experts/<int:id>")
@login_required
def expert_get(id: int) -> Any:
    return out(g.db.experts.get(id))


@bp.post("/experts")
@login_required
def expert_create() -> Any:
    b = read_body({"name": (str, True), "date": (str, True), "unit": (str, False),
                   "field": (str, False), "affiliation": (str, False), "notes": (str, False)})
    unit = b.pop("unit", None) or g.user.unit
    id = g.db.experts.create(b.pop("name"), unit, b.pop("date"), **b)
    return out(g.db.experts.get(id), 201)


@bp.get("/events")
@login_required
def events() -> Any:
    return out(list(g.db.events.list(zone=arg("zone"), kind=arg("kind"),
                                     international=arg_bool("international"),
                                     large=arg_bool("large"), org=arg_int("org"),
                                     **_activity_args())))


@bp.get("/events/<int:id>")
@login_required
def event_get(id: int) -> Any:
    return out(g.db.events.get(id))


@bp.post("/events")
@login_required
def event_create() -> Any:
    """Record an event, with its co-organizers and related organizations,
    in one transaction."""
    b = read_body({"title_zh": (str, True), "date": (str, True), "kind": (str, True),
                   "unit": (str, False), "title_en": (str, False), "zone": (str, False),
                   "international": (bool, False), "large": (bool, False),
                   "notes": (str, False), "organizers": (list, False), "orgs": (list, False)})
    unit = b.pop("unit", None) or g.user.unit
    organizers = b.pop("organizers", [])
    related = b.pop("orgs", [])
    db = g.db
    with db.transaction():
        id = db.events.create(b.pop("title_zh"), b.pop("date"), b.pop("kind"), unit, **b)
        for u in organizers:
            if not isinstance(u, str):
                raise BadInput("organizers: expected unit codes (strings)")
            db.events.add_organizer(id, u)
        for o in related:
            if not isinstance(o, int):
                raise BadInput("orgs: expected organization ids (integers)")
            db.events.add_org(id, o)
    return out(db.events.get(id), 201)


# ---- the audit trail (administrators) ----

def _admin_only() -> Optional[Response]:
    """None for an administrator (the library's access role of the person's
    unit), else the 403 problem."""
    if g.db.units.access(g.user.unit) == goc.Access.ADMIN:
        return None
    return problem(403, "Forbidden", "the audit trail is for administrators: unit %r has "
                   "access role %r" % (g.user.unit, g.db.units.access(g.user.unit).value),
                   "GOC_EPERM")


AUDIT_LIMIT = 1000


@bp.get("/audit")
@login_required
def audit() -> Any:
    """Audit records in sequence order after ``after_seq`` (filters: actor,
    person, object_kind, object_id, action, outcome), at most ``limit``
    (default and maximum 1000)."""
    refused = _admin_only()
    if refused is not None:
        return refused
    limit = arg_int("limit")
    if limit is None:
        limit = AUDIT_LIMIT
    if not 1 <= limit <= AUDIT_LIMIT:
        raise BadInput("limit: must be 1 to %d, not %d" % (AUDIT_LIMIT, limit))
    person = arg("person")
    rows = []
    cur = g.db.audit.list(actor=request.args.get("actor"), object_kind=arg("object_kind"),
                          object_id=arg("object_id"), action=arg("action"),
                          outcome=arg("outcome"), after_seq=arg_int("after_seq") or 0)
    with cur:
        for r in cur:
            if person is not None and getattr(r, "person", None) != person:
                continue
            rows.append(r)
            if len(rows) >= limit:
                break
    return out(rows)


@bp.get("/audit/verify")
@login_required
def audit_verify() -> Any:
    """Check the audit trail's hash chain: the number of records checked and
    the head (CorruptError -> 500 problem naming the first bad record)."""
    refused = _admin_only()
    if refused is not None:
        return refused
    checked = g.db.audit.verify()
    seq, digest = g.db.audit.head()
    return out({"checked": checked, "head": {"seq": seq, "hash": digest}})


def register_bench(app: Any) -> None:
    """The benchmark's ceiling route (only with GOC_WEB_BENCH=1)."""
    app.add_url_rule("/api/v1/bench/static", "api_bench_static",
                     login_required(bench_static))
