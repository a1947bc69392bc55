"""The API of projects: its serializers and viewsets, registered on the one router in api/urls.py."""

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from gridpact.core.access import access_for
from gridpact.core.api.errors import (
    if_match_version,
    service_fields,
)
from gridpact.core.api.serializers import StrictSerializer
from gridpact.core.api.views import ScopedViewSet, versioned

from . import planning
from . import services as project_services
from .models import (
    DependencyType,
    LagUnit,
    Milestone,
    MilestoneDependency,
    Project,
    ScheduleResult,
)


def _stored_results(user, prefix: str = "") -> Prefetch:
    """The stored schedule figures the caller may see (decision 0031), the caller's programme
    with the first name first; one query per page."""
    return Prefetch(
        f"{prefix}schedule_results",
        queryset=ScheduleResult.objects.visible_to(user)
        .select_related("run")
        .order_by("programme__name", "programme_id"),
        to_attr="visible_results",
    )


class StoredRisk(serializers.Serializer):
    """P50/P80 from the stored schedule of one of the caller's programmes (decision 0031)."""

    programme = serializers.UUIDField(source="programme_id")
    p50 = serializers.DateField()
    p80 = serializers.DateField()
    computed_at = serializers.DateTimeField(source="run.computed_at")
    stale = serializers.BooleanField(
        source="run.stale", help_text="A change since; the figures are being recomputed."
    )


def _first_result(milestone) -> ScheduleResult | None:
    return next(iter(getattr(milestone, "visible_results", [])), None)


class ProjectSerializer(serializers.ModelSerializer):
    programmes = serializers.SerializerMethodField()
    in_service_risk = serializers.SerializerMethodField()

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
            "in_service_risk",
            "version",
        ]

    @extend_schema_field(StoredRisk(allow_null=True))
    def get_in_service_risk(self, project) -> dict | None:
        """The in-service P50/P80 of the project (its in-service milestone) in the stored
        schedule of one of the caller's programmes; null for an internal project (its figures
        are computed on the project page only) or before the first computation."""
        for milestone in project.milestones.all():
            found = _first_result(milestone)
            if found is not None and found.finishes_project:
                return StoredRisk(found).data
        return None

    def get_programmes(self, project) -> list[str]:
        # Only the caller's programmes: another programme that shares the project is not the
        # caller's business, not even that it exists.

        visible = access_for(self.context["request"].user).programme_ids
        return [
            str(link.programme_id)
            for link in project.programme_links.all()
            if link.programme_id in visible
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    earliest_date = serializers.SerializerMethodField(
        help_text="The earliest date the dependencies the caller may see allow (decision 0030)."
    )
    latest_date = serializers.SerializerMethodField(
        help_text="The latest date that moves no project's end."
    )
    total_float_days = serializers.SerializerMethodField(
        help_text="Days it can slip without moving any project's end; null once reached."
    )
    on_critical_path = serializers.SerializerMethodField()
    schedule_risk = serializers.SerializerMethodField()

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
            "earliest_date",
            "latest_date",
            "total_float_days",
            "on_critical_path",
            "schedule_risk",
            "version",
        ]

    @extend_schema_field(StoredRisk(allow_null=True))
    def get_schedule_risk(self, milestone) -> dict | None:
        """P50/P80 from the stored schedule of one of the caller's programmes; null for a
        milestone of an internal project or before the first computation."""
        found = _first_result(milestone)
        return StoredRisk(found).data if found is not None else None

    def _plan(self, milestone) -> planning.MilestonePlan | None:
        """The network around the milestone's project as the caller sees it, built once per
        project and request."""
        request = self.context.get("request")
        if request is None:
            return None
        plans = self.context.setdefault("plans", {})
        if milestone.project_id not in plans:
            plans[milestone.project_id] = planning.build(request.user, [milestone.project_id])
        plan = plans[milestone.project_id]
        return plan.of(milestone.pk) if milestone.pk in plan.milestones else None

    def get_earliest_date(self, milestone) -> date | None:
        plan = self._plan(milestone)
        return plan.earliest if plan else None

    def get_latest_date(self, milestone) -> date | None:
        plan = self._plan(milestone)
        return plan.latest if plan else None

    def get_total_float_days(self, milestone) -> int | None:
        plan = self._plan(milestone)
        return plan.total_float if plan else None

    def get_on_critical_path(self, milestone) -> bool:
        plan = self._plan(milestone)
        return bool(plan and plan.critical)


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


class ProjectViewSet(ScopedViewSet):
    serializer_class = ProjectSerializer
    filters = {
        "programme": "programme_links__programme",
        "phase": "phase",
        "leadOperator": "lead_operator",
    }
    ordering_fields = ("name", "code")

    def scoped(self):
        return Project.objects.visible_to(self.request.user).prefetch_related(
            "programme_links", "milestones", _stored_results(self.request.user, "milestones__")
        )


class MilestoneViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    serializer_class = MilestoneSerializer
    filters = {"project": "project", "kind": "kind"}
    ordering_fields = ("forecast_date", "sequence")
    http_method_names = ["get", "patch", "head", "options"]

    def scoped(self):
        return (
            Milestone.objects.visible_to(self.request.user)
            .select_related("project")
            .prefetch_related(_stored_results(self.request.user))
        )

    @extend_schema(request=MilestoneUpdateSerializer, responses=MilestoneSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Move the forecast (`forecast_date` + `reason`) or record `actual_date`.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        milestone = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        expected = if_match_version(request, milestone.version)
        data = MilestoneUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # Both dates in one service call: one transaction, so a refused date stores neither.
        with service_fields(MILESTONE_FIELDS):
            project_services.update_milestone_dates(
                actor=request.user,
                milestone=milestone,
                forecast=values.get("forecast_date"),
                actual=values.get("actual_date"),
                reason=values.get("reason", ""),
                expected_version=expected,
            )
        return versioned(MilestoneSerializer(milestone, context={"request": request}).data)


# The service's argument names → the schema's field names, for its errors.
MILESTONE_FIELDS = {"forecast": "forecast_date", "actual": "actual_date"}


class DependencySerializer(serializers.ModelSerializer):
    """`successor` cannot happen before `predecessor` plus the lag (decision 0029)."""

    class Meta:
        model = MilestoneDependency
        fields = ["id", "predecessor", "successor", "type", "lag", "lag_unit"]


class DependencyCreateSerializer(StrictSerializer):
    """Only the shape; the rules (no loop, no duplicate, lag 0–3,660 days) are the service's,
    whose errors the view reports under these names."""

    predecessor = serializers.UUIDField()
    successor = serializers.UUIDField()
    type = serializers.ChoiceField(
        choices=DependencyType.choices, default=DependencyType.FINISH_TO_START
    )
    lag = serializers.IntegerField(default=0)
    lag_unit = serializers.ChoiceField(choices=LagUnit.choices, default=LagUnit.CALENDAR_DAYS)


class DependencyViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    """The dependencies between milestones the caller sees (both ends); a dependency with one end
    out of sight does not exist for the caller (decision 0030)."""

    serializer_class = DependencySerializer
    filters = {
        "project": "successor__project",
        "successor": "successor",
        "predecessor": "predecessor",
    }
    http_method_names = ["get", "post", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"  # any other id is a path no view serves (404)

    def scoped(self):
        visible = Milestone.objects.visible_to(self.request.user).values("pk")
        return MilestoneDependency.objects.filter(
            successor__in=visible, predecessor__in=visible
        ).order_by("pk")

    @extend_schema(request=DependencyCreateSerializer, responses={201: DependencySerializer})
    def create(self, request, *args, **kwargs):
        """Record that `successor` waits for `predecessor` (maybe of another project), with a
        type (FS, SS, FF) and a lag in calendar or working days. Whoever may edit the successor
        may; a loop is refused with its path."""
        body = DependencyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        visible = Milestone.objects.visible_to(request.user).select_related("project")
        ends = {
            m.pk: m for m in visible.filter(pk__in=[values["predecessor"], values["successor"]])
        }
        if values["predecessor"] not in ends or values["successor"] not in ends:
            raise NotFound()  # what the caller may not see does not exist for them
        with service_fields({}):
            link = project_services.add_dependency(
                actor=request.user,
                successor=ends[values["successor"]],
                predecessor=ends[values["predecessor"]],
                type=values["type"],
                lag=values["lag"],
                lag_unit=values["lag_unit"],
            )
        return Response(DependencySerializer(link).data, status=201)

    def destroy(self, request, *args, **kwargs):
        """Drop a dependency. Whoever may edit its successor may."""
        link = (
            self.get_queryset()
            .select_related("successor__project", "predecessor")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if link is None:
            raise NotFound()
        project_services.remove_dependency(
            actor=request.user, successor=link.successor, predecessor=link.predecessor
        )
        return Response(status=204)
