"""Danish formatting for people (Babel) and masking of personal data."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re

from babel.numbers import format_decimal

LOCALE = "da_DK"


def kr(amount: float | int | None) -> str:
    """1300000 -> '1.300.000 kr.'"""
    text = number(round(amount) if amount is not None and math.isfinite(amount) else None)
    return text if text == "–" else f"{text} kr."


def number(value: float | int | None, decimals: int = 0) -> str:
    """Danish number: 1.924 or 3,12."""
    if value is None or not math.isfinite(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    try:
        return str(format_decimal(value, format=pattern, locale=LOCALE))
    except decimal.InvalidOperation:  # too many digits for Babel's decimal context
        return "–"


def percent(value: float | None, decimals: int = 1) -> str:
    text = number(value, decimals)
    return text if text == "–" else f"{text} %"


def percent_range(low: float | None, high: float | None) -> str:
    """A target range as in the reports: (15, 18) -> '15-18 %', (15, 15) -> '15 %', with a
    decimal only where there is one ('12,5-15 %') and a no-break space before '%'."""
    if low is None or high is None:
        return "–"
    lo, hi = (number(v, 0 if float(v).is_integer() else 1) for v in (low, high))
    return f"{lo}-{hi}\u00a0%" if lo != hi else f"{lo}\u00a0%"


@functools.lru_cache(maxsize=8192)
def dato(value: dt.date | None) -> str:
    """date(2017, 12, 11) -> '11. december 2017'

    Cached: a 50.000-row sheet with date problems names the same few hundred dates again
    and again, and Babel's ``format_date`` costs ~25 µs a call.
    """
    if value is None:
        return "–"
    # Imported here: Babel's dates bring its time-zone support, which a check that names
    # no date never needs (every process pays its import).
    from babel.dates import format_date

    return str(format_date(value, format="d. MMMM y", locale=LOCALE))


def half_year(period: str) -> str:
    """'2018-H1' -> '1. halvår 2018'."""
    return f"{period[-1]}. halvår {period[:4]}"


def dato_kort(value: dt.date | None) -> str:
    """date(2018, 4, 1) -> '01-04-2018'"""
    return "–" if value is None else value.strftime("%d-%m-%Y")


# A CPR number as people write it: DDMMÅÅ-LLLL with or without a hyphen, or with a
# space, dot or slash, also between day, month and year ("12.03.84-1234").
_SEP = r"[ ./\-\u2010-\u2013]"
# "\d(?<!\d\d)\d" is "(?<!\d)\d\d" (no digit before the first two) written so the
# pattern starts with a digit: the regex engine then skips to the next digit by itself
# instead of trying every position of a long text (twice as fast on a report's JSON).
_CPR_RE = re.compile(rf"(\d(?<!\d\d)\d)({_SEP}?)(\d{{2}})\2(\d{{2}}) ?{_SEP}? ?(\d{{4}})(?!\d)")
# Nine digits: a CPR number in a number cell that lost its leading zero (0101901234).
_CPR9_RE = re.compile(r"(?<![\d])\d{9}(?!\d)")


def mask_cpr(cpr: str | None) -> str:
    """'1203841234' or '120384-1234' -> '120384-xxxx'. Anything else is fully masked."""
    if not cpr:
        return ""
    digits = re.sub(r"\D", "", str(cpr))
    if len(digits) >= 6:
        return f"{digits[:6]}-xxxx"
    return "xxxxxx-xxxx"


def _looks_like_birth_date(dd: str, mm: str) -> bool:
    return 1 <= int(dd) <= 31 and 1 <= int(mm) <= 12


def scrub_cpr(text: str) -> str:
    """Mask every CPR-looking number in free text (a safety net for output).

    Only numbers whose first six digits could be a birth date are masked, so amounts,
    account and journal numbers elsewhere in a report stay readable.
    """

    def repl(m: re.Match[str]) -> str:
        dd, _sep, mm, yy, _ = m.groups()
        if _looks_like_birth_date(dd, mm):
            return f"{dd}{mm}{yy}-xxxx"
        return m.group(0)

    return _CPR_RE.sub(repl, text)


def mask_cpr_text(text: str) -> str:
    """Mask every CPR-shaped number in text taken from a citizen sheet, whatever its date
    (a mistyped CPR number is still someone's), and every 9-digit number (a CPR number
    whose leading zero a number cell dropped)."""
    text = _CPR_RE.sub(lambda m: f"{m.group(1)}{m.group(3)}{m.group(4)}-xxxx", text)
    return _CPR9_RE.sub(lambda m: f"0{m.group(0)[:5]}-xxxx", text)
