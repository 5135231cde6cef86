"""The inspection page: problem tree, filters (also through htmx), and building the ledger."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Category, Inspection, Measure, Problem, Status


def shown_problems(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-problem="(\d+)"', html)}


@pytest.fixture
def tree(world):
    """第一医院's ledger with categories, a party-only problem and a finished one."""
    w = world
    cat1 = f.make_category(w.inspection1, label="一、", title="党的领导弱化", position=1)
    cat11 = f.make_category(w.inspection1, label="（一）", title="学习贯彻不深入", position=2, parent=cat1)
    Problem.objects.filter(pk=w.problem_a.pk).update(category=cat11)
    party = f.make_problem(
        inspection=w.inspection1, title="干部选拔任用程序不规范", is_public=False, category=cat1
    )
    f.make_measure(problem=party, department=w.party_office1, text="修订干部选拔任用工作规程")
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(status=Status.COMPLETED)
    w.problem_b.recompute_status()
    Measure.objects.filter(pk=w.measure_bob.pk).update(deadline=f.today() - datetime.timedelta(days=1))
    return {"cat1": cat1, "cat11": cat11, "party": party}


def url(world, **params):
    base = reverse("ledger:inspection", args=[world.inspection1.pk])
    if params:
        base += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return base


def test_problem_tree_nests_categories_and_problems(login, world, tree):
    html = login(world.alice).get(url(world)).content.decode()
    assert shown_problems(html) == {world.problem_a.pk, world.problem_b.pk, tree["party"].pk}
    # 一、 comes before its sub-heading （一）, which comes before problem 1.
    assert (
        html.index("一、党的领导弱化")
        < html.index("（一）学习贯彻不深入")
        < html.index(world.problem_a.title)
    )
    row_a = html[html.index(f'data-problem="{world.problem_a.pk}"') :].split("</li>")[0]
    assert "正在整改" in row_a and "红灯" in row_a and "已挂号" in row_a
    assert "仅党内" in html[html.index(f'data-problem="{tree["party"].pk}"') :].split("</li>")[0]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "completed"}, {"problem_b"}),
        ({"status": "in_progress"}, {"problem_a", "party"}),
        ({"light": "red"}, {"problem_a"}),
        ({"scope": "party"}, {"party"}),
        ({"scope": "public"}, {"problem_a", "problem_b"}),
        ({"q": "报销"}, {"problem_b"}),
        ({"q": "干部选拔任用工作规程"}, {"party"}),  # matches the measure's text
        ({"status": "in_progress", "scope": "public"}, {"problem_a"}),
    ],
)
def test_filters_return_the_right_problems(login, world, tree, params, expected):
    objects = {"problem_a": world.problem_a, "problem_b": world.problem_b, "party": tree["party"]}
    html = login(world.alice).get(url(world, **params)).content.decode()
    assert shown_problems(html) == {objects[name].pk for name in expected}


def test_department_filter(login, world, tree):
    html = login(world.alice).get(url(world, department=world.finance1.pk)).content.decode()
    assert shown_problems(html) == {world.problem_a.pk, world.problem_b.pk}


def test_bad_filter_values_are_ignored_not_errors(login, world, tree):
    response = login(world.alice).get(url(world, status="nonsense", department="abc", q="报销"))
    assert response.status_code == 200
    assert shown_problems(response.content.decode()) == {world.problem_b.pk}


def test_htmx_filter_returns_only_the_tree(login, world, tree):
    response = login(world.alice).get(
        url(world, scope="party"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="problem-tree"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="problem-tree">')
    assert "<html" not in html
    assert shown_problems(html) == {tree["party"].pk}


def test_other_unit_gets_404(login, world):
    assert login(world.carol).get(url(world)).status_code == 404


def _grow(inspection, department, n):
    category = Category.objects.filter(inspection=inspection).first() or f.make_category(inspection)
    for _ in range(n):
        problem = f.make_problem(inspection=inspection, category=category)
        f.make_measure(problem=problem, department=department)
        f.make_measure(problem=problem, department=department, long_term=True)


@pytest.mark.parametrize("persona", ["alice", "sam", "bob"])
def test_inspection_page_query_count_does_not_grow_with_problems(login, world, persona):
    client = login(getattr(world, persona))
    _grow(world.inspection1, world.medical1, 5)
    client.get(url(world))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(world)).status_code == 200
    _grow(world.inspection1, world.medical1, 45)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(world))
    assert len(shown_problems(response.content.decode())) >= 50
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_unit_admin_creates_inspection_with_default_deadline(login, world):
    client = login(world.alice)
    response = client.post(
        reverse("ledger:inspection_create"),
        {
            "unit": world.hospital1.pk,
            "title": "2026年专项巡察整改",
            "group_name": "市委第二巡察组",
            "kind": "special",
            "feedback_date": "2026-03-31",
            "green_days": 20,
            "yellow_days": 10,
            "stale_days": 14,
            "review_months": 3,
        },
    )
    inspection = Inspection.objects.get(title="2026年专项巡察整改")
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:inspection", args=[inspection.pk])
    assert inspection.concentrated_deadline == datetime.date(2026, 5, 31)
    assert inspection.report_due == datetime.date(2026, 5, 31)
    assert AuditEvent.objects.filter(
        action="inspection.create", object_id=str(inspection.pk), actor=world.alice
    ).exists()


def test_inspection_form_errors_are_chinese_and_say_where(login, world):
    response = login(world.alice).post(
        reverse("ledger:inspection_create"),
        {"unit": world.hospital1.pk, "title": "", "feedback_date": "2026-13-01", "kind": "routine",
         "period_start": "2026-03-01", "period_end": "2026-02-01",
         "green_days": 5, "yellow_days": 10, "stale_days": 14, "review_months": 3},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "标题：这个字段是必填项。" in html
    assert "反馈日期：" in html and "日期" in html
    assert "巡察结束日期不能早于开始日期" in html or "进驻结束日期" in html
    assert "黄灯天数不能大于绿灯天数" in html
    assert not Inspection.objects.filter(unit=world.hospital1).exclude(pk=world.inspection1.pk).exists()


def test_unit_admin_cannot_open_inspection_for_another_unit(login, world):
    response = login(world.alice).post(
        reverse("ledger:inspection_create"),
        {"unit": world.hospital2.pk, "title": "越权", "kind": "routine", "feedback_date": "2026-03-31",
         "green_days": 20, "yellow_days": 10, "stale_days": 14, "review_months": 3},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Inspection.objects.filter(title="越权").exists()


def test_owner_may_not_open_an_inspection(login, world):
    assert login(world.bob).get(reverse("ledger:inspection_create")).status_code == 403


def test_unit_admin_adds_category_and_problem(login, world):
    client = login(world.alice)
    client.post(
        reverse("ledger:category_create", args=[world.inspection1.pk]),
        {"label": "二、", "title": "全面从严治党不力", "position": 5},
    )
    category = Category.objects.get(title="全面从严治党不力")
    response = client.post(
        reverse("ledger:problem_create", args=[world.inspection1.pk]),
        {
            "category": category.pk,
            "label": "3",
            "title": "三重一大制度执行不严",
            "description": "…",
            "position": 3,
            "is_public": "",
        },
    )
    problem = Problem.objects.get(title="三重一大制度执行不严")
    assert response["Location"] == reverse("ledger:problem", args=[problem.pk])
    assert problem.category == category and problem.is_public is False
    html = client.get(url(world)).content.decode()
    assert html.index("二、全面从严治党不力") < html.index("三重一大制度执行不严")


def test_owner_cannot_add_problems(login, world):
    response = login(world.bob).post(
        reverse("ledger:problem_create", args=[world.inspection1.pk]), {"title": "越权问题"}
    )
    assert response.status_code == 403
    assert not Problem.objects.filter(title="越权问题").exists()


def test_unit_admin_edits_inspection_and_category(login, world):
    client = login(world.alice)
    data = {
        "title": "改名后的巡察整改",
        "group_name": "市委第一巡察组",
        "kind": "routine",
        "feedback_date": world.inspection1.feedback_date.isoformat(),
        "concentrated_deadline": "2026-12-20",
        "green_days": 30,
        "yellow_days": 7,
        "stale_days": 10,
        "review_months": 6,
        "require_supervisor_signoff": "on",
    }
    response = client.post(reverse("ledger:inspection_edit", args=[world.inspection1.pk]), data)
    assert response.status_code == 302
    inspection = Inspection.objects.get(pk=world.inspection1.pk)
    assert inspection.title == "改名后的巡察整改" and inspection.concentrated_deadline == datetime.date(
        2026, 12, 20
    )
    assert inspection.require_supervisor_signoff and inspection.green_days == 30
    assert inspection.unit == world.hospital1  # not editable
    event = AuditEvent.objects.get(action="inspection.edit", object_id=str(inspection.pk))
    assert event.after["title"] == "改名后的巡察整改"

    category = f.make_category(world.inspection1, title="旧标题")
    client.post(
        reverse("ledger:category_edit", args=[world.inspection1.pk, category.pk]),
        {"label": "三、", "title": "新标题", "position": 1},
    )
    category.refresh_from_db()
    assert (category.label, category.title) == ("三、", "新标题")


def test_category_of_another_inspection_is_404(login, world):
    other = f.make_category(world.inspection2)
    url = reverse("ledger:category_edit", args=[world.inspection1.pk, other.pk])
    assert login(world.alice).get(url).status_code == 404


def test_empty_position_puts_new_rows_last(login, world):
    client = login(world.alice)
    client.post(
        reverse("ledger:problem_create", args=[world.inspection1.pk]),
        {"title": "排在最后的问题", "position": ""},
    )
    client.post(
        reverse("ledger:category_create", args=[world.inspection1.pk]), {"title": "新类别", "position": ""}
    )
    last = Problem.objects.filter(inspection=world.inspection1).order_by("-position").first()
    assert last.title == "排在最后的问题" and last.position > world.problem_b.position
    assert Category.objects.get(title="新类别").position == 1
