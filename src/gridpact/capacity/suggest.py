"""Which public works and service areas are probably a project's: suggestions a person confirms.

Pure: no Django. The operators name their works in their own words ("Breukelen Kortrijk 380 kV
verzwaren station" for the project "Uitbreiding hoogspanningsstation Breukelen-Kortrijk"), so the
names are compared by their distinctive words (places, mostly) after dropping the words every
grid work has (station, kV, verzwaren, …). The operator and the places count too.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .parsing import TENNET, work_key

# Words that say what kind of work it is, not which: they do not tell two works apart.
GENERIC_WORDS = frozenset(
    [
        "aanleggen",
        "bij",
        "circuit",
        "de",
        "e",
        "een",
        "en",
        "het",
        "hoogspanning",
        "hoogspanningsstation",
        "illustratief",
        "in",
        "inlussen",
        "kabel",
        "kabels",
        "kv",
        "met",
        "naast",
        "netstation",
        "netwerk",
        "netversterking",
        "nieuw",
        "nieuwe",
        "onderstation",
        "op",
        "project",
        "realiseren",
        "station",
        "stations",
        "transformator",
        "transformatoren",
        "transformatorstation",
        "tussen",
        "uitbreiden",
        "uitbreiding",
        "van",
        "vervangen",
        "verbinding",
        "verbindingen",
        "verzwaren",
        "verzwaring",
        "voor",
        "wo",
    ]
)
# Voltage levels at which TenneT builds: its works may be a project at these levels.
TENNET_LEVELS = re.compile(r"\b(380|220|150|110)\b")
NAME_THRESHOLD = 0.55
# A work listed in more areas than this is a backbone work: it does not point to an area.
AREA_SPECIFIC_MAX = 3


@dataclass(frozen=True)
class ProjectFacts:
    name: str
    lead_operator: str  # as the map names operators ("TenneT", "Stedin")
    voltage_levels: str = ""
    places: tuple[str, ...] = ()  # municipalities, the location


@dataclass(frozen=True)
class WorkFacts:
    operator: str
    key: str
    name: str
    area_codes: tuple[tuple[str, str], ...] = ()  # (operator, code) of the areas listing it


@dataclass(frozen=True)
class AreaFacts:
    operator: str
    code: str
    name: str


@dataclass(frozen=True)
class Suggestion:
    """A work (`key`) or an area (`code` in `key`) with why it is suggested (reason codes:
    "name", "operator", "place", "listed_work")."""

    operator: str
    key: str
    name: str
    score: float
    reasons: tuple[str, ...]


@lru_cache(maxsize=65536)
def distinctive_words(text: str) -> frozenset[str]:
    """The words of a name that tell it apart: no numbers, no generic words."""
    return frozenset(
        word
        for word in work_key(text).split()
        if word not in GENERIC_WORDS
        and not word.isdigit()
        and len(word) > 1
        and not re.fullmatch(r"\d+e|\d+kv", word)
    )


@lru_cache(maxsize=262144)
def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _overlap(ours: frozenset[str], theirs: frozenset[str]) -> int:
    return sum(1 for word in ours if any(_same_word(word, other) for other in theirs))


def name_score(project_name: str, other_name: str) -> float:
    """0..1: how many distinctive words the names share, as the mean of the share of each
    name's words (one shared word of two on both sides: 0.5; all words alike: 1)."""
    ours, theirs = distinctive_words(project_name), distinctive_words(other_name)
    if not ours or not theirs:
        return 0.0
    shared = _overlap(ours, theirs)
    return (shared / len(ours) + min(shared, len(theirs)) / len(theirs)) / 2


def _operator_fits(project: ProjectFacts, operator: str) -> bool:
    if operator.lower() == project.lead_operator.lower():
        return True
    return operator == TENNET and bool(TENNET_LEVELS.search(project.voltage_levels))


def _place_words(project: ProjectFacts) -> frozenset[str]:
    return frozenset().union(*(distinctive_words(place) for place in project.places))


def suggest_works(project: ProjectFacts, works: Iterable[WorkFacts], limit=10) -> list[Suggestion]:
    """The public works whose name resembles the project's, best first."""
    places = _place_words(project)
    found = []
    for work in works:
        score = name_score(project.name, work.name)
        if score < NAME_THRESHOLD:
            continue
        reasons = ["name"]
        if _operator_fits(project, work.operator):
            score += 0.3
            reasons.append("operator")
        if places and _overlap(distinctive_words(work.name), places):
            score += 0.2
            reasons.append("place")
        found.append(
            Suggestion(work.operator, work.key, work.name, round(score, 3), tuple(reasons))
        )
    found.sort(key=lambda s: (-s.score, s.operator, s.name))
    return found[:limit]


def suggest_areas(
    project: ProjectFacts,
    areas: Iterable[AreaFacts],
    works: Iterable[WorkFacts] = (),
    limit=10,
) -> list[Suggestion]:
    """The service areas named after the project's places, and those that list one of `works`
    (the project's works, suggested or linked) when that work is listed in only a few areas."""
    places = _place_words(project) | distinctive_words(project.name)
    listing = {
        area
        for work in works
        if len(work.area_codes) <= AREA_SPECIFIC_MAX
        for area in work.area_codes
    }
    found = []
    for area in areas:
        reasons, score = [], 0.0
        if places and _overlap(distinctive_words(area.name), places):
            reasons.append("place")
            score += 1.0
        if (area.operator, area.code) in listing:
            reasons.append("listed_work")
            score += 1.0
        if _operator_fits(project, area.operator) and reasons:
            score += 0.3
        if reasons:
            found.append(Suggestion(area.operator, area.code, area.name, score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.operator, s.name))
    return found[:limit]
