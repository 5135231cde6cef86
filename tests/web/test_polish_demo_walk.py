"""After `zhenggai demo`, every demo user follows every link reachable from the dashboard (GET,
a few of each URL pattern): no page fails, no link leads to a refusal, and no page outside the
public portal names the other hospital or its problems."""

import collections
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve

from zhenggai.ledger.demo_data import HOSPITALS, USERS
from zhenggai.ledger.models import Problem

HREF = re.compile(r'(?:href|hx-get)="(/[^"#]*)')
PER_PATTERN = 3  # pages fetched per URL pattern and user: enough to meet each page in each state
# Not followed: sign-out, Django's admin (its own app) and file downloads (no links inside).
SKIP = re.compile(r"^/(accounts/logout|admin/|static/)|/download/|/export/")
PUBLIC = re.compile(r"^/gongkai/(?!moderate)")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        yield
        from django.db import transaction

        from zhenggai.ledger import demo as demo_module

        with transaction.atomic():
            demo_module.reset()


def other_hospital(org_key: str):
    own = org_key.split(".")[0]
    if own == "sup":
        return None, set()
    other = next(h for h in HOSPITALS if h["key"] != own)
    own_name = next(h["name"] for h in HOSPITALS if h["key"] == own)
    titles = set(Problem.objects.filter(inspection__unit__name=other["name"]).values_list("title", flat=True))
    titles -= set(Problem.objects.filter(inspection__unit__name=own_name).values_list("title", flat=True))
    return other["name"], titles


def walk(client, other_name, other_titles):
    seen, queue, fetched, failures = set(), ["/"], collections.Counter(), []
    while queue:
        url = queue.pop().replace("&amp;", "&")
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            failures.append((url, "link to no page"))
            continue
        name = f"{match.namespace}:{match.url_name}"
        if fetched[name] >= PER_PATTERN:
            continue
        fetched[name] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response.url)
            continue
        if response.status_code != 200:
            failures.append((url, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        if other_name and not PUBLIC.search(url):
            leaked = [t for t in other_titles if t in body] + ([other_name] if other_name in body else [])
            if leaked:
                failures.append((url, f"shows the other hospital: {leaked[:2]}"))
        queue.extend(HREF.findall(body))
    return fetched, failures


@pytest.mark.django_db
@pytest.mark.parametrize("username,org_key", [(u[0], u[3]) for u in USERS])
def test_demo_user_walks_every_link_without_failure_or_leak(demo, client, username, org_key, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username=username))
    other_name, other_titles = other_hospital(org_key)
    fetched, failures = walk(client, other_name, other_titles)
    assert failures == []
    # Every signed-in user reaches the ledger and the public portal from the dashboard.
    assert {"ledger:dashboard", "ledger:my_tasks", "portal:index", "portal:report"} <= set(fetched)


def test_office_reaches_import_publishing_moderation_and_feedback_on_the_problem_page(demo, client):
    client.force_login(get_user_model().objects.get(username="yy1_zgb"))
    fetched, failures = walk(client, "某市中心医院", set())
    assert failures == []
    assert {
        "exchange:import_upload",
        "publishing:inspection",
        "publishing:version",
        "portal:moderate_queue",
        "portal:moderate",
    } <= set(fetched)


def test_lists_of_cards_have_no_bullets():
    # The portal's report list once rendered a bullet beside every card: its class had no rule.
    root = Path(__file__).resolve().parents[2] / "src" / "zhenggai"
    css = (root / "static" / "zhenggai" / "app.css").read_text()
    card_lists = re.compile(r'<[uo]l class="([^"{]*)">\s*(?:\{%[^%]*%\}\s*)*<li class="card')
    found, bulleted = [], []
    for template in (root / "templates").rglob("*.html"):
        for attr in card_lists.findall(template.read_text()):
            found.append(attr)
            if not any(
                re.search(rf"\.{re.escape(c)}\b[^{{]*\{{[^}}]*list-style: none", css) for c in attr.split()
            ):
                bulleted.append(f"{template.name}: {attr}")
    assert found and bulleted == []
