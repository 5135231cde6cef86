"""Small factories for ledger tests: each makes a valid object, every argument overridable.

problem = make_problem(inspection=make_inspection(unit=unit), title="…")
measure = make_measure(problem=problem, owner=bob, deadline=today + timedelta(days=5))
"""

from __future__ import annotations

import datetime
import functools
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhenggai.accounts.models import Membership, Organisation
from zhenggai.ledger.models import Category, Evidence, Inspection, Measure, Outcome, Problem, Status

PASSWORD = "demo12345"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_seq = itertools.count(1)


def today() -> datetime.date:
    return timezone.localdate()


def make_org(name: str | None = None, kind: str = Organisation.Kind.UNIT, parent=None, **kw) -> Organisation:
    return Organisation.objects.create(name=name or f"单位{next(_seq)}", kind=kind, parent=parent, **kw)


def make_supervisor_org(name: str | None = None, **kw) -> Organisation:
    return make_org(name or f"巡察办{next(_seq)}", Organisation.Kind.SUPERVISOR, **kw)


def make_unit(name: str | None = None, parent=None, **kw) -> Organisation:
    return make_org(name or f"某单位{next(_seq)}", Organisation.Kind.UNIT, parent=parent, **kw)


def make_department(unit: Organisation | None = None, name: str | None = None, **kw) -> Organisation:
    return make_org(
        name or f"科室{next(_seq)}", Organisation.Kind.DEPARTMENT, parent=unit or make_unit(), **kw
    )


@functools.cache
def _hashed(password: str) -> str:
    # Hashing once per password keeps the suite fast; logins still check the real hash.
    return make_password(password)


def make_user(username: str | None = None, *, org=None, role=None, password: str = PASSWORD, **kw):
    """A user, with one membership when org and role are given (add more with add_role)."""
    user = get_user_model().objects.create_user(username=username or f"user{next(_seq)}", **kw)
    user.password = _hashed(password)
    user.save(update_fields=["password"])
    if org is not None and role is not None:
        add_role(user, org, role)
    return user


def add_role(user, org: Organisation, role: str) -> Membership:
    from zhenggai.accounts.access import forget_grants

    membership, _ = Membership.objects.get_or_create(user=user, organisation=org, role=role)
    forget_grants(user)
    return membership


def make_inspection(**kw) -> Inspection:
    kw.setdefault("unit", kw.get("unit") or make_unit())
    kw.setdefault("title", f"关于巡察反馈意见的整改（{next(_seq)}）")
    kw.setdefault("group_name", "市委第一巡察组")
    kw.setdefault("feedback_date", today() - datetime.timedelta(days=30))
    return Inspection.objects.create(**kw)


def make_category(inspection: Inspection | None = None, **kw) -> Category:
    n = next(_seq)
    kw.setdefault("label", "一、")
    kw.setdefault("title", f"问题类别{n}")
    kw.setdefault("position", n)
    return Category.objects.create(inspection=inspection or make_inspection(), **kw)


def make_problem(**kw) -> Problem:
    n = next(_seq)
    kw.setdefault("inspection", kw.get("inspection") or make_inspection())
    kw.setdefault("label", str(n))
    kw.setdefault("title", f"反馈问题{n}")
    kw.setdefault("position", n)
    return Problem.objects.create(**kw)


def make_measure(**kw) -> Measure:
    """A measure; the problem's cached status is recomputed so it agrees with the new measure."""
    n = next(_seq)
    problem = kw.pop("problem", None) or make_problem()
    kw.setdefault("text", f"整改措施{n}：建立健全相关制度并抓好落实")
    kw.setdefault("position", n)
    if "deadline" not in kw and not kw.get("long_term"):
        kw["deadline"] = today() + datetime.timedelta(days=40)
    measure = Measure.objects.create(problem=problem, **kw)
    problem.recompute_status()
    return measure


def upload(name: str = "佐证.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_evidence(problem: Problem | None = None, measure: Measure | None = None, by=None, **kw) -> Evidence:
    problem = problem or (measure.problem if measure else make_problem())
    return Evidence.create_from_upload(
        by or make_user(), problem, measure, kw.pop("file", None) or upload(**kw), kw.get("description", "")
    )


def make_closable_problem(by=None, **kw) -> Problem:
    """A problem whose measures are all completed, with evidence: ready for request_closure."""
    problem = make_problem(**kw)
    measure = make_measure(problem=problem, status=Status.COMPLETED)
    make_evidence(problem, measure, by=by)
    problem.refresh_from_db()
    return problem


def make_closed_problem(office=None, leader=None, owner=None, **kw) -> Problem:
    """A problem taken through the whole 销号 chain (office check, leader confirmation)."""
    problem = make_closable_problem(by=owner, **kw)
    unit = problem.inspection.unit
    office = office or make_user(org=unit, role=Membership.Role.UNIT_ADMIN)
    leader = leader or make_user(org=unit, role=Membership.Role.LEADER)
    closure = problem.request_closure(owner or office, "已完成全部整改")
    closure.decide(office, True, "材料齐全")
    closure.decide(leader, True, "同意销号")
    problem.refresh_from_db()
    return problem


def make_outcome(inspection: Inspection | None = None, **kw) -> Outcome:
    kw.setdefault("kind", Outcome.Kind.FUNDS)
    kw.setdefault("amount", 12000)
    return Outcome.objects.create(inspection=inspection or make_inspection(), **kw)
