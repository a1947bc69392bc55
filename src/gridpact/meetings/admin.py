from django.contrib import admin

from .models import Body, Meeting


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: bodies and meetings change only through their pages, where the state machine,
    the permission checks and the audit trail apply."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "programme")
    list_filter = ("kind",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("status",)
