"""The national roll-up in the API (read-only): the same figures as the page and the XLSX."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from gridpact.core.api.views import QueryKeys

from . import queries
from .permissions import has_national_role


class HasNationalRole(BasePermission):
    """Without a national role the roll-up does not exist for the caller: 404 (decision 0002)."""

    def has_permission(self, request, view):
        if view.action is None:  # a method this path does not offer: 405 comes first
            return True
        if request.user.is_authenticated and not has_national_role(request.user):
            raise NotFound("Only people with a national role (a ministry, an umbrella body).")
        return True


class FiguresSerializer(serializers.Serializer):
    projects = serializers.IntegerField(help_text="Projects on the lists (one per list).")
    accelerated = serializers.IntegerField(help_text="In service earlier than the baseline.")
    on_time = serializers.IntegerField(help_text="In service on the baseline date.")
    delayed = serializers.IntegerField(help_text="In service later than the baseline.")
    unknown = serializers.IntegerField(help_text="Without an in-service baseline or forecast.")
    slip_days = serializers.IntegerField(help_text="The sum of the delayed projects' slips.")
    net_delay_days = serializers.IntegerField(help_text="Slips minus gains, in days.")
    national_impediments = serializers.IntegerField(
        help_text="Open impediments at the top level of their programme's escalation ladder."
    )
    waiting_mw = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        allow_null=True,
        help_text="MW on the waiting lists of the service areas the projects relieve, each area "
        "once; null when no project is linked to the capacity map.",
    )


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The programme's or organisation's id, or the phase's code."
    )
    name = serializers.CharField()
    figures = FiguresSerializer()


class ComparisonSerializer(serializers.Serializer):
    programme = serializers.UUIDField(allow_null=True, help_text="Null for the total.")
    name = serializers.CharField()
    now = FiguresSerializer()
    before = FiguresSerializer(
        allow_null=True,
        help_text="The last quarter closed in the previous half-year, from its snapshot; null "
        "when the programme closed none then.",
    )


class RollupSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day the figures are of.")
    distinct_projects = serializers.IntegerField(
        help_text="Projects counted once, also when on several lists."
    )
    total = FiguresSerializer()
    programmes = GroupSerializer(many=True)
    provinces = GroupSerializer(many=True)
    grid_operators = GroupSerializer(many=True)
    phases = GroupSerializer(many=True)
    previous_half_year_start = serializers.DateField()
    half_year = ComparisonSerializer(many=True, help_text="Per programme, then the total.")


def _figures(rollup, figures, waiting="unset") -> dict:
    return {
        "projects": figures.projects,
        "accelerated": figures.accelerated,
        "on_time": figures.on_time,
        "delayed": figures.delayed,
        "unknown": figures.unknown,
        "slip_days": figures.slip_days,
        "net_delay_days": figures.net_delay_days,
        "national_impediments": figures.national_impediments,
        "waiting_mw": rollup.waiting_mw(figures) if waiting == "unset" else waiting,
    }


def _groups(rollup, groups, key=lambda k: k) -> list:
    return [
        {"key": str(key(g.key)), "name": g.label, "figures": _figures(rollup, g.figures)}
        for g in groups
    ]


def _comparison(rollup, row) -> dict:
    return {
        "programme": row.programme.pk if row.programme else None,
        "name": row.label,
        "now": _figures(rollup, row.now),
        "before": _figures(rollup, row.before, None) if row.before else None,
    }


class NationalRollupViewSet(QueryKeys, viewsets.GenericViewSet):
    """Every programme the caller may see, per province, grid operator and phase (decision
    0033). Only for a national role (else 404); a project the caller cannot see adds nothing."""

    permission_classes = [IsAuthenticated, HasNationalRole]
    serializer_class = RollupSerializer
    pagination_class = None

    @extend_schema(summary="The national roll-up")
    def list(self, request):
        rollup = queries.rollup(request.user, timezone.localdate())
        data = {
            "date": rollup.today,
            "distinct_projects": rollup.distinct_projects,
            "total": _figures(rollup, rollup.total),
            "programmes": _groups(rollup, rollup.programmes, lambda p: p.pk),
            "provinces": _groups(rollup, rollup.provinces),
            "grid_operators": _groups(rollup, rollup.operators),
            "phases": _groups(rollup, rollup.phases),
            "previous_half_year_start": rollup.half_year.previous().starts_on,
            "half_year": [
                _comparison(rollup, row) for row in [*rollup.comparisons, rollup.comparison_total]
            ],
        }
        return Response(RollupSerializer(data).data)
