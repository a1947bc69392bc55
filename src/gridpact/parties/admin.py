from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gridpact.core.admin import AuditedAdminMixin, AuditedModelAdmin

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "kind", "cbs_code", "inhabitants")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "cbs_code")


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    inlines = (MembershipInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("user", "organisation", "role", "level", "active")
    list_filter = ("role", "level", "organisation")
    autocomplete_fields = ("user", "organisation")
