import datetime

import pytest

from zhenggai.audit.models import events_for
from zhenggai.ledger.models import SupervisionAction, WorkflowError


def test_supervisor_records_an_urge_notice_on_a_measure(world):
    due = datetime.date(2026, 8, 1)
    action = world.problem_a.supervise(
        world.sam, "urge", "请于8月1日前报送整改进展", due, measure=world.measure_bob
    )
    assert (action.kind, action.by, action.due_date, action.measure) == (
        "urge",
        world.sam,
        due,
        world.measure_bob,
    )
    assert action.get_kind_display() == "督办单"
    assert world.problem_a.updates.filter(kind="supervision", note__startswith="督办单：").exists()
    assert events_for(world.problem_a).filter(action="supervise.urge", actor=world.sam).exists()


def test_talk_is_recorded_and_bad_input_refused(world):
    world.problem_b.supervise(world.sam, SupervisionAction.Kind.TALK, "约谈财务科负责人")
    with pytest.raises(WorkflowError, match="未知的督办类型"):
        world.problem_b.supervise(world.sam, "fine", "罚款")
    with pytest.raises(WorkflowError, match="请填写"):
        world.problem_b.supervise(world.sam, "urge", "  ")
    with pytest.raises(WorkflowError, match="不属于此问题"):
        world.problem_b.supervise(world.sam, "urge", "督办", measure=world.measure_bob)
    assert SupervisionAction.objects.count() == 1
