"""Every public C function has a Python counterpart.

The public headers are parsed now, at test time, so a function added to
the C API fails this test until the package maps it (goc.__c_functions__,
see goc/_cmap.py) and uses it.  Record accessors (goc_org_name_zh …)
count as covered by the dataclass field they fill (Org.name_zh), which
the package reads with exactly that accessor.  The versioned field and
filter structs are checked too: each member is accepted by the SWIG layer
and reachable as a keyword of the Python method that fills the struct.
"""
import dataclasses
import glob
import inspect
import os
import re

import pytest

import goc
from goc import _goc_swig as s
from conftest import SOURCE_DIR

HEADERS = sorted(glob.glob(os.path.join(SOURCE_DIR, "include", "goc", "*.h")))
SWIG_I = os.path.join(SOURCE_DIR, "bindings", "python", "goc.i")
PACKAGE_DIR = os.path.dirname(goc.__file__)


def header_text():
    return "".join(open(h, encoding="utf-8").read() for h in HEADERS)


def c_functions():
    return set(re.findall(r"GOC_API\s+[^;(]*?\b(goc_\w+)\s*\(", header_text()))


def package_source():
    return "".join(open(p, encoding="utf-8").read()
                   for p in glob.glob(os.path.join(PACKAGE_DIR, "*.py")))


def resolve(dotted):
    obj = goc
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_headers_found():
    assert len(HEADERS) >= 7
    assert len(c_functions()) > 300


def test_every_c_function_is_mapped():
    missing = sorted(c_functions() - set(goc.__c_functions__))
    assert missing == [], "C functions without a Python counterpart: %s" % missing


def test_no_stale_mapping():
    stale = sorted(set(goc.__c_functions__) - c_functions())
    assert stale == [], "mapped but not in the headers: %s" % stale


def test_every_mapping_resolves():
    bad = []
    for c, py in goc.__c_functions__.items():
        try:
            resolve(py)
        except AttributeError:
            bad.append("%s -> %s" % (c, py))
    assert bad == []


def test_accessors_fill_dataclass_fields():
    for c, py in goc.__c_functions__.items():
        cls_name, _, field = py.partition(".")
        cls = getattr(goc, cls_name)
        if dataclasses.is_dataclass(cls):
            assert field in {f.name for f in dataclasses.fields(cls)}, (c, py)


def test_every_c_function_is_used():
    # by the package, or by the SWIG layer itself (errors, goc_free, imports)
    pkg, iface = package_source(), open(SWIG_I, encoding="utf-8").read()
    unused = sorted(f for f in c_functions()
                    if not re.search(r"\b%s\b" % f, pkg) and not re.search(r"\b%s\(" % f, iface))
    assert unused == []


def test_every_c_function_is_wrapped_or_handled_in_c():
    handled_in_c = {"goc_error_last", "goc_error_message", "goc_error_field", "goc_error_clear",
                    "goc_free",
                    "goc_plan_import_json", "goc_plan_import_table", "goc_org_create_many",
                    "goc_org_create_many_ext", "goc_org_create_many_v2", "goc_audit_verify",
                    "goc_report_import_table", "goc_org_import_table"}
    for f in sorted(c_functions()):
        assert hasattr(s, f) != (f in handled_in_c), f


# ---- the versioned structs ----

def c_structs():
    out = {}
    for m in re.finditer(r"typedef struct (goc_\w+) \{(.*?)\}\s*\1;", header_text(), re.S):
        body = re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S)
        out[m.group(1)] = [d.split()[-1].lstrip("*") for d in body.split(";") if d.strip()]
    return out


#: struct -> the Python methods whose keywords fill it, and renamed members
STRUCTS = {
    "goc_open_options": (["open"], {"flags": "readonly", "busy_timeout_ms": "busy_timeout_ms"}),
    "goc_unit_fields": (["Units.create"], {}),
    "goc_zone_fields": (["Zones.create"], {}),
    "goc_org_fields": (["Orgs.create", "Orgs.update"], {}),
    "goc_org_filter": (["Orgs.list"], {}),
    "goc_plan_fields": (["Plans.create"], {}),
    "goc_goal_fields": (["Goals.create"], {}),
    "goc_task_fields": (["Tasks.create"], {}),
    "goc_task_changes": (["Tasks.update"], {}),
    "goc_task_filter": (["Tasks.list"], {}),
    "goc_report_fields": (["Reports.submit"], {}),
    "goc_report_filter": (["Reports.list"], {}),
    "goc_dossier_filter": (["Reports.dossier"], {"flags": "leaves"}),
    "goc_import_options": (["Plans.import_json", "Plans.import_table"],
                           {"flags": "replace", "payload": "progress"}),
    "goc_bulk_options": (["Orgs.create_many"], {"payload": "progress"}),
    "goc_activity_filter": (["Partners.list", "Experts.list", "Events.list",
                             "Requests.list"], {"from": "since", "to": "until"}),
    "goc_partner_fields": (["Partners.create", "Partners.update"], {}),
    "goc_expert_fields": (["Experts.create", "Experts.update"], {}),
    "goc_event_fields": (["Events.create", "Events.update"], {}),
    "goc_request_fields": (["Requests.create", "Requests.update"], {}),
    "goc_audit_filter": (["Audit.list"], {}),
    "goc_kpi_fields": (["Kpis.create"], {}),
    "goc_user_fields": (["Users.add", "Users.update"], {}),
    "goc_report_import_options": (["Reports.import_table"], {}),
    "goc_org_import_options": (["Orgs.import_table"], {}),
    "goc_series_opts": (["Kpis.series", "Kpis.score_series"],
                        {"from": "start", "to": "end", "n_dates": "dates"}),
}

#: structs the library fills for the caller (out-parameters): Python gives
#: their members as the method's result instead
OUT_STRUCTS = {
    "goc_report_import_result": "Reports.import_table",   # (added, unchanged, skipped)
    "goc_org_import_result": "Orgs.import_table",         # the new ids
}


def test_every_struct_is_handled():
    assert sorted(c_structs()) == sorted(list(STRUCTS) + list(OUT_STRUCTS))
    for name, method in OUT_STRUCTS.items():
        resolve(method)


@pytest.mark.parametrize("name", sorted(STRUCTS))
def test_struct_members_reach_python(name):
    members = [m for m in c_structs()[name] if m != "version"]
    swig_fields = s.goc_py_struct_fields(name)
    if name in ("goc_import_options",      # set by goc_py_plan_import() itself
                "goc_bulk_options"):       # and by goc_py_org_create_many()
        members_swig = [m for m in members if m not in ("progress", "payload")]
    elif name == "goc_series_opts":        # dates fills n_dates (a STRV field)
        members_swig = [m for m in members if m != "n_dates"]
    else:
        members_swig = members
    assert swig_fields == members_swig, "goc.i's table for %s is out of date" % name
    methods, renamed = STRUCTS[name]
    params = set()
    for m in methods:
        params |= set(inspect.signature(resolve(m)).parameters)
    aliases = {"kind": {"category"}, "org": {"org"}, "open": {"open"}}
    for m in members:
        py = renamed.get(m, m)
        assert py in params or aliases.get(m, set()) & params, \
            "%s.%s has no keyword in %s" % (name, m, methods)


def test_unknown_struct_keys_are_refused():
    db = s.goc_db_open(":memory:")
    try:
        with pytest.raises(TypeError, match="no field 'nme_zh'"):
            s.goc_org_create(db, {"nme_zh": "x"})
        with pytest.raises(TypeError):
            s.goc_org_create(db, ["name_zh"])
    finally:
        s.goc_db_close(db)
