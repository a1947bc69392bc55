"""What the search finds among projects and milestones (registered in `ProjectsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from gridpact.core.search import Kind

from .models import Milestone, Project

KINDS = [
    Kind(
        "projects",
        _("Projects"),
        lambda u: Project.objects.visible_to(u).select_related("lead_operator"),
        ("name", "code", "description", "location_description"),
        lambda p: p.lead_operator.short_name or p.lead_operator.name,
        lambda p: p.get_absolute_url(),
        position=10,
    ),
    Kind(
        "milestones",
        _("Milestones"),
        lambda u: Milestone.objects.visible_to(u).select_related("project"),
        ("name",),
        lambda m: m.project.name,
        lambda m: f"{m.project.get_absolute_url()}#m-{m.pk}",
        position=20,
    ),
]
