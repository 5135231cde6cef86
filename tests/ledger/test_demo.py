import io
import os

import pytest
from django.core.management import call_command

from zhenggai.accounts.access import visible_problems
from zhenggai.accounts.models import Membership, Organisation
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import (
    Closure,
    Evidence,
    Handover,
    Light,
    Measure,
    Problem,
    ProgressUpdate,
    Review,
    Status,
    SupervisionAction,
)


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts():
    return [
        m.objects.count()
        for m in (Organisation, Membership, Problem, Measure, ProgressUpdate, AuditEvent, Evidence)
    ]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # The demo hashes its one password with the deployment's hasher; MD5 keeps the tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    return run_demo()


def test_demo_prints_every_login_with_role_and_unit(demo):
    assert "demo12345" in demo
    for username in ("xcb", "yy1_zgb", "yy1_fyz", "yy1_ywk", "yy1_ck", "yy2_zgb", "yy2_yjk", "admin"):
        assert username in demo
    assert "整改办（王芳）" in demo and "某市第一人民医院 医务科" in demo


def test_running_demo_twice_resets_instead_of_duplicating(demo):
    before = counts()
    again = run_demo()
    assert "已清除上次载入的演示数据" in again
    assert counts() == before
    assert Organisation.objects.filter(name="某市卫生健康委巡察办").count() == 1


def test_demo_has_items_in_every_state(demo):
    from django.utils import timezone

    today = timezone.localdate()
    assert set(Problem.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Problem.objects.values_list("closure_state", flat=True)) == set(Problem.ClosureState.values)
    lights = {m.light(today) for m in Measure.objects.select_related("problem__inspection")}
    assert lights == set(Light.values)
    assert any(m.is_stale(today) for m in Measure.objects.select_related("problem__inspection"))
    pending_steps = set(Closure.objects.filter(state=Closure.State.PENDING).values_list("step", flat=True))
    assert pending_steps == set(Closure.Step.values)
    assert Closure.objects.filter(state=Closure.State.REJECTED).exists()
    assert any(r.is_due(today) for r in Review.objects.filter(result=Review.Result.PENDING))
    assert Review.objects.filter(kind=Review.Kind.SAMPLE).exists()
    assert Problem.objects.filter(rebound_count=1, closure_state="reopened").exists()
    assert set(SupervisionAction.objects.values_list("kind", flat=True)) == {"urge", "talk"}
    assert Handover.objects.count() == 1
    assert Problem.objects.filter(is_public=False).exists()
    phases = {i.phase(today) for i in Problem.objects.first().inspection.unit.inspections.all()}
    assert phases
    assert {e.content_type for e in Evidence.objects.all()} == {"application/pdf", "text/plain"}


def test_demo_users_see_only_their_hospital(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    first = set(
        visible_problems(User.objects.get(username="yy1_zgb")).values_list(
            "inspection__unit__name", flat=True
        )
    )
    second = set(
        visible_problems(User.objects.get(username="yy2_zgb")).values_list(
            "inspection__unit__name", flat=True
        )
    )
    supervisor = set(
        visible_problems(User.objects.get(username="xcb")).values_list("inspection__unit__name", flat=True)
    )
    assert first == {"某市第一人民医院"} and second == {"某市中心医院"}
    assert supervisor == first | second
    owner = User.objects.get(username="yy1_yjk")
    assert visible_problems(owner).count() == 1


def test_demo_logins_work(demo, client):
    assert client.login(username="yy1_zgb", password="demo12345")
    assert client.login(username="admin", password="demo12345")


def test_demo_refuses_to_take_over_a_real_account(db):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    real = get_user_model().objects.create_user("admin", email="it@hospital.example.org")
    with pytest.raises(CommandError, match="以下用户名已被非演示账号占用，演示数据未载入：admin"):
        run_demo()
    assert get_user_model().objects.filter(pk=real.pk, email="it@hospital.example.org").exists()
    assert not Organisation.objects.exists()


def test_reloading_removes_the_earlier_evidence_files(demo, django_capture_on_commit_callbacks):
    first = {e.file.path for e in Evidence.objects.all()}
    assert first and all(os.path.exists(path) for path in first)
    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    current = {e.file.path for e in Evidence.objects.all()}
    # Only files of the new load are left (an identical file may be stored again under its hash).
    on_disk = {path for path in first | current if os.path.exists(path)}
    assert on_disk == current
