from django.contrib import admin

from .models import PublicFeedback, PublicReport


@admin.register(PublicReport)
class PublicReportAdmin(admin.ModelAdmin):
    """Published reports are frozen: the admin may look, never change them."""

    list_display = ["title", "version", "scope", "as_of", "published_at", "published_by", "superseded_by"]
    list_filter = ["scope"]
    search_fields = ["title", "text"]
    list_select_related = ["inspection", "published_by"]
    exclude = ["docx", "html"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicFeedback)
class PublicFeedbackAdmin(admin.ModelAdmin):
    """意见建议 are moderated on the unit's own pages (with their audit trail); the admin only looks."""

    list_display = ["created_at", "report", "state", "problem_title", "answered_at"]
    list_filter = ["state"]
    search_fields = ["text", "answer", "problem_title"]
    list_select_related = ["report"]
    exclude = ["ip_hash"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
