"""The status report's Word template: the half-year's texts, criteria, caseload per
caseworker, duties due, and the economy on a landscape page."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from hir_docs.pools import Pool, load_pool
from hir_docs.render.docx_build import (
    align_right,
    landscape,
    loop_table,
    new_document,
    page_break_if,
    pairs_table,
    para,
)
from hir_docs.render.template_blocks import (
    chart,
    criteria_table,
    duties_lead,
    economy_table,
    has_caseload,
    has_target,
    header,
    obligations_table,
    signature_block,
    text_sections,
)


def build_status(pool: Pool | None = None) -> DocxDocument:
    """The status report's template for ``pool`` (default: the default pool): its texts
    (texts.toml), the target line when a criterion has one, the caseload sections when
    the pool runs the caseload module."""
    pool = pool or load_pool()
    doc = new_document("Statusrapport")
    period = "{{ period_label }} ({{ period_start }} – {{ period_end }})"
    header(doc, [("Rapportperiode", period)], pool)
    para(doc, "Status for perioden", "Heading 1")
    text_sections(doc)
    para(doc, "Succeskriterier", "Heading 1")
    if has_target(pool):
        para(doc, pool.text("report_target_label") + ": {{ passive_target }}.")
    para(doc, "{{ criteria_note }}")
    criteria_table(doc)
    para(doc, pool.text("report_duties_heading"), "Heading 1")
    para(doc, duties_lead(pool))
    obligations_table(doc)
    if has_caseload(pool):
        _caseload_sections(doc)
    landscape(doc)  # eight columns: room for the figures and the remarks
    _economy(doc)
    signature_block(doc)
    return doc


def _caseload_sections(doc: DocxDocument) -> None:
    """The caseload per caseworker and the relocated citizens (plug-in "caseload")."""
    para(doc, "Sagsstammer pr. koordinerende sagsbehandler", "Heading 1")
    para(doc, "{{ caseload_when }}")
    para(doc, "{%p if has_caseload %}")
    para(
        doc,
        "Loftet er {{ caseload_limit }} sager pr. fuldtidsstilling for hele sagsstammen, også "
        "når den ikke kun består af ressourceforløb (Q&A 2018, spørgsmål 3 og 19). Sager pr. "
        "fuldtid er den samlede sagsstamme omregnet til {{ full_time_hours }} timer pr. uge.",
    )
    loop_table(
        doc,
        ["Sagsbehandler", "I projektet", "Timer pr. uge", "Registrerede ressourceforløb"]
        + ["Sager i alt, højst", "Sager pr. fuldtid, højst", "Måneder over loftet"]
        + ["Over loftet"],
        "k in caseload",
        ["{{ k.caseworker }}", "{{ k.in_project }}", "{{ k.hours }}", "{{ k.registered }}"]
        + ["{{ k.max_cases }}", "{{ k.max_per_fte }}", "{{ k.months_over }}"]
        + ["{{ k.over_limit }}"],
        [30, 24, 13, 25, 16, 18, 27, 17],
    )
    para(doc, "{%p for n in caseload_notes %}")
    para(doc, "{{ n }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if caseload_missing %}")
    para(doc, "Ikke i registreringsskemaet: {{ caseload_missing }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if not caseload_registrations %}")
    para(
        doc,
        "Registreringsskemaet indgår ikke i denne rapport; kolonnen med registrerede "
        "ressourceforløb er derfor tom.",
    )
    para(doc, "{%p endif %}")
    # Many caseworkers: the chart and the month-by-month table get a page of their own
    # rather than leaving the table's tail alone on a page before the landscape economy.
    page_break_if(doc, "caseload_monthly|length > 6")
    para(doc, "Sager pr. fuldtidsstilling måned for måned", "Heading 2")
    chart(doc, "caseload_chart")
    months = [f"{{{{ caseload_months[{i}] }}}}" for i in range(6)]
    monthly = loop_table(
        doc,
        ["Sagsbehandler"] + months,
        "k in caseload_monthly",
        ["{{ k.caseworker }}"] + [f"{{{{ k.months[{i}] }}}}" for i in range(6)],
        [50] + [20] * 6,
    )
    align_right(monthly, list(range(1, 7)))
    para(
        doc,
        "Tallene er sager pr. fuldtidsstilling på månedens sidste dag. En tom celle: "
        "sagsbehandleren var ikke i projektet den dag; –: ikke opgjort eller ikke omregnet til "
        "fuldtid.",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if relocated_text %}")
    para(doc, "Fraflyttede borgere", "Heading 2")
    para(doc, "{{ relocated_text }}")
    para(doc, "{%p endif %}")


def _economy(doc: DocxDocument) -> None:
    para(doc, "Økonomi", "Heading 1")
    para(doc, "Forbrug i perioden og til dato pr. budgetlinje i det godkendte budget.")
    economy_table(
        doc,
        ["Budgetlinje", "Budget i alt", "Budget til dato", "Forbrug i perioden"]
        + ["Forbrug til dato", "Afvigelse", "Afvigelse %", "Bemærkning"],
        ["{{ r.label }}", "{{ r.budget }}", "{{ r.budget_to_date }}", "{{ r.spent_period }}"]
        + ["{{ r.spent }}", "{{ r.deviation }}", "{{ r.deviation_pct }}", "{{ r.remark }}"],
        ["budget_total", "budget_to_date_total", "spent_period_total", "spent_total"]
        + ["deviation_total", "deviation_total_pct"],
        [50, 27, 27, 27, 27, 27, 20, 52],
    )
    para(doc, "{{ economy.deviation_note }}")
    pairs_table(
        doc,
        [
            ("Udbetalte rater før perioden", "{{ economy.paid }}"),
            ("Frist for statusrapport og delregnskab", "{{ due }}"),
        ],
    )
