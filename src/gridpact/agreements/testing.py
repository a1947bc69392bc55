"""An agreement for the test `world` (tests/conftest.py), built with the services.

`make_agreement(world)` is idempotent: the permission matrix calls it from several callables of
one case, and every call returns the same agreement, read fresh from the database.
"""

from dataclasses import dataclass
from datetime import date

from gridpact.core.models import Notification

from . import services
from .models import (
    Agreement,
    AgreementVersion,
    Clause,
    Comment,
    Commitment,
    CommitmentKind,
    Endorsement,
    Position,
    Theme,
)

ADOPTED_ON = date(2025, 3, 25)


@dataclass
class AgreementWorld:
    agreement: Agreement
    adopted: AgreementVersion  # version 1, vastgesteld
    version: AgreementVersion  # version 2, ter bespreking
    clause: Clause  # the first clause of version 2
    commitment: Commitment  # a decision-term commitment on it
    comment: Comment  # by the municipality, on `clause`
    endorsement: Endorsement  # the grid operator's (ambtelijk) position on version 2


def _read(programme) -> AgreementWorld:
    agreement = Agreement.objects.select_related("programme").get(programme=programme)
    adopted = agreement.versions.get(number=1)
    version = agreement.versions.get(number=2)
    clause = version.clauses.select_related("theme").order_by("number").first()
    return AgreementWorld(
        agreement=agreement,
        adopted=adopted,
        version=version,
        clause=clause,
        commitment=clause.commitments.get(),
        comment=clause.comments.get(),
        endorsement=version.endorsements.get(),
    )


def make_agreement(world) -> AgreementWorld:
    """Version 1 adopted by GS; version 2 (a copy) ter bespreking with a comment of the
    municipality and the position of the grid operator."""
    if Agreement.objects.filter(programme=world.programme).exists():
        return _read(world.programme)
    agreement = services.create_agreement(
        actor=world.coordinator, programme=world.programme, title="Samenwerkingsafspraken Test"
    )
    themes = {t.name: t for t in agreement.themes.all()}
    first = agreement.versions.get(number=1)
    procedures = services.add_clause(
        actor=world.coordinator,
        version=first,
        theme=themes["Ruimtelijke procedures"],
        title="Besluiten binnen de termijn",
        text="<p>Het bevoegd gezag beslist binnen de wettelijke termijn.</p>",
    )
    services.add_commitment(
        actor=world.coordinator,
        clause=procedures,
        kind=CommitmentKind.DECISION_TERM,
        target_percent=90,
    )
    services.add_clause(
        actor=world.coordinator,
        version=first,
        theme=themes["Monitoring"],
        title="Rapportage",
        text="<p>De netbeheerder rapporteert ieder kwartaal.</p>",
    )
    for target in ("ter_bespreking", "ter_vaststelling"):
        services.move_version(
            actor=world.coordinator, version=first, to=target, expected_version=first.version
        )
    services.adopt_version(
        actor=world.coordinator,
        version=first,
        adopted_by="Gedeputeerde Staten",
        adopted_on=ADOPTED_ON,
        decision_reference="GS-2025-1",
        expected_version=first.version,
    )
    second = services.create_version(actor=world.coordinator, agreement=agreement)
    services.move_version(
        actor=world.coordinator, version=second, to="ter_bespreking", expected_version=1
    )
    clause = second.clauses.order_by("number").first()
    services.add_comment(
        actor=world.municipal_official, clause=clause, text="Kan de termijn ook zonder verlenging?"
    )
    services.record_endorsement(
        actor=world.lead,
        version=second,
        organisation=world.operator,
        position=Position.POSITIVE,
    )
    return _read(world.programme)


def agreements_state():
    """What a refused request must leave untouched (for the permission matrix's `_state`)."""
    return (
        Agreement.objects.count(),
        Theme.objects.count(),
        sorted(AgreementVersion.objects.values_list("pk", "version", "status")),
        sorted(Clause.objects.values_list("pk", "version")),
        Commitment.objects.count(),
        Comment.objects.count(),
        sorted(Endorsement.objects.values_list("pk", "version")),
        Notification.objects.count(),
    )
