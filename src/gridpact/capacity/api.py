"""The API of the capacity map (read only): service areas with the latest figures, and projects'
links to the map. Registered on the one router in api/urls.py."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gridpact.core.api.views import ScopedViewSet

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
