"""Threads: separate Database objects on one file work in parallel; long
calls release the GIL; one Database shared by threads keeps each thread's
transaction and actor its own (issue 14)."""
import gc
import threading
import time

import pytest

import goc
from conftest import PLAN

THREADS = 6
PER_THREAD = 150


def test_parallel_writers_on_one_file(tmp_path):
    path = tmp_path / "parallel.db"
    with goc.open(path) as db:
        db.load_reference()
    start = threading.Barrier(THREADS)
    errors = []

    def writer(k):
        try:
            with goc.open(path, busy_timeout_ms=30000) as db:
                start.wait()
                for i in range(PER_THREAD):
                    if i % 50 == 0:
                        with db.transaction():           # some grouped writes
                            db.orgs.create("线程%d-%d" % (k, i), "trade", "2024-01-01",
                                           zone="ftz")
                    else:
                        db.orgs.create("线程%d-%d" % (k, i), goc.Category.SCITECH,
                                       "2024-01-01", notes="第%d个" % i)
                    if i % 10 == 0:
                        assert sum(1 for _ in db.orgs.list()) >= i
                        try:
                            db.units.get("nosuch-%d" % k)
                        except goc.NotFoundError as e:  # per-thread error messages
                            assert ("nosuch-%d" % k) in str(e)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with goc.open(path) as db:
        names = {o.name_zh for o in db.orgs.list()}
    assert names == {"线程%d-%d" % (k, i) for k in range(THREADS) for i in range(PER_THREAD)}


def test_parallel_readers_of_the_demo(tmp_path):
    path = tmp_path / "demo.db"
    with goc.open(path) as db:
        db.load_demo()
        expected = [s.value for s in db.scorecard(PLAN, "2025-06-30", by="unit")]
    results, errors = [], []

    def reader():
        try:
            with goc.open(path, readonly=True) as db:
                for _ in range(5):
                    results.append([s.value for s in
                                    db.scorecard(PLAN, "2025-06-30", by="unit")])
        except BaseException as e:
            errors.append(e)
    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 20
    assert all(r == expected for r in results)


def test_long_calls_release_the_gil():
    state = {"started": False, "done": False}
    db = goc.open(":memory:")

    def long_call():
        state["started"] = True
        db.load_demo()                     # one C call of a few hundred ms
        state["done"] = True

    t = threading.Thread(target=long_call)
    count = 0
    t.start()
    while not state["started"]:
        time.sleep(0)
    while not state["done"]:
        count += 1                         # runs only if the C call let go of the GIL
    t.join()
    db.close()
    assert count > 1000, count


# ---- one Database shared by threads ----
#
# The interleavings are forced with events and barriers, never with sleeps:
# the handle's lock is watched (WatchedLock) so that a test knows when a
# thread has to wait for it.

WAIT = 120  # seconds: a deadline for a hung test, never reached when it passes


class WatchedLock:
    """The handle's lock, calling waiting(thread id) when a thread has to
    wait for it (it is held by another thread)."""

    def __init__(self, lock, waiting):
        self._lock = lock
        self._waiting = waiting

    def acquire(self, blocking=True, timeout=-1):
        if self._lock.acquire(False):
            return True
        if not blocking:
            return False
        self._waiting(threading.get_ident())
        return self._lock.acquire(True, timeout)

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


def watch(db):
    """An Event set when a thread has to wait for db's handle."""
    waited = threading.Event()
    db._h.lock = WatchedLock(db._h.lock, lambda ident: waited.set())
    return waited


def run_threads(*targets):
    """Run the functions in threads; re-raise the first exception."""
    errors = []

    def wrap(fn):
        def run():
            try:
                fn()
            except BaseException as e:  # reported below
                errors.append(e)
        return run
    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
        assert not t.is_alive(), "a thread hung"
    if errors:
        raise errors[0]


def test_rollback_in_one_thread_keeps_another_threads_create(ref):
    # issue 14: thread A's `with db.transaction(): …; raise` rolled back
    # thread B's db.orgs.create() after B had its id
    db = ref
    b_went = watch(db)              # B had to wait for the handle, or …
    a_inside = threading.Event()
    ids = {}

    def a():
        with pytest.raises(RuntimeError, match="A gives up"):
            with db.transaction():
                ids["a"] = db.orgs.create("甲线程的组织", "trade", "2024-01-01")
                a_inside.set()
                assert b_went.wait(WAIT)
                raise RuntimeError("A gives up")

    def b():
        assert a_inside.wait(WAIT)
        ids["b"] = db.orgs.create("乙线程的组织", "trade", "2024-01-01")
        b_went.set()                # … B's create returned (before the fix)

    run_threads(a, b)
    assert db.orgs.get(ids["b"]).name_zh == "乙线程的组织"   # B's id is B's org
    assert [o.name_zh for o in db.orgs.list()] == ["乙线程的组织"]
    with pytest.raises(goc.NotFoundError):
        db.orgs.find("甲线程的组织")
    assert not db.in_transaction


def test_thread_waiting_for_a_transaction_proceeds_when_it_ends(ref):
    db = ref
    b_waits = watch(db)
    a_began = threading.Event()
    seen = {}

    def a():
        with db.transaction():
            db.orgs.create("事务中一", "trade", "2024-01-01")
            a_began.set()
            assert b_waits.wait(WAIT)
            db.orgs.create("事务中二", "trade", "2024-01-01")   # B still waits

    def b():
        assert a_began.wait(WAIT)
        # runs once A's transaction is committed: sees both, and its own
        # create comes after them
        seen["names"] = [o.name_zh for o in db.orgs.list()]
        seen["id"] = db.orgs.create("事务后", "trade", "2024-01-01")
        seen["in_transaction"] = db.in_transaction

    run_threads(a, b)
    assert seen["names"] == ["事务中一", "事务中二"]
    assert seen["in_transaction"] is False
    creates = [r.object_id for r in db.audit.list(action="org.create")]
    assert creates[-1] == str(seen["id"])


def test_begin_holds_the_handle_until_commit_on_its_thread(ref):
    db = ref
    b_waits = watch(db)
    a_began = threading.Event()
    seen = {}

    def a():
        db.begin()
        db.orgs.create("显式事务", "trade", "2024-01-01")
        a_began.set()
        assert b_waits.wait(WAIT)
        db.commit()
        assert not db.in_transaction

    def b():
        assert a_began.wait(WAIT)
        # another thread cannot end A's transaction: its commit waits for
        # A's own, then finds none open
        with pytest.raises(goc.MisuseError, match="no transaction"):
            db.commit()
        seen["count"] = sum(1 for _ in db.orgs.list())

    run_threads(a, b)
    assert seen["count"] == 1


def test_failed_commit_and_close_end_the_hold(ref):
    db = ref
    db.begin()
    db.orgs.create("将关闭", "trade", "2024-01-01")
    with pytest.raises(goc.MisuseError):
        db.begin()                         # still this thread's one transaction
    db.rollback()
    with pytest.raises(goc.MisuseError):
        db.rollback()
    # nothing holds the handle now: another thread gets it at once
    run_threads(lambda: db.orgs.list().fetchall())
    db.begin()
    db.close()                             # rolled back, and the handle let go
    run_threads(lambda: pytest.raises(goc.ClosedError, db.orgs.list))


def test_bulk_in_one_thread_is_not_split_by_another(ref):
    db = ref
    b_waits = watch(db)
    first = threading.Event()

    def items():
        yield {"name": "专家一", "unit": "commerce", "date": "2024-01-01"}
        first.set()
        assert b_waits.wait(WAIT)          # B's create waits for the whole bulk
        yield {"name": "专家二", "unit": "nosuch", "date": "2024-01-01"}

    def a():
        with pytest.raises(goc.NotFoundError):
            db.experts.create_many(items())

    def b():
        assert first.wait(WAIT)
        db.experts.create("专家三", "commerce", "2024-01-02")

    run_threads(a, b)
    assert [e.name for e in db.experts.list()] == ["专家三"]


# ---- who acts: acting_as() per thread, with_actor() per call ----

THREAD_UNITS = 8
EDITS = 250     # per thread: 2,000 edits in all, as in issue 14


def test_threads_acting_for_different_units(tmp_path):
    # issue 14: with threads setting different actors (db.actor = …), 6 of
    # 2,000 edits went through under the wrong actor.  Each thread acts as
    # its own unit (acting_as; one through a with_actor view), and a
    # barrier makes every step of every thread run together.
    db = goc.open(":memory:")
    db.load_reference()
    units = [u.code for u in db.units.list()][:THREAD_UNITS]
    db.actor = units[0]                    # a default that no thread uses
    step = threading.Barrier(THREAD_UNITS)
    ids = {}

    def edits(api, unit):
        ids[unit] = api.orgs.create("%s的组织" % unit, "trade", "2024-01-01", unit=unit)
        for i in range(EDITS):
            step.wait(WAIT)
            if i % 2:
                api.orgs.update(ids[unit], notes="第%d次" % i)
            else:
                api.partners.create("%s伙伴%d" % (unit, i), "chamber", unit,
                                    "2024-01-01")

    def worker(k, unit):
        def run():
            try:
                if k == THREAD_UNITS - 1:
                    edits(db.with_actor(unit), unit)
                else:
                    with db.acting_as(unit):
                        assert db.actor == unit
                        edits(db, unit)
            except BaseException:
                step.abort()               # the others stop too
                raise
        return run

    run_threads(*[worker(k, u) for k, u in enumerate(reversed(units))])
    assert db.actor == units[0]
    assert list(db.audit.list(outcome="denied")) == []
    for unit in units:
        mine = [r for r in db.audit.list(actor=unit)
                if r.action in ("org.create", "org.update", "partner.create")]
        assert len(mine) == 1 + EDITS, unit
        for r in db.audit.list(object_kind="organization", object_id=ids[unit]):
            assert r.actor == unit
        assert db.orgs.get(ids[unit]).notes == "第%d次" % (EDITS - 1)
    assert sum(1 for _ in db.partners.list()) == THREAD_UNITS * EDITS // 2
    db.audit.verify()
    db.close()


def test_acting_as_is_per_thread_and_nests(ref):
    db = ref
    assert db.actor is None
    db.actor = "commerce"                  # the default
    inner = {}
    with db.acting_as("scitech") as same:
        assert same is db and db.actor == "scitech"
        with db.acting_as(None):           # the system actor, for this block
            assert db.actor is None
            with db.acting_as("police"):
                assert db.actor == "police"
            assert db.actor is None
        assert db.actor == "scitech"
        db.actor = "justice"               # changes the default, not the block
        assert db.actor == "scitech"

        def other():                       # a thread does not inherit the block
            inner["actor"] = db.actor
        run_threads(other)
        oid = db.orgs.create("科经委的", "scitech", "2024-01-01", unit="scitech")
    assert inner["actor"] == "justice"
    assert db.actor == "justice"
    assert [r.actor for r in db.audit.list(action="org.create")] == ["scitech"]
    with pytest.raises(goc.NotPermittedError):   # justice may not change it
        db.orgs.update(oid, notes="x")


def test_acting_as_refuses_an_unknown_unit_at_once(ref):
    db = ref
    with pytest.raises(goc.NotFoundError, match="nosuch"):
        with db.acting_as("nosuch"):
            pytest.fail("entered the block")   # pragma: no cover
    with pytest.raises(goc.InvalidInputError, match="actor"):
        with db.acting_as("不是代码"):
            pass                               # pragma: no cover
    assert db.actor is None
    with pytest.raises(goc.NotFoundError, match="nosuch"):
        db.with_actor("nosuch")
    db.close()
    with pytest.raises(goc.ClosedError):
        with db.acting_as("commerce"):
            pass                               # pragma: no cover


def test_actor_per_call_inside_one_transaction(ref):
    db = ref
    sci = db.with_actor("scitech")
    with db.transaction():
        a = sci.orgs.create("同一事务甲", "trade", "2024-01-01", unit="scitech")
        with db.acting_as("commerce"):
            b = db.orgs.create("同一事务乙", "trade", "2024-01-01", unit="commerce")
            sci.orgs.update(a, notes="view wins over the block")
        c = db.orgs.create("同一事务丙", "trade", "2024-01-01")
    actors = {r.object_id: r.actor for r in db.audit.list(action="org.create")}
    assert actors == {str(a): "scitech", str(b): "commerce", str(c): None}
    assert [r.actor for r in db.audit.list(action="org.update")] == ["scitech"]


def test_with_actor_view(tmp_path):
    db = goc.open(tmp_path / "view.db")
    db.load_reference()
    view = db.with_actor("scitech")
    assert view.actor == "scitech" and db.actor is None
    assert repr(view).endswith("as 'scitech'>")
    assert view.with_actor("police").actor == "police"
    system = db.with_actor(None)
    db.actor = "commerce"
    assert system.actor is None and view.actor == "scitech"
    with pytest.raises(goc.MisuseError, match="with_actor"):
        view.actor = "police"
    with pytest.raises(goc.MisuseError, match="with_actor"):
        with view.acting_as("police"):
            pass                               # pragma: no cover
    with pytest.raises(goc.MisuseError, match="cannot close"):
        view.close()
    with pytest.raises(goc.MisuseError, match="context manager"):
        with view:
            pass                               # pragma: no cover
    # a view shares the handle: its transactions are the database's
    with view.transaction():
        assert db.in_transaction
        view.orgs.create("视图建", "trade", "2024-01-01", unit="scitech")
    # it keeps the database alive; closing the database closes it
    del db
    gc.collect()
    assert not view.closed
    assert [o.name_zh for o in view.orgs.list()] == ["视图建"]
    view._base.close()
    assert view.closed
    with pytest.raises(goc.ClosedError):
        view.orgs.list()
