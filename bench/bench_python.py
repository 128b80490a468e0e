"""Benchmark 3 of bench/: the bulk insert of benchmark 1 from Python.

libgoc: db.orgs.create_many() of N organizations (one transaction) through
the goc package.  Baseline: Python's built-in sqlite3 writing exactly the
rows libgoc writes for them — the organization, its first stage-history
row, its change-log record — with executemany, in one transaction, into
the same tables of the same kind of file (created by libgoc, WAL, foreign
keys on).  Each side's input (a list of dicts, a list of tuples) is built
before its timer starts.

One side per process, as bench/run runs them alternately: "goc" or
"sqlite3"; the file DIR/py-SIDE.db is removed afterwards.

usage: python3 bench_python.py N DIR goc|sqlite3
       prints {"side": SIDE, "n": N, "value": SECONDS, "cpu": CPU-SECONDS}
       (wall-clock and process CPU time of the timed part)
(run with the interpreter the goc package was built for, goc importable)
"""
import json
import os
import sqlite3
import sys
import time

import goc

ZONES = ("expo", "lujiazui", "zhangjiang", "jinqiao", "ftz")
UNITS = ("commerce", "scitech", "financial", "justice", "expo-bureau")
CATEGORIES = ("economic", "scitech", "professional", "trade", "standards", "arbitration",
              "finance", "other")


def remove_db(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def fresh(path):
    remove_db(path)
    db = goc.open(path)
    db.load_reference("pudong")
    return db


def bench_goc(path, n):
    db = fresh(path)
    items = [{"name_zh": "基准组织%08d" % i, "category": CATEGORIES[i % 8],
              "date": "2024-03-01", "zone": ZONES[i % 5], "unit": UNITS[i % 5]}
             for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    ids = db.orgs.create_many(items)
    t = time.perf_counter() - t0, time.process_time() - c0
    assert len(ids) == n
    db.close()
    return t


def bench_sqlite3(path, n):
    fresh(path).close()  # the same schema and reference rows
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA temp_store = MEMORY")  # as libgoc's handle (lib/db.c)
    con.execute("PRAGMA journal_mode = WAL")
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM organizations").fetchone()[0]
    orgs = [("基准组织%08d" % i, CATEGORIES[i % 8], ZONES[i % 5], UNITS[i % 5], "2024-03-01")
            for i in range(n)]
    hist = [(first + i, "2024-03-01", UNITS[i % 5]) for i in range(n)]
    seq0 = con.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
    # the audit record libgoc writes: the row as JSON after the change and a
    # 32-byte hash (not computed here: hashing is libgoc's overhead)
    log = [(seq0 + 1 + i, str(first + i), json.dumps(
        {"id": first + i, "name_zh": orgs[i][0], "name_en": None, "category": orgs[i][1],
         "origin": "international", "zone": orgs[i][2], "unit": orgs[i][3],
         "id_scheme": None, "id_value": None, "notes": None, "stage": "target",
         "stage_date": "2024-03-01", "created": "2024-03-01", "review": None, "hq": None},
        ensure_ascii=False, separators=(",", ":")), (first + i).to_bytes(32, "little"))
           for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    # name_zh_key: these names (CJK and digits) are their own normalized
    # form, so the row is exactly libgoc's (as bench_insert.c's raw side)
    con.executemany(
        "INSERT INTO organizations (name_zh, name_en, category, origin, zone, unit, id_scheme,"
        " id_value, notes, stage, stage_date, created, name_zh_key) VALUES (?1, NULL, ?2,"
        " 'international', ?3, ?4, NULL, NULL, NULL, 'target', ?5, ?5, ?1)", orgs)
    con.executemany(
        "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit, note,"
        " recorded_by, recorded_at) VALUES (?1, NULL, 'target', ?2, ?3, NULL, NULL,"
        " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", hist)
    con.executemany(
        "INSERT INTO change_log (seq, recorded_at, actor, action, object_kind, object_id,"
        " outcome, detail, before, after, hash) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
        " NULL, 'org.create', 'organization', ?2, 'ok', NULL, NULL, ?3, ?4)", log)
    con.execute("COMMIT")
    t = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return t


def main(argv):
    if len(argv) != 4 or argv[3] not in ("goc", "sqlite3"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    n, tmp, side = int(argv[1]), argv[2], argv[3]
    path = os.path.join(tmp, "py-%s.db" % side)
    t = (bench_goc if side == "goc" else bench_sqlite3)(path, n)
    remove_db(path)
    print(json.dumps({"side": side, "n": n, "value": round(t[0], 6), "cpu": round(t[1], 6)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
