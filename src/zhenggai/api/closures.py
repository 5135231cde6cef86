"""/api/closures — 销号 requests and their approval chain (整改办 → 责任领导 → 监督机构)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhenggai.accounts.access import can, visible_problems
from zhenggai.ledger.models import Closure

from .common import Pagination, choice, require, user_of
from .errors import field_error
from .schemas import ClosureDetail, ClosureOut, DecisionIn

router = Router(tags=["销号审批"])


class ClosureFilters(Schema):
    inspection: int | None = None
    problem: int | None = None
    state: choice(Closure.State) | None = None
    step: choice(Closure.Step) | None = None


def visible_closures(user):
    # A closure belongs to its problem: whoever sees the problem sees its 销号 requests.
    return Closure.objects.filter(problem__in=visible_problems(user).values("pk"))


def closure_detail(user, closure_id: int) -> Closure:
    closure = get_object_or_404(
        visible_closures(user).select_related("requested_by", "problem__inspection__unit"), pk=closure_id
    )
    closure.can_decide = closure.state == Closure.State.PENDING and can(user, closure.step, closure)
    return closure


@router.get("", response=list[ClosureOut], summary="销号申请列表（新的在前）")
@paginate(Pagination)
def list_closures(request, filters: Query[ClosureFilters]):
    closures = visible_closures(user_of(request)).select_related("requested_by")
    if filters.inspection is not None:
        closures = closures.filter(problem__inspection_id=filters.inspection)
    if filters.problem is not None:
        closures = closures.filter(problem_id=filters.problem)
    if filters.state is not None:
        closures = closures.filter(state=filters.state)
    if filters.step is not None:
        closures = closures.filter(step=filters.step)
    return closures.order_by("-requested_at", "-id")


@router.get("/{int:closure_id}", response=ClosureDetail, summary="销号申请详情（含各环节意见）")
def get_closure(request, closure_id: int):
    closure = closure_detail(user_of(request), closure_id)
    return closure


@router.post("/{int:closure_id}/decide", response=ClosureDetail, summary="审批当前环节：同意或退回")
def decide_closure(request, closure_id: int, payload: DecisionIn):
    """The current step decides who may: 整改办审核 the unit admin, 责任领导确认 the leader,
    监督机构签批 the supervisor (when the inspection requires it)."""
    user = user_of(request)
    closure = closure_detail(user, closure_id)
    if closure.state == Closure.State.PENDING:
        require(user, closure.step, closure, f"您无权进行“{closure.get_step_display()}”。")
    if not payload.approve and not payload.note:
        raise field_error("note", "退回时请填写理由")
    closure.decide(by=user, approve=payload.approve, note=payload.note)
    return closure_detail(user, closure_id)
