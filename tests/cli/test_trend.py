"""`goc report trend`: the KPIs at every month or quarter end, in one pass
(goc_kpi_series), equal to `goc report kpis` and `goc report scorecard` at
each of those dates."""
import json

import pytest

QUARTERS = ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30"]


def test_rows_equal_the_kpis_report_at_each_date(demo):
    rows = demo.json("report", "trend", "--from", "2024-01-01", "--to", "2025-06-30")["rows"]
    assert sorted({r["as_of"] for r in rows}) == QUARTERS
    for d in QUARTERS:
        want = demo.json("report", "kpis", "--as-of", d)["rows"]
        got = [{k: v for k, v in r.items() if k != "as_of"} for r in rows if r["as_of"] == d]
        assert got == [{k: v for k, v in w.items() if k not in ("start", "end", "target_max")}
                       for w in want]


@pytest.mark.parametrize("by", ["plan", "zone", "unit"])
def test_scorecards_by_equal_the_scorecard_at_each_date(demo, by):
    doc = demo.json("report", "trend", "--from", "2024-01-01", "--to", "2024-12-31",
                    "--every", "quarter", "--by", by)
    assert doc["every"] == "quarter" and doc["by"] == by
    for d in QUARTERS[:4]:
        want = demo.json("report", "scorecard", "--as-of", d, "--by", by)["rows"]
        got = [r for r in doc["rows"] if r["as_of"] == d]
        assert [(r["key"], r["status"], r["score"], r["rows"]) for r in got] == \
               [(w["key"], w["status"], w["score"], w["rows"]) for w in want]
        assert got[-1]["key"] is None


def test_monthly_one_kpi_and_formats(demo):
    doc = demo.json("report", "trend", "--from", "2024-01-01", "--to", "2024-12-31",
                    "--every", "month", "--kpi", "new-orgs")
    assert len(doc["rows"]) == 12 and {r["kpi"] for r in doc["rows"]} == {"new-orgs"}
    csv = demo.out("report", "trend", "--from", "2024-01-01", "--to", "2024-12-31",
                   "--every", "month", "--kpi", "new-orgs", "--format", "csv")
    assert csv.splitlines()[0].startswith("as_of,kpi,name_zh")
    assert len(csv.splitlines()) == 13
    md = demo.out("report", "trend", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "md")
    assert md.startswith("|") and "2024-06-30" in md
    text = demo.out("report", "trend", "--from", "2024-01-01", "--to", "2024-06-30", "--by", "plan")
    assert "合计" in text and "2024-03-31" in text


def test_html_page_is_the_trend_alone(demo, tmp_path):
    path = tmp_path / "t.html"
    r = demo.run("report", "trend", "--from", "2024-01-01", "--to", "2025-06-30", "--format", "html",
                 "-o", str(path))
    assert r.returncode == 0 and r.stderr == b"", r
    page = path.read_text(encoding="utf-8")
    assert '<section id="trend">' in page and '<section id="zones">' not in page
    assert page.count('class="score"') == 1 and page.count('<circle') >= 6


def test_usage_and_library_errors(demo):
    for args in ([], ["--from", "2024-01-01"], ["--from", "2024-01-01", "--to", "2024-13-01"],
                 ["--from", "2024-01-01", "--to", "2024-12-31", "--every", "week"],
                 ["--from", "2024-01-01", "--to", "2024-12-31", "--by", "section"],
                 ["--from", "2024-01-01", "--to", "2024-12-31", "--lang", "zh"],
                 ["--from", "2024-01-01", "--to", "2024-12-31", "--format", "html", "--by", "zone"],
                 ["--from", "2024-01-01", "--to", "2024-12-31", "--format", "xlsx"]):
        r = demo.run("report", "trend", *args)
        assert r.returncode == 2 and b"usage: goc report trend" in r.stderr, (args, r)
    r = demo.run("report", "trend", "--from", "2025-01-01", "--to", "2024-01-01")
    assert r.returncode != 0 and b"before opts.from" in r.stderr, r
    r = demo.run("report", "trend", "--from", "2024-01-01", "--to", "2024-12-31", "--kpi", "nope")
    assert r.returncode != 0 and b"nope" in r.stderr, r
