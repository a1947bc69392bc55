"""The API of procedures: its serializers and viewsets, registered on the one router in api/urls.py."""

from rest_framework import serializers

from gridpact.core.api.views import ScopedViewSet

from .models import Procedure


class ProcedureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = [
            "id",
            "project",
            "procedure_type",
            "title",
            "competent_authority",
            "applicant",
            "status",
            "received_on",
            "extension_weeks",
            "draft_published_on",
            "decided_on",
            "published_on",
            "appeal_lodged_on",
            "final_on",
            "version",
        ]


class ProcedureViewSet(ScopedViewSet):
    serializer_class = ProcedureSerializer
    filters = {"project": "project", "competentAuthority": "competent_authority"}
    ordering_fields = ("received_on",)

    def scoped(self):
        return Procedure.objects.visible_to(self.request.user)
