"""Back-office base: every admin write is audited in the same transaction."""

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from . import audit
from .auth import ThrottledAdminAuthenticationForm
from .models import AuditEvent, DecreedDay

# The back office's login counts failures with the login page's counters (no second way to guess).
admin.site.login_form = ThrottledAdminAuthenticationForm


def _values(obj, fields) -> dict:
    return model_to_dict(obj, fields=fields)


class ReadOnly:
    """Read-only in the back-office, for a model admin or an inline: domain objects change only
    through their app's services (pages, API, imports), where the rules and the audit trail apply
    (decision 0025)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Records one audit event per object saved or deleted through the admin."""

    def _audit(self, request, obj, action: str, changes: dict) -> None:
        project_id = getattr(obj, "project_id", None)
        if project_id is None and obj._meta.label == "projects.Project":
            project_id = obj.pk  # a project's own changes belong in its history
        programme_id = getattr(obj, "programme_id", None)
        audit.record(
            actor=request.user,
            action=action,
            obj=obj,
            changes=changes,
            project_id=project_id,
            programme_id=programme_id,
        )

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            fields = list(form.changed_data)
            before = {}
            if change and hasattr(obj, "version"):
                before = _values(type(obj).objects.get(pk=obj.pk), fields)
                obj.version += 1
            super().save_model(request, obj, form, change)
            after = _values(obj, fields)
            changes = audit.diff(before, after) if change else audit.created(after)
            self._audit(request, obj, "admin.changed" if change else "admin.created", changes)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit(request, obj, "admin.deleted", {"deleted": [str(obj), None]})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "admin.deleted", {"deleted": [str(obj), None]})
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                self._audit(request, obj, "admin.deleted", {"deleted": [str(obj), None]})
                obj.delete()
            for obj in instances:
                adding = obj._state.adding
                obj.save()
                fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
                self._audit(
                    request,
                    obj,
                    "admin.created" if adding else "admin.changed",
                    audit.created(_values(obj, fields)),
                )
            formset.save_m2m()


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "action", "object_repr", "actor", "actor_organisation", "request_id")
    list_filter = ("action",)
    search_fields = ("object_repr", "reason", "request_id", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecreedDay)
class DecreedDayAdmin(AuditedModelAdmin):
    """Days put on a par with feast days by royal decree; add each new decree's days here."""

    list_display = ("day", "name", "source")
