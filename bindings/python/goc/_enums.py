"""The library's vocabularies as ``str``-valued enums.

Each value is the C text name (``goc_stage_str()`` …), so ``Stage.LANDED ==
"landed"`` and a plain string is accepted wherever an enum is.  The mapping
to the C integers is taken from the library's own ``*_parse()`` functions
when the package is imported.
"""
from __future__ import annotations

import enum
from typing import Dict, Optional, Type, TypeVar, Union

from . import _goc_swig as _s

__all__ = [
    "UnitKind", "Category", "Origin", "Stage", "ReviewOutcome", "TaskLevel",
    "TaskStatus", "Recurrence", "Role", "PartnerKind", "EventKind",
    "RequestCategory", "Measure", "Scope", "Window", "Direction", "KpiStatus",
    "ScoreBy", "Access", "AuditOutcome", "Tristate", "ReviewRequests",
    "ReportCycle", "ReminderKind",
]

E = TypeVar("E", bound="CEnum")


class CEnum(str, enum.Enum):
    """Base of the libgoc vocabularies: a ``str`` enum mirroring a C enum."""

    def __str__(self) -> str:
        return str(self.value)

    @property
    def c_value(self) -> int:
        """The C integer of this value (e.g. ``GOC_STAGE_LANDED``)."""
        return _TO_C[type(self)][self]

    def label(self, lang: str = "zh") -> str:
        """The value's label for people to read, "zh" (default) or "en":
        ``Stage.LANDED.label() == "已落地"`` (``goc_label()``)."""
        text = _s.goc_label(C_PREFIX[type(self)], self.value, lang)
        if text is None:
            raise ValueError("%s.%s: no label in language %r (zh or en)"
                             % (type(self).__name__, self.name, lang))
        return text

    @classmethod
    def from_c(cls: Type[E], value: int) -> Optional[E]:
        """The member for a C integer; None for 0 when 0 is not a value
        (it then means "none" or "any")."""
        member = _FROM_C[cls].get(value)
        if member is None and value:
            raise ValueError("%s: unknown C value %d" % (cls.__name__, value))
        return member

    @classmethod
    def to_c(cls, value: Union[str, "CEnum", None]) -> int:
        """The C integer for a member, its text name or the words a person
        types for it (its Chinese or English label, ``"进行中"`` …, as
        :meth:`resolve` takes them); 0 for None.

        An unknown word raises :class:`goc.InvalidInputError` with the
        library's message (``goc_resolve_enum()``: the valid values and
        "did you mean …?").
        """
        if value is None:
            return 0
        if isinstance(value, cls):
            return _TO_C[cls][value]
        if isinstance(value, CEnum) or not isinstance(value, str):
            raise TypeError("%s: expected %s or str, not %s"
                            % (cls.__name__, cls.__name__, type(value).__name__))
        member = cls._value2member_map_.get(value)
        if member is not None:
            return _TO_C[cls][member]
        return _s.goc_resolve_enum(_KIND[cls], value)  # raises InvalidInputError with the library's message

    @classmethod
    def resolve(cls: Type[E], text: str) -> E:
        """The member a person means: its text name, its Chinese or English
        label or one of the words listed in ``goc/resolve.h``
        (``TaskStatus.resolve("进行中") is TaskStatus.IN_PROGRESS``),
        full-width or half-width, any case (``goc_resolve_enum()``).
        InvalidInputError listing the valid values, with "did you mean …?"
        when one is close."""
        member = _FROM_C[cls].get(cls.to_c(text))
        if member is None:  # pragma: no cover - every C value has a member
            raise ValueError("%s: %r" % (cls.__name__, text))
        return member


class UnitKind(CEnum):
    """Kind of a responsible unit (``enum goc_unit_kind``)."""
    DEPARTMENT = "department"
    PARTY_OFFICE = "party_office"
    BUREAU = "bureau"


class Category(CEnum):
    """Category of an organization, also a zone's focus (``enum goc_category``)."""
    ECONOMIC = "economic"
    SCITECH = "scitech"
    PROFESSIONAL = "professional"
    TRADE = "trade"
    STANDARDS = "standards"
    ARBITRATION = "arbitration"
    FINANCE = "finance"
    OTHER = "other"


class Origin(CEnum):
    """Origin of an organization (``enum goc_origin``)."""
    INTERNATIONAL = "international"
    LOCAL = "local"


class Stage(CEnum):
    """Lifecycle stage of an organization (``enum goc_stage``)."""
    TARGET = "target"
    CONTACTING = "contacting"
    NEGOTIATING = "negotiating"
    APPROVED = "approved"
    LANDED = "landed"
    OPERATING = "operating"
    WITHDRAWN = "withdrawn"

    def can_move_to(self, to: Union["Stage", str]) -> bool:
        """Whether ``self → to`` is a legal transition, ignoring the
        risk-review and date rules (``goc_stage_transition_allowed()``)."""
        return bool(_s.goc_stage_transition_allowed(self.c_value, Stage.to_c(to)))


class ReviewOutcome(CEnum):
    """Outcome of a risk review (``enum goc_review_outcome``)."""
    CLEARED = "cleared"
    FLAGGED = "flagged"
    REJECTED = "rejected"


class TaskLevel(CEnum):
    """Level of a task in the plan's tree (``enum goc_task_level``)."""
    SECTION = "section"
    TASK = "task"
    ITEM = "item"


class TaskStatus(CEnum):
    """Status of a task or reported by a progress report (``enum goc_task_status``)."""
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


class Recurrence(CEnum):
    """Recurrence of a task (``enum goc_recurrence``)."""
    NONE = "none"
    ANNUAL = "annual"


class Role(CEnum):
    """Role of a unit or group in a task (``enum goc_role``)."""
    LEAD = "lead"
    RESPONSIBLE = "responsible"


class PartnerKind(CEnum):
    """Kind of a partner in the network (``enum goc_partner_kind``)."""
    MULTINATIONAL = "multinational"
    LEADING_ENTERPRISE = "leading_enterprise"
    FINANCIAL = "financial"
    CHAMBER = "chamber"
    PROFESSIONAL_BODY = "professional_body"
    OTHER = "other"


class EventKind(CEnum):
    """Kind of an event (``enum goc_event_kind``)."""
    CONFERENCE = "conference"
    FORUM = "forum"
    PROMOTION = "promotion"
    OTHER = "other"


class RequestCategory(CEnum):
    """Category of a service request (``enum goc_request_category``)."""
    REGISTRATION = "registration"
    VISA = "visa"
    TALENT = "talent"
    OFFICE = "office"
    TAX = "tax"
    OTHER = "other"


class Measure(CEnum):
    """What a KPI counts (``enum goc_measure``)."""
    ORGS_ENTERED = "orgs_entered"
    HQ = "hq"
    ORGS_LISTED = "orgs_listed"
    PARTNERS = "partners"
    EXPERTS = "experts"
    EVENTS = "events"
    REQUEST_DAYS = "request_days"
    REQUEST_WITHIN = "request_within"
    OFFICE_SPACE = "office_space"
    CONTACT = "contact"
    MANUAL = "manual"


class Scope(CEnum):
    """Whom a KPI's rows are for (``enum goc_scope``)."""
    PLAN = "plan"
    ZONE = "zone"
    UNIT = "unit"
    ZONES = "zones"


class Window(CEnum):
    """The time frame of a KPI (``enum goc_window``)."""
    PERIOD = "period"
    ANNUAL = "annual"
    CUMULATIVE = "cumulative"


class Direction(CEnum):
    """Whether more or less is better (``enum goc_direction``)."""
    HIGHER = "higher"
    LOWER = "lower"


class KpiStatus(CEnum):
    """Status of a KPI row or scorecard group (``enum goc_kpi_status``)."""
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    MET = "met"
    EXCEEDED = "exceeded"
    MISSED = "missed"


class ScoreBy(CEnum):
    """What a scorecard groups by (``enum goc_score_by``)."""
    PLAN = "plan"
    SECTION = "section"
    ZONE = "zone"
    UNIT = "unit"


class Every(CEnum):
    """How often a KPI series takes a date (``enum goc_every``): the last
    day of each month or quarter."""
    MONTH = "month"
    QUARTER = "quarter"


class Access(CEnum):
    """Access role of a unit (``enum goc_access``): what it may change."""
    ADMIN = "admin"
    UNIT = "unit"
    VIEWER = "viewer"


class AuditOutcome(CEnum):
    """Outcome of an audited write (``enum goc_audit_outcome``)."""
    OK = "ok"
    DENIED = "denied"


class Tristate(CEnum):
    """A yes/no filter that may also not filter (``enum goc_tristate``);
    the Python methods take ``None``/``True``/``False`` for it."""
    ANY = "any"
    YES = "yes"
    NO = "no"


class ReportCycle(CEnum):
    """Reporting cycle of a plan (``enum goc_report_cycle``)."""
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"


class ReminderKind(CEnum):
    """What a reminder (催报) is about (``enum goc_reminder_kind``)."""
    MISSING = "missing"
    LATE = "late"
    OVERDUE = "overdue"
    KPI = "kpi"


class ReviewRequests(CEnum):
    """Which review requests to list (``enum goc_review_requests``)."""
    PENDING = "pending"
    ALL = "all"


#: Each enum's C prefix: ``goc_<prefix>_str()`` and ``goc_<prefix>_parse()``.
C_PREFIX: Dict[Type[CEnum], str] = {
    UnitKind: "unit_kind", Category: "category", Origin: "origin", Stage: "stage",
    ReviewOutcome: "review_outcome", TaskLevel: "task_level",
    TaskStatus: "task_status", Recurrence: "recurrence", Role: "role",
    PartnerKind: "partner_kind", EventKind: "event_kind",
    RequestCategory: "request_category", Measure: "measure", Scope: "scope",
    Window: "window", Direction: "direction", KpiStatus: "kpi_status",
    ScoreBy: "score_by", Every: "every", Access: "access", AuditOutcome: "audit_outcome",
    Tristate: "tristate", ReviewRequests: "review_requests",
    ReportCycle: "report_cycle", ReminderKind: "reminder_kind",
}

_TO_C: Dict[type, Dict[CEnum, int]] = {}
_FROM_C: Dict[type, Dict[int, CEnum]] = {}
_PARSE = {}
_KIND: Dict[type, int] = {}  # each enum's goc_resolve_kind


def _bind() -> None:
    for cls, prefix in C_PREFIX.items():
        parse = getattr(_s, "goc_%s_parse" % prefix)
        text = getattr(_s, "goc_%s_str" % prefix)
        _PARSE[cls] = parse
        _KIND[cls] = _s.goc_resolve_kind_parse(prefix)
        to_c, from_c = {}, {}
        for member in cls:
            try:
                n = parse(member.value)
            except Exception:  # a name this libgoc does not know: left unmapped
                continue
            if text(n) == member.value:
                to_c[member] = n
                from_c[n] = member
        _TO_C[cls] = to_c
        _FROM_C[cls] = from_c


_bind()
