"""HTML → text: one line per block element and per data-table row (cells tab-separated).

Navigation, scripts, headers and footers, hidden elements and boxes classed as nav, menu,
breadcrumb, share or footer are dropped; a page laid out in tables keeps its lines. The line rules
of clean.py then remove what is left of the page furniture (read.py applies them).
"""

from __future__ import annotations

import re
from typing import Any

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def html_to_text(markup: str) -> str:
    """The text of an HTML document or fragment. Raises ValueError when lxml cannot parse it."""
    import lxml.etree
    import lxml.html

    markup = XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except lxml.etree.ParserError as exc:
        if "empty" in str(exc).lower():
            return ""
        raise ValueError(str(exc)) from None
    text = _HtmlText(skip_by_class=True).run(root)
    # Pages that wrap the whole article in a "nav"- or "footer"-classed box: keep the text.
    if len(text.strip()) < 0.2 * len(_HtmlText(skip_by_class=False).run(root).strip()):
        text = _HtmlText(skip_by_class=False).run(root)
    return text


# Tags whose content is never report text.
HTML_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "footer",
        "iframe",
        "svg",
        "button",
        "select",
        "textarea",
        "object",
        "embed",
        "canvas",
        "map",
    }
)
HTML_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "h1", "h2",
        "h3", "h4", "h5", "h6", "section", "article", "main", "aside", "blockquote", "pre", "address",
        "center", "caption", "figure", "figcaption", "form", "fieldset", "title", "header", "hr",
    }
)  # fmt: skip
# class/id words of boxes holding navigation, share buttons or the footer.
HTML_SKIP_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:breadcrumbs?|crumbs?|footer|foot|share|bdshare|bdsharebuttonbox|copyright|navbar|nav|menu|sidebar|topbar|toolbar)(?:$|[\s_\-])",
    re.I,
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HTML_SPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
MULTI_SPACE = re.compile(r" {2,}")


def _is_layout_table(table: Any) -> bool:
    """Old CMS pages lay the whole article out in tables. Such a table has one column, nests
    another table, or holds headings; its cells are page boxes, not data to keep on one line."""
    rows = table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
    if rows and all(len(row.xpath("./td|./th")) <= 1 for row in rows):
        return True
    return bool(table.xpath(".//table|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6"))


class _HtmlText:
    """Walks an lxml tree and writes one line per block element and per table row (cells tabbed).

    Iterative, so absurdly deep markup cannot exhaust the recursion limit."""

    def __init__(self, *, skip_by_class: bool) -> None:
        self.skip_by_class = skip_by_class
        self.out: list[str] = []
        self.at_line_start = True
        self.cell_depth = 0
        self.pre_depth = 0
        self.row_cells: list[int] = []
        self.layout: list[bool] = []  # per open <table>: True for a page-layout table

    def run(self, root: Any) -> str:
        stack: list[tuple[Any, bool]] = [(root, True)]
        while stack:
            el, entering = stack.pop()
            if not isinstance(el.tag, str):  # comment or processing instruction
                if entering:
                    self._text(el.tail)
                continue
            tag = el.tag.lower()
            if entering:
                if self._skipped(el, tag):
                    self._text(el.tail)
                    continue
                self._open(tag, el)
                self._text(el.text)
                stack.append((el, False))
                stack.extend((child, True) for child in reversed(el))
            else:
                self._close(tag)
                self._text(el.tail)
        return self._lines()

    def _skipped(self, el: Any, tag: str) -> bool:
        if tag in HTML_SKIP_TAGS:
            return True
        if tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            return True
        if el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
            return True
        if self.skip_by_class and tag not in ("body", "html"):
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            if marks.strip() and HTML_SKIP_CLASS.search(marks):
                return True
        return False

    def _open(self, tag: str, el: Any) -> None:
        if tag == "table":
            self.layout.append(_is_layout_table(el))
        if tag in ("td", "th", "tr") and self.layout and self.layout[-1]:
            self._break()  # a layout table's rows and cells are just boxes of the page
        elif tag in ("td", "th"):
            if self.row_cells and self.row_cells[-1] > 0:
                self.out.append("\t")
                self.at_line_start = False
            if self.row_cells:
                self.row_cells[-1] += 1
            self.cell_depth += 1
        elif tag == "tr":
            self._break()
            self.row_cells.append(0)
        elif tag == "br":
            self._break()
        elif tag in HTML_BLOCK_TAGS:
            self._break()
            if tag == "pre":
                self.pre_depth += 1

    def _close(self, tag: str) -> None:
        if tag in ("td", "th", "tr") and self.layout and self.layout[-1]:
            self._break()
            return
        if tag == "table" and self.layout:
            self.layout.pop()
        if tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag == "tr":
            if self.row_cells:
                self.row_cells.pop()
            self._break()
        elif tag in HTML_BLOCK_TAGS:
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
            self._break()

    def _break(self) -> None:
        # Inside a table cell a block boundary is only a space: a row stays one line.
        if self.cell_depth:
            self.out.append(" ")
        elif not self.at_line_start:
            self.out.append("\n")
            self.at_line_start = True

    def _text(self, s: str | None) -> None:
        if not s:
            return
        if self.pre_depth and not self.cell_depth:
            s = s.replace("\xa0", " ")
        else:
            s = HTML_SPACE.sub(" ", s)
        self.out.append(s)
        if s.strip(" \n"):
            self.at_line_start = False

    def _lines(self) -> str:
        lines: list[str] = []
        for raw in "".join(self.out).split("\n"):
            line = "\t".join(MULTI_SPACE.sub(" ", cell).strip(" ") for cell in raw.split("\t"))
            if line.strip("\t"):
                lines.append(line)
        return "\n".join(lines)
