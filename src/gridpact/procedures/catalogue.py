"""The catalogue of procedure types and the Atw days decreed so far, as shipped.

Administrators extend both in the back-office. `seed` is idempotent: the migration calls it, and so
do the demo loader and tests that start from an emptied database.
"""

from gridpact.core.calendar import DECREED_DAYS

TYPES = [
    {
        "code": "omgevingsvergunning-regulier",
        "name": "Omgevingsvergunning, reguliere procedure",
        "legal_basis": "art. 16.64 Omgevingswet",
        "decision_term_amount": 8,
        "decision_term_unit": "weken",
        "max_extension_weeks": 6,
        "appeal_term_weeks": 6,
        "appeal_body": "bezwaar bij het bevoegd gezag",
        "if_missed": "Geen vergunning van rechtswege; de aanvrager kan het bevoegd gezag in gebreke "
        "stellen (Awb afdeling 4.1.3).",
        "description": "Beslistermijn 8 weken na ontvangst van de aanvraag; eenmaal te verlengen "
        "met ten hoogste 6 weken, aangekondigd binnen de termijn.",
    },
    {
        "code": "omgevingsvergunning-uitgebreid",
        "name": "Omgevingsvergunning, uitgebreide procedure",
        "legal_basis": "afdeling 3.4 Awb, art. 3:18 Awb",
        "decision_term_amount": 6,
        "decision_term_unit": "maanden",
        "max_extension_weeks": 6,
        "comment_period_weeks": 6,
        "appeal_term_weeks": 6,
        "appeal_body": "beroep bij de bestuursrechter",
        "description": "Beslistermijn 6 maanden na ontvangst; verlenging met 6 weken mogelijk. "
        "Het ontwerpbesluit ligt 6 weken ter inzage voor zienswijzen.",
    },
    {
        "code": "projectbesluit",
        "name": "Projectbesluit (projectprocedure)",
        "legal_basis": "art. 5.44–5.55 en 16.70–16.73 Omgevingswet",
        "comment_period_weeks": 6,
        "appeal_term_weeks": 6,
        "appeal_body": "beroep bij de Afdeling bestuursrechtspraak van de Raad van State",
        "steps": "Kennisgeving voornemen\nParticipatie\nVerkenning\nVoorkeursbeslissing\n"
        "Ontwerp-projectbesluit ter inzage\nProjectbesluit",
        "description": "Wijzigt het omgevingsplan en kan gelden als omgevingsvergunning; beroep "
        "rechtstreeks bij de Raad van State.",
    },
    {
        "code": "omgevingsplan-wijziging",
        "name": "Wijziging omgevingsplan",
        "legal_basis": "art. 16.76 Omgevingswet; afdeling 3.4 Awb",
        "comment_period_weeks": 6,
        "appeal_term_weeks": 6,
        "appeal_body": "beroep bij de Afdeling bestuursrechtspraak van de Raad van State",
        "description": "Ontwerp 6 weken ter inzage; het besluit treedt in werking na bekendmaking "
        "volgens art. 16.76 Omgevingswet (controleer de termijn per geval).",
    },
    {
        "code": "elektriciteitsproject-21kv",
        "name": "Elektriciteitsproject vanaf 21 kV: beroep bij de Raad van State (scenario, "
        "niet in werking)",
        "legal_basis": "Besluit procedurele versnellingen elektriciteitsprojecten (ontwerp; "
        "art. 16.87a Omgevingswet, nog in te voegen door de Wet versterking regie "
        "volkshuisvesting) — niet in werking",
        "appeal_term_weeks": 6,
        "appeal_body": "beroep in eerste en enige aanleg bij de Raad van State (zodra de regel "
        "geldt)",
        "ruling_term_months": 6,
        "description": "Scenario: nog geen geldend recht. Volgens het ontwerp doet de Raad van "
        "State uitspraak binnen 6 maanden nadat het verweerschrift is ingediend. Het verbod op "
        "pro-forma-beroep wordt niet gemodelleerd.",
    },
]


# The 21 kV type as first shipped presented a draft rule as law; `correct_21kv` rewrites it.
CORRECTED_21KV = {key: value for key, value in TYPES[-1].items() if key != "code"}


def correct_21kv(apps) -> None:
    """Bring an existing 21 kV type in line with the law's status (data migration)."""
    ProcedureType = apps.get_model("procedures", "ProcedureType")
    ProcedureType.objects.filter(code="elektriciteitsproject-21kv").update(**CORRECTED_21KV)


def seed(apps) -> None:
    ProcedureType = apps.get_model("procedures", "ProcedureType")
    DecreedDay = apps.get_model("core", "DecreedDay")
    for values in TYPES:
        ProcedureType.objects.get_or_create(code=values["code"], defaults=values)
    for day, name in DECREED_DAYS.items():
        DecreedDay.objects.get_or_create(
            day=day, defaults={"name": name, "source": "Besluit gelijkstelling dagen (Stcrt.)"}
        )
