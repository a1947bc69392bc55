from django.contrib import admin

from gridpact.core.admin import ReadOnly

from .models import Body, Meeting


@admin.register(Body)
class BodyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "programme")
    list_filter = ("kind",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("status",)
