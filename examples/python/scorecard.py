#!/usr/bin/env python3
"""Print the scorecard of the Pudong GOC 2024 plan on demonstration data.

usage: scorecard.py [AS-OF]     (default 2025-06-30)

The demonstration data (goc_demo_load()) is deterministic and FICTIONAL.
Prints every KPI row as of the date, then the scorecard by zone and by unit.
"""
import datetime
import sys
import unicodedata

import goc

PLAN = "pudong-goc-2024"
as_of = datetime.date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else \
    datetime.date(2025, 6, 30)


def cell(text, width):
    """Pad to a display width: Chinese characters take two columns."""
    text = text or ""
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - w, 0)


def pct(value):
    return "   -" if value is None else "%3.0f%%" % (100 * value)


with goc.open(":memory:") as db:
    db.load_demo()
    print("scorecard of %s as of %s (fictional demonstration data)" % (PLAN, as_of))

    print("\nKPI rows")
    for row in db.kpis.evaluate(PLAN, as_of):
        member = row.member or "district"
        if row.year:
            member += " %d" % row.year
        target = "%g" % row.target_min
        if row.target_max is not None:
            target += "–%g" % row.target_max
        print("  %s%s actual %6.1f  expected %6.1f  target %-6s %s" % (
            cell(row.kpi, 18), cell(member, 22), row.actual, row.expected, target,
            row.status.value))

    for by in (goc.ScoreBy.ZONE, goc.ScoreBy.UNIT):
        print("\nby", by)
        for s in db.scorecard(PLAN, as_of, by=by):
            line = "  %s%s%s %s" % (cell(s.key or "TOTAL", 20), cell(s.name_zh or "全部", 24),
                                    cell(s.status.value if s.status else "-", 12),
                                    pct(s.value))
            if by is goc.ScoreBy.UNIT and s.key:
                line += "  tasks %2d  overdue %d  unreported %d" % (
                    s.tasks, s.overdue, s.missing_reports)
            print(line)
