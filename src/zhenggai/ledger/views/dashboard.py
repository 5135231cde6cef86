"""The unit dashboard (工作台): one card per inspection of the user's own units, and for
supervisors the table of every unit below them. The number of queries does not depend on the
number of problems or inspections."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from zhenggai.accounts.access import visible_inspections, visible_measures
from zhenggai.accounts.models import Membership

from ..models import Inspection, Light, Measure, Problem, Status

WEEK = datetime.timedelta(days=7)
OPEN_STATUSES = (Status.IN_PROGRESS, Status.PARTIAL)
# The supervisor's "most overdue" list across all units below it stays short.
MAX_LIST = 20


@dataclass
class Card:
    inspection: Inspection
    counts: dict = field(default_factory=dict)
    closure: dict = field(default_factory=dict)
    lights: dict = field(default_factory=lambda: {Light.RED: 0, Light.YELLOW: 0, Light.GREEN: 0})
    overdue: list = field(default_factory=list)
    due_this_week: list = field(default_factory=list)
    stale: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return self.counts.get(Status.COMPLETED, 0)

    @property
    def status_rows(self):
        return [(status, self.counts.get(status.value, 0)) for status in Status]


def _problem_counts(inspection_ids) -> tuple[dict, dict]:
    by_status: dict = defaultdict(dict)
    by_closure: dict = defaultdict(dict)
    rows = (
        Problem.objects.filter(inspection_id__in=inspection_ids)
        .values("inspection_id", "status", "closure_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        statuses = by_status[row["inspection_id"]]
        statuses[row["status"]] = statuses.get(row["status"], 0) + row["n"]
        states = by_closure[row["inspection_id"]]
        states[row["closure_state"]] = states.get(row["closure_state"], 0) + row["n"]
    return by_status, by_closure


def _cards(user, inspections, today) -> list[Card]:
    if not inspections:
        return []
    cards = {i.pk: Card(i) for i in inspections}
    by_status, by_closure = _problem_counts(list(cards))
    for pk, card in cards.items():
        card.counts = by_status.get(pk, {})
        card.closure = by_closure.get(pk, {})
    # Only open measures can light up or go stale; the user sees the ones the access rules allow.
    measures = (
        visible_measures(user)
        .filter(problem__inspection_id__in=list(cards), status__in=OPEN_STATUSES)
        .select_related("problem__inspection", "owner", "department")
        .order_by("deadline", "pk")
    )
    for measure in measures:
        card = cards[measure.problem.inspection_id]
        light = measure.light(today)
        if light in card.lights:
            card.lights[light] += 1
        if light == Light.RED:
            card.overdue.append(measure)
        elif measure.deadline and today <= measure.deadline < today + WEEK:
            card.due_this_week.append(measure)
        if measure.is_stale(today):
            card.stale.append(measure)
    return list(cards.values())


def _league(inspections, today) -> list[dict]:
    """One row per inspection for the supervisor: progress, overdue (= red) measures."""
    if not inspections:
        return []
    by_status, _ = _problem_counts([i.pk for i in inspections])
    overdue_q = Q(deadline__lt=today, long_term=False, status__in=OPEN_STATUSES)
    due_soon_q = Q(deadline__gte=today, deadline__lt=today + WEEK, long_term=False, status__in=OPEN_STATUSES)
    measure_rows = (
        Measure.objects.filter(problem__inspection_id__in=[i.pk for i in inspections])
        .values("problem__inspection_id")
        .annotate(
            total=Count("id"), overdue=Count("id", filter=overdue_q), due_soon=Count("id", filter=due_soon_q)
        )
        .order_by()
    )
    measures = {row["problem__inspection_id"]: row for row in measure_rows}
    rows = []
    for inspection in inspections:
        counts = by_status.get(inspection.pk, {})
        total = sum(counts.values())
        figures = measures.get(inspection.pk, {})
        rows.append(
            {
                "inspection": inspection,
                "total": total,
                "completed": counts.get(Status.COMPLETED, 0),
                "counts": [counts.get(s.value, 0) for s in Status],
                "overdue": figures.get("overdue", 0),
                "due_soon": figures.get("due_soon", 0),
                "progress": round(100 * counts.get(Status.COMPLETED, 0) / total) if total else None,
                "days_left": inspection.days_left(today),
                "phase": inspection.phase(today),
            }
        )
    rows.sort(key=lambda r: (-r["overdue"], r["progress"] if r["progress"] is not None else 101))
    return rows


@login_required
def dashboard(request):
    today = timezone.localdate()
    user = request.user
    inspections = list(
        visible_inspections(user).select_related("unit").order_by("unit__path", "-feedback_date")
    )
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    supervising = [m.organisation.path for m in memberships if m.role == Membership.Role.SUPERVISOR]
    own_paths = [m.organisation.path for m in memberships if m.role != Membership.Role.SUPERVISOR]

    def own(inspection):
        # A card for the inspections of the user's own unit (their organisation is inside it).
        return any(path.startswith(inspection.unit.path) for path in own_paths) or not supervising

    cards = _cards(user, [i for i in inspections if own(i)], today)
    league = _league(inspections, today) if supervising else []
    overdue_all = []
    if supervising:
        overdue_all = list(
            Measure.objects.filter(
                problem__inspection_id__in=[i.pk for i in inspections],
                deadline__lt=today,
                long_term=False,
                status__in=OPEN_STATUSES,
            )
            .select_related("problem__inspection__unit", "department", "owner")
            .order_by("deadline", "pk")[:MAX_LIST]
        )
    return render(
        request,
        "ledger/dashboard.html",
        {
            "today": today,
            "cards": cards,
            "league": league,
            "is_supervisor": bool(supervising),
            "overdue_all": overdue_all,
            "statuses": list(Status),
            "can_create": any(m.role == Membership.Role.UNIT_ADMIN for m in memberships),
        },
    )
