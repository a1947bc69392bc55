"""The API of parties: its serializers and viewsets, registered on the one router in api/urls.py."""

from rest_framework import serializers

from gridpact.core.access import access_for
from gridpact.core.api.views import ScopedViewSet

from .models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "cbs_code", "inhabitants"]


def visible_organisations(user):
    """Organisations that take part in one of the user's programmes."""
    programmes = access_for(user).programme_ids
    return Organisation.objects.filter(participations__programme__in=programmes).distinct()


class OrganisationViewSet(ScopedViewSet):
    serializer_class = OrganisationSerializer
    ordering_fields = ("name",)

    def scoped(self):
        return visible_organisations(self.request.user)
