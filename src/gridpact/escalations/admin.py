from django.contrib import admin

from gridpact.core.admin import ReadOnly

from .models import Impediment


@admin.register(Impediment)
class ImpedimentAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: impediments move only through their page, where the ladder's rules apply."""

    list_display = ("title", "project", "level", "status", "level_due")
    list_filter = ("status", "level", "category")
