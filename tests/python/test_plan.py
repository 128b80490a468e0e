"""Plans: goals, the task tree, responsibility, reports, interchange, progress."""
import datetime
import json
import os
import pathlib
import threading

import pytest

import goc
from conftest import PLAN, PLANS_DIR, TABLES_DIR

D = datetime.date


@pytest.fixture
def small(ref):
    """A small plan built through the API."""
    ref.plans.create("p", "测试方案", title_en="Test plan", issuer="商务委",
                     issued="2024-02-26", source="测试", start=D(2024, 1, 1),
                     end="2025-12-31")
    ref.goals.create("p", "g1", "提升集聚度", title_en="Concentration", text="累计集聚45家。")
    ref.goals.create("p", "g2", "扩大影响力")
    ref.tasks.create("p", "s1", goc.TaskLevel.SECTION, label="一", title_zh="第一部分")
    ref.tasks.create("p", "t1", "task", parent="s1", label="1", title_zh="专项一")
    ref.tasks.create("p", "i1", "item", parent="t1", label="(1)", text="工作一，商务委牵头。",
                     due="2024-12-31")
    ref.tasks.create("p", "i2", "item", parent="t1", label="(2)", title_zh="工作二",
                     recurrence=goc.Recurrence.ANNUAL)
    ref.tasks.assign("p", "t1", "bureaus", "responsible")
    ref.tasks.assign("p", "i1", "commerce", goc.Role.LEAD)
    return ref


def test_plan_record(small):
    p = small.plans.get("p")
    assert p == goc.Plan("p", "测试方案", "Test plan", "商务委", D(2024, 2, 26), "测试",
                         D(2024, 1, 1), D(2025, 12, 31), 4, goc.ReportCycle.QUARTERLY, 10)
    assert [x.code for x in small.plans.list()] == ["p"]
    with pytest.raises(goc.ExistsError):
        small.plans.create("p", "重复")
    with pytest.raises(goc.InvalidInputError, match="end"):
        small.plans.create("q", "倒序", start="2025-01-01", end="2024-01-01")


def test_goals(small):
    goals = list(small.goals.list("p"))
    assert [g.code for g in goals] == ["g1", "g2"]
    assert goals[0] == goc.Goal("p", "g1", "提升集聚度", "Concentration", "累计集聚45家。")
    with pytest.raises(goc.ExistsError):
        small.goals.create("p", "g1", "重复")
    with pytest.raises(goc.NotFoundError):
        list(small.goals.list("nosuch"))


def test_tasks(small):
    t = small.tasks.get("p", "i1")
    assert (t.level, t.parent, t.label, t.text, t.due) == (
        goc.TaskLevel.ITEM, "t1", "(1)", "工作一，商务委牵头。", D(2024, 12, 31))
    assert t.status is goc.TaskStatus.NOT_STARTED and t.status_date is None
    assert small.tasks.get("p", "i2").recurrence is goc.Recurrence.ANNUAL
    assert small.tasks.get("p", "t1").child_count == 2
    assert [x.code for x in small.tasks.list("p")] == ["s1", "t1", "i1", "i2"]
    assert [x.code for x in small.tasks.list("p", parent="")] == ["s1"]
    assert [x.code for x in small.tasks.list("p", level="item")] == ["i1", "i2"]
    assert [x.code for x in small.tasks.list("p", overdue_as_of="2025-01-01")] == ["i1"]
    # i1 has assignments of its own: it does not inherit t1's
    assert [x.code for x in small.tasks.list("p", unit="ftz-bureau")] == ["t1", "i2"]
    small.tasks.set_status("p", "i1", goc.TaskStatus.DONE, "2024-11-30")
    t = small.tasks.get("p", "i1")
    assert t.status is goc.TaskStatus.DONE and t.done_date == D(2024, 11, 30)
    assert [x.code for x in small.tasks.list("p", status="done")] == ["i1"]
    assert [x.code for x in small.tasks.list("p", overdue_as_of="2025-01-01")] == []
    small.tasks.set_status("p", "i1", "in_progress", "2024-12-01")
    assert small.tasks.get("p", "i1").done_date is None
    with pytest.raises(goc.InvalidInputError, match="parent"):
        small.tasks.create("p", "i9", "item", parent="s1", title_zh="错层")
    with pytest.raises(goc.NotFoundError):
        small.tasks.get("p", "i9")
    small.tasks.create_many([
        {"plan": "p", "code": "t2", "level": "task", "parent": "s1", "title_zh": "专项二"},
        {"plan": "p", "code": "i3", "level": "item", "parent": "t2", "title_zh": "工作三"}])
    assert small.tasks.get("p", "t2").child_count == 1


def test_task_update(small):
    """A deadline moved and the wording revised; the rest stays."""
    assert [x.code for x in small.tasks.list("p", overdue_as_of="2025-01-01")] == ["i1"]
    small.tasks.update("p", "i1", due=D(2025, 6, 30), title_zh="工作一（修订）",
                       recurrence="annual")
    t = small.tasks.get("p", "i1")
    assert (t.due, t.title_zh, t.text, t.label, t.recurrence, t.parent) == (
        D(2025, 6, 30), "工作一（修订）", "工作一，商务委牵头。", "(1)",
        goc.Recurrence.ANNUAL, "t1")
    assert [x.code for x in small.tasks.list("p", overdue_as_of="2025-01-01")] == []
    small.tasks.update("p", "i1", due=None, text=None, recurrence=goc.Recurrence.NONE)
    t = small.tasks.get("p", "i1")
    assert (t.due, t.text, t.recurrence) == (None, None, goc.Recurrence.NONE)
    small.tasks.update("p", "i1")                        # nothing to change
    assert small.tasks.get("p", "i1") == t
    with pytest.raises(goc.InvalidInputError, match="title_zh"):
        small.tasks.update("p", "i1", title_zh=None)     # nothing would be left
    with pytest.raises(goc.InvalidInputError, match="due"):
        small.tasks.update("p", "i1", due="2025-02-30")
    with pytest.raises(TypeError, match="recurrence cannot be cleared"):
        small.tasks.update("p", "i1", recurrence=None)
    with pytest.raises(goc.NotFoundError, match="i9"):
        small.tasks.update("p", "i9", due="2025-01-01")
    assert small.tasks.get("p", "i1") == t
    recs = [r for r in small.audit.list(action="task.update") if r.outcome == "ok"]
    assert [(r.object_id, r.before[0]["due"], r.after[0]["due"]) for r in recs] == [
        ("i1", "2024-12-31", "2025-06-30"), ("i1", "2025-06-30", None), ("i1", None, None)]


def test_responsibility(small):
    own = list(small.tasks.units("p", "t1"))
    assert own == [goc.Assignment("t1", "bureaus", True, goc.Role.RESPONSIBLE, None, None)]
    assert list(small.tasks.units("p", "i1", expand=True, inherit=True)) == [
        goc.Assignment("i1", "commerce", False, goc.Role.LEAD, None, None)]
    expanded = list(small.tasks.units("p", "i2", expand=True, inherit=True))
    assert [a.party for a in expanded] == [u.code for u in small.groups.members("bureaus")]
    assert all(a.via_group == "bureaus" and a.inherited_from == "t1" and not a.is_group
               for a in expanded)
    assert list(small.tasks.units("p", "i2")) == []
    mine = list(small.tasks.of_party("p", "commerce"))
    assert [(a.task, a.role) for a in mine] == [("i1", goc.Role.LEAD)]
    matrix = list(small.plans.matrix("p"))
    assert ("commerce", "i1") in {(a.party, a.task) for a in matrix}
    assert len(matrix) == 1 + 5 * 2                      # commerce on i1, bureaus on t1, i2
    small.tasks.assign("p", "i1", "commerce", "responsible")   # again: changes the role
    assert list(small.tasks.units("p", "i1"))[0].role is goc.Role.RESPONSIBLE
    small.tasks.unassign("p", "i1", "commerce")
    with pytest.raises(goc.NotFoundError):
        small.tasks.unassign("p", "i1", "commerce")
    with pytest.raises(goc.InvalidInputError, match="role"):
        small.tasks.assign("p", "i1", "commerce", "boss")


def test_reports(small):
    r1 = small.reports.submit("p", "i1", "2024-Q1", "2024-03-31", "in_progress",
                              unit="commerce", percent=30, text="已梳理目录",
                              evidence="文件一")
    small.actor = "ftz-bureau"
    r2 = small.reports.submit("p", "i2", "2024-Q1", D(2024, 4, 2), goc.TaskStatus.NOT_STARTED)
    r = small.reports.get(r1)
    assert r == goc.Report(r1, "p", "i1", "commerce", "2024-Q1", D(2024, 3, 31),
                           goc.TaskStatus.IN_PROGRESS, 30, "已梳理目录", "文件一", None, None)
    assert small.reports.get(r2).unit == "ftz-bureau" and small.reports.get(r2).percent is None
    # a unit reports in its own name only
    with pytest.raises(goc.NotPermittedError, match="commerce"):
        small.reports.submit("p", "i1", "2024-Q1", "2024-04-05", "in_progress",
                             unit="commerce", percent=40, supersedes=r1)
    small.actor = None
    r3 = small.reports.submit("p", "i1", "2024-Q1", "2024-04-05", "in_progress",
                              unit="commerce", percent=40, supersedes=r1)
    assert small.reports.get(r1).superseded_by == r3
    assert small.reports.get(r3).supersedes == r1
    with pytest.raises(goc.StateError):
        small.reports.submit("p", "i1", "2024-Q1", "2024-04-06", "done", unit="commerce",
                             supersedes=r1)
    with pytest.raises(goc.NotPermittedError):
        small.reports.submit("p", "i1", "2024-Q1", "2024-04-06", "done", unit="police")
    with pytest.raises(goc.InvalidInputError, match="period"):
        small.reports.submit("p", "i1", "2024-Q9", "2024-04-06", "done", unit="commerce")
    assert [x.id for x in small.reports.list("p")] == [r2, r3]
    assert [x.id for x in small.reports.list("p", include_superseded=True)] == [r1, r2, r3]
    assert [x.id for x in small.reports.list("p", task="i1", unit="commerce")] == [r3]
    assert [x.id for x in small.reports.list("p", period="2024-Q2")] == []
    assert {x.id for x in small.reports.latest("p")} == {r2, r3}
    missing = list(small.reports.missing("p", "2024-Q1"))
    assert ("ftz-bureau", "i2") not in {(a.party, a.task) for a in missing}
    assert ("lujiazui-bureau", "i2") in {(a.party, a.task) for a in missing}
    ids = small.reports.submit_many(
        {"plan": "p", "task": "i2", "period": "2024-Q2", "date": "2024-06-30",
         "status": "in_progress", "unit": u} for u in ("expo-bureau", "jinqiao-bureau"))
    assert len(ids) == 2
    with pytest.raises(goc.ConstraintError):
        small.plans.delete("p")


def test_builtin_plan_and_delete(plan_db):
    p = plan_db.plans.get(PLAN)
    assert p.task_count == 37
    assert len([t for t in plan_db.tasks.list(PLAN, level="item")]) == 21
    plan_db.plans.load(PLAN)                             # again: a no-op
    with pytest.raises(goc.NotFoundError):
        plan_db.plans.load("nosuch-plan")
    # its KPIs are data too: the plan is not deleted from under them
    with pytest.raises(goc.ConstraintError, match="KPI"):
        plan_db.plans.delete(PLAN)
    for k in list(plan_db.kpis.list(PLAN)):
        plan_db.kpis.delete(PLAN, k.code)
    plan_db.plans.delete(PLAN)
    with pytest.raises(goc.NotFoundError):
        plan_db.plans.get(PLAN)


def test_export_import_round_trip(plan_db, tmp_path):
    doc = plan_db.plans.export_json(PLAN)
    assert isinstance(doc, str) and json.loads(doc)["plan"]["code"] == PLAN
    assert "浦东新区" in doc                             # Chinese text, not escaped
    plan_db.plans.import_json(doc, plan="copy")
    again = plan_db.plans.export_json("copy")
    assert json.loads(again)["plan"]["code"] == "copy"
    with pytest.raises(goc.ExistsError):
        plan_db.plans.import_json(doc.encode("utf-8"), plan="copy")
    plan_db.plans.import_json(bytearray(doc.encode("utf-8")), plan="copy", replace=True)
    path = tmp_path / "plan.json"
    path.write_text(doc, encoding="utf-8")
    with goc.open(tmp_path / "other.db") as other:
        other.load_reference()
        other.plans.import_json(path)                    # a path is read
        assert other.plans.export_json(PLAN) == doc      # byte-identical round trip
    with pytest.raises(goc.NotFoundError):
        plan_db.plans.export_json("nosuch")


def test_import_errors(ref):
    with pytest.raises(goc.InvalidInputError, match="line"):
        ref.plans.import_json(pathlib.Path(PLANS_DIR, "bad-syntax.json"))
    with pytest.raises(goc.InvalidInputError, match=r"tasks\["):
        ref.plans.import_json(pathlib.Path(PLANS_DIR, "bad-level.json"))
    with pytest.raises(goc.NotFoundError):
        ref.plans.import_json(pathlib.Path(PLANS_DIR, "bad-unknown-party.json"))
    ref.plans.import_json(pathlib.Path(PLANS_DIR, "small.json"))
    assert ref.plans.get("small").title_zh == "小方案"
    with pytest.raises(TypeError):
        ref.plans.import_json(12345)


def test_import_table(ref):
    for name, kw in (("seed-table.tsv", {}), ("seed-table-bom.csv", {}),
                     ("seed-table-gb18030-crlf.tsv", {"encoding": "gb18030"})):
        code = name.split(".")[0]
        ref.plans.create(code, "表格方案")
        ref.plans.import_table(code, pathlib.Path(TABLES_DIR, name), **kw)
        assert ref.plans.get(code).task_count == 37, name
    ref.plans.create("t2", "表格方案二")
    data = pathlib.Path(TABLES_DIR, "seed-table.tsv").read_text(encoding="utf-8")
    ref.plans.import_table("t2", data, delimiter="\t")   # str is UTF-8
    with pytest.raises(goc.ExistsError):
        ref.plans.import_table("t2", data)
    ref.plans.import_table("t2", data, replace=True)
    ref.plans.create("t3", "表格方案三")
    with pytest.raises(goc.NotFoundError, match="line"):
        ref.plans.import_table("t3", pathlib.Path(TABLES_DIR, "unknown-unit.tsv"))
    ref.plans.import_table("t3", pathlib.Path(TABLES_DIR, "unknown-unit.tsv"),
                           create_units=True)
    with pytest.raises(goc.InvalidInputError, match="UTF-8"):
        ref.plans.create("t4", "表格方案四")
        ref.plans.import_table("t4", pathlib.Path(TABLES_DIR, "bad-utf8.tsv"),
                               encoding="utf-8")
    with pytest.raises(ValueError, match="character"):
        ref.plans.import_table("t4", data, delimiter=",;")


# ---- progress callbacks ----

def test_progress_called(plan_db):
    doc = plan_db.plans.export_json(PLAN)
    calls = []
    plan_db.plans.import_json(doc, plan="copy", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len({t for _, t in calls}) == 1


def test_progress_exception_propagates_and_nothing_is_written(plan_db):
    doc = plan_db.plans.export_json(PLAN)

    class Stop(Exception):
        pass

    seen = []

    def progress(done, total):
        seen.append(done)
        if len(seen) == 3:
            raise Stop("enough at %d of %d" % (done, total))
    with pytest.raises(Stop, match="enough at"):
        plan_db.plans.import_json(doc, plan="copy", progress=progress)
    assert len(seen) == 3                                # not called after it raised
    with pytest.raises(goc.NotFoundError):
        plan_db.plans.get("copy")
    # the handle is usable afterwards
    plan_db.plans.import_json(doc, plan="copy", progress=lambda d, t: None)
    assert plan_db.plans.get("copy").task_count == 37
    # a replace that raises leaves the old plan as it was
    copy = plan_db.plans.export_json("copy")
    with pytest.raises(KeyError):
        plan_db.plans.import_json(doc, plan="copy", replace=True,
                                  progress=lambda d, t: {}["missing"])
    assert plan_db.plans.export_json("copy") == copy


def test_progress_cancel_with_true(plan_db):
    doc = plan_db.plans.export_json(PLAN)
    with pytest.raises(goc.CancelledError):
        plan_db.plans.import_json(doc, plan="copy", progress=lambda d, t: d >= 2)
    with pytest.raises(goc.NotFoundError):
        plan_db.plans.get("copy")


def test_progress_table_import(ref):
    ref.plans.create("tbl", "表格")
    calls = []
    with pytest.raises(ZeroDivisionError):
        ref.plans.import_table("tbl", pathlib.Path(TABLES_DIR, "seed-table.tsv"),
                               progress=lambda d, t: calls.append(d) or 1 / 0)
    assert len(calls) == 1
    assert ref.plans.get("tbl").task_count == 0


def test_progress_callback_cannot_use_its_database(plan_db):
    doc = plan_db.plans.export_json(PLAN)
    with pytest.raises(goc.MisuseError, match="import"):
        plan_db.plans.import_json(doc, plan="copy",
                                  progress=lambda d, t: plan_db.plans.get(PLAN))
    with pytest.raises(goc.MisuseError):
        plan_db.plans.import_json(doc, plan="copy", progress=lambda d, t: plan_db.close())
    assert not plan_db.closed
    assert plan_db.plans.get(PLAN).task_count == 37


def test_progress_callback_may_use_other_databases_and_threads(plan_db):
    doc = plan_db.plans.export_json(PLAN)
    other = goc.open(":memory:")
    other.load_reference()
    names = []

    def progress(done, total):
        names.append(other.units.get("commerce").name_zh)
        t = threading.Thread(target=lambda: names.append(goc.strerror(-4)))
        t.start()
        t.join()
    plan_db.plans.import_json(doc, plan="copy", progress=progress)
    other.close()
    assert names and names[0] == "商务委"


def test_progress_not_callable(plan_db):
    with pytest.raises(TypeError, match="progress"):
        plan_db.plans.import_json("{}", progress=42)
