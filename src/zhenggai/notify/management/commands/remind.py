"""`zhenggai remind`: today's reminder digests by e-mail and in-app (see notify/README.md)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from zhenggai.notify import reminders


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date 参数“{value}”不是有效日期，应为 YYYY-MM-DD，例如 2026-03-01") from None


class Command(BaseCommand):
    help = (
        "按红黄绿灯和久未更新情况，向责任人、责任领导、单位主要负责人和整改办发送每日整改提醒摘要"
        "（邮件和站内通知）；同一天重复运行不会重复发送。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算灯色和提醒（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只显示将要发送的摘要，不发送、不记录")

    def handle(self, *args, **options):
        today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        dry_run = options["dry_run"]
        try:
            result = reminders.run(today, dry_run=dry_run)
        except reminders.MailError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            raise CommandError(
                f"无法读取数据库（{exc}）；请检查 DATABASE_URL，并先运行 zhenggai migrate。未发送任何提醒。"
            ) from None
        if dry_run or options["verbosity"] >= 2:
            for digest in result.digests:
                email = digest.recipient.email or "无邮箱，仅站内通知"
                self.stdout.write(f"{digest.recipient.username}（{email}）：{digest.subject}")
                if options["verbosity"] >= 2:
                    self.stdout.write(reminders.render_body(digest) + "\n")
        for failure in result.failures:
            self.stderr.write(f"发送失败：{failure}")
        self.stdout.write(result.summary(dry_run=dry_run))
        if result.failures:
            raise CommandError(
                f"{len(result.failures)} 份提醒摘要发送失败，已发送的不会重复；请检查后重新运行。"
            )
