from django.contrib import admin

from gridpact.core.admin import AuditedModelAdmin, ReadOnly

from .models import AllocationRule, CostCategory, CostItem, RuleLine, RuleSet


@admin.register(CostCategory)
class CostCategoryAdmin(AuditedModelAdmin):
    """Categories: administrators add built-in ones (no programme) for every programme."""

    list_display = ("name", "code", "programme", "sequence")
    list_filter = ("programme",)
    search_fields = ("name", "code")


@admin.register(CostItem)
class CostItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("description", "project", "category", "amount", "kind", "reported_by")
    list_filter = ("kind", "category")
    search_fields = ("description", "project__name")


class RuleLineInline(ReadOnly, admin.TabularInline):
    model = RuleLine
    extra = 0


@admin.register(AllocationRule)
class AllocationRuleAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "category", "rule_set", "clause_reference")
    list_filter = ("rule_set__programme",)
    inlines = [RuleLineInline]


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "programme", "status", "adopted_on")
    list_filter = ("status", "programme")
