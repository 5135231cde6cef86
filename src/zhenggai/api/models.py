"""API tokens: only a SHA-256 of the key is stored; the plaintext is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# Tokens look like "zg_<43 url-safe characters>"; the prefix makes them easy to spot in logs
# and in secret scanners, and the first characters after it identify a token in the admin.
TOKEN_PREFIX = "zg_"
PREFIX_LENGTH = 8
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户"
    )
    name = models.CharField("名称", max_length=100, blank=True)
    # Looked up by TokenAuth on every token-authenticated request.
    key_hash = models.CharField("密钥摘要（SHA-256）", max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=PREFIX_LENGTH + len(TOKEN_PREFIX), editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        label = self.name or "未命名"
        return f"{self.prefix}… {label}（{self.user}）"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple[ApiToken, str]:
        """Create a token for user; return it with the plaintext key, which is not kept."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_key(key), prefix=key[: len(TOKEN_PREFIX) + PREFIX_LENGTH]
        )
        return token, key

    @classmethod
    def authenticate(cls, key: str):
        """The active user the key belongs to, or None (unknown, revoked, or inactive user)."""
        if not key or not key.startswith(TOKEN_PREFIX) or len(key) > 200:
            return None
        token = cls.objects.select_related("user").filter(key_hash=hash_key(key), revoked=False).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def revoke(self) -> None:
        self.revoked = True
        self.save(update_fields=["revoked"])
