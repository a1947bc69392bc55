"""Demonstration data: the collaboration agreements of the P-MIEK 2.0 Utrecht.

Following the memo: a first, light version was discussed at the official work session of
29 January 2025 and adopted together with the P-MIEK 2.0 by GS on 25 March 2025; each alderman was
asked whether the municipality is in principle positive. A second version is now being discussed.
The clause texts are written for this demonstration; the decision reference is illustrative.
Baarn has not given a position on the current version (the browser test records it).
"""

from datetime import date

from django.db import transaction

from . import services
from .models import Agreement, CommitmentKind, Position

TITLE = "Samenwerkingsafspraken prioritaire elektriciteitsinfrastructuurprojecten P-MIEK 2.0"
DESCRIPTION = (
    "Hoe provincie, gemeenten en netbeheerders samenwerken om de prioritaire projecten van het "
    "P-MIEK 2.0 te versnellen, of minimaal niet te vertragen."
)
WORK_SESSION = date(2025, 1, 29)
GS_ADOPTION = date(2025, 3, 25)

# (theme, title, text, commitments as (kind, target, body))
FIRST_VERSION = [
    (
        "Governance",
        "Rolverdeling",
        "<p>De provincie Utrecht is eigenaar van het P-MIEK 2.0 en coördineert de uitvoering van "
        "deze afspraken. De netbeheerders zijn verantwoordelijk voor hun projecten; gemeenten en "
        "provincie voor de ruimtelijke procedures waarin zij bevoegd gezag zijn.</p>"
        "<p>Iedere partij wijst een vast ambtelijk aanspreekpunt en een bestuurlijk "
        "portefeuillehouder aan.</p>",
        [],
    ),
    (
        "Governance",
        "Overlegstructuur",
        "<p>Partijen komen samen in:</p><ul><li>een <strong>projectteam</strong> per project, "
        "ten minste maandelijks;</li><li>een <strong>ambtelijk opdrachtgeversoverleg</strong>, "
        "ieder kwartaal;</li><li>een <strong>bestuurlijk overleg</strong>, twee keer per jaar."
        "</li></ul><p>De gemeenten met een concreet project zijn bij het bestuurlijk overleg "
        "aanwezig.</p>",
        [(CommitmentKind.ATTENDANCE, 80, "Bestuurlijk overleg")],
    ),
    (
        "Monitoring",
        "Voortgangsrapportage per kwartaal",
        "<p>De leidende netbeheerder rapporteert ieder kwartaal over zijn projecten: fase, "
        "planning ten opzichte van de basisplanning, knelpunten en de stand van de procedures. "
        "De rapportage staat uiterlijk tien werkdagen na afloop van het kwartaal in GridPact.</p>",
        [(CommitmentKind.REPORTING, 90, "")],
    ),
    (
        "Monitoring",
        "Voortgangsbeeld voor GS en PS",
        "<p>De provincie stelt uit de rapportages twee keer per jaar een voortgangsbeeld op voor "
        "Gedeputeerde Staten en Provinciale Staten, in de maanden waarin ook landelijk over "
        "netcongestie wordt gerapporteerd.</p>",
        [],
    ),
    (
        "Projectmatig werken",
        "Projectplan per project",
        "<p>Voor ieder concreet project ligt binnen drie maanden na vaststelling een gezamenlijk "
        "projectplan met mijlpalen, eigenaren en een basisplanning. Een wijziging van de "
        "basisplanning stelt het ambtelijk opdrachtgeversoverleg vast.</p>",
        [],
    ),
    (
        "Projectmatig werken",
        "Vroeg betrekken van de gemeente",
        "<p>De netbeheerder betrekt de gemeente al in de verkenning bij de locatiekeuze, zodat "
        "ruimtelijke en maatschappelijke randvoorwaarden vroeg bekend zijn.</p>",
        [],
    ),
    (
        "Kostenverdeling",
        "Uitgangspunt voor de kosten",
        "<p>De netbeheerder draagt de kosten van netinvesteringen en verdient die terug via de "
        "gereguleerde tarieven. Wat een overheid vraagt boven het wettelijk vereiste, betaalt die "
        "overheid, tenzij partijen vooraf iets anders afspreken.</p>",
        [],
    ),
    (
        "Ruimtelijke procedures",
        "Besluiten binnen de termijn",
        "<p>Het bevoegd gezag beslist over vergunningen en projectbesluiten voor prioritaire "
        "projecten binnen de wettelijke beslistermijn. Een termijn wordt alleen verlengd als dat "
        "inhoudelijk nodig is, en pas na overleg met de aanvrager.</p>",
        [(CommitmentKind.DECISION_TERM, 90, "")],
    ),
    (
        "Ruimtelijke procedures",
        "Vooroverleg over de aanvraag",
        "<p>Voor iedere aanvraag overleggen netbeheerder en bevoegd gezag vooraf, zodat de "
        "aanvraag bij indiening volledig is en opschorting zoveel mogelijk wordt voorkomen.</p>",
        [],
    ),
    (
        "Escalatiemechanisme",
        "Escalatieladder",
        "<p>Een knelpunt dat het projectteam niet binnen tien werkdagen oplost, gaat naar het "
        "ambtelijk opdrachtgeversoverleg, daarna naar het bestuurlijk overleg en ten slotte naar "
        "GS en het Rijk.</p><p>Op ieder niveau volgt binnen de afgesproken tijd een besluit of "
        "een bewuste keuze om op te schalen.</p>",
        [(CommitmentKind.ESCALATION, 80, "")],
    ),
]

# (commenter, clause title, text, replies as (commenter, text))
FIRST_COMMENTS = [
    (
        "stedin",
        "Voortgangsrapportage per kwartaal",
        "Tien werkdagen na het kwartaal is krap als de planning eerst intern wordt vastgesteld. "
        "Kunnen we met een voorlopige rapportage beginnen?",
        [
            (
                "coordinator",
                "Een voorlopige rapportage kan, zolang de status en de knelpunten erin staan.",
            )
        ],
    ),
    (
        "soest",
        "Besluiten binnen de termijn",
        "Soest kan dit toezeggen als het vooroverleg (artikel Vooroverleg) echt plaatsvindt; "
        "anders is opschorting onvermijdelijk.",
        [],
    ),
    (
        "tennet",
        "Escalatieladder",
        "Graag bij niveau 4 ook de landelijke versnellingstafel van het MIEK noemen.",
        [],
    ),
]

# Positions on the first version: (organisation, level, position, comment, given by, on, user)
FIRST_POSITIONS = [
    ("Amersfoort", "bestuurlijk", Position.POSITIVE, "", "Wethouder energie", date(2025, 1, 29)),
    (
        "Soest",
        "bestuurlijk",
        Position.POSITIVE,
        "Besproken met de ambtenaar die de werksessie bijwoont.",
        "Wethouder ruimtelijke ordening",
        date(2025, 1, 28),
    ),
    (
        "Stichtse Vecht",
        "bestuurlijk",
        Position.RESERVED,
        "Positief, mits de inpassing van Breukelen-Kortrijk met de omgeving wordt afgestemd.",
        "Wethouder duurzaamheid",
        date(2025, 2, 3),
    ),
    (
        "Utrecht",
        "bestuurlijk",
        Position.POSITIVE,
        "",
        "Wethouder energietransitie",
        date(2025, 1, 27),
    ),
    ("Veenendaal", "bestuurlijk", Position.POSITIVE, "", "Wethouder energie", date(2025, 2, 10)),
]

SECOND_VERSION_CHANGES = {
    "Overlegstructuur": (
        "<p>Partijen komen samen in:</p><ul><li>een <strong>projectteam</strong> per project, "
        "ten minste maandelijks;</li><li>een <strong>ambtelijk opdrachtgeversoverleg</strong>, "
        "ieder kwartaal;</li><li>een <strong>bestuurlijk overleg</strong>, drie keer per jaar."
        "</li></ul><p>De gemeenten met een concreet project zijn bij het bestuurlijk overleg "
        "aanwezig of laten zich vertegenwoordigen.</p>"
    ),
    "Voortgangsrapportage per kwartaal": (
        "<p>De leidende netbeheerder rapporteert ieder kwartaal over zijn projecten: fase, "
        "planning ten opzichte van de basisplanning, knelpunten en de stand van de procedures. "
        "De rapportage staat uiterlijk tien werkdagen na afloop van het kwartaal in GridPact. "
        "Bij een vertraging van meer dan drie maanden licht de netbeheerder de oorzaak en de "
        "maatregelen toe.</p>"
    ),
    "Escalatieladder": (
        "<p>Een knelpunt dat het projectteam niet binnen tien werkdagen oplost, gaat naar het "
        "ambtelijk opdrachtgeversoverleg, daarna naar het bestuurlijk overleg en ten slotte naar "
        "GS, het Rijk en de versnellingstafel van het MIEK.</p><p>Op ieder niveau volgt binnen "
        "de afgesproken tijd een besluit of een bewuste keuze om op te schalen. Ieder besluit "
        "wordt vastgelegd met wie het nam.</p>"
    ),
}
SECOND_VERSION_REMOVED = "Vroeg betrekken van de gemeente"
SECOND_VERSION_ADDED = [
    (
        "Kostenverdeling",
        "Kosten per project inzichtelijk",
        "<p>Partijen maken de kosten van ruimtelijke inpassing, grondverwerving en procedures per "
        "project inzichtelijk in GridPact, zodat ze volgens vooraf afgesproken regels worden "
        "verdeeld.</p>",
    ),
    (
        "Communicatie en participatie",
        "Eén verhaal naar de omgeving",
        "<p>Netbeheerder en gemeente trekken samen op in de communicatie met omwonenden: één "
        "aanspreekpunt per project en een gezamenlijke planning van informatieavonden.</p>",
    ),
]
SECOND_POSITIONS = [
    (
        "Utrecht",
        "bestuurlijk",
        Position.POSITIVE,
        "",
        "Wethouder energietransitie",
        date(2025, 10, 6),
    ),
    (
        "Amersfoort",
        "bestuurlijk",
        Position.RESERVED,
        "Eens met de richting; de kostenafspraken willen we eerst in het college bespreken.",
        "Wethouder energie",
        date(2025, 10, 9),
    ),
]


def _clauses(version) -> dict:
    return {c.title: c for c in version.clauses.select_related("theme")}


@transaction.atomic
def load(orgs: dict, users: dict, programme) -> bool:
    """Load the demonstration agreement once. Returns False when the programme has one already."""
    if Agreement.objects.filter(programme=programme).exists():
        return False
    agreement = services.create_agreement(
        actor=None,
        programme=programme,
        title=TITLE,
        description=DESCRIPTION,
        today=date(2025, 1, 13),
    )
    themes = {t.name: t for t in agreement.themes.all()}
    first = agreement.versions.get(number=1)
    for theme, title, text, commitments in FIRST_VERSION:
        clause = services.add_clause(
            actor=None, version=first, theme=themes[theme], title=title, text=text
        )
        for kind, target, body in commitments:
            services.add_commitment(
                actor=None, clause=clause, kind=kind, target_percent=target, body=body
            )
    services.move_version(
        actor=None,
        version=first,
        to="ter_bespreking",
        note="Besproken in de ambtelijke werksessie van provincie, gemeenten en netbeheerders.",
        on=WORK_SESSION,
        expected_version=first.version,
    )
    clauses = _clauses(first)
    for username, title, text, replies in FIRST_COMMENTS:
        comment = services.add_comment(actor=users[username], clause=clauses[title], text=text)
        for replier, reply in replies:
            services.add_comment(
                actor=users[replier], clause=clauses[title], text=reply, parent=comment
            )
    for short, level, position, comment, given_by, on in FIRST_POSITIONS:
        services.record_endorsement(
            actor=None,
            version=first,
            organisation=orgs[short],
            position=position,
            comment=comment,
            level=level,
            given_by_name=given_by,
            today=on,
        )
    for username, short in (("tennet", "TenneT"), ("stedin", "Stedin"), ("soest", "Soest")):
        services.record_endorsement(
            actor=users[username],
            version=first,
            organisation=orgs[short],
            position=Position.POSITIVE,
            today=date(2025, 2, 5),
        )
    services.move_version(
        actor=None,
        version=first,
        to="ter_vaststelling",
        note="Opmerkingen uit de werksessie verwerkt; aangeboden aan Gedeputeerde Staten.",
        on=date(2025, 3, 4),
        expected_version=first.version,
    )
    services.adopt_version(
        actor=None,
        version=first,
        adopted_by="Gedeputeerde Staten",
        adopted_on=GS_ADOPTION,
        decision_reference="GS 25-03-2025 (illustratief kenmerk)",
        expected_version=first.version,
    )
    _second_version(agreement, orgs, users)
    return True


def _second_version(agreement, orgs, users) -> None:
    second = services.create_version(
        actor=None,
        agreement=agreement,
        summary="Uitwerking na vaststelling: overlegfrequentie, toelichting op vertraging, "
        "kosten per project en communicatie met de omgeving.",
        today=date(2025, 9, 1),
    )
    services.add_theme(actor=None, agreement=agreement, name="Communicatie en participatie")
    themes = {t.name: t for t in agreement.themes.all()}
    clauses = _clauses(second)
    for title, text in SECOND_VERSION_CHANGES.items():
        clause = clauses[title]
        services.update_clause(
            actor=None,
            clause=clause,
            theme=clause.theme,
            title=clause.title,
            text=text,
            number=clause.number,
            expected_version=clause.version,
        )
    removed = clauses[SECOND_VERSION_REMOVED]
    services.remove_clause(actor=None, clause=removed, expected_version=removed.version)
    for theme, title, text in SECOND_VERSION_ADDED:
        services.add_clause(actor=None, version=second, theme=themes[theme], title=title, text=text)
    services.move_version(
        actor=None,
        version=second,
        to="ter_bespreking",
        note="Gedeeld met alle partijen voor het ambtelijk opdrachtgeversoverleg.",
        on=date(2025, 9, 22),
        expected_version=second.version,
    )
    clauses = _clauses(second)
    services.add_comment(
        actor=users["soest"],
        clause=clauses["Kosten per project inzichtelijk"],
        text="Graag ook de ambtelijke uren voor procedures meenemen.",
    )
    services.add_comment(
        actor=users["stedin"],
        clause=clauses["Eén verhaal naar de omgeving"],
        text="Stedin levert per project een omgevingsmanager als aanspreekpunt.",
    )
    for short, level, position, comment, given_by, on in SECOND_POSITIONS:
        services.record_endorsement(
            actor=None,
            version=second,
            organisation=orgs[short],
            position=position,
            comment=comment,
            level=level,
            given_by_name=given_by,
            today=on,
        )
    for username, short in (("soest", "Soest"), ("stedin", "Stedin")):
        services.record_endorsement(
            actor=users[username],
            version=second,
            organisation=orgs[short],
            position=Position.POSITIVE,
            today=date(2025, 10, 1),
        )
