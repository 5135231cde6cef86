"""Every URL pattern of the portal namespace, for every persona: the public pages are open to
everyone (signed in or not), the moderation pages to the 整改办 of the message's unit only."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.portal.conftest import make_feedback

LOGIN = "login"
PUBLIC = {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}
# (url name, kwargs from the objects, method, body, expected per persona)
TABLE = {
    "index": ({}, "get", {}, PUBLIC),
    "units": ({}, "get", {}, PUBLIC),
    "report": ({"pk": "report"}, "get", {}, PUBLIC),
    "download": ({"pk": "report", "fmt": "docx"}, "get", {}, PUBLIC),
    "feedback": ({"pk": "report"}, "post", {"text": "走查留言"}, {p: 302 for p in PUBLIC}),
    "moderate_queue": ({}, "get", {}, {"anon": LOGIN, "carol": 200, "bob": 403, "sam": 403, "alice": 200}),
    "moderate": (
        {"pk": "feedback"},
        "get",
        {},
        {"anon": LOGIN, "carol": 404, "bob": 404, "sam": 404, "alice": 200},
    ),
}


def test_every_portal_pattern_is_in_the_table():
    resolver = get_resolver()
    names = {name for name in resolver.namespace_dict["portal"][1].reverse_dict if isinstance(name, str)}
    assert names == set(TABLE)


@pytest.mark.parametrize("persona", list(PUBLIC))
def test_every_portal_url_for_every_persona(client, world, published, persona):
    objs = {"report": published.pk, "feedback": make_feedback(published).pk}
    if persona != "anon":
        client.force_login(getattr(world, persona))
    failures = []
    for name, (kwargs, method, body, expect) in TABLE.items():
        url = reverse(f"portal:{name}", kwargs={k: objs.get(v, v) for k, v in kwargs.items()})
        response = getattr(client, method)(url, body, REMOTE_ADDR=f"192.0.2.{len(failures) + 50}")
        want = expect[persona]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{persona} {method.upper()} {url}: got {response.status_code}, expected {want}")
    assert not failures, "\n".join(failures)
