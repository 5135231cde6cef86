from django.contrib import admin

from .models import Notification, ReminderItem, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "level", "subject", "read_at"]
    list_filter = ["level", "created_at"]
    search_fields = ["subject", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "dedupe_key"]


class ReminderItemInline(admin.TabularInline):
    model = ReminderItem
    raw_id_fields = ["measure"]
    readonly_fields = ["measure", "kind", "light", "escalation", "reason", "deadline"]
    extra = 0
    can_delete = False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What `zhenggai remind` sent; kept read-only because it is the memory that stops repeats."""

    list_display = ["date", "recipient", "level", "subject", "email", "sent_at"]
    list_filter = ["date", "level"]
    search_fields = ["recipient__username", "subject"]
    readonly_fields = [
        "recipient",
        "date",
        "digest_key",
        "level",
        "subject",
        "email",
        "notification",
        "sent_at",
    ]
    inlines = [ReminderItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
