"""Chinese first (issue 17): every option of goc that takes a code takes
the Chinese name, the label or the plan's numbering too — resolved by the
library (goc_resolve(), goc/resolve.h), which also answers an unknown
value with the valid ones and "did you mean …?", and an ambiguous one with
its candidates."""
import pytest


def test_zone_by_chinese_name(demo):
    by_code = demo.json("org", "list", "--zone", "lujiazui")
    assert by_code and demo.json("org", "list", "--zone", "陆家嘴") == by_code
    assert demo.json("org", "list", "--zone", "ＬＵＪＩＡＺＵＩ ") == by_code
    assert {o["zone"] for o in demo.json("org", "list", "--zone", "世博前滩")} == {"expo"}


def test_status_in_chinese(fresh):
    # 进行中 is not the label (推进中) but what the bureaus write: accepted
    fresh.out("progress", "add", "--task", "i1", "--unit", "expo-bureau", "--period", "2025-Q2",
              "--date", "2025-06-20", "--status", "进行中")
    fresh.out("progress", "add", "--task", "i1", "--unit", "世博管理局", "--period", "2025-Q3",
              "--date", "2025-09-20", "--status", "已完成")
    reports = fresh.json("progress", "list", "--task", "i1")
    assert [(r["unit"], r["period"], r["status"]) for r in reports] == [
        ("expo-bureau", "2025-Q2", "in_progress"), ("expo-bureau", "2025-Q3", "done")]


@pytest.mark.parametrize("label,code", [
    ("(1)", "i1"), ("（1）", "i1"), ("⑴", "i1"), ("i1", "i1"), ("I1", "i1"),
    ("1", "t1"), ("1.", "t1"), ("１．", "t1"),
    ("一", "s1"), ("（一）", "s1"), ("一、", "s1"),
])
def test_task_as_printed_in_the_plan(fresh, label, code):
    r = fresh.run("task", "status", label, "in_progress", "--date", "2025-01-02")
    assert r.returncode == 0, r.stderr.decode()
    tasks = {t["code"]: t for t in fresh.json("plan", "show")["rows"]}
    assert tasks[code]["status"] == "in_progress"


def test_task_option_by_label(fresh):
    fresh.out("progress", "add", "--task", "(1)", "--unit", "expo-bureau", "--period", "2025-Q2",
              "--date", "2025-06-20", "--status", "in_progress")
    assert [r["task"] for r in fresh.json("progress", "list", "--task", "（1）")] == ["i1"]


def test_actor_and_kpi_by_name(fresh):
    fresh.out("--actor", "商务委", "progress", "add", "--task", "(2)", "--period", "2025-Q2",
              "--unit", "商务委", "--date", "2025-06-20", "--status", "推进中")
    assert [r["unit"] for r in fresh.json("progress", "list", "--task", "(2)")] == ["commerce"]
    rows = fresh.json("report", "kpis", "--kpi", "设立区域总部机构", "--as-of", "2025-06-30")["rows"]
    assert rows and {r["kpi"] for r in rows} == {"regional-hq"}


def test_unknown_value_did_you_mean(fresh):
    r = fresh.run("org", "list", "--zone", "陆家咀")
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "--zone: no zone '陆家咀'; did you mean lujiazui (陆家嘴)?" in err
    assert "Valid: expo (世博前滩), ftz (保税区), jinqiao (金桥), lujiazui (陆家嘴), zhangjiang (张江)" in err
    r = fresh.run("progress", "add", "--task", "i1", "--unit", "commerce", "--period", "2025-Q2",
                  "--date", "2025-06-20", "--status", "进形中")
    err = r.stderr.decode()
    assert r.returncode == 2 and "did you mean in_progress (推进中)?" in err, err
    assert "not_started (未启动)" in err and "usage: goc progress add" in err
    # nothing close: the valid values only, a long list cut
    r = fresh.run("org", "list", "--unit", "nobody")
    err = r.stderr.decode()
    assert r.returncode == 1 and "did you mean" not in err and "… and 8 more" in err, err


def test_ambiguous_is_an_error_listing_candidates(fresh, tmp_path):
    # a plan whose section is labelled 一 and whose special task is titled 一
    plan = tmp_path / "other.json"
    plan.write_text('{"format": "libgoc-plan", "format_version": 1,'
                    ' "plan": {"code": "other", "title_zh": "另一方案"},'
                    ' "tasks": [{"code": "x1", "level": "section", "label": "一", "title_zh": "另一板块"},'
                    ' {"code": "x2", "parent": "x1", "level": "task", "label": "1", "title_zh": "一"}]}',
                    encoding="utf-8")
    fresh.out("plan", "import", plan)
    r = fresh.run("progress", "list", "--plan", "other", "--task", "一")
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "--task: '一' is ambiguous: it names x1 一 (另一板块) and x2 1 (一); give the code" in err
    assert r.stdout == b""
    # the codes, and the other plan's 一, are not
    assert fresh.run("progress", "list", "--plan", "other", "--task", "x2").returncode == 0
    assert fresh.run("progress", "list", "--task", "一").returncode == 0


def test_org_import_chinese_columns(fresh, tmp_path):
    f = tmp_path / "orgs.csv"
    f.write_text("name_zh,category,origin,zone,unit,date\n"
                 "中文导入组织,专业服务类,国际,陆家嘴,陆家嘴管理局,2025-01-02\n", encoding="utf-8")
    assert fresh.out("org", "import", f).startswith("1 organization registered")
    (o,) = [o for o in fresh.json("org", "list") if o["name_zh"] == "中文导入组织"]
    assert (o["category"], o["origin"], o["zone"], o["unit"]) == (
        "professional", "international", "lujiazui", "lujiazui-bureau")
    bad = tmp_path / "bad.csv"
    bad.write_text("name_zh,category,zone,date\n乙,trade,陆家,2025-01-02\n", encoding="utf-8")
    r = fresh.run("org", "import", bad)
    assert r.returncode == 1 and "bad.csv: line 2, column 3: zone: no zone '陆家'; did you mean lujiazui" in r.stderr.decode()


def test_stage_and_category_words(fresh):
    out = fresh.out("org", "add", "--name-zh", "测试组织", "--category", "科技", "--date", "2025-01-02",
                    "--zone", "张江", "--unit", "张江管理局")
    oid = out.split()[-1]
    fresh.out("org", "stage", oid, "接洽中", "--date", "2025-02-01", "--unit", "张江管理局")
    (o,) = [o for o in fresh.json("org", "list", "--stage", "接洽中")]
    assert (o["category"], o["zone"], o["unit"], o["stage"]) == (
        "scitech", "zhangjiang", "zhangjiang-bureau", "contacting")


def test_positional_and_yes_no_words(demo):
    assert demo.out("access", "商务委").startswith("commerce ")
    r = demo.run("access", "商务")
    assert r.returncode == 1 and "did you mean commerce (商务委)?" in r.stderr.decode()
    assert demo.json("event", "list", "--international", "是") == demo.json("event", "list", "--international", "yes")


def test_tables_name_units_in_chinese(demo):
    """Under --lang zh the text tables show a unit's, zone's or group's
    Chinese name where a person reads it (the library's names, as the
    workbook shows them); CSV and JSON keep the codes."""
    args = ("report", "compliance", "--period", "2025-Q1", "--as-of", "2025-07-15")
    rows = demo.json(*args)["rows"]
    units = {u["code"]: u["name_zh"] for u in demo.json("unit", "list")}
    assert rows and all(r["unit"] in units for r in rows)
    zh = demo.out("--lang", "zh", *args).splitlines()
    assert len(zh) == len(rows) + 1
    for line, r in zip(zh[1:], rows):
        cells = line.split()
        assert cells[0] == r["task"] and units[r["unit"]] in cells, line
        assert r["unit"] not in cells, line
    en = demo.out("--lang", "en", *args).splitlines()
    assert all(r["unit"] in line.split() for line, r in zip(en[1:], rows))
    csv_zh = demo.out("--lang", "zh", *args, "--format", "csv")
    assert csv_zh == demo.out("--lang", "en", *args, "--format", "csv")
    assert demo.json("--lang", "zh", *args)["rows"] == rows
    # a list of units, leads marked, and a group (各管理局)
    overdue = demo.out("--lang", "zh", "report", "overdue", "--as-of", "2026-12-31")
    assert "商务委*、" in overdue and "陆家嘴管理局" in overdue and "lujiazui-bureau" not in overdue
    assert "各管理局" in demo.out("--lang", "zh", "plan", "show")
    # zones in the KPI rows; units in the matrix
    assert "陆家嘴" in demo.out("--lang", "zh", "report", "kpis", "--as-of", "2025-06-30")
    assert demo.out("--lang", "zh", "report", "matrix").splitlines()[1].startswith("商务委")
    # a record: org show names its zone and unit; its JSON keeps the codes
    org = demo.json("org", "show", "1")
    shown = demo.out("--lang", "zh", "org", "show", "1")
    assert org["zone"] == "expo"
    assert "zone        世博前滩\n" in shown and f"unit        {units[org['unit']]}\n" in shown
    assert demo.json("--lang", "zh", "org", "show", "1")["zone"] == org["zone"]
    partner = demo.json("partner", "list")[0]
    assert f"unit     {units[partner['unit']]}\n" in demo.out("--lang", "zh", "partner", "show",
                                                               str(partner["id"]))
