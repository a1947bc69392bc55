from django.contrib import admin

from gridpact.core.admin import AuditedModelAdmin

from .models import Participation, Programme


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ("name", "owner", "status", "adopted_by", "adopted_on")
    list_filter = ("status",)
    search_fields = ("name", "code")
    inlines = (ParticipationInline,)
    raw_id_fields = ("reference_baseline",)
