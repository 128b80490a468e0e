"""The Python examples and the README's Python snippet run."""
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import GOC_PATH, SOURCE_DIR, TABLES_DIR

EXAMPLES = os.path.join(SOURCE_DIR, "examples", "python")


def run(script, *args, cwd=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [GOC_PATH] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, script)] + list(args),
                       env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, "%s failed:\n%s%s" % (script, r.stdout, r.stderr)
    return r


def test_examples_are_all_tested():
    assert sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".py")) == [
        "export_plan.py", "load_plan.py", "record_orgs.py", "scorecard.py"]


def test_record_orgs(tmp_path):
    out = run("record_orgs.py").stdout
    assert "refused: stage:" in out and "landed" in out
    assert "示例国际贸易协会（示例）" in out
    run("record_orgs.py", str(tmp_path / "orgs.db"))
    assert (tmp_path / "orgs.db").exists()


def test_load_plan_builtin_and_table():
    out = run("load_plan.py").stdout
    assert "浦东新区推动国际经济组织集聚计划" in out
    assert "聚焦经济和科技组织引进" in out and "*commerce" in out
    r = run("load_plan.py", os.path.join(TABLES_DIR, "seed-table.tsv"), "seed")
    assert r.stdout.startswith("seed") and "(21)" in r.stdout
    assert "100%" in r.stderr


def test_load_plan_json(tmp_path):
    path = tmp_path / "plan.json"
    run("export_plan.py", str(path))
    out = run("load_plan.py", str(path)).stdout
    assert out.startswith("pudong-goc-2024")


def test_scorecard():
    out = run("scorecard.py").stdout
    assert "as of 2025-06-30" in out and "KPI rows" in out
    assert "TOTAL" in out and "by zone" in out and "by unit" in out
    out = run("scorecard.py", "2024-12-31").stdout
    assert "as of 2024-12-31" in out


def test_export_plan(tmp_path):
    r = run("export_plan.py")
    doc = json.loads(r.stdout)
    assert doc["plan"]["code"] == "pudong-goc-2024"
    assert "round trip identical" in r.stderr
    path = tmp_path / "out.json"
    run("export_plan.py", str(path))
    assert json.loads(path.read_text(encoding="utf-8")) == doc


def test_readme_python_snippets(tmp_path):
    text = open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"^```python[ \t]*\n(.*?)^```", text, re.M | re.S)
    assert blocks, "no ```python block in README.md"
    for i, code in enumerate(blocks):
        script = tmp_path / ("snippet%d.py" % i)
        script.write_text(code, encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = GOC_PATH
        r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, "README python block %d:\n%s" % (i, r.stderr)
