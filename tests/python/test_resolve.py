"""What a person typed, resolved to codes by the library (goc_resolve(),
goc/resolve.h): db.resolve(), CEnum.resolve(), and the enum and code
arguments of the Python API that take names and labels too."""
import pytest

import goc

PLAN = "pudong-goc-2024"


@pytest.fixture
def plan(db):
    db.plans.load(PLAN)
    return db


def test_resolve_registers(plan):
    assert plan.resolve("zone", "陆家嘴") == "lujiazui"
    assert plan.resolve("zone", "世博前滩") == "expo"
    assert plan.resolve("zone", "ＬＵＪＩＡＺＵＩ") == "lujiazui"
    assert plan.resolve("unit", "商务委") == "commerce"
    assert plan.resolve("group", "各管理局") == "bureaus"
    assert plan.resolve("party", "各管理局") == "bureaus"
    assert plan.resolve("kpi", "设立区域总部机构", PLAN) == "regional-hq"


@pytest.mark.parametrize("text,code", [("(1)", "i1"), ("（1）", "i1"), ("i1", "i1"), ("1", "t1"),
                                       ("1.", "t1"), ("一", "s1"), ("（一）", "s1"), ("一、", "s1")])
def test_resolve_task_labels(plan, text, code):
    assert plan.resolve("task", text, PLAN) == code


def test_resolve_vocabularies(db):
    assert db.resolve("task_status", "进行中") == "in_progress"
    assert db.resolve("stage", "已落地") == "landed"
    assert goc.TaskStatus.resolve("推进中") is goc.TaskStatus.IN_PROGRESS
    assert goc.TaskStatus.resolve("In progress") is goc.TaskStatus.IN_PROGRESS
    assert goc.Category.resolve("专业服务类") is goc.Category.PROFESSIONAL
    assert goc.Recurrence.resolve("一次性") is goc.Recurrence.NONE
    assert goc.Stage.to_c("已落地") == goc.Stage.LANDED.c_value


def test_unknown_lists_valid_values_and_did_you_mean(plan):
    with pytest.raises(goc.NotFoundError) as e:
        plan.resolve("zone", "陆家咀")
    assert "did you mean lujiazui (陆家嘴)?" in str(e.value)
    assert "expo (世博前滩)" in str(e.value)
    with pytest.raises(goc.InvalidInputError) as e:
        goc.TaskStatus.resolve("进形中")
    assert "did you mean in_progress (推进中)?" in str(e.value)


def test_ambiguous_lists_candidates(plan):
    plan.zones.create("lujiazui2", "Lujiazui")
    with pytest.raises(goc.InvalidInputError) as e:
        plan.resolve("zone", "lujiazui ")
    assert "ambiguous: it names lujiazui (陆家嘴) and lujiazui2 (Lujiazui)" in str(e.value)
    assert plan.resolve("zone", "lujiazui") == "lujiazui"


def test_bad_input(plan):
    with pytest.raises(goc.InvalidInputError):
        plan.resolve("zones", "x")
    with pytest.raises(goc.InvalidInputError):
        plan.resolve("zone", "")
    with pytest.raises(goc.InvalidInputError):
        plan.resolve("zone", " \u3000")


def test_api_filters_take_names(plan):
    oid = plan.orgs.create("测试组织", "professional", "2025-01-02", zone="lujiazui", unit="lujiazui-bureau")
    assert [o.id for o in plan.orgs.list(zone="陆家嘴")] == [oid]
    assert [o.id for o in plan.orgs.list(unit="陆家嘴管理局", category="专业服务类")] == [oid]
    assert list(plan.orgs.list(zone="陆家嘴", stage="已落地")) == []
    # an unknown zone filters everything out, as an unknown code always did
    assert list(plan.orgs.list(zone="陆家")) == []
    assert list(plan.events.list(zone="陆家嘴", unit="商务委")) == []
