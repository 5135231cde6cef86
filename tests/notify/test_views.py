"""The notifications page: own notifications only, unread first, mark-read by POST (htmx)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from zhenggai.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()
    alice = User.objects.create_user("alice", first_name="艾丽")
    carol = User.objects.create_user("carol", first_name="卡罗尔")
    now = timezone.now()
    old_read = Notification.objects.create(
        user=alice,
        level="green",
        subject="已读的旧提醒",
        body="旧内容",
        dedupe_key="a1",
        created_at=now - datetime.timedelta(days=3),
        read_at=now - datetime.timedelta(days=2),
    )
    unread = Notification.objects.create(
        user=alice,
        level="red",
        subject="【整改提醒】已逾期1项",
        dedupe_key="a2",
        body="查看： https://zg.example.cn/problems/7/",
        url="/problems/7/",
        created_at=now - datetime.timedelta(days=5),
    )
    carols = Notification.objects.create(user=carol, level="yellow", subject="卡罗尔的提醒", dedupe_key="c1")
    return alice, carol, old_read, unread, carols


def test_list_shows_only_own_notifications_unread_first(client, people):
    alice, _carol, old_read, unread, carols = people
    client.force_login(alice)
    response = client.get(reverse("notify:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert carols.subject not in html
    # Unread first although it is older.
    assert html.index(unread.subject) < html.index(old_read.subject)
    assert list(response.context["page"].object_list) == [unread, old_read]
    assert response.context["unread"] == 1
    assert 'href="https://zg.example.cn/problems/7/"' in html, "links in the digest are clickable"


def test_mark_read_by_htmx_returns_the_item(client, people):
    alice, *_rest, unread, _carols = people
    client.force_login(alice)
    response = client.post(reverse("notify:mark_read", args=[unread.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="notification-{unread.pk}"' in response.content.decode()
    assert "已读于" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert '<strong id="unread-count" hx-swap-oob="true">0</strong>' in response.content.decode()
    unread.refresh_from_db()
    assert unread.read_at is not None


def test_mark_read_without_htmx_redirects_to_the_list(client, people):
    alice, *_rest, unread, _carols = people
    client.force_login(alice)
    response = client.post(reverse("notify:mark_read", args=[unread.pk]))
    assert response.status_code == 302 and response.url == reverse("notify:list")
    assert Notification.objects.get(pk=unread.pk).read_at is not None


def test_marking_another_users_notification_is_404(client, people):
    alice, *_rest, carols = people
    client.force_login(alice)
    response = client.post(reverse("notify:mark_read", args=[carols.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=carols.pk).read_at is None


def test_mark_read_needs_post(client, people):
    alice, *_rest, unread, _carols = people
    client.force_login(alice)
    assert client.get(reverse("notify:mark_read", args=[unread.pk])).status_code == 405
    assert Notification.objects.get(pk=unread.pk).read_at is None


def test_mark_all_read_touches_only_own(client, people):
    alice, _carol, _old, unread, carols = people
    client.force_login(alice)
    response = client.post(reverse("notify:mark_all_read"))
    assert response.status_code == 302
    assert Notification.objects.get(pk=unread.pk).read_at is not None
    assert Notification.objects.get(pk=carols.pk).read_at is None


def test_anonymous_is_sent_to_login(client, people):
    response = client.get(reverse("notify:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    *_rest, unread, _carols = people
    response = client.post(reverse("notify:mark_read", args=[unread.pk]))
    assert response.status_code == 302
    assert Notification.objects.get(pk=unread.pk).read_at is None
