"""/api/problems — list, detail, create and edit (整改办), and the 销号 request (责任人)."""

from functools import wraps

from django.db import transaction
from django.db.models import Max, Prefetch
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from zhenggai import audit
from zhenggai.accounts.access import (
    get_inspection_for_user,
    get_problem_for_user,
    visible_measures,
    visible_problems,
)
from zhenggai.ledger.models import Category, Measure, Problem

from .common import Pagination, require, today, user_of
from .errors import field_error
from .filters import ProblemFilters
from .schemas import (
    ClosureIn,
    ClosureOut,
    ProblemDetail,
    ProblemIn,
    ProblemOut,
    ProblemPatch,
    SupervisionIn,
    SupervisionOut,
    category_chain,
)

router = Router(tags=["问题"])

# Up to three heading levels (一 / （一） / 1.) come with the problem in the same query.
CATEGORY_CHAIN = "category__parent__parent"
EDITABLE = ("label", "title", "description", "position", "is_public", "immediate")


def measures_prefetch() -> Prefetch:
    return Prefetch(
        "measures",
        queryset=Measure.objects.select_related(
            "leader", "owner", "department", "problem__inspection"
        ).order_by("position", "id"),
    )


def unvalidated(to_dict):
    """For a paginated list endpoint: the page's items go through `to_dict` and straight to the
    JSON renderer, without pydantic validating every row against the response schema (which
    cost more than the rest of the request). The declared response schema, and so the OpenAPI
    document, is the one @paginate built; `to_dict` must return exactly that schema's fields."""

    def decorate(paged):
        @wraps(paged)  # also copies the attributes through which @paginate shapes the OpenAPI schema
        def view(request, **kwargs):
            from .main import api

            page = paged(request, **kwargs)
            page["items"] = [to_dict(item) for item in page["items"]]
            return api.create_response(request, page, status=200)

        return view

    return decorate


def problem_dict(problem: Problem) -> dict:
    """ProblemOut of one problem, as its resolvers compute it (see schemas.py)."""
    return {
        "id": problem.pk,
        "inspection_id": problem.inspection_id,
        "category_path": category_chain(problem.category),
        "label": problem.label,
        "title": problem.title,
        "description": problem.description,
        "position": problem.position,
        "is_public": problem.is_public,
        "immediate": problem.immediate,
        "status": problem.status,
        "status_label": problem.get_status_display(),
        "status_override": problem.status_override,
        "closure_state": problem.closure_state,
        "closure_state_label": problem.get_closure_state_display(),
        "closed_at": problem.closed_at,
        "rebound_count": problem.rebound_count,
        "reopened_from_id": problem.reopened_from_id,
    }


@router.get("", response=list[ProblemOut], summary="问题列表")
@unvalidated(problem_dict)
@paginate(Pagination)
def list_problems(request, filters: Query[ProblemFilters]):
    user = user_of(request)
    problems = filters.apply(visible_problems(user), visible_measures(user), today())
    return problems.select_related(CATEGORY_CHAIN).order_by("inspection_id", "position", "id")


@router.get("/{int:problem_id}", response=ProblemDetail, summary="问题详情（含整改措施）")
def get_problem(request, problem_id: int):
    problem, _can_edit = get_problem_for_user(user_of(request), problem_id)
    # Fetched again with its relations so the measures cost one query, not one each.
    return (
        Problem.objects.select_related(CATEGORY_CHAIN, "inspection")
        .prefetch_related(measures_prefetch())
        .get(pk=problem.pk)
    )


def category_for(inspection, category_id: int | None):
    if category_id is None:
        return None
    category = Category.objects.filter(pk=category_id, inspection=inspection).first()
    if category is None:
        raise field_error("category_id", "该巡察下没有这个问题类别")
    return category


def snapshot(problem: Problem) -> dict:
    return {
        "category": problem.category_id,
        **{name: getattr(problem, name) for name in EDITABLE},
    }


@router.post("", response={201: ProblemDetail}, summary="新增问题（整改办）")
def create_problem(request, payload: ProblemIn):
    user = user_of(request)
    inspection, _can_edit = get_inspection_for_user(user, payload.inspection_id)
    require(user, "edit_inspection", inspection, "只有本单位整改办可以新增问题。")
    category = category_for(inspection, payload.category_id)
    with transaction.atomic():
        position = payload.position
        if position is None:
            position = (inspection.problems.aggregate(m=Max("position"))["m"] or 0) + 1
        problem = Problem.objects.create(
            inspection=inspection,
            category=category,
            label=payload.label,
            title=payload.title,
            description=payload.description,
            position=position,
            is_public=payload.is_public,
            immediate=payload.immediate,
        )
        audit.record(user, "problem.create", problem, after=snapshot(problem), note="通过接口新增")
    return Status(201, get_problem(request, problem.pk))


@router.patch("/{int:problem_id}", response=ProblemDetail, summary="修改问题（整改办）")
def edit_problem(request, problem_id: int, payload: ProblemPatch):
    user = user_of(request)
    problem, _can_edit = get_problem_for_user(user, problem_id)
    require(user, "edit_problem", problem, "只有本单位整改办可以修改问题。")
    sent = payload.model_dump(exclude_unset=True)
    for name in ("title", "label", "description", "position", "is_public", "immediate"):
        if name in sent and sent[name] is None:
            raise field_error(name, "不能为空")
    with transaction.atomic():
        before = snapshot(problem)
        if "category_id" in sent:
            problem.category = category_for(problem.inspection, sent.pop("category_id"))
        for name, value in sent.items():
            setattr(problem, name, value)
        problem.save()
        after = snapshot(problem)
        changed = {k: v for k, v in after.items() if before[k] != v}
        if changed:
            audit.record(
                user,
                "problem.edit",
                problem,
                before={k: before[k] for k in changed},
                after=changed,
                note="通过接口修改",
            )
    return get_problem(request, problem.pk)


@router.post("/{int:problem_id}/closure", response={201: ClosureOut}, summary="申请销号（责任部门/责任人）")
def request_closure(request, problem_id: int, payload: ClosureIn):
    user = user_of(request)
    problem, _can_edit = get_problem_for_user(user, problem_id)
    require(user, "request_closure", problem, "您不是该问题的责任部门或责任人，不能申请销号。")
    closure = problem.request_closure(by=user, note=payload.note)
    return Status(201, closure)


@router.post(
    "/{int:problem_id}/supervision", response={201: SupervisionOut}, summary="督办单或约谈（监督机构）"
)
def supervise(request, problem_id: int, payload: SupervisionIn):
    user = user_of(request)
    problem, _can_edit = get_problem_for_user(user, problem_id)
    require(user, "supervise", problem, "只有上级监督机构可以发督办单或约谈。")
    measure = None
    if payload.measure_id is not None:
        measure = problem.measures.filter(pk=payload.measure_id).first()
        if measure is None:
            raise field_error("measure_id", "该问题下没有这条整改措施")
    action = problem.supervise(
        by=user, kind=payload.kind, text=payload.text, due_date=payload.due_date, measure=measure
    )
    return Status(201, action)
