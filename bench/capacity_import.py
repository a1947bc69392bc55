"""Capacity-map import at national size: the import, its dry run and a re-import (a no-op).

    .venv/bin/python bench/capacity_import.py              (SQLite in memory)
    DATABASE_URL=postgres://gridpact:gridpact@127.0.0.1:5432/gridpact \
        .venv/bin/python bench/capacity_import.py          (a throw-away test database)

Generates a national publication from the real shape: the August 2026 Utrecht snapshot (15 Stedin
areas and TenneT's area, as the public map answers them) repeated for 19 regions, each with its
own area ids and names, its regional operator's works (six per area) and its own TenneT works
listed under every area of the region, as the real map lists them. That is 304 service areas,
about 2,200 distinct public works and almost 10,000 listed entries. Then, in one run on a fresh
database: parsing alone (the baseline), importing the real Utrecht file, a dry run of the national
file, its import, and importing it again (same content: nothing is written). Each time is also
given as a ratio to the parse-only baseline measured in the same run.
"""

import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridpact.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from gridpact.capacity import parsing, services  # noqa: E402
from gridpact.capacity.models import Publication, PublicWork  # noqa: E402

REGIONS = 19
WORKS_PER_AREA = 6
UTRECHT = ROOT / "src/gridpact/capacity/data/utrecht-2026-08-08.json"


def national(base: dict) -> dict:
    """The Utrecht snapshot repeated per region, with ids, names and works of the region's own."""
    areas = {}
    for region in range(1, REGIONS + 1):
        suffix = f"R{region:02d}"
        for area_id, entry in base["areas"].items():
            entry = copy.deepcopy(entry)
            new_id = f"{area_id}-{suffix}"
            entry["area"]["id"] = entry["detail"]["id"] = new_id
            entry["detail"]["name"] = f"{entry['detail']['name'].strip()} {suffix}"
            backbone = [
                {**w, "name": f"{w['name']} {suffix}"}
                for w in entry["detail"]["projects"]
                if w["gridOperator"] == "TenneT"
            ]
            regional = [w for w in entry["detail"]["projects"] if w["gridOperator"] != "TenneT"]
            template = regional[0] if regional else backbone[0]
            own = [
                {**template, "name": f"Transformatorstation {entry['detail']['name']} werk {n}"}
                for n in range(1, WORKS_PER_AREA + 1)
            ]
            entry["detail"]["projects"] = (own if regional else []) + backbone
            areas[new_id] = entry
    return {**base, "snapshot_date": "2026-08-09", "areas": areas}


def timed(function, repeat: int = 1) -> float:
    """The median wall time of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> None:
    content = json.dumps(national(json.loads(UTRECHT.read_text(encoding="utf-8")))).encode()
    parsed = parsing.parse(content)
    assert not parsed.problems, parsed.problems[:3]
    distinct = len({(w.operator, w.key) for a in parsed.areas for w in a.works})

    def imported(data: bytes, name: str, *, dry_run: bool = False):
        return services.import_publication(actor=None, content=data, filename=name, dry_run=dry_run)

    parse_only = timed(lambda: parsing.parse(content), repeat=3)
    utrecht = timed(lambda: imported(UTRECHT.read_bytes(), UTRECHT.name))
    dry_run = timed(lambda: imported(content, "national.json", dry_run=True))
    first = timed(lambda: imported(content, "national.json"))
    works_before = PublicWork.objects.count()
    again = timed(lambda: imported(content, "national.json"), repeat=3)
    assert PublicWork.objects.count() == works_before, "the re-import wrote something"
    assert Publication.objects.count() == 2

    print(f"database: {connection.vendor}")
    print(
        f"national publication: {len(parsed.areas)} service areas, {distinct} distinct public "
        f"works, {parsed.work_count} listed entries, {len(content) / 2**20:.1f} MB of JSON"
    )
    rows = [
        ("parse only (baseline)", parse_only),
        ("import of the real Utrecht file (16 areas)", utrecht),
        ("dry run, national", dry_run),
        ("import, national", first),
        ("re-import, national (no-op)", again),
    ]
    width = max(len(label) for label, _seconds in rows)
    for label, seconds in rows:
        print(f"  {label:<{width}}  {seconds * 1000:9.1f} ms   ×{seconds / parse_only:6.2f}")


def main() -> None:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
