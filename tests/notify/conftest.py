"""Personas for the reminder tests and a real SMTP server (aiosmtpd) to deliver their mail to.

第一医院 (head: 院长 Harry) sits under the 市委巡察办 (supervisor Sam). Alice is its 整改办,
Leo the responsible leader, Bob the person owning measure `by_person`; 医务科 owns measure
`by_department` through its owner members Dora (with e-mail) and Dan (without). Carol is the
整改办 of 第二医院 and must hear nothing about 第一医院.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model

from zhenggai.accounts.models import Membership, Organisation
from zhenggai.ledger.models import Category, Inspection, Measure, Problem, Status

TZ = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime.date(2026, 4, 30)


def at(day: datetime.date, hour: int = 7, minute: int = 30) -> datetime.datetime:
    """An aware datetime in the project's time zone, for time_machine and timestamps."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    subject: str
    body: str


class Inbox:
    """aiosmtpd handler that keeps every delivered message."""

    def __init__(self):
        self.mails: list[Mail] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(
            Mail(
                sender=envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                subject=str(message["Subject"]).strip(),
                body=message.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n"),
            )
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        return [m for m in self.mails if address in m.recipients]

    @property
    def addresses(self) -> set[str]:
        return {r for m in self.mails for r in m.recipients}

    def clear(self) -> None:
        self.mails.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free localhost port; Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "zhenggai@example.cn"
    settings.SITE_URL = "https://zg.example.cn"
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class World:
    sam: object
    alice: object
    leo: object
    bob: object
    harry: object
    dora: object
    dan: object
    carol: object
    hospital: Organisation
    medical: Organisation
    other_hospital: Organisation
    inspection: Inspection
    problem: Problem
    by_person: Measure
    by_department: Measure
    completed: Measure
    long_term: Measure
    other_measure: Measure


def make_user(username: str, name: str, with_email: bool = True):
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.cn" if with_email else "", first_name=name
    )


def make_measure(problem: Problem, text: str, **kw) -> Measure:
    # Recently touched by default so that only the tests about staleness see stale items.
    kw.setdefault("last_update_at", at(DEADLINE - datetime.timedelta(days=25)))
    kw.setdefault("created_at", at(datetime.date(2026, 3, 1)))
    return Measure.objects.create(problem=problem, text=text, **kw)


def touch(*measures: Measure, day: datetime.date) -> None:
    """Pretend each measure got a progress update on `day` (so it is not stale then)."""
    Measure.objects.filter(pk__in=[m.pk for m in measures]).update(last_update_at=at(day, 9))


@pytest.fixture
def world(db) -> World:
    sam = make_user("sam", "巡察办老孙")
    alice = make_user("alice", "整改办艾丽")
    leo = make_user("leo", "李副院长")
    bob = make_user("bob", "鲍医生")
    harry = make_user("harry", "韩院长")
    dora = make_user("dora", "窦科长")
    dan = make_user("dan", "单干事", with_email=False)
    carol = make_user("carol", "卡罗尔")

    office = Organisation.objects.create(name="市委巡察办", kind=Organisation.Kind.SUPERVISOR)
    hospital = Organisation.objects.create(
        name="第一医院", kind=Organisation.Kind.UNIT, parent=office, head=harry
    )
    medical = Organisation.objects.create(name="医务科", kind=Organisation.Kind.DEPARTMENT, parent=hospital)
    other_hospital = Organisation.objects.create(name="第二医院", kind=Organisation.Kind.UNIT, parent=office)
    Role = Membership.Role
    for user, org, role in [
        (sam, office, Role.SUPERVISOR),
        (alice, hospital, Role.UNIT_ADMIN),
        (leo, hospital, Role.LEADER),
        (bob, medical, Role.OWNER),
        (dora, medical, Role.OWNER),
        (dan, medical, Role.OWNER),
        (carol, other_hospital, Role.UNIT_ADMIN),
    ]:
        Membership.objects.create(user=user, organisation=org, role=role)

    inspection = Inspection.objects.create(
        unit=hospital,
        title="关于第一医院巡察反馈意见的整改",
        group_name="市委第一巡察组",
        feedback_date=datetime.date(2026, 2, 28),
    )
    category = Category.objects.create(inspection=inspection, label="一", title="党的领导弱化方面")
    problem = Problem.objects.create(
        inspection=inspection, category=category, label="1", title="“三重一大”决策制度执行不严格"
    )
    by_person = make_measure(
        problem,
        "修订“三重一大”决策制度实施细则",
        owner=bob,
        leader=leo,
        department=medical,
        deadline=DEADLINE,
    )
    by_department = make_measure(
        problem,
        "开展决策事项专项检查",
        department=medical,
        leader=leo,
        deadline=DEADLINE + datetime.timedelta(days=60),
    )
    completed = make_measure(
        problem, "召开专题民主生活会", owner=bob, leader=leo, deadline=DEADLINE, status=Status.COMPLETED
    )
    long_term = make_measure(
        problem,
        "常态化开展警示教育",
        owner=bob,
        leader=leo,
        deadline=DEADLINE,
        long_term=True,
        status=Status.LONG_TERM,
    )
    other_inspection = Inspection.objects.create(
        unit=other_hospital, title="关于第二医院巡察反馈意见的整改", feedback_date=datetime.date(2026, 2, 28)
    )
    other_problem = Problem.objects.create(inspection=other_inspection, label="1", title="财务管理不规范")
    other_measure = make_measure(
        other_problem, "清理往来款项", department=None, deadline=DEADLINE + datetime.timedelta(days=90)
    )
    return World(
        sam,
        alice,
        leo,
        bob,
        harry,
        dora,
        dan,
        carol,
        hospital,
        medical,
        other_hospital,
        inspection,
        problem,
        by_person,
        by_department,
        completed,
        long_term,
        other_measure,
    )
