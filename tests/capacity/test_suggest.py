"""Suggested links: the demo's projects against the real August snapshot, and the name score."""

from hypothesis import given
from hypothesis import strategies as st

from gridpact.capacity import parsing, suggest
from gridpact.capacity.suggest import ProjectFacts, name_score

from .test_parsing import AUGUST


def _map():
    publication = parsing.parse(AUGUST.read_bytes())
    works: dict = {}
    for area in publication.areas:
        for work in area.works:
            works.setdefault((work.operator, work.key), [work.name, []])[1].append(
                (area.operator, area.code)
            )
    return (
        [suggest.WorkFacts(o, k, n, tuple(codes)) for (o, k), (n, codes) in works.items()],
        [suggest.AreaFacts(a.operator, a.code, a.name) for a in publication.areas],
    )


WORKS, AREAS = _map()
BREUKELEN = ProjectFacts(
    "Uitbreiding hoogspanningsstation Breukelen-Kortrijk",
    "TenneT",
    "380/150 kV",
    ("Stichtse Vecht",),
)
SOEST_BAARN = ProjectFacts(
    "Hoogspanningsstation Soest–Baarn", "Stedin", "150/20 kV", ("Soest", "Baarn")
)
UTRECHT_NOORD = ProjectFacts(
    "Nieuw hoogspanningsstation Utrecht-Noord", "TenneT", "150/50 kV", ("Utrecht", "Stichtse Vecht")
)


def _names(suggestions):
    return [s.name for s in suggestions]


def test_the_operators_own_names_for_breukelen_kortrijk_are_suggested_first():
    found = suggest.suggest_works(BREUKELEN, WORKS)
    assert set(_names(found[:2])) == {
        "Breukelen Kortrijk 380 kV verzwaren station",
        "Breukelen Kortrijk 150 kV verzwaren 380/150 kV netwerk",
    }
    assert found[0].reasons[:2] == ("name", "operator")


def test_soest_baarn_finds_its_station_and_its_area_but_no_tennet_backbone_area():
    works = suggest.suggest_works(SOEST_BAARN, WORKS)
    assert works[0].name == "Nieuw Transformatorstation - Soest/Baarn"
    assert "operator" in works[0].reasons
    areas = suggest.suggest_areas(SOEST_BAARN, AREAS, [w for w in WORKS if w.key == works[0].key])
    assert [a.key for a in areas] == ["CM15"]  # Baarn
    assert set(areas[0].reasons) == {"place", "listed_work"}


def test_utrecht_noord_finds_both_operators_works_and_not_amersfoort_noord():
    names = _names(suggest.suggest_works(UTRECHT_NOORD, WORKS))
    assert names[:2] == [
        "Utrecht Noord 150 kV realiseren station",
        "Nieuw Transformatorstation - Utrecht Noord",
    ]
    assert "Amersfoort Noord 150 kV realiseren station" not in names


def test_a_work_listed_in_every_area_points_to_no_area():
    backbone = [w for w in WORKS if w.operator == "TenneT" and w.key.startswith("breukelen")]
    assert len(backbone[0].area_codes) == 16
    areas = suggest.suggest_areas(BREUKELEN, AREAS, backbone)
    assert all("listed_work" not in a.reasons for a in areas)


def test_generic_words_and_numbers_do_not_count():
    assert suggest.distinctive_words("Nieuw Transformatorstation 150 kV - Soest 1") == {"soest"}
    assert name_score("Station Noord", "Station Zuid") == 0.0


words = st.lists(
    st.sampled_from(["breukelen", "kortrijk", "soest", "baarn", "lelystad"]), min_size=1
)


@given(words, words)
def test_the_name_score_is_between_zero_and_one_and_one_for_the_same_words(a, b):
    first, second = " ".join(a), " ".join(b)
    assert 0.0 <= name_score(first, second) <= 1.0
    assert name_score(first, first) == 1.0
    if not set(a) & set(b):
        assert name_score(first, second) == 0.0
