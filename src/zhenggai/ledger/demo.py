"""Fictional demo data: 某市卫生健康委巡察办 over two hospitals, every role, items in every state.

All names, problems and measures are invented for the demo. Dates are relative to today, so
the lights, the 集中整改 countdown and the 回头看 due dates mean something whenever it is loaded.
Each workflow step runs through the model methods at its own (past) date, so the progress log
and audit trail read as if the work had really happened.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from zhenggai.accounts.models import Membership, Organisation
from zhenggai.audit.models import AuditEvent
from zhenggai.exchange.models import MeasureNames
from zhenggai.portal.models import PublicFeedback, PublicReport
from zhenggai.portal.models_feedback import snapshot_problems

from .demo_data import (  # noqa: F401  (PASSWORD and SUPERVISOR_NAME are part of this module's API)
    ADMIN_USERNAME,
    DEPARTMENT_OWNERS,
    DEPARTMENTS,
    HOSPITALS,
    PASSWORD,
    SUPERVISOR_NAME,
    USERS,
    F,
    M,
    P,
    Publication,
)
from .models import (
    Category,
    Closure,
    Evidence,
    Handover,
    Inspection,
    Measure,
    Outcome,
    Problem,
    ProgressUpdate,
    Review,
)
from .services import handover

Role = Membership.Role
DEMO_EMAIL_DOMAIN = "@demo.example.cn"


def minimal_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF (ASCII text, base font) for demo evidence files."""
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Loader:
    def __init__(self, today: datetime.date, travel):
        self.today = today
        self.travel = travel  # travel(date) → context manager that sets the clock to that day
        self.users: dict[str, object] = {}
        self.orgs: dict[str, Organisation] = {}

    def at(self, offset: int):
        moment = datetime.datetime.combine(self.today + datetime.timedelta(days=offset), datetime.time(10, 0))
        return self.travel(timezone.make_aware(moment))

    def load(self) -> None:
        with self.at(-140):
            self.build_people()
        for spec in HOSPITALS:
            self.build_hospital(spec)

    def build_people(self) -> None:
        User = get_user_model()
        sup = Organisation.objects.create(
            name=SUPERVISOR_NAME, kind=Organisation.Kind.SUPERVISOR, email="xcb@wjw.example.cn"
        )
        self.orgs["sup"] = sup
        for spec in HOSPITALS:
            unit = Organisation.objects.create(name=spec["name"], kind=Organisation.Kind.UNIT, parent=sup)
            self.orgs[spec["key"]] = unit
            for name in DEPARTMENTS:
                self.orgs[f"{spec['key']}.{name}"] = Organisation.objects.create(
                    name=name, kind=Organisation.Kind.DEPARTMENT, parent=unit
                )
        hashed = make_password(PASSWORD)  # hashing once keeps the load fast
        for username, name, role, org_key in USERS:
            user = User(
                username=username, first_name=name, email=f"{username}{DEMO_EMAIL_DOMAIN}", password=hashed
            )
            user.save()
            Membership.objects.create(user=user, organisation=self.orgs[org_key], role=role)
            self.users[username] = user
        User.objects.create(
            username=ADMIN_USERNAME,
            first_name="系统管理员",
            email=f"{ADMIN_USERNAME}{DEMO_EMAIL_DOMAIN}",
            is_staff=True,
            is_superuser=True,
            password=hashed,
        )
        for spec in HOSPITALS:
            unit = self.orgs[spec["key"]]
            unit.head = self.users[f"yy{spec['key'][1]}_yz"]
            unit.email = f"dangban@{spec['key']}.example.cn"
            unit.save()

    def user(self, hospital: str, suffix: str):
        return self.users[f"yy{hospital[1]}_{suffix}"]

    def build_hospital(self, spec: dict) -> None:
        key = spec["key"]
        office = self.user(key, "zgb")
        with self.at(spec["feedback"]):
            inspection = Inspection.objects.create(
                unit=self.orgs[key],
                title=spec["title"],
                group_name=spec["group"],
                kind=Inspection.Kind.ROUTINE,
                period_start=self.today + datetime.timedelta(days=spec["feedback"] - 75),
                period_end=self.today + datetime.timedelta(days=spec["feedback"] - 30),
                feedback_date=self.today + datetime.timedelta(days=spec["feedback"]),
                require_supervisor_signoff=spec["signoff"],
                organisation_text="成立由党委书记任组长的巡察整改工作领导小组，下设整改办公室，"
                "逐条制定整改措施，明确责任领导、责任部门和整改时限。",
                next_steps="持续抓好长期坚持事项，定期开展“回头看”，巩固整改成果，防止问题反弹回潮。",
                contact=spec["contact"],
            )
            categories: list[Category] = []
            for position, (label, title, parent) in enumerate(spec["categories"]):
                categories.append(
                    Category.objects.create(
                        inspection=inspection,
                        parent=categories[parent] if parent is not None else None,
                        label=label,
                        title=title,
                        position=position,
                    )
                )
        problems = []
        for number, problem_spec in enumerate(spec["problems"], start=1):
            problems.append(self.build_problem(key, inspection, categories, number, problem_spec))
        with self.at(-1):
            for kind, amount, text, problem_index in spec["outcomes"]:
                Outcome.objects.create(
                    inspection=inspection,
                    problem=problems[problem_index] if problem_index is not None else None,
                    kind=kind,
                    amount=amount,
                    text=text,
                    created_by=office,
                )
        for number, publication in enumerate(spec.get("publications", []), start=1):
            self.publish(office, inspection, number, publication)

    def publish(self, office, inspection: Inspection, number: int, spec: Publication) -> None:
        """A 社会通报 as of its day, then the public's messages on it and the 整改办's answers."""
        with self.at(spec.days):
            report = PublicReport.publish(office, inspection, PublicReport.Scope.PUBLIC, timezone.localdate())
        indexes = {p["title"]: p["index"] for p in snapshot_problems(report)}
        for position, message in enumerate(spec.feedback, start=1):
            with self.at(message.days):
                self.feedback(office, report, indexes, f"192.0.2.{number * 10 + position}", message)

    def feedback(self, office, report: PublicReport, indexes: dict, ip: str, spec: F) -> None:
        # A documentation address (RFC 5737) per message, so the rate limit never trips.
        feedback = PublicFeedback.submit(
            report,
            text=spec.text,
            ip=ip,
            name=spec.name,
            contact=spec.contact,
            problem_index=indexes[spec.problem] if spec.problem else None,
        )
        if spec.answer:
            feedback.reply(office, spec.answer)
        if spec.state == PublicFeedback.State.APPROVED:
            feedback.decide(office, spec.state, show_message=True, show_answer=bool(spec.answer))
        elif spec.state == PublicFeedback.State.REJECTED:
            feedback.decide(office, spec.state, show_message=False, show_answer=False)

    def build_problem(self, key, inspection, categories, number, spec: P) -> Problem:
        with self.at(inspection_offset(self.today, inspection) + 3):
            problem = Problem.objects.create(
                inspection=inspection,
                category=categories[spec.category],
                label=str(number),
                title=spec.title,
                description=spec.description,
                position=number,
                is_public=spec.public,
                immediate=spec.immediate,
            )
            for position, measure in enumerate(spec.measures, start=1):
                self.add_measure(key, problem, position, measure)
        for offset, action, *args in spec.steps:
            with self.at(offset):
                self.step(key, problem, action, args)
        problem.refresh_from_db()
        return problem

    def add_measure(self, key, problem, position, spec: M) -> Measure:
        names = spec.imported
        measure = Measure.objects.create(
            problem=problem,
            text=spec.text,
            position=position,
            leader=None if "leader_name" in names else self.user(key, spec.leader),
            department=self.orgs[f"{key}.{spec.dept}"] if spec.dept else None,
            owner=None
            if "owner_name" in names
            else self.user(key, spec.owner or DEPARTMENT_OWNERS[spec.dept]),
            deadline=None if spec.due is None else self.today + datetime.timedelta(days=spec.due),
            long_term=spec.due is None,
        )
        if names:
            MeasureNames.objects.create(measure=measure, **names)
        problem.recompute_status()
        return measure

    def step(self, key, problem: Problem, action: str, args: list) -> None:
        measures = list(problem.measures.order_by("position", "pk"))
        office, sam = self.user(key, "zgb"), self.users["xcb"]
        if action == "update":
            index, status, note = args
            measures[index].update(measures[index].owner, status, note)
        elif action == "evidence":
            index, kind, name = args
            measure = measures[index]
            if kind == "pdf":
                content = minimal_pdf(
                    ["Zhenggai demo evidence", f"Problem {problem.label}", f"File: {len(name)}"]
                )
            else:
                content = f"佐证材料（演示数据）\n问题：{problem.title}\n措施：{measure.text}\n".encode()
            Evidence.create_from_upload(
                measure.owner, problem, measure, SimpleUploadedFile(name, content), f"{name}（演示）"
            )
        elif action == "request":
            problem.request_closure(measures[0].owner, args[0])
        elif action == "decide":
            who, approve, note = args
            closure = problem.closures.get(state=Closure.State.PENDING)
            by = {"office": office, "leader": measures[0].leader, "supervisor": sam}[who]
            closure.decide(by, approve, note)
        elif action == "sample":
            Review.schedule(
                sam, problem, self.today + datetime.timedelta(days=args[0]), kind=Review.Kind.SAMPLE
            )
        elif action == "review":
            held, note = args
            problem.reviews.get(result=Review.Result.PENDING).record(office, held, note)
        elif action == "measure":
            self.add_measure(key, problem, len(measures) + 1, args[0])
        elif action == "supervise":
            kind, text, due = args
            due_date = None if due is None else self.today + datetime.timedelta(days=due)
            problem.supervise(sam, kind, text, due_date)
        elif action == "handover":
            old, new, note = args
            handover(
                office,
                problem.inspection.unit,
                from_user=self.user(key, old),
                to_user=self.user(key, new),
                effective_date=timezone.localdate(),
                note=note,
            )
        else:
            raise ValueError(f"unknown demo step {action!r}")


def inspection_offset(today: datetime.date, inspection: Inspection) -> int:
    return (inspection.feedback_date - today).days


class DemoError(Exception):
    """The demo cannot be (re)loaded; the message is Chinese and says why."""


def demo_users():
    # Only accounts the demo created (marked by their e-mail domain), never a real "admin".
    User = get_user_model()
    return User.objects.filter(
        username__in=[u[0] for u in USERS] + [ADMIN_USERNAME], email__endswith=DEMO_EMAIL_DOMAIN
    )


def reset() -> bool:
    """Remove an earlier demo load (its organisations, ledger, history, users and files).
    History is append-only for the application; the demo is the one place that may purge its
    own rows, and it does so with raw deletes scoped to the demo organisations and users."""
    root = Organisation.objects.filter(
        name=SUPERVISOR_NAME, kind=Organisation.Kind.SUPERVISOR, parent=None
    ).first()
    users = demo_users()
    if root is None and not users.exists():
        return False
    orgs = Organisation.objects.filter(root.descendants_q()) if root else Organisation.objects.none()
    inspections = Inspection.objects.filter(unit__in=orgs)
    files = [e.file.name for e in Evidence.objects.filter(problem__inspection__in=inspections)]
    for queryset in (
        AuditEvent.objects.filter(unit__in=orgs),
        AuditEvent.objects.filter(actor__in=users, unit__isnull=True),
        ProgressUpdate.objects.filter(problem__inspection__in=inspections),
    ):
        queryset._raw_delete(queryset.db)
    try:
        PublicFeedback.objects.filter(report__inspection__in=inspections).delete()
        PublicReport.objects.filter(inspection__in=inspections).delete()
        Evidence.objects.filter(problem__inspection__in=inspections).delete()
        Handover.objects.filter(unit__in=orgs).delete()
        Closure.objects.filter(problem__inspection__in=inspections).delete()
        inspections.delete()
        for org in sorted(orgs, key=lambda o: -len(o.path)):
            org.delete()
        users.delete()
    except ProtectedError as error:
        raise DemoError(
            "演示数据已被演示单位之外的记录引用（例如演示账号在其他单位留有操作记录），无法自动重置。"
            f"请使用新的数据目录重新载入。详情：{error.args[0]}"
        ) from None
    storage = Evidence._meta.get_field("file").storage
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return True


def load(travel) -> tuple[bool, list[tuple[str, str, str, str]]]:
    """Reset and load the demo. Returns (whether an earlier load was replaced, the logins as
    (username, password, role, organisation) rows)."""
    today = timezone.localdate()
    with transaction.atomic():
        replaced = reset()
        taken = sorted(
            get_user_model()
            .objects.filter(username__in=[u[0] for u in USERS] + [ADMIN_USERNAME])
            .values_list("username", flat=True)
        )
        if taken:
            raise DemoError(f"以下用户名已被非演示账号占用，演示数据未载入：{'、'.join(taken)}")
        loader = Loader(today, travel)
        loader.load()
    logins = [(ADMIN_USERNAME, PASSWORD, "系统管理员（Django 后台）", "—")]
    for username, name, role, org_key in USERS:
        org = loader.orgs[org_key]
        where = org.name if org.kind != Organisation.Kind.DEPARTMENT else f"{org.parent.name} {org.name}"
        logins.append((username, PASSWORD, f"{Role(role).label}（{name.split('（')[0]}）", where))
    return replaced, logins
