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


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="FILE", help="要体检的通报文件（.txt .docx .html .pdf）")
    p.add_argument(
        "--inspection", metavar="ID", type=int, help="改为体检台账中编号为 ID 的巡察（需要数据库）"
    )
    p.add_argument("--json", action="store_true", help='输出 JSON：{"findings": [...]}')
    p.epilog = (
        "发现问题不算出错，退出码为 0；文件无法读取时退出码为 2。"
        "本命令取代了 Django 的 check 命令，如需 Django 系统检查请运行 "
        "python -m django check --settings=zhenggai.settings。"
    )


@command("check", "体检：检查通报或台账中数字、措施、状态、日期和编号的前后矛盾。", _check_arguments)
def check_command(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from .reports.check import findings_json, format_findings

    if (args.path is None) == (args.inspection is None):
        return _fail(
            "请给出一个通报文件（zhenggai check FILE）或一个巡察编号（zhenggai check --inspection ID），二者选一"
        )
    if args.inspection is not None:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
        django.setup()
        from .ledger.health import check_inspection_by_id

        try:
            findings, source = check_inspection_by_id(args.inspection)
        except LookupError as exc:
            return _fail(str(exc))
    else:
        from .reports import ReportError
        from .reports.check import check_report
        from .reports.read import parse_file

        path = Path(args.path)
        try:
            findings, source = check_report(parse_file(path)), path.name
        except ReportError as exc:
            return _fail(str(exc))
        except Exception as exc:  # a bug must reach the user as one line, not a traceback
            return _fail(
                f"体检文件 {path.name} 时发生内部错误（{type(exc).__name__}），请把该文件报告给开发者"
            )
    try:
        if args.json:
            sys.stdout.write(json.dumps(findings_json(findings), ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(format_findings(findings, source))
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
