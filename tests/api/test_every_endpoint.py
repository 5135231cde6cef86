"""Walks every operation of the API (from its own OpenAPI schema, so a new endpoint cannot be
forgotten) for every persona: anonymous → 401, another unit's objects → 404, never a 5xx."""

import re

import pytest
from django.test import Client

from tests import factories as f
from tests.api.conftest import ApiClient
from zhenggai.api.main import api

PERSONAS = ["sam", "alice", "leo", "bob", "dan", "vera", "carol", "olga", "nora"]


def operations():
    schema = api.get_openapi_schema()
    return [(path, method) for path, ops in schema["paths"].items() for method in ops]


def unit_a_objects(world) -> dict[str, int]:
    """A unit-A (第一人民医院) object for every path parameter."""
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    update = world.measure_bob.update(world.bob, note="进展")
    closable = f.make_closable_problem(inspection=world.inspection1)
    closure = closable.request_closure(world.alice, "申请销号")
    return {
        "closure_id": closure.pk,
        "organisation_id": world.medical1.pk,
        "inspection_id": world.inspection1.pk,
        "problem_id": world.problem_a.pk,
        "measure_id": world.measure_bob.pk,
        "update_id": update.pk,
        "evidence_id": evidence.pk,
    }


def bodies(objects: dict[str, int]) -> dict[tuple[str, str], dict]:
    """A valid body for every write, aimed at unit A."""
    return {
        ("/api/problems", "post"): {"inspection_id": objects["inspection_id"], "title": "新问题"},
        ("/api/problems/{problem_id}", "patch"): {"title": "改标题"},
        ("/api/problems/{problem_id}/closure", "post"): {"note": "申请销号"},
        ("/api/measures", "post"): {"problem_id": objects["problem_id"], "text": "新措施"},
        ("/api/measures/{measure_id}/assign", "post"): {"deadline": None},
        ("/api/updates", "post"): {"measure_id": objects["measure_id"], "note": "进展"},
        ("/api/closures/{closure_id}/decide", "post"): {"approve": True, "note": "同意"},
        ("/api/problems/{problem_id}/supervision", "post"): {"kind": "urge", "text": "督办"},
    }


def call(client: Client, path: str, method: str, objects: dict[str, int], body: dict | None):
    url = re.sub(r"\{(\w+)\}", lambda m: str(objects[m.group(1)]), path)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body or {}, content_type="application/json")


def test_the_walk_covers_every_operation():
    assert len(operations()) == 22


def test_anonymous_gets_401_everywhere(world):
    objects = unit_a_objects(world)
    writes = bodies(objects)
    client = Client()
    for path, method in operations():
        response = call(client, path, method, objects, writes.get((path, method)))
        assert response.status_code == 401, (method, path)


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_gets_a_deliberate_answer_everywhere(world, name):
    objects = unit_a_objects(world)
    writes = bodies(objects)
    user = getattr(world, name)
    client = ApiClient(user).client
    unit_a = name in ("alice", "leo", "bob", "dan", "vera", "sam")
    for path, method in operations():
        response = call(client, path, method, objects, writes.get((path, method)))
        status = response.status_code
        assert status < 500, (name, method, path, response.content)
        assert response["Content-Type"].startswith("application/json"), (name, method, path)
        if not unit_a and "{" in path:
            assert status == 404, (name, method, path, status)
        if not unit_a and method == "get" and "{" not in path:
            listed = {item["id"] for item in response.json()["items"]}
            key = path.rsplit("/", 1)[1].rstrip("s") + "_id"
            if key in objects:
                assert objects[key] not in listed, (name, path)
        if name in ("vera", "leo", "sam") and method != "get" and not path.endswith("/supervision"):
            assert status in (403, 404), (name, method, path, status)
