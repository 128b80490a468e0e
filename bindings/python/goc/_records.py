"""Records: small frozen dataclasses copied out of the C records and rows.

A row read from a cursor is only valid until the cursor's next step (the C
rule); every field is copied into one of these objects at once, so they
stay valid for ever, whatever happens to the cursor or the database.

Each class lists, per field, the C accessor it is read with: accessor
``goc_org_name_zh()`` is field ``Org.name_zh`` and so on (see
:data:`ACCESSORS`).
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import _goc_swig as _s
from ._enums import (AuditOutcome, Category, Direction, EventKind, KpiStatus, Measure, Origin,
                     PartnerKind, RequestCategory, Recurrence, ReviewOutcome, Role,
                     Scope, Stage, TaskLevel, TaskStatus, Tristate, UnitKind, Window,
                     ReportCycle, ReminderKind)

__all__ = [
    "Unit", "Group", "Zone", "ZoneFact", "Org", "StageChange", "Review", "ReviewRequest",
    "Plan",
    "Goal", "Task", "Assignment", "Report", "DossierRow", "Partner", "Expert", "Event",
    "Request", "Kpi", "KpiRow", "Score", "AuditRecord", "User", "TokenInfo", "Reminder",
]

Date = datetime.date


# ---- converters from C values ----

def _date(s: Optional[str]) -> Optional[Date]:
    return None if s is None else datetime.date.fromisoformat(s)


def _tristate(n: int) -> Optional[bool]:
    """GOC_ANY → None (no filter), GOC_YES → True, GOC_NO → False."""
    return {Tristate.ANY: None, Tristate.YES: True, Tristate.NO: False}[Tristate.from_c(n)]


def _bool(n: int) -> bool:
    return bool(n)


def _none_if(sentinel: Any) -> Callable[[Any], Any]:
    def conv(v: Any) -> Any:
        return None if v == sentinel else v
    return conv


_none_if_zero = _none_if(0)
_none_if_minus1 = _none_if(-1)
_no_max = _none_if(float(_s.GOC_NO_MAX))


# ---- the records ----

@dataclass(frozen=True, slots=True)
class Unit:
    """A responsible unit (责任单位): ``goc_unit``."""
    code: str
    name_zh: str
    name_en: Optional[str]
    kind: UnitKind
    contact: Optional[str] = None  #: the contact person (联系人), for reminders
    phone: Optional[str] = None
    email: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Group:
    """A unit group (各管理局 …): ``goc_group``; member_count as when read."""
    code: str
    name_zh: str
    name_en: Optional[str]
    member_count: int


@dataclass(frozen=True, slots=True)
class Zone:
    """A zone (集聚区): ``goc_zone``; focus None for a general zone."""
    code: str
    name_zh: str
    name_en: Optional[str]
    focus: Optional[Category]
    bureau: Optional[str]


@dataclass(frozen=True, slots=True)
class ZoneFact:
    """A zone's facts in force on a date: ``goc_zone_fact``."""
    zone: str
    date: Date
    office_space: bool
    contact: Optional[str]


@dataclass(frozen=True, slots=True)
class Org:
    """An international economic organization (国际经济组织): ``goc_org``."""
    id: int
    name_zh: str
    name_en: Optional[str]
    category: Category
    origin: Origin
    zone: Optional[str]
    unit: Optional[str]
    id_scheme: Optional[str]
    id_value: Optional[str]
    notes: Optional[str] = field(repr=False)
    stage: Stage
    stage_date: Date
    created: Date
    hq_date: Optional[Date]


@dataclass(frozen=True, slots=True)
class StageChange:
    """An entry of an organization's stage history: ``goc_stage_change``.

    from_stage is None for the registration entry.
    """
    seq: int
    org: int
    from_stage: Optional[Stage]
    to_stage: Stage
    date: Date
    unit: Optional[str]
    note: Optional[str]


@dataclass(frozen=True, slots=True)
class Review:
    """A risk review (风险防范) of an organization: ``goc_review``."""
    id: int
    org: int
    outcome: ReviewOutcome
    date: Date
    unit: Optional[str]
    note: Optional[str]


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """A request for a risk review, made by the unit following the
    organization: ``goc_review_request``; review is the id of the review
    that answered it, None while it waits."""
    id: int
    org: int
    unit: Optional[str]
    date: Date
    note: Optional[str]
    review: Optional[int]


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan (行动方案): ``goc_plan``; task_count as when read."""
    code: str
    title_zh: str
    title_en: Optional[str]
    issuer: Optional[str]
    issued: Optional[Date]
    source: Optional[str]
    start: Optional[Date]
    end: Optional[Date]
    task_count: int
    #: the reporting cycle and the deadline in calendar days after each period
    report_cycle: Optional[ReportCycle] = None
    report_deadline_days: int = 0


@dataclass(frozen=True, slots=True)
class Goal:
    """A headline goal (主要目标) of a plan: ``goc_goal``."""
    plan: str
    code: str
    title_zh: str
    title_en: Optional[str]
    text: Optional[str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Task:
    """A task of a plan's tree (section, special task or work item): ``goc_task``."""
    plan: str
    code: str
    parent: Optional[str]
    level: TaskLevel
    label: Optional[str]
    title_zh: Optional[str]
    title_en: Optional[str]
    text: Optional[str] = field(repr=False)
    due: Optional[Date]
    recurrence: Recurrence
    status: TaskStatus
    status_date: Optional[Date]
    done_date: Optional[Date]
    child_count: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """One unit's or group's responsibility for one task: ``goc_assignment``."""
    task: str
    party: str
    is_group: bool
    role: Role
    via_group: Optional[str]
    inherited_from: Optional[str]


@dataclass(frozen=True, slots=True)
class Report:
    """A progress report: ``goc_report``.

    percent is None when not given; supersedes / superseded_by are None
    when there is no such report.
    """
    id: int
    plan: str
    task: str
    unit: str
    period: str
    date: Date
    status: TaskStatus
    percent: Optional[int]
    text: Optional[str] = field(repr=False)
    evidence: Optional[str]
    supersedes: Optional[int]
    superseded_by: Optional[int]


@dataclass(frozen=True, slots=True)
class DossierRow:
    """One row of a dossier: a unit and a task it answers for, as of a
    date (``goc_dossier_row``, read from ``goc_dossier_list()``).

    role is the unit's strongest role (each unit is one row per task);
    via_group / inherited_from are None for its own, direct assignment.
    overdue: the task is due before the date and neither done nor
    cancelled.  The report_* fields are those of the unit's latest report
    on the task as of the date (None when it has none: report_id is None
    then).  missing_periods: the periods of the plan's cycle ("2024-Q3")
    from the plan's first through the last whose deadline has passed by
    the date that lack a report of the unit dated by then, oldest first
    (empty for a task with children).  late_periods: (period, days late)
    of the periods due whose first report came after the deadline;
    report_late_days: the latest report's own lateness (0 on time).
    """
    task: str
    unit: str
    role: Role
    via_group: Optional[str]
    inherited_from: Optional[str]
    leaf: bool
    due: Optional[Date]
    task_status: TaskStatus
    overdue: bool
    report_id: Optional[int]
    report_period: Optional[str]
    report_date: Optional[Date]
    report_status: Optional[TaskStatus]
    report_percent: Optional[int]
    report_text: Optional[str] = field(repr=False)
    missing_periods: Tuple[str, ...]
    report_late_days: int = 0
    late_periods: Tuple[Tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder (催报, ``goc_reminder``, from ``goc_reminder_list()``):
    a unit, its contact, and one thing to remind it of.

    kind: a missing or late report (task, period, deadline; date of the
    late report), an overdue task (deadline = its due date), or a KPI row
    behind or at risk (kpi, kpi_status, actual, target, expected).  days:
    since the deadline, or late by.
    """
    unit: str
    unit_name_zh: str
    unit_name_en: Optional[str]
    contact: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    kind: ReminderKind
    task: Optional[str]
    task_label: Optional[str]
    task_title: Optional[str]
    period: Optional[str]
    deadline: Optional[Date]
    date: Optional[Date]
    days: int
    kpi: Optional[str]
    kpi_name_zh: Optional[str]
    kpi_status: Optional[KpiStatus]
    actual: float
    target: float
    expected: float


@dataclass(frozen=True, slots=True)
class Partner:
    """A partner of the network (合作伙伴网络): ``goc_partner``."""
    id: int
    name_zh: str
    name_en: Optional[str]
    kind: PartnerKind
    unit: str
    date: Date
    contact: Optional[str]
    notes: Optional[str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Expert:
    """An expert of the think tank (专家库): ``goc_expert``."""
    id: int
    name: str
    field: Optional[str]
    affiliation: Optional[str]
    unit: str
    date: Date
    notes: Optional[str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Event:
    """An event (活动): ``goc_event``; organizers in code order."""
    id: int
    title_zh: str
    title_en: Optional[str]
    date: Date
    zone: Optional[str]
    kind: EventKind
    international: bool
    large: bool
    unit: str
    organizers: Tuple[str, ...]
    org_count: int
    notes: Optional[str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Request:
    """A service request (诉求): ``goc_request``; days None while open."""
    id: int
    org: int
    category: RequestCategory
    opened: Date
    unit: str
    summary: str
    resolved: Optional[Date]
    outcome: Optional[str]
    days: Optional[int]
    notes: Optional[str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Kpi:
    """A KPI definition: ``goc_kpi``; target_max None when there is no maximum."""
    code: str
    plan: str
    name_zh: str
    name_en: Optional[str]
    measure: Measure
    scope: Scope
    members: Tuple[str, ...]
    window: Window
    start: Optional[Date]
    end: Optional[Date]
    baseline_date: Optional[Date]
    baseline: float
    target_min: float
    target_max: Optional[float]
    direction: Direction
    weight: float
    tasks: Tuple[str, ...]
    at_risk: float
    stage: Optional[Stage]
    category: Optional[Category]
    origin: Optional[Origin]
    event_kind: Optional[EventKind]
    international: Optional[bool]
    large: Optional[bool]
    days: Optional[int]


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One evaluated row of a KPI: ``goc_kpi_row``.

    member is None for a plan-wide KPI (for ``zones``, the zones joined by
    commas); members the codes it is for as a tuple ((), one, or the
    zones); year None unless the window is
    annual, target_max None when there is no maximum, score None when the
    row is not scored.
    """
    kpi: str
    member: Optional[str]
    year: Optional[int]
    start: Date
    end: Date
    actual: float
    expected: float
    target_min: float
    target_max: Optional[float]
    attainment: float
    status: KpiStatus
    score: Optional[float]
    members: Tuple[str, ...] = ()
    as_of: Optional[Date] = None


@dataclass(frozen=True, slots=True)
class Score:
    """One row of a scorecard: ``goc_score``.

    key is None for the last row (the plan's total); status None when the
    group has no KPI rows; value None when nothing is scored yet.  rows is
    the number of KPI rows in the group, counts their number per status,
    met those met or exceeded, worst the group's worst KPI row (the most
    severe status, then the lowest attainment; None without rows).  A KPI
    of several rows (years, members) is read by met of rows and worst, not
    by actual and target, which add the rows up.
    """
    key: Optional[str]
    name_zh: Optional[str]
    name_en: Optional[str]
    status: Optional[KpiStatus]
    value: Optional[float]
    actual: float
    target: float
    rows: int
    counts: Dict[KpiStatus, int] = field(hash=False, repr=False)
    tasks: int
    leads: int
    overdue: int
    missing_reports: int
    met: int
    worst: Optional[KpiRow] = field(hash=False, repr=False)
    as_of: Optional[Date] = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One record of the audit trail: ``goc_audit_record``.

    time is timezone-aware (UTC); actor None is the system actor; outcome
    is an :class:`AuditOutcome` ("ok" or "denied"; detail then holds the refusal's message); before
    and after are the object's row as a dict (None where there is none);
    hash is the record's SHA-256 in hexadecimal.  person is the login of
    the person who acted (``goc_db_set_user()``; for a login attempt the
    login tried), None when a unit or the system acted alone; layout is
    the layout of the record's hash (1 before schema 8, 2 since: see
    docs/integrators.md).
    """
    seq: int
    time: datetime.datetime
    actor: Optional[str]
    action: str
    object_kind: str
    object_id: Optional[str]
    outcome: AuditOutcome
    detail: Optional[str]
    before: Optional[Any] = field(hash=False, repr=False)
    after: Optional[Any] = field(hash=False, repr=False)
    hash: str
    person: Optional[str]
    layout: int


@dataclass(frozen=True, slots=True)
class User:
    """A person who uses the library (``goc_user``): she logs in with her
    login and acts for one unit.  created is timezone-aware (UTC)."""
    id: int
    login: str
    name: str
    unit: str
    phone: Optional[str]
    email: Optional[str]
    disabled: bool
    created: datetime.datetime


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token's record (``goc_token``), never its text: expires is the
    last day it is valid (None: no end); created and last_used are
    timezone-aware (UTC), last_used None if never used."""
    id: int
    login: str
    label: str
    created: datetime.datetime
    expires: Optional[Date]
    revoked: bool
    last_used: Optional[datetime.datetime]


# ---- readers: C record pointer -> dataclass ----

#: C accessor name -> "Class.field" (for the coverage test and the docs).
ACCESSORS: Dict[str, str] = {}

Reader = Callable[[Any], Any]


def _items(count: Callable[[Any], int],
           at: Callable[[Any, int], str]) -> Callable[[Any], Tuple[str, ...]]:
    """A getter of a list field from the C pair ``goc_<x>_count()`` /
    ``goc_<x>_at()``: a tuple, () for none."""
    def get(ptr: Any) -> Tuple[str, ...]:
        return tuple(at(ptr, i) for i in range(count(ptr)))
    return get


def _reader(cls: type, prefix: str, convs: Mapping[str, Callable[[Any], Any]],
            names: Optional[Mapping[str, str]] = None,
            lists: Optional[Mapping[str, str]] = None) -> Reader:
    """A function reading every field of ``cls`` with ``goc_<prefix>_<field>()``;
    a field in ``lists`` is a tuple read with the C item accessors
    ``<stem>_count()`` and ``<stem>_at()`` (``lists={"organizers":
    "goc_event_organizer"}``)."""
    getters: List[Tuple[Callable[[Any], Any], Optional[Callable[[Any], Any]]]] = []
    for f in fields(cls):
        stem = (lists or {}).get(f.name)
        if stem:
            getters.append((_items(getattr(_s, stem + "_count"), getattr(_s, stem + "_at")),
                            convs.get(f.name)))
            ACCESSORS[stem + "_count"] = ACCESSORS[stem + "_at"] = "%s.%s" % (
                cls.__name__, f.name)
            continue
        cname = (names or {}).get(f.name, "goc_%s_%s" % (prefix, f.name))
        getters.append((getattr(_s, cname), convs.get(f.name)))
        ACCESSORS[cname] = "%s.%s" % (cls.__name__, f.name)

    def read(ptr: Any) -> Any:
        return cls(*[conv(get(ptr)) if conv else get(ptr) for get, conv in getters])
    read.__name__ = "read_" + prefix
    return read


read_unit = _reader(Unit, "unit", {"kind": UnitKind.from_c})
read_group = _reader(Group, "group", {})
read_zone = _reader(Zone, "zone", {"focus": Category.from_c})
read_zone_fact = _reader(ZoneFact, "zone_fact", {"date": _date, "office_space": _bool})
read_org = _reader(Org, "org", {
    "category": Category.from_c, "origin": Origin.from_c, "stage": Stage.from_c,
    "stage_date": _date, "created": _date, "hq_date": _date})
read_stage_change = _reader(StageChange, "stage_change", {
    "from_stage": Stage.from_c, "to_stage": Stage.from_c, "date": _date},
    names={"from_stage": "goc_stage_change_from", "to_stage": "goc_stage_change_to"})
read_review = _reader(Review, "review", {"outcome": ReviewOutcome.from_c, "date": _date})
read_review_request = _reader(ReviewRequest, "review_request",
                              {"date": _date, "review": _none_if_zero})
read_plan = _reader(Plan, "plan", {"issued": _date, "start": _date, "end": _date,
                                   "report_cycle": ReportCycle.from_c})
read_goal = _reader(Goal, "goal", {})
read_task = _reader(Task, "task", {
    "level": TaskLevel.from_c, "due": _date, "recurrence": Recurrence.from_c,
    "status": TaskStatus.from_c, "status_date": _date, "done_date": _date})
read_assignment = _reader(Assignment, "assignment", {"is_group": _bool, "role": Role.from_c})
read_report = _reader(Report, "report", {
    "date": _date, "status": TaskStatus.from_c,
    "percent": _none_if(_s.GOC_PERCENT_NONE),
    "supersedes": _none_if_zero, "superseded_by": _none_if_zero})
read_partner = _reader(Partner, "partner", {"kind": PartnerKind.from_c, "date": _date})
read_expert = _reader(Expert, "expert", {"date": _date})
read_event = _reader(Event, "event", {
    "date": _date, "kind": EventKind.from_c, "international": _bool, "large": _bool,
    }, lists={"organizers": "goc_event_organizer"})
read_request = _reader(Request, "request", {
    "category": RequestCategory.from_c, "opened": _date, "resolved": _date,
    "days": _none_if_minus1})
read_kpi = _reader(Kpi, "kpi", {
    "measure": Measure.from_c, "scope": Scope.from_c,
    "window": Window.from_c, "start": _date, "end": _date, "baseline_date": _date,
    "target_max": _no_max, "direction": Direction.from_c,
    "stage": Stage.from_c, "category": Category.from_c, "origin": Origin.from_c,
    "event_kind": EventKind.from_c, "international": _tristate, "large": _tristate,
    "days": _none_if_zero}, lists={"members": "goc_kpi_member", "tasks": "goc_kpi_task"})
read_kpi_row = _reader(KpiRow, "kpi_row", {
    "year": _none_if_zero, "start": _date, "end": _date, "target_max": _no_max,
    "status": KpiStatus.from_c, "score": _none_if_minus1, "as_of": _date},
    lists={"members": "goc_kpi_row_member"})


def read_score(ptr: Any) -> Score:
    """Read a scorecard row (goc_score_count() once per status)."""
    count = _s.goc_score_count
    return Score(
        key=_s.goc_score_key(ptr),
        name_zh=_s.goc_score_name_zh(ptr),
        name_en=_s.goc_score_name_en(ptr),
        status=KpiStatus.from_c(_s.goc_score_status(ptr)),
        value=_none_if_minus1(_s.goc_score_value(ptr)),
        actual=_s.goc_score_actual(ptr),
        target=_s.goc_score_target(ptr),
        rows=count(ptr, 0),
        counts={st: count(ptr, st.c_value) for st in KpiStatus},
        tasks=_s.goc_score_tasks(ptr),
        leads=_s.goc_score_leads(ptr),
        overdue=_s.goc_score_overdue(ptr),
        missing_reports=_s.goc_score_missing_reports(ptr),
        met=_s.goc_score_met(ptr),
        worst=_worst(_s.goc_score_worst_row(ptr)),
        as_of=_date(_s.goc_score_as_of(ptr)),
    )


def _worst(ptr: Any) -> Optional[KpiRow]:
    return read_kpi_row(ptr) if ptr else None


for _f in fields(Score):
    if _f.name not in ("rows", "counts", "worst"):  # as_of: goc_score_as_of
        ACCESSORS["goc_score_" + _f.name] = "Score." + _f.name
ACCESSORS["goc_score_count"] = "Score.counts"
ACCESSORS["goc_score_worst_row"] = "Score.worst"


def read_dossier_row(ptr: Any) -> DossierRow:
    """Read a dossier row (the missing quarters with
    goc_dossier_row_missing_period() for each index)."""
    n = _s.goc_dossier_row_missing_count(ptr)
    return DossierRow(
        task=_s.goc_dossier_row_task(ptr),
        unit=_s.goc_dossier_row_unit(ptr),
        role=Role.from_c(_s.goc_dossier_row_role(ptr)),
        via_group=_s.goc_dossier_row_via_group(ptr),
        inherited_from=_s.goc_dossier_row_inherited_from(ptr),
        leaf=bool(_s.goc_dossier_row_leaf(ptr)),
        due=_date(_s.goc_dossier_row_due(ptr)),
        task_status=TaskStatus.from_c(_s.goc_dossier_row_task_status(ptr)),
        overdue=bool(_s.goc_dossier_row_overdue(ptr)),
        report_id=_none_if_zero(_s.goc_dossier_row_report_id(ptr)),
        report_period=_s.goc_dossier_row_report_period(ptr),
        report_date=_date(_s.goc_dossier_row_report_date(ptr)),
        report_status=TaskStatus.from_c(_s.goc_dossier_row_report_status(ptr)),
        report_percent=_none_if(_s.GOC_PERCENT_NONE)(_s.goc_dossier_row_report_percent(ptr)),
        report_text=_s.goc_dossier_row_report_text(ptr),
        missing_periods=tuple(_s.goc_dossier_row_missing_period(ptr, i) for i in range(n)),
        report_late_days=_s.goc_dossier_row_report_late_days(ptr),
        late_periods=tuple((_s.goc_dossier_row_late_period(ptr, i), _s.goc_dossier_row_late_days(ptr, i))
                           for i in range(_s.goc_dossier_row_late_count(ptr))),
    )


for _f in fields(DossierRow):
    if _f.name not in ("missing_periods", "late_periods"):
        ACCESSORS["goc_dossier_row_" + _f.name] = "DossierRow." + _f.name
for _c in ("goc_dossier_row_late_count", "goc_dossier_row_late_period", "goc_dossier_row_late_days"):
    ACCESSORS[_c] = "DossierRow.late_periods"

read_reminder = _reader(Reminder, "reminder", {
    "kind": ReminderKind.from_c, "deadline": _date, "date": _date,
    "kpi_status": KpiStatus.from_c})
ACCESSORS["goc_dossier_row_missing_count"] = "DossierRow.missing_periods"
ACCESSORS["goc_dossier_row_missing_period"] = "DossierRow.missing_periods"


def _utc(s: Optional[str]) -> Optional[datetime.datetime]:
    if s is None:
        return None
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)


def _json(s: Optional[str]) -> Any:
    return None if s is None else json.loads(s)


read_audit = _reader(AuditRecord, "audit", {
    "time": _utc, "outcome": AuditOutcome.from_c, "before": _json, "after": _json})


def _utc_s(s: Optional[str]) -> Optional[datetime.datetime]:
    if s is None:
        return None
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


read_user = _reader(User, "user", {"disabled": _bool, "created": _utc_s})
read_token = _reader(TokenInfo, "token", {
    "created": _utc_s, "expires": _date, "revoked": _bool, "last_used": _utc_s})
