"""`/api/v1/`: the same scoped reads and the same services as the pages."""

import json
import uuid
from http import HTTPStatus

from django.conf import settings
from django.db.models import Case, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gridpact.agreements import services as agreement_services
from gridpact.agreements.models import Agreement, AgreementVersion, Clause, Endorsement
from gridpact.core.access import access_for
from gridpact.core.errors import StaleEditError
from gridpact.costs import permissions as cost_permissions
from gridpact.costs import queries as cost_queries
from gridpact.costs import services as cost_services
from gridpact.costs.explain import problem_message
from gridpact.costs.models import CostItem, CostKind
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import Impediment
from gridpact.meetings import services as meeting_services
from gridpact.meetings.models import Meeting, Outcome, OutcomeKind
from gridpact.monitoring import permissions as monitoring_permissions
from gridpact.monitoring import services as monitoring_services
from gridpact.monitoring.models import ProgressReport, ReportingPeriod
from gridpact.parties.models import Membership, Organisation, Role
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects import services as project_services
from gridpact.projects.models import Milestone, Project

from . import serializers
from .errors import (
    PROBLEM,
    InvalidQuery,
    PreconditionFailed,
    PreconditionRequired,
    if_match_version,
    service_fields,
)
from .schema import IF_MATCH, lookup_type


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _problem(status: int, detail: str) -> HttpResponse:
    """A problem+json answer outside DRF's views (for paths no view serves)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    return HttpResponse(json.dumps({**body, "detail": detail}), status=status, content_type=PROBLEM)


# These two change nothing and answer any method alike: no CSRF check, which would answer an
# HTML 403 to a POST before them.
@csrf_exempt
def no_such_path(request, *args, **kwargs):
    """Any other path under /api/, such as `/projects/` with a trailing slash: 404, no redirect."""
    return _problem(
        404, f"No such path. Paths have no trailing slash, e.g. /api/{urls_version()}/projects."
    )


@csrf_exempt
def replaced_version(request, *args, **kwargs):
    """Version 1 was replaced by version 2 (a breaking change, docs/api/CHANGELOG.md)."""
    return _problem(
        410,
        f"Version 1 of this API was replaced by version {settings.API_VERSION}: see "
        f"/api/{urls_version()}/openapi.json and the changelog.",
    )


def urls_version() -> str:
    return f"v{settings.API_MAJOR}"


class _PublicDescription:
    """The description is public, so any web page may read it (CORS `*`, no credentials)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class OpenApiYaml(_PublicDescription, SpectacularAPIView):
    pass


class OpenApiJson(_PublicDescription, SpectacularJSONAPIView):
    pass


class QueryKeys:
    """Refuses query parameters the operation does not take (400), instead of ignoring them."""

    def query_keys(self) -> set[str]:
        return set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: 401 before 400
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # 405 comes first
        unknown = sorted(set(request.query_params) - self.query_keys())
        if unknown:
            raise InvalidQuery(
                dict.fromkeys(unknown, "Unknown query parameter for this operation.")
            )


PAGE_KEYS = {"page", "pageSize"}


class Pagination(PageNumberPagination):
    """Pages of 100 by default; a `page` or `pageSize` that is not a whole number is refused."""

    page_size = 100
    page_size_query_param = "pageSize"
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
            raise InvalidQuery({param: f"A whole number from 1 to {upper}."})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else 10**9
            )
        return parameters


class ScopedViewSet(QueryKeys, viewsets.ReadOnlyModelViewSet):
    """Lists and details of what the caller may see; anything else answers 404."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    # A query key (lowerCamelCase: NL API Design Rules /core/query-keys-camel-case) and the
    # lookup it filters on.
    filters: dict[str, str] = {}
    ordering_fields: tuple[str, ...] = ()

    def scoped(self):
        raise NotImplementedError

    def query_keys(self) -> set[str]:
        if self.action != "list":
            return set()
        return {*self.filters, *PAGE_KEYS} | ({"ordering"} if self.ordering_fields else set())

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
            raise InvalidQuery(invalid)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if "version" in response.data:
            response["ETag"] = f'"{response.data["version"]}"'
        return response


def versioned(data, status: int = 200) -> Response:
    """A response with the ETag a later write sends back in If-Match."""
    return Response(data, status=status, headers={"ETag": f'"{data["version"]}"'})


def visible_organisations(user):
    """Organisations that take part in one of the user's programmes."""
    programmes = access_for(user).programme_ids
    return Organisation.objects.filter(participations__programme__in=programmes).distinct()


class OrganisationViewSet(ScopedViewSet):
    serializer_class = serializers.OrganisationSerializer
    ordering_fields = ("name",)

    def scoped(self):
        return visible_organisations(self.request.user)


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
        "leadOperator": "lead_operator",
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
        expected = if_match_version(request, milestone.version)
        data = serializers.MilestoneUpdateSerializer(data=request.data)
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
        return versioned(serializers.MilestoneSerializer(milestone).data)


# The service's argument names → the schema's field names, for its errors.
MILESTONE_FIELDS = {"forecast": "forecast_date", "actual": "actual_date"}


class ProcedureViewSet(ScopedViewSet):
    serializer_class = serializers.ProcedureSerializer
    filters = {"project": "project", "competentAuthority": "competent_authority"}
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
        return versioned(serializers.ImpedimentSerializer(impediment).data, status=201)

    def _act(self, request, pk, body_class, step) -> Response:
        """One step on the impediment's ladder through its service, which decides who may act
        (`may_act_on`) and refuses a step the ladder does not allow; the body's fields are the
        service's arguments."""
        impediment = get_object_or_404(
            self.get_queryset().select_related("project", "programme", "owner"), pk=pk
        )
        expected = if_match_version(request, impediment.version)
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        step(
            actor=request.user,
            impediment=impediment,
            expected_version=expected,
            **body.validated_data,
        )
        return versioned(serializers.ImpedimentSerializer(impediment).data)

    @extend_schema(
        request=serializers.ImpedimentStepSerializer,
        responses=serializers.ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Move the impediment one level up before its time there has passed, with the reason.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(
            request, pk, serializers.ImpedimentStepSerializer, escalation_services.escalate
        )

    @extend_schema(
        request=serializers.ImpedimentStepSerializer,
        responses=serializers.ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """Return the impediment one level down, e.g. when the lower level can solve it after all.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(
            request, pk, serializers.ImpedimentStepSerializer, escalation_services.send_back
        )

    @extend_schema(
        request=serializers.ImpedimentResolveSerializer,
        responses=serializers.ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close the impediment with the decision that removed it and who took it.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(
            request, pk, serializers.ImpedimentResolveSerializer, escalation_services.resolve
        )


class ReportingPeriodViewSet(ScopedViewSet):
    serializer_class = serializers.ReportingPeriodSerializer
    filters = {"programme": "programme", "status": "status"}
    ordering_fields = ("starts_on", "due_on")

    def scoped(self):
        return ReportingPeriod.objects.visible_to(self.request.user)


class ProgressReportViewSet(ScopedViewSet):
    """Submitted reports (never changed; a correction is a new report that `replaces` one)."""

    serializer_class = serializers.ProgressReportSerializer
    filters = {"project": "project", "period": "period", "programme": "period__programme"}
    ordering_fields = ("submitted_at", "number")
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return ProgressReport.objects.visible_to(self.request.user)

    @extend_schema(
        request=serializers.ProgressReportWriteSerializer,
        responses={201: serializers.ProgressReportSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Submit a project's report for an open period; another one for the same period is a
        correction, kept as a new version that `replaces` the previous one.

        As on the page: the lead grid operator reports (or the coordinator on its behalf); amber
        and red need an `explanation`, which is also the reason for any forecast moved with it.
        """
        user = request.user
        body = serializers.ProgressReportWriteSerializer(data=request.data)
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
        return Response(serializers.ProgressReportSerializer(report).data, status=201)


def _report_forecasts(user, forecasts: list[dict]) -> list[tuple]:
    """(milestone, date) pairs for the report service, of milestones the caller sees (else 404);
    the service refuses any but the project's open ones (400)."""
    wanted = [forecast["milestone"] for forecast in forecasts]
    milestones = Milestone.objects.visible_to(user).in_bulk(wanted)
    if len(milestones) != len(wanted):
        raise NotFound()
    return [(milestones[f["milestone"]], f["forecast_date"]) for f in forecasts]


class AgreementViewSet(ScopedViewSet):
    serializer_class = serializers.AgreementSerializer
    filters = {"programme": "programme"}
    ordering_fields = ("title",)

    def scoped(self):
        return Agreement.objects.visible_to(self.request.user)


class AgreementVersionViewSet(ScopedViewSet):
    serializer_class = serializers.AgreementVersionSerializer
    filters = {"agreement": "agreement", "status": "status"}
    ordering_fields = ("number",)

    def scoped(self):
        return AgreementVersion.objects.visible_to(self.request.user)


class ClauseViewSet(ScopedViewSet):
    serializer_class = serializers.ClauseSerializer
    filters = {"agreementVersion": "agreement_version", "key": "key"}
    ordering_fields = ("number",)

    def scoped(self):
        return (
            Clause.objects.visible_to(self.request.user)
            .select_related("theme")
            .prefetch_related("commitments")
        )


# No object has this version: the service compares it with the position it finds and refuses it.
_NO_VERSION = -1


class EndorsementViewSet(mixins.CreateModelMixin, ScopedViewSet):
    serializer_class = serializers.EndorsementSerializer
    filters = {"agreementVersion": "agreement_version", "organisation": "organisation"}
    ordering_fields = ("given_on",)
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return Endorsement.objects.filter(
            agreement_version__in=AgreementVersion.objects.visible_to(self.request.user)
        )

    @extend_schema(
        request=serializers.EndorsementWriteSerializer,
        responses={200: serializers.EndorsementSerializer, 201: serializers.EndorsementSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of the organisation's position, to change it.",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        """Record an organisation's position on a version, at the caller's level.

        The first position answers 201. Changing it answers 200 and requires `If-Match` with the
        version from its ETag: 428 without it, 412 when stale.
        """
        data = serializers.EndorsementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        version = (
            AgreementVersion.objects.visible_to(request.user)
            .select_related("agreement__programme")
            .filter(pk=values["agreement_version"])
            .first()
        )
        if version is None:
            raise NotFound()
        organisation = visible_organisations(request.user).filter(pk=values["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": "Unknown organisation."})
        if_match = request.headers.get("If-Match", "").strip()

        def record(expected):
            return agreement_services.record_endorsement(
                actor=request.user,
                version=version,
                organisation=organisation,
                position=values["position"],
                comment=values.get("comment", ""),
                expected_version=expected,
            )

        if if_match == "*":  # the position as it is now, which must exist (RFC 9110 §13.1.1)
            # The service records at the level of the caller's membership; without one it
            # refuses (403), which comes before the precondition.
            membership = Membership.objects.filter(
                user=request.user,
                organisation=organisation,
                active=True,
                role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
            ).first()
            current = (
                Endorsement.objects.filter(
                    agreement_version=version, organisation=organisation, level=membership.level
                ).first()
                if membership
                else None
            )
            if membership is not None and current is None:
                raise PreconditionFailed("This organisation has no position at your level yet.")
            endorsement = record(current.version if current else None)
        else:
            expected = if_match_version(request, _NO_VERSION) if if_match else None
            try:
                endorsement = record(expected)
            except StaleEditError as error:
                if expected is None:
                    raise PreconditionRequired(
                        "This organisation has a position already: send If-Match with its ETag."
                    ) from error
                raise
        status = 201 if endorsement.version == 1 else 200
        return versioned(serializers.EndorsementSerializer(endorsement).data, status=status)


class CostItemViewSet(ScopedViewSet):
    """Cost items; each organisation reports, corrects and withdraws its own figures."""

    serializer_class = serializers.CostItemSerializer
    filters = {
        "project": "project",
        "programme": "project__programme_links__programme",
        "kind": "kind",
        "reportedBy": "reported_by",
    }
    ordering_fields = ("amount", "description")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def scoped(self):
        return CostItem.objects.visible_to(self.request.user).select_related("category")

    @extend_schema(
        request=serializers.CostItemWriteSerializer,
        responses={201: serializers.CostItemSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Report one of your organisation's costs for a project (an estimate or an actual).

        Leave out `reported_by` when you report for one organisation only. The adopted
        allocation rules must be able to divide the item, or it is refused (400, with the rule).
        """
        user = request.user
        body = serializers.CostItemWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        project = get_object_or_404(Project.objects.visible_to(user), pk=values.pop("project"))
        reporters = cost_permissions.reporting_organisation_ids(user, project)
        if not reporters:
            raise PermissionDenied("You do not report costs on this project.")
        if "reported_by" in values:
            reported_by = visible_organisations(user).filter(pk=values.pop("reported_by")).first()
            if reported_by is None:
                raise ValidationError({"reported_by": "Unknown organisation."})
        elif len(reporters) == 1:
            reported_by = Organisation.objects.get(pk=next(iter(reporters)))
        else:
            raise ValidationError(
                {"reported_by": "You report for more than one organisation here: say which."}
            )
        item = cost_services.report_cost_item(
            actor=user,
            project=project,
            reported_by=reported_by,
            **_cost_item_fields(user, project, values),
        )
        return versioned(serializers.CostItemSerializer(item).data, status=201)

    @extend_schema(
        request=serializers.CostItemUpdateSerializer, responses=serializers.CostItemSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        """Correct a figure your organisation reported: only the fields given change.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        item = get_object_or_404(
            self.get_queryset().select_related("project", "reported_by"), pk=kwargs["pk"]
        )
        expected = if_match_version(request, item.version)
        body = serializers.CostItemUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cost_services.update_cost_item(
            actor=request.user,
            item=item,
            expected_version=expected,
            **_cost_item_fields(request.user, item.project, body.validated_data),
        )
        return versioned(serializers.CostItemSerializer(item).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Withdraw a figure your organisation entered in error.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        item = get_object_or_404(
            self.get_queryset().select_related("project", "reported_by"), pk=kwargs["pk"]
        )
        expected = if_match_version(request, item.version)
        cost_services.withdraw_cost_item(actor=request.user, item=item, expected_version=expected)
        return Response(status=204)


def _cost_item_fields(user, project, values: dict) -> dict:
    """The body's values for the cost services, with the category (by its code) and the
    requester resolved among what the project's page offers."""
    choices = cost_queries.item_choices(user, project)
    fields, errors = dict(values), {}
    if "category" in values:
        fields["category"] = choices["categories"].filter(code=values["category"]).first()
        if fields["category"] is None:
            errors["category"] = "No category with this code in the project's programmes."
    if values.get("requested_by") is not None:
        fields["requested_by"] = choices["requesters"].filter(pk=values["requested_by"]).first()
        if fields["requested_by"] is None:
            errors["requested_by"] = "Not a government that takes part in this project."
    if errors:
        raise ValidationError(errors)
    return fields


def _allocation_row(
    item, payer, amount, rule, explanation: str, legal_basis: str = "", scenario: str = ""
) -> dict:
    return {
        "cost_item": item.pk,
        "project": item.project_id,
        "category": item.category.code,
        "payer": payer,
        "amount": amount,
        "rule": rule.name if rule else "",
        "clause_reference": rule.clause_reference if rule else "",
        "explanation": explanation,
        "legal_basis": legal_basis,
        "scenario": scenario,
    }


class CostAllocationViewSet(QueryKeys, viewsets.GenericViewSet):
    """Who pays what of a programme's cost items, under its adopted allocation rules."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = serializers.CostAllocationSerializer

    def query_keys(self) -> set[str]:
        return {"programme", "kind", "project", *PAGE_KEYS}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "programme", OpenApiTypes.UUID, required=True, description="Programme id"
            ),
            OpenApiParameter("kind", str, enum=CostKind.values),
            OpenApiParameter("project", OpenApiTypes.UUID, description="Project id"),
        ]
    )
    def list(self, request):
        """One row per cost item and payer; rows add up to the items' amounts."""
        programme = get_object_or_404(
            Programme.objects.visible_to(request.user), pk=self._id("programme")
        )
        kind = request.query_params.get("kind", "")
        if "kind" in request.query_params and kind not in CostKind.values:
            raise InvalidQuery({"kind": "Not a valid value."})
        items = cost_queries.programme_items(request.user, programme, kind)
        if "project" in request.query_params:
            project = self._id("project")
            items = [item for item in items if item.project_id == project]
        allocated = cost_queries.allocate(
            items, cost_queries.rule_book(cost_queries.adopted_rule_set(programme)), programme
        )
        rows = [
            _allocation_row(
                row.item, row.payer.pk, row.amount, row.rule, row.how, row.legal_basis, row.scenario
            )
            for row in allocated.portions
        ] + [
            _allocation_row(
                item, None, item.amount, None, problem_message(problem, category=item.category.name)
            )
            for item, problem in allocated.failures
        ]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _id(self, param: str) -> uuid.UUID:
        try:
            return uuid.UUID(self.request.query_params.get(param, ""))
        except ValueError:
            raise InvalidQuery({param: "Give the id of a visible object."}) from None


class MeetingViewSet(ScopedViewSet):
    serializer_class = serializers.MeetingSerializer
    filters = {"programme": "programme", "body": "body", "status": "status"}
    ordering_fields = ("starts_at",)

    def scoped(self):
        return Meeting.objects.visible_to(self.request.user)


class ActionItemViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Action items agreed in meetings (the meeting's outcomes of the kind action)."""

    serializer_class = serializers.ActionItemSerializer
    filters = {
        "meeting": "meeting",
        "programme": "meeting__programme",
        "status": "status",
        "ownerOrganisation": "owner_organisation",
    }
    ordering_fields = ("due_date", "number")
    http_method_names = ["get", "patch", "head", "options"]

    def scoped(self):
        user = self.request.user
        return (
            Outcome.objects.visible_to(user)
            .filter(kind=OutcomeKind.ACTION)
            .select_related("meeting")
            .annotate(
                visible_project=Case(
                    When(project__in=Project.objects.visible_to(user), then="project")
                ),
                visible_impediment=Case(
                    When(impediment__in=Impediment.objects.visible_to(user), then="impediment")
                ),
            )
        )

    @extend_schema(
        request=serializers.ActionItemUpdateSerializer, responses=serializers.ActionItemSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        """Report progress: `status` (done records today as `done_on`) and a `note`.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        action = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        expected = if_match_version(request, action.version)
        data = serializers.ActionItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting_services.update_action_item(
            actor=request.user,
            action=action,
            status=data.validated_data["status"],
            note=data.validated_data.get("note", action.status_note),
            expected_version=expected,
        )
        return versioned(serializers.ActionItemSerializer(action).data)
