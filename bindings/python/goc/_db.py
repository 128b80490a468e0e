"""The database handle, cursors and the areas of the API (db.orgs, db.plans …)."""
from __future__ import annotations

import builtins
import contextlib
import datetime
import os
import threading
from typing import (Any, Callable, Generic, Iterable, Iterator, List, Mapping,
                    Optional, Sequence, Tuple, TypeVar, Union)

from . import _goc_swig as _s
from ._enums import (Access, AuditOutcome, Category, Direction, EventKind, Every, KpiStatus, Measure, Origin,
                     PartnerKind, RequestCategory, Recurrence, ReviewOutcome, Role,
                     ReviewRequests, Scope, ScoreBy, Stage, TaskLevel, TaskStatus, Tristate,
                     UnitKind, Window, ReportCycle, ReminderKind)
from ._errors import (ClosedError, CorruptError, Error, InvalidInputError, MisuseError,
                      NotFoundError,
                      error_class)
from . import _records as R
from ._records import (Assignment, DossierRow, Reminder, Event, Expert, Goal, Group, Kpi, KpiRow, Org,
                       Partner, Plan, Report, Request, Review, ReviewRequest, Score,
                       StageChange, Task, TokenInfo, Unit, User, Zone, ZoneFact)

__all__ = ["open", "Database", "Cursor"]

T = TypeVar("T")
DateLike = Union[datetime.date, str]
PathLike = Union[str, "os.PathLike[str]"]

_ROW = _s.GOC_ROW
_DONE = _s.GOC_DONE


class _Unset:
    def __repr__(self) -> str:
        return "<unchanged>"


#: Default of the update methods' keywords: "leave this field unchanged".
UNCHANGED: Any = _Unset()


# ---- argument conversion ----

def _date(v: Optional[DateLike], what: str = "date") -> Optional[str]:
    """A date argument: datetime.date (or datetime), "YYYY-MM-DD" or None."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    raise TypeError("%s: expected datetime.date or str, not %s" % (what, type(v).__name__))


def _tri(v: Optional[bool]) -> int:
    """A tri-state filter: None (any), True (yes), False (no)."""
    return Tristate.to_c(Tristate.ANY if v is None else Tristate.YES if v else Tristate.NO)


def _codes(v: Union[None, str, Iterable[str]]) -> Optional[str]:
    """A list of codes: an iterable of str or one comma-separated str."""
    if v is None or isinstance(v, str):
        return v
    return ",".join(v)


def _data(v: Union[str, bytes, bytearray, memoryview, "os.PathLike[str]"]) -> Any:
    """Document data: str, bytes-like, or a path (os.PathLike) to read."""
    if isinstance(v, os.PathLike):
        with builtins.open(os.fspath(v), "rb") as f:
            return f.read()
    return v


def _changes(values: Mapping[str, Any], convert: Mapping[str, Callable[[Any], Any]]
             ) -> dict:
    """The fields given to an update: UNCHANGED keywords are left out, None
    clears an optional text field (""), the others are converted."""
    out = {}
    for k, v in values.items():
        if v is UNCHANGED:
            continue
        conv = convert.get(k)
        if conv is not None:
            if v is None:
                raise TypeError("%s cannot be cleared" % k)
            out[k] = conv(v)
        else:
            out[k] = "" if v is None else v
    return out


def _on_main_thread() -> bool:
    """Whether signals (Ctrl-C) reach the calling thread: long calls then
    look for them as they go."""
    return threading.current_thread() is threading.main_thread()


# ---- the database ----

def open(path: PathLike, *, readonly: bool = False, create: bool = True,
         busy_timeout_ms: Optional[int] = None, lang: str = "en") -> "Database":
    """Open (and create if needed) a libgoc database.

    ``path`` is a file name or ":memory:".  A new file gets the current
    schema, an older one is migrated; a newer or foreign file is refused
    untouched.  ``readonly``: every write raises ReadOnlyError.
    ``create=False``: a missing file raises CannotOpenError.
    ``busy_timeout_ms``: how long a writer waits for another connection's
    lock (None: the library's default, 5000; 0: fail at once with
    BusyError).  ``lang``: the language of the exceptions' messages, "en"
    (the default) or "zh" (:attr:`Database.lang`); a failed open's message
    is English.

    Raises InvalidInputError, CannotOpenError, NotADatabaseError,
    VersionError, ReadOnlyError (read-only but needs creating or
    migrating), BusyError, GocIOError, CorruptError, NoMemoryError.
    ``goc_db_open_ext()``.
    """
    p = os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
    flags = 0
    if readonly:
        flags |= _s.GOC_OPEN_READONLY
    if not create:
        flags |= _s.GOC_OPEN_NOCREATE
    if busy_timeout_ms is None:
        timeout = 0
    elif busy_timeout_ms <= 0:
        timeout = -1
    else:
        timeout = int(busy_timeout_ms)
    if flags == 0 and timeout == 0:
        ptr = _s.goc_db_open(p)
    else:
        ptr = _s.goc_db_open_ext(p, {"flags": flags, "busy_timeout_ms": timeout})
    db = Database(ptr, p, readonly)
    if lang != "en":
        try:
            db.lang = lang
        except BaseException:
            db.close()
            raise
    return db


class _NoActor:
    def __repr__(self) -> str:
        return "<no actor given>"


_NO_ACTOR: Any = _NoActor()


class _Person:
    """An identity that is a person (``goc_db_set_user()``), where the
    actors are otherwise a unit's code or None (the system actor)."""
    __slots__ = ("login",)

    def __init__(self, login: str) -> None:
        self.login = login

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Person) and other.login == self.login

    def __hash__(self) -> int:
        return hash(("person", self.login))

    def __repr__(self) -> str:
        return "person %r" % (self.login,)


def _set_identity(ptr: Any, who: Any) -> None:
    """Give the C handle an identity: a _Person, a unit's code or None."""
    if isinstance(who, _Person):
        _s.goc_db_set_user(ptr, who.login)
    else:
        _s.goc_db_set_actor(ptr, who)


class _Handle:
    """What a Database and the views made from it (:meth:`Database.with_actor`)
    share: the C handle and the lock that serialises it.

    ``lock`` is taken around every C call (Database._enter/_exit), and
    held by a thread from the beginning of its transaction to its end
    (``tx_thread``).  The C handle's actor is switched under the lock
    before each call to the one the caller wants (``c_actor`` is what the
    C handle has now)."""

    __slots__ = ("ptr", "lock", "busy", "pending", "local", "default_actor", "c_actor",
                 "tx_thread", "default_lang", "c_lang")

    def __init__(self, ptr: Any) -> None:
        self.ptr = ptr
        self.lock = threading.RLock()
        self.busy: Optional[str] = None  # the call whose callback may run Python code
        self.pending: List[Any] = []     # cursors to free at the next occasion
        self.local = threading.local()   # .actor: the thread's acting_as()
        self.default_actor: Optional[str] = None   # db.actor = …
        self.c_actor: Optional[str] = None         # what the C handle has
        self.tx_thread: Optional[int] = None       # the thread whose transaction is open
        self.default_lang = "en"                   # db.lang = …
        self.c_lang = "en"                         # what the C handle has (goc_db_set_lang)


class Database:
    """An open libgoc database (one SQLite file): ``goc_db``.

    Use it as a context manager (``with goc.open(path) as db:``) or call
    :meth:`close`.  The areas of the API are attributes: :attr:`units`,
    :attr:`groups`, :attr:`zones`, :attr:`orgs`, :attr:`plans`,
    :attr:`goals`, :attr:`tasks`, :attr:`reports`, :attr:`partners`,
    :attr:`experts`, :attr:`events`, :attr:`requests`, :attr:`kpis`,
    :attr:`audit`.

    **Threads.**  One Database may be shared by threads.  Every call takes
    the handle for its duration (the C library releases the GIL meanwhile,
    so other threads run, and other Database objects work in parallel,
    even on the same file); a cursor takes it for each step.  A
    transaction (:meth:`transaction`, or :meth:`begin` until
    :meth:`commit` or :meth:`rollback`) holds the handle for its thread
    from its beginning to its end: calls of other threads wait until it
    ends, so one thread's rollback never undoes another thread's write.
    A transaction is ended on the thread that began it.

    **Who acts.**  Every write is attributed to an actor (a unit's code,
    None for the system actor), chosen for each call in this order: the
    view's (:meth:`with_actor`), the calling thread's
    (``with db.acting_as(code):``), else the handle's default
    (:attr:`actor`).  Threads that act for different units use
    :meth:`acting_as` or :meth:`with_actor`: assigning :attr:`actor`
    changes the default for every thread.
    """

    def __init__(self, ptr: Any, path: str, readonly: bool = False) -> None:
        self._h = _Handle(ptr)
        self._view_actor: Any = _NO_ACTOR  # a view's fixed actor
        self._base: Optional[Database] = None  # a view's Database (kept alive)
        self.path = path
        self.readonly = readonly

    # -- the areas (made on access: no reference cycle keeps a Database
    #    alive, so one that is dropped is closed at once) --

    @property
    def units(self) -> "Units":
        """Responsible units (责任单位)."""
        return Units(self)

    @property
    def groups(self) -> "Groups":
        """Unit groups."""
        return Groups(self)

    @property
    def zones(self) -> "Zones":
        """Zones (集聚区) and their facts."""
        return Zones(self)

    @property
    def orgs(self) -> "Orgs":
        """International economic organizations."""
        return Orgs(self)

    @property
    def plans(self) -> "Plans":
        """Plans, their interchange and responsibility matrix."""
        return Plans(self)

    @property
    def goals(self) -> "Goals":
        """Headline goals of plans."""
        return Goals(self)

    @property
    def tasks(self) -> "Tasks":
        """Task trees and responsibility."""
        return Tasks(self)

    @property
    def reports(self) -> "Reports":
        """Progress reports."""
        return Reports(self)

    @property
    def audit(self) -> "Audit":
        """The audit trail: every change and refusal, hash-chained."""
        return Audit(self)

    @property
    def partners(self) -> "Partners":
        """The partner network."""
        return Partners(self)

    @property
    def experts(self) -> "Experts":
        """The think tank."""
        return Experts(self)

    @property
    def events(self) -> "Events":
        """Events."""
        return Events(self)

    @property
    def requests(self) -> "Requests":
        """Service requests."""
        return Requests(self)

    @property
    def kpis(self) -> "Kpis":
        """KPIs: definitions, targets, measurements, evaluation."""
        return Kpis(self)

    # -- handle management: every C call on the handle goes through
    #    _enter()/_exit() (_call, _get, _cursor, Cursor.__next__ …) --

    def _enter(self) -> Any:
        """Take the handle for one call and give it the caller's actor;
        ClosedError if it is closed."""
        h = self._h
        h.lock.acquire()
        try:
            if h.ptr is None:
                raise ClosedError("the database is closed")
            if h.busy is not None:
                raise MisuseError("the database is in the middle of %s: its progress "
                                  "callback and signal handlers cannot use it" % h.busy)
            actor = self._view_actor
            if actor is _NO_ACTOR:
                actor = getattr(h.local, "actor", _NO_ACTOR)
                if actor is _NO_ACTOR:
                    actor = h.default_actor
            if actor != h.c_actor:
                h.c_actor = _NO_ACTOR  # unknown until the call succeeds
                _set_identity(h.ptr, actor)
                h.c_actor = actor
            lang = getattr(h.local, "lang", None) or h.default_lang
            if lang != h.c_lang:
                _s.goc_db_set_lang(h.ptr, lang)
                h.c_lang = lang
            return h.ptr
        except BaseException:
            h.lock.release()
            raise

    def _exit(self) -> None:
        h = self._h
        pending = h.pending
        try:
            while pending:
                _s.goc_cursor_free(pending.pop())
        finally:
            h.lock.release()

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        ptr = self._enter()
        try:
            return fn(ptr, *args)
        finally:
            self._exit()

    def _call_busy(self, what: str, fn: Callable[..., T], *args: Any) -> T:
        """_call for a C call whose progress callback or signal handlers run
        Python code meanwhile: they cannot use the handle (MisuseError)."""
        ptr = self._enter()
        h = self._h
        h.busy = what
        try:
            return fn(ptr, *args)
        finally:
            h.busy = None
            self._exit()

    def _get(self, fn: Callable[..., Any], free: Callable[[Any], None],
             read: Callable[[Any], T], *args: Any) -> T:
        ptr = self._enter()
        try:
            rec = fn(ptr, *args)
            try:
                return read(rec)
            finally:
                free(rec)
        finally:
            self._exit()

    def _cursor(self, fn: Callable[..., Any], row: Callable[[Any], Any],
                read: Callable[[Any], T], *args: Any) -> "Cursor[T]":
        ptr = self._enter()
        try:
            cur = fn(ptr, *args)
            # The arguments stay referenced as long as the cursor: libgoc binds
            # text arguments to the cursor's statement without copying them
            # (SQLITE_STATIC), and the strings are borrowed from these objects.
            return Cursor(self, cur, row, read, args)
        finally:
            self._exit()

    def _sync_transaction(self) -> None:
        """After begin, commit or rollback (with the handle taken): hold
        the handle for this thread while its transaction is open, and let
        it go when it has ended, whatever the outcome of the call."""
        h = self._h
        is_open = h.ptr is not None and bool(_s.goc_db_in_transaction(h.ptr))
        if is_open and h.tx_thread is None:
            h.lock.acquire()
            h.tx_thread = threading.get_ident()
        elif not is_open and h.tx_thread is not None:
            h.tx_thread = None
            h.lock.release()

    @property
    def closed(self) -> bool:
        """Whether the database has been closed."""
        return self._h.ptr is None

    def close(self) -> None:
        """Close the database (``goc_db_close()``): an open transaction is
        rolled back; cursors still open raise ClosedError from then on;
        records already read stay valid.  Closing twice is harmless.
        Another thread's transaction is waited for.  A view
        (:meth:`with_actor`) cannot close: MisuseError."""
        if self._base is not None:
            raise MisuseError("a view made by with_actor() cannot close the database: "
                              "close the Database it was made from")
        h = self._h
        if h.ptr is None:
            return
        with h.lock:
            if h.busy is not None:
                raise MisuseError("the database is in the middle of %s: its progress "
                                  "callback and signal handlers cannot close it" % h.busy)
            ptr, h.ptr = h.ptr, None
            if ptr is not None:
                _s.goc_db_close(ptr)
            pending = h.pending
            while pending:
                _s.goc_cursor_free(pending.pop())
            if h.tx_thread is not None:  # this thread's transaction, rolled back
                h.tx_thread = None
                h.lock.release()

    def __enter__(self) -> "Database":
        if self._base is not None:
            raise MisuseError("a view made by with_actor() is not a context manager: "
                              "use the Database it was made from")
        if self._h.ptr is None:
            raise ClosedError("the database is closed")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if self._base is not None:
                return
            h = self._h
            if h.ptr is not None and h.lock.acquire(blocking=False):
                try:
                    if h.busy is None:
                        ptr, h.ptr = h.ptr, None
                        _s.goc_db_close(ptr)
                    while h.pending:
                        _s.goc_cursor_free(h.pending.pop())
                finally:
                    h.lock.release()
        except Exception:  # interpreter shutdown: nothing left to do
            pass

    def __repr__(self) -> str:
        return "<goc.Database %r%s%s%s>" % (
            self.path,
            "" if self._view_actor is _NO_ACTOR else " as %r" % (self._view_actor,),
            " readonly" if self.readonly else "", " closed" if self.closed else "")

    # -- the handle's state --

    @property
    def schema_version(self) -> int:
        """The schema version of the open database (``goc_db_schema_version()``)."""
        return self._call(_s.goc_db_schema_version)

    @property
    def data_version(self) -> int:
        """A number that changes with every change committed to the
        database, through any handle or process (``goc_db_data_version()``:
        the audit trail's last record, which every libgoc change appends):
        equal numbers mean nothing was committed in between, so a result
        computed then (a scorecard) is still right.  Reads and a token's
        last-use note do not change it.  Compare for equality only."""
        return self._call(_s.goc_db_data_version)

    @property
    def actor(self) -> Optional[str]:
        """The actor of this thread's calls: a unit's code, or None for the
        system actor (``goc_db_actor()``) — the view's, else the thread's
        :meth:`acting_as`, else the handle's default.  Assigning sets the
        handle's **default**, for every thread (:meth:`set_actor`)."""
        return self._call(_s.goc_db_actor)

    @actor.setter
    def actor(self, unit_code: Optional[str]) -> None:
        self.set_actor(unit_code)

    @property
    def lang(self) -> str:
        """The language of this thread's error messages: "en" or "zh"
        (``goc_db_lang()``) — the thread's :meth:`speaking`, else the
        handle's default ("en" unless ``open(lang=…)`` or an assignment
        chose another).  Assigning sets the default for every thread:
        "en" or "zh" (a region may follow: "zh_CN"); InvalidInputError
        for another language (``goc_db_set_lang()``).  The exceptions'
        classes and codes do not change with the language; only their text
        does.  English is the default whatever the process's locale."""
        return self._call(_s.goc_db_lang)

    @lang.setter
    def lang(self, lang: str) -> None:
        h = self._h
        ptr = self._enter()
        try:
            _s.goc_db_set_lang(ptr, lang)
            h.c_lang = h.default_lang = _s.goc_db_lang(ptr)
        finally:
            self._exit()

    @contextlib.contextmanager
    def speaking(self, lang: str) -> Iterator["Database"]:
        """``with db.speaking("zh"):`` — inside the block, the messages of
        the calls this thread makes are in that language, whatever other
        threads do (a web service answering each request in its reader's
        language); the language before the block comes back at its end.
        InvalidInputError for a language other than "en" or "zh"."""
        h = self._h
        ptr = self._enter()
        try:
            before_c = h.c_lang
            _s.goc_db_set_lang(ptr, lang)   # checks it
            chosen = _s.goc_db_lang(ptr)
            _s.goc_db_set_lang(ptr, before_c)
        finally:
            self._exit()
        before = getattr(h.local, "lang", None)
        h.local.lang = chosen
        try:
            yield self
        finally:
            h.local.lang = before

    def set_actor(self, unit_code: Optional[str]) -> None:
        """Set the handle's default actor (``goc_db_set_actor()``), used by
        every thread that is not in an :meth:`acting_as` block and every
        call not made through a :meth:`with_actor` view; None for the
        system actor.  Raises InvalidInputError, NotFoundError; MisuseError
        on a view (its actor is fixed)."""
        if self._base is not None:
            raise MisuseError("a view made by with_actor() acts as %r for ever: make "
                              "another view" % (self._view_actor,))
        h = self._h
        ptr = self._enter()
        try:
            _s.goc_db_set_actor(ptr, unit_code)
            h.c_actor = h.default_actor = unit_code
        finally:
            self._exit()

    def _check_actor(self, unit_code: Any) -> None:
        """Refuse an actor that goc_db_set_actor() (a unit) or
        goc_db_set_user() (a _Person) refuses, now."""
        h = self._h
        ptr = self._enter()
        try:
            h.c_actor = _NO_ACTOR
            _set_identity(ptr, unit_code)
            h.c_actor = unit_code
        finally:
            self._exit()

    @contextlib.contextmanager
    def acting_as(self, unit_code: Optional[str]) -> Iterator["Database"]:
        """``with db.acting_as("scitech"):`` — inside the block, every call
        that this thread makes on the database acts as that unit (None: the
        system actor), whatever other threads do; the actor before the
        block comes back at its end (blocks nest).  Bound to the thread: a
        thread started inside the block does not inherit it.  The unit is
        checked at once: InvalidInputError, NotFoundError.  MisuseError on a
        view (its actor is fixed)."""
        if self._base is not None:
            raise MisuseError("a view made by with_actor() acts as %r for ever: use the "
                              "Database it was made from" % (self._view_actor,))
        self._check_actor(unit_code)
        local = self._h.local
        before = getattr(local, "actor", _NO_ACTOR)
        local.actor = unit_code
        try:
            yield self
        finally:
            if before is _NO_ACTOR:
                del local.actor
            else:
                local.actor = before

    @property
    def user(self) -> Optional[str]:
        """The login of the person this thread's calls act as
        (``goc_db_user()``): the view's (:meth:`as_user`), else the
        thread's (:meth:`acting_as_user`); None when a unit or the system
        acts without a person."""
        return self._call(_s.goc_db_user)

    @contextlib.contextmanager
    def acting_as_user(self, login: str) -> Iterator["Database"]:
        """``with db.acting_as_user("li.na"):`` — inside the block, every
        call this thread makes acts as that person (``goc_db_set_user()``):
        her unit acts, with its role, and every audit record names her.
        Like :meth:`acting_as` (per thread, nests, restored at the end).
        The person is checked at once: AuthError for an unknown or disabled
        login.  MisuseError on a view."""
        if self._base is not None:
            raise MisuseError("a view made by with_actor() or as_user() acts as %r for ever: "
                              "use the Database it was made from" % (self._view_actor,))
        who = _Person(login)
        self._check_actor(who)
        local = self._h.local
        before = getattr(local, "actor", _NO_ACTOR)
        local.actor = who
        try:
            yield self
        finally:
            if before is _NO_ACTOR:
                del local.actor
            else:
                local.actor = before

    def as_user(self, login: str) -> "Database":
        """A view of this database whose every call acts as the person
        (``goc_db_set_user()`` before each call), from any thread: the
        per-call form, ``db.as_user("li.na").orgs.create(…)``, as
        :meth:`with_actor` is for a unit.  Checked at once: AuthError for
        an unknown or disabled login; a later call raises AuthError if she
        has been disabled since."""
        base = self._base if self._base is not None else self
        who = _Person(login)
        base._check_actor(who)
        view = Database.__new__(Database)
        view._h = self._h
        view._view_actor = who
        view._base = base
        view.path = self.path
        view.readonly = self.readonly
        return view

    @property
    def users(self) -> "Users":
        """People: accounts, passwords, tokens, logins."""
        return Users(self)

    def with_actor(self, unit_code: Optional[str]) -> "Database":
        """A view of this database whose every call acts as the given unit
        (None: the system actor), from any thread, whatever the thread's
        :meth:`acting_as` and the default say: the per-call form,
        ``db.with_actor("scitech").orgs.create(…)``.  It shares the handle,
        its lock and its transactions with the Database (which it keeps
        alive); it cannot close it, and its actor cannot be changed.  The
        unit is checked at once: InvalidInputError, NotFoundError."""
        base = self._base if self._base is not None else self
        base._check_actor(unit_code)
        view = Database.__new__(Database)
        view._h = self._h
        view._view_actor = unit_code
        view._base = base
        view.path = self.path
        view.readonly = self.readonly
        return view

    def resolve(self, kind: str, text: str, plan: Optional[str] = None) -> str:
        """The code of what a person typed (``goc_resolve()``, goc/resolve.h):
        ``db.resolve("zone", "陆家嘴") == "lujiazui"``,
        ``db.resolve("task", "（1）") == "i1"``,
        ``db.resolve("task_status", "进行中") == "in_progress"``.

        ``kind`` names a register ("unit", "group", "party", "zone",
        "plan", "task", "kpi") or a vocabulary ("stage", "task_status" …,
        as :func:`goc.label` names them); ``plan`` is the plan of a task or
        KPI (None: every plan).  Accepted: the code, the Chinese or English
        name or title, a task's label as the plan prints it ("一", "1.",
        "(1)" …), a vocabulary's labels; full-width or half-width, any
        case.  Raises NotFoundError (a register) or InvalidInputError (a
        vocabulary) listing the valid values with "did you mean …?", and
        InvalidInputError for an ambiguous text, listing the candidates."""
        k = _s.goc_resolve_kind_parse(kind)
        return self._call(_s.goc_resolve, k, plan, text)

    def _filter_code(self, kind: str, text: Optional[str]) -> Optional[str]:
        """A filter's code as a person may give it (:meth:`resolve`): None
        stays None, and a text that names nothing is kept as it is, so that
        the filter matches nothing, as it always did for an unknown code
        (an ambiguous name raises InvalidInputError)."""
        if text is None:
            return None
        try:
            return self.resolve(kind, text)
        except NotFoundError:
            return text

    def may(self, action: str, id: Union[int, str, None] = None) -> bool:
        """Whether this identity may make a write, asked before making it
        (``goc_db_may()``): ``db.may("org.set_stage", 12)``.  The write
        path's own answer — access role, the action's rule, whether the
        object is the unit's — without writing or auditing anything; what
        the write checks besides (its arguments, a legal transition …) is
        not previewed.  ``action`` as the audit trail names it, ``id`` the
        object (None for a create).  See :meth:`refusal` for the reason.
        InvalidInputError for an unknown action."""
        return self.refusal(action, id) is None

    def refusal(self, action: str, id: Union[int, str, None] = None) -> Optional[str]:
        """Why this identity may not make a write (the message the write
        would raise NotPermittedError with), or None if it may
        (``goc_db_may()``)."""
        try:
            self._call(_s.goc_db_may, action, None if id is None else str(id))
        except Error as e:
            if e.name == "GOC_EPERM":
                return e.message
            raise
        return None

    @property
    def last_error(self) -> Optional[Error]:
        """The last error raised through this handle, as an exception
        object (not raised), or None (``goc_db_errcode()``,
        ``goc_db_errmsg()``).  With threads sharing the handle, it may be
        another thread's: read the exception your call raised instead."""
        ptr = self._enter()
        try:
            code = _s.goc_db_errcode(ptr)
            msg = _s.goc_db_errmsg(ptr)
        finally:
            self._exit()
        return None if code == 0 else error_class(code)(msg)

    # -- transactions --

    def _end(self, fn: Callable[[Any], Any]) -> None:
        ptr = self._enter()
        try:
            fn(ptr)
        finally:
            try:
                self._sync_transaction()
            finally:
                self._exit()

    def begin(self) -> None:
        """Begin an explicit transaction (``goc_db_begin()``, BEGIN IMMEDIATE).
        From here until :meth:`commit` or :meth:`rollback` — which this
        thread must call — the handle is this thread's: other threads'
        calls wait.  Prefer ``with db.transaction():``, which always ends
        it.  Raises MisuseError if one is open, ReadOnlyError, BusyError."""
        self._end(_s.goc_db_begin)

    def commit(self) -> None:
        """Commit (``goc_db_commit()``) and let other threads have the
        handle again.  Raises MisuseError if no transaction is open;
        BusyError, GocIOError (then rolled back)."""
        self._end(_s.goc_db_commit)

    def rollback(self) -> None:
        """Roll back (``goc_db_rollback()``) and let other threads have the
        handle again.  Raises MisuseError if no transaction is open."""
        self._end(_s.goc_db_rollback)

    @property
    def in_transaction(self) -> bool:
        """Whether an explicit transaction is open (``goc_db_in_transaction()``).
        Another thread's transaction is waited for: this is about the
        calling thread's own."""
        return bool(self._call(_s.goc_db_in_transaction))

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """``with db.transaction():`` — begin; commit at the end of the
        block, roll back if it raises.  Inside, a call that fails is undone
        by itself and the transaction stays open.  The handle is this
        thread's for the whole block: other threads' calls wait until it
        ends (so do not wait inside it for another thread that uses the
        same Database)."""
        with self._h.lock:  # no other thread between the check, begin and end
            self.begin()
            try:
                yield self
            except BaseException:
                if not self.closed and self.in_transaction:
                    self.rollback()
                raise
            self.commit()

    def _bulk(self, fn: Callable[..., T], items: Iterable[Mapping[str, Any]],
              what: str) -> List[T]:
        """Call fn(**item) for every item in one transaction (or in the
        caller's, if one is open).  On an error nothing of the bulk is kept
        in a transaction of its own."""
        with self._h.lock:  # the items are one thread's, in one go
            own = not self.in_transaction
            if own:
                self.begin()
            out: List[T] = []
            current: Optional[int] = None
            try:
                for i, item in enumerate(items):
                    current = i
                    if not isinstance(item, Mapping):
                        raise TypeError("%s: item %d: expected a mapping of keyword "
                                        "arguments, not %s" % (what, i, type(item).__name__))
                    out.append(fn(**item))
                    current = None
            except BaseException as e:
                if own and not self.closed and self.in_transaction:
                    self.rollback()
                if current is not None and hasattr(e, "add_note"):
                    e.add_note("%s: item %d%s" % (what, current,
                                                  ", nothing was written" if own else ""))
                raise
            if own:
                self.commit()
            return out

    # -- loads and the scorecard --

    def load_reference(self, name: str = "pudong") -> None:
        """Load a built-in set of units, groups and zones; idempotent, one
        transaction (``goc_reference_load()``).  Raises NotFoundError for an
        unknown set, ExistsError if a name is taken by a different code."""
        self._call(_s.goc_reference_load, name)

    def load_demo(self, seed: int = 0) -> None:
        """Fill the database with the built-in Pudong plan and deterministic,
        FICTIONAL demonstration data (``goc_demo_load()``).  Raises
        ExistsError if the database already holds organizations or a plan."""
        self._call(_s.goc_demo_load, seed)

    def demo_only(self) -> bool:
        """Whether the database holds the demonstration data and nothing
        else: filled by :meth:`load_demo` and not changed since, but for
        users and tokens (``goc_demo_only()``).  Ask it before presenting
        figures as fictional."""
        return bool(self._call(_s.goc_demo_only))

    def reminders(self, as_of: DateLike, *, unit: Optional[str] = None,
                  plan: str = "pudong-goc-2024") -> "Cursor[Reminder]":
        """Reminders (催报) of a plan as of a date, grouped by unit with its
        contact: :meth:`Reports.reminders` (``goc_reminder_list()``)."""
        return self.reports.reminders(plan, as_of, unit=unit)

    def scorecard(self, plan: str, as_of: DateLike,
                  by: Union[ScoreBy, str] = ScoreBy.PLAN) -> "Cursor[Score]":
        """The scorecard of a plan as of a date, grouped ``by`` plan (one row
        per KPI), section, zone or unit; the last row is the total (key
        None) (``goc_scorecard()``).  Raises NotFoundError for an unknown
        plan, InvalidInputError."""
        return self._cursor(_s.goc_scorecard, _s.goc_cursor_score, R.read_score,
                            plan, _date(as_of, "as_of"), ScoreBy.to_c(by))


class Cursor(Generic[T]):
    """A forward-only iterator over the rows of a list (``goc_cursor``).

    Each row is copied into a record before the next step.  The cursor
    keeps its database object alive; once the database is closed, stepping
    raises :class:`goc.ClosedError`.  An exhausted cursor frees its C
    cursor at once; :meth:`close` (or a ``with`` block) frees it early.
    """

    __slots__ = ("_db", "_ptr", "_row", "_read", "_done", "_args", "__weakref__")

    def __init__(self, db: Database, ptr: Any, row: Callable[[Any], Any],
                 read: Callable[[Any], T], args: tuple = ()) -> None:
        self._db = db
        self._ptr = ptr
        self._row = row
        self._read = read
        self._done = False
        self._args = args  # kept alive until the C cursor is freed

    def __iter__(self) -> "Cursor[T]":
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        db = self._db
        db._enter()
        try:
            ptr = self._ptr
            if ptr is None:            # closed by another thread meanwhile
                raise StopIteration
            try:
                rc = _s.goc_cursor_next(ptr)
            except BaseException:
                self._finish()         # a failed cursor would restart: end it
                raise
            if rc != _ROW:
                self._finish()
                raise StopIteration
            return self._read(self._row(ptr))
        finally:
            db._exit()

    def _finish(self) -> None:
        # called with the handle taken
        self._done = True
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            _s.goc_cursor_free(ptr)

    def _release(self, blocking: bool) -> None:
        h = self._db._h
        if h.lock.acquire(blocking=blocking):
            try:
                self._done = True
                ptr, self._ptr = self._ptr, None
                if ptr is not None:
                    if h.busy is not None:  # inside a progress callback: later
                        h.pending.append(ptr)
                    else:                   # also fine after goc_db_close()
                        _s.goc_cursor_free(ptr)
            finally:
                h.lock.release()
        else:
            # from __del__ while another thread uses the handle: nobody else
            # can reach this cursor any more; freed at the handle's release
            self._done = True
            ptr, self._ptr = self._ptr, None
            if ptr is not None:
                h.pending.append(ptr)

    def close(self) -> None:
        """Free the cursor now (``goc_cursor_free()``).  Harmless twice."""
        self._release(blocking=True)

    def fetchall(self) -> List[T]:
        """The remaining rows as a list."""
        return list(self)

    def __enter__(self) -> "Cursor[T]":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self._release(blocking=False)   # never block in a finalizer
        except Exception:
            pass

    def __repr__(self) -> str:
        return "<goc.Cursor of %s%s>" % (getattr(self._read, "__name__", "?")[5:],
                                         " done" if self._done else "")


class _Area:
    __slots__ = ("_db",)

    def __init__(self, db: Database) -> None:
        self._db = db

    def __repr__(self) -> str:
        return "<goc.%s of %r>" % (type(self).__name__, self._db)


# ---- the register ----

class Units(_Area):
    """Responsible units (责任单位): ``db.units``."""

    def create(self, code: str, name_zh: str, kind: Union[UnitKind, str], *,
               name_en: Optional[str] = None, contact: Optional[str] = None,
               phone: Optional[str] = None, email: Optional[str] = None) -> None:
        """Register a unit (``goc_unit_create()``), optionally with whom to
        remind (contact person, phone, e-mail).  Raises InvalidInputError
        (naming the field), ExistsError if the code or a name is taken by a
        unit or group."""
        self._db._call(_s.goc_unit_create, {
            "code": code, "name_zh": name_zh, "name_en": name_en,
            "kind": UnitKind.to_c(kind), "contact": contact, "phone": phone,
            "email": email})

    def set_contact(self, code: str, *, contact: Optional[str] = None,
                    phone: Optional[str] = None, email: Optional[str] = None) -> None:
        """Set whom to remind for a unit (``goc_unit_set_contact()``): None
        keeps a value, "" clears it.  InvalidInputError (an e-mail that is
        not an address, naming "email"), NotFoundError, NotPermittedError."""
        self._db._call(_s.goc_unit_set_contact, code, contact, phone, email)

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Register many units in one transaction: each item is a mapping of
        :meth:`create`'s arguments."""
        self._db._bulk(self.create, items, "units.create_many")

    def get(self, code: str) -> Unit:
        """A unit by code (``goc_unit_get()``); NotFoundError."""
        return self._db._get(_s.goc_unit_get, _s.goc_unit_free, R.read_unit, code)

    def find(self, name: str) -> Unit:
        """A unit by code, Chinese name or English name (case-insensitive)
        (``goc_unit_find()``); NotFoundError."""
        return self._db._get(_s.goc_unit_find, _s.goc_unit_free, R.read_unit, name)

    def list(self, *, kind: Union[UnitKind, str, None] = None) -> Cursor[Unit]:
        """Units ordered by code, optionally of one kind (``goc_unit_list()``)."""
        return self._db._cursor(_s.goc_unit_list, _s.goc_cursor_unit, R.read_unit,
                                UnitKind.to_c(kind))

    def set_access(self, code: str, access: Union[Access, str]) -> None:
        """Set a unit's access role (``goc_unit_set_access()``); only an
        administrator or the system actor may: NotPermittedError."""
        self._db._call(_s.goc_unit_set_access, code, Access.to_c(access))

    def access(self, code: str) -> Access:
        """A unit's access role (``goc_unit_access()``); NotFoundError."""
        return Access.from_c(self._db._call(_s.goc_unit_access, code))

    def set_reviewer(self, code: str, yes: bool = True) -> None:
        """Make a unit a reviewing unit, one that records risk reviews, or
        (``yes=False``) stop it being one (``goc_unit_set_reviewer()``);
        only an administrator or the system actor may: NotPermittedError."""
        if not isinstance(yes, bool):
            raise TypeError("yes: expected bool, not %s" % type(yes).__name__)
        self._db._call(_s.goc_unit_set_reviewer, code, 1 if yes else 0)

    def is_reviewer(self, code: str) -> bool:
        """Whether a unit records risk reviews (``goc_unit_is_reviewer()``);
        NotFoundError."""
        return bool(self._db._call(_s.goc_unit_is_reviewer, code))


class Groups(_Area):
    """Unit groups (各管理局, 各行业主管部门 …): ``db.groups``."""

    def create(self, code: str, name_zh: str, *, name_en: Optional[str] = None) -> None:
        """Register a group (``goc_group_create()``); InvalidInputError,
        ExistsError (codes are shared with units)."""
        self._db._call(_s.goc_group_create, code, name_zh, name_en)

    def add_member(self, group: str, unit: str) -> None:
        """Add a unit to a group; twice is a no-op (``goc_group_add_member()``).
        NotFoundError for an unknown group or unit."""
        self._db._call(_s.goc_group_add_member, group, unit)

    def remove_member(self, group: str, unit: str) -> None:
        """Remove a unit from a group (``goc_group_remove_member()``);
        NotFoundError if it is not a member."""
        self._db._call(_s.goc_group_remove_member, group, unit)

    def get(self, code: str) -> Group:
        """A group by code (``goc_group_get()``); NotFoundError."""
        return self._db._get(_s.goc_group_get, _s.goc_group_free, R.read_group, code)

    def list(self) -> Cursor[Group]:
        """Groups ordered by code (``goc_group_list()``)."""
        return self._db._cursor(_s.goc_group_list, _s.goc_cursor_group, R.read_group)

    def members(self, group: str) -> Cursor[Unit]:
        """A group's member units ordered by code (``goc_group_members()``)."""
        return self._db._cursor(_s.goc_group_members, _s.goc_cursor_unit, R.read_unit,
                                group)


class Zones(_Area):
    """Zones (集聚区) and their facts: ``db.zones``."""

    def create(self, code: str, name_zh: str, *, name_en: Optional[str] = None,
               focus: Union[Category, str, None] = None,
               bureau: Optional[str] = None) -> None:
        """Register a zone (``goc_zone_create()``); focus is the category it
        concentrates on (None: general), bureau its managing unit.
        InvalidInputError, NotFoundError (bureau), ExistsError."""
        self._db._call(_s.goc_zone_create, {
            "code": code, "name_zh": name_zh, "name_en": name_en,
            "focus": Category.to_c(focus), "bureau": bureau})

    def get(self, code: str) -> Zone:
        """A zone by code (``goc_zone_get()``); NotFoundError."""
        return self._db._get(_s.goc_zone_get, _s.goc_zone_free, R.read_zone, code)

    def list(self) -> Cursor[Zone]:
        """Zones ordered by code (``goc_zone_list()``)."""
        return self._db._cursor(_s.goc_zone_list, _s.goc_cursor_zone, R.read_zone)

    def set_facts(self, zone: str, date: DateLike, office_space: bool, *,
                  contact: Optional[str] = None) -> None:
        """State a zone's facts from a date on: free office space offered,
        the named contact person (``goc_zone_set_facts()``).
        InvalidInputError, NotFoundError, ExistsError (a statement on that
        date already)."""
        self._db._call(_s.goc_zone_set_facts, zone, _date(date), 1 if office_space else 0,
                       contact)

    def facts(self, zone: str, as_of: DateLike) -> ZoneFact:
        """The zone's facts in force on a date (``goc_zone_facts()``);
        NotFoundError for an unknown zone or no statement by then."""
        return self._db._get(_s.goc_zone_facts, _s.goc_zone_fact_free, R.read_zone_fact,
                             zone, _date(as_of, "as_of"))


# ---- organizations ----

class Orgs(_Area):
    """International economic organizations (国际经济组织): ``db.orgs``."""

    def create(self, name_zh: str, category: Union[Category, str], date: DateLike, *,
               name_en: Optional[str] = None, origin: Union[Origin, str, None] = None,
               zone: Optional[str] = None, unit: Optional[str] = None,
               id_scheme: Optional[str] = None, id_value: Optional[str] = None,
               notes: Optional[str] = None) -> int:
        """Register an organization in stage ``target`` on ``date``; returns
        its id (``goc_org_create()``).  Raises InvalidInputError (naming the
        field), NotFoundError (zone, unit), ExistsError (name, identifier)."""
        return self._db._call(_s.goc_org_create, {
            "name_zh": name_zh, "name_en": name_en,
            "category": Category.to_c(category), "origin": Origin.to_c(origin),
            "zone": zone, "unit": unit, "id_scheme": id_scheme, "id_value": id_value,
            "notes": notes, "date": _date(date)})

    def import_table(self, data: Union[str, bytes, "os.PathLike[str]"], *,
                     sheet: Optional[str] = None,
                     encoding: Optional[str] = None) -> List[int]:
        """Register the organizations of a table — CSV in UTF-8 or GB18030,
        or an .xlsx workbook (the sheet named, or the first) — in one
        write, all or none (``goc_org_import_table()``).  The first row
        names the columns (name_zh, category and date required).  Returns
        the new ids.  InvalidInputError names the line and column or the
        cell ("Sheet1!D6: zone: …"); NotFoundError, ExistsError."""
        n, first, last = self._db._call(_s.goc_py_org_import, _data(data),
                                        {"sheet": sheet, "encoding": encoding})
        return list(range(first, last + 1)) if n else []

    def create_many(self, items: Iterable[Mapping[str, Any]], *,
                    progress: Optional[Callable[[int, int], Any]] = None) -> List[int]:
        """Register many organizations in one write (``goc_org_create_many()``,
        ``goc_org_create_many_ext()``): all of them or, on any error, none —
        also inside the caller's transaction, which stays open.  Each item
        is a mapping of :meth:`create`'s keyword arguments; they are
        converted in C, in one call.  Returns the ids in order.  Errors are
        those of :meth:`create` for the first item that fails, its index in
        the message (``fields[12]: zone: …``), as the error's ``index`` and in
        a note; TypeError for
        an item that is not a mapping or has an unknown or missing keyword.

        Speed: the rows are written 32 to a statement.  Outside a
        transaction the list may be as long as you like; inside one
        (``with db.transaction():``) lists of up to about 1,000 cost the
        same per item and lists of 10,000 about a quarter more (see
        ``goc_org_create_many()``).

        ``progress(done, total)`` is called after each organization is
        written: a true result cancels (CancelledError), an exception
        cancels and propagates; nothing is written then.  On the main
        thread, Ctrl-C (KeyboardInterrupt, or whatever the SIGINT handler
        raises) cancels the call the same way, within about 50 ms, instead
        of waiting for it to commit."""
        try:
            return self._db._call_busy("orgs.create_many()", _s.goc_py_org_create_many,
                                       items, progress, _on_main_thread())
        except Error as e:
            # e.index comes from goc_org_create_many_v2()'s out-parameter
            if e.index is not None and hasattr(e, "add_note"):
                e.add_note("orgs.create_many: item %d, nothing was written" % e.index)
            raise

    def update(self, id: int, *, name_zh: Any = UNCHANGED, name_en: Any = UNCHANGED,
               category: Any = UNCHANGED, origin: Any = UNCHANGED, zone: Any = UNCHANGED,
               unit: Any = UNCHANGED, id_scheme: Any = UNCHANGED,
               id_value: Any = UNCHANGED, notes: Any = UNCHANGED) -> None:
        """Change descriptive fields (``goc_org_update()``): keywords left
        out stay unchanged, None clears an optional one.  The stage changes
        only with :meth:`set_stage`."""
        self._db._call(_s.goc_org_update, id, _changes(dict(
            name_zh=name_zh, name_en=name_en, category=category, origin=origin,
            zone=zone, unit=unit, id_scheme=id_scheme, id_value=id_value, notes=notes),
            {"category": Category.to_c, "origin": Origin.to_c}))

    def delete(self, id: int) -> None:
        """Delete an organization registered by mistake (``goc_org_delete()``).
        ConstraintError once it has history, reviews or a milestone."""
        self._db._call(_s.goc_org_delete, id)

    def get(self, id: int) -> Org:
        """An organization by id (``goc_org_get()``); NotFoundError."""
        return self._db._get(_s.goc_org_get, _s.goc_org_free, R.read_org, id)

    def find(self, name: str) -> Org:
        """An organization by Chinese or English name, compared by normalized
        form (:func:`goc.name_key`: "ＡＢＣ" finds "ABC") (``goc_org_find()``);
        NotFoundError."""
        return self._db._get(_s.goc_org_find, _s.goc_org_free, R.read_org, name)

    def name_collisions(self) -> Cursor[Org]:
        """Organizations whose Chinese or English names share a normalized
        form with another's (``goc_org_name_collisions()``): look-alikes
        stored before schema 7, kept by its migration.  Groups of Chinese
        names first, then of English names, each by form and then id; group
        them with :func:`goc.name_key`."""
        return self._db._cursor(_s.goc_org_name_collisions, _s.goc_cursor_org, R.read_org)

    def list(self, *, zone: Optional[str] = None, unit: Optional[str] = None,
             stage: Union[Stage, str, None] = None,
             category: Union[Category, str, None] = None,
             origin: Union[Origin, str, None] = None,
             hq: Optional[bool] = None) -> Cursor[Org]:
        """Organizations ordered by id, filtered (``goc_org_list()``); hq
        True/False: with/without a regional-HQ milestone.  zone and unit by
        code or name ("陆家嘴"), the vocabularies by name or label
        (:meth:`goc.Database.resolve`)."""
        return self._db._cursor(_s.goc_org_list, _s.goc_cursor_org, R.read_org, {
            "zone": self._db._filter_code("zone", zone), "unit": self._db._filter_code("unit", unit),
            "stage": Stage.to_c(stage),
            "category": Category.to_c(category), "origin": Origin.to_c(origin),
            "hq": _tri(hq)})

    def set_stage(self, id: int, stage: Union[Stage, str], date: DateLike, *,
                  unit: Optional[str] = None, note: Optional[str] = None) -> None:
        """Move an organization to another stage on a date, recorded by
        ``unit`` (default: the acting unit) (``goc_org_set_stage()``).
        StateError for an illegal move or landing without a cleared risk
        review; InvalidInputError (date before the history, no unit …);
        NotFoundError."""
        self._db._call(_s.goc_org_set_stage, id, Stage.to_c(stage), _date(date), unit,
                       note)

    def review(self, id: int, outcome: Union[ReviewOutcome, str], date: DateLike, *,
               unit: Optional[str] = None, note: Optional[str] = None) -> int:
        """Record a risk review; returns its id (``goc_org_review()``).
        Only a reviewing unit (:meth:`Units.set_reviewer`) or an
        administrator may, and a unit only in its own name and not on an
        organization it follows: NotPermittedError."""
        return self._db._call(_s.goc_org_review, id, ReviewOutcome.to_c(outcome),
                              _date(date), unit, note)

    def request_review(self, id: int, date: DateLike, *, note: Optional[str] = None) -> int:
        """Ask the reviewing units for a risk review of an organization (its
        following unit or an administrator); returns the request's id
        (``goc_org_request_review()``).  The next review answers it;
        ExistsError while one is waiting."""
        return self._db._call(_s.goc_org_request_review, id, _date(date), note)

    def review_requests(self, id: Optional[int] = None, *,
                        pending: bool = True) -> Cursor[ReviewRequest]:
        """Review requests in order of recording, of one organization or
        (``id=None``) of all; only those still waiting unless
        ``pending=False`` (``goc_org_review_requests()``)."""
        which = ReviewRequests.to_c(ReviewRequests.PENDING if pending else ReviewRequests.ALL)
        return self._db._cursor(_s.goc_org_review_requests, _s.goc_cursor_review_request,
                                R.read_review_request, 0 if id is None else id, which)

    def set_hq(self, id: int, date: DateLike, *, unit: Optional[str] = None,
               note: Optional[str] = None) -> None:
        """Record the regional-headquarters milestone (区域总部)
        (``goc_org_set_hq()``).  StateError unless landed or operating;
        ExistsError if it has one."""
        self._db._call(_s.goc_org_set_hq, id, _date(date), unit, note)

    def landed_date(self, id: int, as_of: Optional[DateLike] = None) -> Optional[datetime.date]:
        """The date the organization first entered ``landed``, counting the
        history dated by ``as_of`` (None: all of it); None if it had not
        landed by then (``goc_org_landed_date()``).  A later withdrawal or
        a second landing does not change it.  NotFoundError."""
        d = self._db._call(_s.goc_org_landed_date, id, _date(as_of, "as_of"))
        return None if d is None else datetime.date.fromisoformat(d)

    def history(self, id: int) -> Cursor[StageChange]:
        """The stage history, oldest first (``goc_org_history()``)."""
        return self._db._cursor(_s.goc_org_history, _s.goc_cursor_stage_change,
                                R.read_stage_change, id)

    def reviews(self, id: int) -> Cursor[Review]:
        """The risk reviews in order of recording (``goc_org_reviews()``)."""
        return self._db._cursor(_s.goc_org_reviews, _s.goc_cursor_review, R.read_review,
                                id)


# ---- plans ----

class Plans(_Area):
    """Plans (行动方案), their interchange and responsibility matrix: ``db.plans``."""

    def create(self, code: str, title_zh: str, *, title_en: Optional[str] = None,
               issuer: Optional[str] = None, issued: Optional[DateLike] = None,
               source: Optional[str] = None, start: Optional[DateLike] = None,
               end: Optional[DateLike] = None) -> None:
        """Create an empty plan (``goc_plan_create()``).  InvalidInputError
        (naming the field), ExistsError."""
        self._db._call(_s.goc_plan_create, {
            "code": code, "title_zh": title_zh, "title_en": title_en, "issuer": issuer,
            "issued": _date(issued, "issued"), "source": source,
            "start": _date(start, "start"), "end": _date(end, "end")})

    def delete(self, code: str) -> None:
        """Delete a plan with its goals, tasks and assignments
        (``goc_plan_delete()``); ConstraintError while it has reports."""
        self._db._call(_s.goc_plan_delete, code)

    def set_reporting(self, code: str, cycle: Union[ReportCycle, str],
                      deadline_days: int) -> None:
        """Set a plan's reporting cycle and deadline, in calendar days after
        each period (``goc_plan_set_reporting()``; a new plan reports
        quarterly, 10 days).  InvalidInputError ("cycle",
        "deadline_days"), NotFoundError, NotPermittedError."""
        if isinstance(deadline_days, bool) or not isinstance(deadline_days, int):
            raise TypeError("deadline_days: expected int, not %s" % type(deadline_days).__name__)
        self._db._call(_s.goc_plan_set_reporting, code, ReportCycle.to_c(cycle), deadline_days)

    def get(self, code: str) -> Plan:
        """A plan by code (``goc_plan_get()``); NotFoundError."""
        return self._db._get(_s.goc_plan_get, _s.goc_plan_free, R.read_plan, code)

    def list(self) -> Cursor[Plan]:
        """Plans ordered by code (``goc_plan_list()``)."""
        return self._db._cursor(_s.goc_plan_list, _s.goc_cursor_plan, R.read_plan)

    def load(self, name: str = "pudong-goc-2024") -> None:
        """Load a built-in plan with the reference data it needs; a no-op if
        it is there (``goc_plan_load()``).  NotFoundError for an unknown name."""
        self._db._call(_s.goc_plan_load, name)

    def export_json(self, code: str) -> str:
        """The whole plan as JSON in the documented format (deterministic)
        (``goc_plan_export_json()``); NotFoundError."""
        return self._db._call(_s.goc_plan_export_json, code)

    def _import(self, table: int, data: Any, options: dict,
                progress: Optional[Callable[[int, int], Any]]) -> None:
        self._db._call_busy("a plan import", _s.goc_py_plan_import, table, _data(data),
                            options, progress, _on_main_thread())

    def import_json(self, data: Union[str, bytes, "os.PathLike[str]"], *,
                    plan: Optional[str] = None, replace: bool = False,
                    progress: Optional[Callable[[int, int], Any]] = None) -> None:
        """Import a plan from JSON (str, bytes, or a path to read); atomic
        (``goc_plan_import_json()``).  ``plan`` overrides the file's code;
        ``replace`` replaces a plan of the same code.  ``progress(done,
        total)`` is called as it goes: a true result cancels
        (CancelledError), an exception cancels and propagates; nothing is
        written then.  InvalidInputError (with line and column, or the
        path of the bad value), NotFoundError, ExistsError, ConstraintError."""
        self._import(0, data, {
            "flags": _s.GOC_IMPORT_REPLACE if replace else 0, "plan": plan}, progress)

    def import_table(self, plan: str, data: Union[str, bytes, "os.PathLike[str]"], *,
                     replace: bool = False, create_units: bool = False,
                     encoding: Optional[str] = None, delimiter: Optional[str] = None,
                     progress: Optional[Callable[[int, int], Any]] = None) -> None:
        """Import a task decomposition table (任务分解表, CSV/TSV, UTF-8 or
        GB18030) into an existing plan without tasks
        (``goc_plan_import_table()``).  ``replace`` removes its tasks first;
        ``create_units`` registers unknown unit names; ``encoding`` and
        ``delimiter`` (',' or '\\t') are detected when None; ``progress`` as
        in :meth:`import_json`.  Give bytes (or a path) for a GB18030 file."""
        flags = (_s.GOC_IMPORT_REPLACE if replace else 0) | \
            (_s.GOC_IMPORT_CREATE_UNITS if create_units else 0)
        self._import(1, data, {"flags": flags, "plan": plan, "encoding": encoding,
                               "delimiter": delimiter}, progress)

    def matrix(self, plan: str) -> Cursor[Assignment]:
        """The responsibility matrix: one row per unit and task it answers
        for (groups expanded, inheritance applied) (``goc_plan_matrix()``)."""
        return self._db._cursor(_s.goc_plan_matrix, _s.goc_cursor_assignment,
                                R.read_assignment, plan)


class Goals(_Area):
    """Headline goals (主要目标) of plans: ``db.goals``."""

    def create(self, plan: str, code: str, title_zh: str, *,
               title_en: Optional[str] = None, text: Optional[str] = None) -> None:
        """Add a goal to a plan (``goc_goal_create()``); NotFoundError,
        ExistsError, InvalidInputError."""
        self._db._call(_s.goc_goal_create, {
            "plan": plan, "code": code, "title_zh": title_zh, "title_en": title_en,
            "text": text})

    def list(self, plan: str) -> Cursor[Goal]:
        """A plan's goals in order (``goc_goal_list()``)."""
        return self._db._cursor(_s.goc_goal_list, _s.goc_cursor_goal, R.read_goal, plan)


def _resp_flags(expand: bool, inherit: bool) -> int:
    return (_s.GOC_RESP_EXPAND if expand else 0) | (_s.GOC_RESP_INHERIT if inherit else 0)


class Tasks(_Area):
    """The task tree of plans and who answers for each task: ``db.tasks``."""

    def create(self, plan: str, code: str, level: Union[TaskLevel, str], *,
               parent: Optional[str] = None, label: Optional[str] = None,
               title_zh: Optional[str] = None, title_en: Optional[str] = None,
               text: Optional[str] = None, due: Optional[DateLike] = None,
               recurrence: Union[Recurrence, str, None] = None) -> None:
        """Add a task as the last child of ``parent`` (None for a section)
        (``goc_task_create()``).  A title or a text is required."""
        self._db._call(_s.goc_task_create, {
            "plan": plan, "code": code, "parent": parent, "level": TaskLevel.to_c(level),
            "label": label, "title_zh": title_zh, "title_en": title_en, "text": text,
            "due": _date(due, "due"), "recurrence": Recurrence.to_c(recurrence)})

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Add many tasks in one transaction (mappings of :meth:`create`'s
        arguments)."""
        self._db._bulk(self.create, items, "tasks.create_many")

    def update(self, plan: str, code: str, *, label: Any = UNCHANGED,
               title_zh: Any = UNCHANGED, title_en: Any = UNCHANGED, text: Any = UNCHANGED,
               due: Any = UNCHANGED, recurrence: Any = UNCHANGED) -> None:
        """Amend a task's wording, due date or recurrence (``goc_task_update()``):
        keywords left out stay unchanged, None clears an optional one (a
        title or a text must remain).  Its place in the plan, status and
        units change only through their own calls."""
        if due is not UNCHANGED and due is not None:
            due = _date(due, "due")
        self._db._call(_s.goc_task_update, plan, code, _changes(dict(
            label=label, title_zh=title_zh, title_en=title_en, text=text, due=due,
            recurrence=recurrence), {"recurrence": Recurrence.to_c}))

    def set_status(self, plan: str, code: str, status: Union[TaskStatus, str],
                   date: DateLike) -> None:
        """Set a task's status from a date (``goc_task_set_status()``)."""
        self._db._call(_s.goc_task_set_status, plan, code, TaskStatus.to_c(status),
                       _date(date))

    def get(self, plan: str, code: str) -> Task:
        """A task (``goc_task_get()``); NotFoundError."""
        return self._db._get(_s.goc_task_get, _s.goc_task_free, R.read_task, plan, code)

    def list(self, plan: str, *, parent: Optional[str] = None,
             level: Union[TaskLevel, str, None] = None,
             status: Union[TaskStatus, str, None] = None,
             overdue_as_of: Optional[DateLike] = None,
             unit: Optional[str] = None) -> Cursor[Task]:
        """A plan's tasks in tree order (``goc_task_list()``); parent=""
        gives the sections; unit: tasks it answers for (directly, through a
        group or inherited)."""
        return self._db._cursor(_s.goc_task_list, _s.goc_cursor_task, R.read_task, plan, {
            "parent": parent, "level": TaskLevel.to_c(level),
            "status": TaskStatus.to_c(status),
            "overdue_as_of": _date(overdue_as_of, "overdue_as_of"), "unit": unit})

    def assign(self, plan: str, task: str, party: str, role: Union[Role, str]) -> None:
        """Assign a unit or group to a task with a role; again changes the
        role (``goc_task_assign()``)."""
        self._db._call(_s.goc_task_assign, plan, task, party, Role.to_c(role))

    def unassign(self, plan: str, task: str, party: str) -> None:
        """Remove a party's own assignment (``goc_task_unassign()``)."""
        self._db._call(_s.goc_task_unassign, plan, task, party)

    def units(self, plan: str, task: str, *, expand: bool = False,
              inherit: bool = False) -> Cursor[Assignment]:
        """Who answers for a task, leads first (``goc_task_units()``);
        expand: groups to their members; inherit: include the ancestors'."""
        return self._db._cursor(_s.goc_task_units, _s.goc_cursor_assignment,
                                R.read_assignment, plan, task, _resp_flags(expand, inherit))

    def of_party(self, plan: str, party: str, *, expand: bool = False,
                 inherit: bool = False) -> Cursor[Assignment]:
        """What a unit or group answers for in a plan, in tree order
        (``goc_unit_tasks()``)."""
        return self._db._cursor(_s.goc_unit_tasks, _s.goc_cursor_assignment,
                                R.read_assignment, plan, party, _resp_flags(expand, inherit))


class Reports(_Area):
    """Progress reports (append-only, corrected by superseding): ``db.reports``."""

    def submit(self, plan: str, task: str, period: str, date: DateLike,
               status: Union[TaskStatus, str], *, unit: Optional[str] = None,
               percent: Optional[int] = None, text: Optional[str] = None,
               evidence: Optional[str] = None, supersedes: Optional[int] = None) -> int:
        """Submit a report; returns its id (``goc_report_submit()``).
        ``unit`` defaults to the acting unit; ``supersedes`` names the report
        it corrects.  NotPermittedError if the unit does not answer for the
        task; StateError if the corrected report is already superseded."""
        return self._db._call(_s.goc_report_submit, {
            "plan": plan, "task": task, "unit": unit, "period": period,
            "date": _date(date), "status": TaskStatus.to_c(status),
            "percent": _s.GOC_PERCENT_NONE if percent is None else percent,
            "text": text, "evidence": evidence, "supersedes": supersedes or 0})

    def import_table(self, data: Union[str, bytes, "os.PathLike[str]"], *,
                     sheet: Optional[str] = None, encoding: Optional[str] = None,
                     plan: Optional[str] = None, unit: Optional[str] = None,
                     period: Optional[str] = None) -> Tuple[int, int, int]:
        """Import progress reports from a filled template — an .xlsx
        workbook (the sheet named, or the first) or CSV in UTF-8 or GB18030
        — all or none (``goc_report_import_table()``).  Returns (added,
        unchanged, skipped): a row equal to a report on record is unchanged,
        so importing the same file twice adds nothing.  ``plan``, ``unit``
        and ``period`` stand in for a table that names none.
        InvalidInputError lists every error, one a line, with its sheet,
        row and column ("Sheet1!F7: status: …"); NotFoundError,
        NotPermittedError."""
        r = self._db._call(_s.goc_py_report_import, _data(data), {
            "sheet": sheet, "encoding": encoding, "plan": plan, "unit": unit,
            "period": period})
        return (r[0], r[1], r[2])

    def submit_many(self, items: Iterable[Mapping[str, Any]]) -> List[int]:
        """Submit many reports in one transaction; returns the ids."""
        return self._db._bulk(self.submit, items, "reports.submit_many")

    def get(self, id: int) -> Report:
        """A report by id (``goc_report_get()``); NotFoundError."""
        return self._db._get(_s.goc_report_get, _s.goc_report_free, R.read_report, id)

    def list(self, plan: str, *, task: Optional[str] = None, unit: Optional[str] = None,
             period: Optional[str] = None,
             include_superseded: bool = False) -> Cursor[Report]:
        """A plan's reports in order of submission (``goc_report_list()``)."""
        return self._db._cursor(_s.goc_report_list, _s.goc_cursor_report, R.read_report,
                                plan, {"task": task, "unit": unit, "period": period,
                                       "include_superseded": 1 if include_superseded else 0})

    def latest(self, plan: str, as_of: Optional[DateLike] = None) -> Cursor[Report]:
        """The latest report of each task and unit (``goc_report_latest()``);
        with ``as_of``, as the record stood on that date: reports and
        corrections dated by then (``goc_report_latest_as_of()``)."""
        if as_of is None:
            return self._db._cursor(_s.goc_report_latest, _s.goc_cursor_report,
                                    R.read_report, plan)
        return self._db._cursor(_s.goc_report_latest_as_of, _s.goc_cursor_report,
                                R.read_report, plan, _date(as_of, "as_of"))

    def dossier(self, plan: str, as_of: DateLike, *, unit: Optional[str] = None,
                task: Optional[str] = None, leaves: bool = False) -> Cursor[DossierRow]:
        """The dossier rows as of a date (``goc_dossier_list()``): one per unit
        and task it answers for, each unit once per task with its strongest
        role, by unit code then tree order — with ``unit``, that unit's
        dossier; with ``task``, the task's responsible units; ``leaves``
        keeps the tasks without children.  Each row has the unit's latest
        report as of the date, whether the task is overdue and the quarters
        it has not reported on (goc/report.h has the rules)."""
        return self._db._cursor(_s.goc_dossier_list, _s.goc_cursor_dossier_row,
                                R.read_dossier_row, plan, _date(as_of, "as_of"),
                                {"unit": unit, "task": task,
                                 "flags": _s.GOC_DOSSIER_LEAVES if leaves else 0})

    def missing(self, plan: str, period: str, *,
                as_of: Optional[DateLike] = None) -> Cursor[Assignment]:
        """Units that have not reported on a leaf task they answer for in
        ``period`` (``goc_report_missing()``); with ``as_of``, by the
        plan's deadline: reports dated by then, none missing before the
        period's deadline (``goc_report_missing_as_of()``)."""
        if as_of is None:
            return self._db._cursor(_s.goc_report_missing, _s.goc_cursor_assignment,
                                    R.read_assignment, plan, period)
        return self._db._cursor(_s.goc_report_missing_as_of, _s.goc_cursor_assignment,
                                R.read_assignment, plan, period, _date(as_of, "as_of"))

    def deadline(self, plan: str, period: str) -> datetime.date:
        """The date by which reports for ``period`` are due under the plan's
        reporting (``goc_report_deadline()``)."""
        return datetime.date.fromisoformat(self._db._call(_s.goc_report_deadline, plan, period))

    def period(self, plan: str, date: DateLike) -> str:
        """The period of the plan's reporting cycle holding ``date``
        ("2025-Q3" quarterly) (``goc_report_period_of()``)."""
        return self._db._call(_s.goc_report_period_of, plan, _date(date, "date"))

    def reminders(self, plan: str, as_of: DateLike, *,
                  unit: Optional[str] = None) -> Cursor[Reminder]:
        """Reminders (催报) as of a date, grouped by unit with its contact
        (``goc_reminder_list()``): missing and late reports of every period
        whose deadline has passed, overdue tasks, the unit's KPI rows
        behind or at risk; ordered by unit, kind, tree order (goc/report.h)."""
        return self._db._cursor(_s.goc_reminder_list, _s.goc_cursor_reminder,
                                R.read_reminder, plan, _date(as_of, "as_of"), unit)


# ---- activity registers ----

def _activity_filter(unit: Optional[str] = None, zone: Optional[str] = None,
                     kind: int = 0, since: Optional[DateLike] = None,
                     until: Optional[DateLike] = None,
                     international: Optional[bool] = None, large: Optional[bool] = None,
                     org: Optional[int] = None, open: Optional[bool] = None) -> dict:
    return {"unit": unit, "zone": zone, "kind": kind, "from": _date(since, "since"),
            "to": _date(until, "until"), "international": _tri(international),
            "large": _tri(large), "org": org or 0, "open": _tri(open)}


class Partners(_Area):
    """The partner network (合作伙伴网络): ``db.partners``."""

    def create(self, name_zh: str, kind: Union[PartnerKind, str], unit: str,
               date: DateLike, *, name_en: Optional[str] = None,
               contact: Optional[str] = None, notes: Optional[str] = None) -> int:
        """Register a partner contacted by ``unit`` on ``date``; returns its
        id (``goc_partner_create()``)."""
        return self._db._call(_s.goc_partner_create, {
            "name_zh": name_zh, "name_en": name_en, "kind": PartnerKind.to_c(kind),
            "unit": unit, "date": _date(date), "contact": contact, "notes": notes})

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> List[int]:
        """Register many partners in one transaction; returns the ids."""
        return self._db._bulk(self.create, items, "partners.create_many")

    def update(self, id: int, *, name_zh: Any = UNCHANGED, name_en: Any = UNCHANGED,
               kind: Any = UNCHANGED, unit: Any = UNCHANGED, date: Any = UNCHANGED,
               contact: Any = UNCHANGED, notes: Any = UNCHANGED) -> None:
        """Change a partner (``goc_partner_update()``): keywords left out stay,
        None clears an optional field."""
        self._db._call(_s.goc_partner_update, id, _changes(dict(
            name_zh=name_zh, name_en=name_en, kind=kind, unit=unit, date=date,
            contact=contact, notes=notes), {"kind": PartnerKind.to_c, "date": _date}))

    def delete(self, id: int) -> None:
        """Delete a partner (``goc_partner_delete()``)."""
        self._db._call(_s.goc_partner_delete, id)

    def get(self, id: int) -> Partner:
        """A partner by id (``goc_partner_get()``); NotFoundError."""
        return self._db._get(_s.goc_partner_get, _s.goc_partner_free, R.read_partner, id)

    def list(self, *, unit: Optional[str] = None,
             kind: Union[PartnerKind, str, None] = None,
             since: Optional[DateLike] = None,
             until: Optional[DateLike] = None) -> Cursor[Partner]:
        """Partners by date then id (``goc_partner_list()``)."""
        return self._db._cursor(_s.goc_partner_list, _s.goc_cursor_partner,
                                R.read_partner, _activity_filter(
                                    unit=self._db._filter_code("unit", unit), kind=PartnerKind.to_c(kind), since=since,
                                    until=until))


class Experts(_Area):
    """The think tank (专家库): ``db.experts``."""

    def create(self, name: str, unit: str, date: DateLike, *,
               field: Optional[str] = None, affiliation: Optional[str] = None,
               notes: Optional[str] = None) -> int:
        """List an expert (by ``unit`` on ``date``); returns the id
        (``goc_expert_create()``).  ExistsError if the unit lists the name."""
        return self._db._call(_s.goc_expert_create, {
            "name": name, "field": field, "affiliation": affiliation, "unit": unit,
            "date": _date(date), "notes": notes})

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> List[int]:
        """List many experts in one transaction; returns the ids."""
        return self._db._bulk(self.create, items, "experts.create_many")

    def update(self, id: int, *, name: Any = UNCHANGED, field: Any = UNCHANGED,
               affiliation: Any = UNCHANGED, unit: Any = UNCHANGED, date: Any = UNCHANGED,
               notes: Any = UNCHANGED) -> None:
        """Change an expert (``goc_expert_update()``)."""
        self._db._call(_s.goc_expert_update, id, _changes(dict(
            name=name, field=field, affiliation=affiliation, unit=unit, date=date,
            notes=notes), {"date": _date}))

    def delete(self, id: int) -> None:
        """Delete an expert (``goc_expert_delete()``)."""
        self._db._call(_s.goc_expert_delete, id)

    def get(self, id: int) -> Expert:
        """An expert by id (``goc_expert_get()``); NotFoundError."""
        return self._db._get(_s.goc_expert_get, _s.goc_expert_free, R.read_expert, id)

    def list(self, *, unit: Optional[str] = None, since: Optional[DateLike] = None,
             until: Optional[DateLike] = None) -> Cursor[Expert]:
        """Experts by date then id (``goc_expert_list()``)."""
        return self._db._cursor(_s.goc_expert_list, _s.goc_cursor_expert, R.read_expert,
                                _activity_filter(unit=self._db._filter_code("unit", unit), since=since, until=until))


class Events(_Area):
    """Events (活动): ``db.events``."""

    def create(self, title_zh: str, date: DateLike, kind: Union[EventKind, str],
               unit: str, *, title_en: Optional[str] = None, zone: Optional[str] = None,
               international: bool = False, large: bool = False,
               notes: Optional[str] = None) -> int:
        """Record an event organized by ``unit``; returns its id
        (``goc_event_create()``)."""
        return self._db._call(_s.goc_event_create, {
            "title_zh": title_zh, "title_en": title_en, "date": _date(date), "zone": zone,
            "kind": EventKind.to_c(kind), "international": _tri(bool(international)),
            "large": _tri(bool(large)), "unit": unit, "notes": notes})

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> List[int]:
        """Record many events in one transaction; returns the ids."""
        return self._db._bulk(self.create, items, "events.create_many")

    def update(self, id: int, *, title_zh: Any = UNCHANGED, title_en: Any = UNCHANGED,
               date: Any = UNCHANGED, zone: Any = UNCHANGED, kind: Any = UNCHANGED,
               international: Any = UNCHANGED, large: Any = UNCHANGED,
               unit: Any = UNCHANGED, notes: Any = UNCHANGED) -> None:
        """Change an event (``goc_event_update()``)."""
        self._db._call(_s.goc_event_update, id, _changes(dict(
            title_zh=title_zh, title_en=title_en, date=date, zone=zone, kind=kind,
            international=international, large=large, unit=unit, notes=notes),
            {"date": _date, "kind": EventKind.to_c, "international": _tri,
             "large": _tri}))

    def delete(self, id: int) -> None:
        """Delete an event with its organizers and related organizations
        (``goc_event_delete()``)."""
        self._db._call(_s.goc_event_delete, id)

    def add_organizer(self, id: int, unit: str) -> None:
        """Add a co-organizing unit (``goc_event_add_organizer()``)."""
        self._db._call(_s.goc_event_add_organizer, id, unit)

    def add_org(self, id: int, org: int) -> None:
        """Relate an organization to the event (``goc_event_add_org()``)."""
        self._db._call(_s.goc_event_add_org, id, org)

    def get(self, id: int) -> Event:
        """An event by id (``goc_event_get()``); NotFoundError."""
        return self._db._get(_s.goc_event_get, _s.goc_event_free, R.read_event, id)

    def list(self, *, unit: Optional[str] = None, zone: Optional[str] = None,
             kind: Union[EventKind, str, None] = None, since: Optional[DateLike] = None,
             until: Optional[DateLike] = None, international: Optional[bool] = None,
             large: Optional[bool] = None, org: Optional[int] = None) -> Cursor[Event]:
        """Events by date then id (``goc_event_list()``); unit: any organizer."""
        return self._db._cursor(_s.goc_event_list, _s.goc_cursor_event, R.read_event,
                                _activity_filter(unit=self._db._filter_code("unit", unit),
                                                 zone=self._db._filter_code("zone", zone),
                                                 kind=EventKind.to_c(kind), since=since,
                                                 until=until, international=international,
                                                 large=large, org=org))


class Requests(_Area):
    """Service requests (诉求) from organizations: ``db.requests``."""

    def create(self, org: int, category: Union[RequestCategory, str], opened: DateLike,
               unit: str, summary: str, *, notes: Optional[str] = None) -> int:
        """Record a request, assigned to ``unit``; returns its id
        (``goc_request_create()``)."""
        return self._db._call(_s.goc_request_create, {
            "org": org, "category": RequestCategory.to_c(category),
            "opened": _date(opened, "opened"), "unit": unit, "summary": summary,
            "notes": notes})

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> List[int]:
        """Record many requests in one transaction; returns the ids."""
        return self._db._bulk(self.create, items, "requests.create_many")

    def update(self, id: int, *, org: Any = UNCHANGED, category: Any = UNCHANGED,
               opened: Any = UNCHANGED, unit: Any = UNCHANGED, summary: Any = UNCHANGED,
               notes: Any = UNCHANGED) -> None:
        """Change a request's fields (``goc_request_update()``)."""
        self._db._call(_s.goc_request_update, id, _changes(dict(
            org=org, category=category, opened=opened, unit=unit, summary=summary,
            notes=notes), {"org": int, "category": RequestCategory.to_c,
                           "opened": _date}))

    def resolve(self, id: int, date: DateLike, outcome: str) -> None:
        """Close a request (``goc_request_resolve()``); StateError if it is
        already resolved."""
        self._db._call(_s.goc_request_resolve, id, _date(date), outcome)

    def delete(self, id: int) -> None:
        """Delete a request (``goc_request_delete()``)."""
        self._db._call(_s.goc_request_delete, id)

    def get(self, id: int) -> Request:
        """A request by id (``goc_request_get()``); NotFoundError."""
        return self._db._get(_s.goc_request_get, _s.goc_request_free, R.read_request, id)

    def list(self, *, unit: Optional[str] = None,
             category: Union[RequestCategory, str, None] = None,
             since: Optional[DateLike] = None, until: Optional[DateLike] = None,
             org: Optional[int] = None, open: Optional[bool] = None) -> Cursor[Request]:
        """Requests by opening date then id (``goc_request_list()``);
        open=True: unresolved ones only."""
        return self._db._cursor(_s.goc_request_list, _s.goc_cursor_request,
                                R.read_request, _activity_filter(
                                    unit=self._db._filter_code("unit", unit), kind=RequestCategory.to_c(category),
                                    since=since, until=until, org=org, open=open))


# ---- KPIs ----

def _series_opts(start: Optional[DateLike], end: Optional[DateLike],
                 every: Union["Every", str, None], dates: Optional[Sequence[DateLike]],
                 kpi: Optional[str], member: Optional[str]) -> "dict[str, Any]":
    if dates is not None:  # an explicit list instead of a range
        return {"dates": [_date(d, "dates") for d in dates], "kpi": kpi, "member": member,
                "from": _date(start, "start"), "to": _date(end, "end"),
                "every": 0 if start is None and end is None else Every.to_c(every)}
    return {"from": _date(start, "start"), "to": _date(end, "end"),
            "every": Every.to_c(every), "kpi": kpi, "member": member}


class Kpis(_Area):
    """KPI definitions, targets, measurements and evaluation: ``db.kpis``."""

    def create(self, plan: str, code: str, name_zh: str, measure: Union[Measure, str],
               scope: Union[Scope, str], window: Union[Window, str], *,
               name_en: Optional[str] = None,
               members: Union[None, str, Sequence[str]] = None,
               start: Optional[DateLike] = None, end: Optional[DateLike] = None,
               baseline_date: Optional[DateLike] = None, baseline: float = 0.0,
               target_min: float = 0.0, target_max: Optional[float] = None,
               direction: Union[Direction, str, None] = None, weight: float = 0.0,
               at_risk: float = 0.0, stage: Union[Stage, str, None] = None,
               category: Union[Category, str, None] = None,
               origin: Union[Origin, str, None] = None,
               event_kind: Union[EventKind, str, None] = None,
               international: Optional[bool] = None, large: Optional[bool] = None,
               days: int = 0, tasks: Union[None, str, Sequence[str]] = None) -> None:
        """Define a KPI (``goc_kpi_create()``); see the C header for the
        measures, scopes, windows and roll-up rules.  members and tasks are
        sequences of codes; target_max None means no maximum; weight and
        at_risk 0 mean the defaults (1, 0.7).  InvalidInputError naming the
        field, NotFoundError, ExistsError."""
        self._db._call(_s.goc_kpi_create, {
            "plan": plan, "code": code, "name_zh": name_zh, "name_en": name_en,
            "measure": Measure.to_c(measure), "scope": Scope.to_c(scope),
            "members": _codes(members), "window": Window.to_c(window),
            "start": _date(start, "start"), "end": _date(end, "end"),
            "baseline_date": _date(baseline_date, "baseline_date"), "baseline": baseline,
            "target_min": target_min,
            "target_max": _s.GOC_NO_MAX if target_max is None else target_max,
            "direction": Direction.to_c(direction), "weight": weight, "at_risk": at_risk,
            "stage": Stage.to_c(stage), "category": Category.to_c(category),
            "origin": Origin.to_c(origin), "event_kind": EventKind.to_c(event_kind),
            "international": _tri(international), "large": _tri(large), "days": days,
            "tasks": _codes(tasks)})

    def set_target(self, plan: str, kpi: str, valid_from: DateLike, target_min: float,
                   target_max: Optional[float] = None, *,
                   member: Optional[str] = None) -> None:
        """Change a KPI's target from a date on, for every member or one
        (a zone's quota) (``goc_kpi_set_target()``)."""
        self._db._call(_s.goc_kpi_set_target, plan, kpi, member,
                       _date(valid_from, "valid_from"), float(target_min),
                       _s.GOC_NO_MAX if target_max is None else float(target_max))

    def delete(self, plan: str, code: str) -> None:
        """Delete a KPI with its targets and measurements (``goc_kpi_delete()``)."""
        self._db._call(_s.goc_kpi_delete, plan, code)

    def get(self, plan: str, code: str) -> Kpi:
        """A KPI definition (``goc_kpi_get()``); NotFoundError."""
        return self._db._get(_s.goc_kpi_get, _s.goc_kpi_free, R.read_kpi, plan, code)

    def list(self, plan: str) -> Cursor[Kpi]:
        """A plan's KPIs in order of definition (``goc_kpi_list()``)."""
        return self._db._cursor(_s.goc_kpi_list, _s.goc_cursor_kpi, R.read_kpi, plan)

    def evaluate(self, plan: str, as_of: DateLike, *,
                 kpi: Optional[str] = None) -> Cursor[KpiRow]:
        """Evaluate the plan's KPIs (or one) as of a date: one row per KPI,
        member and (annual windows) year (``goc_kpi_evaluate()``)."""
        return self._db._cursor(_s.goc_kpi_evaluate, _s.goc_cursor_kpi_row,
                                R.read_kpi_row, plan, kpi, _date(as_of, "as_of"))

    def evaluate_unit(self, plan: str, unit: str, as_of: DateLike) -> Cursor[KpiRow]:
        """The KPI rows a unit answers for as of a date
        (``goc_kpi_evaluate_unit()``): its own unit-scoped rows and the
        zone and zones rows of the zones it administers as bureau, in the
        order of :meth:`evaluate`; never the plan-wide rows."""
        return self._db._cursor(_s.goc_kpi_evaluate_unit, _s.goc_cursor_kpi_row,
                                R.read_kpi_row, plan, unit, _date(as_of, "as_of"))

    def series(self, plan: str, start: Optional[DateLike] = None,
               end: Optional[DateLike] = None, every: Union[Every, str] = Every.QUARTER, *,
               dates: Optional[Sequence[DateLike]] = None, kpi: Optional[str] = None,
               member: Optional[str] = None) -> Cursor[KpiRow]:
        """The KPI rows at every month or quarter end from start to end
        (both included) — or at the given dates instead — date after date,
        computed in one pass over the history and equal to :meth:`evaluate`
        at each date (``goc_kpi_series()``); each row's ``as_of`` is its
        date.  kpi: one
        KPI's rows; member: only the rows of that zone or unit.
        InvalidInputError naming the field, NotFoundError."""
        return self._db._cursor(_s.goc_kpi_series, _s.goc_cursor_kpi_row, R.read_kpi_row, plan,
                                _series_opts(start, end, every, dates, kpi, member))

    def score_series(self, plan: str, start: Optional[DateLike] = None,
                     end: Optional[DateLike] = None, every: Union[Every, str] = Every.QUARTER,
                     by: Union[ScoreBy, str] = ScoreBy.PLAN, *,
                     dates: Optional[Sequence[DateLike]] = None, kpi: Optional[str] = None,
                     member: Optional[str] = None) -> Cursor[Score]:
        """The scorecards by plan, zone or unit at every month or quarter
        end from start to end (or at the given dates), each date's rows
        ending with the total
        (``goc_score_series()``); the by-unit task columns read 0."""
        return self._db._cursor(_s.goc_score_series, _s.goc_cursor_score, R.read_score, plan,
                                _series_opts(start, end, every, dates, kpi, member),
                                ScoreBy.to_c(by))

    def record_measurement(self, plan: str, kpi: str, date: DateLike, value: float, *,
                           scope: Optional[str] = None, note: Optional[str] = None) -> None:
        """Record a value for a ``manual`` KPI, for a member (``scope``) or
        district-wide (``goc_measurement_record()``)."""
        self._db._call(_s.goc_measurement_record, plan, kpi, scope, _date(date),
                       float(value), note)

    def scorecard(self, plan: str, as_of: DateLike,
                  by: Union[ScoreBy, str] = ScoreBy.PLAN) -> Cursor[Score]:
        """Same as :meth:`Database.scorecard`."""
        return self._db.scorecard(plan, as_of, by)


class Audit(_Area):
    """The audit trail (``goc/audit.h``): ``db.audit``."""

    def list(self, *, actor: Optional[str] = None, object_kind: Optional[str] = None,
             object_id: Union[str, int, None] = None, action: Optional[str] = None,
             outcome: Union[AuditOutcome, str, None] = None,
             after_seq: int = 0) -> Cursor[R.AuditRecord]:
        """Records in sequence order (``goc_audit_list()``).  actor "" selects
        the system actor's records; outcome is an :class:`AuditOutcome`
        ("ok" or "denied")."""
        return self._db._cursor(_s.goc_audit_list, _s.goc_cursor_audit, R.read_audit, {
            "actor": actor, "object_kind": object_kind,
            "object_id": None if object_id is None else str(object_id),
            "action": action, "outcome": AuditOutcome.to_c(outcome),
            "after_seq": after_seq})

    def head(self) -> Tuple[int, str]:
        """The last record's sequence number and hash (``goc_audit_head()``),
        to keep elsewhere and pass back to :meth:`verify` as the anchor."""
        return self._db._call(_s.goc_audit_head)

    def verify(self, anchor: Optional[Tuple[int, str]] = None) -> int:
        """Check the hash chain (``goc_audit_verify()``); returns the number
        of records checked.  A bad chain raises CorruptError whose message
        names the first bad record (also its ``first_bad`` attribute)."""
        seq, digest = anchor if anchor is not None else (0, None)
        # goc_audit_verify() through goc_py_audit_verify(), which sets
        # CorruptError.first_bad from C's out-parameter
        return self._db._call(_s.goc_py_audit_verify, seq, digest)


# ---- people ----

class Users(_Area):
    """People who use the library (``goc/user.h``): ``db.users``.

    Adding, changing and disabling people and making tokens is for an
    administrator; a person (:meth:`Database.as_user`) may change her own
    password and list and revoke her own tokens."""

    def add(self, login: str, password: str, *, name: str, unit: str,
            phone: Optional[str] = None, email: Optional[str] = None) -> User:
        """Add a person (``goc_user_add()``) and return her record.
        InvalidInputError naming the field (login: 1-64 of a-z 0-9 . _ -;
        password: 8-1024 bytes), NotFoundError (unit), ExistsError (login
        taken), NotPermittedError."""
        self._db._call(_s.goc_user_add, {"login": login, "name": name, "unit": unit,
                                         "phone": phone, "email": email}, password)
        return self.get(login)

    def get(self, login: str) -> User:
        """A person by login (``goc_user_get()``); NotFoundError."""
        return self._db._get(_s.goc_user_get, _s.goc_user_free, R.read_user, login)

    def list(self, unit: Optional[str] = None) -> List[User]:
        """Everyone, or the people of a unit, by login (``goc_user_list()``)."""
        return builtins.list(self._db._cursor(_s.goc_user_list, _s.goc_cursor_user,
                                              R.read_user, unit))

    def update(self, login: str, *, name: Any = UNCHANGED, unit: Any = UNCHANGED,
               phone: Any = UNCHANGED, email: Any = UNCHANGED) -> None:
        """Change a person (``goc_user_update()``): None clears phone or
        email; the login never changes."""
        self._db._call(_s.goc_user_update, login, _changes(dict(
            name=name, unit=unit, phone=phone, email=email), {}))

    def disable(self, login: str) -> None:
        """Disable a person: no login, token or acting as her
        (``goc_user_set_disabled()``)."""
        self._db._call(_s.goc_user_set_disabled, login, 1)

    def enable(self, login: str) -> None:
        """Enable a disabled person again (``goc_user_set_disabled()``)."""
        self._db._call(_s.goc_user_set_disabled, login, 0)

    def set_password(self, login: str, password: str) -> None:
        """Set a person's password (``goc_user_set_password()``): an
        administrator anyone's, a person her own."""
        self._db._call(_s.goc_user_set_password, login, password)

    def authenticate(self, login: str, password: str,
                     address: Optional[str] = None) -> User:
        """Check a login and password (``goc_user_authenticate()``);
        returns the person.  AuthError if wrong (or she is disabled),
        ThrottledError after 5 failures within 15 minutes for the login or
        for the client's ``address`` (the message says until when)."""
        return self._db._get(_s.goc_user_authenticate, _s.goc_user_free, R.read_user,
                             login, password, address)

    def add_token(self, login: str, label: str,
                  expires: Optional[DateLike] = None) -> Tuple[str, TokenInfo]:
        """Make a token for a person (``goc_token_add()``): returns its
        text — shown this once, libgoc keeps only its SHA-256 — and its
        record.  expires is the last day it is valid (None: no end)."""
        text, tid = self._db._call(_s.goc_token_add, login, label,
                                   _date(expires, "expires"))
        for t in self.tokens(login):
            if t.id == tid:
                return text, t
        raise NotFoundError("token %d: not found after it was made" % tid)

    def tokens(self, login: Optional[str] = None) -> List[TokenInfo]:
        """Tokens by id, a person's or everyone's (``goc_token_list()``);
        a person acting lists only her own."""
        return builtins.list(self._db._cursor(_s.goc_token_list, _s.goc_cursor_token,
                                              R.read_token, login))

    def revoke_token(self, id: int) -> None:
        """Revoke a token (``goc_token_revoke()``)."""
        self._db._call(_s.goc_token_revoke, id)

    def authenticate_token(self, token: str) -> User:
        """The person of a token (``goc_token_authenticate()``); AuthError
        for an unknown, expired or revoked token or a disabled person."""
        return self._db._get(_s.goc_token_authenticate, _s.goc_user_free, R.read_user, token)
