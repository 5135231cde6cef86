"""PublicFeedback: 意见建议 sent by the public about a published 通报.

Nothing a member of the public writes is shown until the 整改办 of the report's unit approves it;
the unit answers, links the message to a problem of the report and chooses what is shown (the
message, the answer or both). Every unit-side change writes an AuditEvent.

The per-IP rate limit counts rows in this table (no process memory), so it holds across every
app server behind a load balancer; see README.md.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from zhenggai import audit

TEXT_MAX = 2000
NAME_MAX = 50
CONTACT_MAX = 100
ANSWER_MAX = 2000
RATE_WINDOW = datetime.timedelta(hours=1)


class FeedbackError(ValueError):
    """A refused feedback action; the message is Chinese and says why."""


class RateLimited(FeedbackError):
    """Too many messages from one address within the window."""


def hash_ip(ip: str) -> str:
    """Keyed SHA-256 of the address: equal addresses compare equal, the address itself is never
    stored and cannot be recovered by hashing the 2^32 IPv4 addresses without SECRET_KEY."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def snapshot_problems(report) -> list[dict]:
    """The problems of a published report's snapshot, each with its index and printable label."""
    problems = []
    for index, problem in enumerate(report.snapshot.get("problems") or []):
        path = problem.get("path") or []
        label = "".join(part if part.startswith("（") else f"{part}、" for part in path[-1:])
        problems.append(
            {
                "index": index,
                "path": "/".join(path),
                "label": label,
                "title": problem.get("title") or "",
                "status": problem.get("status") or "",
                "status_text": problem.get("status_text") or "",
                "measures": problem.get("measures") or [],
            }
        )
    return problems


class PublicFeedback(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已公开"
        REJECTED = "rejected", "不予公开"

    report = models.ForeignKey(
        "portal.PublicReport", verbose_name="通报", on_delete=models.PROTECT, related_name="feedback"
    )
    # Which problem of the report the message is about: its place in the frozen snapshot, kept as
    # text so it survives later versions, and the ledger problem when one matches by title.
    problem_path = models.CharField("问题序号", max_length=100, blank=True)
    problem_title = models.CharField("问题", max_length=300, blank=True)
    problem = models.ForeignKey(
        "ledger.Problem",
        verbose_name="台账问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_feedback",
    )
    text = models.TextField("意见建议内容", max_length=TEXT_MAX)
    name = models.CharField("姓名", max_length=NAME_MAX, blank=True)
    contact = models.CharField("联系方式", max_length=CONTACT_MAX, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    ip_hash = models.CharField("来源标识", max_length=64, editable=False)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    answer = models.TextField("答复", max_length=ANSWER_MAX, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    show_message = models.BooleanField("公开留言", default=True)
    show_answer = models.BooleanField("公开答复", default=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The rate limit: messages from one address within the last hour.
            models.Index(fields=["ip_hash", "created_at"], name="feedback_ip_recent"),
            # The report page's approved messages and the 整改办's queue by state.
            models.Index(fields=["report", "state", "created_at"], name="feedback_report_state"),
        ]

    def __str__(self) -> str:
        return f"意见建议#{self.pk}（{self.get_state_display()}）"

    @property
    def audit_unit(self):
        return self.report.inspection.unit

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    @property
    def public_message(self) -> bool:
        return self.state == self.State.APPROVED and self.show_message

    @property
    def public_answer(self) -> bool:
        return self.state == self.State.APPROVED and self.show_answer and bool(self.answer)

    @classmethod
    @transaction.atomic
    def submit(cls, report, *, text: str, ip: str, name: str = "", contact: str = "", problem_index=None):
        """Store a message from the public, held for moderation. Refused on a superseded version
        and when the address has sent `PORTAL_FEEDBACK_PER_HOUR` messages in the last hour."""
        if not report.is_current or report.scope != report.Scope.PUBLIC:
            raise FeedbackError("该通报已有新版本，请对最新版本提出意见建议")
        ip_hash = hash_ip(ip)
        if connection.vendor == "postgresql":
            # Posts from one address queue here until this transaction ends, so concurrent posts
            # (on any app server) count each other and the limit is exact.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(ip_hash[:15], 16)])
        limit = settings.PORTAL_FEEDBACK_PER_HOUR
        recent = cls.objects.filter(ip_hash=ip_hash, created_at__gte=timezone.now() - RATE_WINDOW).count()
        if recent >= limit:
            raise RateLimited(f"提交过于频繁：同一网络地址每小时最多提交 {limit} 条意见建议，请稍后再试")
        feedback = cls(report=report, text=text, name=name, contact=contact, ip_hash=ip_hash)
        feedback._set_problem(problem_index)
        feedback.save()
        audit.record(None, "feedback.submit", feedback, after={"problem": feedback.problem_path})
        return feedback

    def _set_problem(self, problem_index) -> None:
        from zhenggai.ledger.models import Problem

        if problem_index is None:
            self.problem_path, self.problem_title, self.problem = "", "", None
            return
        problems = snapshot_problems(self.report)
        if not 0 <= problem_index < len(problems):
            raise FeedbackError("所选问题不在该通报中")
        chosen = problems[problem_index]
        self.problem_path, self.problem_title = chosen["path"], chosen["title"][:300]
        matches = list(Problem.objects.filter(inspection=self.report.inspection, title=chosen["title"])[:2])
        self.problem = matches[0] if len(matches) == 1 else None

    @property
    def problem_index(self) -> int | None:
        for problem in snapshot_problems(self.report):
            if problem["path"] == self.problem_path and problem["title"] == self.problem_title:
                return problem["index"]
        return None

    @transaction.atomic
    def link(self, by, problem_index) -> None:
        before = {"problem": self.problem_path, "title": self.problem_title}
        self._set_problem(problem_index)
        self.save(update_fields=["problem_path", "problem_title", "problem"])
        audit.record(
            by,
            "feedback.link",
            self,
            before=before,
            after={"problem": self.problem_path, "title": self.problem_title},
        )

    @transaction.atomic
    def reply(self, by, answer: str) -> None:
        answer = (answer or "").strip()
        if len(answer) > ANSWER_MAX:
            raise FeedbackError(f"答复不能超过 {ANSWER_MAX} 字")
        before = {"answer": self.answer}
        self.answer = answer
        self.answered_at = timezone.now() if answer else None
        self.answered_by = by if answer else None
        self.save(update_fields=["answer", "answered_at", "answered_by"])
        audit.record(by, "feedback.answer", self, before=before, after={"answer": answer})

    @staticmethod
    def _check_shown(state: str, show_message: bool, show_answer: bool, answer: str) -> None:
        if state not in PublicFeedback.State.values:
            raise FeedbackError(f"未知的审核状态：{state}")
        if state == PublicFeedback.State.APPROVED:
            if not show_message and not show_answer:
                raise FeedbackError("公开时请至少选择公开留言或公开答复之一")
            if show_answer and not answer:
                raise FeedbackError("尚未答复，不能公开答复")

    @transaction.atomic
    def decide(self, by, state: str, *, show_message: bool, show_answer: bool) -> None:
        """Set what the public sees: the state (待审核/已公开/不予公开) and, when approved, the
        message and/or the answer."""
        self._check_shown(state, show_message, show_answer, self.answer)
        before = {"state": self.state, "show_message": self.show_message, "show_answer": self.show_answer}
        self.state, self.show_message, self.show_answer = state, show_message, show_answer
        self.save(update_fields=["state", "show_message", "show_answer"])
        audit.record(
            by,
            f"feedback.{state}",
            self,
            before=before,
            after={"state": state, "show_message": show_message, "show_answer": show_answer},
        )

    @transaction.atomic
    def moderate(self, by, *, problem_index, answer: str, state: str, show_message: bool, show_answer: bool):
        """The moderation form in one go: link, answer and visibility, each change with its own
        AuditEvent. The end state is checked first, so a refusal changes nothing."""
        answer = (answer or "").strip()
        self._check_shown(state, show_message, show_answer, answer)
        if problem_index != self.problem_index:
            self.link(by, problem_index)
        if answer != self.answer:
            self.reply(by, answer)
        if (state, show_message, show_answer) != (self.state, self.show_message, self.show_answer):
            self.decide(by, state, show_message=show_message, show_answer=show_answer)
