"""Access roles and the audit trail from Python (goc/audit.h)."""
import sqlite3

import pytest

import goc


@pytest.fixture
def db(tmp_path):
    d = goc.open(str(tmp_path / "audit.db"))
    d.load_reference("pudong")
    yield d
    d.close()


def test_access_roles(db):
    assert db.units.access("commerce") is goc.Access.UNIT
    db.units.set_access("commerce", goc.Access.ADMIN)
    db.units.set_access("police", "viewer")
    assert db.units.access("commerce") is goc.Access.ADMIN
    assert db.units.access("police") is goc.Access.VIEWER
    with pytest.raises(goc.NotFoundError):
        db.units.access("nosuch")
    with pytest.raises(goc.InvalidInputError, match="access"):
        db.units.set_access("police", "boss")
    db.actor = "police"
    with pytest.raises(goc.NotPermittedError, match="viewer"):
        db.orgs.create("观察者组织", "trade", "2024-01-01")
    db.actor = "scitech"
    with pytest.raises(goc.NotPermittedError, match="administrator"):
        db.units.set_access("scitech", "admin")
    oid = db.orgs.create("科经委组织", "scitech", "2024-01-01", unit="scitech")
    db.orgs.set_stage(oid, "contacting", "2024-02-01")
    with pytest.raises(goc.NotPermittedError, match="'commerce'"):
        db.orgs.update(oid, unit="commerce")


def test_audit_records_and_refusals(db):
    db.actor = "scitech"
    oid = db.orgs.create("审计组织", "scitech", "2024-01-01", unit="scitech")
    with pytest.raises(goc.NotPermittedError):
        db.plans.load("pudong-goc-2024")
    recs = list(db.audit.list(actor="scitech"))
    assert [(r.action, r.outcome) for r in recs] == [("org.create", "ok"),
                                                      ("plan.load", "denied")]
    created = recs[0]
    assert created.object_kind == "organization" and created.object_id == str(oid)
    assert created.before is None and created.after["name_zh"] == "审计组织"
    assert created.time.tzinfo is not None and len(created.hash) == 64
    assert "administrator" in recs[1].detail
    by_obj = list(db.audit.list(object_kind="organization", object_id=oid))
    assert [r.seq for r in by_obj] == [created.seq]
    assert [r.actor for r in db.audit.list(actor="")] == [None]  # reference.load
    assert list(db.audit.list(outcome="denied"))[0].action == "plan.load"
    with pytest.raises(goc.InvalidInputError):
        db.audit.list(outcome="maybe")


def test_verify_and_tamper(tmp_path):
    path = str(tmp_path / "t.db")
    with goc.open(path) as d:
        d.load_reference("pudong")
        for i in range(5):
            d.orgs.create("链组织%d" % i, "trade", "2024-01-01")
        assert d.audit.verify() == 6
        seq, digest = d.audit.head()
        assert seq == 6 and len(digest) == 64
        assert d.audit.verify((seq, digest)) == 6
        with pytest.raises(goc.InvalidInputError, match="anchor_hash"):
            d.audit.verify((seq, "xyz"))
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER change_log_no_update;"
                      "UPDATE change_log SET actor = 'commerce' WHERE seq = 3;")
    raw.commit()
    raw.close()
    with goc.open(path) as d:
        with pytest.raises(goc.CorruptError, match="record 3") as e:
            d.audit.verify()
        assert e.value.first_bad == 3


def test_documented_hash_layout(tmp_path):
    """docs/integrators.md gives the chain's byte layout so that it can be
    checked without libgoc: recompute it here with hashlib alone."""
    import hashlib
    import struct
    path = str(tmp_path / "layout.db")
    with goc.open(path) as d:
        d.load_reference("pudong")
        d.actor = "commerce"
        d.orgs.create("布局组织", "trade", "2024-01-01", unit="commerce")
        with pytest.raises(goc.NotPermittedError):
            d.orgs.create("布局组织二", "trade", "2024-01-01", unit="police")
        head_seq, head_hash = d.audit.head()
    raw = sqlite3.connect(path)
    prev = bytes(32)
    rows = raw.execute("SELECT seq, recorded_at, actor, action, object_kind, object_id,"
                       " outcome, detail, before, after, hash, person, layout"
                       " FROM change_log ORDER BY seq")
    n = 0
    for row in rows:
        # layout 2 (schema 8 on): its own domain, person right after actor
        assert row[12] == 2 and row[11] is None
        h = hashlib.sha256(b"libgoc audit 2\0" + prev)
        for v in (str(row[0]),) + row[1:3] + (row[11],) + row[3:10]:
            if v is None:
                h.update(struct.pack(">I", 0xFFFFFFFF))
            else:
                b = v.encode("utf-8")
                h.update(struct.pack(">I", len(b)) + b)
        assert h.digest() == row[10], "record %d" % row[0]
        prev = row[10]
        n += 1
    raw.close()
    assert n == head_seq == 3 and prev.hex() == head_hash


def test_verify_names_a_record_stored_with_another_type(tmp_path):
    """Issue 14: an actor cast to a BLOB hashes the same, but no longer
    matches a filter; verify names the record, by its number."""
    path = str(tmp_path / "types.db")
    with goc.open(path) as d:
        d.load_reference("pudong")
        d.actor = "scitech"
        for i in range(3):
            d.orgs.create("类型组织%d" % i, "trade", "2024-01-01", unit="scitech")
        assert len(list(d.audit.list(actor="scitech"))) == 3
        anchor = d.audit.head()
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER change_log_no_update;"
                      "UPDATE change_log SET actor = cast(actor AS blob) WHERE seq = 3;")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("INSERT OR REPLACE INTO change_log SELECT * FROM change_log WHERE seq = 2")
    raw.commit()
    raw.close()
    with goc.open(path) as d:
        assert len(list(d.audit.list(actor="scitech"))) == 2
        with pytest.raises(goc.CorruptError, match="record 3: actor is stored as a BLOB") as e:
            d.audit.verify(anchor)
        assert e.value.first_bad == 3


def test_may_previews_the_write_without_auditing(tmp_path):
    with goc.open(tmp_path / "m.db") as db:
        db.load_reference()
        mine = db.with_actor("scitech").orgs.create("科经委的组织", "trade", "2024-01-05",
                                                    unit="scitech")
        theirs = db.orgs.create("商务委的组织", "trade", "2024-01-05", unit="commerce")
        n = len(list(db.audit.list()))
        sci = db.with_actor("scitech")
        assert sci.may("org.set_stage", mine)
        assert not sci.may("org.set_stage", theirs)
        assert "'commerce'" in sci.refusal("org.set_stage", theirs)
        assert not sci.may("org.review", mine)
        assert db.with_actor("police").may("org.review", mine)
        assert sci.may("event.create")
        assert not sci.may("unit.set_access", "scitech")
        assert db.may("unit.set_access", "scitech")
        assert len(list(db.audit.list())) == n  # nothing recorded
        with pytest.raises(goc.InvalidInputError, match="planet"):
            sci.may("planet.land")
