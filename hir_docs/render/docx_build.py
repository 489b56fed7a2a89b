"""The docx building blocks of the report templates: an A4 page with the page header and
"Side X af Y", paragraphs, a landscape section, and tables whose rows loop over a
context list (docxtpl ``{%tr for %}``) with fixed column widths."""

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
    para = doc.add_paragraph(style=style)
    run = para.add_run(text)
    run.bold = bold
    if keep:
        para.paragraph_format.keep_with_next = True


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
    if height:
        table.rows[2].height, table.rows[2].height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    fit(table, widths)
    return table


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
