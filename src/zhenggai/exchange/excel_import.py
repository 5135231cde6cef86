"""An Excel 台账 (.xlsx) → an import Plan, or every error in the file.

The sheet is read the way people lay 台账 out: title rows above a header found anywhere in the
first rows, header names in their common variants and in any order (HEADERS), a problem merged
over its measure rows (or left blank below it), a category merged over its problems or given as
a heading row, blank lines, notes rows (注：…, 填表人：…), dates and statuses as typed (values.py).
Nothing is written here; the caller writes the Plan with plan.write_plan()."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils import timezone
from openpyxl.utils import get_column_letter

from zhenggai.ledger.models import Status

from .plan import Plan, PlannedMeasure, PlannedProblem, Progress
from .values import (
    cell_text,
    parse_date,
    parse_deadline,
    parse_public,
    parse_status,
    split_label,
)

# Column → the header names 台账 use for it. Matching ignores spaces, line breaks and a
# bracketed remark (责任领导（分管领导）), then tries the longest name that starts the header.
HEADERS: dict[str, list[str]] = {
    "seq": ["序号", "编号", "序"],
    "category": ["问题类别", "问题类型", "问题分类", "类别", "问题方面", "方面", "问题领域", "反馈问题类别"],
    "problem": [
        "具体问题",
        "问题描述",
        "存在问题",
        "反馈问题",
        "巡察反馈问题",
        "主要问题",
        "问题表现",
        "问题清单",
        "问题内容",
        "问题",
    ],
    "measure": ["整改措施", "整改举措", "具体措施", "整改任务", "整改目标及措施", "措施"],
    "leader": ["责任领导", "牵头领导", "分管领导", "领导"],
    "department": ["责任部门", "牵头部门", "责任单位", "牵头单位", "责任科室", "责任处室", "配合部门"],
    "owner": ["责任人", "具体责任人", "经办人"],
    "deadline": ["整改时限", "完成时限", "整改期限", "完成时间", "整改时间", "时限"],
    "status": ["完成情况", "整改进展", "整改情况", "进展情况", "整改进度", "整改状态", "完成状态"],
    "evidence": ["佐证材料", "佐证资料", "整改佐证", "证明材料", "佐证"],
    "public": ["公开范围", "是否公开", "是否社会公开"],
}
LABELS = {
    "seq": "序号",
    "category": "问题类别",
    "problem": "具体问题",
    "measure": "整改措施",
    "leader": "责任领导",
    "department": "责任部门",
    "owner": "责任人",
    "deadline": "整改时限",
    "status": "完成情况",
    "evidence": "佐证材料",
    "public": "公开范围",
}
# Last resort, for headers such as 整改完成时限 or 问题整改完成情况: a telling word anywhere,
# in this order (完成情况 before 问题, 责任人 after 领导).
KEYWORDS = [
    ("时限", "deadline"),
    ("期限", "deadline"),
    ("完成时间", "deadline"),
    ("佐证", "evidence"),
    ("进展", "status"),
    ("完成情况", "status"),
    ("举措", "measure"),
    ("措施", "measure"),
    ("领导", "leader"),
    ("责任人", "owner"),
    ("部门", "department"),
    ("科室", "department"),
    ("责任单位", "department"),
    ("类别", "category"),
    ("问题", "problem"),
]
_VARIANTS = sorted(((v, f) for f, vs in HEADERS.items() for v in vs), key=lambda vf: -len(vf[0]))
HEADER_SCAN_ROWS = 20
# Rows that are not data: notes under the table and the signature line.
NOTE_ROW = re.compile(
    r"^(?:(?:注|备注|说明|日期)\s*[0-9一二三]?\s*[：:]|(?:填表人|填报人|审核人|制表人|制表|联系人|联系电话|负责人签字|填报日期|填表日期|填报单位|单位（盖章）|合计|总计))"
)
FEEDBACK_IN_TITLE = re.compile(r"反馈(?:日期|时间)\s*[：:]\s*([0-9０-９年月日./\-]+)")
GROUP_IN_TITLE = re.compile(r"巡[察视]组\s*[：:]\s*(\S+)")
# The export's subtitle row: 巡察名称：…　巡察组：…　反馈日期：…
NAME_IN_TITLE = re.compile(r"巡察名称\s*[：:]\s*([^　]+)")
# A category cell saying "none", so that a blank cell can keep meaning "as above".
NO_CATEGORY = {"—", "-", "－", "/", "／", "无", "未分类"}
MAX_BLANK_RUN = 200
MAX_ROWS = 20000


@dataclass
class CellError:
    sheet: str
    row: int
    column: str  # the column letter, "" for a whole-file error
    header: str
    value: str
    reason: str

    def message(self) -> str:
        if not self.row:
            return f"工作表“{self.sheet}”：{self.reason}" if self.sheet else self.reason
        where = f"工作表“{self.sheet}”第{self.row}行"
        if self.column:
            where += f" {self.column}列（{self.header}）"
        value = f"“{self.value[:40]}”" if self.value else "（空）"
        return f"{where} {value}：{self.reason}"

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "reason": self.reason,
            "message": self.message(),
        }


class LedgerImportError(ValueError):
    """The file cannot be imported; `errors` lists every problem found (none was written)."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("\n".join(e.message() for e in errors))

    @property
    def messages(self) -> list[str]:
        return [e.message() for e in self.errors]


def header_field(text: str, loose: bool = True) -> str | None:
    """The column a header names; `loose` allows the last-resort telling words."""
    s = re.sub(r"\s+", "", text).strip("*＊")
    s = re.sub(r"[（(][^）)]*[)）]", "", s) or s
    for variant, field in _VARIANTS:
        if s == variant:
            return field
    for variant, field in _VARIANTS:
        if len(variant) > 2 and s.startswith(variant):
            return field
    for word, field in KEYWORDS if loose else ():
        if word in s:
            return field
    return None


def open_workbook(data: bytes, filename: str):
    """The workbook, after checking by content that it is an .xlsx file."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise LedgerImportError(
            [_file_error(f"文件“{filename}”是旧版 Excel（.xls），请另存为 .xlsx 后再导入")]
        )
    if not data.startswith(b"PK\x03\x04"):
        raise LedgerImportError([_file_error(f"文件“{filename}”不是 Excel（.xlsx）文件")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise LedgerImportError([_file_error(f"文件“{filename}”是压缩包，但不是 Excel（.xlsx）文件")])
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except LedgerImportError:
        raise
    except Exception:  # openpyxl raises many types on damaged files; the user needs one message
        raise LedgerImportError(
            [_file_error(f"文件“{filename}”已损坏或无法读取，请用 Excel 打开后另存为 .xlsx")]
        ) from None


def _file_error(reason: str) -> CellError:
    return CellError("", 0, "", "", "", reason)


def _find_header(ws) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, field → column) for the first row that names at
    least the problem and measure columns (a two-row header is merged with the row below)."""
    rows = list(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS + 1, values_only=True))
    found = []
    for row in rows:
        fields: dict[str, int] = {}
        for col, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) <= 30:
                field = header_field(value)
                if field and field not in fields:
                    fields[field] = col
        found.append(fields)
    for index, fields in enumerate(found[:HEADER_SCAN_ROWS]):
        if len(fields) < 2:
            continue
        if "problem" in fields and "measure" in fields:
            below = found[index + 1] if index + 1 < len(found) else {}
            taken = set(fields.values())
            extra = {f: c for f, c in below.items() if f not in fields and c not in taken}
            if extra and len(below) >= 2:
                return index + 1, index + 2, {**fields, **extra}
            return index + 1, index + 1, fields
        below = found[index + 1] if index + 1 < len(found) else {}
        merged = {**below, **fields}
        if "problem" in merged and "measure" in merged and len(merged) >= 3:
            return index + 1, index + 2, merged
    return None


class _Merged:
    """Merged ranges: every cell of a range reads the top-left value."""

    def __init__(self, ws):
        self.top: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for rng in ws.merged_cells.ranges:
            box = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.top[(r, c)] = box

    def value(self, ws, r: int, c: int):
        box = self.top.get((r, c))
        if box is None:
            return ws.cell(r, c).value
        return ws.cell(box[0], box[1]).value

    def is_own(self, r: int, c: int) -> bool:
        """The cell holds its own value (not merged, or the top-left of its range)."""
        box = self.top.get((r, c))
        return box is None or (box[0], box[1]) == (r, c)

    def starts_block(self, r: int, c: int) -> bool:
        box = self.top.get((r, c))
        return box is None or box[0] == r


def plan_from_excel(
    data: bytes,
    filename: str,
    feedback_date: datetime.date | None = None,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Read the 台账. Raises LedgerImportError listing every error when anything is wrong."""
    wb = open_workbook(data, filename)
    for ws in wb.worksheets:
        header = _find_header(ws)
        if header is not None:
            return _Sheet(ws, header, filename, feedback_date, today or timezone.localdate(), progress).plan()
    wanted = "”和“".join(LABELS[f] for f in ("problem", "measure"))
    raise LedgerImportError(
        [_file_error(f"在各工作表前 {HEADER_SCAN_ROWS} 行中没有找到表头（至少需要“{wanted}”两列）")]
    )


class _Sheet:
    def __init__(self, ws, header, filename, feedback_date, today, progress):
        self.ws = ws
        self.first_header, self.last_header, self.columns = header
        self.filename = filename
        self.merged = _Merged(ws)
        self.errors: list[CellError] = []
        self.doubts: list[str] = []
        self.progress = progress
        title, found_date, group = self._title_rows()
        if feedback_date is None and found_date is None:
            self.doubts.append(
                f"台账中没有写明反馈日期，“6月底”等不带年份的时限按 {today.isoformat()} 所在年份推算"
            )
        self.context = feedback_date or found_date or today
        self.title, self.group = title or filename.rsplit(".", 1)[0], group

    def _title_rows(self) -> tuple[str, datetime.date | None, str]:
        title, found, group = "", None, ""
        for row in self.ws.iter_rows(min_row=1, max_row=self.first_header - 1, values_only=True):
            for value in row:
                text = cell_text(value)
                if not text:
                    continue
                if m := NAME_IN_TITLE.search(text):
                    title = m[1].strip()
                elif not title:
                    title = text.split("\n")[0]
                if found is None and (m := FEEDBACK_IN_TITLE.search(text)):
                    try:
                        found = parse_date(m[1], timezone.localdate())
                    except ValueError:
                        pass
                if not group and (m := GROUP_IN_TITLE.search(text)):
                    group = m[1]
        return title, found, group

    def _error(self, row: int, field: str, value, reason: str) -> None:
        column = get_column_letter(self.columns[field]) if field in self.columns else ""
        self.errors.append(
            CellError(self.ws.title, row, column, LABELS.get(field, ""), cell_text(value), reason)
        )

    def _get(self, r: int, field: str):
        col = self.columns.get(field)
        return self.merged.value(self.ws, r, col) if col else None

    def _own(self, r: int, field: str):
        col = self.columns.get(field)
        return self.ws.cell(r, col).value if col and self.merged.is_own(r, col) else None

    def plan(self) -> Plan:
        plan = Plan(source=self.filename, title=self.title, feedback_date=self.context, group_name=self.group)
        problem: PlannedProblem | None = None
        problem_text = ""
        category = ""
        blank_run = 0
        # max_row/max_column walk every cell on each call in openpyxl: read them once.
        width, height = self.ws.max_column, self.ws.max_row
        last_row = min(height, self.last_header + MAX_ROWS)
        if height > self.last_header + MAX_ROWS:
            self.errors.append(
                CellError(self.ws.title, 0, "", "", "", f"数据超过 {MAX_ROWS} 行，请拆分后分批导入")
            )
        for r in range(self.last_header + 1, last_row + 1):
            if self.progress and r % 50 == 0:
                self.progress(r - self.last_header, last_row - self.last_header)
            values = {f: self._get(r, f) for f in self.columns}
            texts = {f: cell_text(v) for f, v in values.items()}
            own = [cell_text(self.ws.cell(r, c).value) for c in range(1, width + 1)]
            own = [t for t in own if t]
            if not any(texts.values()):
                blank_run += 1
                if blank_run > MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            if own and all(NOTE_ROW.match(t) for t in own):
                continue
            if all(header_field(t, loose=False) == f for f, t in texts.items() if t):
                continue  # the header repeated (two tables pasted one below the other)
            if not texts.get("problem") and not texts.get("measure"):
                heading = texts.get("category") or texts.get("seq") or ""
                if heading:
                    category = heading
                elif problem is not None:
                    self._measure_row(r, values, texts, problem, False)
                continue
            if self._is_section_row(r, texts):
                category = texts["problem"]
                continue
            problem_col = self.columns["problem"]
            starts = bool(texts.get("problem")) and self.merged.starts_block(r, problem_col)
            # The problem typed again on a measure row: same text, same (non-blank) 序号, no merge.
            if (
                starts
                and problem is not None
                and (r, problem_col) not in self.merged.top
                and texts["problem"] == problem_text
                and texts.get("seq")
                and texts["seq"] == problem.label
            ):
                starts = False
            if starts:
                problem_text = texts["problem"]
                problem = self._start_problem(r, values, texts, category)
                if texts.get("category"):
                    category = "" if texts["category"] in NO_CATEGORY else texts["category"]
                plan.problems.append(problem)
            elif problem is None:
                self._error(r, "problem", None, "这一行有整改措施，但上面没有对应的问题")
                continue
            self._measure_row(r, values, texts, problem, starts)
        for p in plan.problems:
            if not p.measures:
                self.doubts.append(f"{p.where}的问题“{p.title[:30]}”没有整改措施")
        if not plan.problems and not self.errors:
            self.errors.append(CellError(self.ws.title, 0, "", "", "", "表头下面没有任何问题"))
        if self.errors:
            raise LedgerImportError(self.errors)
        plan.doubts = self.doubts
        return plan

    def _is_section_row(self, r: int, texts: dict[str, str]) -> bool:
        """A heading row merged across the table (一、党的领导方面)."""
        box = self.merged.top.get((r, self.columns["problem"]))
        measure_col = self.columns["measure"]
        return box is not None and box[1] <= measure_col <= box[3] and box[0] == box[2]

    def _start_problem(self, r, values, texts, category) -> PlannedProblem:
        text = texts["problem"]
        title, _, rest = text.partition("\n")
        title, description = title.strip(), rest.strip()
        if len(title) > 500:
            first = title.split("。", 1)[0]
            title, description = first[:500], text
        try:
            public = parse_public(values.get("public"))
        except ValueError as exc:
            self._error(r, "public", values.get("public"), str(exc))
            public = True
        heading = texts.get("category") or category
        if heading in NO_CATEGORY:
            heading = ""
        return PlannedProblem(
            title=title,
            description=description,
            label=texts.get("seq", "")[:20],
            categories=[split_label(part) for part in heading.split(" > ") if part.strip()]
            if heading
            else [],
            is_public=public,
            where=f"第{r}行",
        )

    def _measure_row(self, r, values, texts, problem: PlannedProblem, starts: bool) -> None:
        try:
            deadline = parse_deadline(values.get("deadline"), self.context)
        except ValueError as exc:
            self._error(r, "deadline", values.get("deadline"), str(exc))
            deadline = None
        try:
            status, note = parse_status(values.get("status"))
        except ValueError as exc:
            self._error(r, "status", values.get("status"), str(exc))
            status, note = None, ""
        if deadline is not None and deadline.immediate:
            problem.immediate = True
        text = texts.get("measure", "")
        if not text:
            if starts and status is not None:
                problem.status_override = status
            stray = [f for f in ("leader", "department", "owner") if cell_text(self._own(r, f))]
            if stray:
                field = stray[0]
                self._error(r, field, self._own(r, field), "填写了责任信息，但这一行没有整改措施")
            return
        long_term = bool(deadline and deadline.long_term)
        if status is None:
            status = Status.LONG_TERM if long_term else Status.IN_PROGRESS
        problem.measures.append(
            PlannedMeasure(
                text=text,
                status=status,
                deadline=deadline.date if deadline else None,
                long_term=long_term,
                leader=texts.get("leader", "")[:200],
                department=texts.get("department", "")[:300],
                owner=texts.get("owner", "")[:200],
                evidence=texts.get("evidence", ""),
                progress_note=note,
                where=f"第{r}行",
            )
        )
