import datetime

import pytest
import time_machine

from tests import factories as f
from zhenggai.ledger.models import Light, Status

DEADLINE = datetime.date(2026, 6, 30)


@pytest.fixture
def measure(db):
    return f.make_measure(deadline=DEADLINE)


@pytest.mark.parametrize(
    ("days_left", "light"),
    [
        (40, Light.NONE),
        (21, Light.NONE),
        (20, Light.GREEN),
        (11, Light.GREEN),
        (10, Light.YELLOW),
        (0, Light.YELLOW),
        (-1, Light.RED),
        (-30, Light.RED),
    ],
)
def test_light_at_the_20_10_overdue_thresholds(measure, days_left, light):
    assert measure.light(DEADLINE - datetime.timedelta(days=days_left)) == light


def test_thresholds_are_configured_per_inspection(db):
    inspection = f.make_inspection(green_days=30, yellow_days=5)
    measure = f.make_measure(problem=f.make_problem(inspection=inspection), deadline=DEADLINE)
    assert measure.light(DEADLINE - datetime.timedelta(days=25)) == Light.GREEN
    assert measure.light(DEADLINE - datetime.timedelta(days=6)) == Light.GREEN
    assert measure.light(DEADLINE - datetime.timedelta(days=5)) == Light.YELLOW


def test_completed_long_term_and_undated_measures_have_no_light(db):
    overdue = DEADLINE + datetime.timedelta(days=5)
    assert f.make_measure(deadline=DEADLINE, status=Status.COMPLETED).light(overdue) == Light.NONE
    assert f.make_measure(deadline=DEADLINE, status=Status.LONG_TERM).light(overdue) == Light.NONE
    assert f.make_measure(long_term=True, deadline=None).light(overdue) == Light.NONE
    assert f.make_measure(deadline=None).light(overdue) == Light.NONE


def test_light_uses_today_when_no_date_is_given(measure):
    with time_machine.travel(datetime.datetime(2026, 6, 25, 10, tzinfo=datetime.UTC), tick=False):
        assert measure.light() == Light.YELLOW
    with time_machine.travel(datetime.datetime(2026, 7, 2, 10, tzinfo=datetime.UTC), tick=False):
        assert measure.light() == Light.RED


def test_measure_is_stale_after_14_days_without_update(db):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        measure = f.make_measure(deadline=DEADLINE)
        measure.update(f.make_user(), note="启动整改")
    with time_machine.travel(datetime.datetime(2026, 5, 14, 9, tzinfo=datetime.UTC), tick=False):
        assert not measure.is_stale()
    with time_machine.travel(datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC), tick=False):
        assert measure.is_stale()
        measure.update(f.make_user(), note="推进中")
        assert not measure.is_stale()


def test_stale_counts_from_creation_and_ignores_finished_measures(db):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        fresh = f.make_measure(deadline=DEADLINE)
        done = f.make_measure(deadline=DEADLINE, status=Status.COMPLETED)
    later = datetime.date(2026, 6, 1)
    assert fresh.is_stale(later)
    assert not done.is_stale(later)
