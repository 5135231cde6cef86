"""/api/measures: lists with lights, detail, create and assign by the 整改办."""

import datetime

import pytest
import time_machine

from tests import factories as f
from tests.api.conftest import ids
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Light, Measure, Status


def test_detail_reports_light_and_staleness(world, api_as):
    Measure.objects.filter(pk=world.measure_bob.pk).update(deadline=f.today() + datetime.timedelta(days=5))
    body = api_as(world.bob).get(f"/api/measures/{world.measure_bob.pk}").json()
    assert body["light"] == "yellow" and body["light_label"] == "黄灯"
    assert body["inspection_id"] == world.inspection1.pk and body["problem_id"] == world.problem_a.pk
    assert body["is_stale"] is False


def test_light_filter_agrees_with_measure_light(world, api_as):
    """The database filter must give exactly the measures whose light() says so, at the edges too."""
    today = f.today()
    inspection = world.inspection1
    custom = f.make_inspection(unit=world.hospital1, green_days=30, yellow_days=3)
    offsets = [-3, -1, 0, 1, 3, 4, 9, 10, 11, 19, 20, 21, 29, 30, 31, 60]
    for n, days in enumerate(offsets):
        problem = f.make_problem(inspection=inspection if n % 2 else custom)
        f.make_measure(problem=problem, deadline=today + datetime.timedelta(days=days))
    f.make_measure(problem=world.problem_b, long_term=True, deadline=None)
    f.make_measure(
        problem=world.problem_b, status=Status.COMPLETED, deadline=today - datetime.timedelta(days=3)
    )
    f.make_measure(problem=world.problem_b, deadline=None)
    alice = api_as(world.alice)
    everything = Measure.objects.select_related("problem__inspection").filter(
        problem__inspection__unit=world.hospital1
    )
    for light in Light.values:
        expected = {m.pk for m in everything if m.light(today) == light}
        got = ids(alice.get("/api/measures", light=light, page_size=200))
        assert got == expected, light
    assert ids(alice.get("/api/measures", light="red", page_size=200))  # the fixture really has red ones


def test_stale_flag_follows_the_clock(world, api_as):
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=30)):
        body = api_as(world.bob).get(f"/api/measures/{world.measure_bob.pk}").json()
    assert body["is_stale"] is True


def test_filters_by_owner_leader_problem_and_status(world, api_as):
    alice = api_as(world.alice)
    assert ids(alice.get("/api/measures", owner=world.dan.pk)) == {
        world.measure_dan.pk,
        world.measure_dan_b.pk,
    }
    assert ids(alice.get("/api/measures", leader=world.leo.pk)) == {
        world.measure_bob.pk,
        world.measure_dan.pk,
    }
    assert ids(alice.get("/api/measures", problem=world.problem_b.pk)) == {world.measure_dan_b.pk}
    assert ids(alice.get("/api/measures", status="completed")) == set()


def test_unit_admin_creates_a_measure(world, api_as):
    deadline = (f.today() + datetime.timedelta(days=30)).isoformat()
    response = api_as(world.alice).post(
        "/api/measures",
        {
            "problem_id": world.problem_b.pk,
            "text": "修订财务报销审核制度，开展专项检查",
            "department_id": world.finance1.pk,
            "owner_id": world.dan.pk,
            "leader_id": world.leo.pk,
            "deadline": deadline,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline"] == deadline and body["owner"]["username"] == "dan"
    measure = Measure.objects.get(pk=body["id"])
    assert measure.department == world.finance1 and measure.leader == world.leo
    assert AuditEvent.objects.filter(
        action="measure.create", object_id=str(measure.pk), actor=world.alice
    ).exists()


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"owner_id": "olga"}, "owner_id"),
        ({"deadline": "2026-13-01"}, "deadline"),
        ({"text": ""}, "text"),
        ({"long_term": "sometimes"}, "long_term"),
    ],
)
def test_create_rejects_invalid_fields(world, api_as, extra, field):
    body = {"problem_id": world.problem_b.pk, "text": "措施", **extra}
    response = api_as(world.alice).post("/api/measures", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]


def test_people_and_departments_must_belong_to_the_unit(world, api_as):
    alice = api_as(world.alice)
    for field, value in [
        ("owner_id", world.olga.pk),
        ("leader_id", world.carol.pk),
        ("department_id", world.medical2.pk),
    ]:
        response = alice.post(
            "/api/measures", {"problem_id": world.problem_b.pk, "text": "措施", field: value}
        )
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["field"] == field
        assert "第一人民医院" in response.json()["detail"][0]["msg"]
    # An id that does not exist at all gets the very same answer.
    missing = alice.post(
        "/api/measures", {"problem_id": world.problem_b.pk, "text": "措施", "owner_id": 999999}
    )
    other = alice.post(
        "/api/measures", {"problem_id": world.problem_b.pk, "text": "措施", "owner_id": world.olga.pk}
    )
    assert missing.json() == other.json()
    assert world.problem_b.measures.count() == 1


def test_unit_admin_assigns_and_the_change_is_logged(world, api_as):
    new_deadline = f.today() + datetime.timedelta(days=15)
    response = api_as(world.alice).post(
        f"/api/measures/{world.measure_dan_b.pk}/assign",
        {
            "owner_id": world.bob.pk,
            "department_id": world.medical1.pk,
            "deadline": new_deadline.isoformat(),
            "note": "调整分工",
        },
    )
    assert response.status_code == 200, response.content
    measure = Measure.objects.get(pk=world.measure_dan_b.pk)
    assert (
        measure.owner == world.bob
        and measure.department == world.medical1
        and measure.deadline == new_deadline
    )
    event = AuditEvent.objects.get(action="measure.assign", object_id=str(measure.pk))
    assert event.actor == world.alice and "deadline" in event.after
    assert measure.updates.filter(kind="assign").exists()
    # Fields not sent are left alone; null clears.
    response = api_as(world.alice).post(f"/api/measures/{world.measure_dan_b.pk}/assign", {"deadline": None})
    measure.refresh_from_db()
    assert response.status_code == 200 and measure.deadline is None and measure.owner == world.bob


def test_assign_needs_something_to_change(world, api_as):
    response = api_as(world.alice).post(f"/api/measures/{world.measure_dan_b.pk}/assign", {"note": "无"})
    assert response.status_code == 422


def test_owner_cannot_assign(world, api_as):
    response = api_as(world.bob).post(
        f"/api/measures/{world.measure_bob.pk}/assign", {"owner_id": world.bob.pk}
    )
    assert response.status_code == 403
