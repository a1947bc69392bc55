"""The API of the capacity map (read only): service areas with the latest figures, and projects'
links to the map. Registered on the one router in api/urls.py."""

from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gridpact.core.api.views import ScopedViewSet
from gridpact.programmes.models import Programme
from gridpact.projects import queries as project_queries

from . import queries
from .models import AreaFigures, ProjectAreaLink, ProjectWorkLink, ServiceArea


class AreaFiguresSerializer(serializers.ModelSerializer):
    """What the latest snapshot says about an area; MW as decimals, null where the map shows "-"."""

    snapshot_date = serializers.DateField(source="publication.snapshot_date")

    class Meta:
        model = AreaFigures
        fields = [
            "snapshot_date",
            "capacity_now_withdrawal",
            "capacity_needed_withdrawal",
            "capacity_now_injection",
            "capacity_needed_injection",
            "queue_withdrawal_mw",
            "queue_withdrawal_requests",
            "queue_injection_mw",
            "queue_injection_requests",
            "year_solved_withdrawal",
            "year_solved_injection",
            "tennet_year_solved_withdrawal",
            "tennet_year_solved_injection",
        ]


class ServiceAreaSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField()

    class Meta:
        model = ServiceArea
        fields = ["id", "operator", "code", "name", "province", "latest"]

    @extend_schema_field(AreaFiguresSerializer(allow_null=True))
    def get_latest(self, area):
        figures = getattr(area, "latest_figures", None)
        return AreaFiguresSerializer(figures[0]).data if figures else None


class ProjectAreaLinkSerializer(serializers.ModelSerializer):
    confirmed_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ProjectAreaLink
        fields = ["id", "project", "area", "confirmed_at"]


class ProjectWorkLinkSerializer(serializers.ModelSerializer):
    confirmed_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ProjectWorkLink
        fields = ["id", "project", "operator", "work_key", "work_name", "confirmed_at"]


class ServiceAreaViewSet(ScopedViewSet):
    """Service areas of the public capacity map, with the figures of the latest snapshot. The map
    is public: every caller reads every area."""

    serializer_class = ServiceAreaSerializer
    filters = {"operator": "operator"}
    ordering_fields = ("name", "code")

    def scoped(self):
        latest = queries.publications().values("pk")[:1]
        return ServiceArea.objects.order_by("operator", "name").prefetch_related(
            Prefetch(
                "figures",
                queryset=AreaFigures.objects.filter(publication__in=latest).select_related(
                    "publication"
                ),
                to_attr="latest_figures",
            )
        )


class ProjectAreaLinkViewSet(ScopedViewSet):
    """Which service areas a project relieves, as confirmed; scoped like the project."""

    serializer_class = ProjectAreaLinkSerializer
    filters = {"project": "project"}

    def scoped(self):
        return ProjectAreaLink.objects.visible_to(self.request.user).order_by("created_at")


class ProjectWorkLinkViewSet(ScopedViewSet):
    """Which public works (by operator and matching key) are a project; scoped like the project."""

    serializer_class = ProjectWorkLinkSerializer
    filters = {"project": "project"}

    def scoped(self):
        return ProjectWorkLink.objects.visible_to(self.request.user).order_by("created_at")


class ProjectPromiseSerializer(serializers.Serializer):
    """One project against the capacity map (decision 0028): its settled public range, the
    forecast against it, who waits for it and its MW-months of delay."""

    project = serializers.UUIDField()
    public_range = serializers.CharField(allow_null=True, help_text="e.g. 2033–2035")
    public_earliest = serializers.DateField(allow_null=True)
    public_latest = serializers.DateField(allow_null=True)
    pending_range = serializers.CharField(
        allow_null=True, help_text="A newer public range not yet confirmed by a second snapshot."
    )
    forecast_in_service = serializers.DateField(allow_null=True)
    direction = serializers.ChoiceField(
        choices=["inside", "earlier", "later"], allow_null=True, help_text="Forecast vs range."
    )
    months_outside = serializers.FloatField(allow_null=True)
    areas = serializers.ListField(child=serializers.UUIDField())
    waiting_mw = serializers.DecimalField(max_digits=12, decimal_places=3)
    waiting_requests = serializers.IntegerField()
    attributed_mw = serializers.DecimalField(max_digits=12, decimal_places=3)
    slip_months = serializers.DecimalField(max_digits=8, decimal_places=1)
    mw_months = serializers.DecimalField(max_digits=16, decimal_places=4)


def _promise_data(found) -> dict:
    settled, comparison = found.settled, found.comparison
    row = found.mw
    return {
        "project": found.project_id,
        "public_range": settled.range.label if settled.range else None,
        "public_earliest": settled.range.earliest_day if settled.range else None,
        "public_latest": settled.range.latest_day if settled.range else None,
        "pending_range": settled.pending.label if settled.pending else None,
        "forecast_in_service": found.forecast,
        "direction": comparison.direction if comparison else None,
        "months_outside": comparison.months_outside if comparison else None,
        "areas": [f.area_id for f in found.areas],
        "waiting_mw": found.waiting.mw,
        "waiting_requests": found.waiting.requests,
        "attributed_mw": row.attributed_mw if row else Decimal(0),
        "slip_months": row.slip_months if row else Decimal(0),
        "mw_months": row.mw_months if row else Decimal(0),
    }


class ProgrammePromiseSerializer(serializers.ModelSerializer):
    """A programme's visible projects against the capacity map, and its totals (each area once)."""

    id = serializers.UUIDField(source="pk", help_text="The programme.")
    snapshot_date = serializers.SerializerMethodField()
    waiting_mw = serializers.SerializerMethodField()
    waiting_requests = serializers.SerializerMethodField()
    mw_months = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id",
            "snapshot_date",
            "waiting_mw",
            "waiting_requests",
            "mw_months",
            "projects",
        ]

    def _found(self, programme):
        cache = self.context.setdefault("promises", {})
        if programme.pk not in cache:
            user = self.context["request"].user
            baseline = project_queries.pick_baseline(
                project_queries.baselines_for(programme), None, programme.reference_baseline_id
            )
            rows = project_queries.programme_project_rows(user, programme, baseline, {})
            cache[programme.pk] = queries.project_promises(user, rows)
        return cache[programme.pk]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_snapshot_date(self, programme):
        publication = self._found(programme).publication
        return publication.snapshot_date if publication else None

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=3))
    def get_waiting_mw(self, programme):
        return serializers.DecimalField(max_digits=12, decimal_places=3).to_representation(
            self._found(programme).waiting.mw
        )

    @extend_schema_field(serializers.IntegerField())
    def get_waiting_requests(self, programme):
        return self._found(programme).waiting.requests

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=4))
    def get_mw_months(self, programme):
        return serializers.DecimalField(max_digits=16, decimal_places=4).to_representation(
            self._found(programme).mw_months
        )

    @extend_schema_field(ProjectPromiseSerializer(many=True))
    def get_projects(self, programme):
        return ProjectPromiseSerializer(
            [_promise_data(p) for p in self._found(programme).projects.values()], many=True
        ).data


class ProgrammePromiseViewSet(ScopedViewSet):
    """Per visible programme: its visible projects' public promise, waiting lists and
    MW-months (decision 0028). A project the caller cannot see is not in it and adds nothing."""

    serializer_class = ProgrammePromiseSerializer

    def scoped(self):
        return Programme.objects.visible_to(self.request.user).order_by("name")
