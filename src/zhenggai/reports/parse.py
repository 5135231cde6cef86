"""Parse the text of a published 巡察整改 report into a ``Report``.

``parse_text`` never raises on a ``str``: text that is empty or is not a rectification report
gives an empty ``Report``. It runs in linear time (one pass over the lines, precompiled patterns
with bounded repetition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .labels import match_label
from .measures import enumerate_measures, split_measures
from .meta import (
    YMD,
    find_as_of,
    find_dates,
    find_declared,
    find_feedback,
    find_inspector,
    find_period,
    find_title,
    find_unit,
    fmt,
    resolve_dates,
)
from .model import Problem, Report, Section, Status
from .status import (
    STATUS_OF,
    STATUS_WORD,
    find_marker,
    find_marker_in,
    first_bracket,
    has_colon,
    line_status,
    status_of,
    strip_markers,
)
from .structure import Node, build_tree, problem_sections
from .text import (
    _F_CONTACT,
    _F_MEASURE,
    CONTACT,
    MEASURE_START,
    Line,
    _first_flags,
    clean_lines,
    first_sentence,
    is_date_line,
    rect_label,
    strip_end,
    unwrap,
)

# The closing appeal for public supervision: "欢迎广大干部群众对巡察整改落实情况进行监督。"
APPEAL: Final = re.compile(r"^欢迎.{0,40}监督")
# A note in brackets closing the document: "（此件公开发布）", "(公开方式：主动公开)".
BRACKETED_NOTE: Final = re.compile(r"[（(][^（()）]{1,20}[)）]")
# Signature and date on one line: "中共某医院委员会    2024年1月20日".
ORG_AND_DATE: Final = re.compile(r"([^\s。：:；;，,]{2,30})\s+((?:19|20)\d\d ?年 ?\d{1,2} ?月 ?\d{1,2} ?日)")
# A rectification label inside an item's line, after its statement: "……不到位。整改情况：……".
INLINE_RECT: Final = re.compile(
    r"[。；;！？!?）)]\s?(?:具体|主要)?(?:整改|落实)[^：:。；;，,]{0,10}?(?:情况|结果|成效|措施|进展|举措)"
    r"[^：:。；;，,]{0,6}?[:：]"
)
# Words that are a status only alone in a table's status column.
CELL_WORDS: Final = {"完成": Status.COMPLETED, "办结": Status.COMPLETED, "进行中": Status.IN_PROGRESS}
# A "problem" tag before the statement: "问题：……", "反馈问题1：……", "存在问题：……".
TITLE_PREFIX: Final = re.compile(r"^(?:反馈|存在|具体)?问题[一二三四五六七八九十\d]{0,3}\s?[：:]\s?")
# A full date glued to the end of a statement whose full stop was lost:
# "发展党员资料不规范2021年6月17日，内科支部……" — the title ends before the date.
RUN_ON_DATE: Final = re.compile(r"[\u4e00-\u9fff](?:19|20)\d\d年\d{1,2}月\d{1,2}日[，,]")
# The opening paragraph (who inspected whom, when) is short; longer text is not looked at.
OPENING_MAX: Final = 2000
# A "key：value" line such as "责任领导：张某" or "整改时限：2024年6月".
FIELD_LINE: Final = re.compile(r"[^：:。，,]{1,8}[：:]")
# An item's statement that reads as a heading: short, no sentence inside.
HEADING_LIKE_MAX: Final = 30
# The last characters of the status phrases, and the closing marks a tail marker may have after
# its phrase (besides 。 and spaces, which a first sentence never ends with).
TAIL_LAST_CHARS: Final = "".join(sorted({w[-1] for w in STATUS_OF})) + "；;."


def parse_text(text: object, doc: str | None = None) -> Report:
    """Parse the text of a rectification report (debris lines may still be in it).

    Returns a ``Report`` with metadata, declared counts, problems (path, categories, title,
    status, measures) and the non-problem sections, contact line and signature. A value that is
    not a ``str`` gives an empty report (typed ``object`` so that the compiled build, which checks
    argument types, accepts it too)."""
    report = Report(doc=doc)
    if not isinstance(text, str) or not text.strip() or not _of_genre(text):
        return report
    if "\r" in text:  # the replacements scan the whole text even when they have nothing to do
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = unwrap(clean_lines(text))
    if not lines:
        return report
    lines, closing, measure_first = _split_closing(lines, report)
    root = build_tree(lines)
    marked = False  # whether a line starting with an enumerated measure carries a marker
    for s in measure_first:
        if MEASURE_START.match(s) and find_marker(s):
            marked = True
            break
    problems: list[Problem] = []
    counted: list[str] = [ln.text for ln in root.body]
    if root.body:
        report.sections.append(Section("", "", "\n".join(counted), root.body[0].no))
    for top, is_problems in zip(root.children, problem_sections(root), strict=True):
        if is_problems:
            _collect(top, [], problems, counted, _Context(_category_styles(top), marked))
        else:
            texts = [ln.text for ln in top.lines()]  # once for the section and the counted lines
            report.sections.append(
                Section(top.label.norm if top.label else "", top.text, "\n".join(texts), top.line)
            )
            counted.extend(texts)
    report.problems = _lift_single_markers(problems, marked)
    counted.extend(closing)
    report.declared = find_declared(counted)
    _metadata(report, root, lines, counted)
    return report


def _of_genre(text: str) -> bool:
    """The genre: a text that never names an inspection or a rectification (巡察, 巡视, 整改)
    is not a report. Three substring tests, which stop at the first occurrence (usually in the
    title), cost less than a regex scan for 巡 or 整."""
    return "巡察" in text or "巡视" in text or "整改" in text


def _lift_single_markers(problems: list[Problem], measure_marked: bool) -> list[Problem]:
    """A marker closing a problem's single, unenumerated rectification paragraph is the
    problem's, unless the report marks measures one by one (then it is that measure's)."""
    if measure_marked or any(sum(1 for m in p.measures if m.status) >= 2 for p in problems):
        return problems
    for p in problems:
        if len(p.measures) == 1 and p.measures[0].status is not None and p.status is None:
            m = p.measures[0]
            p.status, p.status_text = m.status, m.status_text
            m.status, m.status_text = None, None
    return problems


def _split_closing(lines: list[Line], report: Report) -> tuple[list[Line], list[str], list[str]]:
    """Take the contact lines, the appeal for supervision and the signature out of the flow.

    Returns the lines kept, the closing lines taken out, and the texts of the kept lines that
    start with a character of MEASURE_FIRST (in order), read while their first character is at
    hand."""
    kept: list[Line] = []
    closing: list[str] = []
    contacts: list[str] = []
    firsts: list[int] = []  # indices in ``kept`` of the lines starting with a MEASURE_FIRST
    for ln in lines:
        s = ln.text
        f = _first_flags(s)
        # a contact line starts with its label; an appeal may end with one ("……监督。联系电话：…")
        if s.startswith("欢迎"):
            if APPEAL.match(s):
                m = CONTACT.search(s) if len(s) <= 300 and ("：" in s or ":" in s) else None
                if m is not None:
                    contacts.append(s[m.start() :])
                closing.append(s)
                continue
        elif f & _F_CONTACT and len(s) <= 300 and ("：" in s or ":" in s) and CONTACT.match(s):
            contacts.append(s)
            closing.append(s)
            continue
        if f & _F_MEASURE:
            firsts.append(len(kept))
        kept.append(ln)
    n_kept = len(kept)
    if contacts:
        report.contact = "\n".join(contacts)
    # a bracketed note after the signature: "（此件公开发布）"
    trailer: list[Line] = []
    while kept and len(trailer) < 2 and BRACKETED_NOTE.fullmatch(kept[-1].text):
        trailer.insert(0, kept.pop())
    sig: list[str] = []
    if kept and is_date_line(kept[-1].text):
        sig = [kept.pop().text]
        prev = kept[-1].text if kept else ""
        if prev and len(prev) <= 40 and not any(c in prev for c in "。：:；;，,") and not _is_labelled(prev):
            sig.insert(0, kept.pop().text)
    elif kept:
        m = ORG_AND_DATE.fullmatch(kept[-1].text)
        if m is not None and not _is_labelled(m.group(1)):
            kept.pop()
            sig = [m.group(1), m.group(2)]
    if sig:
        report.signature = "\n".join(sig)
        closing.extend(sig)
    # the signature's lines were kept[len(kept) : n_kept - len(trailer)], now taken out
    cut, back = len(kept), n_kept - len(trailer)
    kept.extend(trailer)
    measure_first = [kept[i if i < cut else i - back + cut].text for i in firsts if i < cut or i >= back]
    return kept, closing, measure_first


def _is_labelled(s: str) -> bool:
    return match_label(s) is not None


def _category_styles(top: Node) -> set[str]:
    """Label styles that head categories (nodes with children) in this section.

    The nodes with children, in any order (a set is built): the leaves, most nodes, are not
    visited, and no generator is run."""
    out: set[str] = set()
    stack = [top] if top.children else []
    while stack:
        n = stack.pop()
        if n.label is not None:
            out.add(n.label.style)
        for c in n.children:
            if c.children:
                stack.append(c)
    return out


@dataclass
class _Context:
    cat_styles: set[str]  # label styles that head categories in this section
    measure_marked: bool  # the report gives enumerated measures their own status markers

    def __init__(self, cat_styles: set[str], measure_marked: bool) -> None:
        # written out: the generated __init__ stays interpreted in the compiled build
        self.cat_styles = cat_styles
        self.measure_marked = measure_marked


def _collect(
    node: Node,
    ancestors: list[Node],
    out: list[Problem],
    counted: list[str],
    ctx: _Context,
    path: list[str] | None = None,
    categories: list[str] | None = None,
) -> None:
    """Problems of the subtree of ``node``; ``path`` and ``categories`` are those of the
    ancestors (built once per heading rather than once per item)."""
    path = path or []
    categories = categories or []
    if node.children:
        counted.extend([ln.text for ln in node.body])  # a list comprehension: no generator object
        below = [*ancestors, node]
        below_path = [*path, node.label.norm] if node.label is not None else path
        below_categories = [*categories, _category(node.text)]
        for c in node.children:
            if c.children:
                _collect(c, below, out, counted, ctx, below_path, below_categories)
            elif (problem := _problem(c, below, ctx, below_path, below_categories)) is not None:
                out.append(problem)  # an item (the leaves are most nodes: no call of _collect)
        return
    problem = _problem(node, ancestors, ctx, path, categories)
    if problem is not None:
        out.append(problem)


def _inherited(node: Node, ancestors: list[Node]) -> tuple[Status, str] | None:
    if node.context is not None:
        return node.context
    for a in reversed(ancestors):
        if a.status is not None:
            return a.status
        if a.context is not None:
            return a.context
    return None


def _title(statement: str, first: str | None = None, bracket_at: int = 0) -> str:
    """The problem's title from the first line of its statement; ``first`` is that line's first
    sentence when the caller has it already; ``bracket_at`` is the offset of the line's first
    opening bracket (first_bracket), -1 for none, when the caller has it (0 claims nothing)."""
    # TITLE_PREFIX's only places (find with an end: startswith with a start is not native)
    if statement.startswith("问题") or statement.find("问题", 2, 4) == 2:
        statement = TITLE_PREFIX.sub("", statement, count=1)
        first = None  # of the line before the prefix was taken off
        bracket_at = 0  # nor is the offset of the bracket that line's
    about = _about_title(statement) if statement.startswith("关于") else None
    if about is not None:
        return about.strip()
    sentence = first if first is not None else first_sentence(statement)[0]
    # A sentence that starts the line holds a bracket only if the line's first one is within its
    # length. Without a bracket, strip_markers can only take off a tail marker, whose phrase
    # ends the text or comes before trailing "；;." (the sentence, stripped, has no 。 and no
    # trailing space): a sentence ending otherwise is returned as sentence.strip(), itself.
    if sentence and (
        0 <= bracket_at < len(sentence)
        or sentence[-1] in TAIL_LAST_CHARS
        or not statement.startswith(sentence)
    ):
        sentence = strip_markers(sentence)
    cut = _run_on_date(sentence) if "日" in sentence else -1
    if cut >= 3:
        sentence = sentence[: cut + 1]
    return strip_end(sentence)


# The quotation marks that open the quoted title of "关于“X”……" (the closing ones are rfound).
ABOUT_OPEN: Final = '“"「『'


def _about_title(s: str) -> str | None:
    """The title X of "关于“X”问题的整改" / "关于“X”的问题" / "关于“X”的整改情况", or None, for
    ``s`` starting with 关于: what ``^关于\\s?[“"「『](.+)[”"」』]\\s?(?:的)?\\s?(?:问题|整改)``
    captures (tests/reports/test_fast_meta.py keeps it), by hand: the regex's greedy ``.+`` runs
    to the end of the line and backtracks character by character.

    After 关于, an optional space (str.isspace is the set \\s matches) and an opening mark, the
    title is the longest run (not empty, no line break) up to a closing mark that the
    ending ``\\s?(?:的)?\\s?(?:问题|整改)`` follows: the closing marks are tried from the last
    one before the line's end backwards, as the regex's backtracking does. The ending's parts
    (space, 的, 问/整) exclude each other, so matching it greedily decides it."""
    n = len(s)
    q = 2
    if q < n and s[q].isspace():
        q += 1
    if q >= n or s[q] not in ABOUT_OPEN:
        return None
    line_end = s.find("\n", q + 1)
    end = n if line_end < 0 else line_end
    lo = q + 2  # the title holds a character at least
    while True:
        # the last closing mark in s[lo:end]
        j = s.rfind("”", lo, end)
        k = s.rfind('"', j + 1 if j >= lo else lo, end)
        if k > j:
            j = k
        k = s.rfind("」", j + 1 if j >= lo else lo, end)
        if k > j:
            j = k
        k = s.rfind("』", j + 1 if j >= lo else lo, end)
        if k > j:
            j = k
        if j < lo:
            return None
        if _about_ending(s, j + 1):
            return s[q + 1 : j]
        end = j


def _about_ending(s: str, k: int) -> bool:
    """Whether ``\\s?(?:的)?\\s?(?:问题|整改)`` matches at ``k``."""
    n = len(s)
    if k < n and s[k].isspace():
        k += 1
    if k < n and s[k] == "的":
        k += 1
        if k < n and s[k].isspace():
            k += 1
    elif k < n and s[k].isspace():
        k += 1
    return s.find("问题", k, k + 2) == k or s.find("整改", k, k + 2) == k


def _run_on_date(s: str) -> int:
    """Start of RUN_ON_DATE.search(s), or -1: the pattern is matched only where its 年 can be.

    A match has a 年 at offset 5 (after a Han character, "19"/"20" and two digits), so the
    first 年 such that the pattern (no anchor, no look-behind) matches five characters before it
    gives the leftmost match."""
    i = s.find("年", 5)
    while i >= 0:
        if RUN_ON_DATE.match(s, i - 5) is not None:
            return i - 5
        i = s.find("年", i + 1)
    return -1


def _problem(
    node: Node, ancestors: list[Node], ctx: _Context, path_above: list[str], categories_above: list[str]
) -> Problem | None:
    label = node.label
    if label is None:
        return None
    path = [*path_above, label.norm]
    categories = [*categories_above, node.category] if node.category else list(categories_above)
    head = node.text
    body = node.body  # read only: _status_lines returns it or a new list
    if not head and body:
        head = body[0].text
        body = body[1:]
    line_st, body = _status_lines(body, ctx.measure_marked)
    rect_at, rect_end = node.rect_at, node.rect_end
    if line_st is not None or len(body) < len(node.body):
        rect_at = None
        for i, ln in enumerate(body):
            m = rect_label(ln.text)
            if m is not None:
                rect_at, rect_end = i, m.end()
                break
    status: tuple[Status, str] | None = None
    first: str | None = None  # the first sentence of ``statement`` (a line), when known
    bracket_at = 0  # the statement's first opening bracket, -1 for none, when known (0: not)
    if rect_at is not None:
        before = body[:rect_at] if rect_at else []  # the label on the first line: no slice
        if (
            before
            and label.style in ctx.cat_styles
            and len(head) <= HEADING_LIKE_MAX
            and "。" not in head.rstrip("。")
            and find_marker(head) is None
            and not FIELD_LINE.match(before[0].text)
        ):
            # a category heading with one unnumbered problem line under it
            categories.append(_category(head))
            head = before[0].text
            before = before[1:]
        statement = "\n".join([head, *[ln.text for ln in before]]) if before else head
        # find_marker(statement), with the bracket test made here: the title needs it too
        bracket_at = first_bracket(statement)
        status = find_marker_in(statement, bracket_at >= 0, True)
        rect_lines = [body[rect_at].text[rect_end:].strip()]  # the text after the label
        for i in range(rect_at + 1, len(body)):  # no generator object
            rect_lines.append(body[i].text)
        rect = "\n".join(rect_lines)
    elif ("：" in head or ":" in head) and (inline := INLINE_RECT.search(head)) is not None:
        # "问题。（已完成）整改情况：一是……" on one line (the label ends with a colon)
        statement = head[: inline.start() + 1]
        status = find_marker(statement)
        rect = "\n".join([head[inline.end() :].strip(), *(ln.text for ln in body)]).strip()
    else:
        statement = head
        sentence, rest = first_sentence(head)
        first = sentence  # a line has no line break: _title takes it whole
        # the sentence is part of the head: no bracket (colon) in the head, none in it
        bracket_at = first_bracket(head)
        brackets, colons = bracket_at >= 0, has_colon(head)
        status = find_marker_in(sentence, brackets, colons)
        lead = _leading_marker(rest) if rest else None
        if lead is not None:
            status, rest = lead[0], lead[1]
        if rest and enumerate_measures(rest):
            # measures inline after the statement: "问题。一是……；二是……"
            rect = "\n".join([rest, *(ln.text for ln in body)]).strip()
        elif body:
            # the whole line states the problem; the measures follow on their own lines
            status = find_marker_in(head, brackets, colons) or status
            rect = "\n".join([ln.text for ln in body])
        else:
            status = find_marker_in(head, brackets, colons) or status
            rect = strip_markers(rest)
    if status is None:
        status = line_st
    if node.cell_status is not None:
        cell = _cell_status(node.cell_status)
        if cell is not None:
            status = cell
    if status is None:
        status = _inherited(node, ancestors)
    if first is not None:
        title = _title(statement, first, bracket_at)
    else:
        nl = statement.find("\n")  # the first line, without splitting the whole statement
        title = _title(statement if nl < 0 else statement[:nl], None, bracket_at)
    if not title:
        return None
    measures = split_measures(_taken(rect), node.line)
    # positional, in the field order (path, categories, title, status, status_text, measures,
    # text, rectification, line): a call with keywords costs more, once per problem
    if status is None:
        return Problem(path, categories, title, None, None, measures, statement, rect, node.line)
    return Problem(path, categories, title, status[0], status[1], measures, statement, rect, node.line)


def _taken(rect: str) -> str:
    """The measures taken: the rectification text before a paragraph of next steps
    ("下一步推进措施：……", "下一步，我院将……"), which plans rather than reports."""
    at = _next_steps_at(rect)
    if at < 0 or not rect[:at].strip():
        return rect
    return rect[:at]


def _next_steps_at(rect: str) -> int:
    """Start of the first paragraph of next steps (a line starting with 下一步, 下步 or 今后)
    after the first line of ``rect``, or -1; by str.find: each line break in turn, with the
    words looked for right after it (a find bounded to their length)."""
    i = rect.find("\n")
    while i >= 0:
        j = i + 1
        if (
            rect.find("下一步", j, j + 3) == j
            or rect.find("下步", j, j + 2) == j
            or rect.find("今后", j, j + 2) == j
        ):
            return i
        i = rect.find("\n", j)
    return -1


def _status_lines(body: list[Line], measure_marked: bool) -> tuple[tuple[Status, str] | None, list[Line]]:
    """Take out the lines that state only a status ("整改进展：已完成整改。").

    Such a line gives the problem's status, unless the report marks its measures one by one
    (then it is the marker of the measure on the line before, cut off by a line break).
    ``body`` itself is returned when no line is taken out (it is not changed)."""
    found: tuple[Status, str] | None = None
    kept: list[Line] | None = None  # a new list from the first status line on
    for i, ln in enumerate(body):
        st = line_status(ln.text) if len(ln.text) <= 30 else None
        if st is None:
            if kept is not None:
                kept.append(ln)
            continue
        if kept is None:
            kept = body[:i]
        if measure_marked and kept and kept[-1].text[-1] not in "：:" and find_marker(kept[-1].text) is None:
            kept[-1] = Line(kept[-1].no, kept[-1].text + ln.text)
        else:
            found = st
    return found, body if kept is None else kept


def _category(text: str) -> str:
    return text.strip().removesuffix("。").strip()


# A marker right after the statement's first sentence: "……不合理。已完成整改" / "……。（已完成）一是……".
LEADING_MARKER: Final = re.compile(
    rf"^\s?[（(【\[]?\s?(?:整改(?:状态|进展|情况)\s?[:：]\s?)?({STATUS_WORD.pattern})\s?[)）】\]]?\s?(?:[。；;]|$)"
)


def _leading_marker(rest: str) -> tuple[tuple[Status, str], str] | None:
    m = LEADING_MARKER.match(rest)
    if m is None:
        return None
    st = status_of(m.group(1))
    if st is None:
        return None
    return (st, m.group(1)), rest[m.end() :].strip()


def _cell_status(cell: str) -> tuple[Status, str] | None:
    """Status in a table's status column ("已完成", "阶段性完成", a bare "完成")."""
    m = STATUS_WORD.search(cell)
    if m is not None:
        st = status_of(m.group(0))
        return (st, m.group(0)) if st else None
    word = cell.strip().rstrip("。")
    st = CELL_WORDS.get(word)
    return (st, word) if st else None


def _metadata(report: Report, root: Node, lines: list[Line], counted: list[str]) -> None:
    header = _header(root)
    report.title = find_title(header)
    # list comprehensions: join takes a list without building it from a generator object
    opening = "".join([ln.text for ln in root.body if "巡" in ln.text]) or "".join(
        [ln.text for ln in lines[:10] if "巡" in ln.text]
    )
    opening = opening[:OPENING_MAX]
    report.unit = find_unit(opening, report.title)
    if report.unit is None and report.signature and "\n" in report.signature:
        report.unit = report.signature.split("\n", 1)[0]  # the organisation that signs
    report.inspector = find_inspector(opening) or find_inspector(
        "".join([ln.text for ln in lines[:30]])[: OPENING_MAX * 4]
    )
    period = find_period(opening)
    start: list[YMD] = period.start if period else []
    end: list[YMD] = period.end if period else []
    feedback = find_feedback(opening, period.end_offset if period else 0, end[0] if end else None)
    if not feedback and period is not None:
        # "于2024年6月14日向我院反馈了2024年3月至5月的巡察意见": the feedback comes first
        feedback = find_feedback(opening[: period.start_offset], 0)
    as_of = find_as_of(counted)
    sig: list[YMD] = []
    if report.signature:
        toks = find_dates(report.signature.split("\n")[-1].replace(" ", ""))
        sig = toks[0].readings if toks else []
    picked = resolve_dates([start, end, feedback, as_of, sig])
    report.inspection_start = fmt(picked[0])
    report.inspection_end = fmt(picked[1])
    report.feedback_date = fmt(picked[2])
    report.report_date = fmt(picked[4]) or fmt(picked[3])


def _header(root: Node) -> list[Line]:
    """Lines before the opening paragraph (where the title is)."""
    out: list[Line] = []
    for ln in root.body:
        if len(ln.text) > 80 or ln.text.startswith(("根据", "按照", "为", "依据")):
            break
        out.append(ln)
    return out
