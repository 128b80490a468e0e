"""`goc export orgs --format popolo|csv`: organizations for open-data
portals.  The Popolo export of the demonstration data (and of an
organization with a unified social credit code) is validated against the
Popolo 1.0.1 JSON Schemas (draft 03) kept in tests/data/popolo/ (see its
SOURCE.md), with every schema `id` URL mapped to the local file so that
nothing is fetched.
"""
import csv
import io
import json
import os

import jsonschema

from conftest import SRC

SCHEMAS = os.path.join(SRC, "tests", "data", "popolo")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def validator():
    store = {}
    for name in os.listdir(SCHEMAS):
        if name.endswith(".json"):
            with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
                schema = json.load(f)
            store[schema["id"]] = schema
            store[schema["id"].rstrip("#")] = schema
    org = store["http://www.popoloproject.com/schemas/organization.json#"]
    jsonschema.Draft3Validator.check_schema(org)
    resolver = jsonschema.RefResolver.from_schema(org, store=store)
    return jsonschema.Draft3Validator(org, resolver=resolver)


def uscc(body17):
    """A unified social credit code: 17 characters and their check character (GB 32100-2015)."""
    s = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_ALPHABET[(31 - s % 31) % 31]


def check_all(orgs):
    v = validator()
    for o in orgs:
        errors = sorted(v.iter_errors(o), key=str)
        assert not errors, (o["id"], [e.message for e in errors])


def test_demo_export_is_valid_popolo(demo):
    doc = json.loads(demo.out("export", "orgs"))
    assert list(doc) == ["organizations"]
    orgs = doc["organizations"]
    check_all(orgs)
    here = [o for o in demo.json("org", "list") if o["stage"] in ("landed", "operating")]
    assert [o["id"] for o in orgs] == [f"goc-org-{o['id']}" for o in here]
    zones = {r["key"]: r for r in demo.json("report", "scorecard", "--by", "zone", "--as-of", "2025-06-30")["rows"]}
    for o, src in zip(orgs, here):
        assert o["name"] == src["name_zh"] and o["classification"] == src["category"]
        assert o["other_names"] == ([{"name": src["name_en"], "note": "English name"}] if src["name_en"] else [])
        assert o["area_id"] == src["zone"]
        if src["zone"]:
            assert o["area"] == {"id": src["zone"], "name": zones[src["zone"]]["name_zh"], "classification": "zone"}
        hist = json.loads(demo.out("org", "show", str(src["id"]), "--format", "json"))["history"]
        assert o["founding_date"] == next(h["date"] for h in hist if h["to"] == "landed")
    everything = json.loads(demo.out("export", "orgs", "--all"))["organizations"]
    check_all(everything)
    assert len(everything) == len(demo.json("org", "list")) > len(orgs)


def test_identifiers_and_a_bad_document_fails(fresh):
    code = uscc("91310115MA1K4XXXX".replace("X", "3"))
    oid = fresh.out("org", "add", "--name-zh", "测试仲裁中心", "--name-en", "Test Arbitration Centre",
                    "--category", "arbitration", "--date", "2024-01-05", "--zone", "lujiazui",
                    "--unit", "justice", "--id-scheme", "uscc", "--id-value", code).strip()
    for st in ("contacting", "negotiating", "approved"):
        fresh.out("org", "stage", oid, st, "--date", "2024-02-01", "--unit", "justice")
    fresh.out("org", "review", oid, "cleared", "--date", "2024-02-10", "--unit", "police")
    fresh.out("org", "stage", oid, "landed", "--date", "2024-03-01", "--unit", "justice")
    orgs = json.loads(fresh.out("export", "orgs"))["organizations"]
    check_all(orgs)
    assert orgs == [{
        "id": f"goc-org-{oid}", "name": "测试仲裁中心",
        "other_names": [{"name": "Test Arbitration Centre", "note": "English name"}],
        "identifiers": [{"identifier": code, "scheme": "uscc"}],
        "classification": "arbitration", "founding_date": "2024-03-01", "area_id": "lujiazui",
        "area": {"id": "lujiazui", "name": orgs[0]["area"]["name"], "classification": "zone"},
    }]
    # the validator does reject what is not Popolo
    bad = dict(orgs[0], founding_date="1 March 2024", identifiers=[{"scheme": "uscc"}])
    assert len(list(validator().iter_errors(bad))) == 2
    # a bad code is refused by the library, naming the field
    r = fresh.run("org", "add", "--name-zh", "坏", "--category", "trade", "--date", "2024-01-05",
                  "--id-scheme", "uscc", "--id-value", code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert r.returncode == 1 and b"id_value" in r.stderr, r


def test_csv_export(demo):
    text = demo.out("export", "orgs", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["id", "name", "name_en", "classification", "id_scheme", "id_value",
                             "founding_date", "area_id", "area_name", "stage", "hq_date"]
    popolo = json.loads(demo.out("export", "orgs"))["organizations"]
    assert [r["id"] for r in rows] == [o["id"] for o in popolo]
    assert all(r["founding_date"] == o["founding_date"] for r, o in zip(rows, popolo))
    assert {r["stage"] for r in rows} <= {"landed", "operating"}
    path = os.path.join(demo.cwd, "orgs.csv")
    demo.out("export", "orgs", "--format", "csv", "--bom", "-o", path)
    with open(path, "rb") as f:
        assert f.read().startswith(b"\xef\xbb\xbfid,name,")


def test_usage_errors(demo):
    for args in (["export"], ["export", "people"], ["export", "orgs", "--format", "xml"],
                 ["export", "orgs", "--bom"], ["export", "orgs", "extra"]):
        r = demo.run(*args)
        assert r.returncode == 2 and r.stderr.startswith(b"goc: ") and b"usage: goc export" in r.stderr, (args, r)
