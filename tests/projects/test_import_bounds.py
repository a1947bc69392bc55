"""An import file is read within bounds: rows, columns, cells, what an XLSX unpacks to, and the
number of problems listed. A file past a bound is refused at once with a message naming it."""

import io

import pytest
from django.urls import reverse

from gridpact.projects import imports
from gridpact.projects.imports import ImportFileError, read_plan

from .files import csv_bytes, large_xlsx_bytes, with_padding, xlsx_bytes

HEADER = ["project", "mijlpaal", "prognose", "reden"]


def _plan_rows(count: int, forecast: str = "30-06-2031"):
    yield HEADER
    for number in range(count):
        yield [f"project-{number}", "In bedrijf", forecast, "later"]


def _csv(rows) -> bytes:
    return csv_bytes("".join(";".join(row) + "\n" for row in rows))


def _refused(content: bytes, filename: str) -> str:
    with pytest.raises(ImportFileError) as refused:
        read_plan(content, filename)
    return str(refused.value)


def _post(client, world, content: bytes, filename: str):
    client.force_login(world.lead)
    upload = io.BytesIO(content)
    upload.name = filename
    url = reverse("plan-import", kwargs={"pk": world.programme.pk})
    return client.post(url, {"action": "check", "file": upload})


def test_a_file_at_the_row_bound_is_read_and_one_row_more_is_refused():
    at_bound = imports.MAX_ROWS - 1  # the header is a row too
    assert len(read_plan(_csv(_plan_rows(at_bound)), "plan.csv").rows) == at_bound
    assert _refused(_csv(_plan_rows(at_bound + 1)), "plan.csv") == "rows"
    assert _refused(large_xlsx_bytes(_plan_rows(at_bound + 1)), "plan.xlsx") == "rows"


def test_a_small_workbook_with_many_rows_is_refused_with_a_dutch_message(client, world):
    """The tester's file: a few KB of XLSX that unpacks to 100,000 rows."""
    content = large_xlsx_bytes([HEADER[:2]] + [["p", "m"]] * 100_000)
    assert len(content) < imports.MAX_BYTES
    response = _post(client, world, content, "plan.xlsx")
    assert response.status_code == 400
    page = response.content.decode()
    assert "meer dan 10.000 rijen" in page, response.context["error"]
    assert response.context["changes"] is None


def test_empty_rows_far_below_the_list_count_as_rows():
    rows = [HEADER, ["project-1", "In bedrijf", "30-06-2031", "later"]]
    rows += [[None] * 4] * imports.MAX_ROWS + [["x", "y", None, None]]
    assert _refused(xlsx_bytes(rows), "plan.xlsx") == "rows"


def test_a_value_beyond_the_last_column_allowed_is_refused(client, world):
    row = ["project-1", "In bedrijf", "30-06-2031", "later"] + [""] * (imports.MAX_COLUMNS - 4)
    assert len(read_plan(_csv([HEADER, row[: imports.MAX_COLUMNS]]), "p.csv").rows) == 1
    too_wide = _csv([HEADER, [*row, "x"]])
    assert _refused(too_wide, "p.csv") == "columns"
    response = _post(client, world, too_wide, "plan.csv")
    assert response.status_code == 400
    assert "voorbij kolom 50" in response.content.decode()


def test_more_filled_cells_than_the_bound_are_refused():
    width = imports.MAX_COLUMNS - 1
    rows_needed = imports.MAX_CELLS // width + 1
    rows = [HEADER + [f"extra {n}" for n in range(width - 4)]]
    rows += [["p", "m", "01-01-2030", "r"] + ["1"] * (width - 4)] * rows_needed
    assert _refused(_csv(rows), "p.csv") == "cells"


def test_a_workbook_that_unpacks_to_more_than_the_bound_is_refused_before_parsing(client, world):
    workbook = xlsx_bytes([HEADER, ["project-1", "In bedrijf", "30-06-2031", "later"]])
    assert len(read_plan(with_padding(workbook, 1024), "plan.xlsx").rows) == 1
    bomb = with_padding(workbook, imports.MAX_UNPACKED_BYTES + 1)
    assert len(bomb) < 100_000
    assert _refused(bomb, "plan.xlsx") == "unpacked"
    response = _post(client, world, bomb, "plan.xlsx")
    assert response.status_code == 400
    assert "uitgepakt meer dan 20 MB" in response.content.decode()


def test_a_worksheet_that_claims_to_be_huge_is_read_as_it_is():
    """The declared size (A1:XFD1048576) is not trusted: no row is padded to 16,384 cells."""
    workbook = xlsx_bytes([HEADER, ["project-1", "In bedrijf", "30-06-2031", "later"]])
    source = io.BytesIO(workbook)
    import zipfile

    patched = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(patched, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>'
                )
                assert b"XFD1048576" in data
            new.writestr(member, data)
    plan = read_plan(patched.getvalue(), "plan.xlsx")
    assert [row.project for row in plan.rows] == ["project-1"]


def test_only_the_first_problems_are_listed_and_the_rest_are_counted(client, world):
    """A date the reader cannot read on 500 rows: 200 listed, 300 counted, page and CSV."""
    response = _post(client, world, _csv(_plan_rows(500, forecast="31-31-2031")), "plan.csv")
    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == imports.MAX_PROBLEMS
    assert [p["row"] for p in problems] == list(range(2, 2 + imports.MAX_PROBLEMS))
    page = response.content.decode()
    assert "500 problemen; er is niets opgeslagen." in page
    assert "er zijn er nog 300" in page
    report = client.get(
        reverse("plan-import", kwargs={"pk": world.programme.pk}), {"download": "problems"}
    ).content.decode("utf-8-sig")
    lines = report.strip().splitlines()
    assert len(lines) == 1 + imports.MAX_PROBLEMS + 1
    assert "er zijn er nog 300" in lines[-1]


def test_a_long_cell_value_is_quoted_shortened_in_a_problem():
    plan = read_plan(_csv([HEADER, ["p", "m", "x" * 5000, ""]]), "p.csv")
    value = plan.problems[0].as_dict()["value"]
    assert len(value) == imports.MAX_VALUE_CHARS and value.endswith("…")
