"""docs/openapi.yaml against the running service: every route of /api/v1
documented, every documented route answering, responses valid against
their documented schemas."""
from __future__ import annotations

import os
import re
from typing import Any, Dict, Iterator, List, Tuple

import jsonschema
import pytest
import yaml

from conftest import AS_OF, PLAN, sign_in

SRC = os.environ.get("GOC_SOURCE_DIR", ".")
PREFIX = "/api/v1"
METHODS = {"get", "post", "put", "patch", "delete"}
SAMPLE = {"plan": PLAN, "code": "i2", "id": "1"}


@pytest.fixture(scope="module")
def spec() -> Dict[str, Any]:
    with open(os.path.join(SRC, "docs", "openapi.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def flask_routes(app) -> Iterator[Tuple[str, str]]:
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len(PREFIX):]) or "/"
        for m in rule.methods - {"HEAD", "OPTIONS"}:
            yield path, m.lower()


def documented(spec) -> List[Tuple[str, str]]:
    return [(p, m) for p, ops in spec["paths"].items() for m in ops if m in METHODS]


def validator(spec, schema) -> jsonschema.Draft202012Validator:
    resolver = jsonschema.RefResolver(base_uri="", referrer=spec)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())


def response_schema(spec, path: str, method: str, status: int) -> Dict[str, Any]:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, "%s %s: status %d is not documented" % (method, path, status)
    r = responses[str(status)]
    if "$ref" in r:
        r = spec["components"]["responses"][r["$ref"].rsplit("/", 1)[1]]
    content = r.get("content") or {}
    media = content.get("application/json") or content.get("application/problem+json")
    return media["schema"] if media else {}


def test_document_is_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1.")
    assert spec["servers"][0]["url"] == PREFIX
    # every $ref points at something
    text = yaml.safe_dump(spec)
    for ref in set(re.findall(r"\$ref: '?#/components/(\w+)/(\w+)", text)):
        assert ref[1] in spec["components"][ref[0]], ref
    # every component schema is a valid JSON Schema 2020-12
    for name, schema in spec["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_route_is_documented(app, spec):
    docs = set(documented(spec))
    missing = sorted(set(flask_routes(app)) - docs)
    assert missing == [], "routes of /api/v1 missing from docs/openapi.yaml: %s" % missing


def test_every_documented_route_exists_in_flask(app, spec):
    routes = set(flask_routes(app))
    extra = sorted(set(documented(spec)) - routes)
    assert extra == [], "documented but not served: %s" % extra


def _fill(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], path)


def test_every_documented_route_answers(client, spec):
    csrf = sign_in(client, "t-admin")
    for path, method in documented(spec):
        if path == "/session":
            continue  # below: it would sign the client out
        url = PREFIX + _fill(path)
        if method == "get":
            r = client.get(url + ("?as_of=%s" % AS_OF if "?" not in url else ""))
        else:  # an empty object: the route answers 400 naming a field, never 404/405
            r = client.open(url, method=method.upper(), json={}, headers={"X-CSRFToken": csrf})
        assert r.status_code not in (404, 405), (method, path, r.status_code, r.get_data(as_text=True)[:200])
        assert str(r.status_code) in spec["paths"][path][method]["responses"], (method, path, r.status_code)
    r = client.post(PREFIX + "/session", json={})
    assert r.status_code == 400
    r = client.delete(PREFIX + "/session", headers={"X-CSRFToken": csrf})
    assert r.status_code == 204


def test_get_responses_match_their_schemas(client, spec):
    sign_in(client, "t-admin")
    checked = 0
    for path, method in documented(spec):
        if method != "get":
            continue
        url = PREFIX + _fill(path)
        params = {p["name"] for p in spec["paths"][path][method].get("parameters", [])
                  if p["in"] == "query"}
        if "as_of" in params:
            url += "?as_of=" + AS_OF
        r = client.get(url)
        assert r.status_code == 200, (path, r.get_data(as_text=True)[:200])
        validator(spec, response_schema(spec, path, "get", 200)).validate(r.json)
        checked += 1
    assert checked == sum(1 for _, m in documented(spec) if m == "get")
    # the other form of /missing, and a filtered list
    validator(spec, response_schema(spec, "/missing", "get", 200)).validate(
        client.get(PREFIX + "/missing?period=2025-Q2").json)


def test_write_and_error_responses_match_their_schemas(client, spec):
    h = {"X-CSRFToken": sign_in(client, "t-scitech")}
    cases = [
        ("/reports", "post", {"task": "i2", "period": "2025-Q3", "date": "2025-07-01",
                              "status": "in_progress"}, 201),
        ("/orgs", "post", {"name_zh": "模式组织", "category": "trade", "date": "2025-07-01"}, 201),
        ("/partners", "post", {"name_zh": "模式伙伴", "kind": "chamber", "date": "2025-07-01"}, 201),
        ("/experts", "post", {"name": "模式专家", "date": "2025-07-01"}, 201),
        ("/events", "post", {"title_zh": "模式论坛", "date": "2025-07-01", "kind": "forum"}, 201),
        ("/reports", "post", {"task": "i2"}, 400),
        ("/orgs/{id}/stage", "post", {"stage": "contacting", "date": "2025-07-01"}, 403),
        ("/orgs/{id}/hq", "post", {"date": "2025-07-01"}, 403),
    ]
    for path, method, body, status in cases:
        r = client.open(PREFIX + _fill(path), method=method.upper(), json=body, headers=h)
        assert r.status_code == status, (path, r.get_data(as_text=True))
        # the request body is valid against its documented schema when it succeeds
        if status < 400:
            req = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
            validator(spec, req).validate(body)
        validator(spec, response_schema(spec, path, method, status)).validate(r.json)
    r = client.get(PREFIX + "/audit")
    validator(spec, response_schema(spec, "/audit", "get", 403)).validate(r.json)


def test_the_real_server_answers_as_documented(server, spec):
    """The same document against goc-web under gunicorn: the public route."""
    import json as _json
    c = server.conn()
    c.request("GET", PREFIX + "/")
    r = c.getresponse()
    assert r.status == 200
    validator(spec, response_schema(spec, "/", "get", 200)).validate(_json.loads(r.read()))
    c.close()


def test_record_schemas_name_the_python_attributes(spec):
    """Each record's schema has exactly the fields of the Python record of
    the same name (goc.Org -> Org …): the API's field names are the
    package's attribute names."""
    import dataclasses

    from goc import _records
    schemas = spec["components"]["schemas"]
    seen = 0
    for name in _records.__all__:
        cls = getattr(_records, name)
        if name not in schemas:
            continue
        fields = {f.name for f in dataclasses.fields(cls)}
        assert set(schemas[name]["properties"]) == fields, name
        assert set(schemas[name]["required"]) == fields, name
        seen += 1
    assert seen >= 19
