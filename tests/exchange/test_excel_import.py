"""A messy, real-world-style 台账 imports correctly; a bad one reports every error and writes nothing."""

import datetime

import pytest

from tests.exchange.helpers import counts, rows_to_sheet, workbook_bytes
from zhenggai.exchange import plan as plan_module
from zhenggai.exchange.excel_import import LedgerImportError, header_field, plan_from_excel
from zhenggai.exchange.models import MeasureNames
from zhenggai.exchange.plan import write_plan
from zhenggai.ledger.models import Measure, Status

D = datetime.date

# Header variants, shuffled, with an unknown column (备注) in the middle and a line break in one name.
HEADER = [
    "序号",
    "问题描述",
    "整改\n举措",
    "牵头领导",
    "备注",
    "问题类别",
    "责任单位",
    "责任人",
    "完成时限",
    "整改进展",
    "佐证材料",
]
COL = {name: i + 1 for i, name in enumerate(HEADER)}


def messy(ws):
    ws.cell(1, 1, "某市第一人民医院巡察反馈问题整改台账")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.cell(2, 1, "巡察组：市委第一巡察组　反馈时间：2025年3月20日")
    # row 3 left blank
    rows_to_sheet(ws, [HEADER], start=4)

    def row(r, **cells):
        for name, value in cells.items():
            ws.cell(r, COL[name], value)

    # Problem 1: merged over three measure rows; its category merged over problems 1 and 2.
    row(
        5,
        序号=1,
        问题描述="医疗质量安全管理制度落实不到位\n部分科室三级查房流于形式",
        问题类别="一、医疗质量方面",
    )
    row(
        5,
        **{
            "整改\n举措": "修订医疗质量管理制度",
            "牵头领导": "李副院长",
            "责任单位": "医务科",
            "责任人": "王五",
        },
    )
    row(
        5,
        完成时限=datetime.datetime(2025, 5, 31),
        整改进展="已完成。印发《医疗质量管理办法》",
        佐证材料="《医疗质量管理办法》",
    )
    row(
        6,
        **{
            "整改\n举措": "开展三级查房专项检查",
            "责任单位": "医务科、质控科",
            "完成时限": "2025.6.30",
            "整改进展": "基本完成",
        },
    )
    row(
        7,
        **{
            "整改\n举措": "建立质控例会制度",
            "责任单位": "质控科",
            "完成时限": "6月底",
            "整改进展": "正在推进",
        },
    )
    ws.merge_cells("A5:A7")
    ws.merge_cells("B5:B7")
    ws.merge_cells("D5:D7")  # one leader for all three measures
    # a blank line between problems (row 8)
    row(9, 序号=2, 问题描述="院内感染防控培训覆盖不全", **{"整改\n举措": "将感控培训纳入新职工岗前培训"})
    row(9, 完成时限="长期坚持", 整改进展="长期坚持", 责任单位="院感科")
    ws.merge_cells("F5:F9")
    # A heading row merged across the table starts the next category.
    ws.cell(10, 1, "二、财务管理方面")
    ws.merge_cells(start_row=10, start_column=1, end_row=10, end_column=len(HEADER))
    # Problem 3: measure rows below it left blank (no merge); 立行立改 and 年底前.
    row(11, 序号=3, 问题描述="财务报销审核不严", **{"整改\n举措": "立即清理2024年度报销单据"})
    row(11, 完成时限="立行立改", 整改进展="已整改", 责任单位="财务科", 责任人="赵六")
    row(12, **{"整改\n举措": "修订报销审核细则"}, 完成时限="年底前", 整改进展="整改中", 责任单位="财务科")
    # Problem 4: a month before the feedback month means next year; "…前" after a full date.
    row(13, 序号=4, 问题描述="固定资产盘点不及时", **{"整改\n举措": "开展固定资产全面清查"})
    row(13, 完成时限="2月底", 整改进展="未完成", 责任单位="财务科")
    row(14, 序号=5, 问题描述="合同管理台账不健全", **{"整改\n举措": "建立合同管理台账"})
    row(14, 完成时限="2025年6月30日前", 整改进展="", 责任单位="党委办公室")
    # notes and the signature line under the table
    ws.cell(16, 1, "注：1.完成情况填写已完成、基本完成或正在推进；2.佐证材料另附。")
    ws.merge_cells(start_row=16, start_column=1, end_row=16, end_column=len(HEADER))
    ws.cell(17, 2, "填表人：张三")
    ws.cell(17, 7, "审核人：李四")


def test_messy_ledger_plan_reads_every_problem_measure_deadline_and_status():
    plan = plan_from_excel(workbook_bytes(messy), "台账.xlsx")
    assert plan.title == "某市第一人民医院巡察反馈问题整改台账"
    assert plan.feedback_date == D(2025, 3, 20)
    assert plan.group_name == "市委第一巡察组"
    assert [(p.label, p.title) for p in plan.problems] == [
        ("1", "医疗质量安全管理制度落实不到位"),
        ("2", "院内感染防控培训覆盖不全"),
        ("3", "财务报销审核不严"),
        ("4", "固定资产盘点不及时"),
        ("5", "合同管理台账不健全"),
    ]
    p1, p2, p3, p4, p5 = plan.problems
    assert p1.description == "部分科室三级查房流于形式"
    assert [p.categories for p in plan.problems] == [[("一、", "医疗质量方面")]] * 2 + [
        [("二、", "财务管理方面")]
    ] * 3
    assert [(m.text, m.deadline, m.status) for m in p1.measures] == [
        ("修订医疗质量管理制度", D(2025, 5, 31), Status.COMPLETED),
        ("开展三级查房专项检查", D(2025, 6, 30), Status.PARTIAL),
        ("建立质控例会制度", D(2025, 6, 30), Status.IN_PROGRESS),
    ]
    assert [m.leader for m in p1.measures] == ["李副院长"] * 3
    assert p1.measures[0].progress_note == "印发《医疗质量管理办法》"
    assert p1.measures[0].evidence == "《医疗质量管理办法》"
    assert [(m.deadline, m.long_term, m.status) for m in p2.measures] == [(None, True, Status.LONG_TERM)]
    assert p3.immediate and not p1.immediate
    assert [(m.deadline, m.status) for m in p3.measures] == [
        (None, Status.COMPLETED),
        (D(2025, 12, 31), Status.IN_PROGRESS),
    ]
    assert [(m.deadline, m.status) for m in p4.measures] == [(D(2026, 2, 28), Status.IN_PROGRESS)]
    assert [(m.deadline, m.status) for m in p5.measures] == [(D(2025, 6, 30), Status.IN_PROGRESS)]
    assert plan.doubts == []


def test_messy_ledger_writes_the_ledger(world):
    unit = world.hospital1
    inspection = write_plan(plan_from_excel(workbook_bytes(messy), "台账.xlsx"), unit, by=world.alice)
    problems = list(inspection.problems.order_by("position"))
    assert len(problems) == 5 and inspection.feedback_date == D(2025, 3, 20)
    assert [p.status for p in problems] == [
        Status.PARTIAL,
        Status.LONG_TERM,
        Status.PARTIAL,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
    ]
    first = list(problems[0].measures.order_by("position"))
    # 李副院长 is Leo's name in the unit; 医务科 exists; 质控科 is created under the unit.
    assert [m.leader for m in first] == [world.leo] * 3
    assert first[0].department == world.medical1
    assert first[1].department == world.medical1
    assert MeasureNames.objects.get(measure=first[1]).department_name == "医务科、质控科"
    assert first[2].department.name == "质控科" and first[2].department.parent == unit
    # 王五 has no account: the name is kept for the export and for a later assignment.
    assert first[0].owner is None and MeasureNames.objects.get(measure=first[0]).owner_name == "王五"
    assert problems[0].category.title == "医疗质量方面" and problems[2].category.label == "二、"
    assert problems[0].updates.filter(note__contains="印发《医疗质量管理办法》").count() == 1


def bad_rows(ws):
    rows_to_sheet(
        ws,
        [
            ["整改台账"],
            ["序号", "具体问题", "整改措施", "责任部门", "整改时限", "完成情况", "公开范围"],
            [1, "问题一", "措施一", "医务科", "2025年6月30日", "已完成", "社会公开"],
            [2, "问题二", "措施二", "医务科", "6月32日", "正在整改", ""],
            [3, "问题三", "措施三", "财务科", "2025-07-01", "差不多了", ""],
            [4, "问题四", "措施四", "财务科", "年底前", "已完成", "看情况"],
            [5, "问题五", "措施五", "财务科", "长期坚持", "长期坚持", "党内"],
        ],
    )


def test_errors_on_three_rows_are_all_reported_and_nothing_is_written(world):
    before = counts()
    with pytest.raises(LedgerImportError) as caught:
        plan = plan_from_excel(workbook_bytes(bad_rows), "有错误的台账.xlsx")
        write_plan(plan, world.hospital1)
    errors = [(e.sheet, e.row, e.column, e.header, e.value) for e in caught.value.errors]
    assert errors == [
        ("整改台账", 4, "E", "整改时限", "6月32日"),
        ("整改台账", 5, "F", "完成情况", "差不多了"),
        ("整改台账", 6, "G", "公开范围", "看情况"),
    ]
    messages = caught.value.messages
    assert messages[0] == "工作表“整改台账”第4行 E列（整改时限） “6月32日”：6月32日不是有效日期"
    assert "无法识别的完成情况" in messages[1] and "请填写“社会公开”或“党内”" in messages[2]
    assert counts() == before


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch):
    plan = plan_from_excel(workbook_bytes(messy), "台账.xlsx")
    before = counts()
    real = plan_module._write_measures

    def write_then_fail(*args):
        real(*args)  # problems, measures, names and notes are in the database now …
        assert Measure.objects.count() == before["Measure"] + 8
        raise RuntimeError("disk full")  # … and must all go

    monkeypatch.setattr(plan_module, "_write_measures", write_then_fail)
    with pytest.raises(RuntimeError):
        write_plan(plan, world.hospital1, by=world.alice)
    assert counts() == before


def test_header_over_two_rows_and_problem_repeated_on_each_measure_row():
    def build(ws):
        rows_to_sheet(
            ws,
            [
                ["序号", "存在问题", "整改措施", "责任主体", None, "整改期限", "整改情况"],
                [None, None, None, "分管领导", "牵头部门", None, None],
                [1, "问题甲", "措施一", "甲领导", "办公室", "2025/6/30", "已完成"],
                [1, "问题甲", "措施二", "甲领导", "办公室", "2025/7/31", "阶段性完成"],
                [2, "问题乙", "措施三", "乙领导", "人事科", "", ""],
            ],
        )

    plan = plan_from_excel(workbook_bytes(build), "两行表头.xlsx", feedback_date=D(2025, 1, 1))
    assert [(p.title, [m.text for m in p.measures]) for p in plan.problems] == [
        ("问题甲", ["措施一", "措施二"]),
        ("问题乙", ["措施三"]),
    ]
    assert [m.leader for m in plan.problems[0].measures] == ["甲领导", "甲领导"]
    assert plan.problems[1].measures[0].department == "人事科"
    assert plan.problems[1].measures[0].deadline is None


def test_measure_without_a_problem_above_and_responsibility_without_a_measure():
    def build(ws):
        rows_to_sheet(
            ws,
            [
                ["序号", "具体问题", "整改措施", "责任部门"],
                [None, None, "没有问题的措施", "医务科"],
                [1, "问题一", "措施一", "医务科"],
                [None, None, None, "财务科"],
            ],
        )

    with pytest.raises(LedgerImportError) as caught:
        plan_from_excel(workbook_bytes(build), "t.xlsx")
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (2, "B", "这一行有整改措施，但上面没有对应的问题"),
        (4, "D", "填写了责任信息，但这一行没有整改措施"),
    ]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel（.xls）"),
        ("序号,具体问题\n".encode(), "不是 Excel（.xlsx）文件"),
        (b"PK\x03\x04broken", "已损坏或无法读取"),
    ],
)
def test_files_that_are_not_xlsx_are_refused_by_content(data, reason):
    with pytest.raises(LedgerImportError, match=reason):
        plan_from_excel(data, "台账.xlsx")


def test_sheet_without_a_recognisable_header():
    data = workbook_bytes(lambda ws: rows_to_sheet(ws, [["姓名", "电话"], ["张三", "123"]]))
    with pytest.raises(LedgerImportError, match="没有找到表头"):
        plan_from_excel(data, "通讯录.xlsx")


def test_missing_feedback_date_is_a_doubt_not_an_error():
    data = workbook_bytes(
        lambda ws: rows_to_sheet(
            ws, [["序号", "具体问题", "整改措施", "整改时限"], [1, "问题", "措施", "6月底"]]
        )
    )
    plan = plan_from_excel(data, "t.xlsx", today=D(2025, 8, 1))
    assert plan.problems[0].measures[0].deadline == D(2026, 6, 30)
    assert any("没有写明反馈日期" in d for d in plan.doubts)


@pytest.mark.parametrize(
    "header, field",
    [
        ("整改完成时限", "deadline"),
        ("问题整改完成情况", "status"),
        ("具体整改措施", "measure"),
        ("责任领导（分管领导）", "leader"),
        ("牵头部门\n（配合部门）", "department"),
        (" 序 号 ", "seq"),
        ("*具体问题", "problem"),
        ("姓名", None),
    ],
)
def test_header_names_in_their_variants(header, field):
    assert header_field(header) == field


def test_two_columns_are_enough_and_later_sheets_are_searched():
    def build(ws):
        ws.title = "说明"
        ws["A1"] = "本表用于填报巡察整改台账"
        second = ws.parent.create_sheet("台账")
        rows_to_sheet(second, [["存在问题", "整改举措"], ["问题一", "措施一"], [None, "措施二"]])

    plan = plan_from_excel(workbook_bytes(build), "t.xlsx", feedback_date=D(2025, 1, 1))
    assert [(p.title, [m.text for m in p.measures]) for p in plan.problems] == [
        ("问题一", ["措施一", "措施二"])
    ]
