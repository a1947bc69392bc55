"""The statutory rules GridPact applies, as shipped, each with its citation and source.

`seed` is idempotent (the data migration calls it, and so do the demo loader and tests that start
from an emptied database). Later changes are made by an administrator in the back-office.
Checked against the sources on 5 December 2026; see docs/calendar.md and docs/cost-allocation.md.
"""

from datetime import date

CHECKED = date(2026, 12, 5)
UNDERGROUNDING = "kostenaandeel-verkabeling"
ELECTRICITY_21KV = "elektriciteitsproject-21kv"

DECREE_2018 = "Besluit verplaatsen en verkabelen hoogspanningsverbindingen (Stb. 2018, 359), art. 2"
UNDERGROUNDING_PARAMETERS = {
    "percentage": "20",
    "small_municipality_percentage": "15",
    "small_municipality_max_inhabitants": 30000,
    "cap_per_km": "975000.00",
    "km_decimals": 1,
}

RULES = [
    {
        "code": "atw",
        "title": "Algemene termijnenwet: verlenging van wettelijke termijnen",
        "citation": "Algemene termijnenwet, art. 1–4 (Stb. 1964, 314)",
        "status": "in_werking",
        "valid_from": date(1965, 4, 1),
        "source": "wetten.overheid.nl, BWBR0002448; art. 4 (termijnen van meer dan drie "
        "maanden, twaalf weken of negentig dagen) via vdv-vh.nl/atw en debloggendedeurwaarder.nl",
        "source_url": "https://wetten.overheid.nl/BWBR0002448",
        "note": "De tekst van art. 4 is gecontroleerd via twee secundaire bronnen, niet via "
        "wetten.overheid.nl. Of een termijn met zijn verlenging als één termijn telt, zegt "
        "geen gevonden bron.",
    },
    {
        "code": "awb-4-15",
        "title": "Opschorting van de beslistermijn bij een verzoek om aanvulling",
        "citation": "Algemene wet bestuursrecht, art. 4:15 lid 1 onder a",
        "status": "in_werking",
        "valid_from": date(1994, 1, 1),
        "source": "Awb art. 4:15 (tekst via pgawb.nl, Parlementaire geschiedenis Awb)",
        "source_url": "https://wetten.overheid.nl/BWBR0005537",
        "note": "Opgeschort vanaf de dag na het verzoek tot (niet tot en met) de dag van "
        "aanvulling; op die dag loopt de termijn weer.",
    },
    {
        "code": "awb-6-7-6-8",
        "title": "Bezwaar- en beroepstermijn",
        "citation": "Algemene wet bestuursrecht, art. 6:7 en 6:8 lid 1 en lid 4",
        "status": "in_werking",
        "valid_from": date(1994, 1, 1),
        "source": "Awb art. 6:8 (tekst via pgawb.nl); wetten.overheid.nl BWBR0005537",
        "source_url": "https://wetten.overheid.nl/BWBR0005537",
        "note": "Zes weken; bij een besluit voorbereid met afdeling 3.4 Awb vanaf de dag na de "
        "terinzagelegging (art. 6:8 lid 4, art. 3:44 lid 1 onder a), anders vanaf de dag na de "
        "bekendmaking (lid 1).",
    },
    {
        "code": "omgevingsvergunning-regulier",
        "title": "Omgevingsvergunning, reguliere procedure",
        "citation": "Omgevingswet, art. 16.64",
        "status": "in_werking",
        "valid_from": date(2024, 1, 1),
        "source": "wetten.overheid.nl, BWBR0037885",
        "source_url": "https://wetten.overheid.nl/BWBR0037885",
    },
    {
        "code": "omgevingsvergunning-uitgebreid",
        "title": "Omgevingsvergunning, uitgebreide procedure",
        "citation": "Algemene wet bestuursrecht, afdeling 3.4 en art. 3:18",
        "status": "in_werking",
        "valid_from": date(2024, 1, 1),
        "source": "wetten.overheid.nl, BWBR0005537 en BWBR0037885",
        "source_url": "https://wetten.overheid.nl/BWBR0005537",
    },
    {
        "code": "projectbesluit",
        "title": "Projectbesluit (projectprocedure)",
        "citation": "Omgevingswet, art. 5.44–5.55 en 16.70–16.73",
        "status": "in_werking",
        "valid_from": date(2024, 1, 1),
        "source": "wetten.overheid.nl, BWBR0037885",
        "source_url": "https://wetten.overheid.nl/BWBR0037885",
    },
    {
        "code": "omgevingsplan-wijziging",
        "title": "Wijziging omgevingsplan",
        "citation": "Omgevingswet, art. 16.76; Algemene wet bestuursrecht, afdeling 3.4",
        "status": "in_werking",
        "valid_from": date(2024, 1, 1),
        "source": "wetten.overheid.nl, BWBR0037885",
        "source_url": "https://wetten.overheid.nl/BWBR0037885",
    },
    {
        "code": ELECTRICITY_21KV,
        "title": "Beroep in één instantie bij de Raad van State voor elektriciteitsprojecten "
        "vanaf 21 kV",
        "citation": "Besluit procedurele versnellingen elektriciteitsprojecten (wijziging "
        "Omgevingsbesluit), op grond van art. 16.87a Omgevingswet zoals in te voegen door de "
        "Wet versterking regie volkshuisvesting",
        "status": "ontwerp",
        "valid_from": None,
        "source": "rijksoverheid.nl, 2 oktober 2025 ('kan in werking treden als de Wet "
        "Versterking Regie Volkshuisvesting is aangenomen'); brief Afdeling bestuursrechtspraak "
        "Raad van State van 8 juli 2024 (uitspraak binnen zes maanden nadat verweer is "
        "uitgebracht)",
        "source_url": "https://www.rijksoverheid.nl/actueel/nieuws/2025/10/02/"
        "kabinet-zet-nieuwe-stap-snellere-uitbreiding-stroomnet",
        "parameters": {"ruling_term_months": 6, "ruling_term_starts": "verweerschrift"},
        "note": "Niet in werking: de Wet versterking regie volkshuisvesting was in de nieuwste "
        "gevonden bronnen nog niet aangenomen. Het verbod op pro-forma-beroep wordt niet "
        "gemodelleerd.",
    },
    {
        "code": UNDERGROUNDING,
        "title": "Kostenaandeel van de verzoeker bij verplaatsen of verkabelen van een "
        "hoogspanningsverbinding",
        "citation": f"{DECREE_2018}, op grond van art. 22a lid 7 Elektriciteitswet 1998 "
        "(ingetrokken per 1 januari 2026)",
        "status": "in_werking",
        "valid_from": date(2019, 1, 1),
        "valid_until": date(2025, 12, 31),
        "source": "wetten.overheid.nl, BWBR0041451 ('Geldend van 01-01-2019'); Stb. 2018, 359",
        "source_url": "https://wetten.overheid.nl/BWBR0041451/2019-01-01",
        "parameters": UNDERGROUNDING_PARAMETERS,
        "note": "Alleen voor delen van een net die de minister heeft aangewezen (art. 22a lid 1 "
        "onder b). 20 %, of 15 % als het deel ligt in een gemeente van ten hoogste 30.000 "
        "inwoners (CBS, 1 januari); ten hoogste € 975.000 maal het aantal km afgerond op één "
        "decimaal, voor de verzoeken van de indiener tezamen.",
    },
    {
        "code": UNDERGROUNDING,
        "title": "Kostenaandeel van de verzoeker bij verplaatsen of verkabelen van een "
        "hoogspanningsverbinding",
        "citation": f"{DECREE_2018}; grondslag art. 22a Elektriciteitswet 1998 (ingetrokken per "
        "1 januari 2026), opvolger in de Energiewet te bevestigen",
        "status": "in_werking",
        "valid_from": date(2026, 1, 1),
        "to_confirm": True,
        "source": "Besluit van 3 november 2025 (Stb. 2025, 348), art. 2: de Elektriciteitswet "
        "1998 wordt met ingang van 1 januari 2026 ingetrokken",
        "source_url": "https://zoek.officielebekendmakingen.nl/stb-2025-348.html",
        "parameters": UNDERGROUNDING_PARAMETERS,
        "note": "De opvolger van art. 22a in de Energiewet of het Energiebesluit en het lot van "
        "het besluit van 2018 zijn niet gevonden; tot een jurist dit bevestigt is een verdeling "
        "voor een verzoek vanaf 1 januari 2026 alleen een scenario.",
    },
]


def seed(apps) -> None:
    StatutoryRule = apps.get_model("law", "StatutoryRule")
    for values in RULES:
        defaults = {"checked_on": CHECKED, **values}
        StatutoryRule.objects.get_or_create(
            code=values["code"], valid_from=values.get("valid_from"), defaults=defaults
        )
