from django.contrib import admin

from gridpact.core.admin import ReadOnly

from .models import Agreement, AgreementVersion


@admin.register(Agreement)
class AgreementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "programme")


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("agreement", "number", "status", "adopted_by", "adopted_on")
    list_filter = ("status",)
