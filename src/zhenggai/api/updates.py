"""/api/updates — the progress log (read) and posting progress on a measure (its owner)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from zhenggai.accounts.access import get_measure_for_user, visible_problems
from zhenggai.ledger.models import ProgressUpdate

from .common import Pagination, choice, require, user_of
from .errors import field_error
from .schemas import UpdateIn, UpdateOut

router = Router(tags=["整改进展"])


class UpdateFilters(Schema):
    inspection: int | None = None
    problem: int | None = None
    measure: int | None = None
    kind: choice(ProgressUpdate.Kind) | None = None


def visible_updates(user):
    # The log belongs to its problem: whoever sees the problem sees its log.
    return ProgressUpdate.objects.filter(problem__in=visible_problems(user).values("pk"))


@router.get("", response=list[UpdateOut], summary="整改进展记录（新的在前）")
@paginate(Pagination)
def list_updates(request, filters: Query[UpdateFilters]):
    updates = visible_updates(user_of(request)).select_related("author")
    if filters.inspection is not None:
        updates = updates.filter(problem__inspection_id=filters.inspection)
    if filters.problem is not None:
        updates = updates.filter(problem_id=filters.problem)
    if filters.measure is not None:
        updates = updates.filter(measure_id=filters.measure)
    if filters.kind is not None:
        updates = updates.filter(kind=filters.kind)
    return updates.order_by("-created_at", "-id")


@router.get("/{int:update_id}", response=UpdateOut, summary="一条整改进展")
def get_update(request, update_id: int):
    return get_object_or_404(visible_updates(user_of(request)).select_related("author"), pk=update_id)


@router.post("", response={201: UpdateOut}, summary="填报整改进展（该措施的责任部门/责任人）")
def post_update(request, payload: UpdateIn):
    user = user_of(request)
    measure, _can_edit = get_measure_for_user(user, payload.measure_id)
    require(user, "update_measure", measure, "只有该措施的责任部门或责任人可以填报进展。")
    if payload.status is None and not payload.note:
        raise field_error("note", "请填写进展说明（note）或新的完成情况（status）")
    entry = measure.update(by=user, status=payload.status, note=payload.note)
    return Status(201, entry)
