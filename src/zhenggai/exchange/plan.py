"""What an import will create, before anything is written: the Plan both importers produce, its
preview for the user, and the one writer that turns it into ledger rows in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from zhenggai import audit
from zhenggai.accounts.models import Membership, Organisation
from zhenggai.ledger.models import (
    Category,
    Inspection,
    Measure,
    Problem,
    ProgressUpdate,
    Status,
    derive_status,
)

from .models import MeasureNames

Progress = Callable[[int, int], None]
BATCH = 500


@dataclass
class PlannedMeasure:
    text: str
    status: str = Status.IN_PROGRESS
    deadline: datetime.date | None = None
    long_term: bool = False
    leader: str = ""
    department: str = ""
    owner: str = ""
    evidence: str = ""
    progress_note: str = ""
    where: str = ""  # "第12行" / "第340行" — for the preview


@dataclass
class PlannedProblem:
    title: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (label, title), outermost first
    label: str = ""
    description: str = ""
    status_override: str | None = None
    is_public: bool = True
    immediate: bool = False
    measures: list[PlannedMeasure] = field(default_factory=list)
    where: str = ""


@dataclass
class Plan:
    source: str  # the file name
    title: str
    feedback_date: datetime.date
    group_name: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    organisation_text: str = ""
    next_steps: str = ""
    contact: str = ""
    problems: list[PlannedProblem] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(p.measures) for p in self.problems)

    def preview(self) -> dict:
        """JSON-ready summary for the preview page: metadata, the tree, counts and doubts."""
        tree: list[dict] = []
        nodes: dict[tuple, dict] = {}
        for problem in self.problems:
            children = tree
            for depth in range(len(problem.categories)):
                key = tuple(problem.categories[: depth + 1])
                if key not in nodes:
                    label, title = problem.categories[depth]
                    nodes[key] = {"label": label, "title": title, "children": []}
                    children.append(nodes[key])
                children = nodes[key]["children"]
            children.append(
                {
                    "problem": True,
                    "label": problem.label,
                    "title": problem.title,
                    "where": problem.where,
                    "status": Status(problem.status_override).label if problem.status_override else "",
                    "public": problem.is_public,
                    "immediate": problem.immediate,
                    "measures": [
                        {
                            "text": m.text,
                            "status": Status(m.status).label,
                            "deadline": _deadline_text(m),
                            "who": "、".join(x for x in (m.leader, m.department, m.owner) if x),
                        }
                        for m in problem.measures
                    ],
                }
            )
        return {
            "source": self.source,
            "title": self.title,
            "group_name": self.group_name,
            "feedback_date": self.feedback_date.isoformat(),
            "period": " 至 ".join(d.isoformat() for d in (self.period_start, self.period_end) if d),
            "problems": len(self.problems),
            "measures": self.measure_count,
            "categories": len(nodes),
            "tree": tree,
            "doubts": list(self.doubts),
        }


def _deadline_text(m: PlannedMeasure) -> str:
    if m.long_term:
        return "长期坚持" + (f"（{m.deadline.isoformat()}）" if m.deadline else "")
    return m.deadline.isoformat() if m.deadline else ""


class _People:
    """Names → user accounts of the unit (full name, first name or username; unambiguous only)."""

    def __init__(self, unit: Organisation):
        users = get_user_model().objects.filter(
            pk__in=Membership.objects.filter(organisation__path__startswith=unit.path).values("user_id"),
            is_active=True,
        )
        found: dict[str, set] = {}
        for user in users:
            for name in {user.get_full_name().strip(), user.first_name.strip(), user.get_username()}:
                if name:
                    found.setdefault(name, set()).add(user)
        self.by_name = {name: next(iter(us)) for name, us in found.items() if len(us) == 1}

    def get(self, name: str):
        return self.by_name.get(name.strip()) if name else None


class _Departments:
    """Department names → Organisations below the unit, created under the unit when missing."""

    def __init__(self, unit: Organisation):
        self.unit = unit
        self.by_name: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(unit.descendants_q()).exclude(pk=unit.pk).order_by("path"):
            self.by_name.setdefault(org.name, org)
        self.created: list[str] = []

    def get(self, name: str) -> Organisation | None:
        if not name:
            return None
        if name not in self.by_name:
            self.by_name[name] = Organisation.objects.create(
                name=name, kind=Organisation.Kind.DEPARTMENT, parent=self.unit
            )
            self.created.append(name)
        return self.by_name[name]


# Several departments in one cell (医务科、财务科): the first leads; the whole text is kept.
DEPARTMENT_SEPARATORS = "、，,；;/／"


def _first_department(text: str) -> str:
    for sep in DEPARTMENT_SEPARATORS:
        text = text.replace(sep, "\n")
    return text.split("\n", 1)[0].strip()


def unit_doubts(plan: Plan, unit: Organisation | None) -> list[str]:
    """What the import will do with names in this unit: departments it will create, people it
    finds no account for (kept as names)."""
    existing = set()
    people = None
    if unit is not None and unit.pk:
        existing = set(Organisation.objects.filter(unit.descendants_q()).values_list("name", flat=True))
        people = _People(unit)
    new_departments, nameless = [], []
    for problem in plan.problems:
        for m in problem.measures:
            department = _first_department(m.department)
            if department and department not in existing and department not in new_departments:
                new_departments.append(department)
            for name in (m.leader, m.owner):
                if name and (people is None or people.get(name) is None) and name not in nameless:
                    nameless.append(name)
    doubts = []
    if new_departments:
        doubts.append(f"将新建 {len(new_departments)} 个部门：{'、'.join(new_departments)}")
    if nameless:
        doubts.append(f"{len(nameless)} 位责任领导/责任人没有系统账号，只记录姓名：{'、'.join(nameless)}")
    return doubts


def find_or_create_unit(name: str) -> tuple[Organisation, bool]:
    """The unit named `name` (created at the top of the tree when there is none).
    Raises ValueError when several units share the name."""
    name = name.strip()
    if not name:
        raise ValueError("请指定单位名称")
    units = list(Organisation.objects.filter(name=name, kind=Organisation.Kind.UNIT)[:2])
    if len(units) > 1:
        raise ValueError(f"有多个名为“{name}”的单位，请在系统中改名后再导入")
    if units:
        return units[0], False
    return Organisation.objects.create(name=name, kind=Organisation.Kind.UNIT), True


@transaction.atomic
def write_plan(plan: Plan, unit: Organisation, by=None, progress: Progress | None = None) -> Inspection:
    """Create the inspection, its categories, problems and measures; all or nothing."""
    inspection = Inspection.objects.create(
        unit=unit,
        title=plan.title[:200],
        group_name=plan.group_name[:100],
        feedback_date=plan.feedback_date,
        period_start=plan.period_start,
        period_end=plan.period_end,
        organisation_text=plan.organisation_text,
        next_steps=plan.next_steps,
        contact=plan.contact[:300],
    )
    people, departments = _People(unit), _Departments(unit)
    categories: dict[tuple, Category] = {}
    pending: list[tuple[Problem, list[PlannedMeasure]]] = []
    total = len(plan.problems)
    for position, planned in enumerate(plan.problems, start=1):
        parent = None
        for depth in range(len(planned.categories)):
            key = tuple(planned.categories[: depth + 1])
            if key not in categories:
                label, title = planned.categories[depth]
                categories[key] = Category.objects.create(
                    inspection=inspection,
                    parent=parent,
                    label=label[:20],
                    title=title[:300],
                    position=len(categories) + 1,
                )
            parent = categories[key]
        statuses = [m.status for m in planned.measures]
        problem = Problem.objects.create(
            inspection=inspection,
            category=parent,
            label=planned.label[:20],
            title=planned.title[:500],
            description=planned.description,
            position=position,
            is_public=planned.is_public,
            immediate=planned.immediate,
            status_override=planned.status_override,
            status=planned.status_override or derive_status(statuses),
        )
        pending.append((problem, planned.measures))
        if progress:
            progress(position, total)
    # Measures of every problem in a few bulk inserts: a 2,000-row 台账 is not 2,000 queries.
    _write_measures(pending, people, departments)
    audit.record(
        by,
        "exchange.import",
        inspection,
        after={
            "source": plan.source,
            "problems": len(plan.problems),
            "measures": plan.measure_count,
            "departments_created": departments.created,
        },
        note=f"从“{plan.source}”导入",
    )
    return inspection


def _write_measures(pending, people, departments) -> None:
    measures, names, notes = [], [], []
    for problem, planned in pending:
        for position, m in enumerate(planned, start=1):
            department = departments.get(_first_department(m.department))
            leader, owner = people.get(m.leader), people.get(m.owner)
            measure = Measure(
                problem=problem,
                text=m.text,
                position=position,
                leader=leader,
                owner=owner,
                department=department,
                deadline=m.deadline,
                long_term=m.long_term,
                status=m.status,
            )
            measures.append(measure)
            keep = MeasureNames(
                leader_name=m.leader if m.leader and leader is None else "",
                owner_name=m.owner if m.owner and owner is None else "",
                department_name=m.department
                if department is not None and department.name != m.department
                else "",
                evidence_text=m.evidence,
            )
            names.append((measure, keep))
            if m.progress_note:
                notes.append((problem, measure, m.progress_note))
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    kept = []
    for measure, keep in names:
        if keep.leader_name or keep.owner_name or keep.department_name or keep.evidence_text:
            keep.measure = measure
            kept.append(keep)
    MeasureNames.objects.bulk_create(kept, batch_size=BATCH)
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                problem=problem,
                measure=measure,
                kind=ProgressUpdate.Kind.NOTE,
                note=f"导入的整改进展：{note}",
            )
            for problem, measure, note in notes
        ],
        batch_size=BATCH,
    )
