"""Library subcommands of ``zhenggai`` that need no database: thin wrappers over zhenggai.reports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli import command


def _parse_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="FILE|DIR", help="通报文件（.txt .docx .html .pdf）或包含这些文件的目录")
    p.add_argument("--json", action="store_true", help="输出 JSON（语料库 gold 格式）")
    p.add_argument("-o", "--output", metavar="OUT", help="解析目录时，把每个文件的 JSON 写入 OUT/文件名.json")


@command("parse", "解析已发布的巡察整改通报，输出结构化结果。", _parse_arguments)
def parse_command(args: argparse.Namespace) -> int:
    from .reports import ReportError
    from .reports.read import parse_file
    from .reports.show import format_tree

    path = Path(args.path)
    if path.is_dir():
        from .reports.batch import parse_directory

        return parse_directory(path, Path(args.output) if args.output else None, as_json=args.json)
    try:
        report = parse_file(path)
    except ReportError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_tree(report))
    return 0
