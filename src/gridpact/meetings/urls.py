"""Meeting routes: Dutch paths, English names. Included from the root URL configuration."""

from django.urls import path

from . import views

urlpatterns = [
    path("programmas/<uuid:pk>/overleggen/", views.meeting_list, name="meeting-list"),
    path("programmas/<uuid:pk>/overleggen/nieuw/", views.meeting_create, name="meeting-create"),
    path("programmas/<uuid:pk>/gremia/", views.body_list, name="body-list"),
    path("gremia/<uuid:pk>/", views.body_detail, name="body-detail"),
    path("overleggen/<uuid:pk>/", views.meeting_detail, name="meeting-detail"),
    path("overleggen/<uuid:pk>/bewerken/", views.meeting_edit, name="meeting-edit"),
    path("overleggen/<uuid:pk>/verslag.pdf", views.minutes_pdf, name="meeting-minutes-pdf"),
    path("overleggen/<uuid:pk>/verslag.docx", views.minutes_docx, name="meeting-minutes-docx"),
    path("acties/<uuid:pk>/", views.action_item, name="action-item"),
    path("uitnodigingen/<uuid:pk>/antwoord/", views.own_answer, name="invitation-answer"),
    path("uitnodiging/<str:token>/", views.reply, name="meeting-reply"),
]
