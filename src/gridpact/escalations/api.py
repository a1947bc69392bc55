"""The API of escalations: its serializers and viewsets, registered on the one router in api/urls.py."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from gridpact.core.api.errors import (
    if_match_version,
)
from gridpact.core.api.schema import IF_MATCH
from gridpact.core.api.serializers import StrictSerializer
from gridpact.core.api.views import ScopedViewSet, versioned
from gridpact.parties.models import Organisation
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from . import services as escalation_services
from .models import Category, Impediment, Severity


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


class ImpedimentViewSet(mixins.CreateModelMixin, ScopedViewSet):
    serializer_class = ImpedimentSerializer
    filters = {"project": "project", "programme": "programme", "status": "status"}
    ordering_fields = ("level_due", "level")
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return Impediment.objects.visible_to(self.request.user)

    @extend_schema(
        request=ImpedimentCreateSerializer,
        responses={201: ImpedimentSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Raise an impediment at the first level of the programme's ladder."""
        data = ImpedimentCreateSerializer(data=request.data)
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
        return versioned(ImpedimentSerializer(impediment).data, status=201)

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
        return versioned(ImpedimentSerializer(impediment).data)

    @extend_schema(
        request=ImpedimentStepSerializer,
        responses=ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Move the impediment one level up before its time there has passed, with the reason.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(request, pk, ImpedimentStepSerializer, escalation_services.escalate)

    @extend_schema(
        request=ImpedimentStepSerializer,
        responses=ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """Return the impediment one level down, e.g. when the lower level can solve it after all.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(request, pk, ImpedimentStepSerializer, escalation_services.send_back)

    @extend_schema(
        request=ImpedimentResolveSerializer,
        responses=ImpedimentSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close the impediment with the decision that removed it and who took it.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        return self._act(request, pk, ImpedimentResolveSerializer, escalation_services.resolve)
