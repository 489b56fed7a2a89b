"""The one output with FULL CPR numbers: all relocated-citizen rows of all
municipalities in one sheet, for STAR's support desk (``--export-registrations``).
The file says so in its first row and in its document title."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hir_docs.files.output import atomic_write, set_text
from hir_docs.kommuner import find_kommune

if TYPE_CHECKING:
    from hir_docs.bulk.model import BulkResult

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WARN_FILL = PatternFill("solid", fgColor="FF0000")
DATE = "DD-MM-YYYY"
CREATOR = "hir-docs"


EXPORT_WARNING = (
    "FORTROLIGT: Denne fil indeholder FULDE CPR-numre for fraflyttede borgere. "
    "Kun til STAR's Landssupport (registrering af slutdatoer). Send kun med sikker mail, "
    "og slet filen, når registreringen er sket."
)


def _full_cpr(cpr: str | None) -> str | None:
    digits = re.sub(r"\D", "", cpr or "")
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else cpr


def write_export(result: BulkResult, path: Path, *, force: bool = False) -> int:
    """All relocated-citizen rows of all municipalities, with FULL CPR numbers."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Fraflyttede borgere"
    warn = ws.cell(row=1, column=1, value=EXPORT_WARNING)
    warn.font = Font(bold=True, color="FFFFFF", size=12)
    warn.fill = WARN_FILL
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
    ws.row_dimensions[1].height = 36
    warn.alignment = Alignment(wrap_text=True, vertical="center")
    headers = [
        ("Kommunekode", 12),
        ("Kommune", 20),
        ("Indsendelse", 22),
        ("Fil", 30),
        ("Placering", 16),
        ("CPR-nummer (FULDT)", 16),
        ("Navn", 24),
        ("Sagsbehandler", 22),
        ("Sagsbehandlers e-mail", 28),
        ("Startdato", 12),
        ("Slutdato", 12),
        ("Tilflytningskommune", 20),
    ]
    for col, (title, width) in enumerate(headers, start=1):
        c = ws.cell(row=2, column=col, value=title)
        c.font = BOLD
        c.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    r = 2
    for g in result.groups:
        k = find_kommune(g.code) if g.code else None
        for d in g.docs:
            for row in d.relocated or []:
                r += 1
                values: list[Any] = [
                    g.code,
                    k.official_name if k else None,
                    g.submission,
                    d.file,
                    row.location,
                ]
                for col, v in enumerate(values, start=1):
                    set_text(ws.cell(row=r, column=col), v)
                set_text(ws.cell(row=r, column=6), _full_cpr(row.cpr))  # the only unmasked CPR
                for col, v in (
                    (7, row.name),
                    (8, row.caseworker),
                    (9, row.email),
                    (12, row.destination),
                ):
                    set_text(ws.cell(row=r, column=col), v)
                for col, dv in ((10, row.start), (11, row.end)):
                    c = ws.cell(row=r, column=col, value=dv)
                    c.number_format = DATE
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(r, 3)}"
    wb.properties.creator = CREATOR
    wb.properties.title = "FORTROLIGT – fulde CPR-numre"
    atomic_write(path, lambda p: wb.save(p), force=force)
    return r - 2
