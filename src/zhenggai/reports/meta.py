"""Report metadata: title, unit, inspection group, dates (garbled forms too) and declared counts.

Dates on real pages lose characters: "20249月至11月" (年 lost), "2025117日" (月 lost: 2025-01-17
or 2025-11-07), "2025年716日", a bare signature "2025728". A date token therefore keeps every
reading that is a valid calendar date, and ``resolve_dates`` picks, for each ambiguous one, the
reading that fits the chronology of the report (inspection ≤ feedback ≤ as-of ≤ signature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .labels import CN_NUMERAL_CHARS, cn_to_int, number_value
from .model import Declared, Status
from .status import STATUS_OF, STATUS_WORD
from .text import TITLE_END, Line, is_date_line

YMD = tuple[int, int, int | None]

# A date with its characters possibly lost: "2025年7月16日", "20249月", "2025117日",
# "2025年716日", "2025728". Groups: year, 年, digits, 月, day digits, 日.
# The year has no digit before it; that is tested after its "19"/"20" (the look-behind then sees
# the character before them), so that the search skips to the next "1" or "2" instead of trying
# the pattern at every position.
DATE: Final = re.compile(r"((?:19|20)(?<!\d19|\d20)\d\d) ?(年?) ?(\d{1,4}) ?(月?) ?(\d{0,2}) ?(日|号)?")
# Dotted/dashed date: "2025.7.28", "2024-05-31", "2024/5" (no digit before the year, as above).
DOTTED_DATE: Final = re.compile(r"((?:19|20)(?<!\d19|\d20)\d\d)[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?(?![\d.])")
# A date in Chinese numerals, as official documents sign: "二〇二四年八月八日", "二○二四年八月".
CN_YEAR_DIGITS: Final = {c: i % 10 for i, c in enumerate("〇一二三四五六七八九○零")} | {"零": 0}
CN_DATE: Final = re.compile(
    r"([〇○零一二][〇○零一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?"
)
# End of a range without its year: "至11月", "至10月21日", "到2023年1月15日", "—7月2日".
RANGE_END: Final = re.compile(
    r" ?起?(?:至|到|~|～|—|－|-){1,2} ?(?:((?:19|20)\d\d) ?年)? ?(\d{1,2}) ?月 ?(?:(\d{1,2}) ?日)?"
)
# What RANGE_END and RANGE_END_DAY may start with: a space, 起 or a range mark.
RANGE_FIRST: Final = " 起至到~～—－-"
# Range end that only gives a day: "9月9日至15日".
RANGE_END_DAY: Final = re.compile(r" ?起?(?:至|到|~|～|—|－|-){1,2} ?(\d{1,2}) ?日")
# A month and day without the year: "6月14日".
MONTH_DAY: Final = re.compile(r"(?<![\d年])(\d{1,2}) ?月 ?(\d{1,2}) ?日")
# As-of phrase: "截至2024年5月31日", "截止到2025年7月".
AS_OF: Final = re.compile(r"截[至止](?:到|于)?\s?(?=(?:19|20)\d\d)")

# A subtitle in brackets after the title: "（社会公开稿）", "(公开稿)"; left out of the title.
SUBTITLE: Final = re.compile(r"\s?[（(][^（()）]{1,10}[)）]$")
# Inspection group: "县委第一巡察组", "市委第四巡察组", "市委巡察组", "省委第二巡视组", "区委巡察第二组".
INSPECTOR: Final = re.compile(
    r"(?:[省市县区州旗盟]委|自治区党委|党委|党组)?"
    r"(?:(?:第[一二三四五六七八九十\d]{0,3}|[一二三四五六七八九十]{1,3})?(?:巡察|巡视)(?:组|办)"
    r"|(?:巡察|巡视)第[一二三四五六七八九十\d]{1,3}组)"
)
# A number in a group's name ("第四", "二").
NUMBERED: Final = re.compile(r"[一二三四五六七八九十\d]")
# The organisation owning a Party committee's inspection group, right before it:
# "市卫生健康委", "县卫健局", "某集团公司" (a run of Han characters ending like an organisation).
OWNER: Final = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,14}?(?:委员会|委|局|厅|院|公司|集团|中心)$")
# Function words that may stand before the owner's name ("由", "经"): not part of it.
LEAD_WORDS: Final = "由经对向在据和与及将"
# Inspected organisation: "……巡察组对中共衡阳县人民医院委员会进行了巡察", "对X开展了常规巡察".
INSPECTED: Final = re.compile(
    r"对([^，,。；;：:对\s]{2,40}?)(?:进行|开展)了?(?:为期[^，,。]{1,12})?"
    r"(?:常规|专项|机动|提级|交叉|延伸|联动)?(?:巡察|巡视)"
)
# Feedback recipient: "向中共衡阳县人民医院委员会反馈了巡察意见", "向X党组反馈巡察情况".
RECIPIENT: Final = re.compile(r"向([^，,。；;：:向\s]{2,40}?)(?:进行了?|正式)?反馈")
# Party-organisation suffix: the form the gold prefers for the unit.
PARTY_SUFFIX: Final = re.compile(r"(?:党委|党组|委员会|党总支|党支部|党工委|总支部|支部)$")
# A unit named this short in the opening ("委党组", "院党委") is a reference to the full name.
SHORT_UNIT: Final = 4
# Parenthesised breakdown inside a counts sentence: "（含巡察交办的立行立改已办结1）", "(其中3个…)".
BREAKDOWN: Final = re.compile(r"[（(](?:含|包含|包括|其中)[^）)]{0,60}[）)]?")
# A count: "19个", "14 个", "十八项", "3条", "2件".
COUNT: Final = re.compile(rf"(\d{{1,4}}|[{CN_NUMERAL_CHARS}]{{1,4}}) ?(?:个|项|条|件)")
# A count right after a status phrase with the classifier lost: "已完成整改9(含…)".
STATUS_COUNT: Final = re.compile(rf"({STATUS_WORD.pattern}) ?(\d{{1,4}})(?![\d年月日%])")
# The problems counted: "19个问题", "18 个具体问题", "三方面18个反馈问题".
PROBLEM_COUNT: Final = re.compile(
    rf"(\d{{1,4}}|[{CN_NUMERAL_CHARS}]{{1,4}}) ?(?:个|项|条)(?:具体|反馈|巡察|整改|方面)?(?:问题|事项)"
)
# A sentence that states how many problems there are: "共…", "反馈…", "指出…", "需要整改的…".
TOTAL_CONTEXT: Final = re.compile(r"共|合计|总计|反馈|指出|涉及|梳理|需要整改|需整改|交办|公开")
SENTENCE_SPLIT: Final = re.compile(r"[。！!？?；;]")
CLAUSE_SPLIT: Final = re.compile(r"[，,；;。：:、！!？?]")


@dataclass
class DateToken:
    """A date found in the text, with every calendar reading it allows."""

    start: int
    end: int
    readings: list[YMD] = field(default_factory=list)

    def __init__(self, start: int, end: int, readings: list[YMD] | None = None) -> None:
        # written out: the generated __init__ stays interpreted in the compiled build
        self.start = start
        self.end = end
        self.readings = [] if readings is None else readings


# Days of each month in a common year (index 0 unused), as calendar.mdays.
MONTH_DAYS: Final = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (1990 <= y <= 2099 and 1 <= m <= 12):
        return False
    if d is None:
        return True
    # calendar.monthrange(y, m)[1], without the call into the interpreted calendar module
    last = 29 if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else MONTH_DAYS[m]
    return 1 <= d <= last


def _split_month_day(y: int, digits: str) -> list[YMD]:
    """Readings of month and day run together ("117" -> 1-17, 11-7)."""
    out: list[YMD] = []
    for i in (1, 2):
        m, d = digits[:i], digits[i:]
        if 1 <= len(d) <= 2 and _valid(y, int(m), int(d)):
            out.append((y, int(m), int(d)))
    return out


def _cn_date(m: re.Match[str]) -> YMD | None:
    y = int("".join(str(CN_YEAR_DIGITS[c]) for c in m.group(1)))
    mo = cn_to_int(m.group(2))
    d = cn_to_int(m.group(3)) if m.group(3) else None
    if mo is None or not _valid(y, mo, d):
        return None
    return (y, mo, d)


def find_dates(s: str) -> list[DateToken]:
    """Every date in ``s`` with its possible readings (empty readings are dropped)."""
    out: list[DateToken] = []
    # DOTTED_DATE and DATE both start with "19" or "20" (CN_DATE has 年): without these the
    # patterns cannot match, and ``in`` costs less than the patterns' scan
    year_digits = "20" in s or "19" in s
    if year_digits and ("." in s or "-" in s or "/" in s):
        for m in DOTTED_DATE.finditer(s):
            y, mo = int(m.group(1)), int(m.group(2))
            d = int(m.group(3)) if m.group(3) else None
            if _valid(y, mo, d):
                out.append(DateToken(m.start(), m.end(), [(y, mo, d)]))
    if "年" in s:
        cm = _next_cn_date(s, 0)
        while cm is not None:  # CN_DATE.finditer(s): its matches are never empty
            cn = _cn_date(cm)
            if cn is not None:
                out.append(DateToken(cm.start(), cm.end(), [cn]))
            cm = _next_cn_date(s, cm.end())
    if not year_digits:
        return out  # the CN_DATE tokens only, already in order
    dotted_starts = {i for t in out for i in range(t.start, t.end)}
    for m in DATE.finditer(s):
        if m.start() in dotted_starts:
            continue
        year, nian, digits, yue, day, ri = m.groups()  # one call rather than six
        y = int(year)
        readings: list[YMD] = []
        if yue:
            mo = int(digits)
            d = int(day) if day else None
            if _valid(y, mo, d):
                readings = [(y, mo, d)]
            elif _valid(y, mo, None):
                readings = [(y, mo, None)]
        elif ri or (not nian and not day and len(digits) in (3, 4) and not _year_or_digit_at(s, m.end())):
            readings = _split_month_day(y, digits + day)
        if readings:
            out.append(DateToken(m.start(), m.end(), readings))
    out.sort(key=lambda t: t.start)
    return out


def _next_cn_date(s: str, pos: int) -> re.Match[str] | None:
    """``CN_DATE.search(s, pos)``, trying the pattern only where it can match.

    A match has its 年 at offset 4, right after a Chinese numeral: the pattern (no anchor, no
    look-behind) is matched at each such place in order, the first success is the leftmost."""
    i = s.find("年", pos + 4)
    while i >= 0:
        if s[i - 1] in CN_YEAR_DIGITS:
            m = CN_DATE.match(s, i - 4)
            if m is not None:
                return m
        i = s.find("年", i + 1)
    return None


def _year_or_digit_at(s: str, i: int) -> bool:
    """Whether ``s[i : i + 1]`` is a digit (str.isdigit) or 年."""
    after = s[i : i + 1]
    return after.isdigit() or after == "年"


def fmt(d: YMD | None) -> str | None:
    """ISO form: "2025-07-28" or "2024-09" when the day is unknown."""
    if d is None:
        return None
    y, m, day = d
    year = str(y) if y >= 1000 else f"{y:04d}"  # a format spec costs more
    # an f-string of strings only is built at once, without the format machinery
    return f"{year}-{_two(m)}-{_two(day)}" if day else f"{year}-{_two(m)}"


# ``f"{n:02d}"`` for 0 to 99.
TWO_DIGITS: Final = tuple(f"{n:02d}" for n in range(100))


def _two(n: int) -> str:
    """``f"{n:02d}"``, looked up for the usual values."""
    if 0 <= n < 100:
        return TWO_DIGITS[n]
    return str(n) if n >= 10 else f"{n:02d}"


def _key(d: YMD) -> tuple[int, int, int]:
    return (d[0], d[1], d[2] or 0)


def resolve_dates(chain: list[list[YMD]]) -> list[YMD | None]:
    """Pick one reading per slot so that the slots are in chronological order.

    ``chain`` lists the readings of each slot in expected order (inspection start, end, feedback,
    as-of, signature); an empty list is a missing date. Unambiguous slots bound the ambiguous
    ones; among fitting readings the earliest is taken."""
    picked: list[YMD | None] = [r[0] if len(r) == 1 else None for r in chain]
    for i, readings in enumerate(chain):
        if len(readings) <= 1:
            continue
        lower = max((_key(p) for p in picked[:i] if p), default=(0, 0, 0))
        upper = min((_key(p) for p in picked[i + 1 :] if p), default=(9999, 99, 99))
        fitting = [r for r in readings if lower[:2] <= _key(r)[:2] and _key(r) <= upper]
        picked[i] = min(fitting or readings, key=_key)
    return picked


@dataclass
class Period:
    start: list[YMD]
    end: list[YMD]
    end_offset: int
    start_offset: int = 0

    def __init__(self, start: list[YMD], end: list[YMD], end_offset: int, start_offset: int = 0) -> None:
        # written out, as DateToken's
        self.start = start
        self.end = end
        self.end_offset = end_offset
        self.start_offset = start_offset


def find_period(s: str) -> Period | None:
    """The inspection period in a sentence: a date followed by a range end ("至11月")."""
    # the range patterns have no anchor or look-behind: matching at ``tok.end`` is matching the
    # rest of the sentence, without copying it (their end offsets are then absolute)
    for tok in find_dates(s):
        # both range patterns start with a space, 起 or a range mark: without one, neither is run
        c = s[tok.end : tok.end + 1]
        if not c or c not in RANGE_FIRST:
            continue
        m = RANGE_END.match(s, tok.end)
        y0, m0, _ = tok.readings[0]
        if m:
            y = int(m.group(1)) if m.group(1) else y0
            mo = int(m.group(2))
            d = int(m.group(3)) if m.group(3) else None
            if not m.group(1) and mo < m0:
                y += 1
            if _valid(y, mo, d):
                return Period(tok.readings, [(y, mo, d)], m.end(), tok.start)
        m2 = RANGE_END_DAY.match(s, tok.end)
        if m2 and _valid(y0, m0, int(m2.group(1))):
            return Period(tok.readings, [(y0, m0, int(m2.group(1)))], m2.end(), tok.start)
    return None


@dataclass
class Meta:
    title: str | None = None
    unit: str | None = None
    inspector: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    feedback_date: str | None = None
    report_date: str | None = None
    signature: str | None = None


def find_title(header: list[Line]) -> str | None:
    """The report title among the lines before the opening paragraph.

    A title ends with 通报/报告/情况…; a title printed over two lines is joined; a subtitle in
    brackets ("（社会公开稿）") is left out."""
    for i, line in enumerate(header):
        s = line.text
        # SUBTITLE ends with a closing bracket, at the end or before a final line break ($)
        if s.endswith("）") or s.endswith(")") or s.endswith("\n"):
            s = SUBTITLE.sub("", s)
        if len(s) > 80 or not s or not TITLE_END.search(s) or s[0] in "（(【[":
            continue
        parts = [s]
        j = i - 1
        while j >= 0 and len(header[j].text) <= 40 and header[j].no >= header[j + 1].no - 1:
            prev = header[j].text
            if any(c in prev for c in "。：:；;，,〔[") or TITLE_END.search(prev) or prev.endswith("号"):
                break
            if is_date_line(prev):
                break
            parts.insert(0, prev)
            j -= 1
        return "".join(parts)
    for line in header:
        if "关于" in line.text and len(line.text) <= 60 and "。" not in line.text:
            return line.text
    return None


def find_inspector(text: str) -> str | None:
    """The inspection group as named; a numbered form ("市委第四巡察组") beats a bare one.

    A group of an organisation below the Party committee keeps the organisation's name:
    "市卫生健康委党委第一巡察组"."""
    first: str | None = None
    m = _next_inspector(text, 0)
    while m is not None:  # INSPECTOR.finditer(text): its matches are never empty
        name = m.group(0)
        if not (name.endswith("办") or name in ("巡察组", "巡视组")):
            name = _with_owner(text, m.start(), name)
            if NUMBERED.search(name):
                return name
            if first is None:
                first = name
        m = _next_inspector(text, m.end())
    return first


# Longest text of INSPECTOR before its 巡察/巡视: "自治区党委" and "第" with three numerals.
INSPECTOR_LEAD: Final = 9
# What follows 巡 in every match of INSPECTOR: 察/视, then 组/办 or 第.
INSPECTOR_NEXT: Final = ("察组", "察办", "察第", "视组", "视办", "视第")


def _next_inspector(text: str, pos: int) -> re.Match[str] | None:
    """``INSPECTOR.search(text, pos)``, without trying the pattern where it cannot start.

    Every match holds a 巡 followed by INSPECTOR_NEXT at most INSPECTOR_LEAD characters after
    its start; so no match starts before the first such 巡 (at or after ``pos``) minus
    INSPECTOR_LEAD, and the search (no anchor, no look-behind in the pattern) starts there."""
    i = text.find("巡", pos)
    while i >= 0 and not text.startswith(INSPECTOR_NEXT, i + 1):
        i = text.find("巡", i + 1)
    if i < 0:
        return None
    return INSPECTOR.search(text, max(pos, i - INSPECTOR_LEAD))


def _with_owner(text: str, start: int, name: str) -> str:
    """``name`` with the organisation printed right before it ("市卫生健康委" + "党委第一巡察组")."""
    if not name.startswith(("党委", "党组")):
        return name
    m = OWNER.search(text, max(start - 16, 0), start)
    return m.group(0).lstrip(LEAD_WORDS) + name if m else name


def find_unit(opening: str, title: str | None) -> str | None:
    """The inspected Party organisation: "对X进行了巡察", preferring the form with a Party suffix
    used for the feedback recipient; else the part of the title before 关于."""
    inspected = INSPECTED.search(opening)
    recipient = RECIPIENT.search(opening)
    a = inspected.group(1) if inspected else None
    b = recipient.group(1) if recipient else None
    if a and a.startswith(("我", "本")):
        a = None
    if b and b.startswith(("我", "本")):
        b = None
    head = None
    if title and "关于" in title:
        head = title.split("关于", 1)[0].strip()
        if not 2 <= len(head) <= 40:
            head = None
    if a and b and not PARTY_SUFFIX.search(a) and PARTY_SUFFIX.search(b) and (b.startswith(a) or a in b):
        return b
    found = a or b
    if found and head and len(found) <= SHORT_UNIT and head.endswith(found) and len(head) > len(found):
        return head  # "向委党组反馈": the title names the unit in full
    return found or head


def find_feedback(opening: str, after: int, known: YMD | None = None) -> list[YMD]:
    """Readings of the date nearest before the first "反馈" after offset ``after``.

    A date without its year ("6月14日，巡察组向……反馈") takes the year of ``known`` (the end of
    the inspection), or the next one when its month comes earlier."""
    # each "反馈" (the phrase of a feedback sentence) in turn, by str.find
    at = opening.find("反馈", max(after, 0))
    while at >= 0:
        segment = opening[after:at]
        at = opening.find("反馈", at + 2)
        best: DateToken | None = None
        for tok in find_dates(segment):
            best = tok
        if best is not None:
            return best.readings
        if known is not None:
            month_day: re.Match[str] | None = None
            for md in MONTH_DAY.finditer(segment):
                month_day = md
            if month_day is not None:
                m, d = int(month_day.group(1)), int(month_day.group(2))
                y = known[0] + (1 if m < known[1] else 0)
                if _valid(y, m, d):
                    return [(y, m, d)]
    return []


def find_as_of(texts: list[str]) -> list[YMD]:
    """Readings of the first as-of date ("截至2024年5月31日") in ``texts``."""
    for s in texts:
        if "截" not in s:
            continue
        for m in AS_OF.finditer(s):
            toks = find_dates(s[m.end() : m.end() + 16])
            if toks and toks[0].start == 0:
                return toks[0].readings
    return []


def _count(s: str) -> int | None:
    v = number_value(s)
    return v


def find_declared(texts: list[str]) -> Declared | None:
    """Counts the text states in words: "共19个问题，已完成9个，阶段性完成9个，未完成1个"."""
    declared = Declared()
    for line in texts:
        if not has_count_hint(line):
            continue
        if "（" in line or "(" in line:  # BREAKDOWN starts with a bracket
            line = BREAKDOWN.sub("", line)
        for s in SENTENCE_SPLIT.split(line):
            if has_count_hint(s) and _sentence_counts(s, declared) and not declared.quote:
                declared.quote = s
    return None if declared.is_empty() else declared


def has_count_hint(s: str) -> bool:
    """Whether ``s`` may state a count: a number with a classifier ("9个"), or a number right
    after a status ("已完成整改9"). By str.find (tests/reports/test_fast_meta.py keeps the regex
    it replaces): a regex call costs more than the nine finds on the short lines asked about.

    A match is a classifier right after a numeral (a space between allowed), or a digit right
    after the end of a status phrase (a space between allowed). The nine finds are written out
    (a loop over a tuple iterates generically in the compiled build)."""
    return (
        _numeral_before(s, "个")
        or _numeral_before(s, "项")
        or _numeral_before(s, "条")
        or _numeral_before(s, "件")
        or _digit_after(s, "成")
        or _digit_after(s, "结")
        or _digit_after(s, "改")
        or _digit_after(s, "持")
        or _digit_after(s, "进")
    )


def _numeral_before(s: str, w: str) -> bool:
    """Whether an occurrence of ``w`` in ``s`` follows a numeral, or a space after one."""
    i = s.find(w, 1)
    while i >= 0:
        p = s[i - 1]
        if p in CN_NUMERAL_CHARS or _is_digit(p):
            return True
        if p == " " and i >= 2 and (s[i - 2] in CN_NUMERAL_CHARS or _is_digit(s[i - 2])):
            return True
        i = s.find(w, i + 1)
    return False


def _digit_after(s: str, w: str) -> bool:
    """Whether an occurrence of ``w`` in ``s`` is followed by a digit, or a space and a digit."""
    n = len(s)
    i = s.find(w)
    while 0 <= i < n - 1:
        p = s[i + 1]
        if _is_digit(p) or (p == " " and i + 2 < n and _is_digit(s[i + 2])):
            return True
        i = s.find(w, i + 1)
    return False


def _is_digit(c: str) -> bool:
    """Whether the character ``c`` matches the regex ``\\d`` (str.isdecimal), with the method
    call only outside ASCII and the CJK ideographs (which hold no decimal digit)."""
    o = ord(c)
    if o < 0x80:
        return 48 <= o <= 57
    if 0x4E00 <= o <= 0x9FFF:
        return False
    return c.isdecimal()


def _sentence_counts(s: str, declared: Declared) -> bool:
    """Fill ``declared`` from one sentence; True when it stated a count."""
    found = False
    about_problems = "问题" in s
    total_context = TOTAL_CONTEXT.search(s) is not None
    for clause in CLAUSE_SPLIT.split(s):
        if not clause:
            continue
        kinds = {STATUS_OF[m.group(0)] for m in STATUS_WORD.finditer(clause)}
        if len(kinds) == 1:
            n, total = _clause_count(clause)
            if n is not None:
                key = _declared_key(next(iter(kinds)))
                if getattr(declared, key) is None:
                    setattr(declared, key, n)
                    found = True
            if total is not None and total >= 2 and declared.total is None:
                declared.total = total
            continue
        if kinds:
            continue
        n = _total_count(clause, about_problems)
        if n is not None and n >= 2 and declared.total is None and total_context:
            declared.total = n
            found = True
    return found


def _declared_key(status: Status) -> str:
    return status.value


def _clause_count(clause: str) -> tuple[int | None, int | None]:
    """(count of the clause's status, total stated before it) for one counting clause.

    "已完成整改9" / "阶段性完成9个" / "14个问题已整改完成" give the status count; in
    "反馈的10个问题已完成整改8个" the problems counted before the status word are the total."""
    word = STATUS_WORD.search(clause)
    if word is None:
        return None, None
    m = STATUS_COUNT.search(clause)
    if m:
        after: int | None = int(m.group(2))
    else:
        c = COUNT.search(clause, word.end())
        after = _count(c.group(1)) if c else None
    before_m = COUNT.search(clause[: word.start()])
    before = _count(before_m.group(1)) if before_m else None
    if after is None:
        return before, None
    total_m = PROBLEM_COUNT.search(clause[: word.start()])
    return after, (_count(total_m.group(1)) if total_m else None)


def _total_count(clause: str, about_problems: bool) -> int | None:
    m = PROBLEM_COUNT.search(clause)
    if m:
        return _count(m.group(1))
    if about_problems and "问题" in clause:
        c = COUNT.search(clause)
        if c and c.end() >= len(clause.rstrip()) - 1 and clause.find("问题") < c.start():
            return _count(c.group(1))
    return None
