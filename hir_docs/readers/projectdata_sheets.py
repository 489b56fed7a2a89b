"""Tables of the project-data workbook found by their labels (shared by the readers of
``readers.projectdata`` and ``readers.projectdata_grant``): never by coordinate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hir_docs.files.sheetguard import column_letter
from hir_docs.labels import matches, normalise

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Row = tuple[int, dict[str, Any]]


def sheet(wb: Any, name: str) -> Worksheet | None:
    for ws in wb.worksheets:
        if normalise(ws.title) == normalise(name):
            return ws
    return None


def text(value: Any) -> str | None:
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None


def table(
    ws: Worksheet | None, first: str, *, gaps: bool = False
) -> tuple[dict[str, int], list[Row]]:
    """Rows under the header row whose first cell is ``first``: (row, {label: value}).

    The table ends at the first empty row, unless ``gaps`` (then empty rows are skipped).
    """
    if ws is None:
        return {}, []
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if row and matches(row[0], first):
            heads = {normalise(v): c for c, v in enumerate(row) if text(v)}
            out = []
            for j, r in enumerate(rows[i + 1 :], start=i + 2):
                if all(text(v) is None for v in r):
                    if gaps:
                        continue
                    break
                out.append((j, {h: (r[c] if c < len(r) else None) for h, c in heads.items()}))
            return heads, out
    return {}, []


def get(values: dict[str, Any], label: str) -> Any:
    return values.get(normalise(label))


def loc(ws_name: str, heads: dict[str, int], label: str, row: int) -> str:
    col = heads.get(normalise(label), 0)
    return f"{ws_name}!{column_letter(col + 1)}{row}"
