"""The append-only audit trail: who did what, when, to which object, before and after."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计与进展记录只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计与进展记录只能追加，不能删除")

    update.queryset_only = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class AppendOnlyModel(models.Model):
    """Rows are written once; save() on an existing row and delete() raise."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计与进展记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计与进展记录只能追加，不能删除")


class AuditEvent(AppendOnlyModel):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Indexed for the admin's date hierarchy and the newest-first audit log across units.
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=60)
    unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    summary = models.CharField("摘要", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("修改后", null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField("说明", blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]
        indexes = [
            # The problem page's audit trail: every event of one object, newest first.
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at"),
            # The supervisor's and unit admin's audit log of one unit.
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


def object_type_of(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record(actor, action: str, obj, before=None, after=None, note: str = "", unit=None) -> AuditEvent:
    """Append one AuditEvent. The unit defaults to `obj.audit_unit` when the object has one."""
    if unit is None:
        unit = getattr(obj, "audit_unit", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        unit=unit,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        summary=str(obj)[:300],
        before=before,
        after=after,
        note=note,
    )


def events_for(obj):
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
