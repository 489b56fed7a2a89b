"""The final report's Word template (the self-evaluation)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from hir_docs.pools import Pool, load_pool
from hir_docs.render.docx_build import align_right, loop_table, new_document, para
from hir_docs.render.template_blocks import (
    ECONOMY_CELLS,
    ECONOMY_HEADS,
    ECONOMY_WIDTHS,
    TOTAL_CELLS,
    chart,
    criteria_table,
    economy_table,
    grant_summary,
    has_caseload,
    has_target,
    header,
    obligations_table,
    remarks,
    signature_block,
    text_sections,
)


def build_final(pool: Pool | None = None) -> DocxDocument:
    """The final report's template for ``pool`` (default: the default pool)."""
    pool = pool or load_pool()
    doc = new_document("Slutrapport")
    header(doc, [], pool)
    para(doc, "Succeskriterier: mål og resultater", "Heading 1")
    if has_target(pool):
        para(doc, pool.text("report_target_label") + ": {{ passive_target }}.")
    criteria_table(doc)
    para(doc, "{{ passive_definition }}")
    chart(doc, "passive_chart")
    para(doc, "Deltagernes arbejdsmarkedsstatus", "Heading 1")
    para(
        doc,
        "Antal borgere i projektet ved projektstart og ved projektafslutning: "
        "{{ participants }} i alt. " + pool.text("report_labour_note"),
    )
    table = loop_table(
        doc,
        ["Arbejdsmarkedsstatus", "Ved projektstart", "Ved projektafslutning", "Ændring"],
        "a in labour",
        ["{{ a.category }}", "{{ a.start }}", "{{ a.end }}", "{{ a.change }}"],
        [70, 33, 37, 30],
        total=["I alt", "{{ labour_total.start }}", "{{ labour_total.end }}"]
        + ["{{ labour_total.change }}"],
    )
    align_right(table, [1, 2, 3])
    if has_caseload(pool):
        caseload_section(doc)
    para(doc, pool.text("report_duties_heading"), "Heading 1")
    obligations_table(doc)
    para(doc, "Selvevaluering", "Heading 1")
    text_sections(doc)
    para(doc, "Økonomi", "Heading 1")
    economy_table(doc, ECONOMY_HEADS, ECONOMY_CELLS, TOTAL_CELLS, ECONOMY_WIDTHS)
    remarks(doc)
    para(doc, "Tilskud", "Heading 2")
    grant_summary(doc, pool)
    para(doc, "Frist for slutrapport og endeligt regnskab: {{ due }}.")
    signature_block(doc)
    return doc


def caseload_section(doc: DocxDocument) -> None:
    """Every caseworker's whole caseload over the project period against the limit."""
    para(doc, "Sagsstammer i projektperioden", "Heading 1")
    para(doc, "{{ whole_caseload_when }}")
    para(doc, "{%p if has_whole_caseload %}")
    para(
        doc,
        "Loftet er {{ caseload_limit }} sager pr. fuldtidsstilling for hele sagsstammen, også "
        "når den ikke kun består af ressourceforløb (Q&A 2018, spørgsmål 3 og 19). Sager pr. "
        "fuldtid er den samlede sagsstamme omregnet til {{ full_time_hours }} timer pr. uge.",
    )
    table = loop_table(
        doc,
        ["Sagsbehandler", "I projektet", "Timer pr. uge", "Måneder i projektet"]
        + ["Måneder over loftet", "Sager pr. fuldtid, højst", "Sager i alt, højst"],
        "k in whole_caseload",
        ["{{ k.caseworker }}", "{{ k.in_project }}", "{{ k.hours }}", "{{ k.months }}"]
        + ["{{ k.months_over }}", "{{ k.max_per_fte }}", "{{ k.max_cases }}"],
        [34, 28, 14, 18, 40, 19, 17],
    )
    align_right(table, [2, 3, 5, 6])
    para(doc, "{%p for n in whole_caseload_notes %}")
    para(doc, "{{ n }}")
    para(doc, "{%p endfor %}")
    chart(doc, "whole_caseload_chart")
    para(doc, "{%p endif %}")
