"""The statutory deadlines of one procedure, each with its Dutch explanation.

Glue between the stored procedure and the pure term arithmetic in `gridpact.core.terms`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from gridpact.core.calendar import AtwCalendar, format_date_nl
from gridpact.core.terms import TermLength, atw_applies, compute_term, explain_nl


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

    def state(self, today: date) -> str:
        """met, missed, overdue (open and passed), open, or closed (an allowance that passed)."""
        if not self.obligation:
            return "open" if today <= self.due else "closed"
        if self.done_on is not None:
            return "met" if self.done_on <= self.due else "missed"
        return "overdue" if today > self.due else "open"


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
        suspensions=[(s.requested_on, s.ends_on) for s in suspensions],
        extension=extension,
        calendar=calendar,
        apply_atw=atw_applies(*lengths),
    )


def _no_atw_note(applied: bool) -> str:
    if applied:
        return ""
    return " " + str(
        _("The Algemene termijnenwet does not extend terms longer than three months (art. 4 Atw).")
    )


def procedure_deadlines(procedure, suspensions, calendar: AtwCalendar) -> list[Deadline]:
    """Every deadline the procedure has so far, in the order they arise."""
    kind = procedure.procedure_type
    deadlines = []
    result = decision_term(procedure, suspensions, calendar)
    if result is not None:
        lengths = [TermLength(kind.decision_term_amount, kind.decision_term_unit)]
        if procedure.extension_weeks:
            lengths.append(TermLength(procedure.extension_weeks, "weken"))
        deadlines.append(
            Deadline(
                "decision",
                str(_("Decision term")),
                result.end,
                explain_nl(result, "ontvangst") + _no_atw_note(atw_applies(*lengths)),
                procedure.decided_on,
                provisional=any(s.completed_on is None for s in suspensions),
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
        deadlines.append(
            Deadline(
                "comments",
                str(_("Comment period (zienswijzen)")),
                result.end,
                f"{explanation} {explain_nl(result, 'de dag vóór terinzagelegging')}",
                None,
                obligation=False,
            )
        )
    if procedure.published_on:
        length = TermLength(kind.appeal_term_weeks, "weken")
        result = compute_term(
            start_event=procedure.published_on,
            length=length,
            calendar=calendar,
            apply_atw=atw_applies(length),
        )
        deadlines.append(
            Deadline(
                "appeal",
                str(_("Objection or appeal term")),
                result.end,
                explain_nl(result, "bekendmaking") + " (Awb art. 6:7 en 6:8)",
                procedure.appeal_lodged_on,
                obligation=False,
            )
        )
    if kind.ruling_term_months and procedure.appeal_lodged_on:
        length = TermLength(kind.ruling_term_months, "maanden")
        result = compute_term(
            start_event=procedure.appeal_lodged_on,
            length=length,
            calendar=calendar,
            apply_atw=False,
        )
        deadlines.append(
            Deadline(
                "ruling",
                str(_("Ruling term of the court")),
                result.end,
                explain_nl(result, "instellen van het beroep") + _no_atw_note(False),
                procedure.final_on,
            )
        )
    return deadlines


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
