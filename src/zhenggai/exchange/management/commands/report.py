"""`zhenggai report INSPECTION_ID --format txt|html|docx -o FILE [--scope public|party] [--as-of DATE]`:
the 通报 of an inspection, generated from the ledger as it stood on a date."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zhenggai.exchange.to_report import report_from_ledger
from zhenggai.ledger.models import Inspection
from zhenggai.reports.render import PARTY, PUBLIC, render_docx, render_html, render_text

FORMATS = {"txt": render_text, "html": render_html, "docx": render_docx}
SCOPES = {PUBLIC: "社会通报（只含社会公开的问题）", PARTY: "党内通报（全部问题）"}
# argparse's own messages, in Chinese (the rest of the command speaks Chinese too).
USAGE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {} 后面需要一个值"),
)


def fail(command, message: str) -> None:
    """One Chinese line on stderr, exit status 2 (bad input; nothing written)."""
    command.stderr.write(message)
    raise SystemExit(2)


class ChineseParser(CommandParser):
    def error(self, message):
        for pattern, chinese in USAGE_MESSAGES:
            m = pattern.search(message)
            if m:
                message = chinese.format(m.group(1))
                break
        else:
            message = f"参数错误：{message}"
        if self.called_from_command_line:
            sys.stderr.write(f"{self.prog}：{message}（用 --help 查看用法）\n")
            sys.exit(2)
        raise SystemExit(message)


class Command(BaseCommand):
    help = (
        "按整改台账生成巡察整改进展情况通报（纯文本、HTML 或 Word）；--scope public 为社会通报，"
        "只含社会公开的问题，party 为党内通报；--as-of 按某日的整改进展生成。"
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = ChineseParser  # Django builds a CommandParser; only error() differs
        return parser

    def add_arguments(self, parser):
        parser.add_argument("inspection", metavar="INSPECTION_ID", help="巡察编号")
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="输出文件（txt/html 可用 - 输出到屏幕）"
        )
        parser.add_argument(
            "--format", metavar="txt|html|docx", help="输出格式；默认按输出文件的扩展名，否则为 txt"
        )
        parser.add_argument(
            "--scope", default=PUBLIC, metavar="public|party", help="public=社会通报（默认），party=党内通报"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="截至日期（默认今天）")

    def handle(self, *args, **options):
        try:
            inspection = Inspection.objects.select_related("unit").get(pk=int(options["inspection"]))
        except (ValueError, Inspection.DoesNotExist):
            fail(self, f"巡察编号 {options['inspection']} 不存在")
        output = options["output"]
        fmt = options["format"] or Path(output).suffix.lstrip(".").lower() or "txt"
        if fmt == "htm":
            fmt = "html"
        if fmt not in FORMATS:
            fail(self, f"不支持的输出格式“{fmt}”，请用 --format txt、html 或 docx")
        scope = options["scope"]
        if scope not in SCOPES:
            fail(self, f"未知的通报范围“{scope}”，请用 --scope public（社会通报）或 party（党内通报）")
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                fail(self, f"截至日期“{options['as_of']}”无法识别，请写成 2025-07-16 这样的形式")
            if as_of > timezone.localdate():
                fail(self, f"截至日期 {as_of.isoformat()} 晚于今天")
        if output == "-" and fmt == "docx":
            fail(self, "Word 文件不能输出到屏幕，请用 -o 指定文件名")
        path = Path(output)
        if output != "-" and (path.is_dir() or not path.parent.is_dir()):
            fail(self, f"无法写入 {output}：目录不存在或这是一个目录")
        report = report_from_ledger(inspection, as_of=as_of, scope=scope)
        content = FORMATS[fmt](report, scope=scope)
        if output == "-":
            self.stdout.write(content, ending="")
            return
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as exc:
            fail(self, f"无法写入 {output}：{exc.strerror or exc}")
        self.stdout.write(
            f"已生成{SCOPES[scope][:4]}（截至 {as_of.isoformat()}，{len(report.problems)} 个问题）：{output}"
        )
