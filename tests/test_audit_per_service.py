"""Every service writes exactly one audit event, in the same transaction as its change.

The services are found, not listed: every public function of a module of a GridPact app (the
`services` modules, and any other module that holds a write) whose `actor` is keyword-only. For
each, CASES below says how to call it on the `world` (tests/conftest.py): who may, with which
arguments, and who is refused. A new service without an entry fails
`test_every_service_has_a_case`; a case for a service that is gone fails
`test_every_case_names_a_service`. Adding or removing a service needs one entry here, nothing
else.

For each service the test checks three things:
1. refused: the call by someone without the right raises PermissionDenied (or, where a refusal is
   a plain answer, returns it) and leaves every table as it was, the audit trail included;
2. one transaction: when writing the audit event fails, nothing of the change is stored;
3. allowed: the call writes exactly one audit event, naming the actor and the object.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal

import pyotp
import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from gridpact.accounts import services as accounts
from gridpact.agreements import services as agreements
from gridpact.api import services as api
from gridpact.capacity import services as capacity
from gridpact.core.models import AuditEvent
from gridpact.costs.models import AllocationRule
from gridpact.escalations import services as escalations
from gridpact.meetings import services as meetings
from gridpact.meetings.models import AgendaItem, MeetingStatus, Outcome
from gridpact.procedures import feeds
from gridpact.procedures import services as procedures
from gridpact.projects import services as projects
from gridpact.projects.imports import read_plan, read_project_list
from gridpact.projects.models import Baseline, Confidentiality, MilestoneDependency, MilestoneKind
from gridpact.public import services as public

from .capacity.test_parsing import AUGUST as CAPACITY_SNAPSHOT
from .factories import (
    M,
    MilestoneDependencyFactory,
    ProgrammeFactory,
    R,
    UserFactory,
    capacity_world,
    cost_world,
    line,
    make_agreement,
    meeting_world,
)

# --- discovery -------------------------------------------------------------------------------

# The one function with a keyword-only actor that is not a write of its own: the recorder.
NOT_SERVICES = {"core.audit.record"}


def _app_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("gridpact."):
            continue
        for info in pkgutil.iter_modules(config.module.__path__):
            if info.name in {"migrations", "management", "templatetags", "tests"}:
                continue
            yield importlib.import_module(f"{config.name}.{info.name}")


def discover() -> dict[str, Callable]:
    """{"app.module.function" or "app.function" (for services): function} of every write."""
    found = {}
    for module in _app_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            actor = inspect.signature(function).parameters.get("actor")
            if actor is None or actor.kind is not inspect.Parameter.KEYWORD_ONLY:
                continue
            _gridpact, app, module_name = module.__name__.split(".", 2)
            key = f"{app}.{name}" if module_name == "services" else f"{app}.{module_name}.{name}"
            if key not in NOT_SERVICES:
                found[key] = function
    return found


SERVICES = discover()

# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """How to call one service.

    `kwargs(w)` gives every argument but the actor; it may build what the call needs (through
    the factories and the services) and runs again before each of the three calls, after the
    world has been read afresh, so it must be safe to call more than once.
    """

    kwargs: Callable
    actor: str = "coordinator"  # a World attribute, or "system", "anonymous", "administrator"
    refused: str | None = "outsider"  # who is refused with PermissionDenied
    # A refusal that is an answer, not an error: the arguments (actor included) of a call that
    # returns without writing (a wrong code, an import whose rows the actor may not touch).
    refused_call: Callable | None = None
    no_refusal: str = ""  # why nobody can be refused, when `refused` is None


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _cached(w, key, build):
    """Build once per world (the kwargs run three times; what they set up must not pile up)."""
    if key not in w.__dict__:
        w.__dict__[key] = build()
    return w.__dict__[key]


def _administrator(w):
    return _cached(
        w,
        "_administrator",
        lambda: UserFactory(username="beheer", is_staff=True, is_superuser=True),
    )


def _device(w):
    """The lead's authenticator app and its recovery codes."""
    secret = pyotp.random_base32()
    return _cached(
        w,
        "_device",
        lambda: accounts.confirm_device(actor=w.lead, secret=secret, code=pyotp.TOTP(secret).now()),
    )


def _token(w):
    return _cached(w, "_token", lambda: api.create_token(actor=w.lead, name="systeem")[0])


def _agreement_for_adoption(w):
    """Version 2 of the world's agreement, ter vaststelling."""
    version = make_agreement(w).version
    if version.status == "ter_bespreking":
        agreements.move_version(
            actor=None, version=version, to="ter_vaststelling", expected_version=version.version
        )
        version.refresh_from_db()
    return version


def _agreement_all_adopted(w):
    """The world's agreement with both versions adopted: nothing is being worked on."""
    version = _agreement_for_adoption(w)
    if version.status == "ter_vaststelling":
        agreements.adopt_version(
            actor=None,
            version=version,
            adopted_by="GS",
            adopted_on=date(2026, 2, 1),
            expected_version=version.version,
        )
    return make_agreement(w).agreement


def _uncommented_clause(w):
    a = make_agreement(w)
    return a.version.clauses.exclude(pk=a.clause.pk).get()


def _meeting(w):
    return type(meeting_world(w).meeting).objects.get(pk=meeting_world(w).meeting.pk)


def _running(w):
    meeting = _meeting(w)
    if meeting.status != MeetingStatus.RUNNING:
        meetings.start_meeting(
            actor=w.coordinator, meeting=meeting, expected_version=meeting.version
        )
    return meeting


def _draft_meeting(w):
    """A new meeting with one invitation not sent yet."""
    meeting = meetings.create_meeting(
        actor=w.coordinator,
        programme=w.programme,
        body=meeting_world(w).body,
        title="Concept",
        starts_at=_at(date(2027, 1, 1), 9),
        ends_at=_at(date(2027, 1, 1), 10),
    )
    meetings.invite(
        actor=w.coordinator,
        meeting=meeting,
        invitees=[meetings.Invitee(w.province, "G", "g@x.invalid")],
    )
    return meeting


def _open_suspension(w):
    procedure = w.procedure
    open_one = procedure.suspensions.filter(completed_on__isnull=True).first()
    if open_one is None:
        open_one = procedures.add_suspension(
            actor=w.municipal_official,
            procedure=procedure,
            requested_on=date(2026, 4, 1),
            given_until=date(2026, 4, 10),
            expected_version=procedure.version,
        )
        procedure.refresh_from_db()
    return open_one


def _escalated(w):
    impediment = w.impediment
    if impediment.level == 1:
        escalations.escalate(
            actor=w.lead, impediment=impediment, reason="r", expected_version=impediment.version
        )
        impediment.refresh_from_db()
    return impediment


def _other_baseline(w):
    found = Baseline.objects.filter(programme=w.programme, name="Tweede").first()
    return found or projects.freeze_baseline(
        actor=None, programme=w.programme, name="Tweede", make_reference=False
    )


def _dependency(w):
    if not MilestoneDependency.objects.filter(successor=w.milestone).exists():
        MilestoneDependencyFactory(predecessor=w.site_decision, successor=w.milestone)
    return w.milestone, w.site_decision


def _plan(w):
    return read_plan(
        f"project;mijlpaal;prognose;reden\n{w.project.code};{w.milestone.name};30-06-2031;later\n".encode(),
        "plan.csv",
    )


def _project_list(w):
    return read_project_list(
        f"projectcode;naam\n{w.project.code};Station Noord-Oost\n".encode(), "projecten.csv"
    )


OWN_FEED = "it changes the actor's own calendar address; only a logged-in person has one"

CASES = {
    # accounts: the person's own login and app; an administrator resets an app.
    "accounts.record_password_login": Case(
        lambda w: {},
        actor="lead",
        refused=None,
        no_refusal="it records a login that already passed the password check",
    ),
    "accounts.confirm_device": Case(
        lambda w: (lambda secret: {"secret": secret, "code": pyotp.TOTP(secret).now()})(
            pyotp.random_base32()
        ),
        actor="municipal_official",
        refused="anonymous",
    ),
    "accounts.pass_second_factor": Case(
        lambda w: {"code": _device(w)[0]},  # a recovery code
        actor="lead",
        refused=None,
        refused_call=lambda w: {"actor": w.lead, "code": "000000" if _device(w) else ""},
    ),
    "accounts.reset_second_factor": Case(
        lambda w: {"user": w.lead} if _device(w) else {},
        actor="administrator",
    ),
    # api tokens: your own.
    "api.create_token": Case(lambda w: {"name": "systeem"}, actor="lead", refused="anonymous"),
    "api.revoke_token": Case(lambda w: {"token": _token(w)}, actor="lead"),
    # agreements
    "agreements.create_agreement": Case(lambda w: {"programme": w.programme, "title": "Nieuw"}),
    "agreements.add_theme": Case(
        lambda w: {"agreement": make_agreement(w).agreement, "name": "Communicatie"}
    ),
    "agreements.create_version": Case(lambda w: {"agreement": _agreement_all_adopted(w)}),
    "agreements.add_clause": Case(
        lambda w: {
            "version": make_agreement(w).version,
            "theme": make_agreement(w).clause.theme,
            "title": "t",
            "text": "x",
        }
    ),
    "agreements.update_clause": Case(
        lambda w: (
            lambda a: {
                "clause": a.clause,
                "theme": a.clause.theme,
                "title": "t",
                "text": "x",
                "number": a.clause.number,
                "expected_version": a.clause.version,
            }
        )(make_agreement(w))
    ),
    "agreements.remove_clause": Case(
        lambda w: (lambda c: {"clause": c, "expected_version": c.version})(_uncommented_clause(w))
    ),
    "agreements.add_commitment": Case(
        lambda w: {"clause": make_agreement(w).clause, "kind": "escalatie", "target_percent": 80}
    ),
    "agreements.remove_commitment": Case(lambda w: {"commitment": make_agreement(w).commitment}),
    "agreements.move_version": Case(
        lambda w: (lambda v: {"version": v, "to": "concept", "expected_version": v.version})(
            make_agreement(w).version
        )
    ),
    "agreements.adopt_version": Case(
        lambda w: (
            lambda v: {
                "version": v,
                "adopted_by": "GS",
                "adopted_on": date(2026, 2, 1),
                "expected_version": v.version,
            }
        )(_agreement_for_adoption(w))
    ),
    "agreements.add_comment": Case(
        lambda w: (lambda a: {"clause": a.clause, "text": "x", "parent": a.comment})(
            make_agreement(w)
        ),
        actor="lead",
    ),
    "agreements.record_endorsement": Case(
        lambda w: {
            "version": make_agreement(w).version,
            "organisation": w.municipality,
            "position": "positief",
        },
        actor="municipal_official",
    ),
    "agreements.send_reminders": Case(lambda w: {"version": make_agreement(w).version}),
    # costs
    "costs.report_cost_item": Case(
        lambda w: {
            "project": w.project,
            "reported_by": w.operator,
            "category": cost_world(w).categories["anders"],
            "description": "Hekwerk",
            "amount": Decimal("10.00"),
            "kind": "raming",
        },
        actor="lead",
    ),
    "costs.update_cost_item": Case(
        lambda w: (
            lambda item: {"item": item, "expected_version": item.version, "amount": Decimal("5")}
        )(cost_world(w).operator_item),
        actor="lead",
    ),
    "costs.withdraw_cost_item": Case(
        lambda w: (lambda item: {"item": item, "expected_version": item.version})(
            cost_world(w).operator_item
        ),
        actor="lead",
    ),
    "costs.create_rule": Case(
        lambda w: {
            "programme": w.programme,
            "category": cost_world(w).categories["onderzoek"],
            "name": "Onderzoek",
            "lines": (line(M.PERCENTAGE, R.PROVINCE, 100),),
        }
    ),
    "costs.update_rule": Case(
        lambda w: (
            lambda rule: {
                "rule": rule,
                "expected_version": rule.version,
                "category": rule.category,
                "name": "Inpassing anders",
                "lines": (line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
            }
        )(AllocationRule.objects.get(pk=cost_world(w).fitting_rule.pk))
    ),
    "costs.delete_rule": Case(
        lambda w: (lambda rule: {"rule": rule, "expected_version": rule.version})(
            AllocationRule.objects.get(pk=cost_world(w).fitting_rule.pk)
        )
    ),
    "costs.create_scenario": Case(lambda w: {"programme": w.programme, "name": "Tweede"}),
    "costs.adopt_rule_set": Case(
        lambda w: (lambda s: {"rule_set": s, "expected_version": s.version})(cost_world(w).scenario)
    ),
    "costs.add_category": Case(lambda w: {"programme": w.programme, "name": "Verkabeling"}),
    # escalations
    "escalations.ensure_ladder": Case(
        lambda w: {"programme": ProgrammeFactory()},
        actor="system",
        refused=None,
        no_refusal=(
            "it only gives a programme the default ladder, once, for the first write that needs "
            "one; it checks no right of its own"
        ),
    ),
    "escalations.raise_impediment": Case(
        lambda w: {
            "project": w.project,
            "programme": w.programme,
            "title": "t",
            "category": "anders",
            "owner": w.operator,
        },
        actor="lead",
    ),
    "escalations.escalate": Case(
        lambda w: {
            "impediment": w.impediment,
            "reason": "r",
            "expected_version": w.impediment.version,
        },
        actor="lead",
    ),
    "escalations.send_back": Case(
        lambda w: (lambda imp: {"impediment": imp, "reason": "r", "expected_version": imp.version})(
            _escalated(w)
        ),
        actor="lead",
    ),
    "escalations.resolve": Case(
        lambda w: {
            "impediment": w.impediment,
            "decision": "d",
            "decided_by": "b",
            "expected_version": w.impediment.version,
        },
        actor="lead",
    ),
    "escalations.update_level": Case(
        lambda w: (
            lambda level: {
                "level": level,
                "body": "Ambtelijk overleg",
                "response_days": 15,
                "responsible": [],
                "expected_version": level.version,
            }
        )(escalations.ensure_ladder(w.programme)[0])
    ),
    # law: administrators only.
    "law.save_rule_version": Case(
        lambda w: {
            "code": "atw-gelijkstelling",
            "title": "Gelijkgestelde dagen",
            "citation": "Besluit gelijkstelling 2029-2031 (Stcrt.)",
            "status": "vastgesteld",
            "valid_from": date(2029, 1, 1),
            "source": "Staatscourant",
            "checked_on": date(2026, 12, 5),
        },
        actor="administrator",
        refused="coordinator",
    ),
    # meetings
    "meetings.create_body": Case(
        lambda w: {"programme": w.programme, "kind": "projectteam", "name": "Projectteam"}
    ),
    "meetings.update_body": Case(
        lambda w: (
            lambda body: {
                "body": body,
                "kind": "bestuurlijk_overleg",
                "name": "BO",
                "description": "",
                "expected_version": body.version,
            }
        )(meeting_world(w).body)
    ),
    "meetings.add_body_member": Case(
        lambda w: {
            "body": meeting_world(w).body,
            "organisation": w.province,
            "name": "G",
            "email": "g@x.invalid",
        }
    ),
    "meetings.remove_body_member": Case(
        lambda w: {"member": meeting_world(w).body.members.order_by("pk").first()}
    ),
    "meetings.create_meeting": Case(
        lambda w: {
            "programme": w.programme,
            "body": meeting_world(w).body,
            "title": "T",
            "starts_at": _at(date(2027, 1, 1), 9),
            "ends_at": _at(date(2027, 1, 1), 10),
        }
    ),
    "meetings.update_meeting": Case(
        lambda w: (
            lambda m: {
                "meeting": m,
                "expected_version": m.version,
                "body": meeting_world(w).body,
                "title": "Nieuw",
                "starts_at": m.starts_at,
                "ends_at": m.ends_at,
            }
        )(_meeting(w))
    ),
    "meetings.invite": Case(
        lambda w: {
            "meeting": _meeting(w),
            "invitees": [meetings.Invitee(w.province, "G", "g@x.invalid")],
        }
    ),
    "meetings.send_invitations": Case(
        lambda w: (lambda m: {"meeting": m, "expected_version": m.version})(_draft_meeting(w))
    ),
    "meetings.resend_invitation": Case(lambda w: {"invitation": meeting_world(w).invitation}),
    "meetings.record_answer": Case(
        lambda w: (
            lambda i: {"invitation": i, "response": "komt_niet", "expected_version": i.version}
        )(meeting_world(w).invitation)
    ),
    "meetings.start_meeting": Case(
        lambda w: (lambda m: {"meeting": m, "expected_version": m.version})(_meeting(w))
    ),
    "meetings.set_attendance": Case(
        lambda w: {"meeting": _running(w), "present": [meeting_world(w).invitation]}
    ),
    "meetings.add_attendee": Case(
        lambda w: {"meeting": _running(w), "organisation": w.province, "name": "Gast"}
    ),
    "meetings.add_agenda_item": Case(
        lambda w: {"meeting": _meeting(w), "title": "Nog iets", "project": w.project}
    ),
    "meetings.record_outcome": Case(
        lambda w: {
            "agenda_item": AgendaItem.objects.get(pk=meeting_world(w).agenda_item.pk)
            if _running(w)
            else None,
            "kind": "besluit",
            "text": "Besloten",
            "referred_to": meeting_world(w).body,
        }
    ),
    "meetings.close_meeting": Case(
        lambda w: (lambda m: {"meeting": m, "expected_version": m.version})(_running(w))
    ),
    "meetings.update_action_item": Case(
        lambda w: (
            lambda action: {
                "action": action,
                "status": "in_uitvoering",
                "expected_version": action.version,
            }
        )(Outcome.objects.select_related("meeting").get(pk=meeting_world(w).action_item.pk)),
        actor="lead",
    ),
    # monitoring
    "monitoring.submit_report": Case(
        lambda w: {
            "project": w.project,
            "period": w.open_period,
            "progress": "Bouw gestart",
            "status": "groen",
            "today": date(2026, 7, 2),
        },
        actor="lead",
    ),
    "monitoring.update_rules": Case(
        lambda w: {"programme": w.programme, "amber_impediment_level": 3}
    ),
    "monitoring.close_period": Case(
        lambda w: {
            "period": w.period,
            "expected_version": w.period.version,
            "today": date(2026, 4, 20),
        }
    ),
    # procedures
    "procedures.create_procedure": Case(
        lambda w: {
            "project": w.project,
            "procedure_type": w.procedure.procedure_type,
            "title": "Tweede vergunning",
            "competent_authority": w.municipality,
            "applicant": w.operator,
            "received_on": date(2026, 5, 4),
        }
    ),
    "procedures.update_procedure": Case(
        lambda w: {
            "procedure": w.procedure,
            "expected_version": w.procedure.version,
            "title": "Nieuwe titel",
        },
        actor="municipal_official",
    ),
    "procedures.add_suspension": Case(
        lambda w: {
            "procedure": w.procedure,
            "requested_on": date(2026, 4, 1),
            "given_until": date(2026, 4, 10),
            "expected_version": w.procedure.version,
        },
        actor="municipal_official",
    ),
    "procedures.complete_suspension": Case(
        lambda w: (
            lambda s: {
                "suspension": s,
                "completed_on": date(2026, 4, 6),
                "expected_version": w.procedure.version,
            }
        )(_open_suspension(w)),
        actor="municipal_official",
    ),
    "procedures.remove_suspension": Case(
        lambda w: {"suspension": w.suspension, "expected_version": w.procedure.version},
        actor="municipal_official",
    ),
    # A person's own calendar address: the actor is always the person logged in.
    "procedures.feeds.create_feed": Case(
        lambda w: {}, actor="lead", refused=None, no_refusal=OWN_FEED
    ),
    "procedures.feeds.revoke_feeds": Case(
        lambda w: _cached(w, "_feed", lambda: feeds.create_feed(actor=w.lead)) and {},
        actor="lead",
        refused=None,
        no_refusal=OWN_FEED,
    ),
    # projects
    "projects.create_project": Case(
        lambda w: {
            "programme": w.programme,
            "code": "nieuw",
            "name": "Nieuw",
            "kind": "concreet",
            "lead_operator": w.operator,
        }
    ),
    "projects.update_project": Case(
        lambda w: {
            "project": w.project,
            "expected_version": w.project.version,
            "phase": "vergunningen",
            "municipalities": [w.municipality],
        }
    ),
    "projects.create_milestone": Case(
        lambda w: {
            "project": w.project,
            "kind": MilestoneKind.OTHER,
            "name": "Extra",
            "owner": w.operator,
        }
    ),
    "projects.forecast_milestone": Case(
        lambda w: {
            "milestone": w.milestone,
            "forecast": date(2030, 1, 1),
            "reason": "r",
            "expected_version": w.milestone.version,
        },
        actor="lead",
    ),
    "projects.record_actual": Case(
        lambda w: {
            "milestone": w.milestone,
            "actual": date(2025, 1, 1),
            "expected_version": w.milestone.version,
        },
        actor="lead",
    ),
    # One date here: each changed date is its own event (decision 0025), both in one transaction.
    "projects.update_milestone_dates": Case(
        lambda w: {
            "milestone": w.milestone,
            "forecast": date(2030, 1, 1),
            "reason": "r",
            "expected_version": w.milestone.version,
        },
        actor="lead",
    ),
    "projects.add_dependency": Case(
        lambda w: {"successor": w.milestone, "predecessor": w.site_decision}, actor="lead"
    ),
    "projects.remove_dependency": Case(
        lambda w: dict(zip(("successor", "predecessor"), _dependency(w), strict=True)),
        actor="lead",
    ),
    "projects.freeze_baseline": Case(lambda w: {"programme": w.programme, "name": "Nieuw"}),
    "projects.set_reference_baseline": Case(
        lambda w: {"programme": w.programme, "baseline": _other_baseline(w)}
    ),
    "projects.import_milestone_plan": Case(
        lambda w: {"programme": w.programme, "table": _plan(w), "dry_run": False},
        actor="lead",
        refused=None,
        # Rows of projects the actor may not change are problems of the import, not an error.
        refused_call=lambda w: {
            "actor": w.outsider,
            "programme": w.programme,
            "table": _plan(w),
            "dry_run": False,
        },
    ),
    "projects.import_project_list": Case(
        lambda w: {"programme": w.programme, "table": _project_list(w), "dry_run": False}
    ),
    "capacity.import_publication": Case(
        lambda w: {
            "programme": w.programme,
            "content": CAPACITY_SNAPSHOT.read_bytes(),
            "filename": CAPACITY_SNAPSHOT.name,
            "dry_run": False,
        }
    ),
    "capacity.link_area": Case(
        lambda w: {"project": w.project, "area": capacity_world(w)[1]}, actor="lead"
    ),
    "capacity.unlink_area": Case(lambda w: {"link": _area_link(w)}, actor="lead"),
    "capacity.link_work": Case(
        lambda w: {"project": w.project, "work": capacity_world(w)[2]}, actor="lead"
    ),
    "capacity.unlink_work": Case(lambda w: {"link": _work_link(w)}, actor="lead"),
    "public.save_public_texts": Case(
        lambda w: {
            "project": w.project,
            "summary": "Openbare tekst",
            "delay_reason": "",
            "milestone_ids": [w.site_decision.pk],
        }
    ),
    "public.publish": Case(lambda w: {"project": _public_project(w)}),
    "public.withdraw": Case(lambda w: {"project": _published_project(w)}),
    # national: only a national role asks for the national report (the administrator has one).
    "national.request_export": Case(lambda w: {"fmt": "pdf"}, actor="administrator"),
}


def _public_project(w):
    def mark_public():
        projects.update_project(
            actor=None,
            project=w.project,
            expected_version=w.project.version,
            confidentiality=Confidentiality.PUBLIC,
        )
        return True

    _cached(w, "_public", mark_public)
    w.project.refresh_from_db()
    return w.project


def _published_project(w):
    project = _public_project(w)
    _cached(w, "_published", lambda: public.publish(actor=None, project=project))
    return project


def _area_link(w):
    return _cached(
        w,
        "_area_link",
        lambda: capacity.link_area(actor=None, project=w.project, area=capacity_world(w)[1]),
    )


def _work_link(w):
    return _cached(
        w,
        "_work_link",
        lambda: capacity.link_work(actor=None, project=w.project, work=capacity_world(w)[2]),
    )


# --- the test --------------------------------------------------------------------------------


def _actor(w, name):
    if name == "system":
        return None
    if name == "anonymous":
        return AnonymousUser()
    if name == "administrator":
        return _administrator(w)
    return getattr(w, name)


def _fresh(w):
    """Read the world's objects (and the objects of the worlds built on it) afresh: a call that
    failed may have changed them in memory and not in the database."""
    for value in list(vars(w).values()):
        parts = (
            [getattr(value, f.name) for f in fields(value)]
            if is_dataclass(value) and not isinstance(value, type)
            else [value]
        )
        for part in parts:
            if isinstance(part, Model) and part.pk is not None:
                part.refresh_from_db()


def _tables():
    """Every row of every GridPact table, audit trail included."""
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr)
        for model in apps.get_models()
        if model.__module__.startswith("gridpact.")
    }


class _AuditWriteFailed(Exception):
    pass


def _failing_audit(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(f'INSERT INTO "{AuditEvent._meta.db_table.upper()}"'):
        raise _AuditWriteFailed
    return execute(sql, params, many, context)


def test_services_are_found():
    # The discovery itself works: the services of every app are there (a floor, not a list).
    assert {"projects.create_project", "meetings.create_body", "costs.create_rule"} <= set(SERVICES)
    assert len(SERVICES) >= 70


def test_every_service_has_a_case():
    missing = sorted(set(SERVICES) - set(CASES))
    assert not missing, f"add an entry to CASES in {__name__} for: {', '.join(missing)}"


def test_every_case_names_a_service():
    gone = sorted(set(CASES) - set(SERVICES))
    assert not gone, f"remove the entries of services that no longer exist: {', '.join(gone)}"


def test_every_case_without_a_refusal_says_why():
    for name, case in CASES.items():
        if case.refused is None:
            assert case.refused_call or case.no_refusal, name


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_writes_exactly_one_audit_event_with_actor_and_request_scope(world, name):
    if name not in CASES:
        pytest.fail(f"no entry in CASES for {name}")
    service, case = SERVICES[name], CASES[name]

    # 1. Refused: nothing written, no audit event.
    if case.refused is not None or case.refused_call is not None:
        _fresh(world)
        if case.refused_call is not None:
            arguments = case.refused_call(world)
        else:
            arguments = {**case.kwargs(world), "actor": _actor(world, case.refused)}
        before = _tables()
        if case.refused_call is not None:
            service(**arguments)
        else:
            with pytest.raises(PermissionDenied):
                service(**arguments)
        assert _tables() == before

    # 2. One transaction: when the audit event cannot be written, the change is not stored.
    _fresh(world)
    arguments = {**case.kwargs(world), "actor": _actor(world, case.actor)}
    before = _tables()
    with connection.execute_wrapper(_failing_audit), pytest.raises(_AuditWriteFailed):
        service(**arguments)
    assert _tables() == before

    # 3. Allowed: exactly one audit event, of this actor.
    _fresh(world)
    actor = _actor(world, case.actor)
    arguments = {**case.kwargs(world), "actor": actor}
    before = AuditEvent.objects.count()
    service(**arguments)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action
    assert event.object_id
    assert event.actor_id == (actor.pk if actor is not None else None)


def test_overdue_escalation_by_the_tick_writes_one_audit_event(world):
    # The tick escalates without a person; it has no actor, so discovery does not find it.
    before = AuditEvent.objects.count()
    escalations.escalate_overdue(date(2026, 3, 17))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action
    assert event.object_id
