"""`zhenggai demo` fills the public portal: a 社会通报 per inspection (one published twice) and
the public's messages in every moderation state, all through the model methods."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Inspection
from zhenggai.portal.models import PublicFeedback, PublicReport


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    return run_demo()


def test_every_demo_inspection_has_a_current_public_report_published_by_its_office(demo):
    from django.utils import timezone

    today = timezone.localdate()
    for inspection in Inspection.objects.select_related("unit"):
        current = PublicReport.objects.get(inspection=inspection, superseded_by__isnull=True)
        assert current.scope == PublicReport.Scope.PUBLIC
        assert current.as_of < today and current.published_at.date() < today
        office = current.published_by
        assert office.memberships.get().organisation == inspection.unit
        assert office.memberships.get().role == "unit_admin"
        assert AuditEvent.objects.filter(action="report.publish", object_id=str(current.pk)).exists()
    assert not PublicReport.objects.filter(scope=PublicReport.Scope.PARTY).exists()


def test_one_report_has_a_superseded_first_version(demo):
    old = PublicReport.objects.get(superseded_by__isnull=False)
    assert old.version == 1 and old.superseded_by.version == 2
    assert old.superseded_by.inspection_id == old.inspection_id
    assert old.as_of < old.superseded_by.as_of


def test_public_messages_in_every_state_and_answered_ones_shown(demo):
    states = set(PublicFeedback.objects.values_list("state", flat=True))
    assert states == set(PublicFeedback.State.values)
    for shown in PublicFeedback.objects.filter(state=PublicFeedback.State.APPROVED):
        assert shown.public_message and shown.public_answer
        assert shown.answered_by is not None and shown.problem is not None
    rejected = PublicFeedback.objects.get(state=PublicFeedback.State.REJECTED)
    assert not rejected.public_message
    # Each moderation step left its audit row.
    actions = set(AuditEvent.objects.filter(action__startswith="feedback.").values_list("action", flat=True))
    assert {"feedback.submit", "feedback.answer", "feedback.approved", "feedback.rejected"} <= actions


def test_portal_after_demo_lists_both_hospitals_and_shows_an_answer(demo, client):
    index = client.get(reverse("portal:index")).content.decode()
    assert "某市第一人民医院" in index and "某市中心医院" in index
    shown = PublicFeedback.objects.filter(state=PublicFeedback.State.APPROVED).first()
    current = PublicReport.objects.get(inspection=shown.report.inspection, superseded_by__isnull=True)
    page = client.get(reverse("portal:report", args=[current.pk])).content.decode()
    assert shown.answer in page and shown.text in page
    hidden = PublicFeedback.objects.exclude(state=PublicFeedback.State.APPROVED)
    for message in hidden:
        other = client.get(reverse("portal:report", args=[message.report_id])).content.decode()
        assert message.text not in other
    history = client.get(reverse("portal:index") + "?history=on").content.decode()
    assert "已被第2版取代" in history


def test_demo_prints_the_portal_address(demo):
    assert "http://127.0.0.1:8000/gongkai/" in demo


def test_rerunning_the_demo_replaces_reports_and_messages(demo):
    before = (PublicReport.objects.count(), PublicFeedback.objects.count())
    assert before == (3, 4)
    run_demo()
    assert (PublicReport.objects.count(), PublicFeedback.objects.count()) == before


def test_a_measure_from_an_imported_ledger_shows_its_names_on_the_problem_page(demo, client):
    from django.contrib.auth import get_user_model

    from zhenggai.exchange.models import MeasureNames

    names = MeasureNames.objects.select_related("measure__problem").get()
    measure = names.measure
    assert measure.owner is None and measure.department is None and measure.leader is not None
    client.force_login(get_user_model().objects.get(username="yy1_zgb"))
    html = client.get(reverse("ledger:problem", args=[measure.problem_id])).content.decode()
    block = html[html.index(f'id="measure-{measure.pk}"') :].split("</article>")[0]
    assert "科研处（导入）" in block and "孙科长（导入）" in block and "《科研项目经费公示办法》" in block
