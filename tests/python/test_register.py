"""The register: units, groups, zones, zone facts, the Pudong reference set."""
import datetime

import pytest

import goc


def test_reference_load_is_idempotent(ref):
    units = list(ref.units.list())
    assert len(units) == 20
    ref.load_reference("pudong")
    assert list(ref.units.list()) == units
    assert [z.code for z in ref.zones.list()] == ["expo", "ftz", "jinqiao", "lujiazui",
                                                 "zhangjiang"]
    assert {g.code for g in ref.groups.list()} == {"bureaus", "industry-authorities"}


def test_units(ref):
    ref.units.create("u-new", "新设单位", goc.UnitKind.PARTY_OFFICE, name_en="New Office")
    u = ref.units.get("u-new")
    assert u == goc.Unit("u-new", "新设单位", "New Office", goc.UnitKind.PARTY_OFFICE)
    assert ref.units.find("新设单位") == u
    assert ref.units.find("NEW OFFICE") == u            # English: case-insensitive
    assert ref.units.find("u-new") == u
    bureaus = list(ref.units.list(kind="bureau"))
    assert len(bureaus) == 5 and all(b.kind is goc.UnitKind.BUREAU for b in bureaus)
    assert [u.code for u in ref.units.list()] == sorted(u.code for u in ref.units.list())
    with pytest.raises(goc.ExistsError):
        ref.units.create("u-other", "新设单位", "department")
    with pytest.raises(goc.InvalidInputError, match="kind"):
        ref.units.create("u-x", "某单位", "ministry")
    with pytest.raises(goc.NotFoundError):
        ref.units.find("不存在")
    assert "Unit(code='u-new'" in repr(u)


def test_units_create_many(ref):
    ref.units.create_many({"code": "m%d" % i, "name_zh": "批量单位%d" % i,
                           "kind": "department"} for i in range(50))
    assert len(list(ref.units.list())) == 70
    with pytest.raises(goc.ExistsError) as e:
        ref.units.create_many([{"code": "n1", "name_zh": "新一", "kind": "department"},
                               {"code": "n2", "name_zh": "新一", "kind": "department"}])
    assert any("item 1" in n for n in e.value.__notes__)
    with pytest.raises(goc.NotFoundError):
        ref.units.get("n1")                              # all or nothing


def test_groups(ref):
    ref.groups.create("g1", "第一组", name_en="Group One")
    assert ref.groups.get("g1") == goc.Group("g1", "第一组", "Group One", 0)
    ref.groups.add_member("g1", "commerce")
    ref.groups.add_member("g1", "police")
    ref.groups.add_member("g1", "police")                # twice: a no-op
    assert [u.code for u in ref.groups.members("g1")] == ["commerce", "police"]
    assert ref.groups.get("g1").member_count == 2
    ref.groups.remove_member("g1", "police")
    with pytest.raises(goc.NotFoundError):
        ref.groups.remove_member("g1", "police")
    with pytest.raises(goc.NotFoundError):
        ref.groups.add_member("nosuch", "police")
    with pytest.raises(goc.ExistsError):
        ref.groups.create("commerce", "冲突组")          # shares the unit namespace
    members = list(ref.groups.members("bureaus"))
    assert len(members) == 5


def test_zones(ref):
    ref.units.create("hq-bureau", "虹桥管理局", "bureau")
    ref.zones.create("hongqiao", "虹桥", name_en="Hongqiao", focus=goc.Category.FINANCE,
                     bureau="hq-bureau")
    z = ref.zones.get("hongqiao")
    assert z == goc.Zone("hongqiao", "虹桥", "Hongqiao", goc.Category.FINANCE, "hq-bureau")
    ref.zones.create("general", "综合区")
    assert ref.zones.get("general").focus is None
    with pytest.raises(goc.NotFoundError, match="bureau"):
        ref.zones.create("z3", "第三区", bureau="nosuch")
    with pytest.raises(goc.ExistsError):
        ref.zones.create("z4", "虹桥")


def test_zone_facts(ref):
    ref.zones.set_facts("lujiazui", "2024-03-01", True, contact="陆家嘴管理局 钱七")
    ref.zones.set_facts("lujiazui", datetime.date(2024, 9, 1), False)
    f = ref.zones.facts("lujiazui", "2024-06-30")
    assert f == goc.ZoneFact("lujiazui", datetime.date(2024, 3, 1), True, "陆家嘴管理局 钱七")
    f = ref.zones.facts("lujiazui", datetime.date(2025, 1, 1))
    assert f.office_space is False and f.contact is None
    with pytest.raises(goc.NotFoundError):
        ref.zones.facts("lujiazui", "2024-01-01")        # no statement yet
    with pytest.raises(goc.ExistsError):
        ref.zones.set_facts("lujiazui", "2024-03-01", True)
    with pytest.raises(goc.NotFoundError):
        ref.zones.set_facts("hongqiao", "2024-03-01", True)


def test_chinese_round_trip(ref):
    names = ["国际经济组织集聚区（示例）", "𠀀𠀁 extension B", "混合 Mixed 文字 — ‘quotes’",
             "émigré ñ ü", "한국어 日本語"]
    for i, n in enumerate(names):
        ref.units.create("cn%d" % i, n, "department", name_en=n[::-1])
    for i, n in enumerate(names):
        u = ref.units.get("cn%d" % i)
        assert u.name_zh == n and u.name_en == n[::-1]
        assert ref.units.find(n).code == "cn%d" % i
