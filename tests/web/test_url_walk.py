"""Walk EVERY URL pattern of the project for every persona and check who gets what.

Path parameters are filled with objects of 第一医院 (unit A). The expected outcome of each role
is written down in TABLE; a URL pattern missing from the table, or a table row whose pattern is
gone, fails the test, so no new page escapes the permission review.

Roles: anon (not signed in), carol (整改办 of unit B: 404 on everything of unit A), bob (owner
of the 医务科 measures only), sam (supervisor above both units), alice (整改办 of unit A).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories as f
from zhenggai.exchange.models import Job
from zhenggai.ledger.models import ProgressUpdate, Review
from zhenggai.notify.models import Notification
from zhenggai.portal.models import PublicFeedback, PublicReport

LOGIN = "login"  # redirect to the login page (web) …
UNAUTHORIZED = 401  # … or 401 (API)
NO = {403, 404}  # refused: 403 where the object may be seen, 404 where it may not


@dataclass
class Row:
    """How one URL pattern is called and what each persona must get."""

    obj: str | None  # which object of unit A fills the path parameters (see `objects`)
    expect: dict  # persona → status code, a set of allowed codes, or LOGIN
    method: str = "get"
    body: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # fixed path parameters, e.g. a file format


def web_read(**overrides):
    return {"anon": LOGIN, "carol": 404, "bob": 200, "sam": 200, "alice": 200, **overrides}


def unit_admin_form(**overrides):
    return {"anon": LOGIN, "carol": 404, "bob": NO, "sam": 403, "alice": 200, **overrides}


def supervisor_form(**overrides):
    return {"anon": LOGIN, "carol": 404, "bob": NO, "sam": 200, "alice": 403, **overrides}


def personal(**overrides):
    return {"anon": LOGIN, "carol": 200, "bob": 200, "sam": 200, "alice": 200, **overrides}


def api_read(**overrides):
    return {"anon": UNAUTHORIZED, "carol": 404, "bob": 200, "sam": 200, "alice": 200, **overrides}


def api_list():
    return {"anon": UNAUTHORIZED, "carol": 200, "bob": 200, "sam": 200, "alice": 200}


def api_write(ok, **overrides):
    return {"anon": UNAUTHORIZED, "carol": 404, "bob": NO, "sam": 403, "alice": ok, **overrides}


TABLE: dict[str, Row] = {
    # accounts
    "accounts:login": Row(None, {"anon": 200, "carol": 302, "bob": 302, "sam": 302, "alice": 302}),
    "accounts:logout": Row(None, {p: 302 for p in ("anon", "carol", "bob", "sam", "alice")}, method="post"),
    "accounts:password_change": Row(None, personal()),
    "accounts:password_change_done": Row(None, personal()),
    # ledger: reads
    "ledger:dashboard": Row(None, personal()),
    "ledger:my_tasks": Row(None, personal()),
    "ledger:inspection": Row("inspection", web_read()),
    "ledger:problem": Row("problem_a", web_read()),
    "ledger:evidence_download": Row("evidence", web_read()),
    # ledger: the 整改办's forms
    "ledger:inspection_create": Row(
        None, {"anon": LOGIN, "carol": 200, "bob": 403, "sam": 403, "alice": 200}
    ),
    "ledger:inspection_edit": Row("inspection", unit_admin_form()),
    "ledger:category_create": Row("inspection", unit_admin_form()),
    "ledger:category_edit": Row("category", unit_admin_form()),
    "ledger:problem_create": Row("inspection", unit_admin_form()),
    "ledger:handover": Row("inspection", unit_admin_form()),
    "ledger:problem_edit": Row("problem_a", unit_admin_form()),
    "ledger:measure_create": Row("problem_a", unit_admin_form()),
    "ledger:measure_edit": Row("measure_dan", unit_admin_form()),
    "ledger:measure_assign": Row("measure_dan", unit_admin_form()),
    # Owners act on their own measures only: Dan's measure and Dan's problem are refused to Bob.
    "ledger:measure_progress": Row("measure_dan", unit_admin_form()),
    "ledger:evidence_upload": Row("problem_b", unit_admin_form()),
    "ledger:closure_request": Row("problem_b", unit_admin_form()),
    "ledger:closure_decide": Row("pending_problem", unit_admin_form()),
    # supervision
    "ledger:supervise": Row("problem_a", supervisor_form()),
    "ledger:review_sample": Row("inspection", supervisor_form()),
    "ledger:review_record": Row("review", supervisor_form(alice=200)),
    # 体检 of an inspection: read by whoever may see it
    "ledger:health": Row("inspection", web_read()),
    # import/export (exchange): imports by the 整改办 of the unit or a supervisor above it
    "exchange:import_start": Row(None, {"anon": LOGIN, "carol": 302, "bob": 403, "sam": 200, "alice": 302}),
    "exchange:import_upload": Row("hospital1", web_read(bob=404)),
    "exchange:job": Row("import_job", web_read(bob=404)),
    "exchange:job_status": Row("import_job", web_read(bob=404)),
    "exchange:job_confirm": Row("import_job", web_read(bob=404, sam=302, alice=302), method="post"),
    "exchange:job_download": Row("export_job", web_read(bob=404, sam=404)),  # Alice's own file only
    "exchange:export": Row("inspection", web_read()),
    # publishing (整改通报): whole-unit readers preview and download, the 整改办 publishes
    "publishing:inspection": Row("inspection", web_read(bob=403)),
    "publishing:download": Row("inspection", web_read(bob=403)),
    "publishing:publish": Row(
        # 党内通报, so the 社会通报 the portal rows below use stays the current version
        "inspection",
        unit_admin_form(bob=403, alice=302),
        method="post",
        body={"scope": "party"},
    ),
    "publishing:version": Row("public_report", web_read(bob=403)),
    "publishing:version_download": Row("public_report", web_read(bob=403)),
    # the public portal: open to everyone; moderation by the unit's 整改办 only
    "portal:index": Row(None, {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "portal:units": Row(None, {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "portal:report": Row("public_report", {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "portal:download": Row(
        "public_report", {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}, kwargs={"fmt": "docx"}
    ),
    "portal:feedback": Row(
        "public_report",
        {p: 302 for p in ("anon", "carol", "bob", "sam", "alice")},
        method="post",
        body={"text": "走查留言：请公开整改时间表"},
    ),
    "portal:moderate_queue": Row(None, {"anon": LOGIN, "carol": 200, "bob": 403, "sam": 403, "alice": 200}),
    "portal:moderate": Row(
        "public_feedback", {"anon": LOGIN, "carol": 404, "bob": 404, "sam": 404, "alice": 200}
    ),
    # notifications: personal; Alice's notification is nobody else's business
    "notify:list": Row(None, personal()),
    "notify:mark_read": Row(
        "notification", {"anon": LOGIN, "carol": 404, "bob": 404, "sam": 404, "alice": 302}, method="post"
    ),
    "notify:mark_all_read": Row(None, personal(carol=302, bob=302, sam=302, alice=302), method="post"),
    # API: the schema and docs are public; every operation needs a token or a session
    "api:openapi-json": Row(None, {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "api:openapi-view": Row(None, {p: 200 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "api:api-root": Row(None, {p: 404 for p in ("anon", "carol", "bob", "sam", "alice")}),
    "api:list_organisations": Row(None, api_list()),
    "api:get_organisation": Row("hospital1", api_read(bob=200)),
    "api:list_inspections": Row(None, api_list()),
    "api:get_inspection": Row("inspection", api_read()),
    "api:list_problems": Row(None, api_list()),
    "api:get_problem": Row("problem_a", api_read()),
    "api:list_measures": Row(None, api_list()),
    "api:get_measure": Row("measure_dan", api_read()),
    "api:list_updates": Row(None, api_list()),
    "api:get_update": Row("update", api_read()),
    "api:list_evidence": Row(None, api_list()),
    "api:get_evidence": Row("evidence", api_read()),
    "api:create_problem": Row(
        None, api_write(201), method="post", body={"inspection_id": "inspection", "title": "走查新增问题"}
    ),
    "api:edit_problem": Row("problem_a", api_write(200), method="patch", body={"title": "改名"}),
    "api:request_closure": Row("problem_b", api_write(409), method="post", body={"note": "申请"}),
    "api:create_measure": Row(
        None, api_write(201), method="post", body={"problem_id": "problem_b", "text": "走查新增措施"}
    ),
    "api:assign_measure": Row("measure_dan", api_write(200), method="post", body={"deadline": "2026-12-31"}),
    "api:supervise": Row(
        "problem_a",
        {"anon": UNAUTHORIZED, "carol": 404, "bob": 403, "sam": 201, "alice": 403},
        method="post",
        body={"kind": "urge", "text": "请按期完成"},
    ),
    "api:list_closures": Row(None, api_list()),
    "api:get_closure": Row("pending_closure_api", api_read(bob=404)),
    "api:decide_closure": Row(
        "pending_closure_api", api_write(200, bob=404), method="post", body={"approve": True, "note": "同意"}
    ),
    "api:post_update": Row(
        None, api_write(201), method="post", body={"measure_id": "measure_dan", "note": "走查进展"}
    ),
}
PERSONAS = ["anon", "carol", "bob", "sam", "alice"]


def all_patterns(resolver=None, prefix="", namespace=None):
    """(qualified name, route, pattern) for every URL pattern, through every include()."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from all_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def objects(world) -> dict:
    """Objects of unit A, one per kind a URL takes."""
    w = world
    pending = f.make_closable_problem(inspection=w.inspection1, title="待审批的问题")
    pending.request_closure(w.alice, "申请销号")
    pending_api = f.make_closable_problem(inspection=w.inspection1, title="待审批的问题（接口）")
    closure_api = pending_api.request_closure(w.alice, "申请销号")
    closed = f.make_closed_problem(
        inspection=w.inspection1, office=w.alice, leader=w.leo, title="已销号的问题"
    )
    evidence = f.make_evidence(w.problem_a, w.measure_bob, by=w.bob)
    import_job = Job.objects.create(
        unit=w.hospital1, created_by=w.alice, kind="ledger", filename="台账.xlsx", data=b"", state="done"
    )
    export_job = Job.objects.create(
        action="export", unit=w.hospital1, inspection=w.inspection1, created_by=w.alice,
        kind="ledger", filename="台账.xlsx", data=b"PK\x03\x04", state="done",
    )  # fmt: skip
    public_report = PublicReport.publish(w.alice, w.inspection1)
    public_feedback = PublicFeedback.submit(public_report, text="请问整改什么时候完成？", ip="198.51.100.1")
    notification = Notification.objects.create(
        user=w.alice, level="green", subject="测试提醒", dedupe_key="walk-test"
    )
    return {
        "inspection": w.inspection1,
        "hospital1": w.hospital1,
        "category": f.make_category(w.inspection1),
        "problem_a": w.problem_a,
        "problem_b": w.problem_b,
        "measure_dan": w.measure_dan,
        "pending_problem": pending,
        "review": Review.objects.get(problem=closed),
        "evidence": evidence,
        "update": ProgressUpdate.objects.filter(problem=w.problem_a).first(),
        "notification": notification,
        "import_job": import_job,
        "export_job": export_job,
        "pending_closure_api": closure_api,
        "public_report": public_report,
        "public_feedback": public_feedback,
    }


def resolve_kwargs(pattern, obj, fixed=None) -> dict:
    converters = pattern.pattern.converters
    fixed = {name: value for name, value in (fixed or {}).items() if name in converters}
    names = [name for name in converters if name not in fixed]
    if not names:
        return dict(fixed)
    if obj is None:
        raise AssertionError(f"{pattern.pattern} takes {names} but its row names no object")
    if isinstance(obj, Review):
        return {names[0]: obj.problem_id, names[1]: obj.pk}
    if names == ["pk", "category_pk"]:
        return {"pk": obj.inspection_id, "category_pk": obj.pk}
    assert len(names) == 1, f"{pattern.pattern}: fill {names}"
    return {names[0]: obj.pk, **fixed}


def is_admin(route: str) -> bool:
    # The admin site's own patterns, including its unnamed redirects to the named change views.
    return route.startswith("admin/")


def test_every_url_pattern_is_classified():
    names = {name for name, route, _ in all_patterns() if not is_admin(route)}
    unnamed = [route for name, route, _ in all_patterns() if not name and not is_admin(route)]
    assert not unnamed, f"URL patterns without a name cannot be classified: {unnamed}"
    assert names - set(TABLE) == set(), "classify these URL patterns in TABLE"
    assert set(TABLE) - names == set(), "these TABLE rows name no URL pattern any more"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_for_every_persona(client, world, persona):
    objs = objects(world)
    users = {"carol": world.carol, "bob": world.bob, "sam": world.sam, "alice": world.alice}
    failures = []
    for name, route, pattern in all_patterns():
        if is_admin(route):
            continue
        row = TABLE.get(name)
        if row is None:
            continue  # test_every_url_pattern_is_classified names it
        client.logout()
        if persona != "anon":
            client.force_login(users[persona])
        kwargs = resolve_kwargs(pattern, objs.get(row.obj) if row.obj else None, row.kwargs)
        url = reverse(name, kwargs=kwargs)
        body = {k: (objs[v].pk if isinstance(v, str) and v in objs else v) for k, v in row.body.items()}
        call = getattr(client, row.method)
        if name.startswith("api:"):
            response = (
                call(url, data=json.dumps(body), content_type="application/json") if body else call(url)
            )
        else:
            response = call(url, body)
        expected = row.expect[persona]
        got = response.status_code
        if expected == LOGIN:
            ok = got == 302 and response["Location"].startswith(reverse("accounts:login"))
        elif isinstance(expected, set):
            ok = got in expected
        else:
            ok = got == expected
        if not ok:
            failures.append(f"{persona} {row.method.upper()} {url} ({name}): got {got}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", ["anon", "bob"])
def test_admin_site_is_behind_its_own_login(client, world, persona):
    """Every admin URL sends non-staff to the admin login (the admin has its own gate)."""
    if persona == "bob":
        client.force_login(world.bob)
    login_url = reverse("admin:login")
    for name, route, pattern in all_patterns():
        if not is_admin(route) or not name or name in ("admin:login", "admin:logout"):
            continue
        kwargs = {k: "1" for k in pattern.pattern.regex.groupindex}
        if "app_label" in kwargs:
            kwargs["app_label"] = "ledger"
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response["Location"].startswith(login_url), (
            name,
            response.status_code,
        )
