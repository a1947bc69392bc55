"""Every write: the cycle, immutability, comments, positions, reminders, bad input, audit."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gridpact.agreements import services
from gridpact.agreements.models import (
    AgreementVersion,
    Clause,
    Comment,
    Commitment,
    Endorsement,
    FrozenVersionError,
)
from gridpact.core.errors import StaleEditError
from gridpact.core.models import AuditEvent
from gridpact.parties.models import Level, Role

from ..factories import MembershipFactory, OrganisationFactory, agreements_state


def _state():
    return AuditEvent.objects.count(), agreements_state()


def _fresh(version):
    return AgreementVersion.objects.select_related("agreement__programme").get(pk=version.pk)


# --- the cycle and immutability -------------------------------------------------------------


def test_an_adopted_version_refuses_every_change(world, agr):
    adopted = _fresh(agr.adopted)
    clause = adopted.clauses.first()
    commitment = Commitment.objects.get(clause__agreement_version=adopted)
    before = _state()
    attempts = [
        lambda: services.update_clause(
            actor=world.coordinator,
            clause=clause,
            theme=clause.theme,
            title="Anders",
            text="<p>Anders</p>",
            number=clause.number,
            expected_version=clause.version,
        ),
        lambda: services.add_clause(
            actor=world.coordinator, version=adopted, theme=clause.theme, title="t", text="x"
        ),
        lambda: services.remove_clause(
            actor=world.coordinator, clause=clause, expected_version=clause.version
        ),
        lambda: services.add_commitment(
            actor=world.coordinator, clause=clause, kind="rapportage", target_percent=90
        ),
        lambda: services.remove_commitment(actor=world.coordinator, commitment=commitment),
        lambda: services.move_version(
            actor=world.coordinator,
            version=adopted,
            to="ter_bespreking",
            expected_version=adopted.version,
        ),
        lambda: services.add_comment(actor=world.municipal_official, clause=clause, text="Nu?"),
        lambda: services.record_endorsement(
            actor=world.municipal_official,
            version=adopted,
            organisation=world.municipality,
            position="positief",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert _state() == before
    with pytest.raises(FrozenVersionError):
        clause.title = "Stiekem"
        clause.save()
    with pytest.raises(FrozenVersionError):
        clause.delete()
    with pytest.raises(FrozenVersionError):
        commitment.save()
    assert Clause.objects.get(pk=clause.pk).title == "Besluiten binnen de termijn"


def test_a_new_version_is_a_copy_and_editing_it_leaves_the_adopted_text(world, agr):
    draft = agr.clause
    assert draft.key == agr.adopted.clauses.get(number=draft.number).key
    assert draft.commitments.count() == 1
    services.update_clause(
        actor=world.coordinator,
        clause=draft,
        theme=draft.theme,
        title=draft.title,
        text="<p>Het bevoegd gezag beslist ruim binnen de termijn.</p>",
        number=draft.number,
        expected_version=draft.version,
    )
    adopted_text = agr.adopted.clauses.get(number=draft.number).text
    assert adopted_text == "<p>Het bevoegd gezag beslist binnen de wettelijke termijn.</p>"


def test_only_one_version_is_worked_on_at_a_time(world, agr):
    before = _state()
    with pytest.raises(ValidationError, match="still being worked on"):
        services.create_version(actor=world.coordinator, agreement=agr.agreement)
    assert _state() == before


def test_adoption_needs_a_body_and_a_date_and_replaces_the_previous_version(world, agr):
    version = _fresh(agr.version)
    services.move_version(
        actor=world.coordinator, version=version, to="ter_vaststelling", expected_version=2
    )
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.adopt_version(
            actor=world.coordinator,
            version=version,
            adopted_by=" ",
            adopted_on=None,
            expected_version=version.version,
        )
    assert {"adopted_by", "adopted_on"} <= set(error.value.message_dict)
    for bad_day in (timezone.localdate() + timedelta(days=1), date(2025, 3, 1)):
        with pytest.raises(ValidationError) as error:
            services.adopt_version(
                actor=world.coordinator,
                version=version,
                adopted_by="GS",
                adopted_on=bad_day,
                expected_version=version.version,
            )
        assert "adopted_on" in error.value.message_dict
    assert _state() == before
    services.adopt_version(
        actor=world.coordinator,
        version=version,
        adopted_by="Gedeputeerde Staten",
        adopted_on=date(2026, 1, 20),
        decision_reference="GS-2026-4",
        expected_version=version.version,
    )
    first = _fresh(agr.adopted)
    assert (first.status, first.replaced_by_id, first.replaced_on) == (
        "vervangen",
        version.pk,
        date(2026, 1, 20),
    )
    assert _fresh(version).status == "vastgesteld"
    assert AuditEvent.objects.count() == before[0] + 1


def test_only_a_version_ter_vaststelling_is_adopted(world, agr):
    version = _fresh(agr.version)
    with pytest.raises(ValidationError, match="ter vaststelling"):
        services.adopt_version(
            actor=world.coordinator,
            version=version,
            adopted_by="GS",
            adopted_on=date(2026, 1, 20),
            expected_version=version.version,
        )


def test_a_version_without_clauses_is_not_put_up_for_adoption(world):
    agreement = services.create_agreement(
        actor=world.coordinator, programme=world.programme, title="Leeg"
    )
    version = agreement.versions.get()
    services.move_version(
        actor=world.coordinator, version=version, to="ter_bespreking", expected_version=1
    )
    with pytest.raises(ValidationError, match="without clauses"):
        services.move_version(
            actor=world.coordinator, version=version, to="ter_vaststelling", expected_version=2
        )


def test_a_stale_move_is_refused(world, agr):
    first, second = _fresh(agr.version), _fresh(agr.version)
    services.move_version(
        actor=world.coordinator, version=first, to="concept", expected_version=first.version
    )
    with pytest.raises(StaleEditError):
        services.move_version(
            actor=world.coordinator, version=second, to="ter_vaststelling", expected_version=2
        )
    assert _fresh(agr.version).status == "concept"


def test_only_the_coordinator_drafts(world, agr):
    for actor in (world.lead, world.municipal_official, world.reader):
        with pytest.raises(PermissionDenied):
            services.add_clause(
                actor=actor, version=agr.version, theme=agr.clause.theme, title="t", text="x"
            )
        with pytest.raises(PermissionDenied):
            services.send_reminders(actor=actor, version=agr.version)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<p>Tekst</p><script>alert(1)</script>",
        '<p onmouseover="alert(1)">Tekst</p>',
        '<p><a href="javascript:alert(1)">klik</a></p>',
    ],
)
def test_unsafe_html_in_a_clause_is_refused_with_a_clear_message(world, agr, text):
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.add_clause(
            actor=world.coordinator,
            version=agr.version,
            theme=agr.clause.theme,
            title="Gevaarlijk",
            text=text,
        )
    assert "not allowed" in " ".join(error.value.message_dict["text"])
    assert _state() == before


def test_a_clause_is_stored_cleaned_and_numbered_after_the_last(world, agr):
    clause = services.add_clause(
        actor=world.coordinator,
        version=agr.version,
        theme=agr.clause.theme,
        title="Opgeschoond",
        text='<div class="x"><p>Tekst met <strong>nadruk</strong></p></div>',
    )
    assert clause.text == "<p>Tekst met <strong>nadruk</strong></p>"
    assert clause.number == 3
    with pytest.raises(ValidationError) as error:
        services.add_clause(
            actor=world.coordinator,
            version=agr.version,
            theme=agr.clause.theme,
            title="",
            text="<div></div>",
            number=3,
        )
    assert set(error.value.message_dict) == {"title", "text", "number"}


@pytest.mark.parametrize(
    ("target", "message"),
    [(None, "Give the target"), ("", "Give the target"), (-5, "0 to 100"), (101, "0 to 100")],
)
def test_a_commitment_needs_a_target_from_zero_to_a_hundred(world, agr, target, message):
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.add_commitment(
            actor=world.coordinator, clause=agr.clause, kind="rapportage", target_percent=target
        )
    assert message in " ".join(error.value.message_dict["target_percent"])
    assert _state() == before


def test_attendance_names_its_body(world, agr):
    with pytest.raises(ValidationError) as error:
        services.add_commitment(
            actor=world.coordinator, clause=agr.clause, kind="aanwezigheid", target_percent=80
        )
    assert "body" in error.value.message_dict
    commitment = services.add_commitment(
        actor=world.coordinator,
        clause=agr.clause,
        kind="aanwezigheid",
        target_percent="87,5",
        body="Bestuurlijk overleg",
    )
    assert str(commitment.target_percent) == "87.5"


# --- comments -------------------------------------------------------------------------------


def test_comments_are_threaded_and_carry_organisation_and_level(world, agr):
    reply = services.add_comment(
        actor=world.lead,
        clause=agr.clause,
        text="Alleen bij complexe aanvragen.",
        parent=agr.comment,
    )
    assert (reply.organisation, reply.level, reply.parent) == (
        world.operator,
        Level.OFFICIAL,
        agr.comment,
    )
    alderman = MembershipFactory(
        organisation=world.municipality, role=Role.CONTRIBUTOR, level=Level.EXECUTIVE
    ).user
    deeper = services.add_comment(actor=alderman, clause=agr.clause, text="Eens.", parent=reply)
    assert deeper.level == Level.EXECUTIVE
    other = agr.version.clauses.exclude(pk=agr.clause.pk).first()
    with pytest.raises(ValidationError):
        services.add_comment(actor=world.lead, clause=other, text="x", parent=agr.comment)
    with pytest.raises(ValidationError):
        services.add_comment(actor=world.lead, clause=agr.clause, text="  ")
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=world.reader, clause=agr.clause, text="x")
    with pytest.raises(PermissionDenied):
        services.add_comment(
            actor=world.lead, clause=agr.clause, text="x", organisation=world.municipality
        )


def test_comments_close_when_the_version_goes_up_for_adoption(world, agr):
    services.move_version(
        actor=world.coordinator, version=agr.version, to="ter_vaststelling", expected_version=2
    )
    with pytest.raises(ValidationError, match="closed"):
        services.add_comment(actor=world.lead, clause=agr.clause, text="Te laat")


# --- positions ------------------------------------------------------------------------------


def test_a_position_for_an_organisation_that_does_not_take_part_is_refused(world, agr):
    stranger = OrganisationFactory(name="Gemeente Nergens")
    before = _state()
    for organisation, message in [
        (stranger, "does not take part"),
        (world.province, "not one of the parties asked"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.record_endorsement(
                actor=world.coordinator,
                version=agr.version,
                organisation=organisation,
                position="positief",
            )
        assert message in " ".join(error.value.message_dict["organisation"])
    with pytest.raises(PermissionDenied):
        services.record_endorsement(
            actor=world.lead,
            version=agr.version,
            organisation=world.municipality,
            position="positief",
        )
    assert _state() == before


def test_the_level_follows_the_membership_and_a_reservation_needs_a_comment(world, agr):
    alderman = MembershipFactory(
        organisation=world.municipality,
        role=Role.CONTRIBUTOR,
        level=Level.EXECUTIVE,
        job_title="wethouder",
    ).user
    with pytest.raises(ValidationError) as error:
        services.record_endorsement(
            actor=alderman,
            version=agr.version,
            organisation=world.municipality,
            position="positief_met_voorbehoud",
        )
    assert "comment" in error.value.message_dict
    endorsement = services.record_endorsement(
        actor=alderman,
        version=agr.version,
        organisation=world.municipality,
        position="positief_met_voorbehoud",
        comment="Mits de kosten helder zijn.",
    )
    assert endorsement.level == "bestuurlijk"
    assert endorsement.given_by == alderman
    assert "wethouder" in endorsement.given_by_name
    official = services.record_endorsement(
        actor=world.municipal_official,
        version=agr.version,
        organisation=world.municipality,
        position="positief",
    )
    assert official.level == "ambtelijk"
    assert Endorsement.objects.filter(agreement_version=agr.version).count() == 3


def test_recording_again_replaces_the_position_and_a_stale_copy_is_refused(world, agr):
    mine = agr.endorsement
    services.record_endorsement(
        actor=world.lead,
        version=agr.version,
        organisation=world.operator,
        position="niet_positief",
        comment="De termijnen zijn niet haalbaar.",
        expected_version=mine.version,
    )
    assert Endorsement.objects.get(pk=mine.pk).position == "niet_positief"
    with pytest.raises(StaleEditError) as error:
        services.record_endorsement(
            actor=world.lead,
            version=agr.version,
            organisation=world.operator,
            position="positief",
            expected_version=1,
        )
    assert error.value.current.position == "niet_positief"


def test_reminders_go_once_per_version_per_organisation(
    world, agr, django_capture_on_commit_callbacks
):
    world.municipal_official.email = "ambtenaar@example.org"
    world.municipal_official.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_reminders(actor=world.coordinator, version=agr.version)
    assert [o.name for o in result.reminded] == ["Gemeente Test"]
    assert [o.name for o in result.unreachable] == ["Ander Netbedrijf"]  # nobody to e-mail
    assert [m.to for m in mail.outbox] == [["ambtenaar@example.org"]]
    before = _state()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.send_reminders(actor=world.coordinator, version=agr.version)
    assert len(mail.outbox) == 1
    assert _state() == before
    # Once the municipality responds, it is no longer among those to remind.
    services.record_endorsement(
        actor=world.municipal_official,
        version=agr.version,
        organisation=world.municipality,
        position="positief",
    )
    with pytest.raises(ValidationError):
        services.send_reminders(actor=world.coordinator, version=agr.version)


# --- one audit event per write --------------------------------------------------------------


def _uncommented(agr):
    return agr.version.clauses.exclude(pk=agr.clause.pk).get()


def test_a_commented_clause_stays_so_the_discussion_is_not_lost(world, agr):
    before = _state()
    with pytest.raises(ValidationError, match="lose their comments"):
        services.remove_clause(actor=world.coordinator, clause=agr.clause, expected_version=1)
    assert _state() == before
    services.remove_clause(actor=world.coordinator, clause=_uncommented(agr), expected_version=1)
    assert agr.version.clauses.count() == 1
    assert agr.adopted.clauses.count() == 2


WRITES = {
    "create_agreement": lambda w, a: services.create_agreement(
        actor=w.coordinator, programme=w.programme, title="Nieuw"
    ),
    "add_theme": lambda w, a: services.add_theme(
        actor=w.coordinator, agreement=a.agreement, name="Communicatie"
    ),
    "add_clause": lambda w, a: services.add_clause(
        actor=w.coordinator, version=a.version, theme=a.clause.theme, title="t", text="x"
    ),
    "update_clause": lambda w, a: services.update_clause(
        actor=w.coordinator,
        clause=a.clause,
        theme=a.clause.theme,
        title="t",
        text="x",
        number=a.clause.number,
        expected_version=a.clause.version,
    ),
    "remove_clause": lambda w, a: services.remove_clause(
        actor=w.coordinator, clause=_uncommented(a), expected_version=1
    ),
    "add_commitment": lambda w, a: services.add_commitment(
        actor=w.coordinator, clause=a.clause, kind="escalatie", target_percent=80
    ),
    "remove_commitment": lambda w, a: services.remove_commitment(
        actor=w.coordinator, commitment=a.commitment
    ),
    "move_version": lambda w, a: services.move_version(
        actor=w.coordinator, version=a.version, to="concept", expected_version=a.version.version
    ),
    "add_comment": lambda w, a: services.add_comment(
        actor=w.lead, clause=a.clause, text="x", parent=a.comment
    ),
    "record_endorsement": lambda w, a: services.record_endorsement(
        actor=w.municipal_official,
        version=a.version,
        organisation=w.municipality,
        position="positief",
    ),
    "send_reminders": lambda w, a: services.send_reminders(actor=w.coordinator, version=a.version),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_records_exactly_one_audit_event(world, agr, name):
    before = AuditEvent.objects.count()
    WRITES[name](world, agr)
    events = list(AuditEvent.objects.all()[: AuditEvent.objects.count() - before])
    assert len(events) == 1
    assert events[0].programme_id == world.programme.pk
    assert events[0].action.startswith("agreement.")


def test_create_version_and_adopt_record_one_event_each(world, agr):
    version = _fresh(agr.version)
    services.move_version(
        actor=world.coordinator, version=version, to="ter_vaststelling", expected_version=2
    )
    before = AuditEvent.objects.count()
    services.adopt_version(
        actor=world.coordinator,
        version=version,
        adopted_by="GS",
        adopted_on=date(2026, 2, 1),
        expected_version=version.version,
    )
    assert AuditEvent.objects.count() == before + 1
    services.create_version(actor=world.coordinator, agreement=agr.agreement)
    assert AuditEvent.objects.count() == before + 2
    assert Comment.objects.count() == 1  # comments stay with the version they were made on
