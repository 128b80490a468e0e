"""The goc verbs of the activity registers and the progress reports:
partner, expert, event, request, progress — add, list (every format,
filters), show, resolve; usage errors exit 2, runtime errors exit 1 with
the library's message.  Also `goc report kpis` and `goc report dossier`.
"""
import csv
import io
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import tempfile

import pytest

from conftest import AS_OF, GOC, PREFIX_UNITS


def csv_rows(g, *args):
    return list(csv.DictReader(io.StringIO(g.out(*args, "--format", "csv"), newline="")))


def check_listing(g, noun, keys, *filters):
    rows = g.json(noun, "list", *filters)
    assert isinstance(rows, list)
    if rows:
        assert list(rows[0]) == keys
    assert [int(r["id"]) for r in csv_rows(g, noun, "list", *filters)] == [r["id"] for r in rows]
    md = g.out(noun, "list", *filters, "--format", "md")
    assert md.splitlines()[1].startswith("|-") and len(md.splitlines()) == len(rows) + 2
    assert len(g.out(noun, "list", *filters).splitlines()) == len(rows) + 1
    return rows


PARTNER = ["id", "name_zh", "name_en", "kind", "unit", "date", "contact", "notes"]
EXPERT = ["id", "name", "field", "affiliation", "unit", "date", "notes"]
EVENT = ["id", "title_zh", "title_en", "date", "zone", "kind", "international", "large", "unit",
         "organizers", "orgs", "notes"]
REQUEST = ["id", "org", "category", "opened", "unit", "summary", "resolved", "outcome", "days", "notes"]
PROGRESS = ["id", "task", "unit", "period", "date", "status", "percent", "text", "evidence", "supersedes",
            "superseded_by"]


def test_demo_listings(demo):
    partners = check_listing(demo, "partner", PARTNER)
    assert len(partners) >= 50
    com = check_listing(demo, "partner", PARTNER, "--unit", "commerce", "--from", "2024-06-01", "--to", "2025-06-30")
    assert com and all(p["unit"] == "commerce" and "2024-06-01" <= p["date"] <= "2025-06-30" for p in com)
    fin = check_listing(demo, "partner", PARTNER, "--kind", "financial")
    assert fin and all(p["kind"] == "financial" for p in fin)
    assert check_listing(demo, "expert", EXPERT)
    events = check_listing(demo, "event", EVENT, "--international", "yes", "--large", "yes")
    assert events and all(e["international"] is True and e["large"] is True for e in events)
    expo = check_listing(demo, "event", EVENT, "--zone", "expo", "--kind", "promotion")
    assert all(e["zone"] == "expo" and e["kind"] == "promotion" for e in expo)
    reqs = check_listing(demo, "request", REQUEST)
    opened = check_listing(demo, "request", REQUEST, "--open")
    closed = check_listing(demo, "request", REQUEST, "--resolved")
    assert len(opened) + len(closed) == len(reqs)
    assert all(r["resolved"] is None and r["days"] is None for r in opened)
    assert all(r["days"] >= 0 for r in closed)
    progress = check_listing(demo, "progress", PROGRESS)
    latest = demo.json("progress", "list", "--latest")
    assert list(latest[0]) == PROGRESS and len(latest) <= len(progress)
    q2 = demo.json("progress", "list", "--period", "2025-Q2", "--unit", "commerce")
    assert q2 and all(p["period"] == "2025-Q2" and p["unit"] == "commerce" for p in q2)


def test_show(demo):
    first = demo.json("partner", "list")[0]
    assert demo.json("partner", "show", str(first["id"])) == first
    text = demo.out("partner", "show", str(first["id"]))
    assert first["name_zh"] in text and text.startswith("field")
    e = demo.json("event", "list")[0]
    assert demo.json("event", "show", str(e["id"])) == e
    x = demo.json("expert", "list")[-1]
    assert demo.json("expert", "show", str(x["id"])) == x
    r = demo.json("request", "list")[0]
    assert demo.json("request", "show", str(r["id"])) == r


def test_add_and_resolve(fresh):
    g = fresh
    pid = g.out("partner", "add", "--name-zh", "测试商会", "--name-en", "Test Chamber", "--kind", "chamber",
                "--unit", "commerce", "--date", "2025-03-01", "--contact", "张三 021-0000").strip()
    p = g.json("partner", "show", pid)
    assert p == {"id": int(pid), "name_zh": "测试商会", "name_en": "Test Chamber", "kind": "chamber",
                 "unit": "commerce", "date": "2025-03-01", "contact": "张三 021-0000", "notes": None}
    xid = g.out("expert", "add", "--name", "李四", "--field", "国际法", "--unit", "justice", "--date", "2025-04-01").strip()
    assert g.json("expert", "show", xid)["field"] == "国际法"
    oid = g.out("org", "add", "--name-zh", "测试组织", "--category", "trade", "--date", "2025-01-02").strip()
    eid = g.out("event", "add", "--title-zh", "测试论坛", "--kind", "forum", "--date", "2025-05-05", "--unit", "commerce",
                "--zone", "expo", "--international", "--co-organizer", "expo-bureau", "--org", oid).strip()
    e = g.json("event", "show", eid)
    assert e["international"] is True and e["large"] is False and e["orgs"] == 1
    assert e["organizers"] == "commerce,expo-bureau"
    rid = g.out("request", "add", "--org", oid, "--category", "visa", "--opened", "2025-05-01", "--unit", "police",
                "--summary", "工作签证").strip()
    assert g.json("request", "show", rid)["resolved"] is None
    g.out("request", "resolve", rid, "--date", "2025-05-11", "--outcome", "已办结")
    r = g.json("request", "show", rid)
    assert (r["resolved"], r["outcome"], r["days"]) == ("2025-05-11", "已办结", 10)
    r = g.run("request", "resolve", rid, "--date", "2025-05-12", "--outcome", "again")
    assert r.returncode == 1 and r.stderr.startswith(b"goc: "), r  # already resolved
    rep = g.out("progress", "add", "--task", "i2", "--unit", "commerce", "--period", "2025-Q2", "--date", "2025-06-20",
                "--status", "in_progress", "--percent", "40", "--text", "已梳理目标组织").strip()
    fix = g.out("progress", "add", "--task", "i2", "--unit", "commerce", "--period", "2025-Q2", "--date", "2025-06-25",
                "--status", "in_progress", "--percent", "50", "--supersedes", rep).strip()
    assert [p["id"] for p in g.json("progress", "list")] == [int(fix)]
    allp = g.json("progress", "list", "--all")
    assert [(p["id"], p["supersedes"], p["superseded_by"]) for p in allp] == \
           [(int(rep), None, int(fix)), (int(fix), int(rep), None)]
    assert g.json("progress", "list", "--latest", "--task", "i2")[0]["percent"] == 50


def test_report_dates_within_reason(fresh):
    # issue 17: a report for 2025-Q2 dated 2030-06-20 was accepted and then
    # shown as the latest; one dated before its quarter began likewise
    g = fresh
    base = ["progress", "add", "--task", "i2", "--unit", "commerce", "--period", "2025-Q2", "--status", "in_progress"]
    r = g.run(*base, "--date", "2030-06-20")
    assert r.returncode == 1 and b"date: 2030-06-20 is in the future" in r.stderr, r
    assert b"2025-Q2" in r.stderr, r
    r = g.run(*base, "--date", "2025-03-31")
    assert r.returncode == 1 and b"date: 2025-03-31 is before period 2025-Q2 starts (2025-04-01)" in r.stderr, r
    assert g.json("progress", "list") == []
    g.out(*base, "--date", "2025-04-01")  # the period's first day is fine
    assert len(g.json("progress", "list")) == 1


def test_runtime_errors_name_what_was_wrong(fresh):
    cases = [
        (["partner", "add", "--name-zh", "x", "--kind", "chamber", "--unit", "nobody", "--date", "2025-01-01"], b"nobody"),
        (["partner", "show", "999"], b"999"),
        (["expert", "show", "999"], b"999"),
        (["event", "show", "999"], b"999"),
        (["request", "show", "999"], b"999"),
        (["request", "add", "--org", "999", "--category", "tax", "--opened", "2025-01-01", "--unit", "commerce",
          "--summary", "s"], b"999"),
        (["request", "resolve", "999", "--date", "2025-01-01", "--outcome", "x"], b"999"),
        (["event", "add", "--title-zh", "t", "--kind", "forum", "--date", "2025-01-01", "--unit", "commerce",
          "--zone", "mars"], b"mars"),
        (["progress", "add", "--task", "i1", "--unit", "police", "--period", "2025-Q2", "--date", "2025-06-01",
          "--status", "done"], b"police"),
        (["progress", "add", "--task", "i99", "--unit", "commerce", "--period", "2025-Q2", "--date", "2025-06-01",
          "--status", "done"], b"i99"),
        (["progress", "list", "--plan", "nope"], b"nope"),
    ]
    for args, word in cases:
        r = fresh.run(*args)
        assert r.returncode == 1 and r.stderr.startswith(b"goc: ") and word in r.stderr and r.stdout == b"", (args, r)
    # the event and its relations are one transaction: nothing is left of a failed add
    r = fresh.run("event", "add", "--title-zh", "t", "--kind", "forum", "--date", "2025-01-01", "--unit", "commerce",
                  "--co-organizer", "nobody")
    assert r.returncode == 1 and b"nobody" in r.stderr
    assert fresh.json("event", "list") == []


USAGE = [
    ["partner"], ["partner", "bogus"], ["partner", "add", "--name-zh", "x"],
    ["partner", "add", "--name-zh", "x", "--kind", "spy", "--unit", "commerce", "--date", "2025-01-01"],
    ["partner", "add", "--name-zh", "x", "--kind", "chamber", "--unit", "commerce", "--date", "01/01/2025"],
    ["partner", "list", "--kind", "spy"], ["partner", "list", "--from", "yesterday"], ["partner", "list", "--zone", "expo"],
    ["partner", "list", "--format", "xml"], ["partner", "list", "--bom"], ["partner", "show"], ["partner", "show", "x"],
    ["partner", "show", "1", "--format", "csv"],
    ["expert"], ["expert", "add", "--name", "x"], ["expert", "list", "--kind", "chamber"], ["expert", "show", "0"],
    ["event"], ["event", "add", "--title-zh", "t"], ["event", "list", "--international", "maybe"],
    ["event", "add", "--title-zh", "t", "--kind", "party", "--date", "2025-01-01", "--unit", "commerce"],
    ["event", "add", "--title-zh", "t", "--kind", "forum", "--date", "2025-01-01", "--unit", "commerce", "--org", "x"],
    ["event", "list", "--org", "-3"],
    ["request"], ["request", "add", "--org", "1"], ["request", "list", "--open", "--resolved"],
    ["request", "add", "--org", "1", "--category", "food", "--opened", "2025-01-01", "--unit", "commerce", "--summary", "s"],
    ["request", "resolve", "1"], ["request", "resolve", "1", "--date", "2025-01-01"],
    ["request", "resolve", "1", "--date", "2025-13-01", "--outcome", "x"],
    ["progress"], ["progress", "add", "--task", "i1"],
    ["progress", "add", "--task", "i1", "--unit", "commerce", "--period", "2025-Q5", "--date", "2025-01-01", "--status", "done"],
    ["progress", "add", "--task", "i1", "--unit", "commerce", "--period", "2025-Q1", "--date", "2025-01-01", "--status", "ok"],
    ["progress", "add", "--task", "i1", "--unit", "commerce", "--period", "2025-Q1", "--date", "2025-01-01",
     "--status", "done", "--percent", "101"],
    ["progress", "list", "--latest", "--all"], ["progress", "list", "--period", "Q2"],
    ["report", "kpis", "--as-of", "soon"], ["report", "kpis", "--format", "html"],
    ["progress", "list", "--as-of", "2025-01-01"], ["progress", "list", "--latest", "--as-of", "soon"],
    ["report", "dossier"], ["report", "dossier", "--unit", "commerce", "--as-of", "soon"],
    ["report", "dossier", "--unit", "commerce", "--format", "html"],
]


@pytest.mark.parametrize("args", USAGE, ids=lambda a: " ".join(a))
def test_usage_errors(demo, args):
    r = demo.run(*args)
    assert r.returncode == 2, r
    assert r.stderr.startswith(b"goc: ") and b"usage: goc " + args[0].encode() in r.stderr, r.stderr
    assert r.stdout == b""


HELP = [["partner"], ["partner", "add"], ["partner", "list"], ["partner", "show"], ["expert"], ["expert", "add"],
        ["expert", "list"], ["expert", "show"], ["event"], ["event", "add"], ["event", "list"], ["event", "show"],
        ["request"], ["request", "add"], ["request", "list"], ["request", "show"], ["request", "resolve"],
        ["progress"], ["progress", "add"], ["progress", "list"], ["export"], ["export", "orgs"], ["report", "kpis"],
        ["report", "dossier"]]


@pytest.mark.parametrize("args", HELP, ids=lambda a: " ".join(a))
def test_help(demo, args):
    r = demo.run(*args, "--help")
    assert r.returncode == 0 and r.stderr == b""
    assert r.stdout.decode().startswith("usage: goc " + " ".join(args[:1]))


def test_report_kpis(demo):
    d = demo.json("report", "kpis", "--as-of", AS_OF)
    assert (d["report"], d["as_of"]) == ("kpis", AS_OF)
    rows = d["rows"]
    assert len(rows) == 53
    assert list(rows[0]) == ["kpi", "name_zh", "name_en", "member", "year", "start", "end", "actual", "expected",
                             "target_min", "target_max", "status", "score"]
    new = rows[0]
    assert (new["kpi"], new["actual"], new["target_min"], new["status"]) == ("new-orgs", 6, 8, "on_track")
    quotas = demo.json("report", "kpis", "--as-of", AS_OF, "--kpi", "zone-quotas")["rows"]
    assert [q["member"] for q in quotas] == ["expo", "lujiazui", "zhangjiang", "jinqiao", "ftz"]
    assert len(csv_rows(demo, "report", "kpis", "--as-of", AS_OF)) == 53
    r = demo.run("report", "kpis", "--kpi", "nope")
    assert r.returncode == 1 and b"nope" in r.stderr


def test_report_dossier(demo):
    """goc report dossier: the library's dossier rows (goc_dossier_list())."""
    d = demo.json("report", "dossier", "--unit", "expo-bureau", "--as-of", AS_OF)
    assert (d["report"], d["as_of"], d["unit"]) == ("dossier", AS_OF, "expo-bureau")
    rows = d["rows"]
    assert list(rows[0]) == ["unit", "task", "label", "title_zh", "role", "via_group", "inherited_from", "due",
                             "task_status", "overdue", "report_period", "report_date", "report_status", "percent",
                             "missing_count", "missing"]
    assert {r["unit"] for r in rows} == {"expo-bureau"}
    # the same tasks as the responsibility matrix, each once
    matrix = next(r for r in demo.json("report", "matrix")["rows"] if r["unit"] == "expo-bureau")
    leaves = {t for t, v in matrix.items() if t != "unit" and v}
    assert {r["task"] for r in rows if r["task"] in leaves} == leaves
    assert len({r["task"] for r in rows}) == len(rows)
    # the latest report as of the date, as `progress list --latest --as-of` has it
    latest = {p["task"]: p for p in demo.json("progress", "list", "--latest", "--as-of", AS_OF, "--unit",
                                              "expo-bureau")}
    for r in rows:
        p = latest.get(r["task"])
        assert (r["report_date"], r["report_status"], r["percent"]) == (
            (p["date"], p["status"], p["percent"]) if p else (None, None, None))
        assert r["missing_count"] == (len(r["missing"].split()) if r["missing"] else 0)
        assert not r["overdue"]
    # reports dated after the date are not there yet: the demo's 2024-Q1 reports are dated 2024-04-08;
    # and nothing is missing before 2024-Q1's deadline, 2024-04-10
    early = demo.json("report", "dossier", "--unit", "expo-bureau", "--as-of", "2024-04-07", "--leaves")["rows"]
    assert early and all(r["report_date"] is None and r["missing"] is None for r in early)
    assert demo.json("progress", "list", "--latest", "--as-of", "2024-04-07") == []
    # a task's responsible units, each once, as `plan show` counts them
    i2 = demo.json("report", "dossier", "--task", "i2", "--as-of", "2026-01-05")["rows"]
    assert [r["unit"] for r in i2] == sorted(r["unit"] for r in i2) and all(r["overdue"] for r in i2)
    assert [r["unit"] for r in i2 if r["role"] == "lead"] == ["commerce"]
    r = demo.run("report", "dossier", "--unit", "bureaus")
    assert r.returncode == 1 and b"--unit: no unit 'bureaus'" in r.stderr


def test_report_dossier_prefix(prefix):
    """Issue 15's case: unit-1 (a prefix of its lead unit-10's code) answers
    for i1 like the others; i1 is overdue after 2024-06-30."""
    rows = prefix.json("report", "dossier", "--plan", "prefix", "--task", "i1", "--as-of", "2024-07-01")["rows"]
    assert [(r["unit"], r["role"]) for r in rows] == \
           [(u, "responsible") for u in PREFIX_UNITS.split(", ")[:1]] + [("unit-10", "lead")] + \
           [(u, "responsible") for u in PREFIX_UNITS.split(", ")[1:]]
    # 2024-Q2 is due by 2024-07-10: only 2024-Q1 is missing on 2024-07-01
    assert all(r["overdue"] and r["missing"] == "2024-Q1" for r in rows)
    mine = prefix.json("report", "dossier", "--plan", "prefix", "--unit", "unit-1", "--as-of", "2024-07-01")["rows"]
    assert [(r["task"], r["inherited_from"]) for r in mine] == [("i1", None)]


def plan_task(g, code):
    return next(t for t in g.json("plan", "show")["rows"] if t["code"] == code)


def test_task_status_and_update(fresh):
    """goc task status|update: the task changes, usage errors exit 2 and
    change nothing, the library's refusals exit 1 with its message."""
    fresh.out("task", "update", "i1", "--due", "2026-03-31", "--title-en", "Work one")
    fresh.out("task", "status", "i1", "in_progress", "--date", "2025-01-15")
    t = plan_task(fresh, "i1")
    assert (t["due"], t["title_en"], t["status"]) == ("2026-03-31", "Work one", "in_progress")
    fresh.out("task", "update", "i1", "--due", "", "--recurrence", "annual")
    assert plan_task(fresh, "i1")["due"] is None
    for args, needle in [(("update", "i1"), "nothing to change"),
                         (("update", "i1", "--due", "2025-02-30"), "--due"),
                         (("update", "i1", "--recurrence", "weekly"), "weekly"),
                         (("status", "i1", "finished"), "finished"),
                         (("status", "i1"), "usage")]:
        r = fresh.run("task", *args)
        assert r.returncode == 2 and needle in r.stderr.decode(), (args, r.stderr.decode())
    r = fresh.run("task", "update", "nosuch", "--due", "2025-01-01")
    assert r.returncode == 1 and "no task 'nosuch'" in r.stderr.decode()
    r = fresh.run("--actor", "commerce", "task", "update", "i1", "--due", "2025-01-01")
    assert r.returncode == 1 and "only an administrator" in r.stderr.decode()
    r = fresh.run("task", "update", "i1", "--title-zh", "", "--text", "")
    assert r.returncode == 1 and "title_zh" in r.stderr.decode()
    t = plan_task(fresh, "i1")
    assert (t["due"], t["title_en"], t["status"]) == (None, "Work one", "in_progress")
    audit = fresh.json("audit", "list", "--action", "task.update")
    assert [a["outcome"] for a in audit] == ["ok", "ok", "denied"]


def test_org_import(fresh, tmp_path):
    """goc org import: a CSV file in one write (goc_org_import_table());
    errors name the file's line (counting CRLF, blank lines and a cell over
    two lines) and the column of the field at fault ("line 6, column 4"),
    and register nothing."""
    good = tmp_path / "orgs.csv"
    good.write_bytes("\ufeffname_zh,category,date,zone,unit,notes,name_en\r\n"
                     "导入甲,trade,2024-03-01,ftz,ftz-bureau,\"备注, 有逗号\",Import A\r\n"
                     "\r\n"
                     "导入乙,economic,2024-03-02,,,\"两行\r\n备注\",\r\n"
                     "导入丙,finance,2024-03-03,lujiazui,,,\r\n".encode())
    assert fresh.out("org", "import", good).startswith("3 organizations registered: ids ")
    orgs = {o["name_zh"]: o for o in fresh.json("org", "list")}
    assert (orgs["导入甲"]["zone"], orgs["导入甲"]["unit"], orgs["导入甲"]["name_en"]) == (
        "ftz", "ftz-bureau", "Import A")
    assert orgs["导入乙"]["zone"] is None and orgs["导入丙"]["category"] == "finance"
    # the same text in GB18030, named or detected as for plan tables (issue
    # 15: without --encoding it used to fail, "invalid UTF-8 at byte 0")
    gb = tmp_path / "gb.csv"
    gb.write_bytes("name_zh,category,date\n国标组织,trade,2024-01-01\n".encode("gb18030"))
    assert fresh.out("org", "import", gb, "--encoding", "gb18030").startswith(
        "1 organization registered: id ")
    gb2 = tmp_path / "gb2.csv"
    gb2.write_bytes("name_zh,category,date\r\n国标组织二,trade,2024-01-01\r\n".encode("gb18030"))
    assert fresh.out("org", "import", gb2).startswith("1 organization registered: id ")
    assert "国标组织二" in {o["name_zh"] for o in fresh.json("org", "list")}
    n = len(fresh.json("org", "list"))
    bad = {
        "zone.csv": ("name_zh,category,date,zone,notes\r\n甲二,trade,2024-03-01,ftz,\r\n\r\n"
                     "乙二,trade,2024-03-01,ftz,\"两\r\n行\"\r\n丙二,trade,2024-03-01,mars,\r\n",
                     "zone.csv: line 6, column 4: zone: no zone 'mars'"),
        "ctrl.csv": ("name_zh,category,date\n\"乙\n二\",trade,2024-03-01\n",
                     "ctrl.csv: line 2, column 1: name_zh: control character U+000A"),
        # C1 controls (NEL here) are refused like C0; a NUL byte is never
        # text: it used to cut the cell short silently
        "c1.csv": ("name_zh,category,date\n乙\u0085二,trade,2024-03-01\n",
                   "c1.csv: line 2, column 1: name_zh: control character U+0085 at byte 3"),
        # (refused by the decoding, goc_text_decode(), before the cells are read)
        "nul.csv": ("name_zh,category,date,notes\n乙,trade,2024-03-01,\"备\n注\0尾\"\n",
                    "nul.csv: line 3, column 2: NUL byte: binary data (or UTF-16), not an organization list"),
        "dup.csv": ("name_zh,category,date\n戊,trade,2024-01-01\n戊,trade,2024-01-02\n",
                    "dup.csv: line 3, column 1: name_zh: '戊' is already used by fields[0]"),
        "col.csv": ("name_zh,category,date,colour\nx,trade,2024-01-01,red\n",
                    "col.csv: line 1, column 4: unknown column 'colour'"),
        "req.csv": ("name_zh,date\nx,2024-01-01\n", "req.csv: line 1: missing column 'category'"),
        "cat.csv": ("name_zh,category,date\n\n丁,planet,2024-01-01\n",
                    "cat.csv: line 3, column 2: category: unknown value 'planet'"),
        "wide.csv": ("name_zh,category,date\n己,trade,2024-01-01,extra\n",
                     "wide.csv: line 2: 4 cells, the header has 3 columns"),
        "date.csv": ("name_zh,category,date\n庚,trade,2024-02-30\n", "date.csv: line 2, column 3: date"),
        "empty.csv": ("", "empty.csv: line 1: empty: no header line"),
        # the decoding is the library's (goc_text_decode()): line and column
        "neither.csv": ("name_zh,category,date\n\xff\xfe,trade,2024-01-01\n",
                        "neither.csv: line 2, column 1: text is neither UTF-8 nor GB18030 (byte 0xFF)"),
        "gbbad.csv": ("name_zh,category,date\n\x81 bad,trade,2024-01-01\n",
                      "gbbad.csv: line 2, column 1: not valid gb18030 text (byte 0x81"),
        "utf8.csv": ("name_zh,category,date\n国标,trade,2024-01-01\n",
                     "utf8.csv: line 2, column 1: invalid UTF-8 (byte 0xB9)"),
    }
    encodings = {"gbbad.csv": ["--encoding", "gb18030"], "utf8.csv": ["--encoding", "utf-8"]}
    for name, (text, needle) in bad.items():
        path = tmp_path / name
        path.write_bytes(text.encode("latin-1") if name in ("neither.csv", "gbbad.csv")
                         else text.encode("gb18030") if name == "utf8.csv" else text.encode())
        r = fresh.run("org", "import", path, *encodings.get(name, []))
        assert r.returncode == 1 and needle in r.stderr.decode(), (name, r.stderr.decode())
    r = fresh.run("org", "import", tmp_path / "missing.csv")
    assert r.returncode == 1 and "missing.csv" in r.stderr.decode()
    r = fresh.run("org", "import", gb, "--encoding", "klingon")
    assert r.returncode == 1 and 'gb.csv: encoding: unknown encoding "klingon"' in r.stderr.decode()
    r = fresh.run("org", "import")
    assert r.returncode == 2
    assert len(fresh.json("org", "list")) == n          # nothing of the bad files
    header_only = tmp_path / "header.csv"
    header_only.write_text("name_zh,category,date\n")
    assert fresh.out("org", "import", header_only) == "0 organizations registered\n"


def _as_nobody():
    """preexec_fn: give up root (root ignores file permissions)."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)


def test_readonly(fresh, tmp_path):
    """goc --readonly: reads work, every write fails with the library's
    GOC_EREADONLY message and the file is left as it was; and it reads a
    database in a folder the user cannot write (run as nobody: the -shm
    file cannot be created there, libgoc reads the file as immutable)."""
    fresh.out("org", "add", "--name-zh", "只读测试", "--category", "trade", "--date", "2024-01-01")
    db = pathlib.Path(fresh.db)
    before = db.read_bytes()
    assert "只读测试" in fresh.out("--readonly", "org", "list")
    for args in (("org", "add", "--name-zh", "乙", "--category", "trade", "--date", "2024-01-01"),
                 ("init",), ("access", "commerce", "viewer")):
        r = fresh.run("--readonly", *args)
        assert r.returncode == 1 and "is opened read-only" in r.stderr.decode(), (args, r.stderr)
    assert db.read_bytes() == before
    assert "--readonly" in fresh.out("--help")

    # the second part runs goc as nobody: every folder above the tool must
    # let others through (a checkout in a 0700 folder does not)
    for parent in pathlib.Path(GOC).resolve().parents:
        if not parent.stat().st_mode & 0o001:
            pytest.skip(f"{parent} is closed to others (mode {parent.stat().st_mode & 0o777:o}):"
                        " goc cannot run as nobody from this checkout")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="goc-ro-", dir="/tmp"))
    try:
        shutil.copy(db, folder / "ro.db")
        folder.chmod(0o555)
        argv = shlex.split(os.environ.get("GOC_CLI_WRAP", "")) + [GOC, "--db", str(folder / "ro.db")]
        r = subprocess.run(argv + ["--readonly", "org", "list"], capture_output=True,
                           preexec_fn=_as_nobody, timeout=120)
        assert r.returncode == 0 and "只读测试" in r.stdout.decode(), r.stderr.decode()
        r = subprocess.run(argv + ["--readonly", "report", "scorecard"], capture_output=True,
                           preexec_fn=_as_nobody, timeout=120)
        assert r.returncode == 0, r.stderr.decode()
        r = subprocess.run(argv + ["org", "list"], capture_output=True, preexec_fn=_as_nobody,
                           timeout=120)
        assert r.returncode == 1 and "ro.db" in r.stderr.decode()
        assert sorted(p.name for p in folder.iterdir()) == ["ro.db"]
        assert (folder / "ro.db").read_bytes() == before
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)
