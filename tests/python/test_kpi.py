"""KPIs: definitions, targets, manual measurements, evaluation, scorecards."""
import datetime
import math

import pytest

import goc
from conftest import PLAN

D = datetime.date


@pytest.fixture
def kdb(ref):
    ref.plans.create("goc", "测试行动方案", start="2024-01-01", end="2026-12-31")
    return ref


def test_define_get_list_delete(kdb):
    kdb.kpis.create("goc", "new-orgs", "新增组织", goc.Measure.ORGS_ENTERED,
                    goc.Scope.PLAN, goc.Window.PERIOD, name_en="New orgs", target_min=8,
                    weight=2, stage=goc.Stage.LANDED)
    kdb.kpis.create("goc", "zone-quota", "各区配额", "orgs_entered", "zone", "period",
                    members=["lujiazui", "expo"], target_min=2, target_max=3)
    k = kdb.kpis.get("goc", "new-orgs")
    assert k == goc.Kpi("new-orgs", "goc", "新增组织", "New orgs", goc.Measure.ORGS_ENTERED,
                        goc.Scope.PLAN, (), goc.Window.PERIOD, D(2024, 1, 1),
                        D(2026, 12, 31), None, 0.0, 8.0, None, goc.Direction.HIGHER, 2.0, (),
                        0.7, goc.Stage.LANDED, None, None, None, None, None, None)
    # the filters of a definition read back
    events = kdb.kpis.get("goc", "new-orgs")
    assert events.at_risk == 0.7 and events.stage is goc.Stage.LANDED
    z = kdb.kpis.get("goc", "zone-quota")
    assert z.members == ("lujiazui", "expo") and z.target_max == 3.0
    assert [x.code for x in kdb.kpis.list("goc")] == ["new-orgs", "zone-quota"]
    with pytest.raises(goc.ExistsError):
        kdb.kpis.create("goc", "new-orgs", "重复", "hq", "plan", "period")
    with pytest.raises(goc.InvalidInputError, match="members"):
        kdb.kpis.create("goc", "bad", "错误", "hq", "plan", "period", members="lujiazui")
    with pytest.raises(goc.NotFoundError):
        kdb.kpis.create("nosuch", "k", "无方案", "hq", "plan", "period")
    kdb.kpis.delete("goc", "zone-quota")
    with pytest.raises(goc.NotFoundError):
        kdb.kpis.get("goc", "zone-quota")


def test_manual_measurements_and_targets(kdb):
    kdb.kpis.create("goc", "m", "手工指标", goc.Measure.MANUAL, "plan", "period",
                    target_min=10)
    kdb.kpis.record_measurement("goc", "m", "2024-03-31", 5, note="一季度")
    kdb.kpis.record_measurement("goc", "m", D(2024, 6, 30), 12.5)
    rows = list(kdb.kpis.evaluate("goc", "2024-04-30", kpi="m"))
    assert len(rows) == 1 and rows[0].actual == 5.0 and rows[0].member is None
    r = list(kdb.kpis.evaluate("goc", D(2024, 12, 31), kpi="m"))[0]
    assert r.actual == 12.5 and r.status is goc.KpiStatus.MET and r.score == 1.0
    assert r.year is None and r.target_max is None
    assert (r.start, r.end) == (D(2024, 1, 1), D(2026, 12, 31))
    kdb.kpis.set_target("goc", "m", "2024-07-01", 20, 30)
    r = list(kdb.kpis.evaluate("goc", "2024-12-31", kpi="m"))[0]
    assert (r.target_min, r.target_max) == (20.0, 30.0)
    assert r.status in (goc.KpiStatus.ON_TRACK, goc.KpiStatus.AT_RISK, goc.KpiStatus.BEHIND)
    r = list(kdb.kpis.evaluate("goc", "2024-06-30", kpi="m"))[0]
    assert r.target_min == 10.0                          # the target in force then
    with pytest.raises(goc.InvalidInputError, match="value"):
        kdb.kpis.record_measurement("goc", "m", "2024-07-31", math.nan)
    with pytest.raises(goc.ExistsError):
        kdb.kpis.record_measurement("goc", "m", "2024-03-31", 1)
    with pytest.raises(goc.InvalidInputError, match="date"):
        kdb.kpis.evaluate("goc", "2024-02-30")


def test_not_started_and_annual_rows(kdb):
    kdb.kpis.create("goc", "ev", "年度活动", "events", "plan", "annual", target_min=5,
                    target_max=8, large=True, start="2025-01-01")
    rows = list(kdb.kpis.evaluate("goc", "2024-06-30", kpi="ev"))
    assert [r.year for r in rows] == [2025, 2026]
    assert all(r.status is goc.KpiStatus.NOT_STARTED and r.score is None for r in rows)


def test_demo_evaluation_and_scorecards(demo):
    rows = list(demo.kpis.evaluate(PLAN, "2025-06-30"))
    assert len(rows) > 20
    assert all(isinstance(r.status, goc.KpiStatus) for r in rows)
    assert {r.kpi for r in rows} == {k.code for k in demo.kpis.list(PLAN)}
    for by in goc.ScoreBy:
        card = list(demo.scorecard(PLAN, D(2025, 6, 30), by=by))
        assert card[-1].key is None                      # the total comes last
        assert all(s.key is not None for s in card[:-1])
        total = card[-1]
        assert total.rows == len(rows) == sum(total.counts.values())
        assert 0.0 <= total.value <= 1.0
    units = list(demo.scorecard(PLAN, "2025-06-30", by="unit"))
    commerce = next(s for s in units if s.key == "commerce")
    assert commerce.name_zh == "商务委" and commerce.tasks > 0 and commerce.leads > 0
    by_kpi = list(demo.kpis.scorecard(PLAN, "2025-06-30"))
    assert by_kpi[0].key == rows[0].kpi and by_kpi[0].target > 0
    pe = next(s for s in by_kpi if s.key == "promotion-events")
    assert (pe.rows, pe.met) == (4, 3)   # not the sum: 4.0 of 4.0
    assert (pe.worst.member, pe.worst.year, pe.worst.status) == ("lujiazui", 2025, goc.KpiStatus.BEHIND)
    assert pe.met == pe.counts[goc.KpiStatus.MET] + pe.counts[goc.KpiStatus.EXCEEDED]
    with pytest.raises(goc.NotFoundError):
        list(demo.scorecard("nosuch", "2025-06-30"))
    with pytest.raises(goc.InvalidInputError):
        demo.scorecard(PLAN, "2025-06-30", by="colour")


def test_demo_is_deterministic_and_refuses_twice(tmp_path):
    with goc.open(tmp_path / "a.db") as a, goc.open(tmp_path / "b.db") as b:
        a.load_demo()
        b.load_demo(0)
        assert list(a.orgs.list()) == list(b.orgs.list())
        with pytest.raises(goc.ExistsError):
            a.load_demo()


def test_demo_only(tmp_path):
    with goc.open(tmp_path / "a.db") as db:
        assert db.demo_only() is False  # empty
        db.load_demo()
        assert db.demo_only() is True
        with pytest.raises(goc.ExistsError, match="78 organizations and 1 plans"):
            db.load_demo()
        assert db.demo_only() is True
        db.orgs.create("真实的组织", category="other", date="2025-07-01")
        assert db.demo_only() is False


def test_lists_are_tuples_from_the_c_items(demo):
    # read with goc_kpi_member_at() / goc_kpi_row_member_at(), not by
    # splitting the deprecated comma-joined text
    kpi = demo.kpis.get(PLAN, "hq-expo-lujiazui")
    assert (kpi.members, kpi.tasks) == (("expo", "lujiazui"), ("i13",))
    assert demo.kpis.get(PLAN, "orgs-total").members == ()
    rows = list(demo.kpis.evaluate(PLAN, "2025-06-30"))
    zones = [r for r in rows if r.kpi == "hq-expo-lujiazui"]
    assert [(r.member, r.members) for r in zones] == [("expo,lujiazui", ("expo", "lujiazui"))]
    for r in rows:
        assert r.members == (() if r.member is None else
                             tuple(r.member.split(",")))
    events = list(demo.events.list())
    assert events and all(isinstance(e.organizers, tuple) and e.unit in e.organizers
                          for e in events)


def test_series_equals_evaluations_at_each_quarter_end(demo):
    rows = list(demo.kpis.series(PLAN, "2024-01-01", "2025-12-31", "quarter"))
    dates = sorted({r.as_of for r in rows})
    assert dates == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31),
                     D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]
    for d in dates:
        assert [r for r in rows if r.as_of == d] == list(demo.kpis.evaluate(PLAN, d))
    # the scorecards too, total last
    for by in ("plan", "zone"):
        scores = list(demo.kpis.score_series(PLAN, "2024-01-01", "2024-12-31",
                                             goc.Every.QUARTER, by))
        for d in dates[:4]:
            got = [(s.key, s.value, s.status, s.met) for s in scores if s.as_of == d]
            want = [(s.key, s.value, s.status, s.met) for s in demo.scorecard(PLAN, d, by)]
            assert got == want and got[-1][0] is None


def test_series_filters_and_errors(demo):
    kpi = next(iter(demo.kpis.list(PLAN))).code
    rows = list(demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", "month", kpi=kpi))
    assert rows and {r.kpi for r in rows} == {kpi}
    assert len({r.as_of for r in rows}) == 12
    zoned = list(demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", member="lujiazui"))
    assert zoned and all("lujiazui" in r.members for r in zoned)
    assert goc.Every.MONTH.label() == "按月"
    with pytest.raises(goc.InvalidInputError, match="before"):
        demo.kpis.series(PLAN, "2025-01-01", "2024-01-01")
    with pytest.raises(goc.InvalidInputError, match="no quarter end"):
        demo.kpis.series(PLAN, "2024-01-01", "2024-02-01")
    with pytest.raises(goc.InvalidInputError):
        demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", "week")
    with pytest.raises(goc.NotFoundError, match="opts.member"):
        demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", member="atlantis")
    with pytest.raises(goc.NotFoundError):
        demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", kpi="nope")
    with pytest.raises(goc.InvalidInputError, match="sections"):
        demo.kpis.score_series(PLAN, "2024-01-01", "2024-12-31", by="section")


def test_evaluate_unit(demo):
    rows = list(demo.kpis.evaluate_unit(PLAN, "lujiazui-bureau", "2025-06-30"))
    keys = {(r.kpi, r.member) for r in rows}
    assert ("target-lists", "lujiazui-bureau") in keys          # its unit row
    assert ("zone-quotas", "lujiazui") in keys                  # its zone's row
    assert ("hq-expo-lujiazui", "expo,lujiazui") in keys        # a zones row with its zone
    assert ("zone-quotas", "expo") not in keys                  # expo-bureau's zone
    assert all(r.member is not None for r in rows)              # no plan rows
    # the same rows as the whole evaluation, in its order
    every = list(demo.kpis.evaluate(PLAN, "2025-06-30"))
    assert rows == [r for r in every if r in rows]
    with pytest.raises(goc.NotFoundError, match="unit"):
        demo.kpis.evaluate_unit(PLAN, "atlantis", "2025-06-30")
    with pytest.raises(goc.InvalidInputError, match="as_of"):
        demo.kpis.evaluate_unit(PLAN, "commerce", "2025-02-30")


def test_series_at_a_list_of_dates(demo):
    rows = list(demo.kpis.series(PLAN, dates=["2025-06-30", D(2024, 1, 15), "2025-06-30"]))
    assert sorted({r.as_of for r in rows}) == [D(2024, 1, 15), D(2025, 6, 30)]
    assert [r for r in rows if r.as_of == D(2024, 1, 15)] == \
        list(demo.kpis.evaluate(PLAN, "2024-01-15"))
    with pytest.raises(goc.InvalidInputError, match="not both"):
        demo.kpis.series(PLAN, "2024-01-01", "2024-12-31", dates=["2024-06-30"])
    with pytest.raises(goc.InvalidInputError, match="0 dates"):
        demo.kpis.series(PLAN, dates=[])
