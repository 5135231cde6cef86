"""/api/measures — list, detail, create (整改办) and assign leader/department/owner/deadline."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from zhenggai import audit
from zhenggai.accounts.access import get_measure_for_user, get_problem_for_user, visible_measures
from zhenggai.accounts.models import Organisation
from zhenggai.ledger.models import Measure

from .common import Pagination, require, today, user_of
from .errors import field_error
from .filters import MeasureFilters
from .schemas import AssignIn, MeasureIn, MeasureOut

router = Router(tags=["整改措施"])

RELATED = ("problem__inspection", "leader", "owner", "department")


def unit_person(unit, field: str, user_id: int | None):
    """A user holding a role somewhere in `unit`; the same 422 whether the id exists elsewhere
    or not at all, so another unit's people cannot be probed."""
    if user_id is None:
        return None
    person = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, memberships__organisation__path__startswith=unit.path)
        .distinct()
        .first()
    )
    if person is None:
        raise field_error(field, f"{unit}没有这个用户")
    return person


def unit_department(unit, department_id: int | None):
    if department_id is None:
        return None
    department = Organisation.objects.filter(
        pk=department_id, kind=Organisation.Kind.DEPARTMENT, path__startswith=unit.path
    ).first()
    if department is None:
        raise field_error("department_id", f"{unit}没有这个部门")
    return department


@router.get("", response=list[MeasureOut], summary="整改措施列表")
@paginate(Pagination)
def list_measures(request, filters: Query[MeasureFilters]):
    measures = filters.apply(visible_measures(user_of(request)), today())
    return measures.select_related(*RELATED).order_by(
        "problem__inspection_id", "problem__position", "problem_id", "position", "id"
    )


@router.get("/{int:measure_id}", response=MeasureOut, summary="整改措施详情")
def get_measure(request, measure_id: int):
    measure, _can_edit = get_measure_for_user(user_of(request), measure_id)
    return Measure.objects.select_related(*RELATED).get(pk=measure.pk)


@router.post("", response={201: MeasureOut}, summary="新增整改措施（整改办）")
def create_measure(request, payload: MeasureIn):
    user = user_of(request)
    problem, _can_edit = get_problem_for_user(user, payload.problem_id)
    require(user, "edit_problem", problem, "只有本单位整改办可以新增整改措施。")
    unit = problem.inspection.unit
    people = {
        "leader": unit_person(unit, "leader_id", payload.leader_id),
        "owner": unit_person(unit, "owner_id", payload.owner_id),
        "department": unit_department(unit, payload.department_id),
    }
    with transaction.atomic():
        position = payload.position
        if position is None:
            position = (problem.measures.aggregate(m=Max("position"))["m"] or 0) + 1
        measure = Measure.objects.create(
            problem=problem,
            text=payload.text,
            position=position,
            deadline=payload.deadline,
            long_term=payload.long_term,
            **people,
        )
        problem.recompute_status()
        audit.record(
            user,
            "measure.create",
            measure,
            after={
                "text": measure.text,
                "leader": str(people["leader"] or ""),
                "department": str(people["department"] or ""),
                "owner": str(people["owner"] or ""),
                "deadline": measure.deadline.isoformat() if measure.deadline else None,
                "long_term": measure.long_term,
            },
            note="通过接口新增",
        )
    return Status(201, get_measure(request, measure.pk))


@router.post(
    "/{int:measure_id}/assign", response=MeasureOut, summary="分工：责任领导、责任部门、责任人、时限"
)
def assign_measure(request, measure_id: int, payload: AssignIn):
    """Only the fields sent change; send null to clear a person, department or deadline."""
    user = user_of(request)
    measure, _can_edit = get_measure_for_user(user, measure_id)
    require(user, "assign_measure", measure, "只有本单位整改办可以调整分工。")
    sent = payload.model_fields_set - {"note"}
    if not sent:
        raise field_error(
            "leader_id", "请至少提供 leader_id、department_id、owner_id、deadline、long_term 中的一项"
        )
    unit = measure.problem.inspection.unit
    changes = {}
    if "leader_id" in sent:
        changes["leader"] = unit_person(unit, "leader_id", payload.leader_id)
    if "owner_id" in sent:
        changes["owner"] = unit_person(unit, "owner_id", payload.owner_id)
    if "department_id" in sent:
        changes["department"] = unit_department(unit, payload.department_id)
    if "deadline" in sent:
        changes["deadline"] = payload.deadline
    if "long_term" in sent:
        if payload.long_term is None:
            raise field_error("long_term", "应为 true 或 false")
        changes["long_term"] = payload.long_term
    measure.assign(by=user, note=payload.note, **changes)
    return get_measure(request, measure.pk)
