"""Serializers validate shape only; every write goes through the domain services."""

from rest_framework import serializers

from gridpact.escalations.models import Category, Impediment, Severity
from gridpact.parties.models import Organisation
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects.models import Milestone, Project


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a client cannot slip in organisation, status …"""

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(sorted(unknown), "This field cannot be set.")
            )
        return attrs


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "cbs_code", "inhabitants"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "edition",
            "owner",
            "status",
            "adopted_by",
            "adopted_on",
            "reference_baseline",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    programmes = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "modality",
            "lead_operator",
            "phase",
            "voltage_levels",
            "capacity_mva",
            "latitude",
            "longitude",
            "confidentiality",
            "is_illustrative",
            "programmes",
            "version",
        ]

    def get_programmes(self, project) -> list[str]:
        return [str(link.programme_id) for link in project.programme_links.all()]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "kind",
            "name",
            "sequence",
            "owner",
            "forecast_date",
            "actual_date",
            "version",
        ]


class MilestoneUpdateSerializer(StrictSerializer):
    """Move the forecast (with a reason) or record the actual date; nothing else is writable."""

    forecast_date = serializers.DateField(required=False)
    actual_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "forecast_date" not in attrs and "actual_date" not in attrs:
            raise serializers.ValidationError("Give forecast_date (with reason) or actual_date.")
        if "forecast_date" in attrs and not (attrs.get("reason") or "").strip():
            raise serializers.ValidationError({"reason": "A new forecast needs a reason."})
        return attrs


class ProcedureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = [
            "id",
            "project",
            "procedure_type",
            "title",
            "competent_authority",
            "applicant",
            "status",
            "received_on",
            "extension_weeks",
            "draft_published_on",
            "decided_on",
            "published_on",
            "appeal_lodged_on",
            "final_on",
            "version",
        ]


class ImpedimentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Impediment
        fields = [
            "id",
            "project",
            "programme",
            "title",
            "description",
            "category",
            "severity",
            "owner",
            "status",
            "level",
            "level_body",
            "level_since",
            "level_due",
            "resolved_on",
            "decision",
            "decided_by",
            "version",
        ]


class ImpedimentCreateSerializer(StrictSerializer):
    project = serializers.UUIDField()
    programme = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    owner = serializers.UUIDField()
