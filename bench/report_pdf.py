"""The GS report as PDF at 100, 400 and 1,200 projects: WeasyPrint (before) against Typst (now).

    python bench/report_pdf.py [--repeat 3] [--sizes 100,400,1200] [--database PATH]

Builds a throw-away SQLite database with the national-scale set (`generate_national`, 100
projects per province: 1,200 projects), unless `--database` names one already made that way.
For each size it links that many projects to the national programme (with a baseline over all
their milestones), collects the report's figures once (`queries.gs_report`), and
renders the PDF in a fresh process per renderer and size (the figures' time, the first step of
the background job, is shown beside it), so the memory of one run does not
hide in the next:

- weasyprint: the HTML report (`report_pdf.html`) through `documents.pdf` — PDF/UA-1 with the
  pikepdf finishing — what GridPact did before decision 0035; once per size (1,200 takes over
  a minute);
- typst: `monitoring.exports.pdf` — the report as Typst source through `documents.pdf_from_typst`;
  `--repeat` times, the median.

Prints wall and CPU seconds (CPU includes the Typst child process), the peak resident memory
(ru_maxrss) of the Django process (with its figures; also before the render, so the growth is
shown) and of the Typst child process (`documents.pdf_from_typst` typesets in one), pages and
file size, and the ratio WeasyPrint / Typst per size and Typst at each size against
Typst at the first size (linear growth is the size ratio).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
PER_PROVINCE = 100
BASELINE_FROZEN_ON = date(2025, 3, 25)  # as generate_national's provincial baselines


def _env(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "gridpact.settings.dev",
        "PYTHONPATH": str(ROOT / "src"),
    }


def prepare(database: Path) -> None:
    started = time.perf_counter()
    for args in (
        ["migrate", "-v0"],
        ["generate_national", f"--projects-per-province={PER_PROVINCE}"],
    ):
        subprocess.run(
            [PY, str(ROOT / "manage.py"), *args],
            env=_env(database),
            check=True,
            capture_output=True,
        )
    print(f"prepared the national set in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _national_report(size: int):
    """The national programme with the first `size` projects, and someone who sees them all."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gridpact.programmes.models import Programme
    from gridpact.projects.models import (
        Baseline,
        BaselineEntry,
        Milestone,
        ProgrammeProject,
        Project,
    )

    programme = Programme.objects.select_related("owner").get(code="miek-bench")
    reader, _created = get_user_model().objects.get_or_create(
        username="pdf-bench", defaults={"is_superuser": True, "is_staff": True}
    )
    with transaction.atomic():
        ProgrammeProject.objects.filter(programme=programme).delete()
        ProgrammeProject.objects.bulk_create(
            ProgrammeProject(programme=programme, project_id=pk)
            for pk in Project.objects.order_by("pk").values_list("pk", flat=True)[:size]
        )
        if programme.reference_baseline_id is None:
            baseline = Baseline.objects.create(
                programme=programme, name="Bench baseline", frozen_on=BASELINE_FROZEN_ON
            )
            BaselineEntry.objects.bulk_create(
                (
                    BaselineEntry(baseline=baseline, milestone_id=pk, planned_date=planned)
                    for pk, planned in Milestone.objects.values_list("pk", "forecast_date")
                ),
                batch_size=2000,
            )
            programme.reference_baseline = baseline
            programme.save(update_fields=["reference_baseline"])
    return reader, programme


def _rss_mib(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _typst_child_peak(context) -> float:
    """The peak memory (MiB) of the child that typesets the report, as `pdf_from_typst` starts
    it. Read from the child's own VmHWM: ru_maxrss of children counts the parent's memory at
    fork too."""
    from gridpact.core import documents, typst_markup
    from gridpact.core.documents import author_of
    from gridpact.monitoring import report_typst
    from gridpact.monitoring.charts import dashboard_charts

    full = {**context, **dashboard_charts(context), "author": author_of(context["programme"])}
    title = typst_markup.string(report_typst.title(full))
    source = f'#set document(title: {title})\n#set text(lang: "nl")\n' + report_typst.source(full)
    report = "\nsys.stderr.write(open('/proc/self/status').read())\n"
    child = subprocess.run(
        [sys.executable, "-c", documents._TYPST_CHILD + report, documents.PDF_VARIANT_TYPST],
        input=source.encode(),
        capture_output=True,
        check=True,
    )
    status = child.stderr.decode()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


_children_seen = [0.0]


def _children_cpu() -> float:
    """CPU seconds of child processes (the Typst child) since the previous call."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    spent, _children_seen[0] = total - _children_seen[0], total
    return spent


def measure(renderer: str, size: int, repeat: int) -> None:
    """Runs inside Django, in its own process; prints one JSON line."""
    import django

    django.setup()
    from django.http import QueryDict
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from gridpact.core import documents
    from gridpact.monitoring import exports, queries
    from gridpact.monitoring.charts import dashboard_charts

    reader, programme = _national_report(size)
    with translation.override("nl"):
        started = time.perf_counter()
        context = queries.gs_report(reader, programme, QueryDict(), timezone.localdate())
        figures = time.perf_counter() - started

        def weasyprint():
            html = render_to_string(
                "monitoring/report_pdf.html",
                {**context, **dashboard_charts(context), "author": documents.author_of(programme)},
            )
            return documents.pdf(html)

        render = {"weasyprint": weasyprint, "typst": lambda: exports.pdf(context)}[renderer]
        if renderer == "typst":
            render()  # warm-up: the font search and the imports, paid once per process
        before = _rss_mib()
        _children_cpu()
        walls, cpus = [], []
        for _ in range(repeat if renderer == "typst" else 1):
            wall, cpu = time.perf_counter(), time.process_time()
            data = render()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu + _children_cpu())
    child_peak = _typst_child_peak(context) if renderer == "typst" else 0.0
    pages = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=False).stdout
    page_count = next(
        (
            int(line.split()[-1])
            for line in pages.decode().splitlines()
            if line.startswith("Pages:")
        ),
        0,
    )
    print(
        json.dumps(
            {
                "renderer": renderer,
                "size": len(context["rows"]),
                "figures": figures,
                "wall": statistics.median(walls),
                "cpu": statistics.median(cpus),
                "rss_before": before,
                "rss_peak": _rss_mib(),
                "child_peak": child_peak,
                "pages": page_count,
                "kib": len(data) / 1024,
            }
        )
    )


def _run(database: Path, renderer: str, size: int, repeat: int) -> dict:
    out = subprocess.run(
        [PY, __file__, "--measure", renderer, "--size", str(size), "--repeat", str(repeat)],
        env=_env(database),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(database: Path, sizes: list[int], repeat: int, renderers: list[str]) -> None:
    print(
        f"GS report PDF (PDF/UA-1), national set; Typst the median of {repeat} runs after one "
        "warm-up, WeasyPrint one run. Memory: peak resident set of the rendering process.\n"
    )
    print(
        "| renderer | projects | figures, wall (s) | pages | wall (s) | CPU (s) "
        "| peak RSS, process (MiB) | growth "
        "while rendering (MiB) | peak RSS, Typst child (MiB) | file (KiB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = {}
    for size in sizes:
        for renderer in renderers:
            r = _run(database, renderer, size, repeat)
            results[renderer, size] = r
            print(
                f"| {renderer} | {r['size']} | {r['figures']:.2f} | {r['pages']} "
                f"| {r['wall']:.2f} | {r['cpu']:.2f} "
                f"| {r['rss_peak']:.0f} | {r['rss_peak'] - r['rss_before']:.0f} "
                f"| {r['child_peak']:.0f} | {r['kib']:.0f} |"
            )
            sys.stdout.flush()
    if "weasyprint" not in renderers:
        return
    print(
        "\n| projects | WeasyPrint / Typst (wall) | WeasyPrint / Typst (CPU) | WeasyPrint growth / "
        f"Typst child peak | Typst wall / Typst wall at {sizes[0]} | projects / {sizes[0]} |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    first = results["typst", sizes[0]]
    for size in sizes:
        typst, weasy = results["typst", size], results["weasyprint", size]
        print(
            f"| {typst['size']} | {weasy['wall'] / typst['wall']:.1f} "
            f"| {weasy['cpu'] / typst['cpu']:.1f} "
            f"| {(weasy['rss_peak'] - weasy['rss_before']) / typst['child_peak']:.1f} "
            f"| {typst['wall'] / first['wall']:.1f} | {typst['size'] / first['size']:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="100,400,1200")
    parser.add_argument("--database", type=Path, help="a database made by generate_national")
    parser.add_argument("--renderers", default="typst,weasyprint")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.size, args.repeat)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    renderers = args.renderers.split(",")
    if args.database:
        report(args.database, sizes, args.repeat, renderers)
        return
    with tempfile.TemporaryDirectory(prefix="gridpact-report-pdf-") as folder:
        database = Path(folder) / "national.sqlite3"
        prepare(database)
        report(database, sizes, args.repeat, renderers)


if __name__ == "__main__":
    main()
