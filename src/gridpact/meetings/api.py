"""The API of meetings: its serializers and viewsets, registered on the one router in api/urls.py."""

from django.db.models import Case, When
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers

from gridpact.core.api.errors import (
    if_match_version,
)
from gridpact.core.api.serializers import StrictSerializer
from gridpact.core.api.views import ScopedViewSet, versioned
from gridpact.escalations.models import Impediment
from gridpact.projects.models import Project

from . import services as meeting_services
from .models import ActionStatus, Meeting, Outcome, OutcomeKind


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "programme",
            "body",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "status",
            "started_at",
            "closed_at",
            "version",
        ]


class ActionItemSerializer(serializers.ModelSerializer):
    """An action item; links to projects and impediments the caller may not see are left out."""

    project = serializers.UUIDField(source="visible_project", allow_null=True, read_only=True)
    impediment = serializers.UUIDField(source="visible_impediment", allow_null=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "meeting",
            "reference",
            "text",
            "owner_organisation",
            "due_date",
            "status",
            "status_note",
            "done_on",
            "project",
            "impediment",
            "version",
        ]


class ActionItemUpdateSerializer(StrictSerializer):
    """Report progress on an action item: its status and a note; nothing else is writable."""

    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MeetingViewSet(ScopedViewSet):
    serializer_class = MeetingSerializer
    filters = {"programme": "programme", "body": "body", "status": "status"}
    ordering_fields = ("starts_at",)

    def scoped(self):
        return Meeting.objects.visible_to(self.request.user)


class ActionItemViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Action items agreed in meetings (the meeting's outcomes of the kind action)."""

    serializer_class = ActionItemSerializer
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

    @extend_schema(request=ActionItemUpdateSerializer, responses=ActionItemSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Report progress: `status` (done records today as `done_on`) and a `note`.

        Requires `If-Match` with the version from the ETag: 428 without it, 412 when stale.
        """
        action = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        expected = if_match_version(request, action.version)
        data = ActionItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting_services.update_action_item(
            actor=request.user,
            action=action,
            status=data.validated_data["status"],
            note=data.validated_data.get("note", action.status_note),
            expected_version=expected,
        )
        return versioned(ActionItemSerializer(action).data)
