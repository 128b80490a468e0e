#!/usr/bin/env python3
"""Load a plan and print its task tree with who answers for each task.

usage: load_plan.py                       the built-in Pudong GOC 2024 plan
       load_plan.py PLAN.json             a plan in the JSON interchange format
       load_plan.py TABLE.tsv|.csv CODE   a task decomposition table (任务分解表)

A file is imported with a progress callback; the tree is printed with each
task's lead (*) and responsible units, inherited ones included.
"""
import pathlib
import sys

import goc


def progress(done, total):
    """Called by the import as it goes; return True to cancel it."""
    print("\r  importing: %3d%%" % (100 * done // max(total, 1)), end="", file=sys.stderr)
    if done == total:
        print(file=sys.stderr)


def shorten(text, width=36):
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


with goc.open(":memory:") as db:
    if len(sys.argv) < 2:
        plan = "pudong-goc-2024"
        db.plans.load(plan)                          # with the reference data it needs
    else:
        db.load_reference("pudong")
        path = pathlib.Path(sys.argv[1])
        if path.suffix == ".json":
            db.plans.import_json(path, progress=progress)
            plan = next(iter(db.plans.list())).code
        else:
            plan = sys.argv[2] if len(sys.argv) > 2 else "imported"
            db.plans.create(plan, path.stem)
            db.plans.import_table(plan, path, progress=progress)

    p = db.plans.get(plan)
    print("%s — %s" % (p.code, p.title_zh))
    if p.start:
        print("window %s … %s, %d tasks" % (p.start, p.end, p.task_count))
    for goal in db.goals.list(plan):
        print("goal:", goal.title_zh)
    print()
    for task in db.tasks.list(plan):
        indent = {goc.TaskLevel.SECTION: "", goc.TaskLevel.TASK: "  ",
                  goc.TaskLevel.ITEM: "    "}[task.level]
        who = ", ".join(("*" if a.role is goc.Role.LEAD else "") + a.party
                        for a in db.tasks.units(plan, task.code, inherit=True))
        print("%s%s %s  [%s]" % (indent, task.label or task.code,
                                 shorten(task.title_zh or task.text), who))
