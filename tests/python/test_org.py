"""Organizations: register, lifecycle, reviews, HQ milestone, filters, bulk."""
import dataclasses
import datetime

import pytest

import goc

D = datetime.date


def new_org(db, name="示例组织", **kw):
    kw.setdefault("zone", "ftz")
    kw.setdefault("unit", "ftz-bureau")
    return db.orgs.create(name, goc.Category.TRADE, "2024-03-01", **kw)


def test_create_get_find(ref):
    i = ref.orgs.create(name_zh="世界贸易示例组织", category=goc.Category.TRADE,
                        date=D(2024, 3, 1), name_en="World Trade Example",
                        origin=goc.Origin.LOCAL, zone="ftz", unit="ftz-bureau",
                        notes="备注")
    o = ref.orgs.get(i)
    assert o.id == i and o.name_zh == "世界贸易示例组织"
    assert o.name_en == "World Trade Example"
    assert o.category is goc.Category.TRADE and o.origin is goc.Origin.LOCAL
    assert o.stage is goc.Stage.TARGET
    assert o.stage_date == o.created == D(2024, 3, 1)
    assert o.hq_date is None and o.notes == "备注"
    assert ref.orgs.find("world trade EXAMPLE") == o
    assert ref.orgs.find("世界贸易示例组织") == o
    assert "notes" not in repr(o)                      # long text kept out of repr
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.name_zh = "x"
    assert hash(o) == hash(ref.orgs.get(i))


def test_defaults_and_errors(ref):
    i = ref.orgs.create("默认组织", "scitech", "2024-01-01")
    o = ref.orgs.get(i)
    assert o.origin is goc.Origin.INTERNATIONAL and o.zone is None and o.unit is None
    with pytest.raises(goc.InvalidInputError, match="category"):
        ref.orgs.create("坏组织", "nosuch", "2024-01-01")
    with pytest.raises(goc.NotFoundError, match="zone"):
        ref.orgs.create("坏组织", "trade", "2024-01-01", zone="mars")
    with pytest.raises(goc.ExistsError):
        ref.orgs.create("默认组织", "trade", "2024-01-01")
    with pytest.raises(goc.InvalidInputError, match="id_value"):
        ref.orgs.create("坏组织", "trade", "2024-01-01", id_scheme="uscc")


def test_lifecycle(ref):
    i = new_org(ref)
    assert goc.Stage.TARGET.can_move_to(goc.Stage.NEGOTIATING)
    assert not goc.Stage.TARGET.can_move_to("landed")
    ref.orgs.set_stage(i, goc.Stage.CONTACTING, "2024-03-10", unit="ftz-bureau",
                       note="首次接触")
    ref.orgs.set_stage(i, "approved", D(2024, 5, 1), unit="ftz-bureau")
    with pytest.raises(goc.StateError, match="review"):
        ref.orgs.set_stage(i, "landed", "2024-06-01", unit="ftz-bureau")
    with pytest.raises(goc.StateError):
        ref.orgs.set_hq(i, "2024-06-01", unit="ftz-bureau")
    r1 = ref.orgs.review(i, goc.ReviewOutcome.FLAGGED, "2024-05-10", unit="police",
                         note="待核实")
    r2 = ref.orgs.review(i, "cleared", "2024-05-20", unit="police")
    assert r2 > r1
    ref.orgs.set_stage(i, goc.Stage.LANDED, "2024-06-01", unit="ftz-bureau")
    ref.orgs.set_hq(i, "2024-07-01", unit="ftz-bureau", note="区域总部")
    with pytest.raises(goc.ExistsError):
        ref.orgs.set_hq(i, "2024-08-01", unit="ftz-bureau")
    with pytest.raises(goc.InvalidInputError, match="date"):
        ref.orgs.set_stage(i, "operating", "2024-01-01", unit="ftz-bureau")
    o = ref.orgs.get(i)
    assert o.stage is goc.Stage.LANDED and o.hq_date == D(2024, 7, 1)

    hist = list(ref.orgs.history(i))
    assert [(h.from_stage, h.to_stage) for h in hist] == [
        (None, goc.Stage.TARGET), (goc.Stage.TARGET, goc.Stage.CONTACTING),
        (goc.Stage.CONTACTING, goc.Stage.APPROVED), (goc.Stage.APPROVED, goc.Stage.LANDED)]
    assert hist[1].note == "首次接触" and hist[1].unit == "ftz-bureau"
    assert [h.seq for h in hist] == sorted(h.seq for h in hist)
    assert all(h.org == i for h in hist)

    reviews = list(ref.orgs.reviews(i))
    assert [(r.id, r.outcome, r.date) for r in reviews] == [
        (r1, goc.ReviewOutcome.FLAGGED, D(2024, 5, 10)),
        (r2, goc.ReviewOutcome.CLEARED, D(2024, 5, 20))]
    assert reviews[0].note == "待核实" and reviews[1].note is None

    ref.orgs.set_stage(i, "withdrawn", "2024-09-01", unit="ftz-bureau")
    ref.orgs.set_stage(i, "target", "2024-10-01", unit="ftz-bureau")  # reopened


def test_update_and_delete(ref):
    i = new_org(ref, name_en="Old", notes="旧备注")
    ref.orgs.update(i, name_en="New Name", zone="lujiazui", unit="lujiazui-bureau")
    o = ref.orgs.get(i)
    assert (o.name_en, o.zone, o.unit, o.notes) == ("New Name", "lujiazui",
                                                     "lujiazui-bureau", "旧备注")
    ref.orgs.update(i, notes=None, name_en=None)         # None clears
    o = ref.orgs.get(i)
    assert o.notes is None and o.name_en is None and o.zone == "lujiazui"
    ref.orgs.update(i, category=goc.Category.FINANCE)
    assert ref.orgs.get(i).category is goc.Category.FINANCE
    with pytest.raises(TypeError):
        ref.orgs.update(i, category=None)
    with pytest.raises(goc.InvalidInputError, match="name_zh"):
        ref.orgs.update(i, name_zh=None)
    ref.orgs.update(i)                                   # nothing: a no-op
    with pytest.raises(goc.NotFoundError):
        ref.orgs.update(999, notes="x")
    ref.orgs.delete(i)
    with pytest.raises(goc.NotFoundError):
        ref.orgs.get(i)
    with pytest.raises(goc.NotFoundError):
        ref.orgs.delete(i)


def test_list_filters(ref):
    a = new_org(ref, "甲", zone="ftz")
    b = new_org(ref, "乙", zone="lujiazui", unit="lujiazui-bureau")
    c = ref.orgs.create("丙", goc.Category.FINANCE, "2024-01-01", origin="local",
                        zone="lujiazui")
    ref.orgs.set_stage(b, "approved", "2024-04-01", unit="commerce")
    ref.orgs.review(b, "cleared", "2024-04-02", unit="police")
    ref.orgs.set_stage(b, "landed", "2024-04-03", unit="commerce")
    ref.orgs.set_hq(b, "2024-05-01", unit="commerce")

    def ids(**kw):
        return [o.id for o in ref.orgs.list(**kw)]
    assert ids() == [a, b, c]
    assert ids(zone="lujiazui") == [b, c]
    assert ids(unit="lujiazui-bureau") == [b]
    assert ids(stage=goc.Stage.LANDED) == [b]
    assert ids(stage="target") == [a, c]
    assert ids(category="finance") == [c]
    assert ids(origin=goc.Origin.LOCAL) == [c]
    assert ids(hq=True) == [b]
    assert ids(hq=False) == [a, c]
    assert ids(zone="mars") == []
    assert ids(zone="lujiazui", category="trade") == [b]


def test_create_many_one_transaction(ref):
    items = ({"name_zh": "批量组织%03d" % i, "category": "trade",
              "date": D(2024, 1, 1) + datetime.timedelta(days=i), "zone": "ftz"}
             for i in range(300))
    ids = ref.orgs.create_many(items)
    assert len(ids) == 300 and ids == sorted(ids)
    assert len(list(ref.orgs.list(zone="ftz"))) == 300
    assert not ref.in_transaction

    bad = [{"name_zh": "好的", "category": "trade", "date": "2024-01-01"},
           {"name_zh": "坏的", "category": "trade", "date": "2024-99-01"}]
    with pytest.raises(goc.InvalidInputError) as e:
        ref.orgs.create_many(bad)
    assert "item 1" in e.value.__notes__[0] and e.value.index == 1
    with pytest.raises(goc.NotFoundError):
        ref.orgs.find("好的")                            # rolled back
    with pytest.raises(TypeError):
        ref.orgs.create_many([("元组", "trade", "2024-01-01")])
    with pytest.raises(TypeError):
        ref.orgs.create_many([{"name_zh": "x", "category": "trade", "date": "2024-01-01",
                               "colour": "red"}])


def test_create_many_same_as_create(ref):
    """The bulk path (converted in C) takes exactly what create() takes."""
    import types
    full = dict(name_zh="批量全字段", category=goc.Category.FINANCE,
                date=datetime.datetime(2024, 5, 6, 7, 8), name_en="Bulk \"Full\"",
                origin=goc.Origin.LOCAL, zone="lujiazui", unit="financial",
                id_scheme="uscc", id_value="91310000MA1FL8TQ23", notes="两行\n备注")
    ids = ref.orgs.create_many([full, types.MappingProxyType(
        {"name_zh": "只读映射", "category": "trade", "date": D(2024, 5, 7), "zone": None})])
    assert len(ids) == 2 and ids[1] == ids[0] + 1
    o = ref.orgs.get(ids[0])
    assert (o.name_zh, o.name_en, o.category, o.origin, o.zone, o.unit, o.id_scheme,
            o.id_value, o.notes, o.created) == (
        "批量全字段", 'Bulk "Full"', goc.Category.FINANCE, goc.Origin.LOCAL, "lujiazui",
        "financial", "uscc", "91310000MA1FL8TQ23", "两行\n备注", D(2024, 5, 6))
    assert ref.orgs.get(ids[1]).zone is None
    # one audit record each, as create() writes
    recs = [r for r in ref.audit.list(action="org.create")]
    assert [int(r.object_id) for r in recs[-2:]] == ids
    assert ref.orgs.create_many([]) == []


def test_create_many_errors(ref):
    n = len(list(ref.orgs.list()))
    with pytest.raises(goc.NotFoundError, match=r"fields\[1\]: zone") as e:
        ref.orgs.create_many([{"name_zh": "甲", "category": "trade", "date": "2024-01-01"},
                              {"name_zh": "乙", "category": "trade", "date": "2024-01-01",
                               "zone": "mars"}])
    assert "item 1, nothing was written" in e.value.__notes__[0]
    assert e.value.index == 1                       # from C's out-parameter
    assert e.value.field == "zone"                  # from goc_error_field()
    with pytest.raises(goc.ExistsError, match=r"fields\[1\]: name_zh: '甲' is already used"
                                              r" by fields\[0\]") as e:
        ref.orgs.create_many([{"name_zh": "甲", "category": "trade", "date": "2024-01-01"}] * 2)
    assert e.value.index == 1 and e.value.field == "name_zh"
    with pytest.raises(goc.InvalidInputError, match="planet"):
        ref.orgs.create_many([{"name_zh": "丙", "category": "planet", "date": "2024-01-01"}])
    for bad, what in [({"name_zh": "丁", "category": "trade"}, "missing required argument 'date'"),
                      ({"category": "trade", "date": "2024-01-01"}, "'name_zh'"),
                      ({"name_zh": "丁", "category": 3, "date": "2024-01-01"}, "category"),
                      ({"name_zh": "丁", "category": "trade", "date": 20240101}, "date"),
                      ({"name_zh": 5, "category": "trade", "date": "2024-01-01"}, "name_zh"),
                      ({1: "x", "name_zh": "丁", "category": "trade", "date": "2024-01-01"},
                       "keywords must be str"),
                      ("name_zh", "not str"), (["name_zh"], "not list")]:
        with pytest.raises(TypeError, match=what):
            ref.orgs.create_many([bad])
    with pytest.raises(ValueError, match="NUL"):
        ref.orgs.create_many([{"name_zh": "a\0b", "category": "trade", "date": "2024-01-01"}])
    with pytest.raises(TypeError, match="iterable"):
        ref.orgs.create_many(5)
    assert len(list(ref.orgs.list())) == n


def test_create_many_refused_inside_a_transaction(ref):
    """Inside the caller's transaction a refused call undoes only itself."""
    ref.begin()
    kept = ref.orgs.create("事务内保留", "trade", "2024-01-01")
    with pytest.raises(goc.NotFoundError):
        ref.orgs.create_many([{"name_zh": "事务内一", "category": "trade", "date": "2024-01-01"},
                              {"name_zh": "事务内二", "category": "trade", "date": "2024-01-01",
                               "unit": "nosuch"}])
    assert ref.in_transaction
    ref.commit()
    assert ref.orgs.get(kept).name_zh == "事务内保留"
    with pytest.raises(goc.NotFoundError):
        ref.orgs.find("事务内一")


def test_create_many_inside_a_transaction(ref):
    ref.begin()
    ref.orgs.create_many([{"name_zh": "内一", "category": "trade", "date": "2024-01-01"}])
    assert ref.in_transaction                            # the caller's, still open
    ref.rollback()
    with pytest.raises(goc.NotFoundError):
        ref.orgs.find("内一")


def test_uscc(ref):
    # a valid code: 18 characters with the GB 32100 check character
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "91310115MA1H7GQX8"
    check = chars[(31 - sum(chars.index(c) * w for c, w in zip(body, weights)) % 31) % 31]
    code = body + check
    goc.check_uscc(code)
    i = ref.orgs.create("有代码的组织", "trade", "2024-01-01", id_scheme="uscc",
                        id_value=code)
    o = ref.orgs.get(i)
    assert (o.id_scheme, o.id_value) == ("uscc", code)
    with pytest.raises(goc.ExistsError):
        ref.orgs.create("同代码", "trade", "2024-01-01", id_scheme="uscc", id_value=code)
    bad = body + chars[(chars.index(check) + 1) % 31]
    with pytest.raises(goc.InvalidInputError, match=check):
        goc.check_uscc(bad)
    goc.check_utf8("中文")


def test_names_compared_by_normalized_form(ref):
    """Look-alike names are one name (goc.name_key): ＡＢＣ, "abc　" and
    "A\u200bBC" are refused once ABC exists, and find() finds it by any
    of them; nothing collides in a database made at schema 7."""
    assert goc.name_key("ＡＢＣ\u3000") == goc.name_key("abc") == "abc"
    assert goc.name_key("上海（国际）\u00a0协会") == "上海(国际) 协会"
    with pytest.raises(goc.InvalidInputError, match="no visible characters"):
        goc.name_key("\u200b\ufeff")
    i = ref.orgs.create("ABC", "trade", "2024-01-01", name_en="Société Générale")
    for lookalike in ("ＡＢＣ", "abc\u3000", "A\u200bBC", "\ufeffABC"):
        with pytest.raises(goc.ExistsError, match=r"already used by organization %d \(written 'ABC'\)" % i):
            ref.orgs.create(lookalike, "trade", "2024-01-01")
        assert ref.orgs.find(lookalike).id == i
    with pytest.raises(goc.ExistsError, match="name_en"):
        ref.orgs.create("另一个", "trade", "2024-01-01", name_en="SOCIÉTÉ  GÉNÉRALE")
    with pytest.raises(goc.InvalidInputError, match="control character U\\+0085"):
        ref.orgs.create("A\u0085B", "trade", "2024-01-01")
    assert list(ref.orgs.name_collisions()) == []


def _reference_key(s):
    """NFKC_Casefold as Python spells it: format characters (Cf) out, NFKC
    and case folding, white space collapsed and trimmed."""
    import unicodedata
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    s = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold())
    return " ".join(s.split())


def test_name_key_agrees_with_python():
    """goc.name_key against Python's unicodedata on 3,000 strings mixing
    what libgoc keys itself (ASCII, CJK unified ideographs) with what it
    hands to libunistring (full-width forms, combining accents, ß, ligatures,
    odd spaces, zero-width characters): the two paths give one answer."""
    import random
    alphabet = ["A", "b", "Z", "q", " ", " ", "1", "-", "(", ")", "国", "際", "組", "织",
                "\u4e00", "\u9fff", "\u3400", "Ａ", "ｂ", "１", "（", "）", "\u3000", "\u00a0",
                "\u2003", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "é", "e", "\u0301",
                "ß", "ﬁ", "①", "Σ", "ς", "\u212a", "\u2126", "㈱", "ｶ", "\u3099"]
    rng = random.Random(14)
    checked = 0
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        want = _reference_key(s)
        if not want:
            with pytest.raises(goc.InvalidInputError):
                goc.name_key(s)
            continue
        assert goc.name_key(s) == want, repr(s)
        checked += 1
    assert checked > 2500


def test_review_by_the_reviewers_not_the_following_unit(ref):
    """Issue 14: scitech may not clear its own organization, in its name or
    police's; it asks, police reviews, the request is answered."""
    assert ref.units.is_reviewer("police") and not ref.units.is_reviewer("scitech")
    ref.actor = "scitech"
    i = ref.orgs.create("闸门示例组织", "scitech", "2024-01-05", unit="scitech")
    ref.orgs.set_stage(i, "approved", "2024-02-01")
    with pytest.raises(goc.NotPermittedError, match="in the name of unit 'police'"):
        ref.orgs.review(i, "cleared", "2024-02-02", unit="police")
    with pytest.raises(goc.NotPermittedError, match="only a reviewing unit"):
        ref.orgs.review(i, "cleared", "2024-02-02")
    q = ref.orgs.request_review(i, D(2024, 2, 2), note="请审查")
    with pytest.raises(goc.ExistsError, match="waiting"):
        ref.orgs.request_review(i, "2024-02-03")
    (pending,) = ref.orgs.review_requests()
    assert isinstance(pending, goc.ReviewRequest)
    assert (pending.id, pending.org, pending.unit, pending.date, pending.note,
            pending.review) == (q, i, "scitech", D(2024, 2, 2), "请审查", None)
    ref.actor = "police"
    r = ref.orgs.review(i, goc.ReviewOutcome.CLEARED, "2024-02-03")
    assert list(ref.orgs.review_requests()) == []
    (answered,) = ref.orgs.review_requests(i, pending=False)
    assert answered.review == r
    assert [v.unit for v in ref.orgs.reviews(i)] == ["police"]
    ref.actor = "scitech"
    ref.orgs.set_stage(i, "landed", "2024-02-04")
    denied = [a.action for a in ref.audit.list(actor="scitech", outcome="denied")]
    assert denied == ["org.review", "org.review"]


def test_set_reviewer(ref):
    assert not ref.units.is_reviewer("market")
    ref.units.set_reviewer("market")
    assert ref.units.is_reviewer("market")
    ref.actor = "market"
    with pytest.raises(goc.NotPermittedError, match="only an administrator"):
        ref.units.set_reviewer("scitech", True)
    ref.actor = None
    i = new_org(ref)
    ref.actor = "market"
    ref.orgs.review(i, "flagged", "2024-03-02")
    ref.actor = None
    ref.units.set_reviewer("market", False)
    assert not ref.units.is_reviewer("market")
    with pytest.raises(TypeError):
        ref.units.set_reviewer("market", 1)
    with pytest.raises(goc.NotFoundError):
        ref.units.is_reviewer("nobody")
    with pytest.raises(goc.NotFoundError):
        list(ref.orgs.review_requests(9999))


def test_create_many_index_is_data_not_text(ref):
    """The failing item's index is C's number (goc_org_create_many_v2()),
    not read from the message: an error of the call as a whole has none,
    whatever its text says."""
    items = [{"name_zh": "n%d" % i, "category": "trade", "date": "2024-01-01"}
             for i in range(3)]
    with pytest.raises(goc.CancelledError) as e:
        ref.orgs.create_many(items, progress=lambda done, total: done == 2)
    assert e.value.index is None and not getattr(e.value, "__notes__", None)
    items[2]["notes"] = "fields[0]: looks like an index"
    items[2]["zone"] = "mars"
    with pytest.raises(goc.NotFoundError) as e:
        ref.orgs.create_many(items)
    assert e.value.index == 2
    with pytest.raises(goc.NotFoundError) as e:
        ref.orgs.find("n0")
    assert e.value.index is None                    # no bulk call, no index


def test_import_table_csv_gb18030(ref):
    """db.orgs.import_table() (goc_org_import_table()): GB18030 detected,
    all or none, the place of an error in the message."""
    ids = ref.orgs.import_table("name_zh,category,date\r\n国标组织,trade,2024-01-01\r\n"
                                "国标组织二,finance,2024-01-02\r\n".encode("gb18030"))
    assert len(ids) == 2 and ref.orgs.get(ids[1]).name_zh == "国标组织二"
    with pytest.raises(goc.InvalidInputError) as e:
        ref.orgs.import_table("name_zh,category,date\n甲,trade,2024-01-01\n乙,planet,2024-01-01\n")
    assert str(e.value).startswith("line 3, column 2: category: unknown value 'planet'")
    with pytest.raises(goc.InvalidInputError):
        ref.orgs.import_table("name_zh,category,date\n丙,trade,2024-01-01\n".encode(),
                              encoding="gb18030")       # UTF-8 declared GB18030
    assert ref.orgs.import_table("name_zh,category,date\n") == []
