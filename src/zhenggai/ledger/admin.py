"""Django admin for the ledger. Workflow fields (statuses, closure state, history) are read-only
here: they change only through the model methods, which write the progress log and audit trail."""

from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin

from .models import (
    Category,
    Closure,
    ClosureStep,
    Evidence,
    Handover,
    Inspection,
    Measure,
    Outcome,
    Problem,
    ProgressUpdate,
    Review,
    SupervisionAction,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["label", "title", "parent", "position"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "kind", "group_name", "feedback_date", "concentrated_deadline"]
    list_filter = ["kind", "require_supervisor_signoff", "unit"]
    search_fields = ["title", "group_name", "unit__name"]
    date_hierarchy = "feedback_date"
    autocomplete_fields = ["unit"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "inspection", "parent", "position"]
    list_filter = ["inspection__unit"]
    search_fields = ["title", "inspection__title"]
    autocomplete_fields = ["inspection", "parent"]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["position", "text", "leader", "department", "owner", "deadline", "long_term", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["leader", "department", "owner"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "inspection", "status", "closure_state", "is_public", "rebound_count"]
    list_filter = ["status", "closure_state", "is_public", "immediate", "inspection__unit"]
    search_fields = ["title", "description", "label", "inspection__title"]
    autocomplete_fields = ["inspection", "category", "reopened_from"]
    readonly_fields = ["status", "closure_state", "closed_at", "rebound_count", "status_override"]
    list_select_related = ["inspection"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["text", "problem", "department", "owner", "leader", "deadline", "long_term", "status"]
    list_filter = ["status", "long_term", "problem__inspection__unit"]
    search_fields = ["text", "problem__title", "department__name", "owner__username"]
    autocomplete_fields = ["problem", "leader", "department", "owner"]
    readonly_fields = ["status", "last_update_at"]
    list_select_related = ["problem", "department", "owner", "leader"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "problem", "measure", "author", "kind", "old_status", "new_status", "note"]
    list_filter = ["kind", "new_status", "problem__inspection__unit"]
    search_fields = ["note", "problem__title", "author__username"]
    date_hierarchy = "created_at"
    list_select_related = ["problem", "measure", "author"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "problem",
        "measure",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["content_type", "problem__inspection__unit"]
    search_fields = ["original_name", "description", "sha256", "problem__title"]
    readonly_fields = [
        "problem",
        "measure",
        "file",
        "original_name",
        "sha256",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request, obj=None):
        # Uploads go through Evidence.create_from_upload, which checks size and type.
        return False


class ClosureStepInline(admin.TabularInline):
    model = ClosureStep
    extra = 0
    can_delete = False
    readonly_fields = ["step", "decided_by", "decided_at", "approved", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["problem", "requested_by", "requested_at", "state", "step", "decided_at"]
    list_filter = ["state", "step", "problem__inspection__unit"]
    search_fields = ["problem__title", "note"]
    readonly_fields = ["problem", "requested_by", "requested_at", "state", "step", "decided_at"]
    inlines = [ClosureStepInline]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ClosureStep)
class ClosureStepAdmin(ReadOnlyAdmin):
    list_display = ["closure", "step", "decided_by", "decided_at", "approved", "note"]
    list_filter = ["step", "approved"]
    search_fields = ["note", "closure__problem__title"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["problem", "kind", "due_date", "result", "checked_by", "checked_at"]
    list_filter = ["kind", "result", "problem__inspection__unit"]
    search_fields = ["problem__title", "note"]
    readonly_fields = ["problem", "closure", "kind", "drawn_by", "result", "checked_by", "checked_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupervisionAction)
class SupervisionActionAdmin(admin.ModelAdmin):
    list_display = ["kind", "problem", "measure", "by", "at", "due_date"]
    list_filter = ["kind", "problem__inspection__unit"]
    search_fields = ["text", "problem__title"]
    readonly_fields = ["problem", "measure", "kind", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = [
        "effective_date",
        "unit",
        "from_user",
        "to_user",
        "from_department",
        "to_department",
        "by",
    ]
    list_filter = ["unit"]
    search_fields = ["note", "from_user__username", "to_user__username"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["inspection", "kind", "amount", "text", "problem"]
    list_filter = ["kind", "inspection__unit"]
    search_fields = ["text", "inspection__title", "problem__title"]
    autocomplete_fields = ["inspection", "problem"]
