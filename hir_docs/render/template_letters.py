"""The Word templates of STAR's letters after the decision: the grant letter (tilsagnsbrev)
and the refusal letter (afslag). Every sentence is here, with the decision's and the
pool's facts as variables (``hir_docs.grants.letters.letter_context``), so STAR can edit
the wording in Word; ``hir-docs templates check`` lists a variable hir-docs does not give.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from hir_docs.pools import Pool
from hir_docs.render.docx_build import align_right, loop_table, new_document, pairs_table, para


def _head(doc: DocxDocument, rows: list[tuple[str, str]]) -> None:
    para(doc, "{{ document_title }}", "Title")
    pairs_table(doc, rows)
    para(doc, "")


def _closing(doc: DocxDocument) -> None:
    para(doc, "Med venlig hilsen", keep=True)
    para(doc, "{{ grantor }}")


def build_grant_letter(pool: Pool | None = None) -> DocxDocument:
    """The grant letter: the grant, a revised budget when it is below the amount applied
    for, the conditions, the deadlines of every report and accounts, the payment, the
    approved budget and the grant record that goes with the letter."""
    doc = new_document("Tilsagnsbrev")
    _head(
        doc,
        [
            ("Dato", "{{ letter_date }}"),
            ("Journalnummer", "{{ journal_number }}"),
            ("Tilskudsmodtager", "{{ municipality }} (kommunekode {{ municipality_code }})"),
            ("Pulje", "{{ pool_name }} ({{ account }})"),
            ("Projektets navn", "{{ project_name }}"),
            ("Ansøgt beløb", "{{ applied_amount }}"),
            ("Bevilget tilskud", "{{ granted_amount }}"),
            ("Projektperiode", "{{ project_period }}"),
        ],
    )
    para(doc, "Tilsagn om tilskud", "Heading 1")
    para(
        doc,
        "{{ grantor }} giver hermed {{ municipality }} tilsagn om et tilskud på "
        "{{ granted_amount }} til projektet »{{ project_name }}« fra puljen {{ pool_name }} "
        "({{ account }}). Projektperioden er {{ project_period }}.",
    )
    para(doc, "{%p if revised_budget %}")
    para(doc, "Revideret budget", "Heading 2")
    para(
        doc,
        "Tilskuddet er {{ reduction }} mindre end de {{ applied_amount }}, kommunen har søgt "
        "om. Kommunen skal derfor sende {{ grantor }} et revideret budget, der svarer til "
        "tilskuddet. Det reviderede budget gælder, når {{ grantor }} har godkendt det "
        "skriftligt.",
    )
    para(doc, "{%p endif %}")
    para(doc, "Vilkår", "Heading 1")
    para(doc, "{%p if conditions %}")
    para(doc, "Tilsagnet gives på disse vilkår: {{ conditions }}")
    para(doc, "{%p else %}")
    para(doc, "Tilsagnet gives uden andre vilkår end puljeopslagets.")
    para(doc, "{%p endif %}")
    para(doc, "Afrapportering og frister", "Heading 1")
    para(
        doc,
        "Kommunen skal sende disse rapporter og regnskaber til {{ grantor }} senest på fristen:",
        keep=True,
    )
    loop_table(
        doc,
        ["Rapport eller regnskab", "Periode", "Frist"],
        "r in deadlines",
        ["{{ r.title }}", "{{ r.period }}", "{{ r.deadline }}"],
        [90, 45, 35],
    )
    para(doc, "{%p if audit_required %}")
    para(
        doc,
        "Tilskuddet er over {{ audit_threshold }}, så regnskabet skal være påtegnet af en revisor.",
    )
    para(doc, "{%p endif %}")
    para(doc, "Udbetaling", "Heading 1")
    para(doc, "{{ payment_text }}")
    para(doc, "Godkendt budget", "Heading 1")
    para(doc, "Tilsagnet bygger på kommunens budget med disse udgifter:", keep=True)
    lines = loop_table(
        doc,
        ["Linje", "Udgiftspost", "Funktion", "Beløb", "Tilskudsberettiget"],
        "l in lines",
        ["{{ l.key }}", "{{ l.post }}", "{{ l.function }}", "{{ l.amount }}", "{{ l.eligible }}"],
        [14, 50, 44, 30, 32],
        total=["", "I alt", "", "{{ lines_total }}", ""],
    )
    align_right(lines, [3])
    para(doc, "{%p if income %}")
    para(doc, "og disse indtægter ud over tilskuddet:", keep=True)
    income = loop_table(
        doc,
        ["Indtægt", "Beløb"],
        "i in income",
        ["{{ i.name }}", "{{ i.amount }}"],
        [130, 40],
    )
    align_right(income, [1])
    para(doc, "{%p endif %}")
    para(doc, "Tilsagnsfil", "Heading 1")
    para(
        doc,
        "Med brevet følger tilsagnsfilen {{ record_file }}. Kommunen opretter sin projektdata "
        "ud fra den, så beløb, budgetlinjer, journalnummer og frister er de samme som i dette "
        "brev. Filen må ikke ændres.",
    )
    _closing(doc)
    return doc


def build_refusal_letter(pool: Pool | None = None) -> DocxDocument:
    """The refusal letter: the application, the refusal, the reason when STAR gives one."""
    doc = new_document("Afslag")
    _head(
        doc,
        [
            ("Dato", "{{ letter_date }}"),
            ("Journalnummer", "{{ journal_number }}"),
            ("Ansøger", "{{ municipality }} (kommunekode {{ municipality_code }})"),
            ("Pulje", "{{ pool_name }} ({{ account }})"),
            ("Projektets navn", "{{ project_name }}"),
            ("Ansøgt beløb", "{{ applied_amount }}"),
        ],
    )
    para(doc, "Afslag på ansøgning om tilskud", "Heading 1")
    para(
        doc,
        "{{ grantor }} har behandlet {{ municipality }}s ansøgning om {{ applied_amount }} til "
        "projektet »{{ project_name }}« fra puljen {{ pool_name }} ({{ account }}). "
        "{{ grantor }} kan desværre ikke give tilsagn om tilskud til projektet.",
    )
    para(doc, "{%p if reason %}")
    para(doc, "Begrundelse: {{ reason }}")
    para(doc, "{%p endif %}")
    _closing(doc)
    return doc
