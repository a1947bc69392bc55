"""The API of monitoring: its serializers and viewsets, registered on the one router in api/urls.py."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from gridpact.core.api.serializers import StrictSerializer
from gridpact.core.api.views import ScopedViewSet
from gridpact.core.errors import StaleEditError
from gridpact.programmes.models import Programme
from gridpact.projects.models import Milestone, Project

from . import permissions as monitoring_permissions
from . import services as monitoring_services
from .models import Cause, ProgressReport, ReportingPeriod, SelfStatus


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


class ReportingPeriodViewSet(ScopedViewSet):
    serializer_class = ReportingPeriodSerializer
    filters = {"programme": "programme", "status": "status"}
    ordering_fields = ("starts_on", "due_on")

    def scoped(self):
        return ReportingPeriod.objects.visible_to(self.request.user)


class ProgressReportViewSet(ScopedViewSet):
    """Submitted reports (never changed; a correction is a new report that `replaces` one)."""

    serializer_class = ProgressReportSerializer
    filters = {"project": "project", "period": "period", "programme": "period__programme"}
    ordering_fields = ("submitted_at", "number")
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return ProgressReport.objects.visible_to(self.request.user)

    @extend_schema(
        request=ProgressReportWriteSerializer,
        responses={201: ProgressReportSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Submit a project's report for an open period; another one for the same period is a
        correction, kept as a new version that `replaces` the previous one.

        As on the page: the lead grid operator reports (or the coordinator on its behalf); amber
        and red need an `explanation`, which is also the reason for any forecast moved with it.
        """
        user = request.user
        body = ProgressReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        project = get_object_or_404(Project.objects.visible_to(user), pk=values["project"])
        period = get_object_or_404(
            ReportingPeriod.objects.filter(programme__in=Programme.objects.visible_to(user)),
            pk=values["period"],
        )
        if not monitoring_permissions.can_report(user, project, period):
            raise PermissionDenied("Only the lead grid operator reports on this project.")
        if period.programme_id not in project.programme_ids:
            raise ValidationError({"period": "A period of a programme this project is not on."})
        try:
            report = monitoring_services.submit_report(
                actor=user,
                project=project,
                period=period,
                progress=values["progress"],
                status=values["status"],
                next_steps=values.get("next_steps", ""),
                explanation=values.get("explanation", ""),
                causes=values.get("causes", []),
                forecasts=_report_forecasts(user, values.get("forecasts", [])),
            )
        except StaleEditError as error:
            raise ValidationError(
                {"forecasts": "A milestone was changed by someone else; check the dates."}
            ) from error
        return Response(ProgressReportSerializer(report).data, status=201)


def _report_forecasts(user, forecasts: list[dict]) -> list[tuple]:
    """(milestone, date) pairs for the report service, of milestones the caller sees (else 404);
    the service refuses any but the project's open ones (400)."""
    wanted = [forecast["milestone"] for forecast in forecasts]
    milestones = Milestone.objects.visible_to(user).in_bulk(wanted)
    if len(milestones) != len(wanted):
        raise NotFound()
    return [(milestones[f["milestone"]], f["forecast_date"]) for f in forecasts]
