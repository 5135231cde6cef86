"""History is append-only: AuditEvent and ProgressUpdate rows are never changed or deleted."""

import pytest

from tests import factories as f
from zhenggai import audit
from zhenggai.audit.models import AppendOnlyError, AuditEvent
from zhenggai.ledger.models import ProgressUpdate


def test_record_fills_in_object_and_unit(world):
    event = audit.record(
        world.alice, "problem.edit", world.problem_a, {"title": "旧"}, {"title": "新"}, "修改标题"
    )
    assert (event.object_type, event.object_id) == ("ledger.problem", str(world.problem_a.pk))
    assert event.unit == world.hospital1 and event.actor == world.alice
    assert event.before == {"title": "旧"} and event.note == "修改标题"


@pytest.mark.parametrize("model", [AuditEvent, ProgressUpdate])
def test_existing_rows_cannot_be_saved_or_deleted(world, model):
    world.measure_bob.update(world.bob, note="进展")
    row = model.objects.first()
    assert row is not None
    row.note = "篡改"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(note="篡改")
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        model._base_manager.filter(pk=row.pk).delete()
    row.refresh_from_db()
    assert row.note != "篡改"


def test_a_problem_with_history_cannot_be_deleted(world):
    from django.db.models import ProtectedError

    world.measure_bob.update(world.bob, note="进展")
    with pytest.raises(ProtectedError):
        world.problem_a.delete()


def test_a_user_with_history_cannot_be_deleted(world):
    from django.db.models import ProtectedError

    world.measure_bob.update(world.bob, note="进展")
    with pytest.raises(ProtectedError):
        world.bob.delete()


def test_every_workflow_step_leaves_an_audit_event(world):
    problem = f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
    actions = set(AuditEvent.objects.filter(unit=world.hospital1).values_list("action", flat=True))
    assert {
        "evidence.upload",
        "closure.request",
        "closure.office_check",
        "closure.leader_confirm",
        "review.schedule",
    } <= actions
    assert problem.updates.count() >= 5
