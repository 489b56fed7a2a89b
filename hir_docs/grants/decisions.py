"""STAR's decisions: the sheet "Afgørelser" and reading it back by its headers.

``write_decisions`` reads the overview workbook ``hir-docs bulk`` wrote (sheets
Ansøgninger and Filer, by their header texts) and writes a decision workbook: one row per
municipality of the overview, pre-filled with the municipality, the submission, the
project, the amount applied for and the application and budget files the overview read;
yellow input cells for the decision (granted ja/nej, amount granted, journal number,
conditions, the reason of a refusal) and for the deadline STAR sets for every report and
accounts the project owes (the project data's report keys: ``default_reports``), with data
validation. A sheet "Oplysninger" names the pool.

``read_decisions`` reads the sheet by header text, never by coordinate: a header may move
or be renamed within its label; a bad cell is a finding on that row, never a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.ooxml import save_workbook
from hir_docs.files.output import atomic_write, ensure_writable
from hir_docs.findings import Finding, HirDocsError
from hir_docs.formatting import kr, scrub_cpr
from hir_docs.labels import normalise
from hir_docs.model.projectdata import ReportDue, default_reports
from hir_docs.pools import Pool, load_pool
from hir_docs.render.workbook_cells import (
    DATE,
    KR,
    date_validation,
    header,
    number_validation,
    print_landscape,
    put,
)
from hir_docs.rules.grants import DECISION_INVALID
from hir_docs.values import parse_amount, parse_date

SHEET = "Afgørelser"
INFO_SHEET = "Oplysninger"
POOL_LABEL = "Pulje (id)"

# Pre-filled from the overview (key -> header).
CODE, NAME, SUBMISSION, PROJECT, APPLIED = "code", "name", "submission", "project", "applied"
APPLICATION_FILE, BUDGET_FILE = "application_file", "budget_file"
# STAR's input.
GRANTED, AMOUNT, JOURNAL, CONDITIONS, REASON = (
    "granted",
    "amount",
    "journal",
    "conditions",
    "reason",
)
HEADERS: dict[str, str] = {
    CODE: "Kommunekode",
    NAME: "Kommune",
    SUBMISSION: "Indsendelse",
    PROJECT: "Projektets navn",
    APPLIED: "Ansøgt beløb",
    APPLICATION_FILE: "Ansøgningsskema (fil)",
    BUDGET_FILE: "Budgetskema (fil)",
    GRANTED: "Bevilget (ja/nej)",
    AMOUNT: "Bevilget beløb",
    JOURNAL: "Journalnummer",
    CONDITIONS: "Vilkår",
    REASON: "Begrundelse for afslag",
}
REQUIRED = (CODE, NAME, SUBMISSION, APPLIED, GRANTED, AMOUNT, JOURNAL)
WIDTHS = {CODE: 12, NAME: 20, SUBMISSION: 16, PROJECT: 30, APPLIED: 14}
DEADLINE_PREFIX = "Frist: "
_DEADLINE = re.compile(r"^\s*frist:.*\(([a-z]+(?::\d{4}-h[12])?)\)\s*$", re.I)


def deadline_header(report: ReportDue) -> str:
    """'Frist: Statusrapport 1. halvår 2018 (status:2018-H1)': the title for people, the
    project data's report key in parentheses (what the reader goes by)."""
    return f"{DEADLINE_PREFIX}{report.title} ({report.key})"


@dataclass
class Decision:
    """One row of the sheet Afgørelser as read."""

    row: int
    code: str | None
    municipality: str | None
    submission: str | None
    project_name: str | None
    applied: int | None
    application_file: str | None
    budget_file: str | None
    granted: bool | None = None  # None: not decided yet
    amount: int | None = None
    journal_number: str | None = None
    conditions: str | None = None
    reason: str | None = None
    deadlines: dict[str, dt.date | None] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)  # key -> "Afgørelser!H3"
    invalid: bool = False  # a cell could not be read (a finding says which)

    def location(self, key: str) -> str:
        return self.locations.get(key, f"{SHEET}!A{self.row}")


# --- the overview ------------------------------------------------------------------------


def _header_map(ws: Worksheet, labels: dict[str, str]) -> dict[str, int]:
    """key -> column (1-based) of the header whose text is the label."""
    wanted = {normalise(v): k for k, v in labels.items()}
    found: dict[str, int] = {}
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for col, value in enumerate(first, start=1):
        key = wanted.get(normalise(value)) if value is not None else None
        if key is not None and key not in found:
            found[key] = col
    return found


def _rows(ws: Worksheet) -> list[tuple[int, tuple[Any, ...]]]:
    return [
        (i, row)
        for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)
        if any(v not in (None, "") for v in row)
    ]


def _open(path: Path, what: str) -> Any:
    try:
        return load_workbook(path, data_only=True)
    except Exception as exc:
        raise HirDocsError(
            f"{path.name} kunne ikke læses som {what} ({type(exc).__name__})."
        ) from None


def _cell(row: tuple[Any, ...], col: int | None) -> Any:
    if col is None or col > len(row):
        return None
    value = row[col - 1]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return scrub_cpr(str(value).strip()) or None


OVERVIEW = {
    CODE: "Kommunekode",
    NAME: "Kommune",
    SUBMISSION: "Indsendelse",
    PROJECT: "Projektets navn",
    APPLIED: "Ansøgt beløb",
}
FILES = {"file": "Fil", "submission": "Indsendelse", "kind": "Skema"}


def overview_rows(path: Path) -> list[dict[str, Any]]:
    """The overview's municipalities (sheet Ansøgninger, by header text) with the
    application and budget file each submission holds (sheet Filer)."""
    wb = _open(path, "oversigt fra 'hir-docs bulk'")
    if "Ansøgninger" not in wb.sheetnames:
        raise HirDocsError(
            f"{path.name} har intet ark 'Ansøgninger'. Angiv oversigten, som 'hir-docs bulk' skrev."
        )
    ws = wb["Ansøgninger"]
    cols = _header_map(ws, OVERVIEW)
    missing = [OVERVIEW[k] for k in (CODE, NAME, SUBMISSION, APPLIED) if k not in cols]
    if missing:
        raise HirDocsError(
            f"Arket 'Ansøgninger' i {path.name} mangler kolonnen {', '.join(missing)}."
        )
    files: dict[str, dict[str, str]] = {}
    if "Filer" in wb.sheetnames:
        fws = wb["Filer"]
        fcols = _header_map(fws, FILES)
        for _i, row in _rows(fws):
            sub, kind, name = (
                _text(_cell(row, fcols.get(k))) for k in ("submission", "kind", "file")
            )
            if sub and kind and name:
                files.setdefault(sub, {}).setdefault(kind, name)
    out = []
    for _i, row in _rows(ws):
        values = {k: _cell(row, c) for k, c in cols.items()}
        code = _text(values.get(CODE))
        if code is None:  # a submission without a municipality: nothing to decide on
            continue
        sub = _text(values.get(SUBMISSION)) or ""
        out.append(
            {
                CODE: code,
                NAME: _text(values.get(NAME)),
                SUBMISSION: sub,
                PROJECT: _text(values.get(PROJECT)),
                APPLIED: parse_amount(values.get(APPLIED)),
                APPLICATION_FILE: files.get(sub, {}).get("ansøgningsskema"),
                BUDGET_FILE: files.get(sub, {}).get("budgetskema"),
            }
        )
    return out


# --- writing ---------------------------------------------------------------------------


def write_decisions(
    overview: Path, out: Path, *, force: bool = False, pool: Pool | None = None
) -> Path:
    """Write the decision workbook for the overview's municipalities."""
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"{out.name}: afgørelserne skal gemmes som .xlsx, fx afgoerelser.xlsx.")
    ensure_writable(out, force)
    pool = pool or load_pool()
    rows = overview_rows(overview)
    reports = default_reports(pool, pool.date("project_end"))
    wb = Workbook()
    ws = wb.create_sheet(SHEET)
    wb.remove(wb.worksheets[0])
    keys = list(HEADERS)
    labels = [HEADERS[k] for k in keys] + [deadline_header(r) for r in reports]
    widths = [WIDTHS.get(k, 16) for k in keys] + [18 for _ in reports]
    header(ws, 1, labels, widths)
    ws.row_dimensions[1].height = 60
    col = {k: i for i, k in enumerate(keys, start=1)}
    first_deadline = len(keys) + 1
    for r, values in enumerate(rows, start=2):
        for key in (CODE, NAME, SUBMISSION, PROJECT, APPLICATION_FILE, BUDGET_FILE):
            put(ws, r, col[key], values[key])
        put(ws, r, col[APPLIED], values[APPLIED], fmt=KR)
        for key in (GRANTED, JOURNAL, CONDITIONS, REASON):
            put(ws, r, col[key], None, inp=True)
        put(ws, r, col[AMOUNT], None, inp=True, fmt=KR)
        for i in range(len(reports)):
            put(ws, r, first_deadline + i, None, inp=True, fmt=DATE)
    last = max(2, len(rows) + 1)
    yes_no = DataValidation(type="list", formula1='"ja,nej"', allow_blank=True)
    yes_no.error = "Skriv ja eller nej."
    yes_no.prompt = "ja: tilsagn; nej: afslag; tom: ikke afgjort endnu"
    yes_no.add(f"{get_column_letter(col[GRANTED])}2:{get_column_letter(col[GRANTED])}{last}")
    ws.add_data_validation(yes_no)
    amount = get_column_letter(col[AMOUNT])
    number_validation(ws, f"{amount}2:{amount}{last}")
    if reports:
        a = get_column_letter(first_deadline)
        b = get_column_letter(first_deadline + len(reports) - 1)
        date_validation(ws, f"{a}2:{b}{last}")
    # Printable: landscape, every column on the page's width, the header on every page, the
    # first columns frozen on screen.
    print_landscape(ws, "1:1")
    ws.freeze_panes = "C2"
    info = wb.create_sheet(INFO_SHEET)
    facts = [
        (POOL_LABEL, pool.id),
        ("Puljens navn", pool.name),
        ("Oversigt", overview.name),
        (
            "Sådan udfyldes arket",
            f"Udfyld de gule felter på arket {SHEET}: ja eller nej, det bevilgede beløb i hele "
            "kroner, journalnummeret, eventuelle vilkår og fristen for hver rapport og hvert "
            "regnskab. Kør derefter 'hir-docs grants letters'.",
        ),
    ]
    header(info, 1, ["Felt", "Værdi"], [24, 90])
    for r, (label, value) in enumerate(facts, start=2):
        put(info, r, 1, label)
        put(info, r, 2, value)

    def save(path: Path) -> None:
        save_workbook(wb, path)

    return atomic_write(out, save, force=force)


# --- reading ---------------------------------------------------------------------------


def _yes_no(value: Any) -> bool | None | str:
    """True / False / None (empty) / the text when it is neither."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = normalise(value)
    if text in ("ja", "j"):
        return True
    if text in ("nej", "n"):
        return False
    return str(value)


def _whole(value: Any) -> int | None | str:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else str(value)
    parsed = parse_amount(value)
    return parsed if parsed is not None else str(value)


def _day(value: Any) -> dt.date | None | str:
    if value in (None, ""):
        return None
    parsed = parse_date(value)
    return parsed if parsed is not None else str(value)


def read_decisions(path: Path) -> tuple[str, list[Decision], list[Finding]]:
    """(pool id, the rows of the sheet Afgørelser, findings about cells that cannot be
    read). HirDocsError when the file has no such sheet or lacks a required column."""
    wb = _open(path, "afgørelser")
    if SHEET not in wb.sheetnames:
        raise HirDocsError(
            f"{path.name} har intet ark '{SHEET}'. Angiv afgørelserne, som "
            "'hir-docs grants decisions' skrev (og STAR udfyldte)."
        )
    pool_id = _pool_id(wb)
    ws = wb[SHEET]
    cols = _header_map(ws, HEADERS)
    missing = [HEADERS[k] for k in REQUIRED if k not in cols]
    if missing:
        raise HirDocsError(f"Arket '{SHEET}' i {path.name} mangler kolonnen {', '.join(missing)}.")
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    deadline_cols = {
        m.group(1).replace("h", "H"): c
        for c, v in enumerate(first, start=1)
        if isinstance(v, str) and (m := _DEADLINE.match(v))
    }
    decisions: list[Decision] = []
    findings: list[Finding] = []
    for r, row in _rows(ws):
        d = Decision(
            row=r,
            code=_text(_cell(row, cols.get(CODE))),
            municipality=_text(_cell(row, cols.get(NAME))),
            submission=_text(_cell(row, cols.get(SUBMISSION))),
            project_name=_text(_cell(row, cols.get(PROJECT))),
            applied=parse_amount(_cell(row, cols.get(APPLIED))),
            application_file=_text(_cell(row, cols.get(APPLICATION_FILE))),
            budget_file=_text(_cell(row, cols.get(BUDGET_FILE))),
            journal_number=_text(_cell(row, cols.get(JOURNAL))),
            conditions=_text(_cell(row, cols.get(CONDITIONS))),
            reason=_text(_cell(row, cols.get(REASON))),
        )
        d.locations = {k: f"{SHEET}!{get_column_letter(c)}{r}" for k, c in cols.items()}
        d.locations |= {k: f"{SHEET}!{get_column_letter(c)}{r}" for k, c in deadline_cols.items()}
        who = d.municipality or d.code or f"række {r}"

        def bad(key: str, what: str, value: Any, decision: Decision = d, who: str = who) -> None:
            decision.invalid = True
            findings.append(
                DECISION_INVALID.finding(
                    f"{who}: {what} '{value}' kan ikke læses; brevet er ikke skrevet.",
                    file=str(path),
                    location=decision.location(key),
                )
            )

        granted = _yes_no(_cell(row, cols[GRANTED]))
        if isinstance(granted, str):
            bad(GRANTED, "Bevilget (ja/nej)", granted)
        else:
            d.granted = granted
        amount = _whole(_cell(row, cols[AMOUNT]))
        if isinstance(amount, str) or amount is not None and amount <= 0:
            bad(AMOUNT, "det bevilgede beløb", amount)
        else:
            d.amount = amount
        for key, c in deadline_cols.items():
            day = _day(_cell(row, c))
            if isinstance(day, str):
                bad(key, f"fristen {key}", day)
                d.deadlines[key] = None
            else:
                d.deadlines[key] = day
        if d.granted and d.amount is not None and d.applied is not None and d.amount > d.applied:
            d.invalid = True
            findings.append(
                DECISION_INVALID.finding(
                    f"{who}: det bevilgede beløb ({kr(d.amount)}) er større end det ansøgte "
                    f"({kr(d.applied)}); brevet er ikke skrevet.",
                    file=str(path),
                    location=d.location(AMOUNT),
                )
            )
        decisions.append(d)
    return pool_id, decisions, findings


def _pool_id(wb: Any) -> str:
    if INFO_SHEET in wb.sheetnames:
        for row in wb[INFO_SHEET].iter_rows(values_only=True):
            if row and normalise(row[0]) == normalise(POOL_LABEL) and len(row) > 1 and row[1]:
                return str(row[1]).strip()
    return load_pool().id
