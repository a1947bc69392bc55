"""What a coordinator chose to publish about a project, and the published state itself.

The draft (`summary`, `delay_reason`, the flagged `milestones`) is internal until published.
Publishing copies the allow-listed values (`snapshot.PublicProject`) into `published`; the public
pages read only that, so later internal edits stay out of sight until the next publish.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet

SUMMARY_MAX = 2000
DELAY_REASON_MAX = 1000


class ProjectPublication(BaseModel):
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="publication"
    )
    summary = models.TextField(_("public summary"), blank=True, max_length=SUMMARY_MAX)
    delay_reason = models.TextField(
        _("public reason for a delay"), blank=True, max_length=DELAY_REASON_MAX
    )
    milestones = models.ManyToManyField(
        "projects.Milestone", blank=True, related_name="+", verbose_name=_("public milestones")
    )
    published = models.JSONField(_("published state"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The PublicationChange that put the current state in force: part of the public cache key.
    change_number = models.BigIntegerField(default=0, editable=False)

    scope = Scope(project="project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return str(self.project)


class PublicationChange(models.Model):
    """One publish or withdrawal. Its growing id numbers the public state for the cache."""

    id = models.BigAutoField(primary_key=True)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    published = models.BooleanField(_("published"))
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication change")
        verbose_name_plural = _("publication changes")

    def __str__(self) -> str:
        return f"{self.project_id} {self.at:%Y-%m-%d %H:%M}"
