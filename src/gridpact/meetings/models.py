"""Governance bodies, their meetings, invitations, attendance, agenda items and outcomes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Level, Organisation

from . import attendance, workflow


class BodyKind(models.TextChoices):
    WORK_SESSION = "werksessie", _("work session (werksessie)")
    PROJECT_TEAM = "projectteam", _("project team (projectteam)")
    OFFICIAL_STEERING = (
        "ambtelijk_opdrachtgeversoverleg",
        _("official steering group (ambtelijk opdrachtgeversoverleg)"),
    )
    EXECUTIVE = "bestuurlijk_overleg", _("executive meeting (bestuurlijk overleg)")
    PROVINCIAL_EXECUTIVE = "gs", _("Provincial Executive (Gedeputeerde Staten)")


class Body(BaseModel):
    """A body of a programme that holds meetings: a work session, project team, steering group,
    executive meeting or the Provincial Executive."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=BodyKind.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "Give it the name of an escalation level (e.g. “Bestuurlijk overleg”) to link the "
            "body to that level of the ladder."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_body_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("body-detail", kwargs={"pk": self.pk})


class BodyMember(BaseModel):
    """An organisation's seat in a body at a level, held by a person with or without an account."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.OFFICIAL
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("role in the body"), max_length=120, blank=True)

    class Meta:
        ordering = ["body", "organisation__name", "name"]
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation", "name"], name="unique_body_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class MeetingStatus(models.TextChoices):
    CONCEPT = workflow.CONCEPT, _("draft")
    INVITED = workflow.INVITED, _("invited")
    RUNNING = workflow.RUNNING, _("running")
    CLOSED = workflow.CLOSED, _("finished")


class AttendanceRule(models.TextChoices):
    MUNICIPALITIES_WITH_CONCRETE_PROJECT = (
        attendance.MUNICIPALITIES_WITH_CONCRETE_PROJECT,
        _("all municipalities with a concrete project in the programme"),
    )
    ALL_MUNICIPALITIES = attendance.ALL_MUNICIPALITIES, _("every municipality in the programme")
    GRID_OPERATORS = attendance.GRID_OPERATORS, _("every grid operator in the programme")
    PROGRAMME_OWNER = attendance.PROGRAMME_OWNER, _("the programme owner")
    BODY_MEMBERS = attendance.BODY_MEMBERS, _("every organisation with a seat in the body")


class Meeting(BaseModel):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("link to join online"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.CONCEPT
    )
    attendance_rules = models.JSONField(_("attendance rules"), default=list, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting-detail", kwargs={"pk": self.pk})

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def start_time(self):
        return timezone.localtime(self.starts_at).time()

    @property
    def end_time(self):
        return timezone.localtime(self.ends_at).time()

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    def rule_labels(self) -> list[str]:
        labels = dict(AttendanceRule.choices)
        return [labels.get(rule, rule) for rule in self.attendance_rules]


class Response(models.TextChoices):
    PENDING = "open", _("no answer yet")
    ATTENDS = "komt", _("attends")
    DECLINES = "komt_niet", _("does not attend")
    SUBSTITUTE = "vervanger", _("sends a substitute")


CONFIRMING_RESPONSES = (Response.ATTENDS, Response.SUBSTITUTE)


class Invitation(BaseModel):
    """One person invited for an organisation. The reply link's token is stored only as a hash;
    it answers once, and sending the invitation again gives a new link."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    response = models.CharField(
        _("answer"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    substitute_name = models.CharField(_("substitute"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    token_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    scope = Scope(programme="meeting__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "organisation__name", "name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}) – {self.meeting}"

    @property
    def confirms(self) -> bool:
        return self.response in CONFIRMING_RESPONSES


class Attendance(BaseModel):
    """Someone who attended for an organisation (an invitee, their substitute, or another)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )

    class Meta:
        ordering = ["meeting", "organisation__name", "name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "name"], name="unique_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    impediment = models.ForeignKey(
        "escalations.Impediment",
        verbose_name=_("impediment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    agreement_reference = models.CharField(
        _("other document"),
        max_length=200,
        blank=True,
        help_text=_("A document discussed that is not in GridPact, e.g. a letter or a study."),
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class OutcomeKind(models.TextChoices):
    INFORMATION = "informatie", _("information")
    DECISION = "besluit", _("decision")
    ACTION = "actie", _("action item")


class ActionStatus(models.TextChoices):
    OPEN = workflow.ACTION_OPEN, _("to do")
    IN_PROGRESS = workflow.ACTION_IN_PROGRESS, _("in progress")
    DONE = workflow.ACTION_DONE, _("done")
    CANCELLED = workflow.ACTION_CANCELLED, _("cancelled")


class Outcome(BaseModel):
    """What came of an agenda item: information, a decision (with the objects it concerns), or an
    action item (owner, due date, status). Decisions and actions are numbered per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_outcomes",
    )
    impediment = models.ForeignKey(
        "escalations.Impediment",
        verbose_name=_("impediment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_outcomes",
    )
    referred_to = models.ForeignKey(
        Body,
        verbose_name=_("referred to body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, blank=True, default=""
    )
    status_note = models.CharField(_("progress note"), max_length=500, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    scope = Scope(programme="meeting__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "agenda_item__position", "kind", "number"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "number"], name="unique_outcome_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="actie")
                | models.Q(owner_organisation__isnull=False, due_date__isnull=False),
                name="action_has_owner_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}"

    @property
    def reference(self) -> str:
        """B3 for the third decision, A2 for the second action item, I1 for information."""
        prefix = {OutcomeKind.DECISION: "B", OutcomeKind.ACTION: "A"}.get(self.kind, "I")
        return f"{prefix}{self.number}"

    @property
    def is_action(self) -> bool:
        return self.kind == OutcomeKind.ACTION

    def get_absolute_url(self) -> str:
        if self.is_action:
            return reverse("action-item", kwargs={"pk": self.pk})
        return f"{self.meeting.get_absolute_url()}#outcome-{self.pk}"

    def is_overdue(self, today) -> bool:
        return (
            self.is_action
            and self.status in workflow.ACTION_PENDING
            and self.due_date is not None
            and self.due_date < today
        )
