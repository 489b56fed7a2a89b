"""The Word cover of the final or part accounts: the economy, the financing, the statement
and the signature blocks (the figures themselves are in the accounts workbook)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from hir_docs.render.docx_build import loop_table, new_document, para
from hir_docs.render.template_blocks import (
    ECONOMY_CELLS,
    ECONOMY_HEADS,
    ECONOMY_WIDTHS,
    PART_CELLS,
    PART_HEADS,
    PART_TOTALS,
    PART_WIDTHS,
    TOTAL_CELLS,
    economy_table,
    grant_summary,
    header,
    remarks,
)


def build_accounts_cover() -> DocxDocument:
    doc = new_document("Regnskab")
    header(doc, [("Regnskabsperiode", "{{ period_label }}"), ("Frist", "{{ due }}")])
    para(doc, "Regnskab pr. budgetlinje", "Heading 1")
    para(doc, "{%p if period %}")
    economy_table(doc, PART_HEADS, PART_CELLS, PART_TOTALS, PART_WIDTHS)
    para(doc, "{%p else %}")
    economy_table(doc, ECONOMY_HEADS, ECONOMY_CELLS, TOTAL_CELLS, ECONOMY_WIDTHS)
    para(doc, "{%p endif %}")
    para(doc, "{{ economy.deviation_note }}")
    remarks(doc)
    para(doc, "Finansiering", "Heading 1")
    para(doc, "{%p if period %}")
    para(doc, "Forbrug i perioden ({{ period_label }}): {{ economy.spent_period_total }}")
    para(doc, "{%p endif %}")
    grant_summary(doc)
    para(doc, "{%p if income %}")
    para(doc, "Finansiering ud over STAR-tilskuddet i det godkendte budget:")
    para(doc, "{%p for i in income %}")
    para(doc, "{{ i.name }}: {{ i.amount }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{{ statement_title }}", "Heading 1")
    para(doc, "{%p if statement_rule %}")
    para(doc, "{{ statement_rule }}")
    para(doc, "{%p endif %}")
    para(doc, "{{ statement_text }}", keep=True)
    loop_table(
        doc,
        ["", "Dato", "Underskrift", "Navn og titel"],
        "s in signatures",
        ["{{ s.role }}", "", "", "{{ s.name_title }}"],
        [42, 30, 50, 48],
        height=14,
    )
    return doc
