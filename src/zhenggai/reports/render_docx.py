"""The .docx layout of a 通报: the official-document look of GB/T 9704.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt)
centred; body 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line spacing with a two-character
first-line indent; level-1 headings 黑体, level-2 楷体_GB2312, level-3 仿宋 bold; page numbers in
the footer as "— 1 —" (a PAGE field). Chinese fonts are set through w:eastAsia, and the font
table names a fallback (w:altName) for machines without the GB2312 fonts: 黑体, 仿宋, 楷体.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

if TYPE_CHECKING:
    from .render import Block

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Fonts a machine without the GB2312 / 方正 fonts substitutes (font table w:altName).
FALLBACK = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", H2_FONT: "楷体"}

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(28)
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}

# block kind → (font, bold, alignment, first-line indent)
LAYOUT = {
    "title": (TITLE_FONT, False, WD_ALIGN_PARAGRAPH.CENTER, False),
    "opening": (BODY_FONT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "h1": (H1_FONT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "h2": (H2_FONT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "h3": (BODY_FONT, True, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "body": (BODY_FONT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "problem": (BODY_FONT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "signature": (BODY_FONT, False, WD_ALIGN_PARAGRAPH.RIGHT, False),
}


def set_font(run_or_style, name: str, size=None, bold: bool | None = None) -> None:
    """Set a run's or style's font for Latin and East-Asian text (w:eastAsia)."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _indent_two_chars(paragraph) -> None:
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        # Word measures the indent in characters when firstLineChars is set (200 = 2 characters).
        ind.set(qn("w:firstLineChars"), "200")


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    begin, instr, separate, number, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
        OxmlElement("w:t"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate.set(qn("w:fldCharType"), "separate")
    number.text = "1"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, number, end):
        run._r.append(element)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _font_fallbacks(document) -> None:
    """Declare each Chinese font in the font table with the font Word should use instead."""
    part = document.part
    font_table = None
    for rel in part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_table = rel.target_part
    if font_table is None:
        return
    from docx.oxml import parse_xml

    root = parse_xml(font_table.blob)
    for name, alt in FALLBACK.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_name = OxmlElement("w:altName")
        alt_name.set(qn("w:val"), alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(alt_name)
        font.append(charset)
        root.append(font)
    from lxml import etree

    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_bytes(blocks: list[Block]) -> bytes:
    """Lay the blocks out as a .docx and return its bytes."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.footer_distance = Mm(28)
    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_SPACING
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    _page_number_footer(section)
    _font_fallbacks(document)

    for block in blocks:
        font, bold, alignment, indent = LAYOUT[block.kind]
        paragraph = document.add_paragraph()
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_SPACING
        if indent:
            _indent_two_chars(paragraph)
        if block.kind == "title":
            # The title sits on a wider line and is followed by one blank line.
            fmt.line_spacing = Pt(36)
            fmt.space_after = LINE_SPACING
            set_font(paragraph.add_run(block.text), font, TITLE_SIZE, bold)
            continue
        if block.lead:
            set_font(paragraph.add_run(block.lead), BODY_FONT, BODY_SIZE, True)
        if block.text:
            set_font(paragraph.add_run(block.text), font, BODY_SIZE, bold)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
