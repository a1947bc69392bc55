from django.urls import path

from . import oidc, views

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.verify, name="mfa-verify"),
    path("inloggen/oidc/", oidc.StartView.as_view(), name="oidc-start"),
    path("inloggen/oidc/terug/", oidc.CallbackView.as_view(), name="oidc-callback"),
    path("account/", views.account, name="account"),
    path("account/tweestapsverificatie/", views.setup, name="mfa-setup"),
]
