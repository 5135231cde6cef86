"""Request and response bodies. Labels (``*_label``) carry the Chinese display of each choice."""

from datetime import date, datetime
from typing import Annotated

from django.urls import reverse
from ninja import Schema
from pydantic import Field, StringConstraints

from zhenggai.ledger.models import Light, Status, SupervisionAction

from .common import choice, today

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
# The models' PositiveIntegerField range; outside it the database would refuse the row.
Position = Annotated[int, Field(ge=0, le=2_147_483_647)]


def required_text(max_length: int):
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)]


def optional_text(max_length: int):
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length)]


def day(context) -> date:
    """Today, computed once per request rather than once per row and field."""
    request = (context or {}).get("request")
    if request is None:
        return today()
    if not hasattr(request, "_api_today"):
        request._api_today = today()
    return request._api_today


def light_of(obj, context) -> Light:
    # light() is asked for by two fields of the same row; compute it once.
    cached = getattr(obj, "_api_light", None)
    if cached is None:
        cached = obj._api_light = Light(obj.light(day(context)))
    return cached


def person(user) -> dict | None:
    if user is None:
        return None
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
    }


def org(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name}


class PersonOut(Schema):
    id: int
    username: str
    name: str


class OrgRef(Schema):
    id: int
    name: str


# --- organisations ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    path: str
    email: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


# --- inspections -----------------------------------------------------------------------------


class InspectionOut(Schema):
    id: int
    unit: OrgRef
    title: str
    group_name: str
    kind: str
    kind_label: str
    period_start: date | None
    period_end: date | None
    feedback_date: date
    concentrated_deadline: date
    report_due: date
    phase: str
    days_left: int
    green_days: int
    yellow_days: int
    stale_days: int
    review_months: int
    require_supervisor_signoff: bool
    created_at: datetime

    @staticmethod
    def resolve_unit(obj) -> dict:
        return org(obj.unit)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_phase(obj, context) -> str:
        return obj.phase(day(context))

    @staticmethod
    def resolve_days_left(obj, context) -> int:
        return obj.days_left(day(context))


class InspectionDetail(InspectionOut):
    organisation_text: str
    next_steps: str
    contact: str
    status_counts: dict[str, int]

    @staticmethod
    def resolve_status_counts(obj) -> dict[str, int]:
        return obj.status_counts()


# --- problems and measures -------------------------------------------------------------------


class CategoryRef(Schema):
    id: int
    label: str
    title: str


def category_chain(category) -> list[dict]:
    """Root-first headings; the querysets select_related the parents, so no query per row."""
    chain = []
    while category is not None:
        chain.append({"id": category.pk, "label": category.label, "title": category.title})
        category = category.parent
    return chain[::-1]


class MeasureOut(Schema):
    id: int
    problem_id: int
    inspection_id: int
    text: str
    position: int
    leader: PersonOut | None
    department: OrgRef | None
    owner: PersonOut | None
    deadline: date | None
    long_term: bool
    status: str
    status_label: str
    last_update_at: datetime | None
    light: str
    light_label: str
    is_stale: bool

    @staticmethod
    def resolve_inspection_id(obj) -> int:
        return obj.problem.inspection_id

    @staticmethod
    def resolve_leader(obj):
        return person(obj.leader)

    @staticmethod
    def resolve_owner(obj):
        return person(obj.owner)

    @staticmethod
    def resolve_department(obj):
        return org(obj.department)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_light(obj, context) -> str:
        return light_of(obj, context).value

    @staticmethod
    def resolve_light_label(obj, context) -> str:
        return light_of(obj, context).label

    @staticmethod
    def resolve_is_stale(obj, context) -> bool:
        return bool(obj.is_stale(day(context)))


class ProblemOut(Schema):
    id: int
    inspection_id: int
    category_path: list[CategoryRef]
    label: str
    title: str
    description: str
    position: int
    is_public: bool
    immediate: bool
    status: str
    status_label: str
    status_override: str | None
    closure_state: str
    closure_state_label: str
    closed_at: datetime | None
    rebound_count: int
    reopened_from_id: int | None

    @staticmethod
    def resolve_category_path(obj) -> list[dict]:
        return category_chain(obj.category)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_closure_state_label(obj) -> str:
        return obj.get_closure_state_display()


class ProblemDetail(ProblemOut):
    measures: list[MeasureOut]

    @staticmethod
    def resolve_measures(obj) -> list:
        return list(obj.measures.all())


class ClosureOut(Schema):
    id: int
    problem_id: int
    requested_by: PersonOut | None
    requested_at: datetime
    note: str
    state: str
    state_label: str
    step: str
    step_label: str
    decided_at: datetime | None

    @staticmethod
    def resolve_requested_by(obj):
        return person(obj.requested_by)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_step_label(obj) -> str:
        return obj.get_step_display()


class ClosureStepOut(Schema):
    step: str
    step_label: str
    decided_by: PersonOut | None
    decided_at: datetime
    approved: bool
    note: str

    @staticmethod
    def resolve_step_label(obj) -> str:
        return obj.get_step_display()

    @staticmethod
    def resolve_decided_by(obj):
        return person(obj.decided_by)


class ClosureDetail(ClosureOut):
    chain: list[str]
    steps: list[ClosureStepOut]
    can_decide: bool

    @staticmethod
    def resolve_chain(obj) -> list[str]:
        return [str(step) for step in obj.chain()]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


class SupervisionOut(Schema):
    id: int
    problem_id: int
    measure_id: int | None
    kind: str
    kind_label: str
    by: PersonOut | None
    at: datetime
    text: str
    due_date: date | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_by(obj):
        return person(obj.by)


class UpdateOut(Schema):
    id: int
    problem_id: int
    measure_id: int | None
    author: PersonOut | None
    created_at: datetime
    kind: str
    old_status: str | None
    new_status: str | None
    note: str

    @staticmethod
    def resolve_author(obj):
        return person(obj.author)


class EvidenceOut(Schema):
    id: int
    problem_id: int
    measure_id: int | None
    original_name: str
    sha256: str
    size: int
    content_type: str
    uploaded_by: PersonOut | None
    uploaded_at: datetime
    description: str
    download_url: str

    @staticmethod
    def resolve_uploaded_by(obj):
        return person(obj.uploaded_by)

    @staticmethod
    def resolve_download_url(obj) -> str:
        # The web view serves the file after the same access check (session login needed).
        return reverse("ledger:evidence_download", args=[obj.pk])


# --- inputs ----------------------------------------------------------------------------------


class ProblemIn(Schema):
    inspection_id: int
    category_id: int | None = None
    label: optional_text(20) = ""
    title: required_text(500)
    description: Text = ""
    position: Position | None = None
    is_public: bool = True
    immediate: bool = False


class ProblemPatch(Schema):
    category_id: int | None = None
    label: optional_text(20) | None = None
    title: required_text(500) | None = None
    description: Text | None = None
    position: Position | None = None
    is_public: bool | None = None
    immediate: bool | None = None


class MeasureIn(Schema):
    problem_id: int
    text: required_text(5000)
    position: Position | None = None
    leader_id: int | None = None
    department_id: int | None = None
    owner_id: int | None = None
    deadline: date | None = None
    long_term: bool = False


class AssignIn(Schema):
    """Only the fields sent are changed; send null to clear a person or the deadline."""

    leader_id: int | None = None
    department_id: int | None = None
    owner_id: int | None = None
    deadline: date | None = None
    long_term: bool | None = None
    note: Text = ""


class UpdateIn(Schema):
    measure_id: int
    status: choice(Status) | None = None
    note: Text = ""


class ClosureIn(Schema):
    note: Text = ""


class DecisionIn(Schema):
    approve: bool
    note: Text = ""


class SupervisionIn(Schema):
    kind: choice(SupervisionAction.Kind)
    text: required_text(5000)
    due_date: date | None = None
    measure_id: int | None = None
