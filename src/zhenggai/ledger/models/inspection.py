"""An inspection (巡察) of one unit, its problem-tree headings and its outcomes (整改成效)."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhenggai import audit

from .base import Status, WorkflowError, add_months

CONCENTRATED_MONTHS = 2


class Inspection(models.Model):
    class Kind(models.TextChoices):
        ROUTINE = "routine", "常规巡察"
        SPECIAL = "special", "专项巡察"
        MOBILE = "mobile", "机动巡察"
        TOUR = "tour", "巡视"

    unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="被巡察单位",
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    title = models.CharField("标题", max_length=200)
    group_name = models.CharField("巡察组", max_length=100, blank=True, help_text="如：市委第一巡察组")
    kind = models.CharField("巡察类型", max_length=20, choices=Kind.choices, default=Kind.ROUTINE)
    period_start = models.DateField("进驻开始", null=True, blank=True)
    period_end = models.DateField("进驻结束", null=True, blank=True)
    feedback_date = models.DateField("反馈日期")
    concentrated_deadline = models.DateField(
        "集中整改截止", null=True, blank=True, help_text="默认反馈日期后两个月"
    )
    report_due = models.DateField(
        "整改情况报告报送期限", null=True, blank=True, help_text="默认同集中整改截止"
    )
    green_days = models.PositiveSmallIntegerField("绿灯提醒（剩余天数）", default=20)
    yellow_days = models.PositiveSmallIntegerField("黄灯提醒（剩余天数）", default=10)
    stale_days = models.PositiveSmallIntegerField("久未更新（天）", default=14)
    review_months = models.PositiveSmallIntegerField("销号后回头看（月）", default=3)
    require_supervisor_signoff = models.BooleanField("销号需监督机构签批", default=False)
    organisation_text = models.TextField("整改组织领导情况", blank=True)
    next_steps = models.TextField("下一步工作打算", blank=True)
    contact = models.CharField("监督联系方式", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "巡察"
        verbose_name_plural = "巡察"
        ordering = ["-feedback_date", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"

    def save(self, *args, **kwargs):
        if self.feedback_date and self.concentrated_deadline is None:
            self.concentrated_deadline = add_months(self.feedback_date, CONCENTRATED_MONTHS)
        if self.report_due is None:
            self.report_due = self.concentrated_deadline
        super().save(*args, **kwargs)

    @property
    def audit_unit(self):
        return self.unit

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "进驻结束日期早于开始日期"})
        if self.green_days < self.yellow_days:
            raise ValidationError({"green_days": "绿灯天数应不少于黄灯天数"})

    def phase(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        return "集中整改" if today <= self.concentrated_deadline else "持续整改"

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the end of 集中整改 (negative once it has passed)."""
        today = today or timezone.localdate()
        return (self.concentrated_deadline - today).days

    def status_counts(self, public_only: bool = False) -> dict[str, int]:
        """Problems by status, every status present (0 when none), plus "total"."""
        problems = self.problems.all()
        if public_only:
            problems = problems.filter(is_public=True)
        counts = {status.value: 0 for status in Status}
        for row in problems.values("status").annotate(n=models.Count("id")):
            counts[row["status"]] = row["n"]
        counts["total"] = sum(counts[s.value] for s in Status)
        return counts

    @transaction.atomic
    def draw_review_sample(self, by, size: int, seed: int | None = None, due_date=None):
        """Pick `size` closed problems at random for a 回头看 spot check (抽查)."""
        from .closure import Review
        from .problem import Problem

        if size < 1:
            raise WorkflowError("抽查数量至少为 1")
        already = Review.objects.filter(
            problem__inspection=self, kind=Review.Kind.SAMPLE, result=Review.Result.PENDING
        ).values("problem_id")
        candidates = list(
            self.problems.filter(closure_state=Problem.ClosureState.CLOSED)
            .exclude(pk__in=already)
            .order_by("pk")
        )
        if not candidates:
            raise WorkflowError("本次巡察没有可抽查的已销号问题")
        chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))
        due = due_date or timezone.localdate() + datetime.timedelta(days=30)
        reviews = [
            Review.schedule(by, problem, due, kind=Review.Kind.SAMPLE)
            for problem in sorted(chosen, key=lambda p: p.pk)
        ]
        audit.record(
            by,
            "review.sample",
            self,
            after={"problems": [p.pk for p in chosen], "seed": seed, "due_date": due},
            note=f"抽查 {len(chosen)} 个已销号问题",
        )
        return reviews


class Category(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name="巡察", on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类别",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    label = models.CharField("序号", max_length=20, blank=True, help_text="如：一、（一）")
    title = models.CharField("标题", max_length=300)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["inspection", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"

    @property
    def audit_unit(self):
        return self.inspection.unit

    def path(self) -> list[Category]:
        node: Category | None = self
        chain = []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class Outcome(models.Model):
    class Kind(models.TextChoices):
        FUNDS = "funds", "追回资金（元）"
        DISCIPLINED = "disciplined", "问责处理人数"
        RULES = "rules", "建立制度"
        OTHER = "other", "其他成效"

    inspection = models.ForeignKey(
        Inspection, verbose_name="巡察", on_delete=models.CASCADE, related_name="outcomes"
    )
    problem = models.ForeignKey(
        "ledger.Problem",
        verbose_name="问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    amount = models.DecimalField("数量/金额", max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField("说明", blank=True, help_text="如制度名称《……》")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "整改成效"
        verbose_name_plural = "整改成效"
        ordering = ["inspection", "kind", "id"]

    def __str__(self) -> str:
        amount = f" {self.amount}" if self.amount is not None else ""
        return f"{self.get_kind_display()}{amount} {self.text}".strip()

    @property
    def audit_unit(self):
        return self.inspection.unit
