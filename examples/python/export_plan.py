#!/usr/bin/env python3
"""Export a plan as JSON and read it back.

usage: export_plan.py [OUTPUT.json [DATABASE [PLAN]]]

Exports PLAN (default: the built-in pudong-goc-2024, loaded if the database
does not have it) from DATABASE (default ":memory:") to OUTPUT (default:
standard output), then imports the file into a scratch database and checks
that exporting it again gives the same bytes.
"""
import json
import sys

import goc

out = sys.argv[1] if len(sys.argv) > 1 else None
path = sys.argv[2] if len(sys.argv) > 2 else ":memory:"
plan = sys.argv[3] if len(sys.argv) > 3 else "pudong-goc-2024"

with goc.open(path) as db:
    try:
        db.plans.get(plan)
    except goc.NotFoundError:
        db.plans.load(plan)                      # the built-in plan
    text = db.plans.export_json(plan)            # a str; deterministic

if out:
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
else:
    sys.stdout.write(text)

doc = json.loads(text)
with goc.open(":memory:") as scratch:
    scratch.load_reference("pudong")
    scratch.plans.import_json(text)
    same = scratch.plans.export_json(plan) == text
print("%s: %d goals, %d tasks; round trip %s" % (
    plan, len(doc.get("goals", [])), len(doc.get("tasks", [])),
    "identical" if same else "DIFFERENT"), file=sys.stderr)
sys.exit(0 if same else 1)
