from django.contrib import admin

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is append-only: the admin may look, never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "unit", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type", "unit"]
    search_fields = ["summary", "note", "object_id", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "unit"]
