"""The approved grant (tilsagn) as recorded in the project data, and what differs from it.

``report init`` records the approved budget (``record_from``) on its own protected sheet
with a fingerprint: the sha256 of a canonical serialisation of the record
(``fingerprint``). ``check`` measures the editable Budget sheet against the record
(``differences``), accepting a difference only when STAR has approved the change in
writing (``ApprovedChange`` with date and reference, ``covering_change``), and the record
against the approved ``budget.xlsx`` (``budget_differences``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from hir_docs.labels import normalise
from hir_docs.model import Budget
from hir_docs.model.projectdata import (
    ApprovedChange,
    ApprovedGrant,
    ApprovedLine,
    ProjectData,
    SpendLine,
)

FINGERPRINT_VERSION = "hir-docs tilsagn 1"


def line_dict(line: ApprovedLine) -> dict[str, Any]:
    """An approved budget line as JSON (the fingerprint's and the grant record's)."""
    return {
        "key": line.key,
        "post": line.post,
        "function": line.function,
        "amount": line.amount,
        "years": {str(y): a for y, a in sorted(line.years.items())},
        "eligible": line.eligible,
    }


def canonical(grant: ApprovedGrant) -> str:
    """The record as one canonical JSON text (sorted keys, ISO dates, no fingerprint or
    location): what the fingerprint is computed from."""
    body: dict[str, Any] = {
        "version": FINGERPRINT_VERSION,
        "grant": grant.grant,
        "lines": [line_dict(line) for line in grant.lines],
        "income": dict(sorted(grant.income.items())),
        "project_start": iso(grant.project_start),
        "project_end": iso(grant.project_end),
        "journal_number": grant.journal_number,
        "deadlines": {k: iso(v) for k, v in sorted(grant.deadlines.items())},
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(grant: ApprovedGrant) -> str:
    """sha256 (hex) of ``canonical(grant)``."""
    import hashlib  # only when a grant is fingerprinted (~2 ms of every process)

    return hashlib.sha256(canonical(grant).encode("utf-8")).hexdigest()


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def sealed(grant: ApprovedGrant) -> ApprovedGrant:
    """The record with its fingerprint computed."""
    return dataclasses.replace(grant, fingerprint=fingerprint(grant))


def record_from(data: ProjectData) -> ApprovedGrant:
    """The approved grant recorded from project data as ``report init`` fills it: every
    approved expense line, the income rows, the grant, the project period, the journal
    number and any deadlines already entered. Sealed with its fingerprint."""
    lines = [
        ApprovedLine(
            line.key,
            line.post,
            line.function,
            line.budget,
            dict(line.approved_amounts),
            line.eligible,
        )
        for line in data.lines
        if line.approved
    ]
    deadlines = {r.key: r.deadline for r in data.reports if r.deadline is not None}
    return sealed(
        ApprovedGrant(
            grant=data.grant,
            lines=lines,
            income=dict(data.income),
            project_start=data.project_start,
            project_end=data.project_end,
            journal_number=data.journal_number,
            deadlines=deadlines,
        )
    )


# --- differences ------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One way the project data (or the approved budget.xlsx) differs from the record."""

    line: str  # line key ("L3") or income row name
    label: str  # "Linje L3 (Transport: ...)" / "Indtægten 'Tilskud fra ...'"
    what: str  # "budget", "year:2018", "eligible", "missing", "extra", "income", "post"
    recorded: Any  # as in the record
    found: Any  # as in the project data / budget.xlsx
    location: str | None = None
    income: bool = False


def line_label(key: str, post: str, function: str | None) -> str:
    return f"Linje {key} ({post}: {function})" if function else f"Linje {key} ({post})"


def income_label(name: str) -> str:
    return f"Indtægten '{name}'"


def _line_differences(rec: ApprovedLine, line: SpendLine, location: str | None) -> list[Difference]:
    label = line_label(rec.key, rec.post, rec.function)
    out = []
    if line.budget != rec.amount:  # the total: its years are not listed as well
        out.append(Difference(rec.key, label, "budget", rec.amount, line.budget, location))
    years = set(rec.years) | set(line.approved_amounts) if line.budget == rec.amount else set()
    for year in sorted(years):
        old, new = rec.years.get(year, 0), line.approved_amounts.get(year, 0)
        if old != new:
            out.append(Difference(rec.key, label, f"year:{year}", old, new, location))
    if line.eligible != rec.eligible:
        out.append(Difference(rec.key, label, "eligible", rec.eligible, line.eligible, location))
    same_post = normalise(line.post) == normalise(rec.post)
    if not same_post or normalise(line.function) != normalise(rec.function):
        recorded = f"{rec.post}: {rec.function}" if rec.function else rec.post
        out.append(Difference(rec.key, label, "post", recorded, line.label, location))
    return out


def _by_name(income: dict[str, int]) -> dict[str, tuple[str, int]]:
    return {normalise(k): (k, v) for k, v in income.items()}


def income_differences(
    recorded: dict[str, int], found: dict[str, int | None], locations: dict[str, str] | None = None
) -> list[Difference]:
    """Income rows (other grantors and own financing) that differ: amount changed, row
    added or removed (a row of 0 kr. is no row)."""
    rec = _by_name({k: v for k, v in recorded.items() if v})
    now = _by_name({k: int(v) for k, v in found.items() if v})
    out = []
    for key in [*rec, *(k for k in now if k not in rec)]:
        name = (rec.get(key) or now[key])[0]
        old, new = rec.get(key, (name, 0))[1], now.get(key, (name, 0))[1]
        if old != new:
            loc = (locations or {}).get(name)
            out.append(Difference(name, income_label(name), "income", old, new, loc, income=True))
    return out


def differences(data: ProjectData) -> list[Difference]:
    """Every difference between the Budget sheet of the project data and the record."""
    grant = data.approved
    if grant is None:
        return []
    lines = {line.key: line for line in data.lines if line.approved}
    out: list[Difference] = []
    for rec in grant.lines:
        line = lines.pop(rec.key, None)
        if line is None:
            label = line_label(rec.key, rec.post, rec.function)
            out.append(Difference(rec.key, label, "missing", rec.amount, None))
        else:
            out.extend(_line_differences(rec, line, data.locations.get(f"budget:{rec.key}")))
    for line in lines.values():
        label = line_label(line.key, line.post, line.function)
        loc = data.locations.get(f"budget:{line.key}")
        out.append(Difference(line.key, label, "extra", None, line.budget, loc))
    locations = {k.removeprefix("income:"): v for k, v in data.locations.items()}
    out.extend(income_differences(grant.income, dict(data.income), locations))
    return out


def budget_differences(grant: ApprovedGrant, budget: Budget) -> list[Difference]:
    """Every difference between the record and the approved budget.xlsx: its lines in
    order (``report init`` numbers them L1, L2, ...), their amounts per year, totals and
    eligibility, the income rows and the amount applied for."""
    out: list[Difference] = []
    for i, rec in enumerate(grant.lines):
        label = line_label(rec.key, rec.post, rec.function)
        if i >= len(budget.lines):
            out.append(Difference(rec.key, label, "missing", rec.amount, None))
            continue
        bl = budget.lines[i]
        years = {int(y): int(v) for y, v in bl.amounts.items() if v is not None}
        total = bl.total if bl.total is not None else sum(years.values())
        line = SpendLine(
            rec.key,
            bl.post,
            bl.function,
            approved_amounts=years,
            budget=int(total),
            eligible=bl.eligible,
            location=bl.location,
        )
        out.extend(_line_differences(rec, line, bl.total_location or bl.location))
    for j, bl in enumerate(budget.lines[len(grant.lines) :], start=len(grant.lines) + 1):
        total = bl.total or 0
        out.append(
            Difference(
                f"L{j}",
                line_label(f"L{j}", bl.post, bl.function),
                "extra",
                None,
                total,
                bl.location,
            )
        )
    income_locs = {bl.post: bl.location for bl in budget.income_lines if bl.location}
    out.extend(income_differences(grant.income, dict(budget.income), income_locs))
    requested = budget.requested_amount
    if grant.grant is not None and requested is not None and requested != grant.grant:
        out.append(
            Difference(
                "grant",
                "Ansøgt tilskud fra STAR",
                "grant",
                grant.grant,
                requested,
                budget.requested_row.total_location if budget.requested_row else None,
            )
        )
    return out


# --- approved changes -------------------------------------------------------------------


def change_complete(change: ApprovedChange) -> bool:
    """A change counts only with the date of STAR's written approval and its reference."""
    return change.approved_on is not None and bool((change.reference or "").strip())


def _names(grant: ApprovedGrant, key: str) -> set[str]:
    """What a change may write for a line: its key, its post, its label."""
    for line in grant.lines:
        if line.key == key:
            names = {line.key, line.post}
            if line.function:
                names |= {line.function, f"{line.post}: {line.function}"}
            return {normalise(n) for n in names}
    return {normalise(key)}


def changes_for(
    grant: ApprovedGrant, key: str, changes: list[ApprovedChange]
) -> list[ApprovedChange]:
    """The complete approved changes that name ``key`` (a line key or an income name),
    latest approval last."""
    names = _names(grant, key)
    found = [c for c in changes if change_complete(c) and normalise(c.line) in names]
    return sorted(found, key=lambda c: c.approved_on or dt.date.min)


def covering_change(
    grant: ApprovedGrant, diff: Difference, changes: list[ApprovedChange]
) -> ApprovedChange | None:
    """The approved change that makes ``diff`` right: the latest complete change of the
    line or income row whose new amount is what the project data says (a line's years
    may be redistributed by it). Eligibility and post are never changed by an amount."""
    if diff.what in ("eligible", "post"):
        return None
    found = changes_for(grant, diff.line, changes)
    if not found:
        return None
    latest = found[-1]
    if diff.what.startswith("year:"):
        return latest
    current = diff.found or 0
    return latest if (latest.new_amount or 0) == current else None


def approved_amount(grant: ApprovedGrant, key: str, changes: list[ApprovedChange]) -> int:
    """What is approved now for a line (key) or an income row (name): the new amount of
    the latest complete change STAR approved for it, else the amount recorded."""
    found = [c for c in changes_for(grant, key, changes) if c.new_amount is not None]
    if found:
        return int(found[-1].new_amount or 0)
    for line in grant.lines:
        if line.key == key:
            return line.amount
    return next((v for k, v in grant.income.items() if normalise(k) == normalise(key)), 0)
