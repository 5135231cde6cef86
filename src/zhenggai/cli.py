"""The ``zhenggai`` command.

Its own subcommands (those that need no database, such as ``parse``) come first; any other
subcommand goes to Django's management utility, so ``zhenggai migrate``, ``zhenggai runserver``
and the project's management commands (``zhenggai demo`` …) work without a manage.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from . import __version__

Handler = Callable[[argparse.Namespace], int]
# name -> (help text, function adding arguments, handler); filled by the decorator below.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None]):
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (help, arguments, handler)
        return handler

    return register


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    sys.exit(main())
