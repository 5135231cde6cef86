"""销号 (closure approval chain), 回头看 (reviews), 督办/约谈 and handovers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhenggai import audit

from .base import WorkflowError, add_months
from .problem import Problem, ProgressUpdate


class Closure(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "审批中"
        APPROVED = "approved", "已销号"
        REJECTED = "rejected", "已退回"

    class Step(models.TextChoices):
        OFFICE_CHECK = "office_check", "整改办审核"
        LEADER_CONFIRM = "leader_confirm", "责任领导确认"
        SUPERVISOR_SIGNOFF = "supervisor_signoff", "监督机构签批"

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="closures"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    note = models.TextField("申请说明", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    step = models.CharField("当前环节", max_length=30, choices=Step.choices, default=Step.OFFICE_CHECK)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"
        ordering = ["-requested_at", "-id"]
        indexes = [
            # The approvers' inboxes: pending closures at one step.
            models.Index(fields=["state", "step"], name="closure_state_step"),
        ]

    def __str__(self) -> str:
        return f"{self.problem} · {self.get_state_display()}"

    @property
    def audit_unit(self):
        return self.problem.inspection.unit

    def chain(self) -> list[str]:
        """The steps this closure goes through, in order."""
        steps = [Closure.Step.OFFICE_CHECK, Closure.Step.LEADER_CONFIRM]
        if self.problem.inspection.require_supervisor_signoff:
            steps.append(Closure.Step.SUPERVISOR_SIGNOFF)
        return steps

    @transaction.atomic
    def decide(self, by, approve: bool, note: str = ""):
        """Decide the current step: approval moves to the next step or closes the problem
        (and schedules the 回头看); rejection sends the problem back to 已挂号."""
        from zhenggai.accounts.access import can

        closure = Closure.objects.select_for_update().get(pk=self.pk)
        if closure.state != Closure.State.PENDING:
            raise WorkflowError(f"该销号申请已{closure.get_state_display()}，不能再审批")
        step = closure.step
        if not can(by, step, closure):
            raise WorkflowError(f"您无权进行“{Closure.Step(step).label}”")
        note = (note or "").strip()
        if not approve and not note:
            raise WorkflowError("退回时请填写理由")
        ClosureStep.objects.create(closure=closure, step=step, decided_by=by, approved=approve, note=note)
        problem = closure.problem
        label = Closure.Step(step).label
        before = {"state": closure.state, "step": step}
        if not approve:
            closure.state = Closure.State.REJECTED
            closure.decided_at = timezone.now()
            problem.closure_state = Problem.ClosureState.OPEN
            problem.save(update_fields=["closure_state"])
            problem.log(by, ProgressUpdate.Kind.CLOSURE, f"{label}：退回。{note}".rstrip("。 "))
        else:
            chain = closure.chain()
            following = chain[chain.index(step) + 1 :] if step in chain else []
            if following:
                closure.step = following[0]
                problem.log(by, ProgressUpdate.Kind.CLOSURE, f"{label}：通过。{note}".rstrip("。 "))
            else:
                closure.state = Closure.State.APPROVED
                closure.decided_at = timezone.now()
                problem.closure_state = Problem.ClosureState.CLOSED
                problem.closed_at = closure.decided_at
                problem.save(update_fields=["closure_state", "closed_at"])
                problem.log(by, ProgressUpdate.Kind.CLOSURE, f"{label}：通过，准予销号。{note}".rstrip("。 "))
                due = add_months(timezone.localdate(closure.decided_at), problem.inspection.review_months)
                Review.schedule(by, problem, due, kind=Review.Kind.SCHEDULED, closure=closure)
        closure.save(update_fields=["state", "step", "decided_at"])
        audit.record(
            by,
            f"closure.{step}",
            closure,
            before,
            {"state": closure.state, "step": closure.step, "approved": approve},
            note,
        )
        self.refresh_from_db()
        return closure


class ClosureStep(models.Model):
    closure = models.ForeignKey(
        Closure, verbose_name="销号申请", on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField("环节", max_length=30, choices=Closure.Step.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", default=timezone.now)
    approved = models.BooleanField("同意")
    note = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "销号审批环节"
        verbose_name_plural = "销号审批环节"
        ordering = ["closure", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {'同意' if self.approved else '退回'}"


class Review(models.Model):
    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "定期回头看"
        SAMPLE = "sample", "抽查"

    class Result(models.TextChoices):
        PENDING = "pending", "待复查"
        HELD = "held", "巩固"
        REBOUNDED = "rebounded", "反弹"

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="reviews"
    )
    closure = models.ForeignKey(
        Closure,
        verbose_name="销号申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    due_date = models.DateField("复查日期")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.SCHEDULED)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安排人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField("复查结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField("复查时间", null=True, blank=True)
    note = models.TextField("复查情况", blank=True)

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["due_date", "id"]
        indexes = [
            # Reminders and dashboards: pending reviews falling due.
            models.Index(fields=["result", "due_date"], name="review_result_due"),
        ]

    def __str__(self) -> str:
        return f"{self.problem} · {self.get_kind_display()} {self.due_date}"

    @property
    def audit_unit(self):
        return self.problem.inspection.unit

    def is_due(self, today: datetime.date | None = None) -> bool:
        return self.result == Review.Result.PENDING and self.due_date <= (today or timezone.localdate())

    @classmethod
    def schedule(cls, by, problem, due_date, kind=Kind.SCHEDULED, closure=None) -> Review:
        review = cls.objects.create(
            problem=problem, closure=closure, due_date=due_date, kind=kind, drawn_by=by
        )
        problem.log(
            by, ProgressUpdate.Kind.REVIEW, f"安排{review.get_kind_display()}，复查日期 {due_date:%Y-%m-%d}"
        )
        audit.record(by, "review.schedule", review, after={"due_date": due_date, "kind": kind})
        return review

    @transaction.atomic
    def record(self, by, held: bool, note: str = ""):
        """Record the re-check: held (巩固), or rebounded (反弹) which reopens the problem."""
        review = Review.objects.select_for_update().get(pk=self.pk)
        if review.result != Review.Result.PENDING:
            raise WorkflowError("该回头看已记录结果")
        note = (note or "").strip()
        if not note:
            raise WorkflowError("请填写复查情况")
        if review.problem.closure_state != Problem.ClosureState.CLOSED:
            raise WorkflowError("该问题当前不是已销号状态，无需回头看")
        review.result = Review.Result.HELD if held else Review.Result.REBOUNDED
        review.checked_by = by
        review.checked_at = timezone.now()
        review.note = note
        review.save(update_fields=["result", "checked_by", "checked_at", "note"])
        review.problem.log(
            by,
            ProgressUpdate.Kind.REVIEW,
            f"{review.get_kind_display()}：{review.get_result_display()}。{note}",
        )
        audit.record(by, "review.record", review, {"result": "pending"}, {"result": review.result}, note)
        if not held:
            review.problem.reopen(by, f"回头看发现反弹：{note}", review=review)
        self.refresh_from_db()
        return review


class SupervisionAction(models.Model):
    class Kind(models.TextChoices):
        URGE = "urge", "督办单"
        TALK = "talk", "约谈"

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="supervision_actions"
    )
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_actions",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    text = models.TextField("内容")
    due_date = models.DateField("办理期限", null=True, blank=True)

    class Meta:
        verbose_name = "督办/约谈"
        verbose_name_plural = "督办/约谈"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.problem}"

    @property
    def audit_unit(self):
        return self.problem.inspection.unit


class Handover(models.Model):
    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="handovers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_department = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="移交部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="接收部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    effective_date = models.DateField("交接日期")
    note = models.TextField("说明", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    measure_ids = models.JSONField("移交的措施", default=list, blank=True)

    class Meta:
        verbose_name = "工作交接"
        verbose_name_plural = "工作交接"
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        source = self.from_user or self.from_department
        target = self.to_user or self.to_department
        return f"{self.effective_date} {source} → {target}"

    @property
    def audit_unit(self):
        return self.unit
