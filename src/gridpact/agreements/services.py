"""Every write to agreements: validation, permission, state machine, one audit event, e-mail."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.access import access_for
from gridpact.core.calendar import format_date_nl
from gridpact.core.errors import StaleEditError, check_version, save_versioned
from gridpact.core.models import Notification
from gridpact.core.notifications import notify_once
from gridpact.parties.models import Level, Membership, Organisation, Role, User

from . import permissions, sanitise, workflow
from .models import (
    DEFAULT_THEMES,
    Agreement,
    AgreementVersion,
    Clause,
    Comment,
    Commitment,
    CommitmentKind,
    Endorsement,
    Position,
    Theme,
    VersionStatus,
    VersionStep,
)

MAX_COMMENT_LENGTH = 5000


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this agreement."))


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _status_label(status: str) -> str:
    return str(VersionStatus(status).label)


def _locked(version: AgreementVersion) -> AgreementVersion:
    """The version as stored now, locked for the rest of the transaction (PostgreSQL)."""
    return AgreementVersion.objects.select_for_update().get(pk=version.pk)


def _require_editable(version: AgreementVersion) -> None:
    if version.status not in workflow.EDITABLE:
        raise ValidationError(
            _(
                "Version %(number)s is %(status)s; its text can no longer change. "
                "Start a new version to change it."
            )
            % {"number": version.number, "status": _status_label(version.status)}
        )


def _programme_id(version: AgreementVersion):
    return version.agreement.programme_id


# --- agreements, themes and versions -------------------------------------------------------


def create_agreement(
    *,
    actor,
    programme,
    title: str,
    description: str = "",
    themes=DEFAULT_THEMES,
    today: date | None = None,
) -> Agreement:
    """The coordinator starts an agreement: its themes and an empty first version (concept)."""
    _require(actor is None or permissions.can_draft(actor, programme))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the agreement a title.")})
    with transaction.atomic():
        agreement = Agreement.objects.create(
            programme=programme, title=title, description=(description or "").strip()
        )
        Theme.objects.bulk_create(
            Theme(agreement=agreement, name=name, position=position)
            for position, name in enumerate(themes, start=1)
        )
        version = AgreementVersion.objects.create(
            agreement=agreement, number=1, created_by=_user(actor)
        )
        VersionStep.objects.create(
            version=version,
            to_status=version.status,
            on=today or timezone.localdate(),
            actor=_user(actor),
        )
        audit.record(
            actor=actor,
            action="agreement.created",
            obj=agreement,
            changes=audit.created({"title": title, "themes": list(themes)}),
            programme_id=programme.pk,
        )
    return agreement


def add_theme(*, actor, agreement: Agreement, name: str) -> Theme:
    """The coordinator adds a theme beyond the six of the memo."""
    _require(actor is None or permissions.can_draft(actor, agreement.programme))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the theme.")})
    if agreement.themes.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("This agreement has a theme “%(name)s” already.") % {"name": name}}
        )
    with transaction.atomic():
        last = agreement.themes.aggregate(last=Max("position"))["last"] or 0
        theme = Theme.objects.create(agreement=agreement, name=name, position=last + 1)
        audit.record(
            actor=actor,
            action="agreement.theme_added",
            obj=theme,
            changes=audit.created({"name": name}),
            programme_id=agreement.programme_id,
        )
    return theme


def create_version(
    *, actor, agreement: Agreement, summary: str = "", today: date | None = None
) -> AgreementVersion:
    """A new version (concept), a copy of the newest one: clauses keep their key, so the two can
    be compared. Only one version is worked on at a time."""
    _require(actor is None or permissions.can_draft(actor, agreement.programme))
    with transaction.atomic():
        versions = list(
            AgreementVersion.objects.select_for_update()
            .filter(agreement=agreement)
            .order_by("-number")
        )
        working = next((v for v in versions if v.status in workflow.WORKING), None)
        if working is not None:
            raise ValidationError(
                _(
                    "Version %(number)s is still being worked on (%(status)s). Adopt it, or "
                    "continue in it, before starting a new version."
                )
                % {"number": working.number, "status": _status_label(working.status)}
            )
        base = versions[0] if versions else None
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=(base.number + 1) if base else 1,
            based_on=base,
            summary=(summary or "").strip(),
            created_by=_user(actor),
        )
        if base is not None:
            _copy_clauses(base, version)
        VersionStep.objects.create(
            version=version,
            to_status=version.status,
            on=today or timezone.localdate(),
            actor=_user(actor),
        )
        audit.record(
            actor=actor,
            action="agreement.version_created",
            obj=version,
            changes=audit.created(
                {"number": version.number, "based_on": base.number if base else None}
            ),
            programme_id=agreement.programme_id,
        )
    return version


def _copy_clauses(base: AgreementVersion, version: AgreementVersion) -> None:
    clauses = list(base.clauses.prefetch_related("commitments"))
    copies = Clause.objects.bulk_create(
        Clause(
            agreement_version=version,
            key=c.key,
            theme_id=c.theme_id,
            number=c.number,
            title=c.title,
            text=c.text,
        )
        for c in clauses
    )
    Commitment.objects.bulk_create(
        Commitment(
            clause=copy,
            kind=m.kind,
            target_percent=m.target_percent,
            body=m.body,
            description=m.description,
        )
        for original, copy in zip(clauses, copies, strict=True)
        for m in original.commitments.all()
    )


# --- clauses and commitments ---------------------------------------------------------------


def _clean_text(text: str) -> str:
    unsafe = sanitise.unsafe_parts(text)
    if unsafe:
        raise ValidationError(
            {
                "text": _(
                    "The text contains HTML that is not allowed: %(parts)s. Remove it and save "
                    "again; only paragraphs, lists, bold, italic and links (http, https, mailto) "
                    "are allowed."
                )
                % {"parts": ", ".join(unsafe)}
            }
        )
    cleaned = sanitise.normalise(text)
    if not sanitise.has_words(cleaned):
        raise ValidationError({"text": _("Write the text of the clause.")})
    return cleaned


def _clause_fields(version, *, theme, title, text, number, exclude=None) -> dict:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the clause a title.")
    if theme is None or theme.agreement_id != version.agreement_id:
        errors["theme"] = _("Choose a theme of this agreement.")
    if number is not None:
        taken = version.clauses.filter(number=number)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if number < 1:
            errors["number"] = _("A clause number is 1 or more.")
        elif taken.exists():
            errors["number"] = _("Number %(number)s is in use in this version already.") % {
                "number": number
            }
    try:
        cleaned = _clean_text(text)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = ""
    if errors:
        raise ValidationError(errors)
    return {"theme": theme, "title": title, "text": cleaned}


def add_clause(
    *, actor, version: AgreementVersion, theme, title: str, text: str, number: int | None = None
) -> Clause:
    """The coordinator adds a clause to a version in concept or ter bespreking."""
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    with transaction.atomic():
        current = _locked(version)
        _require_editable(current)
        fields = _clause_fields(current, theme=theme, title=title, text=text, number=number)
        if number is None:
            number = (current.clauses.aggregate(last=Max("number"))["last"] or 0) + 1
        clause = Clause.objects.create(agreement_version=current, number=number, **fields)
        audit.record(
            actor=actor,
            action="agreement.clause_added",
            obj=clause,
            changes=audit.created(
                {"number": number, "theme": fields["theme"], "title": fields["title"]}
            ),
            programme_id=_programme_id(version),
        )
    return clause


def update_clause(
    *, actor, clause: Clause, theme, title: str, text: str, number: int, expected_version: int
) -> Clause:
    """The coordinator changes a clause's theme, number, title or text (not once adopted)."""
    version = clause.agreement_version
    number = clause.number if number is None else number
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    with transaction.atomic():
        current = _locked(version)
        _require_editable(current)
        fields = _clause_fields(
            current, theme=theme, title=title, text=text, number=number, exclude=clause
        )
        before = {
            "theme": clause.theme,
            "number": clause.number,
            "title": clause.title,
            "text": clause.text,
        }
        save_versioned(clause, expected_version, number=number, **fields)
        audit.record(
            actor=actor,
            action="agreement.clause_changed",
            obj=clause,
            changes=audit.diff(before, {**fields, "number": number}),
            programme_id=_programme_id(version),
        )
    return clause


def remove_clause(*, actor, clause: Clause, expected_version: int) -> None:
    """The coordinator removes a clause (and its commitments and comments) from a draft."""
    version = clause.agreement_version
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    with transaction.atomic():
        current = _locked(version)
        _require_editable(current)
        if clause.version != expected_version:
            raise StaleEditError(Clause.objects.get(pk=clause.pk))
        if clause.comments.exists():
            raise ValidationError(
                _(
                    "Participants commented on this clause in this version; removing it would "
                    "lose their comments. Change its text, or remove it in the next version."
                )
            )
        audit.record(
            actor=actor,
            action="agreement.clause_removed",
            obj=clause,
            changes={"title": [clause.title, None], "number": [clause.number, None]},
            programme_id=_programme_id(version),
        )
        clause.delete()


def _target(value) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(
            {"target_percent": _("Give the target as a percentage of cases, e.g. 90.")}
        )
    try:
        target = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            {"target_percent": _("The target must be a number, e.g. 90.")}
        ) from None
    if not target.is_finite() or target < 0 or target > 100:
        raise ValidationError(
            {"target_percent": _("The target must be a percentage from 0 to 100.")}
        )
    return target.quantize(Decimal("0.1"))


def add_commitment(
    *, actor, clause: Clause, kind: str, target_percent, body: str = "", description: str = ""
) -> Commitment:
    """The coordinator attaches a measurable commitment to a clause of a draft."""
    version = clause.agreement_version
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    errors = {}
    if kind not in CommitmentKind.values:
        errors["kind"] = _("Choose what kind of commitment this is.")
    try:
        target = _target(target_percent)
    except ValidationError as error:
        errors.update(error.message_dict)
    body = (body or "").strip()
    if kind == CommitmentKind.ATTENDANCE and not body:
        errors["body"] = _("Name the body whose meetings must be attended.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _require_editable(_locked(version))
        commitment = Commitment.objects.create(
            clause=clause,
            kind=kind,
            target_percent=target,
            body=body,
            description=(description or "").strip(),
        )
        audit.record(
            actor=actor,
            action="agreement.commitment_added",
            obj=commitment,
            changes=audit.created({"kind": kind, "target_percent": target, "body": body}),
            programme_id=_programme_id(version),
        )
    return commitment


def remove_commitment(*, actor, commitment: Commitment) -> None:
    """The coordinator takes a commitment off a clause of a draft."""
    version = commitment.clause.agreement_version
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    with transaction.atomic():
        _require_editable(_locked(version))
        audit.record(
            actor=actor,
            action="agreement.commitment_removed",
            obj=commitment,
            changes={"kind": [commitment.kind, None]},
            programme_id=_programme_id(version),
        )
        commitment.delete()


# --- the cycle ----------------------------------------------------------------------------

REFUSALS = {
    "frozen": lambda: _("An adopted or replaced version does not change any more."),
    "needs_adoption": lambda: _("A version is adopted with the body, date and reference."),
    "not_allowed": lambda: _("This version cannot go to that state from where it is."),
    "unknown_state": lambda: _("Unknown state."),
}


def move_version(
    *,
    actor,
    version: AgreementVersion,
    to: str,
    note: str = "",
    on: date | None = None,
    expected_version: int,
) -> AgreementVersion:
    """The coordinator moves a version: concept ↔ ter bespreking ↔ ter vaststelling."""
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    with transaction.atomic():
        current = _locked(version)
        check_version(current, expected_version)
        code = workflow.refusal(current.status, to)
        if code:
            raise ValidationError(REFUSALS[code]())
        if to == workflow.FOR_ADOPTION and not current.clauses.exists():
            raise ValidationError(_("A version without clauses cannot be put up for adoption."))
        old = current.status
        save_versioned(version, expected_version, status=to)
        VersionStep.objects.create(
            version=version,
            from_status=old,
            to_status=to,
            on=on,
            actor=_user(actor),
            note=(note or "").strip(),
        )
        audit.record(
            actor=actor,
            action="agreement.version_moved",
            obj=version,
            changes={"status": [old, to]},
            reason=(note or "").strip(),
            programme_id=_programme_id(version),
        )
    return version


def adopt_version(
    *,
    actor,
    version: AgreementVersion,
    adopted_by: str,
    adopted_on: date | None,
    decision_reference: str = "",
    expected_version: int,
    today: date | None = None,
) -> AgreementVersion:
    """A body (e.g. GS) adopted the version on a date; the version adopted before is replaced.
    From now on neither changes."""
    _require(actor is None or permissions.can_draft(actor, version.agreement.programme))
    today = today or timezone.localdate()
    adopted_by = (adopted_by or "").strip()
    decision_reference = (decision_reference or "").strip()
    errors = {}
    if not adopted_by:
        errors["adopted_by"] = _(
            "Name the body that adopted the version, e.g. Gedeputeerde Staten."
        )
    if adopted_on is None:
        errors["adopted_on"] = _("Give the date of the adoption.")
    elif adopted_on > today:
        errors["adopted_on"] = _("The adoption date cannot be in the future.")
    with transaction.atomic():
        current = _locked(version)
        check_version(current, expected_version)
        code = workflow.refusal(current.status, workflow.ADOPTED, manual=False)
        if code:
            message = (
                REFUSALS["frozen"]()
                if current.status in workflow.FROZEN
                else _("Only a version that is ter vaststelling can be adopted.")
            )
            raise ValidationError(message)
        previous = (
            AgreementVersion.objects.select_for_update()
            .filter(agreement_id=current.agreement_id, status=workflow.ADOPTED)
            .first()
        )
        if previous and adopted_on and previous.adopted_on and adopted_on < previous.adopted_on:
            errors["adopted_on"] = _(
                "Version %(number)s was adopted on %(date)s; a newer version cannot be adopted "
                "before it."
            ) % {
                "number": previous.number,
                "date": format_date_nl(previous.adopted_on, weekday=False),
            }
        if errors:
            raise ValidationError(errors)
        save_versioned(
            version,
            expected_version,
            status=workflow.ADOPTED,
            adopted_by=adopted_by,
            adopted_on=adopted_on,
            decision_reference=decision_reference,
        )
        VersionStep.objects.create(
            version=version,
            from_status=current.status,
            to_status=workflow.ADOPTED,
            on=adopted_on,
            actor=_user(actor),
            note=" ".join(filter(None, [adopted_by, decision_reference])),
        )
        changes = {
            "status": [current.status, workflow.ADOPTED],
            "adopted_by": [None, adopted_by],
            "adopted_on": [None, adopted_on.isoformat()],
        }
        if previous is not None:
            save_versioned(
                previous,
                previous.version,
                status=workflow.REPLACED,
                replaced_by=version,
                replaced_on=adopted_on,
            )
            VersionStep.objects.create(
                version=previous,
                from_status=workflow.ADOPTED,
                to_status=workflow.REPLACED,
                on=adopted_on,
                actor=_user(actor),
                note=_("Replaced by version %(number)s.") % {"number": version.number},
            )
            changes["replaces"] = [None, previous.number]
        audit.record(
            actor=actor,
            action="agreement.version_adopted",
            obj=version,
            changes=changes,
            reason=decision_reference,
            programme_id=_programme_id(version),
        )
    return version


# --- comments and endorsements --------------------------------------------------------------


def _membership(actor, organisation) -> Membership | None:
    return Membership.objects.filter(
        user=actor,
        organisation=organisation,
        active=True,
        role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
    ).first()


def commenting_organisations(actor, programme) -> list:
    """The organisations the actor may comment for: contributing ones that take part."""
    return list(
        programme.participating_organisations()
        .filter(pk__in=access_for(actor).contributor_organisation_ids)
        .order_by("name")
    )


def add_comment(
    *, actor, clause: Clause, text: str, parent: Comment | None = None, organisation=None
) -> Comment:
    """A participant comments on a clause, or replies in a thread, while the version is in
    concept or ter bespreking. The organisation and level come from the actor's membership."""
    programme = clause.agreement_version.agreement.programme
    _require(permissions.can_comment(actor, programme), _("You may not comment on this agreement."))
    options = commenting_organisations(actor, programme)
    if organisation is None and options:
        organisation = options[0]
    if organisation is None or organisation.pk not in {o.pk for o in options}:
        raise PermissionDenied(_("You may not comment for this organisation."))
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write your comment.")
    elif len(text) > MAX_COMMENT_LENGTH:
        errors["text"] = _("A comment has at most %(n)s characters.") % {"n": MAX_COMMENT_LENGTH}
    if parent is not None and parent.clause_id != clause.pk:
        errors["parent"] = _("You can only reply to a comment on the same clause.")
    if errors:
        raise ValidationError(errors)
    membership = _membership(actor, organisation)
    with transaction.atomic():
        current = _locked(clause.agreement_version)
        if current.status not in workflow.COMMENTABLE:
            raise ValidationError(
                _("Comments are closed: version %(number)s is %(status)s.")
                % {"number": current.number, "status": _status_label(current.status)}
            )
        comment = Comment.objects.create(
            clause=clause,
            parent=parent,
            author=actor,
            organisation=organisation,
            level=membership.level,
            text=text,
        )
        audit.record(
            actor=actor,
            action="agreement.comment_added",
            obj=comment,
            changes=audit.created({"clause": clause.number, "text": text}),
            organisation=organisation,
            programme_id=programme.pk,
        )
    return comment


def record_endorsement(
    *,
    actor,
    version: AgreementVersion,
    organisation,
    position: str,
    comment: str = "",
    expected_version: int | None = None,
    level: str | None = None,
    given_by_name: str = "",
    today: date | None = None,
) -> Endorsement:
    """An organisation's position on a version, at the level of the person who gives it.

    A person records it for an organisation they contribute for: an executive membership gives a
    bestuurlijk position, an official one an ambtelijk position. Without an actor (an import of
    positions given on paper) the level and the name of who gave it are required.
    """
    programme = version.agreement.programme
    participation = programme.participations.filter(organisation=organisation).first()
    if participation is None:
        raise ValidationError(
            {
                "organisation": _(
                    "%(organisation)s does not take part in the programme “%(programme)s”."
                )
                % {"organisation": organisation, "programme": programme}
            }
        )
    if participation.role not in permissions.ENDORSING_ROLES:
        raise ValidationError(
            {
                "organisation": _(
                    "%(organisation)s is not one of the parties asked for their position on "
                    "this agreement."
                )
                % {"organisation": organisation}
            }
        )
    if actor is not None:
        _require(
            permissions.can_endorse_for(actor, programme, organisation),
            _("You may only record the position of your own organisation."),
        )
        membership = _membership(actor, organisation)
        level = membership.level
        title = f" ({membership.job_title})" if membership.job_title else ""
        given_by_name = f"{actor}{title}"
    errors = {}
    if position not in Position.values:
        errors["position"] = _("Choose a position.")
    comment = (comment or "").strip()
    if position in (Position.RESERVED, Position.NEGATIVE) and not comment:
        errors["comment"] = _("Explain the reservation or the objection in a comment.")
    if level not in Level.values:
        errors["level"] = _("Give the level at which the position was given.")
    if not (given_by_name or "").strip():
        errors["given_by_name"] = _("Give who gave the position.")
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked(version)
        if current.status not in workflow.ENDORSABLE:
            raise ValidationError(
                _("Version %(number)s is %(status)s; positions can no longer be recorded.")
                % {"number": current.number, "status": _status_label(current.status)}
            )
        existing = Endorsement.objects.filter(
            agreement_version=version, organisation=organisation, level=level
        ).first()
        values = {
            "position": position,
            "comment": comment,
            "given_by": _user(actor),
            "given_by_name": given_by_name.strip(),
            "given_on": today,
        }
        if existing is None:
            try:
                with transaction.atomic():
                    endorsement = Endorsement.objects.create(
                        agreement_version=version, organisation=organisation, level=level, **values
                    )
            except IntegrityError:  # someone of the same organisation was just quicker
                raise StaleEditError(
                    Endorsement.objects.get(
                        agreement_version=version, organisation=organisation, level=level
                    )
                ) from None
            changes = audit.created({"position": position, "level": level, "comment": comment})
        else:
            if expected_version != existing.version:
                raise StaleEditError(existing)
            before = {"position": existing.position, "comment": existing.comment}
            save_versioned(existing, expected_version, **values)
            endorsement = existing
            changes = audit.diff(before, {"position": position, "comment": comment})
        audit.record(
            actor=actor,
            action="agreement.endorsement_recorded",
            obj=endorsement,
            changes=changes,
            organisation=organisation,
            programme_id=programme.pk,
        )
    return endorsement


@dataclass
class Reminders:
    reminded: list = field(default_factory=list)
    already: list = field(default_factory=list)
    unreachable: list = field(default_factory=list)


def reminder_key(version, organisation) -> str:
    return f"agreement-reminder:{version.pk}:{organisation.pk}"


def send_reminders(*, actor, version: AgreementVersion) -> Reminders:
    """The coordinator reminds every asked organisation that has not given its position on this
    version yet: its contributors get one e-mail, once per version per organisation."""
    programme = version.agreement.programme
    _require(actor is None or permissions.can_remind(actor, programme))
    if version.status not in workflow.ENDORSABLE:
        raise ValidationError(
            _("Version %(number)s is %(status)s; it no longer asks for positions.")
            % {"number": version.number, "status": _status_label(version.status)}
        )
    responded = set(version.endorsements.values_list("organisation_id", flat=True))
    pending = list(
        Organisation.objects.filter(pk__in=permissions.endorsing_organisation_ids(programme))
        .exclude(pk__in=responded)
        .order_by("name")
    )
    keys = {reminder_key(version, o): o for o in pending}
    sent_keys = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    result = Reminders(already=[o for k, o in keys.items() if k in sent_keys])
    url = reverse("endorsements", kwargs={"pk": version.pk})
    with transaction.atomic():
        for key, organisation in keys.items():
            if key in sent_keys:
                continue
            people = User.objects.filter(
                is_active=True,
                memberships__active=True,
                memberships__organisation=organisation,
                memberships__role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
            ).distinct()
            sent = notify_once(
                key=key,
                recipients=list(people),
                subject=_("Your position on “%(agreement)s” (version %(number)s)")
                % {"agreement": version.agreement.title, "number": version.number},
                body=_(
                    "The programme asks every participating organisation whether it is, in "
                    "principle, positive about these collaboration agreements. %(organisation)s "
                    "has not given its position on version %(number)s yet."
                )
                % {"organisation": organisation.name, "number": version.number},
                url=url,
            )
            (result.reminded if sent else result.unreachable).append(organisation)
        if not result.reminded:
            raise ValidationError(
                _(
                    "Nobody was reminded: every organisation without a position has had a "
                    "reminder for this version already, or has nobody to receive it."
                )
            )
        audit.record(
            actor=actor,
            action="agreement.reminders_sent",
            obj=version,
            changes={"reminded": [None, [o.name for o in result.reminded]]},
            programme_id=programme.pk,
        )
    return result
