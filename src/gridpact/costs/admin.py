from django.contrib import admin

from gridpact.core.admin import AuditedModelAdmin

from .models import AllocationRule, CostCategory, CostItem, RuleLine, RuleSet


@admin.register(CostCategory)
class CostCategoryAdmin(AuditedModelAdmin):
    """Categories: administrators add built-in ones (no programme) for every programme."""

    list_display = ("name", "code", "programme", "sequence")
    list_filter = ("programme",)
    search_fields = ("name", "code")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only here: figures and rules change on their pages, where they are checked."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CostItem)
class CostItemAdmin(ReadOnlyAdmin):
    list_display = ("description", "project", "category", "amount", "kind", "reported_by")
    list_filter = ("kind", "category")
    search_fields = ("description", "project__name")


class RuleLineInline(admin.TabularInline):
    model = RuleLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllocationRule)
class AllocationRuleAdmin(ReadOnlyAdmin):
    list_display = ("name", "category", "rule_set", "clause_reference")
    list_filter = ("rule_set__programme",)
    inlines = [RuleLineInline]


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme", "status", "adopted_on")
    list_filter = ("status", "programme")
