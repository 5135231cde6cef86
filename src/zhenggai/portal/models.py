"""PublicReport: a 通报 frozen at publication. Later ledger edits never change it; publishing
again makes version n+1 and marks the previous version superseded."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhenggai import audit


class PublicReport(models.Model):
    class Scope(models.TextChoices):
        PUBLIC = "public", "社会通报"
        PARTY = "party", "党内通报"

    inspection = models.ForeignKey(
        "ledger.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="public_reports"
    )
    scope = models.CharField("范围", max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=300)
    as_of = models.DateField("截至日期")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    snapshot = models.JSONField("快照", help_text="Report.to_dict()")
    text = models.TextField("纯文本")
    html = models.TextField("HTML")
    docx = models.BinaryField("Word 文件")
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="被取代于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = "整改通报"
        verbose_name_plural = "整改通报"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "scope", "version"], name="publicreport_version"),
        ]
        indexes = [
            # The public portal's list: current (not superseded) reports, newest first.
            models.Index(fields=["scope", "superseded_by", "published_at"], name="publicreport_current"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def audit_unit(self):
        return self.inspection.unit

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @classmethod
    @transaction.atomic
    def publish(cls, by, inspection, scope: str = Scope.PUBLIC, as_of: datetime.date | None = None):
        """Freeze the 通报 of `inspection` as it stood on `as_of` (default today) and publish it as
        the next version of its scope; the previous version is marked superseded."""
        from zhenggai.exchange.to_report import report_from_ledger
        from zhenggai.ledger.models import Inspection, WorkflowError
        from zhenggai.reports.render import render_docx, render_html, render_text

        if scope not in cls.Scope.values:
            raise WorkflowError(f"未知的通报范围：{scope}")
        as_of = as_of or timezone.localdate()
        if as_of > timezone.localdate():
            raise WorkflowError("截至日期不能晚于今天")
        # Lock the inspection so two publishers cannot both take version n+1.
        inspection = Inspection.objects.select_for_update().select_related("unit").get(pk=inspection.pk)
        report = report_from_ledger(inspection, as_of=as_of, scope=scope)
        previous = (
            cls.objects.select_for_update()
            .filter(inspection=inspection, scope=scope, superseded_by__isnull=True)
            .order_by("-version")
            .first()
        )
        last = cls.objects.filter(inspection=inspection, scope=scope).aggregate(v=models.Max("version"))["v"]
        published = cls.objects.create(
            inspection=inspection,
            scope=scope,
            version=(last or 0) + 1,
            title=report.title or inspection.title,
            as_of=as_of,
            published_by=by,
            snapshot=report.to_dict(),
            text=render_text(report, scope=scope),
            html=render_html(report, scope=scope),
            docx=render_docx(report, scope=scope),
        )
        if previous is not None:
            previous.superseded_by = published
            previous.save(update_fields=["superseded_by"])
        audit.record(
            by,
            "report.publish",
            published,
            before={"version": previous.version} if previous else None,
            after={"version": published.version, "scope": scope, "as_of": as_of.isoformat()},
        )
        return published


from .models_feedback import PublicFeedback  # noqa: E402, F401  (one app, two model modules)
