"""A published 通报 → the ledger: the corpus gives the gold counts; metadata, tree, statuses, doubts."""

import datetime
import json

import pytest

from tests.exchange.helpers import counts
from zhenggai.accounts.models import Organisation
from zhenggai.exchange.from_report import parse_report_bytes, plan_from_report
from zhenggai.exchange.plan import find_or_create_unit, write_plan
from zhenggai.ledger.models import Category, Measure, Problem, Status
from zhenggai.reports import ReportError
from zhenggai.reports.parse import parse_text
from zhenggai.reports.read import parse_file

REPORT = """中共某县示范医院委员会关于巡察整改进展情况的通报

根据县委统一部署，2024年9月至11月，县委第二巡察组对中共某县示范医院委员会进行了巡察，并于2025年1月17日反馈了巡察意见。截至2025年6月30日，反馈的3个问题中已完成整改3个。

一、整改工作组织情况
医院党委成立整改工作领导小组，党委书记任组长。

二、巡察反馈问题整改进展情况
（一）党的建设方面
1.党委会议事规则执行不严格。（已完成整改）
整改情况：一是修订党委会议事规则；二是建立会前审核制度。
2.发展党员程序不规范。（阶段性完成）
整改情况：一是开展发展党员档案专项检查；二是组织党务干部培训。
（二）财务管理方面
3.公务接待审批不严。（已完成整改）
整改情况：清理近三年公务接待单据。

三、下一步工作打算
持续巩固整改成果。

欢迎广大干部群众监督。联系电话：0000-1234567。

中共某县示范医院委员会
2025年7月1日
"""


def test_made_up_report_plan_keeps_metadata_tree_statuses_and_doubts():
    plan = plan_from_report(parse_text(REPORT, doc="通报.txt"))
    assert plan.title == "中共某县示范医院委员会关于巡察整改进展情况的通报"
    assert plan.group_name == "县委第二巡察组"
    assert plan.feedback_date == datetime.date(2025, 1, 17)
    assert (plan.period_start, plan.period_end) == (datetime.date(2024, 9, 1), datetime.date(2024, 11, 30))
    assert [(p.categories, p.label, p.title) for p in plan.problems] == [
        ([("二、", "巡察反馈问题整改进展情况"), ("（一）", "党的建设方面")], "1", "党委会议事规则执行不严格"),
        ([("二、", "巡察反馈问题整改进展情况"), ("（一）", "党的建设方面")], "2", "发展党员程序不规范"),
        ([("二、", "巡察反馈问题整改进展情况"), ("（二）", "财务管理方面")], "3", "公务接待审批不严"),
    ]
    # Measures without their own marker take the problem's status, so no override is needed.
    assert [[m.status for m in p.measures] for p in plan.problems] == [
        [Status.COMPLETED, Status.COMPLETED],
        [Status.PARTIAL, Status.PARTIAL],
        [Status.COMPLETED],
    ]
    assert [p.status_override for p in plan.problems] == [None, None, None]
    # "已完成整改3个" but the items say 2 completed and 1 partial.
    assert plan.doubts == [
        "通报写明已完成 3 个（“截至2025年6月30日，反馈的3个问题中已完成整改3个”），逐项统计为 2 个，请核对"
    ]
    assert "领导小组" in plan.organisation_text and "持续巩固" in plan.next_steps


def test_writing_the_report_creates_the_unit_inspection_and_statuses(db):
    unit, created = find_or_create_unit("某县示范医院")
    assert created and unit.kind == Organisation.Kind.UNIT
    assert find_or_create_unit("某县示范医院") == (unit, False)
    inspection = write_plan(plan_from_report(parse_text(REPORT, doc="通报.txt")), unit)
    problems = list(inspection.problems.order_by("position"))
    assert [p.status for p in problems] == [Status.COMPLETED, Status.PARTIAL, Status.COMPLETED]
    assert Category.objects.filter(inspection=inspection, parent=None).count() == 1
    assert Category.objects.filter(inspection=inspection).count() == 3
    assert Measure.objects.filter(problem__inspection=inspection).count() == 5
    assert inspection.concentrated_deadline == datetime.date(2025, 3, 17)


def test_measure_markers_that_disagree_with_the_problem_keep_it_as_override():
    text = REPORT.replace("二是建立会前审核制度。", "二是建立会前审核制度（正在整改）。")
    plan = plan_from_report(parse_text(text, doc="通报.txt"))
    first = plan.problems[0]
    assert [m.status for m in first.measures] == [Status.COMPLETED, Status.IN_PROGRESS]
    assert first.status_override == Status.COMPLETED


def test_report_without_feedback_date_and_problems_is_imported_with_doubts():
    plan = plan_from_report(parse_text("某医院整改情况\n\n我院高度重视巡察整改工作。", doc="x.txt"))
    assert plan.problems == []
    assert any("反馈日期" in d for d in plan.doubts)
    assert any("没有从通报中识别出任何问题" in d for d in plan.doubts)


def test_unreadable_upload_raises_report_error():
    with pytest.raises(ReportError):
        parse_report_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "通报.png")


def test_two_units_with_the_same_name_are_refused(db):
    Organisation.objects.create(name="同名医院", kind=Organisation.Kind.UNIT)
    Organisation.objects.create(name="同名医院", kind=Organisation.Kind.UNIT)
    with pytest.raises(ValueError, match="有多个名为“同名医院”的单位"):
        find_or_create_unit("同名医院")


@pytest.mark.corpus
@pytest.mark.parametrize("doc", ["s000", "s001", "s002", "s003", "s004"])
def test_corpus_report_imports_as_many_problems_and_measures_as_the_gold(db, corpus_dir, doc):
    gold = json.loads((corpus_dir / "gold" / f"{doc}.json").read_text(encoding="utf-8"))
    before = counts()
    unit, _ = find_or_create_unit(f"语料单位{doc}")
    plan = plan_from_report(parse_file(corpus_dir / f"{doc}.txt"))
    inspection = write_plan(plan, unit)
    assert inspection.problems.count() == len(gold["problems"])
    assert Measure.objects.filter(problem__inspection=inspection).count() == sum(
        len(p["measures"]) for p in gold["problems"]
    )
    # Problem statuses follow the gold wherever the report states one.
    stated = [p["status"] for p in gold["problems"]]
    actual = list(
        Problem.objects.filter(inspection=inspection).order_by("position").values_list("status", flat=True)
    )
    assert [a for a, s in zip(actual, stated, strict=True) if s] == [s for s in stated if s]
    assert counts()["Problem"] - before["Problem"] == len(gold["problems"])
