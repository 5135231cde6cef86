"""Render a ``Report`` as a 通报 in the standard structure: plain text, HTML and .docx.

The structure is what units publish (and what ``parse_text`` reads back):

    <单位>关于巡察整改进展情况的通报
    根据…统一部署，<period>，<巡察组>对<单位>进行了巡察。<date>，<巡察组>向<单位>反馈了巡察意见。…
    一、组织整改情况            (Report.sections before the problems; the counts sentence closes it)
    截至X，巡察反馈问题需要向社会公开的N个，已完成整改a个（含立行立改k个），阶段性完成b个，…
    二、巡察反馈问题整改进展情况  (the problems' paths and categories give every heading)
    （一）<category>
    1.<title>。<description>（已完成整改）
    整改情况：一是…（已完成）；二是…（正在整改）。
    三、下一步工作打算            (Report.sections after the problems)
    欢迎广大干部群众…监督。… / contact / signature and date

The counts sentence is computed from the items, never copied from ``Report.declared``, so it
always agrees with them. A completed problem whose status text names 立行立改 (the ledger writes
"立行立改已办结") is counted among the completed ones and mentioned: "已完成整改9个（含立行立改1个）".

``blocks(report)`` gives the document as a list of ``Block``s; the three renderers only lay them
out (the .docx one lives in render_docx.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .labels import CN_NUMERAL_CHARS, cn_to_int
from .meta import find_declared
from .model import STATUS_LABELS, Problem, Report, Section, Status
from .status import STATUS_OF, find_marker, strip_markers
from .text import MEASURE_START

PUBLIC = "public"
PARTY = "party"
SCOPES = (PUBLIC, PARTY)

# Status markers printed after a measure (s001's form: "（已完成）", "（基本完成）").
MEASURE_LABELS: dict[Status, str] = {
    Status.COMPLETED: "已完成",
    Status.PARTIAL: "阶段性完成",
    Status.IN_PROGRESS: "正在整改",
    Status.LONG_TERM: "长期坚持",
}
IMMEDIATE = "立行立改"
# The heading of the problems' section when a Report has problems without any path.
PROBLEMS_HEADING = "巡察反馈问题整改进展情况"
APPEAL = "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。"
# An enumerator or label at the start of a measure text kept from an import ("一是", "1.", "（2）").
MEASURE_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}是[，,：:]?|[①-⑳]|第[一二三四五六七八九十]{1,3}[，,、]"
    r"|\d{1,2}\s?[.．、](?!\d)|[（(]\d{1,2}[)）]|\d{1,2}[)）])\s*"
)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
# "市委第一巡察组" → "市委": who deployed the inspection, for "根据市委统一部署".
DEPLOYER = re.compile(r"^(.{2,40}?)第[一二三四五六七八九十\d]{1,3}巡[察视]组$")
END_PUNCTUATION = "。；;，,、 \u3000"
# Characters XML 1.0 (so .docx and XHTML) cannot hold; text pasted from Word may carry \x0b.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Block:
    """One paragraph of the document.

    kind: title · opening · h1 (一、) · h2 (（一）) · h3 (1.) · body · problem · signature.
    For a problem line, ``lead`` is the label and title (bold in .docx) and ``text`` the rest."""

    kind: str
    text: str
    lead: str = ""

    @property
    def full(self) -> str:
        return self.lead + self.text


@dataclass
class Counts:
    """Problems by status, as the counts sentence states them."""

    total: int = 0
    completed: int = 0
    immediate: int = 0
    partial: int = 0
    in_progress: int = 0
    long_term: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def count_problems(problems: Iterable[Problem]) -> Counts:
    """Counts of ``problems`` by status; ``immediate`` = completed ones marked 立行立改."""
    counts = Counts()
    for p in problems:
        counts.total += 1
        if p.status is None:
            continue
        setattr(counts, p.status.value, getattr(counts, p.status.value) + 1)
        if p.status == Status.COMPLETED and IMMEDIATE in (p.status_text or ""):
            counts.immediate += 1
    counts.by_status = {s.value: getattr(counts, s.value) for s in Status}
    return counts


def format_date(value: str | None) -> str:
    """ "2025-07-16" → "2025年7月16日", "2024-09" → "2024年9月"; other text as it is."""
    if not value:
        return ""
    m = ISO_DATE.match(value)
    if m is None:
        return value
    text = f"{int(m.group(1))}年{int(m.group(2))}月"
    return text + (f"{int(m.group(3))}日" if m.group(3) else "")


def counts_sentence(report: Report, scope: str = PUBLIC) -> str:
    """ "截至X，巡察反馈问题需要向社会公开的N个，已完成整改a个，阶段性完成b个，正在整改c个，长期坚持d个。" """
    c = count_problems(report.problems)
    head = f"截至{format_date(report.report_date)}，" if report.report_date else "目前，"
    what = "巡察反馈问题需要向社会公开的" if scope == PUBLIC else "巡察反馈问题共"
    completed = f"已完成整改{c.completed}个" + (f"（含{IMMEDIATE}{c.immediate}个）" if c.immediate else "")
    return (
        f"{head}{what}{c.total}个，{completed}，阶段性完成{c.partial}个，"
        f"正在整改{c.in_progress}个，长期坚持{c.long_term}个。"
    )


def _printed_label(label: str) -> str:
    """Path labels are bare ("二", "（一）", "1"); print them as headings do: 二、（一）1."""
    if label and all(ch in CN_NUMERAL_CHARS for ch in label):
        return f"{label}、"
    if label.isdigit():
        return f"{label}."
    return label


def _label_value(label: str) -> int | None:
    return cn_to_int(label) if label and all(ch in CN_NUMERAL_CHARS for ch in label) else None


def _opening(report: Report, scope: str) -> str:
    unit = report.unit or "我单位"
    inspector = report.inspector or "巡察组"
    m = DEPLOYER.match(inspector)
    deployer = m.group(1) if m else "上级党组织"
    start, end = format_date(report.inspection_start), format_date(report.inspection_end)
    when = f"{start}至{end}，" if start and end else f"{start or end}，" if start or end else ""
    text = f"根据{deployer}统一部署，{when}{inspector}对{unit}进行了巡察。"
    if report.feedback_date:
        text += f"{format_date(report.feedback_date)}，{inspector}向{unit}反馈了巡察意见。"
    if scope == PUBLIC:
        return text + "按照巡察工作有关要求，现将巡察整改进展情况予以公布。"
    return text + "按照巡察工作有关要求，现将巡察整改进展情况通报如下。"


def _section_lines(section: Section) -> list[str]:
    lines = [line.strip() for line in section.text.splitlines() if line.strip()]
    own_heading = f"{_printed_label(section.label)}{section.heading}".strip()
    if lines and lines[0].replace(" ", "") == own_heading.replace(" ", ""):
        lines = lines[1:]
    # A counts sentence kept from a parsed report: the renderer prints its own, from the items.
    return [line for line in lines if find_declared([line]) is None]


def _marker(status: Status | None, status_text: str | None, labels: dict[Status, str]) -> str:
    """ "（已完成整改）": the report's own words when they state the same status."""
    if status is None:
        return ""
    word = status_text if status_text and STATUS_OF.get(status_text) == status else labels[status]
    return f"（{word}）"


def clean_measure(text: str) -> str:
    """A measure's text without its enumerator, status marker and closing punctuation (a ledger
    imported from a report keeps "一是…（已完成）；")."""
    text = " ".join(text.split())
    text = MEASURE_PREFIX.sub("", text, count=1)
    if find_marker(text) is not None:
        text = strip_markers(text)
    return text.rstrip(END_PUNCTUATION)


def _clean_title(text: str) -> str:
    text = " ".join(text.split())
    if find_marker(text) is not None:
        text = strip_markers(text)
    return text.rstrip(END_PUNCTUATION)


def _measures_text(problem: Problem) -> str:
    parts = []
    many = len(problem.measures) > 1
    texts = [clean_measure(m.text) or "已按要求整改" for m in problem.measures]
    # Measures that enumerate their own steps (一是…二是… inside) are numbered ①②, as s000 does,
    # so the parser counts the outer items only.
    nested = many and any(MEASURE_START.search(t) for t in texts)
    for i, (measure, text) in enumerate(zip(problem.measures, texts, strict=True), 1):
        prefix = (chr(0x2460 + i - 1) if nested and i <= 20 else f"{_cn_number(i)}是") if many else ""
        parts.append(f"{prefix}{text}{_marker(measure.status, measure.status_text, MEASURE_LABELS)}")
    return "整改情况：" + "；".join(parts) + "。"


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _problem_blocks(report: Report) -> list[Block]:
    out: list[Block] = []
    previous: list[tuple[str, str]] = []
    for problem in report.problems:
        path = list(problem.path) or ["二"]
        # Normally one category per enclosing level; a heading with one unnumbered problem line
        # under it lists as many categories as labels (then the problem line has no label).
        own_label = path[-1] if len(path) > len(problem.categories) else ""
        headings = list(zip(path, problem.categories, strict=False))
        if not problem.path:
            headings = [("二", PROBLEMS_HEADING)]
        for depth, heading in enumerate(headings):
            if previous[: depth + 1] == headings[: depth + 1]:
                continue  # the same heading chain as the previous problem's, down to here
            kind = ("h1", "h2", "h3")[min(depth, 2)]
            out.append(Block(kind, f"{_printed_label(heading[0])}{heading[1].strip()}"))
        previous = headings
        title = _clean_title(problem.title) or "（未填写问题）"
        statement = " ".join(problem.text.split()) if problem.text else ""
        rest = ""
        if statement and statement != title:
            rest = _clean_title(strip_markers(statement)) if find_marker(statement) else statement
            rest = rest.removeprefix(title).lstrip("。；;，, ")
            rest = rest.rstrip(END_PUNCTUATION)
        lead = f"{_printed_label(own_label)}{title}。"
        tail = (f"{rest}。" if rest else "") + _marker(problem.status, problem.status_text, STATUS_LABELS)
        out.append(Block("problem", tail, lead=lead))
        if problem.measures:
            out.append(Block("body", _measures_text(problem)))
    return out


def blocks(report: Report, scope: str = PUBLIC) -> list[Block]:
    """The document as paragraphs, in order (shared by the text, HTML and .docx renderers)."""
    unit = report.unit or "我单位"
    title = report.title or f"{unit}关于巡察整改进展情况的通报"
    out = [Block("title", title), Block("opening", _opening(report, scope))]
    top = [_label_value(p.path[0]) if p.path else 2 for p in report.problems]
    first = min((v for v in top if v is not None), default=2)
    sections = [s for s in report.sections if s.label or s.heading]
    before = [s for s in sections if (_label_value(s.label) or 99) < first]
    after = [s for s in sections if s not in before]
    for section in before:
        out.append(Block("h1", f"{_printed_label(section.label)}{section.heading}"))
        out.extend(Block("body", line) for line in _section_lines(section))
    out.append(Block("body", counts_sentence(report, scope)))
    out.extend(_problem_blocks(report))
    for section in after:
        out.append(Block("h1", f"{_printed_label(section.label)}{section.heading}"))
        out.extend(Block("body", line) for line in _section_lines(section))
    if scope == PUBLIC:
        out.append(Block("body", APPEAL))
    if report.contact:
        contact = " ".join(report.contact.split())
        out.append(Block("body", contact if "：" in contact or ":" in contact else f"联系方式：{contact}"))
    signature = report.signature or "\n".join(x for x in (unit, format_date(report.report_date)) if x)
    out.extend(Block("signature", line.strip()) for line in signature.splitlines() if line.strip())
    for block in out:
        block.text, block.lead = NOT_XML.sub("", block.text), NOT_XML.sub("", block.lead)
    return out


def render_text(report: Report, scope: str = PUBLIC) -> str:
    """The 通报 as plain text: one paragraph per line, a blank line between paragraphs."""
    return "\n\n".join(b.full for b in blocks(report, scope)) + "\n"


HTML_TAGS = {
    "title": "h1",
    "opening": "p",
    "h1": "h2",
    "h2": "h3",
    "h3": "h4",
    "body": "p",
    "problem": "p",
    "signature": "p",
}

HTML_STYLE = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "仿宋", FangSong, serif; font-size: 16pt; line-height: 28pt;
       max-width: 156mm; margin: 2em auto; color: #000; background: #fff; }
h1 { font-family: "方正小标宋简体", "黑体", SimHei, sans-serif; font-size: 22pt; font-weight: normal;
     text-align: center; line-height: 1.4; margin: 0 0 28pt; }
h2, h3, h4 { font-size: 16pt; margin: 0; text-indent: 2em; }
h2 { font-family: "黑体", SimHei, sans-serif; font-weight: normal; }
h3 { font-family: "楷体_GB2312", "楷体", KaiTi, serif; font-weight: normal; }
h4 { font-weight: bold; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.problem strong { font-weight: bold; }
p.signature { text-align: right; text-indent: 0; padding-right: 4em; }
p.opening { margin-top: 0; }
@media print { body { margin: 0; max-width: none; } }
"""


def render_html(report: Report, scope: str = PUBLIC) -> str:
    """The 通报 as a complete, printable HTML page; every text is escaped."""
    parts = []
    doc_title = ""
    for b in blocks(report, scope):
        tag = HTML_TAGS[b.kind]
        if b.kind == "title":
            doc_title = b.text
        if b.kind == "problem":
            inner = f"<strong>{html.escape(b.lead)}</strong>{html.escape(b.text)}"
        else:
            inner = html.escape(b.text)
        parts.append(f'<{tag} class="{b.kind}">{inner}</{tag}>')
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(doc_title)}</title>\n<style>{HTML_STYLE}</style>\n</head>\n"
        f"<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n"
    )


def render_docx(report: Report, scope: str = PUBLIC) -> bytes:
    """The 通报 as a .docx in the official-document look (see render_docx.py)."""
    from .render_docx import docx_bytes

    return docx_bytes(blocks(report, scope))
