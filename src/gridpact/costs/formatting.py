"""Dutch notation for money, numbers and percentages, whatever the interface language."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _group(digits: str) -> str:
    """1234567 → 1.234.567"""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def number(value, places: int | None = None) -> str:
    """12.5 → "12,5"; 1234.5 → "1.234,5"; with `places`, rounded to that many decimals."""
    if value is None:
        return "–"
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    sign = "−" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _dot, fraction = text.partition(".")
    return f"{sign}{_group(whole)}{',' + fraction if fraction else ''}"


def euro(value) -> str:
    """Decimal("1234.5") → "€ 1.234,50"; negative amounts as "−€ 1.234,50"."""
    if value is None or value == "":
        return "–"
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    return f"{sign}€ {number(abs(value), 2)}"


def euro_change(value) -> str:
    """A difference with its sign: "+€ 100,00", "−€ 100,00", or "€ 0,00"."""
    value = Decimal(value)
    return f"+{euro(value)}" if value > 0 else euro(value)


def percent(value) -> str:
    """Decimal("12.5") → "12,5 %"."""
    if value is None:
        return "–"
    return f"{number(value)} %"


def percent_change(value) -> str:
    """ "+12,5 %", "−3,0 %", or "–" when there is no base to compare with."""
    if value is None:
        return "–"
    text = f"{number(value, 1)} %"
    return f"+{text}" if value > 0 else text
