"""Word .docx → text lines: paragraphs and tables in body order, Word's automatic numbering written out.

A table row is one line with its cells tab-separated, and a merged cell is written once. Numbering
that Word generates (a list style or numbering definition, not typed characters) is rendered as
Word shows it — "一、", "（二）", "3." — because the parser reads the structure from those labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CN_DIGITS = "零一二三四五六七八九"
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
LEVEL_REFERENCE = re.compile(r"%([1-9])")


def docx_lines(document: Any) -> list[str]:
    """Lines of a python-docx ``Document``."""
    return list(_docx_lines(document))


def _chinese(n: int, digits: str = CN_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "ideographDigital"):  # fmt: skip
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, CN_LEGAL, "拾")
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Word's list numbering (word/numbering.xml) rendered paragraph by paragraph.

    Counters belong to the abstract list, so two w:num of one abstract list continue each other
    unless a w:startOverride restarts them, and a deeper level restarts when a shallower one
    advances — as Word shows them."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[
            str, dict[int, tuple[str, str, int]]
        ] = {}  # abstract id -> level -> (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # num id -> (abstract id, start overrides)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.style_numbering: dict[str, tuple[str, int]] = {}
        root = None
        for rel in document.part.rels.values():
            if rel.reltype == RT.NUMBERING and not rel.is_external:
                root = rel.target_part.element
        if root is not None:
            self._read(root)
        self._read_styles(document)

    def _val(self, el: Any, tag: str) -> str | None:
        child = el.find(self.qn(tag)) if el is not None else None
        return child.get(self.qn("w:val")) if child is not None else None

    def _read(self, root: Any) -> None:
        qn = self.qn
        for abstract in root.findall(qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                start = int(self._val(lvl, "w:start") or "1")
                levels[ilvl] = (
                    self._val(lvl, "w:numFmt") or "decimal",
                    self._val(lvl, "w:lvlText") or "",
                    start,
                )
            self.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            overrides: dict[int, int] = {}
            for override in num.findall(qn("w:lvlOverride")):
                restart = self._val(override, "w:startOverride")
                if restart is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(restart)
            self.nums[num.get(qn("w:numId"), "")] = (self._val(num, "w:abstractNumId") or "", overrides)

    def _read_styles(self, document: Any) -> None:
        qn = self.qn
        try:
            styles = document.styles.element
        except Exception:  # a document without a styles part simply has no style numbering
            return
        for style in styles.findall(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = self._val(num_pr, "w:numId")
                if num_id:
                    self.style_numbering[style.get(qn("w:styleId"), "")] = (
                        num_id,
                        int(self._val(num_pr, "w:ilvl") or "0"),
                    )

    def label(self, p: Any) -> str:
        """The label Word shows before paragraph ``p`` ("" when it is not numbered)."""
        qn = self.qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            num_id = self._val(num_pr, "w:numId")
            ilvl = int(self._val(num_pr, "w:ilvl") or "0")
        else:
            style_id = self._val(p.find(qn("w:pPr")), "w:pStyle")
            if style_id in self.style_numbering:
                num_id, ilvl = self.style_numbering[style_id]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl][2] if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        fmt, text, _start = levels[ilvl]

        def value(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            n = counters[level]
            if n is None:
                n = levels.get(level, ("decimal", "", 1))[2]
            return format_number(n, levels.get(level, (fmt, "", 1))[0])

        if fmt == "bullet":
            return ""
        return LEVEL_REFERENCE.sub(value, text)


def _docx_lines(document: Any) -> Iterator[str]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = Numbering(document)

    def blocks(parent: Any) -> Iterator[str]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield numbering.label(child) + Paragraph(child, document).text
            elif child.tag == qn("w:tbl"):
                yield from _table_lines(Table(child, document))
            elif child.tag == qn("w:sdt"):  # content control wrapping body blocks
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from blocks(content)

    yield from blocks(document.element.body)


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, cells tab-separated; a merged cell's text appears once."""
    above: list[Any] = []
    for row in table.rows:
        cells = row.cells
        tcs = [cell._tc for cell in cells]
        texts: list[str] = []
        for col, cell in enumerate(cells):
            if col and tcs[col] is tcs[col - 1]:
                continue  # horizontal merge: the same cell repeated across the grid
            if col < len(above) and above[col] is tcs[col]:
                texts.append("")  # vertical merge: written in the row where it starts
                continue
            texts.append(" ".join(part.strip() for part in cell.text.splitlines() if part.strip()))
        above = tcs
        if any(texts):
            yield "\t".join(texts)
