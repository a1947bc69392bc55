"""Agreement routes: Dutch paths, English names. Included from the root URL configuration."""

from django.urls import path, register_converter

from . import views


class DocumentFormat:
    """The formats an agreement version can be downloaded in."""

    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DocumentFormat, "agreementdoc")

urlpatterns = [
    path("programmas/<uuid:pk>/afspraken/", views.agreement_list, name="agreement-list"),
    path("afspraken/<uuid:pk>/", views.agreement_detail, name="agreement-detail"),
    path("afspraken/<uuid:pk>/themas/", views.theme_add, name="theme-add"),
    path("afspraken/<uuid:pk>/versies/", views.version_create, name="version-create"),
    path("afspraken/<uuid:pk>/vergelijken/", views.compare, name="agreement-compare"),
    path("afspraken/versies/<uuid:pk>/", views.version_detail, name="version-detail"),
    path(
        "afspraken/versies/<uuid:pk>/status/", views.version_transition, name="version-transition"
    ),
    path("afspraken/versies/<uuid:pk>/artikelen/", views.clause_create, name="clause-create"),
    path("afspraken/versies/<uuid:pk>/posities/", views.endorsements, name="endorsements"),
    path(
        "afspraken/versies/<uuid:pk>/herinneringen/",
        views.endorsement_reminders,
        name="endorsement-reminders",
    ),
    path(
        "afspraken/versies/<uuid:pk>/export.<agreementdoc:fmt>",
        views.version_export,
        name="version-export",
    ),
    path("afspraken/artikelen/<uuid:pk>/", views.clause_edit, name="clause-edit"),
    path("afspraken/artikelen/<uuid:pk>/reacties/", views.comment_add, name="comment-add"),
]
