"""`/api/v1/`: the same scoped reads and the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gridpact.core.access import access_for
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import Impediment
from gridpact.parties.models import Organisation
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects import services as project_services
from gridpact.projects.models import Milestone, Project

from . import serializers
from .errors import if_match_version


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details of what the caller may see; anything else answers 404."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filters: dict[str, str] = {}
    ordering_fields: tuple[str, ...] = ()

    def scoped(self):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.scoped()
        for param, lookup in self.filters.items():
            value = self.request.query_params.get(param)
            if value:
                try:
                    queryset = queryset.filter(**{lookup: value})
                except (DjangoValidationError, ValueError) as error:  # a malformed id
                    raise ValidationError({param: "Not a valid value."}) from error
        ordering = self.request.query_params.get("ordering", "")
        if ordering.lstrip("-") in self.ordering_fields:
            queryset = queryset.order_by(ordering)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if "version" in response.data:
            response["ETag"] = f'"{response.data["version"]}"'
        return response


def versioned(data, status: int = 200) -> Response:
    """A response with the ETag a later write sends back in If-Match."""
    return Response(data, status=status, headers={"ETag": f'"{data["version"]}"'})


class OrganisationViewSet(ScopedViewSet):
    serializer_class = serializers.OrganisationSerializer
    ordering_fields = ("name",)

    def scoped(self):
        programmes = access_for(self.request.user).programme_ids
        return Organisation.objects.filter(participations__programme__in=programmes).distinct()


class ProgrammeViewSet(ScopedViewSet):
    serializer_class = serializers.ProgrammeSerializer
    ordering_fields = ("name",)

    def scoped(self):
        return Programme.objects.visible_to(self.request.user)


class ProjectViewSet(ScopedViewSet):
    serializer_class = serializers.ProjectSerializer
    filters = {
        "programme": "programme_links__programme",
        "phase": "phase",
        "lead_operator": "lead_operator",
    }
    ordering_fields = ("name", "code")

    def scoped(self):
        return Project.objects.visible_to(self.request.user).prefetch_related("programme_links")


class MilestoneViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    serializer_class = serializers.MilestoneSerializer
    filters = {"project": "project", "kind": "kind"}
    ordering_fields = ("forecast_date", "sequence")
    http_method_names = ["get", "patch", "head", "options"]

    def scoped(self):
        return Milestone.objects.visible_to(self.request.user).select_related("project")

    @extend_schema(
        request=serializers.MilestoneUpdateSerializer, responses=serializers.MilestoneSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        """Move the forecast (`forecast_date` + `reason`) or record `actual_date`.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        milestone = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        expected = if_match_version(request)
        data = serializers.MilestoneUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "forecast_date" in values:
            project_services.forecast_milestone(
                actor=request.user,
                milestone=milestone,
                forecast=values["forecast_date"],
                reason=values["reason"],
                expected_version=expected,
            )
            expected = milestone.version
        if "actual_date" in values:
            project_services.record_actual(
                actor=request.user,
                milestone=milestone,
                actual=values["actual_date"],
                reason=values.get("reason", ""),
                expected_version=expected,
            )
        return versioned(serializers.MilestoneSerializer(milestone).data)


class ProcedureViewSet(ScopedViewSet):
    serializer_class = serializers.ProcedureSerializer
    filters = {"project": "project", "competent_authority": "competent_authority"}
    ordering_fields = ("received_on",)

    def scoped(self):
        return Procedure.objects.visible_to(self.request.user)


class ImpedimentViewSet(mixins.CreateModelMixin, ScopedViewSet):
    serializer_class = serializers.ImpedimentSerializer
    filters = {"project": "project", "programme": "programme", "status": "status"}
    ordering_fields = ("level_due", "level")
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return Impediment.objects.visible_to(self.request.user)

    @extend_schema(
        request=serializers.ImpedimentCreateSerializer,
        responses={201: serializers.ImpedimentSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Raise an impediment at the first level of the programme's ladder."""
        data = serializers.ImpedimentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        project = Project.objects.visible_to(request.user).filter(pk=values["project"]).first()
        programme = (
            Programme.objects.visible_to(request.user).filter(pk=values["programme"]).first()
        )
        owner = Organisation.objects.filter(pk=values["owner"]).first()
        if project is None or programme is None:
            raise NotFound()
        if owner is None:
            raise ValidationError({"owner": "Unknown organisation."})
        impediment = escalation_services.raise_impediment(
            actor=request.user,
            project=project,
            programme=programme,
            title=values["title"],
            description=values.get("description", ""),
            category=values["category"],
            severity=values["severity"],
            owner=owner,
        )
        return Response(serializers.ImpedimentSerializer(impediment).data, status=201)
