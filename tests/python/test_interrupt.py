"""Cancelling a bulk call: orgs.create_many()'s progress callback, and
Ctrl-C (SIGINT) during it, which cancels it with nothing written instead of
waiting for the commit (issue 14)."""
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

import goc
from conftest import GOC_PATH, run_python


def items(n, prefix="批量"):
    return [{"name_zh": "%s%06d" % (prefix, i), "category": "trade", "date": "2024-01-01"}
            for i in range(n)]


def state(db):
    """What a cancelled call must leave as it was."""
    return (sum(1 for _ in db.orgs.list()), db.audit.head())


def test_progress_is_called_after_each_organization(ref):
    calls = []
    ids = ref.orgs.create_many(items(5), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(i, 5) for i in range(1, 6)]
    assert len(ids) == 5
    assert ref.orgs.create_many([], progress=lambda d, t: calls.append(d)) == []
    assert len(calls) == 5


def test_progress_true_cancels_and_nothing_is_written(ref):
    ref.orgs.create("已有", "trade", "2024-01-01")
    before = state(ref)
    for stop in (1, 3, 5):          # the last call comes before the commit
        with pytest.raises(goc.CancelledError, match="after %d of 5; nothing" % stop):
            ref.orgs.create_many(items(5), progress=lambda d, t, s=stop: d == s)
        assert state(ref) == before
    # inside the caller's transaction: only the call is undone
    with ref.transaction():
        kept = ref.orgs.create("事务内", "trade", "2024-01-01")
        with pytest.raises(goc.CancelledError):
            ref.orgs.create_many(items(5), progress=lambda d, t: d == 2)
        assert ref.in_transaction
    assert [o.id for o in ref.orgs.list()][-1] == kept
    ref.audit.verify()


def test_progress_exception_cancels_and_propagates(ref):
    before = state(ref)

    class Stop(Exception):
        pass
    seen = []

    def progress(done, total):
        seen.append(done)
        if done == 3:
            raise Stop("enough")
    with pytest.raises(Stop, match="enough"):
        ref.orgs.create_many(items(10), progress=progress)
    assert seen == [1, 2, 3]         # not called after it raised
    assert state(ref) == before
    with pytest.raises(TypeError, match="progress"):
        ref.orgs.create_many(items(2), progress=42)
    assert state(ref) == before


def test_progress_callback_cannot_use_its_database(ref):
    with pytest.raises(goc.MisuseError, match="orgs.create_many"):
        ref.orgs.create_many(items(3), progress=lambda d, t: ref.orgs.get(1))
    with pytest.raises(goc.MisuseError, match="close"):
        ref.orgs.create_many(items(3), progress=lambda d, t: ref.close())
    assert sum(1 for _ in ref.orgs.list()) == 0


def test_keyboard_interrupt_raised_in_progress(tmp_path):
    # SIGINT raised while the call runs: the default handler's
    # KeyboardInterrupt cancels it, with a note saying nothing was written
    path = tmp_path / "kbd.db"
    with goc.open(path) as db:
        db.load_reference()
    r = run_python("""
        import signal, sys, goc
        db = goc.open(sys.argv[1])
        def progress(done, total):
            if done == 1000:
                signal.raise_signal(signal.SIGINT)
        try:
            db.orgs.create_many([{"name_zh": "中断%d" % i, "category": "trade",
                                  "date": "2024-01-01"} for i in range(5000)],
                                progress=progress)
        except KeyboardInterrupt as e:
            print("interrupted:", *getattr(e, "__notes__", []))
        print("orgs:", sum(1 for _ in db.orgs.list()))
    """, str(path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "interrupted: orgs.create_many(): interrupted; nothing was written", "orgs: 0"]


CHILD_ORGS = """
    import sys, goc
    db = goc.open(sys.argv[1])
    items = [{"name_zh": "批量%06d" % i, "category": "trade", "date": "2024-01-01"}
             for i in range(200000)]
    print("calling", flush=True)
    try:
        ids = db.orgs.create_many(items)
    except KeyboardInterrupt as e:
        print("interrupted:", *getattr(e, "__notes__", []), flush=True)
        print("orgs:", sum(1 for _ in db.orgs.list()), flush=True)
        db.close()
        sys.exit(3)
    print("completed:", len(ids), flush=True)
"""

CHILD_PLAN = """
    import json, sys, goc
    db = goc.open(sys.argv[1])
    tasks = [{"code": "s1", "level": "section", "title_zh": "大节"},
             {"code": "t1", "parent": "s1", "level": "task", "title_zh": "大任务"}]
    tasks += [{"code": "i%d" % i, "parent": "t1", "level": "item",
               "text": "第%d项工作内容，" % i * 4,
               "assignments": [{"party": "commerce", "role": "lead"}]}
              for i in range(30000)]
    doc = json.dumps({"format": "libgoc-plan", "format_version": 1,
                      "plan": {"code": "big", "title_zh": "大计划"}, "tasks": tasks})
    print("calling", flush=True)
    try:
        db.plans.import_json(doc)
    except KeyboardInterrupt as e:
        print("interrupted:", *getattr(e, "__notes__", []), flush=True)
        print("plans:", sum(1 for _ in db.plans.list()), flush=True)
        db.close()
        sys.exit(3)
    print("completed", flush=True)
"""


def interrupted_child(code, path):
    """Run code in a child with the database at path; once its write is
    under way (the -wal file grows: pages of the open transaction spill
    into it), send it SIGINT.  Returns its exit status and output lines."""
    wal = path + "-wal"
    assert not os.path.exists(wal) or os.path.getsize(wal) == 0
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [GOC_PATH] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), path],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline() == "calling\n"
        deadline = time.monotonic() + 600   # generous: only a hung child reaches it
        while not (os.path.exists(wal) and os.path.getsize(wal) > 0):
            assert time.monotonic() < deadline, "the write never started"
            try:
                child.wait(timeout=0.005)   # poll: the child must still be running
                pytest.fail("the child ended before its write was under way: %s %s"
                            % child.communicate())
            except subprocess.TimeoutExpired:
                pass
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, out.splitlines(), err


def intact(path, before):
    """Nothing was written, and the file is intact."""
    with goc.open(path) as db:
        assert state(db) == before
        assert db.audit.verify() == before[1][0]
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def test_ctrl_c_cancels_create_many_of_200000(tmp_path):
    # issue 14: Ctrl-C during db.orgs.create_many() of 200,000 was deferred
    # until after the commit, and the ids were lost.  Now it cancels the
    # call: nothing is written, the handle goes on working.
    path = str(tmp_path / "bulk.db")
    with goc.open(path) as db:
        db.load_reference()
        db.orgs.create("中断前已有", "trade", "2024-01-01")
        before = state(db)
    status, out, err = interrupted_child(CHILD_ORGS, path)
    assert status == 3, (out, err)
    assert out == ["interrupted: orgs.create_many(): interrupted; nothing was written",
                   "orgs: 1"]
    intact(path, before)


def test_ctrl_c_cancels_a_plan_import(tmp_path):
    # without a progress callback too
    path = str(tmp_path / "plan.db")
    with goc.open(path) as db:
        db.load_reference()
        before = state(db)
    status, out, err = interrupted_child(CHILD_PLAN, path)
    assert status == 3, (out, err)
    assert out == ["interrupted: plan import: interrupted; nothing was written",
                   "plans: 0"]
    intact(path, before)
