from django.contrib import admin

from gridpact.core.admin import ReadOnly

from .models import Baseline, Milestone, ProgrammeProject, Project, ProjectParty


class ProgrammeProjectInline(ReadOnly, admin.TabularInline):
    model = ProgrammeProject
    extra = 0


class ProjectPartyInline(ReadOnly, admin.TabularInline):
    model = ProjectParty
    extra = 0


class MilestoneInline(ReadOnly, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("sequence", "kind", "name", "owner", "forecast_date", "actual_date")


@admin.register(Project)
class ProjectAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "lead_operator", "phase", "confidentiality")
    list_filter = ("kind", "modality", "phase", "confidentiality", "lead_operator")
    search_fields = ("name", "code")
    inlines = (ProgrammeProjectInline, ProjectPartyInline, MilestoneInline)


@admin.register(Baseline)
class BaselineAdmin(ReadOnly, admin.ModelAdmin):
    """Baselines are frozen through the programme page; here they can only be read."""

    list_display = ("name", "programme", "frozen_on", "created_by")
