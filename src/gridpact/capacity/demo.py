"""Demonstration data of the capacity map: the two real Utrecht snapshots and the demo projects'
links to them.

The figures are the public map's own (Netbeheer Nederland, 29 July and 8 August 2026; indicative,
no rights can be derived from them). Which public works are a demo project is read from the
names on the map; which service areas a project relieves is GridPact's illustration (the map
does not say), chosen from the areas where the operator lists the project's work and the
places the project names.
"""

from pathlib import Path

from . import services
from .models import PublicWork, ServiceArea

DATA = Path(__file__).resolve().parent / "data"
SNAPSHOTS = ("utrecht-2026-07-29.json", "utrecht-2026-08-08.json")
FLEVOPOLDER = "Flevopolder, Utrecht en Gelderland"

# Project code → (public works as (operator, name on the map), service areas as (operator, id)).
LINKS = {
    "breukelen-kortrijk": (
        [
            ("TenneT", "Breukelen Kortrijk 380 kV verzwaren station"),
            ("TenneT", "Breukelen Kortrijk 150 kV verzwaren 380/150 kV netwerk"),
        ],
        [("TenneT", FLEVOPOLDER)],
    ),
    "utrecht-noord": (
        [
            ("TenneT", "Utrecht Noord 150 kV realiseren station"),
            ("Stedin", "Nieuw Transformatorstation - Utrecht Noord"),
        ],
        [("Stedin", "CM14"), ("Stedin", "CM15")],  # Maarssenbroek; Baarn, which it feeds
    ),
    "oudenrijn": (
        [
            ("TenneT", "Oudenrijn 150 kV vervangen station"),
            ("Stedin", "Transformatorstation Uitbreiden - Oudenrijn"),
        ],
        [("Stedin", "CM10"), ("Stedin", "CM39"), ("Stedin", "CM60")],  # the cable's three ends
    ),
    "soest-baarn": (
        [("Stedin", "Nieuw Transformatorstation - Soest/Baarn")],
        [("Stedin", "CM15")],
    ),
}


def load(users, programme, projects_by_code) -> bool:
    """Import both snapshots as the coordinator and confirm the links as each project's lead
    grid operator. Idempotent: what is there already stays as it is. True when it changed
    anything."""
    changed = False
    for name in SNAPSHOTS:
        path = DATA / name
        result = services.import_publication(
            actor=users["coordinator"],
            programme=programme,
            content=path.read_bytes(),
            filename=name,
            dry_run=False,
        )
        changed |= result.imported
    for code, (works, areas) in LINKS.items():
        project = projects_by_code.get(code)
        if project is None:
            continue
        confirmer = users["tennet" if project.lead_operator.short_name == "TenneT" else "stedin"]
        for operator, work_name in works:
            work = PublicWork.objects.filter(operator=operator, name=work_name).first()
            linked = project.capacity_work_links.filter(operator=operator, work_key=work.key)
            if not linked.exists():
                services.link_work(actor=confirmer, project=project, work=work)
                changed = True
        for operator, area_code in areas:
            area = ServiceArea.objects.get(operator=operator, code=area_code)
            if not project.capacity_area_links.filter(area=area).exists():
                services.link_area(actor=confirmer, project=project, area=area)
                changed = True
    return changed
