"""What PDF/UA costs: the GS report rendered with and without tagging.

    python bench/pdf_tagging.py [--repeat 3] [--projects-per-province 100]

Builds two throw-away SQLite databases in a temporary folder (nothing else is touched): the
demonstration programme (`load_demo`) and the national-scale set (`generate_national`), and for
one programme of each renders the monitoring report's HTML once, then turns it into a PDF
`--repeat` times each way:

- plain: WeasyPrint without a PDF variant (what GridPact wrote before PDF/UA);
- PDF/UA-1: what `gridpact.core.documents.pdf` does — WeasyPrint's pdf/ua-1 variant, then the
  finishing with pikepdf (page numbers as artifacts, header-cell scopes; also shown on its own).

Prints the median CPU and wall time, the file size and the ratios. Takes about five minutes on
two cores (most of it generating the national set and laying out its 100 project pages).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")


def _env(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "gridpact.settings.dev",
        "PYTHONPATH": str(ROOT / "src"),
    }


def _manage(database: Path, *args: str) -> None:
    subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env=_env(database),
        check=True,
        capture_output=True,
        text=True,
    )


def prepare(folder: Path, per_province: int) -> list[tuple[str, Path]]:
    """The two databases: (label, path)."""
    sets = []
    for label, command in (
        ("demo", ["load_demo"]),
        ("national", ["generate_national", f"--projects-per-province={per_province}"]),
    ):
        database = folder / f"{label}.sqlite3"
        started = time.perf_counter()
        _manage(database, "migrate", "-v0")
        _manage(database, *command)
        print(f"prepared {label} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        sets.append((label, database))
    return sets


def measure(label: str, repeat: int) -> None:
    """Runs inside Django (a child process per database); prints one table row per variant."""
    import django

    django.setup()
    from django.http import QueryDict
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    from gridpact.core import documents
    from gridpact.monitoring import queries
    from gridpact.parties.models import Membership, Role
    from gridpact.programmes.models import Programme

    # The demo has one programme; of the national set, the first provincial one (100 projects).
    programme = (
        Programme.objects.exclude(code="miek-bench").order_by("code").select_related("owner")
    ).first()
    coordinator = (
        Membership.objects.filter(organisation=programme.owner, role=Role.COORDINATOR)
        .select_related("user")
        .first()
        .user
    )
    with translation.override("nl"):
        context = queries.dashboard(coordinator, programme, QueryDict(), timezone.localdate())
        html = render_to_string(
            "monitoring/report_pdf.html",
            {**context, "author": documents.author_of(programme)},
        )

    def timed(render):
        wall, cpu = time.perf_counter(), time.process_time()
        data = render()
        return data, time.perf_counter() - wall, time.process_time() - cpu

    # The variants take turns in each round, so load from other processes hits them alike.
    samples = {"plain": [], "tagged": [], "finishing": []}
    sizes = {}
    for _ in range(repeat):
        plain, *times = timed(lambda: HTML(string=html).write_pdf())
        samples["plain"].append(times)
        tagged, *times = timed(
            lambda: HTML(string=html).write_pdf(pdf_variant=documents.PDF_VARIANT)
        )
        samples["tagged"].append(times)
        final, *times = timed(lambda: documents._finish_tagging(tagged))  # noqa: B023
        samples["finishing"].append(times)
        sizes = {"plain": len(plain), "PDF/UA": len(final)}
    wall = {k: statistics.median(t[0] for t in v) for k, v in samples.items()}
    cpu = {k: statistics.median(t[1] for t in v) for k, v in samples.items()}
    ua_cpu, ua_wall = cpu["tagged"] + cpu["finishing"], wall["tagged"] + wall["finishing"]
    print(
        f"| {label} | {len(context['rows'])} | {cpu['plain']:.2f} | {ua_cpu:.2f} "
        f"| {ua_cpu / cpu['plain']:.2f} | {cpu['finishing']:.2f} "
        f"| {wall['plain']:.2f} | {ua_wall:.2f} "
        f"| {sizes['plain'] / 1024:.0f} | {sizes['PDF/UA'] / 1024:.0f} "
        f"| {sizes['PDF/UA'] / sizes['plain']:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--projects-per-province", type=int, default=100)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="gridpact-pdf-bench-") as folder:
        sets = prepare(Path(folder), args.projects_per_province)
        print(
            f"GS report, median of {args.repeat} rounds (template rendered once, not counted); "
            "CPU is the process's own time, wall includes waiting for a shared core.\n"
        )
        print(
            "| data | projects | plain CPU (s) | PDF/UA CPU (s) | CPU ratio | of which finishing "
            "CPU (s) | plain wall (s) | PDF/UA wall (s) | plain (KiB) | PDF/UA (KiB) | size ratio |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        sys.stdout.flush()
        for label, database in sets:
            subprocess.run(
                [PY, __file__, "--measure", label, "--repeat", str(args.repeat)],
                env=_env(database),
                check=True,
            )


if __name__ == "__main__":
    main()
