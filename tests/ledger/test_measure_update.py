import pytest

from tests import factories as f
from zhenggai.audit.models import AuditEvent, events_for
from zhenggai.ledger.models import ProgressUpdate, Status, WorkflowError


def test_owner_update_writes_progress_update_and_audit_event(world):
    measure = world.measure_bob
    entry = measure.update(world.bob, Status.PARTIAL, "已修订制度初稿")
    assert entry.kind == ProgressUpdate.Kind.STATUS
    assert (entry.old_status, entry.new_status, entry.author) == (
        Status.IN_PROGRESS,
        Status.PARTIAL,
        world.bob,
    )
    event = events_for(measure).get(action="measure.update")
    assert event.actor == world.bob
    assert event.before == {"status": "in_progress"} and event.after == {"status": "partial"}
    assert event.unit == world.hospital1
    measure.refresh_from_db()
    assert measure.status == Status.PARTIAL and measure.last_update_at is not None


def test_note_without_status_is_a_note_entry(world):
    entry = world.measure_bob.update(world.bob, note="召开专题会议研究")
    assert entry.kind == ProgressUpdate.Kind.NOTE
    assert entry.new_status == Status.IN_PROGRESS


def test_empty_update_and_unknown_status_are_refused(world):
    with pytest.raises(WorkflowError, match="请填写进展情况"):
        world.measure_bob.update(world.bob, note="  ")
    with pytest.raises(WorkflowError, match="未知的整改状态"):
        world.measure_bob.update(world.bob, status="done")
    assert not ProgressUpdate.objects.filter(measure=world.measure_bob).exists()


@pytest.mark.django_db
def test_status_of_measure_of_closed_problem_cannot_change():
    problem = f.make_closed_problem()
    measure = problem.measures.get()
    with pytest.raises(WorkflowError, match="已销号"):
        measure.update(f.make_user(), Status.IN_PROGRESS, "想改回去")


def test_assign_records_before_and_after(world):
    import datetime

    measure = world.measure_dan_b
    deadline = datetime.date(2030, 6, 30)
    entry = measure.assign(world.alice, owner=world.bob, department=world.medical1, deadline=deadline)
    measure.refresh_from_db()
    assert (measure.owner, measure.department, measure.deadline) == (world.bob, world.medical1, deadline)
    assert entry.kind == ProgressUpdate.Kind.ASSIGN and "医务科" in entry.note
    event = AuditEvent.objects.get(action="measure.assign")
    assert event.before["owner"] == "dan" and event.after["owner"] == "bob"
    assert event.after["deadline"] == "2030-06-30"


def test_assign_refuses_a_department_of_another_unit(world):
    with pytest.raises(WorkflowError, match="不属于"):
        world.measure_bob.assign(world.alice, department=world.medical2)
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.department == world.medical1


def test_assign_refuses_a_person_who_is_not_a_member_of_the_unit(world):
    with pytest.raises(WorkflowError, match="责任人“中心医院医务科小欧”不是某市第一人民医院的成员"):
        world.measure_bob.assign(world.alice, owner=world.olga)
    with pytest.raises(WorkflowError, match="责任领导"):
        world.measure_bob.assign(world.alice, leader=world.nora)
    world.measure_bob.refresh_from_db()
    assert (world.measure_bob.owner, world.measure_bob.leader) == (world.bob, world.leo)
