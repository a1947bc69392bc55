from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gridpact.core.admin import AuditedModelAdmin

from . import services
from .models import ExternalIdentity, TotpDevice


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(AuditedModelAdmin):
    """An administrator links a person to their account at the identity provider here."""

    list_display = ("user", "issuer", "subject", "last_login_at")
    search_fields = ("user__username", "user__last_name", "subject")
    autocomplete_fields = ("user",)
    readonly_fields = ("last_login_at",)


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Read-only list of authenticator apps; the one change allowed is a reset (audited)."""

    list_display = ("user", "confirmed_at", "last_used_at")
    search_fields = ("user__username", "user__last_name")
    fields = ("user", "confirmed_at", "last_used_at")
    readonly_fields = fields
    actions = ["reset"]

    def _may_reset(self, request) -> bool:
        return services.people_whose_app_actor_may_reset(request.user).exists()

    def get_queryset(self, request):
        people = services.people_whose_app_actor_may_reset(request.user)
        return super().get_queryset(request).filter(user__in=people)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._may_reset(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._may_reset(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the reset action removes an app, with its audit event

    def has_reset_permission(self, request):
        return self._may_reset(request)

    @admin.action(description=_("Reset two-step verification"), permissions=["reset"])
    def reset(self, request, queryset):
        count = 0
        for device in queryset.select_related("user"):
            try:
                services.reset_second_factor(actor=request.user, user=device.user)
            except PermissionDenied:
                continue
            count += 1
        self.message_user(
            request,
            ngettext(
                "Two-step verification reset for %(count)d person; they set it up again at "
                "their next login.",
                "Two-step verification reset for %(count)d people; they set it up again at "
                "their next login.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
