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


class Job(models.Model):
    """One background job of a user: an import (the upload analysed into a preview or its
    errors, then written on confirmation) or an export (an Excel list built and kept for its
    download). The page polls the job's state and progress instead of blocking."""

    class Action(models.TextChoices):
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"

    class Kind(models.TextChoices):
        # What an import reads …
        REPORT = "report", "整改通报"
        LEDGER = "ledger", "Excel 台账"
        # … and which list an export writes (excel_export.LISTS; LEDGER is the 台账 both ways).
        PROBLEMS = "problems", "问题清单"
        TASKS = "tasks", "任务清单"
        RESPONSIBILITY = "responsibility", "责任清单"
        RESULTS = "results", "成果清单"
        ARCHIVE = "archive", "档案清单"

    class State(models.TextChoices):
        ANALYSING = "analysing", "正在分析"
        READY = "ready", "待确认"
        INVALID = "invalid", "文件有错误"
        IMPORTING = "importing", "正在导入"
        EXPORTING = "exporting", "正在导出"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    BUSY = (State.ANALYSING, State.IMPORTING, State.EXPORTING)

    action = models.CharField("操作", max_length=10, choices=Action.choices, default=Action.IMPORT)
    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.CASCADE, related_name="exchange_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("开始时间", default=timezone.now)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.ANALYSING)
    # An import's upload, or an export's download name
    filename = models.CharField("文件名", max_length=255)
    # An import's upload until it is written or refused; an export's .xlsx until it expires
    data = models.BinaryField("文件内容")
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    preview = models.JSONField("预览", null=True, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    # The inspection an import created, or the one an export reads
    inspection = models.ForeignKey(
        "ledger.Inspection", verbose_name="巡察", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "导入导出任务"
        verbose_name_plural = "导入导出任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.filename} · {self.get_state_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def busy(self) -> bool:
        return self.state in self.BUSY

    @property
    def is_export(self) -> bool:
        return self.action == self.Action.EXPORT

    @property
    def list_name(self) -> str:
        """The exported list's name as the export page shows it (整改台账, 问题清单 …)."""
        from .excel_export import LISTS

        return LISTS.get(self.kind, self.get_kind_display())
