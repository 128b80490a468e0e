"""A real browser against a real goc-web: headless Chromium driven by
Selenium signs in as a bureau clerk made with `goc user add`, submits a
progress report through the form, sees it on 我的单位 and on the battle
map, is refused another unit's organization, and signs out.

The screenshots are kept in $GOC_BUILD_DIR/web-screenshots/ (Chinese shown
with fonts-noto-cjk).  Skipped only when Chromium, chromedriver or
Selenium is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Iterator

import pytest

GOC_CLI = os.environ.get("GOC_CLI", "build/tools/goc/goc")
GOC_WEB = os.environ.get("GOC_WEB", "build/web/goc-web")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SHOTS = os.path.join(os.environ.get("GOC_BUILD_DIR", "build"), "web-screenshots")

LOGIN, PASSWORD, UNIT = "expo-clerk", "expo-clerk-pass-2025", "expo-bureau"
PLAN = "pudong-goc-2024"

webdriver = pytest.importorskip("selenium.webdriver", reason="python3-selenium is not installed")
if not (os.access(CHROMEDRIVER, os.X_OK) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip("chromium or chromium-driver is not installed", allow_module_level=True)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, limit: float = 30.0) -> None:
    """Until the server accepts connections (it is a separate process)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("goc-web exited with %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            try:  # not listening yet: wait on the process a little, then retry
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
    raise RuntimeError("goc-web did not listen on %d within %.0f s" % (port, limit))


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    """A demo database with a bureau clerk (`goc user add`) under a running goc-web."""
    d = tmp_path_factory.mktemp("browser")
    db = str(d / "goc.db")
    subprocess.run([GOC_CLI, "--db", db, "demo"], check=True, stdout=subprocess.DEVNULL)
    add = subprocess.run([GOC_CLI, "--db", db, "user", "add", LOGIN, "--name", "世博管理局填报员",
                          "--unit", UNIT], input=PASSWORD + "\n", text=True,
                         capture_output=True)
    if add.returncode != 0 and "unknown command" in add.stderr:
        pytest.skip("goc user add (branch users) is not in this build")
    assert add.returncode == 0, add.stderr
    port = _free_port()
    log = open(d / "server.log", "w")
    proc = subprocess.Popen([GOC_WEB, "--db", db, "--listen", "127.0.0.1:%d" % port,
                             "--workers", "2"], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_listening(port, proc)
        yield {"url": "http://127.0.0.1:%d" % port, "db": db}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1800",
              "--lang=zh-CN", "--user-data-dir=" + tempfile.mkdtemp(prefix="goc-chromium-")):
        o.add_argument(a)
    o.binary_location = CHROMIUM
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)
    drv.implicitly_wait(5)
    try:
        yield drv
    finally:
        drv.quit()


def shot(drv, name: str, width: int = 1400) -> None:
    """A full-page screenshot kept as a test artifact."""
    os.makedirs(SHOTS, exist_ok=True)
    height = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(width, min(max(int(height), 600), 8000))
    drv.save_screenshot(os.path.join(SHOTS, name + ".png"))
    drv.set_window_size(1400, 1800)


def test_bureau_clerk_reports_and_is_refused_another_units_organization(server, browser):
    import goc
    b, url = browser, server["url"]
    b.get(url + "/")
    assert "/login" in b.current_url
    shot(b, "01-login")
    b.find_element(By.ID, "login").send_keys(LOGIN)
    b.find_element(By.ID, "password").send_keys(PASSWORD)
    b.find_element(By.ID, "sign-in").click()
    WebDriverWait(b, 10).until(EC.url_matches(r"/(\?.*)?$"))
    assert "我的单位" in b.find_element(By.TAG_NAME, "h1").text
    assert "世博管理局" in b.find_element(By.TAG_NAME, "h1").text
    shot(b, "02-my-unit")

    # 填报进展 through the form: the first task the unit must still report on
    link = b.find_element(By.CSS_SELECTOR, "#due a.button")
    task = re.search(r"task=([^&]+)", link.get_attribute("href")).group(1)
    link.click()
    assert "填报进展" in b.find_element(By.TAG_NAME, "h1").text
    b.find_element(By.ID, "percent").send_keys("80")
    b.find_element(By.ID, "text").send_keys("浏览器填报：已完成两家组织的落地对接")
    b.find_element(By.CSS_SELECTOR, "#status option[value=blocked]").click()
    shot(b, "03-report-form")
    b.find_element(By.ID, "submit-report").click()
    WebDriverWait(b, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash")))

    # … on 我的单位
    assert "进展已提交" in b.find_element(By.CSS_SELECTOR, ".flash").text
    assert "浏览器填报：已完成两家组织的落地对接" in b.find_element(By.ID, "reports").text
    shot(b, "04-my-unit-after-report")

    # … and on the battle map: the unit's cell for the task shows "blocked"
    b.get(url + "/map")
    cell = b.find_element(By.CSS_SELECTOR, '#m-%s td[data-task="%s"]' % (UNIT, task))
    assert "st-blocked" in cell.get_attribute("class").split()
    shot(b, "05-battle-map")

    # another unit's organization: read only, and a write is refused by the library
    with goc.open(server["db"], readonly=True) as db:
        other = next(o.id for o in db.orgs.list() if o.unit not in (UNIT, None))
        mine = next(o.id for o in db.orgs.list(unit=UNIT))
    b.get(url + "/orgs/%d" % other)
    assert b.find_elements(By.ID, "read-only")
    assert not b.find_elements(By.ID, "stage-form")
    shot(b, "06-other-units-organization")
    # the clerk's own form, sent to the other organization (as a forged or
    # stale page would): the library refuses it and says why
    b.get(url + "/orgs/%d" % mine)
    form = b.find_element(By.ID, "request-form")
    b.execute_script("arguments[0].action = arguments[1]", form,
                     "/orgs/%d/request" % other)
    form.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(b, 10).until(EC.presence_of_element_located((By.ID, "form-error")))
    err = b.find_element(By.ID, "form-error").text
    assert "未获准" in err and "无权修改组织" in err
    shot(b, "07-refused")
    with goc.open(server["db"], readonly=True) as db:
        rec = list(db.audit.list(outcome="denied"))[-1]
        assert rec.actor == UNIT and rec.object_id == str(other)
        if hasattr(rec, "person"):
            assert rec.person == LOGIN

    # the phone
    b.get(url + "/")
    shot(b, "08-my-unit-phone", width=390)
    b.get(url + "/?lang=en")
    assert "My unit" in b.find_element(By.TAG_NAME, "h1").text
    shot(b, "09-my-unit-english")
    b.get(url + "/?lang=zh")

    # sign out
    b.find_element(By.ID, "sign-out").click()
    WebDriverWait(b, 10).until(EC.url_contains("/login"))
    b.get(url + "/")
    assert "/login" in b.current_url
