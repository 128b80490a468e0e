"""The library's messages on the pages speak the page's language (the
Chinese/English toggle: Chinese by default, ?lang=en); the API stays
English.  Database.speaking() keeps the choice to the request's thread."""
import re

ZH = "登录失败: 登录名或密码错误，或该人员已被停用"
EN = "login failed: wrong login or password, or the person is disabled"
WRONG = {"login": "t-admin", "password": "not-the-password-at-all"}


def wrong_login(client, query=""):
    html = client.get("/login" + query).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    r = client.post("/login" + query, data=dict(WRONG, csrf_token=token))
    assert r.status_code == 401
    return r.get_data(as_text=True)


def test_login_page_message_in_chinese_by_default(client):
    page = wrong_login(client)
    assert ZH in page and EN not in page


def test_login_page_message_in_english_when_chosen(client):
    page = wrong_login(client, "?lang=en")
    assert EN in page and ZH not in page
    # the cookie keeps English for the next pages
    page = wrong_login(client)
    assert EN in page and ZH not in page


def test_api_stays_english(client):
    client.get("/login?lang=zh")
    r = client.post("/api/v1/session", json=WRONG)
    assert r.status_code == 401
    body = r.get_data(as_text=True)
    assert EN in body and ZH not in body
