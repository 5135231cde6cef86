"""The organisation tree (supervisor → unit → department) and who holds which role where."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SUPERVISOR = "supervisor", "监督机构"
        UNIT = "unit", "被巡察单位"
        DEPARTMENT = "department", "部门/科室"

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主要负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField("电子邮箱", blank=True)
    # Materialised path "/1/5/12/", maintained by save(); subtree queries are one startswith.
    # Indexed for the access helpers (supervisor → every unit below it).
    path = models.CharField("路径", max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = ""
            if self.pk is not None:
                stored = Organisation.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
            if stored and self.parent_id and self.parent.path.startswith(stored):
                raise ValueError("上级机构不能是本机构或其下级机构")
            super().save(*args, **kwargs)
            prefix = self.parent.path if self.parent_id else "/"
            new_path = f"{prefix}{self.pk}/"
            if new_path != stored:
                Organisation.objects.filter(pk=self.pk).update(path=new_path)
                if stored:
                    # Moving a subtree: rewrite the prefix of every descendant.
                    for child in Organisation.objects.filter(path__startswith=stored).exclude(pk=self.pk):
                        Organisation.objects.filter(pk=child.pk).update(
                            path=new_path + child.path[len(stored) :]
                        )
            self.path = new_path

    def unit(self) -> Organisation | None:
        """The nearest UNIT ancestor-or-self (None for a supervisor above every unit)."""
        node: Organisation | None = self
        while node is not None:
            if node.kind == Organisation.Kind.UNIT:
                return node
            node = node.parent
        return None

    def descendants_q(self, prefix: str = "") -> Q:
        """Q matching this organisation and everything below it; `prefix` is a lookup path
        such as "unit__" to filter another model by its organisation."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def descendants(self):
        return Organisation.objects.filter(self.descendants_q())

    def ancestors(self) -> list[Organisation]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        by_id = Organisation.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]


class Membership(models.Model):
    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", "监督（巡察办/纪委）"
        UNIT_ADMIN = "unit_admin", "整改办"
        LEADER = "leader", "责任领导"
        OWNER = "owner", "责任部门/责任人"
        VIEWER = "viewer", "只读"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "成员角色"
        verbose_name_plural = "成员角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
