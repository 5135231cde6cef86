"""The OpenAPI schema and the docs page."""

from django.urls import reverse

ROUTERS = {
    "机构": "/api/organisations",
    "巡察": "/api/inspections",
    "问题": "/api/problems",
    "整改措施": "/api/measures",
    "整改进展": "/api/updates",
    "佐证材料": "/api/evidence",
    "销号审批": "/api/closures",
}


def test_openapi_schema_lists_every_router(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "整改台账 API" and schema["info"]["version"] == "1"
    tags = {tag for path in schema["paths"].values() for op in path.values() for tag in op["tags"]}
    assert tags == set(ROUTERS)
    for prefix in ROUTERS.values():
        assert prefix in schema["paths"], prefix  # the list
        assert any(p.startswith(prefix + "/{") for p in schema["paths"]), prefix  # the detail
    writes = {(p, m) for p, ops in schema["paths"].items() for m in ops if m in ("post", "patch")}
    assert writes == {
        ("/api/problems", "post"),
        ("/api/problems/{problem_id}", "patch"),
        ("/api/problems/{problem_id}/closure", "post"),
        ("/api/measures", "post"),
        ("/api/measures/{measure_id}/assign", "post"),
        ("/api/updates", "post"),
        ("/api/closures/{closure_id}/decide", "post"),
        ("/api/problems/{problem_id}/supervision", "post"),
    }
    schemes = schema["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes) and schemes["TokenAuth"]["scheme"] == "bearer"


def test_every_operation_requires_authentication(client):
    schema = client.get("/api/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("security"), f"{method} {path} has no auth"


def test_docs_page_loads(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert reverse("api:openapi-json") == "/api/openapi.json"
