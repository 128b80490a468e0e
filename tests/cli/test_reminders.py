"""Reporting cycles, deadlines and reminders (催报) through the goc tool:
`goc plan set`, `goc unit list|show|set`, `goc report compliance --as-of`,
`goc report reminders` (issue 17).  The rules are the library's
(goc/report.h); these tests replay the issue's examples on the demo data.
"""
import json
import os
import zipfile

import pytest

from conftest import Goc


def test_unfinished_q2_is_not_missing_on_june_30(demo):
    """Issue 17: "On 2025-06-30 an unfinished Q2 already counts as a
    missing report, because there is no reporting deadline."  Now 2025-Q2
    is due by 2025-07-10 (quarterly, 10 calendar days)."""
    assert "季报（quarterly），10 个自然日" in demo.out("plan", "set")
    early = demo.json("report", "compliance", "--period", "2025-Q2", "--as-of", "2025-06-30")
    assert early["rows"] == [] and early["deadline"] == "2025-07-10"
    assert demo.json("report", "compliance", "--period", "2025-Q2", "--as-of", "2025-07-10")["rows"] == []
    late = demo.json("report", "compliance", "--period", "2025-Q2", "--as-of", "2025-07-11")["rows"]
    assert late and {r["task"][0] for r in late} == {"i"}
    rem = demo.json("report", "reminders", "--as-of", "2025-06-30")
    periods = {i.get("period") for u in rem["units"] for i in u["items"]}
    assert "2025-Q2" not in periods and "2025-Q1" in periods
    dossier = demo.json("report", "dossier", "--unit", "commerce", "--as-of", "2025-06-30")
    assert not any("2025-Q2" in (r["missing"] or "") for r in dossier["rows"])


def test_reminders_grouped_by_unit_with_contacts(demo):
    """Issue 17's "done when": the reminders list for the demo data as of
    2025-07-15 is grouped by unit with contacts."""
    doc = demo.json("report", "reminders", "--as-of", "2025-07-15")
    assert (doc["report"], doc["as_of"], doc["report_cycle"], doc["report_deadline_days"]) == (
        "reminders", "2025-07-15", "quarterly", 10)
    units = [u["unit"] for u in doc["units"]]
    assert units == sorted(units) and len(units) == len(set(units)) and len(units) >= 10
    for u in doc["units"]:
        assert u["contact"] and u["phone"].startswith("021-") and u["email"] == u["unit"] + "@example.org"
        kinds = [i["kind"] for i in u["items"]]
        order = ["missing", "late", "overdue", "kpi"]
        assert kinds == sorted(kinds, key=order.index)
    items = [i for u in doc["units"] for i in u["items"]]
    late = [i for i in items if i["kind"] == "late"]
    assert late and all((i["period"], i["deadline"], i["date"], i["days"]) ==
                        ("2025-Q1", "2025-04-10", "2025-04-15", 5) for i in late)
    q2 = [i for i in items if i["kind"] == "missing" and i["period"] == "2025-Q2"]
    assert q2 and all(i["deadline"] == "2025-07-10" and i["days"] == 5 for i in q2)
    assert any(i["kind"] == "kpi" and i["status"] in ("behind", "at_risk") for i in items)
    text = demo.out("report", "reminders", "--as-of", "2025-07-15")
    assert text.startswith("催报通知 Reminders")
    assert "【商务委】commerce" in text and "联系人 Contact：" in text
    assert "迟报 5 天" in text and "一、未报送" in text
    # one unit
    police = demo.json("report", "reminders", "--as-of", "2025-07-15", "--unit", "police")
    assert [u["unit"] for u in police["units"]] == ["police"]
    md = demo.out("report", "reminders", "--as-of", "2025-07-15", "--unit", "police", "--format", "md")
    assert md.startswith("# 催报通知") and "## 公安分局（police）" in md


def test_reminders_split_one_file_per_unit(demo, tmp_path):
    out = tmp_path / "remind"
    r = demo.run("report", "reminders", "--as-of", "2025-07-15", "--split", "-o", str(out) + "/")
    assert r.returncode == 0, r.stderr.decode()
    doc = demo.json("report", "reminders", "--as-of", "2025-07-15")
    files = sorted(os.listdir(out))
    assert files == sorted(u["unit"] + ".txt" for u in doc["units"])
    one = (out / "commerce.txt").read_text(encoding="utf-8")
    assert "【商务委】commerce" in one and "【发改委】" not in one and "共 1 个单位" in one
    r = demo.run("report", "reminders", "--as-of", "2025-07-15", "--split", "--format", "json",
                 "-o", str(tmp_path / "j"))
    assert r.returncode == 0
    j = json.loads((tmp_path / "j" / "police.json").read_text(encoding="utf-8"))
    assert [u["unit"] for u in j["units"]] == ["police"]


def test_reminders_xlsx(demo, tmp_path):
    path = tmp_path / "r.xlsx"
    r = demo.run("report", "reminders", "--as-of", "2025-07-15", "--format", "xlsx", "-o", str(path))
    if r.returncode and b"not available" in r.stderr:
        pytest.skip("goc built without libxlsxwriter")
    assert r.returncode == 0, r.stderr.decode()
    with zipfile.ZipFile(path) as z:
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "联系人 contact" in shared and "commerce@example.org" in shared and "迟报" in shared


def test_reminders_csv_one_row_per_item(demo, tmp_path):
    """--format csv: one row per item with its unit's contact, RFC 4180 with
    CRLF like the tool's other CSV outputs; --bom puts the UTF-8 BOM first
    (for Excel); --split writes UNIT.csv."""
    import csv
    import io
    doc = demo.json("report", "reminders", "--as-of", "2025-07-15")
    path = tmp_path / "r.csv"
    demo.out("report", "reminders", "--as-of", "2025-07-15", "--format", "csv", "--bom", "-o", path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    items = [(u, i) for u in doc["units"] for i in u["items"]]
    assert len(rows) == len(items) > 20
    assert list(rows[0])[:8] == ["unit", "name_zh", "contact", "phone", "email", "kind", "kind_zh",
                                 "task"]
    for row, (u, i) in zip(rows, items):
        assert (row["unit"], row["name_zh"], row["contact"], row["phone"], row["email"]) == (
            u["unit"], u["name_zh"], u["contact"], u["phone"], u["email"])
        assert row["kind"] == i["kind"] and row["period"] == i.get("period", "")
        assert row["deadline"] == i.get("deadline", "") and row["task"] == i.get("task", "")
        assert row["kpi"] == i.get("kpi", "")
        assert row["days"] == (str(i["days"]) if "days" in i else "")
    late = [r for r in rows if r["kind"] == "late"]
    assert late and all((r["kind_zh"], r["period"], r["deadline"], r["date"], r["days"]) ==
                        ("迟报", "2025-Q1", "2025-04-10", "2025-04-15", "5") for r in late)
    kpi = [r for r in rows if r["kind"] == "kpi"]
    assert kpi and all(r["status"] in ("behind", "at_risk") and r["actual"] and not r["task"]
                       for r in kpi)
    # without --bom: no BOM (as every goc CSV); to stdout
    plain = demo.run("report", "reminders", "--as-of", "2025-07-15", "--unit", "police",
                     "--format", "csv").stdout
    assert plain.startswith(b"unit,name_zh,") and b"police@example.org" in plain
    assert {r["unit"] for r in csv.DictReader(io.StringIO(plain.decode("utf-8"), newline=""))} == \
        {"police"}
    r = demo.run("report", "reminders", "--as-of", "2025-07-15", "--split", "--format", "csv",
                 "--bom", "-o", str(tmp_path / "c"))
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(os.listdir(tmp_path / "c")) == sorted(u["unit"] + ".csv" for u in doc["units"])
    assert (tmp_path / "c" / "police.csv").read_bytes().startswith(b"\xef\xbb\xbfunit,")


def test_reminders_usage_errors(demo):
    for args, needle in ((["--format", "html"], "--format"), (["--as-of", "2025-13-01"], "--as-of"),
                         (["--bom"], "--bom applies to --format csv only"),
                         (["--split"], "--split needs -o"), (["--format", "xlsx"], "needs -o"),
                         (["--format", "xlsx", "--output", "-"], "needs -o")):
        r = demo.run("report", "reminders", *args)
        assert r.returncode == 2 and needle in r.stderr.decode(), args
    r = demo.run("report", "reminders", "--as-of", "2025-07-15", "--unit", "nobody")
    assert r.returncode == 1 and "nobody" in r.stderr.decode()


def test_plan_set_and_unit_contacts(tmp_path):
    g = Goc(tmp_path / "f.db", tmp_path)
    g.out("init")
    assert "月报（monthly），5 个自然日" in g.out("plan", "set", "--report-cycle", "monthly",
                                                 "--report-deadline-days", "5")
    exported = json.loads(g.out("plan", "export"))
    assert (exported["plan"]["report_cycle"], exported["plan"]["report_deadline_days"]) == ("monthly", 5)
    for args, needle in ((["--report-cycle", "weekly"], "--report-cycle"),
                         (["--report-deadline-days", "367"], "--report-deadline-days"),
                         (["--report-deadline-days", "-1"], "--report-deadline-days"),
                         (["--report-deadline-days", "ten"], "--report-deadline-days")):
        r = g.run("plan", "set", *args)
        assert r.returncode == 2 and needle in r.stderr.decode(), args
    assert "月报（monthly），5" in g.out("plan", "set")  # unchanged
    # units: whom to remind
    g.out("unit", "set", "商务委", "--contact", "王敏", "--phone", "021-5878 1001",
          "--email", "commerce@example.org")
    rec = json.loads(g.out("unit", "show", "commerce", "--format", "json"))
    assert (rec["contact"], rec["phone"], rec["email"]) == ("王敏", "021-5878 1001", "commerce@example.org")
    g.out("unit", "set", "commerce", "--phone", "")
    assert json.loads(g.out("unit", "show", "commerce", "--format", "json"))["phone"] is None
    r = g.run("unit", "set", "commerce", "--email", "not-an-address")
    assert r.returncode == 1 and "email" in r.stderr.decode()
    r = g.run("unit", "set", "commerce")
    assert r.returncode == 2
    rows = g.json("unit", "list")
    assert any(u["code"] == "commerce" and u["contact"] == "王敏" for u in rows)


def test_plan_import_json_reporting(tmp_path):
    g = Goc(tmp_path / "f.db", tmp_path)
    plan = {"format": "libgoc-plan", "format_version": 1,
            "plan": {"code": "x", "title_zh": "年报计划", "start": "2024-01-01",
                     "report_cycle": "annual", "report_deadline_days": 31},
            "tasks": [{"code": "s1", "level": "section", "title_zh": "部分"}]}
    (tmp_path / "x.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    g.out("plan", "import", "x.json")
    assert "年报（annual），31" in g.out("plan", "set", "--plan", "x")
    assert json.loads(g.out("plan", "export", "--plan", "x"))["plan"]["report_cycle"] == "annual"
    for bad, needle in (({"report_cycle": "weekly"}, "plan.report_cycle"),
                        ({"report_deadline_days": 400}, "plan.report_deadline_days"),
                        ({"report_deadline_days": "10"}, "plan.report_deadline_days")):
        p = dict(plan, plan=dict(plan["plan"], code="y", **bad))
        (tmp_path / "y.json").write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
        r = g.run("plan", "import", "y.json")
        assert r.returncode == 1 and needle in r.stderr.decode(), bad
