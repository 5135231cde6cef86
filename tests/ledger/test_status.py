import pytest

from tests import factories as f
from zhenggai.ledger.models import Status, derive_status

S = Status


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], S.IN_PROGRESS),
        ([S.COMPLETED, S.COMPLETED], S.COMPLETED),
        ([S.COMPLETED, S.LONG_TERM], S.LONG_TERM),
        ([S.LONG_TERM], S.LONG_TERM),
        ([S.COMPLETED, S.IN_PROGRESS], S.PARTIAL),
        ([S.PARTIAL, S.IN_PROGRESS], S.PARTIAL),
        ([S.LONG_TERM, S.IN_PROGRESS], S.IN_PROGRESS),
        ([S.IN_PROGRESS, S.IN_PROGRESS], S.IN_PROGRESS),
    ],
)
def test_problem_status_follows_from_measure_statuses(statuses, expected):
    assert derive_status(statuses) == expected


@pytest.mark.django_db
def test_updating_measures_recomputes_the_cached_problem_status():
    problem = f.make_problem()
    first, second = f.make_measure(problem=problem), f.make_measure(problem=problem)
    user = f.make_user()
    first.update(user, Status.COMPLETED, "已印发制度")
    problem.refresh_from_db()
    assert problem.status == Status.PARTIAL
    second.update(user, Status.LONG_TERM, "纳入日常监管")
    problem.refresh_from_db()
    assert problem.status == Status.LONG_TERM
    second.update(user, Status.COMPLETED, "已完成")
    problem.refresh_from_db()
    assert problem.status == Status.COMPLETED


@pytest.mark.django_db
def test_status_override_wins_until_cleared():
    problem = f.make_problem()
    measure = f.make_measure(problem=problem)
    admin = f.make_user()
    problem.set_status_override(admin, Status.PARTIAL, "主体工作已完成")
    measure.update(admin, Status.IN_PROGRESS, "继续推进")
    problem.refresh_from_db()
    assert problem.status == Status.PARTIAL
    problem.set_status_override(admin, None)
    problem.refresh_from_db()
    assert problem.status == Status.IN_PROGRESS
    assert problem.updates.filter(kind="status", new_status=Status.IN_PROGRESS).exists()
