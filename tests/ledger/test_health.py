"""体检 of a ledger (zhenggai.ledger.health), its page and ``zhenggai check --inspection``.

The personas' 第一医院 ledger is given distinct, complete measures first (``clean``), so each test
adds exactly the defect it is about and expects exactly the finding it causes."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from tests import factories as f
from zhenggai import cli
from zhenggai.ledger.health import check_inspection
from zhenggai.ledger.models import Inspection, Measure, Problem, Status
from zhenggai.reports.check import Severity

TODAY = datetime.date(2026, 5, 20)


@pytest.fixture
def clean(world):
    """第一医院: problems A and B with distinct texts, owners, leaders and future deadlines."""
    w = world
    texts = {
        w.measure_bob: "修订医疗质量安全核心制度，组织全院临床科室逐条培训考核。",
        w.measure_dan: "建立医疗设备采购预算执行月度分析机制，超预算支出须经院长办公会审议。",
        w.measure_dan_b: "对2025年以来的差旅费报销逐笔复核，追回超标准报销款项并通报。",
    }
    for measure, text in texts.items():
        Measure.objects.filter(pk=measure.pk).update(
            text=text, leader=w.leo, deadline=TODAY + datetime.timedelta(days=30)
        )
    Inspection.objects.filter(pk=w.inspection1.pk).update(
        period_start=datetime.date(2026, 1, 5),
        period_end=datetime.date(2026, 2, 28),
        feedback_date=datetime.date(2026, 3, 20),
    )
    w.inspection1.refresh_from_db()
    return w


def findings(world, **kw):
    return check_inspection(world.inspection1, today=TODAY, **kw)


def found(world, **kw):
    return sorted((f.code, f.path) for f in findings(world, **kw))


def test_a_clean_ledger_has_no_findings(clean):
    assert findings(clean) == []


def test_the_same_measure_under_two_problems_is_a_duplicate(clean):
    w = clean
    f.make_measure(problem=w.problem_b, text="修订医疗质量安全核心制度，组织全院临床科室逐条培训考核。", leader=w.leo,
                   department=w.finance1, owner=w.dan, deadline=TODAY + datetime.timedelta(days=9))  # fmt: skip
    [finding] = findings(w)
    assert finding.code == "duplicate-measure" and finding.path == "2" and "1" in finding.title
    assert finding.problems == (w.problem_a.pk, w.problem_b.pk)


def test_a_completed_measure_whose_text_says_it_goes_on_is_found(clean):
    w = clean
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(
        status=Status.COMPLETED, text="差旅费报销系统正在调试，计划于下月上线。"
    )
    [finding] = findings(w)
    assert finding.code == "completed-but-ongoing" and finding.problems == (w.problem_b.pk,)
    assert "措施内容" in finding.message


def test_a_progress_note_posted_with_or_after_completion_is_read(clean):
    w = clean
    w.measure_bob.update(w.bob, Status.COMPLETED, "制度已修订，培训尚未开展，拟于下月组织。")
    [finding] = findings(w)
    assert finding.code == "completed-but-ongoing" and "进展说明" in finding.message
    assert "尚未" in finding.message


def test_notes_from_before_the_measure_was_completed_are_history(clean):
    w = clean
    w.measure_bob.update(w.bob, note="培训方案正在起草。")
    w.measure_bob.update(w.bob, Status.COMPLETED, "全院培训考核已全部完成。")
    assert findings(w) == []


def test_a_problem_without_measures_is_a_warning_on_a_ledger(clean):
    empty = f.make_problem(inspection=clean.inspection1, label="3", title="党费收缴不规范")
    [finding] = findings(clean)
    assert (finding.code, finding.severity, finding.problems) == (
        "no-measures",
        Severity.WARNING,
        (empty.pk,),
    )


def test_numbering_of_categories_and_problems_is_checked(clean):
    w = clean
    top = f.make_category(w.inspection1, label="一、", title="医疗服务方面", position=1)
    f.make_category(w.inspection1, label="（一）", title="质量管理", position=1, parent=top)
    third = f.make_category(w.inspection1, label="（三）", title="财务管理", position=2, parent=top)
    Problem.objects.filter(pk__in=[w.problem_a.pk, w.problem_b.pk]).update(category=third)
    assert found(w) == [("numbering", "一（三）")]
    [finding] = findings(w)
    assert "缺少 2" in finding.message


def test_missing_owner_and_leader(clean):
    w = clean
    Measure.objects.filter(pk=w.measure_dan.pk).update(department=None, owner=None)
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(leader=None)
    by_code = {(f.code, f.severity): f for f in findings(w)}
    assert set(by_code) == {("missing-owner", Severity.WARNING), ("missing-owner", Severity.INFO)}
    assert "第2条措施没有责任部门和责任人" in by_code[("missing-owner", Severity.WARNING)].message
    assert "第1条措施没有责任领导" in by_code[("missing-owner", Severity.INFO)].message


def test_measures_missing_the_same_thing_make_one_finding_per_problem(clean):
    w = clean
    for n in range(3):
        f.make_measure(
            problem=w.problem_b, text=f"第{n}项财务专项整改：核对{n + 1}号台账并逐笔销账。", deadline=None
        )
    [owners, deadlines] = sorted(findings(w), key=lambda x: x.code, reverse=True)
    assert (owners.code, deadlines.code) == ("missing-owner", "missing-deadline")
    assert "第2条、第3条、第4条措施没有责任部门和责任人" in owners.message
    assert "第2条、第3条、第4条措施没有整改时限" in deadlines.message


def test_a_heading_holding_both_sub_headings_and_a_problem_is_numbered_in_document_order(clean):
    # 二、 → （一）[problem 1], （二） as a problem itself, （三）[problem 2]; the ledger has no 一、
    # (a report's preamble section is not a problem category).
    w = clean
    top = f.make_category(w.inspection1, label="二、", title="巡察反馈问题整改情况", position=1)
    first = f.make_category(w.inspection1, label="（一）", title="医疗管理", position=2, parent=top)
    third = f.make_category(w.inspection1, label="（三）", title="财务管理", position=3, parent=top)
    Problem.objects.filter(pk=w.problem_a.pk).update(category=first, position=1)
    Problem.objects.filter(pk=w.problem_b.pk).update(category=third, position=3)
    heading = f.make_problem(
        inspection=w.inspection1,
        category=top,
        label="（二）",
        position=2,
        title="意识形态工作责任制落实不到位",
    )
    f.make_measure(problem=heading, text="建立意识形态工作季度研判制度，班子成员分工负责。", leader=w.leo,
                   department=w.party_office1, deadline=TODAY + datetime.timedelta(days=30))  # fmt: skip
    assert findings(w) == []
    Problem.objects.filter(pk=heading.pk).update(label="（四）")
    assert [(x.title, x.path) for x in findings(w)] == [("编号跳号", "二（四）"), ("编号倒退", "二（三）")]


def test_missing_deadline_unless_long_term_or_done(clean):
    w = clean
    Measure.objects.filter(pk=w.measure_bob.pk).update(deadline=None)
    Measure.objects.filter(pk=w.measure_dan.pk).update(deadline=None, long_term=True)
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(deadline=None, status=Status.COMPLETED)
    assert found(w) == [("missing-deadline", "1")]


def test_overdue_open_measures_are_errors_with_the_days_overdue(clean):
    w = clean
    past = TODAY - datetime.timedelta(days=12)
    Measure.objects.filter(pk=w.measure_bob.pk).update(deadline=past)
    Measure.objects.filter(pk=w.measure_dan.pk).update(deadline=past, status=Status.COMPLETED)
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(deadline=past, long_term=True)
    [finding] = findings(w)
    assert (finding.code, finding.severity) == ("overdue-open", Severity.ERROR)
    assert "已过 12 天" in finding.message and finding.problems == (w.problem_a.pk,)


def test_a_closed_problem_without_evidence_is_an_error(clean):
    w = clean
    Measure.objects.filter(problem=w.problem_b).update(status=Status.COMPLETED)
    Problem.objects.filter(pk=w.problem_b.pk).update(closure_state=Problem.ClosureState.CLOSED)
    assert found(w) == [("closed-without-evidence", "2")]
    f.make_evidence(w.problem_b, w.measure_dan_b, by=w.dan)
    assert findings(w) == []


def test_deadline_before_feedback_and_inverted_period_are_date_errors(clean):
    w = clean
    Measure.objects.filter(pk=w.measure_bob.pk).update(deadline=datetime.date(2026, 3, 1))
    Inspection.objects.filter(pk=w.inspection1.pk).update(period_end=datetime.date(2025, 12, 1))
    w.inspection1.refresh_from_db()
    titles = sorted(f.title for f in findings(w) if f.code == "date-order")
    assert titles == ["巡察结束日期早于开始日期", "整改时限早于巡察反馈日期"]
    assert {f.code for f in findings(w)} <= {"date-order", "overdue-open"}


def test_a_measure_dated_before_the_inspection_began_is_found(clean):
    Measure.objects.filter(pk=clean.measure_bob.pk).update(
        text="2025年10月召开专题会议，修订核心制度并组织培训。"
    )
    assert found(clean) == [("date-order", "1")]


def test_only_the_given_problems_are_checked(clean):
    w = clean
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(owner=None, department=None)
    assert found(w) == [("missing-owner", "2")]
    assert found(w, problems=Problem.objects.filter(pk=w.problem_a.pk)) == []


# --- the page ----------------------------------------------------------------------------------


def url(world):
    return reverse("ledger:health", args=[world.inspection1.pk])


@pytest.fixture
def on_today():
    """The page and the command use the real date: travel to TODAY (noon in Beijing)."""
    with time_machine.travel(datetime.datetime(2026, 5, 20, 4, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def defects(clean, on_today):
    """An overdue measure on A (Bob's) and an ownerless measure on B (Dan's)."""
    w = clean
    Measure.objects.filter(pk=w.measure_bob.pk).update(deadline=datetime.date(2026, 3, 25))
    Measure.objects.filter(pk=w.measure_dan_b.pk).update(owner=None, department=None)
    return w


def test_page_groups_findings_by_severity_and_links_to_the_problems(client, defects):
    w = defects
    client.force_login(w.alice)
    html = client.get(url(w)).content.decode()
    errors = html.index('data-severity="error"')
    warnings = html.index('data-severity="warning"')
    assert (
        errors < html.index('data-code="overdue-open"') < warnings < html.index('data-code="missing-owner"')
    )
    assert f'href="{reverse("ledger:problem", args=[w.problem_a.pk])}"' in html
    assert f'href="{reverse("ledger:problem", args=[w.problem_b.pk])}"' in html
    assert 'data-findings="2"' in html


def test_page_shows_an_owner_only_the_findings_on_problems_they_may_see(client, defects):
    # Bob owns a measure of A only: B's ownerless measure is none of his business.
    client.force_login(defects.bob)
    html = client.get(url(defects)).content.decode()
    assert 'data-code="overdue-open"' in html and 'data-code="missing-owner"' not in html
    assert f'data-problem="{defects.problem_b.pk}"' not in html


def test_page_of_another_units_inspection_is_404(client, clean):
    client.force_login(clean.carol)
    assert client.get(url(clean)).status_code == 404


def test_page_needs_a_login(client, clean):
    response = client.get(url(clean))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_inspection_page_links_to_the_health_page(client, clean):
    client.force_login(clean.vera)
    assert (
        url(clean) in client.get(reverse("ledger:inspection", args=[clean.inspection1.pk])).content.decode()
    )


def test_a_clean_ledger_page_says_nothing_was_found(client, clean, on_today):
    client.force_login(clean.alice)
    html = client.get(url(clean)).content.decode()
    assert "未发现问题" in html and 'data-findings="0"' in html


# --- the command -------------------------------------------------------------------------------


def test_check_command_on_an_inspection_prints_json(defects, capsys):
    assert cli.main(["check", "--inspection", str(defects.inspection1.pk), "--json"]) == 0
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert {"overdue-open", "missing-owner"} <= codes


def test_check_command_names_the_inspection_in_human_output(defects, capsys):
    assert cli.main(["check", "--inspection", str(defects.inspection1.pk)]) == 0
    out = capsys.readouterr().out
    assert defects.inspection1.title in out and "【错误】" in out and "[overdue-open]" in out


def test_check_command_on_an_unknown_inspection_is_one_chinese_line(db, capsys):
    assert cli.main(["check", "--inspection", "987654"]) == 2
    err = capsys.readouterr().err
    assert err == "错误：找不到编号为 987654 的巡察\n"


def test_page_queries_do_not_grow_with_the_ledger(client, clean, on_today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = clean
    client.force_login(w.alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(w)).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        p = f.make_problem(inspection=w.inspection1, label=str(n + 3), title=f"第{n}个新增问题")
        measure = f.make_measure(problem=p, text=f"新增措施{n}：正在研究制定第{n}号专项方案并征求意见。")
        measure.update(w.alice, Status.COMPLETED, "已完成")

    add(0)
    before = queries()
    for n in range(1, 7):
        add(n)
    assert queries() == before


def test_findings_that_need_a_decision_come_before_unassigned_owners(clean):
    # An imported ledger: no owners anywhere, and a copied measure under problem B.
    w = clean
    f.make_measure(problem=w.problem_b, text="修订医疗质量安全核心制度，组织全院临床科室逐条培训考核。")
    Measure.objects.update(department=None, owner=None)
    assert [x.code for x in findings(w)] == ["duplicate-measure", "missing-owner", "missing-owner"]
