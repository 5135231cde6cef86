"""Token and session authentication of /api/, and the create-token command."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhenggai.api.models import ApiToken, hash_key

pytestmark = pytest.mark.django_db

LIST_URL = "/api/problems"


@pytest.fixture
def user():
    return User.objects.create_user("dora", password="pw-dora-123")


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_anonymous_read_is_401_with_chinese_message(client):
    response = client.get(LIST_URL)
    assert response.status_code == 401
    assert "登录" in response.json()["detail"]


def test_anonymous_write_is_401_not_csrf_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/updates", {"measure_id": 1, "note": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_token_authenticates_and_records_last_use(client, user):
    token, key = ApiToken.issue(user, name="脚本")
    assert token.last_used_at is None
    response = client.get(LIST_URL, **bearer(key))
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_the_key_is_stored(user):
    token, key = ApiToken.issue(user)
    assert key.startswith("zg_") and len(key) > 40
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) // 3


def test_revoked_token_is_401(client, user):
    token, key = ApiToken.issue(user)
    token.revoke()
    response = client.get(LIST_URL, **bearer(key))
    assert response.status_code == 401
    assert "吊销" in response.json()["detail"]


def test_token_of_inactive_user_is_401(client, user):
    _token, key = ApiToken.issue(user)
    user.is_active = False
    user.save()
    assert client.get(LIST_URL, **bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer zg_not-a-real-token", "Bearer ", "Token abc", "Bearer " + "zg_" + "x" * 500]
)
def test_bad_authorization_header_is_401(client, header):
    assert client.get(LIST_URL, HTTP_AUTHORIZATION=header).status_code == 401


def test_wrong_token_does_not_fall_back_to_the_session(client, user):
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 200
    assert client.get(LIST_URL, **bearer("zg_wrong")).status_code == 401


def test_session_reads_work(client, user):
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 200


def test_session_write_needs_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    body = {"measure_id": 999999, "note": "进展"}
    response = client.post("/api/updates", body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    # Fetch a CSRF cookie the way a page would, then send it back in the header.
    client.get(reverse("admin:login"))
    csrf = client.cookies["csrftoken"].value
    response = client.post("/api/updates", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 404  # authenticated and past CSRF; the measure is not visible


def test_token_write_needs_no_csrf(user):
    _token, key = ApiToken.issue(user)
    client = Client(enforce_csrf_checks=True)
    body = {"measure_id": 999999, "note": "进展"}
    response = client.post("/api/updates", body, content_type="application/json", **bearer(key))
    assert response.status_code == 404


def test_create_token_command_prints_a_working_key(client, user):
    out, err = io.StringIO(), io.StringIO()
    call_command("create-token", "dora", "--name", "报表脚本", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.name == "报表脚本" and token.key_hash == hash_key(key)
    assert "只显示这一次" in err.getvalue()
    assert client.get(LIST_URL, **bearer(key)).status_code == 200


def test_create_token_for_unknown_user_fails_in_chinese():
    with pytest.raises(CommandError, match="不存在"):
        call_command("create-token", "nobody")


def test_admin_never_shows_the_key(client, user):
    token, key = ApiToken.issue(user, name="看板")
    admin = User.objects.create_superuser("root", password="pw-root-123")
    client.force_login(admin)
    page = client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert token.prefix in page and key not in page and token.key_hash not in page
    listing = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert "看板" in listing and key not in listing


def test_last_used_is_written_at_most_once_a_minute(client, user):
    token, key = ApiToken.issue(user)
    client.get(LIST_URL, **bearer(key))
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST_URL, **bearer(key))
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    first = token.last_used_at
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)):
        client.get(LIST_URL, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > first
