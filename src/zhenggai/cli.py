"""The ``zhenggai`` command.

Its own subcommands (those that need no database, such as ``parse``) come first; any other
subcommand goes to Django's management utility, so ``zhenggai migrate``, ``zhenggai runserver``
and the project's management commands (``zhenggai demo`` …) work without a manage.py.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import __version__

Handler = Callable[[argparse.Namespace], int]
# name -> (help text, function adding arguments, handler); filled by the decorator below.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None]):
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (help, arguments, handler)
        return handler

    return register


# argparse's own words, in Chinese (Python ships no zh catalogue for them).
ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数 \1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数 \1"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面需要一个值"),
    (re.compile(r"argument (\S+): invalid choice: (.+)"), r"参数 \1 的取值无效：\2"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), r"参数 \1 需要一个整数，收到的是 \2"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"invalid choice: (.+)"), r"取值无效：\1"),
)
HELP_WORDS = (
    ("usage: ", "用法："),
    ("positional arguments:", "位置参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
    ("show program's version number and exit", "显示版本号并退出"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors and help headings are Chinese; errors exit 2 in one line."""

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in ARGPARSE_ERRORS:
            if pattern.fullmatch(message):
                message = pattern.sub(replacement, message)
                break
        usage = self.format_usage().strip().removeprefix("用法：")
        self.exit(2, f"错误：{message}（用法：{usage}）\n")

    def format_usage(self) -> str:
        return _chinese(super().format_usage())

    def format_help(self) -> str:
        return _chinese(super().format_help())


def _chinese(text: str) -> str:
    for english, chinese in HELP_WORDS:
        text = text.replace(english, chinese)
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="zhenggai",
        description="整改台账：巡察整改通报解析、台账管理与公开通报。",
        epilog="其他子命令交给 Django 管理工具处理，例如 zhenggai migrate、zhenggai runserver、"
        "zhenggai createsuperuser、zhenggai demo；用 zhenggai help 查看全部 Django 命令。",
    )
    parser.add_argument("--version", action="version", version=f"zhenggai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, arguments, _handler) in COMMANDS.items():
        arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def run_django(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenggai", *argv])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from . import commands  # noqa: F401  (registers the library commands)

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        return run_django(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    return COMMANDS[args.command][2](args)


if __name__ == "__main__":
    # Run as `python -m zhenggai.cli`: delegate to the imported module, where the commands register.
    from zhenggai.cli import main as _main

    sys.exit(_main())
