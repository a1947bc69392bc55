from django.contrib import admin

from .models import Impediment


@admin.register(Impediment)
class ImpedimentAdmin(admin.ModelAdmin):
    """Read-only: impediments move only through their page, where the ladder's rules apply."""

    list_display = ("title", "project", "level", "status", "level_due")
    list_filter = ("status", "level", "category")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
