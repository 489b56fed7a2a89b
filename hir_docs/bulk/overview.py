"""The overview workbook STAR reads after bulk intake, and the one CPR export.

Sheets: "Ansøgninger" (one row per municipality's submission), "Fund" (every finding),
"Regioner" (count and requested amount per region against the money available, with a
chart), "Tidligere indsendelser" (older submissions of a municipality that submitted
again, with the reason) and "Filer" (every file with kind, size, sha256 and status).
Every sheet prints on A4 landscape, one page wide, with its header row on every page,
gridlines (not around the chart) and the sheet's name and page number in the footer; long
texts wrap in columns narrow enough for the print to stay readable, in rows made tall
enough for them (``tests/test_overview_print.py`` prints it with LibreOffice). The pool's
money is stated once, under the regions' total, and drawn as the chart's last column,
which stands below the table. The workbook
is saved with fixed metadata and zip times (``files/ooxml``), so the same inbox gives the
same bytes. All text taken from submissions goes through ``set_text`` (never a formula)
and ``scrub_cpr``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.bulk.model import OVERVIEW_ROLES, role_fields
from hir_docs.files.ooxml import save_workbook
from hir_docs.files.output import FORMULA_START, atomic_write, set_text
from hir_docs.findings import KIND_DA, SEVERITY_DA, DocKind, Finding
from hir_docs.formatting import number, scrub_cpr
from hir_docs.kommuner import all_kommuner, find_kommune
from hir_docs.pools import Pool, load_pool

if TYPE_CHECKING:
    from hir_docs.bulk.model import BulkResult, Group

# [$-406] = Danish: "1.200.000 kr." and "3,12" in any office suite, whatever its locale.
DA = "[$-406]"
KR = DA + '#,##0 "kr."'
INT = DA + "#,##0"
FTE = DA + "#,##0.00"
PCT = DA + "0.0%"
FONT = "Calibri"  # the workbook's default font: headers in the same face, only bold


def _hashed_once(cls: Any) -> Any:
    """``cls`` with its hash computed once per style. Every styled cell looks its style up
    by hash, and openpyxl computes a style's hash from all its attributes each time: a
    fifth of writing a 1.000-submission overview. Our styles are constants, never changed;
    a copy (openpyxl copies through XML) computes its own."""

    class HashedOnce(cls):
        # openpyxl's metaclass lists a class's own XML attributes; these are cls's.
        __attrs__ = cls.__attrs__
        __elements__ = cls.__elements__
        __nested__ = cls.__nested__

        def __hash__(self) -> int:
            h: int | None = self.__dict__.get("_hash_once")
            if h is None:
                h = self.__dict__["_hash_once"] = super().__hash__()
            return h

        def __copy__(self) -> Any:
            cp = super().__copy__()
            cp.__dict__.pop("_hash_once", None)
            return cp

    return HashedOnce


_Font, _Alignment, _Fill = (_hashed_once(c) for c in (Font, Alignment, PatternFill))
BOLD: Font = _Font(name=FONT, size=11, bold=True)
TOP: Alignment = _Alignment(vertical="top")
WRAP: Alignment = _Alignment(wrap_text=True, vertical="top")
HEADER_FILL: PatternFill = _Fill("solid", fgColor="DDEBF7")
STATUS_FILL: dict[str, PatternFill] = {
    "Fejl": _Fill("solid", fgColor="F8CBAD"),
    "Advarsler": _Fill("solid", fgColor="FFF2CC"),
    "OK": _Fill("solid", fgColor="E2EFDA"),
}
AVAILABLE = "Til rådighed (puljen efter evaluering)"
UNKNOWN = "ukendt (står ikke i puljens kilder)"


CELL_MAX = 32_767  # Excel's most characters in one cell; more makes it "repair" the file


def _text(value: Any) -> str | None:
    """Submission text for a cell: no CPR number, and cut to what a cell holds."""
    if value is None or value == "":
        return None
    text = scrub_cpr(str(value))
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "…"


class Raw(str):
    """Text written as is (no CPR scrubbing), e.g. a sha256 digest that may hold 10 digits."""


def _cell(ws: Worksheet, value: Any, fmt: str | None = None) -> Any:
    """A write-only cell value: numbers keep their Danish format, text never becomes a
    formula. Plain values are returned as they are (much cheaper than a cell object)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not fmt:
            return value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        return cell
    text = str(value) if isinstance(value, Raw) else _text(value)
    if text is None or not text.startswith(FORMULA_START):
        return text
    cell = WriteOnlyCell(ws)
    set_text(cell, text)  # "=...", "+...", "-...", "@...": text with a quote prefix
    return cell


def _label(ws: Worksheet, text: str, font: Font = BOLD) -> Any:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = font
    return cell


Column = tuple[str, float, bool]  # header, width (characters), wraps its text


def _table(
    ws: Worksheet,
    headers: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[str | None],
    fills: Mapping[int, Mapping[str, PatternFill]] | None = None,
) -> int:
    """Header row (bold, frozen, autofilter, repeated on every printed page) and data rows,
    streamed, every cell at the top of its row and the long-text columns wrapped; returns
    the last row."""
    for col, (title, width, _wrap) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = header_width(title, width)
    ws.freeze_panes = "A2"
    _print_setup(ws)
    head = []
    for title, _width, _wrap in headers:
        cell = _label(ws, title)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        head.append(cell)
    widths = [header_width(title, width) for title, width, _wrap in headers]
    titles = [title for title, _width, _wrap in headers]
    _fit_height(ws, 1, [(t, w * BOLD_CHARS) for t, w in zip(titles, widths, strict=True)])
    ws.append(head)
    aligns = [WRAP if wrap else TOP for _title, _width, wrap in headers]
    wrapped = [col for col, (_title, _width, wrap) in enumerate(headers) if wrap]
    last = 1
    for values in rows:
        _fit_height(ws, last + 1, [(values[col], widths[col]) for col in wrapped])
        cells = [_cell(ws, v, f) for v, f in zip(values, formats, strict=True)]
        for col, by_value in (fills or {}).items():
            fill = by_value.get(str(values[col]))
            if fill is not None:
                cells[col] = _styled(ws, cells[col])
                cells[col].fill = fill
        for col, align in enumerate(aligns):
            if cells[col] is not None:
                cells[col] = _styled(ws, cells[col])
                cells[col].alignment = align
        ws.append(cells)
        last += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(last, 2)}"
    return last


LINE_POINTS = 15  # one line of Calibri 11 (the default row height)
BOLD_CHARS = 0.9  # bold text: fewer characters per unit of column width
CHARS_PER_UNIT = 1.2  # Calibri text: a unit of width is a digit, most letters are narrower
MAX_LINES = 27  # 409 points, the highest row a spreadsheet allows


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes, wrapped in a column ``width`` units wide: a
    cautious estimate (``CHARS_PER_UNIT`` characters per unit, breaks only between
    words), so a printed row is rather a little too tall than cut off."""
    per_line = max(1, int(width * CHARS_PER_UNIT))
    lines = 0
    for paragraph in text.split("\n"):
        line = 0
        for word in paragraph.split():
            if line and line + 1 + len(word) <= per_line:
                line += 1 + len(word)
            else:
                lines += 1 if line else 0
                line = len(word)
                while line > per_line:  # a word longer than the column breaks anywhere
                    lines += 1
                    line -= per_line
        lines += 1
    return lines


def _fit_height(ws: Worksheet, row: int, texts: Iterable[tuple[Any, float]]) -> None:
    """Make ``row`` tall enough for its wrapped texts. Set here because neither office
    suite reliably grows a row for wrapped text in a file it opens."""
    lines = max((lines_needed(v, w) for v, w in texts if isinstance(v, str) and v), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(lines, MAX_LINES) * LINE_POINTS


def _styled(ws: Worksheet, value: Any) -> Cell:
    """The value as a cell that can carry a style (a formula-safe text cell already is)."""
    return value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)


def header_width(title: str, width: float) -> float:
    """A column at least as wide as the header's longest word (bold, plus margin), so a
    wrapped header breaks between words, never inside one."""
    longest = max((len(word) for word in title.split()), default=0)
    return max(width, round(longest * 1.1 + 1.5, 1))


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide (as many pages tall as needed), narrow margins, the
    header row on every page, gridlines, and "sheet – side 1 af 3" in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.gridLines = True
    if ws.oddFooter is not None:
        ws.oddFooter.center.text = "&A – side &P af &N"
    ws.print_title_rows = "1:1"


# Possessive and not preceded by a digit or dot: linear on long digit runs (the old
# pattern took 6 s on 20 KB of digits, retrying every start inside the run).
_CITIZENS = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d{3})*+|\d++)\s++(?:nye\s++)?(?:borgere|personer|deltagere)"
)
_NUMBER = re.compile(r"\d[\d.]*+")
_WHOLE = re.compile(r"\d{1,3}(?:\.\d{3})*+|\d++")  # 1.200 or 1200, not 12.5
MAX_DIGITS = 15  # more is no count of citizens (and int() refuses more than 4.300 digits)


def _count(digits: str) -> int | None:
    """'1.200' -> 1200, '60.' -> 60; None for '12.5' or a run too long to be a count."""
    digits = digits.rstrip(".")
    plain = digits.replace(".", "")
    if len(plain) > MAX_DIGITS or not _WHOLE.fullmatch(digits):
        return None
    return int(plain)


def _citizens(value: Any) -> float | str | None:
    """'Vi forventer ca. 320 borgere ...' -> 320; a text without such a number (or with
    a number too long to be one) stays text."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    m = _CITIZENS.search(text)
    if m:
        count = _count(m.group(1))
        return text if count is None else count
    nums = _NUMBER.findall(text)
    if len(nums) == 1:
        count = _count(nums[0])
        return text if count is None else count
    return text


def _passive(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("low") is not None:
        low, high = float(value["low"]), float(value.get("high") or value["low"])
        if low == high:
            return f"{number(low, 0 if low.is_integer() else 1)} %"
        lo = number(low, 0 if low.is_integer() else 1)
        hi = number(high, 0 if high.is_integer() else 1)
        return f"{lo}-{hi} %"
    return None if value is None else str(value)


def _relocated_count(g: Group) -> int | None:
    counts = [
        d.fields.get("citizens", d.fields.get("rows"))
        for d in g.docs
        if d.kind == DocKind.RELOCATED
    ]
    nums = [c for c in counts if isinstance(c, int)]
    return sum(nums) if nums else None


# The pool's own columns of the sheet Ansøgninger, after the budget's: (header, width, wrap,
# format, value of a group). Which of them a pool gets follows its data: a column for each
# role its application form gives a field (``application.toml``: role), one for each plug-in
# it names (``pool.toml``: plugins). A header a pool words itself is a text of its
# ``texts.toml`` (``overview_column_<role>``); else the generic header below.
PoolColumn = tuple[str, float, bool, str | None, Callable[["Group"], Any]]
ROLE_COLUMNS: dict[str, tuple[str, float, bool, str | None, Callable[[Any], Any]]] = {
    "participants_expected": ("Forventet antal borgere", 10, True, INT, lambda v: _citizens(v)),
    "target_share": ("Mål for andel", 10, True, None, lambda v: _passive(v)),
}
PLUGIN_COLUMNS: dict[str, PoolColumn] = {
    "caseload": ("Fraflyttede borgere", 10, False, INT, lambda g: _relocated_count(g)),
}


def _answer(key: str, value: Callable[[Any], Any]) -> Callable[[Group], Any]:
    """A group's answer to the application field ``key``, as the overview shows it."""

    def column(g: Group) -> Any:
        return value(g.first(DocKind.APPLICATION, key))

    return column


def pool_columns(pool: Pool) -> list[PoolColumn]:
    """The pool's own columns of the sheet Ansøgninger (its form's roles, its plug-ins)."""
    roles = role_fields(pool)
    texts = pool.texts_raw()
    columns: list[PoolColumn] = []
    for role in OVERVIEW_ROLES:
        if role not in roles:
            continue
        title, width, wrap, fmt, value = ROLE_COLUMNS[role]
        own = texts.get(f"overview_column_{role}")
        header = own if isinstance(own, str) else title
        columns.append((header, width, wrap, fmt, _answer(roles[role], value)))
    columns += [PLUGIN_COLUMNS[p] for p in pool.plugins if p in PLUGIN_COLUMNS]
    return columns


def _applications(ws: Worksheet, groups: Sequence[Group], pool: Pool) -> None:
    own = pool_columns(pool)
    headers: list[Column] = [
        ("Kommunekode", 8, False),
        ("Kommune", 20, True),
        ("Region", 12, True),
        ("Indsendelse", 14, True),
        ("Projektets navn", 24, True),
        ("Ansøgt beløb", 15, False),
        ("Budget i alt (udgifter)", 15, False),
        ("Årsværk", 8, False),
        *((title, width, wrap) for title, width, wrap, _, _ in own),
        ("Filer", 6, False),
        ("Fejl", 6, False),
        ("Advarsler", 8, False),
        ("Status", 10, False),
        ("Kontakt (e-mail)", 30, True),
    ]
    fmts = [
        *(None, None, None, None, None, KR, KR, FTE),
        *(fmt for _, _, _, fmt, _ in own),
        *(INT, INT, INT, None, None),
    ]

    def rows() -> Iterator[list[Any]]:
        for g in groups:
            k = find_kommune(g.code) if g.code else None
            project = g.first(DocKind.APPLICATION, "project_name") or g.first(
                DocKind.BUDGET, "project_name"
            )
            yield (
                [
                    g.code,
                    k.official_name if k else None,
                    k.region if k else None,
                    g.submission,
                    project,
                    g.requested,
                    g.first(DocKind.BUDGET, "total_expenses"),
                    g.first(DocKind.BUDGET, "fte"),
                    *(value(g) for _, _, _, _, value in own),
                    len(g.docs),
                    g.errors,
                    g.warnings,
                    g.status,
                    g.first(DocKind.APPLICATION, "contact_email"),
                ]
            )

    status = [title for title, _, _ in headers].index("Status")
    _table(ws, headers, rows(), fmts, fills={status: STATUS_FILL})


def findings_sheet(
    ws: Worksheet, unit: str, findings: Iterable[tuple[str | None, str, Finding]]
) -> None:
    """The findings sheet: one row per (municipality code, ``unit`` label, finding)."""
    headers: list[Column] = [
        ("Kommunekode", 8, False),
        (unit, 14, True),
        ("Fil", 20, True),
        ("Placering", 12, True),
        ("Kode", 16, True),
        ("Alvor", 10, False),
        ("Besked", 40, True),
        ("Sådan retter du", 32, True),
        ("Kilde (regel)", 34, True),
    ]
    rows = (
        [
            code,
            label,
            f.file,
            f.location,
            f.code,
            SEVERITY_DA[f.severity],
            f.message,
            f.hint,
            f.source,
        ]
        for code, label, f in findings
    )
    _table(ws, headers, rows, [None] * len(headers))


def _findings(ws: Worksheet, result: BulkResult) -> None:
    findings_sheet(ws, "Indsendelse", ((g.code, g.submission, f) for g, f in result.findings))


def _regions(ws: Worksheet, result: BulkResult) -> None:
    regions: dict[str, list[Group]] = {}
    for kommune in all_kommuner():
        regions.setdefault(kommune.region, [])
    unplaced: list[Group] = []
    for g in result.groups:
        k = find_kommune(g.code) if g.code else None
        (regions[k.region] if k else unplaced).append(g)
    headers: list[Column] = [
        ("Region", 24, False),
        ("Kommuner", 8, False),
        ("Indsendelser", 10, False),
        ("Ansøgt beløb", 16, False),
        ("Andel af ansøgt", 10, True),
    ]
    total = result.requested_total
    available = result.pool_available
    rows: list[list[Any]] = []
    for region in sorted(regions):
        gs = regions[region]
        amount = sum(g.requested or 0 for g in gs)
        share = amount / total if total else 0.0
        rows.append([region, len({g.code for g in gs}), len(gs), amount, share])
    _table(ws, headers, rows, [None, INT, INT, KR, PCT])
    sums = (
        len({g.code for g in result.groups if g.code}),
        len(result.groups) - len(unplaced),
        total,
    )
    total_row = [_label(ws, "I alt")]
    for value, fmt in zip(sums, (INT, INT, KR), strict=True):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = fmt
        c.font = BOLD
        total_row.append(c)
    ws.append(total_row)
    # The pool's money once, under the total, where the chart's last column takes it.
    pool = WriteOnlyCell(ws, value=available if available is not None else UNKNOWN)
    pool.number_format = KR
    pool.font = BOLD
    ws.append([_label(ws, AVAILABLE), None, None, pool])
    ws.append([])
    facts: list[tuple[str, Any, str]] = [("Ansøgt i alt", total, KR)]
    if available is not None:
        facts += [
            ("Difference (til rådighed − ansøgt)", available - total, KR),
            ("Ansøgt i procent af det disponible", total / available if available else 0.0, PCT),
        ]
    facts.append(("Indsendelser uden genkendt kommune", len(unplaced), INT))
    for label, value, fmt in facts:
        ws.append([_label(ws, label), None, None, _cell(ws, value, fmt)])
    if available is not None and total > available:
        red = Font(name=FONT, size=11, bold=True, color="C00000")
        ws.append([_label(ws, "Der er søgt om mere, end puljen har til rådighed.", red)])
    else:
        ws.append([])
    ws.append([f"Kilde: {load_pool(result.pool).text('overview_available_source')}"])
    ws.print_options.gridLines = False  # a short table above a chart: no empty grid around it
    # Below the numbers (not beside them): the sheet prints on one page width at full size.
    ws.add_chart(_region_chart(ws, len(rows) + 3), f"A{len(rows) + len(facts) + 8}")


CHART_TITLE = "Ansøgt beløb pr. region og puljens rådighedsbeløb"
CHART_DESCRIPTION = (
    "Søjlediagram: det ansøgte beløb i kroner for hver region og i alt og, i en søjle for "
    "sig, det beløb, puljen har til rådighed. Tallene står i tabellen over diagrammet."
)


def _region_chart(ws: Worksheet, last_row: int) -> BarChart:
    """Requested amount per region and in all (rows 2..last_row - 1) beside the money
    available in the pool (row last_row, its column in another colour), from the cells of
    the table above, so the chart and the numbers always agree."""
    bars = BarChart()
    bars.type = "col"
    bars.title = CHART_TITLE
    bars.add_data(Reference(ws, min_col=4, min_row=1, max_row=last_row), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last_row))
    pool = DataPoint(idx=last_row - 2)
    pool.graphicalProperties.solidFill = "548235"  # green: the money there is
    bars.series[0].dPt.append(pool)
    bars.y_axis.title = "kr."
    bars.y_axis.numFmt = KR
    bars.y_axis.majorGridlines = None
    bars.legend = None  # one series; the columns are named on the axis
    bars.width, bars.height = 20, 8.5
    return bars


def _chart_alt_text(name: str, data: bytes) -> bytes:
    """The chart's text alternative (title and description on the drawing object), which
    openpyxl does not write itself; screen readers and "Alternativ tekst" show it."""
    if not name.startswith("xl/drawings/drawing") or not name.endswith(".xml"):
        return data
    attrs = f' descr="{escape(CHART_DESCRIPTION, {chr(34): "&quot;"})}" title="{CHART_TITLE}"'
    return re.sub(
        rb'(<(?:xdr:)?cNvPr id="\d+" name="Chart \d+")', lambda m: m.group(1) + attrs.encode(), data
    )


def _superseded(ws: Worksheet, result: BulkResult) -> None:
    headers: list[Column] = [
        ("Kommunekode", 8, False),
        ("Kommune", 18, True),
        ("Indsendelse", 16, True),
        ("Brugt i stedet", 16, True),
        ("Begrundelse", 50, True),
        ("Ansøgt beløb", 15, False),
        ("Filer", 6, False),
        ("Fejl", 6, False),
        ("Advarsler", 8, False),
    ]
    rows = []
    for s in result.superseded:
        g = s.group
        k = find_kommune(g.code) if g.code else None
        rows.append(
            [
                g.code,
                k.official_name if k else None,
                g.submission,
                s.used,
                s.reason,
                g.requested,
                len(g.docs),
                g.errors,
                g.warnings,
            ]
        )
    _table(ws, headers, rows, [None, None, None, None, None, KR, INT, INT, INT])


def _files(ws: Worksheet, result: BulkResult) -> None:
    headers: list[Column] = [
        ("Fil", 32, True),
        ("Indsendelse", 16, True),
        ("Kommunekode", 8, False),
        ("Skema", 22, True),
        ("Størrelse (byte)", 12, False),
        ("SHA-256", 34, True),
        ("Status", 22, True),
    ]
    rows = (
        [
            f.name,
            f.submission,
            f.municipality_code,
            KIND_DA.get(f.kind, f.kind),
            f.size,
            Raw(f.sha256),
            f.status,
        ]
        for f in result.files
    )
    _table(ws, headers, rows, [None, None, None, None, INT, None, None])


def write_overview(result: BulkResult, out: Path, *, force: bool = False) -> Path:
    """Write the overview workbook atomically (streamed: memory stays small for big inboxes)."""

    def write(path: Path) -> None:
        wb = Workbook(write_only=True)
        _applications(wb.create_sheet("Ansøgninger"), result.groups, load_pool(result.pool))
        _findings(wb.create_sheet("Fund"), result)
        _regions(wb.create_sheet("Regioner"), result)
        if result.superseded:
            _superseded(wb.create_sheet("Tidligere indsendelser"), result)
        _files(wb.create_sheet("Filer"), result)
        # Fixed metadata and zip times: the same inbox gives the same bytes.
        save_workbook(wb, path, transform=_chart_alt_text)

    return atomic_write(out, write, force=force)
