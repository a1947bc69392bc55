from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    # No models: an app only so that `manage.py load_demo` is found.
    name = "gridpact.workspace"
    label = "workspace"
