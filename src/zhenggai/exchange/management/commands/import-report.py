"""`zhenggai import-report FILE --unit NAME [--json]`: a published 通报 into the ledger."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from zhenggai.accounts.models import Organisation
from zhenggai.exchange.from_report import plan_from_report
from zhenggai.exchange.plan import find_or_create_unit, unit_doubts, write_plan
from zhenggai.reports import ReportError
from zhenggai.reports.read import parse_file

from ._common import Bar, fail, print_result


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
        units = Organisation.objects.filter(name=options["unit"].strip(), kind=Organisation.Kind.UNIT)
        plan.doubts += unit_doubts(plan, units.first() if units.count() == 1 else None)
        for doubt in plan.doubts:
            self.stderr.write(f"提示：{doubt}")
        if options["dry_run"]:
            self.stdout.write(json.dumps(plan.preview(), ensure_ascii=False, indent=2))
            return
        try:
            unit, created = find_or_create_unit(options["unit"])
        except ValueError as exc:
            fail(self, [str(exc)])
        bar = Bar("导入")
        try:
            inspection = write_plan(plan, unit, progress=bar)
        finally:
            bar.close()
        print_result(self, options, inspection, plan, created)
