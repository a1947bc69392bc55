"""Serializers validate shape only; every write goes through the domain services."""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from gridpact.agreements import sanitise
from gridpact.agreements.models import (
    Agreement,
    AgreementVersion,
    Clause,
    Commitment,
    Endorsement,
    Position,
)
from gridpact.costs.models import CostItem, CostKind, QuantityUnit
from gridpact.escalations.models import Category, Impediment, Severity
from gridpact.meetings.models import ActionStatus, Meeting, Outcome
from gridpact.monitoring.models import Cause, ProgressReport, ReportingPeriod, SelfStatus
from gridpact.parties.models import Organisation
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects.models import Milestone, Phase, Project

# Fields whose JSON type is a string: DRF would also take a number (and make "5" of 5).
_STRING_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.UUIDField,
)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a client cannot slip in organisation, status …, and
    values of another JSON type than the schema says.

    Checked on the raw input (also of nested serializers) and listed with the other errors.
    """

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, Mapping):
            for name in sorted(set(data) - set(self.fields)):
                refused[name] = [ErrorDetail("This field cannot be set.")]
            for name, field in self.fields.items():
                value = data.get(name)
                if isinstance(field, _STRING_FIELDS) and not isinstance(value, str | None):
                    refused[name] = [ErrorDetail("Not a string.")]
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if refused and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **refused}) from error
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return values


class DecimalStringField(serializers.DecimalField):
    """A decimal as a string ("12345.67"); a JSON number is refused, because a float cannot hold
    every amount exactly."""

    default_error_messages = {"not_a_string": 'Send the number as a string, e.g. "12345.67".'}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


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
        # Only the caller's programmes: another programme that shares the project is not the
        # caller's business, not even that it exists.
        from gridpact.core.access import access_for

        visible = access_for(self.context["request"].user).programme_ids
        return [
            str(link.programme_id)
            for link in project.programme_links.all()
            if link.programme_id in visible
        ]


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

    # Only the shape is checked here; the rules (a new forecast needs a reason, no actual date in
    # the future) are the milestone service's, whose errors the view renames to these fields.

    forecast_date = serializers.DateField(required=False)
    actual_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "forecast_date" not in attrs and "actual_date" not in attrs:
            raise serializers.ValidationError("Give forecast_date (with reason) or actual_date.")
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


class ImpedimentStepSerializer(StrictSerializer):
    """Escalate or send back: the reason, which the next level reads."""

    reason = serializers.CharField(max_length=5000)


class ImpedimentResolveSerializer(StrictSerializer):
    """Resolve: the decision that removed the impediment, and who took it."""

    decision = serializers.CharField(max_length=5000)
    decided_by = serializers.CharField(max_length=200)


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "programme", "name", "starts_on", "ends_on", "due_on", "status", "version"]


class ForecastChangeSerializer(serializers.Serializer):
    """A forecast moved with a report, as it was then."""

    milestone = serializers.CharField(help_text="The milestone's name.")
    old = serializers.CharField(
        help_text="The earlier forecast (YYYY-MM-DD); empty when there was none."
    )
    new = serializers.DateField(help_text="The new forecast.")


class ProgressReportSerializer(serializers.ModelSerializer):
    causes = serializers.ListField(
        child=serializers.ChoiceField(choices=Cause.choices),
        read_only=True,
        help_text="Causes of delay the report names.",
    )
    forecast_changes = ForecastChangeSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period",
            "project",
            "number",
            "replaces",
            "organisation",
            "submitted_at",
            "progress",
            "next_steps",
            "status",
            "explanation",
            "causes",
            "forecast_changes",
        ]


class ForecastSerializer(StrictSerializer):
    """A new forecast for one of the project's open milestones, given with a report."""

    milestone = serializers.UUIDField()
    forecast_date = serializers.DateField()


class ProgressReportWriteSerializer(StrictSerializer):
    """A project's report for a period; a second one for the same period is a correction.

    Forecasts move through the milestone service with the explanation (or else the progress) as
    their reason. Who reports, and which organisation, follows from the project.
    """

    project = serializers.UUIDField()
    period = serializers.UUIDField()
    progress = serializers.CharField(max_length=10000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    status = serializers.ChoiceField(choices=SelfStatus.choices)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    causes = serializers.ListField(
        child=serializers.ChoiceField(choices=Cause.choices), required=False, max_length=20
    )
    forecasts = ForecastSerializer(many=True, required=False, max_length=200)

    def validate_forecasts(self, forecasts):
        milestones = [f["milestone"] for f in forecasts]
        if len(set(milestones)) != len(milestones):
            raise serializers.ValidationError("Give each milestone once.")
        return forecasts


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "programme", "title", "description", "version"]


class AgreementVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "agreement",
            "number",
            "status",
            "summary",
            "based_on",
            "adopted_by",
            "adopted_on",
            "decision_reference",
            "replaced_by",
            "replaced_on",
            "version",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "kind", "target_percent", "body", "description"]


class ClauseSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name")
    text = serializers.SerializerMethodField()
    commitments = CommitmentSerializer(many=True)

    class Meta:
        model = Clause
        fields = [
            "id",
            "agreement_version",
            "key",
            "theme",
            "number",
            "title",
            "text",
            "commitments",
            "version",
        ]

    def get_text(self, clause) -> str:
        """The stored HTML, cleaned again on the way out as the pages do."""
        return sanitise.clean(clause.text)


class EndorsementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Endorsement
        fields = [
            "id",
            "agreement_version",
            "organisation",
            "level",
            "position",
            "comment",
            "given_by_name",
            "given_on",
            "version",
        ]


class EndorsementWriteSerializer(StrictSerializer):
    """An organisation's position on a version; the level follows from the caller's membership."""

    agreement_version = serializers.UUIDField()
    organisation = serializers.UUIDField()
    position = serializers.ChoiceField(choices=Position.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CostItemSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")

    class Meta:
        model = CostItem
        fields = [
            "id",
            "project",
            "category",
            "description",
            "amount",
            "kind",
            "phase",
            "reported_by",
            "requested_by",
            "quantity",
            "quantity_unit",
            "is_illustrative",
            "version",
        ]


class CostItemWriteSerializer(StrictSerializer):
    """What an organisation reports as one of its costs. `category` is the category's code;
    `reported_by` may be left out by someone who reports for one organisation only."""

    project = serializers.UUIDField()
    reported_by = serializers.UUIDField(required=False)
    category = serializers.SlugField(max_length=60)
    description = serializers.CharField(max_length=300)
    amount = DecimalStringField(max_digits=14, decimal_places=2)
    kind = serializers.ChoiceField(choices=CostKind.choices)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    requested_by = serializers.UUIDField(required=False, allow_null=True)
    quantity = DecimalStringField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    quantity_unit = serializers.ChoiceField(
        choices=QuantityUnit.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CostItemUpdateSerializer(StrictSerializer):
    """A correction of a cost item by the organisation that reported it: only the fields given
    change; the project and who reported it never do."""

    category = serializers.SlugField(max_length=60, required=False)
    description = serializers.CharField(max_length=300, required=False)
    amount = DecimalStringField(max_digits=14, decimal_places=2, required=False)
    kind = serializers.ChoiceField(choices=CostKind.choices, required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    requested_by = serializers.UUIDField(required=False, allow_null=True)
    quantity = DecimalStringField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    quantity_unit = serializers.ChoiceField(
        choices=QuantityUnit.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one field to change.")
        return attrs


class CostAllocationSerializer(serializers.Serializer):
    """What one organisation pays of one cost item under the programme's adopted rules; an item
    the rules cannot allocate has one row without a payer, with the reason."""

    cost_item = serializers.UUIDField()
    project = serializers.UUIDField()
    category = serializers.CharField()
    payer = serializers.UUIDField(allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    rule = serializers.CharField(allow_blank=True)
    clause_reference = serializers.CharField(allow_blank=True)
    explanation = serializers.CharField()
    legal_basis = serializers.CharField(
        allow_blank=True,
        help_text="The version of the statutory rule applied (citation and validity), for a rule "
        "the law prescribes; empty otherwise.",
    )
    scenario = serializers.CharField(
        allow_blank=True,
        help_text="Not empty when the amount follows a rule that is not law on the date of the "
        "request (not in force, or its basis still to be confirmed): the amount is only a "
        "scenario, and this says why.",
    )


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "programme",
            "body",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "status",
            "started_at",
            "closed_at",
            "version",
        ]


class ActionItemSerializer(serializers.ModelSerializer):
    """An action item; links to projects and impediments the caller may not see are left out."""

    project = serializers.UUIDField(source="visible_project", allow_null=True, read_only=True)
    impediment = serializers.UUIDField(source="visible_impediment", allow_null=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "meeting",
            "reference",
            "text",
            "owner_organisation",
            "due_date",
            "status",
            "status_note",
            "done_on",
            "project",
            "impediment",
            "version",
        ]


class ActionItemUpdateSerializer(StrictSerializer):
    """Report progress on an action item: its status and a note; nothing else is writable."""

    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
