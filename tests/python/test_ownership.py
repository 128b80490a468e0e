"""Ownership: closing, cursors, records, freeing in any order never crashes."""
import datetime
import gc
import threading
import weakref

import pytest

import goc
from conftest import PLAN, run_python


def many_orgs(db, n=20):
    db.load_reference()
    return db.orgs.create_many({"name_zh": "组织%02d" % i, "category": "trade",
                                "date": "2024-01-01"} for i in range(n))


def test_close_while_iterating(db):
    many_orgs(db)
    cur = db.orgs.list()
    first = [next(cur) for _ in range(5)]
    db.close()
    with pytest.raises(goc.ClosedError):
        next(cur)
    with pytest.raises(goc.ClosedError):
        list(cur)
    cur.close()
    cur.close()                                          # harmless twice
    with pytest.raises(StopIteration):
        next(cur)
    # records copied out of the rows outlive the database
    assert [o.name_zh for o in first] == ["组织%02d" % i for i in range(5)]


def test_records_outlive_everything(db):
    ids = many_orgs(db, 3)
    org = db.orgs.get(ids[0])
    rows = list(db.orgs.list())
    db.close()
    del db
    gc.collect()
    assert org.name_zh == "组织00" and rows[2].name_zh == "组织02"


def test_cursor_keeps_database_alive(tmp_path):
    db = goc.open(tmp_path / "alive.db")
    many_orgs(db, 10)
    ref = weakref.ref(db)
    cur = db.orgs.list()
    del db
    gc.collect()
    assert ref() is not None                              # kept by the cursor
    assert len(list(cur)) == 10
    del cur
    gc.collect()
    assert ref() is None                                  # and closed when collected


def test_exhausted_cursor_stays_exhausted(db):
    many_orgs(db, 2)
    cur = db.orgs.list()
    assert len(list(cur)) == 2
    for _ in range(3):
        with pytest.raises(StopIteration):
            next(cur)
    db.close()
    with pytest.raises(StopIteration):                   # done before the close
        next(cur)


def test_cursor_context_manager_and_repr(db):
    many_orgs(db, 5)
    with db.orgs.list() as cur:
        assert "org" in repr(cur)
        next(cur)
    assert "done" in repr(cur)
    with pytest.raises(StopIteration):
        next(cur)
    assert db.orgs.list().fetchall()[4].name_zh == "组织04"


def test_free_in_any_order(tmp_path):
    # many objects, dropped in every order, with and without close, in cycles
    for order in range(6):
        db = goc.open(tmp_path / ("o%d.db" % order))
        many_orgs(db, 5)
        db.plans.load(PLAN)
        cursors = [db.orgs.list(), db.plans.matrix(PLAN), db.tasks.list(PLAN),
                   db.units.list(), db.zones.list()]
        for c in cursors:
            next(c)
        objs = [db] + cursors
        if order % 2:
            db.close()
        # a reference cycle through a cursor
        holder = {"cursor": cursors[0]}
        holder["self"] = holder
        k = order % len(objs)
        objs = objs[k:] + objs[:k]
        if order >= 3:
            objs.reverse()
        del db, cursors, c
        while objs:
            objs.pop()
            gc.collect()
        del holder
        gc.collect()


def test_closed_database_in_a_transaction_block(db):
    many_orgs(db, 1)
    with pytest.raises(goc.ClosedError):
        with db.transaction():
            db.orgs.create("块内", "trade", "2024-01-01")
            db.close()
    with pytest.raises(RuntimeError):
        with goc.open(":memory:") as other:
            with other.transaction():
                other.close()
                raise RuntimeError("closed inside")


def test_cursor_freed_from_another_thread_while_in_use(tmp_path):
    db = goc.open(tmp_path / "threads.db")
    many_orgs(db, 50)
    cursors = [db.orgs.list() for _ in range(50)]
    for c in cursors:
        next(c)
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            list(db.orgs.list())
    t = threading.Thread(target=reader)
    t.start()
    try:
        # dropped here while the other thread holds the handle: freed later
        while cursors:
            cursors.pop()
            gc.collect()
    finally:
        stop.set()
        t.join()
    assert len(list(db.orgs.list())) == 50
    db.close()
    assert db._h.pending == []


def test_shared_database_across_threads_is_serialised(tmp_path):
    db = goc.open(tmp_path / "shared.db")
    db.load_reference()
    errors = []

    def work(k):
        try:
            for i in range(50):
                db.orgs.create("线程%d组织%d" % (k, i), "trade", "2024-01-01")
                for o in db.orgs.list(category="trade"):
                    pass
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(list(db.orgs.list())) == 200
    db.close()


def test_close_from_another_thread_while_iterating(tmp_path):
    db = goc.open(tmp_path / "close.db")
    many_orgs(db, 200)
    cur = db.orgs.list()
    next(cur)
    t = threading.Thread(target=db.close)
    t.start()
    t.join()
    with pytest.raises(goc.ClosedError):
        next(cur)


def test_objects_left_open_at_exit():
    # The interpreter exits with a database, cursors and a transaction still
    # open, in a reference cycle: nothing crashes.
    r = run_python("""
        import goc
        db = goc.open(":memory:")
        db.load_demo()
        cursors = [db.orgs.list(), db.kpis.evaluate("pudong-goc-2024", "2025-06-30"),
                   db.scorecard("pudong-goc-2024", "2025-06-30", by="unit")]
        for c in cursors:
            next(c)
        db.begin()
        db.orgs.create("退出时", "trade", "2024-01-01")
        cycle = [db, cursors]
        cycle.append(cycle)
        print("bye")
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "bye" and r.stderr == ""


def test_private_pointers_are_not_owned():
    # the SWIG layer hands out raw pointers: the package owns them, never SWIG
    from goc import _goc_swig as s
    db = s.goc_db_open(":memory:")
    assert "goc_db" in repr(db)
    s.goc_db_close(db)


def test_cursor_arguments_outlive_the_call(ref):
    # libgoc binds a list's text arguments to the cursor's statement without
    # copying them: the package keeps them alive with the cursor.  Here the
    # filter strings are fresh objects, dropped before the first step, and
    # their memory is reused before the cursor is read.
    for i in range(30):
        ref.orgs.create("区组织%d" % i, "trade", "2024-01-%02d" % (i % 28 + 1),
                        zone="lujiazui" if i % 3 else "ftz")
        ref.partners.create("伙伴%d" % i, "other", "commerce", "2024-02-%02d" % (i % 28 + 1))
    zone = "".join(["luji", "azui"])
    cur = ref.orgs.list(zone=zone)
    parts = ref.partners.list(since=datetime.date(2024, 2, 10), until=datetime.date(2024, 2, 20))
    del zone
    gc.collect()
    junk = ["".join(["x", str(i % 10)] * 4) for i in range(20000)]
    assert len(list(cur)) == 20
    assert len(list(parts)) == 11
    del junk


def test_dropped_database_is_closed_at_once(tmp_path):
    # no reference cycle: dropping the last reference closes the handle
    # (the file is then free for an exclusive writer at once)
    path = tmp_path / "drop.db"
    db = goc.open(path)
    db.load_reference()
    db.begin()
    db.orgs.create("未提交的", "trade", "2024-01-01")
    ref = weakref.ref(db)
    del db
    assert ref() is None
    with goc.open(path, busy_timeout_ms=0) as other:
        other.begin()                       # not locked by the dropped one
        assert list(other.orgs.list()) == []
        other.rollback()
