"""The two citizen sheets: blank forms (``hir-docs forms``) and quick writers of
filled sheets (tests, examples, the synthetic bulk inbox, benchmarks).

- ``fraflyttede_borgere.xlsx``: "Skema til fraflyttede borgere" (puljeopslag, bilag;
  Q&A 2018, spørgsmål 2 om modulet): jobcenter at the top, one row per citizen.
- ``registreringsskema.xlsx``: the fields of STAR's registration module (Borger,
  Sagsbehandler, E-mail, Timer pr. uge, Dato start, Dato slut; Q&A 2018, spørgsmål 3-6).

Files are deterministic: fixed workbook properties and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.ooxml import save_workbook
from hir_docs.pools import load_pool
from hir_docs.pools.tables import sheet_headers

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: fill in here
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "dd-mm-yyyy"
BLANK_ROWS = 60
HEADER_ROW = 6

_POOL = load_pool()  # the default pool's module sheets (plug-in "caseload"); texts in texts.toml
RELOCATED_SHEET = "Fraflyttede"
RELOCATED_HEADERS: dict[str, str] = sheet_headers(_POOL, "relocated")  # <pool>/tables.toml
# Column widths by column key (a column another pool adds gets the default width).
WIDTHS = {"cpr": 16, "name": 28, "caseworker": 26, "email": 32, "start": 14, "end": 26}
WIDTHS |= {"destination": 24, "citizen": 18, "hours": 14}
REGISTRATION_WIDTH = {"caseworker": 34, "email": 30, "end": 14}  # where the sheets differ
DEFAULT_WIDTH = 18
RELOCATED_WIDTHS = [WIDTHS.get(k, DEFAULT_WIDTH) for k in RELOCATED_HEADERS]

REGISTRATION_SHEET = "Registreringer"
REGISTRATION_HEADERS: dict[str, str] = sheet_headers(_POOL, "registrations")
REGISTRATION_WIDTHS = [
    REGISTRATION_WIDTH.get(k, WIDTHS.get(k, DEFAULT_WIDTH)) for k in REGISTRATION_HEADERS
]

# The top lines ("" = the Jobcenter row, filled in) and the guide of each sheet.
RELOCATED_TOP = [line or None for line in _POOL.lines("relocated_top")]
RELOCATED_GUIDE = _POOL.lines("relocated_guide")
REGISTRATION_TOP = [line or None for line in _POOL.lines("registration_top")]
REGISTRATION_GUIDE = _POOL.lines("registration_guide")


# ------------------------------------------------------------------ determinism

# ------------------------------------------------------------------ blank forms


def _top(ws: Worksheet, lines: list[str | None], jobcenter: str | None, ncols: int) -> None:
    for i, text in enumerate(lines, start=1):
        if text is None:
            ws.cell(i, 1, "Jobcenter:").font = Font(bold=True)
            cell = ws.cell(i, 2, jobcenter)
            cell.fill = INPUT_FILL
            cell.border = BOX
            ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=3)
        else:
            cell = ws.cell(i, 1, text)
            cell.font = Font(bold=True, size=14) if i == 1 else Font(italic=True)


def _header(ws: Worksheet, row: int, headers: list[str], widths: list[int]) -> None:
    for c, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row, c, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = f"A{row + 1}"


def _input_rows(ws: Worksheet, first: int, count: int, formats: list[str]) -> None:
    for r in range(first, first + count):
        for c, fmt in enumerate(formats, start=1):
            cell = ws.cell(r, c)
            cell.fill = INPUT_FILL
            cell.border = BOX
            cell.number_format = fmt


def _guide(wb: Workbook, lines: list[str]) -> None:
    ws = wb.create_sheet("Vejledning")
    ws.column_dimensions["A"].width = 110
    for i, text in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=13)


@dataclass(frozen=True)
class SheetSpec:
    """One citizen sheet: its tab, the lines above the table, columns and guide."""

    sheet: str
    top: list[str | None]
    headers: dict[str, str]
    widths: list[int]
    formats: list[str]  # number format of each input column
    guide: list[str]
    blank_rows: int


RELOCATED = SheetSpec(
    RELOCATED_SHEET,
    RELOCATED_TOP,
    RELOCATED_HEADERS,
    RELOCATED_WIDTHS,
    ["@", "@", "@", "@", DATE_FORMAT, DATE_FORMAT, "@"],
    RELOCATED_GUIDE,
    BLANK_ROWS,
)
REGISTRATIONS = SheetSpec(
    REGISTRATION_SHEET,
    REGISTRATION_TOP,
    REGISTRATION_HEADERS,
    REGISTRATION_WIDTHS,
    ["@", "@", "@", "0.0", DATE_FORMAT, DATE_FORMAT],
    REGISTRATION_GUIDE,
    BLANK_ROWS * 3,
)


def _write_blank(spec: SheetSpec, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = spec.sheet
    _top(ws, spec.top, None, len(spec.headers))
    _header(ws, HEADER_ROW, list(spec.headers.values()), spec.widths)
    _input_rows(ws, HEADER_ROW + 1, spec.blank_rows, spec.formats)
    _guide(wb, spec.guide)
    save_workbook(wb, path)


def write_blank_relocated(path: Path) -> None:
    _write_blank(RELOCATED, path)


def write_blank_registrations(path: Path) -> None:
    _write_blank(REGISTRATIONS, path)


# ------------------------------------------------------------------ filled sheets


def _get(row: Any, key: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _write_filled(
    spec: SheetSpec,
    path: Path,
    rows: Iterable[Any],
    *,
    jobcenter: str | None = "Jobcenter Viborg",
    header_row: int = HEADER_ROW,
    headers: Mapping[str, str] | None = None,
    sheet: str | None = None,
    dates_as_text: bool = False,
    deterministic: bool = True,
) -> Path:
    """Write a filled sheet of ``spec``'s kind.

    ``rows``: dicts or objects with the spec's field keys (dates as ``datetime.date`` or
    any text). ``headers`` overrides column titles (a missing key leaves the column out);
    ``jobcenter=None`` leaves the field empty; ``header_row`` >= 1 (rows above it hold the
    title, jobcenter and guide lines); ``sheet`` renames the tab.
    """
    chosen = dict(spec.headers) if headers is None else dict(headers)
    keys = [k for k in spec.headers if k in chosen] + [k for k in chosen if k not in spec.headers]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet or spec.sheet)
    lines = spec.top[: max(header_row - 1, 0)]
    for text in lines:
        if text is None:
            ws.append(["Jobcenter:", jobcenter] if jobcenter is not None else [])
        else:
            ws.append([text])
    for _ in range(header_row - 1 - len(lines)):
        ws.append([])
    head = []
    for key in keys:
        cell = WriteOnlyCell(ws, chosen[key])
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    date_keys = {"start", "end"}
    for row in rows:
        values: list[Any] = []
        for key in keys:
            v = _get(row, key)
            if key in date_keys and isinstance(v, dt.date):
                if dates_as_text:
                    v = v.strftime("%d-%m-%Y")
                else:
                    cell = WriteOnlyCell(ws, v)  # type: ignore[arg-type]
                    cell.number_format = DATE_FORMAT
                    v = cell
            values.append(v)
        ws.append(values)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if deterministic:
        save_workbook(wb, path)
    else:
        wb.save(path)
    return path


def write_relocated(path: Path, rows: Iterable[Any], **options: Any) -> Path:
    """A filled relocated-citizens sheet; ``rows`` with cpr, name, caseworker, email,
    start, end, destination. Options: see ``_write_filled``."""
    return _write_filled(RELOCATED, path, rows, **options)


def write_registrations(path: Path, rows: Iterable[Any], **options: Any) -> Path:
    """A filled registration sheet; ``rows`` with citizen, caseworker, email, hours,
    start, end. Options: see ``_write_filled``."""
    return _write_filled(REGISTRATIONS, path, rows, **options)
