"""goc-web's pages through the Flask test client: every page renders for the
person it is for, in Chinese (English on request); forms carry CSRF tokens;
a form is offered only to whom the library allows the write (goc_db_may),
and a refused write shows the library's refusal (403) and is audited.
"""
from __future__ import annotations

import datetime
import io
import re
from typing import Dict

import goc
import pytest

from goc_web import create_app

if not hasattr(goc.Database, "users"):  # branch `users` not merged yet
    pytest.skip("db.users (branch users) is not in this build", allow_module_level=True)

PLAN = "pudong-goc-2024"
PEOPLE: Dict[str, tuple] = {
    # login: (display name, unit)
    "admin": ("商务委管理员", "commerce"),
    "expo": ("世博管理局填报员", "expo-bureau"),
    "police": ("公安分局填报员", "police"),
}


def password_of(login: str) -> str:
    return "demo-%s-2025" % login


def add_people(path: str) -> None:
    """The people of these tests (the demo's own accounts are reused)."""
    with goc.open(path) as db:
        db.units.set_access("commerce", "admin")
        for login, (name, unit) in PEOPLE.items():
            try:
                db.users.get(login)
            except goc.NotFoundError:
                db.users.add(login, password_of(login), name=name, unit=unit)
            else:
                db.users.update(login, name=name, unit=unit)
                db.users.set_password(login, password_of(login))


@pytest.fixture()
def web(db_path):
    add_people(db_path)
    app = create_app(db_path, config={"TESTING": True})
    return app


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)


def sign_in(app, login: str):
    c = app.test_client()
    token = csrf_of(c.get("/login").get_data(as_text=True))
    r = c.post("/login", data={"csrf_token": token, "login": login,
                               "password": password_of(login)})
    assert r.status_code == 302, r.get_data(as_text=True)
    return c


def page(c, path: str, status: int = 200) -> str:
    r = c.get(path)
    body = r.get_data(as_text=True)
    assert r.status_code == status, (path, r.status_code, body[:2000])
    return body


def post(c, path: str, data: dict, status: int = 302, form_page: str = None):
    data = dict(data)
    data["csrf_token"] = csrf_of(page(c, form_page or path))
    r = c.post(path, data=data)
    assert r.status_code == status, (path, r.status_code, r.get_data(as_text=True)[:3000])
    return r


def my_task(path: str, unit: str) -> str:
    with goc.open(path) as db:
        rows = list(db.reports.dossier(PLAN, datetime.date.today(), unit=unit, leaves=True))
    return rows[0].task


def org_of(path: str, unit: str, other: bool = False) -> int:
    with goc.open(path) as db:
        for o in db.orgs.list():
            if (o.unit != unit) if other else (o.unit == unit):
                if o.stage.value not in ("withdrawn",):
                    return o.id
    raise AssertionError("no organization")


# ---- signing in ----

def test_sign_in_page_is_chinese_with_csrf(web):
    c = web.test_client()
    html = page(c, "/login")
    assert "登录" in html and 'name="csrf_token"' in html
    assert page(c, "/login?lang=en").count("Sign in") >= 1


def test_wrong_password_shows_the_library_refusal(web):
    c = web.test_client()
    token = csrf_of(page(c, "/login"))
    r = c.post("/login", data={"csrf_token": token, "login": "expo", "password": "wrong-pass"})
    assert r.status_code == 401
    assert 'id="login-error"' in r.get_data(as_text=True)


def test_sign_out_ends_the_session(web):
    c = sign_in(web, "expo")
    html = page(c, "/")
    r = c.post("/logout", data={"csrf_token": csrf_of(html)})
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert c.get("/").status_code == 302


# ---- every page, the right role ----

BUREAU_PAGES = ["/", "/orgs", "/orgs?mine=1&stage=landed", "/orgs/new", "/events",
                "/events?mine=1", "/partners", "/experts", "/map", "/scorecard",
                "/scorecard?by=zone", "/scorecard?by=unit", "/scorecard?by=section",
                "/password", "/tokens", "/?lang=en", "/map?lang=en"]
ADMIN_PAGES = ["/admin/users", "/admin/units", "/admin/audit", "/admin/audit?outcome=denied"]


def test_every_page_renders_for_a_bureau_user(web, db_path):
    c = sign_in(web, "expo")
    for p in BUREAU_PAGES + ["/orgs/%d" % org_of(db_path, "expo-bureau"),
                             "/report?plan=%s&task=%s" % (PLAN, my_task(db_path, "expo-bureau"))]:
        html = page(c, p)
        assert "世博管理局" in html or "Expo" in html, p
        # no inline script or style: the Content-Security-Policy forbids them
        assert "<script" not in html and " style=" not in html, p
        if "<form method=\"post\"" in html:
            assert 'name="csrf_token"' in html, p


def test_admin_pages_for_the_administrator_only(web):
    c = sign_in(web, "expo")
    assert "/admin/users" not in page(c, "/")
    for p in ADMIN_PAGES:
        html = page(c, p, 403)
        assert "只有管理员可以这样做" in html  # the page is Chinese: so is the library's message
    a = sign_in(web, "admin")
    assert "/admin/users" in page(a, "/")
    for p in ADMIN_PAGES:
        html = page(a, p)
        assert 'name="csrf_token"' in html or p.startswith("/admin/audit"), p


def test_home_shows_tasks_roles_and_what_is_due(web):
    c = sign_in(web, "expo")
    html = page(c, "/")
    assert "我的任务" in html and "待报送进展" in html and "我的指标" in html
    assert "责任" in html  # the role's label from the library
    assert "填报进展" in html
    en = page(c, "/?lang=en")
    assert "My tasks" in en and "Responsible" in en
    # the choice is kept in a cookie
    assert "My tasks" in page(c, "/")
    assert "我的任务" in page(c, "/?lang=zh")


def test_home_due_list_is_the_librarys_reminders(web, db_path):
    """待报送: the unit's missing periods as the library's reminders give
    them (deadline passed), not every past quarter: on 2025-06-30 the
    unfinished 2025-Q2 is not listed (due 2025-07-10); on 2025-07-15 it is."""
    c = sign_in(web, "expo")
    with goc.open(db_path) as db:
        want = [r for r in db.reminders(as_of="2025-07-15", unit="expo-bureau")
                if r.kind is goc.ReminderKind.MISSING]
    html = page(c, "/?as_of=2025-07-15")
    assert "本期 2025-Q3 的进展截止报送日期为 2025-10-10" in html
    for r in want:
        assert "%s（截止 %s，已逾期 %d 天）" % (r.period, r.deadline, r.days) in html
    assert any(r.period == "2025-Q2" for r in want)
    early = page(c, "/?as_of=2025-06-30")
    assert "本期 2025-Q2 的进展截止报送日期为 2025-07-10" in early
    assert "2025-Q2（截止" not in early


def test_home_kpi_rows_are_the_librarys_rows_of_the_unit(web, db_path):
    """我的指标: the rows goc_kpi_evaluate_unit() gives the unit (its own,
    its zones' and the zones rows with its zone), none of another bureau's."""
    c = sign_in(web, "expo")
    with goc.open(db_path) as db:
        want = list(db.kpis.evaluate_unit(PLAN, "expo-bureau", "2025-06-30"))
        names = {k.code: k.name_zh for k in db.kpis.list(PLAN)}
        lujiazui = next(z for z in db.zones.list() if z.code == "lujiazui")
    assert any(r.member == "expo,lujiazui" for r in want)
    html = page(c, "/?as_of=2025-06-30")
    mine = html.split("我的指标", 1)[1]
    for r in want:
        assert names[r.kpi] in mine
    assert names["hq-expo-lujiazui"] in mine
    # the zone-quotas row of lujiazui is the Lujiazui bureau's, not Expo's
    body = mine.split("</table>", 1)[0]
    assert body.count("<tr>") - 1 == len(want)
    assert "<td>%s</td>" % lujiazui.name_zh not in body


# ---- 填报进展 ----

def test_report_form_submits_and_shows_on_my_unit(web, db_path):
    c = sign_in(web, "expo")
    task = my_task(db_path, "expo-bureau")
    form = "/report?plan=%s&task=%s" % (PLAN, task)
    html = page(c, form)
    assert 'id="report-form"' in html and 'name="csrf_token"' in html
    r = post(c, "/report", {"plan": PLAN, "task": task, "period": "2025-Q4",
                            "date": datetime.date.today().isoformat(), "status": "in_progress",
                            "percent": "65", "text": "测试填报：已对接三家组织"}, form_page=form)
    assert r.headers["Location"].startswith("/")
    home = page(c, r.headers["Location"])
    assert "测试填报：已对接三家组织" in home and "进展已提交" in home
    with goc.open(db_path) as db:
        rec = [a for a in db.audit.list(action="report.submit")][-1]
        assert rec.actor == "expo-bureau"
        if hasattr(rec, "person"):
            assert rec.person == "expo"


def test_report_form_shows_the_library_message_for_bad_input(web, db_path):
    c = sign_in(web, "expo")
    task = my_task(db_path, "expo-bureau")
    form = "/report?plan=%s&task=%s" % (PLAN, task)
    r = post(c, "/report", {"plan": PLAN, "task": task, "period": "2025-Q9",
                            "date": "2025-10-01", "status": "done"}, 400, form_page=form)
    html = r.get_data(as_text=True)
    assert 'id="form-error"' in html and "period" in html


def test_report_without_csrf_token_refused(web, db_path):
    c = sign_in(web, "expo")
    r = c.post("/report", data={"plan": PLAN, "task": my_task(db_path, "expo-bureau"),
                                "period": "2025-Q4", "status": "done"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)


# ---- organizations: forms for whom the library allows ----

def test_own_organization_offers_its_forms(web, db_path):
    c = sign_in(web, "expo")
    html = page(c, "/orgs/%d" % org_of(db_path, "expo-bureau"))
    assert 'id="request-form"' in html
    assert 'id="review-form"' not in html  # the following unit requests, never records


def test_another_units_organization_is_read_only_and_a_write_is_refused(web, db_path):
    c = sign_in(web, "expo")
    other = org_of(db_path, "expo-bureau", other=True)
    html = page(c, "/orgs/%d" % other)
    for form in ("stage-form", "review-form", "request-form", "hq-form"):
        assert 'id="%s"' % form not in html
    assert 'id="read-only"' in html
    with goc.open(db_path) as db:
        denied = len(list(db.audit.list(outcome="denied")))
    r = post(c, "/orgs/%d/stage" % other, {"stage": "withdrawn", "date": "2025-12-01"}, 403,
             form_page="/orgs")
    html = r.get_data(as_text=True)
    assert 'id="form-error"' in html and "无权修改组织" in html  # the page is Chinese: so is the library's message
    with goc.open(db_path) as db:
        recs = list(db.audit.list(outcome="denied"))
        assert len(recs) == denied + 1 and recs[-1].actor == "expo-bureau"
        # the trail records the refusal in English, whatever the page's language
        assert "may not change organization" in recs[-1].detail and "无权" not in recs[-1].detail


def test_reviewing_unit_is_offered_the_review_form(web, db_path):
    c = sign_in(web, "police")
    html = page(c, "/orgs/%d" % org_of(db_path, "police", other=True))
    assert 'id="review-form"' in html
    r = post(c, "/orgs/%d/review" % org_of(db_path, "police", other=True),
             {"outcome": "cleared", "date": "2025-12-01", "note": "审查通过"},
             form_page="/orgs")
    assert "审查通过" in page(c, r.headers["Location"])


# ---- events, partners, experts ----

def test_bureau_records_an_event_a_partner_and_an_expert(web):
    c = sign_in(web, "expo")
    post(c, "/events", {"title_zh": "测试论坛", "kind": "forum", "date": "2025-11-02",
                        "zone": "expo", "international": "1"})
    assert "测试论坛" in page(c, "/events?mine=1")
    post(c, "/partners", {"name_zh": "测试商会", "kind": "chamber", "date": "2025-11-02"})
    assert "测试商会" in page(c, "/partners?mine=1")
    post(c, "/experts", {"name": "测试专家", "field": "贸易", "date": "2025-11-02"})
    assert "测试专家" in page(c, "/experts?mine=1")


def test_viewer_is_not_offered_create_forms(web, db_path):
    with goc.open(db_path) as db:
        db.units.set_access("expo-bureau", "viewer")
    c = sign_in(web, "expo")
    assert 'name="title_zh"' not in page(c, "/events")
    assert "/orgs/new" not in page(c, "/orgs")


# ---- the battle map and the scorecard ----

def test_battle_map_shows_a_new_report(web, db_path):
    c = sign_in(web, "expo")
    task = my_task(db_path, "expo-bureau")
    post(c, "/report", {"plan": PLAN, "task": task, "period": "2025-Q4", "date": "2025-12-01",
                        "status": "blocked", "text": "受阻"},
         form_page="/report?plan=%s&task=%s" % (PLAN, task))
    html = page(c, "/map?as_of=2025-12-31")
    row = re.search(r'<tr id="m-expo-bureau">(.*?)</tr>', html, re.S).group(1)
    cell = re.search(r'<td class="cell st-(\w+)[^"]*" data-task="%s"' % re.escape(task), row)
    assert cell and cell.group(1) == "blocked"
    assert "各集聚区落户进度" in html and "逾期任务" in html


def test_battle_map_has_the_trend_without_script(web, db_path):
    c = sign_in(web, "expo")
    html = page(c, "/map?as_of=2025-06-30")
    sec = re.search(r'<section id="trend">(.*?)</section>', html, re.S).group(1)
    assert "<script" not in sec and "style=" not in sec
    circles = re.findall(r"<title>(\d{4}-\d\d-\d\d): (\d+)%", sec)
    with goc.open(db_path) as db:
        want = [(s.as_of.isoformat(), round(s.value * 100)) for s in
                db.kpis.score_series(PLAN, "2024-01-01", "2025-06-30", "quarter")
                if s.key is None and s.value is not None]
    assert [(d, int(v)) for d, v in circles] == want and len(want) == 6


def test_scorecard_downloads(web):
    c = sign_in(web, "expo")
    r = c.get("/scorecard.csv?by=unit&as_of=2025-12-31")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    text = r.get_data().decode("utf-8")
    assert text.startswith("\ufeff") and "世博管理局" in text and "合计" in text
    r = c.get("/scorecard.xlsx?by=zone")
    try:
        import openpyxl
    except ImportError:
        assert r.status_code == 404
    else:
        assert r.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(r.get_data()))
        assert any("世博前滩" == cell.value for row in wb.active.iter_rows() for cell in row)
    assert c.get("/scorecard?by=planet").status_code == 400


# ---- administration ----

def test_admin_creates_a_user_and_a_token_shown_once(web):
    a = sign_in(web, "admin")
    post(a, "/admin/users", {"op": "add", "login": "ftz1", "name": "保税区填报员",
                             "unit": "ftz-bureau", "password": "ftz-password-1"})
    assert "保税区填报员" in page(a, "/admin/users")
    r = post(a, "/admin/users/ftz1/tokens", {"op": "add", "label": "数据接口"}, 200)
    html = r.get_data(as_text=True)
    token = re.search(r'<pre id="token">(goc_[A-Za-z0-9_-]+)</pre>', html).group(1)
    assert token not in page(a, "/admin/users/ftz1/tokens")  # shown once
    # the new person signs in
    c = web.test_client()
    t = csrf_of(page(c, "/login"))
    assert c.post("/login", data={"csrf_token": t, "login": "ftz1",
                                  "password": "ftz-password-1"}).status_code == 302
    # disabled: no more
    post(a, "/admin/users", {"op": "disable", "login": "ftz1"})
    assert c.get("/").status_code == 302


def test_admin_sets_unit_roles_and_verifies_the_trail(web, db_path):
    a = sign_in(web, "admin")
    post(a, "/admin/units", {"unit": "market", "access": "unit", "reviewer": "1"})
    with goc.open(db_path) as db:
        assert db.units.is_reviewer("market")
    r = post(a, "/admin/audit", {}, 200)
    assert 'id="verified"' in r.get_data(as_text=True)
    assert "unit.set_reviewer" in page(a, "/admin/audit")


# ---- the password ----

def test_change_password(web):
    c = sign_in(web, "expo")
    html = page(c, "/password")
    r = c.post("/password", data={"csrf_token": csrf_of(html), "old": "nope-nope",
                                  "new": "new-password-9", "new2": "new-password-9"})
    assert r.status_code == 401
    r = c.post("/password", data={"csrf_token": csrf_of(html), "old": password_of("expo"),
                                  "new": "new-password-9", "new2": "other-password"})
    assert r.status_code == 400
    r = c.post("/password", data={"csrf_token": csrf_of(html), "old": password_of("expo"),
                                  "new": "new-password-9", "new2": "new-password-9"})
    assert r.status_code == 302
    d = web.test_client()
    t = csrf_of(page(d, "/login"))
    assert d.post("/login", data={"csrf_token": t, "login": "expo",
                                  "password": "new-password-9"}).status_code == 302


def test_own_tokens_listed_and_revoked_but_made_by_an_administrator(web):
    a = sign_in(web, "admin")
    post(a, "/admin/users/expo/tokens", {"op": "add", "label": "我的脚本"}, 200)
    c = sign_in(web, "expo")
    html = page(c, "/tokens")
    assert "我的脚本" in html and 'id="new-token"' not in html
    token_id = re.search(r'name="id" value="(\d+)"', html).group(1)
    post(c, "/tokens", {"op": "revoke", "id": token_id})
    assert "已吊销" in page(c, "/tokens")
    r = post(c, "/tokens", {"op": "add", "label": "自己建"}, 403)
    assert 'id="form-error"' in r.get_data(as_text=True)
