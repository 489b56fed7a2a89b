"""Typed models of the two citizen sheets (relocated citizens, caseload registrations).

The row types ``RelocatedRow`` and ``Registration`` live in ``hir_docs.model``; these
containers add what a whole sheet carries: its sheet name, where each column is, the
jobcenter and the caseload snapshots. Full CPR numbers exist only in memory here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hir_docs.model import Registration, RelocatedRow
from hir_docs.model.caseload import (
    CaseloadPoint,
    CaseworkerChanges,
    caseworker_keys,
    citizen_keys,
)


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
    # The rows' keys by kind, with the names they were computed from (``_keys_of``).
    _keys: dict[str, tuple[list[str | None], list[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def caseworker_keys(self) -> list[str]:
        """``caseworker_keys(self.rows)``, computed once while the rows name the same
        caseworkers (the reader and a dozen checks ask). The list is shared: read it only."""
        return self._keys_of("caseworker", [r.caseworker for r in self.rows], caseworker_keys)

    def citizen_keys(self) -> list[str]:
        """``citizen_keys(self.rows)``, computed once while the rows name the same
        citizens. The list is shared: read it only."""
        return self._keys_of("citizen", [r.citizen for r in self.rows], citizen_keys)

    def _keys_of(
        self,
        kind: str,
        names: list[str | None],
        compute: Callable[[Sequence[Registration]], list[str]],
    ) -> list[str]:
        # A key depends on the name alone: the same names (compared as a list, a few
        # microseconds) give the same keys, and a row changed since gives new ones.
        kept = self._keys.get(kind)
        if kept is None or kept[0] != names:
            kept = self._keys[kind] = (names, compute(self.rows))
        return kept[1]
