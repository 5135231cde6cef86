import datetime

import pytest

from tests import factories as f
from zhenggai.ledger.models import Status, add_months


@pytest.mark.django_db
def test_concentrated_deadline_defaults_to_two_months_after_feedback_and_report_due_to_it():
    inspection = f.make_inspection(feedback_date=datetime.date(2025, 12, 31))
    assert inspection.concentrated_deadline == datetime.date(2026, 2, 28)
    assert inspection.report_due == inspection.concentrated_deadline


@pytest.mark.django_db
def test_explicit_deadlines_are_kept():
    inspection = f.make_inspection(
        feedback_date=datetime.date(2026, 1, 10),
        concentrated_deadline=datetime.date(2026, 4, 10),
        report_due=datetime.date(2026, 4, 20),
    )
    assert (inspection.concentrated_deadline, inspection.report_due) == (
        datetime.date(2026, 4, 10),
        datetime.date(2026, 4, 20),
    )


@pytest.mark.django_db
def test_phase_and_countdown_follow_the_concentrated_deadline():
    inspection = f.make_inspection(feedback_date=datetime.date(2026, 3, 1))
    assert inspection.concentrated_deadline == datetime.date(2026, 5, 1)
    assert inspection.phase(datetime.date(2026, 4, 21)) == "集中整改"
    assert inspection.days_left(datetime.date(2026, 4, 21)) == 10
    assert inspection.phase(datetime.date(2026, 5, 1)) == "集中整改"
    assert inspection.phase(datetime.date(2026, 5, 2)) == "持续整改"
    assert inspection.days_left(datetime.date(2026, 5, 2)) == -1


@pytest.mark.django_db
def test_status_counts_cover_every_status_and_the_public_flag():
    inspection = f.make_inspection()
    f.make_measure(problem=f.make_problem(inspection=inspection), status=Status.COMPLETED)
    f.make_measure(problem=f.make_problem(inspection=inspection, is_public=False), status=Status.COMPLETED)
    f.make_measure(problem=f.make_problem(inspection=inspection), status=Status.PARTIAL)
    f.make_problem(inspection=inspection)
    counts = inspection.status_counts()
    assert counts == {"completed": 2, "partial": 1, "in_progress": 1, "long_term": 0, "total": 4}
    assert inspection.status_counts(public_only=True)["completed"] == 1


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
    assert add_months(datetime.date(2024, 12, 31), 2) == datetime.date(2025, 2, 28)


@pytest.mark.django_db
def test_category_path_lists_headings_outermost_first():
    inspection = f.make_inspection()
    top = f.make_category(inspection, label="一、", title="政治建设方面")
    sub = f.make_category(inspection, parent=top, label="（一）", title="落实上级决策部署不到位")
    problem = f.make_problem(inspection=inspection, category=sub)
    assert problem.category_path() == [("一、", "政治建设方面"), ("（一）", "落实上级决策部署不到位")]
    assert f.make_problem().category_path() == []
