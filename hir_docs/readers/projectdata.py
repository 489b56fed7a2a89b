"""Reader for the project-data workbook (kind "projectdata").

Recognised by the marker hir-docs writes in Vejledning!A1; read by sheet names, header
labels and row labels (hir_docs.forms.projectdata_layout), never by coordinate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hir_docs.files import sheetcache
from hir_docs.files.failures import library_output_muted
from hir_docs.findings import DocKind, HirDocsError
from hir_docs.forms import projectdata_layout as L
from hir_docs.labels import matches, normalise
from hir_docs.model.projectdata import (
    CaseworkerLoad,
    Instalment,
    Obligation,
    ProjectData,
    ReportDue,
    SpendLine,
    parse_period,
)
from hir_docs.pools import Pool
from hir_docs.pools.reports import ReportLayout, report_layout
from hir_docs.readers.base import FormReader, Probe, ReadResult
from hir_docs.readers.projectdata_grant import read_changes, read_grant, read_income_received
from hir_docs.readers.projectdata_sheets import calamine_book
from hir_docs.readers.projectdata_sheets import get as _get
from hir_docs.readers.projectdata_sheets import loc as _loc
from hir_docs.readers.projectdata_sheets import sheet as _sheet
from hir_docs.readers.projectdata_sheets import table as _table
from hir_docs.readers.projectdata_sheets import text as _text
from hir_docs.rules import Context
from hir_docs.values import parse_amount, parse_date, parse_number, parse_percent_range

if TYPE_CHECKING:
    pass


def detect(probe: Probe) -> int:
    marker = normalise(L.MARKER)
    if any(marker in t for t in probe.texts[:5]):
        return 100
    names = {normalise(n) for n in probe.sheet_names}
    wanted = {normalise(n) for n in (L.SPENDING, L.PROJECT, L.BUDGET, L.INSTALMENTS)}
    return 40 if wanted <= names else 0


def _keyed(
    wb: Any, sheet: str, first: str, column: str, labels: dict[str, str]
) -> tuple[dict[str, int], list[tuple[int, str, dict[str, Any]]]]:
    """Rows of a table whose ``column`` holds one of ``labels`` (key -> label): (row, key, values)."""
    heads, rows = _table(_sheet(wb, sheet), first)
    by_label = {normalise(label): key for key, label in labels.items()}
    found = []
    for row, values in rows:
        key = by_label.get(normalise(_get(values, column)))
        if key is not None:
            found.append((row, key, values))
    return heads, found


def _project(wb: Any, data: ProjectData, pool: Pool | None) -> None:
    labels = {key: label for key, (label, _) in L.project_fields(pool).items()}
    heads, rows = _keyed(wb, L.PROJECT, L.PROJECT_HEADER[0], L.PROJECT_HEADER[0], labels)
    for row, key, values in rows:
        raw = _get(values, L.PROJECT_HEADER[1])
        data.locations[key] = _loc(L.PROJECT, heads, L.PROJECT_HEADER[1], row)
        if key in ("grant", "requested_amount"):
            setattr(data, key, parse_amount(raw))
        elif key == "participants":
            number = parse_number(raw)
            data.participants = None if number is None else int(number)
        elif key in ("project_start", "project_end"):
            setattr(data, key, parse_date(raw))
        elif key == "municipality_code" and isinstance(raw, int | float):
            if parse_number(raw) is not None:  # not NaN, infinity or an absurd number
                data.municipality_code = str(int(raw))
        else:
            setattr(data, key, _text(raw))
    if data.passive_target_raw:
        data.passive_target = parse_percent_range(data.passive_target_raw)


def _budget(wb: Any, data: ProjectData) -> dict[str, SpendLine]:
    heads, rows = _table(_sheet(wb, L.BUDGET), L.H_LINE)
    years = []
    for label in heads:
        for token in label.split():
            if token.isdigit() and len(token) == 4 and label.startswith("budget "):
                years.append(int(token))
    data.years = sorted(set(years))
    lines: dict[str, SpendLine] = {}
    for row, v in rows:
        key = _text(_get(v, L.H_LINE))
        post = _text(_get(v, L.H_POST))
        if not key or not post:
            continue
        data.locations[f"budget:{key}"] = _loc(L.BUDGET, heads, L.H_TOTAL, row)
        amounts = {y: parse_amount(_get(v, L.h_year(y))) for y in data.years}
        lines[key] = SpendLine(
            key=key,
            post=post,
            function=_text(_get(v, L.H_FUNCTION)),
            persons=parse_number(_get(v, L.H_PERSONS)),
            hours=parse_number(_get(v, L.H_HOURS)),
            rate=parse_number(_get(v, L.H_RATE)),
            approved_amounts={y: a for y, a in amounts.items() if a is not None},
            budget=parse_amount(_get(v, L.H_TOTAL)) or 0,
            eligible=normalise(_get(v, L.H_ELIGIBLE)) == normalise(L.YES),
        )
    income_heads, income = _table(_sheet(wb, L.BUDGET), L.H_INCOME)
    for row, v in income:
        name, amount = _text(_get(v, L.H_INCOME)), parse_amount(_get(v, L.H_AMOUNT))
        if name and amount:
            data.income[name] = amount
            data.locations[f"income:{name}"] = _loc(L.BUDGET, income_heads, L.H_AMOUNT, row)
    return lines


def _spending(wb: Any, data: ProjectData, approved: dict[str, SpendLine]) -> None:
    heads, rows = _table(_sheet(wb, L.SPENDING), L.H_LINE, gaps=True)
    periods = []
    for label in heads:
        if label.startswith("forbrug ") and label != normalise(L.H_SPENT_TOTAL):
            parts = label.split()
            try:
                periods.append(parse_period("".join(parts[1:3])))
            except HirDocsError:  # not a period column
                continue
    data.periods = sorted(set(periods))
    seen: set[str] = set()
    extra = 0
    for row, v in rows:
        key = _text(_get(v, L.H_LINE))
        post = _text(_get(v, L.H_POST))
        spent = {}
        for p in data.periods:
            amount = parse_amount(_get(v, L.h_spent(p)))
            if amount is not None:
                spent[p] = amount
        remark = _text(_get(v, L.H_REMARK))
        remarks = {p: t for p in data.periods if (t := _text(_get(v, L.h_remark(p))))}
        location = _loc(L.SPENDING, heads, L.H_POST, row)
        if key and key in approved and key not in seen:  # a copied row is an extra line
            line = approved[key]
            seen.add(key)
        elif post or spent or remark or remarks:
            extra += 1
            own_key = key if key and key not in approved else f"X{extra}"
            line = SpendLine(key=own_key, post=post or "(uden udgiftspost)")
            line.function, line.approved, line.eligible = _text(_get(v, L.H_FUNCTION)), False, False
        else:
            continue
        line.spent, line.remark, line.location = spent, remark, location
        line.remarks = remarks
        data.lines.append(line)
    data.lines.extend(line for key, line in approved.items() if key not in seen)


def _texts(wb: Any, data: ProjectData, lay: ReportLayout) -> None:
    heads, rows = _keyed(wb, L.STATUS, L.H_PERIOD, L.H_SECTION, lay.status_sections)
    for row, key, v in rows:
        raw_period = _text(_get(v, L.H_PERIOD))
        if raw_period is None:
            continue
        try:
            period = parse_period(raw_period)
        except HirDocsError:  # a mistyped period is just skipped
            continue
        data.locations[f"status:{period}:{key}"] = _loc(L.STATUS, heads, L.H_TEXT, row)
        text = _text(_get(v, L.H_TEXT))
        if text:
            data.status_texts.setdefault(period, {})[key] = text
    heads, rows = _keyed(wb, L.FINAL, L.H_SECTION, L.H_SECTION, lay.final_sections)
    for row, key, v in rows:
        data.locations[f"final:{key}"] = _loc(L.FINAL, heads, L.H_TEXT, row)
        text = _text(_get(v, L.H_TEXT))
        if text:
            data.final_texts[key] = text


def _criteria(wb: Any, data: ProjectData, lay: ReportLayout) -> None:
    _, rows = _keyed(wb, L.CRITERIA, L.H_CRITERION, L.H_CRITERION, lay.criteria)
    for _row, key, v in rows:
        data.criteria[key] = {m: parse_number(_get(v, label)) for m, label in lay.measures.items()}
        note = _text(_get(v, L.H_NOTE))
        if note:
            data.criteria_notes[key] = note


def _labour(wb: Any, data: ProjectData) -> None:
    _, rows = _table(_sheet(wb, L.LABOUR), L.H_STATUS)
    for _row, v in rows:
        cat = _text(_get(v, L.H_STATUS))
        if not cat or matches(cat, L.TOTAL_LABEL):
            continue
        start, end = parse_number(_get(v, L.H_AT_START)), parse_number(_get(v, L.H_AT_END))
        data.labour_status[cat] = (
            None if start is None else int(start),
            None if end is None else int(end),
        )


def _instalments(wb: Any, data: ProjectData) -> None:
    heads, rows = _table(_sheet(wb, L.INSTALMENTS), L.H_PAID_DATE, gaps=True)
    for row, v in rows:
        amount = parse_amount(_get(v, L.H_AMOUNT))
        if amount is None:
            continue
        raw_period = _text(_get(v, L.H_PERIOD))
        try:
            period = parse_period(raw_period) if raw_period else None
        except HirDocsError:
            period = None
        date = parse_date(_get(v, L.H_PAID_DATE))
        loc = _loc(L.INSTALMENTS, heads, L.H_AMOUNT, row)
        data.instalments.append(Instalment(date, period, amount, loc))


def _reports(wb: Any, data: ProjectData, pool: Pool | None) -> None:
    prefixes = L.report_prefixes(pool)
    heads, rows = _table(_sheet(wb, L.REPORTS), L.H_REPORT)
    for row, v in rows:
        title = _text(_get(v, L.H_REPORT))
        if not title:
            continue
        prefix = next((k for t, k in prefixes.items() if title.startswith(t)), None)
        if prefix is None:
            continue
        raw_period = _text(_get(v, L.H_PERIOD))
        period = parse_period(raw_period) if raw_period and prefix in ("status", "part") else None
        key = f"{prefix}:{period}" if period else prefix
        deadline = parse_date(_get(v, L.H_DEADLINE))
        submitted = parse_date(_get(v, L.H_SUBMITTED))
        expected = parse_date(_get(v, L.H_EXPECTED))
        loc = _loc(L.REPORTS, heads, L.H_SUBMITTED, row)
        data.reports.append(ReportDue(key, title, period, deadline, submitted, loc, expected))
        if deadline is not None:
            data.locations[f"deadline:{key}"] = _loc(L.REPORTS, heads, L.H_DEADLINE, row)


def _caseload(wb: Any, data: ProjectData) -> None:
    heads, rows = _table(_sheet(wb, L.CASELOAD), L.H_CASEWORKER, gaps=True)
    prefix = normalise(L.CASELOAD_PREFIX)
    dates = {}
    for label in heads:
        if label.startswith(prefix):
            day = parse_date("-".join(label[len(prefix) :].split()))  # "31 03 2018"
            if day is not None:
                dates[label] = day
    data.snapshot_dates = sorted(dates.values())
    for row, v in rows:
        name = _text(_get(v, L.H_CASEWORKER))
        if not name:
            continue
        totals = {}
        cells = {}
        for label, day in dates.items():
            cells[day] = _loc(L.CASELOAD, heads, label, row)
            number = parse_number(v.get(label))
            if number is not None:
                totals[day] = int(number)
        hours = parse_number(_get(v, L.H_WEEK_HOURS))
        location = _loc(L.CASELOAD, heads, L.H_CASEWORKER, row)
        start, end = parse_date(_get(v, L.H_CW_START)), parse_date(_get(v, L.H_CW_END))
        load = CaseworkerLoad(name, hours, totals, location, cells, start, end)
        data.caseworkers.append(load)


def _obligations(wb: Any, data: ProjectData, lay: ReportLayout) -> None:
    heads, rows = _keyed(wb, L.OBLIGATIONS, L.H_OBLIGATION, L.H_OBLIGATION, lay.obligations)
    for row, key, v in rows:
        raw = normalise(_get(v, L.H_DONE))
        done = True if raw == normalise(L.YES) else False if raw == normalise(L.NO) else None
        data.obligations[key] = Obligation(
            key,
            done,
            parse_date(_get(v, L.H_DONE_DATE)),
            _text(_get(v, L.H_NOTE)),
            _loc(L.OBLIGATIONS, heads, L.H_DONE, row),
        )


def read_projectdata(path: Path, pool: Pool | None = None) -> ProjectData:
    """The project-data workbook of ``pool`` (default: the default pool), read by its
    sheet names, header labels and the pool's row labels (sections, criteria, duties)."""
    # openpyxl warns on stderr about absurd date serials and prints about broken style
    # indexes; what is wrong in the file is reported as findings, never on the terminal.
    with library_output_muted():
        try:
            book = calamine_book(path)
            if book is not None:
                return _read_book(book, pool)
        finally:
            sheetcache.release(path)
        return _read_projectdata(path, pool)


def _read_projectdata(path: Path, pool: Pool | None = None) -> ProjectData:
    """The workbook read with openpyxl (what calamine cannot read as openpyxl would)."""
    from openpyxl import load_workbook  # only here: `check` of other forms never loads it

    wb = load_workbook(path, data_only=True)
    try:
        return _read_book(wb, pool)
    finally:
        wb.close()


def _read_book(wb: Any, pool: Pool | None) -> ProjectData:
    data = ProjectData()
    lay = report_layout(pool)
    _project(wb, data, pool)
    approved = _budget(wb, data)
    _spending(wb, data, approved)
    _texts(wb, data, lay)
    _criteria(wb, data, lay)
    _labour(wb, data)
    _instalments(wb, data)
    _reports(wb, data, pool)
    _caseload(wb, data)
    _obligations(wb, data, lay)
    read_grant(wb, data, pool)
    read_changes(wb, data)
    read_income_received(wb, data)
    return data


def _fields(data: ProjectData) -> dict[str, Any]:
    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "project_name": data.project_name,
        "municipality": data.municipality,
        "municipality_code": data.municipality_code,
        "grant": data.grant,
        "participants": data.participants,
        "project_start": iso(data.project_start),
        "project_end": iso(data.project_end),
        "periods": data.periods,
        "lines": [
            {
                "key": ln.key,
                "post": ln.post,
                "function": ln.function,
                "budget": ln.budget,
                "approved": ln.approved,
                "eligible": ln.eligible,
                "spent": ln.spent,
                "spent_total": ln.spent_until(None),
            }
            for ln in data.lines
        ],
        "instalments_paid": sum(i.amount for i in data.instalments),
    }


def read(path: Path, ctx: Context) -> ReadResult:
    data = read_projectdata(path, ctx.pool)
    return ReadResult(data, _fields(data))


READER = FormReader(DocKind.PROJECTDATA, (".xlsx",), detect, read)
