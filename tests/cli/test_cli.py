#!/usr/bin/env python3
"""Tests of the goc command-line tool (suite 'cli').

usage: test_cli.py GOC SOURCE_DIR

Runs every command and format against scratch databases; prints one line
per failed check and a final line "N passed, N failed".
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import traceback

GOC, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="goc-cli-")
DEMO = os.path.join(TMP, "demo.db")
passed = failed = 0


def goc(*args, db=DEMO, env=None, input=None):
    e = dict(os.environ)
    e.pop("GOC_DB", None)
    e.update(env or {})
    argv = [GOC] + (["--db", db] if db else []) + list(args)
    return subprocess.run(argv, capture_output=True, env=e, cwd=TMP, input=input, timeout=120)


def out(*args, **kw):
    r = goc(*args, **kw)
    assert r.returncode == 0, f"{args}: exit {r.returncode}: {r.stderr.decode()}"
    return r.stdout.decode("utf-8")


def check(name):
    def deco(fn):
        global passed, failed
        try:
            fn()
            passed += 1
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
        return fn
    return deco


def jrows(*args, **kw):
    d = json.loads(out(*args, "--format", "json", **kw))
    return d, d["rows"] if isinstance(d, dict) else d


def csv_rows(*args, **kw):
    text = out(*args, "--format", "csv", **kw)
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- the demonstration ------------------------------------------------------

DEMO_TEXT = out("demo")


@check("demo prints every zone and unit code")
def _():
    zones = [r["key"] for r in jrows("report", "scorecard", "--by", "zone", "--as-of", "2025-06-30")[1] if r["key"]]
    units = [r["key"] for r in jrows("report", "scorecard", "--by", "unit", "--as-of", "2025-06-30")[1] if r["key"]]
    assert set(zones) == {"expo", "ftz", "jinqiao", "lujiazui", "zhangjiang"}, zones
    assert len(units) >= 15, units
    for code in zones + units:
        assert code in DEMO_TEXT, code
    assert "scorecard as of 2025-06-30" in DEMO_TEXT
    assert "\033[" not in DEMO_TEXT  # not a terminal: no colour


@check("demo again on the same database still prints the scorecard")
def _():
    r = goc("demo")
    assert r.returncode == 0 and b"By zone" in r.stdout, r


@check("demo refuses a database with real data and prints no scorecard (issue 17)")
def _():
    real = os.path.join(TMP, "real.db")
    out("plan", "load", "pudong-goc-2024", db=real)
    r = goc("demo", db=real)
    assert r.returncode == 1, r
    assert r.stdout == b"", r.stdout
    assert b"holds data other than the demonstration data" in r.stderr, r.stderr
    # demonstration data changed by a write is real data too
    changed = os.path.join(TMP, "changed.db")
    out("demo", db=changed)
    out("org", "add", "--name-zh", "真实的组织", "--category", "other", "--date", "2025-07-01", db=changed)
    r = goc("demo", db=changed)
    assert r.returncode == 1 and r.stdout == b"" and b"changed.db holds data other" in r.stderr, r


@check("demo --format json has by_kpi, by_zone, by_unit")
def _():
    d = json.loads(out("demo", "--format", "json"))
    for k in ("report", "plan", "as_of", "by_kpi", "by_zone", "by_unit"):
        assert k in d, k
    assert d["as_of"] == "2025-06-30"


@check("scorecard values as of 2025-06-30 (cross-checked with examples/c/scorecard)")
def _():
    meta, rows = jrows("report", "scorecard", "--as-of", "2025-06-30")
    assert meta["report"] == "scorecard" and meta["by"] == "plan" and meta["plan"] == "pudong-goc-2024"
    by = {r["key"]: r for r in rows}
    assert by["new-orgs"]["actual"] == 6 and by["new-orgs"]["target"] == 8
    assert by["new-orgs"]["status"] == "on_track"
    assert by["orgs-total"]["actual"] == 43 and by["orgs-total"]["target"] == 45
    assert by["regional-hq"]["actual"] == 1 and by["regional-hq"]["status"] == "behind"
    assert by["office-space"]["status"] == "met" and by["office-space"]["rows"] == 5
    total = rows[-1]
    assert total["key"] is None and total["rows"] == 53 and total["status"] == "behind"
    assert abs(total["score"] - 0.84) < 0.005, total
    for r in rows:
        assert set(r) == {"key", "name_zh", "name_en", "status", "score", "actual", "target", "rows",
                          "met", "worst"}
    assert by["new-orgs"]["worst"] is None and by["new-orgs"]["met"] == 0
    assert total["met"] == 31 and total["worst"] == "zone-quotas jinqiao", total


@check("a KPI of several rows shows n of m rows met and its worst row, never a sum (issue 17)")
def _():
    # promotion-events has rows for 2024 and 2025 in several zones: their sum
    # (4.0 of 4.0) read as "behind" with actual = target
    _, rows = jrows("report", "scorecard", "--as-of", "2025-06-30")
    pe = {r["key"]: r for r in rows}["promotion-events"]
    assert pe["rows"] == 4 and pe["met"] == 3 and pe["status"] == "behind", pe
    assert pe["worst"] == "lujiazui 2025" and pe["actual"] == 0 and pe["target"] == 1, pe
    _, kr = jrows("report", "kpis", "--as-of", "2025-06-30", "--kpi", "promotion-events")
    worst = [r for r in kr if r["member"] == "lujiazui" and r["year"] == 2025]
    assert len(worst) == 1 and worst[0]["status"] == "behind", kr
    assert sum(r["status"] in ("met", "exceeded") for r in kr) == 3, kr
    text = out("report", "scorecard", "--as-of", "2025-06-30")
    line = next(l for l in text.splitlines() if l.startswith("promotion-events"))
    assert line.split()[-5:] == ["1.0", "4", "3", "lujiazui", "2025"], line
    assert "4.0     4.0" not in line, line


@check("scorecard by zone, section, unit in every format")
def _():
    for by in ("plan", "section", "zone", "unit"):
        base = ["report", "scorecard", "--by", by, "--as-of", "2025-06-30"]
        text = out(*base)
        md = out(*base, "--format", "md")
        rows = csv_rows(*base)
        meta, jr = jrows(*base)
        assert len(rows) == len(jr) and len(jr) > 1
        assert md.splitlines()[1].startswith("|-")
        assert len(text.splitlines()) == len(jr) + 1
    _, z = jrows("report", "scorecard", "--by", "zone", "--as-of", "2025-06-30")
    z = {r["key"]: r for r in z}
    assert z["jinqiao"]["status"] == "behind" and z["ftz"]["status"] == "met"
    _, u = jrows("report", "scorecard", "--by", "unit", "--as-of", "2025-06-30")
    u = {r["key"]: r for r in u}
    assert u["commerce"]["tasks"] == 24 and u["commerce"]["leads"] == 2
    assert set(u["commerce"]) == {"key", "name_zh", "name_en", "status", "score", "rows",
                                  "tasks", "leads", "overdue", "missing_reports"}


@check("scorecard -o FILE and --bom")
def _():
    path = os.path.join(TMP, "sc.csv")
    out("report", "scorecard", "--as-of", "2025-06-30", "--format", "csv", "--bom", "-o", path)
    data = open(path, "rb").read()
    assert data.startswith(b"\xef\xbb\xbfkey,"), data[:20]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["key"] == "new-orgs" and float(rows[0]["actual"]) == 6
    assert rows[-1]["key"] == "" and abs(float(rows[-1]["score"]) - 0.84) < 0.005


@check("text tables align Chinese by display width")
def _():
    lines = out("report", "scorecard", "--by", "zone", "--as-of", "2025-06-30").splitlines()
    def width(s):
        import unicodedata
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
    col = lines[0].index("status")
    for line in lines[1:]:
        # the status column starts at the same display column on every line
        prefix_w = None
        for i in range(len(line)):
            if width(line[:i]) == col:
                prefix_w = i
                break
        assert prefix_w is not None and line[prefix_w - 2:prefix_w] == "  ", line


@check("report matrix")
def _():
    meta, rows = jrows("report", "matrix")
    assert meta["report"] == "matrix"
    com = next(r for r in rows if r["unit"] == "commerce")
    assert com["i2"] == "L" and "i21" in com
    assert all(v in (None, "L", "R") for r in rows for k, v in r.items() if k != "unit")
    assert csv_rows("report", "matrix")[0]["unit"] == rows[0]["unit"]
    assert "| unit" in out("report", "matrix", "--format", "md")


@check("report overdue")
def _():
    assert len(jrows("report", "overdue", "--as-of", "2025-06-30")[1]) == 0
    meta, rows = jrows("report", "overdue", "--as-of", "2026-01-05")
    assert meta["as_of"] == "2026-01-05" and rows
    assert set(rows[0]) == {"code", "label", "title_zh", "due", "status", "units"}
    assert all(r["due"] < "2026-01-05" for r in rows)
    assert len(csv_rows("report", "overdue", "--as-of", "2026-01-05")) == len(rows)
    assert "i1" in out("report", "overdue", "--as-of", "2026-01-05")


@check("report compliance")
def _():
    meta, rows = jrows("report", "compliance", "--period", "2025-Q2")
    assert meta["period"] == "2025-Q2" and rows
    assert set(rows[0]) == {"task", "title_zh", "unit", "role"}
    assert len(csv_rows("report", "compliance", "--period", "2025-Q2")) == len(rows)
    out("report", "compliance", "--period", "2025-Q2")


# --- organizations ----------------------------------------------------------

@check("org list, filters and formats")
def _():
    rows = jrows("org", "list")[1]
    assert len(rows) >= 43
    assert set(rows[0]) == {"id", "name_zh", "name_en", "category", "origin", "zone", "unit",
                            "stage", "stage_date", "hq_date"}
    expo = jrows("org", "list", "--zone", "expo")[1]
    assert expo and all(r["zone"] == "expo" for r in expo)
    op = jrows("org", "list", "--stage", "operating")[1]
    assert op and all(r["stage"] == "operating" for r in op)
    c = csv_rows("org", "list", "--zone", "expo")
    assert [int(r["id"]) for r in c] == [r["id"] for r in expo]
    assert "（示例）" in out("org", "list")


ORG_DB = os.path.join(TMP, "org.db")


@check("org add, stage, review, hq, show")
def _():
    out("init", db=ORG_DB)
    oid = out("org", "add", "--name-zh", "测试组织", "--name-en", "Test Org", "--category", "economic",
              "--date", "2025-01-02", "--zone", "expo", "--unit", "commerce", db=ORG_DB).strip()
    assert oid.isdigit()
    out("org", "stage", oid, "contacting", "--date", "2025-02-01", "--unit", "commerce", "--note", "首次接触", db=ORG_DB)
    out("org", "review", oid, "cleared", "--date", "2025-02-10", "--unit", "police", db=ORG_DB)
    for st in ("negotiating", "approved", "landed"):
        out("org", "stage", oid, st, "--date", "2025-03-01", "--unit", "commerce", db=ORG_DB)
    out("org", "hq", oid, "--date", "2025-04-01", "--unit", "commerce", db=ORG_DB)
    d = json.loads(out("org", "show", oid, "--format", "json", db=ORG_DB))
    assert d["name_zh"] == "测试组织" and d["stage"] == "landed" and d["hq_date"] == "2025-04-01"
    assert [h["to"] for h in d["history"]] == ["target", "contacting", "negotiating", "approved", "landed"]
    assert d["history"][1]["note"] == "首次接触"
    assert d["reviews"][0]["outcome"] == "cleared"
    text = out("org", "show", oid, db=ORG_DB)
    assert "测试组织" in text and "history" in text and "cleared" in text


@check("runtime errors exit 1 with the library's message")
def _():
    r = goc("org", "show", "99999")
    assert r.returncode == 1 and r.stderr.decode().startswith("goc: ") and "99999" in r.stderr.decode(), r
    r = goc("org", "stage", "1", "target", "--date", "2025-07-01", "--unit", "commerce")
    assert r.returncode == 1 and "goc: " in r.stderr.decode() and r.stdout == b"", r
    r = goc("plan", "load", "no-such-plan")
    assert r.returncode == 1 and "no-such-plan" in r.stderr.decode(), r
    r = goc("report", "scorecard", "--plan", "no-such-plan")
    assert r.returncode == 1, r
    r = goc("plan", "import", os.path.join(TMP, "missing.json"))
    assert r.returncode == 1, r
    bad = os.path.join(SRC, "tests", "data", "tables", "bad-header.tsv")
    r = goc("plan", "import", bad, "--table", "--plan", "bad", db=os.path.join(TMP, "bad.db"))
    assert r.returncode == 1 and "goc: " in r.stderr.decode(), r
    # the plan the failed table import would have created is not left behind
    r = goc("plan", "show", "--plan", "bad", db=os.path.join(TMP, "bad.db"))
    assert r.returncode == 1 and "bad" in r.stderr.decode(), r
    r = goc("demo", db=os.path.join(TMP, "no-such-dir", "x.db"))
    assert r.returncode == 1, r


@check("usage errors exit 2 with a message and a short usage")
def _():
    cases = [
        [], ["bogus"], ["--bogus", "demo"], ["plan"], ["plan", "bogus"], ["org", "bogus"],
        ["report", "bogus"], ["report", "scorecard", "--as-of", "2025-13-40"],
        ["report", "scorecard", "--as-of", "yesterday"], ["report", "scorecard", "--by", "street"],
        ["report", "scorecard", "--format", "xml"], ["report", "scorecard", "--bogus"],
        ["report", "scorecard", "--as-of"], ["report", "compliance"],
        ["report", "compliance", "--period", "2025-Q5"], ["org", "show"], ["org", "show", "abc"],
        ["org", "stage", "1", "flying", "--date", "2025-01-01"], ["org", "stage", "1", "landed"],
        ["org", "add", "--name-zh", "x"], ["org", "add", "--name-zh", "x", "--category", "nope", "--date", "2025-01-01"],
        ["org", "review", "1", "maybe", "--date", "2025-01-01"], ["org", "hq", "1"],
        ["org", "list", "--stage", "nope"], ["plan", "load"], ["plan", "import"],
        ["plan", "import", "x.tsv", "--table"], ["plan", "export", "--format", "xml"],
        ["demo", "--as-of", "2025/06/30"], ["init", "extra"], ["--db"],
    ]
    for args in cases:
        r = goc(*args, db=None if args[:1] == ["--db"] else DEMO)
        err = r.stderr.decode()
        assert r.returncode == 2, (args, r)
        assert err.startswith("goc: ") and "usage: goc" in err, (args, err)
        assert r.stdout == b"", (args, r.stdout)


@check("--help exits 0 with usage on stdout for every command")
def _():
    cmds = [[], ["init"], ["demo"], ["plan"], ["plan", "load"], ["plan", "show"], ["plan", "export"],
            ["plan", "import"], ["org"], ["org", "list"], ["org", "add"], ["org", "show"], ["org", "stage"],
            ["org", "review"], ["org", "hq"], ["report"], ["report", "scorecard"], ["report", "matrix"],
            ["report", "overdue"], ["report", "compliance"]]
    for c in cmds:
        r = goc(*c, "--help")
        assert r.returncode == 0 and r.stdout.decode().startswith("usage: goc"), (c, r)
        assert r.stderr == b"", (c, r.stderr)


@check("--version")
def _():
    assert out("--version", db=None).startswith("goc ")


@check("NO_COLOR and non-terminal output give no escape codes")
def _():
    for env in ({}, {"NO_COLOR": "1"}):
        r = goc("report", "scorecard", "--as-of", "2025-06-30", env=env)
        assert r.returncode == 0 and b"\033[" not in r.stdout
    # on a pseudo-terminal, colour unless NO_COLOR
    import pty
    def tty_run(env):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.pop("NO_COLOR", None)
            os.environ.update(env)
            os.execv(GOC, [GOC, "--db", DEMO, "report", "scorecard", "--as-of", "2025-06-30"])
        data = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.waitpid(pid, 0)
        return data
    assert b"\033[" in tty_run({})
    assert b"\033[" not in tty_run({"NO_COLOR": "1"})


@check("database from GOC_DB, else ./goc.db")
def _():
    env_db = os.path.join(TMP, "env.db")
    r = goc("init", db=None, env={"GOC_DB": env_db})
    assert r.returncode == 0 and os.path.exists(env_db), r
    r = goc("init", db=None)
    assert r.returncode == 0 and os.path.exists(os.path.join(TMP, "goc.db")), r


# --- plans ------------------------------------------------------------------

PLAN_DB = os.path.join(TMP, "plan.db")


@check("init, plan load and export byte for byte")
def _():
    out("init", db=PLAN_DB)
    out("plan", "load", "pudong-goc-2024", db=PLAN_DB)
    exported = goc("plan", "export", db=PLAN_DB).stdout
    with open(os.path.join(SRC, "lib", "data", "plan-pudong-goc-2024.json"), "rb") as f:
        assert exported == f.read()
    path = os.path.join(TMP, "plan.json")
    out("plan", "export", "--format", "json", "-o", path, db=PLAN_DB)
    assert open(path, "rb").read() == exported


@check("plan show in every format")
def _():
    meta, rows = jrows("plan", "show", db=PLAN_DB)
    assert meta["plan"] == "pudong-goc-2024"
    assert set(rows[0]) == {"code", "parent", "level", "title", "title_en", "due", "status", "units"}
    assert sum(r["level"] == "item" for r in rows) == 21
    assert sum(r["level"] == "task" for r in rows) == 12
    assert sum(r["level"] == "section" for r in rows) == 4
    i2 = next(r for r in rows if r["code"] == "i2")
    assert i2["units"].startswith("commerce*"), i2
    text = out("plan", "show", db=PLAN_DB)
    assert "提高国际经济组织集聚度" in text and "commerce*" in text
    assert len(csv_rows("plan", "show", db=PLAN_DB)) == len(rows)
    out("plan", "show", "--format", "md", db=PLAN_DB)


@check("plan import JSON under another code, --replace")
def _():
    path = os.path.join(SRC, "lib", "data", "plan-pudong-goc-2024.json")
    out("plan", "import", path, "--plan", "copy", db=PLAN_DB)
    r = goc("plan", "import", path, "--plan", "copy", db=PLAN_DB)
    assert r.returncode == 1 and "goc: " in r.stderr.decode(), r
    out("plan", "import", path, "--plan", "copy", "--replace", db=PLAN_DB)
    assert len(jrows("plan", "show", "--plan", "copy", db=PLAN_DB)[1]) == 37


@check("plan import --table of the seed table into a new plan")
def _():
    for name, extra in (("seed-table.tsv", []), ("seed-table-gb18030-crlf.tsv", ["--encoding", "gb18030"]),
                        ("seed-table-bom.csv", [])):
        code = "seed-" + name.split(".")[0]
        path = os.path.join(SRC, "tests", "data", "tables", name)
        out("plan", "import", path, "--table", "--plan", code, *extra, db=PLAN_DB)
        rows = jrows("plan", "show", "--plan", code, db=PLAN_DB)[1]
        assert sum(r["level"] == "item" for r in rows) == 21, (name, len(rows))
        text = out("plan", "show", "--plan", code, db=PLAN_DB)
        assert sum(1 for l in text.splitlines() if l.split()[1:2] == ["item"]) == 21
    path = os.path.join(SRC, "tests", "data", "tables", "seed-table.tsv")
    r = goc("plan", "import", path, "--table", "--plan", "seed-seed-table", db=PLAN_DB)
    assert r.returncode == 1, r
    out("plan", "import", path, "--table", "--plan", "seed-seed-table", "--replace", db=PLAN_DB)
    unknown = os.path.join(SRC, "tests", "data", "tables", "unknown-unit.tsv")
    r = goc("plan", "import", unknown, "--table", "--plan", "u", db=PLAN_DB)
    assert r.returncode == 1, r
    out("plan", "import", unknown, "--table", "--plan", "u2", "--create-units", db=PLAN_DB)


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
