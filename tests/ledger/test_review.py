"""回头看: scheduled re-checks, supervisor samples, rebounds reopen the problem."""

import pytest

from tests import factories as f
from zhenggai.audit.models import events_for
from zhenggai.ledger.models import Problem, Review, Status, WorkflowError


@pytest.fixture
def closed(world):
    return f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)


def test_held_review_keeps_the_problem_closed(closed, world):
    review = closed.reviews.get()
    review.record(world.alice, True, "制度执行良好，未发现反弹")
    assert (review.result, review.checked_by) == (Review.Result.HELD, world.alice)
    closed.refresh_from_db()
    assert closed.closure_state == Problem.ClosureState.CLOSED and closed.rebound_count == 0
    with pytest.raises(WorkflowError, match="已记录结果"):
        review.record(world.alice, False, "再记一次")


def test_rebound_reopens_links_and_counts(closed, world):
    review = closed.reviews.get()
    closure = review.closure
    review.record(world.sam, False, "抽查发现同类问题再次出现")
    closed.refresh_from_db()
    assert review.result == Review.Result.REBOUNDED
    assert closed.closure_state == Problem.ClosureState.REOPENED
    assert closed.closed_at is None
    assert closed.rebound_count == 1
    assert closed.status == Status.IN_PROGRESS
    assert closed.measures.get().status == Status.IN_PROGRESS
    event = events_for(closed).get(action="problem.reopen")
    assert event.after["review"] == review.pk and event.after["closure"] == closure.pk
    assert closed.updates.filter(kind="reopen", note__contains="同类问题再次出现").exists()


def test_a_second_rebound_counts_again(closed, world):
    closed.reviews.get().record(world.alice, False, "第一次反弹")
    closed.measures.get().update(world.alice, Status.COMPLETED, "再次整改完成")
    closure = closed.request_closure(world.alice)
    closure.decide(world.alice, True)
    closure.decide(world.leo, True)
    second = closed.reviews.filter(result=Review.Result.PENDING).get()
    second.record(world.alice, False, "第二次反弹")
    closed.refresh_from_db()
    assert closed.rebound_count == 2


def test_review_refuses_when_problem_is_not_closed(closed, world):
    review = closed.reviews.get()
    closed.reopen(world.alice, "发现新情况")
    with pytest.raises(WorkflowError, match="不是已销号状态"):
        review.record(world.alice, True, "巩固")


def test_reopen_needs_a_closed_problem_and_a_reason(world, closed):
    with pytest.raises(WorkflowError, match="只有已销号的问题"):
        world.problem_b.reopen(world.alice, "原因")
    with pytest.raises(WorkflowError, match="请说明"):
        closed.reopen(world.alice, " ")
    closed.reopen(world.alice, "群众反映问题仍存在")
    closed.refresh_from_db()
    assert closed.closure_state == Problem.ClosureState.REOPENED and closed.rebound_count == 0


def test_recurrence_in_a_later_inspection_links_to_the_earlier_problem(closed, world):
    closed.reviews.get().record(world.alice, False, "反弹")
    later = f.make_problem(inspection=f.make_inspection(unit=world.hospital1))
    later.link_recurrence(world.alice, closed)
    later.refresh_from_db()
    assert later.reopened_from == closed and later.rebound_count == 2
    assert list(closed.recurrences.all()) == [later]


def test_supervisor_draws_a_reproducible_random_sample_of_closed_problems(world):
    closed = [
        f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
        for _ in range(6)
    ]
    first = world.inspection1.draw_review_sample(world.sam, 3, seed=7)
    assert len(first) == 3
    assert all(r.kind == Review.Kind.SAMPLE and r.drawn_by == world.sam for r in first)
    assert {r.problem for r in first} <= set(closed)
    # Problems already drawn and still pending are not drawn again.
    second = world.inspection1.draw_review_sample(world.sam, 10, seed=7)
    assert len(second) == 3
    assert {r.problem_id for r in first}.isdisjoint({r.problem_id for r in second})
    with pytest.raises(WorkflowError, match="没有可抽查"):
        world.inspection1.draw_review_sample(world.sam, 1)
    assert events_for(world.inspection1).filter(action="review.sample").count() == 2


def test_sampling_is_deterministic_for_a_seed(world):
    for _ in range(8):
        f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
    other = f.make_inspection(unit=world.hospital1)
    for problem in world.inspection1.problems.filter(closure_state="closed"):
        f.make_closed_problem(office=world.alice, leader=world.leo, inspection=other, title=problem.title)
    picked_a = [r.problem.title for r in world.inspection1.draw_review_sample(world.sam, 3, seed=42)]
    picked_b = [r.problem.title for r in other.draw_review_sample(world.sam, 3, seed=42)]
    assert picked_a == picked_b


def test_sampling_never_picks_open_problems(world):
    with pytest.raises(WorkflowError):
        world.inspection1.draw_review_sample(world.sam, 2)
    with pytest.raises(WorkflowError, match="至少为 1"):
        world.inspection1.draw_review_sample(world.sam, 0)
