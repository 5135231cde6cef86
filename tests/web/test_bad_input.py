"""Bad input on every ledger form: a Chinese message and the database as it was, never a 500."""

import pytest
from django.urls import reverse

from tests.web.test_url_walk import TABLE, all_patterns, objects, resolve_kwargs
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Evidence, Measure, Problem, ProgressUpdate

JUNK = {
    "title": "",
    "text": "",
    "note": "",
    "label": "x" * 500,
    "position": "-3",
    "feedback_date": "2026-02-30",
    "deadline": "明天",
    "effective_date": "yesterday",
    "due_date": "2026-13-01",
    "status": "finished",
    "kind": "slap",
    "decision": "maybe",
    "result": "perhaps",
    "size": "lots",
    "seed": "1.5",
    "unit": "999999",
    "leader": "999999",
    "owner": "abc",
    "department": "-1",
    "from_user": "999999",
    "to_user": "999999",
    "category": "999999",
    "parent": "999999",
    "measure": "999999",
    "green_days": "-1",
}


def counts():
    return [m.objects.count() for m in (Problem, Measure, ProgressUpdate, Evidence, AuditEvent)]


@pytest.mark.parametrize("payload", [{}, JUNK], ids=["empty", "junk"])
def test_every_ledger_form_refuses_bad_input_cleanly(client, world, payload):
    objs = objects(world)
    failures = []
    for name, _, pattern in all_patterns():
        if not name or not name.startswith("ledger:"):
            continue
        row = TABLE[name]
        # The person who may use the form: the supervisor for supervision, else the 整改办.
        user = world.sam if row.expect["sam"] == 200 and row.expect["alice"] != 200 else world.alice
        client.force_login(user)
        url = reverse(
            name, kwargs=resolve_kwargs(pattern, objs.get(row.obj) if row.obj else None, row.kwargs)
        )
        before = counts()
        response = client.post(url, payload)
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code}")
        elif response.status_code == 400:
            html = response.content.decode()
            if 'class="error"' not in html and 'class="form-errors"' not in html:
                failures.append(f"{name}: 400 without a message")
            if counts() != before:
                failures.append(f"{name}: refused but wrote something")
    assert not failures, "\n".join(failures)
