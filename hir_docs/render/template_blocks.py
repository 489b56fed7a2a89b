"""Parts several report templates share: the general facts, the text sections, the
criteria, the economy table and its remarks, the grant summary, a chart, the duties and
the management's signature block."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Mm

from hir_docs.pools import Pool, load_pool
from hir_docs.pools.reports import report_layout
from hir_docs.render.context.economy import covered_label
from hir_docs.render.docx_build import (
    align_right,
    fit,
    keep_together,
    loop_table,
    pairs_table,
    para,
)


def header(doc: DocxDocument, extra: list[tuple[str, str]], pool: Pool | None = None) -> None:
    para(doc, "{{ report_title }}", "Title")
    para(doc, (pool or load_pool()).text("report_subtitle"))
    para(doc, "Generelle oplysninger", "Heading 1")
    pairs = [
        ("Projektets navn", "{{ project_name }}"),
        ("Tilskudsmodtager", "{{ municipality }}"),
        ("CVR-nummer", "{{ cvr }}"),
        ("Projekt- og tilskudsansvarlig", "{{ contact }}"),
        ("Journalnummer", "{{ journal_number }}"),
        ("Bevilget tilskud", "{{ grant }}"),
        ("Projektperiode", "{{ project_period }}"),
    ]
    pairs_table(doc, pairs + extra)


def text_sections(doc: DocxDocument) -> None:
    para(doc, "{%p for s in sections %}")
    para(doc, "{{ s.title }}", "Heading 2")
    para(doc, "{%p for t in s.paragraphs %}")
    para(doc, "{{ t }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")


def criteria_table(doc: DocxDocument) -> None:
    loop_table(
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


def economy_table(
    doc: DocxDocument, heads: list[str], cells: list[str], totals: list[str], widths: list[int]
) -> None:
    table = loop_table(doc, heads, "r in economy.lines", cells, widths)
    amounts = [i for i, c in enumerate(cells) if "label" not in c and "remark" not in c]
    align_right(table, amounts)
    total = doc.add_table(rows=1, cols=len(heads))
    total.style = "Table Grid"
    total.rows[0].cells[0].paragraphs[0].add_run("I alt").bold = True
    for i, name in enumerate(totals, start=1):
        total.rows[0].cells[i].paragraphs[0].add_run(f"{{{{ economy.{name} }}}}").bold = True
    align_right(total, amounts)
    fit(total, widths)


def remarks(doc: DocxDocument) -> None:
    """The municipality's remarks to the budget lines, below the portrait table."""
    para(doc, "{%p if economy.remarks %}")
    para(doc, "Bemærkninger til budgetlinjerne", "Heading 2")
    para(doc, "{%p for r in economy.remarks %}")
    para(doc, "{{ r.label }}: {{ r.remark }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")


# The final report's grant summary: what STAR has paid, what the part accounts requested
# and STAR has not yet paid, and the remainder; that remainder is requested by the final
# accounts (their own document), so the report names it as such and requests nothing.
PENDING = "Anmodet i delregnskaber, endnu ikke udbetalt"
REQUESTED_IN_ACCOUNTS = "Anmodes om i det endelige regnskab"


def grant_summary(doc: DocxDocument, pool: Pool | None = None) -> None:
    """Spending, what the grant covers, instalments paid, part-accounts requests not yet
    paid, and what the final accounts request (or what is to be repaid); ``pool``: whose
    grantor (default: the default pool's)."""
    grantor = (pool or load_pool()).grantor
    pairs_table(
        doc,
        [
            ("{{ economy.total_heading }}", "{{ economy.spent_total }}"),
            ("Heraf tilskudsberettigede udgifter", "{{ economy.eligible_spent }}"),
        ],
    )
    para(doc, "Finansiering af udgifterne", bold=True, keep=True)
    loop_table(
        doc,
        ["Finansieret af", "Beløb"],
        "f in economy.financing",
        ["{{ f.name }}"] + ["{{ f.amount }}"],
        [120, 50],
    )
    para(doc, "{%p if economy.has_other %}")
    para(doc, "{{ economy.other_note }}")
    para(doc, "{%p endif %}")
    pairs_table(
        doc,
        [
            (covered_label(grantor), "{{ economy.grant_covered }}"),
            ("Allerede udbetalte rater", "{{ economy.paid }}"),
            (PENDING, "{{ economy.pending }}"),
            (REQUESTED_IN_ACCOUNTS, "{{ economy.payable }}"),
        ],
    )
    para(doc, "{%p if economy.repayment %}")
    repay = (
        "Der er udbetalt {{ economy.paid }}, og "
        + f"{grantor}'s andel af udgifterne er "
        + "{{ economy.grant_covered }}: {{ economy.repayment }} "
    )
    para(doc, repay + f"skal betales tilbage til {grantor}.", bold=True)
    para(doc, "{%p endif %}")


def chart(doc: DocxDocument, name: str) -> None:
    """A chart image (``render.charts.Chart``, made an InlineImage when rendered)."""
    para(doc, f"{{%p if {name} %}}")
    para(doc, f"{{{{ {name} }}}}")
    para(doc, "{%p endif %}")


def obligations_table(doc: DocxDocument) -> None:
    para(doc, "{%p if obligations %}")
    loop_table(
        doc,
        ["Forpligtelse", "Hvornår", "Status", "Bemærkning"],
        "o in obligations",
        ["{{ o.name }}", "{{ o.due }}", "{{ o.state }}", "{{ o.note }}"],
        [62, 30, 34, 44],
    )
    para(doc, "{%p endif %}")


# The obligations section's lead-in (status report): what the table holds, without
# attributing a date to the puljeopslag that it does not give.
# The default pool's lead of the duties table (texts.toml, report_duties_lead); a template
# built for a pool takes its own (``duties_lead``).
OBLIGATIONS_LEAD = load_pool().text("report_duties_lead")


def duties_lead(pool: Pool | None = None) -> str:
    return (pool or load_pool()).text("report_duties_lead")


def has_target(pool: Pool | None = None) -> bool:
    """The pool has a "share" criterion whose target the application gives (reports.toml)."""
    return bool(report_layout(pool or load_pool()).criteria_target_label)


def has_caseload(pool: Pool | None = None) -> bool:
    """The pool runs HIR's caseload module (plug-in "caseload"): the caseload sections."""
    return "caseload" in (pool or load_pool()).plugins


def signature_block(doc: DocxDocument) -> None:
    """The report date and the management's signature (status and final reports): date,
    signature line, name and title of the signer; kept on one page."""
    para(doc, "Dato og underskrift", "Heading 1")
    para(doc, "Rapportdato: {{ report_date }}", keep=True)
    para(doc, "For ledelsen i {{ municipality }}:", keep=True)
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    rows = [
        ("Dato", ""),
        ("Underskrift", ""),
        ("Navn og titel", "{{ signer.name_title }}"),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
        row.height, row.height_rule = Mm(12), WD_ROW_HEIGHT_RULE.AT_LEAST
    keep_together(table)
    fit(table, [50, 120])
