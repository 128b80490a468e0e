#!/usr/bin/env python3
"""Record international organizations and move them through their lifecycle.

usage: record_orgs.py [DATABASE]      (default ":memory:")

Loads the Pudong register (units, groups, zones), records three
organizations in one transaction, takes one through approval, a risk
review and landing, shows what the library refuses, and prints the
register and one organization's history.
"""
import sys

import goc

path = sys.argv[1] if len(sys.argv) > 1 else ":memory:"

with goc.open(path) as db:                       # closed at the end of the block
    db.load_reference("pudong")                  # units, groups and zones; idempotent

    # Many records in one transaction: any iterable of keyword dicts.
    ids = db.orgs.create_many([
        dict(name_zh="示例国际贸易协会（示例）", name_en="Example Trade Association",
             category=goc.Category.TRADE, date="2024-03-01", zone="ftz",
             unit="ftz-bureau"),
        dict(name_zh="示例标准化组织（示例）", category=goc.Category.STANDARDS,
             date="2024-03-15", zone="zhangjiang", unit="zhangjiang-bureau"),
        dict(name_zh="示例仲裁中心（示例）", category=goc.Category.ARBITRATION,
             origin=goc.Origin.LOCAL, date="2024-04-01", zone="lujiazui",
             unit="lujiazui-bureau"),
    ])
    first, second = ids[0], ids[1]

    # The lifecycle: landing needs a cleared risk review first.
    db.orgs.set_stage(first, goc.Stage.APPROVED, "2024-05-01", unit="ftz-bureau")
    db.orgs.review(first, goc.ReviewOutcome.CLEARED, "2024-05-20", unit="police",
                   note="风险评估通过")
    db.orgs.set_stage(first, goc.Stage.LANDED, "2024-06-01", unit="ftz-bureau",
                      note="完成登记")

    # Errors are exceptions carrying the library's message.
    try:
        db.orgs.set_stage(second, goc.Stage.LANDED, "2024-06-01", unit="zhangjiang-bureau")
    except goc.StateError as e:
        print("refused:", e)
    try:
        db.orgs.create("示例国际贸易协会（示例）", goc.Category.TRADE, "2024-07-01")
    except goc.ExistsError as e:
        print("refused:", e)

    print("\nthe register")
    for org in db.orgs.list():
        print("  %3d  %-12s %-11s %s  %s" % (org.id, org.stage, org.zone, org.stage_date,
                                            org.name_zh))

    print("\nlanded in the free trade zone:",
          [o.name_zh for o in db.orgs.list(zone="ftz", stage=goc.Stage.LANDED)])

    print("\nhistory of", db.orgs.get(first).name_zh)
    for change in db.orgs.history(first):
        print("  %s  %-11s -> %-11s by %-12s %s" % (
            change.date, change.from_stage or "", change.to_stage, change.unit or "system",
            change.note or ""))
