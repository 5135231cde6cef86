"""销号: owner asks → 整改办 checks → 责任领导 confirms → (optionally) supervisor signs off."""

import datetime

import pytest
import time_machine

from tests import factories as f
from zhenggai.audit.models import events_for
from zhenggai.ledger.models import Closure, ClosureStep, Problem, Review, Status, WorkflowError


@pytest.fixture
def ready(world):
    """Problem A with both measures completed and Bob's evidence uploaded."""
    world.measure_bob.update(world.bob, Status.COMPLETED, "制度已印发")
    world.measure_dan.update(world.dan, Status.LONG_TERM, "纳入日常财务审核")
    f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    world.problem_a.refresh_from_db()
    return world.problem_a


def test_closure_is_refused_while_a_measure_is_open(world):
    world.measure_bob.update(world.bob, Status.COMPLETED, "完成")
    f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    with pytest.raises(WorkflowError, match="1 条整改措施未完成或未列为长期坚持"):
        world.problem_a.request_closure(world.bob)
    world.problem_a.refresh_from_db()
    assert world.problem_a.closure_state == Problem.ClosureState.OPEN
    assert not Closure.objects.exists()


def test_closure_is_refused_without_evidence(world):
    world.measure_bob.update(world.bob, Status.COMPLETED, "完成")
    world.measure_dan.update(world.dan, Status.COMPLETED, "完成")
    with pytest.raises(WorkflowError, match="没有佐证材料"):
        world.problem_a.request_closure(world.bob)
    assert not Closure.objects.exists()


def test_closure_is_refused_for_a_problem_without_measures(world):
    problem = f.make_problem(inspection=world.inspection1)
    f.make_evidence(problem, by=world.alice)
    with pytest.raises(WorkflowError, match="还没有整改措施"):
        problem.request_closure(world.alice)


def test_request_puts_the_problem_in_pending_at_the_office_step(ready, world):
    closure = ready.request_closure(world.bob, "两项措施均已落实")
    ready.refresh_from_db()
    assert ready.closure_state == Problem.ClosureState.PENDING
    assert (closure.state, closure.step, closure.requested_by) == (
        Closure.State.PENDING,
        Closure.Step.OFFICE_CHECK,
        world.bob,
    )
    assert events_for(ready).filter(action="closure.request", actor=world.bob).exists()
    with pytest.raises(WorkflowError, match="已在销号审批中"):
        ready.request_closure(world.bob)


def test_chain_goes_office_then_leader_then_closed_with_each_step_recorded(ready, world):
    closure = ready.request_closure(world.bob)
    closure.decide(world.alice, True, "材料齐全")
    assert closure.step == Closure.Step.LEADER_CONFIRM and closure.state == Closure.State.PENDING
    closure.decide(world.leo, True, "同意")
    assert closure.state == Closure.State.APPROVED
    ready.refresh_from_db()
    assert ready.closure_state == Problem.ClosureState.CLOSED and ready.closed_at is not None
    steps = list(closure.steps.values_list("step", "decided_by__username", "approved", "note"))
    assert steps == [
        ("office_check", "alice", True, "材料齐全"),
        ("leader_confirm", "leo", True, "同意"),
    ]
    assert list(events_for(closure).values_list("action", flat=True).order_by("id")) == [
        "closure.office_check",
        "closure.leader_confirm",
    ]


def test_each_step_accepts_only_its_own_approver(ready, world):
    closure = ready.request_closure(world.bob)
    for outsider in (world.bob, world.leo, world.carol, world.sam):
        with pytest.raises(WorkflowError, match="您无权进行“整改办审核”"):
            closure.decide(outsider, True)
    closure.decide(world.alice, True)
    for outsider in (world.alice, world.bob, world.carol):
        with pytest.raises(WorkflowError, match="您无权进行“责任领导确认”"):
            closure.decide(outsider, True)
    assert ClosureStep.objects.filter(closure=closure).count() == 1


def test_supervisor_signoff_is_required_when_the_inspection_says_so(ready, world):
    world.inspection1.require_supervisor_signoff = True
    world.inspection1.save()
    closure = ready.request_closure(world.bob)
    closure.decide(world.alice, True)
    closure.decide(world.leo, True)
    assert closure.step == Closure.Step.SUPERVISOR_SIGNOFF and closure.state == Closure.State.PENDING
    ready.refresh_from_db()
    assert ready.closure_state == Problem.ClosureState.PENDING
    closure.decide(world.sam, True, "同意销号")
    assert closure.state == Closure.State.APPROVED
    assert closure.steps.last().decided_by == world.sam


def test_rejection_sends_the_problem_back_to_open_and_needs_a_reason(ready, world):
    closure = ready.request_closure(world.bob)
    with pytest.raises(WorkflowError, match="退回时请填写理由"):
        closure.decide(world.alice, False)
    closure.decide(world.alice, False, "佐证材料不完整，缺少会议纪要")
    assert closure.state == Closure.State.REJECTED
    ready.refresh_from_db()
    assert ready.closure_state == Problem.ClosureState.OPEN
    assert ready.updates.filter(kind="closure", note__contains="缺少会议纪要").exists()
    with pytest.raises(WorkflowError, match="已退回"):
        closure.decide(world.alice, True)
    # A fresh request starts the chain again.
    assert ready.request_closure(world.bob).step == Closure.Step.OFFICE_CHECK


def test_closing_schedules_a_review_after_review_months(ready, world):
    world.inspection1.review_months = 3
    world.inspection1.save()
    with time_machine.travel(datetime.datetime(2026, 3, 31, 2, tzinfo=datetime.UTC), tick=False):
        closure = ready.request_closure(world.bob)
        closure.decide(world.alice, True)
        closure.decide(world.leo, True)
    review = Review.objects.get(problem=ready)
    assert (review.kind, review.result, review.closure) == (
        Review.Kind.SCHEDULED,
        Review.Result.PENDING,
        closure,
    )
    assert review.due_date == datetime.date(2026, 6, 30)
    assert not review.is_due(datetime.date(2026, 6, 29)) and review.is_due(datetime.date(2026, 6, 30))


def test_status_of_measures_cannot_change_while_closure_is_pending(ready, world):
    ready.request_closure(world.bob)
    with pytest.raises(WorkflowError, match="销号审批中"):
        world.measure_bob.update(world.bob, Status.IN_PROGRESS, "发现遗漏")
    world.measure_bob.update(world.bob, note="补充说明：材料已归档")


def test_any_unit_leader_confirms_when_no_measure_has_a_leader(world):
    problem = f.make_closable_problem(by=world.alice, inspection=world.inspection1)
    closure = problem.request_closure(world.alice)
    closure.decide(world.alice, True)
    closure.decide(world.leo, True)
    assert closure.state == Closure.State.APPROVED
