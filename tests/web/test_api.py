"""The HTTP API (/api/v1): every route, every status, identity, permissions,
CSRF, session expiry, tokens, throttling, bodies, caching and concurrent
writers against a real gunicorn."""
from __future__ import annotations

import datetime
import http.client
import json
import os
import threading
import time
from typing import Any, Dict, List, Optional, Tuple
from unittest import mock

import pytest

import goc
from conftest import AS_OF, PLAN, USERS, sign_in, token_for
from goc_web import MAX_BODY, create_app

API = "/api/v1"

# Every read route with parameters that exist in the demo data.
READS = [
    "/", "/me", "/units", "/zones", "/plans", "/plans/%s" % PLAN, "/plans/%s/tree" % PLAN,
    "/plans/%s/tasks" % PLAN, "/plans/%s/tasks?unit=scitech&level=item" % PLAN,
    "/plans/%s/tasks/i2" % PLAN, "/plans/%s/kpis" % PLAN,
    "/kpis?as_of=%s" % AS_OF, "/kpis?plan=%s&as_of=%s&kpi=new-orgs" % (PLAN, AS_OF),
    "/scorecard?as_of=%s" % AS_OF, "/scorecard?as_of=%s&by=zone" % AS_OF,
    "/scorecard?as_of=%s&by=unit" % AS_OF, "/scorecard?as_of=%s&by=section" % AS_OF,
    "/reports", "/reports?unit=scitech&task=i2", "/reports/latest",
    "/reports/latest?as_of=%s" % AS_OF, "/reports/1",
    "/dossier?as_of=%s&unit=scitech" % AS_OF, "/overdue?as_of=2025-12-31",
    "/missing?as_of=%s" % AS_OF, "/missing?period=2025-Q2",
    "/reminders?as_of=2025-07-15", "/reminders?as_of=2025-07-15&unit=scitech",
    "/orgs", "/orgs?stage=landed&zone=expo", "/orgs/1", "/orgs/1/history",
    "/partners", "/partners/1", "/experts", "/experts/1", "/events", "/events/1",
    "/events?international=true",
]


def problem(r, status: int, code: Optional[str] = None) -> Dict[str, Any]:
    """Assert an application/problem+json answer of this status (and code)."""
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True))
    assert r.content_type == "application/problem+json"
    body = r.json
    assert body["status"] == status and body["title"]
    if code is not None:
        assert body["code"] == code, body
    return body


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": "Bearer " + token}


@pytest.fixture()
def scitech(client) -> Dict[str, str]:
    """The client signed in as t-scitech: headers carrying its CSRF token."""
    return {"X-CSRFToken": sign_in(client, "t-scitech")}


# ---- identity: sessions, tokens, throttling ----

def test_sign_in_me_sign_out(client):
    csrf = sign_in(client, "t-scitech")
    r = client.get(API + "/me")
    assert r.status_code == 200
    assert r.json["login"] == "t-scitech" and r.json["unit"] == "scitech"
    assert r.json["via"] == "session" and r.json["csrf_token"]
    cookie = r.headers.get("Set-Cookie", "") or ""
    r = client.delete(API + "/session", headers={"X-CSRFToken": csrf})
    assert r.status_code == 204
    problem(client.get(API + "/me"), 401, "GOC_EAUTH")
    assert "HttpOnly" in cookie or cookie == ""


def test_session_cookie_flags(client):
    r = client.post(API + "/session", json={"login": "t-scitech",
                                             "password": USERS["t-scitech"][1]})
    c = r.headers["Set-Cookie"]
    assert "goc_session=" in c and "HttpOnly" in c and "SameSite=Strict" in c


def test_wrong_password_is_401(client):
    r = client.post(API + "/session", json={"login": "t-scitech", "password": "wrong-password"})
    problem(r, 401, "GOC_EAUTH")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    problem(client.get(API + "/me"), 401)


def test_no_identity_is_401_everywhere(client):
    for path in READS[1:]:
        problem(client.get(API + path), 401, "GOC_EAUTH")
    problem(client.post(API + "/reports", json={}), 401, "GOC_EAUTH")


def test_login_throttled_after_5_failures(client):
    for _ in range(5):
        problem(client.post(API + "/session", json={"login": "t-police", "password": "nope-nope"}),
                401, "GOC_EAUTH")
    # the sixth attempt is refused without looking at the password, even the right one
    r = client.post(API + "/session", json={"login": "t-police",
                                             "password": USERS["t-police"][1]})
    body = problem(r, 429, "GOC_ETHROTTLED")
    assert body["detail"]
    problem(client.get(API + "/me"), 401)


def test_bearer_token_and_revocation(client, db_path):
    token, tid = token_for(db_path, "t-expo")
    r = client.get(API + "/me", headers=bearer(token))
    assert r.status_code == 200 and r.json["login"] == "t-expo" and r.json["via"] == "token"
    assert "csrf_token" not in r.json
    with goc.open(db_path) as db:
        db.users.revoke_token(tid)
    problem(client.get(API + "/me", headers=bearer(token)), 401, "GOC_EAUTH")
    problem(client.get(API + "/me", headers=bearer("goc_" + "A" * 43)), 401, "GOC_EAUTH")


def test_bearer_writes_need_no_csrf(client, db_path):
    token, _ = token_for(db_path, "t-scitech")
    r = client.post(API + "/reports", headers=bearer(token), json={
        "task": "i2", "period": "2025-Q3", "date": "2025-07-10", "status": "in_progress",
        "percent": 60, "text": "令牌提交"})
    assert r.status_code == 201, r.json
    assert r.json["unit"] == "scitech" and r.json["text"] == "令牌提交"


def test_csrf_refused_for_cookie_requests(client, db_path, scitech):
    body = {"task": "i2", "period": "2025-Q3", "date": "2025-07-10", "status": "in_progress"}
    with goc.open(db_path) as db:
        before = len(list(db.reports.list(PLAN)))
    problem(client.post(API + "/reports", json=body), 400, "CSRF")
    problem(client.post(API + "/reports", json=body, headers={"X-CSRFToken": "forged"}), 400, "CSRF")
    problem(client.delete(API + "/session"), 400, "CSRF")
    with goc.open(db_path) as db:
        assert len(list(db.reports.list(PLAN))) == before  # nothing written
    assert client.post(API + "/reports", json=body, headers=scitech).status_code == 201


def _session_cookie(app, data: Dict[str, Any], age_s: int) -> str:
    """A session cookie signed with the app's secret as if made age_s ago."""
    import itsdangerous.timed
    ser = app.session_interface.get_signing_serializer(app)
    then = int(time.time()) - age_s
    with mock.patch.object(itsdangerous.timed.TimestampSigner, "get_timestamp",
                           return_value=then):
        return ser.dumps(data)


def test_session_expiry(db_path):
    app = create_app(db_path, config={
        "TESTING": True, "PERMANENT_SESSION_LIFETIME": datetime.timedelta(seconds=60)})
    data = {"login": "t-scitech", "_permanent": True}
    with app.test_client() as c:
        c.set_cookie("localhost", "goc_session", _session_cookie(app, data, 10))
        assert c.get(API + "/me").status_code == 200           # 10 s old: valid
        c.set_cookie("localhost", "goc_session", _session_cookie(app, data, 61))
        problem(c.get(API + "/me"), 401, "GOC_EAUTH")           # 61 s old: expired
        c.set_cookie("localhost", "goc_session", _session_cookie(app, data, 10)[:-2] + "xx")
        problem(c.get(API + "/me"), 401)                        # tampered


def test_disabled_user_loses_session(client, db_path):
    sign_in(client, "t-expo")
    with goc.open(db_path) as db:
        db.users.disable("t-expo")
    problem(client.get(API + "/me"), 401)


# ---- reads ----

@pytest.mark.parametrize("path", READS)
def test_every_read_route_answers_json(client, scitech, path):
    r = client.get(API + path)
    assert r.status_code == 200, (path, r.get_data(as_text=True)[:300])
    assert r.content_type == "application/json"
    assert r.json is not None


def test_records_use_python_attribute_names(client, scitech, db_path):
    r = client.get(API + "/orgs/1")
    with goc.open(db_path) as db:
        org = db.orgs.get(1)
        hist = list(db.orgs.history(1))
    assert r.json["name_zh"] == org.name_zh and r.json["stage"] == org.stage.value
    assert r.json["stage_date"] == org.stage_date.isoformat()
    assert [h["to_stage"] for h in r.json["history"]] == [h.to_stage.value for h in hist]
    t = client.get(API + "/plans/%s/tasks/i2" % PLAN).json
    assert {"unit", "role"} <= set(t["units"][0]) and t["code"] == "i2"


def test_tree_is_the_library_tree(client, scitech, db_path):
    tree = client.get(API + "/plans/%s/tree" % PLAN).json["tasks"]
    flat: List[str] = []

    def walk(nodes):
        for n in nodes:
            flat.append(n["code"])
            walk(n["children"])
    walk(tree)
    with goc.open(db_path) as db:
        assert flat == [t.code for t in db.tasks.list(PLAN)]


def test_scorecard_is_the_library_scorecard(client, scitech, db_path):
    r = client.get(API + "/scorecard?as_of=%s&by=unit" % AS_OF)
    with goc.open(db_path) as db:
        rows = list(db.scorecard(PLAN, AS_OF, "unit"))
    got = r.json["rows"]
    assert [x["key"] for x in got] == [x.key for x in rows]
    assert [x["missing_reports"] for x in got] == [x.missing_reports for x in rows]
    assert r.json["by"] == "unit" and r.json["as_of"] == AS_OF


def test_overdue_and_missing_come_from_the_dossier(client, scitech, db_path):
    with goc.open(db_path) as db:
        rows = list(db.reports.dossier(PLAN, "2025-12-31"))
    r = client.get(API + "/overdue?as_of=2025-12-31").json["rows"]
    assert [(x["unit"], x["task"]) for x in r] == [(x.unit, x.task) for x in rows if x.overdue]
    r = client.get(API + "/missing?as_of=2025-12-31").json["rows"]
    assert [(x["unit"], x["task"], x["missing_periods"]) for x in r] == \
        [(x.unit, x.task, list(x.missing_periods)) for x in rows if x.missing_periods]


def test_reminders_are_the_library_list(client, scitech, db_path):
    """GET /reminders: the library's reminders (催报), grouped by unit with
    the contact, of every unit or of one."""
    with goc.open(db_path) as db:
        rows = list(db.reminders("2025-07-15", plan=PLAN))
    r = client.get(API + "/reminders?as_of=2025-07-15")
    assert r.status_code == 200
    assert r.json["as_of"] == "2025-07-15" and r.json["plan"] == PLAN
    got = r.json["rows"]
    assert len(got) == len(rows) > 0
    assert [(x["unit"], x["kind"], x["task"], x["period"], x["kpi"], x["days"]) for x in got] == \
        [(x.unit, x.kind.value, x.task, x.period, x.kpi, x.days) for x in rows]
    assert [x["contact"] for x in got] == [x.contact for x in rows]
    assert any(x["contact"] for x in got)
    units = [x["unit"] for x in got]
    assert units == sorted(units)  # grouped by unit
    mine = client.get(API + "/reminders?as_of=2025-07-15&unit=scitech").json["rows"]
    assert mine and all(x["unit"] == "scitech" for x in mine)
    assert mine == [x for x in got if x["unit"] == "scitech"]


def test_reminders_are_read_as_the_dossier(client, scitech):
    """Reads of /api/v1 are not scoped to the person's unit (the library has
    no read permission; /dossier?unit=police answers a scitech clerk too):
    another unit's reminders answer 200 like its dossier; refused are a
    request without identity (401), an unknown unit (404), a bad date or
    unit code (400 naming the parameter)."""
    assert client.get(API + "/dossier?as_of=2025-07-15&unit=police").status_code == 200
    r = client.get(API + "/reminders?as_of=2025-07-15&unit=police")
    assert r.status_code == 200 and all(x["unit"] == "police" for x in r.json["rows"])
    problem(client.get(API + "/reminders?as_of=2025-07-15&unit=no-such-unit"), 404,
            "GOC_ENOTFOUND")
    for bad in ("2025-13-45", "yesterday", "2025-7-1"):
        body = problem(client.get(API + "/reminders?as_of=" + bad), 400, "GOC_EINVAL")
        assert "as_of" in body["detail"], body
    body = problem(client.get(API + "/reminders?as_of=2025-07-15&unit=Bad%20Code"), 400,
                   "GOC_EINVAL")
    assert "unit" in body["detail"], body
    client.delete(API + "/session", headers=scitech)
    problem(client.get(API + "/reminders?as_of=2025-07-15"), 401, "GOC_EAUTH")


# ---- writes ----

def test_report_submit_shows_in_latest_and_dossier(client, scitech):
    r = client.post(API + "/reports", headers=scitech, json={
        "task": "i2", "period": "2025-Q3", "date": "2025-07-15", "status": "in_progress",
        "percent": 80, "text": "已完成对接", "evidence": "会议纪要"})
    assert r.status_code == 201
    rid = r.json["id"]
    assert client.get(API + "/reports/%d" % rid).json["percent"] == 80
    latest = client.get(API + "/reports/latest").json
    assert any(x["id"] == rid for x in latest)
    rows = client.get(API + "/dossier?as_of=2025-07-31&unit=scitech").json["rows"]
    assert [x for x in rows if x["task"] == "i2"][0]["report_id"] == rid


def test_org_lifecycle_through_the_api(client, scitech):
    police = {"X-CSRFToken": None}
    r = client.post(API + "/orgs", headers=scitech, json={
        "name_zh": "接口测试组织", "category": "trade", "date": "2025-07-01",
        "name_en": "API Test Organization", "zone": "zhangjiang"})
    assert r.status_code == 201, r.json
    oid = r.json["id"]
    assert r.json["unit"] == "scitech" and r.json["stage"] == "target"
    for stage, date in (("contacting", "2025-07-02"), ("negotiating", "2025-07-03"),
                        ("approved", "2025-07-04")):
        r = client.post(API + "/orgs/%d/stage" % oid, headers=scitech,
                        json={"stage": stage, "date": date})
        assert r.status_code == 200 and r.json["stage"] == stage
    # landing needs a cleared risk review: 409 from the library
    problem(client.post(API + "/orgs/%d/stage" % oid, headers=scitech,
                        json={"stage": "landed", "date": "2025-07-05"}), 409, "GOC_ESTATE")
    r = client.post(API + "/orgs/%d/review-request" % oid, headers=scitech,
                    json={"date": "2025-07-05", "note": "请审查"})
    assert r.status_code == 201 and r.json["review_requests"]
    # the unit that follows it may not review it itself: 403
    problem(client.post(API + "/orgs/%d/review" % oid, headers=scitech,
                        json={"outcome": "cleared", "date": "2025-07-06"}), 403, "GOC_EPERM")
    client.delete(API + "/session", headers=scitech)
    police["X-CSRFToken"] = sign_in(client, "t-police")
    r = client.post(API + "/orgs/%d/review" % oid, headers=police,
                    json={"outcome": "cleared", "date": "2025-07-06"})
    assert r.status_code == 201 and r.json["reviews"][0]["outcome"] == "cleared"
    client.delete(API + "/session", headers=police)
    scitech["X-CSRFToken"] = sign_in(client, "t-scitech")
    r = client.post(API + "/orgs/%d/stage" % oid, headers=scitech,
                    json={"stage": "landed", "date": "2025-07-07"})
    assert r.status_code == 200 and r.json["landed_date"] == "2025-07-07"
    r = client.post(API + "/orgs/%d/hq" % oid, headers=scitech, json={"date": "2025-07-08"})
    assert r.status_code == 200 and r.json["hq_date"] == "2025-07-08"
    problem(client.post(API + "/orgs/%d/hq" % oid, headers=scitech, json={"date": "2025-07-09"}),
            409, "GOC_EEXISTS")
    hist = client.get(API + "/orgs/%d/history" % oid).json
    assert [h["to_stage"] for h in hist] == ["target", "contacting", "negotiating", "approved",
                                             "landed"]


def test_partner_expert_event(client, scitech):
    r = client.post(API + "/partners", headers=scitech, json={
        "name_zh": "接口伙伴", "kind": "chamber", "date": "2025-07-01", "contact": "张三"})
    assert r.status_code == 201 and r.json["unit"] == "scitech"
    assert client.get(API + "/partners/%d" % r.json["id"]).json["name_zh"] == "接口伙伴"
    r = client.post(API + "/experts", headers=scitech, json={
        "name": "接口专家", "date": "2025-07-01", "field": "国际组织"})
    assert r.status_code == 201 and r.json["field"] == "国际组织"
    r = client.post(API + "/events", headers=scitech, json={
        "title_zh": "接口论坛", "date": "2025-07-01", "kind": "forum", "international": True,
        "organizers": ["police"], "orgs": [1]})
    assert r.status_code == 201
    assert r.json["organizers"] == ["police", "scitech"] and r.json["org_count"] == 1
    # an unknown organizer: nothing of the event is kept
    n = len(client.get(API + "/events").json)
    problem(client.post(API + "/events", headers=scitech, json={
        "title_zh": "半个论坛", "date": "2025-07-02", "kind": "forum",
        "organizers": ["no-such-unit"]}), 404, "GOC_ENOTFOUND")
    assert len(client.get(API + "/events").json) == n


# ---- permissions per role ----

def _last_denied(db_path: str) -> Any:
    with goc.open(db_path) as db:
        return list(db.audit.list(outcome="denied"))[-1]


def test_other_units_org_is_403_and_audited_with_the_person(client, scitech, db_path):
    with goc.open(db_path) as db:
        org = [o for o in db.orgs.list(unit="commerce") if o.stage == goc.Stage.TARGET][0]
    body = problem(client.post(API + "/orgs/%d/stage" % org.id, headers=scitech,
                               json={"stage": "contacting", "date": "2025-07-01"}),
                   403, "GOC_EPERM")
    assert "scitech" in body["detail"]
    rec = _last_denied(db_path)
    assert rec.action == "org.set_stage" and rec.actor == "scitech"
    assert rec.object_id == str(org.id)
    assert rec.person == "t-scitech"
    with goc.open(db_path) as db:
        assert db.orgs.get(org.id).stage == goc.Stage.TARGET


@pytest.mark.parametrize("login,path,body", [
    ("t-scitech", "/orgs", {"name_zh": "替别人登记", "category": "trade", "date": "2025-07-01",
                             "unit": "police"}),
    ("t-scitech", "/reports", {"task": "i8", "period": "2025-Q3", "date": "2025-07-01",
                                "status": "in_progress", "unit": "police"}),
    ("t-expo", "/partners", {"name_zh": "替别人的伙伴", "kind": "chamber", "date": "2025-07-01",
                              "unit": "scitech"}),
    ("t-expo", "/experts", {"name": "替别人的专家", "date": "2025-07-01", "unit": "scitech"}),
    ("t-expo", "/orgs/1/hq", {"date": "2025-07-01", "unit": "scitech"}),
])
def test_writes_for_another_unit_are_403(client, db_path, login, path, body):
    h = {"X-CSRFToken": sign_in(client, login)}
    problem(client.post(API + path, headers=h, json=body), 403, "GOC_EPERM")
    rec = _last_denied(db_path)
    assert rec.actor == USERS[login][0] and rec.person == login


def test_audit_is_for_administrators(client, db_path):
    h = {"X-CSRFToken": sign_in(client, "t-scitech")}
    problem(client.get(API + "/audit"), 403, "GOC_EPERM")
    problem(client.get(API + "/audit/verify"), 403, "GOC_EPERM")
    client.delete(API + "/session", headers=h)
    sign_in(client, "t-admin")
    r = client.get(API + "/audit?limit=5")
    assert r.status_code == 200 and len(r.json) == 5
    assert r.json[0]["seq"] == 1 and len(r.json[0]["hash"]) == 64
    r2 = client.get(API + "/audit?after_seq=%d&limit=2" % r.json[-1]["seq"])
    assert r2.json[0]["seq"] == r.json[-1]["seq"] + 1
    v = client.get(API + "/audit/verify")
    assert v.status_code == 200 and v.json["checked"] > 0 and v.json["head"]["seq"] > 0
    problem(client.get(API + "/audit?limit=0"), 400)
    problem(client.get(API + "/audit?outcome=maybe"), 400, "GOC_EINVAL")


def test_audit_filters_by_person(client, db_path):
    h = {"X-CSRFToken": sign_in(client, "t-scitech")}
    client.post(API + "/partners", headers=h, json={"name_zh": "审计伙伴", "kind": "chamber",
                                                    "date": "2025-07-01"})
    client.delete(API + "/session", headers=h)
    sign_in(client, "t-admin")
    rows = client.get(API + "/audit?person=t-scitech").json
    assert rows and all(r["person"] == "t-scitech" for r in rows)
    assert rows[-1]["action"].startswith("partner")


# ---- statuses: 400, 404, 409, 413 ----

def test_library_refusals_are_400_with_its_message(client, scitech):
    body = problem(client.post(API + "/reports", headers=scitech, json={
        "task": "i2", "period": "2025-Q3", "date": "2025-13-45", "status": "in_progress"}),
        400, "GOC_EINVAL")
    assert "date" in body["detail"]
    problem(client.get(API + "/scorecard?by=nonsense"), 400, "GOC_EINVAL")
    problem(client.get(API + "/scorecard?as_of=yesterday"), 400, "GOC_EINVAL")
    problem(client.get(API + "/orgs?stage=flying"), 400, "GOC_EINVAL")
    problem(client.get(API + "/events?org=x"), 400, "GOC_EINVAL")


def test_404(client, scitech):
    problem(client.get(API + "/orgs/99999"), 404, "GOC_ENOTFOUND")
    problem(client.get(API + "/plans/no-such-plan"), 404, "GOC_ENOTFOUND")
    problem(client.get(API + "/plans/no-such-plan/tree"), 404, "GOC_ENOTFOUND")
    problem(client.get(API + "/reports/99999"), 404, "GOC_ENOTFOUND")
    problem(client.get(API + "/no/such/route"), 404)
    problem(client.post(API + "/orgs/99999/stage", headers=scitech,
                        json={"stage": "contacting", "date": "2025-07-01"}), 404, "GOC_ENOTFOUND")


def test_409_conflicts(client, scitech, db_path):
    with goc.open(db_path) as db:
        name = db.orgs.get(1).name_zh
    problem(client.post(API + "/orgs", headers=scitech, json={
        "name_zh": name, "category": "trade", "date": "2025-07-01"}), 409, "GOC_EEXISTS")


@pytest.mark.parametrize("data,ctype,fragment", [
    (b'{"task": ', "application/json", "malformed JSON"),
    (b'{"task": "i2", "period": "\xff\xfe"}', "application/json", "invalid UTF-8 at byte 26"),
    (b'\xc3\x28', "application/json", "invalid UTF-8 at byte 0"),
    (b'[1, 2]', "application/json", "expected a JSON object"),
    (b'{"task": "i2", "period": "2025-Q3", "date": "2025-07-01", "status": "done", "colour": 1}',
     "application/json", "colour: unknown field"),
    (b'{"task": "i2", "period": "2025-Q3", "date": "2025-07-01", "status": "done", "percent": "9"}',
     "application/json", "percent: expected an integer"),
    (b'{"task": "i2", "period": "2025-Q3", "date": "2025-07-01", "status": "done", "percent": true}',
     "application/json", "percent: expected an integer"),
    (b'{"period": "2025-Q3", "date": "2025-07-01", "status": "done"}', "application/json",
     "task: required"),
    (b'task=i2', "application/x-www-form-urlencoded", "must be JSON"),
    (b'{"task": "i\\ud800", "period": "2025-Q3", "date": "2025-07-01", "status": "done"}',
     "application/json", "task: invalid UTF-8: a lone surrogate U+D800 at character 1"),
    (b'', "application/json", "malformed JSON"),
])
def test_malformed_bodies_are_400_and_change_nothing(client, scitech, db_path, data, ctype,
                                                     fragment):
    with goc.open(db_path) as db:
        before = db.audit.head()
    body = problem(client.post(API + "/reports", headers=scitech, data=data, content_type=ctype),
                   400)
    assert fragment in body["detail"], body
    with goc.open(db_path) as db:
        assert db.audit.head() == before


def test_oversized_body_is_413(client, scitech):
    big = json.dumps({"task": "i2", "text": "x" * (MAX_BODY + 1)})
    body = problem(client.post(API + "/reports", headers=scitech, data=big,
                               content_type="application/json"), 413)
    assert "limit is %d" % MAX_BODY in body["detail"]
    assert client.get(API + "/").json["max_body"] == MAX_BODY


def test_sign_in_body_checked(client):
    problem(client.post(API + "/session", data=b'{"login": "\\udfff", "password": "12345678"}',
                        content_type="application/json"), 400, "GOC_EINVAL")
    problem(client.post(API + "/session", data=b"login=x", content_type="text/plain"), 400)
    problem(client.post(API + "/session", json={"login": "t-scitech"}), 400)
    problem(client.post(API + "/session", json={"login": 1, "password": "x"}), 400)


# ---- the scorecard cache: never stale ----

def test_scorecard_cache_hit_and_never_stale(client, scitech, db_path, monkeypatch):
    url = API + "/scorecard?as_of=2025-12-31&by=unit"
    first = client.get(url).data
    calls = []
    real = goc.Database.scorecard

    def counting(self, *a, **k):
        calls.append(a)
        return real(self, *a, **k)
    monkeypatch.setattr(goc.Database, "scorecard", counting)
    assert client.get(url).data == first
    assert calls == []                                        # served from the cache
    # a write through the service: the next scorecard is computed again
    r = client.post(API + "/reports", headers=scitech, json={
        "task": "i3", "period": "2025-Q3", "date": "2025-07-15", "status": "in_progress"})
    assert r.status_code == 201
    after = client.get(url)
    assert len(calls) == 1
    with goc.open(db_path) as db:
        fresh = {s.key: s.missing_reports for s in real(db, PLAN, "2025-12-31", "unit")}
    got = {s["key"]: s["missing_reports"] for s in after.json["rows"]}
    assert got == fresh
    # a write by another connection (the goc tool, another worker) too
    with goc.open(db_path) as db:
        oid = [o for o in db.orgs.list(unit="scitech") if o.stage == goc.Stage.APPROVED][0].id
        db.orgs.review(oid, "cleared", "2025-07-01", unit="police")
        db.with_actor("scitech").orgs.set_stage(oid, "landed", "2025-07-02")
        fresh = [(s.key, s.actual, s.value) for s in real(db, PLAN, "2025-12-31", "unit")]
    again = client.get(url).json["rows"]
    assert len(calls) == 2
    assert [(s["key"], s["actual"], s["value"]) for s in again] == fresh
    assert again != after.json["rows"]                        # the landing counts


# ---- concurrent writers against a real gunicorn ----

def _request(server, method: str, path: str, token: str,
             body: Optional[Dict[str, Any]] = None) -> Tuple[int, Any]:
    c = server.conn()
    try:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": "Bearer " + token}
        if data is not None:
            headers["Content-Type"] = "application/json"
        c.request(method, API + path, body=data, headers=headers)
        r = c.getresponse()
        payload = r.read()
        return r.status, (json.loads(payload) if payload else None)
    finally:
        c.close()


def test_concurrent_writes_8_clients_none_lost(server):
    clients = [("t-scitech", "i2"), ("t-scitech", "i3"), ("t-expo", "i1"), ("t-expo", "i2"),
               ("t-police", "i8"), ("t-police", "i11"), ("t-scitech", "i2"), ("t-expo", "i1")]
    tokens = {login: token_for(server.db_path, login)[0] for login, _ in clients}
    with goc.open(server.db_path) as db:
        before = len(list(db.reports.list(PLAN)))
    per_client = 12
    results: List[List[Tuple[int, Any]]] = [[] for _ in clients]
    start = threading.Barrier(len(clients))

    def work(i: int) -> None:
        login, task = clients[i]
        start.wait()
        for n in range(per_client):
            results[i].append(_request(server, "POST", "/reports", tokens[login], {
                "task": task, "period": "2025-Q3", "date": "2025-07-%02d" % (n + 1),
                "status": "in_progress", "percent": n, "text": "client %d report %d" % (i, n)}))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [s for r in results for s, _ in r]
    assert statuses == [201] * (len(clients) * per_client), statuses
    ids = {body["id"] for r in results for _, body in r}
    assert len(ids) == len(clients) * per_client
    with goc.open(server.db_path) as db:
        reports = list(db.reports.list(PLAN))
        assert len(reports) == before + len(clients) * per_client
        texts = {r.text for r in reports if r.id in ids}
        assert texts == {"client %d report %d" % (i, n) for i in range(len(clients))
                         for n in range(per_client)}
        assert db.audit.verify() > 0                         # the chain is intact
        recs = [a for a in db.audit.list(action="report.submit") if a.object_id in
                {str(i) for i in ids}]
        assert len(recs) == len(ids)
        assert {a.person for a in recs} == {"t-scitech", "t-expo", "t-police"}
    # and the service itself agrees
    status, body = _request(server, "GET", "/audit/verify", token_for(server.db_path, "t-admin")[0])
    assert status == 200 and body["checked"] > 0


def test_throttling_counts_the_forwarded_address_behind_a_proxy(db_path):
    """goc-web --proxies 1 (nginx in front): the library counts failures per
    client address as nginx saw it (X-Forwarded-For), not per 127.0.0.1."""
    app = create_app(db_path, config={"TESTING": True, "GOC_WEB_PROXIES": 1})
    with app.test_client() as c:
        def attempt(login: str, addr: str, password: str = "wrong-password"):
            return c.post(API + "/session", json={"login": login, "password": password},
                          headers={"X-Forwarded-For": addr})
        for login in ("t-admin", "t-expo", "t-police", "t-scitech", "nobody"):
            problem(attempt(login, "203.0.113.7"), 401, "GOC_EAUTH")
        # that address is refused now, whatever the login ...
        problem(attempt("someone-else", "203.0.113.7"), 429, "GOC_ETHROTTLED")
        # ... while another address is not
        r = attempt("t-expo", "198.51.100.2", USERS["t-expo"][1])
        assert r.status_code == 200, r.json


def test_bearer_requests_keep_the_scorecard_cached(client, db_path, monkeypatch):
    """A token's use is noted in the database (last_used) but is not a
    change of a record: the data version, and so the cache, stay."""
    token, _ = token_for(db_path, "t-expo")
    url = API + "/scorecard?as_of=%s&by=zone" % AS_OF
    with goc.open(db_path) as db:
        v = db.data_version
    first = client.get(url, headers=bearer(token))
    assert first.status_code == 200
    calls = []
    real = goc.Database.scorecard
    monkeypatch.setattr(goc.Database, "scorecard",
                        lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    for _ in range(3):
        assert client.get(url, headers=bearer(token)).data == first.data
    assert calls == []
    with goc.open(db_path) as db:
        assert db.data_version == v
        assert [t.last_used for t in db.users.tokens("t-expo")][0] is not None


@pytest.mark.parametrize("role,login,unit,own_status,other_status", [
    ("admin", "t-admin", "commerce", 200, 200),
    ("unit", "t-scitech", "scitech", 200, 403),
    ("viewer", "t-tax", "tax", 403, 403),
])
def test_permissions_per_access_role(client, db_path, role, login, unit, own_status, other_status):
    """The library's access roles through the API: an administrator changes
    any unit's organization, a unit only its own, a viewer nothing; every
    refusal is a 403 and a denied audit record naming the person."""
    with goc.open(db_path) as db:
        if role == "viewer":
            db.units.set_access(unit, goc.Access.VIEWER)
            db.users.add(login, "pw-t-tax-2025", name="测试观察员", unit=unit)
        assert db.units.access(unit) == goc.Access(role)
        own = db.orgs.create("%s自己的组织" % unit, "trade", "2025-07-01", unit=unit)
        other = db.orgs.create("别人的组织%s" % unit, "trade", "2025-07-01", unit="expo-bureau")
    h = {"X-CSRFToken": sign_in(client, login, "pw-t-tax-2025" if role == "viewer" else None)}
    for oid, status in ((own, own_status), (other, other_status)):
        r = client.post(API + "/orgs/%d/stage" % oid, headers=h,
                        json={"stage": "contacting", "date": "2025-07-02"})
        assert r.status_code == status, r.json
        if status == 403:
            assert r.json["code"] == "GOC_EPERM"
            rec = _last_denied(db_path)
            assert (rec.action, rec.object_id, rec.person) == ("org.set_stage", str(oid), login)
        else:
            assert r.json["stage"] == "contacting"


def test_workers_share_a_computed_scorecard(db_path, monkeypatch):
    """After a change one worker computes the scorecard and the others read
    it from DB.web-cache (keyed by the data version, so never stale)."""
    import stat

    from goc_web import api
    url = API + "/scorecard?as_of=%s&by=zone" % AS_OF
    calls = []
    real = goc.Database.scorecard
    monkeypatch.setattr(goc.Database, "scorecard",
                        lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    a = create_app(db_path, config={"TESTING": True})
    with a.test_client() as c:
        sign_in(c, "t-scitech")
        first = c.get(url).data
    assert len(calls) == 1
    d = db_path + ".web-cache"
    assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    assert len([n for n in os.listdir(d) if n.endswith(".json")]) == 1
    api._score_cache.clear()  # another worker: its own memory, the same files
    with a.test_client() as c:
        sign_in(c, "t-expo")    # (a sign-in is audited: a new version)
        assert len(calls) == 1
        second = c.get(url).data
        assert len(calls) == 2
        api._score_cache.clear()
        assert c.get(url).data == second
        assert len(calls) == 2                            # read from the file
    assert json.loads(second) == json.loads(first)
    names = [n for n in os.listdir(d) if n.endswith(".json")]
    assert len(names) == 1                                # the old version's file is gone
