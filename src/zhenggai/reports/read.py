"""Reading a report file into text: the type is told by content, never by the file name.

Supported: plain text (UTF-8, GB18030/GBK, UTF-16/32 with BOM), HTML (UTF-8 or GBK, page furniture
dropped), .docx (paragraphs and tables in body order) and text PDF. Everything else — legacy .doc,
spreadsheets, images, archives, binaries, scanned PDFs — raises one ``ReportError`` whose Chinese
message names the file and the reason. Web-page debris (clean.py) is blanked in every format.
"""

from __future__ import annotations

import codecs
import errno
import io
import re
import zipfile
from pathlib import Path

from .clean import clean_text
from .docxtext import docx_lines
from .htmltext import html_to_text
from .model import Report, ReportError

# Refuse to load anything bigger: a report is tens of kilobytes, a long one a few megabytes.
MAX_BYTES = 64 * 1024 * 1024

# Signatures of formats we recognise only to refuse them with a useful message.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt (and .wps) container
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
IMAGE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
ARCHIVE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh91AY&SY", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
# Web archives saved by IE/Word: a MIME message ("MIME-Version: 1.0", "From: <Saved by …>").
MHT_START = re.compile(rb"(?:From: <Saved by[^\n]*\n)?(?:[\w-]+: [^\n]*\r?\n)*MIME-Version: 1\.0", re.I)
BOMS: tuple[tuple[bytes, str], ...] = (  # longest first: the UTF-32 LE BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Text with more than this share of control characters is a binary file decoded by accident.
MAX_CONTROL_RATIO = 0.01
# C0/C1 control characters other than tab, newline, CR, form feed (a text file may hold those).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Characters that make up a Chinese report: CJK, CJK and full-width punctuation, printable ASCII.
TEXT_LIKE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2010-\u206f\x20-\x7e\t\n\r]")
# Line separators other than \n that str.splitlines() would honour: folded into \n so every
# consumer counts the same lines.
LINE_BREAKS = re.compile(r"\r\n|[\r\v\x1c\x1d\x1e\x85\u2028\u2029]|\n?\f")
# The separators LINE_BREAKS folds other than \r. The pattern has no fixed first character, so
# the engine tries it at every position (about 15 µs per KB); texts without these characters,
# nearly all, take two str.replace calls instead (see fold_line_breaks).
RARE_BREAKS = "\f\v\x1c\x1d\x1e\x85\u2028\u2029"

# HTML sniffing: a document that starts with markup, has <html>/<body> early on, or is a fragment
# with several block tags ("标题<br>正文<br>…", "<p>…</p><p>…</p>") — which no text report has.
HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|p|div|table|span|section|article|center|font|h[1-6]|ul|ol|style|script|link|br)\b",
    re.I | re.S,
)
HTML_EARLY = re.compile(rb"<(?:html|body)\b[^>]*>", re.I)
HTML_BLOCK_TAG = re.compile(rb"</?(?:p|div|br|td|tr|span|table|h[1-6]|li)\b[^>]*>", re.I)
HTML_FRAGMENT_TAGS = 2
# <meta charset="gbk">, <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w\-:.]+)", re.I)
GB_CHARSETS = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "cp936"})


def read_text(path: str | Path) -> str:
    """Return the text of the report file at ``path``, debris lines blanked, newlines normalised.

    For a .txt the line numbers are those of the file. Raises ``ReportError`` (Chinese message
    naming the file) for anything that is not a readable report; an empty file gives "".
    """
    path = Path(path)
    data = _load(path)
    if not data.strip():
        return ""
    text, plain = _to_text(path, data)
    return clean_text(text, keep_lines=plain)


def parse_file(path: str | Path) -> Report:
    """Read and parse the report at ``path`` (``parse_text(read_text(path), doc=path.name)``)."""
    from .parse import parse_text

    path = Path(path)
    return parse_text(read_text(path), doc=path.name)


# --- loading -------------------------------------------------------------------------------------


def _load(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        if path.is_dir():
            raise ReportError(f"{name} 是目录，不是文件")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(
                f"文件 {name} 太大（{size // (1024 * 1024)} MB），通报文件不应超过 {MAX_BYTES // (1024 * 1024)} MB"
            )
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ReportError(f"文件 {name} 不存在") from None
    except PermissionError:
        raise ReportError(f"没有权限读取文件 {name}") from None
    except IsADirectoryError:
        raise ReportError(f"{name} 是目录，不是文件") from None
    except OSError as exc:
        reason = "文件名太长" if exc.errno == errno.ENAMETOOLONG else f"系统错误 {exc.errno}"
        raise ReportError(f"无法读取文件 {name}（{reason}）") from None


def _to_text(path: Path, data: bytes) -> tuple[str, bool]:
    """The file's text, and whether it is a plain-text file (whose line numbers must be kept)."""
    name = path.name
    head = data[:1024]
    if b"%PDF-" in head:
        return _pdf_text(name, data), False
    if data.startswith(ZIP_MAGICS):
        return _zip_text(name, data), False
    if data.startswith(OLE2_MAGIC):
        raise ReportError(_ole2_message(name, data))
    for magic, kind in IMAGE_MAGICS:
        if data.startswith(magic):
            raise ReportError(f"文件 {name} 是图片（{kind}），不是文字通报；扫描件请先做文字识别（OCR）")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise ReportError(f"文件 {name} 是图片（WebP），不是文字通报；扫描件请先做文字识别（OCR）")
    for magic, kind in ARCHIVE_MAGICS:
        if data.startswith(magic):
            raise ReportError(f"文件 {name} 是压缩文件（{kind}），请先解压再解析其中的通报")
    if MHT_START.match(data[:1024]):
        raise ReportError(f"文件 {name} 是网页归档（.mht）格式，请在浏览器中另存为 .html 后再解析")
    if data.startswith(b"{\\rtf"):
        raise ReportError(f"文件 {name} 是 RTF 格式，请另存为 .docx 后再解析")
    if _looks_like_html(data):
        return _html_text(name, data), False
    text = _decode(name, data)
    if _looks_like_html(text[:4096].encode("utf-8", "ignore")):  # UTF-16 HTML: known only now
        return _html_to_text(name, text), False
    return text, True


# --- plain text ----------------------------------------------------------------------------------


def _decode(name: str, data: bytes) -> str:
    """Bytes of a text file → str: BOM, else strict UTF-8, else GB18030; binaries refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ReportError(
                    f"文件 {name} 以 {encoding.upper()} 标记开头，但内容不是有效的 {encoding.upper()} 文字"
                ) from None
            return _normalise(name, text)
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is None:
            raise ReportError(f"文件 {name} 是二进制文件（含空字节），不是文字通报")
        return _normalise(name, text16)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _normalise(name, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReportError(f"文件 {name} 的编码无法识别（既不是 UTF-8 也不是 GBK/GB18030），请另存为 UTF-8 文本")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: accept it only when it decodes to ordinary Chinese text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(TEXT_LIKE.findall(text)) >= 0.95 * len(text):
            return text
    return None


def _normalise(name: str, text: str) -> str:
    if "\ufeff" in text:  # a BOM at the start, or zero-width no-break spaces left by copy and paste
        text = text.replace("\ufeff", "")
    text = fold_line_breaks(text).rstrip("\x1a")
    _refuse_binary(name, text)
    return text


def fold_line_breaks(text: str) -> str:
    """``LINE_BREAKS.sub("\\n", text)``: every line separator becomes one \\n.

    Without the rare separators only \\r\\n and a lone \\r are left to fold; replacing every \\r\\n
    first and then every remaining \\r gives what the pattern's leftmost matches give, since a
    \\r\\n pair can only start at a \\r that the pattern would also take with the \\n after it.
    """
    for c in RARE_BREAKS:
        if c in text:
            return LINE_BREAKS.sub("\n", text)
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _refuse_binary(name: str, text: str) -> None:
    sample = text[:65536]
    controls = len(CONTROL_CHARS.findall(sample))
    if "\x00" in sample or (sample and controls / len(sample) > MAX_CONTROL_RATIO):
        raise ReportError(f"文件 {name} 是二进制文件（含大量控制字符），不是文字通报")


# --- HTML ----------------------------------------------------------------------------------------


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if HTML_START.match(head) or HTML_EARLY.search(head):
        return True
    return len(HTML_BLOCK_TAG.findall(head)) >= HTML_FRAGMENT_TAGS


def _html_text(name: str, data: bytes) -> str:
    return _html_to_text(name, _decode_html(name, data))


def _decode_html(name: str, data: bytes) -> str:
    """Honour the page's declared charset, with one correction: a page saved by a browser is often
    re-encoded as UTF-8 while its <meta> still says gb2312. Valid UTF-8 with non-ASCII bytes is
    practically never genuine GBK, so it wins over a GB declaration."""
    for bom, _encoding in BOMS:
        if data.startswith(bom):
            return _decode(name, data)
    m = META_CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in GB_CHARSETS:
        try:
            if not data.isascii():
                return _normalise(name, data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
        try:
            return _normalise(name, data.decode("gb18030"))
        except UnicodeDecodeError:
            return _normalise(name, data.decode("gb18030", errors="replace"))
    if declared and declared not in ("utf-8", "utf8"):
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            try:
                return _normalise(name, data.decode(codec))
            except UnicodeDecodeError:
                pass
    return _decode(name, data)


def _html_to_text(name: str, markup: str) -> str:
    try:
        return html_to_text(CONTROL_CHARS.sub("", markup))
    except ValueError:
        raise ReportError(f"文件 {name} 的 HTML 无法解析") from None


# --- zip containers: .docx and the ones we refuse -----------------------------------------------


def _zip_text(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ReportError(f"文件 {name} 已损坏（不是完整的 .docx/zip 文件），无法读取") from None
    if "word/document.xml" in names:
        return _docx_text(name, data)
    if "xl/workbook.xml" in names:
        raise ReportError(f"文件 {name} 是 Excel 表格（.xlsx），不是通报；台账请用导入功能")
    if "ppt/presentation.xml" in names:
        raise ReportError(f"文件 {name} 是 PowerPoint 演示文稿（.pptx），请另存为 .docx 或 PDF 后再解析")
    if "content.xml" in names and "mimetype" in names:
        raise ReportError(f"文件 {name} 是 OpenDocument（WPS/LibreOffice）格式，请另存为 .docx 后再解析")
    raise ReportError(f"文件 {name} 是 zip 压缩包，不是 .docx 文档，请先解压再解析其中的通报")


def _docx_text(name: str, data: bytes) -> str:
    try:
        import docx
        from docx.document import Document as DocumentObject

        document: DocumentObject = docx.Document(io.BytesIO(data))
        lines = docx_lines(document)
    except ReportError:
        raise
    except Exception as exc:  # python-docx raises KeyError, lxml, zip and value errors alike
        detail = type(exc).__name__
        raise ReportError(f"文件 {name} 已损坏，无法作为 Word 文档（.docx）读取（{detail}）") from None
    return _normalise(name, "\n".join(lines))


# --- PDF -----------------------------------------------------------------------------------------


def _pdf_text(name: str, data: bytes) -> str:
    import pdfplumber

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()
    except Exception as exc:  # pdfminer signals bad input with many unrelated exception types
        if _is_password_error(exc):
            raise ReportError(f"文件 {name} 是加密的 PDF，请先解除密码保护再解析") from None
        raise ReportError(f"文件 {name} 是损坏的 PDF，无法读取") from None
    text = "\n".join(_unspace(line) for page in pages for line in page.split("\n"))
    if not text.strip():
        raise ReportError(f"文件 {name} 没有可提取的文字（可能是扫描件），请先做文字识别（OCR）")
    # Glyphs without a Unicode mapping come out as "(cid:123)": such a PDF has no usable text.
    unmapped = sum(len(m) for m in PDF_UNMAPPED.findall(text))
    if unmapped > 0.5 * len("".join(text.split())):
        raise ReportError(
            f"文件 {name} 的文字无法提取（字体没有文字编码），请另存为 .docx 或做文字识别（OCR）"
        )
    return _normalise(name, text)


PDF_UNMAPPED = re.compile(r"\(cid:\d+\)")
# Letter-spaced Chinese ("巡 察 整 改 情 况"): a PDF whose characters are set apart comes out of
# the extractor with a space between every two.
CJK = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
CJK_PAIR = re.compile(rf"[{CJK}](?=[{CJK}])")
CJK_SPACED_PAIR = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")


def _unspace(line: str) -> str:
    """Remove the spaces of a letter-spaced line; a line with the odd space between words keeps it."""
    spaced = len(CJK_SPACED_PAIR.findall(line))
    if spaced < 4 or spaced < 2 * len(CJK_PAIR.findall(line)):
        return line
    return CJK_SPACED_PAIR.sub("", line)


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        kind = type(seen).__name__
        if "Password" in kind or "Encrypt" in kind or "password" in str(seen).lower():
            return True
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
        )
    return False


# --- legacy Office --------------------------------------------------------------------------------


def _ole2_message(name: str, data: bytes) -> str:
    # The directory of an OLE2 file names its streams in UTF-16LE.
    if "WordDocument".encode("utf-16-le") in data:
        return f"文件 {name} 是旧版 Word（.doc）格式，请另存为 .docx 后再解析"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return f"文件 {name} 是旧版 Excel（.xls）表格，不是通报"
    if "PowerPoint Document".encode("utf-16-le") in data:
        return f"文件 {name} 是旧版 PowerPoint（.ppt）文件，请另存为 .docx 或 PDF 后再解析"
    if "EncryptedPackage".encode("utf-16-le") in data:
        return f"文件 {name} 是加密的 Office 文档，请先解除密码保护并另存为 .docx"
    return f"文件 {name} 是旧版 Office（OLE2）格式，请另存为 .docx 后再解析"
