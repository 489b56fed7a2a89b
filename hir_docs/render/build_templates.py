"""Build the Word templates (docxtpl) for the three reports.

The renderers build their default template in memory with these functions, so an
installed package needs no data files. ``python -m hir_docs.render.build_templates
templates/`` writes the same templates (and a blank accounts workbook showing the Excel
layout) to a folder: a municipality copies one, edits it in Word and passes it with
``--template``; ``hir-docs templates check`` tells which variables it may use.
"""

from __future__ import annotations

import io
from collections.abc import Callable
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


def _new(title: str) -> DocxDocument:
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


def _p(
    doc: DocxDocument, text: str, style: str | None = None, bold: bool = False, keep: bool = False
) -> None:
    para = doc.add_paragraph(style=style)
    run = para.add_run(text)
    run.bold = bold
    if keep:
        para.paragraph_format.keep_with_next = True


def _landscape(doc: DocxDocument) -> None:
    """Start a new page in A4 landscape (for the wide economy table)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def _fit(table: Table, widths: list[int]) -> None:
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


def _table(
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
    _fit(table, widths)
    return table


def _right(table: Table, columns: list[int]) -> None:
    """Right-align ``columns`` (amounts line up by their last digit)."""
    for row in table.rows:
        for i in columns:
            row.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _pairs(doc: DocxDocument, pairs: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=len(pairs), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, pairs, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
    _fit(table, [70, 100])


def _header(doc: DocxDocument, extra: list[tuple[str, str]]) -> None:
    _p(doc, "{{ report_title }}", "Title")
    _p(doc, "Håndholdt indsats i ressourceforløb (FL § 17.46.78.30)")
    _p(doc, "Generelle oplysninger", "Heading 1")
    pairs = [
        ("Projektets navn", "{{ project_name }}"),
        ("Tilskudsmodtager", "{{ municipality }}"),
        ("CVR-nummer", "{{ cvr }}"),
        ("Projekt- og tilskudsansvarlig", "{{ contact }}"),
        ("Journalnummer", "{{ journal_number }}"),
        ("Bevilget tilskud", "{{ grant }}"),
        ("Projektperiode", "{{ project_period }}"),
    ]
    _pairs(doc, pairs + extra)


def _sections(doc: DocxDocument) -> None:
    _p(doc, "{%p for s in sections %}")
    _p(doc, "{{ s.title }}", "Heading 2")
    _p(doc, "{%p for t in s.paragraphs %}")
    _p(doc, "{{ t }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")


def _criteria(doc: DocxDocument) -> None:
    _table(
        doc,
        ["Succeskriterium", "Projektstart", "Midtvejs", "Afslutning", "Mål", "Vurdering"],
        "c in criteria",
        ["{{ c.name }}", "{{ c.start }}", "{{ c.mid }}", "{{ c.end }}", "{{ c.target }}"]
        + ["{{ c.assessment }}"],
        [40, 28, 21, 25, 24, 32],
    )


# Portrait economy table (final report, accounts cover): the remarks follow the table as
# a list, so the five number columns keep their figures on one line.
ECONOMY_HEADS = ["Budgetlinje", "Budget", "{{ economy.spent_heading }}", "Afvigelse", "Afvigelse %"]
ECONOMY_CELLS = ["{{ r.label }}", "{{ r.budget }}", "{{ r.spent }}", "{{ r.deviation }}"]
ECONOMY_CELLS += ["{{ r.deviation_pct }}"]
ECONOMY_WIDTHS = [50, 30, 30, 32, 28]
TOTAL_CELLS = ["budget_total", "spent_total", "deviation_total", "deviation_total_pct"]
# Part accounts: the deviation is against the budget to date, so that column is shown too.
PART_HEADS = ["Budgetlinje", "Budget i alt", "Budget til dato", "Forbrug til dato", "Afvigelse"]
PART_HEADS += ["Afvigelse %"]
PART_CELLS = ["{{ r.label }}", "{{ r.budget }}", "{{ r.budget_to_date }}", "{{ r.spent }}"]
PART_CELLS += ["{{ r.deviation }}", "{{ r.deviation_pct }}"]
PART_WIDTHS = [36, 29, 27, 28, 27, 23]
PART_TOTALS = ["budget_total", "budget_to_date_total", "spent_total", "deviation_total"]
PART_TOTALS += ["deviation_total_pct"]


def _economy(
    doc: DocxDocument, heads: list[str], cells: list[str], totals: list[str], widths: list[int]
) -> None:
    table = _table(doc, heads, "r in economy.lines", cells, widths)
    amounts = [i for i, c in enumerate(cells) if "label" not in c and "remark" not in c]
    _right(table, amounts)
    total = doc.add_table(rows=1, cols=len(heads))
    total.style = "Table Grid"
    total.rows[0].cells[0].paragraphs[0].add_run("I alt").bold = True
    for i, name in enumerate(totals, start=1):
        total.rows[0].cells[i].paragraphs[0].add_run(f"{{{{ economy.{name} }}}}").bold = True
    _right(total, amounts)
    _fit(total, widths)


def _remarks(doc: DocxDocument) -> None:
    """The municipality's remarks to the budget lines, below the portrait table."""
    _p(doc, "{%p if economy.remarks %}")
    _p(doc, "Bemærkninger til budgetlinjerne", "Heading 2")
    _p(doc, "{%p for r in economy.remarks %}")
    _p(doc, "{{ r.label }}: {{ r.remark }}", "List Bullet")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")


def _summary(doc: DocxDocument) -> None:
    """Spending, what the grant covers, instalments paid and the grant payable (or repaid)."""
    _pairs(
        doc,
        [
            ("{{ economy.total_heading }}", "{{ economy.spent_total }}"),
            ("Heraf tilskudsberettigede udgifter", "{{ economy.eligible_spent }}"),
        ],
    )
    _p(doc, "Finansiering af udgifterne", bold=True, keep=True)
    _table(
        doc,
        ["Finansieret af", "Beløb"],
        "f in economy.financing",
        ["{{ f.name }}"] + ["{{ f.amount }}"],
        [120, 50],
    )
    _p(doc, "{%p if economy.has_other %}")
    _p(doc, "{{ economy.other_note }}")
    _p(doc, "{%p endif %}")
    _pairs(
        doc,
        [
            (
                "Tilskud fra STAR (tilskudsberettiget forbrug minus andre tilskudsgivere, højst "
                "bevilget tilskud)",
                "{{ economy.grant_covered }}",
            ),
            ("Allerede udbetalte rater", "{{ economy.paid }}"),
            ("Tilskud til udbetaling", "{{ economy.payable }}"),
        ],
    )
    _p(doc, "{%p if economy.repayment %}")
    repay = "Der er udbetalt mere end det tilskudsberettigede forbrug: {{ economy.repayment }} "
    _p(doc, repay + "skal betales tilbage til STAR.", bold=True)
    _p(doc, "{%p endif %}")


def _chart(doc: DocxDocument, name: str) -> None:
    """A chart image (``render.charts.Chart``, made an InlineImage when rendered)."""
    _p(doc, f"{{%p if {name} %}}")
    _p(doc, f"{{{{ {name} }}}}")
    _p(doc, "{%p endif %}")


def _obligations(doc: DocxDocument) -> None:
    _p(doc, "{%p if obligations %}")
    _table(
        doc,
        ["Forpligtelse", "Senest", "Status", "Bemærkning"],
        "o in obligations",
        ["{{ o.name }}", "{{ o.due }}", "{{ o.state }}", "{{ o.note }}"],
        [62, 30, 34, 44],
    )
    _p(doc, "{%p endif %}")


def build_status() -> DocxDocument:
    doc = _new("Statusrapport")
    _header(doc, [("Rapportperiode", "{{ period_label }} ({{ period_start }} – {{ period_end }})")])
    _p(doc, "Status for perioden", "Heading 1")
    _sections(doc)
    _p(doc, "Succeskriterier", "Heading 1")
    _p(doc, "Mål for andelen af passive borgere ved projektafslutning: {{ passive_target }}.")
    _p(doc, "{{ criteria_note }}")
    _criteria(doc)
    _p(doc, "Sagsstammer pr. koordinerende sagsbehandler", "Heading 1")
    _p(doc, "{%p if has_caseload %}")
    _p(
        doc,
        "Opgjort {{ caseload_date }}. Loftet er {{ caseload_limit }} sager pr. "
        "fuldtidsstilling for hele sagsstammen, også når den ikke kun består af "
        "ressourceforløb (Q&A 2018, spørgsmål 3 og 19). 'Over loftet' er vurderet ud fra den "
        "samlede sagsstamme omregnet til fuldtid.",
    )
    _table(
        doc,
        ["Sagsbehandler", "Timer pr. uge", "Registrerede ressourceforløb", "Sager i alt"]
        + ["Sager i alt pr. fuldtid", "Over loftet"],
        "k in caseload",
        ["{{ k.caseworker }}", "{{ k.hours }}", "{{ k.registered }}", "{{ k.total }}"]
        + ["{{ k.per_fte }}", "{{ k.over_limit }}"],
        [40, 20, 32, 28, 26, 24],
    )
    _p(doc, "{%p if caseload_unconfirmed %}")
    _p(doc, "{{ caseload_unconfirmed }}", bold=True)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if caseload_missing %}")
    _p(doc, "Ikke i registreringsskemaet: {{ caseload_missing }}.")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if not caseload_registrations %}")
    _p(
        doc,
        "Registreringsskemaet indgår ikke i denne rapport; kolonnen med registrerede "
        "ressourceforløb er derfor tom.",
    )
    _p(doc, "{%p endif %}")
    _p(doc, "Samlet sagsstamme måned for måned", "Heading 2")
    _chart(doc, "caseload_chart")
    months = [f"{{{{ caseload_months[{i}] }}}}" for i in range(6)]
    monthly = _table(
        doc,
        ["Sagsbehandler"] + months,
        "k in caseload_monthly",
        ["{{ k.caseworker }}"] + [f"{{{{ k.months[{i}] }}}}" for i in range(6)],
        [50] + [20] * 6,
    )
    _right(monthly, list(range(1, 7)))
    _p(doc, "{%p else %}")
    _p(doc, "Der er ingen koordinerende sagsbehandlere i projektdata.")
    _p(doc, "{%p endif %}")
    _p(doc, "Workshops, surveys og registreringer", "Heading 1")
    _p(doc, "Forpligtelserne i puljeopslaget, der skulle være gennemført inden periodens udgang.")
    _obligations(doc)
    _landscape(doc)  # eight columns: room for the figures and the remarks
    _p(doc, "Økonomi", "Heading 1")
    _p(doc, "Forbrug i perioden og til dato pr. budgetlinje i det godkendte budget.")
    _economy(
        doc,
        ["Budgetlinje", "Budget i alt", "Budget til dato", "Forbrug i perioden"]
        + ["Forbrug til dato", "Afvigelse", "Afvigelse %", "Bemærkning"],
        ["{{ r.label }}", "{{ r.budget }}", "{{ r.budget_to_date }}", "{{ r.spent_period }}"]
        + ["{{ r.spent }}", "{{ r.deviation }}", "{{ r.deviation_pct }}", "{{ r.remark }}"],
        ["budget_total", "budget_to_date_total", "spent_period_total", "spent_total"]
        + ["deviation_total", "deviation_total_pct"],
        [50, 27, 27, 27, 27, 27, 20, 52],
    )
    _p(doc, "{{ economy.deviation_note }}")
    _pairs(
        doc,
        [
            ("Udbetalte rater før perioden", "{{ economy.paid }}"),
            ("Frist for statusrapport og delregnskab", "{{ due }}"),
        ],
    )
    return doc


def build_final() -> DocxDocument:
    doc = _new("Slutrapport")
    _header(doc, [])
    _p(doc, "Succeskriterier: mål og resultater", "Heading 1")
    _p(doc, "Mål for andelen af passive borgere ved projektafslutning: {{ passive_target }}.")
    _criteria(doc)
    _p(doc, "{{ passive_definition }}")
    _chart(doc, "passive_chart")
    _p(doc, "Deltagernes arbejdsmarkedsstatus", "Heading 1")
    _p(
        doc,
        "Antal borgere i projektet ved projektstart og ved projektafslutning: "
        "{{ participants }} i alt. Borgere, der kom til undervejs, er talt med fra deres start "
        "i projektet (Q&A 2018, spørgsmål 12 og 16).",
    )
    table = _table(
        doc,
        ["Arbejdsmarkedsstatus", "Ved projektstart", "Ved projektafslutning", "Ændring"],
        "a in labour",
        ["{{ a.category }}", "{{ a.start }}", "{{ a.end }}", "{{ a.change }}"],
        [70, 33, 37, 30],
        total=["I alt", "{{ labour_total.start }}", "{{ labour_total.end }}"]
        + ["{{ labour_total.change }}"],
    )
    _right(table, [1, 2, 3])
    _p(doc, "Workshops, surveys og registreringer", "Heading 1")
    _obligations(doc)
    _p(doc, "Selvevaluering", "Heading 1")
    _sections(doc)
    _p(doc, "Økonomi", "Heading 1")
    _economy(doc, ECONOMY_HEADS, ECONOMY_CELLS, TOTAL_CELLS, ECONOMY_WIDTHS)
    _remarks(doc)
    _p(doc, "Tilskud", "Heading 2")
    _summary(doc)
    _p(doc, "Frist for slutrapport og endeligt regnskab: {{ due }}.")
    return doc


def build_accounts_cover() -> DocxDocument:
    doc = _new("Regnskab")
    _header(doc, [("Regnskabsperiode", "{{ period_label }}"), ("Frist", "{{ due }}")])
    _p(doc, "Regnskab pr. budgetlinje", "Heading 1")
    _p(doc, "{%p if period %}")
    _economy(doc, PART_HEADS, PART_CELLS, PART_TOTALS, PART_WIDTHS)
    _p(doc, "{%p else %}")
    _economy(doc, ECONOMY_HEADS, ECONOMY_CELLS, TOTAL_CELLS, ECONOMY_WIDTHS)
    _p(doc, "{%p endif %}")
    _p(doc, "{{ economy.deviation_note }}")
    _remarks(doc)
    _p(doc, "Finansiering", "Heading 1")
    _p(doc, "{%p if period %}")
    _p(doc, "Forbrug i perioden ({{ period_label }}): {{ economy.spent_period_total }}")
    _p(doc, "{%p endif %}")
    _summary(doc)
    _p(doc, "{%p if income %}")
    _p(doc, "Finansiering ud over STAR-tilskuddet i det godkendte budget:")
    _p(doc, "{%p for i in income %}")
    _p(doc, "{{ i.name }}: {{ i.amount }}", "List Bullet")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{{ statement_title }}", "Heading 1")
    _p(doc, "{{ statement_rule }}")
    _p(doc, "{{ statement_text }}", keep=True)
    _table(
        doc,
        ["", "Dato", "Underskrift", "Navn og titel"],
        "s in signatures",
        ["{{ s.role }}", "", "", "{{ s.name_title }}"],
        [42, 30, 50, 48],
        height=14,
    )
    return doc


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "status.docx": build_status,
    "final.docx": build_final,
    "accounts_cover.docx": build_accounts_cover,
}


def template_bytes(name: str) -> bytes:
    buf = io.BytesIO()
    BUILDERS[name]().save(buf)
    return buf.getvalue()
