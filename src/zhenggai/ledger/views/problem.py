"""The problem page and every action on a problem or its measures: progress (inline via htmx),
evidence, assignment, 销号 request and decisions, 回头看, 督办/约谈."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zhenggai import audit
from zhenggai.accounts.access import can, get_measure_for_user, get_problem_for_user, roles_for
from zhenggai.accounts.models import Membership
from zhenggai.audit.models import AuditEvent, object_type_of

from ..forms import (
    AssignForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    EvidenceForm,
    MeasureCreateForm,
    MeasureForm,
    ProblemForm,
    ProgressForm,
    ReviewForm,
    SuperviseForm,
)
from ..models import Closure, Evidence, Measure, Problem, Review
from .common import REFUSALS, form_page, refusal_message, require, safe_next

Role = Membership.Role


def _pending_closure(problem):
    return problem.closures.filter(state=Closure.State.PENDING).order_by("-requested_at", "-pk").first()


def _audit_trail(problem, measures, closures, reviews, evidence):
    """Every audit event of the problem and of the objects hanging off it, newest first."""
    q = Q(object_type=object_type_of(problem), object_id=str(problem.pk))
    for model, objects in ((Measure, measures), (Closure, closures), (Review, reviews), (Evidence, evidence)):
        ids = [str(o.pk) for o in objects]
        if ids:
            q |= Q(object_type=f"ledger.{model._meta.model_name}", object_id__in=ids)
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-at", "-pk")[:200]


def problem_context(request, problem, can_edit, progress_forms=None):
    """Everything the problem page shows; `progress_forms` maps a measure's pk to its bound
    progress form, to show it again with its errors after a refused htmx post."""
    user = request.user
    today = timezone.localdate()
    progress_forms = progress_forms or {}
    measures = list(
        problem.measures.select_related("leader", "department", "owner", "imported_names").order_by(
            "position", "pk"
        )
    )
    for measure in measures:
        measure.problem = problem
        measure.names = _imported_names(measure)
        measure.can_update = can(user, "update_measure", measure)
        measure.can_comment = measure.can_update or can(user, "comment", measure)
        measure.current_light = measure.light(today)
        measure.stale_now = measure.is_stale(today)
        if measure.can_comment:
            form = progress_forms.get(measure.pk)
            measure.progress_form = form or ProgressForm(measure=measure, comment_only=not measure.can_update)
    closures = list(
        problem.closures.select_related("requested_by")
        .prefetch_related("steps__decided_by")
        .order_by("-requested_at")
    )
    pending = next((c for c in closures if c.state == Closure.State.PENDING), None)
    reviews = list(problem.reviews.select_related("checked_by", "drawn_by").order_by("due_date", "pk"))
    for review in reviews:
        review.problem = problem
    can_review = can(user, "record_review", problem)
    evidence = list(problem.evidence.select_related("uploaded_by", "measure").order_by("-uploaded_at", "-pk"))
    return {
        "problem": problem,
        "inspection": problem.inspection,
        "can_edit": can_edit,
        "today": today,
        "measures": measures,
        "updates": problem.updates.select_related("author", "measure").order_by("-created_at", "-pk")[:200],
        "evidence": evidence,
        "closures": closures,
        "pending": pending,
        "can_decide": pending is not None and can(user, pending.step, pending),
        "can_request_closure": problem.closure_state != Problem.ClosureState.PENDING
        and can(user, "request_closure", problem),
        "can_upload": can(user, "upload_evidence", problem),
        "reviews": reviews,
        "can_review": can_review,
        "supervision": problem.supervision_actions.select_related("by", "measure").order_by("-at"),
        "can_supervise": can(user, "supervise", problem),
        "audit_events": _audit_trail(problem, measures, closures, reviews, evidence),
        "category_path": problem.category_path(),
        **_public_feedback(user, problem),
    }


def _imported_names(measure):
    """The names an imported 台账 gave where no account or department matched (or None)."""
    try:
        return measure.imported_names
    except ObjectDoesNotExist:
        return None


def _public_feedback(user, problem) -> dict:
    """The public's messages linked to this problem, for the readers of the unit's published
    通报: its 整改办 and the supervisors above it. Owners and leaders see only part of the ledger
    and the moderation is not theirs; other units never reach this page. The sender's name and
    contact stay with the unit (the 整改办), as on the moderation page."""
    roles = roles_for(user, problem.inspection.unit)
    if not roles & {Role.UNIT_ADMIN, Role.SUPERVISOR}:
        return {"show_feedback": False}
    feedback = problem.public_feedback.select_related("report", "answered_by").order_by("-created_at", "-pk")
    return {
        "show_feedback": True,
        "feedback": list(feedback),
        "can_moderate": Role.UNIT_ADMIN in roles,
    }


def _problem_response(request, problem, can_edit, progress_forms=None, status=200):
    """The whole page, or only its body when htmx swaps it in place."""
    context = problem_context(request, problem, can_edit, progress_forms)
    template = "ledger/_problem_body.html" if request.htmx else "ledger/problem.html"
    return render(request, template, context, status=status)


@login_required
def problem(request, pk):
    problem, can_edit = get_problem_for_user(request.user, pk)
    return _problem_response(request, problem, can_edit)


@login_required
def problem_edit(request, pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "edit_problem", problem)
    before = {
        "title": problem.title,
        "is_public": problem.is_public,
        "status_override": problem.status_override,
    }
    old_override = problem.status_override
    form = ProblemForm(
        request.POST if request.method == "POST" else None, instance=problem, inspection=problem.inspection
    )

    def perform(data):
        override = data.get("status_override") or None
        saved = form.save(commit=False)
        saved.status_override = old_override
        saved.save()
        if override != old_override:
            saved.set_status_override(request.user, override)
        after = {"title": saved.title, "is_public": saved.is_public, "status_override": override}
        audit.record(request.user, "problem.edit", saved, before=before, after=after)
        return saved

    return form_page(
        request,
        form,
        title="修改问题",
        back_url=reverse("ledger:problem", args=[problem.pk]),
        submit="保存",
        perform=perform,
        success="问题已保存。",
        context={"subject": str(problem.inspection)},
    )


@login_required
def measure_create(request, pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "edit_problem", problem)
    form = MeasureCreateForm(
        request.POST if request.method == "POST" else None,
        instance=Measure(problem=problem),
        unit=problem.inspection.unit,
    )

    def perform(data):
        measure = form.save()
        audit.record(request.user, "measure.create", measure, after={"text": measure.text})
        assignment = {k: v for k, v in form.assignment().items() if v not in (None, "", False)}
        if assignment:
            measure.assign(request.user, **assignment)
        problem.recompute_status()
        return measure

    return form_page(
        request,
        form,
        title="添加整改措施",
        back_url=reverse("ledger:problem", args=[problem.pk]),
        submit="添加",
        perform=perform,
        success="整改措施已添加。",
        context={"subject": str(problem)},
    )


@login_required
def measure_edit(request, pk):
    measure, _ = get_measure_for_user(request.user, pk)
    require(request.user, "edit_problem", measure.problem)
    before = {"text": measure.text}
    form = MeasureForm(request.POST if request.method == "POST" else None, instance=measure)

    def perform(data):
        saved = form.save()
        audit.record(request.user, "measure.edit", saved, before=before, after={"text": saved.text})
        return saved

    return form_page(
        request,
        form,
        title="修改整改措施",
        back_url=reverse("ledger:problem", args=[measure.problem_id]) + f"#measure-{measure.pk}",
        submit="保存",
        perform=perform,
        success="整改措施已保存。",
        context={"subject": str(measure.problem)},
    )


@login_required
def measure_assign(request, pk):
    measure, _ = get_measure_for_user(request.user, pk)
    require(request.user, "assign_measure", measure)
    initial = {
        "leader": measure.leader_id,
        "department": measure.department_id,
        "owner": measure.owner_id,
        "deadline": measure.deadline,
        "long_term": measure.long_term,
    }
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        unit=measure.problem.inspection.unit,
    )

    def perform(data):
        note = data.pop("note", "")
        return measure.assign(request.user, note=note, **data)

    return form_page(
        request,
        form,
        title="分工与时限",
        back_url=reverse("ledger:problem", args=[measure.problem_id]) + f"#measure-{measure.pk}",
        submit="保存分工",
        perform=perform,
        success=lambda entry: "分工已调整。" if entry else "分工没有变化。",
        context={"subject": f"{measure.problem} — {measure.text[:60]}"},
    )


def _store_files(user, problem, measure, files, description):
    for upload in files:
        Evidence.create_from_upload(user, problem, measure, upload, description)


@login_required
def measure_progress(request, pk):
    """Post progress on a measure: status + note + evidence files in one form, all or nothing.
    From the problem page it is swapped in place by htmx; from "my tasks" it redirects back."""
    measure, can_update = get_measure_for_user(request.user, pk)
    if not can_update:
        require(request.user, "comment", measure)
    problem = measure.problem
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProgressForm(data, files, measure=measure, comment_only=not can_update)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                status = form.cleaned_data.get("status") or None
                measure.update(request.user, status=status, note=form.cleaned_data["note"])
                _store_files(
                    request.user,
                    problem,
                    measure,
                    form.cleaned_data["files"],
                    form.cleaned_data["description"],
                )
        except REFUSALS as exc:
            form.add_error(None, refusal_message(exc))
        else:
            messages.success(request, "进展已提交。")
            if request.htmx:
                problem.refresh_from_db()
                return _problem_response(request, problem, can(request.user, "edit_problem", problem))
            return redirect(
                safe_next(request, reverse("ledger:problem", args=[problem.pk]) + f"#measure-{measure.pk}")
            )
    status = 400 if request.method == "POST" else 200
    if request.htmx and request.method == "POST":
        # 422: htmx swaps it in (see the htmx-config in base.html), so the errors show in place.
        return _problem_response(
            request,
            problem,
            can(request.user, "edit_problem", problem),
            {measure.pk: form},
            422,
        )
    return render(
        request,
        "ledger/form.html",
        {
            "title": "填报整改进展" if can_update else "批注意见",
            "form": form,
            "back_url": reverse("ledger:problem", args=[problem.pk]) + f"#measure-{measure.pk}",
            "submit": "提交",
            "subject": f"{problem} — {measure.text[:60]}",
        },
        status=status,
    )


@login_required
def evidence_upload(request, pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "upload_evidence", problem)
    measures = problem.measures.select_related("department").order_by("position", "pk")
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        measures=measures,
    )
    if request.method == "POST" and form.is_valid():
        measure = form.cleaned_data.get("measure")
        if measure is not None:
            measure.problem = problem
            require(request.user, "upload_evidence", measure)

    def perform(data):
        _store_files(request.user, problem, data.get("measure"), data["files"], data.get("description", ""))
        return len(data["files"])

    return form_page(
        request,
        form,
        title="上传佐证材料",
        back_url=reverse("ledger:problem", args=[problem.pk]) + "#evidence",
        submit="上传",
        perform=perform,
        success=lambda n: f"已上传 {n} 份佐证材料。",
        context={"subject": str(problem)},
    )


@login_required
def closure_request(request, pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "request_closure", problem)
    form = ClosureRequestForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        title="申请销号",
        back_url=reverse("ledger:problem", args=[problem.pk]),
        submit="提交销号申请",
        perform=lambda data: problem.request_closure(request.user, note=data.get("note", "")),
        success="销号申请已提交，等待整改办审核。",
        intro="销号须所有整改措施已完成或列为长期坚持，并已上传佐证材料。",
        context={"subject": str(problem)},
    )


@login_required
def closure_decide(request, pk):
    problem, can_edit = get_problem_for_user(request.user, pk)
    closure = _pending_closure(problem)
    if closure is None:
        raise Http404("该问题没有待审批的销号申请")
    closure.problem = problem
    require(request.user, closure.step, closure)
    form = ClosureDecisionForm(request.POST if request.method == "POST" else None)
    step_label = closure.get_step_display()

    def perform(data):
        return closure.decide(request.user, data["decision"] == "approve", note=data.get("note", ""))

    def success(decided):
        if decided.state == Closure.State.APPROVED:
            return "已准予销号，并已安排回头看。"
        if decided.state == Closure.State.REJECTED:
            return "销号申请已退回。"
        return f"{step_label}已通过，转入“{decided.get_step_display()}”。"

    return form_page(
        request,
        form,
        title=f"销号审批：{step_label}",
        back_url=reverse("ledger:problem", args=[problem.pk]) + "#closure",
        submit="提交审批意见",
        perform=perform,
        success=success,
        context={"subject": str(problem)},
    )


@login_required
def review_record(request, pk, review_pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "record_review", problem)
    review = get_object_or_404(Review, pk=review_pk, problem=problem)
    form = ReviewForm(request.POST if request.method == "POST" else None)

    def success(done):
        return (
            "回头看结论：巩固。" if done.result == Review.Result.HELD else "回头看发现反弹，问题已重新打开。"
        )

    return form_page(
        request,
        form,
        title=f"记录回头看（{review.get_kind_display()}，{review.due_date:%Y-%m-%d}）",
        back_url=reverse("ledger:problem", args=[problem.pk]) + "#reviews",
        submit="记录结论",
        perform=lambda data: review.record(request.user, data["result"] == "held", note=data["note"]),
        success=success,
        context={"subject": str(problem)},
    )


@login_required
def supervise(request, pk):
    problem, _ = get_problem_for_user(request.user, pk)
    require(request.user, "supervise", problem)
    form = SuperviseForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        title="督办 / 约谈",
        back_url=reverse("ledger:problem", args=[problem.pk]) + "#supervision",
        submit="登记",
        perform=lambda data: problem.supervise(
            request.user, data["kind"], data["text"], due_date=data.get("due_date")
        ),
        success=lambda action: f"{action.get_kind_display()}已登记。",
        context={"subject": str(problem)},
    )
