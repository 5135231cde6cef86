"""Whatever a sheet holds, the importer returns a plan or LedgerImportError — never another exception."""

import datetime

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.exchange.helpers import workbook_bytes
from zhenggai.exchange.excel_import import LedgerImportError, plan_from_excel

WORDS = [
    "序号", "问题类别", "具体问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "完成情况",
    "佐证材料", "公开范围", "注：说明", "填表人：张三", "一、党建方面", "问题一", "措施一", "医务科",
    "2025年6月30日", "6月底", "长期坚持", "立行立改", "6月32日", "已完成", "正在推进", "差不多", "党内", "—",
    "", " ", "\n", "A > B > C",
]  # fmt: skip
cell = st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=-5, max_value=90000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2200, 1, 1)),
    st.text(max_size=20).map(lambda s: "".join(ch for ch in s if ch.isprintable())),
)
HEADERS = [
    "序号",
    "问题类别",
    "具体问题",
    "整改措施",
    "责任领导",
    "责任部门",
    "责任人",
    "整改时限",
    "完成情况",
    "公开范围",
]


@st.composite
def with_header(draw):
    """Title rows, a shuffled header that names the problem and measure columns, random rows."""
    titles = draw(st.lists(st.lists(cell, max_size=3), max_size=2))
    header = draw(st.permutations(HEADERS))
    junk = draw(st.booleans())
    row = st.tuples(*[VALID[name] | cell if junk else VALID[name] for name in header]).map(list)
    body = draw(st.lists(row, max_size=20))
    return [*titles, list(header), *body]


def pool(*values):
    return st.sampled_from(list(values))


# Mostly valid values per column (blank included), so that many sheets import.
VALID = {
    "序号": pool("", 1, 2, "3"),
    "问题类别": pool("", "一、党建方面", "二、财务方面", "—", "A > B"),
    "具体问题": pool("", "", "问题一", "问题二\n具体表现", "问题三"),
    "整改措施": pool("措施一", "措施二", "措施三"),
    "责任领导": pool("", "李副院长", "张三"),
    "责任部门": pool("", "医务科", "医务科、财务科"),
    "责任人": pool("", "王五"),
    "整改时限": pool("", "2025年6月30日", "6月底", "长期坚持", "立行立改", datetime.date(2025, 3, 1)),
    "完成情况": pool("", "已完成", "正在推进", "基本完成", "长期坚持"),
    "公开范围": pool("", "社会公开", "党内"),
}


grids = st.one_of(with_header(), with_header(), st.lists(st.lists(cell, max_size=12), max_size=25))
merges = st.lists(
    st.tuples(st.integers(1, 25), st.integers(1, 12), st.integers(0, 4), st.integers(0, 2)), max_size=6
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids, merged=merges)
def test_any_sheet_gives_a_plan_or_a_ledger_import_error(grid, merged):
    def build(ws):
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    ws.cell(r, c, value)
        taken = set()
        for row, col, down, across in merged:
            box = {(r, c) for r in range(row, row + down + 1) for c in range(col, col + across + 1)}
            if box & taken or len(box) == 1:
                continue
            taken |= box
            ws.merge_cells(start_row=row, start_column=col, end_row=row + down, end_column=col + across)

    try:
        plan = plan_from_excel(workbook_bytes(build), "随机.xlsx", feedback_date=datetime.date(2025, 1, 17))
    except LedgerImportError as exc:
        event("refused: " + exc.errors[0].reason[:12])
        assert exc.errors and all(e.message() for e in exc.errors)
    else:
        event("imported")
        assert plan.problems and all(p.title for p in plan.problems)
        assert all(m.text for p in plan.problems for m in p.measures)
