"""People in the library from Python (goc/user.h): db.users, acting as a
person (as_user, acting_as_user), AuthError / ThrottledError, the audit
record's person, and the trail's two hash layouts recomputed from the
bytes docs/integrators.md documents, with hashlib alone."""
import datetime
import hashlib
import os
import shutil
import sqlite3
import struct
import threading

import pytest

import goc
from conftest import SOURCE_DIR


@pytest.fixture
def ref(tmp_path):
    d = goc.open(str(tmp_path / "users.db"))
    d.load_reference("pudong")
    d.units.set_access("commerce", "admin")
    yield d
    d.close()


def test_add_get_list_update(ref):
    u = ref.users.add("li.na", "li's password", name="李娜", unit="scitech",
                      phone="021-1234", email="li@example.cn")
    assert isinstance(u, goc.User)
    assert (u.login, u.name, u.unit, u.phone, u.email, u.disabled) == (
        "li.na", "李娜", "scitech", "021-1234", "li@example.cn", False)
    assert u.created.tzinfo is not None and u.id > 0
    ref.users.add("wang", "wang's password", name="王", unit="police")
    assert [x.login for x in ref.users.list()] == ["li.na", "wang"]
    assert [x.login for x in ref.users.list(unit="police")] == ["wang"]
    ref.users.update("li.na", name="李娜娜", phone=None)
    u = ref.users.get("li.na")
    assert u.name == "李娜娜" and u.phone is None and u.email == "li@example.cn"
    with pytest.raises(goc.NotFoundError):
        ref.users.get("nobody")
    with pytest.raises(goc.InvalidInputError, match="login"):
        ref.users.add("Li", "li's password", name="x", unit="scitech")
    with pytest.raises(goc.InvalidInputError, match="password: too short"):
        ref.users.add("li2", "short", name="x", unit="scitech")
    with pytest.raises(goc.ExistsError):
        ref.users.add("wang", "wang's password", name="王", unit="police")
    with pytest.raises(goc.NotFoundError, match="nosuch"):
        ref.users.add("li3", "li's password", name="x", unit="nosuch")


def test_authenticate_and_errors(ref):
    ref.users.add("li", "li's password", name="李", unit="scitech")
    assert ref.users.authenticate("li", "li's password", "192.0.2.1").login == "li"
    with pytest.raises(goc.AuthError, match="wrong login or password"):
        ref.users.authenticate("li", "wrong password", "192.0.2.1")
    with pytest.raises(goc.AuthError):
        ref.users.authenticate("nobody", "li's password")
    ref.users.disable("li")
    with pytest.raises(goc.AuthError):
        ref.users.authenticate("li", "li's password")
    ref.users.enable("li")
    assert ref.users.authenticate("li", "li's password").unit == "scitech"
    assert issubclass(goc.AuthError, PermissionError)


def test_throttled_after_five_failures(ref):
    ref.users.add("li", "li's password", name="李", unit="scitech")
    for i in range(5):
        with pytest.raises(goc.AuthError) as e:
            ref.users.authenticate("li", "guess %d" % i, "198.51.100.%d" % i)
        assert not isinstance(e.value, goc.ThrottledError)
    with pytest.raises(goc.ThrottledError, match="try again after"):
        ref.users.authenticate("li", "li's password", "203.0.113.1")
    # by address: another login from a guessing address
    ref.users.add("wang", "wang's password", name="王", unit="police")
    for who in ("a", "b", "c", "d", "e"):
        with pytest.raises(goc.AuthError):
            ref.users.authenticate(who, "guess guess", "192.0.2.99")
    with pytest.raises(goc.ThrottledError, match="192.0.2.99"):
        ref.users.authenticate("wang", "wang's password", "192.0.2.99")
    assert ref.users.authenticate("wang", "wang's password", "192.0.2.98").login == "wang"
    denied = [r for r in ref.audit.list(action="user.login", outcome="denied")]
    assert len(denied) == 12
    assert {r.person for r in denied} == {"li", "a", "b", "c", "d", "e", "wang"}


def test_as_user_and_acting_as_user(ref):
    ref.users.add("li", "li's password", name="李", unit="scitech")
    ref.users.add("wang", "wang's password", name="王", unit="police")
    li = ref.as_user("li")
    assert li.user == "li" and li.actor == "scitech"
    assert ref.user is None and ref.actor is None
    oid = li.orgs.create("李的组织", "trade", "2024-01-01", unit="scitech")
    with pytest.raises(goc.NotPermittedError, match="person li"):
        li.orgs.create("公安的组织", "trade", "2024-01-01", unit="police")
    with ref.acting_as_user("wang"):
        assert ref.user == "wang" and ref.actor == "police"
        seen = []
        t = threading.Thread(target=lambda: seen.append(ref.user))
        t.start()
        t.join()
        assert seen == [None]  # bound to the thread
    assert ref.user is None
    recs = list(ref.audit.list(object_kind="organization", object_id=oid))
    assert [(r.actor, r.person, r.layout) for r in recs] == [("scitech", "li", 2)]
    denied = list(ref.audit.list(action="org.create", outcome="denied"))
    assert denied[0].person == "li"
    with pytest.raises(goc.AuthError):
        ref.as_user("nobody")
    with pytest.raises(goc.AuthError):
        with ref.acting_as_user("nobody"):
            pass
    ref.users.disable("li")
    with pytest.raises(goc.AuthError):
        li.orgs.list()  # she is set again before each call: refused now
    with pytest.raises(goc.MisuseError):
        li.set_actor("police")


def test_own_password_and_tokens(ref):
    ref.users.add("li", "li's password", name="李", unit="scitech")
    ref.users.add("wang", "wang's password", name="王", unit="scitech")
    text, info = ref.users.add_token("li", "script", expires=datetime.date(2999, 1, 1))
    assert text.startswith("goc_") and len(text) == 47
    assert isinstance(info, goc.TokenInfo)
    assert (info.login, info.label, info.expires, info.revoked, info.last_used) == (
        "li", "script", datetime.date(2999, 1, 1), False, None)
    assert ref.users.authenticate_token(text).login == "li"
    assert ref.users.tokens("li")[0].last_used is not None
    _, winfo = ref.users.add_token("wang", "wang's")
    li = ref.as_user("li")
    li.users.set_password("li", "new password!")
    with pytest.raises(goc.NotPermittedError):
        li.users.set_password("wang", "new password!")
    assert [t.id for t in li.users.tokens()] == [info.id]
    with pytest.raises(goc.NotPermittedError):
        li.users.tokens("wang")
    with pytest.raises(goc.NotPermittedError):
        li.users.revoke_token(winfo.id)
    with pytest.raises(goc.NotPermittedError):
        li.users.add_token("li", "more")
    li.users.revoke_token(info.id)
    with pytest.raises(goc.AuthError):
        ref.users.authenticate_token(text)
    with pytest.raises(goc.InvalidInputError, match="in the past"):
        ref.users.add_token("li", "old", expires="2001-01-01")
    assert ref.users.authenticate("li", "new password!").login == "li"


# ---- the trail's hash layouts, from the documented bytes ----

def _feed(h, v):
    if v is None:
        h.update(struct.pack(">I", 0xFFFFFFFF))
    else:
        b = v.encode("utf-8")
        h.update(struct.pack(">I", len(b)) + b)


def recompute(path):
    """Walk change_log and recompute every record's hash as
    docs/integrators.md describes both layouts; return the layouts seen."""
    raw = sqlite3.connect(path)
    prev = bytes(32)
    seen = []
    for row in raw.execute("SELECT seq, recorded_at, actor, person, action, object_kind,"
                           " object_id, outcome, detail, before, after, hash, layout"
                           " FROM change_log ORDER BY seq"):
        seq, time, actor, person, *rest, stored, layout = row
        if layout == 1:
            h = hashlib.sha256(b"libgoc audit 1\0" + prev)
            fields = [str(seq), time, actor] + rest
            assert person is None
        else:
            assert layout == 2
            h = hashlib.sha256(b"libgoc audit 2\0" + prev)
            fields = [str(seq), time, actor, person] + rest
        for v in fields:
            _feed(h, v)
        assert h.digest() == stored, "record %d (layout %d)" % (seq, layout)
        prev = stored
        seen.append(layout)
    raw.close()
    return seen, prev


def test_both_layouts_recomputed_with_hashlib(tmp_path):
    path = str(tmp_path / "v1.db")
    shutil.copy(os.path.join(SOURCE_DIR, "tests", "data", "schema-v1.db"), path)
    with goc.open(path) as d:  # migrates: the old records stay layout 1
        d.load_reference("pudong")
        d.users.add("li", "li's password", name="李", unit="scitech")
        with d.acting_as_user("li"):
            d.orgs.create("布局二组织", "trade", "2024-01-01", unit="scitech")
        with pytest.raises(goc.AuthError):
            d.users.authenticate("li", "wrong password")
        head_seq, head_hash = d.audit.head()
        d.audit.verify()
        persons = [r.person for r in d.audit.list()]
    layouts, last = recompute(path)
    assert 1 in layouts and 2 in layouts
    assert layouts == sorted(layouts)  # layout 1 first, then 2
    assert len(layouts) == head_seq and last.hex() == head_hash
    assert persons[-2:] == ["li", "li"]
