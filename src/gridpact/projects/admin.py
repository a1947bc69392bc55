from django.contrib import admin

from .models import Baseline, Milestone, ProgrammeProject, Project, ProjectParty


class _ReadOnly:
    """Read-only in the back-office: projects, their parties and milestones change only through
    projects/services.py (the pages, the API, the imports), where the rules and the audit trail
    apply (decision 0025)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgrammeProjectInline(_ReadOnly, admin.TabularInline):
    model = ProgrammeProject
    extra = 0


class ProjectPartyInline(_ReadOnly, admin.TabularInline):
    model = ProjectParty
    extra = 0


class MilestoneInline(_ReadOnly, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("sequence", "kind", "name", "owner", "forecast_date", "actual_date")


@admin.register(Project)
class ProjectAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "lead_operator", "phase", "confidentiality")
    list_filter = ("kind", "modality", "phase", "confidentiality", "lead_operator")
    search_fields = ("name", "code")
    inlines = (ProgrammeProjectInline, ProjectPartyInline, MilestoneInline)


@admin.register(Baseline)
class BaselineAdmin(_ReadOnly, admin.ModelAdmin):
    """Baselines are frozen through the programme page; here they can only be read."""

    list_display = ("name", "programme", "frozen_on", "created_by")
