"""The public feedback form: held for moderation, length limits, rate limit, CSRF, no raw IP."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.portal.conftest import make_feedback
from zhenggai.audit.models import AuditEvent
from zhenggai.portal.models import PublicFeedback, PublicReport
from zhenggai.portal.models_feedback import RateLimited


def test_message_is_stored_pending_and_not_shown(client, published, send):
    response = send(published, text="医院停车难的问题何时解决？", name="张三", contact="13800000000")
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("portal:report", args=[published.pk]) + "#feedback")
    item = PublicFeedback.objects.get()
    assert item.state == PublicFeedback.State.PENDING
    assert (item.text, item.name, item.contact) == ("医院停车难的问题何时解决？", "张三", "13800000000")
    page = client.get(reverse("portal:report", args=[published.pk])).content.decode()
    assert "已收到，经单位审核后公开" in page
    assert "医院停车难" not in page
    assert "暂无公开的意见建议" in page
    assert AuditEvent.objects.filter(action="feedback.submit", object_id=str(item.pk)).exists()


def test_message_can_name_a_problem_of_the_report(published, send, world):
    send(published, problem="1")
    item = PublicFeedback.objects.get()
    assert item.problem_title == "财务报销审核不严"
    assert item.problem_path == "二/（二）"
    # The ledger problem of the same title is linked too, so the unit finds it from the ledger.
    assert item.problem == world.problem_b


def test_unknown_problem_is_refused_with_a_message(published, send):
    response = send(published, problem="99")
    assert response.status_code == 400
    assert "针对的问题" in response.content.decode()
    assert not PublicFeedback.objects.exists()


def test_text_is_required(published, send):
    response = send(published, text="   ")
    assert response.status_code == 400
    assert "意见建议内容：请填写意见建议内容" in response.content.decode()
    assert not PublicFeedback.objects.exists()


@pytest.mark.parametrize(
    "field, label, limit",
    [("text", "意见建议内容", 2000), ("name", "姓名", 50), ("contact", "联系方式", 100)],
)
def test_oversized_input_is_refused_naming_the_field(published, send, field, label, limit):
    response = send(published, **{field: "长" * (limit + 1)})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{label}不能超过 {limit} 字（现为 {limit + 1} 字）" in page
    assert not PublicFeedback.objects.exists()
    # Exactly at the limit is accepted.
    assert send(published, **{field: "长" * limit}).status_code == 302


def test_sixth_message_within_an_hour_from_one_address_is_refused(published, send):
    for n in range(5):
        assert send(published, text=f"第{n + 1}条", ip="203.0.113.9").status_code == 302
    response = send(published, text="第6条", ip="203.0.113.9")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() and "每小时最多提交 5 条" in response.content.decode()
    assert PublicFeedback.objects.count() == 5
    # Another address is not affected.
    assert send(published, text="另一位群众", ip="203.0.113.10").status_code == 302
    assert PublicFeedback.objects.count() == 6


def test_rate_limit_window_is_one_hour(published):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            make_feedback(published, ip="192.0.2.1")
        with pytest.raises(RateLimited):
            make_feedback(published, ip="192.0.2.1")
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        with pytest.raises(RateLimited):
            make_feedback(published, ip="192.0.2.1")
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        make_feedback(published, ip="192.0.2.1")


def test_limit_follows_the_setting(published, send, settings):
    settings.PORTAL_FEEDBACK_PER_HOUR = 1
    assert send(published, ip="192.0.2.5").status_code == 302
    assert send(published, ip="192.0.2.5").status_code == 429


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(published, client, settings):
    url = reverse("portal:feedback", args=[published.pk])

    def post(forwarded):
        return client.post(url, {"text": "意见"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    # No trusted proxy: a client cannot dodge the limit by inventing X-Forwarded-For.
    settings.PORTAL_FEEDBACK_PER_HOUR = 2
    assert [post(f"1.2.3.{n}").status_code for n in range(3)] == [302, 302, 429]
    # Behind one trusted proxy the right-most forwarded address is the client.
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert [post(f"6.6.6.{n}, 198.51.100.77").status_code for n in range(3)] == [302, 302, 429]
    assert post("6.6.6.6, 198.51.100.78").status_code == 302


def test_raw_address_is_never_stored(published, send):
    send(published, ip="203.0.113.200")
    item = PublicFeedback.objects.get()
    assert len(item.ip_hash) == 64 and "203.0.113.200" not in item.ip_hash
    values = PublicFeedback.objects.values_list()[0]
    assert not any("203.0.113.200" in str(v) for v in values)


def test_csrf_token_is_required(published):
    client = Client(enforce_csrf_checks=True)
    url = reverse("portal:feedback", args=[published.pk])
    assert client.post(url, {"text": "没有令牌"}).status_code == 403
    assert not PublicFeedback.objects.exists()
    page = client.get(reverse("portal:report", args=[published.pk]))
    token = page.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(url, {"text": "带令牌", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert PublicFeedback.objects.get().text == "带令牌"


def test_superseded_version_takes_no_new_messages(published, send, world):
    PublicReport.publish(world.alice, world.inspection1)
    response = send(published)
    assert response.status_code == 400
    assert "请对最新版本提出意见建议" in response.content.decode()
    assert not PublicFeedback.objects.exists()


def test_get_is_not_allowed_on_the_form_target(client, published):
    assert client.get(reverse("portal:feedback", args=[published.pk])).status_code == 405
