"""`goc report scorecard --format html`: the battle map.

Static checks of the page against the goc command's JSON (zone quotas,
KPI tiles, the units x tasks matrix, the overdue list), HTML escaping of
database strings, then headless Chromium: the page must load without a
single console error and its screenshot must not be blank.

Console errors are caught twice: the page's first script records every
`error` event on <html data-js-errors>, read back with --dump-dom (which
also shows that the page's last script ran: data-js-ok="1"), and
Chromium's own log on stderr (--enable-logging=stderr) must have no
CONSOLE line and no ERROR line but the D-Bus ones a container always
gives (listed exactly in HARMLESS).  Skipped only when chromium is not
installed (the README's test command installs it).
"""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import zlib

import pytest

from conftest import AS_OF, PREFIX_UNITS, SRC

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (apt-get install chromium)")

# stderr lines of a headless Chromium in a container that are not the page's
# fault: no D-Bus daemon, no GPU device, the Debian wrapper script's test.
HARMLESS = [
    re.compile(r"^\[[\d:/.]+:ERROR:dbus/(bus|object_proxy)\.cc:\d+\] "),
    re.compile(r"^\[[\d:/.]+:WARNING:"),
    re.compile(r"^/usr/bin/chromium: \d+: \[: \d+: unexpected operator$"),
    re.compile(r"^\[[\d:/.]+:ERROR:mojo/public/cpp/bindings/lib/interface_endpoint_client\.cc:\d+\] "
               r"Message \d+ rejected by interface blink\.mojom\.FrameWidgetHost$"),
    re.compile(r"^\d+ bytes written to file \S+\.png$"),
]


def battle_map(g, *args, as_of=AS_OF, name="map.html"):
    path = os.path.join(g.cwd, name)
    r = g.run("report", "scorecard", "--as-of", as_of, "--format", "html", "-o", path, *args)
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b"", r
    with open(path, encoding="utf-8") as f:
        return path, f.read()


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, cls):
        return [a for t, a in self.tags if t == tag and cls in (a.get("class") or "").split()]


def test_self_contained(demo):
    _, page = battle_map(demo)
    assert page.startswith("<!DOCTYPE html>")
    # nothing to fetch: the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) == {"http://www.w3.org/2000/svg"}
    for bad in ("src=", "href=", "@import", "url(", "@font-face", "<link", "<iframe"):
        assert bad not in page, bad
    for section in ("zones", "kpis", "trend", "matrix", "overdue"):
        assert f'<section id="{section}">' in page
    charts = len(Elements(page).find("svg", "trend-chart"))
    assert charts >= 2 and page.count("<svg ") == 3 + charts
    assert '<html lang="zh-CN" data-lang="zh">' in page


def test_content_matches_the_library(demo):
    _, page = battle_map(demo)
    el = Elements(page)
    kpis = demo.json("report", "kpis", "--as-of", AS_OF)["rows"]
    tiles = el.find("g", "kpi-tile")
    assert [(t["data-kpi"], t["data-member"] or None, int(t["data-year"]) or None, t["data-status"]) for t in tiles] == \
           [(k["kpi"], k["member"], k["year"], k["status"]) for k in kpis]
    zones = {r["key"] for r in demo.json("report", "scorecard", "--by", "zone", "--as-of", AS_OF)["rows"] if r["key"]}
    want = [(k["kpi"], k["member"], k["target_min"], k["actual"], k["status"]) for k in kpis
            if k["member"] in zones and k["year"] in (None, int(AS_OF[:4]))]
    got = [(z["data-kpi"], z["data-zone"], float(z["data-target"]), float(z["data-actual"]), z["data-status"])
           for z in el.find("g", "zone-row")]
    assert got == want and any(z[0] == "zone-quotas" for z in got)
    # the matrix: one cell per unit and leaf task it answers for, its role and
    # the status of its latest progress report
    matrix = demo.json("report", "matrix")["rows"]
    roles = {(r["unit"], t): v for r in matrix for t, v in r.items() if t != "unit" and v}
    latest = {(p["unit"], p["task"]): p["status"] for p in demo.json("progress", "list", "--latest")}
    cells = el.find("g", "cell")
    assert {(c["data-unit"], c["data-task"]): c["data-role"][0].upper() for c in cells} == roles
    for c in cells:
        assert c["data-status"] == latest.get((c["data-unit"], c["data-task"]), "none")
    assert 'id="no-overdue"' in page


def test_overdue_list(demo):
    _, page = battle_map(demo, as_of="2026-01-05", name="late.html")
    want = [r["code"] for r in demo.json("report", "overdue", "--as-of", "2026-01-05")["rows"]]
    got = [a["data-task"] for a in Elements(page).find("tr", "overdue-task")]
    assert got == want and want


def test_to_stdout_is_the_same_page(demo):
    _, page = battle_map(demo, name="same.html")
    assert demo.out("report", "scorecard", "--as-of", AS_OF, "--format", "html") == page


def test_english_first(demo):
    _, page = battle_map(demo, "--lang", "en", name="en.html")
    assert '<html lang="en" data-lang="en">' in page
    assert "Zone quotas against actual" in page


def test_usage_errors(demo):
    for args in (["--lang", "fr"], ["--lang", "en"], ["--format", "html", "--by", "zone"],
                 ["--format", "html", "--lang", "de"]):
        r = demo.run("report", "scorecard", *args)
        assert r.returncode == 2 and b"usage: goc report scorecard" in r.stderr, (args, r)


def evil_plan(g):
    """A plan whose strings carry markup: imported under the code 'evil'."""
    with open(os.path.join(SRC, "lib", "data", "plan-pudong-goc-2024.json"), encoding="utf-8") as f:
        plan = json.load(f)
    evil = "<script>alert('x')</script> & \"集聚\""
    plan["plan"]["title_zh"] = evil                       # the page's title and heading
    item = next(t for t in plan["tasks"] if t["code"] == "i3")
    item["text"] = evil                                   # the matrix and the overdue list
    path = os.path.join(g.cwd, "evil.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False)
    g.out("plan", "import", path, "--plan", "evil")


def test_database_strings_are_escaped(fresh):
    evil_plan(fresh)
    path, page = battle_map(fresh, "--plan", "evil", as_of="2026-01-05", name="evil.html")
    assert "<script>alert" not in page
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;集聚&quot;"
    assert page.count(escaped) >= 4  # <title>, <h1>, the matrix column, the overdue row
    assert page.count("<script>") == 2  # the page's own two


def chromium(*args):
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0", *args],
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r
    return r


def page_errors(stderr):
    bad = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        if "CONSOLE" in line or "Uncaught" in line:
            bad.append(line)
        elif line.strip() and not any(h.search(line) for h in HARMLESS):
            bad.append(line)
    return bad


def decode_png(data):
    """Width, height and rows of pixels (tuples) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


@needs_chromium
def test_chromium_runs_it_without_errors(demo):
    path, _ = battle_map(demo, as_of="2026-01-05", name="run.html")
    for url, lang in (("file://" + path, "zh"), ("file://" + path + "#en", "en")):
        r = chromium("--dump-dom", url)
        dom = r.stdout.decode("utf-8")
        head = dom[:dom.index(">", dom.index("<html")) + 1]
        assert 'data-js-ok="1"' in head, head      # the page's script ran to its end
        assert "data-js-errors" not in head, head  # and nothing threw
        assert f'data-lang="{lang}"' in head, head # the language switch works
        assert page_errors(r.stderr) == [], page_errors(r.stderr)


@needs_chromium
def test_screenshot_is_not_blank(demo, tmp_path):
    path, _ = battle_map(demo, name="shot.html")
    png = tmp_path / "shot.png"
    r = chromium(f"--screenshot={png}", "--window-size=1280,1800", "file://" + path)
    assert page_errors(r.stderr) == [], page_errors(r.stderr)
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (1280, 1800)
    pixels = [p for row in rows[::4] for p in row[::4]]
    colours = set(pixels)
    non_white = sum(p != (255, 255, 255) for p in pixels) / len(pixels)
    assert len(colours) >= 8, len(colours)
    assert non_white > 0.05, non_white
    # the status colours of the KPI tiles are on screen (met, on track, behind)
    for rgb in ((0x63, 0xBE, 0x7B), (0x8D, 0xB4, 0xE2), (0xF8, 0x69, 0x6B)):
        assert rgb in colours, rgb



def test_overdue_list_keeps_a_unit_whose_code_prefixes_the_lead(prefix):
    """Issue 15: the battle map's overdue list dropped a responsible unit
    whose code is a prefix of the lead's (expo under expo-bureau; here
    unit-1 under unit-10); `goc plan show` and the library list it."""
    g = prefix
    show = g.json("plan", "show", "--plan", "prefix")["rows"]
    assert next(t for t in show if t["code"] == "i1")["units"] == "unit-10*, " + PREFIX_UNITS
    _, page = battle_map(g, "--plan", "prefix", as_of="2025-01-05", name="prefix.html")
    row = re.search(r'<tr class="overdue-task" data-task="i1">(.*?)</tr>', page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[-2:] == ["unit-10", PREFIX_UNITS], cells


def test_zero_against_a_target_is_a_red_bar(demo):
    # 金桥 (jinqiao) has no organization yet against a quota of 1: a red
    # stub, not an empty dashed box (issue 17)
    _, page = battle_map(demo)
    rows = re.findall(r'<g class="zone-row"[^>]*data-target="([\d.]+)" data-actual="0" '
                      r'data-status="(\w+)">.*?<rect class="bar" [^>]*width="(\d+)"[^>]*fill="([^"]+)"',
                      page)
    assert rows, "no zone at 0 in the demo"
    for target, status, width, fill in rows:
        assert float(target) > 0 and int(width) >= 6
        assert (status, fill) in (("behind", "#F8696B"), ("missed", "#C00000"))
    assert any(r[1] == "behind" for r in rows)


def test_one_panel_per_kpi_and_year(demo):
    # an annual KPI with rows for several zones is one panel, not one per zone
    _, page = battle_map(demo)
    svg = page[page.index('<section id="zones">'):page.index('<section id="kpis">')]
    titles = re.findall(r'<text x="0" y="\d+" font-weight="bold"><tspan class="zh">([^<]*)</tspan>'
                        r'<tspan class="en">[^<]*</tspan>( \d{4})?</text>', svg)
    assert len(titles) == len(set(titles)), titles


def test_trend_section_matches_the_library(demo):
    _, page = battle_map(demo)
    el = Elements(page)
    score = [p for t, p in el.tags if t == "polyline" and p.get("class") == "score"]
    assert len(score) == 1
    # quarter ends from the plan's start (2024-01-01) to the as-of date
    want = demo.json("report", "trend", "--from", "2024-01-01", "--to", AS_OF, "--every", "quarter",
                     "--by", "plan")["rows"]
    totals = [r for r in want if r["key"] is None]
    points = score[0]["points"].split()
    assert len(points) == len([t for t in totals if t["score"] is not None])
    # the headline KPIs: one figure each, with actual, expected and target lines
    figs = el.find("figure", "kpi-trend")
    assert figs and all(f["data-kpi"] for f in figs)
    for cls in ("actual", "expected", "target"):
        assert len([p for t, p in el.tags if t == "polyline" and p.get("class") == cls]) == len(figs)
