"""Real XSS payloads in every field a person can fill come back escaped, on the public pages and
on the 整改办's pages: the public's message, name and contact, the unit's answer, the search box,
and ledger text that reaches a published report (unit, inspection, problem and measure)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.portal.conftest import make_feedback
from zhenggai.portal.models import PublicFeedback, PublicReport

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
]
# What must never appear in a page: live markup or a URL attribute carrying the payload.
DANGEROUS = [
    "<script>alert",
    "<img src=x",
    "<svg onload",
    'href="javascript:',
    "href='javascript:",
    "onerror=alert(1)>",
]


def assert_escaped(page: str, payload: str) -> None:
    for bad in DANGEROUS:
        assert bad not in page, f"{bad!r} is live in the page"
    if payload.startswith("javascript:"):
        assert payload in page  # plain text, harmless outside an attribute, shown as written
    else:
        assert escape(payload) in page, "the payload should be shown, escaped"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_public_message_and_answer_are_escaped(client, world, published, payload):
    item = make_feedback(published, text=f"留言{payload}", name=f"名{payload}"[:50], contact=payload[:100])
    item.link(world.alice, 0)
    item.reply(world.alice, f"答复{payload}")
    item.decide(world.alice, PublicFeedback.State.APPROVED, show_message=True, show_answer=True)
    page = client.get(reverse("portal:report", args=[published.pk])).content.decode()
    assert_escaped(page, f"留言{payload}")
    assert_escaped(page, f"答复{payload}")
    # Name and contact are for the unit only: never on the public page, in any form.
    assert escape(f"名{payload}"[:50]) not in page
    client.force_login(world.alice)
    for url in (reverse("portal:moderate", args=[item.pk]), reverse("portal:moderate_queue") + "?show=all"):
        page = client.get(url).content.decode()
        assert_escaped(page, f"留言{payload}"[:60] if "queue" in url else f"留言{payload}")
    page = client.get(reverse("portal:moderate", args=[item.pk])).content.decode()
    assert_escaped(page, f"名{payload}"[:50])
    assert_escaped(page, payload[:100])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_posted_payloads_are_stored_as_written_and_shown_escaped(client, world, published, payload):
    response = client.post(
        reverse("portal:feedback", args=[published.pk]),
        {"text": payload, "name": payload[:50], "contact": payload[:100]},
        REMOTE_ADDR="198.51.100.30",
    )
    assert response.status_code == 302
    item = PublicFeedback.objects.get()
    assert item.text == payload  # stored verbatim; escaping is the template's job
    client.force_login(world.alice)
    assert_escaped(client.get(reverse("portal:moderate", args=[item.pk])).content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_refused_form_echoes_input_escaped(client, published, payload):
    response = client.post(
        reverse("portal:feedback", args=[published.pk]),
        {"text": payload, "name": payload + "长" * 60},
        REMOTE_ADDR="198.51.100.31",
    )
    assert response.status_code == 400
    page = response.content.decode()
    for bad in DANGEROUS:
        assert bad not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_ledger_text_in_a_published_report_is_escaped(client, world, payload):
    world.hospital1.name = f"医院{payload}"
    world.hospital1.save()
    world.inspection1.title = f"巡察{payload}"
    world.inspection1.save()
    world.problem_a.title = f"问题{payload}"
    world.problem_a.save()
    world.measure_bob.text = f"措施{payload}"
    world.measure_bob.save()
    report = PublicReport.publish(world.alice, world.inspection1)
    pages = [
        client.get(reverse("portal:report", args=[report.pk])).content.decode(),
        client.get(reverse("portal:index"), {"q": "问题"}).content.decode(),
        client.get(reverse("portal:units")).content.decode(),
        client.get(reverse("portal:download", args=[report.pk, "html"])).content.decode(),
    ]
    for page in pages:
        for bad in DANGEROUS:
            assert bad not in page
    assert escape(f"问题{payload}") in pages[0]
    assert escape(f"措施{payload}") in pages[0]
    assert escape(f"医院{payload}") in pages[2]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_box_echoes_escaped(client, published, payload):
    page = client.get(reverse("portal:index"), {"q": payload}).content.decode()
    for bad in DANGEROUS:
        assert bad not in page
    assert escape(payload) in page
