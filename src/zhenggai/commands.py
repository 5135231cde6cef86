"""Library subcommands of ``zhenggai`` that need no database: thin wrappers over zhenggai.reports."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .cli import command


def _parse_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="FILE|DIR", help="通报文件（.txt .docx .html .pdf）或包含这些文件的目录")
    p.add_argument("--json", action="store_true", help="输出 JSON（语料库 gold 格式）")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="解析目录时（必填），把每个文件的 JSON 写入 OUT/相对路径/文件名.json；解析单个文件时，把结果写入文件 OUT",
    )


@command("parse", "解析已发布的巡察整改通报，输出结构化结果。", _parse_arguments)
def parse_command(args: argparse.Namespace) -> int:
    # Chinese output must never die on a terminal or pipe with a narrower encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        return _parse(args)
    except BrokenPipeError:
        # `zhenggai parse … | head`: the reader left; stop quietly like other Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _parse(args: argparse.Namespace) -> int:
    from .reports import ReportError
    from .reports.read import parse_file
    from .reports.show import format_tree

    path = Path(args.path)
    output = Path(args.output) if args.output else None
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False  # parse_file below reports why the path cannot be read
    if is_dir:
        from .reports.batch import parse_directory

        return parse_directory(path, output, as_json=args.json)
    try:
        report = parse_file(path)
    except ReportError as exc:
        return _fail(str(exc))
    except Exception as exc:  # a bug must reach the user as one line, not a traceback
        return _fail(f"解析文件 {path.name} 时发生内部错误（{type(exc).__name__}），请把该文件报告给开发者")
    if args.json:
        result = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        result = format_tree(report)
    if output is None:
        sys.stdout.write(result)
        return 0
    try:
        output.write_text(result, encoding="utf-8")
    except OSError:
        return _fail(f"无法写入输出文件 {output}（没有权限、路径无效或是目录）")
    return 0


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2
