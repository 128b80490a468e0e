"""Threads: separate Database objects on one file work in parallel; long
calls release the GIL."""
import threading
import time

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
