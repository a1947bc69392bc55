from django.contrib import admin

from gridpact.core.admin import AuditedModelAdmin, ReadOnly

from .models import Procedure, ProcedureType


@admin.register(ProcedureType)
class ProcedureTypeAdmin(AuditedModelAdmin):
    """The catalogue of procedure types and their statutory terms."""

    list_display = (
        "name",
        "legal_basis",
        "decision_term_amount",
        "decision_term_unit",
        "max_extension_weeks",
        "comment_period_weeks",
        "appeal_term_weeks",
    )
    search_fields = ("name", "code", "legal_basis")


@admin.register(Procedure)
class ProcedureAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only here: procedures are changed on their page, where the terms are validated."""

    list_display = ("title", "project", "procedure_type", "competent_authority", "status")
    list_filter = ("status", "procedure_type")
