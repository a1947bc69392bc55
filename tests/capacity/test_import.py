"""Importing capacity-map publications: both real snapshots, dry run, re-import, bad files,
who may, and the audit trail."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from gridpact.capacity import queries
from gridpact.capacity.models import AreaFigures, Publication, PublicWork, ServiceArea
from gridpact.capacity.services import import_publication
from gridpact.core.events import describe
from gridpact.core.models import AuditEvent
from gridpact.parties.models import Role
from gridpact.programmes.models import ParticipationRole

from ..factories import MembershipFactory, OrganisationFactory, ParticipationFactory, UserFactory
from .test_parsing import AUGUST, DSO_EXAMPLE, JULY


def _capacity_rows():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("capacity").get_models()
    }


def _import(world, path, *, dry_run=False, actor=None, **extra):
    return import_publication(
        actor=actor or world.coordinator,
        programme=world.programme,
        content=path.read_bytes(),
        filename=path.name,
        dry_run=dry_run,
        **extra,
    )


def test_both_utrecht_snapshots_import_as_two_dated_snapshots_of_the_same_areas(world):
    july = _import(world, JULY)
    august = _import(world, AUGUST)
    assert july.imported and august.imported
    assert [p.snapshot_date for p in queries.publications()] == [
        date(2026, 8, 8),
        date(2026, 7, 29),
    ]
    assert ServiceArea.objects.count() == 16  # the areas are the same, the figures per snapshot
    assert AreaFigures.objects.count() == 32
    assert PublicWork.objects.filter(publication=august.publication).count() == 457
    latest = queries.latest_publication()
    assert latest == august.publication
    stedin = next(t for t in queries.operator_totals(latest) if t["area__operator"] == "Stedin")
    assert stedin["areas"] == 15
    assert stedin["withdrawal_mw"] == Decimal("153.2")
    assert stedin["withdrawal_requests"] == 362
    assert set(
        AreaFigures.objects.filter(publication=latest, area__operator="Stedin").values_list(
            "tennet_year_solved_withdrawal", flat=True
        )
    ) == {2035}
    assert latest.imported_by == world.coordinator
    assert latest.programme == world.programme
    assert latest.filename == "utrecht-2026-08-08.json"


def test_the_summary_counts_areas_works_and_each_operators_waiting_list(world):
    result = _import(world, AUGUST, dry_run=True)
    assert (result.areas, result.works, result.distinct_works) == (16, 457, 52)
    stedin = next(t for t in result.operators if t.operator == "Stedin")
    assert (stedin.areas, stedin.withdrawal_mw, stedin.withdrawal_requests) == (
        15,
        Decimal("153.2"),
        362,
    )
    tennet = next(t for t in result.operators if t.operator == "TenneT")
    assert (tennet.areas, tennet.withdrawal_mw) == (1, Decimal("1339"))


def test_a_dry_run_writes_nothing(world):
    before, events = _capacity_rows(), AuditEvent.objects.count()
    result = _import(world, AUGUST, dry_run=True)
    assert result.problems == [] and not result.imported and result.publication is None
    assert _capacity_rows() == before
    assert AuditEvent.objects.count() == events


def test_importing_the_same_file_again_changes_nothing_and_says_which_snapshot_it_is(world):
    first = _import(world, AUGUST)
    before, events = _capacity_rows(), AuditEvent.objects.count()
    again = _import(world, AUGUST)
    assert again.already and not again.imported
    assert again.publication == first.publication
    assert _capacity_rows() == before
    assert AuditEvent.objects.count() == events
    # Also when the same data comes laid out differently, and on a dry run.
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    reformatted = json.dumps(data, indent=1, sort_keys=True).encode()
    result = import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=reformatted,
        filename="anders.json",
        dry_run=True,
    )
    assert result.already and result.publication == first.publication


def test_a_schema_invalid_file_imports_nothing_and_lists_its_problems_by_path(world):
    data = json.loads(DSO_EXAMPLE.read_text(encoding="utf-8"))
    data["energy_areas"][0]["demand_capacity_in_queue"] = "3 MW"
    del data["energy_areas"][0]["works"][0]["time_schedules"]
    before = _capacity_rows()
    result = import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=json.dumps(data).encode(),
        filename="fout.json",
        dry_run=False,
    )
    assert not result.imported
    assert [(p["path"], p["value"]) for p in result.problems] == [
        ("$.energy_areas[0].demand_capacity_in_queue", "3 MW"),
        ("$.energy_areas[0].works[0].time_schedules", ""),
    ]
    assert result.problems[0]["message"] == ("'3 MW' voldoet niet aan het informatiemodel (type).")
    assert result.problems[1]["message"] == "Dit veld is verplicht en ontbreekt."
    assert _capacity_rows() == before


def test_a_public_map_file_with_one_bad_figure_imports_nothing(world):
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    data["areas"]["CM10"]["detail"]["queueWithdrawal"] = "1.8 XW"
    before = _capacity_rows()
    result = import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=json.dumps(data).encode(),
        filename="utrecht.json",
        dry_run=False,
    )
    assert result.problems == [
        {
            "path": "$.areas.CM10.detail.queueWithdrawal",
            "value": "1.8 XW",
            "code": "not_mw",
            "message": "'1.8 XW' is geen getal met eenheid MW.",
        }
    ]
    assert _capacity_rows() == before


def test_the_information_model_imports_under_its_operator(world):
    result = _import(world, DSO_EXAMPLE)
    assert result.imported
    area = ServiceArea.objects.get(code="OS FICTIEF 20-3i")
    assert area.operator == "Liander"
    assert result.publication.source_format == "im"
    assert result.publication.snapshot_date == date(2025, 1, 10)


def test_a_file_without_a_date_takes_the_date_in_its_name(world):
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    del data["snapshot_date"]
    result = import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=json.dumps(data).encode(),
        filename="kaart-2026-09-01.json",
        dry_run=False,
    )
    assert result.publication.snapshot_date == date(2026, 9, 1)


def test_the_import_records_one_audit_event_in_the_programme(world):
    before = AuditEvent.objects.count()
    result = _import(world, AUGUST)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "capacity.publication_imported"
    assert event.actor == world.coordinator
    assert event.programme_id == world.programme.pk
    assert event.object_id == str(result.publication.pk)
    assert event.changes["area_count"] == [None, 16]
    assert describe(event) == (
        "Capaciteitskaart geïmporteerd: momentopname van 8 augustus 2026, 16 voedingsgebieden, "
        "457 publieke werken"
    )


def _observer(world):
    observer_org = OrganisationFactory(name="Rijkswaterstaat Test")
    ParticipationFactory(
        programme=world.programme, organisation=observer_org, role=ParticipationRole.OBSERVER
    )
    return MembershipFactory(organisation=observer_org, role=Role.COORDINATOR).user


@pytest.mark.parametrize(
    "who", ["outsider", "lead", "municipal_official", "reader", "observer", "anonymous"]
)
def test_only_the_programmes_coordinator_imports(world, who):
    actor = {"observer": _observer, "anonymous": lambda w: AnonymousUser()}.get(
        who, lambda w: getattr(w, who)
    )(world)
    before = _capacity_rows()
    for dry_run in (True, False):
        with pytest.raises(PermissionDenied):
            _import(world, AUGUST, actor=actor, dry_run=dry_run)
    assert _capacity_rows() == before


def test_without_a_programme_only_an_administrator_imports(world):
    with pytest.raises(PermissionDenied):
        import_publication(
            actor=world.coordinator, content=AUGUST.read_bytes(), filename="x", dry_run=True
        )
    admin = UserFactory(username="beheerder", is_superuser=True, is_staff=True)
    result = import_publication(
        actor=admin, content=AUGUST.read_bytes(), filename="x", dry_run=False
    )
    assert result.imported and result.publication.programme is None
    assert Publication.objects.count() == 1
