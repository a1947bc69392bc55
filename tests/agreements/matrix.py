"""Permission-matrix rows for the agreement routes, for `tests/test_permission_matrix.py`.

Each row is a dict of `Case` fields: `Case(**row) for row in ROWS`. Every `kwargs` callable builds
the agreement first (`make_agreement` is idempotent), so the matrix's "nothing changed" snapshot is
taken after the data exists. Add `agreements_state()` (tests/factories.py) to `_state()`.
"""

from ..factories import make_agreement

LOGIN = 302
READ = {"anonymous": LOGIN, "outsider": 404, "other_org": 200, "own_org": 200, "coordinator": 200}
COORDINATOR_PAGE = {**READ, "other_org": 403, "own_org": 403}
COORDINATOR_WRITE = {**COORDINATOR_PAGE, "coordinator": 302}
# Participants comment: the municipality, the grid operator and the coordinator alike.
PARTICIPANT_WRITE = {**READ, "other_org": 302, "own_org": 302, "coordinator": 302}
# Positions come from the parties asked: not from the programme owner (the coordinator's province).
ENDORSE_WRITE = {**PARTICIPANT_WRITE, "coordinator": 403}
# The agreement already has a version being worked on: a second one is refused (nothing saved).
NEW_VERSION = {**COORDINATOR_PAGE, "coordinator": 400}


def _programme(w):
    make_agreement(w)
    return {"pk": w.programme.pk}


def _agreement(w):
    return {"pk": make_agreement(w).agreement.pk}


def _version(w):
    return {"pk": make_agreement(w).version.pk}


def _clause(w):
    return {"pk": make_agreement(w).clause.pk}


def _export(fmt):
    return lambda w: {"pk": make_agreement(w).version.pk, "fmt": fmt}


def _clause_data(w):
    a = make_agreement(w)
    return {
        "action": "save",
        "theme": a.clause.theme_id,
        "number": a.clause.number,
        "title": "Besluiten binnen de wettelijke termijn",
        "text": "<p>Het bevoegd gezag beslist op tijd.</p>",
        "version": a.clause.version,
    }


ROWS = [
    {"route": "agreement-list", "method": "get", "expected": READ, "kwargs": _programme},
    {
        "route": "agreement-list",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _programme,
        "data": lambda w: {"title": "Tweede set afspraken"},
        "writes": True,
    },
    {"route": "agreement-detail", "method": "get", "expected": READ, "kwargs": _agreement},
    {
        "route": "theme-add",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _agreement,
        "data": lambda w: {"name": "Communicatie"},
        "writes": True,
    },
    {
        "route": "version-create",
        "method": "post",
        "expected": NEW_VERSION,
        "kwargs": _agreement,
        "data": lambda w: {"summary": "Nog een versie"},
        "writes": True,
    },
    {"route": "agreement-compare", "method": "get", "expected": READ, "kwargs": _agreement},
    {"route": "version-detail", "method": "get", "expected": READ, "kwargs": _version},
    {
        "route": "version-transition",
        "method": "get",
        "expected": COORDINATOR_PAGE,
        "kwargs": _version,
    },
    {
        "route": "version-transition",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _version,
        "data": lambda w: {
            "action": "move",
            "to": "ter_vaststelling",
            "version": make_agreement(w).version.version,
        },
        "writes": True,
    },
    {"route": "clause-create", "method": "get", "expected": COORDINATOR_PAGE, "kwargs": _version},
    {
        "route": "clause-create",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _version,
        "data": lambda w: {
            "theme": make_agreement(w).clause.theme_id,
            "title": "Vooroverleg",
            "text": "Netbeheerder en bevoegd gezag overleggen vooraf.",
        },
        "writes": True,
    },
    {"route": "clause-edit", "method": "get", "expected": COORDINATOR_PAGE, "kwargs": _clause},
    {
        "route": "clause-edit",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _clause,
        "data": _clause_data,
        "writes": True,
    },
    {
        "route": "clause-edit",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _clause,
        "data": lambda w: {
            "action": "remove_commitment",
            "commitment": make_agreement(w).commitment.pk,
        },
        "writes": True,
        "confirms": True,
    },
    {
        "route": "comment-add",
        "method": "post",
        "expected": PARTICIPANT_WRITE,
        "kwargs": _clause,
        "data": lambda w: {"text": "Eens met deze formulering."},
        "writes": True,
    },
    {"route": "endorsements", "method": "get", "expected": READ, "kwargs": _version},
    {
        "route": "endorsements",
        "method": "post",
        "expected": ENDORSE_WRITE,
        "kwargs": _version,
        "data": lambda w: {
            "position": "positief",
            "known_version": make_agreement(w).endorsement.version,
        },
        "writes": True,
    },
    {
        "route": "endorsement-reminders",
        "method": "post",
        "expected": COORDINATOR_WRITE,
        "kwargs": _version,
        "writes": True,
    },
    *[
        {"route": "version-export", "method": "get", "expected": READ, "kwargs": _export(fmt)}
        for fmt in ("pdf", "docx")
    ],
]
