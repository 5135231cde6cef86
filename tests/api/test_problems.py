"""/api/problems: lists with filters, detail, create/edit by the 整改办, 销号 requests."""

import datetime

from tests import factories as f
from tests.api.conftest import ids
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Closure, Measure, Problem, Status


def test_detail_has_measures_people_and_category_path(world, api_as):
    heading = f.make_category(world.inspection1, label="一、", title="党的领导弱化")
    sub = f.make_category(
        world.inspection1, parent=heading, label="（一）", title="贯彻落实上级决策部署不到位"
    )
    Problem.objects.filter(pk=world.problem_a.pk).update(category=sub)
    body = api_as(world.alice).get(f"/api/problems/{world.problem_a.pk}").json()
    assert body["title"] == "医疗质量安全管理制度落实不到位"
    assert [c["title"] for c in body["category_path"]] == ["党的领导弱化", "贯彻落实上级决策部署不到位"]
    assert body["status"] == "in_progress" and body["status_label"] == "正在整改"
    assert body["closure_state_label"] == "已挂号"
    measures = {m["id"]: m for m in body["measures"]}
    assert set(measures) == {world.measure_bob.pk, world.measure_dan.pk}
    bob_measure = measures[world.measure_bob.pk]
    assert bob_measure["owner"]["name"] == "医务科老包"
    assert bob_measure["department"] == {"id": world.medical1.pk, "name": "医务科"}
    assert bob_measure["leader"]["username"] == "leo"


def test_filters_by_status_department_and_light(world, api_as):
    today = f.today()
    Measure.objects.filter(pk=world.measure_dan_b.pk).update(deadline=today - datetime.timedelta(days=1))
    world.measure_bob.update(world.bob, status=Status.COMPLETED, note="完成")
    alice = api_as(world.alice)
    assert ids(alice.get("/api/problems", status="partial")) == {world.problem_a.pk}
    assert ids(alice.get("/api/problems", status="in_progress")) == {world.problem_b.pk}
    assert ids(alice.get("/api/problems", department=world.medical1.pk)) == {world.problem_a.pk}
    assert ids(alice.get("/api/problems", department=world.finance1.pk)) == {
        world.problem_a.pk,
        world.problem_b.pk,
    }
    assert ids(alice.get("/api/problems", light="red")) == {world.problem_b.pk}
    assert ids(alice.get("/api/problems", inspection=world.inspection1.pk, is_public="true")) == {
        world.problem_a.pk,
        world.problem_b.pk,
    }
    response = alice.get("/api/problems", light="purple")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "light"


def test_pagination(world, api_as):
    for n in range(5):
        f.make_problem(inspection=world.inspection1, title=f"分页问题{n}")
    alice = api_as(world.alice)
    page1 = alice.get("/api/problems", page=1, page_size=3).json()
    page3 = alice.get("/api/problems", page=3, page_size=3).json()
    assert page1["count"] == page3["count"] == 7
    assert len(page1["items"]) == 3 and len(page3["items"]) == 1
    assert alice.get("/api/problems", page=0).status_code == 422


def test_unit_admin_creates_a_problem_with_audit(world, api_as):
    category = f.make_category(world.inspection1, title="作风建设")
    response = api_as(world.alice).post(
        "/api/problems",
        {
            "inspection_id": world.inspection1.pk,
            "category_id": category.pk,
            "label": "3",
            "title": "  会议室使用管理不规范  ",
            "is_public": False,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    problem = Problem.objects.get(pk=body["id"])
    assert problem.title == "会议室使用管理不规范" and not problem.is_public
    assert problem.category == category and body["measures"] == []
    event = AuditEvent.objects.get(action="problem.create", object_id=str(problem.pk))
    assert event.actor == world.alice and event.after["title"] == "会议室使用管理不规范"


def test_create_rejects_bad_fields(world, api_as):
    alice = api_as(world.alice)
    response = alice.post("/api/problems", {"inspection_id": world.inspection1.pk, "title": "   "})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "title"
    other_category = f.make_category(world.inspection2)
    response = alice.post(
        "/api/problems",
        {"inspection_id": world.inspection1.pk, "title": "x", "category_id": other_category.pk},
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "category_id"
    assert not Problem.objects.filter(title="x").exists()


def test_owner_cannot_create_or_edit_problems(world, api_as):
    bob = api_as(world.bob)
    assert bob.post("/api/problems", {"inspection_id": world.inspection1.pk, "title": "x"}).status_code == 403
    assert bob.patch(f"/api/problems/{world.problem_a.pk}", {"title": "改"}).status_code == 403


def test_unit_admin_edits_a_problem(world, api_as):
    response = api_as(world.alice).patch(
        f"/api/problems/{world.problem_b.pk}", {"title": "财务报销审核把关不严", "immediate": True}
    )
    assert response.status_code == 200
    problem = Problem.objects.get(pk=world.problem_b.pk)
    assert problem.title == "财务报销审核把关不严" and problem.immediate
    event = AuditEvent.objects.get(action="problem.edit", object_id=str(problem.pk))
    assert event.before == {"title": "财务报销审核不严", "immediate": False}
    response = api_as(world.alice).patch(f"/api/problems/{world.problem_b.pk}", {"title": None})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "title"


def test_closure_request_without_evidence_is_409(world, api_as):
    Measure.objects.filter(problem=world.problem_b).update(status=Status.COMPLETED)
    response = api_as(world.dan).post(f"/api/problems/{world.problem_b.pk}/closure", {"note": "已完成"})
    assert response.status_code == 409
    assert "佐证" in response.json()["detail"]
    assert not Closure.objects.exists()


def test_owner_requests_closure(world, api_as):
    dan = api_as(world.dan)
    assert (
        dan.post("/api/updates", {"measure_id": world.measure_dan_b.pk, "status": "completed"}).status_code
        == 201
    )
    f.make_evidence(world.problem_b, world.measure_dan_b, by=world.dan)
    response = dan.post(f"/api/problems/{world.problem_b.pk}/closure", {"note": "措施已全部完成"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["state"] == "pending" and body["step"] == "office_check" and body["step_label"] == "整改办审核"
    )
    assert Problem.objects.get(pk=world.problem_b.pk).closure_state == Problem.ClosureState.PENDING


def test_leader_cannot_request_closure(world, api_as):
    response = api_as(world.leo).post(f"/api/problems/{world.problem_a.pk}/closure", {})
    assert response.status_code == 403


def test_supervisor_issues_an_urge_notice(world, api_as):
    due = (f.today() + datetime.timedelta(days=7)).isoformat()
    response = api_as(world.sam).post(
        f"/api/problems/{world.problem_a.pk}/supervision",
        {
            "kind": "urge",
            "text": "请于一周内报送整改进展",
            "due_date": due,
            "measure_id": world.measure_bob.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind_label"] == "督办单" and body["by"]["username"] == "sam" and body["due_date"] == due
    assert world.problem_a.updates.filter(kind="supervision", measure=world.measure_bob).exists()
    assert AuditEvent.objects.filter(action="supervise.urge", actor=world.sam).exists()


def test_supervision_is_for_supervisors_only(world, api_as):
    body = {"kind": "talk", "text": "约谈"}
    assert (
        api_as(world.alice).post(f"/api/problems/{world.problem_a.pk}/supervision", body).status_code == 403
    )
    assert (
        api_as(world.carol).post(f"/api/problems/{world.problem_a.pk}/supervision", body).status_code == 404
    )
    sam = api_as(world.sam)
    response = sam.post(
        f"/api/problems/{world.problem_a.pk}/supervision", {**body, "measure_id": world.measure_dan_b.pk}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "measure_id"
    response = sam.post(f"/api/problems/{world.problem_a.pk}/supervision", {"kind": "scold", "text": ""})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"kind", "text"}


def test_position_out_of_range_is_422_not_a_database_error(world, api_as):
    alice = api_as(world.alice)
    for position in (-1, 2**31):
        response = alice.post(
            "/api/problems", {"inspection_id": world.inspection1.pk, "title": "x", "position": position}
        )
        assert response.status_code == 422, position
        assert response.json()["detail"][0]["field"] == "position"
