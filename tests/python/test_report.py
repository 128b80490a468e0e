"""The report model in Python: db.reports.dossier() (goc_dossier_list()),
db.reports.latest(as_of=…) (goc_report_latest_as_of()),
db.orgs.landed_date() (goc_org_landed_date()) and goc.decode_text()
(goc_text_decode()) — the rules are the library's (goc/report.h); these
tests check that Python shows what C computes."""
import datetime

import pytest

import goc
from conftest import PLAN

D = datetime.date


@pytest.fixture
def prefix(db):
    """Issue 15's case: expo answers for t1 under the lead expo-bureau (a
    code it is a prefix of); i1 inherits them; the plan reports quarterly
    from 2024-01-01."""
    for code in ("expo-bureau", "expo", "other"):
        db.units.create(code, code, goc.UnitKind.DEPARTMENT)
    db.plans.create("p", "计划", start="2024-01-01", end="2025-12-31")
    db.tasks.create("p", "s1", goc.TaskLevel.SECTION, title_zh="部分")
    db.tasks.create("p", "t1", goc.TaskLevel.TASK, parent="s1", title_zh="专项", due="2024-06-30")
    db.tasks.create("p", "i1", goc.TaskLevel.ITEM, parent="t1", title_zh="工作")
    db.tasks.assign("p", "t1", "expo-bureau", goc.Role.LEAD)
    db.tasks.assign("p", "t1", "expo", goc.Role.RESPONSIBLE)
    return db


def test_dossier_rows(prefix):
    rows = list(prefix.reports.dossier("p", "2024-07-01"))
    assert [(r.unit, r.task, r.role, r.inherited_from) for r in rows] == [
        ("expo", "t1", goc.Role.RESPONSIBLE, None), ("expo", "i1", goc.Role.RESPONSIBLE, "t1"),
        ("expo-bureau", "t1", goc.Role.LEAD, None), ("expo-bureau", "i1", goc.Role.LEAD, "t1")]
    t1, i1 = rows[0], rows[1]
    assert (t1.leaf, t1.overdue, t1.due, t1.task_status, t1.missing_periods) == (
        False, True, D(2024, 6, 30), goc.TaskStatus.NOT_STARTED, ())
    # 2024-Q1 was due by 2024-04-10; 2024-Q2 is due by 2024-07-10: not yet missing
    assert (i1.leaf, i1.overdue, i1.missing_periods) == (True, False, ("2024-Q1",))
    assert (i1.report_id, i1.report_date, i1.report_status, i1.report_percent, i1.report_text,
            i1.report_period) == (None,) * 6
    # a task's units, each once; a unit's dossier; the leaves
    assert [r.unit for r in prefix.reports.dossier("p", D(2024, 7, 1), task="t1")] == ["expo", "expo-bureau"]
    assert [r.task for r in prefix.reports.dossier("p", "2024-07-01", unit="expo", leaves=True)] == ["i1"]
    assert list(prefix.reports.dossier("p", "2024-07-01", unit="other")) == []


def test_dossier_latest_report(prefix):
    first = prefix.reports.submit("p", "i1", "2024-Q1", "2024-04-05", "in_progress", unit="expo",
                                  percent=20, text="起步")
    fix = prefix.reports.submit("p", "i1", "2024-Q1", "2024-08-01", "done", unit="expo", supersedes=first)
    (row,) = prefix.reports.dossier("p", "2024-07-01", unit="expo", leaves=True)
    assert (row.report_id, row.report_date, row.report_status, row.report_percent, row.report_text,
            row.report_period) == (first, D(2024, 4, 5), goc.TaskStatus.IN_PROGRESS, 20, "起步", "2024-Q1")
    assert row.missing_periods == ()
    assert (row.report_late_days, row.late_periods) == (0, ())
    (row,) = prefix.reports.dossier("p", "2024-08-01", unit="expo", leaves=True)
    assert (row.report_id, row.report_status, row.report_percent) == (fix, goc.TaskStatus.DONE, None)
    # goc_report_latest_as_of(): the same reports
    assert [r.id for r in prefix.reports.latest("p", as_of="2024-07-01")] == [first]
    assert [r.id for r in prefix.reports.latest("p", as_of=D(2024, 8, 1))] == [fix]
    assert [r.id for r in prefix.reports.latest("p")] == [fix]
    assert list(prefix.reports.latest("p", as_of="2024-04-04")) == []


def test_dossier_errors(prefix):
    with pytest.raises(goc.InvalidInputError, match="as_of"):
        prefix.reports.dossier("p", "2024-02-30")
    with pytest.raises(goc.NotFoundError, match="filter.unit"):
        prefix.reports.dossier("p", "2024-07-01", unit="nobody")
    with pytest.raises(goc.NotFoundError, match="filter.task"):
        prefix.reports.dossier("p", "2024-07-01", task="zz")
    with pytest.raises(goc.NotFoundError, match="plan"):
        prefix.reports.dossier("nope", "2024-07-01")
    with pytest.raises(goc.InvalidInputError, match="as_of"):
        prefix.reports.latest("p", as_of="soon")
    with pytest.raises(TypeError):
        prefix.reports.dossier("p", 20240701)


def test_dossier_agrees_with_the_matrix(demo):
    """The Pudong plan with the demonstration data: the dossier's rows are
    the responsibility matrix's, and the scorecard by unit counts what the
    dossier shows for the last quarter due (2025-Q1, due 2025-04-10)."""
    rows = list(demo.reports.dossier(PLAN, "2025-06-30"))
    assert [(r.task, r.unit, r.role) for r in rows] == [
        (a.task, a.party, a.role) for a in demo.plans.matrix(PLAN)]
    by_unit = {s.key: s for s in demo.scorecard(PLAN, "2025-06-30", by="unit") if s.key}
    for unit, score in by_unit.items():
        mine = [r for r in rows if r.unit == unit]
        assert score.tasks == len(mine)
        assert score.leads == sum(r.role is goc.Role.LEAD for r in mine)
        assert score.overdue == sum(r.overdue for r in mine)
        assert score.missing_reports == sum("2025-Q1" in r.missing_periods for r in mine)
        assert all("2025-Q2" not in r.missing_periods for r in mine)


def test_landed_date(ref):
    org = ref.orgs.create("落地组织", goc.Category.TRADE, "2024-01-01")
    assert ref.orgs.landed_date(org) is None
    ref.orgs.review(org, goc.ReviewOutcome.CLEARED, "2024-01-10", unit="police")
    ref.orgs.set_stage(org, goc.Stage.APPROVED, "2024-02-01", unit="commerce")
    ref.orgs.set_stage(org, goc.Stage.LANDED, "2024-03-01", unit="commerce")
    ref.orgs.set_stage(org, goc.Stage.WITHDRAWN, "2024-06-01", unit="commerce")
    assert ref.orgs.landed_date(org) == D(2024, 3, 1)
    assert ref.orgs.landed_date(org, as_of="2024-02-29") is None
    assert ref.orgs.landed_date(org, as_of=D(2024, 3, 1)) == D(2024, 3, 1)
    with pytest.raises(goc.NotFoundError, match="99999"):
        ref.orgs.landed_date(99999)
    with pytest.raises(goc.InvalidInputError, match="as_of"):
        ref.orgs.landed_date(org, as_of="2024-13-01")


def test_decode_text():
    text = "name_zh,category\r\n国标组织,trade\n"
    assert goc.decode_text(text.encode()) == text
    assert goc.decode_text(b"\xef\xbb\xbf" + text.encode()) == text
    assert goc.decode_text(text.encode("gb18030")) == text
    assert goc.decode_text(bytearray(text.encode("gbk")), "gbk") == text
    assert goc.decode_text(memoryview(text.encode("utf-16-le")), "utf-16le") == text
    assert goc.decode_text(b"") == ""
    with pytest.raises(goc.InvalidInputError, match=r"line 2, column 1: text is neither UTF-8 nor GB18030 \(byte 0xFF\)"):
        goc.decode_text(b"ok\n\xff\xfe")
    with pytest.raises(goc.InvalidInputError, match="line 1, column 2: NUL byte"):
        goc.decode_text(b"a\0b")
    with pytest.raises(goc.InvalidInputError, match="invalid UTF-8"):
        goc.decode_text(text.encode("gb18030"), "utf-8")
    with pytest.raises(goc.InvalidInputError, match='encoding: unknown encoding "klingon"'):
        goc.decode_text(b"abc", "klingon")
    with pytest.raises(TypeError, match="bytes-like"):
        goc.decode_text("abc")


def test_import_table_adds_then_unchanged(prefix):
    """db.reports.import_table() (goc_report_import_table()): a filled
    template's rows become reports, all or none; the same file again adds
    nothing (unchanged); GB18030 CSV is detected; errors name row and
    column."""
    table = ("计划,p\n单位,expo\n期间,2024-Q2\n"
             "任务代码,状态,填报日期,完成比例,进展情况\n"
             "i1,推进中,2024-06-20,40,已对接\n"
             "t1,,,,\n")
    assert prefix.reports.import_table(table.encode("gb18030")) == (1, 0, 1)
    assert prefix.reports.import_table(table) == (0, 1, 1)
    [r] = prefix.reports.list("p", unit="expo")
    assert (r.task, r.status, r.percent, r.text) == ("i1", goc.TaskStatus.IN_PROGRESS, 40, "已对接")
    bad = table.replace("推进中", "差不多")
    with pytest.raises(goc.InvalidInputError) as e:
        prefix.reports.import_table(bad.encode())
    assert "line 5, column 2: status: unknown status '差不多'" in str(e.value)
    with pytest.raises(goc.InvalidInputError):
        prefix.reports.import_table(table, sheet="Sheet1")   # CSV has no sheet
    assert prefix.reports.import_table("task,status,date\ni1,done,2024-06-21\n",
                                       plan="p", unit="expo", period="2024-Q2") == (1, 0, 0)


# ---- reporting cycles, deadlines and reminders (催报) ----

def test_deadline_boundary_and_late(prefix):
    """A period is missing only after its deadline (10 calendar days by
    default): not on the deadline itself, from the day after; a report
    after the deadline is late by the days past it."""
    plan = prefix.plans.get("p")
    assert (plan.report_cycle, plan.report_deadline_days) == (goc.ReportCycle.QUARTERLY, 10)
    assert prefix.reports.deadline("p", "2024-Q1") == D(2024, 4, 10)
    (row,) = prefix.reports.dossier("p", "2024-04-10", unit="expo", leaves=True)
    assert row.missing_periods == ()
    (row,) = prefix.reports.dossier("p", "2024-04-11", unit="expo", leaves=True)
    assert row.missing_periods == ("2024-Q1",)
    prefix.reports.submit("p", "i1", "2024-Q1", "2024-04-15", "in_progress", unit="expo")
    (row,) = prefix.reports.dossier("p", "2024-05-01", unit="expo", leaves=True)
    assert (row.missing_periods, row.late_periods, row.report_late_days) == (
        (), (("2024-Q1", 5),), 5)
    assert [a.party for a in prefix.reports.missing("p", "2024-Q2", as_of="2024-07-10")] == []
    assert len(list(prefix.reports.missing("p", "2024-Q2", as_of="2024-07-11"))) == 2


def test_set_reporting(prefix):
    prefix.plans.set_reporting("p", goc.ReportCycle.MONTHLY, 5)
    plan = prefix.plans.get("p")
    assert (plan.report_cycle, plan.report_deadline_days) == (goc.ReportCycle.MONTHLY, 5)
    assert prefix.reports.deadline("p", "2024-02") == D(2024, 3, 5)
    (row,) = prefix.reports.dossier("p", "2024-03-06", unit="expo", leaves=True)
    assert row.missing_periods == ("2024-01", "2024-02")
    prefix.plans.set_reporting("p", "annual", 0)
    assert prefix.reports.deadline("p", "2024") == D(2024, 12, 31)
    # the deadline is the period's last day plus the offset (0 here)
    assert goc.period_end("2024") == D(2024, 12, 31) and goc.period_end("2024-02") == D(2024, 2, 29)
    assert goc.period_end("2024-H1") == goc.period_end("2024-Q2") == D(2024, 6, 30)
    with pytest.raises(goc.InvalidInputError, match="period"):
        goc.period_end("2024-Q5")
    with pytest.raises(goc.InvalidInputError, match="deadline_days"):
        prefix.plans.set_reporting("p", "annual", 400)
    with pytest.raises(ValueError):
        prefix.plans.set_reporting("p", "weekly", 5)
    with pytest.raises(TypeError):
        prefix.plans.set_reporting("p", "annual", "5")
    with pytest.raises(goc.NotFoundError):
        prefix.plans.set_reporting("nope", "annual", 5)
    with pytest.raises(goc.InvalidInputError, match="period"):
        prefix.reports.deadline("p", "2024-Q5")


def test_unit_contact(prefix):
    prefix.units.create("u9", "单位九", "department", contact="张三", phone="021-1234",
                        email="u9@example.org")
    u = prefix.units.get("u9")
    assert (u.contact, u.phone, u.email) == ("张三", "021-1234", "u9@example.org")
    prefix.units.set_contact("u9", phone="")
    u = prefix.units.get("u9")
    assert (u.contact, u.phone, u.email) == ("张三", None, "u9@example.org")
    with pytest.raises(goc.InvalidInputError, match="email"):
        prefix.units.set_contact("u9", email="no-at-sign")
    with pytest.raises(goc.NotFoundError):
        prefix.units.set_contact("nobody", contact="x")


def test_reminders_grouped_by_unit(demo):
    rows = list(demo.reminders(as_of="2025-07-15"))
    units = [r.unit for r in rows]
    assert units == sorted(units)  # grouped: by unit code
    assert all(r.contact and r.email.endswith("@example.org") for r in rows)
    kinds = {r.kind for r in rows}
    assert goc.ReminderKind.MISSING in kinds and goc.ReminderKind.LATE in kinds
    late = [r for r in rows if r.kind is goc.ReminderKind.LATE]
    assert all((r.period, r.deadline, r.date, r.days) == ("2025-Q1", D(2025, 4, 10), D(2025, 4, 15), 5)
               for r in late)
    # within a unit, by kind
    for u in set(units):
        ks = [r.kind.c_value for r in rows if r.unit == u]
        assert ks == sorted(ks)
    mine = list(demo.reminders(as_of="2025-07-15", unit="police"))
    assert mine and {r.unit for r in mine} == {"police"}
    # as of 2025-06-30 the unfinished 2025-Q2 is not yet missing
    assert not any(r.period == "2025-Q2" for r in demo.reminders(as_of="2025-06-30"))
    with pytest.raises(goc.NotFoundError, match="unit"):
        list(demo.reminders(as_of="2025-07-15", unit="nobody"))
    with pytest.raises(goc.InvalidInputError, match="as_of"):
        list(demo.reminders(as_of="2025-13-01"))
