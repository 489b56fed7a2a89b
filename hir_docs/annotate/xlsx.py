"""Findings in a copy of the user's workbook: a note and a fill at each finding's cell,
and a first sheet "Fund fra hir-docs" listing every finding with a link to its cell.

The workbook is edited part by part (never loaded and re-saved by openpyxl, which drops
charts, images, pivot tables, slicers and extensions it does not understand). Changed:
the worksheets that get notes (the marked cells' style index and a ``legacyDrawing``),
``tabSelected`` in sheet views (the list sheet opens first), the workbook (one more sheet;
local defined names shifted), its relationships, the styles (appended formats) and the
content types. Added: the list sheet, the comments and VML parts. All else is untouched.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)

from hir_docs.annotate.clean import cell_key, strip
from hir_docs.annotate.marker import BANNER, Marks, write_marks
from hir_docs.annotate.parts import (
    REL_NS,
    Package,
    comment_lines,
    main_part,
    parse,
    serialise,
    xml_text,
)
from hir_docs.annotate.xlsx_comments import add_notes
from hir_docs.annotate.xlsx_styles import S, Styles
from hir_docs.findings import SEVERITY_DA, SEVERITY_RANK, Finding, Severity
from hir_docs.formatting import kr
from hir_docs.rules.budget import NUMBER_AS_TEXT
from hir_docs.rules.citizen_text import left_out

LIST_SHEET = "Fund fra hir-docs"
WORKSHEET_TYPE = REL_NS + "/worksheet"
STYLES_TYPE = REL_NS + "/styles"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Possessive quantifiers: no backtracking, so a long run of spaces or quotes costs linear
# time (the old pattern took 1,8 s on 20 KB of spaces). Matched against the stripped text.
_LOCATION = re.compile(
    r"(?:'((?:[^']|'')++)'|([^!]++))!\$?([A-Za-z]{1,3})\$?(\d{1,7})"
    r"(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?"
)
# The white space before tabSelected is taken from its start only, and possessively.
_TAB_SELECTED = re.compile(rb'(<(?:\w+:)?sheetView\b[^<>]*?)(?<!\s)\s++tabSelected="(?:1|true)"')
FIRST_ROW = 3  # row 1: the banner; row 2: the headers
HEADERS = ("Alvor", "Sted", "Fund", "Sådan retter du", "Regel", "Fil")
WIDTHS = (11, 24, 70, 55, 30, 28)


@dataclass(frozen=True)
class Place:
    sheet: str
    cell: str | None  # None: the sheet as a whole


def parse_location(location: str | None, sheets: list[str]) -> Place | None:
    """ "Budget!I14", "'Mit ark'!B2:C4" (first cell) or a sheet name alone."""
    if not location:
        return None
    by_lower = {s.lower(): s for s in sheets}
    m = _LOCATION.fullmatch(location.strip())
    if m:
        name = (m.group(1) or "").replace("''", "'") or (m.group(2) or "").strip()
        sheet = by_lower.get(name.lower())
        return Place(sheet, f"{m.group(3).upper()}{m.group(4)}") if sheet else None
    sheet = by_lower.get(location.strip().lower())
    return Place(sheet, None) if sheet else None


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def annotate_xlsx(
    src: Path,
    dst: Path,
    findings: list[tuple[Finding, bool]],
    file_names: dict[str | None, str],
    original: str | None = None,
) -> int:
    """Write ``dst``: ``src`` with the findings as notes, fills and a list sheet.
    ``findings`` pairs each finding with whether it is about this workbook itself;
    ``file_names`` names each finding's file for the list; ``original``: the name of the
    file this is a copy of (default ``src``'s). A previous round of ours in ``src`` is
    taken off first. Returns the notes written."""
    pkg = Package(src)
    before = strip(pkg)
    marks = Marks(original=before.original or original or src.name)
    wb_part = main_part(pkg)
    wb = parse(pkg.read(wb_part))
    sheets_el = wb.find(S + "sheets")
    if sheets_el is None:
        raise ValueError("workbook without sheets")
    wb_rels = pkg.rels(wb_part)
    rels = {rid: target for rid, _, target in wb_rels}
    parts = {
        s.get("name", ""): rels.get(s.get(f"{{{REL_NS}}}id", ""), "")
        for s in sheets_el.findall(S + "sheet")
    }
    types = {target: typ for _, typ, target in wb_rels}
    worksheets = {n: p for n, p in parts.items() if p and types.get(p) == WORKSHEET_TYPE}
    for part in parts.values():  # the list sheet is the one that opens
        if part and pkg.has(part):
            pkg.write(part, _TAB_SELECTED.sub(rb"\1", pkg.read(part)))

    styles = Styles(pkg, pkg.target(wb_part, STYLES_TYPE))
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    places: list[tuple[Finding, bool, Place | None]] = []
    for f, own in findings:
        place = parse_location(f.location, list(parts)) if own else None
        places.append((f, own, place))
    places = _summaries_placed(places)
    for f, _, place in places:
        if place and place.cell and place.sheet in worksheets:
            by_cell.setdefault((place.sheet, place.cell), []).append(f)

    notes = 0
    for name, part in worksheets.items():
        cells = {cell: fs for (sheet, cell), fs in by_cell.items() if sheet == name}
        if cells:
            notes += _mark_sheet(pkg, part, name, cells, styles, marks)

    list_xml = _list_sheet(places, styles, file_names)
    marks.list_sheet = _add_first_sheet(pkg, wb_part, wb, sheets_el, list_xml)
    styles.save()
    write_marks(pkg, marks)
    pkg.save(dst)
    return notes


def _summaries_placed(
    places: list[tuple[Finding, bool, Place | None]],
) -> list[tuple[Finding, bool, Place | None]]:
    """A rule showing only its first rows ("... og 137 rækker mere med samme problem") has
    no place of its own: it is noted at the last row shown, so the sheet itself says
    that more rows below have the problem. Only where the rows past those shown could not
    be found again (``annotate.uncapped``); otherwise there is no such summary."""
    last: dict[tuple[str, str | None], Place] = {}
    for f, own, place in places:
        if own and place is not None and place.cell:
            last[(f.code, f.file)] = place
    return [
        (
            f,
            own,
            last.get((f.code, f.file))
            if own and place is None and left_out(f) is not None
            else place,
        )
        for f, own, place in places
    ]


def _mark_sheet(
    pkg: Package,
    part: str,
    name: str,
    cells: dict[str, list[Finding]],
    styles: Styles,
    marks: Marks,
) -> int:
    sheet = parse(pkg.read(part))
    data = sheet.find(S + "sheetData")
    if data is None:
        return 0
    merged = [
        tuple(int(x or 0) for x in range_boundaries(m.get("ref", "A1")))
        for m in sheet.iter(S + "mergeCell")
    ]
    texts: dict[str, list[str]] = {}
    worst: dict[str, Severity] = {}
    for ref, fs in cells.items():
        anchor = _merge_anchor(ref, merged)
        for f in fs:
            texts.setdefault(anchor, []).append("\n".join(comment_lines(f)))
            if anchor not in worst or SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst[anchor]]:
                worst[anchor] = f.severity
    rows = _Rows.read(data)
    cols = list(sheet.iter(S + "col"))
    as_text = sorted(r for r, fs in cells.items() if any(f.code == NUMBER_AS_TEXT.code for f in fs))
    for ref, severity in worst.items():
        cell = _cell(rows, cols, ref) if rows is not None else None
        if cell is None:
            continue
        seen = _as_excel_shows(cell, cells, ref, as_text)
        if seen:
            texts[ref].append(seen)
        own = int(cell.get("s", "0"))
        style = styles.marked(own, severity)
        if style is not None:
            cell.set("s", str(style))
            marks.cells[cell_key(name, ref)] = own
    added = add_notes(pkg, part, sheet, {ref: "\n\n".join(t) for ref, t in texts.items()})
    pkg.write(part, serialise(sheet))
    return len(added)


def _as_excel_shows(
    cell: etree._Element, cells: dict[str, list[Finding]], ref: str, texts: list[str]
) -> str:
    """For a formula cell whose note quotes amounts while numbers in the sheet are typed
    as text (``texts``: those cells, issue 21, point 20): what Excel shows there, since
    Excel sums text as 0 and the amounts in the findings count the text as the number it
    says."""
    formula = cell.find(S + "f") is not None
    quoted = any("kr." in f.message for f in cells.get(ref, []) if f.code != NUMBER_AS_TEXT.code)
    if not texts or not formula or not quoted or ref in texts:
        return ""
    which = ", ".join(texts[:5]) + (" m.fl." if len(texts) > 5 else "")
    shown = _cached_number(cell)
    now = (
        f"Excel viser i dag {kr(round(shown))} i cellen"
        if shown is not None
        else "Excel viser et lavere beløb i cellen"
    )
    return xml_text(
        f"Bemærk: {now}, fordi {which} er skrevet som tekst og regnes som 0. Beløbene "
        "ovenfor regner tekstcellerne med som tal; ret dem til tal, så viser Excel det samme."
    )


def _cached_number(cell: etree._Element) -> float | None:
    """The number a formula cell last showed (its cached value), if it has one."""
    value = cell.find(S + "v")
    if value is None or not value.text or cell.get("t") not in (None, "n"):
        return None
    try:
        number = float(value.text)
    except ValueError:
        return None
    return number if abs(number) < 1e15 else None


def _merge_anchor(ref: str, merged: list[tuple[int, ...]]) -> str:
    """A cell inside a merged range is shown (and commented) at the range's first cell."""
    col_letter, row = coordinate_from_string(ref)
    col = column_index_from_string(col_letter)
    for c1, r1, c2, r2 in merged:
        if c1 <= col <= c2 and r1 <= row <= r2:
            return f"{get_column_letter(c1)}{r1}"
    return ref


@dataclass
class _Rows:
    """A sheet's rows by number, read once per sheet (a sheet can have many thousands)."""

    data: etree._Element
    by_number: dict[int, etree._Element]
    numbers: list[int]  # sorted

    @classmethod
    def read(cls, data: etree._Element) -> _Rows | None:
        """None when the sheet leaves row positions implicit (an insert could shift cells)."""
        by_number: dict[int, etree._Element] = {}
        for r in data.findall(S + "row"):
            if r.get("r") is None:
                return None
            by_number.setdefault(int(r.get("r", "0")), r)
        return cls(data, by_number, sorted(by_number))

    def row(self, row_no: int) -> etree._Element:
        """The ``<row>`` numbered ``row_no``, created in order when the row is empty."""
        row = self.by_number.get(row_no)
        if row is None:
            row = etree.Element(S + "row", r=str(row_no))
            i = bisect.bisect_right(self.numbers, row_no)
            later = self.by_number[self.numbers[i]] if i < len(self.numbers) else None
            self.data.insert(self.data.index(later) if later is not None else len(self.data), row)
            self.by_number[row_no] = row
            self.numbers.insert(i, row_no)
        return row


def _cell(rows: _Rows, cols: list[etree._Element], ref: str) -> etree._Element | None:
    """The ``<c>`` element of ``ref``, created in order when the cell is empty (None when
    the row leaves cell positions implicit, where an insert could shift cells).
    ``cols``: the sheet's ``<col>`` elements."""
    col_letter, row_no = coordinate_from_string(ref)
    col = column_index_from_string(col_letter)
    row = rows.row(row_no)
    cells = row.findall(S + "c")
    if any(c.get("r") is None for c in cells):
        return None
    for c in cells:
        if c.get("r", "").upper() == ref:
            return c
    new = etree.Element(S + "c", r=ref)
    style = _default_style(cols, row, col)
    if style:
        new.set("s", style)
    later_cells = [
        c for c in cells if column_index_from_string(coordinate_from_string(c.get("r"))[0]) > col
    ]
    row.insert(row.index(later_cells[0]) if later_cells else len(row), new)
    spans = row.get("spans")
    if spans and ":" in spans:
        lo, hi = (int(x) for x in spans.split(":"))
        row.set("spans", f"{min(lo, col)}:{max(hi, col)}")
    return new


def _default_style(cols: list[etree._Element], row: etree._Element, col: int) -> str | None:
    """The format an empty cell shows: its row's, else its column's."""
    if row.get("customFormat") in ("1", "true") and row.get("s"):
        return row.get("s")
    for c in cols:
        if int(c.get("min", "0")) <= col <= int(c.get("max", "0")) and c.get("style"):
            return c.get("style")
    return None


def _list_sheet(
    places: list[tuple[Finding, bool, Place | None]],
    styles: Styles,
    file_names: dict[str | None, str],
) -> etree._Element:
    ws = etree.Element(S + "worksheet", nsmap={None: S[1:-1], "r": REL_NS})
    pr = etree.SubElement(ws, S + "sheetPr")
    etree.SubElement(pr, S + "tabColor", rgb="FFC00000")
    etree.SubElement(pr, S + "pageSetUpPr", fitToPage="1")
    rows = sorted(places, key=lambda p: SEVERITY_RANK[p[0].severity])
    last = f"{get_column_letter(len(HEADERS))}{len(rows) + FIRST_ROW - 1}"
    etree.SubElement(ws, S + "dimension", ref=f"A1:{last}")
    view = etree.SubElement(
        etree.SubElement(ws, S + "sheetViews"), S + "sheetView", tabSelected="1", workbookViewId="0"
    )
    etree.SubElement(
        view, S + "pane", ySplit="2", topLeftCell="A3", activePane="bottomLeft", state="frozen"
    )
    etree.SubElement(view, S + "selection", pane="bottomLeft", activeCell="A3", sqref="A3")
    etree.SubElement(ws, S + "sheetFormatPr", defaultRowHeight="15")
    cols = etree.SubElement(ws, S + "cols")
    for i, width in enumerate(WIDTHS, start=1):
        etree.SubElement(cols, S + "col", min=str(i), max=str(i), width=str(width), customWidth="1")
    data = etree.SubElement(ws, S + "sheetData")
    links: list[tuple[str, str, str]] = []
    _row(data, 1, [(BANNER, styles.list_style("banner"))], (sum(WIDTHS),))
    _row(data, 2, [(h, styles.list_style("header")) for h in HEADERS])
    if not rows:
        _row(data, FIRST_ROW, [("", 0), ("", 0), ("Ingen fund.", styles.list_style("text"))])
    for n, (f, own, place) in enumerate(rows, start=FIRST_ROW):
        where = f.location or ""
        if not own and f.file is not None:
            where = ""  # a place in another document
        link_style = styles.list_style("text")
        if place is not None:
            target = f"{quote_sheet(place.sheet)}!{place.cell or 'A1'}"
            links.append((f"B{n}", target, where))
            link_style = styles.list_style("link")
        sev = str(f.severity)
        _row(
            data,
            n,
            [
                (SEVERITY_DA[f.severity], styles.list_style(sev if sev != "info" else "text")),
                (where, link_style),
                (f.message, styles.list_style("text")),
                (f.hint or "", styles.list_style("text")),
                (f.code, styles.list_style("text")),
                (file_names.get(f.file, "Hele indsendelsen"), styles.list_style("text")),
            ],
        )
    merge = etree.SubElement(ws, S + "mergeCells", count="1")
    etree.SubElement(merge, S + "mergeCell", ref=f"A1:{get_column_letter(len(HEADERS))}1")
    if links:
        hyperlinks = etree.SubElement(ws, S + "hyperlinks")
        for ref, target, display in links:
            etree.SubElement(hyperlinks, S + "hyperlink", ref=ref, location=target, display=display)
    etree.SubElement(
        ws, S + "pageMargins", left="0.7", right="0.7", top="0.75", bottom="0.75", header="0.3",
        footer="0.3",
    )  # fmt: skip
    etree.SubElement(ws, S + "pageSetup", orientation="landscape", fitToWidth="1", fitToHeight="0")
    return ws


def _row(
    data: etree._Element, n: int, values: list[tuple[str, int]], widths: tuple[int, ...] = WIDTHS
) -> None:
    # A height for the wrapped text: office suites do not grow a row written without one,
    # so long findings would overlap the next row (about 1,1 characters per width unit).
    lines = max(
        sum(-(-len(part) // max(int(width * 1.1), 1)) or 1 for part in text.split("\n"))
        for (text, _), width in zip(values, widths, strict=False)
    )
    row = etree.SubElement(data, S + "row", r=str(n))
    if lines > 1:
        row.set("ht", str(15 * min(lines, 20)))
        row.set("customHeight", "1")
    for i, (text, style) in enumerate(values, start=1):
        c = etree.SubElement(row, S + "c", r=f"{get_column_letter(i)}{n}", t="inlineStr")
        if style:
            c.set("s", str(style))
        t = etree.SubElement(etree.SubElement(c, S + "is"), S + "t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = xml_text(text)  # inline text: never a formula


def _add_first_sheet(
    pkg: Package, wb_part: str, wb: etree._Element, sheets_el: etree._Element, ws: etree._Element
) -> str:
    """Add ``ws`` as the first sheet; returns its name."""
    names = {(s.get("name") or "").lower() for s in sheets_el}
    name, n = LIST_SHEET, 2
    while name.lower() in names:
        name, n = f"{LIST_SHEET} ({n})", n + 1
    part = pkg.free_name("xl/worksheets/sheet{}.xml")
    pkg.write(part, serialise(ws))
    pkg.add_content_type(part, WORKSHEET_CT)
    rid = pkg.add_rel(wb_part, WORKSHEET_TYPE, part)
    sheet_id = max((int(s.get("sheetId", "0")) for s in sheets_el), default=0) + 1
    new = etree.Element(S + "sheet", nsmap={"r": REL_NS}, name=name, sheetId=str(sheet_id))
    new.set(f"{{{REL_NS}}}id", rid)
    sheets_el.insert(0, new)
    for dn in wb.iter(S + "definedName"):  # sheet-local names follow their sheet
        if dn.get("localSheetId") is not None:
            dn.set("localSheetId", str(int(dn.get("localSheetId", "0")) + 1))
    for view in wb.iter(S + "workbookView"):
        view.set("activeTab", "0")
        if view.get("firstSheet") is not None:
            view.set("firstSheet", "0")
    pkg.write(wb_part, serialise(wb))
    return name
