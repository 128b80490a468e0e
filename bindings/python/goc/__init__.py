"""libgoc for Python: runs a policy action plan over SQLite.

The register of international economic organizations, the plan's tasks and
responsible units, progress reports, activity registers, KPI evaluation and
scorecards — the whole C library, in Python terms::

    import goc

    with goc.open("goc.db") as db:
        db.load_reference("pudong")
        org = db.orgs.create("示例组织", goc.Category.TRADE, "2024-03-01",
                             zone="ftz", unit="ftz-bureau")
        db.orgs.set_stage(org, goc.Stage.APPROVED, "2024-05-01", unit="ftz-bureau")
        for o in db.orgs.list(zone="ftz"):
            print(o.name_zh, o.stage)

Errors raise subclasses of :class:`goc.Error` (one per C status code, also
deriving from the fitting built-in: ``NotFoundError`` is a ``LookupError``,
``InvalidInputError`` a ``ValueError`` …) with the library's message.
Lists are iterators of frozen dataclasses; dates are ``datetime.date`` (text
"YYYY-MM-DD" is accepted too); vocabularies are ``str``-valued enums.
"""
from __future__ import annotations

import datetime
from typing import Dict, Optional

from . import _goc_swig as _s
from ._errors import (Error, GenericError, NoMemoryError, InvalidInputError,
                      NotFoundError, ExistsError, ConstraintError, StateError,
                      VersionError, NotADatabaseError, BusyError, GocIOError,
                      NotPermittedError, ReadOnlyError, CorruptError, MisuseError,
                      CannotOpenError, CancelledError, AuthError, ThrottledError,
                      ClosedError, error_class, _make_error)

# Exceptions raised by the C layer are built by _make_error (before any call).
_s.goc_py_set_error_factory(_make_error)

from ._enums import (CEnum, UnitKind, Category, Origin, Stage, ReviewOutcome,
                     TaskLevel, TaskStatus, Recurrence, Role, PartnerKind, EventKind,
                     RequestCategory, Measure, Scope, Window, Direction, KpiStatus,
                     ScoreBy, Every, Access, AuditOutcome, Tristate, ReviewRequests,
                     ReportCycle, ReminderKind)
from ._records import (Unit, Group, Zone, ZoneFact, Org, StageChange, Review,
                       ReviewRequest, Plan, Goal, Task, Assignment, Report, DossierRow, Partner,
                       Expert, Event, Request, Kpi, KpiRow, Score, AuditRecord, User,
                       TokenInfo, Reminder)
from ._db import (open, Database, Cursor, UNCHANGED, Units, Groups, Zones, Orgs, Plans,
                  Goals, Tasks, Reports, Partners, Experts, Events, Requests, Kpis,
                  Audit, Users)
from ._cmap import C_FUNCTIONS as __c_functions__

__version__: str = _s.goc_version()

#: The schema version this libgoc writes (``GOC_SCHEMA_VERSION``).
SCHEMA_VERSION: int = _s.GOC_SCHEMA_VERSION


def version() -> str:
    """The run-time library version as text, e.g. "0.1.0" (``goc_version()``)."""
    return _s.goc_version()


def libversion_number() -> int:
    """The run-time version as major*1000000 + minor*1000 + patch
    (``goc_libversion_number()``)."""
    return _s.goc_libversion_number()


def strerror(code: int) -> str:
    """The name of a status code, e.g. "GOC_EINVAL: invalid argument"
    (``goc_strerror()``)."""
    return _s.goc_strerror(code)


def check_date(date: str) -> None:
    """Check a calendar date "YYYY-MM-DD" (years 1900–2999)
    (``goc_date_check()``); InvalidInputError if it is not one."""
    _s.goc_date_check(date)


def check_uscc(code: str) -> None:
    """Check a unified social credit code (统一社会信用代码, GB 32100-2015)
    (``goc_uscc_check()``); InvalidInputError naming the position at fault
    or the expected check character."""
    _s.goc_uscc_check(code)


def check_utf8(text: str) -> None:
    """Check that text is well-formed UTF-8 (``goc_utf8_check()``).  A
    Python str always encodes to well-formed UTF-8 unless it holds lone
    surrogates (then UnicodeEncodeError is raised before the check)."""
    _s.goc_utf8_check(text)


def name_key(name: str) -> str:
    """The normalized form by which libgoc compares names (``goc_name_key()``):
    NFKC, case folded, invisible format characters removed, white space
    trimmed and collapsed — ``name_key("ＡＢＣ　") == name_key("abc") ==
    "abc"``.  InvalidInputError for a name with nothing visible."""
    return _s.goc_name_key(name)


def check_period(period: str) -> None:
    """Check a reporting period: "2024", "2024-H1", "2024-Q3" or "2024-07"
    (``goc_period_check()``); InvalidInputError naming what is wrong."""
    _s.goc_period_check(period)


def period_end(period: str) -> datetime.date:
    """The last day of a reporting period: ``period_end("2025-Q2") ==
    date(2025, 6, 30)`` (``goc_period_end()``); InvalidInputError for a bad
    period, as :func:`check_period`."""
    return datetime.date.fromisoformat(_s.goc_period_end(period))


def decode_text(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode the bytes of a file as the task table import does
    (``goc_text_decode()``): with ``encoding`` None, UTF-8 (a byte order
    mark dropped) or else GB18030 — what Excel saves on a Chinese system;
    otherwise the encoding named ("utf-8", "gbk", "big5" …).  Line ends are
    kept.  InvalidInputError naming the line, the column and the byte of
    text that is not in the encoding (or a NUL byte), or an unknown
    encoding.  ``data`` is any bytes-like object."""
    return _s.goc_text_decode(data, encoding)


def label(kind: str, value: str, lang: str = "zh") -> Optional[str]:
    """The label of a vocabulary's value for people to read
    (``goc_label()``): ``label("stage", "landed") == "已落地"``,
    ``label("role", "lead", "en") == "Lead"``; kind is the vocabulary's C
    name ("stage", "task_status", "role", "category" …), lang "zh" or
    "en".  None for an unknown kind, value or language.  Every enum member
    has the same as a method: ``goc.Stage.LANDED.label("en")``."""
    return _s.goc_label(kind, str(value), lang)


def translate(text: str, lang: str = "zh") -> str:
    """A text in Chinese from libgoc's message catalogue
    (``goc_translate()``): the library's message formats, the goc tool's
    texts and the status texts, ``translate("out of memory") == "内存不足"``.
    The text itself for lang "en" (or another language), or when the
    catalogue holds no translation or is not installed.  For an error's
    message in Chinese, open the database with ``lang="zh"`` instead
    (:attr:`Database.lang`)."""
    return _s.goc_translate(lang, text)


# Public classes show as goc.X (in reprs, tracebacks and the docs).
for _name in ("Error", "GenericError", "NoMemoryError", "InvalidInputError",
              "NotFoundError", "ExistsError", "ConstraintError", "StateError",
              "VersionError", "NotADatabaseError", "BusyError", "GocIOError",
              "NotPermittedError", "ReadOnlyError", "CorruptError", "MisuseError",
              "CannotOpenError", "CancelledError", "AuthError", "ThrottledError",
              "ClosedError", "CEnum", "UnitKind",
              "Category", "Origin", "Stage", "ReviewOutcome", "TaskLevel", "TaskStatus",
              "Recurrence", "Role", "PartnerKind", "EventKind", "RequestCategory",
              "Measure", "Scope", "Window", "Direction", "KpiStatus", "ScoreBy", "Every", "Unit",
              "Group", "Zone", "ZoneFact", "Org", "StageChange", "Review", "ReviewRequest",
              "Plan", "Goal",
              "Task", "Assignment", "Report", "DossierRow", "Partner", "Expert", "Event",
              "Request",
              "Kpi", "KpiRow", "Score", "Database", "Cursor", "Units", "Groups", "Zones",
              "Orgs", "Plans", "Goals", "Tasks", "Reports", "Partners", "Experts",
              "Events", "Requests", "Kpis", "Access", "AuditRecord", "Audit", "User",
              "TokenInfo", "Users", "ReportCycle", "ReminderKind", "Reminder"):
    globals()[_name].__module__ = __name__
del _name

__all__ = [
    "open", "translate", "Database", "Cursor", "UNCHANGED",
    "Units", "Groups", "Zones", "Orgs", "Plans", "Goals", "Tasks", "Reports",
    "Partners", "Experts", "Events", "Requests", "Kpis", "Audit", "Users",
    "Error", "GenericError", "NoMemoryError", "InvalidInputError", "NotFoundError",
    "ExistsError", "ConstraintError", "StateError", "VersionError", "NotADatabaseError",
    "BusyError", "GocIOError", "NotPermittedError", "ReadOnlyError", "CorruptError",
    "MisuseError", "CannotOpenError", "CancelledError", "AuthError", "ThrottledError",
    "ClosedError", "error_class",
    "CEnum", "UnitKind", "Category", "Origin", "Stage", "ReviewOutcome", "TaskLevel",
    "TaskStatus", "Recurrence", "Role", "PartnerKind", "EventKind", "RequestCategory",
    "Measure", "Scope", "Window", "Direction", "KpiStatus", "ScoreBy", "Every", "Access",
    "AuditOutcome", "Tristate", "ReviewRequests", "ReportCycle", "ReminderKind",
    "Unit", "Group", "Zone", "ZoneFact", "Org", "StageChange", "Review", "ReviewRequest",
    "Plan", "Goal",
    "Task", "Assignment", "Report", "DossierRow", "Partner", "Expert", "Event", "Request",
    "Kpi",
    "KpiRow", "Score", "AuditRecord", "User", "TokenInfo", "Reminder",
    "version", "libversion_number", "strerror", "check_date", "check_uscc",
    "check_utf8", "check_period", "period_end", "name_key", "label", "decode_text",
    "SCHEMA_VERSION", "__version__",
]
