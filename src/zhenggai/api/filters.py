"""Query-string filters of the list endpoints, turned into one queryset filter each."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from ninja import Schema

from zhenggai.ledger.models import Inspection, Light, Measure, Problem, Status

from .common import choice


def department_q(department_id: int, prefix: str = "") -> Q:
    """The department or any organisation below it (materialised path "/…/id/…")."""
    return Q(**{f"{prefix}department__path__contains": f"/{department_id}/"})


def light_q(light: str, today: date, measures: QuerySet, prefix: str = "") -> Q:
    """Measures showing `light` today, as a database filter (mirrors Measure.light()).

    The thresholds live on each inspection, so the filter is one OR-branch per distinct
    (green_days, yellow_days) pair among the inspections involved — in practice one or two.
    """
    inspection = f"{prefix}problem__inspection__"
    open_q = (
        ~Q(**{f"{prefix}status__in": [Status.COMPLETED, Status.LONG_TERM]})
        & Q(**{f"{prefix}long_term": False})
        & Q(**{f"{prefix}deadline__isnull": False})
    )
    deadline = f"{prefix}deadline"
    if light == Light.RED:
        return open_q & Q(**{f"{deadline}__lt": today})
    pairs = (
        Inspection.objects.filter(pk__in=measures.values("problem__inspection_id"))
        .order_by()  # the default ordering would join the DISTINCT
        .values_list("green_days", "yellow_days")
        .distinct()
    )
    branches = Q(pk__in=[])
    for green_days, yellow_days in pairs:
        same = Q(**{f"{inspection}green_days": green_days, f"{inspection}yellow_days": yellow_days})
        yellow_until = today + timedelta(days=yellow_days)
        green_until = today + timedelta(days=green_days)
        if light == Light.YELLOW:
            window = Q(**{f"{deadline}__gte": today, f"{deadline}__lte": yellow_until})
        elif light == Light.GREEN:
            window = Q(**{f"{deadline}__gt": yellow_until, f"{deadline}__lte": green_until})
        else:  # NONE: closed, long-term, undated, or further away than green
            window = Q(**{f"{deadline}__gt": max(yellow_until, green_until)})
        branches |= same & window
    if light == Light.NONE:
        return ~open_q | (open_q & branches)
    return open_q & branches


class ProblemFilters(Schema):
    inspection: int | None = None
    status: choice(Status) | None = None
    closure_state: choice(Problem.ClosureState) | None = None
    light: choice(Light) | None = None
    department: int | None = None
    is_public: bool | None = None

    def apply(self, problems: QuerySet, measures: QuerySet, today: date) -> QuerySet:
        if self.inspection is not None:
            problems = problems.filter(inspection_id=self.inspection)
        if self.status is not None:
            problems = problems.filter(status=self.status)
        if self.closure_state is not None:
            problems = problems.filter(closure_state=self.closure_state)
        if self.is_public is not None:
            problems = problems.filter(is_public=self.is_public)
        # light and department: problems with at least one such measure
        if self.department is not None:
            problems = problems.filter(
                pk__in=Measure.objects.filter(department_q(self.department)).values("problem_id")
            )
        if self.light is not None:
            scope = measures.filter(problem__in=problems.values("pk"))
            problems = problems.filter(
                pk__in=Measure.objects.filter(light_q(self.light, today, scope)).values("problem_id")
            )
        return problems


class MeasureFilters(Schema):
    inspection: int | None = None
    problem: int | None = None
    status: choice(Status) | None = None
    light: choice(Light) | None = None
    department: int | None = None
    owner: int | None = None
    leader: int | None = None

    def apply(self, measures: QuerySet, today: date) -> QuerySet:
        if self.inspection is not None:
            measures = measures.filter(problem__inspection_id=self.inspection)
        if self.problem is not None:
            measures = measures.filter(problem_id=self.problem)
        if self.status is not None:
            measures = measures.filter(status=self.status)
        if self.department is not None:
            measures = measures.filter(department_q(self.department))
        if self.owner is not None:
            measures = measures.filter(owner_id=self.owner)
        if self.leader is not None:
            measures = measures.filter(leader_id=self.leader)
        if self.light is not None:
            measures = measures.filter(light_q(self.light, today, measures))
        return measures
