"""The earliest date the law allows a decision to be final (onherroepelijk), and so the earliest
date of the milestone a procedure gates (`Procedure.gates_milestone`).

A decision becomes final when nobody can contest it any longer: when the objection or appeal term
has passed without an appeal, or when the court has ruled. The decision term itself (art. 16.64
Ow for the regular procedure, art. 3:18 Awb for the uniform public preparation procedure) is a
maximum for the competent authority: it may decide sooner, so it holds nothing back. What does:

1. Uniform procedure (afdeling 3.4 Awb): the draft lies open for comments (zienswijzen) for the
   type's comment period, counted from the day it is laid open (art. 3:16 lid 1 Awb); the decision
   can be taken the day after that period ends, at the earliest.
2. The objection or appeal term is six weeks (art. 6:7 Awb). It starts the day after the decision
   was made known (art. 6:8 lid 1 Awb), or, for a decision prepared with afdeling 3.4, the day
   after it was laid open for inspection (art. 6:8 lid 4 Awb); the Algemene termijnenwet applies
   (art. 1 and 2 Atw: an end on a weekend or feast day moves to the next working day). The decision
   is final the day after that term ends if nobody appealed.
3. After an appeal, the decision is final when the court rules (art. 8:66 Awb for the
   administrative court; for grid projects the ruling term of the type, e.g. six months from the
   statement of defence under the rule for projects of 21 kV and more). The court may rule any day
   up to its term, so the earliest date is tomorrow; the end of the ruling term is named.

A step that has not happened yet cannot happen before today. Each step uses the dated law rules
(decision 0018) where `gridpact.procedures.deadlines` does; see docs/decisions/0030.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from gridpact.core.calendar import AtwCalendar
from gridpact.core.formatting import nl_date
from gridpact.core.terms import TermLength, atw_applies, compute_term, explain_nl
from gridpact.projects.planning import Floor

from .deadlines import procedure_deadlines, uses_uniform_procedure
from .models import ProcedureStatus

APPEAL_TERM_WEEKS = 6  # art. 6:7 Awb, when the procedure type does not say otherwise


@dataclass(frozen=True)
class EarliestFinal:
    """The earliest day the decision can be final, and the computation step by step."""

    day: date
    steps: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return " ".join(self.steps)


def _term(start: date, weeks: int, calendar: AtwCalendar):
    length = TermLength(weeks, "weken")
    return compute_term(
        start_event=start, length=length, calendar=calendar, apply_atw=atw_applies(length)
    )


def earliest_final(procedure, suspensions, calendar: AtwCalendar, *, today: date, law=()):
    """The earliest date the law allows `procedure`'s decision to be final (see the module
    docstring); None for a withdrawn procedure."""
    kind = procedure.procedure_type
    if procedure.status == ProcedureStatus.WITHDRAWN:
        return None
    if procedure.final_on:
        return EarliestFinal(
            procedure.final_on,
            (_("The decision became final on %(day)s.") % {"day": nl_date(procedure.final_on)},),
        )
    tomorrow = today + timedelta(days=1)
    if procedure.appeal_lodged_on:
        steps = [
            _(
                "An appeal was lodged on %(day)s: the decision is final when the court rules, "
                "which can be any day from tomorrow (art. 8:66 Awb)."
            )
            % {"day": nl_date(procedure.appeal_lodged_on)}
        ]
        ruling = [
            d
            for d in procedure_deadlines(procedure, suspensions, calendar, law=law)
            if d.kind == "ruling"
        ]
        if ruling:
            steps.append(
                _("The court's ruling term ends on %(day)s.") % {"day": nl_date(ruling[0].due)}
            )
        return EarliestFinal(tomorrow, tuple(steps))
    weeks = kind.appeal_term_weeks or APPEAL_TERM_WEEKS
    uniform = uses_uniform_procedure(kind)
    steps = []
    known = procedure.laid_open_on if uniform else procedure.published_on
    if procedure.decided_on and known:
        start = known
        steps.append(
            _("The decision was made known or laid open on %(day)s.") % {"day": nl_date(known)}
        )
    else:
        decided = procedure.decided_on
        if decided:
            steps.append(
                _("The decision was taken on %(day)s; it can be made known today at the earliest.")
                % {"day": nl_date(decided)}
            )
            start = today
        elif uniform:
            draft = procedure.draft_published_on
            if draft is None or draft > today:
                draft = today
                steps.append(
                    _("The draft decision can be laid open for comments today at the earliest.")
                )
            comments = compute_term(
                start_event=draft - timedelta(days=1),
                length=TermLength(kind.comment_period_weeks, "weken"),
                calendar=calendar,
                apply_atw=atw_applies(TermLength(kind.comment_period_weeks, "weken")),
            )
            decided = max(comments.end + timedelta(days=1), today)
            steps.append(
                _(
                    "Comments on the draft (zienswijzen, art. 3:16 Awb): %(computation)s The "
                    "decision can be taken on %(day)s at the earliest."
                )
                % {
                    "computation": explain_nl(comments, "de dag vóór terinzagelegging"),
                    "day": nl_date(decided),
                }
            )
            start = decided
        else:
            start = today
            steps.append(
                _(
                    "The decision term (art. 16.64 Omgevingswet, art. 3:18 Awb) is a maximum; the "
                    "decision can be taken and made known today at the earliest."
                )
            )
    appeal = _term(start, weeks, calendar)
    final = appeal.end + timedelta(days=1)
    steps.append(
        _(
            "Objection or appeal term (art. 6:7 and 6:8 Awb): %(computation)s Without an appeal "
            "the decision is final on %(day)s."
        )
        % {
            "computation": explain_nl(appeal, "terinzagelegging" if uniform else "bekendmaking"),
            "day": nl_date(final),
        }
    )
    return EarliestFinal(max(final, tomorrow), tuple(steps))


def floors(rows, calendar: AtwCalendar, *, today: date, law=()) -> dict:
    """Per gated milestone id, the `planning.Floor` of the latest of its procedures' earliest
    final dates (`rows`: procedures with their suspensions prefetched)."""
    found = {}
    for procedure in rows:
        if procedure.gates_milestone_id is None:
            continue
        earliest = earliest_final(
            procedure, list(procedure.suspensions.all()), calendar, today=today, law=law
        )
        if earliest is None:
            continue
        current = found.get(procedure.gates_milestone_id)
        if current is None or earliest.day > current.day:
            found[procedure.gates_milestone_id] = Floor(
                earliest.day,
                _("“%(procedure)s” can be final on %(day)s at the earliest: %(why)s")
                % {
                    "procedure": procedure.title,
                    "day": nl_date(earliest.day),
                    "why": earliest.explanation,
                },
            )
    return found
