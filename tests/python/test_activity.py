"""Activity registers: partners, experts, events, service requests."""
import datetime

import pytest

import goc

D = datetime.date


def test_partners(ref):
    a = ref.partners.create("示例跨国公司", goc.PartnerKind.MULTINATIONAL, "commerce",
                            "2024-02-01", name_en="Example Corp", contact="张三 021-1234",
                            notes="备注")
    b = ref.partners.create("示例商会", "chamber", "ftz-bureau", D(2024, 3, 1))
    p = ref.partners.get(a)
    assert p == goc.Partner(a, "示例跨国公司", "Example Corp", goc.PartnerKind.MULTINATIONAL,
                            "commerce", D(2024, 2, 1), "张三 021-1234", "备注")
    assert [x.id for x in ref.partners.list()] == [a, b]
    assert [x.id for x in ref.partners.list(unit="ftz-bureau")] == [b]
    assert [x.id for x in ref.partners.list(kind="multinational")] == [a]
    assert [x.id for x in ref.partners.list(since="2024-02-15")] == [b]
    assert [x.id for x in ref.partners.list(until=D(2024, 2, 15))] == [a]
    ref.partners.update(a, contact=None, kind="financial", date="2024-02-02")
    p = ref.partners.get(a)
    assert p.contact is None and p.kind is goc.PartnerKind.FINANCIAL
    assert p.date == D(2024, 2, 2) and p.notes == "备注"
    with pytest.raises(goc.ExistsError):
        ref.partners.create("示例商会", "chamber", "ftz-bureau", "2024-03-01")
    with pytest.raises(goc.NotFoundError, match="unit"):
        ref.partners.create("新伙伴", "chamber", "nosuch", "2024-03-01")
    ids = ref.partners.create_many({"name_zh": "批量伙伴%d" % i, "kind": "other",
                                    "unit": "commerce", "date": "2024-05-01"}
                                   for i in range(20))
    assert len(ids) == 20
    ref.partners.delete(b)
    with pytest.raises(goc.NotFoundError):
        ref.partners.get(b)


def test_experts(ref):
    a = ref.experts.create("李四", "commerce", "2024-01-10", field="国际组织研究",
                           affiliation="某大学", notes="备注")
    e = ref.experts.get(a)
    assert e == goc.Expert(a, "李四", "国际组织研究", "某大学", "commerce",
                           D(2024, 1, 10), "备注")
    b = ref.experts.create("李四", "scitech", "2024-02-10")     # another unit lists him too
    with pytest.raises(goc.ExistsError):
        ref.experts.create("李四", "commerce", "2024-03-10")
    assert [x.id for x in ref.experts.list(unit="scitech")] == [b]
    assert [x.id for x in ref.experts.list(since="2024-02-01")] == [b]
    ref.experts.update(a, affiliation=None, field="国际法")
    e = ref.experts.get(a)
    assert e.affiliation is None and e.field == "国际法"
    assert len(ref.experts.create_many(
        [{"name": "王五", "unit": "commerce", "date": "2024-03-01"}])) == 1
    ref.experts.delete(a)
    with pytest.raises(goc.NotFoundError):
        ref.experts.delete(a)


def test_events(ref):
    org = ref.orgs.create("参会组织", "trade", "2024-01-01")
    a = ref.events.create("示例论坛", "2024-04-01", goc.EventKind.FORUM, "commerce",
                          title_en="Example Forum", zone="lujiazui", international=True,
                          large=True, notes="备注")
    b = ref.events.create("示例推介会", D(2024, 5, 1), "promotion", "expo-bureau")
    ref.events.add_organizer(a, "scitech")
    ref.events.add_organizer(a, "scitech")               # twice: a no-op
    ref.events.add_org(a, org)
    e = ref.events.get(a)
    assert e == goc.Event(a, "示例论坛", "Example Forum", D(2024, 4, 1), "lujiazui",
                          goc.EventKind.FORUM, True, True, "commerce",
                          ("commerce", "scitech"), 1, "备注")
    f = ref.events.get(b)
    assert (f.international, f.large, f.zone, f.organizers) == (False, False, None,
                                                               ("expo-bureau",))
    assert [x.id for x in ref.events.list(international=True)] == [a]
    assert [x.id for x in ref.events.list(international=False)] == [b]
    assert [x.id for x in ref.events.list(large=True, zone="lujiazui")] == [a]
    assert [x.id for x in ref.events.list(unit="scitech")] == [a]
    assert [x.id for x in ref.events.list(kind="promotion")] == [b]
    assert [x.id for x in ref.events.list(org=org)] == [a]
    ref.events.update(b, international=True, title_en="Promotion", zone="expo")
    f = ref.events.get(b)
    assert f.international and not f.large and f.title_en == "Promotion"
    with pytest.raises(goc.NotFoundError):
        ref.events.add_org(a, 999)
    with pytest.raises(TypeError):
        ref.events.list(open=True)    # only the filters that apply to events exist
    ids = ref.events.create_many(
        {"title_zh": "活动%d" % i, "date": "2024-06-01", "kind": "conference",
         "unit": "commerce", "large": i % 2 == 0} for i in range(10))
    assert len(ids) == 10
    assert len(list(ref.events.list(large=True))) == 1 + 5
    ref.events.delete(a)
    with pytest.raises(goc.NotFoundError):
        ref.events.get(a)


def test_requests(ref):
    org = ref.orgs.create("提诉求的组织", "trade", "2024-01-01")
    a = ref.requests.create(org, goc.RequestCategory.VISA, "2024-03-01", "police",
                            "外籍员工居留许可", notes="加急")
    r = ref.requests.get(a)
    assert r == goc.Request(a, org, goc.RequestCategory.VISA, D(2024, 3, 1), "police",
                            "外籍员工居留许可", None, None, None, "加急")
    b = ref.requests.create(org, "office", "2024-03-05", "ftz-bureau", "办公场地")
    assert [x.id for x in ref.requests.list(open=True)] == [a, b]
    ref.requests.resolve(a, "2024-03-11", "已办结")
    r = ref.requests.get(a)
    assert (r.resolved, r.outcome, r.days) == (D(2024, 3, 11), "已办结", 10)
    with pytest.raises(goc.StateError):
        ref.requests.resolve(a, "2024-03-12", "再次")
    with pytest.raises(goc.InvalidInputError):
        ref.requests.resolve(b, "2024-03-01", "早于受理")
    assert [x.id for x in ref.requests.list(open=True)] == [b]
    assert [x.id for x in ref.requests.list(open=False)] == [a]
    assert [x.id for x in ref.requests.list(category="office")] == [b]
    assert [x.id for x in ref.requests.list(org=org, unit="police")] == [a]
    ref.requests.update(b, summary="办公场地（更新）", notes=None)
    assert ref.requests.get(b).summary == "办公场地（更新）"
    with pytest.raises(goc.NotFoundError):
        ref.requests.create(999, "tax", "2024-03-01", "police", "无此组织")
    assert len(ref.requests.create_many(
        [{"org": org, "category": "tax", "opened": "2024-04-01", "unit": "police",
          "summary": "税务"}])) == 1
    ref.requests.delete(b)
    with pytest.raises(goc.NotFoundError):
        ref.requests.get(b)


def test_demo_lists(demo):
    assert len(list(demo.partners.list())) > 10
    assert len(list(demo.experts.list())) > 10
    assert len(list(demo.events.list(large=True))) > 0
    assert len(list(demo.requests.list())) > 0
    assert all(o.name_zh.endswith("（示例）") for o in demo.orgs.list())
