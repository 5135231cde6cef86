"""/api/updates: the progress log, and posting progress (the measure's owner only)."""

import pytest

from tests.api.conftest import ids
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Problem, ProgressUpdate, Status


def test_owner_posts_progress_which_writes_update_and_audit_event(world, api_as):
    bob = api_as(world.bob)
    response = bob.post(
        "/api/updates",
        {"measure_id": world.measure_bob.pk, "status": "completed", "note": "已修订《医疗质量管理制度》"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["measure_id"] == world.measure_bob.pk and body["problem_id"] == world.problem_a.pk
    assert body["old_status"] == "in_progress" and body["new_status"] == "completed"
    assert body["author"]["username"] == "bob"
    entry = ProgressUpdate.objects.get(pk=body["id"])
    assert entry.author == world.bob and entry.note == "已修订《医疗质量管理制度》"
    event = AuditEvent.objects.get(action="measure.update", object_id=str(world.measure_bob.pk))
    assert event.actor == world.bob and event.after == {"status": "completed"}
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.status == Status.COMPLETED
    # The problem's status follows: one of two measures completed -> partial.
    assert Problem.objects.get(pk=world.problem_a.pk).status == Status.PARTIAL


def test_note_only_update_keeps_the_status(world, api_as):
    response = api_as(world.bob).post(
        "/api/updates", {"measure_id": world.measure_bob.pk, "note": "已召开专题会"}
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "note"
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.status == Status.IN_PROGRESS and world.measure_bob.last_update_at is not None


def test_owner_cannot_update_another_departments_visible_measure(world, api_as):
    # Bob sees problem_a, hence Dan's measure on it, but may not change it: 403.
    bob = api_as(world.bob)
    assert bob.get(f"/api/measures/{world.measure_dan.pk}").status_code == 200
    response = bob.post("/api/updates", {"measure_id": world.measure_dan.pk, "status": "completed"})
    assert response.status_code == 403
    assert "责任" in response.json()["detail"]
    assert not ProgressUpdate.objects.filter(measure=world.measure_dan).exists()


def test_owner_cannot_update_a_measure_he_cannot_see(world, api_as):
    response = api_as(world.bob).post("/api/updates", {"measure_id": world.measure_dan_b.pk, "note": "x"})
    assert response.status_code == 404


def test_leader_cannot_post_progress(world, api_as):
    response = api_as(world.leo).post("/api/updates", {"measure_id": world.measure_bob.pk, "note": "同意"})
    assert response.status_code == 403


def test_workflow_refusal_is_409_with_chinese_reason(world, api_as):
    Problem.objects.filter(pk=world.problem_a.pk).update(closure_state=Problem.ClosureState.PENDING)
    response = api_as(world.bob).post(
        "/api/updates", {"measure_id": world.measure_bob.pk, "status": "completed"}
    )
    assert response.status_code == 409
    assert "销号审批中" in response.json()["detail"]


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"note": "没有措施"}, "measure_id", "必填"),
        ({"measure_id": "abc", "note": "x"}, "measure_id", "应为整数"),
        ({"measure_id": 1, "status": "done"}, "status", "取值无效"),
        ({"measure_id": 1, "note": 5}, "note", "应为字符串"),
        ({"measure_id": 1, "note": "长" * 5001}, "note", "不能超过 5000 个字符"),
    ],
)
def test_invalid_payload_is_422_with_field_and_chinese_message(world, api_as, body, field, message):
    response = api_as(world.bob).post("/api/updates", body)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["msg"]


def test_choice_error_lists_the_allowed_values(world, api_as):
    response = api_as(world.bob).post("/api/updates", {"measure_id": 1, "status": "done"})
    assert response.json()["detail"][0]["msg"] == "取值无效，可选：completed、partial、in_progress、long_term"


def test_responses_are_utf8_not_escaped(world, api_as):
    response = api_as(world.carol).get(f"/api/problems/{world.problem_a.pk}")
    assert "未找到".encode() in response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_empty_update_is_422_on_note(world, api_as):
    response = api_as(world.bob).post("/api/updates", {"measure_id": world.measure_bob.pk, "note": "   "})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "note"


def test_malformed_json_is_400_in_chinese(world, api_as):
    client = api_as(world.bob).client
    response = client.post("/api/updates", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求体不是合法的 JSON。"


def test_list_is_newest_first_and_filters_by_measure(world, api_as):
    first = world.measure_bob.update(world.bob, note="第一次")
    second = world.measure_bob.update(world.bob, note="第二次")
    world.measure_dan.update(world.dan, note="财务科")
    alice = api_as(world.alice)
    items = alice.get("/api/updates", measure=world.measure_bob.pk).json()["items"]
    assert [i["id"] for i in items] == [second.pk, first.pk]
    assert len(ids(alice.get("/api/updates", problem=world.problem_a.pk))) == 3
    assert ids(alice.get("/api/updates", kind="status")) == set()
    assert alice.get("/api/updates", kind="nonsense").status_code == 422
    assert alice.get(f"/api/updates/{first.pk}").json()["note"] == "第一次"
