"""Export formatting (frozen header, merges, print settings, fills) and the five lists."""

import datetime
import io

import openpyxl
import pytest

from tests import factories as f
from zhenggai.exchange.excel_export import LISTS, OVERDUE_FILL, STATUS_FILLS, export_workbook
from zhenggai.ledger.models import Outcome, Status

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def ledger(world):
    """第一医院's inspection with a category, a three-measure problem, and evidence."""
    inspection = world.inspection1
    category = f.make_category(inspection, label="一、", title="医疗质量方面")
    problem = world.problem_a
    problem.category = category
    problem.save()
    world.measure_bob.status = Status.COMPLETED
    world.measure_bob.save()
    f.make_measure(
        problem=problem, text="第三条措施", deadline=datetime.date(2025, 5, 1), department=world.medical1
    )
    f.make_evidence(problem, world.measure_bob, by=world.bob, name="会议纪要.pdf")
    f.make_outcome(
        inspection, kind=Outcome.Kind.RULES, amount=None, text="《医疗质量管理办法》", problem=problem
    )
    return inspection


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_ledger_sheet_is_laid_out_for_printing(ledger):
    ws = sheet(export_workbook(ledger, today=TODAY))
    assert ws.title == "整改台账"
    assert ws["A1"].value == "某市第一人民医院巡察反馈问题整改台账" and ws["A1"].font.b
    assert "反馈日期：" in ws["A2"].value and "巡察名称：某市第一人民医院巡察整改" in ws["A2"].value
    assert [c.value for c in ws[3]] == [
        "序号", "问题类别", "具体问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "完成情况", "佐证材料", "公开范围",
    ]  # fmt: skip
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    # problem_a has three measures: 序号, 具体问题 and 公开范围 merged over rows 4–6; problem_b on row 7.
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:K1", "A2:K2", "A4:A6", "C4:C6", "K4:K6"} <= merged
    assert ws["C7"].value == "财务报销审核不严" and "C7" not in {c for r in merged for c in [r.split(":")[0]]}
    assert ws["B4"].value == "一、医疗质量方面" and ws["B7"].value == "—"
    assert ws["D4"].alignment.wrap_text and ws["D4"].border.left.style == "thin"
    assert ws.column_dimensions["D"].width == 46
    # status colours; the overdue open measure's deadline cell in red
    assert ws["I4"].value == "已完成整改" and ws["I4"].fill.fgColor.rgb.endswith(
        STATUS_FILLS[Status.COMPLETED]
    )
    assert ws["I5"].fill.fgColor.rgb.endswith(STATUS_FILLS[Status.IN_PROGRESS])
    assert ws["H6"].value == "2025年5月1日" and ws["H6"].fill.fgColor.rgb.endswith(OVERDUE_FILL)
    assert ws["E4"].value == "李副院长" and ws["F4"].value == "医务科" and ws["G4"].value == "医务科老包"
    assert ws["J4"].value == "会议纪要.pdf"


@pytest.mark.parametrize(
    "kind, title, header, first_row",
    [
        ("problems", "问题清单", ["序号", "问题类别", "具体问题"], ["1", "一、医疗质量方面", "医疗质量安全管理制度落实不到位"]),
        ("tasks", "任务清单", ["序号", "具体问题", "整改措施"], ["1-1", "医疗质量安全管理制度落实不到位"]),
        ("responsibility", "责任清单", ["序号", "具体问题", "整改措施", "责任领导", "责任部门", "责任人"], None),
        ("results", "成果清单", ["序号", "类型", "具体问题", "成果内容"], [1, "建立制度", "医疗质量安全管理制度落实不到位", "《医疗质量管理办法》"]),
        ("archive", "档案清单", ["序号", "具体问题", "整改措施", "文件名", "SHA-256"], [1, "医疗质量安全管理制度落实不到位"]),
    ],
)  # fmt: skip
def test_the_five_lists(ledger, kind, title, header, first_row):
    ws = sheet(export_workbook(ledger, kind, today=TODAY))
    assert ws.title == LISTS[kind] == title
    assert [c.value for c in ws[3]][: len(header)] == header
    assert ws.freeze_panes == "A4" and ws.page_setup.orientation == "landscape"
    if first_row:
        assert [c.value for c in ws[4]][: len(first_row)] == first_row


def test_responsibility_and_archive_contents(ledger, world):
    ws = sheet(export_workbook(ledger, "responsibility", today=TODAY))
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(rows) == 4  # three measures of problem_a, one of problem_b
    assert rows[0][3:6] == ["李副院长", "医务科", "医务科老包"]
    ws = sheet(export_workbook(ledger, "archive", today=TODAY))
    evidence = world.problem_a.evidence.get()
    row = [c.value for c in ws[4]]
    assert row[3] == "会议纪要.pdf" and row[4] == evidence.sha256 and row[6] == "医务科老包"
    ws = sheet(export_workbook(ledger, "results", today=TODAY))
    kinds = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)]
    assert kinds == ["建立制度", "已完成整改措施"]


def test_export_limited_to_the_problems_given(ledger, world):
    from zhenggai.accounts.access import visible_problems

    ws = sheet(export_workbook(ledger, problems=visible_problems(world.dan), today=TODAY))
    titles = {ws.cell(r, 3).value for r in range(4, ws.max_row + 1)} - {None}
    assert titles == {"医疗质量安全管理制度落实不到位", "财务报销审核不严"}
    ws = sheet(export_workbook(ledger, problems=visible_problems(world.carol), today=TODAY))
    assert ws.max_row == 3


def test_unknown_list_is_refused(ledger):
    with pytest.raises(ValueError, match="未知的清单"):
        export_workbook(ledger, "everything")
