"""`goc report scorecard --format xlsx`: the workbook read back with an
independent reader (openpyxl) and checked, cell by cell and fill by fill,
against what the library reports through the goc command's JSON.

Registered by tests/meson.build only when goc is built with the 'xlsx'
feature (libxlsxwriter); otherwise that meson test is skipped.
"""
import openpyxl

from conftest import AS_OF, PREFIX_UNITS

# The status fills of docs/reports.md (ARGB as openpyxl reads them).
FILLS = {
    "met": "FF63BE7B", "exceeded": "FF2E8B57", "on_track": "FF8DB4E2", "at_risk": "FFFFC000",
    "behind": "FFF8696B", "missed": "FFC00000", "not_started": "FFBFBFBF", "done": "FF63BE7B",
    "in_progress": "FF8DB4E2", "blocked": "FFFFC000", "cancelled": "FFD9D9D9", "overdue": "FFF8696B",
}


def workbook(g, as_of=AS_OF, name="w.xlsx", *args):
    path = f"{g.cwd}/{name}"
    r = g.run("report", "scorecard", "--as-of", as_of, "--format", "xlsx", "-o", path, *args)
    assert r.returncode == 0 and r.stdout == b"", r
    return openpyxl.load_workbook(path)


def rows(ws):
    """The sheet as dicts keyed by the English key of each header ("状态 status")."""
    it = ws.iter_rows()
    keys = [c.value.rsplit(" ", 1)[-1] for c in next(it)]
    return [dict(zip(keys, r)) for r in it]


def fill(cell):
    assert cell.fill.fill_type == "solid", (cell.coordinate, cell.fill.fill_type)
    return cell.fill.fgColor.rgb


def test_sheets(demo):
    wb = workbook(demo)
    assert wb.sheetnames == ["任务分解 Tasks", "KPI", "集聚区 Zones", "趋势 Trend"]


def test_task_sheet_matches_plan_and_progress(demo):
    wb = workbook(demo)
    sheet = rows(wb["任务分解 Tasks"])
    tasks = demo.json("plan", "show")["rows"]
    assert [r["code"].value for r in sheet] == [t["code"] for t in tasks]
    latest = demo.json("progress", "list", "--latest")
    for r, t in zip(sheet, tasks):
        assert r["status"].value == t["status"]
        assert fill(r["status"]) == FILLS[t["status"]]
        assert r["level"].value.endswith(t["level"])
        assert r["title"].value == t["title"]
        assert r["overdue"].value is None  # nothing is overdue on 2025-06-30
        # latest progress: one line per unit, as `goc progress list --latest` gives
        want = sorted(
            f"{p['unit']} {p['date']} {p['status']}" + (f" {p['percent']}%" if p["percent"] is not None else "")
            + (f": {p['text']}" if p["text"] else "")
            for p in latest if p["task"] == t["code"])
        got = sorted(r["progress"].value.split("\n")) if r["progress"].value else []
        assert got == want, t["code"]
    # responsible units, groups expanded (item (2): commerce leads; the bureaus answer)
    i2 = next(r for r in sheet if r["code"].value == "i2")
    assert i2["lead"].value.split(", ")[0] == "commerce"
    assert "expo-bureau" in i2["responsible"].value
    assert any(r["progress"].value for r in sheet)


def test_responsible_units_keep_a_unit_whose_code_prefixes_the_lead(prefix):
    """Issue 15: unit-1 (a prefix of its lead unit-10's code, like expo
    under expo-bureau) was missing from the workbook's responsible units."""
    wb = workbook(prefix, "2025-01-05", "prefix.xlsx", "--plan", "prefix")
    i1 = next(r for r in rows(wb["任务分解 Tasks"]) if r["code"].value == "i1")
    assert (i1["lead"].value, i1["responsible"].value, i1["overdue"].value) == ("unit-10", PREFIX_UNITS, "overdue")


def test_overdue_column(demo):
    wb = workbook(demo, "2026-01-05", "late.xlsx")
    overdue = {r["code"] for r in demo.json("report", "overdue", "--as-of", "2026-01-05")["rows"]}
    assert overdue
    sheet = rows(wb["任务分解 Tasks"])
    marked = {r["code"].value for r in sheet if r["overdue"].value == "overdue"}
    assert marked == overdue
    for r in sheet:
        if r["overdue"].value:
            assert fill(r["overdue"]) == FILLS["overdue"]


def test_kpi_sheet(demo):
    wb = workbook(demo)
    sheet = rows(wb["KPI"])
    kpis = demo.json("report", "kpis", "--as-of", AS_OF)["rows"]
    assert len(sheet) == len(kpis) == 53
    for r, k in zip(sheet, kpis):
        assert (r["kpi"].value, r["member"].value, r["year"].value) == (k["kpi"], k["member"], k["year"])
        assert r["name_zh"].value == k["name_zh"] and r["name_en"].value == k["name_en"]
        assert r["actual"].value == k["actual"] and r["target_min"].value == k["target_min"]
        assert r["target_max"].value == k["target_max"]
        assert abs(r["expected"].value - k["expected"]) < 1e-9
        assert r["status"].value == k["status"] and fill(r["status"]) == FILLS[k["status"]]
    # statuses of several colours are present
    assert len({fill(r["status"]) for r in sheet}) >= 3


def test_zone_sheet(demo):
    wb = workbook(demo)
    sheet = rows(wb["集聚区 Zones"])
    zones = {r["key"]: r for r in demo.json("report", "scorecard", "--by", "zone", "--as-of", AS_OF)["rows"] if r["key"]}
    kpis = [k for k in demo.json("report", "kpis", "--as-of", AS_OF)["rows"] if k["member"] in zones]
    assert len(sheet) == len(kpis) and sheet
    for r, k in zip(sheet, kpis):
        assert (r["kpi"].value, r["zone"].value) == (k["kpi"], k["member"])
        assert r["zone_zh"].value == zones[k["member"]]["name_zh"]
        assert r["zone_en"].value == zones[k["member"]]["name_en"]
        assert r["target"].value == k["target_min"] and r["actual"].value == k["actual"]
        assert r["gap"].value == k["actual"] - k["target_min"]
        assert r["status"].value == k["status"] and fill(r["status"]) == FILLS[k["status"]]
    quotas = {r["zone"].value: (r["target"].value, r["actual"].value) for r in sheet if r["kpi"].value == "zone-quotas"}
    assert quotas == {"expo": (3, 2), "lujiazui": (2, 2), "zhangjiang": (1, 1), "jinqiao": (1, 0), "ftz": (1, 1)}, quotas


def test_usage_errors(demo):
    for args in (["--format", "xlsx"], ["--format", "xlsx", "-o", "-"], ["--format", "xlsx", "-o", "x.xlsx", "--by", "zone"],
                 ["--format", "xlsx", "-o", "x.xlsx", "--lang", "fr"], ["--format", "xlsx", "-o", "x.xlsx", "--bom"]):
        r = demo.run("report", "scorecard", *args)
        assert r.returncode == 2 and b"usage: goc report scorecard" in r.stderr, (args, r)


def test_unwritable_path_is_a_runtime_error(demo):
    r = demo.run("report", "scorecard", "--format", "xlsx", "-o", "/nonexistent-dir/x.xlsx")
    assert r.returncode == 1 and b"/nonexistent-dir/x.xlsx" in r.stderr, r


# ---- director-ready (issue 17) ----

def test_dates_are_date_cells(demo):
    import datetime
    wb = workbook(demo)
    for r in rows(wb["KPI"]):
        for key in ("start", "end"):
            assert isinstance(r[key].value, datetime.datetime), (key, r[key].value)
            assert r[key].number_format == "yyyy-mm-dd"
    dues = [r["due"] for r in rows(wb["任务分解 Tasks"]) if r["due"].value is not None]
    assert dues and all(isinstance(c.value, datetime.datetime) and c.number_format == "yyyy-mm-dd"
                        for c in dues)


def test_number_formats(demo):
    wb = workbook(demo)
    sheet = rows(wb["KPI"])
    for r in sheet:
        assert r["expected"].number_format == "0.0"
        if r["score"].value is not None:
            assert r["score"].number_format == "0%"
        if r["year"].value is not None:
            assert r["year"].number_format == "0"
        a = r["actual"].value
        assert r["actual"].number_format == ("0" if a == int(a) else "0.0")
    # no raw float shows more than its format: 5.986… reads 6.0
    assert any(r["expected"].value != round(r["expected"].value, 1) for r in sheet)


def test_print_setup(demo):
    wb = workbook(demo)
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.paperSize == 9 and ps.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ps.fitToWidth in (None, 1) and ps.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert "浦东新区" in ws.oddHeader.left.text
        assert AS_OF in ws.oddHeader.right.text
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_status_fills_kept_with_chinese_labels(demo):
    wb = workbook(demo, AS_OF, "zh.xlsx", "--lang", "zh")
    kpis = demo.json("report", "kpis", "--as-of", AS_OF)["rows"]
    sheet = rows(wb["KPI"])
    for r, k in zip(sheet, kpis):
        assert fill(r["status"]) == FILLS[k["status"]]
        assert r["status"].value != k["status"]  # a label, not the code
    tasks = rows(wb["任务分解 Tasks"])
    i2 = next(r for r in tasks if r["code"].value == "i2")
    assert i2["lead"].value.split("、")[0] == "商务委"
    assert "世博管理局" in i2["responsible"].value and "expo-bureau" not in i2["responsible"].value
    assert wb["趋势 Trend"].oddFooter.center.text.startswith("第")


def test_trend_sheet_and_chart(demo):
    import datetime
    wb = workbook(demo)
    ws = wb["趋势 Trend"]
    sheet = rows(ws)
    dates = [r["as_of"].value.date() for r in sheet]
    assert dates == [datetime.date(2024, 3, 31), datetime.date(2024, 6, 30), datetime.date(2024, 9, 30),
                     datetime.date(2024, 12, 31), datetime.date(2025, 3, 31), datetime.date(2025, 6, 30)]
    want = demo.json("report", "trend", "--from", "2024-01-01", "--to", AS_OF, "--by", "plan")["rows"]
    for r in sheet:
        total = next(w for w in want if w["key"] is None and w["as_of"] == r["as_of"].value.date().isoformat())
        assert r["score"].number_format == "0%"
        assert abs(r["score"].value - total["score"]) < 0.005  # the JSON's score is rounded
    assert sheet[-1]["new-orgs.actual"].value == 6 and sheet[-1]["new-orgs.target"].value == 8
    charts = ws._charts
    assert len(charts) >= 2 and all(type(c).__name__ == "LineChart" for c in charts)
    assert len(charts[0].series) == 1 and len(charts[1].series) == 3
    assert "趋势 Trend" in charts[0].series[0].val.numRef.f


def test_trend_workbook_alone(demo, tmp_path):
    path = tmp_path / "t.xlsx"
    r = demo.run("report", "trend", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month",
                 "--format", "xlsx", "-o", str(path), "--lang", "zh")
    assert r.returncode == 0, r
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["趋势 Trend"]
    assert len(rows(wb["趋势 Trend"])) == 12


def test_failed_workbook_leaves_no_file(demo, tmp_path):
    """The workbook goes through a private temporary file and then out_open()'s
    temporary file and rename: a failure at either end leaves nothing behind."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # no temporary file can be made: nothing at -o
    out = tmp_path / "a.xlsx"
    r = demo.run("report", "scorecard", "--as-of", AS_OF, "--format", "xlsx", "-o", str(out),
                 env={"TMPDIR": str(tmp_path / "missing")})
    assert r.returncode == 1 and b"cannot create a temporary file" in r.stderr, r
    assert not out.exists()
    # -o in a folder that does not exist: nothing there, nothing left in $TMPDIR
    for args in (("report", "scorecard", "--as-of", AS_OF),
                 ("report", "trend", "--from", "2025-01-01", "--to", AS_OF),
                 ("report", "reminders", "--as-of", AS_OF),
                 ("progress", "template", "--unit", "ftz-bureau", "--period", "2025-Q2")):
        out = tmp_path / "no" / "w.xlsx"
        r = demo.run(*args, "--format", "xlsx", "-o", str(out), env={"TMPDIR": str(scratch)})
        assert r.returncode == 1 and b"cannot create a temporary file in its folder" in r.stderr, (args, r)
        assert not out.exists() and list(scratch.iterdir()) == [], args
