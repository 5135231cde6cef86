"""`zhenggai export-ledger INSPECTION_ID -o FILE.xlsx [--list …]`: the ledger or one of the five lists."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from zhenggai.exchange.excel_export import LISTS, export_workbook
from zhenggai.ledger.models import Inspection

from ._common import Bar, fail


class Command(BaseCommand):
    help = (
        "把巡察的整改台账导出为 Excel（A4 横向、冻结表头、合并问题单元格、按完成情况着色）；"
        "--list 导出问题清单、任务清单、责任清单、成果清单或档案清单。"
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection", metavar="INSPECTION_ID", help="巡察编号")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
        parser.add_argument(
            "--list",
            default="ledger",
            choices=list(LISTS),
            help="导出哪一份：" + "，".join(f"{k}={v}" for k, v in LISTS.items()) + "（默认 ledger）",
        )

    def handle(self, *args, **options):
        try:
            inspection = Inspection.objects.select_related("unit").get(pk=int(options["inspection"]))
        except (ValueError, Inspection.DoesNotExist):
            fail(self, [f"巡察编号 {options['inspection']} 不存在"])
        output = Path(options["output"])
        if output.is_dir() or not output.parent.is_dir():
            fail(self, [f"无法写入 {output}：目录不存在或这是一个目录"])
        bar = Bar("导出")
        try:
            data = export_workbook(inspection, options["list"], progress=bar)
        finally:
            bar.close()
        try:
            output.write_bytes(data)
        except OSError as exc:
            fail(self, [f"无法写入 {output}：{exc.strerror or exc}"])
        self.stdout.write(f"已导出{LISTS[options['list']]}到 {output}")
