"""Importing a programme's project list: a dry run with every problem, then all or nothing,
idempotent, through the project services (so every write is audited)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gridpact.core.models import AuditEvent
from gridpact.parties.models import OrganisationKind
from gridpact.projects import services
from gridpact.projects.imports import ImportFileError, read_project_list
from gridpact.projects.models import PartyRole, Project

from ..factories import OrganisationFactory
from .files import csv_bytes, xlsx_bytes

DUTCH = "projectcode;naam;soort;netbeheerder;gemeenten;fase;capaciteit (MVA);breedtegraad\n"


def _import(world, content: bytes, *, dry_run=False, filename="projecten.csv", actor=None):
    return services.import_project_list(
        actor=actor or world.coordinator,
        programme=world.programme,
        table=read_project_list(content, filename),
        dry_run=dry_run,
    )


def test_dutch_headers_and_dutch_choice_labels_are_read():
    table = read_project_list(
        csv_bytes(
            "Projectcode;Naam;Soort;Modaliteit;Fase;Vertrouwelijkheid;Capaciteit (MVA);"
            "Breedtegraad;Lengtegraad;Gemeenten;Opmerking\n"
            "soest-baarn;Station Soest-Baarn;Concreet;duurzame gassen;Ruimtelijke procedure;"
            "Programma (alle deelnemers);12,5;52,17;5,29;Soest, Baarn\n"
        ),
        "p.csv",
    )
    assert table.problems == []
    assert table.ignored == ["Opmerking"]
    row = table.rows[0]
    assert (row.code, row.kind, row.modality, row.phase, row.confidentiality) == (
        "soest-baarn",
        "concreet",
        "duurzame_gassen",
        "ruimtelijke_procedure",
        "programma",
    )
    assert row.capacity_mva == Decimal("12.5")
    assert (row.latitude, row.longitude) == (Decimal("52.170000"), Decimal("5.290000"))
    assert row.municipalities == ("Soest", "Baarn")


def test_english_headers_and_english_labels_are_read_fromxlsx_bytes():
    table = read_project_list(
        xlsx_bytes(
            [
                ["Code", "Name", "Kind", "Phase", "Capacity", "Latitude", "Municipalities"],
                ["noord", "Station Noord", "exploration", "in service", 150, 52.1, "Utrecht"],
            ]
        ),
        "p.xlsx",
    )
    assert table.problems == []
    row = table.rows[0]
    assert (row.kind, row.phase, row.capacity_mva) == ("verkenning", "in_bedrijf", 150)


def test_broken_cells_are_reported_by_row_column_and_value():
    table = read_project_list(
        csv_bytes(DUTCH + "a;A;concreet;Netbeheer Test;;;12,5;52\nb;;groot;;;fase 9;veel;95\n"),
        "p.csv",
    )
    found = {(p.row, p.column, p.value) for p in table.problems}
    assert found == {
        (3, "naam", ""),
        (3, "soort", "groot"),
        (3, "fase", "fase 9"),
        (3, "capaciteit (MVA)", "veel"),
        (3, "breedtegraad", "95"),
    }


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "p.csv", "empty"),
        (b"naam;soort\nx;concreet\n", "p.csv", "headers:projectcode"),
        (b"code;projectcode;naam\nx;y;z\n", "p.csv", "duplicate:projectcode"),
        (b"PK\x03\x04garbage", "p.xlsx", "unreadable"),
        (b"\x89PNG\r\n\x1a\n", "p.xlsx", "unreadable"),
        (b"x" * (2 * 1024 * 1024 + 1), "p.csv", "too_large"),
    ],
)
def test_files_that_cannot_be_read_are_refused(content, filename, code):
    with pytest.raises(ImportFileError, match=code):
        read_project_list(content, filename)


def test_new_projects_are_created_on_the_list_with_their_municipalities(world):
    content = csv_bytes(
        DUTCH + "nieuw-1;Station Oost;concreet;Netbeheer Test;Gemeente Test;Vergunningen;80;52,1\n"
    )
    changes, problems = _import(world, content)
    assert problems == []
    assert [c["kind"] for c in changes] == ["new"]
    project = Project.objects.get(code="nieuw-1")
    assert project.lead_operator == world.operator
    assert project.phase == "vergunningen"
    assert world.programme.pk in project.programme_ids
    assert list(project.party_links.values_list("organisation", "role")) == [
        (world.municipality.pk, PartyRole.MUNICIPALITY)
    ]
    assert AuditEvent.objects.filter(action="project.created", object_id=str(project.pk)).count()


def test_a_broken_row_in_the_middle_imports_nothing_and_is_reported(world):
    content = xlsx_bytes(
        [
            ["projectcode", "naam", "soort", "netbeheerder"],
            ["goed-1", "Station Een", "concreet", "Netbeheer Test"],
            ["kapot", "Station Twee", "concreet", "Netbeheer Onbekend"],
            ["goed-3", "Station Drie", "verkenning", "Netbeheer Test"],
        ]
    )
    projects, events = Project.objects.count(), AuditEvent.objects.count()
    _changes, problems = _import(world, content, filename="p.xlsx")
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (3, "netbeheerder", "Netbeheer Onbekend")
    ]
    assert (Project.objects.count(), AuditEvent.objects.count()) == (projects, events)


def test_a_lead_operator_outside_the_programme_is_a_problem(world):
    OrganisationFactory(name="Netbedrijf Elders", short_name="NE", kind=OrganisationKind.DSO)
    _changes, problems = _import(world, csv_bytes(DUTCH + "x-1;X;concreet;NE;;;;\n"))
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [(2, "netbeheerder", "NE")]


def test_other_problems_name_their_row_and_column(world):
    content = csv_bytes(
        DUTCH
        + f"{world.internal_project.code};Geheim;concreet;Netbeheer Test;;;;\n"
        + "nieuw-2;Zonder soort;;;Atlantis;;;\n"
        + "nieuw-3;Dubbel;concreet;Netbeheer Test;;;;\n"
        + "NIEUW-3;Dubbel;concreet;Netbeheer Test;;;;\n"
    )
    _changes, problems = _import(world, content, dry_run=True)
    assert [(p["row"], p["column"]) for p in problems] == [
        (2, "projectcode"),  # internal to another operator: not visible, so not changeable
        (3, "gemeenten"),
        (3, "netbeheerder"),
        (3, "soort"),
        (5, "projectcode"),  # the same code twice in one file
    ]


def test_importing_the_same_file_twice_changes_nothing(world):
    content = csv_bytes(
        DUTCH
        + f"{world.project.code};{world.project.name};concreet;Netbeheer Test;;;;\n"
        + "nieuw-1;Station Oost;concreet;Netbeheer Test;Gemeente Test;vergunningen;80;52,1\n"
    )
    first, problems = _import(world, content)
    assert problems == [] and [c["kind"] for c in first] == ["new"]
    events, projects = AuditEvent.objects.count(), Project.objects.count()
    again, problems = _import(world, content)
    assert again == [] and problems == []
    assert (AuditEvent.objects.count(), Project.objects.count()) == (events, projects)


def test_a_changed_field_is_updated_with_a_new_version_and_an_audit_event(world):
    project = world.project
    version = project.version
    content = csv_bytes(f"code;name;phase;capacity\n{project.code};{project.name};realisatie;150\n")
    dry, _problems = _import(world, content, dry_run=True)
    assert [c["kind"] for c in dry] == ["changed"]
    assert Project.objects.get(pk=project.pk).phase == project.phase
    changes, problems = _import(world, content)
    assert problems == [] and len(changes) == 1
    project.refresh_from_db()
    assert (project.phase, project.capacity_mva, project.version) == (
        "realisatie",
        Decimal("150"),
        version + 1,
    )
    event = AuditEvent.objects.get(action="project.updated", object_id=str(project.pk))
    assert event.actor == world.coordinator
    assert event.changes["phase"] == ["initiatie", "realisatie"]
    assert _import(world, content)[0] == []  # 150 in the file is the 150.0 stored


def test_only_the_coordinator_may_import(world):
    with pytest.raises(PermissionDenied):
        _import(world, csv_bytes(DUTCH + "x;X;concreet;Netbeheer Test;;;;\n"), actor=world.lead)
    assert not Project.objects.filter(code="x").exists()


def _upload(text: str, name="projecten.csv"):
    upload = io.BytesIO(csv_bytes(text))
    upload.name = name
    return upload


def test_page_checks_then_imports_and_offers_the_problem_list(client, world):
    url = reverse("project-import", kwargs={"pk": world.programme.pk})
    client.force_login(world.coordinator)
    overview = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert url in overview.content.decode()
    content = DUTCH + "nieuw-1;Station Oost;concreet;Netbeheer Test;;;;\n"
    checked = client.post(url, {"action": "check", "file": _upload(content)})
    assert checked.status_code == 200
    assert [c["kind"] for c in checked.context["changes"]] == ["new"]
    assert not Project.objects.filter(code="nieuw-1").exists()
    imported = client.post(url, {"action": "import"})
    assert imported.status_code == 302
    assert Project.objects.filter(code="nieuw-1").exists()
    again = client.post(url, {"action": "check", "file": _upload(content)})
    assert again.context["changes"] == []
    assert "0 nieuw, 0 gewijzigd" in again.content.decode()

    bad = DUTCH + "slecht;Slecht;=HYPERLINK(1);;;;;\n"
    refused = client.post(url, {"action": "check", "file": _upload(bad)})
    assert refused.status_code == 400
    assert 'href="#import-problems"' in refused.content.decode()
    report = client.get(url, {"download": "problems"})
    assert report["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in report.content.decode("utf-8-sig")
    assert "concreet, verkenning" in report.content.decode("utf-8-sig")


def test_an_oversize_upload_is_refused_with_a_message(client, world):
    client.force_login(world.coordinator)
    url = reverse("project-import", kwargs={"pk": world.programme.pk})
    response = client.post(url, {"action": "check", "file": _upload("x" * (2 * 1024 * 1024 + 1))})
    assert response.status_code == 400
    assert response.context["error"]


def test_others_get_403_outsiders_404_and_no_link(client, world):
    url = reverse("project-import", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "check", "file": _upload(DUTCH)}).status_code == 403
    overview = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert url not in overview.content.decode()
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_the_sample_file_in_the_docs_adds_one_project_to_the_demo(db):
    from pathlib import Path

    from gridpact.parties.models import User
    from gridpact.programmes.models import Programme
    from gridpact.workspace import demo

    demo.load()
    sample = Path(__file__).resolve().parents[2] / "docs/voorbeelden/projectenlijst.csv"
    changes, problems = services.import_project_list(
        actor=User.objects.get(username="coordinator"),
        programme=Programme.objects.get(code=demo.PROGRAMME_CODE),
        table=read_project_list(sample.read_bytes(), sample.name),
        dry_run=True,
    )
    assert problems == []
    assert [c["kind"] for c in changes] == ["new"]


def test_update_project_replaces_municipalities_and_refuses_a_stale_version(world):
    from gridpact.core.errors import StaleEditError

    project = world.project
    other = OrganisationFactory(name="Gemeente Ander", kind=OrganisationKind.MUNICIPALITY)
    changes = services.update_project(
        actor=world.coordinator,
        project=project,
        expected_version=project.version,
        municipalities=[other],
    )
    assert changes == {"municipalities": [[], ["Gemeente Ander"]]}
    assert list(
        project.party_links.filter(role=PartyRole.MUNICIPALITY).values_list(
            "organisation", flat=True
        )
    ) == [other.pk]
    with pytest.raises(StaleEditError):
        services.update_project(
            actor=world.coordinator, project=project, expected_version=0, phase="realisatie"
        )
