"""`zhenggai import-report FILE --unit NAME [--json]`: a published 通报 into the ledger."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhenggai.exchange.from_report import plan_from_report
from zhenggai.reports import ReportError
from zhenggai.reports.read import parse_file

from ._common import fail, finish_import


class Command(BaseCommand):
    help = (
        "导入已发布的巡察整改通报（.txt .docx .html .pdf）：按通报建立巡察、问题类别、问题和整改措施；"
        "单位不存在时自动创建。文件有误时列出原因，退出状态为 2，数据库不作修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="通报文件")
        parser.add_argument("--unit", required=True, help="被巡察单位名称（不存在则新建）")
        parser.add_argument(
            "--json", action="store_true", help='输出 {"inspection": ID, "problems": N, "measures": M}'
        )
        parser.add_argument("--dry-run", action="store_true", help="只显示将要建立的内容和疑点，不写入数据库")

    def handle(self, *args, **options):
        try:
            report = parse_file(options["file"])
        except ReportError as exc:
            fail(self, [str(exc)])
        plan = plan_from_report(report)
        finish_import(self, options, plan)
