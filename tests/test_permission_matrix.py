"""Every route × every kind of user: the status code, and that nothing changed when refused.

The meta-test at the bottom fails when a route is added without a row here.
"""

from dataclasses import dataclass, field, replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gridpact.accounts.models import ExternalIdentity, RecoveryCode, TotpDevice
from gridpact.api.models import ApiToken
from gridpact.capacity import services as capacity_services
from gridpact.core.models import AuditEvent
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import Impediment, LadderLevel
from gridpact.monitoring.models import ProgressReport, ReportingPeriod, StatusRules
from gridpact.national.models import NationalExport
from gridpact.parties.models import OrganisationKind
from gridpact.procedures.models import CalendarFeed, Procedure, Suspension
from gridpact.projects import services as project_services
from gridpact.projects.models import (
    Baseline,
    Confidentiality,
    Milestone,
    MilestoneDependency,
    Project,
    ProjectParty,
)
from gridpact.public import services as public_services
from gridpact.public.models import ProjectPublication, PublicationChange

from .agreements.matrix import ROWS as AGREEMENT_ROWS
from .capacity.test_parsing import AUGUST as CAPACITY_SNAPSHOT
from .costs.matrix import cost_cases
from .factories import (
    MembershipFactory,
    OrganisationFactory,
    agreements_state,
    capacity_state,
    capacity_world,
    coordinator_export,
    cost_state,
    cost_world,
    make_agreement,
    meeting_world,
    meetings_state,
    monitoring_state,
)
from .html_validity import served_html
from .readable import readable_text

ACTORS = ("anonymous", "outsider", "other_org", "own_org", "coordinator")
LOGIN = 302  # anonymous users are sent to the login page


@dataclass
class Case:
    route: str
    method: str
    expected: dict
    kwargs: callable = None
    data: callable = None
    writes: bool = False  # True when the allowed request is meant to change data
    query: object = None  # a string, or a function of the world that builds it
    headers: dict = field(default_factory=dict)  # request headers, e.g. If-Match
    json: bool = False
    # A destructive action: the post carries `confirmed`; a row without it is added below.
    confirms: bool = False


def _everyone(code, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(ACTORS[1:], code)}


def _programme(w):
    return {"pk": w.programme.pk}


def _project(w):
    return {"pk": w.project.pk}


def _milestone(w):
    return {"pk": w.milestone.pk}


def _with_dependency(w):
    """The milestone waits for the site decision (made before the matrix's snapshot)."""
    MilestoneDependency.objects.get_or_create(predecessor=w.site_decision, successor=w.milestone)
    return _milestone(w)


def _dependency(w):
    """The dependency of `_with_dependency`, by its id (the dependency API)."""
    link, _made = MilestoneDependency.objects.get_or_create(
        predecessor=w.site_decision, successor=w.milestone
    )
    return {"pk": link.pk}


def _procedure(w):
    return {"pk": w.procedure.pk}


def _national_export(w):
    """A national report of someone with a national role: nobody else may fetch it."""
    ministry = OrganisationFactory(name="Ministerie (matrix)", kind=OrganisationKind.MINISTRY)
    owner = MembershipFactory(organisation=ministry).user
    return {"pk": NationalExport.objects.create(user=owner, fmt="pdf", content=b"%PDF").pk}


EDIT_PROCEDURE_POST = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 302,  # the municipality is the competent authority
    "own_org": 403,  # the grid operator applies; it does not decide
    "coordinator": 302,
}
ADD_PROCEDURE_GET = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,  # not (yet) a competent authority of this project
    "own_org": 403,
    "coordinator": 200,
}
OWNER_ONLY = {  # a background report belongs to the coordinator who asked for it
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 404,
    "own_org": 404,
    "coordinator": 200,
}
COORDINATOR_WRITES = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 403,
    "coordinator": 302,
}
API_LIST = {"anonymous": 401, "outsider": 200, "other_org": 200, "own_org": 200, "coordinator": 200}
API_READ = {"anonymous": 401, "outsider": 404, "other_org": 200, "own_org": 200, "coordinator": 200}
READ_PROGRAMME = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 200,
    "own_org": 200,
    "coordinator": 200,
}
EDIT_MILESTONE = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 200,
    "coordinator": 200,
}
WRITE_MILESTONE = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 302,
    "coordinator": 302,
}

CASES = [
    Case("my-work", "get", _everyone(200)),
    Case("search", "get", _everyone(200), query="q=Test"),
    Case("programme-list", "get", _everyone(200)),
    # The statutory rules GridPact applies are public law: every logged-in user reads them.
    Case("legal-bases", "get", _everyone(200)),
    Case("programme-overview", "get", READ_PROGRAMME, kwargs=_programme),
    Case("programme-planning", "get", READ_PROGRAMME, kwargs=_programme),
    Case("baselines", "get", READ_PROGRAMME, kwargs=_programme),
    Case(
        "baselines",
        "post",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 403, "coordinator": 302},
        kwargs=_programme,
        data=lambda w: {"name": "Nieuwe basis"},
        writes=True,
    ),
    Case("project-detail", "get", READ_PROGRAMME, kwargs=_project),
    Case("milestone-update", "get", EDIT_MILESTONE, kwargs=_milestone),
    Case(
        "milestone-update",
        "post",
        WRITE_MILESTONE,
        kwargs=_milestone,
        writes=True,
        data=lambda w: {
            "action": "forecast",
            "forecast-forecast": "2031-01-01",
            "forecast-reason": "r",
            "forecast-version": w.milestone.version,
        },
    ),
    Case("milestone-dependencies", "get", EDIT_MILESTONE, kwargs=_milestone),
    Case(
        "milestone-dependencies",
        "post",
        WRITE_MILESTONE,
        kwargs=_milestone,
        writes=True,
        data=lambda w: {"action": "add", "predecessor": w.site_decision.pk},
    ),
    Case(
        "milestone-dependencies",
        "post",
        WRITE_MILESTONE,
        kwargs=lambda w: _with_dependency(w),
        writes=True,
        data=lambda w: {"action": "remove", "predecessor": w.site_decision.pk},
        confirms=True,
    ),
    # The dependency API: read like the milestones; written by whoever may edit the successor.
    Case("api:milestone-dependency-list", "get", API_LIST),
    Case("api:milestone-dependency-detail", "get", API_READ, kwargs=_dependency),
    Case(
        "api:milestone-dependency-list",
        "post",
        {**API_READ, "other_org": 403, "own_org": 201, "coordinator": 201},
        writes=True,
        json=True,
        data=lambda w: {"predecessor": str(w.site_decision.pk), "successor": str(w.milestone.pk)},
    ),
    Case(
        "api:milestone-dependency-detail",
        "delete",
        {**API_READ, "other_org": 403, "own_org": 204, "coordinator": 204},
        kwargs=_dependency,
        writes=True,
    ),
    Case("deadlines", "get", READ_PROGRAMME, kwargs=_programme),
    Case("procedure-detail", "get", READ_PROGRAMME, kwargs=_procedure),
    Case(
        "procedure-detail",
        "post",
        EDIT_PROCEDURE_POST,
        kwargs=_procedure,
        writes=True,
        data=lambda w: {
            "title": "Nieuwe titel",
            "procedure_type": w.procedure.procedure_type_id,
            "competent_authority": w.municipality.pk,
            "applicant": w.operator.pk,
            "received_on": "2026-03-02",
            "version": w.procedure.version,
        },
    ),
    Case("procedure-create", "get", ADD_PROCEDURE_GET, kwargs=_project),
    Case(
        "procedure-create",
        "post",
        {**ADD_PROCEDURE_GET, "coordinator": 302},
        kwargs=_project,
        writes=True,
        data=lambda w: {
            "title": "Tweede vergunning",
            "procedure_type": w.procedure.procedure_type_id,
            "competent_authority": w.municipality.pk,
            "applicant": w.operator.pk,
            "received_on": "2026-04-01",
        },
    ),
    Case(
        "suspension-add",
        "post",
        EDIT_PROCEDURE_POST,
        kwargs=_procedure,
        writes=True,
        data=lambda w: {
            "requested_on": "2026-04-01",
            "given_until": "2026-04-15",
            "version": w.procedure.version,
        },
    ),
    Case(
        "suspension-change",
        "post",
        EDIT_PROCEDURE_POST,
        kwargs=lambda w: {"pk": w.suspension.pk},
        writes=True,
        data=lambda w: {"action": "remove", "version": w.procedure.version},
        confirms=True,
    ),
    Case("calendar-feed", "get", _everyone(200)),
    Case("calendar-feed", "post", _everyone(200), writes=True, data=lambda w: {"action": "create"}),
    Case(  # nobody has an address yet, so stopping it changes nothing
        "calendar-feed",
        "post",
        _everyone(302),
        data=lambda w: {"action": "revoke"},
        confirms=True,
    ),
    Case(
        "calendar-feed-ics",
        "get",
        _everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "not-a-valid-token"},
    ),
    Case("impediment-create", "get", READ_PROGRAMME, kwargs=_project),
    Case(
        "impediment-create",
        "post",
        {**READ_PROGRAMME, "other_org": 302, "own_org": 302, "coordinator": 302},
        kwargs=_project,
        writes=True,
        data=lambda w: {
            "title": "Stikstof",
            "category": "stikstof",
            "severity": "middel",
            "owner": w.municipality.pk,
            "programme": w.programme.pk,
        },
    ),
    Case("impediment-detail", "get", READ_PROGRAMME, kwargs=lambda w: {"pk": w.impediment.pk}),
    Case(
        "impediment-detail",
        "post",
        WRITE_MILESTONE,  # the owner (the grid operator) and the coordinator act
        kwargs=lambda w: {"pk": w.impediment.pk},
        writes=True,
        data=lambda w: {
            "action": "escalate",
            "escalate-reason": "Geen oplossing",
            "escalate-version": w.impediment.version,
        },
    ),
    Case("impediment-register", "get", READ_PROGRAMME, kwargs=_programme),
    Case("ladder", "get", READ_PROGRAMME, kwargs=_programme),
    Case(
        "ladder",
        "post",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 403, "coordinator": 302},
        kwargs=_programme,
        writes=True,
        data=lambda w: {
            "level": w.programme.ladder_levels.get(number=1).pk,
            "1-body": "Projectteam",
            "1-response_days": 5,
            "1-version": 1,
        },
    ),
    Case("dashboard", "get", READ_PROGRAMME, kwargs=_programme),
    *[
        Case(
            "dashboard-export",
            "get",
            READ_PROGRAMME,
            kwargs=lambda w, fmt=fmt: {"pk": w.programme.pk, "fmt": fmt},
        )
        for fmt in ("pdf", "xlsx", "csv")
    ],
    Case("reports", "get", READ_PROGRAMME, kwargs=_programme),
    Case(
        "export-start",
        "post",
        {**READ_PROGRAMME, "other_org": 302, "own_org": 302, "coordinator": 302},
        kwargs=lambda w: {"pk": w.programme.pk, "fmt": "xlsx"},
        writes=True,
        data=lambda w: {"query": ""},
    ),
    Case(
        "export-status",
        "get",
        OWNER_ONLY,
        kwargs=lambda w: {"pk": coordinator_export(w).pk},
    ),
    Case(
        "export-download",
        "get",
        OWNER_ONLY,
        kwargs=lambda w: {"pk": coordinator_export(w).pk},
    ),
    Case("status-rules", "get", READ_PROGRAMME, kwargs=_programme),
    Case(
        "status-rules",
        "post",
        COORDINATOR_WRITES,
        kwargs=_programme,
        writes=True,
        data=lambda w: {
            "amber_max_slip_days": 60,
            "amber_impediment_level": 2,
            "public_promise_amber_months": 6,
            "public_promise_red_months": 12,
        },
    ),
    Case(
        "period-close",
        "post",
        COORDINATOR_WRITES,
        kwargs=lambda w: {"pk": w.period.pk},
        writes=True,
        data=lambda w: {"version": w.period.version},
    ),
    Case(
        "report-form",
        "get",
        {**READ_PROGRAMME, "other_org": 403},
        kwargs=lambda w: {"pk": w.project.pk, "period_pk": w.open_period.pk},
    ),
    Case(
        "report-form",
        "post",
        WRITE_MILESTONE,
        kwargs=lambda w: {"pk": w.project.pk, "period_pk": w.open_period.pk},
        writes=True,
        data=lambda w: {"progress": "Vergunning aangevraagd", "status": "groen"},
    ),
    Case("report-detail", "get", READ_PROGRAMME, kwargs=lambda w: {"pk": w.report.pk}),
    *[
        Case(f"api:{name}-list", "get", API_LIST)
        for name in (
            "organisation",
            "programme",
            "project",
            "milestone",
            "procedure",
            "impediment",
            "reporting-period",
            "progress-report",
            "agreement",
            "agreement-version",
            "clause",
            "endorsement",
            "cost-item",
            "meeting",
            "action-item",
        )
    ],
    Case("api:api-root", "get", API_LIST),
    Case("api:schema", "get", _everyone(200, anonymous=200)),
    Case("api:schema-json", "get", _everyone(200, anonymous=200)),
    # Paths no view serves (a trailing slash, the replaced version 1) answer the same to everyone.
    Case("api:no-such-path", "get", _everyone(404, anonymous=404)),
    Case("api:no-such-path", "post", _everyone(404, anonymous=404), writes=True),
    Case("api:replaced-version", "get", _everyone(410, anonymous=410)),
    Case("api:programme-detail", "get", API_READ, kwargs=_programme),
    Case("api:project-detail", "get", API_READ, kwargs=_project),
    Case("api:milestone-detail", "get", API_READ, kwargs=_milestone),
    Case("api:procedure-detail", "get", API_READ, kwargs=_procedure),
    Case("api:impediment-detail", "get", API_READ, kwargs=lambda w: {"pk": w.impediment.pk}),
    Case(
        "api:organisation-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": w.municipality.pk},
    ),
    Case(
        "api:milestone-detail",
        "patch",
        {**API_READ, "other_org": 403},
        kwargs=_milestone,
        writes=True,
        json=True,
        data=lambda w: {"forecast_date": "2031-01-01", "reason": "API"},
        headers=lambda w: {"If-Match": f'"{w.milestone.version}"'},
    ),
    Case(
        "api:impediment-list",
        "post",
        {**API_READ, "other_org": 201, "own_org": 201, "coordinator": 201},
        writes=True,
        json=True,
        data=lambda w: {
            "project": str(w.project.pk),
            "programme": str(w.programme.pk),
            "title": "Via API",
            "category": "grond",
            "owner": str(w.operator.pk),
        },
    ),
    Case("api:reporting-period-detail", "get", API_READ, kwargs=lambda w: {"pk": w.period.pk}),
    Case("api:progress-report-detail", "get", API_READ, kwargs=lambda w: {"pk": w.report.pk}),
    Case(
        "api:agreement-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": make_agreement(w).agreement.pk},
    ),
    Case(
        "api:agreement-version-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": make_agreement(w).version.pk},
    ),
    Case(
        "api:clause-detail", "get", API_READ, kwargs=lambda w: {"pk": make_agreement(w).clause.pk}
    ),
    Case(
        "api:endorsement-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": make_agreement(w).endorsement.pk},
    ),
    Case(
        "api:endorsement-list",
        "post",
        # Only the grid operator records its own position; the owner province is not asked.
        {**API_READ, "other_org": 403, "coordinator": 403},
        writes=True,
        json=True,
        data=lambda w: {
            "agreement_version": str(make_agreement(w).version.pk),
            "organisation": str(w.operator.pk),
            "position": "positief_met_voorbehoud",
            "comment": "Via API",
        },
        headers=lambda w: {"If-Match": f'"{make_agreement(w).endorsement.version}"'},
    ),
    Case(
        "api:cost-item-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": cost_world(w).operator_item.pk},
    ),
    Case(
        "api:cost-allocation-list",
        "get",
        API_READ,
        query=lambda w: f"programme={cost_world(w).programme.pk}",
    ),
    Case("api:meeting-detail", "get", API_READ, kwargs=lambda w: {"pk": _mw(w).meeting.pk}),
    Case("api:action-item-detail", "get", API_READ, kwargs=lambda w: {"pk": _mw(w).action_item.pk}),
    Case(
        "api:action-item-detail",
        "patch",
        {**API_READ, "other_org": 403},
        kwargs=lambda w: {"pk": _mw(w).action_item.pk},
        writes=True,
        json=True,
        data=lambda w: {"status": "gereed", "note": "Via API"},
        headers=lambda w: {"If-Match": f'"{_mw(w).action_item.version}"'},
    ),
    Case(
        "api:progress-report-list",
        "post",
        {**API_READ, "other_org": 403, "own_org": 201, "coordinator": 201},
        writes=True,
        json=True,
        data=lambda w: {
            "project": str(w.project.pk),
            "period": str(w.open_period.pk),
            "progress": "Via API",
            "status": "groen",
        },
    ),
    Case(
        "api:cost-item-list",
        "post",
        # Each party reports its own costs; the coordinator's for the province.
        {**API_READ, "other_org": 201, "own_org": 201, "coordinator": 201},
        writes=True,
        json=True,
        data=lambda w: {
            "project": str(cost_world(w).world.project.pk),
            "category": "netinvestering",
            "description": "Via API",
            "amount": "1250.00",
            "kind": "raming",
        },
    ),
    Case(
        "api:cost-item-detail",
        "patch",
        {**API_READ, "other_org": 403, "coordinator": 403},
        kwargs=lambda w: {"pk": cost_world(w).operator_item.pk},
        writes=True,
        json=True,
        data=lambda w: {"amount": "1250.00"},
        headers=lambda w: {"If-Match": f'"{cost_world(w).operator_item.version}"'},
    ),
    Case(
        "api:cost-item-detail",
        "delete",
        {**API_READ, "other_org": 403, "own_org": 204, "coordinator": 403},
        kwargs=lambda w: {"pk": cost_world(w).operator_item.pk},
        writes=True,
        json=True,
        headers=lambda w: {"If-Match": f'"{cost_world(w).operator_item.version}"'},
    ),
    *[
        Case(
            f"api:impediment-{action}",
            "post",
            {**API_READ, "other_org": 403},  # the owner (grid operator) and the coordinator act
            kwargs=kwargs,
            writes=True,
            json=True,
            data=lambda w, body=body: body,
            headers=lambda w: {"If-Match": f'"{w.impediment.version}"'},
        )
        for action, kwargs, body in (
            ("escalate", lambda w: {"pk": w.impediment.pk}, {"reason": "Via API"}),
            ("send-back", lambda w: {"pk": _escalated(w).pk}, {"reason": "Via API"}),
            (
                "resolve",
                lambda w: {"pk": w.impediment.pk},
                {"decision": "Via API", "decided_by": "Projectteam"},
            ),
        )
    ],
    # Whoever may change a milestone of the programme: the municipality owns the site decision,
    # the operator leads the project; readers get 403 (tests/projects/test_import.py).
    Case("plan-import", "get", READ_PROGRAMME, kwargs=_programme),
    Case(
        "plan-import",
        "post",
        {**READ_PROGRAMME, "other_org": 400, "own_org": 400, "coordinator": 400},
        kwargs=_programme,
        data=lambda w: {"action": "import"},  # no file: refused, nothing changes
    ),
    Case(
        "project-import",
        "get",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 403, "coordinator": 200},
        kwargs=_programme,
    ),
    Case(
        "project-import",
        "post",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 403, "coordinator": 400},
        kwargs=_programme,
        data=lambda w: {"action": "import"},  # no file: refused, nothing changes
    ),
    Case("account", "get", _everyone(200)),
    Case("api-tokens", "get", _everyone(200)),
    Case("api-tokens", "post", _everyone(302), writes=True, data=lambda w: {"name": "SAP"}),
    Case("login", "get", _everyone(200, anonymous=200)),
    # The second step: users without an authenticator app are sent on; a wrong code saves nothing.
    Case("mfa-verify", "get", _everyone(302, anonymous=302)),
    Case("mfa-verify", "post", _everyone(302, anonymous=302), data=lambda w: {"code": "000000"}),
    Case("mfa-setup", "get", _everyone(200)),
    Case("mfa-setup", "post", _everyone(200), data=lambda w: {"code": "not-a-code"}),
    # OIDC is off unless configured (tests/accounts/test_oidc.py turns it on).
    Case("oidc-start", "get", _everyone(404, anonymous=404)),
    Case("oidc-callback", "get", _everyone(404, anonymous=404)),
    Case("logout", "post", _everyone(302, anonymous=302)),
    Case("set_language", "post", _everyone(302, anonymous=302), data=lambda w: {"language": "en"}),
    Case("healthz", "get", _everyone(200, anonymous=200)),
    Case("security-txt", "get", _everyone(200, anonymous=200)),
    Case("admin:index", "get", _everyone(302, anonymous=302)),
]
CASES += cost_cases(Case)
CASES += [Case(**row) for row in AGREEMENT_ROWS]


def _mw(w):
    return meeting_world(w)


def _escalated(w):
    """The world's impediment at level 2, so that it can be sent back (escalated once)."""
    if w.impediment.level == 1:
        escalation_services.escalate(
            actor=w.coordinator,
            impediment=w.impediment,
            reason="Eerst omhoog",
            expected_version=w.impediment.version,
        )
    return w.impediment


def _mprog(w):
    _mw(w)
    return {"pk": w.programme.pk}


def _mfields(w, version=None):
    fields = {
        "body": _mw(w).body.pk,
        "title": "Werksessie",
        "day": "2099-06-01",
        "start_time": "09:30",
        "end_time": "12:00",
        "attendance_rules": ["netbeheerders"],
    }
    return {**fields, "version": version} if version else fields


COORD_GET = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 403,
    "coordinator": 200,
}
COORD_POST = {**COORD_GET, "coordinator": 302}

CASES += [
    Case("meeting-list", "get", READ_PROGRAMME, kwargs=_mprog),
    Case("meeting-create", "get", COORD_GET, kwargs=_mprog),
    Case("meeting-create", "post", COORD_POST, kwargs=_mprog, writes=True, data=_mfields),
    Case("body-list", "get", READ_PROGRAMME, kwargs=_mprog),
    Case(
        "body-list",
        "post",
        COORD_POST,
        kwargs=_mprog,
        writes=True,
        data=lambda w: {"kind": "projectteam", "name": "Projectteam Noord"},
    ),
    Case("body-detail", "get", READ_PROGRAMME, kwargs=lambda w: {"pk": _mw(w).body.pk}),
    Case(
        "body-detail",
        "post",
        COORD_POST,
        kwargs=lambda w: {"pk": _mw(w).body.pk},
        writes=True,
        data=lambda w: {
            "action": "member",
            "member-organisation": w.province.pk,
            "member-name": "Gedeputeerde",
            "member-email": "g@test.invalid",
            "member-level": "bestuurlijk",
        },
    ),
    Case(
        "body-detail",
        "post",
        COORD_POST,
        kwargs=lambda w: {"pk": _mw(w).body.pk},
        writes=True,
        data=lambda w: {"action": "remove_member", "member": _mw(w).body.members.first().pk},
        confirms=True,
    ),
    Case("meeting-detail", "get", READ_PROGRAMME, kwargs=lambda w: {"pk": _mw(w).meeting.pk}),
    Case(
        "meeting-detail",
        "post",
        COORD_POST,
        kwargs=lambda w: {"pk": _mw(w).meeting.pk},
        writes=True,
        data=lambda w: {"action": "agenda", "agenda-title": "Rondvraag"},
    ),
    Case("meeting-edit", "get", COORD_GET, kwargs=lambda w: {"pk": _mw(w).meeting.pk}),
    Case(
        "meeting-edit",
        "post",
        COORD_POST,
        kwargs=lambda w: {"pk": _mw(w).meeting.pk},
        writes=True,
        data=lambda w: _mfields(w, version=_mw(w).meeting.version),
    ),
    Case(
        "meeting-minutes-pdf",
        "get",
        READ_PROGRAMME,
        kwargs=lambda w: {"pk": _mw(w).closed_meeting.pk},
    ),
    Case(
        "meeting-minutes-docx",
        "get",
        READ_PROGRAMME,
        kwargs=lambda w: {"pk": _mw(w).closed_meeting.pk},
    ),
    Case("action-item", "get", READ_PROGRAMME, kwargs=lambda w: {"pk": _mw(w).action_item.pk}),
    Case(
        "action-item",
        "post",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 302, "coordinator": 302},
        kwargs=lambda w: {"pk": _mw(w).action_item.pk},
        writes=True,
        data=lambda w: {
            "status": "in_uitvoering",
            "note": "n",
            "version": _mw(w).action_item.version,
        },
    ),
    # Only the invitee (the municipal official) answers their own invitation.
    Case(
        "invitation-answer",
        "get",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 200, "own_org": 404, "coordinator": 404},
        kwargs=lambda w: {"pk": _mw(w).invitation.pk},
    ),
    Case(
        "invitation-answer",
        "post",
        {"anonymous": LOGIN, "outsider": 404, "other_org": 302, "own_org": 404, "coordinator": 404},
        kwargs=lambda w: {"pk": _mw(w).invitation.pk},
        writes=True,
        data=lambda w: {"response": "komt", "version": _mw(w).invitation.version},
    ),
    Case(
        "meeting-reply",
        "get",
        _everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "not-a-valid-token"},
    ),
    Case(
        "meeting-reply",
        "post",
        _everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "not-a-valid-token"},
        data=lambda w: {"response": "komt"},
    ),
    Case(
        "meeting-reply",
        "get",
        _everyone(200, anonymous=200),
        kwargs=lambda w: {"token": _mw(w).reply_token},
    ),
]


# The capacity map: the programme's page lists the snapshots (its members read it; only the
# coordinator checks and imports a file); a project's links are edited by its lead grid operator
# and the coordinator.
def _capacity_file(w):
    return SimpleUploadedFile(CAPACITY_SNAPSHOT.name, CAPACITY_SNAPSHOT.read_bytes())


def _capacity_area_link(w):
    return capacity_services.link_area(actor=None, project=w.project, area=capacity_world(w)[1])


def _capacity_work_link(w):
    return capacity_services.link_work(actor=None, project=w.project, work=capacity_world(w)[2])


CASES += [
    Case("capacity-publications", "get", READ_PROGRAMME, kwargs=_programme),
    Case(  # the check is a dry run: nothing changes
        "capacity-publications",
        "post",
        COORD_GET,
        kwargs=_programme,
        data=lambda w: {"action": "check", "file": _capacity_file(w)},
    ),
    Case(
        "capacity-publications",
        "post",
        COORD_POST,
        kwargs=_programme,
        writes=True,
        data=lambda w: {"action": "import", "file": _capacity_file(w)},
    ),
    Case("capacity-project", "get", READ_PROGRAMME, kwargs=_project),
    Case(
        "capacity-project",
        "post",
        WRITE_MILESTONE,
        kwargs=_project,
        writes=True,
        data=lambda w: {"action": "link_area", "area": capacity_world(w)[1].pk},
    ),
    Case(
        "capacity-project",
        "post",
        WRITE_MILESTONE,
        kwargs=_project,
        writes=True,
        data=lambda w: {"action": "link_work", "work": capacity_world(w)[2].pk},
    ),
    Case(
        "capacity-project",
        "post",
        WRITE_MILESTONE,
        kwargs=_project,
        writes=True,
        data=lambda w: {"action": "unlink_area", "link": _capacity_area_link(w).pk},
        confirms=True,
    ),
    Case(
        "capacity-project",
        "post",
        WRITE_MILESTONE,
        kwargs=_project,
        writes=True,
        data=lambda w: {"action": "unlink_work", "link": _capacity_work_link(w).pk},
        confirms=True,
    ),
    *[
        Case(f"api:{name}-list", "get", API_LIST)
        for name in ("service-area", "project-area-link", "project-work-link")
    ],
    # The map is public: every caller reads every service area.
    Case(
        "api:service-area-detail",
        "get",
        _everyone(200, anonymous=401),
        kwargs=lambda w: {"pk": capacity_world(w)[1].pk},
    ),
    Case(
        "api:project-area-link-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": _capacity_area_link(w).pk},
    ),
    Case(
        "api:project-work-link-detail",
        "get",
        API_READ,
        kwargs=lambda w: {"pk": _capacity_work_link(w).pk},
    ),
    # A programme's public promise and waiting list: read like the programme itself.
    Case("api:programme-promise-list", "get", API_LIST),
    Case("api:programme-promise-detail", "get", API_READ, kwargs=_programme),
    # The national roll-up: only for a national role (a ministry, an umbrella body), which none
    # of these actors has (tests/national/test_access.py asks the national roles themselves).
    Case("national-rollup", "get", _everyone(404)),
    Case("national-rollup-xlsx", "get", _everyone(404)),
    Case("national-export-start", "post", _everyone(403), writes=True),
    Case("national-export-status", "get", _everyone(404), kwargs=_national_export),
    Case("national-export-download", "get", _everyone(404), kwargs=_national_export),
    Case("api:national-rollup-list", "get", _everyone(404, anonymous=401)),
]
# A list's download is its page with `?export=`: it must answer exactly as the page does.
LIST_PAGES = {
    "my-work",
    "programme-overview",
    "programme-planning",
    "project-detail",
    "meeting-detail",
    "body-detail",
    "endorsements",
    "cost-rules",
    "baselines",
    "deadlines",
    "impediment-register",
    "reports",
    "meeting-list",
    "agreement-list",
    "project-costs",
    "party-costs",
}


def _public(w):
    """The world's project marked public (the coordinator's texts saved, not yet published)."""
    w.project.refresh_from_db()
    if w.project.confidentiality != Confidentiality.PUBLIC:
        project_services.update_project(
            actor=None,
            project=w.project,
            expected_version=w.project.version,
            confidentiality=Confidentiality.PUBLIC,
        )
        w.project.refresh_from_db()
    public_services.save_public_texts(
        actor=None,
        project=w.project,
        summary="Openbare tekst",
        delay_reason="",
        milestone_ids=[w.site_decision.pk],
    )
    return {"pk": w.project.pk}


def _published(w):
    _public(w)
    public_services.publish(actor=None, project=w.project)
    return {"pk": w.project.pk}


def _public_code(w):
    _published(w)
    return {"code": w.project.code}


def _anyone(w):
    """A public page: the world's project is published first, so the lists have a row."""
    _published(w)
    return None


PUBLIC_READ = _everyone(200, anonymous=200)
PUBLICATION_GET = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 403,
    "coordinator": 200,
}
CASES += [
    *[
        Case(route, "get", PUBLIC_READ, kwargs=_anyone)
        for route in (
            "public-project-list",
            "public-projects-csv",
            "public-projects-json",
            "public-dataset",
            "sitemap",
        )
    ],
    Case("robots", "get", PUBLIC_READ),
    Case("public-project", "get", PUBLIC_READ, kwargs=_public_code),
    Case("public-publication", "get", PUBLICATION_GET, kwargs=_public),
    Case(
        "public-publication",
        "post",
        COORDINATOR_WRITES,
        kwargs=_public,
        writes=True,
        data=lambda w: {
            "action": "save",
            "summary": "Nieuwe openbare tekst",
            "delay_reason": "",
            "version": w.project.publication.version,
        },
    ),
    Case(
        "public-publication",
        "post",
        COORDINATOR_WRITES,
        kwargs=_public,
        writes=True,
        data=lambda w: {"action": "publish"},
    ),
    Case(
        "public-publication",
        "post",
        COORDINATOR_WRITES,
        kwargs=_published,
        writes=True,
        data=lambda w: {"action": "withdraw"},
    ),
]

CASES += [
    replace(case, query=f"export={fmt}")
    for case in CASES
    if case.route in LIST_PAGES and case.method == "get" and not case.query
    for fmt in ("xlsx", "csv")
]


# Before a destructive action the same post, unconfirmed, shows the confirmation page to whoever
# may do it (200), refuses everyone else exactly as the confirmed post does, and changes nothing.
def _asked(expected: dict) -> dict:
    return {
        actor: 200 if code == 302 and actor != "anonymous" else code
        for actor, code in expected.items()
    }


CASES += [
    replace(case, confirms=False, writes=False, expected=_asked(case.expected))
    for case in CASES
    if case.confirms
]
# Routes of the Django admin beyond its index are the framework's, guarded by is_staff.
EXCLUDED_NAMESPACES = {"admin"}


def _prepared(world, case) -> tuple:
    """The request's url, data and headers; builds what the case needs before the snapshot."""
    url = reverse(case.route, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        query = case.query(world) if callable(case.query) else case.query
        url = f"{url}?{query}"
    data = case.data(world) if case.data else {}
    if case.confirms:
        data = {**data, "confirmed": "1"}
    headers = case.headers(world) if callable(case.headers) else case.headers
    return url, data, headers


def _send(client, case, url, data, headers):
    if case.json:
        return getattr(client, case.method)(
            url, data, content_type="application/json", headers=headers
        )
    return getattr(client, case.method)(url, data, headers=headers)


def _user(world, actor):
    return {
        "anonymous": None,
        "outsider": world.outsider,
        "other_org": world.municipal_official,
        "own_org": world.lead,
        "coordinator": world.coordinator,
    }[actor]


def _state():
    """What a refused request must leave untouched."""
    return (
        AuditEvent.objects.count(),
        sorted(Milestone.objects.values_list("pk", "forecast_date", "actual_date", "version")),
        sorted(Project.objects.values_list("pk", "version", "code")),
        ProjectParty.objects.count(),
        MilestoneDependency.objects.count(),
        Baseline.objects.count(),
        sorted(Procedure.objects.values_list("pk", "version", "title")),
        Suspension.objects.count(),
        CalendarFeed.objects.count(),
        sorted(Impediment.objects.values_list("pk", "version", "level", "status")),
        sorted(LadderLevel.objects.values_list("pk", "version")),
        ProgressReport.objects.count(),
        sorted(ReportingPeriod.objects.values_list("pk", "version")),
        StatusRules.objects.count(),
        ApiToken.objects.count(),
        TotpDevice.objects.count(),
        RecoveryCode.objects.count(),
        ExternalIdentity.objects.count(),
        cost_state(),
        meetings_state(),
        monitoring_state(),
        NationalExport.objects.count(),
        agreements_state(),
        capacity_state(),
        sorted(ProjectPublication.objects.values_list("pk", "version", "change_number")),
        PublicationChange.objects.count(),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "case",
    CASES,
    ids=lambda c: (
        f"{c.method}-{c.route}"
        + (f"?{c.query}" if isinstance(c.query, str) else "")
        + ("-confirmed" if c.confirms else "")
    ),
)
def test_matrix(client, world, case, actor):
    user = _user(world, actor)
    if user is not None:
        client.force_login(user)
    url, data, headers = _prepared(world, case)
    before = _state()
    response = _send(client, case, url, data, headers)
    expected = case.expected[actor]
    assert response.status_code == expected, (case.route, actor, response.status_code)
    if recorder := served_html():
        recorder.keep_if_page(url, response)
    allowed_write = case.writes and actor != "anonymous" and expected in (200, 201, 204, 302)
    if allowed_write:
        assert AuditEvent.objects.count() == before[0] + 1
    else:
        assert _state() == before, f"{case.route} as {actor} changed data"


def _route_names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXCLUDED_NAMESPACES:
                yield f"{namespace}:index"
                continue
            yield from _route_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_route_is_in_the_matrix():
    covered = {case.route for case in CASES}
    missing = set(_route_names(get_resolver())) - covered
    assert not missing, f"routes without permission-matrix rows: {sorted(missing)}"


# --- two programmes, one project -------------------------------------------------------------
#
# Programme B (`shared` in conftest.py) puts the world's project on its list and raises and
# escalates its own impediment and files its own report there. Every row above is asked again
# by a member of each programme: P's coordinator must be answered exactly as without B, B's
# coordinator as the outsider except where the shared project itself is reached, and neither
# may read the other programme's impediment, report or explanation in any page, file or API
# answer. A refused request changes nothing.

SIDES = ("own_programme", "sharing_programme")

# The shared project is B's too. B's coordinator coordinates a programme that lists it, so on the
# project itself (its page, milestones, procedures, costs) they are answered as P's coordinator;
# everything that belongs to P (impediment, reports, meetings, agreements, rules, P's pages)
# answers as to the outsider.
SHARED_PROJECT_ROUTES = {
    "project-detail",
    "milestone-update",
    "milestone-dependencies",
    "procedure-detail",
    "procedure-create",
    "suspension-add",
    "suspension-change",
    "impediment-create",
    "project-costs",
    "cost-item-create",
    "cost-item-update",
    "cost-item-delete",
    "api:project-detail",
    "api:milestone-detail",
    "api:milestone-dependency-list",
    "api:milestone-dependency-detail",
    "api:procedure-detail",
    "api:cost-item-list",
    "api:cost-item-detail",
    "capacity-project",
    "public-publication",
    "api:project-area-link-detail",
    "api:project-work-link-detail",
}
# Posts that name something only P has (P's municipality as competent authority, P's ladder):
# B's member is refused with the form's message and nothing changes.
NAMES_PROGRAMME_P = {("procedure-create", "post"), ("impediment-create", "post")}


def _sharing_expected(case) -> int:
    if (case.route, case.method) in NAMES_PROGRAMME_P:
        return 400
    if case.route in SHARED_PROJECT_ROUTES:
        return case.expected["coordinator"]
    return case.expected["outsider"]


def _case_id(case) -> str:
    return (
        f"{case.method}-{case.route}"
        + (f"?{case.query}" if isinstance(case.query, str) else "")
        + ("-confirmed" if case.confirms else "")
    )


def _other_side_texts(side) -> tuple:
    from .conftest import SHARED_EXPLANATION, SHARED_IMPEDIMENT, SHARED_REPORT

    if side == "own_programme":
        return (SHARED_IMPEDIMENT, SHARED_REPORT, SHARED_EXPLANATION)
    return ("Grond niet beschikbaar", "Locatieonderzoek afgerond")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matrix_on_a_shared_project(client, shared, case, side):
    world = shared.world
    if side == "own_programme":
        user, expected = world.coordinator, case.expected["coordinator"]
    else:
        user = shared.member
        expected = _sharing_expected(case)
    client.force_login(user)
    url, data, headers = _prepared(world, case)
    before = _state()
    response = _send(client, case, url, data, headers)
    assert response.status_code == expected, (case.route, side, response.status_code)
    text = readable_text(response)
    for secret in _other_side_texts(side):
        assert secret not in text, f"{case.route} as {side} shows “{secret}”"
    if case.writes and expected in (200, 201, 204, 302):
        assert AuditEvent.objects.count() == before[0] + 1
    else:
        assert _state() == before, f"{case.route} as {side} changed data"


def _b_programme(s):
    return {"pk": s.programme.pk}


def _b_impediment(s):
    return {"pk": s.impediment.pk}


# The other direction: P's coordinator asks for what belongs to B (on the shared project or on
# B's own pages). All of it answers 404 and nothing changes. Rows are (route, method, kwargs,
# data, json, headers) over the `shared` world.
B_ONLY = [
    ("programme-overview", "get", _b_programme, None, False),
    ("programme-planning", "get", _b_programme, None, False),
    ("dashboard", "get", _b_programme, None, False),
    *[
        (
            "dashboard-export",
            "get",
            lambda s, fmt=fmt: {"pk": s.programme.pk, "fmt": fmt},
            None,
            False,
        )
        for fmt in ("pdf", "xlsx", "csv")
    ],
    ("impediment-register", "get", _b_programme, None, False),
    ("reports", "get", _b_programme, None, False),
    ("ladder", "get", _b_programme, None, False),
    ("status-rules", "get", _b_programme, None, False),
    ("baselines", "get", _b_programme, None, False),
    ("deadlines", "get", _b_programme, None, False),
    ("meeting-list", "get", _b_programme, None, False),
    ("programme-costs", "get", _b_programme, None, False),
    ("impediment-detail", "get", _b_impediment, None, False),
    (
        "impediment-detail",
        "post",
        _b_impediment,
        lambda s: {
            "action": "escalate",
            "escalate-reason": "Niet van P",
            "escalate-version": s.impediment.version,
        },
        False,
    ),
    ("report-detail", "get", lambda s: {"pk": s.report.pk}, None, False),
    (
        "report-form",
        "post",
        lambda s: {"pk": s.world.project.pk, "period_pk": s.period.pk},
        lambda s: {"progress": "Via P", "status": "groen"},
        False,
    ),
    (
        "period-close",
        "post",
        lambda s: {"pk": s.period.pk},
        lambda s: {"version": s.period.version},
        False,
    ),
    ("api:programme-detail", "get", _b_programme, None, False),
    ("api:programme-promise-detail", "get", _b_programme, None, False),
    ("api:impediment-detail", "get", _b_impediment, None, False),
    ("api:progress-report-detail", "get", lambda s: {"pk": s.report.pk}, None, False),
    ("api:reporting-period-detail", "get", lambda s: {"pk": s.period.pk}, None, False),
    *[
        (f"api:impediment-{action}", "post", _b_impediment, lambda s, b=body: b, True)
        for action, body in (
            ("escalate", {"reason": "Via P"}),
            ("send-back", {"reason": "Via P"}),
            ("resolve", {"decision": "Via P", "decided_by": "P"}),
        )
    ],
]


@pytest.mark.parametrize(
    ("route", "method", "kwargs", "data", "json"),
    B_ONLY,
    ids=[f"{row[1]}-{row[0]}-{i}" for i, row in enumerate(B_ONLY)],
)
def test_programme_p_cannot_reach_what_belongs_to_b(
    client, shared, route, method, kwargs, data, json
):
    from .conftest import SHARED_EXPLANATION, SHARED_IMPEDIMENT, SHARED_REPORT

    client.force_login(shared.world.coordinator)
    url = reverse(route, kwargs=kwargs(shared))
    body = data(shared) if data else {}
    headers = {"If-Match": f'"{shared.impediment.version}"'} if json else {}
    before = _state()
    if json:
        response = getattr(client, method)(
            url, body, content_type="application/json", headers=headers
        )
    else:
        response = getattr(client, method)(url, body)
    assert response.status_code == 404, (route, method, response.status_code)
    text = readable_text(response)
    for secret in (SHARED_IMPEDIMENT, SHARED_REPORT, SHARED_EXPLANATION):
        assert secret not in text
    assert _state() == before
