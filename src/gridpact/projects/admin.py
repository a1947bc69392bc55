from django.contrib import admin

from gridpact.core.admin import AuditedModelAdmin

from .models import Baseline, Milestone, ProgrammeProject, Project, ProjectParty


class ProgrammeProjectInline(admin.TabularInline):
    model = ProgrammeProject
    extra = 0


class ProjectPartyInline(admin.TabularInline):
    model = ProjectParty
    extra = 0
    autocomplete_fields = ("organisation",)


class MilestoneInline(admin.TabularInline):
    """Read-only: forecasts and actuals change on the project pages, with a reason and a version
    check (projects/services.py)."""

    model = Milestone
    extra = 0
    fields = ("sequence", "kind", "name", "owner", "forecast_date", "actual_date")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "kind", "lead_operator", "phase", "confidentiality")
    list_filter = ("kind", "modality", "phase", "confidentiality", "lead_operator")
    search_fields = ("name", "code")
    inlines = (ProgrammeProjectInline, ProjectPartyInline, MilestoneInline)


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    """Baselines are frozen through the programme page; here they can only be read."""

    list_display = ("name", "programme", "frozen_on", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
