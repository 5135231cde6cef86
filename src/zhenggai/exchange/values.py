"""Cell values as people type them in a 台账: deadlines, statuses, the public flag, heading labels.

Every parser returns a value or raises ValueError with the Chinese reason, which the importer
puts next to the sheet, row and column."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from openpyxl.utils.datetime import from_excel

from zhenggai.ledger.models import Status

# Full-width digits and separators people type with a Chinese input method.
_WIDTH = str.maketrans("０１２３４５６７８９．／－：　", "0123456789./-: ")

# 2025年6月30日 / 2025.6.30 / 2025/6/30 / 2025-06-30 (optionally 号 for 日)
FULL_DATE = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?$")
# 2025年6月 / 2025年6月底 / 2025.6 / 2025-06: the end of that month
YEAR_MONTH = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?\s*(?:底|末|份)?$")
# 6月30日 / 6月底 / 6月: year from the inspection's feedback date
MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$")
MONTH_END = re.compile(r"^(\d{1,2})\s*月\s*(?:底|末|份)?$")
# 2025年底 / 2025年末 / 2025年
YEAR_END = re.compile(r"^(\d{4})\s*年\s*(?:底|末|年底)?$")
# 年底 / 今年年底 / 本年底 / 明年年底
THIS_YEAR_END = re.compile(r"^(?:今年|本年|当年)?(?:年底|年末|年内)$")
NEXT_YEAR_END = re.compile(r"^(?:明年|下年|次年)(?:年底|年末|底)?$")
HALF_YEAR = {"上半年": (6, 30), "年中": (6, 30), "下半年": (12, 31)}
QUARTER = re.compile(r"^(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?$")
# Words after the date that do not change it: 2025年6月30日前完成, 6月底之前.
TRAILING = re.compile(r"(?:之前|以前|前|止|完成|到位|办结|为止)+$")
LONG_TERM = re.compile(r"^(?:长期坚持|长期整改|长期推进|长期|持续推进|持续整改|常态化推进|常态长效)")
IMMEDIATE = re.compile(r"^(?:立行立改|立即整改|即知即改)")
SEVERAL_DATES = re.compile(r"\d{1,4}\s*[年月./\-].*[、，,；;和及].*\d{1,2}\s*[月日./\-]")
CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None = None
    long_term: bool = False
    immediate: bool = False


def _month_end(year: int, month: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise ValueError(f"月份 {month} 不存在")
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year}年{month}月{day}日不是有效日期") from None


def _year_for(month: int, context: datetime.date) -> int:
    # A month before the feedback month means next year: fed back in November, "3月底" is March next year.
    return context.year + 1 if month < context.month else context.year


def _plausible(day: datetime.date) -> datetime.date:
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"年份 {day.year} 不合理")
    return day


def parse_date(text: str, context: datetime.date) -> datetime.date:
    """One date as typed: full dates, year-month, month-only forms, 年底, 上半年, 季度."""
    s = TRAILING.sub("", text.translate(_WIDTH).strip()).strip()
    if SEVERAL_DATES.search(s):
        raise ValueError("包含多个日期，请只填写最终整改时限")
    if m := FULL_DATE.match(s):
        return _plausible(_day(int(m[1]), int(m[2]), int(m[3])))
    if m := YEAR_MONTH.match(s):
        return _plausible(_month_end(int(m[1]), int(m[2])))
    if m := MONTH_DAY.match(s):
        month, day = int(m[1]), int(m[2])
        try:
            return datetime.date(_year_for(month, context), month, day)
        except ValueError:
            raise ValueError(f"{month}月{day}日不是有效日期") from None
    if m := MONTH_END.match(s):
        month = int(m[1])
        if not 1 <= month <= 12:
            raise ValueError(f"月份 {month} 不存在")
        return _month_end(_year_for(month, context), month)
    if m := YEAR_END.match(s):
        return _plausible(datetime.date(int(m[1]), 12, 31))
    if THIS_YEAR_END.match(s):
        return datetime.date(context.year, 12, 31)
    if NEXT_YEAR_END.match(s):
        return datetime.date(context.year + 1, 12, 31)
    if s in HALF_YEAR:
        month, day = HALF_YEAR[s]
        return datetime.date(context.year, month, day)
    if m := QUARTER.match(s):
        quarter = CN_QUARTER.get(m[2]) or int(m[2])
        return _month_end(int(m[1]) if m[1] else context.year, quarter * 3)
    raise ValueError("无法识别的日期，请写成 2025年6月30日、2025-06-30、6月底、年底前、长期坚持 或 立行立改")


def parse_deadline(value, context: datetime.date) -> Deadline:
    """The 整改时限 cell: a date (Excel date cell or text), 长期坚持, 立行立改, or empty.

    长期坚持 / 立行立改 may carry a date after them (长期坚持（2025年6月30日前）), which is kept."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Deadline()
    if isinstance(value, datetime.datetime):
        return Deadline(_plausible(value.date()))
    if isinstance(value, datetime.date):
        return Deadline(_plausible(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 30000 <= value <= 80000:  # an Excel date serial in a cell formatted as a number
            return Deadline(_plausible(from_excel(value).date()))
        return Deadline(parse_date(str(value), context))
    text = str(value).translate(_WIDTH).strip()
    long_term = immediate = False
    while True:  # 立行立改、长期坚持 may both be given
        text = text.strip(" （）()，,、；;:：")
        if m := LONG_TERM.match(text):
            long_term, text = True, text[m.end() :]
        elif m := IMMEDIATE.match(text):
            immediate, text = True, text[m.end() :]
        else:
            break
    if not text:
        return Deadline(None, long_term, immediate)
    return Deadline(parse_date(text, context), long_term, immediate)


def format_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_deadline(deadline: datetime.date | None, long_term: bool, immediate: bool) -> str:
    """The inverse of parse_deadline, as the export writes it."""
    date = format_date(deadline) if deadline else ""
    flag = "，".join(f for f, on in (("立行立改", immediate), ("长期坚持", long_term)) if on)
    if flag and date:
        return f"{flag}（{date}前）"
    return flag or date


# The Chinese forms of each status found in 台账 and reports; longest forms are tried first.
STATUS_FORMS: dict[str, Status] = {
    **dict.fromkeys(
        [
            "已完成整改",
            "已整改完成",
            "已整改到位",
            "整改完成",
            "已完成",
            "已整改",
            "已办结",
            "已销号",
            "完成",
            "办结",
        ],
        Status.COMPLETED,
    ),
    **dict.fromkeys(
        [
            "阶段性完成整改",
            "阶段性完成",
            "基本完成整改",
            "基本完成",
            "部分完成",
            "取得阶段性成效",
            "阶段性成效",
        ],
        Status.PARTIAL,
    ),
    **dict.fromkeys(
        [
            "正在推进",
            "正在整改",
            "正在落实",
            "整改中",
            "推进中",
            "进行中",
            "持续整改中",
            "未完成整改",
            "未完成",
            "尚未完成",
            "未整改",
        ],
        Status.IN_PROGRESS,
    ),
    **dict.fromkeys(["长期坚持", "长期整改", "长期推进", "长期"], Status.LONG_TERM),
}
_BY_LENGTH = sorted(STATUS_FORMS, key=len, reverse=True)
_PUNCT = " \t\n（）()【】[]〔〕。.，,；;:：、"


def parse_status(value) -> tuple[Status | None, str]:
    """(status, remaining progress text) from the 完成情况 cell; (None, "") when empty.

    "已完成。印发《…》" → (completed, "印发《…》"). A status word later in the text counts too
    ("该项整改已完成"), earliest first, so "尚未完成" is not read as "完成"."""
    if value is None:
        return None, ""
    text = str(value).strip()
    if not text:
        return None, ""
    bare = text.strip(_PUNCT)
    for form in _BY_LENGTH:
        if bare.startswith(form):
            return STATUS_FORMS[form], bare[len(form) :].strip(_PUNCT)
    best: tuple[int, int, str] | None = None
    for form in _BY_LENGTH:
        if len(form) < 3:
            continue
        at = bare.find(form)
        if at >= 0 and (best is None or (at, -len(form)) < (best[0], -best[1])):
            best = (at, len(form), form)
    if best is not None:
        return STATUS_FORMS[best[2]], bare
    raise ValueError("无法识别的完成情况，请填写 已完成、阶段性完成、正在整改 或 长期坚持")


PUBLIC_FORMS = {
    **dict.fromkeys(["是", "公开", "社会公开", "对外公开", "可公开"], True),
    **dict.fromkeys(["否", "不公开", "党内", "党内通报", "内部", "不对外公开"], False),
}


def parse_public(value) -> bool:
    if value is None or not str(value).strip():
        return True
    text = str(value).strip().strip(_PUNCT)
    if text in PUBLIC_FORMS:
        return PUBLIC_FORMS[text]
    raise ValueError("请填写“社会公开”或“党内”")


# A heading label at the start of a category text: 一、 （一） (一) 1. 1、 第一部分
HEADING_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+[部分方面个]+[、：:]?)\s*"
)


def split_label(text: str) -> tuple[str, str]:
    """ "一、党的建设方面" → ("一、", "党的建设方面"); text without a label → ("", text)."""
    text = text.strip()
    if m := HEADING_LABEL.match(text):
        rest = text[m.end() :].strip()
        if rest:
            return m.group(0).strip(), rest
    return "", text


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as 2025年6月30日, strings stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return format_date(value.date())
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value).strip()
