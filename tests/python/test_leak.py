"""No leaks: 100,000 calls through every kind of path keep the RSS flat.

The calls write nothing that stays (an in-memory database would grow with
its data and change log): reads, cursors read to the end or dropped
half-read, dict-built filters and fields, and the error paths that build
exceptions.  Every 5,000 calls a plan is exported and re-imported (which
replaces the same plan).  A leak of one record per call (about 250 bytes)
shows as about 5 MB; the limit is 2 MB.
"""
import gc
import os

import goc
from conftest import PLAN

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def test_100k_calls_keep_memory_flat():
    db = goc.open(":memory:")
    db.plans.load(PLAN)
    org = db.orgs.create("泄漏测试组织", goc.Category.TRADE, "2024-01-01", zone="ftz",
                         notes="备注" * 50)
    doc = db.plans.export_json(PLAN)
    calls = [
        lambda i: db.orgs.get(org),                          # a record read and freed
        lambda i: list(db.zones.list()),                     # a cursor to the end
        lambda i: next(db.units.list()),                     # a cursor dropped half-read
        lambda i: list(db.orgs.list(zone="ftz", stage="target")),   # a filter dict
        lambda i: goc.check_date("2024-02-29"),
    ]
    errors = [
        lambda i: db.orgs.get(10 ** 9 + i),                  # NotFoundError
        lambda i: db.units.create("bad code", "名", "department"),   # InvalidInputError
        lambda i: goc.check_period("2024-Q%d" % (5 + i % 4)),
        lambda i: db.orgs.update(10 ** 9, notes="备注%d" % i),     # a fields dict, NotFoundError
    ]

    def run(n):
        for i in range(n):
            calls[i % len(calls)](i)
            if i % 4 == 0:
                try:
                    errors[i % len(errors)](i)
                except goc.Error:
                    pass
            if i % 5000 == 0:                                # the large paths too
                db.plans.export_json(PLAN)
                db.plans.import_json(doc, plan="copy", replace=True,
                                     progress=lambda d, t: None)
        gc.collect()

    run(10000)                                               # warm-up: caches, arenas
    before = rss()
    run(100000)
    growth = rss() - before
    db.close()
    assert growth < 2 * 1024 * 1024, "RSS grew by %d bytes over 100,000 calls" % growth
