"""Spreadsheet intake (issue 17): goc progress template|import, a bureau's
filled workbook round-tripping into the scorecard and the dossier, CSV in
GB18030, and .xlsx task tables.  The workbook is filled in with openpyxl,
as a bureau would in Excel."""
import datetime
import os

import pytest

openpyxl = pytest.importorskip("openpyxl")

SRC = os.environ.get("GOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
D = datetime.date


def unit_row(g, unit, as_of="2025-07-15"):
    # (2025-Q2's reports are due by 2025-07-10: after that, a Q2 without one is missing)
    [row] = [r for r in g.json("report", "scorecard", "--by", "unit", "--as-of", as_of)["rows"]
             if r["key"] == unit]
    return row


def test_template_has_the_dossier_drop_down_and_protection(fresh, tmp_path):
    out = tmp_path / "ftz.xlsx"
    r = fresh.run("progress", "template", "--unit", "ftz-bureau", "--period", "2025-Q2", "-o", out)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.title == "进展填报"
    assert "保税区管理局" in ws["A1"].value and "2025-Q2" in ws["A1"].value
    assert ws["A2"].value.startswith("填写说明")
    assert [ws.cell(3, 1).value, ws.cell(3, 2).value] == ["计划", "pudong-goc-2024"]
    assert [ws.cell(4, 1).value, ws.cell(4, 2).value] == ["单位", "ftz-bureau"]
    assert [ws.cell(5, 1).value, ws.cell(5, 2).value] == ["期间", "2025-Q2"]
    head = [c.value for c in ws[6]]
    assert head == ["任务代码", "序号", "任务内容", "角色", "上次报告", "状态", "完成比例（%）",
                    "填报日期", "进展情况", "佐证材料"]
    # the rows are the unit's leaf tasks of its dossier, in order
    dossier = fresh.json("report", "dossier", "--unit", "ftz-bureau", "--leaves", "--as-of", "2025-06-30")
    rows = dossier["rows"] if isinstance(dossier, dict) else dossier
    tasks = [ws.cell(7 + i, 1).value for i in range(len(rows))]
    assert tasks == [r["task"] for r in rows]
    assert ws.cell(7 + len(rows), 1).value is None
    assert ws.cell(7, 4).value in ("牵头", "责任")
    # protected, with the columns to fill unlocked
    assert ws.protection.sheet
    assert ws["A7"].protection.locked and not ws["F7"].protection.locked
    assert not ws["H7"].protection.locked and ws["H7"].number_format == "yyyy-mm-dd"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"未启动,推进中,已完成,受阻,已取消"'
    assert str(lists[0].sqref).startswith("F7")


def test_filled_workbook_round_trips_into_scorecard(fresh, tmp_path):
    out = tmp_path / "ftz.xlsx"
    fresh.out("progress", "template", "--unit", "ftz-bureau", "--period", "2025-Q2", "-o", out)
    before = unit_row(fresh, "ftz-bureau")
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    n = 0
    for row in range(7, ws.max_row + 1):
        if ws.cell(row, 1).value:
            ws.cell(row, 6).value = "推进中" if row % 2 else "已完成"
            ws.cell(row, 7).value = 50
            ws.cell(row, 8).value = D(2025, 6, 20)
            ws.cell(row, 9).value = f"第{row}行进展"
            n += 1
    filled = tmp_path / "ftz-filled.xlsx"
    wb.save(filled)
    assert fresh.out("progress", "import", filled) == f"{filled}: {n} added, 0 unchanged, 0 not filled in\n"
    after = unit_row(fresh, "ftz-bureau")
    assert after["missing_reports"] == before["missing_reports"] - n, (before, after)
    dossier = fresh.json("report", "dossier", "--unit", "ftz-bureau", "--leaves", "--as-of", "2025-06-30")
    rows = dossier["rows"] if isinstance(dossier, dict) else dossier
    assert all(r["report_date"] == "2025-06-20" for r in rows), rows[:2]
    # the same file again: nothing added
    assert fresh.out("progress", "import", filled) == f"{filled}: 0 added, {n} unchanged, 0 not filled in\n"
    assert len(fresh.json("progress", "list", "--unit", "ftz-bureau")) == n


def test_import_errors_name_file_sheet_row_column(fresh, tmp_path):
    out = tmp_path / "ftz.xlsx"
    fresh.out("progress", "template", "--unit", "ftz-bureau", "--period", "2025-Q2", "-o", out)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    ws["F7"], ws["H7"] = "已完成", D(2025, 6, 20)
    ws["F8"], ws["H8"] = "差不多", D(2025, 6, 20)
    ws["F9"], ws["H9"] = "已完成", D(2025, 3, 1)     # before the period starts
    ws["F10"] = "已完成"                              # no date
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    r = fresh.run("progress", "import", bad)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert f"goc: {bad}: 进展填报!F8: status: unknown status '差不多'" in err, err
    assert f"goc: {bad}: 进展填报!H9: date: " in err, err
    assert f"goc: {bad}: 进展填报!H10: date: required" in err, err
    assert f"goc: {bad}: nothing imported" in err
    assert fresh.json("progress", "list", "--unit", "ftz-bureau") == []   # not even row 7
    # a sheet that is not there; a file that is not a workbook nor text
    r = fresh.run("progress", "import", out, "--sheet", "Sheet9")
    assert r.returncode == 1 and 'no sheet named "Sheet9" (the workbook has: 进展填报)' in r.stderr.decode()
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    r = fresh.run("progress", "import", junk)
    assert r.returncode == 1 and "xlsx: not a readable zip archive" in r.stderr.decode()


def test_import_of_60_bad_rows_names_the_first_and_counts_all(fresh, tmp_path):
    """The message is bounded: the first errors, each line whole with its
    place, then how many more and how many in all."""
    bad = tmp_path / "bad60.csv"
    bad.write_text("task,status,date\n" + "i2,nope,2025-06-20\n" * 60, encoding="utf-8")
    r = fresh.run("progress", "import", bad, "--unit", "scitech", "--period", "2025-Q2")
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert lines[-1] == f"goc: {bad}: nothing imported"
    listed = lines[:-2]
    assert len(listed) >= 5
    for k, line in enumerate(listed):
        assert line == (f"goc: {bad}: line {k + 2}, column 2: status: unknown status 'nope' "
                        "(未启动, 推进中, 已完成, 受阻, 已取消 or not_started, in_progress, done, "
                        "blocked, cancelled)"), line
    assert lines[-2] == f"goc: {bad}: … and {60 - len(listed)} more (60 errors in all)"


def test_csv_template_in_gb18030_and_all_units(fresh, tmp_path):
    out = tmp_path / "ftz.csv"
    fresh.out("progress", "template", "--unit", "ftz-bureau", "--period", "2025-Q2", "--format", "csv",
              "-o", out)
    text = out.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[5].startswith("任务代码,序号,任务内容")
    first = lines[6].split(",")[0]
    lines[6] = lines[6] + "推进中,30,2025-06-21,进展,"    # the five empty cells after the last report
    lines[6] = lines[6].replace(",,,,,推进中", ",推进中")
    gb = tmp_path / "ftz-gb.csv"
    gb.write_bytes("\r\n".join(lines).encode("gb18030"))
    assert fresh.out("progress", "import", gb).startswith(f"{gb}: 1 added, 0 unchanged, ")
    [rep] = fresh.json("progress", "list", "--unit", "ftz-bureau")
    assert (rep["task"], rep["status"], rep["percent"], rep["text"]) == (first, "in_progress", 30, "进展")
    # UTF-8 declared GB18030 is refused, not read as mojibake
    utf = tmp_path / "ftz-utf8.csv"
    utf.write_bytes("\r\n".join(lines).encode("utf-8"))
    r = fresh.run("progress", "import", utf, "--encoding", "gb18030")
    assert r.returncode == 1 and 'the input is UTF-8 text, not "gb18030"' in r.stderr.decode()
    # one template per unit
    d = tmp_path / "all"
    r = fresh.run("progress", "template", "--all-units", "--period", "2025-Q2", "-o", f"{d}/")
    assert r.returncode == 0, r.stderr
    names = sorted(os.listdir(d))
    assert "ftz-bureau-2025-Q2.xlsx" in names and "commerce-2025-Q2.xlsx" in names
    # usage errors
    assert fresh.run("progress", "template", "--period", "2025-Q2", "-o", out).returncode == 2
    assert fresh.run("progress", "template", "--unit", "ftz-bureau", "--period", "Q2", "-o", out).returncode == 2
    # an unknown unit is answered with the valid ones (goc_resolve())
    r = fresh.run("progress", "template", "--unit", "x", "--period", "2025-Q2", "-o", out)
    assert r.returncode == 1 and "--unit: no unit 'x'" in r.stderr.decode()
    assert fresh.run("progress", "import").returncode == 2


def test_org_import_gb18030(fresh, tmp_path):
    gb = tmp_path / "orgs.csv"
    gb.write_bytes("name_zh,category,date\r\n国标组织丙,trade,2024-01-01\r\n".encode("gb18030"))
    assert fresh.out("org", "import", gb).startswith("1 organization registered: id ")
    utf = tmp_path / "orgs-utf8.csv"
    utf.write_bytes("name_zh,category,date\r\n国标组织丁,trade,2024-01-01\r\n".encode())
    r = fresh.run("org", "import", utf, "--encoding", "gb18030")
    assert r.returncode == 1 and 'the input is UTF-8 text, not "gb18030"' in r.stderr.decode()


def test_plan_table_from_xlsx(fresh):
    """goc plan import --table reads a workbook (by content, not by name):
    the seed table with a title row and merged 责任单位 cells."""
    table = os.path.join(SRC, "tests", "data", "xlsx", "plan-table.xlsx")
    r = fresh.run("plan", "import", "--table", "--plan", "xl", table)
    assert r.returncode == 0, r.stderr
    rows = fresh.json("plan", "show", "--plan", "xl")["rows"]
    assert len(rows) > 20 and rows[0]["code"] == "s1"
    bad = os.path.join(SRC, "tests", "data", "xlsx", "plan-bad-header.xlsx")
    r = fresh.run("plan", "import", "--table", "--plan", "xl2", bad)
    assert r.returncode == 1 and "任务分解表!D2: header row: expected 责任单位" in r.stderr.decode()


def test_org_import_xlsx(fresh, tmp_path):
    """goc org import reads a workbook (goc_org_import_table()): dates typed
    as dates, the sheet named or the first; errors name the cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["name_zh", "category", "date", "zone"])
    ws.append(["表格组织甲", "trade", D(2024, 3, 1), "ftz"])
    ws.append(["表格组织乙", "finance", D(2024, 3, 2), None])
    other = wb.create_sheet("其他")
    other.append(["name_zh", "category", "date", "zone"])
    other.append(["表格组织丙", "trade", D(2024, 3, 3), "mars"])
    f = tmp_path / "orgs.xlsx"
    wb.save(f)
    assert fresh.out("org", "import", f).startswith("2 organizations registered: ids ")
    orgs = {o["name_zh"]: o for o in fresh.json("org", "list")}
    assert orgs["表格组织甲"]["zone"] == "ftz"
    r = fresh.run("org", "import", f, "--sheet", "其他")
    assert r.returncode == 1
    assert r.stderr.decode() == (f"goc: {f}: 其他!D2: zone: no zone 'mars'; valid: expo (世博前滩), "
                                 "ftz (保税区), jinqiao (金桥), lujiazui (陆家嘴), zhangjiang (张江)\n")
    assert "表格组织丙" not in {o["name_zh"] for o in fresh.json("org", "list")}
