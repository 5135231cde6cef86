"""What the ledger models have no field for, and the background import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class MeasureNames(models.Model):
    """Names from an imported 台账 that match no user or department of the unit.

    Measure.leader and Measure.owner are user accounts; a 台账 names people who often have no
    account (yet). The names are kept here so the export writes them back unchanged, and so an
    admin can assign the real accounts later."""

    measure = models.OneToOneField(
        "ledger.Measure", verbose_name="整改措施", on_delete=models.CASCADE, related_name="imported_names"
    )
    leader_name = models.CharField("责任领导（导入）", max_length=200, blank=True)
    department_name = models.CharField("责任部门（导入）", max_length=300, blank=True)
    owner_name = models.CharField("责任人（导入）", max_length=200, blank=True)
    evidence_text = models.TextField("佐证材料（导入）", blank=True)

    class Meta:
        verbose_name = "导入的责任人信息"
        verbose_name_plural = "导入的责任人信息"

    def __str__(self) -> str:
        return " / ".join(n for n in (self.leader_name, self.department_name, self.owner_name) if n)


class ImportJob(models.Model):
    """One upload: analysed in the background (preview or errors), then written on confirmation."""

    class Kind(models.TextChoices):
        REPORT = "report", "整改通报"
        LEDGER = "ledger", "Excel 台账"

    class State(models.TextChoices):
        ANALYSING = "analysing", "正在分析"
        READY = "ready", "待确认"
        INVALID = "invalid", "文件有错误"
        IMPORTING = "importing", "正在导入"
        DONE = "done", "已导入"
        FAILED = "failed", "导入失败"

    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.ANALYSING)
    filename = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容")
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    preview = models.JSONField("预览", null=True, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    inspection = models.ForeignKey(
        "ledger.Inspection", verbose_name="导入的巡察", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} · {self.get_state_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def busy(self) -> bool:
        return self.state in (self.State.ANALYSING, self.State.IMPORTING)
