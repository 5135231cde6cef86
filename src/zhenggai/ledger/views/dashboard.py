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

from zhenggai.accounts.access import grants, visible_inspections, visible_measures

from ..models import Inspection, Light, Measure, Problem, Status, light_for

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


# The columns a dashboard list row needs, read as tuples (no model instances): the problem's
# label and closure state, and the department's and owner's names for the row's caption.
ROW_FIELDS = (
    "pk",
    "problem_id",
    "problem__inspection_id",
    "problem__label",
    "problem__closure_state",
    "text",
    "deadline",
    "long_term",
    "last_update_at",
    "created_at",
    "department__name",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


@dataclass(slots=True)
class Row:
    """One open measure in a dashboard list: what templatetags.ledger_tags.measure_list draws."""

    pk: int
    problem_id: int
    label: str
    text: str
    deadline: datetime.date | None
    light: str
    department: str | None
    owner: str | None


def _light(deadline, long_term, today, inspection) -> str:
    # Measure.light() for an open measure, on the row's values (see ledger/models/problem.py).
    if long_term or deadline is None:
        return Light.NONE
    return light_for((deadline - today).days, inspection)


def _cards(user, inspections, today) -> list[Card]:
    if not inspections:
        return []
    cards = {i.pk: Card(i) for i in inspections}
    by_status, by_closure = _problem_counts(list(cards))
    for pk, card in cards.items():
        card.counts = by_status.get(pk, {})
        card.closure = by_closure.get(pk, {})
    # Only open measures can light up or go stale; the user sees the ones the access rules allow.
    rows = (
        visible_measures(user)
        .filter(problem__inspection_id__in=list(cards), status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")
        .values_list(*ROW_FIELDS)
    )
    week_end = today + WEEK
    localdate = timezone.localdate
    closed = Problem.ClosureState.CLOSED
    for (
        pk,
        problem_id,
        inspection_id,
        label,
        closure_state,
        text,
        deadline,
        long_term,
        last_update_at,
        created_at,
        department,
        first_name,
        last_name,
        username,
    ) in rows:
        card = cards[inspection_id]
        inspection = card.inspection
        light = _light(deadline, long_term, today, inspection)
        # Measure.is_stale(): an open measure of a problem not yet closed, no update for stale_days.
        stale = (
            closure_state != closed
            and (today - localdate(last_update_at or created_at)).days >= inspection.stale_days
        )
        overdue = light == Light.RED
        due_this_week = not overdue and deadline is not None and today <= deadline < week_end
        if light in card.lights:
            card.lights[light] += 1
        if not (overdue or due_this_week or stale):
            continue
        owner = None
        if username is not None:
            owner = f"{first_name} {last_name}".strip() or username  # User.get_full_name()
        row = Row(pk, problem_id, label, text, deadline, light, department, owner)
        if overdue:
            card.overdue.append(row)
        elif due_this_week:
            card.due_this_week.append(row)
        if stale:
            card.stale.append(row)
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
    # The grants the access helpers resolved for visible_inspections(): no second membership query.
    g = grants(user)
    supervising = g.supervisor_paths
    own_units = g.admin_unit_ids | g.viewer_unit_ids | g.leader_unit_ids | g.owner_unit_ids

    def own(inspection):
        # A card for the inspections of the user's own unit (their organisation is inside it).
        return inspection.unit_id in own_units or not supervising

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
            "can_create": bool(g.admin_unit_ids),
        },
    )
