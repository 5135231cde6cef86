"""The ledger → Excel: the 台账 in its usual columns, formatted for printing, and the five lists
practice keeps (问题、任务、责任、成果、档案清单).

The 台账 layout reads back through excel_import unchanged: export then import gives the same
ledger (tests/exchange/test_roundtrip.py)."""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Callable

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange

from zhenggai.ledger.models import Category, Evidence, Measure, Outcome, Problem, Status

from .models import MeasureNames
from .values import format_date, format_deadline

Progress = Callable[[int, int], None]

LISTS = {
    "ledger": "整改台账",
    "problems": "问题清单",
    "tasks": "任务清单",
    "responsibility": "责任清单",
    "results": "成果清单",
    "archive": "档案清单",
}
CATEGORY_SEPARATOR = " > "
NO_CATEGORY = "—"
STATUS_FILLS = {
    Status.COMPLETED: "C6EFCE",
    Status.PARTIAL: "FFEB9C",
    Status.IN_PROGRESS: "DDEBF7",
    Status.LONG_TERM: "E4DFEC",
}
OVERDUE_FILL = "FFC7CE"
HEADER_FILL = "D9D9D9"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
HEADER_ROW = 3


def person(user, name: str = "") -> str:
    if user is not None:
        return user.get_full_name().strip() or user.get_username()
    return name


class _Ledger:
    """The inspection's problems (as the user may see them) with everything the sheets show."""

    def __init__(self, inspection, problems=None):
        self.inspection = inspection
        problems = Problem.objects.filter(inspection=inspection) if problems is None else problems
        measures = Measure.objects.select_related("leader", "owner", "department").order_by("position", "pk")
        self.problems = list(
            problems.filter(inspection=inspection)
            .prefetch_related(
                Prefetch("measures", queryset=measures),
                Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by", "measure")),
            )
            .order_by("position", "pk")
        )
        self.categories = {c.pk: c for c in Category.objects.filter(inspection=inspection)}
        ids = [m.pk for p in self.problems for m in p.measures.all()]
        self.names = {n.measure_id: n for n in MeasureNames.objects.filter(measure_id__in=ids)}

    def category_text(self, problem) -> str:
        chain, node = [], self.categories.get(problem.category_id)
        while node is not None:
            chain.append(f"{node.label}{node.title}")
            node = self.categories.get(node.parent_id)
        return CATEGORY_SEPARATOR.join(reversed(chain))

    def who(self, measure) -> tuple[str, str, str]:
        names = self.names.get(measure.pk) or MeasureNames()
        department = names.department_name or (measure.department.name if measure.department else "")
        return person(measure.leader, names.leader_name), department, person(measure.owner, names.owner_name)

    def evidence_text(self, measure) -> str:
        names = self.names.get(measure.pk)
        files = [e.original_name for e in measure.problem.evidence.all() if e.measure_id == measure.pk]
        parts = [names.evidence_text] if names and names.evidence_text else []
        return "；".join(parts + files)


def export_workbook(inspection, kind: str = "ledger", problems=None, today=None, progress=None) -> bytes:
    """The .xlsx bytes of one list (LISTS) of the inspection; `problems` limits it to the
    problems the requesting user may see."""
    if kind not in LISTS:
        raise ValueError(f"未知的清单：{kind}（可选：{'、'.join(LISTS)}）")
    today = today or timezone.localdate()
    ledger = _Ledger(inspection, problems)
    wb = Workbook()
    _add_styles(wb)
    ws = wb.active
    ws.title = LISTS[kind]
    BUILDERS[kind](ws, ledger, today, progress)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _add_styles(wb) -> None:
    """Named styles: assigning one by name is far cheaper than a Font/Fill/Border per cell,
    which openpyxl hashes on every assignment (30 s for a 2,000-row 台账)."""
    wb.add_named_style(NamedStyle("zg_cell", alignment=WRAP, border=BORDER))
    wb.add_named_style(NamedStyle("zg_centre", alignment=CENTRE, border=BORDER))
    wb.add_named_style(
        NamedStyle(
            "zg_header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=CENTRE,
            border=BORDER,
        )
    )
    for status, colour in STATUS_FILLS.items():
        fill = PatternFill("solid", fgColor=colour)
        wb.add_named_style(NamedStyle(f"zg_{status}", alignment=CENTRE, border=BORDER, fill=fill))
    fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    wb.add_named_style(NamedStyle("zg_overdue", alignment=CENTRE, border=BORDER, fill=fill))


def _merge(ws, first_row: int, last_row: int, col: int) -> None:
    """ws.merge_cells() without its check against every existing range and its border
    re-computation (together quadratic: 40 s for a 2,000-row 台账). The ranges built here never
    overlap, and the merged cells take the top cell's style, borders included."""
    letter = get_column_letter(col)
    ws.merged_cells.ranges.add(MergedCellRange(ws, f"{letter}{first_row}:{letter}{last_row}"))
    style = ws.cell(first_row, col)._style
    for row in range(first_row + 1, last_row + 1):
        cell = MergedCell(ws, row, col)
        cell._style = copy.copy(style)
        ws._cells[row, col] = cell


def filename_for(inspection, kind: str) -> str:
    return f"{inspection.unit.name}-{LISTS[kind]}-{timezone.localdate():%Y%m%d}.xlsx"


def _sheet(ws, ledger: _Ledger, title: str, headers: list[tuple[str, int]], today: datetime.date) -> None:
    """Title row, subtitle row, header row; frozen header, A4 landscape, fit to width."""
    inspection = ledger.inspection
    last = get_column_letter(len(headers))
    ws["A1"] = f"{inspection.unit.name}{title}"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = CENTRE
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    parts = [f"巡察名称：{inspection.title}"]
    if inspection.group_name:
        parts.append(f"巡察组：{inspection.group_name}")
    parts += [f"反馈日期：{format_date(inspection.feedback_date)}", f"导出日期：{format_date(today)}"]
    ws["A2"] = "　".join(parts)
    ws["A2"].alignment = Alignment(vertical="center")
    ws.merge_cells(f"A2:{last}2")
    for col, (name, width) in enumerate(headers, start=1):
        ws.cell(HEADER_ROW, col, name).style = "zg_header"
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _rows(ws, rows: list[list], centred: set[int] = frozenset()) -> None:
    for offset, values in enumerate(rows):
        r = HEADER_ROW + 1 + offset
        for col, value in enumerate(values, start=1):
            ws.cell(r, col, value).style = "zg_centre" if col in centred else "zg_cell"


def _merge_runs(ws, col: int, keys: list, first_row: int = HEADER_ROW + 1) -> None:
    """Merge consecutive rows of `col` whose keys are equal (and not None)."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or keys[i] is None:
            if i - start > 1 and keys[start] is not None:
                _merge(ws, first_row + start, first_row + i - 1, col)
            start = i


def _ledger_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 6), ("问题类别", 16), ("具体问题", 36), ("整改措施", 46), ("责任领导", 10),
        ("责任部门", 12), ("责任人", 10), ("整改时限", 14), ("完成情况", 12), ("佐证材料", 24), ("公开范围", 9),
    ]  # fmt: skip
    _sheet(ws, ledger, "巡察反馈问题整改台账", headers, today)
    rows, problem_keys, category_keys, statuses, overdue = [], [], [], [], []
    # A blank category reads back as "as above"; say "none" when other problems have one.
    none = NO_CATEGORY if any(p.category_id for p in ledger.problems) else ""
    for index, problem in enumerate(ledger.problems, start=1):
        text = problem.title + (f"\n{problem.description}" if problem.description else "")
        category = ledger.category_text(problem) or none
        # The label as it is (blank when none), so that the 台账 reads back to the same ledger.
        head = [problem.label, category, text]
        public = "社会公开" if problem.is_public else "党内"
        measures = list(problem.measures.all())
        for measure in measures or [None]:
            if measure is None:
                status = problem.status_override or ""
                cells = ["", "", "", "", format_deadline(None, False, problem.immediate), _label(status), ""]
                late = False
            else:
                leader, department, owner = ledger.who(measure)
                deadline = format_deadline(measure.deadline, measure.long_term, problem.immediate)
                cells = [measure.text, leader, department, owner, deadline, _label(measure.status),
                         ledger.evidence_text(measure)]  # fmt: skip
                status = measure.status
                late = measure.is_open and measure.deadline is not None and measure.deadline < today
            rows.append([*head, *cells, public])
            problem_keys.append(problem.pk)
            category_keys.append(category or None)
            statuses.append(status)
            overdue.append(late)
        if progress:
            progress(index, len(ledger.problems))
    _rows(ws, rows, centred={1, 5, 6, 7, 8, 9, 11})
    for col in (1, 3, 11):
        _merge_runs(ws, col, problem_keys)
    _merge_runs(ws, 2, category_keys)
    for offset, (status, late) in enumerate(zip(statuses, overdue, strict=True)):
        r = HEADER_ROW + 1 + offset
        if status in STATUS_FILLS:
            ws.cell(r, 9).style = f"zg_{status}"
        if late:
            ws.cell(r, 8).style = "zg_overdue"


def _label(status: str) -> str:
    return Status(status).label if status else ""


def _problems_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 6), ("问题类别", 18), ("具体问题", 40), ("公开范围", 9), ("立行立改", 9), ("整改状态", 12),
        ("措施数", 8), ("已完成措施", 10), ("挂号销号", 10), ("最迟整改时限", 14),
    ]  # fmt: skip
    _sheet(ws, ledger, "巡察反馈问题清单", headers, today)
    rows = []
    for index, p in enumerate(ledger.problems, start=1):
        measures = list(p.measures.all())
        deadlines = [m.deadline for m in measures if m.deadline]
        rows.append([
            p.label or str(index), ledger.category_text(p), p.title, "社会公开" if p.is_public else "党内",
            "是" if p.immediate else "", p.get_status_display(), len(measures),
            sum(1 for m in measures if m.status == Status.COMPLETED), p.get_closure_state_display(),
            format_date(max(deadlines)) if deadlines else "",
        ])  # fmt: skip
    _rows(ws, rows, centred={1, 4, 5, 6, 7, 8, 9, 10})
    for offset, p in enumerate(ledger.problems):
        ws.cell(HEADER_ROW + 1 + offset, 6).style = f"zg_{p.status}"


def _tasks_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 8), ("具体问题", 30), ("整改措施", 50), ("整改时限", 14), ("完成情况", 12), ("预警", 8),
        ("最近更新", 12),
    ]  # fmt: skip
    _sheet(ws, ledger, "整改任务清单", headers, today)
    rows, statuses = [], []
    for index, p in enumerate(ledger.problems, start=1):
        p.inspection = ledger.inspection  # measure.light() reads the thresholds from here
        for n, m in enumerate(p.measures.all(), start=1):
            updated = timezone.localdate(m.last_update_at) if m.last_update_at else None
            rows.append([
                f"{p.label or index}-{n}", p.title, m.text,
                format_deadline(m.deadline, m.long_term, p.immediate), m.get_status_display(),
                m.get_light_display(today) if m.light(today) != "none" else "", format_date(updated) if updated else "",
            ])  # fmt: skip
            statuses.append(m.status)
    _rows(ws, rows, centred={1, 4, 5, 6, 7})
    for offset, status in enumerate(statuses):
        ws.cell(HEADER_ROW + 1 + offset, 5).style = f"zg_{status}"


def _responsibility_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 8), ("具体问题", 30), ("整改措施", 46), ("责任领导", 12), ("责任部门", 14), ("责任人", 12),
        ("整改时限", 14),
    ]  # fmt: skip
    _sheet(ws, ledger, "整改责任清单", headers, today)
    rows = []
    for index, p in enumerate(ledger.problems, start=1):
        for n, m in enumerate(p.measures.all(), start=1):
            leader, department, owner = ledger.who(m)
            deadline = format_deadline(m.deadline, m.long_term, p.immediate)
            rows.append([f"{p.label or index}-{n}", p.title, m.text, leader, department, owner, deadline])
    _rows(ws, rows, centred={1, 4, 5, 6, 7})


def _results_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 6),
        ("类型", 16),
        ("具体问题", 30),
        ("成果内容", 50),
        ("数量/金额", 12),
        ("佐证材料", 30),
    ]
    _sheet(ws, ledger, "整改成果清单", headers, today)
    visible = {p.pk for p in ledger.problems}
    titles = {p.pk: p.title for p in ledger.problems}
    rows = []
    outcomes = Outcome.objects.filter(inspection=ledger.inspection).order_by("kind", "pk")
    for outcome in outcomes:
        if outcome.problem_id is not None and outcome.problem_id not in visible:
            continue
        amount = outcome.amount.normalize() if outcome.amount is not None else ""
        rows.append(["", outcome.get_kind_display(), titles.get(outcome.problem_id, ""), outcome.text,
                     f"{amount:f}" if amount != "" else "", ""])  # fmt: skip
    for p in ledger.problems:
        for m in p.measures.all():
            if m.status == Status.COMPLETED:
                rows.append(["", "已完成整改措施", p.title, m.text, "", ledger.evidence_text(m)])
    for n, row in enumerate(rows, start=1):
        row[0] = n
    _rows(ws, rows, centred={1, 2, 5})


def _archive_sheet(ws, ledger: _Ledger, today, progress) -> None:
    headers = [
        ("序号", 6), ("具体问题", 28), ("整改措施", 30), ("文件名", 26), ("SHA-256", 68), ("大小（KB）", 10),
        ("上传人", 12), ("上传时间", 18), ("说明", 24),
    ]  # fmt: skip
    _sheet(ws, ledger, "整改档案清单", headers, today)
    rows = []
    for p in ledger.problems:
        for e in p.evidence.all():
            uploaded = timezone.localtime(e.uploaded_at)
            rows.append([
                len(rows) + 1, p.title, e.measure.text if e.measure else "", e.original_name, e.sha256,
                round(e.size / 1024, 1), person(e.uploaded_by) if e.uploaded_by else "",
                f"{uploaded:%Y-%m-%d %H:%M}", e.description,
            ])  # fmt: skip
    _rows(ws, rows, centred={1, 6, 7, 8})


BUILDERS = {
    "ledger": _ledger_sheet,
    "problems": _problems_sheet,
    "tasks": _tasks_sheet,
    "responsibility": _responsibility_sheet,
    "results": _results_sheet,
    "archive": _archive_sheet,
}
