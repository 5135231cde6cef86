"""In-app notifications and the record of the reminder digests `zhenggai remind` has sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Level(models.TextChoices):
    """How urgent a notification is; the reminder digest takes the most urgent of its items."""

    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"
    STALE = "stale", "长期未更新"


# Most urgent first: the order of the digest sections and of a digest's own level.
LEVEL_ORDER = [Level.RED, Level.YELLOW, Level.STALE, Level.GREEN]


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # Whoever creates a notification names it, so a repeated run cannot create it twice.
    dedupe_key = models.CharField("去重键", max_length=200)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notify_unique_dedupe_key")
        ]
        indexes = [
            # The notifications page and the unread badge: one user's rows, unread first, newest first.
            models.Index(fields=["user", "read_at", "-created_at"], name="notify_user_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class ReminderLog(models.Model):
    """One digest sent to one recipient on one day; the unique key makes `remind` idempotent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_logs",
        verbose_name="接收人",
    )
    date = models.DateField("提醒日期")
    # sha256 of the sorted (measure, kind) pairs of the digest: recipient + date + item set.
    digest_key = models.CharField("摘要键", max_length=64)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    subject = models.CharField("标题", max_length=200)
    email = models.EmailField("邮件地址", blank=True, help_text="为空表示接收人没有邮箱，只发站内通知")
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="站内通知"
    )
    sent_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-date", "recipient_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "date", "digest_key"], name="notify_unique_digest"),
        ]
        indexes = [
            # `remind` looks up what a recipient already got today.
            models.Index(fields=["date", "recipient"], name="notify_log_date_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.recipient} {self.subject}"


class ReminderItem(models.Model):
    """One measure in a digest, with the escalation it had reached that day."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", "已逾期"
        DUE_SOON = "due_soon", "即将到期"
        STALE = "stale", "长期未更新"

    class Escalation(models.TextChoices):
        OWNER = "owner", "责任人"
        LEADER = "leader", "责任领导"
        UNIT = "unit", "单位主要负责人和整改办"
        OFFICE = "office", "整改办"

    class Reason(models.TextChoices):
        """Why this recipient received this item."""

        OWNER = "owner", "责任人"
        LEADER = "leader", "责任领导"
        HEAD = "head", "单位主要负责人"
        OFFICE = "office", "整改办"

    log = models.ForeignKey(
        ReminderLog, on_delete=models.CASCADE, related_name="items", verbose_name="提醒记录"
    )
    measure = models.ForeignKey(
        "ledger.Measure", on_delete=models.CASCADE, related_name="reminder_items", verbose_name="整改措施"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    light = models.CharField("灯色", max_length=10, choices=Level.choices)
    escalation = models.CharField("升级到", max_length=10, choices=Escalation.choices)
    reason = models.CharField("接收身份", max_length=10, choices=Reason.choices)
    deadline = models.DateField("整改时限", null=True, blank=True)

    class Meta:
        verbose_name = "提醒事项"
        verbose_name_plural = "提醒事项"
        constraints = [models.UniqueConstraint(fields=["log", "measure", "kind"], name="notify_unique_item")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.measure_id}"
