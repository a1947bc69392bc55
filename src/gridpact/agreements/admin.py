from django.contrib import admin

from .models import Agreement, AgreementVersion


class _ReadOnly(admin.ModelAdmin):
    """Read-only: agreements change only through their pages, where the cycle's rules apply and
    every write is audited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(_ReadOnly):
    list_display = ("title", "programme")


@admin.register(AgreementVersion)
class AgreementVersionAdmin(_ReadOnly):
    list_display = ("agreement", "number", "status", "adopted_by", "adopted_on")
    list_filter = ("status",)
