"""goc audit list|head|verify, goc access and --actor: the audit trail and
the access roles from the command line (goc/audit.h)."""
import sqlite3

from conftest import Goc


def add_org(g, name, unit, **kw):
    return g.run("org", "add", "--name-zh", name, "--category", "trade", "--date", "2024-03-01",
                 "--unit", unit, **kw)


def test_roles_and_refusals(fresh):
    assert fresh.out("access", "scitech").split() == ["scitech", "unit"]
    assert fresh.out("access", "police", "viewer").split() == ["police", "viewer", "reviewer"]
    r = add_org(fresh, "科经委组织", "scitech", env={"GOC_ACTOR": "scitech"})
    assert r.returncode == 0, r.stderr.decode()
    r = fresh.run("--actor", "scitech", "org", "add", "--name-zh", "替人建", "--category", "trade",
                  "--date", "2024-03-01", "--unit", "commerce")
    assert r.returncode == 1
    err = r.stderr.decode()
    assert err.startswith("goc: org.create: actor 'scitech' (role unit)") and "'commerce'" in err
    r = fresh.run("--actor", "police", "access", "police", "admin")
    assert r.returncode == 1 and "viewer" in r.stderr.decode()
    r = fresh.run("--actor", "nosuch", "audit", "list")
    assert r.returncode == 1 and "nosuch" in r.stderr.decode()
    # the refusals are in the trail
    denied = fresh.json("audit", "list", "--denied")
    assert [(d["actor"], d["action"]) for d in denied] == [("scitech", "org.create"),
                                                          ("police", "unit.set_access")]
    assert all(d["outcome"] == "denied" and d["detail"] for d in denied)
    mine = fresh.json("audit", "list", "--actor", "scitech")
    assert [m["outcome"] for m in mine] == ["ok", "denied"]
    assert '"name_zh":"科经委组织"' in mine[0]["after"] and mine[0]["before"] is None
    system = fresh.json("audit", "list", "--actor", "system")
    assert {s["action"] for s in system} >= {"plan.load", "unit.set_access"}
    org = fresh.json("audit", "list", "--kind", "organization", "--id", mine[0]["object_id"])
    assert [o["seq"] for o in org] == [mine[0]["seq"]]
    text = fresh.out("audit", "list", "--denied")
    assert "denied" in text and "科经委组织" not in text


def test_verify_head_and_tamper(fresh):
    add_org(fresh, "链组织", "commerce")
    out = fresh.out("audit", "verify")
    assert out.startswith("audit trail intact: ")
    anchor = fresh.out("audit", "head").strip()
    seq, digest = anchor.split(":")
    assert fresh.json("audit", "head") == {"seq": int(seq), "hash": digest}
    assert "anchor found" in fresh.out("audit", "verify", "--anchor", anchor)
    raw = sqlite3.connect(fresh.db)
    raw.executescript("DROP TRIGGER change_log_no_update;"
                      "UPDATE change_log SET actor = 'police' WHERE seq = 2;")
    raw.commit()
    raw.close()
    r = fresh.run("audit", "verify")
    assert r.returncode == 1 and "record 2" in r.stderr.decode()


def test_usage_errors(fresh):
    for args in (["audit"], ["audit", "nope"], ["audit", "list", "--id", "3"],
                 ["audit", "list", "--format", "xml"], ["audit", "list", "--after", "x"],
                 ["audit", "verify", "--anchor", "12"], ["audit", "verify", "--anchor", "1:zz"],
                 ["audit", "head", "--format", "md"], ["access"], ["access", "commerce", "root"],
                 ["access", "market", "--reviewer", "maybe"], ["org", "review-request"],
                 ["org", "review-request", "x"], ["org", "review-request", "1", "--date", "2024-13-01"],
                 ["org", "review-requests", "--org", "x"], ["org", "review-requests", "--format", "xml"],
                 ["--actor"]):
        r = fresh.run(*args)
        assert r.returncode == 2, (args, r.stderr.decode())
        assert r.stderr.decode().startswith("goc: "), args
    for args in (["audit", "--help"], ["audit", "list", "--help"], ["access", "--help"],
                 ["org", "review-request", "--help"], ["org", "review-requests", "--help"]):
        assert fresh.run(*args).returncode == 0


def test_review_gate(fresh):
    """Issue 14, finding 1, replayed: scitech cannot clear its own
    organization, even as police; it requests a review, police records it,
    then the organization lands."""
    oid = add_org(fresh, "闸门组织", "scitech").stdout.decode().strip()
    sci = {"env": {"GOC_ACTOR": "scitech"}}
    fresh.out("org", "stage", oid, "approved", "--date", "2024-04-01", **sci)
    r = fresh.run("org", "review", oid, "cleared", "--date", "2024-04-02", "--unit", "police", **sci)
    assert r.returncode == 1
    assert "actor 'scitech'" in r.stderr.decode() and "'police'" in r.stderr.decode()
    r = fresh.run("org", "review", oid, "cleared", "--date", "2024-04-02", **sci)
    assert r.returncode == 1 and "only a reviewing unit" in r.stderr.decode()
    r = fresh.run("org", "stage", oid, "landed", "--date", "2024-04-03", **sci)
    assert r.returncode == 1 and "cleared" in r.stderr.decode()
    qid = fresh.out("org", "review-request", oid, "--date", "2024-04-02", "--note", "请审查", **sci)
    pending = fresh.json("org", "review-requests")
    assert pending == [{"id": int(qid), "org": int(oid), "name_zh": "闸门组织", "unit": "scitech",
                        "date": "2024-04-02", "note": "请审查", "review": None}]
    rid = fresh.out("--actor", "police", "org", "review", oid, "cleared", "--date", "2024-04-03")
    assert fresh.json("org", "review-requests") == []
    assert fresh.json("org", "review-requests", "--all", "--org", oid)[0]["review"] == int(rid)
    assert "闸门组织" in fresh.out("org", "review-requests", "--all")
    shown = fresh.json("org", "show", oid)
    assert [v["unit"] for v in shown["reviews"]] == ["police"]
    fresh.out("org", "stage", oid, "landed", "--date", "2024-04-04", **sci)
    denied = fresh.json("audit", "list", "--denied")
    assert [(d["actor"], d["action"]) for d in denied] == [("scitech", "org.review")] * 2
    # an administrator names another reviewing unit
    assert fresh.out("access", "market", "--reviewer", "yes").split() == ["market", "unit", "reviewer"]
    assert fresh.out("access", "market", "--reviewer", "no").split() == ["market", "unit"]
    r = fresh.run("--actor", "police", "access", "market", "--reviewer", "yes")
    assert r.returncode == 1 and "only an administrator" in r.stderr.decode()
