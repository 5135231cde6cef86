"""Problems (反馈问题), their measures (整改措施) and the immutable progress log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhenggai import audit
from zhenggai.audit.models import AppendOnlyModel

from .base import Light, Status, WorkflowError, derive_status, light_for


class Problem(models.Model):
    class ClosureState(models.TextChoices):
        OPEN = "open", "已挂号"
        PENDING = "pending", "销号审批中"
        CLOSED = "closed", "已销号"
        REOPENED = "reopened", "已重新打开"

    inspection = models.ForeignKey(
        "ledger.Inspection", verbose_name="巡察", on_delete=models.CASCADE, related_name="problems"
    )
    category = models.ForeignKey(
        "ledger.Category",
        verbose_name="问题类别",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    label = models.CharField("序号", max_length=20, blank=True)
    title = models.CharField("问题", max_length=500)
    description = models.TextField("具体表现", blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    is_public = models.BooleanField("社会公开", default=True)
    immediate = models.BooleanField("立行立改", default=False)
    # NULL, not "", means "not overridden" (the contract other apps code against).
    status_override = models.CharField(  # noqa: DJ001
        "人工认定状态",
        max_length=20,
        choices=Status.choices,
        null=True,
        blank=True,
        help_text="留空则由整改措施的状态自动得出",
    )
    # Cached: derived from the measures by recompute_status() unless status_override is set.
    status = models.CharField("整改状态", max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    closure_state = models.CharField(
        "挂号销号", max_length=20, choices=ClosureState.choices, default=ClosureState.OPEN
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    reopened_from = models.ForeignKey(
        "self",
        verbose_name="前次同类问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurrences",
        help_text="本问题是此前已销号问题的反弹或重犯",
    )
    rebound_count = models.PositiveSmallIntegerField("反弹次数", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["inspection", "position", "id"]
        indexes = [
            # The dashboard's counts by status and the public report's counts per inspection.
            models.Index(fields=["inspection", "status"], name="problem_inspection_status"),
            # Review sampling and the supervisor's closed/reopened statistics.
            models.Index(fields=["inspection", "closure_state"], name="problem_inspection_closure"),
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}" if self.label else self.title

    @property
    def audit_unit(self):
        return self.inspection.unit

    @property
    def is_closed(self) -> bool:
        return self.closure_state == Problem.ClosureState.CLOSED

    def category_path(self) -> list[tuple[str, str]]:
        """The headings above this problem, outermost first: [("一", "…"), ("（一）", "…")]."""
        if self.category_id is None:
            return []
        return [(c.label, c.title) for c in self.category.path()]

    def derived_status(self) -> str:
        return derive_status(list(self.measures.values_list("status", flat=True)))

    def recompute_status(self) -> str:
        """Refresh the cached status; returns it. Saves only when it changed."""
        status = self.status_override or self.derived_status()
        if status != self.status:
            self.status = status
            Problem.objects.filter(pk=self.pk).update(status=status)
        return status

    def log(self, by, kind: str, note: str = "", measure=None, old_status="", new_status=""):
        return ProgressUpdate.objects.create(
            problem=self,
            measure=measure,
            author=by,
            kind=kind,
            old_status=old_status or "",
            new_status=new_status or "",
            note=note,
        )

    @transaction.atomic
    def set_status_override(self, by, status: str | None, note: str = ""):
        """The unit admin's manual status (None = follow the measures again)."""
        if status is not None and status not in Status.values:
            raise WorkflowError(f"未知的整改状态：{status}")
        old = self.status
        self.status_override = status or None
        self.save(update_fields=["status_override"])
        self.recompute_status()
        self.log(
            by, ProgressUpdate.Kind.STATUS, note or "人工认定整改状态", old_status=old, new_status=self.status
        )
        audit.record(
            by, "problem.override", self, {"status": old}, {"status": self.status, "override": status}, note
        )

    @transaction.atomic
    def request_closure(self, by, note: str = ""):
        """The owner asks for 销号. Refused while a measure is neither completed nor long-term,
        or when neither the problem nor its measures have evidence."""
        from .closure import Closure

        problem = Problem.objects.select_for_update().get(pk=self.pk)
        if problem.closure_state == Problem.ClosureState.PENDING:
            raise WorkflowError("该问题已在销号审批中")
        if problem.closure_state == Problem.ClosureState.CLOSED:
            raise WorkflowError("该问题已销号")
        measures = list(problem.measures.all())
        if not measures:
            raise WorkflowError("该问题还没有整改措施，不能申请销号")
        unfinished = [m for m in measures if m.status not in (Status.COMPLETED, Status.LONG_TERM)]
        if unfinished:
            listed = "；".join(f"第{m.position or m.pk}条“{m.text[:20]}”" for m in unfinished)
            raise WorkflowError(f"还有 {len(unfinished)} 条整改措施未完成或未列为长期坚持：{listed}")
        if not problem.evidence.exists():
            raise WorkflowError("没有佐证材料，不能申请销号；请先上传佐证材料")
        closure = Closure.objects.create(problem=problem, requested_by=by, note=note)
        problem.closure_state = Problem.ClosureState.PENDING
        problem.save(update_fields=["closure_state"])
        self.closure_state = problem.closure_state
        problem.log(by, ProgressUpdate.Kind.CLOSURE, note or "申请销号")
        audit.record(
            by, "closure.request", problem, {"closure_state": "open"}, {"closure_state": "pending"}, note
        )
        return closure

    @transaction.atomic
    def supervise(self, by, kind: str, text: str, due_date=None, measure=None):
        """Record a supervisor's 督办单 or 约谈 on this problem (or one of its measures)."""
        from .closure import SupervisionAction

        if kind not in SupervisionAction.Kind.values:
            raise WorkflowError(f"未知的督办类型：{kind}")
        if not text.strip():
            raise WorkflowError("请填写督办或约谈内容")
        if measure is not None and measure.problem_id != self.pk:
            raise WorkflowError("该整改措施不属于此问题")
        action = SupervisionAction.objects.create(
            problem=self, measure=measure, kind=kind, by=by, text=text.strip(), due_date=due_date
        )
        self.log(
            by,
            ProgressUpdate.Kind.SUPERVISION,
            f"{action.get_kind_display()}：{text.strip()}",
            measure=measure,
        )
        audit.record(by, f"supervise.{kind}", self, after={"text": text, "due_date": due_date})
        return action

    @transaction.atomic
    def reopen(self, by, note: str, review=None):
        """Reopen a closed problem. Called with the review when a 回头看 finds a rebound, which
        counts towards 屡改屡犯 (rebound_count); finished measures go back to 正在整改."""
        if not note.strip():
            raise WorkflowError("请说明重新打开的原因")
        problem = Problem.objects.select_for_update().get(pk=self.pk)
        if problem.closure_state != Problem.ClosureState.CLOSED:
            raise WorkflowError("只有已销号的问题才能重新打开")
        before = {"closure_state": problem.closure_state, "rebound_count": problem.rebound_count}
        problem.closure_state = Problem.ClosureState.REOPENED
        problem.closed_at = None
        if review is not None:
            problem.rebound_count += 1
        problem.save(update_fields=["closure_state", "closed_at", "rebound_count"])
        for measure in problem.measures.filter(status=Status.COMPLETED):
            measure.status = Status.IN_PROGRESS
            measure.last_update_at = timezone.now()
            measure.save(update_fields=["status", "last_update_at"])
            problem.log(
                by,
                ProgressUpdate.Kind.STATUS,
                "问题重新打开，措施恢复整改",
                measure=measure,
                old_status=Status.COMPLETED,
                new_status=Status.IN_PROGRESS,
            )
        problem.recompute_status()
        problem.log(by, ProgressUpdate.Kind.REOPEN, note)
        after = {"closure_state": problem.closure_state, "rebound_count": problem.rebound_count}
        if review is not None:
            after["review"] = review.pk
            after["closure"] = review.closure_id
        audit.record(by, "problem.reopen", problem, before, after, note)
        self.refresh_from_db()
        return self

    @transaction.atomic
    def link_recurrence(self, by, earlier: Problem, note: str = ""):
        """Mark this problem (typically in a later inspection) as the same problem coming back;
        it inherits the earlier rebound count plus one (屡改屡犯)."""
        if earlier.pk == self.pk:
            raise WorkflowError("不能把问题关联到它自己")
        earlier_count = Problem.objects.filter(pk=earlier.pk).values_list("rebound_count", flat=True).get()
        self.reopened_from = earlier
        self.rebound_count = earlier_count + 1
        self.save(update_fields=["reopened_from", "rebound_count"])
        self.log(by, ProgressUpdate.Kind.REOPEN, note or f"与此前问题“{earlier.title[:30]}”属同类反弹")
        audit.record(by, "problem.recurrence", self, after={"reopened_from": earlier.pk}, note=note)


class Measure(models.Model):
    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="measures"
    )
    text = models.TextField("整改措施")
    position = models.PositiveIntegerField("排序", default=0)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_measures",
    )
    department = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="责任部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_measures",
    )
    deadline = models.DateField("整改时限", null=True, blank=True)
    long_term = models.BooleanField("长期", default=False)
    status = models.CharField("完成情况", max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    last_update_at = models.DateTimeField("最近更新", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["problem", "position", "id"]
        indexes = [
            # "My tasks" and the reminders: open measures by deadline.
            models.Index(fields=["status", "deadline"], name="measure_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def audit_unit(self):
        return self.problem.inspection.unit

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.COMPLETED, Status.LONG_TERM)

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    def light(self, today: datetime.date | None = None) -> str:
        """Green at ≤ green_days left, yellow at ≤ yellow_days, red once overdue;
        none for completed or long-term measures and for those without a deadline."""
        if not self.is_open or self.long_term or self.deadline is None:
            return Light.NONE
        return light_for(self.days_left(today), self.problem.inspection)

    def get_light_display(self, today: datetime.date | None = None) -> str:
        return Light(self.light(today)).label

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """No update for stale_days on a measure still being worked on."""
        if not self.is_open or self.problem.closure_state == Problem.ClosureState.CLOSED:
            return False
        today = today or timezone.localdate()
        last = timezone.localdate(self.last_update_at or self.created_at)
        return (today - last).days >= self.problem.inspection.stale_days

    @transaction.atomic
    def update(self, by, status: str | None = None, note: str = ""):
        """Post progress: a note, a new status, or both. Returns the ProgressUpdate."""
        note = (note or "").strip()
        if status is not None and status not in Status.values:
            raise WorkflowError(f"未知的整改状态：{status}")
        if status is None and not note:
            raise WorkflowError("请填写进展情况或选择新的完成情况")
        problem = Problem.objects.select_for_update().get(pk=self.problem_id)
        if status is not None and status != self.status:
            if problem.closure_state == Problem.ClosureState.CLOSED:
                raise WorkflowError("该问题已销号，不能再修改措施状态；如有反弹请重新打开")
            if problem.closure_state == Problem.ClosureState.PENDING:
                raise WorkflowError("该问题正在销号审批中，不能修改措施状态")
        old = self.status
        changed = status is not None and status != old
        if changed:
            self.status = status
        self.last_update_at = timezone.now()
        self.save(update_fields=["status", "last_update_at"])
        if changed:
            problem.recompute_status()
        entry = problem.log(
            by,
            ProgressUpdate.Kind.STATUS if changed else ProgressUpdate.Kind.NOTE,
            note,
            measure=self,
            old_status=old,
            new_status=self.status,
        )
        audit.record(by, "measure.update", self, {"status": old}, {"status": self.status}, note)
        return entry

    ASSIGNABLE = ("leader", "department", "owner", "deadline", "long_term")

    @transaction.atomic
    def assign(self, by, note: str = "", **changes):
        """Set leader, department, owner, deadline and/or long_term; records before/after."""
        unknown = set(changes) - set(self.ASSIGNABLE)
        if unknown:
            raise TypeError(f"assign() got unexpected fields: {sorted(unknown)}")
        unit = self.problem.inspection.unit
        department = changes.get("department")
        if department is not None and not department.path.startswith(unit.path):
            raise WorkflowError(f"责任部门“{department}”不属于{unit}")
        for field in ("leader", "owner"):
            person = changes.get(field)
            if person is not None and not _is_member_of(person, unit):
                label = Measure._meta.get_field(field).verbose_name
                raise WorkflowError(
                    f"{label}“{person.get_full_name() or person}”不是{unit}的成员，请先为其分配角色"
                )
        before, after = {}, {}
        for field, value in changes.items():
            old = getattr(self, field)
            if old != value:
                before[field] = _describe(old)
                after[field] = _describe(value)
                setattr(self, field, value)
        if not after:
            return None
        self.save(update_fields=list(changes))
        summary = "；".join(f"{Measure._meta.get_field(f).verbose_name}：{after[f]}" for f in after)
        entry = self.problem.log(by, ProgressUpdate.Kind.ASSIGN, note or summary, measure=self)
        audit.record(by, "measure.assign", self, before, after, note)
        return entry


def _is_member_of(user, unit) -> bool:
    from zhenggai.accounts.models import Membership, Organisation

    return Membership.objects.filter(
        user=user, organisation__in=Organisation.objects.filter(unit.descendants_q())
    ).exists()


def _describe(value):
    """JSON-friendly form of a field value for the audit trail."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class ProgressUpdate(AppendOnlyModel):
    class Kind(models.TextChoices):
        NOTE = "note", "进展说明"
        STATUS = "status", "状态变更"
        ASSIGN = "assign", "分工调整"
        EVIDENCE = "evidence", "上传佐证"
        CLOSURE = "closure", "销号"
        REVIEW = "review", "回头看"
        SUPERVISION = "supervision", "督办/约谈"
        HANDOVER = "handover", "工作交接"
        REOPEN = "reopen", "重新打开"

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="updates"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    old_status = models.CharField("原状态", max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField("新状态", max_length=20, choices=Status.choices, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The problem page's progress log, newest first.
            models.Index(fields=["problem", "created_at"], name="update_problem_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.get_kind_display()} {self.note[:40]}"
