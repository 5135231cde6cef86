"""Choices and helpers shared by the ledger models."""

from __future__ import annotations

import calendar
import datetime

from django.db import models


class WorkflowError(ValueError):
    """A state change the workflow refuses; the message is Chinese and shown to the user."""


class Status(models.TextChoices):
    COMPLETED = "completed", "已完成整改"
    PARTIAL = "partial", "阶段性完成"
    IN_PROGRESS = "in_progress", "正在整改"
    LONG_TERM = "long_term", "长期坚持"


class Light(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"
    NONE = "none", "—"


def light_for(days_left: int, inspection) -> str:
    """The light of an open, dated, not long-term measure with ``days_left`` to its deadline:
    red once overdue, yellow at ≤ yellow_days, green at ≤ green_days (the inspection's settings)."""
    if days_left < 0:
        return Light.RED
    if days_left <= inspection.yellow_days:
        return Light.YELLOW
    if days_left <= inspection.green_days:
        return Light.GREEN
    return Light.NONE


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Dec + 2 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def derive_status(statuses: list[str]) -> str:
    """A problem's status from its measures' statuses (see Problem.status)."""
    if not statuses:
        return Status.IN_PROGRESS
    if all(s == Status.COMPLETED for s in statuses):
        return Status.COMPLETED
    if all(s in (Status.COMPLETED, Status.LONG_TERM) for s in statuses):
        return Status.LONG_TERM
    if any(s in (Status.COMPLETED, Status.PARTIAL) for s in statuses):
        return Status.PARTIAL
    return Status.IN_PROGRESS
