"""The docx building blocks of the report templates: an A4 page with the page header and
"Side X af Y", paragraphs, a landscape section, and tables whose rows loop over a
context list (docxtpl ``{%tr for %}``) with fixed column widths; and ``print_layout``,
which lays a rendered document out for print (kept headings and tables, no empty
columns)."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from hir_docs.files.ooxml import FIXED_TIME, set_language

PORTRAIT_WIDTH = 170  # mm between the margins of A4 portrait
LANDSCAPE_WIDTH = 257  # ... and of A4 landscape


def new_document(title: str) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    set_language(doc, "da-DK")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "hir-docs", "hir-docs"
    props.comments = ""
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    _page_header_footer(section)
    return doc


def _field(paragraph: Any, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a placeholder result until Word/LibreOffice updates it."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_header_footer(section: Any) -> None:
    """Every page: the municipality and the project's name at the top ("UDKAST" first in
    a draft), "Side X af Y" at the bottom. Later sections inherit them."""
    head = section.header.paragraphs[0]
    head.add_run("{{ page_header }}").font.size = Pt(8.5)
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Side ")
    _field(foot, "PAGE")
    foot.add_run(" af ")
    _field(foot, "NUMPAGES")


def para(
    doc: DocxDocument, text: str, style: str | None = None, bold: bool = False, keep: bool = False
) -> None:
    """A paragraph; a heading (and ``keep``) stays on the page of what follows it."""
    para = doc.add_paragraph(style=style)
    run = para.add_run(text)
    run.bold = bold
    if keep or is_heading(style):
        para.paragraph_format.keep_with_next = True


def page_break_if(doc: DocxDocument, condition: str) -> None:
    """A page break where the template's ``condition`` (Jinja) holds when rendered."""
    from docx.enum.text import WD_BREAK

    para(doc, f"{{%p if {condition} %}}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(doc, "{%p endif %}")


def is_heading(style: str | None) -> bool:
    return bool(style) and (str(style).startswith("Heading") or style == "Title")


def landscape(doc: DocxDocument) -> None:
    """Start a new page in A4 landscape (for the wide economy table)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def fit(table: Table, widths: list[int]) -> None:
    """Column widths in mm (sum 170 on portrait, 257 on landscape) and a small table font."""
    assert sum(widths) in (PORTRAIT_WIDTH, LANDSCAPE_WIDTH), widths
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(Mm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(8.5)


def loop_table(
    doc: DocxDocument,
    heads: list[str],
    loop: str,
    cells: list[str],
    widths: list[int],
    height: int | None = None,
    total: list[str] | None = None,
) -> Table:
    """A table: header row, then one row per item of ``loop`` ("r in economy.lines"),
    then (``total``) a bold totals row in the same table.

    The header row repeats on every page. ``height``: minimum height in mm of each item's
    row, and the table is kept on one page (the signature blocks).
    """
    table = doc.add_table(rows=5 if total else 4, cols=len(heads))
    table.style = "Table Grid"
    for i, head in enumerate(heads):
        table.rows[0].cells[i].paragraphs[0].add_run(head).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for i, cell in enumerate(cells):
        table.rows[2].cells[i].paragraphs[0].add_run(cell)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for i, cell in enumerate(total or []):
        table.rows[4].cells[i].paragraphs[0].add_run(cell).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in table.rows:  # a row is never split across pages
        _cant_split(row._tr)
    if height:
        table.rows[2].height, table.rows[2].height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        for row in table.rows:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    fit(table, widths)
    return table


def _cant_split(tr: Any) -> None:
    props = tr.get_or_add_trPr()
    if props.find(qn("w:cantSplit")) is None:
        props.append(OxmlElement("w:cantSplit"))


def keep_together(table: Table) -> None:
    """Keep the whole ``table`` on one page: no row split, every row kept with the next."""
    _keep_rows(table._tbl, 0, len(table.rows) - 1)


def _keep_rows(tbl: Any, first: int, stop: int) -> None:
    """Rows ``first`` .. ``stop - 1`` of the table element kept with the row after them."""
    rows = tbl.findall(qn("w:tr"))
    for tr in rows:
        _cant_split(tr)
    for tr in rows[first:stop]:
        for p in tr.iter(qn("w:p")):
            p.get_or_add_pPr().keepNext_val = True


def align_right(table: Table, columns: list[int]) -> None:
    """Right-align ``columns`` (amounts line up by their last digit)."""
    for row in table.rows:
        for i in columns:
            row.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def pairs_table(doc: DocxDocument, pairs: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=len(pairs), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, pairs, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
    fit(table, [70, 100])


# --- print layout of a rendered document ---------------------------------------------------
KEEP_WHOLE = 12  # a table of at most this many rows is kept on one page
KEEP_HEAD = 3  # a longer table starts with at least its header and two rows on a page ...
KEEP_TAIL = 4  # ... and its last rows stay together: no page holds only a table's tail


def print_layout(doc: DocxDocument) -> None:
    """Lay a rendered document out for print: headings and the paragraph introducing a
    table stay with what follows; no row is split across pages; a short table stays on
    one page, a long one neither starts nor ends with a lone row on a page; a table
    followed directly by another (the totals row) stays with it; columns empty in every
    row (unused month columns) are dropped."""
    children = list(doc.element.body)
    for i, (el, nxt) in enumerate(zip(children, children[1:] + [None], strict=True)):
        next_is_table = nxt is not None and nxt.tag == qn("w:tbl")
        if el.tag == qn("w:p"):
            if _is_heading(el):
                el.get_or_add_pPr().keepNext_val = True
            if next_is_table or next(el.iter(qn("w:drawing")), None) is not None:
                _keep_lead_in(children, i if next_is_table else i - 1)
        elif el.tag == qn("w:tbl"):
            drop_empty_columns(el)
            count = len(el.findall(qn("w:tr")))
            if count <= KEEP_WHOLE:
                _keep_rows(el, 0, count - (0 if next_is_table else 1))
            else:
                _keep_rows(el, 0, KEEP_HEAD - 1)
                _keep_rows(el, count - KEEP_TAIL, count - (0 if next_is_table else 1))


LEAD_IN = 3  # paragraphs before a table or a chart kept with it (back to the heading)


def _is_heading(p: Any) -> bool:
    style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else ""
    return bool(style) and (style.startswith("Heading") or style == "Title")


def _keep_lead_in(children: list[Any], last: int) -> None:
    """Keep the paragraphs introducing a table or chart (up to ``LEAD_IN``, back to the
    section's heading) with it: no heading or lead-in left alone at the foot of a page."""
    for el in reversed(children[max(0, last - LEAD_IN + 1) : last + 1]):
        if el.tag != qn("w:p") or _is_heading(el):
            return
        if _text(el) or next(el.iter(qn("w:drawing")), None) is not None:
            el.get_or_add_pPr().keepNext_val = True


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t"))).strip()


def _blank(tc: Any) -> bool:
    return not _text(tc) and next(tc.iter(qn("w:drawing")), None) is None


def drop_empty_columns(tbl: Any) -> None:
    """Remove the columns of the table element ``tbl`` that are empty in every row (the
    header included); the others share the freed width in proportion. Only a table with
    a repeated header row (``loop_table``); tables with merged cells are left as they are."""
    if next(tbl.iter(qn("w:gridSpan")), None) is not None:
        return
    if next(tbl.iter(qn("w:vMerge")), None) is not None:
        return
    trs = tbl.findall(qn("w:tr"))
    if len(trs) < 2 or trs[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
        return  # only tables with a header row: never a totals row below another table
    rows = [tr.findall(qn("w:tc")) for tr in trs]
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    if not rows or any(len(r) != len(cols) for r in rows):
        return
    empty = {i for i in range(len(cols)) if all(_blank(r[i]) for r in rows)}
    if not empty or len(empty) == len(cols):
        return
    widths = [int(c.get(qn("w:w")) or 0) for c in cols]
    kept = [i for i in range(len(cols)) if i not in empty]
    share = sum(widths) / max(1, sum(widths[i] for i in kept))
    new = {i: round(widths[i] * share) for i in kept}
    for i in sorted(empty, reverse=True):
        grid.remove(cols[i])
        for r in rows:
            r[i].getparent().remove(r[i])
    for i in kept:
        cols[i].set(qn("w:w"), str(new[i]))
        for r in rows:
            tcw = r[i].get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:w"), str(new[i]))
            tcw.set(qn("w:type"), "dxa")
