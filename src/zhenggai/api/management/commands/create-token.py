"""`zhenggai create-token USERNAME [--name NAME]`: issue an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhenggai.api.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建接口令牌（Authorization: Bearer <令牌>），令牌只显示这一次。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="", help="令牌名称，便于日后识别和吊销")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist:
            raise CommandError(f"用户“{options['username']}”不存在。") from None
        if not user.is_active:
            raise CommandError(f"用户“{options['username']}”已停用，不能创建令牌。")
        name = options["name"].strip()
        if len(name) > 100:
            raise CommandError("令牌名称不能超过 100 个字符。")
        token, key = ApiToken.issue(user, name=name)
        self.stderr.write(f"已为 {user} 创建令牌 {token.prefix}…（只显示这一次，请妥善保存）：")
        self.stdout.write(key)
