"""The API of programmes: its serializers and viewsets, registered on the one router in api/urls.py."""

from rest_framework import serializers

from gridpact.core.api.views import ScopedViewSet

from .models import Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "edition",
            "owner",
            "status",
            "adopted_by",
            "adopted_on",
            "reference_baseline",
        ]


class ProgrammeViewSet(ScopedViewSet):
    serializer_class = ProgrammeSerializer
    ordering_fields = ("name",)

    def scoped(self):
        return Programme.objects.visible_to(self.request.user)
