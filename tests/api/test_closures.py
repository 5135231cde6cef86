"""/api/closures: the 销号 chain driven through the API, each step by its own role."""

import pytest

from tests import factories as f
from tests.api.conftest import ids
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Closure, Inspection, Problem, Review


@pytest.fixture
def closure(world):
    """problem_a (both measures led by Leo) completed with evidence, with a pending 销号 request."""
    world.measure_bob.update(world.bob, status="completed", note="已完成")
    world.measure_dan.update(world.dan, status="completed", note="已完成")
    f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    return world.problem_a.request_closure(world.bob, "申请销号")


def decide(client, closure, approve, note=""):
    return client.post(f"/api/closures/{closure.pk}/decide", {"approve": approve, "note": note})


def test_whole_chain_through_the_api(world, api_as, closure):
    alice, leo = api_as(world.alice), api_as(world.leo)
    detail = alice.get(f"/api/closures/{closure.pk}").json()
    assert detail["step"] == "office_check" and detail["can_decide"] is True
    assert detail["chain"] == ["office_check", "leader_confirm"]
    assert leo.get(f"/api/closures/{closure.pk}").json()["can_decide"] is False
    # The leader cannot jump the office's step.
    assert decide(leo, closure, True).status_code == 403

    response = decide(alice, closure, True, "材料齐全")
    assert response.status_code == 200, response.content
    assert response.json()["step"] == "leader_confirm", response.json()
    assert response.json()["can_decide"] is False

    response = decide(leo, closure, True, "同意销号")
    body = response.json()
    assert response.status_code == 200 and body["state"] == "approved" and body["state_label"] == "已销号"
    assert [(s["step"], s["approved"], s["decided_by"]["username"]) for s in body["steps"]] == [
        ("office_check", True, "alice"),
        ("leader_confirm", True, "leo"),
    ]
    problem = Problem.objects.get(pk=world.problem_a.pk)
    assert problem.closure_state == Problem.ClosureState.CLOSED
    assert Review.objects.filter(problem=problem, closure=closure).exists()
    assert AuditEvent.objects.filter(action="closure.leader_confirm", actor=world.leo).exists()
    # Deciding again is refused by the workflow.
    response = decide(alice, closure, True)
    assert response.status_code == 409 and "已销号" in response.json()["detail"]


def test_rejection_needs_a_reason_and_reopens(world, api_as, closure):
    alice = api_as(world.alice)
    response = decide(alice, closure, False)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "note"
    response = decide(alice, closure, False, "佐证材料不充分")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert Problem.objects.get(pk=world.problem_a.pk).closure_state == Problem.ClosureState.OPEN


def test_supervisor_signs_off_when_required(world, api_as, closure):
    Inspection.objects.filter(pk=world.inspection1.pk).update(require_supervisor_signoff=True)
    decide(api_as(world.alice), closure, True)
    decide(api_as(world.leo), closure, True)
    assert Closure.objects.get(pk=closure.pk).step == "supervisor_signoff"
    assert decide(api_as(world.alice), closure, True).status_code == 403
    response = decide(api_as(world.sam), closure, True, "同意")
    assert response.status_code == 200 and response.json()["state"] == "approved"


def test_owner_cannot_decide_and_other_unit_gets_404(world, api_as, closure):
    assert decide(api_as(world.bob), closure, True).status_code == 403
    assert decide(api_as(world.carol), closure, True).status_code == 404
    assert api_as(world.carol).get(f"/api/closures/{closure.pk}").status_code == 404
    assert ids(api_as(world.carol).get("/api/closures")) == set()
    assert Closure.objects.get(pk=closure.pk).step == "office_check"


def test_list_filters(world, api_as, closure):
    alice = api_as(world.alice)
    assert ids(alice.get("/api/closures", state="pending", step="office_check")) == {closure.pk}
    assert ids(alice.get("/api/closures", problem=world.problem_b.pk)) == set()
    assert alice.get("/api/closures", step="later").status_code == 422
