"""Caseload per caseworker on snapshot dates, scaled to full time.

The pool's criterion is max. 30-35 cases per coordinating caseworker (puljeopslag,
Kriterier for tildeling af tilskud; Q&A 2018, spørgsmål 3 and 19). A caseworker on
reduced hours carries a proportionally smaller caseload (Q&A 2018, spørgsmål 4 om
modulet), so cases are scaled to a full-time week: cases x 37 / hours.
Fictitious caseworkers ("Barsel/fængsel", ...) never count (spørgsmål 6 om modulet).
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    days = [d for r in registrations for d in (r.start, r.end) if d is not None]
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


def caseload_snapshots(
    registrations: Sequence[Registration],
    dates: Sequence[dt.date] | None,
    pool: Pool,
) -> list[CaseloadPoint]:
    """Cases per real caseworker on each date, scaled to full time (37 hours a week).

    A registration counts on ``d`` when ``start <= d`` and (no end or ``d <= end``).
    Rows without a start date, and fictitious caseworkers, are left out. Hours are the
    most frequent hours among the caseworker's rows counted that day (or all their rows).
    Default dates: ``default_snapshot_dates``. Sorted by date, then caseworker.
    """
    snap = sorted(set(dates)) if dates else default_snapshot_dates(registrations, pool)
    if not snap:
        return []
    full_time = pool.number("hours_per_week_full_time")
    fictitious = fictitious_keys(pool)
    names: dict[str, str] = {}
    all_hours: dict[str, list[float]] = {}
    counts: dict[tuple[str, int], int] = {}
    day_hours: dict[tuple[str, int], list[float]] = {}
    for r in registrations:
        key = caseworker_key(r.caseworker)
        if not key or key in fictitious or r.start is None:
            continue
        names.setdefault(key, (r.caseworker or "").strip())
        if r.hours is not None:
            all_hours.setdefault(key, []).append(r.hours)
        lo = bisect_left(snap, r.start)
        hi = len(snap) if r.end is None else bisect_right(snap, r.end)
        for i in range(lo, hi):
            counts[(key, i)] = counts.get((key, i), 0) + 1
            if r.hours is not None:
                day_hours.setdefault((key, i), []).append(r.hours)
    points: list[CaseloadPoint] = []
    for (key, i), cases in counts.items():
        hours = _mode(day_hours.get((key, i), [])) or _mode(all_hours.get(key, []))
        per_fte = cases * full_time / hours if hours else None
        points.append(CaseloadPoint(names[key], snap[i], cases, hours, per_fte))
    points.sort(key=lambda p: (p.date, caseworker_key(p.caseworker)))
    return points
