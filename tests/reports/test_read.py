"""Reading report files: type by content, encodings, page debris, and one clear error per bad file.

All report text here is made up for the tests.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from zhenggai.reports.clean import clean_text, debris_rule
from zhenggai.reports.model import ReportError
from zhenggai.reports.read import read_text

REPORT = """中共青禾县示范医院委员会关于巡察整改进展情况的通报
根据县委统一部署，县委第三巡察组对中共青禾县示范医院委员会进行了巡察。
一、组织整改情况
二、巡察反馈问题整改情况
（一）党建工作不扎实
1.学习制度落实不到位。（已完成整改）
整改情况：一是修订学习制度；二是开展专题学习。
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_error(path: Path) -> str:
    with pytest.raises(ReportError) as info:
        read_text(path)
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    return message


# --- plain text ----------------------------------------------------------------------------------


def test_utf8_text_is_read_as_is(tmp_path):
    assert read_text(write(tmp_path, "a.txt", REPORT.encode("utf-8"))) == REPORT


def test_utf8_bom_is_dropped(tmp_path):
    assert read_text(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8"))) == REPORT


def test_gbk_text_is_detected(tmp_path):
    assert read_text(write(tmp_path, "a.txt", REPORT.encode("gbk"))) == REPORT


def test_gb18030_characters_outside_gbk_survive(tmp_path):
    text = REPORT + "2.㐀𠀀字号的人员档案不全。\n"  # U+3400 and U+20000 are not in GBK
    assert read_text(write(tmp_path, "a.txt", text.encode("gb18030"))) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_detected(tmp_path, encoding):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    assert read_text(write(tmp_path, "a.txt", bom + REPORT.encode(encoding))) == REPORT


def test_utf16_without_bom_is_recognised_by_its_nul_pattern(tmp_path):
    text = "1. Study system (done)\n" + REPORT
    assert read_text(write(tmp_path, "a.txt", text.encode("utf-16-le"))) == text


def test_windows_and_old_mac_newlines_become_unix(tmp_path):
    data = "第一行\r\n第二行\r第三行\n第四行".encode()
    assert read_text(write(tmp_path, "a.txt", data)) == "第一行\n第二行\n第三行\n第四行"


def test_page_breaks_and_unicode_line_separators_end_lines(tmp_path):
    data = "第一页末行\n\f第二页首行\u2028下一行\f再下一行".encode()
    assert read_text(write(tmp_path, "a.txt", data)).split("\n") == [
        "第一页末行",
        "第二页首行",
        "下一行",
        "再下一行",
    ]


def test_debris_lines_of_a_txt_become_empty_so_line_numbers_hold(tmp_path):
    page = (
        "首页 > 信息公开 > 工作动态\n"
        + REPORT
        + "【打印】【关闭】\n上一篇：关于开展义诊活动的通知\n扫一扫在手机打开当前页"
    )
    text = read_text(write(tmp_path, "a.txt", page.encode()))
    lines = text.split("\n")
    assert len(lines) == len(page.split("\n"))
    assert lines[0] == ""
    assert lines[1] == "中共青禾县示范医院委员会关于巡察整改进展情况的通报"
    assert lines[-3:] == ["", "", ""]
    assert "1.学习制度落实不到位。（已完成整改）" in lines


def test_empty_and_blank_files_read_as_empty_text(tmp_path):
    assert read_text(write(tmp_path, "empty.txt", b"")) == ""
    assert read_text(write(tmp_path, "blank.txt", b" \n\r\n\t ")) == ""


def test_binary_with_nul_bytes_is_refused(tmp_path):
    assert "二进制" in read_error(write(tmp_path, "a.txt", b"\x00\x01\x02abc\x00\x10" * 50))


def test_text_full_of_control_characters_is_refused(tmp_path):
    assert "二进制" in read_error(write(tmp_path, "a.txt", ("整改" + "\x07\x08\x1b" * 3).encode() * 40))


def test_bytes_in_no_known_encoding_are_refused(tmp_path):
    assert "编码" in read_error(write(tmp_path, "a.txt", b"\x80\xff\x80\xff plain \xff"))


def test_invalid_utf16_after_bom_is_refused(tmp_path):
    assert "UTF-16" in read_error(
        write(tmp_path, "a.txt", b"\xff\xfe" + b"\x00\xd8" + "文字".encode("utf-16-le"))
    )


# --- HTML ----------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head>{meta}<title>青禾县卫生健康局</title>
<style>.c {{ color: red }}</style><script>var visits = "首页";</script></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/news">新闻中心</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a>通知公告</a></div>
<h1>中共青禾县示范医院委员会关于巡察整改进展情况的通报</h1>
<div class="info">发布时间：2024-05-08 09:30&nbsp;&nbsp;来源：党委办公室&nbsp;&nbsp;字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="article">
<p>&nbsp;&nbsp;根据县委统一部署，县委第三巡察组对医院党委进行了巡察。</p>
<p>一、组织整改情况<br>（一）成立整改领导小组。</p>
<p>二、巡察反馈问题整改情况</p>
<p>1.来源不明的资金入账不规范，打印的凭证缺少签字。（已完成整改）</p>
<table><tr><th>序号</th><th>问题</th><th>整改状态</th></tr>
<tr><td>1</td><td><p>学习制度落实不到位</p><p>（含二级支部）</p></td><td>已完成</td></tr>
<tr><td>2</td><td>台账管理不规范</td><td>正在整改</td></tr></table>
</div>
<div>【打印本页】【关闭窗口】</div>
<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
<p>上一篇：关于开展义诊活动的通知</p><p>下一篇：无</p>
<p>扫一扫在手机打开当前页</p>
<footer>主办单位：青禾县卫生健康局 技术支持：某网络公司</footer>
<div id="footer-box"><p>版权所有：青禾县卫生健康局</p><p>网站标识码：1234567890 青ICP备01234567号</p></div>
</body></html>
"""

EXPECTED_HTML_LINES = [
    "中共青禾县示范医院委员会关于巡察整改进展情况的通报",
    "根据县委统一部署，县委第三巡察组对医院党委进行了巡察。",
    "一、组织整改情况",
    "（一）成立整改领导小组。",
    "二、巡察反馈问题整改情况",
    "1.来源不明的资金入账不规范，打印的凭证缺少签字。（已完成整改）",
    "序号\t问题\t整改状态",
    "1\t学习制度落实不到位 （含二级支部）\t已完成",
    "2\t台账管理不规范\t正在整改",
]


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [
        ("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
        ("gb18030", '<meta charset="GBK">'),
        ("utf-8", '<meta charset="utf-8">'),
        ("gbk", ""),  # no declaration: detected
        ("utf-8", ""),
    ],
)
def test_html_gives_one_line_per_block_and_row_without_page_debris(tmp_path, encoding, meta):
    page = HTML_PAGE.format(meta=meta)
    text = read_text(write(tmp_path, "notice.html", page.encode(encoding)))
    assert text.split("\n") == EXPECTED_HTML_LINES


def test_page_saved_as_utf8_that_still_declares_gb2312_is_read_as_utf8(tmp_path):
    page = HTML_PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert read_text(write(tmp_path, "saved.htm", page.encode("utf-8"))).split("\n") == EXPECTED_HTML_LINES


def test_utf16_html_is_recognised_after_decoding(tmp_path):
    page = HTML_PAGE.format(meta="")
    assert read_text(write(tmp_path, "a.htm", page.encode("utf-16"))).split("\n") == EXPECTED_HTML_LINES


def test_html_is_told_by_content_not_by_name(tmp_path):
    page = HTML_PAGE.format(meta='<meta charset="utf-8">')
    assert read_text(write(tmp_path, "copied.txt", page.encode())).split("\n") == EXPECTED_HTML_LINES


def test_html_fragment_without_html_tag_is_still_html(tmp_path):
    fragment = "<meta charset='utf-8'><div><p>一、问题</p><p>二、措施</p></div>"
    assert read_text(write(tmp_path, "frag.html", fragment.encode())) == "一、问题\n二、措施"


def test_article_inside_a_nav_classed_wrapper_is_kept(tmp_path):
    # Some CMS templates put the whole page in <div class="main-nav-wrap">: never lose the report.
    page = (
        '<html><body><div class="nav-wrap"><p>一、组织整改情况</p><p>二、问题整改情况</p></div></body></html>'
    )
    assert read_text(write(tmp_path, "a.html", page.encode())) == "一、组织整改情况\n二、问题整改情况"


def test_empty_html_document_gives_empty_text(tmp_path):
    assert read_text(write(tmp_path, "a.html", b"<html><body>  </body></html>")) == ""


# --- .docx ---------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("中共青禾县示范医院委员会关于巡察整改进展情况的通报")
    document.add_paragraph("二、巡察反馈问题整改情况")
    table = document.add_table(rows=3, cols=3)
    for col, text in enumerate(["序号", "问题", "整改状态"]):
        table.cell(0, col).text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "学习制度落实不到位\n（含二级支部）"
    table.cell(1, 2).text = "已完成"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "台账管理不规范"
    table.cell(1, 2).merge(table.cell(2, 2))  # one status for both rows: written once
    banner = document.add_table(rows=2, cols=3)
    banner.cell(0, 0).merge(banner.cell(0, 2)).text = "立行立改事项"
    for col, text in enumerate(["3", "会议记录不全", "正在整改"]):
        banner.cell(1, col).text = text
    document.add_paragraph("三、下一步工作打算")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_body_order_with_merged_cells_once(tmp_path):
    text = read_text(write(tmp_path, "report.docx", make_docx()))
    assert text.split("\n") == [
        "中共青禾县示范医院委员会关于巡察整改进展情况的通报",
        "二、巡察反馈问题整改情况",
        "序号\t问题\t整改状态",
        "1\t学习制度落实不到位 （含二级支部）\t已完成",
        "2\t台账管理不规范\t",
        "立行立改事项",
        "3\t会议记录不全\t正在整改",
        "三、下一步工作打算",
    ]


def test_docx_is_told_by_content_not_by_name(tmp_path):
    assert read_text(write(tmp_path, "misnamed.pdf", make_docx())).startswith("中共青禾县示范医院委员会")


def test_truncated_docx_is_refused_as_corrupt(tmp_path):
    data = make_docx()
    assert "损坏" in read_error(write(tmp_path, "cut.docx", data[: len(data) // 2]))


def test_docx_with_broken_xml_is_refused_as_corrupt(tmp_path):
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "损坏" in read_error(write(tmp_path, "broken.docx", out.getvalue()))


def test_xlsx_is_refused_as_spreadsheet(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "问题"
    out = io.BytesIO()
    workbook.save(out)
    assert "Excel" in read_error(write(tmp_path, "ledger.docx", out.getvalue()))


def test_plain_zip_is_refused_as_archive(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "一、问题")
    assert "压缩包" in read_error(write(tmp_path, "reports.zip", out.getvalue()))


# --- PDF -----------------------------------------------------------------------------------------


def make_pdf(lines: list[str], pages: int = 1, **canvas_options) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, **canvas_options)
    for number in range(1, pages + 1):
        page.setFont("STSong-Light", 12)
        y = 800
        for line in [*lines, f"- {number} -"]:
            page.drawString(60, y, line)
            y -= 20
        page.showPage()
    page.save()
    return out.getvalue()


def test_text_pdf_is_read_page_by_page(tmp_path):
    lines = ["中共青禾县示范医院委员会关于巡察整改进展情况的通报", "1.学习制度落实不到位。（已完成整改）"]
    text = read_text(write(tmp_path, "report.pdf", make_pdf(lines, pages=2)))
    assert text.split("\n") == [*lines, "- 1 -", *lines, "- 2 -"]


def test_pdf_without_text_is_refused_as_scan(tmp_path):
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(50, 50, 300, 400, fill=1)  # stands for a scanned page image
    page.showPage()
    page.save()
    assert "没有可提取的文字（可能是扫描件）" in read_error(write(tmp_path, "scan.pdf", out.getvalue()))


def test_password_protected_pdf_is_refused(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = make_pdf(["一、问题"], encrypt=StandardEncryption("secret", canPrint=0))
    assert "加密" in read_error(write(tmp_path, "locked.pdf", data))


def test_corrupt_pdf_is_refused(tmp_path):
    assert "PDF" in read_error(write(tmp_path, "bad.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"))


# --- formats refused by signature ----------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_legacy_word_doc_asks_for_docx(tmp_path):
    data = OLE2 + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
    message = read_error(write(tmp_path, "old.doc", data))
    assert message == "文件 old.doc 是旧版 Word（.doc）格式，请另存为 .docx 后再解析"


def test_other_ole2_files_are_refused_as_legacy_office(tmp_path):
    assert "OLE2" in read_error(write(tmp_path, "old.txt", OLE2 + b"\x00" * 600))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40, "JPEG"),
        (b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "GIF"),
    ],
)
def test_images_are_refused(tmp_path, data, kind):
    message = read_error(write(tmp_path, "photo.txt", data))
    assert "图片" in message and kind in message


def test_gzip_is_refused_as_archive(tmp_path):
    import gzip

    assert "压缩文件" in read_error(write(tmp_path, "a.txt.gz", gzip.compress("一、问题".encode())))


def test_rtf_asks_for_docx(tmp_path):
    assert "RTF" in read_error(write(tmp_path, "a.rtf", rb"{\rtf1\ansi hello}"))


# --- file system ---------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(ReportError, match=r"^文件 nowhere\.txt 不存在$"):
        read_text(tmp_path / "nowhere.txt")


def test_directory_where_a_file_is_expected(tmp_path):
    (tmp_path / "reports").mkdir()
    with pytest.raises(ReportError, match=r"^reports 是目录，不是文件$"):
        read_text(tmp_path / "reports")


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", REPORT.encode())

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    # Tests may run as root, for whom chmod 000 does not stop reading.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ReportError, match=r"^没有权限读取文件 secret\.txt$"):
        read_text(path)


# --- debris rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("首页 > 信息公开 > 工作动态", "breadcrumb"),
        ("网站首页>>通知公告", "breadcrumb"),
        ("当前位置：首页 > 政务公开", "location"),
        ("您现在的位置: 首页 - 新闻", "location"),
        ("欢迎访问青禾县卫生健康局网站", "welcome"),
        ("发布时间：2024-05-08  来源：本站  作者：李某  浏览次数：321", "metadata"),
        ("来源：党委办公室", "metadata"),
        ("【字体：大 中 小】", "page_tools"),
        ("【打印】【关闭】", "page_tools"),
        ("关闭 打印", "page_tools"),
        ("[打印本页] [关闭窗口] [返回顶部]", "page_tools"),
        ("分享到：微信 微博 QQ空间", "share"),
        ("上一篇：关于开展义诊活动的通知", "prev_next"),
        ("下一篇: 没有了", "prev_next"),
        ("扫一扫在手机打开当前页", "scan_qr"),
        ("版权所有：青禾县卫生健康局", "footer"),
        ("Copyright © 2024 青禾县示范医院 All Rights Reserved", "footer"),
        ("青ICP备01234567号-1", "footer"),
        ("主办单位：青禾县卫生健康局", "footer"),
        ("技术支持：某某网络科技有限公司", "footer"),
        ("网站标识码：1234567890", "footer"),
        ("建议使用IE9以上浏览器，1366×768分辨率浏览本站", "footer"),
        ("青禾县示范医院 版权所有 地址：青禾县人民路1号", "footer_inner"),
        ("地址：青禾县人民路1号 电话：0000-1234567 青公网安备12345678901234号", "footer_inner"),
        ("网站地图 | 联系我们 | 关于我们", "footer_links"),
        ("[bookmark: _GoBack]", "bookmark"),
    ],
)
def test_debris_line_is_recognised(line, rule):
    assert debris_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "中共青禾县示范医院委员会关于巡察整改进展情况的通报",
        "一、组织整改情况",
        "（一）强化组织领导，成立整改专班。",
        "1.来源不明的资金入账不规范，打印的凭证缺少签字。（已完成整改）",
        "来源于群众举报的问题线索已全部办结。",
        "分享典型经验做法",
        "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
        "联系电话：0000-1234567；电子邮箱：zhenggai@example.cn",
        "扫描二维码即可预约挂号的服务已覆盖全部门诊。",
        "关于我们医院投诉处理不及时的问题",
        "主办的三期培训班均已结业，版权所有人已授权使用教材。",
        "首页改版工作已完成。",
        "2025年10月17日",
        "中共青禾县示范医院委员会",
        "打印机采购问题已整改完成",
    ],
)
def test_report_content_is_never_debris(line):
    assert debris_rule(line) is None


def test_clean_text_drops_debris_lines_when_line_numbers_do_not_matter():
    assert clean_text("首页 > 新闻\n一、问题\n【关闭】", keep_lines=False) == "一、问题"
    assert clean_text("首页 > 新闻\n一、问题\n【关闭】") == "\n一、问题\n"


# --- the dev corpus in every format --------------------------------------------------------------


def _summary(report) -> dict:
    data = report.to_dict()
    keep = (
        "title",
        "unit",
        "inspector",
        "inspection_start",
        "inspection_end",
        "feedback_date",
        "report_date",
        "declared",
    )
    return {
        **{key: data[key] for key in keep},
        "problems": [
            (p["path"], p["categories"], p["title"], p["status"], [m["status"] for m in p["measures"]])
            for p in data["problems"]
        ],
    }


def _as_html(text: str) -> bytes:
    import html

    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        '<div class="crumb">当前位置：首页 &gt; 工作动态</div><div>发布时间：2025-08-01 来源：办公室</div>'
        f'<div class="article">{body}</div><div>【打印】【关闭】</div><div class="footer">版权所有 某局</div></body></html>'
    )
    return page.encode("gb18030")


def _as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _as_pdf(text: str) -> bytes:
    # Long lines are hard-wrapped at 40 characters and pages numbered, as real PDFs are.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    number, y = 1, 800
    page.setFont("STSong-Light", 10)
    for line in text.split("\n"):
        for chunk in [line[i : i + 40] for i in range(0, len(line), 40)] or [""]:
            if y < 60:
                page.drawString(280, 30, f"- {number} -")
                page.showPage()
                page.setFont("STSong-Light", 10)
                number, y = number + 1, 800
            page.drawString(40, y, chunk)
            y -= 14
    page.drawString(280, 30, f"- {number} -")
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("suffix", "convert"),
    [
        (".txt", lambda text: text.encode("gb18030")),
        (".txt", lambda text: text.encode("utf-16")),
        (".html", _as_html),
        (".docx", _as_docx),
        (".pdf", _as_pdf),
    ],
    ids=["gbk", "utf-16", "html", "docx", "pdf"],
)
def test_corpus_reports_parse_alike_in_every_format(corpus_dir, tmp_path, suffix, convert):
    from zhenggai.reports.read import parse_file

    for source in sorted(corpus_dir.glob("*.txt")):
        expected = _summary(parse_file(source))
        copy = write(tmp_path, source.stem + suffix, convert(source.read_text(encoding="utf-8")))
        assert _summary(parse_file(copy)) == expected, source.name


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>一、组织整改情况</p><p>二、问题整改情况</p>",
        "一、组织整改情况<br>二、问题整改情况<br/>",
        "<div>一、组织整改情况</div>\n<div>二、问题整改情况</div>",
    ],
)
def test_markup_fragments_saved_without_html_tag_are_html(tmp_path, fragment):
    assert (
        read_text(write(tmp_path, "fragment.txt", fragment.encode())) == "一、组织整改情况\n二、问题整改情况"
    )


def test_a_text_report_quoting_one_tag_stays_text(tmp_path):
    text = "一、网站栏目<p>标签使用不规范的问题已整改。\n二、其他问题\n"
    assert read_text(write(tmp_path, "a.txt", text.encode())) == text


def test_article_laid_out_in_tables_keeps_its_lines(tmp_path):
    # Old CMS pages: the page is a table, the article one cell of it, a data table nested inside.
    page = """<html><body><table><tr><td class="left">栏目导航</td><td>
    <table><tr><td><h2>中共青禾县示范医院委员会关于巡察整改进展情况的通报</h2></td></tr>
    <tr><td><p>一、组织整改情况</p><p>（一）成立整改领导小组。</p>
    <table><tr><td>序号</td><td>问题</td></tr><tr><td>1</td><td><p>会议记录不全</p></td></tr></table>
    <p>二、下一步工作打算</p></td></tr></table></td></tr></table></body></html>"""
    assert read_text(write(tmp_path, "a.html", page.encode())).split("\n") == [
        "栏目导航",
        "中共青禾县示范医院委员会关于巡察整改进展情况的通报",
        "一、组织整改情况",
        "（一）成立整改领导小组。",
        "序号\t问题",
        "1\t会议记录不全",
        "二、下一步工作打算",
    ]


def _numbered_docx() -> bytes:
    """A .docx whose labels Word generates from a numbering definition (none typed in the text)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = [
        ("chineseCounting", "%1、"),
        ("chineseCounting", "（%2）"),
        ("decimal", "%3."),
        ("decimalEnclosedCircle", "%4"),
    ]
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before the nums
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    numbered("组织整改情况", 0)
    document.add_paragraph("成立整改领导小组。")
    numbered("问题整改情况", 0)
    numbered("党建工作不扎实", 1)
    numbered("学习制度落实不到位。", 2)
    numbered("修订学习制度", 3)
    numbered("开展专题学习", 3)
    numbered("会议记录不规范。", 2)
    numbered("采购管理不规范", 1)
    numbered("合同台账不全。", 2)
    numbered("下一步工作打算", 0)
    document.add_paragraph("第一项", style="List Number")  # numbering that comes from the style
    document.add_paragraph("要点", style="List Bullet")  # a bullet is not a label
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_automatic_numbering_is_written_out_as_word_shows_it(tmp_path):
    assert read_text(write(tmp_path, "numbered.docx", _numbered_docx())).split("\n") == [
        "一、组织整改情况",
        "成立整改领导小组。",
        "二、问题整改情况",
        "（一）党建工作不扎实",
        "1.学习制度落实不到位。",
        "①修订学习制度",
        "②开展专题学习",
        "2.会议记录不规范。",
        "（二）采购管理不规范",
        "1.合同台账不全。",
        "三、下一步工作打算",
        "1.第一项",
        "要点",
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCountingThousand", "十二"),
        (20, "chineseCounting", "二十"),
        (35, "chineseCounting", "三十五"),
        (3, "chineseLegalSimplified", "叁"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"),
        (4, "decimalFullWidth", "４"),
        (4, "lowerRoman", "iv"),
        (28, "upperLetter", "BB"),
        (7, "decimal", "7"),
        (7, "bullet", ""),
    ],
)
def test_word_number_formats(n, fmt, expected):
    from zhenggai.reports.docxtext import format_number

    assert format_number(n, fmt) == expected


def test_letter_spaced_pdf_text_is_closed_up(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    text = page.beginText(60, 800)
    text.setFont("STSong-Light", 12)
    text.setCharSpace(8)  # set apart as in a spaced-out title
    text.textLine("关于巡察整改进展情况的通报")
    text.setCharSpace(0)
    text.textLine("河津市示范医院党委 关于巡察整改情况的通报")
    page.drawText(text)
    page.showPage()
    page.save()
    assert read_text(write(tmp_path, "spaced.pdf", out.getvalue())).split("\n") == [
        "关于巡察整改进展情况的通报",
        "河津市示范医院党委 关于巡察整改情况的通报",
    ]


def test_zero_width_no_break_spaces_are_removed(tmp_path):
    assert read_text(write(tmp_path, "a.txt", "一、\ufeff组织整改情况\n".encode())) == "一、组织整改情况\n"


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    import zhenggai.reports.read as read

    monkeypatch.setattr(read, "MAX_BYTES", 1024)
    message = read_error(write(tmp_path, "huge.txt", REPORT.encode() * 20))
    assert "太大" in message


def test_web_archive_asks_for_html(tmp_path):
    data = b"From: <Saved by Blink>\r\nSubject: notice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\r\n"
    assert "网页归档" in read_error(write(tmp_path, "page.mht", data + "一、问题".encode()))
