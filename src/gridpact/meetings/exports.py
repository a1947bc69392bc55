"""Files made from a meeting: the calendar file sent with each invitation, and the minutes
(verslag with besluitenlijst and actielijst) as PDF and DOCX."""

from datetime import UTC
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from gridpact.core import documents
from gridpact.core.documents import author_of
from gridpact.core.formatting import nl_date

MINUTES_CSS = Path(__file__).with_name("minutes.css")


def _organizer(meeting, sender):
    """Who invites, as iTIP (RFC 5546) requires on a published event: the configured organiser
    address if there is one, else the coordinator who sends, else the sender of GridPact's mail.
    The configured and the fallback address carry the body's name."""

    if not settings.GRIDPACT_MEETING_ORGANIZER_EMAIL and sender is not None and sender.email:
        name, email = str(sender), sender.email
    else:
        name = meeting.body.name
        email = (
            settings.GRIDPACT_MEETING_ORGANIZER_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        )
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = name
    return organizer


def ics(meeting, *, sender=None) -> bytes:
    """One VEVENT in UTC (valid everywhere without a VTIMEZONE). Published rather than requested:
    answers go through the reply link, not through calendar replies. The UID stays the same and
    SEQUENCE grows with the meeting's version, so a calendar replaces the event when it changes.
    `sender` is the coordinator who sends it, named as the ORGANIZER.
    """

    calendar = Calendar()
    calendar.add("prodid", "-//GridPact//Overleg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.GRIDPACT_ICAL_DOMAIN}")
    event.add("sequence", meeting.version)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", f"{meeting.title} ({meeting.body.name})")
    event.add("organizer", _organizer(meeting, sender))
    if meeting.location or meeting.online_link:
        event.add("location", meeting.location or meeting.online_link)
    if meeting.online_link:
        event.add("url", meeting.online_link)
    agenda = [f"{item.position}. {item.title}" for item in meeting.agenda_items.all()]
    description = [
        f"{meeting.body.name} – {meeting.programme.name}",
        *agenda,
        f"{settings.GRIDPACT_BASE_URL}{meeting.get_absolute_url()}",
    ]
    event.add("description", "\n".join(description))
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def minutes_pdf(page) -> bytes:
    """The minutes as a printable A4 document."""
    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "page": page,
            "generated_at": timezone.localtime(),
            "author": author_of(page.meeting.programme),
        },
    )
    return documents.pdf(html, stylesheets=[MINUTES_CSS])


def _when(meeting) -> str:
    return f"{nl_date(meeting.day)}, {meeting.start_time:%H:%M}–{meeting.end_time:%H:%M}"


def minutes_docx(page) -> bytes:
    """The same minutes as an editable Word document (for the secretary's own template)."""
    meeting = page.meeting
    document = documents.word_document(
        title=f"{_('Minutes')}: {meeting.title}", author=author_of(meeting.programme)
    )
    document.add_heading(f"{_('Minutes')}: {meeting.title}", level=0)
    if not meeting.is_closed:
        document.add_paragraph(_("Draft: the meeting is not closed yet."))
    facts = [
        (_("Body"), meeting.body.name),
        (_("Programme"), meeting.programme.name),
        (_("Date"), _when(meeting)),
        (_("Place"), meeting.location or meeting.online_link or "–"),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    document.add_heading(_("Present"), level=1)
    for organisation, names in page.present_by_organisation:
        document.add_paragraph(f"{organisation.name}: {', '.join(names)}", style="List Bullet")
    if not page.attendances:
        document.add_paragraph(_("No attendance registered."))
    if page.absent_with_notice:
        document.add_heading(_("Absent with notice"), level=1)
        for invitation in page.absent_with_notice:
            document.add_paragraph(
                f"{invitation.name} ({invitation.organisation.name})", style="List Bullet"
            )
    for row in page.rules:
        document.add_paragraph(
            f"{row.label}: {_('met') if row.met else _('not met')}"
            + (
                f" ({_('missing')}: {', '.join(p.name for p in row.result.missing)})"
                if row.result.missing
                else ""
            )
        )

    document.add_heading(_("Agenda and outcomes"), level=1)
    for item in page.items:
        document.add_heading(f"{item.position}. {item.title}", level=2)
        if item.description:
            document.add_paragraph(item.description)
        version = item.agreement_version
        links = [
            x
            for x in (
                item.project,
                item.impediment,
                _("%(agreement)s, version %(number)s")
                % {"agreement": version.agreement.title, "number": version.number}
                if version
                else "",
                item.agreement_reference,
            )
            if x
        ]
        if links:
            document.add_paragraph(f"{_('About')}: {'; '.join(str(x) for x in links)}")
        for outcome in item.outcomes.all():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{outcome.reference} {outcome.get_kind_display()}: ").bold = True
            paragraph.add_run(outcome.text)

    document.add_heading(_("Decisions"), level=1)
    _table(
        document,
        [_("No."), _("Decision"), _("Agenda item")],
        [[d.reference, _decision_text(d), str(d.agenda_item.position)] for d in page.decisions],
    )
    document.add_heading(_("Action items"), level=1)
    _table(
        document,
        [_("No."), _("Action"), _("Owner"), _("Due"), _("Status")],
        [
            [a.reference, a.text, _owner(a), nl_date(a.due_date), a.get_status_display()]
            for a in page.actions
        ],
    )
    return documents.word_bytes(document)


def _decision_text(decision) -> str:
    extra = [str(x) for x in (decision.project, decision.impediment) if x is not None]
    if decision.referred_to:
        extra.append(_("referred to %(body)s") % {"body": decision.referred_to.name})
    return f"{decision.text} ({'; '.join(extra)})" if extra else decision.text


def _owner(action) -> str:
    owner = action.owner_organisation.name
    return f"{owner} ({action.owner_person})" if action.owner_person else owner


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    if not rows:
        document.add_paragraph(_("None."))
        return
    documents.word_table(document, header, rows)
