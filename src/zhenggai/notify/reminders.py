"""The daily reminder digest (`zhenggai remind`): who hears about which measure, and sending it.

Escalation follows the lights of each open measure, with its inspection's thresholds:

    green  (≤ green_days left)   → the owner (the person, or the department's owner members)
    yellow (≤ yellow_days left)  → also the responsible leader
    red    (overdue)             → also the unit head (Organisation.head) and the unit's 整改办
    stale  (no update for stale_days) → the owner and the 整改办

Every recipient gets at most one digest a day holding all their items; an item already sent to
a recipient that day is never sent again (ReminderItem rows are the memory), so running the
command twice sends nothing the second time.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from zhenggai.accounts.models import Membership
from zhenggai.ledger.models import Inspection, Light, Measure, Problem, Status

from .models import LEVEL_ORDER, Level, Notification, ReminderItem, ReminderLog

Kind = ReminderItem.Kind
Escalation = ReminderItem.Escalation
Reason = ReminderItem.Reason

# Digest sections, most urgent first, with their Chinese headings.
SECTIONS = [
    (Kind.OVERDUE, "已逾期"),
    (Kind.DUE_SOON, "即将到期"),
    (Kind.STALE, "长期未更新"),
]
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Item:
    """One measure that needs attention today, and why."""

    measure: Measure
    kind: str  # ReminderItem.Kind
    light: str  # notify Level
    escalation: str  # ReminderItem.Escalation

    @property
    def key(self) -> str:
        return f"{self.measure.pk}:{self.kind}"


@dataclass
class Entry:
    item: Item
    reason: str  # ReminderItem.Reason: why this recipient gets it


@dataclass
class Digest:
    recipient: object  # User
    date: datetime.date
    entries: list[Entry] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return hashlib.sha256(",".join(sorted(e.item.key for e in self.entries)).encode()).hexdigest()

    @property
    def level(self) -> str:
        present = {e.item.light for e in self.entries}
        return next(level for level in LEVEL_ORDER if level in present)

    def section(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.item.kind == kind]

    @property
    def subject(self) -> str:
        parts = [f"{title}{len(self.section(kind))}项" for kind, title in SECTIONS if self.section(kind)]
        return f"【整改提醒】{self.date:%Y年%m月%d日}：" + "，".join(parts)


@dataclass
class Result:
    digests: list[Digest] = field(default_factory=list)
    sent: int = 0
    mails: int = 0
    notifications: int = 0
    without_email: int = 0
    already_sent: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self, dry_run: bool = False) -> str:
        if dry_run:
            return (
                f"试运行：将发送提醒摘要 {len(self.digests)} 份（其中 {self.without_email} 人没有邮箱，"
                f"只发站内通知）；今日已发送、不再重复的 {self.already_sent} 份。未发送任何内容。"
            )
        text = (
            f"已发送提醒摘要 {self.sent} 份：邮件 {self.mails} 封，"
            f"站内通知 {self.notifications} 条；{self.without_email} 人没有邮箱，只发站内通知；"
            f"今日已发送、不再重复的 {self.already_sent} 份。"
        )
        if self.failures:
            text += f"发送失败 {len(self.failures)} 份（未记录，可重新运行补发）。"
        return text


def site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def problem_path(problem: Problem) -> str:
    return _problem_path(problem.pk)


@functools.lru_cache(maxsize=4096)
def _problem_path(pk: int) -> str:
    # A daily run mentions the same problem in many digests; reverse() each once.
    return reverse("ledger:problem", args=[pk])


# ---------------------------------------------------------------------------------------------
# Who hears about what


def items_for(measure: Measure, today: datetime.date) -> list[Item]:
    items = []
    light = measure.light(today)
    if light == Light.RED:
        items.append(Item(measure, Kind.OVERDUE, Level.RED, Escalation.UNIT))
    elif light == Light.YELLOW:
        items.append(Item(measure, Kind.DUE_SOON, Level.YELLOW, Escalation.LEADER))
    elif light == Light.GREEN:
        items.append(Item(measure, Kind.DUE_SOON, Level.GREEN, Escalation.OWNER))
    if measure.is_stale(today):
        items.append(Item(measure, Kind.STALE, Level.STALE, Escalation.OFFICE))
    return items


def open_measures(today: datetime.date):
    """Measures still being worked on (not completed, not long-term, problem not closed) that
    may need a reminder today. The SQL filter uses the loosest thresholds of all inspections,
    so it only narrows the rows; items_for() applies each inspection's own thresholds."""
    bounds = Inspection.objects.aggregate(green=Max("green_days"), stale=Min("stale_days"))
    if bounds["green"] is None:
        return Measure.objects.none()
    horizon = today + datetime.timedelta(days=bounds["green"])
    # Stale means: last update on or before today - stale_days, in the local calendar.
    stale_day = today - datetime.timedelta(days=bounds["stale"] - 1)
    cutoff = timezone.make_aware(datetime.datetime.combine(stale_day, datetime.time.min))
    maybe = (
        Q(deadline__lte=horizon)
        | Q(last_update_at__lt=cutoff)
        | Q(last_update_at__isnull=True, created_at__lt=cutoff)
    )
    return (
        Measure.objects.filter(maybe, long_term=False, status__in=[Status.IN_PROGRESS, Status.PARTIAL])
        .exclude(problem__closure_state=Problem.ClosureState.CLOSED)
        .select_related(
            # Three heading levels (一 / （一） / 1.) for the problem's label without a query each.
            "problem__inspection__unit",
            "problem__category__parent__parent",
            "department",
            "owner",
            "leader",
        )
        .order_by("problem__inspection_id", "problem__position", "problem_id", "position", "pk")
    )


class Directory:
    """Department owners and unit 整改办 members, loaded once for the whole run."""

    def __init__(self, measures: list[Measure]):
        User = get_user_model()
        dept_ids = {m.department_id for m in measures if m.department_id and not m.owner_id}
        unit_ids = {m.problem.inspection.unit_id for m in measures}
        self.owners: dict[int, list] = defaultdict(list)
        self.office: dict[int, list] = defaultdict(list)
        rows = (
            Membership.objects.filter(
                role=Membership.Role.OWNER, organisation_id__in=dept_ids, user__is_active=True
            )
            .select_related("user")
            .order_by("user_id")
        )
        for row in rows:
            self.owners[row.organisation_id].append(row.user)
        rows = (
            Membership.objects.filter(
                role=Membership.Role.UNIT_ADMIN, organisation_id__in=unit_ids, user__is_active=True
            )
            .select_related("user")
            .order_by("user_id")
        )
        for row in rows:
            self.office[row.organisation_id].append(row.user)
        head_ids = {m.problem.inspection.unit.head_id for m in measures} - {None}
        self.heads = User.objects.filter(is_active=True).in_bulk(head_ids)

    def owner_users(self, measure: Measure) -> list:
        if measure.owner_id:
            return [measure.owner] if measure.owner.is_active else []
        if measure.department_id:
            return self.owners.get(measure.department_id, [])
        return []

    def recipients(self, item: Item) -> list[tuple[object, str]]:
        m = item.measure
        unit = m.problem.inspection.unit
        people = [(u, Reason.OWNER) for u in self.owner_users(m)]
        if item.kind == Kind.STALE:
            people += [(u, Reason.OFFICE) for u in self.office.get(unit.pk, [])]
            return people
        if item.light in (Level.YELLOW, Level.RED) and m.leader_id and m.leader.is_active:
            people.append((m.leader, Reason.LEADER))
        if item.light == Level.RED:
            if unit.head_id in self.heads:
                people.append((self.heads[unit.head_id], Reason.HEAD))
            people += [(u, Reason.OFFICE) for u in self.office.get(unit.pk, [])]
        return people


def build_digests(today: datetime.date) -> tuple[list[Digest], int]:
    """The digests to send today, minus what each recipient already got today.

    Returns (digests, number of recipients whose items were all sent earlier today)."""
    measures = list(open_measures(today))
    directory = Directory(measures)
    by_user: dict[int, Digest] = {}
    for measure in measures:
        for item in items_for(measure, today):
            for user, reason in directory.recipients(item):
                digest = by_user.setdefault(user.pk, Digest(user, today))
                # One entry per item: a leader who is also the unit head hears about it once,
                # under the most specific reason (the order of recipients()).
                if item.key not in digest.keys:
                    digest.keys.add(item.key)
                    digest.entries.append(Entry(item, reason))
    sent = set(
        ReminderItem.objects.filter(log__date=today, log__recipient_id__in=by_user).values_list(
            "log__recipient_id", "measure_id", "kind"
        )
    )
    digests, already = [], 0
    for user_id, digest in by_user.items():
        fresh = [e for e in digest.entries if (user_id, e.item.measure.pk, e.item.kind) not in sent]
        if not fresh:
            already += 1
            continue
        digest.entries = fresh
        digests.append(digest)
    digests.sort(key=lambda d: d.recipient.pk)
    return digests, already


# ---------------------------------------------------------------------------------------------
# The text


def describe_problem(problem: Problem) -> str:
    path = "".join(label for label, _title in problem.category_path() if label)
    label = f"{path}{problem.label}" if problem.label else path
    title = problem.title if len(problem.title) <= 60 else problem.title[:60] + "…"
    return f"{label}．{title}" if label else title


def describe_entry(entry: Entry, today: datetime.date) -> list[str]:
    m = entry.item.measure
    problem = m.problem
    inspection = problem.inspection
    text = " ".join(m.text.split())
    lines = [
        f"【{inspection.unit.name}】{describe_problem(problem)}",
        f"   措施：{text if len(text) <= 80 else text[:80] + '…'}",
    ]
    who = []
    if m.department_id:
        who.append(f"责任部门：{m.department.name}")
    if m.owner_id:
        who.append(f"责任人：{m.owner.get_full_name() or m.owner.username}")
    if m.leader_id:
        who.append(f"责任领导：{m.leader.get_full_name() or m.leader.username}")
    if who:
        lines.append("   " + "；".join(who))
    if entry.item.kind == Kind.STALE:
        last = m.last_update_at or m.created_at
        days = (today - timezone.localdate(last)).days
        lines.append(f"   最近更新：{timezone.localdate(last):%Y-%m-%d}（已 {days} 天未更新进展）")
    else:
        left = (m.deadline - today).days
        when = f"已逾期 {-left} 天" if left < 0 else ("今天到期" if left == 0 else f"还剩 {left} 天")
        lines.append(f"   整改时限：{m.deadline:%Y-%m-%d}（{when}，{Level(entry.item.light).label}）")
    lines.append(f"   您的身份：{Reason(entry.reason).label}")
    lines.append(f"   查看： {site_url()}{problem_path(problem)}")
    return lines


def render_body(digest: Digest, mail: bool = True) -> str:
    """The digest text; the in-app notification (mail=False) leaves out greeting and footer."""
    user = digest.recipient
    name = user.get_full_name() or user.username
    out = [f"{name}，您好：", ""] if mail else []
    out.append(f"截至 {digest.date:%Y年%m月%d日}，以下整改事项需要您关注：")
    n = 0
    for kind, title in SECTIONS:
        entries = digest.section(kind)
        if not entries:
            continue
        heading = title
        if kind == Kind.STALE:
            heading += "（超过规定天数没有更新进展）"
        out += ["", f"{CHINESE_NUMERALS[n]}、{heading}，共 {len(entries)} 项"]
        n += 1
        for i, entry in enumerate(entries, 1):
            first, *rest = describe_entry(entry, digest.date)
            out.append(f"{i}. {first}")
            out += rest
    out += ["", "请及时推进整改、更新进展并上传佐证材料；已完成的措施请在系统中标记完成。"]
    if mail:
        out += ["", "此邮件由整改台账系统自动发送，请勿直接回复。"]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Sending


def send_digest(digest: Digest, connection) -> tuple[bool, bool]:
    """Record and send one digest. Returns (recorded, mailed); (False, False) when another run
    recorded the same digest first. A mail failure raises and nothing is recorded."""
    subject = digest.subject
    first = digest.entries[0].item.measure.problem
    email = digest.recipient.email or ""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=digest.recipient,
                level=digest.level,
                subject=subject,
                body=render_body(digest, mail=False),
                url=problem_path(first),
                dedupe_key=f"remind:{digest.date:%Y-%m-%d}:{digest.key}",
            )
            log = ReminderLog.objects.create(
                recipient=digest.recipient,
                date=digest.date,
                digest_key=digest.key,
                level=digest.level,
                subject=subject,
                email=email,
                notification=notification,
            )
            ReminderItem.objects.bulk_create(
                [
                    ReminderItem(
                        log=log,
                        measure=e.item.measure,
                        kind=e.item.kind,
                        light=e.item.light,
                        escalation=e.item.escalation,
                        reason=e.reason,
                        deadline=e.item.measure.deadline,
                    )
                    for e in digest.entries
                ]
            )
            if email:
                # Inside the transaction: if the mail cannot be sent nothing is recorded, and
                # the next run sends the digest again.
                EmailMessage(
                    subject, render_body(digest), settings.DEFAULT_FROM_EMAIL, [email], connection=connection
                ).send()
    except IntegrityError:
        return False, False
    return True, bool(email)


def run(today: datetime.date, dry_run: bool = False) -> Result:
    digests, already = build_digests(today)
    result = Result(digests=digests, already_sent=already)
    if dry_run or not digests:
        result.without_email = sum(1 for d in digests if not d.recipient.email)
        return result
    connection = get_connection()
    try:
        connection.open()
    except OSError as exc:
        raise MailError(
            f"无法连接邮件服务器 {settings.EMAIL_HOST}:{settings.EMAIL_PORT}（{exc}）；"
            "请检查 EMAIL_HOST、EMAIL_PORT 等设置。未发送、未记录任何提醒。"
        ) from exc
    try:
        for digest in digests:
            try:
                recorded, mailed = send_digest(digest, connection)
            except Exception as exc:  # noqa: BLE001 - one bad address must not stop the others
                result.failures.append(f"{digest.recipient.username} <{digest.recipient.email}>：{exc}")
                continue
            if not recorded:
                result.already_sent += 1
                continue
            result.sent += 1
            result.notifications += 1
            result.mails += int(mailed)
            result.without_email += int(not digest.recipient.email)
    finally:
        connection.close()
    return result


class MailError(Exception):
    """The mail server cannot be reached; the message is Chinese and says which server."""
