"""Demonstration data for meetings (domain.md §1): the ambtelijke werksessie of 29 January 2025
with the 8 municipalities, the province, TenneT and Stedin; the GS meeting of 25 March 2025 that
adopted the P-MIEK 2.0 and the first, light version of the agreements; and an upcoming steering
group about an impediment.

The dates and parties are the memo's. Who answered, who attended, the wording of the outcomes
and the contact persons are illustrative: contacts say so in their name.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from gridpact.agreements.models import AgreementVersion
from gridpact.parties.models import Level

from . import services
from .models import AttendanceRule, BodyKind, Invitation, Response

MUNICIPALITIES = [
    "Amersfoort",
    "Baarn",
    "Bunschoten",
    "Soest",
    "Stichtse Vecht",
    "Utrecht",
    "Utrechtse Heuvelrug",
    "Veenendaal",
]
PROVINCIEHUIS = "Provinciehuis Utrecht, Archimedeslaan 6, Utrecht"


def _first_version(programme):
    """The agreements' first version: discussed as a draft in January, adopted by GS in March."""
    return AgreementVersion.objects.filter(agreement__programme=programme, number=1).first()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _contact(place: str, what: str) -> tuple[str, str]:
    slug = place.lower().replace(" ", "-")
    return (
        f"{what} {place} (illustratief)",
        f"{what.split()[0].lower()}@{slug}.demo.gridpact.invalid",
    )


@transaction.atomic
def load(orgs: dict, users: dict, programme, projects_by_code: dict, impediments: list) -> bool:
    """Load the demonstration bodies and meetings once. Returns False when they were there."""
    if programme.bodies.exists():
        return False
    bodies = _bodies(orgs, users, programme)
    _work_session(orgs, users, programme, bodies, projects_by_code)
    _provincial_executive(orgs, programme, bodies)
    _steering_group(programme, bodies, impediments)
    return True


def _seat(body, org, *, user=None, name="", email="", level=Level.OFFICIAL, role=""):
    services.add_body_member(
        actor=None,
        body=body,
        organisation=org,
        person=user,
        name=name,
        email=email,
        level=level,
        role=role,
    )


def _bodies(orgs, users, programme) -> dict:
    def body(kind, name, description=""):
        return services.create_body(
            actor=None, programme=programme, kind=kind, name=name, description=description
        )

    session = body(
        BodyKind.WORK_SESSION,
        "Ambtelijke werksessie samenwerkingsafspraken",
        "Provincie, de 8 gemeenten met een concreet project en de netbeheerders bespreken het "
        "concept van de samenwerkingsafspraken.",
    )
    _seat(session, orgs["Provincie"], user=users["coordinator"], role="voorzitter")
    _seat(session, orgs["TenneT"], user=users["tennet"])
    _seat(session, orgs["Stedin"], user=users["stedin"])
    for place in MUNICIPALITIES:
        if place == "Soest":
            _seat(session, orgs[place], user=users["soest"])
        else:
            name, email = _contact(place, "Beleidsadviseur energie")
            _seat(session, orgs[place], name=name, email=email)

    team = body(BodyKind.PROJECT_TEAM, "Projectteam (werkniveau)")
    for key in ("tennet", "stedin", "soest"):
        _seat(
            team,
            orgs[{"tennet": "TenneT", "stedin": "Stedin", "soest": "Soest"}[key]],
            user=users[key],
        )

    steering = body(BodyKind.OFFICIAL_STEERING, "Ambtelijk opdrachtgeversoverleg")
    _seat(steering, orgs["Provincie"], user=users["coordinator"], role="voorzitter")
    for operator in ("TenneT", "Stedin"):
        name, email = _contact(operator, "Manager netontwikkeling")
        _seat(steering, orgs[operator], name=name, email=email)

    executive = body(BodyKind.EXECUTIVE, "Bestuurlijk overleg")
    name, email = _contact("Provincie Utrecht", "Gedeputeerde energie")
    _seat(
        executive,
        orgs["Provincie"],
        name=name,
        email=email,
        level=Level.EXECUTIVE,
        role="voorzitter",
    )
    _seat(executive, orgs["Baarn"], user=users["wethouder.baarn"], level=Level.EXECUTIVE)
    for operator in ("TenneT", "Stedin"):
        name, email = _contact(operator, "Directeur")
        _seat(executive, orgs[operator], name=name, email=email, level=Level.EXECUTIVE)

    gs = body(BodyKind.PROVINCIAL_EXECUTIVE, "Gedeputeerde Staten")
    name, email = _contact("Provincie Utrecht", "Secretaris GS")
    _seat(gs, orgs["Provincie"], name=name, email=email, level=Level.EXECUTIVE)
    return {"session": session, "steering": steering, "gs": gs}


def _invite_members(meeting, body, answers: dict, sent: datetime) -> list[Invitation]:
    """Invite every seat, send without e-mail (the meeting took place before GridPact), and
    record the answers as the coordinator heard them."""
    invitations = services.invite(
        actor=None,
        meeting=meeting,
        invitees=[
            services.Invitee.of_member(m) for m in body.members.select_related("organisation")
        ],
    )
    services.send_invitations(
        actor=None, meeting=meeting, expected_version=meeting.version, now=sent, by_email=False
    )
    for invitation in invitations:
        short = invitation.organisation.short_name
        response, substitute = answers.get(short, (Response.ATTENDS, ""))
        if response is None:
            continue
        invitation.refresh_from_db()
        services.record_answer(
            actor=None,
            invitation=invitation,
            response=response,
            substitute_name=substitute,
            expected_version=invitation.version,
            now=sent,
        )
    return invitations


def _run(meeting, invitations, started: datetime) -> None:
    meeting.refresh_from_db()
    services.start_meeting(
        actor=None, meeting=meeting, expected_version=meeting.version, now=started
    )
    services.set_attendance(
        actor=None,
        meeting=meeting,
        present=[
            i for i in Invitation.objects.filter(pk__in=[i.pk for i in invitations]) if i.confirms
        ],
    )


def _close(meeting, closed: datetime) -> None:
    meeting.refresh_from_db()
    services.close_meeting(
        actor=None, meeting=meeting, expected_version=meeting.version, now=closed
    )


def _work_session(orgs, users, programme, bodies, projects_by_code) -> None:
    day = date(2025, 1, 29)
    meeting = services.create_meeting(
        actor=None,
        programme=programme,
        body=bodies["session"],
        title="Ambtelijke werksessie samenwerkingsafspraken P-MIEK 2.0",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 12, 30),
        location=PROVINCIEHUIS,
        attendance_rules=[AttendanceRule.MUNICIPALITIES_WITH_CONCRETE_PROJECT],
    )

    def item(title, **kwargs):
        return services.add_agenda_item(actor=None, meeting=meeting, title=title, **kwargs)

    opening = item(
        "Opening en doel van de werksessie",
        description="Een eerste, lichte versie van de samenwerkingsafspraken, vast te stellen "
        "met het P-MIEK 2.0 door GS op 25 maart 2025.",
    )
    concept = item(
        "Concept samenwerkingsafspraken",
        description="Governance, monitoring, projectmatig werken, kostenverdeling, ruimtelijke "
        "procedures en escalatiemechanisme.",
        agreement_version=_first_version(programme),
    )
    projects = item(
        "Concrete projecten van het P-MIEK 2.0",
        description="Stand van zaken van de 9 concrete projecten; Utrecht-Noord als voorbeeld.",
        project=projects_by_code["utrecht-noord"],
    )
    follow_up = item("Vervolg: vaststelling door GS op 25 maart 2025")

    invitations = _invite_members(
        meeting,
        bodies["session"],
        {"Bunschoten": (Response.SUBSTITUTE, "Beleidsmedewerker ruimte Bunschoten (illustratief)")},
        _at(date(2025, 1, 15), 10),
    )
    _run(meeting, invitations, _at(day, 9, 30))

    def outcome(agenda_item, kind, text, **kwargs):
        return services.record_outcome(
            actor=None, agenda_item=agenda_item, kind=kind, text=text, **kwargs
        )

    outcome(
        opening,
        "informatie",
        "De provincie licht het doel toe: netbeheerders en overheden zetten zich in om de "
        "projecten te versnellen, of minimaal niet te vertragen.",
    )
    outcome(
        concept,
        "besluit",
        "De werksessie neemt het concept als basis voor de versie die GS op 25 maart 2025 "
        "vaststellen; de opmerkingen van vandaag worden verwerkt.",
    )
    asked = [
        outcome(
            concept,
            "actie",
            "Wethouder vragen of de gemeente in principe positief is over het werken aan de "
            "samenwerkingsafspraken, en dit bespreken met de ambtenaar die de werksessie bijwoont.",
            owner_organisation=orgs[place],
            owner_person=users["soest"] if place == "Soest" else None,
            due_date=date(2025, 3, 11),
        )
        for place in MUNICIPALITIES
    ]
    plans = [
        outcome(
            projects,
            "actie",
            "Planning van de concrete projecten aanleveren voor de baseline van het P-MIEK 2.0.",
            owner_organisation=orgs[operator],
            owner_person=users[operator.lower()],
            due_date=date(2025, 3, 1),
        )
        for operator in ("TenneT", "Stedin")
    ]
    outcome(
        concept,
        "actie",
        "Kostenverdeling uitwerken voor de volgende versie van de samenwerkingsafspraken.",
        owner_organisation=orgs["Provincie"],
        owner_person=users["coordinator"],
        due_date=date(2025, 6, 30),
    )
    outcome(
        follow_up,
        "besluit",
        "Het concept gaat na verwerking van de opmerkingen ter vaststelling naar GS.",
        referred_to=bodies["gs"],
    )
    _close(meeting, _at(day, 12, 30))
    for action, done in [
        *((a, date(2025, 3, 10)) for a in asked),
        *((p, date(2025, 2, 28)) for p in plans),
    ]:
        services.update_action_item(
            actor=None,
            action=action,
            status="gereed",
            note="Afgerond (illustratief).",
            expected_version=action.version,
            today=done,
        )


def _provincial_executive(orgs, programme, bodies) -> None:
    day = date(2025, 3, 25)
    meeting = services.create_meeting(
        actor=None,
        programme=programme,
        body=bodies["gs"],
        title="Vergadering GS: vaststelling P-MIEK 2.0 en samenwerkingsafspraken",
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        location=PROVINCIEHUIS,
        attendance_rules=[AttendanceRule.PROGRAMME_OWNER],
    )
    pmiek = services.add_agenda_item(
        actor=None,
        meeting=meeting,
        title="Provinciaal Meerjarenprogramma Infrastructuur Energie en Klimaat 2.0",
    )
    agreements = services.add_agenda_item(
        actor=None,
        meeting=meeting,
        title="Samenwerkingsafspraken overheden en netbeheerders, eerste versie",
        agreement_version=_first_version(programme),
    )
    invitations = _invite_members(meeting, bodies["gs"], {}, _at(date(2025, 3, 18), 9))
    _run(meeting, invitations, _at(day, 10))
    services.record_outcome(
        actor=None, agenda_item=pmiek, kind="besluit", text="GS stellen het P-MIEK 2.0 vast."
    )
    services.record_outcome(
        actor=None,
        agenda_item=agreements,
        kind="besluit",
        text="GS stellen de eerste, lichte versie van de samenwerkingsafspraken vast: governance, "
        "monitoring, projectmatig werken, kostenverdeling, ruimtelijke procedures en "
        "escalatiemechanisme.",
    )
    _close(meeting, _at(day, 12))


def _steering_group(programme, bodies, impediments) -> None:
    """An upcoming meeting: invitations out, two grid operators not confirmed yet."""
    day = date(2026, 12, 10)
    meeting = services.create_meeting(
        actor=None,
        programme=programme,
        body=bodies["steering"],
        title="Ambtelijk opdrachtgeversoverleg december 2026",
        starts_at=_at(day, 14),
        ends_at=_at(day, 16),
        location=PROVINCIEHUIS,
        attendance_rules=[AttendanceRule.PROGRAMME_OWNER, AttendanceRule.GRID_OPERATORS],
    )
    at_level_two = [i for i in impediments if i.level == 2]
    for impediment in at_level_two:
        services.add_agenda_item(
            actor=None,
            meeting=meeting,
            title=f"Knelpunt: {impediment.title}",
            impediment=impediment,
            project=impediment.project,
        )
    services.add_agenda_item(actor=None, meeting=meeting, title="Voortgang monitoring")
    _invite_members(
        meeting,
        bodies["steering"],
        {"Stedin": (None, ""), "TenneT": (None, "")},
        _at(date(2026, 11, 20), 9),
    )
