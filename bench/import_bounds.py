"""Import bounds: time and peak memory of reading the largest file a user may send, and hostile ones.

    .venv/bin/python bench/import_bounds.py

Builds each file in memory, then reads it the way the import pages do (`imports.read_plan` /
`read_project_list`: the file is opened, unpacked and parsed row by row, every cell converted,
every problem collected). Each file is read once for the time and once more under tracemalloc for
the peak of Python memory (tracemalloc slows the code down, so the two are separate runs). A small
file of 20 rows is read in the same run, and every time is also given as a ratio to it. No
database is used: applying the rows goes through the ordinary services, whose cost per row does not
depend on these bounds. The bounds themselves are in `gridpact/projects/imports.py` and
docs/decisions/0016-bounded-input.md.
"""

import io
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridpact.settings.test")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from gridpact.projects import imports  # noqa: E402

PLAN_HEADER = ["project", "mijlpaal", "prognose", "realisatie", "reden"]
PROJECT_HEADER = [
    "projectcode",
    "naam",
    "soort",
    "modaliteit",
    "netbeheerder",
    "gemeenten",
    "spanningsniveau",
    "capaciteit (MVA)",
    "fase",
    "breedtegraad",
    "lengtegraad",
    "vertrouwelijkheid",
]


def xlsx(rows, *, cell_xml: bytes = b"") -> bytes:
    """A workbook written row by row; `cell_xml` is appended to every row of the sheet's XML."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Planning")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not cell_xml:
        return buffer.getvalue()
    return _rewrite_sheet(
        buffer.getvalue(), lambda xml: xml.replace(b"</row>", cell_xml + b"</row>")
    )


def _rewrite_sheet(content: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(out, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            new.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv(rows) -> bytes:
    return "".join(";".join(str(c) for c in row) + "\n" for row in rows).encode()


def plan_rows(count: int, *, forecast: str = "30-06-2031", extra: int = 0):
    """A milestone plan of `count` rows; `extra` columns nobody reads, each with some text."""
    yield PLAN_HEADER + [f"toelichting {n}" for n in range(extra)]
    for number in range(count):
        notes = [
            f"opmerking {number}-{n}: afstemming met gemeente en netbeheerder" for n in range(extra)
        ]
        yield [
            f"PRJ-{number // 30:04d}",
            f"Mijlpaal {number % 30}",
            forecast,
            "",
            f"Vertraagd door vergunning, rij {number}",
            *notes,
        ]


def project_rows(count: int):
    yield PROJECT_HEADER
    for number in range(count):
        yield [
            f"PRJ-{number:05d}",
            f"Onderstation {number} uitbreiding 150 kV",
            "concreet",
            "elektriciteit",
            "Stedin",
            "Utrecht; Nieuwegein",
            "150/20 kV",
            "120,5",
            "realisatie",
            "52.0907",
            "5.1214",
            "programma",
        ]


def zip_bomb(unpacked: int) -> bytes:
    """A valid workbook with one more part of `unpacked` zero bytes (packs to about 1/1000)."""
    buffer = io.BytesIO(xlsx(plan_rows(2)))
    archive = zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED)
    with archive, archive.open("xl/media/image1.bin", "w", force_zip64=True) as part:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(unpacked // len(chunk)):
            part.write(chunk)
    return buffer.getvalue()


def unpacked_size(content: bytes) -> int:
    if content[:2] != b"PK":
        return len(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(m.file_size for m in archive.infolist())


def read(content: bytes, filename: str, reader) -> str:
    try:
        table = reader(content, filename)
    except imports.ImportFileError as refused:
        return f"refused: {refused}"
    listed = len(table.problems)
    return f"{len(table.rows):,} rows, {table.problem_count:,} problems ({listed} kept)"


def measure(content: bytes, filename: str, reader) -> tuple[float, float, float, str]:
    """Wall-clock and CPU seconds of one read, the peak of Python memory in a second read."""
    start, cpu = time.perf_counter(), time.process_time()
    outcome = read(content, filename, reader)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    read(content, filename, reader)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, cpu_seconds, peak / 1024 / 1024, outcome


def cases():
    last = imports.MAX_ROWS - 1  # the header is a row too
    wide = imports.MAX_CELLS // last - len(PLAN_HEADER)  # columns that fill the cell bound
    plan, projects = imports.read_plan, imports.read_project_list
    far_cell = b'<c r="XFD1" s="0"/>'  # an empty cell in the last column Excel has
    return [
        ("baseline: plan, 20 rows (CSV)", csv(plan_rows(20)), "p.csv", plan),
        ("largest plan: 9,999 rows (CSV)", csv(plan_rows(last)), "p.csv", plan),
        ("largest plan: 9,999 rows (XLSX)", xlsx(plan_rows(last)), "p.xlsx", plan),
        (
            f"largest plan: 9,999 rows x {len(PLAN_HEADER) + wide} columns (XLSX)",
            xlsx(plan_rows(last, extra=wide)),
            "p.xlsx",
            plan,
        ),
        ("largest project list: 9,999 rows (XLSX)", xlsx(project_rows(last)), "p.xlsx", projects),
        (
            "hostile: 100,000 rows (XLSX, the tester's file)",
            xlsx([["project", "mijlpaal"]] + [["p", "m"]] * 100_000),
            "p.xlsx",
            plan,
        ),
        ("hostile: zip bomb, 1 GB unpacked (XLSX)", zip_bomb(1024 * 1024 * 1024), "p.xlsx", plan),
        (
            "hostile: 9,999 rows, each with an empty cell in column XFD (XLSX)",
            xlsx(plan_rows(last), cell_xml=far_cell),
            "p.xlsx",
            plan,
        ),
        (
            "hostile: sheet claims A1:XFD1048576 (XLSX)",
            _rewrite_sheet(
                xlsx(plan_rows(last)),
                lambda xml: xml.replace(
                    b"</sheetPr>", b'</sheetPr><dimension ref="A1:XFD1048576"/>', 1
                ),
            ),
            "p.xlsx",
            plan,
        ),
        (
            "hostile: one CSV line of 1,000,000 cells",
            b"project;mijlpaal\n" + b";" * 1_000_000 + b"x\n",
            "p.csv",
            plan,
        ),
        (
            "hostile: a bad date on all 9,999 rows (CSV)",
            csv(plan_rows(last, forecast="31-31-2031")),
            "p.csv",
            plan,
        ),
    ]


def main() -> None:
    results = []
    for name, content, filename, reader in cases():
        assert len(content) <= imports.MAX_BYTES, (name, len(content))
        seconds, cpu, peak, outcome = measure(content, filename, reader)
        results.append((name, len(content), unpacked_size(content), seconds, cpu, peak, outcome))
        print(f"measured: {name}", file=sys.stderr)
    base = results[0][4]
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| file | sent (KB) | unpacked (MB) | wall s | CPU s | CPU × baseline | peak MB | outcome |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, sent, unpacked, seconds, cpu, peak, outcome in results:
        print(
            f"| {name} | {sent / 1024:,.0f} | {unpacked / 1024 / 1024:,.1f} | {seconds:.2f} "
            f"| {cpu:.3f} | {cpu / base:,.0f} | {peak:.1f} | {outcome} |"
        )
    print(
        f"\nPeak resident memory of the whole run (building the files included): {peak_rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
