"""体检: the consistency check of a published report (and, through ``zhenggai.ledger.health``, of
a ledger converted to a ``Report``).

``check_report(report)`` runs every rule and returns ``Finding``s sorted by severity and line.
Each rule is a small function ``(report) -> list[Finding]``; the codes are

- ``declared-mismatch``: the counts the text states in words disagree with the items' statuses
  (only what can be computed: items without a status widen the possible range instead of
  producing a claim);
- ``duplicate-measure``: the same or nearly the same measure under different problems
  (3-gram similarity, see ``checktext``);
- ``completed-but-ongoing``: an item marked completed whose own text says the work goes on or is
  only planned (see ``checktext.ONGOING_PATTERNS``);
- ``no-measures``: a problem without any rectification text;
- ``date-order``: inspection, feedback and report dates out of order, or a measure dated before
  the inspection began;
- ``numbering``: gaps, repeats, jumps and mixed styles in a heading sequence.

Never imports Django.
"""

from __future__ import annotations

import re
from collections import Counter

from .checktext import BOOK_TITLE, JACCARD_MIN, find_ongoing, prepare, quote_around, same_pairs
from .findings import (
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Finding,
    Severity,
    findings_json,
    format_findings,
    sort_findings,
)
from .labels import CIRCLED, number_value
from .model import DECLARED_KEYS, STATUS_LABELS, Problem, Report, Status


def check_report(report: Report) -> list[Finding]:
    """Every finding of every rule on ``report``, errors first, then by line."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(report))
    return sort_findings(findings)


def path_of(problem: Problem) -> str:
    return "".join(problem.path) or problem.title[:20]


def _clip(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- declared-mismatch -------------------------------------------------------------------------

DECLARED_WORDS = {
    "total": "问题总数",
    "completed": STATUS_LABELS[Status.COMPLETED],
    "partial": STATUS_LABELS[Status.PARTIAL],
    "in_progress": STATUS_LABELS[Status.IN_PROGRESS],
    "long_term": STATUS_LABELS[Status.LONG_TERM],
}
# 立行立改 items: done on the spot while the inspection was still on site.
IMMEDIATE = re.compile(r"立行立改")
# A 立行立改 count stated on its own ("已完成12个，立行立改3个"), not inside "（含立行立改1个）": then
# the completed count may or may not include them, and both readings are accepted.
SEPARATE_IMMEDIATE = re.compile(r"(?<![含括中])立行立改[^（()）]{0,8}?\d+\s?个")


def effective_status(problem: Problem) -> Status | None:
    """The problem's own status; else the one status all its measures share; else unknown."""
    if problem.status is not None:
        return problem.status
    statuses = {m.status for m in problem.measures}
    if len(statuses) == 1 and None not in statuses:
        return statuses.pop()
    return None


def check_declared(report: Report) -> list[Finding]:
    declared = report.declared
    if declared is None or declared.is_empty() or not report.problems:
        return []
    statuses = [effective_status(p) for p in report.problems]
    known = Counter(s for s in statuses if s is not None)
    unknown = statuses.count(None)
    immediate_done = sum(
        1
        for p, s in zip(report.problems, statuses, strict=True)
        if s == Status.COMPLETED and IMMEDIATE.search(f"{p.status_text or ''}{p.rectification}")
    )
    separate = bool(SEPARATE_IMMEDIATE.search(BOOK_TITLE.sub("", declared.quote)))
    out = []

    def finding(severity: Severity, title: str, message: str) -> Finding:
        return Finding(
            "declared-mismatch", severity, "", title, message, _clip(declared.quote, 120), declared.line
        )

    for key in DECLARED_KEYS[1:]:
        claimed = getattr(declared, key)
        if claimed is None:
            continue
        low = known[Status(key)]
        readings = [(low, low + unknown)]
        if key == "completed" and separate:
            readings.append((low - immediate_done, low - immediate_done + unknown))
        if any(lo <= claimed <= hi for lo, hi in readings):
            continue
        word = DECLARED_WORDS[key]
        counted = f"逐项标注为“{word}”的问题有 {low} 个"
        if unknown:
            counted += f"（另有 {unknown} 个问题未标注状态，最多 {low + unknown} 个）"
        out.append(
            finding(
                Severity.ERROR,
                f"声明的“{word}”数量与逐项状态不符",
                f"通报称{word} {claimed} 个，但{counted}。",
            )
        )
    if declared.total is not None and declared.total != len(report.problems):
        out.append(
            finding(
                Severity.WARNING,
                "声明的问题总数与逐项列出的问题数不符",
                f"通报称共 {declared.total} 个问题，但正文逐项列出了 {len(report.problems)} 个问题。",
            )
        )
    parts = [getattr(declared, k) for k in DECLARED_KEYS[1:] if getattr(declared, k) is not None]
    if declared.total is not None and parts and sum(parts) > declared.total:
        out.append(
            finding(
                Severity.ERROR,
                "声明的各状态数量之和超过问题总数",
                f"通报称共 {declared.total} 个问题，但各状态数量相加为 {sum(parts)} 个。",
            )
        )
    return out


# --- duplicate-measure -------------------------------------------------------------------------


def measure_texts(problem: Problem) -> list[str]:
    """The problem's measures, or its whole rectification text when it has no measures."""
    texts = [m.text for m in problem.measures if m.text.strip()]
    if not texts and problem.rectification.strip():
        texts = [problem.rectification]
    return texts


def check_duplicates(report: Report) -> list[Finding]:
    items = [
        (pi, mi, text) for pi, p in enumerate(report.problems) for mi, text in enumerate(measure_texts(p))
    ]
    by_pair: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for a, b, sim in same_pairs(prepare(items)):
        by_pair.setdefault((a.owner, b.owner), []).append((a.index, b.index, sim.jaccard))
    out = []
    for (pa, pb), pairs in sorted(by_pair.items()):
        first, second = report.problems[pa], report.problems[pb]
        texts_b = measure_texts(second)
        numbers = "、".join(f"第{ib + 1}条" for _, ib, _ in pairs)
        if all(j >= 0.999 for *_, j in pairs):
            how = "完全相同"
        elif all(j >= JACCARD_MIN for *_, j in pairs):
            how = "几乎相同"
        else:  # at least one measure was pasted whole into a longer one
            how = "大段重复"
        many = len(texts_b) > 1 or len(measure_texts(first)) > 1
        subject = f"整改措施（{numbers}）" if many else "整改措施"
        out.append(
            Finding(
                "duplicate-measure",
                Severity.WARNING,
                path_of(second),
                f"与{path_of(first)}的整改措施{how}",
                f"{path_of(second)}“{_clip(second.title, 30)}”的{subject}与{path_of(first)}"
                f"“{_clip(first.title, 30)}”的措施{how}"
                + ("（一条措施的文字整段出现在另一条中）" if how == "大段重复" else "")
                + "，疑为复制粘贴；请确认每个问题有针对性的措施。",
                _clip(texts_b[pairs[0][1]]),
                second.line,
                (pa, pb),
            )
        )
    return out


# --- completed-but-ongoing ---------------------------------------------------------------------


def check_ongoing(report: Report) -> list[Finding]:
    out = []
    for index, problem in enumerate(report.problems):
        if problem.status == Status.COMPLETED:
            # The problem's own rectification text, less measures that carry another status.
            texts = [m.text for m in problem.measures if m.status in (None, Status.COMPLETED)]
            texts = texts or ([problem.rectification] if not problem.measures else [])
            where = ("问题", problem.status_text or STATUS_LABELS[Status.COMPLETED])
        else:
            texts = []
        for text in texts:
            hit = find_ongoing(text)
            if hit is not None:
                out.append(_ongoing(problem, index, *where, hit.word, hit.quote))
                break
        if problem.status == Status.COMPLETED:
            continue  # its measures were read above
        for number, measure in enumerate(problem.measures, 1):
            if measure.status != Status.COMPLETED:
                continue
            hit = find_ongoing(measure.text)
            if hit is not None:
                marked = measure.status_text or STATUS_LABELS[Status.COMPLETED]
                out.append(_ongoing(problem, index, f"第{number}条措施", marked, hit.word, hit.quote))
    return out


def _ongoing(problem: Problem, index: int, what: str, marked: str, word: str, quote: str) -> Finding:
    return Finding(
        "completed-but-ongoing",
        Severity.WARNING,
        path_of(problem),
        f"标为“{marked}”，但文字显示工作仍在进行或尚待开展",
        f"{path_of(problem)}“{_clip(problem.title, 30)}”的{what}标为“{marked}”，"
        f"但其整改情况写有“{word}”：请核实是否已真正完成，或改标为阶段性完成/正在整改。",
        quote,
        problem.line,
        (index,),
    )


# --- no-measures -------------------------------------------------------------------------------


def check_no_measures(report: Report) -> list[Finding]:
    return [
        Finding(
            "no-measures",
            Severity.ERROR,
            path_of(p),
            "问题没有整改措施",
            f"{path_of(p)}“{_clip(p.title, 40)}”下没有任何整改情况或整改措施。",
            _clip(p.text or p.title),
            p.line,
            (i,),
        )
        for i, p in enumerate(report.problems)
        if not measure_texts(p)
    ]


# --- date-order --------------------------------------------------------------------------------

YMD = tuple[int, int, int | None]
ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# A dated action in measure text: "2025年1月22日", "2024年9月" (the day may be missing). A bare
# year ("2021年资金", "2023年度") names a period, not the date of an action, and is ignored.
MEASURE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月(?:\s?(\d{1,2})\s?[日号])?")
# After the date: a period or a range ("2019年7月至2022年6月", "2018年以来", "2023年6月前").
NOT_ACTION_AFTER = re.compile(r"^\s?(?:份)?\s?(?:以来|至今|至|到|—|－|-|~|～|前|期间|之前|底前)")
# Before the date: the end of a range ("至2022年6月").
NOT_ACTION_BEFORE = re.compile(r"(?:至|到|—|－|-|~|～)\s?$")


def parse_iso(value: str | None) -> YMD | None:
    m = ISO.match(value or "")
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None


def earlier(a: YMD, b: YMD) -> bool:
    """a before b, compared at the coarser of the two precisions (2024-09 is not before 2024-09-10)."""
    if a[2] is None or b[2] is None:
        return a[:2] < b[:2]
    return a < b


def fmt_ymd(d: YMD) -> str:
    return f"{d[0]}年{d[1]}月" + (f"{d[2]}日" if d[2] else "")


def check_dates(report: Report) -> list[Finding]:
    start, end = parse_iso(report.inspection_start), parse_iso(report.inspection_end)
    feedback, signed = parse_iso(report.feedback_date), parse_iso(report.report_date)
    out = []

    def meta(title: str, message: str) -> None:
        out.append(Finding("date-order", Severity.ERROR, "", title, message))

    if start and end and earlier(end, start):
        meta("巡察结束日期早于开始日期", f"巡察时间写作 {fmt_ymd(start)} 至 {fmt_ymd(end)}，结束早于开始。")
    if feedback and end and earlier(feedback, end):
        meta("反馈日期早于巡察结束", f"反馈日期 {fmt_ymd(feedback)} 早于巡察结束日期 {fmt_ymd(end)}。")
    if signed and feedback and earlier(signed, feedback):
        meta("通报日期早于反馈日期", f"通报落款日期 {fmt_ymd(signed)} 早于反馈日期 {fmt_ymd(feedback)}。")
    elif signed and end and not feedback and earlier(signed, end):
        meta("通报日期早于巡察结束", f"通报落款日期 {fmt_ymd(signed)} 早于巡察结束日期 {fmt_ymd(end)}。")
    # Measures taken while the group was still on site (边巡边改, 立行立改) are legitimate, so a
    # measure date is measured against the start of the inspection; only without a start date
    # is the feedback date the reference.
    reference, ref_name = (start, "巡察开始") if start else (feedback, "巡察反馈")
    if reference is None:
        return out
    for index, problem in enumerate(report.problems):
        for text in measure_texts(problem):
            hit = _early_date(text, reference)
            if hit is None:
                continue
            date, quote = hit
            out.append(
                Finding(
                    "date-order",
                    Severity.WARNING,
                    path_of(problem),
                    f"整改措施的日期早于{ref_name}",
                    f"{path_of(problem)}的整改措施写明 {fmt_ymd(date)}，早于{ref_name}日期 "
                    f"{fmt_ymd(reference)}；整改不可能早于巡察，请核实日期。",
                    quote,
                    problem.line,
                    (index,),
                )
            )
            break
    return out


def _early_date(text: str, reference: YMD) -> tuple[YMD, str] | None:
    masked = BOOK_TITLE.sub(lambda m: "□" * len(m.group(0)), text)
    for m in MEASURE_DATE.finditer(masked):
        if NOT_ACTION_AFTER.match(masked[m.end() :]) or NOT_ACTION_BEFORE.search(masked[: m.start()]):
            continue
        month = int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        date = (int(m.group(1)), month, day)
        if earlier(date, reference):
            return date, quote_around(text, m.start(), m.end())
    return None


# --- numbering ---------------------------------------------------------------------------------

_BRACKETS = "（()）"


def label_value(label: str) -> tuple[int, str] | None:
    """(value, style) of a printed or normalised label: "三"/"三、" → (3, "cn"), "（2）" →
    (2, "ar_paren"), "1"/"1." → (1, "ar"), "2）" → (2, "ar_half"), "③" → (3, "circled")."""
    s = label.strip().rstrip("、.．,，:：")
    if not s:
        return None
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1, "circled"
    opened = s[0] in "（("
    closed = s[-1] in "）)"
    core = s.strip(_BRACKETS).strip()
    value = number_value(core)
    if value is None:
        return None
    kind = "ar" if core.isdigit() else "cn"
    if opened and closed:
        return value, f"{kind}_paren"
    if closed:
        return value, f"{kind}_half"
    return value, kind


def normalise_label(label: str) -> str:
    """A ledger label in the report's path form: "一、" → "一", "(一)" → "（一）", "1." → "1"."""
    s = label.strip().rstrip("、.．,，:：").strip()
    if s[:1] in "（(" and s[-1:] in "）)":
        return f"（{s[1:-1].strip()}）"
    return s


def heading_entries(report: Report) -> list[tuple[tuple[str, ...], int]]:
    """Every numbered heading of the problem tree, each time it appears, with its line, in
    document order: a heading appears when a problem's path enters it, and every problem is
    its own entry (so two problems printed with the same number are both there). Labelled
    top-level sections (组织整改情况, 下一步打算) join the top-level sequence."""
    entries: list[tuple[tuple[str, ...], int]] = []
    previous: list[str] = []
    for problem in report.problems:
        for depth in range(1, len(problem.path)):
            if problem.path[:depth] != previous[:depth]:
                entries.append((tuple(problem.path[:depth]), problem.line))
        if problem.path:
            entries.append((tuple(problem.path), problem.line))
        previous = problem.path
    top = {key for key, _ in entries if len(key) == 1}
    entries.extend(((s.label,), s.line) for s in report.sections if s.label and (s.label,) not in top)
    return sorted(entries, key=lambda kv: (kv[1], len(kv[0])))


def check_numbering(report: Report) -> list[Finding]:
    return numbering_findings(heading_entries(report))


def numbering_findings(
    entries: list[tuple[tuple[str, ...], int]], top_may_start_later: bool = False
) -> list[Finding]:
    """Gaps, repeats, backward jumps and mixed styles among the children of each heading.

    A sequence may start at 1 or go on from where the previous heading's children of the same
    level stopped (reports that number problems 1–19 straight through their categories).
    ``top_may_start_later``: the top level may start anywhere (a ledger holds the report's
    problem sections "二、" "三、" but not its preamble "一、组织整改情况")."""
    groups: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for key, line in entries:
        groups.setdefault(key[:-1], []).append((key[-1], line))
    out = []
    last_at_depth: dict[int, int] = {}
    for parent, children in groups.items():
        where = "".join(parent)
        values = [(label, line, label_value(label)) for label, line in children]
        numbered = [(label, line, v) for label, line, v in values if v is not None]
        if not numbered:
            continue
        depth = len(parent)
        seen: dict[int, str] = {}
        previous: int | None = None
        for label, line, (value, _style) in numbered:
            path = where + label
            if value in seen:
                out.append(
                    _numbering(path, line, "编号重复", f"{where or '一级标题'}下的编号 {label} 出现了两次。")
                )
            elif previous is None:
                continued = last_at_depth.get(depth)
                free = top_may_start_later and depth == 0
                if value != 1 and not free and (continued is None or value != continued + 1):
                    expected = "1" if continued is None else f"1 或 {continued + 1}（接续上一部分）"
                    out.append(
                        _numbering(
                            path,
                            line,
                            "编号未从头开始",
                            f"{where or '一级标题'}下的第一个编号是 {label}，应为 {expected}。",
                        )
                    )
            elif value != previous + 1:
                if value > previous + 1:
                    missing = ", ".join(str(v) for v in range(previous + 1, value))
                    text = f"{where or '一级标题'}下编号从 {previous} 跳到 {value}，缺少 {missing}。"
                    out.append(_numbering(path, line, "编号跳号", text))
                else:
                    text = f"{where or '一级标题'}下编号从 {previous} 退回到 {value}。"
                    out.append(_numbering(path, line, "编号倒退", text))
            seen.setdefault(value, label)
            previous = value
        last_at_depth[depth] = previous if previous is not None else 0
        styles = Counter(v[1] for *_, v in numbered)
        if len(styles) > 1:
            main = styles.most_common(1)[0][0]
            odd = [(label, line) for label, line, v in numbered if v[1] != main]
            shown = "、".join(label for label, _ in odd)
            usual = next(label for label, _, v in numbered if v[1] == main)
            out.append(
                Finding(
                    "numbering",
                    Severity.INFO,
                    where + odd[0][0],
                    "编号样式不一致",
                    f"{where or '一级标题'}下的编号多数写作 {usual} 这样的样式，但 {shown} 的样式不同。",
                    shown,
                    odd[0][1],
                )
            )
    return out


def _numbering(path: str, line: int, title: str, message: str) -> Finding:
    return Finding("numbering", Severity.WARNING, path, title, message, path, line)


RULES = (check_declared, check_duplicates, check_ongoing, check_no_measures, check_dates, check_numbering)

__all__ = [
    "SEVERITY_LABELS",
    "SEVERITY_ORDER",
    "Finding",
    "Severity",
    "check_report",
    "findings_json",
    "format_findings",
    "sort_findings",
]
