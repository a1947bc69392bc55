from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField
from gridpact.parties.models import Level, Membership, Organisation, User

from .models import (
    ActionStatus,
    AttendanceRule,
    Body,
    BodyKind,
    BodyMember,
    Invitation,
    OutcomeKind,
    Response,
)

OUTSIDER = _("Only people of the programme's organisations can be invited.")


class Form(StyledForm):
    """StyledForm whose help and error references follow the form's prefix, also for errors a
    service reports after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prefix_references()

    def full_clean(self):
        super().full_clean()
        self._prefix_references()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                ids = widget.attrs.get("aria-describedby", "").split()
                widget.attrs["aria-describedby"] = " ".join([*ids, f"{self[name].auto_id}-error"])
        self._prefix_references()

    def _prefix_references(self):
        for name, field in self.fields.items():
            ids = field.widget.attrs.get("aria-describedby")
            if ids:
                own, auto = f"id_{name}-", f"{self[name].auto_id}-"
                tokens = [auto + t[len(own) :] if t.startswith(own) else t for t in ids.split()]
                field.widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(tokens))


class MembershipLabel:
    """People with an account, each as "name – organisation" (the organisation they come for)."""

    def label_from_instance(self, obj):
        return f"{obj.user} – {obj.organisation.short_name or obj.organisation.name}"


class MembershipField(MembershipLabel, forms.ModelChoiceField):
    pass


class MembershipsField(MembershipLabel, forms.ModelMultipleChoiceField):
    pass


class BodyForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=Body._meta.get_field("name").help_text,
        error_messages={"required": _("Name the body.")},
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VersionField(required=False)

    def __init__(self, *args, ladder_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        if ladder_names:
            self.fields["name"].widget.attrs["list"] = "ladder-names"


class BodyMemberForm(Form):
    membership = MembershipField(
        label=_("Person with an account"),
        queryset=Membership.objects.none(),
        required=False,
        error_messages={"invalid_choice": OUTSIDER},
    )
    organisation = forms.ModelChoiceField(
        label=_("Or a contact of organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": OUTSIDER},
    )
    name = forms.CharField(label=_("Contact's name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact's e-mail address"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    role = forms.CharField(
        label=_("Role in the body"),
        max_length=120,
        required=False,
        help_text=_("For example chair, secretary or member."),
    )

    def __init__(self, *args, memberships, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if not data.get("membership") and not data.get("organisation"):
            self.add_error("membership", _("Choose a person, or an organisation for a contact."))
        return data


class MeetingForm(Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the meeting a title.")},
    )
    day = DutchDateField(label=_("Date"), error_messages={"required": _("Give the date.")})
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give the start time.")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give the end time.")},
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Link to join online"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    attendance_rules = forms.MultipleChoiceField(
        label=_("Attendance rules"),
        choices=AttendanceRule.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Before the meeting the page shows which required organisations have not confirmed; "
            "after it, whether the rule was met."
        ),
    )
    version = VersionField(required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["attendance_rules"].widget.attrs.pop("class", None)
        self.fields["attendance_rules"].widget.attrs.pop("aria-describedby", None)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            if end <= start:
                self.add_error(
                    "end_time",
                    _(
                        "The meeting ends before it starts: choose an end time after the start time."
                    ),
                )
        return data

    @staticmethod
    def initial_for(meeting) -> dict:
        return {
            "body": meeting.body_id,
            "title": meeting.title,
            "day": meeting.day,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "location": meeting.location,
            "online_link": meeting.online_link,
            "attendance_rules": meeting.attendance_rules,
            "version": meeting.version,
        }


class InviteForm(Form):
    by_rule = forms.BooleanField(
        label=_("Invite the seat holders of every organisation the attendance rules name"),
        required=False,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members of the body"),
        queryset=BodyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": OUTSIDER},
    )
    people = MembershipsField(
        label=_("Other people of the programme"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": OUTSIDER},
    )
    organisation = forms.ModelChoiceField(
        label=_("Or a contact of organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": OUTSIDER},
    )
    name = forms.CharField(label=_("Contact's name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact's e-mail address"), required=False)

    def __init__(self, *args, members, memberships, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: (
            f"{m.name} – {m.organisation.short_name or m.organisation.name}"
        )
        self.fields["people"].queryset = memberships
        self.fields["organisation"].queryset = organisations
        for name in ("members", "people"):
            self.fields[name].widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean()
        contact = [data.get("organisation"), data.get("name"), data.get("email")]
        if any(contact) and not all(contact):
            self.add_error(
                "organisation", _("A contact needs an organisation, a name and an e-mail address.")
            )
        return data


class AnswerForm(Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in Response.choices if c[0] != Response.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    substitute_name = forms.CharField(
        label=_("Name of the substitute"),
        max_length=200,
        required=False,
        help_text=_("Only when someone else comes in your place."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields["response"].widget, forms.RadioSelect):
            self.fields["response"].widget.attrs.pop("class", None)


class OwnAnswerForm(AnswerForm):
    """The invitee answers their own invitation while logged in."""

    version = VersionField()


class RecordAnswerForm(AnswerForm):
    """The coordinator records an answer given by phone or e-mail (a compact select)."""

    response = forms.ChoiceField(
        label=_("Answer"),
        choices=AnswerForm.base_fields["response"].choices,
        error_messages={"required": _("Choose an answer.")},
    )
    version = VersionField()


class VersionForm(Form):
    version = VersionField()


class AttendanceForm(Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Invitation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = invitations
        self.fields["present"].widget.attrs.pop("class", None)


class AttendeeForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Choose an organisation of the programme.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Give the name of the person who attended.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AgendaItemForm(Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the agenda item a title.")},
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    impediment = forms.ModelChoiceField(label=_("Impediment"), queryset=None, required=False)
    agreement_version = forms.ModelChoiceField(
        label=_("Agreement version"), queryset=None, required=False
    )
    agreement_reference = forms.CharField(
        label=_("Other document"),
        max_length=200,
        required=False,
        help_text=_("A document discussed that is not in GridPact, e.g. a letter or a study."),
    )

    def __init__(self, *args, projects, impediments, agreement_versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["impediment"].queryset = impediments
        self.fields["agreement_version"].queryset = agreement_versions


class OutcomeForm(Form):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down the outcome.")},
    )
    project = forms.ModelChoiceField(label=_("About project"), queryset=None, required=False)
    impediment = forms.ModelChoiceField(label=_("About impediment"), queryset=None, required=False)
    referred_to = forms.ModelChoiceField(
        label=_("Referred to body"),
        queryset=None,
        required=False,
        help_text=_("For a decision such as “impediment X goes to the executive meeting”."),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation (action item)"), queryset=None, required=False
    )
    owner_person = forms.ModelChoiceField(
        label=_("Owner (action item)"), queryset=None, required=False
    )
    due_date = DutchDateField(label=_("Due date (action item)"), required=False)

    def __init__(
        self, *args, items, projects, impediments, bodies, organisations, people, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = items
        self.fields["project"].queryset = projects
        self.fields["impediment"].queryset = impediments
        self.fields["referred_to"].queryset = bodies
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_person"].queryset = people


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Progress note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()


def programme_people(programme):
    """Active people of the programme's organisations, for owner and invitation choices."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__active=True,
            memberships__organisation__in=programme.participating_organisations(),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def programme_memberships(programme):
    return (
        Membership.objects.filter(
            active=True,
            user__is_active=True,
            organisation__in=programme.participating_organisations(),
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
