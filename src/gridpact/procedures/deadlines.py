"""The statutory deadlines of one procedure, each with its Dutch explanation.

Glue between the stored procedure and the pure term arithmetic in `gridpact.core.terms`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from gridpact.core.calendar import ONE_DAY, AtwCalendar, format_date_nl
from gridpact.core.terms import TermLength, atw_applies, compute_term, explain_nl
from gridpact.law.versions import RuleVersion, applicable

OBJECTION_RULE = "awb-6-7-6-8"


@dataclass(frozen=True)
class Deadline:
    kind: str  # decision | comments | appeal | ruling
    label: str
    due: date
    explanation: str
    done_on: date | None
    # A term someone must meet (decide, rule). A term that only allows something (comment,
    # appeal) simply closes when it passes.
    obligation: bool = True
    # The applicant has not yet completed the application: the date is the latest it can be.
    provisional: bool = False
    # The version of the statutory rule used ("Omgevingswet, art. 16.64 (vanaf 1 januari 2024)").
    rule: str = ""
    # Not empty when the rule is not law on the date that matters: the result is a scenario.
    scenario: str = ""

    def state(self, today: date) -> str:
        """met, missed, overdue (open and passed), open, or closed (an allowance that passed)."""
        if not self.obligation:
            return "open" if today <= self.due else "closed"
        if self.done_on is not None:
            return "met" if self.done_on <= self.due else "missed"
        return "overdue" if today > self.due else "open"


def _resumes_on(suspension) -> date:
    """The day the term runs again (art. 4:15 lid 1 Awb): the day of completion, or the day after
    the period given expired unused."""
    return suspension.completed_on or suspension.given_until + ONE_DAY


def _rule(law: Sequence[RuleVersion], code: str, day: date) -> tuple[str, str]:
    """(the version used, the scenario note) for rule `code` on `day`."""
    used = applicable(law, code, day)
    if used is None:
        return "", (
            f"Scenario, geen geldend recht: voor {format_date_nl(day, weekday=False)} is geen "
            "versie van deze regel vastgelegd (zie Wettelijke grondslagen)."
        )
    return used.version.label_nl(), used.scenario_note_nl


def _label(label, scenario: str) -> str:
    """A deadline's label; a scenario says so in the label itself, so every page, export, feed
    and e-mail that shows the deadline shows that it is not law in force."""
    if not scenario:
        return str(label)
    return str(_("%(label)s (scenario, not law in force)")) % {"label": label}


def _term(amount: int | None, unit: str) -> TermLength | None:
    return TermLength(amount, unit) if amount else None


def decision_term(procedure, suspensions, calendar: AtwCalendar, *, with_extension: bool = True):
    """The decision term's TermResult, or None when the type has none or receipt is unknown."""
    kind = procedure.procedure_type
    length = _term(kind.decision_term_amount, kind.decision_term_unit)
    if length is None or procedure.received_on is None:
        return None
    extension = _term(procedure.extension_weeks, "weken") if with_extension else None
    lengths = [length, extension] if extension else [length]
    return compute_term(
        start_event=procedure.received_on,
        length=length,
        suspensions=[(s.requested_on, _resumes_on(s)) for s in suspensions],
        extension=extension,
        calendar=calendar,
        apply_atw=atw_applies(*lengths),
    )


def _no_atw_note(applied: bool, *, extended: bool = False) -> str:
    if applied:
        return ""
    note = " " + str(
        _(
            "The Algemene termijnenwet does not extend terms of more than three months, twelve "
            "weeks or 90 days (art. 4 Atw)."
        )
    )
    if extended:
        note += " " + str(
            _(
                "Whether a term and its extension count as one term is not settled by any source "
                "found; GridPact judges them together, which never gives a later deadline."
            )
        )
    return note


def procedure_deadlines(
    procedure, suspensions, calendar: AtwCalendar, *, law: Sequence[RuleVersion]
) -> list[Deadline]:
    """Every deadline the procedure has so far, in the order they arise.

    Each deadline names the version of the rule it used, chosen for the date of its start event
    (receipt, terinzagelegging, appeal); a rule not in force then is applied only as a scenario,
    and the deadline says so.
    """
    kind = procedure.procedure_type
    deadlines = []
    result = decision_term(procedure, suspensions, calendar)
    if result is not None:
        lengths = [TermLength(kind.decision_term_amount, kind.decision_term_unit)]
        if procedure.extension_weeks:
            lengths.append(TermLength(procedure.extension_weeks, "weken"))
        rule, scenario = _rule(law, kind.code, procedure.received_on)
        deadlines.append(
            Deadline(
                "decision",
                _label(_("Decision term"), scenario),
                result.end,
                explain_nl(result, "ontvangst")
                + _no_atw_note(atw_applies(*lengths), extended=len(lengths) > 1),
                procedure.decided_on,
                provisional=any(s.completed_on is None for s in suspensions),
                rule=rule,
                scenario=scenario,
            )
        )
    if kind.comment_period_weeks and procedure.draft_published_on:
        length = TermLength(kind.comment_period_weeks, "weken")
        # Art. 3:16 Awb: the comment period runs from the day the draft is made available.
        result = compute_term(
            start_event=procedure.draft_published_on - timedelta(days=1),
            length=length,
            calendar=calendar,
            apply_atw=atw_applies(length),
        )
        explanation = str(
            _("Open for comments from %(day)s; the period counts from that day (Awb art. 3:16).")
        ) % {"day": format_date_nl(procedure.draft_published_on)}
        rule, scenario = _rule(law, kind.code, procedure.draft_published_on)
        deadlines.append(
            Deadline(
                "comments",
                _label(_("Comment period (zienswijzen)"), scenario),
                result.end,
                f"{explanation} {explain_nl(result, 'de dag vóór terinzagelegging')}",
                None,
                obligation=False,
                rule=rule,
                scenario=scenario,
            )
        )
    appeal_start, event, article = _appeal_start(procedure)
    if appeal_start:
        length = TermLength(kind.appeal_term_weeks, "weken")
        result = compute_term(
            start_event=appeal_start,
            length=length,
            calendar=calendar,
            apply_atw=atw_applies(length),
        )
        rule, scenario = _rule(law, OBJECTION_RULE, appeal_start)
        deadlines.append(
            Deadline(
                "appeal",
                _label(_("Objection or appeal term"), scenario),
                result.end,
                explain_nl(result, event) + f" (Awb art. 6:7 en {article})",
                procedure.appeal_lodged_on,
                obligation=False,
                rule=rule,
                scenario=scenario,
            )
        )
    if kind.ruling_term_months and procedure.appeal_lodged_on:
        deadlines.extend(_ruling_term(procedure, calendar, law))
    return deadlines


def uses_uniform_procedure(kind) -> bool:
    """Prepared with afdeling 3.4 Awb: the type has a draft that lies open for zienswijzen."""
    return bool(kind.comment_period_weeks)


def _appeal_start(procedure) -> tuple[date | None, str, str]:
    """When the objection or appeal term starts, the event's name and the article.

    Art. 6:8 lid 4 Awb: for a decision prepared with afdeling 3.4 the term starts the day after
    the decision was laid open for inspection (art. 3:44 lid 1 onder a), not after its
    announcement; without that date there is no term to show. Otherwise art. 6:8 lid 1: the day
    after it was made known.
    """
    if uses_uniform_procedure(procedure.procedure_type):
        return procedure.laid_open_on, "terinzagelegging", "6:8 lid 4"
    return procedure.published_on, "bekendmaking", "6:8 lid 1"


def _ruling_term(procedure, calendar: AtwCalendar, law) -> list[Deadline]:
    """The court's ruling term. Under the 21 kV rule it counts from the statement of defence
    (*verweerschrift*), not from the appeal; until that is known there is no term to show."""
    kind = procedure.procedure_type
    start = procedure.defence_submitted_on
    if start is None:
        return []
    rule, scenario = _rule(law, kind.code, procedure.appeal_lodged_on)
    length = TermLength(kind.ruling_term_months, "maanden")
    result = compute_term(start_event=start, length=length, calendar=calendar, apply_atw=False)
    return [
        Deadline(
            "ruling",
            _label(_("Ruling term of the court"), scenario),
            result.end,
            explain_nl(result, "indiening van het verweerschrift") + _no_atw_note(False),
            procedure.final_on,
            rule=rule,
            scenario=scenario,
        )
    ]


def expected_final(procedure, deadlines: list[Deadline]) -> date | None:
    """When the decision is (expected to become) final: known, or the end of the open term."""
    if procedure.final_on:
        return procedure.final_on
    by_kind = {d.kind: d for d in deadlines}
    if procedure.appeal_lodged_on and "ruling" in by_kind:
        return by_kind["ruling"].due
    if "appeal" in by_kind and not procedure.appeal_lodged_on:
        return by_kind["appeal"].due + timedelta(days=1)
    return None
