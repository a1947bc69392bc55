"""Importing a milestone plan: a dry run with every problem, then all or nothing, idempotent."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from gridpact.core.models import AuditEvent
from gridpact.projects import services
from gridpact.projects.imports import ImportFileError, read_plan
from gridpact.projects.models import Milestone

from ..factories import MilestoneFactory
from .files import csv_bytes, xlsx_bytes


def test_dutch_and_english_headers_and_dates_are_read():
    plan = read_plan(
        csv_bytes("Project;Mijlpaal;Prognose;Reden\nproject-1;In bedrijf;30-06-2031;later\n"),
        "p.csv",
    )
    assert plan.rows[0].forecast == date(2031, 6, 30)
    plan = read_plan(csv_bytes("project,milestone,forecast,reason\nx,y,2031-06-30,z\n"), "p.csv")
    assert plan.rows[0].milestone == "y"


def test_unreadable_cells_are_problems_by_row_and_column():
    plan = read_plan(csv_bytes("project;mijlpaal;prognose\n;In bedrijf;31-02-2031\n"), "p.csv")
    found = {(p.row, p.column, p.value) for p in plan.problems}
    assert found == {(2, "project", ""), (2, "prognose", "31-02-2031")}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"naam;datum\nx;y\n", "headers:project,mijlpaal"),
        (b"PK\x03\x04garbage", "unreadable"),
        (b"x" * (2 * 1024 * 1024 + 1), "too_large"),
    ],
)
def test_files_that_cannot_be_read_are_refused(content, code):
    with pytest.raises(ImportFileError, match=code):
        read_plan(content, "plan.csv")


def test_import_is_all_or_nothing_and_idempotent(world):
    code = world.project.code
    broken = xlsx_bytes(
        [
            ["project", "mijlpaal", "prognose", "reden"],
            [code, "In bedrijf", date(2031, 6, 30), "netaansluiting"],
            ["onbekend", "In bedrijf", date(2031, 6, 30), "x"],
            [code, "Locatiebesluit", date(2030, 9, 1), ""],
        ]
    )
    events = AuditEvent.objects.count()
    _changes, problems = services.import_milestone_plan(
        actor=world.coordinator,
        programme=world.programme,
        table=read_plan(broken, "p.xlsx"),
        dry_run=False,
    )
    assert [(p["row"], p["column"]) for p in problems] == [(3, "project"), (4, "reden")]
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2029, 6, 30)
    assert AuditEvent.objects.count() == events

    good = read_plan(
        xlsx_bytes(
            [
                ["project", "milestone", "forecast", "reason"],
                [code, "In bedrijf", date(2031, 6, 30), "netaansluiting"],
                [code, "Aanbesteding", date(2027, 1, 15), "nieuw"],
            ]
        ),
        "p.xlsx",
    )
    dry, problems = services.import_milestone_plan(
        actor=world.coordinator, programme=world.programme, table=good, dry_run=True
    )
    assert len(dry) == 2 and problems == []
    assert AuditEvent.objects.count() == events
    done, _ = services.import_milestone_plan(
        actor=world.coordinator,
        programme=world.programme,
        table=good,
        dry_run=False,
        create_new=True,
    )
    assert len(done) == 2
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2031, 6, 30)
    again, _ = services.import_milestone_plan(
        actor=world.coordinator, programme=world.programme, table=good, dry_run=False
    )
    assert again == []
    assert Milestone.objects.filter(project=world.project, name="Aanbesteding").count() == 1


def test_import_page_checks_then_imports_and_offers_the_problem_list(client, world):
    client.force_login(world.lead)
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    upload = io.BytesIO(
        csv_bytes(
            f"project;mijlpaal;prognose;reden\n{world.project.code};In bedrijf;30-06-2031;later\n"
        )
    )
    upload.name = "plan.csv"
    checked = client.post(url, {"action": "check", "file": upload})
    assert checked.status_code == 200
    assert len(checked.context["changes"]) == 1
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2029, 6, 30)
    imported = client.post(url, {"action": "import"}, follow=True)
    assert "Geïmporteerd: 1 wijziging. Je vindt elke wijziging in de geschiedenis." in (
        imported.content.decode()
    )
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2031, 6, 30)
    bad = io.BytesIO(csv_bytes("project;mijlpaal;prognose\nnope;x;31-31-2031\n"))
    bad.name = "plan.csv"
    assert client.post(url, {"action": "check", "file": bad}).status_code == 400
    report = client.get(url, {"download": "problems"})
    assert report["Content-Type"].startswith("text/csv")
    assert b"31-31-2031" in report.content


def _upload(text: str):
    upload = io.BytesIO(csv_bytes(text))
    upload.name = "plan.csv"
    return upload


def test_a_typo_in_a_milestone_name_is_a_warning_and_needs_the_tick_to_create(client, world):
    MilestoneFactory(project=world.project, name="Start bouw", forecast_date=date(2028, 1, 1))
    client.force_login(world.coordinator)
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    plan = f"project;mijlpaal;prognose;reden\n{world.project.code};Start bouww;01-03-2028;later\n"
    milestones = Milestone.objects.count()

    checked = client.post(url, {"action": "check", "file": _upload(plan)})
    page = checked.content.decode()
    assert checked.context["problems"] == []
    assert "1 nieuwe mijlpaal" in page
    assert "Bedoel je “Start bouw”?" in page
    assert "Nieuwe mijlpalen aanmaken" in page

    refused = client.post(url, {"action": "import"})
    assert refused.status_code == 400
    assert "Er is niets geïmporteerd" in refused.content.decode()
    assert "Nieuwe mijlpalen aanmaken" in refused.content.decode()  # the tick is offered again
    assert Milestone.objects.count() == milestones

    imported = client.post(url, {"action": "import", "create_new": "on"})
    assert imported.status_code == 302
    assert Milestone.objects.filter(project=world.project, name="Start bouww").exists()


def test_the_service_refuses_new_milestones_without_create_new(world):
    MilestoneFactory(project=world.project, name="Start bouw", forecast_date=date(2028, 1, 1))
    table = read_plan(
        csv_bytes(f"project;mijlpaal;prognose;reden\n{world.project.code};Start bouww;;\n"),
        "p.csv",
    )
    changes, problems = services.import_milestone_plan(
        actor=world.coordinator, programme=world.programme, table=table, dry_run=False
    )
    assert changes == []
    assert [(p["row"], p["column"]) for p in problems] == [(2, "mijlpaal")]
    assert "Start bouw" in problems[0]["message"]
    assert not Milestone.objects.filter(name="Start bouww").exists()


def test_readers_get_no_import_link_and_a_403(client, world):
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    overview = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    client.force_login(world.reader)
    assert url not in client.get(overview).content.decode()
    assert client.get(url).status_code == 403
    plan = f"project;mijlpaal;prognose;reden\n{world.project.code};In bedrijf;30-06-2031;x\n"
    assert client.post(url, {"action": "check", "file": _upload(plan)}).status_code == 403
    client.force_login(world.lead)
    assert url in client.get(overview).content.decode()
    assert client.get(url).status_code == 200


def test_xlsx_problems_name_the_spreadsheets_own_row_after_a_blank_row():
    plan = read_plan(
        xlsx_bytes(
            [
                ["project", "mijlpaal", "prognose"],
                ["p-1", "In bedrijf", "30-06-2031"],
                [None, None, None],
                ["p-1", "Start bouw", "31-02-2031"],
            ]
        ),
        "p.xlsx",
    )
    assert [(p.row, p.column) for p in plan.problems] == [(4, "prognose")]
    assert [r.row for r in plan.rows] == [2, 4]


def test_a_workbook_with_an_empty_first_sheet_is_read_from_the_sheet_with_data(client, world):
    book = Workbook()
    book.active.title = "Voorblad"
    data = book.create_sheet("Planning")
    data.append(["project", "mijlpaal", "prognose", "reden"])
    data.append([world.project.code, "In bedrijf", date(2031, 6, 30), "later"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "plan.xlsx"
    client.force_login(world.lead)
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    response = client.post(url, {"action": "check", "file": buffer})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is leeg" not in page
    assert "werkblad “Planning”" in page
    assert len(response.context["changes"]) == 1


def test_a_csv_row_with_more_cells_than_headers_is_a_problem_of_that_row():
    plan = read_plan(
        csv_bytes(
            "project;mijlpaal;prognose;reden\n"
            "p-1;In bedrijf;30-06-2031;netaansluiting\n"
            "p-1;Start bouw;01-03-2028;grond; nog niet verworven\n"
        ),
        "p.csv",
    )
    assert [(p.row, p.value) for p in plan.problems] == [(3, "nog niet verworven")]


def test_the_check_lists_forecast_changes_with_dutch_dates(client, world):
    client.force_login(world.lead)
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    plan = f"project;mijlpaal;prognose;reden\n{world.project.code};In bedrijf;01-09-2031;later\n"
    page = client.post(url, {"action": "check", "file": _upload(plan)}).content.decode()
    assert "30 juni 2029 → 1 september 2031" in page
    assert "2029-06-30" not in page
