"""The inspection page: the problem tree (categories → problems) with filters, and the forms that
build the ledger (inspection, categories, problems, review sampling, handover)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zhenggai import audit
from zhenggai.accounts.access import can, get_inspection_for_user, visible_problems

from .. import services
from ..forms import (
    CategoryForm,
    FilterForm,
    HandoverForm,
    InspectionForm,
    ProblemForm,
    SampleForm,
    administered_units,
)
from ..models import Category, Light, Measure, Problem, Status, light_for
from .common import form_page, require

# Measure.is_open is False for these: no light, never stale.
CLOSED_STATUSES = (Status.COMPLETED, Status.LONG_TERM)
LIGHT_RANK = {Light.RED: 3, Light.YELLOW: 2, Light.GREEN: 1, Light.NONE: 0}
# What the tree draws of a problem (templatetags.ledger_tags.problem_tree), read as dicts.
PROBLEM_FIELDS = (
    "pk",
    "category_id",
    "label",
    "title",
    "is_public",
    "immediate",
    "rebound_count",
    "status",
    "closure_state",
)


def _measure_light(status, long_term, deadline, today, inspection) -> str:
    # Measure.light() on the row's values (see ledger/models/problem.py).
    if status in CLOSED_STATUSES or long_term or deadline is None:
        return Light.NONE
    return light_for((deadline - today).days, inspection)


def _filtered_problems(user, inspection, values, today) -> list[dict]:
    """The problems the user sees, filtered, each with its worst light, stale flag and number of
    measures. Two queries whatever the number of problems; no model instances."""
    problems = visible_problems(user).filter(inspection=inspection).order_by("position", "pk")
    if values.get("status"):
        problems = problems.filter(status=values["status"])
    if values.get("scope") == "public":
        problems = problems.filter(is_public=True)
    elif values.get("scope") == "party":
        problems = problems.filter(is_public=False)
    if values.get("department"):
        problems = problems.filter(measures__department=values["department"])
    text = (values.get("q") or "").strip()
    if text:
        problems = problems.filter(
            Q(title__icontains=text) | Q(description__icontains=text) | Q(measures__text__icontains=text)
        )
    if values.get("department") or text:
        problems = problems.distinct()
    rows = list(problems.values(*PROBLEM_FIELDS))
    by_pk = {}
    for row in rows:
        row.update(worst_light=Light.NONE, stale=False, measure_count=0)
        by_pk[row["pk"]] = row
    # Every measure of the shown problems counts (as the page always showed), not only visible ones.
    measures = Measure.objects.filter(problem_id__in=list(by_pk)).values_list(
        "problem_id", "status", "long_term", "deadline", "last_update_at", "created_at"
    )
    localdate = timezone.localdate
    closed = Problem.ClosureState.CLOSED
    for problem_id, status, long_term, deadline, last_update_at, created_at in measures.order_by():
        row = by_pk[problem_id]
        row["measure_count"] += 1
        light = _measure_light(status, long_term, deadline, today, inspection)
        if LIGHT_RANK[light] > LIGHT_RANK[row["worst_light"]]:
            row["worst_light"] = light
        # Measure.is_stale(): open, problem not closed, no update for stale_days.
        if (
            not row["stale"]
            and status not in CLOSED_STATUSES
            and row["closure_state"] != closed
            and (today - localdate(last_update_at or created_at)).days >= inspection.stale_days
        ):
            row["stale"] = True
    if values.get("light"):
        rows = [row for row in rows if row["worst_light"] == values["light"]]
    return rows


def _tree(categories, problems):
    """Nested [(category, children, problems)] in position order; problems without a category last."""
    by_parent: dict = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    by_category: dict = {}
    for problem in problems:
        by_category.setdefault(problem["category_id"], []).append(problem)

    def build(parent_id):
        nodes = []
        for category in by_parent.get(parent_id, []):
            children = build(category.pk)
            own = by_category.get(category.pk, [])
            if own or children:
                nodes.append({"category": category, "children": children, "problems": own})
        return nodes

    return build(None), by_category.get(None, [])


@login_required
def inspection(request, pk):
    inspection, can_edit = get_inspection_for_user(request.user, pk)
    today = timezone.localdate()
    form = FilterForm(request.GET or None, unit=inspection.unit)
    values = form.values() if request.GET else {}
    problems = _filtered_problems(request.user, inspection, values, today)
    categories = list(Category.objects.filter(inspection=inspection).order_by("position", "pk"))
    tree, loose = _tree(categories, problems)
    context = {
        "inspection": inspection,
        "can_edit": can_edit,
        "filter_form": form,
        "tree": tree,
        "loose": loose,
        "shown": len(problems),
        "filtered": any(values.values()) if values else False,
        "today": today,
        "counts": inspection.status_counts(),
        "can_sample": can(request.user, "draw_sample", inspection),
        "can_handover": can(request.user, "handover", inspection),
        "categories": categories,
    }
    if request.htmx and request.htmx.target == "problem-tree":
        return render(request, "ledger/_problem_tree.html", context)
    return render(request, "ledger/inspection.html", context)


@login_required
def inspection_create(request):
    units = administered_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = InspectionForm(request.POST if request.method == "POST" else None, user=request.user)

    def perform(data):
        created = form.save()
        audit.record(request.user, "inspection.create", created, after={"title": created.title})
        return created

    response = form_page(
        request,
        form,
        title="新建巡察整改",
        back_url=reverse("ledger:dashboard"),
        submit="创建",
        perform=perform,
        success=lambda i: f"已创建“{i.title}”，集中整改截止 {i.concentrated_deadline:%Y-%m-%d}。",
    )
    if response.status_code == 302 and form.instance.pk:
        response["Location"] = reverse("ledger:inspection", args=[form.instance.pk])
    return response


@login_required
def inspection_edit(request, pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "edit_inspection", inspection)
    before = {"title": inspection.title, "concentrated_deadline": inspection.concentrated_deadline}
    form = InspectionForm(request.POST if request.method == "POST" else None, instance=inspection)

    def perform(data):
        saved = form.save()
        after = {"title": saved.title, "concentrated_deadline": saved.concentrated_deadline}
        audit.record(request.user, "inspection.edit", saved, before=before, after=after)
        return saved

    return form_page(
        request,
        form,
        title="修改巡察信息",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="保存",
        perform=perform,
        success="巡察信息已保存。",
        context={"subject": str(inspection)},
    )


@login_required
def category_create(request, pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "edit_inspection", inspection)
    form = CategoryForm(
        request.POST if request.method == "POST" else None,
        instance=Category(inspection=inspection),
        inspection=inspection,
    )

    def perform(data):
        category = form.save()
        audit.record(
            request.user,
            "category.create",
            category,
            after={"label": category.label, "title": category.title},
        )
        return category

    return form_page(
        request,
        form,
        title="添加问题类别",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="添加",
        perform=perform,
        success=lambda c: f"已添加问题类别“{c}”。",
        context={"subject": str(inspection)},
    )


@login_required
def category_edit(request, pk, category_pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "edit_inspection", inspection)
    category = get_object_or_404(Category, pk=category_pk, inspection=inspection)
    before = {"label": category.label, "title": category.title}
    form = CategoryForm(
        request.POST if request.method == "POST" else None, instance=category, inspection=inspection
    )

    def perform(data):
        saved = form.save()
        audit.record(
            request.user,
            "category.edit",
            saved,
            before=before,
            after={"label": saved.label, "title": saved.title},
        )
        return saved

    return form_page(
        request,
        form,
        title="修改问题类别",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="保存",
        perform=perform,
        success="问题类别已保存。",
        context={"subject": str(inspection)},
    )


@login_required
def problem_create(request, pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "edit_inspection", inspection)
    initial = {"category": request.GET.get("category")} if request.GET.get("category") else None
    form = ProblemForm(
        request.POST if request.method == "POST" else None,
        instance=Problem(inspection=inspection),
        inspection=inspection,
        initial=initial,
    )

    def perform(data):
        problem = form.save()
        problem.recompute_status()
        audit.record(
            request.user,
            "problem.create",
            problem,
            after={"title": problem.title, "is_public": problem.is_public},
        )
        return problem

    response = form_page(
        request,
        form,
        title="添加问题",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="添加",
        perform=perform,
        success=lambda p: f"已添加问题“{p.title}”，请继续添加整改措施。",
        context={"subject": str(inspection)},
    )
    if response.status_code == 302 and form.instance.pk and not request.POST.get("next"):
        response["Location"] = reverse("ledger:problem", args=[form.instance.pk])
    return response


@login_required
def review_sample(request, pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "draw_sample", inspection)
    form = SampleForm(request.POST if request.method == "POST" else None)

    def perform(data):
        return inspection.draw_review_sample(request.user, data["size"], seed=data.get("seed"))

    return form_page(
        request,
        form,
        title="抽取回头看样本",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="随机抽取",
        perform=perform,
        success=lambda reviews: "已抽取 {} 个已销号问题进行回头看：{}".format(
            len(reviews), "；".join(r.problem.title[:20] for r in reviews)
        ),
        intro="从本次巡察已销号的问题中随机抽取，安排回头看复查。",
        context={"subject": str(inspection)},
    )


@login_required
def handover(request, pk):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(request.user, "handover", inspection)
    form = HandoverForm(request.POST if request.method == "POST" else None, unit=inspection.unit)

    def perform(data):
        return services.handover(
            request.user,
            inspection.unit,
            from_user=data.get("from_user"),
            to_user=data.get("to_user"),
            from_department=data.get("from_department"),
            to_department=data.get("to_department"),
            effective_date=data["effective_date"],
            note=data.get("note", ""),
        )

    return form_page(
        request,
        form,
        title="工作交接",
        back_url=reverse("ledger:inspection", args=[inspection.pk]),
        submit="办理交接",
        perform=perform,
        success=lambda h: f"交接已办理，移交整改措施 {len(h.measure_ids)} 条。",
        intro=f"将{inspection.unit.name}所有未完成的整改措施从原责任人/部门移交给接任人/部门，交接记录存档。",
        context={"subject": str(inspection)},
    )
