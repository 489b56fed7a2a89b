"""Caseload per caseworker on snapshot dates, scaled to full time.

The pool's criterion is max. 30-35 cases per coordinating caseworker (puljeopslag,
Kriterier for tildeling af tilskud; Q&A 2018, spørgsmål 3 and 19). A caseworker on
reduced hours carries a proportionally smaller caseload (Q&A 2018, spørgsmål 4 om
modulet), so cases are scaled to a full-time week: cases x 37 / hours.
Fictitious caseworkers ("Barsel/fængsel", ...) never count (spørgsmål 6 om modulet).
A citizen counts once a day: on a caseworker change the old row ends and the new one
starts (spørgsmål 3 om modulet); when both touch the same day, the newer row counts.

The project data's month-end whole caseloads (sheet Sagsstammer) are summarised per
caseworker by ``summarise_load`` (only the months the caseworker was in the project,
``CaseworkerLoad.start``/``end``), shared by the check and the reports; ``limit_held_claim``
finds a sentence in a report text saying the limit was held.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import Protocol

from hir_docs.formatting import mask_cpr_text
from hir_docs.labels import normalise
from hir_docs.model import Registration
from hir_docs.pools import Pool


@dataclass(frozen=True)
class CaseloadPoint:
    caseworker: str  # as first written in the sheet
    date: dt.date
    cases: int  # citizens registered with the caseworker on that date
    hours: float | None  # hours per week registered for the caseworker
    cases_per_fte: float | None  # cases scaled to a full-time week; None without hours

    def to_dict(self) -> dict[str, object]:
        return {
            "caseworker": self.caseworker,
            "date": self.date.isoformat(),
            "cases": self.cases,
            "hours": self.hours,
            "cases_per_fte": None if self.cases_per_fte is None else round(self.cases_per_fte, 1),
        }


def caseworker_key(name: str | None) -> str:
    return normalise(name)


def caseworker_keys(rows: Iterable[Registration]) -> list[str]:
    """``caseworker_key`` of every row, in order: each distinct name is normalised once
    (a sheet names a few caseworkers on thousands of rows)."""
    memo: dict[str | None, str] = {}
    out: list[str] = []
    for r in rows:
        name = r.caseworker
        key = memo.get(name)
        if key is None:
            key = memo[name] = normalise(name)
        out.append(key)
    return out


MAX_HOURS = 7 * 24  # more hours than a week has is not a number of hours (maybe a CPR number)
_CPR_IN = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)")


def citizen_key(citizen: str | None) -> str:
    """The same citizen whether written '120384-1234', '1203841234' or 'Hans 120384-1234';
    a citizen given by name only is compared by the normalised name."""
    if not citizen:
        return ""
    if len(citizen) == 10 and citizen.isascii() and citizen.isdigit():
        return citizen  # the common case: the reader's CPR digits, the key itself
    m = _CPR_IN.search(citizen)
    return m.group(1) + m.group(2) if m else normalise(citizen)


def citizen_keys(rows: Iterable[Registration]) -> list[str]:
    """``citizen_key`` of every row, in order: the reader's CPR digits (the key itself,
    nearly every row) are taken inline, without a call per row."""
    return [
        c
        if (c := r.citizen) is not None and len(c) == 10 and c.isdigit() and c.isascii()
        else citizen_key(c)
        for r in rows
    ]


def fictitious_keys(pool: Pool) -> set[str]:
    return {caseworker_key(n) for n in pool.strings("fictitious_caseworkers")}


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Last day of every month from ``first``'s month to ``last``'s month."""
    out: list[dt.date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def default_snapshot_dates(registrations: Iterable[Registration], pool: Pool) -> list[dt.date]:
    """Last day of each month the data covers, within the project period when they overlap."""
    rows = registrations if isinstance(registrations, Sequence) else list(registrations)
    # The distinct dates (a sheet repeats a few dates on every row): only their span counts.
    days = {d for d in {r.start for r in rows} | {r.end for r in rows} if d is not None}
    if not days:
        return []
    dates = month_ends(min(days), max(days))
    start, end = pool.date("project_start"), pool.date("project_end")
    inside = [d for d in dates if start <= d <= end]
    return inside or dates


def _mode(values: Iterable[float]) -> float | None:
    counts = Counter(values)
    if not counts:
        return None
    # most frequent; ties -> the larger number of hours (the caseworker's normal week)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


# A row of ``caseload_snapshots``: (rank, citizen, held, first and past-last date index).
_Row = tuple[dt.date, str, int, int, int]


def caseload_snapshots(
    registrations: Sequence[Registration],
    dates: Sequence[dt.date] | None,
    pool: Pool,
    *,
    keys: Sequence[str] | None = None,
    citizens: Sequence[str] | None = None,
) -> list[CaseloadPoint]:
    """Cases per real caseworker on each date, scaled to full time (37 hours a week).

    A registration is active on ``d`` when ``start <= d`` and (no end or ``d <= end``).
    Each citizen counts once a day, with the active row that started last (a caseworker
    change on the day itself, or a move to a fictitious caseworker, counts for the new
    row). Rows without a start date, and fictitious caseworkers, are left out. Hours are
    the most frequent hours among the caseworker's rows counted that day (or all their
    rows). Default dates: ``default_snapshot_dates``. Sorted by date, then caseworker.
    ``keys``/``citizens``: the rows' ``caseworker_keys``/``citizen_keys`` when known.
    """
    snap = sorted(set(dates)) if dates else default_snapshot_dates(registrations, pool)
    if not snap:
        return []
    full_time = pool.number("hours_per_week_full_time")
    fictitious = fictitious_keys(pool)
    names: dict[str, str] = {}
    # (rank, citizen, held, first and past-last date index); rank (the start date, then
    # sheet order: the rows are listed in sheet order and sorted stably by start date)
    # decides which row holds a citizen on a date; held: the number of the row's
    # (caseworker key or "" if fictitious, hours) in ``pairs`` (small ints count fast;
    # 0.0 and -0.0 share one, as a Counter of the pairs would: zero hours never decide).
    rows: list[_Row] = []
    codes: dict[tuple[str, float | None], int] = {}
    pairs: list[tuple[str, float | None]] = []
    keys = caseworker_keys(registrations) if keys is None else keys
    citizens = citizen_keys(registrations) if citizens is None else citizens
    # The date indexes of each start and end date (a sheet repeats a few dates).
    first: dict[dt.date, int] = {}
    past: dict[dt.date | None, int] = {None: len(snap)}
    for order, (r, key, citizen) in enumerate(zip(registrations, keys, citizens, strict=True)):
        start = r.start
        if not key or start is None:
            continue
        hours = r.hours if r.hours is not None and 0 <= r.hours <= MAX_HOURS else None
        if key in fictitious:
            key = ""
        elif key not in names:
            names[key] = (r.caseworker or "").strip()
        lo = first.get(start)
        if lo is None:
            lo = first[start] = bisect_left(snap, start)
        end = r.end
        hi = past.get(end)
        if hi is None:
            assert end is not None  # an open row's index is there from the start
            hi = past[end] = bisect_right(snap, end)
        if lo < hi:
            pair = (key, hours)
            held = codes.get(pair)
            if held is None:
                held = codes[pair] = len(pairs)
                pairs.append(pair)
            # No citizen: the row counts alone.
            rows.append((start, citizen or f"#{order}", held, lo, hi))
    rows.sort(key=itemgetter(0))
    # How each caseworker is shown (any CPR-like number masked), and its sort key.
    shown: dict[str, tuple[str, str]] = {}
    for key, written in names.items():
        name = mask_cpr_text(written)
        shown[key] = (name, caseworker_key(name))
    if len({order_key for _, order_key in shown.values()}) == len(shown):
        # Every caseworker sorts apart from the others: the order the caseworkers are met
        # in on a date does not matter, so the cases are counted, not held day by day.
        per_day = _counted(rows, pairs, len(snap))
    else:
        per_day = _held(rows, pairs, len(snap))
    fallback: dict[str, float | None] = {}
    points: list[tuple[tuple[dt.date, str], CaseloadPoint]] = []
    for day, per_key in zip(snap, per_day, strict=True):
        for key, by_hours in per_key.items():
            if len(by_hours) == 1:  # the common case: one number of hours that day
                ((hours, cases),) = by_hours.items()
            else:
                cases = sum(by_hours.values())
                counted = [(n, h) for h, n in by_hours.items() if h is not None]
                hours = max(counted)[1] if counted else None
            if not hours:
                if key not in fallback:
                    fallback[key] = _mode(_all_hours(registrations, keys, key))
                hours = fallback[key]
            per_fte = cases * full_time / hours if hours else None
            name, order_key = shown[key]
            points.append(((day, order_key), CaseloadPoint(name, day, cases, hours, per_fte)))
    points.sort(key=itemgetter(0))  # stable: equal names keep the order above
    return [point for _, point in points]


def _all_hours(registrations: Sequence[Registration], keys: Sequence[str], key: str) -> list[float]:
    """The hours of every row of caseworker ``key`` with a start date (valid hours only):
    the caseworker's usual hours when those counted on a date say nothing."""
    return [
        h
        for r, k in zip(registrations, keys, strict=True)
        if k == key and r.start is not None and (h := r.hours) is not None and 0 <= h <= MAX_HOURS
    ]


_Pair = tuple[str, float | None]


def _by_key(
    counts: Iterable[tuple[int, int]], pairs: list[_Pair]
) -> dict[str, dict[float | None, int]]:
    """(held, cases) of one date -> real caseworker key -> {hours: cases}."""
    per_key: dict[str, dict[float | None, int]] = {}
    for held, n in counts:
        key, hours = pairs[held]
        if key:
            per_key.setdefault(key, {})[hours] = n
    return per_key


def _held(
    rows: list[_Row], pairs: list[_Pair], days: int
) -> list[dict[str, dict[float | None, int]]]:
    """Per date, the cases of each caseworker by hours, the caseworkers in the order they
    first hold a citizen that day: each citizen is held by the row that started last
    (``rows`` in rank order: it writes last)."""
    holder: list[dict[str, int]] = [{} for _ in range(days)]
    for _rank, citizen, held, lo, hi in rows:
        for on_day in holder[lo:hi]:
            on_day[citizen] = held
    return [_by_key(Counter(on_day.values()).items(), pairs) for on_day in holder]


def _counted(
    rows: list[_Row], pairs: list[_Pair], days: int
) -> list[dict[str, dict[float | None, int]]]:
    """``_held``'s cases, the caseworkers of a date in no particular order: a citizen with
    one row adds one case to its (caseworker, hours) on each date of the row (a running
    sum of +1 at the first date and -1 after the last); only a citizen with several rows
    is followed date by date, for the row that holds it."""
    once = Counter(map(itemgetter(1), rows))
    diff = [[0] * (days + 1) for _ in pairs]
    several: dict[str, list[tuple[int, int, int]]] = {}
    for _rank, citizen, held, lo, hi in rows:
        if once[citizen] == 1:
            d = diff[held]
            d[lo] += 1
            d[hi] -= 1
        else:
            several.setdefault(citizen, []).append((held, lo, hi))
    for own in several.values():
        holder: dict[int, int] = {}
        for held, lo, hi in own:  # rank order: the row that started last writes last
            for i in range(lo, hi):
                holder[i] = held
        for i, held in holder.items():
            d = diff[held]
            d[i] += 1
            d[i + 1] -= 1
    counts = [list(accumulate(d[:days])) for d in diff]
    return [
        _by_key(((held, c[i]) for held, c in enumerate(counts) if c[i]), pairs) for i in range(days)
    ]


@dataclass(frozen=True)
class CaseworkerChanges:
    citizen: str  # as first written (full CPR in memory only; mask before showing)
    changes: int  # changes between real caseworkers, in date order
    row: int  # the sheet row of the citizen's latest registration


def caseworker_changes(
    registrations: Sequence[Registration],
    pool: Pool,
    *,
    keys: Sequence[str] | None = None,
    citizens: Sequence[str] | None = None,
) -> list[CaseworkerChanges]:
    """Caseworker changes per citizen (puljeopslag, Kriterier for tildeling af tilskud: one
    coordinating caseworker for the whole course). Rows in date order; a stay with a
    fictitious caseworker (barsel/fængsel, pensionsnævnet) is no change, nor is a new row
    with the same caseworker. Citizens in sheet order. ``keys``/``citizens``: the rows'
    ``caseworker_keys``/``citizen_keys`` when known."""
    fictitious = fictitious_keys(pool)
    workers = caseworker_keys(registrations) if keys is None else keys
    citizens = citizen_keys(registrations) if citizens is None else citizens
    # citizen key -> the numbers of its rows with a start date, in sheet order
    rows: dict[str, list[int]] = {}
    for i, (r, key) in enumerate(zip(registrations, citizens, strict=True)):
        if key and r.start is not None:
            rows.setdefault(key, []).append(i)
    out: list[CaseworkerChanges] = []
    for numbers in rows.values():
        if len(numbers) == 1:  # most citizens: one row, no change
            r = registrations[numbers[0]]
            out.append(CaseworkerChanges(r.citizen or "", 0, r.row))
            continue
        # (date order, the row, its caseworker key or "" when not real), in date order
        own: list[tuple[tuple[dt.date, int], Registration, str]] = []
        for i in numbers:
            r, worker = registrations[i], workers[i]
            assert r.start is not None  # only rows with a start date are listed
            own.append(((r.start, r.row), r, worker if worker not in fictitious else ""))
        own.sort(key=itemgetter(0))
        real = [w for _, _, w in own if w]
        changes = sum(1 for a, b in zip(real, real[1:], strict=False) if a != b)
        out.append(CaseworkerChanges(own[0][1].citizen or "", changes, own[-1][1].row))
    return out


# --- the whole caseload per caseworker and month (project data, sheet Sagsstammer) ---------


class MonthlyLoad(Protocol):
    """A caseworker's month-end whole caseloads (``model.projectdata.CaseworkerLoad``)."""

    name: str
    hours: float | None
    totals: dict[dt.date, int]
    start: dt.date | None
    end: dt.date | None

    def active_on(self, day: dt.date) -> bool: ...


def valid_hours(hours: float | None) -> float | None:
    """Hours per week that are a number of hours (0 < hours <= a week), else None."""
    return hours if hours is not None and 0 < hours <= MAX_HOURS else None


@dataclass(frozen=True)
class LoadSummary:
    """One caseworker's whole caseload over a span of month ends, against the limit.

    ``months``: the dates the caseworker was in the project (start/end respected);
    ``per_fte``: the counts of those dates scaled to full time (the raw counts, judged as
    full time, when the hours are unknown: ``scaled`` False); ``over``: the dates above
    the limit; ``missing``: dates in the project without a count."""

    name: str
    hours: float | None  # valid hours per week, None when unknown
    start: dt.date | None
    end: dt.date | None
    months: tuple[dt.date, ...]
    counts: dict[dt.date, int]
    per_fte: dict[dt.date, float]
    over: tuple[dt.date, ...]
    missing: tuple[dt.date, ...]
    scaled: bool

    @property
    def peak(self) -> dt.date | None:
        """The date of the highest caseload (per full-time post; the latest on a tie)."""
        if not self.per_fte:
            return None
        return max(self.per_fte, key=lambda d: (self.per_fte[d], d))

    @property
    def max_cases(self) -> int | None:
        return max(self.counts.values()) if self.counts else None

    @property
    def max_per_fte(self) -> float | None:
        return max(self.per_fte.values()) if self.per_fte else None

    @property
    def within(self) -> int:
        """Months counted and within the limit."""
        return len(self.per_fte) - len(self.over)


def summarise_load(
    load: MonthlyLoad,
    dates: Sequence[dt.date],
    limit: float,
    full_time: float,
    fallback_hours: float | None = None,
) -> LoadSummary:
    """``load`` on ``dates`` (month ends): only the dates the caseworker was in the project
    are judged or missing (a month before the start or after the end is neither).
    ``fallback_hours``: the hours to use when the load has none (the registration sheet's)."""
    hours = valid_hours(load.hours) or valid_hours(fallback_hours)
    scale = full_time / hours if hours else 1.0
    months = tuple(d for d in sorted(dates) if load.active_on(d))
    counts = {d: load.totals[d] for d in months if d in load.totals}
    per_fte = {d: n * scale for d, n in counts.items()}
    over = tuple(d for d, v in per_fte.items() if v > limit + 1e-9)
    missing = tuple(d for d in months if d not in counts)
    return LoadSummary(
        load.name, hours, load.start, load.end, months, counts, per_fte, over, missing,
        hours is not None,
    )  # fmt: skip


# --- a text saying the limit was held ---------------------------------------------------

# About the caseload limit: the limit, the caseload, "35 sager" (linear patterns only).
_LIMIT_TOPIC = re.compile(
    r"loft|sagstal|sagsantal|sagsstamme|sagsmængde|sagsnorm|grænsen|(?<!\d)3[05] sager",
    re.IGNORECASE,
)
# Held: "overholdt", "holdt", "under loftet", "under 35", "inden for loftet", "ikke over".
_HELD = re.compile(
    r"\b(?:overhold\w{0,3}|holdt|holder|holdes|fastholdt)\b"
    r"|\b(?:under|inden for|ikke over(?:steget|skredet)?|ikke flere end|ikke mere end)\s{1,3}"
    r"(?:loftet|grænsen|(?:30\s{0,2}[-–]\s{0,2})?35\b)",
    re.IGNORECASE,
)
# Not held, an exception, or a plan rather than a statement of what happened.
_NOT_HELD = re.compile(
    r"\bikke\s{1,3}(?:\w{1,12}\s{1,3}){0,2}(?:overhold\w{0,3}|holdt|holder|holdes|fastholdt)\b"
    r"|overskr[ei]d|(?<!ikke )\bover\s{1,3}(?:loftet|grænsen|(?:30\s{0,2}[-–]\s{0,2})?35\b)"
    r"|\b(?:flere|mere) end\s{1,3}35\b|\bundtagen\b|\bbortset fra\b|\bdog\b|\bmen\b"
    r"|\b(?:skal|vil|målet|mål|forventer|forventes|planlægger|ønsker|håber|bestræber)\b",
    re.IGNORECASE,
)
# "Ingen sagsbehandler har været over loftet", "ingen har haft flere end 35 sager".
_NONE_OVER = re.compile(
    r"\bingen\b.{0,60}?(?:\bover\s{1,3}(?:loftet|grænsen|35\b)|\b(?:flere|mere) end\s{1,3}35\b)",
    re.IGNORECASE,
)
_PLAN_OR_EXCEPTION = re.compile(
    r"\b(?:undtagen|bortset fra|dog|men|skal|vil|målet|mål|forventer|forventes|planlægger"
    r"|ønsker|håber|bestræber)\b",
    re.IGNORECASE,
)


# What a text naming the limit (``_LIMIT_TOPIC``) contains, lower-cased: one of these
# words or numbers, or a long s ("ſ", which the pattern's IGNORECASE matches with "s").
# Substring tests cost a fraction of the pattern's search (an IGNORECASE alternation is
# tried at every position), so a text or sentence without any is passed over at once.
_TOPIC_PARTS = ("loft", "sagstal", "sagsantal", "sagsstamme", "sagsmængde", "sagsnorm", "grænsen")
_TOPIC_NUMBERS = ("30", "35")


def _may_name_limit(text: str) -> bool:
    """False only when ``_LIMIT_TOPIC`` cannot match ``text`` (nor any part of it)."""
    low = text.lower()
    return (
        any(part in low for part in _TOPIC_PARTS)
        or any(n in low for n in _TOPIC_NUMBERS)
        or "ſ" in low
    )


def limit_held_claim(text: str | None) -> str | None:
    """The first sentence of ``text`` that states the caseload limit was held ("Loftet på
    35 sager er overholdt hele halvåret", "alle sagsbehandlere har haft under 35 sager",
    "sagstallet har været under loftet"); None when no sentence does. A sentence that
    names a breach or an exception, or states a plan, is no such statement."""
    if not text or not _may_name_limit(text):
        return None  # most report texts are about something else: no split into sentences
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        s = " ".join(sentence.split())
        if not s or not _may_name_limit(s) or not _LIMIT_TOPIC.search(s):
            continue
        if _NONE_OVER.search(s) and not _PLAN_OR_EXCEPTION.search(s):
            return s
        if _HELD.search(s) and not _NOT_HELD.search(s):
            return s
    return None
