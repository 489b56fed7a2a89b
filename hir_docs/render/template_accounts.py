"""The accounts document that is signed (final or part accounts): the request, the
accounts per budget line, the financing, the payments, the management's statement worded
from the figures, room for the auditor's own statement and the signature blocks. The
accounts workbook is its annex with the same figures."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Mm

from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.accounts import declarations
from hir_docs.render.docx_build import (
    align_right,
    fit,
    loop_table,
    new_document,
    pairs_table,
    para,
)
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
    header,
    remarks,
)

SIGN_HEADS = ["", "Dato", "Underskrift", "Navn og titel"]
SIGN_CELLS = ["{{ s.role }}", "", "", "{{ s.name_title }}"]
SIGN_WIDTHS = [42, 30, 50, 48]
ANNEX = "Bilag: regnskabsarket (Excel) med de samme tal pr. budgetlinje og den samme finansiering."


def _financing(doc: DocxDocument) -> None:
    para(doc, "Finansiering", "Heading 1")
    para(doc, "{%p if period %}")
    para(doc, "Forbrug i perioden ({{ period_label }}): {{ economy.spent_period_total }}")
    para(doc, "{%p endif %}")
    pairs_table(
        doc,
        [
            ("{{ economy.total_heading }}", "{{ economy.spent_total }}"),
            ("Heraf tilskudsberettigede udgifter", "{{ economy.eligible_spent }}"),
        ],
    )
    para(doc, "Finansiering af udgifterne", bold=True, keep=True)
    table = loop_table(
        doc,
        ["Finansieret af", "{{ economy.budget_heading }}", "{{ economy.accounts_heading }}"],
        "f in economy.financing_rows",
        ["{{ f.name }}", "{{ f.budget }}", "{{ f.amount }}"],
        [90, 40, 40],
    )
    align_right(table, [1, 2])
    para(doc, "{%p if economy.has_other %}")
    para(doc, "Andre tilskudsgivere: modtaget og fratrukket", bold=True, keep=True)
    heads = ["Tilskudsgiver", "{{ economy.budget_heading }}"]
    para(doc, "{%p if period %}")
    cells = ["{{ o.name }}", "{{ o.budget }}", "{{ o.received_period }}"]
    cells += ["{{ o.received }}", "{{ o.counted }}"]
    table = loop_table(
        doc,
        [*heads, "Modtaget i perioden", "Modtaget til dato", "Fratrukket"],
        "o in economy.other",
        cells,
        [50, 30, 30, 30, 30],
    )
    align_right(table, [1, 2, 3, 4])
    para(doc, "{%p else %}")
    cells = ["{{ o.name }}", "{{ o.budget }}", "{{ o.received }}", "{{ o.counted }}"]
    table = loop_table(
        doc, [*heads, "Modtaget", "Fratrukket"], "o in economy.other", cells, [80, 30, 30, 30]
    )
    align_right(table, [1, 2, 3])
    para(doc, "{%p endif %}")
    para(doc, "{{ economy.other_note }}")
    para(doc, "{%p endif %}")


def _payment(doc: DocxDocument, grantor: str) -> None:
    para(doc, "Udbetaling", "Heading 1")
    para(doc, "{%p if economy.requests %}")
    table = loop_table(
        doc,
        ["Tidligere delregnskaber", "Anmodet", "Udbetalt", "Ikke udbetalt"],
        "q in economy.requests",
        ["{{ q.label }}", "{{ q.requested }}", "{{ q.paid }}", "{{ q.outstanding }}"],
        [65, 35, 35, 35],
    )
    align_right(table, [1, 2, 3])
    para(doc, "{%p endif %}")
    pairs_table(
        doc,
        [
            (
                f"Tilskud fra {grantor} i alt{{% if period %}} til dato{{% endif %}}",
                "{{ economy.grant_covered }}",
            ),
            (f"Udbetalt af {grantor}", "{{ economy.paid }}"),
            ("Anmodet i tidligere delregnskaber, ikke udbetalt", "{{ economy.pending }}"),
            ("Anmodes om med dette regnskab", "{{ economy.payable }}"),
        ],
    )
    para(doc, "{%p if economy.repayment %}")
    para(doc, f"Til tilbagebetaling til {grantor}: " + "{{ economy.repayment }}", bold=True)
    para(doc, "{%p endif %}")
    para(doc, "{%p if economy.withdrawn %}")
    para(
        doc,
        "Tidligere delregnskaber har anmodet om {{ economy.withdrawn }} mere end "
        f"{grantor}'s andel; "
        "det beløb skal ikke udbetales.",
    )
    para(doc, "{%p endif %}")


def _statement(doc: DocxDocument, pool: Pool) -> None:
    para(doc, "{{ statement.title }}", "Heading 1")
    para(doc, "{{ statement.opening }}")
    if declarations(pool):  # only a pool whose accounts declare more (texts.toml)
        para(doc, "{%p for d in declarations %}")
        para(doc, "{{ d }}", keep=True)
        para(doc, "{%p endfor %}")
    para(doc, "{{ statement.budget }}", keep=True)
    para(doc, "{%p for d in statement.deviations %}")
    para(doc, "{{ d }}", "List Bullet", keep=True)
    para(doc, "{%p endfor %}")
    para(doc, "{{ statement.eligible }}", keep=True)
    loop_table(doc, SIGN_HEADS, "s in management", SIGN_CELLS, SIGN_WIDTHS, height=14)


def _auditor(doc: DocxDocument) -> None:
    """The auditor's part: why it is required, an empty space for the auditor's own
    statement and reservations, and the auditor's signature."""
    para(doc, "{%p if audit_required %}")
    para(doc, "Revisorpåtegning", "Heading 1")
    doc.paragraphs[-1].paragraph_format.page_break_before = True  # the auditor's own page
    para(doc, "{{ audit_text }}", keep=True)
    para(doc, "{{ auditor_box }}", bold=True, keep=True)
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.rows[0].height, box.rows[0].height_rule = Mm(110), WD_ROW_HEIGHT_RULE.AT_LEAST
    fit(box, [170])
    para(doc, "")
    loop_table(doc, SIGN_HEADS, "s in auditor", SIGN_CELLS, SIGN_WIDTHS, height=14)
    para(doc, "{%p endif %}")


def build_accounts_cover(pool: Pool | None = None) -> DocxDocument:
    """The accounts' cover template for ``pool`` (default: the default pool)."""
    doc = new_document("Regnskab")
    header(doc, [("Regnskabsperiode", "{{ period_label }}"), ("Frist", "{{ due }}")], pool)
    para(doc, "Anmodning om udbetaling", "Heading 1")
    para(doc, "{{ request }}")
    para(doc, ANNEX)
    para(doc, "Regnskab pr. budgetlinje", "Heading 1")
    para(doc, "{%p if period %}")
    economy_table(doc, PART_HEADS, PART_CELLS, PART_TOTALS, PART_WIDTHS)
    para(doc, "{%p else %}")
    economy_table(doc, ECONOMY_HEADS, ECONOMY_CELLS, TOTAL_CELLS, ECONOMY_WIDTHS)
    para(doc, "{%p endif %}")
    para(doc, "{{ economy.deviation_note }}")
    remarks(doc)
    _financing(doc)
    pool = pool or load_pool()
    _payment(doc, pool.grantor)
    _statement(doc, pool)
    _auditor(doc)
    return doc
