"""Reader of the grant sheets of the project-data workbook: the approved grant as
recorded (Tilsagn), the changes STAR approved (Godkendte ændringer) and the money
received from other grantors (Indtægter). A sheet that is absent (an old file) leaves its
part of the model empty."""

from __future__ import annotations

from typing import Any

from hir_docs.findings import HirDocsError
from hir_docs.forms import projectdata_layout as L
from hir_docs.labels import normalise
from hir_docs.model.projectdata import (
    ApprovedChange,
    ApprovedGrant,
    ApprovedLine,
    ProjectData,
    parse_period,
)
from hir_docs.pools import Pool
from hir_docs.readers.projectdata_sheets import get, loc, sheet, table, text
from hir_docs.values import parse_amount, parse_date


def _report_key(title: str | None, raw_period: str | None, prefixes: dict[str, str]) -> str | None:
    """'Statusrapport 1. halvår 2018' + '2018-H1' -> 'status:2018-H1'; 'Slutrapport' -> 'final'
    (``prefixes``: the pool's report titles -> key prefix)."""
    if not title:
        return None
    prefix = next((k for t, k in prefixes.items() if title.startswith(t)), None)
    if prefix is None:
        return None
    if prefix in ("status", "part"):
        try:
            return f"{prefix}:{parse_period(raw_period or '')}"
        except HirDocsError:
            return None
    return prefix


def read_grant(wb: Any, data: ProjectData, pool: Pool | None = None) -> None:
    """The Tilsagn sheet: the approved grant as recorded (None when the sheet is absent)."""
    ws = sheet(wb, L.GRANT)
    if ws is None:
        return
    grant = ApprovedGrant(location=f"{ws.title}!A1")
    labels = {normalise(label): key for key, label in L.GRANT_FIELDS.items()}
    for _row, v in table(ws, L.GRANT_HEADER[0])[1]:
        key = labels.get(normalise(get(v, L.GRANT_HEADER[0])))
        raw = get(v, L.GRANT_HEADER[1])
        if key == "grant":
            grant.grant = parse_amount(raw)
        elif key in ("project_start", "project_end"):
            setattr(grant, key, parse_date(raw))
        elif key in ("journal_number", "fingerprint"):
            setattr(grant, key, text(raw))
    heads, rows = table(ws, L.H_LINE)
    years = sorted(
        int(t) for h in heads if h.startswith("budget ") for t in h.split() if t.isdigit()
    )
    for _row, v in rows:
        key, post = text(get(v, L.H_LINE)), text(get(v, L.H_POST))
        if not key or not post:
            continue
        amounts = {y: parse_amount(get(v, L.h_year(y))) for y in years}
        grant.lines.append(
            ApprovedLine(
                key,
                post,
                text(get(v, L.H_FUNCTION)),
                parse_amount(get(v, L.H_TOTAL)) or 0,
                {y: a for y, a in amounts.items() if a is not None},
                normalise(get(v, L.H_ELIGIBLE)) == normalise(L.YES),
            )
        )
    for _row, v in table(ws, L.H_INCOME)[1]:
        name, amount = text(get(v, L.H_INCOME)), parse_amount(get(v, L.H_AMOUNT))
        if name and amount is not None:
            grant.income[name] = amount
    prefixes = L.report_prefixes(pool)
    for _row, v in table(ws, L.H_REPORT)[1]:
        key = _report_key(text(get(v, L.H_REPORT)), text(get(v, L.H_PERIOD)), prefixes)
        day = parse_date(get(v, L.H_GRANT_DEADLINE))
        if key and day:
            grant.deadlines[key] = day
    data.approved = grant


def read_changes(wb: Any, data: ProjectData) -> None:
    heads, rows = table(sheet(wb, L.CHANGES), L.H_CHANGE_DATE, gaps=True)
    for row, v in rows:
        line = text(get(v, L.H_CHANGE_LINE))
        date, ref = parse_date(get(v, L.H_CHANGE_DATE)), text(get(v, L.H_CHANGE_REF))
        old, new = parse_amount(get(v, L.H_CHANGE_OLD)), parse_amount(get(v, L.H_CHANGE_NEW))
        note = text(get(v, L.H_NOTE))
        if not any((line, date, ref, old, new, note)):
            continue
        where = loc(L.CHANGES, heads, L.H_CHANGE_DATE, row)
        data.approved_changes.append(ApprovedChange(date, ref, line or "", old, new, note, where))


def read_income_received(wb: Any, data: ProjectData) -> None:
    heads, rows = table(sheet(wb, L.INCOME), L.H_GRANTOR, gaps=True)
    prefix = normalise(L.H_RECEIVED_PREFIX)
    periods: dict[str, str] = {}
    for label in heads:
        if label.startswith(prefix):
            try:
                periods[label] = parse_period("".join(label.split()[1:3]))
            except HirDocsError:
                continue
    for row, v in rows:
        name = text(get(v, L.H_GRANTOR))
        if not name:
            continue
        received = {}
        for label, period in periods.items():
            amount = parse_amount(v.get(label))
            if amount is not None:
                received[period] = amount
        data.income_received[name] = received
        data.income_locations[name] = loc(L.INCOME, heads, L.H_GRANTOR, row)
