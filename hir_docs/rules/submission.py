"""Checks across one submission that read what the answers say (issue 11):

- an answer that only says "Se bilag" needs an attachment in the submission (Q&A 2018,
  spørgsmål 18: the strategy may be sent as a pdf attachment);
- the budget's staff must be able to carry the application's expected citizens at the
  pool's caseload_min-caseload_max cases per caseworker (puljeopslag, indledning; Q&A 2018, spørgsmål 11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import dato, number
from hir_docs.forms.application_layout import FIELDS
from hir_docs.model.answers import answer_kind, caseworkers_named, expected_citizens
from hir_docs.rules import CASELOAD, Context, check, define
from hir_docs.rules.application import answer_text
from hir_docs.rules.cross import doc_name

ATTACHMENT_MISSING = define(
    code="cross-attachment-missing",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Et felt i ansøgningen henviser til et bilag (»Se bilag«), men der er intet bilag i indsendelsen.",
    hint="Vedlæg bilaget sammen med ansøgningsskemaet, eller skriv svaret i feltet.",
)
STAFF_CASELOAD = define(
    code="cross-staff-caseload",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    description="Ansøgningens forventede antal borgere er langt flere, end budgettets sagsbehandlere kan have "
    "ved max. {caseload_max} sager hver. Antaget: budgettets årsværk fordeles over perioden fra "
    "{real_start:dato} til {project_end:dato}; ansøgningens eget antal sagsbehandlere tæller, hvis "
    "det er større; »langt flere« er over {caseload_far_above_factor} × {caseload_max} borgere pr. sagsbehandler.",
    hint="Skriv i ansøgningen, hvor mange koordinerende sagsbehandlere i alt (også kommunens egne) der "
    "deler borgerne, eller budgettér de årsværk, der skal til for max. {caseload_min}-{caseload_max} "
    "sager pr. sagsbehandler.",
)


@check(RuleScope.CROSS, emits=(ATTACHMENT_MISSING,))
def attachments(submission: Any, ctx: Context) -> Iterator[Finding]:
    sent: list[str] | None = getattr(submission, "attachments", None)
    if sent is None or sent or not submission.expect_complete:
        return  # unknown, something attached, or one file checked alone (the rest may come)
    for doc in submission.documents:
        if doc.kind != DocKind.APPLICATION or doc.model is None:
            continue
        for key in FIELDS:
            text = answer_text(doc.model, key)
            if answer_kind(text, ctx.pool) != "attachment":
                continue
            assert text is not None
            yield ATTACHMENT_MISSING.finding(
                f"Feltet »{FIELDS[key].short_label}« i {doc_name(doc)} siger »{text.strip()[:40]}«, men der er "
                "intet bilag i indsendelsen.",
                file=doc.file,
                field=key,
                location=doc.model.locations.get(key),
            )


@check(RuleScope.CROSS, emits=(STAFF_CASELOAD,), plugin=CASELOAD)
def staff_caseload(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    budgets = [d for d in docs if d.kind == DocKind.BUDGET and d.fields.get("fte")]
    for app in (d for d in docs if d.kind == DocKind.APPLICATION and d.model is not None):
        citizens = expected_citizens(app.model.expected_citizens)
        if not citizens:
            continue
        for budget in budgets:
            yield from _staff(app, budget, citizens, ctx)


def _staff(app: Document, budget: Document, citizens: int, ctx: Context) -> Iterator[Finding]:
    pool = ctx.pool
    fte = float(budget.fields["fte"])
    start, end = pool.date("real_start"), pool.date("project_end")
    years = max((end - start) / dt.timedelta(days=365.25), 0.25)
    funded = fte / years  # caseworkers at a time over the period
    m = app.model
    named = caseworkers_named(
        m.caseload_plan, m.strategy, m.organisation, m.current_caseload, m.summary
    )
    staff = max(funded, float(named or 0))
    per_worker = citizens / staff if staff else None
    cap = pool.number("caseload_max")
    if per_worker is None or per_worker <= cap * pool.number("caseload_far_above_factor"):
        return
    others = (
        f"; ansøgningen nævner højst {named} sagsbehandlere"
        if named
        else "; ansøgningen nævner ikke, hvor mange sagsbehandlere der i alt deler borgerne"
    )
    yield STAFF_CASELOAD.finding(
        f"{doc_name(app)} forventer {number(citizens)} borgere, og budgettet ({doc_name(budget)}) dækker "
        f"{number(fte, 2)} årsværk, dvs. ca. {number(funded, 1)} sagsbehandlere ad gangen fra "
        f"{dato(start)} til {dato(end)}{others}. Det giver ca. {number(per_worker, 0)} borgere pr. "
        f"sagsbehandler; puljens loft er max. {number(cap)} sager.",
        file=app.file,
        field="expected_citizens",
        location=m.locations.get("expected_citizens"),
    )
