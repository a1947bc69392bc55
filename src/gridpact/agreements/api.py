"""The API of agreements: its serializers and viewsets, registered on the one router in api/urls.py."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound, ValidationError

from gridpact.core.api.errors import (
    PreconditionFailed,
    PreconditionRequired,
    if_match_version,
)
from gridpact.core.api.serializers import StrictSerializer
from gridpact.core.api.views import ScopedViewSet, versioned
from gridpact.core.errors import StaleEditError
from gridpact.parties.api import visible_organisations
from gridpact.parties.models import Membership, Role

from . import sanitise
from . import services as agreement_services
from .models import (
    Agreement,
    AgreementVersion,
    Clause,
    Commitment,
    Endorsement,
    Position,
)


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "programme", "title", "description", "version"]


class AgreementVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "agreement",
            "number",
            "status",
            "summary",
            "based_on",
            "adopted_by",
            "adopted_on",
            "decision_reference",
            "replaced_by",
            "replaced_on",
            "version",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "kind", "target_percent", "body", "description"]


class ClauseSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name")
    text = serializers.SerializerMethodField()
    commitments = CommitmentSerializer(many=True)

    class Meta:
        model = Clause
        fields = [
            "id",
            "agreement_version",
            "key",
            "theme",
            "number",
            "title",
            "text",
            "commitments",
            "version",
        ]

    def get_text(self, clause) -> str:
        """The stored HTML, cleaned again on the way out as the pages do."""
        return sanitise.clean(clause.text)


class EndorsementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Endorsement
        fields = [
            "id",
            "agreement_version",
            "organisation",
            "level",
            "position",
            "comment",
            "given_by_name",
            "given_on",
            "version",
        ]


class EndorsementWriteSerializer(StrictSerializer):
    """An organisation's position on a version; the level follows from the caller's membership."""

    agreement_version = serializers.UUIDField()
    organisation = serializers.UUIDField()
    position = serializers.ChoiceField(choices=Position.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AgreementViewSet(ScopedViewSet):
    serializer_class = AgreementSerializer
    filters = {"programme": "programme"}
    ordering_fields = ("title",)

    def scoped(self):
        return Agreement.objects.visible_to(self.request.user)


class AgreementVersionViewSet(ScopedViewSet):
    serializer_class = AgreementVersionSerializer
    filters = {"agreement": "agreement", "status": "status"}
    ordering_fields = ("number",)

    def scoped(self):
        return AgreementVersion.objects.visible_to(self.request.user)


class ClauseViewSet(ScopedViewSet):
    serializer_class = ClauseSerializer
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
    serializer_class = EndorsementSerializer
    filters = {"agreementVersion": "agreement_version", "organisation": "organisation"}
    ordering_fields = ("given_on",)
    http_method_names = ["get", "post", "head", "options"]

    def scoped(self):
        return Endorsement.objects.filter(
            agreement_version__in=AgreementVersion.objects.visible_to(self.request.user)
        )

    @extend_schema(
        request=EndorsementWriteSerializer,
        responses={200: EndorsementSerializer, 201: EndorsementSerializer},
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
        data = EndorsementWriteSerializer(data=request.data)
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
        return versioned(EndorsementSerializer(endorsement).data, status=status)
