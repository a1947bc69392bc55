"""`/api/v1/`: the same scoped reads and the same services as the pages."""

import re
import uuid

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
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
from .errors import problem
from .schema import lookup_type

ETAG = re.compile(r'(?:W/)?"([0-9]+)"')


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class Pagination(PageNumberPagination):
    """Pages of 100 by default; a `page` or `page_size` that is not a whole number is refused."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        return self._whole_number(request, self.page_size_query_param, self.page_size)

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param, 1)

    def _whole_number(self, request, param: str, default: int) -> int:
        raw = request.query_params.get(param)
        if raw is None:
            return default
        upper = self.max_page_size if param == self.page_size_query_param else 10**9
        if not raw.isdigit() or not 1 <= int(raw) <= upper:
            raise ValidationError({param: f"A whole number from 1 to {upper}."})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else 10**9
            )
        return parameters


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
        params = self.request.query_params
        invalid = {}
        for param, lookup in self.filters.items():
            if param not in params:
                continue
            value = params[param]
            kind, choices = lookup_type(queryset.model, lookup)
            if choices is not None and value not in choices:
                invalid[param] = f"One of: {', '.join(map(str, choices))}."
            elif kind == OpenApiTypes.UUID and not _is_uuid(value):
                invalid[param] = "Not a valid id."
            else:
                queryset = queryset.filter(**{lookup: value})
        ordering = params.get("ordering")
        if ordering is not None:
            if ordering.lstrip("-") not in self.ordering_fields or ordering.startswith("--"):
                invalid["ordering"] = f"One of: {', '.join(self.ordering_fields)} (- to reverse)."
            else:
                queryset = queryset.order_by(ordering)
        if invalid:
            raise ValidationError(invalid)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if "version" in response.data:
            response["ETag"] = f'"{response.data["version"]}"'
        return response


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
        if_match = request.headers.get("If-Match")
        if not if_match:
            return problem(428, "Precondition required.", "Send If-Match with the ETag you read.")
        match = ETAG.fullmatch(if_match.strip())
        if match is None:
            return problem(
                400,
                "Invalid input.",
                errors=[{"field": "If-Match", "message": 'Send the ETag as you read it: "3".'}],
            )
        expected = int(match[1])
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
        response = Response(serializers.MilestoneSerializer(milestone).data)
        response["ETag"] = f'"{milestone.version}"'
        return response


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
