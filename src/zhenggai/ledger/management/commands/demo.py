import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from zhenggai.ledger import demo


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


class Command(BaseCommand):
    help = (
        "载入虚构的演示数据：某市卫生健康委巡察办及其下属两家医院、各角色用户、处于各种状态的整改台账。"
        f"再次运行会先清除上次载入的演示数据。所有演示账号的密码均为 {demo.PASSWORD}。"
    )

    def handle(self, *args, **options):
        try:
            import time_machine
        except ImportError:
            raise CommandError("载入演示数据需要 time-machine 包：请运行 pip install time-machine") from None

        def travel(moment):
            return time_machine.travel(moment, tick=False)

        try:
            replaced, logins = demo.load(travel)
        except demo.DemoError as error:
            raise CommandError(str(error)) from None
        if replaced:
            self.stdout.write("已清除上次载入的演示数据，重新载入。")
        self.stdout.write(self.style.SUCCESS(f"演示数据已载入。登录账号（密码均为 {demo.PASSWORD}）："))
        header = ("用户名", "密码", "角色", "单位")
        rows = [header, *logins]
        sizes = [max(width(row[i]) for row in rows) for i in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(pad(cell, sizes[i]) for i, cell in enumerate(row)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * size for size in sizes))
        # `make run` serves on this address; the path is the portal's wherever it is served.
        self.stdout.write(f"公开通报（无需登录）：http://127.0.0.1:8000{reverse('portal:index')}")
