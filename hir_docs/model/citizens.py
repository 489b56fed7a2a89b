"""Typed models of the two citizen sheets (relocated citizens, caseload registrations).

The row types ``RelocatedRow`` and ``Registration`` live in ``hir_docs.model``; these
containers add what a whole sheet carries: its sheet name, where each column is, the
jobcenter and the caseload snapshots. Full CPR numbers exist only in memory here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hir_docs.model import Registration, RelocatedRow
from hir_docs.model.caseload import CaseloadPoint, CaseworkerChanges


@dataclass
class SheetLayout:
    """Where a citizen table sits in the workbook (for finding locations)."""

    sheet: str = ""
    header_row: int | None = None  # 1-based Excel row of the header, None if not found
    columns: dict[str, str] = field(default_factory=dict)  # field key -> column letter
    headers: dict[str, str] = field(default_factory=dict)  # field key -> header as written

    def cell(self, key: str, row: int) -> str:
        """'Fraflyttede!E7' for the column of ``key`` (first table column if absent)."""
        letter = self.columns.get(key) or (
            min(self.columns.values(), key=_col_index) if self.columns else "A"
        )
        return f"{self.sheet}!{letter}{row}"


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n


@dataclass
class RelocatedSheet:
    layout: SheetLayout
    rows: list[RelocatedRow] = field(default_factory=list)
    jobcenter: str | None = None
    jobcenter_location: str | None = None
    municipality_code: str | None = None  # of the jobcenter's municipality


@dataclass
class RegistrationSheet:
    layout: SheetLayout
    rows: list[Registration] = field(default_factory=list)
    municipality: str | None = None  # as written in a header field, if any
    municipality_code: str | None = None  # from that field or the caseworkers' e-mail domain
    snapshot_dates: list[dt.date] = field(default_factory=list)
    snapshots: list[CaseloadPoint] = field(default_factory=list)
    changes: list[CaseworkerChanges] = field(default_factory=list)  # per citizen
