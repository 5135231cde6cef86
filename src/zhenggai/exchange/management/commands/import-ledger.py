"""`zhenggai import-ledger FILE.xlsx --unit NAME [--json]`: an Excel 台账 into the ledger."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from zhenggai.exchange.excel_import import LedgerImportError, plan_from_excel

from ._common import Bar, fail, finish_import


class Command(BaseCommand):
    help = (
        "导入 Excel 整改台账（.xlsx）：识别表头（序号、问题类别、具体问题、整改措施、责任领导、责任部门、"
        "责任人、整改时限、完成情况、佐证材料及其常见写法）、合并单元格、各种日期写法。"
        "全部检查通过才写入；有错误时列出每一处（工作表、行、列、内容、原因），退出状态为 2，数据库不作修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.xlsx", help="Excel 台账文件")
        parser.add_argument("--unit", required=True, help="被巡察单位名称（不存在则新建）")
        parser.add_argument(
            "--json", action="store_true", help='输出 {"inspection": ID, "problems": N, "measures": M}'
        )
        parser.add_argument(
            "--feedback-date",
            metavar="YYYY-MM-DD",
            help="巡察反馈日期；“6月底”等不带年份的时限据此推算（默认取台账标题中的反馈日期，否则为今天）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示将要建立的内容，不写入数据库")

    def handle(self, *args, **options):
        path = Path(options["file"])
        feedback = None
        if options["feedback_date"]:
            try:
                feedback = datetime.date.fromisoformat(options["feedback_date"])
            except ValueError:
                fail(self, [f"反馈日期“{options['feedback_date']}”格式不对，请写成 2025-01-17"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            fail(self, [f"文件 {path} 不存在"])
        except IsADirectoryError:
            fail(self, [f"{path} 是目录，不是 Excel 文件"])
        except OSError as exc:
            fail(self, [f"无法读取文件 {path}：{exc.strerror or exc}"])
        bar = Bar("检查")
        try:
            plan = plan_from_excel(data, path.name, feedback_date=feedback, progress=bar)
        except LedgerImportError as exc:
            fail(self, [f"{path.name} 未导入，共 {len(exc.errors)} 处错误：", *exc.messages])
        finally:
            bar.close()
        finish_import(self, options, plan)
