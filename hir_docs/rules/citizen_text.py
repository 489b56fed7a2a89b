"""Helpers shared by the rules on citizen sheets (``relocated`` in ``rules.citizens``,
``registrations`` in ``rules.registrations`` and ``rules.registration_history``, both
sheets together in ``rules.citizen_cross``): CPR
validity, how a citizen and user text are named in a message (CPR numbers masked), hours,
a finding at a sheet cell, and capping of row findings (at most ``MAX_PER_CODE`` per
code in a report; ``CheckOptions.max_per_code`` lifts it for the annotated copies).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from hir_docs.findings import Finding
from hir_docs.formatting import mask_cpr, mask_cpr_text, number
from hir_docs.model.caseload import MAX_HOURS
from hir_docs.rules import CURRENT_OPTIONS, stdnum_dk

if TYPE_CHECKING:
    from hir_docs.model.citizens import SheetLayout
    from hir_docs.rules import Rule

HINT_CPR = "Skriv borgerens CPR-nummer som DDMMÅÅ-LLLL (10 cifre; bindestregen må udelades)."

MAX_PER_CODE = 25
UNCAPPED = sys.maxsize  # ``CheckOptions.max_per_code`` that builds every finding
_SUMMARY = re.compile(r"\.\.\. og (\d{1,18}) rækker mere med samme problem")
_CPR_LIKE = re.compile(r"[\d\s./\-]*")


def looks_like_cpr(text: str | None) -> bool:
    """True for a number someone meant as a CPR number (not for a name): at least eight
    digits and nothing but separators ("1203841234", "120384.1234", "12.03.84-1234")."""
    if not text:
        return False
    if len(text) == 10 and text.isascii() and text.isdigit():
        return True  # the common case: the reader's CPR digits
    if _CPR_LIKE.fullmatch(text) is None:
        return False
    return sum(ch.isdigit() for ch in text) >= 8


def cpr_problem(cpr: str | None, today: dt.date | None = None) -> str | None:
    """Danish reason why ``cpr`` (digits, no hyphen) is not a valid CPR number, or None.

    Valid as python-stdnum's ``stdnum.dk.cpr.validate``: ten digits and a real birth
    date, not in the future, with the century taken from the 7th digit. Modulus 11 is
    not required (numbers issued since 2007 fail it). stdnum gives the century of each
    (year, 7th-digit class) once; the day and month are then checked with a plain
    calendar exactly as stdnum's ``datetime.date`` does, so 50.000 rows cost milliseconds.
    """
    if not cpr:
        return "mangler"
    if len(cpr) != 10 or not (cpr.isascii() and cpr.isdigit()):
        digits = sum(ch.isdigit() for ch in cpr)
        if digits == 10:
            return "må kun have 10 cifre og evt. en bindestreg efter de første 6 (DDMMÅÅ-LLLL)"
        return f"har {digits} cifre; det skal have 10 cifre (DDMMÅÅ-LLLL)"
    year, leap = _century_year(cpr[4:6] + _CENTURY_CLASS[cpr[6]])
    if cpr[:4] not in (_DDMM_LEAP if leap else _DDMM):
        return "har ikke en rigtig fødselsdato i de første 6 cifre (DDMMÅÅ)"
    today = today or dt.date.today()
    if year >= today.year and dt.date(year, int(cpr[2:4]), int(cpr[:2])) > today:
        return "har en fødselsdato i fremtiden"
    return None


def cpr_problems(cprs: Iterable[str | None], today: dt.date | None = None) -> list[str | None]:
    """``cpr_problem`` of every number, in order (a 50.000-row sheet in milliseconds).

    A ten-digit number with a real day and month, born before this year, is valid
    whatever its last digits: that common case is decided inline, with the real days and
    months of each two-digit year and 7th digit (its century) looked up once per call (at
    most 1.000 of them). Any other number gets ``cpr_problem``'s own answer.
    """
    today = today or dt.date.today()
    # "847" -> the real DDMM of a birth year before this one, or None (a year not past).
    past: dict[str, frozenset[str] | None] = {}
    out: list[str | None] = []
    append = out.append
    for cpr in cprs:
        if cpr and len(cpr) == 10 and cpr.isascii() and cpr.isdigit():
            yy_digit = cpr[4:7]
            if yy_digit in past:
                days = past[yy_digit]
            else:
                days = past[yy_digit] = _past_days(yy_digit, today.year)
            if days is not None and cpr[:4] in days:
                append(None)
                continue
        append(cpr_problem(cpr, today))
    return out


def _past_days(yy_digit: str, this_year: int) -> frozenset[str] | None:
    """The real DDMM of the birth year of '84' + the 7th digit, when it is before
    ``this_year`` (else None: the date may be in the future)."""
    year, leap = _century_year(yy_digit[:2] + _CENTURY_CLASS[yy_digit[2]])
    if year >= this_year:
        return None
    return _DDMM_LEAP if leap else _DDMM


# The century depends only on the two-digit year and the class of the 7th digit.
_CENTURY_CLASS = {d: "0" for d in "0123"} | {d: "4" for d in "49"} | {d: "5" for d in "5678"}
# Every real day-month of a common year ("0101" ... "3112") and of a leap year.
_DDMM = frozenset(
    f"{d:02d}{m:02d}" for m in range(1, 13) for d in range(1, calendar.monthrange(2001, m)[1] + 1)
)
_DDMM_LEAP = _DDMM | {"2902"}


@lru_cache(maxsize=512)
def _century_year(yy_class: str) -> tuple[int, bool]:
    """(four-digit birth year, leap year?) for '84' + class digit, by python-stdnum."""
    # Loaded here, without OpenSSL (``rules.stdnum_dk``): a check that meets no CPR number
    # never loads python-stdnum.
    year = int(stdnum_dk.cpr().get_birth_date(f"0101{yy_class}000").year)
    return year, calendar.isleap(year)


def shown(value: object, limit: int = 40) -> str:
    """User text for a message: any CPR-looking number masked, long text shortened."""
    text = mask_cpr_text(str(value).strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_upper(text: str) -> str:
    """'borgeren Hans Hansen' -> 'Borgeren Hans Hansen' (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def who(cpr_or_name: str | None) -> str:
    """How a citizen is named in a message: masked CPR, or the name as registered."""
    if not cpr_or_name:
        return "borgeren"
    if looks_like_cpr(cpr_or_name):
        return f"borgeren {mask_cpr(cpr_or_name)}"
    return f"borgeren {shown(cpr_or_name)}"


def hours_text(hours: float) -> str:
    """'37', '18,5'; a number no week holds is not echoed (it may be a CPR number)."""
    if not 0 <= hours <= MAX_HOURS:
        return "et ugyldigt antal"
    return number(hours, 1 if hours % 1 else 0)


def at(
    rule: Rule,
    lay: SheetLayout,
    file: str,
    key: str,
    row: int,
    message: str,
    hint: str,
    *,
    column: str | None = None,
) -> Finding:
    """A finding about field ``key`` in sheet row ``row`` (its cell, or ``column``'s)."""
    where = lay.cell(column or key, row)
    return rule.finding(message, file=file, field=key, location=where, hint=hint)


def per_code_limit() -> int:
    """How many findings per code a check now running shows: its options'
    ``max_per_code`` (``UNCAPPED`` for the annotated copies), else ``MAX_PER_CODE``."""
    options = CURRENT_OPTIONS.get()
    limit = options.max_per_code if options is not None else None
    return MAX_PER_CODE if limit is None else max(limit, 0)


def left_out(f: Finding) -> int | None:
    """The number of rows a summary finding of ``capped`` stands for; None for any other
    finding."""
    if f.location is not None:
        return None
    m = _SUMMARY.match(f.message)
    return int(m.group(1)) if m else None


class Cap:
    """Counts a check's findings per code while the rows are walked, so that only the
    first ``limit`` of each code are built: a sheet with 5.000 bad rows must not format
    5.000 messages nobody is shown. Ask ``cap(rule)`` before building a finding, and
    pass the cap to ``capped``, which adds the summary of what was left out. The limit
    defaults to ``per_code_limit()``."""

    __slots__ = ("counts", "limit")

    def __init__(self, limit: int | None = None) -> None:
        self.limit = per_code_limit() if limit is None else limit
        self.counts: dict[str, int] = {}

    def __call__(self, rule: Rule) -> bool:
        """Count one finding of ``rule``; True while it is among those shown."""
        n = self.counts.get(rule.code, 0) + 1
        self.counts[rule.code] = n
        return n <= self.limit


def capped(
    findings: Iterable[Finding], limit: int | None = None, cap: Cap | None = None
) -> Iterator[Finding]:
    """At most ``limit`` findings per code (default: ``cap``'s, else ``per_code_limit()``);
    then one summary finding with the count left (counted here, or by ``cap`` for the
    findings that were never built; ``left_out`` reads it back)."""
    if limit is None:
        limit = cap.limit if cap is not None else per_code_limit()
    seen: dict[str, int] = {}
    last: dict[str, Finding] = {}
    for f in findings:
        n = seen.get(f.code, 0) + 1
        seen[f.code] = n
        if n <= limit:
            yield f
        last[f.code] = f
    counted = cap.counts if cap is not None else {}
    for code, f in last.items():
        more = max(seen[code], counted.get(code, 0)) - limit
        if more <= 0:
            continue
        yield Finding(
            code=code,
            severity=f.severity,
            message=f"... og {more} rækker mere med samme problem (ikke vist enkeltvis).",
            file=f.file,
            field=f.field,
            location=None,
            hint=f.hint,
            source=f.source,
        )
