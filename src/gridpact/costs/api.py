"""The API of costs: its serializers and viewsets, registered on the one router in api/urls.py."""

import uuid

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gridpact.core.api.errors import (
    InvalidQuery,
    if_match_version,
)
from gridpact.core.api.serializers import DecimalStringField, StrictSerializer
from gridpact.core.api.views import PAGE_KEYS, Pagination, QueryKeys, ScopedViewSet, versioned
from gridpact.parties.api import visible_organisations
from gridpact.parties.models import Organisation
from gridpact.programmes.models import Programme
from gridpact.projects.models import Phase, Project

from . import permissions as cost_permissions
from . import queries as cost_queries
from . import services as cost_services
from .explain import problem_message
from .models import CostItem, CostKind, QuantityUnit


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


class CostItemViewSet(ScopedViewSet):
    """Cost items; each organisation reports, corrects and withdraws its own figures."""

    serializer_class = CostItemSerializer
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
        request=CostItemWriteSerializer,
        responses={201: CostItemSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Report one of your organisation's costs for a project (an estimate or an actual).

        Leave out `reported_by` when you report for one organisation only. The adopted
        allocation rules must be able to divide the item, or it is refused (400, with the rule).
        """
        user = request.user
        body = CostItemWriteSerializer(data=request.data)
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
        return versioned(CostItemSerializer(item).data, status=201)

    @extend_schema(request=CostItemUpdateSerializer, responses=CostItemSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Correct a figure your organisation reported: only the fields given change.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        item = get_object_or_404(
            self.get_queryset().select_related("project", "reported_by"), pk=kwargs["pk"]
        )
        expected = if_match_version(request, item.version)
        body = CostItemUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cost_services.update_cost_item(
            actor=request.user,
            item=item,
            expected_version=expected,
            **_cost_item_fields(request.user, item.project, body.validated_data),
        )
        return versioned(CostItemSerializer(item).data)

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
    serializer_class = CostAllocationSerializer

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
