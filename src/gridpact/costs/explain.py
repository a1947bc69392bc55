"""Sentences about rules and allocations, in the reader's language, with Dutch notation.

The arithmetic (`allocation.py`) reports problems as codes with values; this module turns them
into messages that name the rule, the item and the organisation concerned.
"""

from django.utils.translation import gettext as _

from . import allocation
from .formatting import euro, number, percent
from .models import CapUnit, LineMethod, LineSplit, PayerRole

M = allocation.Method


def _rule_messages() -> dict:
    return {
        "no_lines": _("Rule “%(rule)s” has no lines: say who pays the costs of “%(category)s”."),
        "payer_missing": _(
            "Rule “%(rule)s”, line %(line)s: choose who pays, either a role in the project or "
            "an organisation."
        ),
        "value_missing": _("Rule “%(rule)s”, line %(line)s: enter the percentage or the amount."),
        "value_negative": _("Rule “%(rule)s”, line %(line)s: a share cannot be negative."),
        "percentage_above_100": _(
            "Rule “%(rule)s”, line %(line)s: a percentage cannot be more than 100 %% "
            "(%(value)s %% was entered)."
        ),
        "amount_not_in_cents": _(
            "Rule “%(rule)s”, line %(line)s: an amount has at most two decimals (cents)."
        ),
        "value_not_used": _(
            "Rule “%(rule)s”, line %(line)s: the rest and what a cap leaves over take no "
            "percentage or amount; leave it empty."
        ),
        "cap_not_on_percentage": _(
            "Rule “%(rule)s”, line %(line)s: only a percentage can have a cap."
        ),
        "cap_amount_missing": _(
            "Rule “%(rule)s”, line %(line)s: enter the amount of the cap, or leave its unit empty."
        ),
        "cap_without_unit": _(
            "Rule “%(rule)s”, line %(line)s: the cap of %(cap)s has no unit. Say whether it "
            "applies per cost item or per kilometre, hectare or piece."
        ),
        "cap_negative": _("Rule “%(rule)s”, line %(line)s: a cap cannot be negative."),
        "alternative_incomplete": _(
            "Rule “%(rule)s”, line %(line)s: give both the percentage for small municipalities "
            "and the number of inhabitants up to which a municipality counts as small."
        ),
        "alternative_not_on_percentage": _(
            "Rule “%(rule)s”, line %(line)s: only a percentage can be lower for small "
            "municipalities."
        ),
        "several_remainders": _(
            "Rule “%(rule)s” names more than one payer of the rest; keep one line for the rest."
        ),
        "several_overflows": _(
            "Rule “%(rule)s” names more than one payer of what a cap leaves over; keep one."
        ),
        "percentages_above_100": _(
            "Rule “%(rule)s”: the percentages for “%(category)s” add up to %(total)s %%, "
            "more than 100 %%."
        ),
        "percentages_not_100": _(
            "Rule “%(rule)s”: the percentages for “%(category)s” add up to %(total)s %%, not "
            "100 %%. Add the missing %(missing)s %% or a line for whoever pays the rest."
        ),
        "fixed_without_rest": _(
            "Rule “%(rule)s”: a fixed amount can be more or less than a cost item, so part of a "
            "cost of “%(category)s” could be left without a payer. Add a line for whoever pays "
            "the rest."
        ),
        "alternative_without_rest": _(
            "Rule “%(rule)s”: with a lower percentage for small municipalities, part of a cost "
            "of “%(category)s” is left without a payer. Add a line for whoever pays the rest."
        ),
        "cap_without_overflow_payer": _(
            "Rule “%(rule)s”: say who pays what a cap leaves over, with a line for what a cap "
            "leaves over or one for the rest."
        ),
        "overflow_without_cap": _(
            "Rule “%(rule)s” names who pays what a cap leaves over, but no line has a cap."
        ),
    }


def _allocation_messages() -> dict:
    return {
        "no_payer": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: line %(line)s charges the %(role)s, "
            "and this project has none. Part of the cost would be left without a payer."
        ),
        "unknown_party": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: an organisation it names is unknown."
        ),
        "missing_inhabitants": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: it needs the number of inhabitants of "
            "%(name)s, which is not recorded."
        ),
        "zero_key": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: the numbers of inhabitants it divides "
            "by add up to zero."
        ),
        "missing_quantity": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: line %(line)s has a cap per %(unit)s, "
            "so the item needs a quantity in %(unit)s."
        ),
        "unit_mismatch": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: line %(line)s has a cap per %(unit)s, "
            "but the item's quantity is in %(item_unit)s."
        ),
        "negative_amount": _("The amount of “%(item)s” cannot be negative."),
        "amount_not_in_cents": _(
            "The amount of “%(item)s” has more than two decimals; enter euros and cents."
        ),
        "invalid_rule": _(
            "Rule “%(rule)s” is incomplete, so “%(item)s” cannot be allocated; the coordinator "
            "has to correct the rule."
        ),
        "unpaid_rest": _("Rule “%(rule)s” leaves part of “%(item)s” without a payer."),
        "unpaid_overflow": _(
            "Rule “%(rule)s” leaves what a cap leaves over of “%(item)s” without a payer."
        ),
        "no_rule": _(
            "There is no allocation rule for “%(category)s” yet, so “%(item)s” is not allocated."
        ),
        "no_request_date": _(
            "Rule “%(rule)s” follows the law in force on the date of the request: give the date "
            "“%(item)s” was requested."
        ),
        "no_rule_version": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: no version of the statutory rule applies "
            "on %(day)s (see Wettelijke grondslagen)."
        ),
        "location_missing": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: the share depends on the municipality "
            "where the segment lies; give it (segment lies in)."
        ),
        "several_locations": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: the project lies in more than one "
            "municipality; give the one where this segment lies, and record a segment in another "
            "municipality as a separate item."
        ),
        "pooled_cap_several_payers": _(
            "Rule “%(rule)s” cannot allocate “%(item)s”: its cap holds over each requester's "
            "requests together, so the item needs exactly one requester."
        ),
    }


def _unit_label(unit: str) -> str:
    return unit or "–"


def problem_message(problem: allocation.Problem, **extra) -> str:
    """The sentence for a rule problem or an allocation error."""
    params = {**problem.params, **extra}
    for key in ("value", "total", "missing"):
        if key in params and params[key] is not None:
            params[key] = number(params[key])
    if params.get("cap") is not None:
        params["cap"] = euro(params["cap"])
    if params.get("role"):
        params["role"] = PayerRole(params["role"]).label
    for key in ("unit", "item_unit"):
        if key in params:
            params[key] = _unit_label(params[key])
    params.setdefault("category", "–")
    params.setdefault("item", "–")
    params.setdefault("rule", "–")
    messages = (
        _rule_messages() if isinstance(problem, allocation.RuleProblem) else _allocation_messages()
    )
    template = messages.get(problem.code, _("This allocation rule cannot be applied."))
    return template % params


def payer_label(line, organisations: dict) -> str:
    """Who a line charges: the organisation's name, or the role."""
    if line.organisation is not None:
        org = organisations.get(line.organisation)
        return (org.short_name or org.name) if org else "–"
    return PayerRole(line.role).label if line.role else "–"


def describe_line(line: allocation.Line, organisations: dict) -> str:
    """One rule line in words, e.g. "requesting government: 20 % (15 % for a municipality of at
    most 30.000 inhabitants), at most € 975.000,00 per kilometre"."""
    payer = payer_label(line, organisations)
    method = LineMethod(line.method.value)
    if method == LineMethod.PERCENTAGE:
        share = percent(line.value)
        if line.small_municipality_value is not None:
            share = _(
                "%(share)s (%(small)s for a municipality of at most %(count)s inhabitants)"
            ) % {
                "share": share,
                "small": percent(line.small_municipality_value),
                "count": number(line.small_municipality_max_inhabitants),
            }
    elif method == LineMethod.FIXED:
        share = _("fixed amount of %(amount)s per cost item") % {"amount": euro(line.value)}
    else:
        share = method.label
    text = f"{payer}: {share}"
    if line.cap is not None and line.cap_unit:
        text += ", " + _("at most %(cap)s %(unit)s") % {
            "cap": euro(line.cap),
            "unit": CapUnit(line.cap_unit).label,
        }
    if line.split == allocation.Split.INHABITANTS:
        text += ", " + str(LineSplit.INHABITANTS.label)
    return text


def explain_portion(portion: allocation.Portion, rule_line: allocation.Line | None) -> str:
    """How one amount came about, e.g. "15 %, capped" or "the rest"."""
    if portion.method == M.PERCENTAGE:
        text = percent(portion.percentage)
        if rule_line is not None and rule_line.split == allocation.Split.INHABITANTS:
            text += " " + str(LineSplit.INHABITANTS.label)
        if portion.capped:
            text += ", " + _("limited by the cap")
        return text
    if portion.method == M.FIXED:
        return str(LineMethod.FIXED.label)
    return str(LineMethod(portion.method.value).label)
