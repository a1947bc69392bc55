"""Reading capacity-map publications: both real Utrecht snapshots, the two official examples of
the information model, and what a broken file reports (by JSON path and value)."""

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gridpact.capacity import parsing
from gridpact.capacity.parsing import Problem, parse, work_key

APP = Path(parsing.__file__).resolve().parent
JULY = APP / "data" / "utrecht-2026-07-29.json"
AUGUST = APP / "data" / "utrecht-2026-08-08.json"
DSO_EXAMPLE = APP / "schema" / "im_capaciteitskaart_dso-20250110.json"
TSO_EXAMPLE = APP / "schema" / "im_capaciteitskaart_tso-20250120.json"


def _stedin(publication):
    return [a for a in publication.areas if a.operator == "Stedin"]


def _json(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _bytes(data) -> bytes:
    return json.dumps(data).encode()


def test_the_august_snapshot_reads_without_problems_and_sums_to_the_published_waiting_list():
    publication = parse(AUGUST.read_bytes())
    assert publication.problems == ()
    assert publication.source_format == parsing.PUBLIC_MAP
    assert publication.snapshot_date == date(2026, 8, 8)
    assert len(publication.areas) == 16
    stedin = _stedin(publication)
    assert len(stedin) == 15
    assert sum(a.queue_withdrawal_mw for a in stedin) == Decimal("153.2")
    assert sum(a.queue_withdrawal_requests for a in stedin) == 362
    assert {a.tennet_year_solved_withdrawal for a in stedin} == {2035}


def test_an_area_reads_as_the_map_shows_it_with_dashes_as_unknown():
    oudenrijn = next(a for a in parse(AUGUST.read_bytes()).areas if a.code == "CM10")
    assert oudenrijn.name == "Oudenrijn"
    assert oudenrijn.operator == "Stedin"
    assert oudenrijn.province == "Utrecht"
    assert oudenrijn.capacity_now_withdrawal == Decimal("45")
    assert oudenrijn.capacity_needed_withdrawal == Decimal("49.4")
    assert oudenrijn.capacity_now_injection is None  # "-"
    assert (oudenrijn.queue_withdrawal_mw, oudenrijn.queue_withdrawal_requests) == (
        Decimal("6"),
        30,
    )
    assert (oudenrijn.queue_injection_mw, oudenrijn.queue_injection_requests) == (
        Decimal("74.9"),
        10,
    )
    assert oudenrijn.year_solved_withdrawal == 2029
    assert oudenrijn.year_solved_injection is None
    breukelen = next(w for w in oudenrijn.works if w.name.startswith("Breukelen Kortrijk 380"))
    assert breukelen.operator == "TenneT"
    assert breukelen.date_text == "2033 - 2035"
    assert (breukelen.start_date, breukelen.end_date) == (date(2033, 1, 1), date(2035, 12, 31))
    assert breukelen.phase == "scheduled"
    assert breukelen.source == "Investeringsplan"
    assert breukelen.key == "breukelen kortrijk 380 kv verzwaren station"


def test_both_snapshots_list_the_same_works_under_the_same_keys_in_another_order():
    july, august = parse(JULY.read_bytes()), parse(AUGUST.read_bytes())
    assert july.problems == ()
    assert july.content_hash != august.content_hash

    def keys(publication):
        return {
            (a.code, w.operator, w.key, w.date_text) for a in publication.areas for w in a.works
        }

    assert keys(july) == keys(august)
    assert [w.key for w in july.areas[0].works] != [w.key for w in august.areas[0].works]


def test_the_official_examples_of_the_information_model_read_without_problems():
    dso = parse(DSO_EXAMPLE.read_bytes())
    assert dso.problems == ()
    assert dso.source_format == parsing.INFORMATION_MODEL
    assert dso.snapshot_date == date(2025, 1, 10)
    [area] = dso.areas
    assert area.code == "OS FICTIEF 20-3i"
    assert area.operator == "Liander"  # the creator writes from alliander.com
    assert (area.queue_withdrawal_mw, area.queue_withdrawal_requests) == (Decimal("3"), 15)
    assert area.capacity_needed_withdrawal == Decimal("58")
    pieterslaan, transformer = area.works
    assert pieterslaan.name == "Uitbreiding netstation Pieterslaan"
    assert pieterslaan.end_date == date(2026, 1, 10)
    assert pieterslaan.date_text == "2026"
    # Year and quarter: the quarter's first and last day.
    assert (transformer.start_date, transformer.end_date) == (date(2026, 7, 1), date(2026, 9, 30))

    tso = parse(TSO_EXAMPLE.read_bytes())
    assert tso.problems == ()
    assert {a.operator for a in tso.areas} == {"TenneT"}  # only TenneT defines congestion areas
    assert [a.code for a in tso.areas] == ["Drenthe", "GDO, Noordelijk Deelgebied", "OS FICTIEF1"]
    assert tso.areas[0].year_solved_withdrawal == 2030


def test_a_schema_invalid_file_lists_every_problem_by_path_and_reads_nothing():
    data = _json(DSO_EXAMPLE)
    del data["creator"]
    data["energy_areas"][0]["demand_requests_in_queue"] = "15"
    data["energy_areas"][0]["works"][1]["time_schedules"][0]["schedule_interval"]["quarter"] = 5
    data["energy_areas"][0]["colour"] = "rood"
    publication = parse(_bytes(data))
    assert publication.areas == ()
    assert set(publication.problems) == {
        Problem("$.creator", "missing"),
        Problem("$.energy_areas[0].demand_requests_in_queue", "schema_type", "15"),
        Problem(
            "$.energy_areas[0].works[1].time_schedules[0].schedule_interval.quarter",
            "schema_maximum",
            "5",
        ),
        Problem(
            "$.energy_areas[0]",
            "unknown_field",
            "Additional properties are not allowed ('colour' was unexpected)",
        ),
    }


def test_a_broken_public_map_file_names_each_problem_with_its_path_and_value():
    data = _json(AUGUST)
    detail = data["areas"]["CM10"]["detail"]
    detail["queueWithdrawal"] = "1.8 XW"
    detail["uniqueRequestsWithdrawal"] = "veel"
    detail["yearSolvedWithdrawal"] = "ooit"
    detail["projects"][0]["dateString"] = "na de zomer"
    detail["projects"][1]["gridOperator"] = "Netbeheer Mars"
    data["areas"]["CM12"]["detail"]["rnb"] = "Onbekend"
    publication = parse(_bytes(data))
    assert set(publication.problems) == {
        Problem("$.areas.CM10.detail.queueWithdrawal", "not_mw", "1.8 XW"),
        Problem("$.areas.CM10.detail.uniqueRequestsWithdrawal", "not_count", "veel"),
        Problem("$.areas.CM10.detail.yearSolvedWithdrawal", "not_year", "ooit"),
        Problem("$.areas.CM10.detail.projects[0].dateString", "unreadable_date", "na de zomer"),
        Problem(
            "$.areas.CM10.detail.projects[1].gridOperator", "unknown_operator", "Netbeheer Mars"
        ),
        Problem("$.areas.CM12.detail.rnb", "unknown_operator", "Onbekend"),
    }


def test_an_area_id_with_spaces_gets_a_bracketed_path():
    data = _json(AUGUST)
    data["areas"]["Flevopolder, Utrecht en Gelderland"]["detail"]["queueInjection"] = "veel MW"
    [problem] = parse(_bytes(data)).problems
    assert problem.path == '$.areas["Flevopolder, Utrecht en Gelderland"].detail.queueInjection'


def test_what_is_not_a_publication_says_so():
    assert parse(b"{not json").problems[0].code == "invalid_json"
    assert parse(b"[1, 2]").problems == (Problem("$", "unknown_format"),)
    assert parse(b'{"areas": {}}').problems == (
        Problem("$.snapshot_date", "no_snapshot_date"),
        Problem("$.areas", "no_areas", "{}"),
    )


def test_a_file_without_its_own_date_takes_the_default():
    data = _json(AUGUST)
    del data["snapshot_date"]
    publication = parse(_bytes(data), default_snapshot_date=date(2026, 9, 1))
    assert publication.problems == ()
    assert publication.snapshot_date == date(2026, 9, 1)


def test_the_hash_is_of_the_data_not_of_its_layout():
    data = _json(AUGUST)
    compact = json.dumps(data, separators=(",", ":")).encode()
    indented = json.dumps(data, indent=4, sort_keys=True).encode()
    assert parse(compact).content_hash == parse(indented).content_hash
    changed = copy.deepcopy(data)
    changed["areas"]["CM10"]["detail"]["queueWithdrawal"] = "6.1 MW"
    assert parse(_bytes(changed)).content_hash != parse(compact).content_hash


def test_names_of_one_work_in_different_spellings_share_a_key():
    assert work_key("Nieuw Transformatorstation - Vleuterweide ") == work_key(
        "nieuw transformatorstation vleuterweide"
    )
    assert work_key("Soest–Baarn") == work_key("Soest/Baarn") == "soest baarn"
    assert work_key("Hoogspanningsstation Ééndracht") == "hoogspanningsstation eendracht"


@given(st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False))
def test_any_published_megawatt_figure_reads_back_exactly(value):
    reader = parsing._Reader()
    assert reader.mw("$.x", f"{value} MW") == value
    assert reader.problems == []


@given(st.text(max_size=30))
def test_any_text_is_either_a_figure_or_a_problem_never_an_error(text):
    reader = parsing._Reader()
    result = reader.mw("$.x", text)
    assert (result is None) or isinstance(result, Decimal)
    if result is None and text.strip() not in parsing.EMPTY:
        assert reader.problems == [Problem("$.x", "not_mw", text)]


@given(st.text(max_size=60))
def test_a_key_is_stable_lower_case_plain_words(name):
    key = work_key(name)
    assert work_key(key) == key
    assert key == key.strip()
    assert "  " not in key
    assert work_key(name.upper()) == work_key(name.lower()) or not name.isascii()


@given(st.binary(max_size=200))
def test_any_bytes_give_a_publication_or_problems_never_an_error(content):
    publication = parse(content)
    assert isinstance(publication, parsing.Publication)
    assert publication.areas or publication.problems
