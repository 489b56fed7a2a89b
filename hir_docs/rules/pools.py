"""Which pool a submission belongs to: what its documents' titles say (issue 22).

A document is checked against the pool its title names (``pools.detect``); a document that
names none follows the submission's application, else the default pool. An application and a
budget naming different pools cannot both be right; a choice another pool could have made
is said, not guessed silently (STAR's budget form is shared by its pools).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.pools import Pool, load_pool
from hir_docs.rules import Context, check, define
from hir_docs.rules.cross import doc_name


# A pool without a budget form of its own (``budget_layout = "fri"``: the applicant makes
# its own budget): a budget is not read by STAR's form, and says so (the pipeline emits it).
def free_budget(pool: Pool) -> bool:
    """The pool has no budget form of its own (``budget_layout = "fri"``)."""
    return not pool.has_budget_form


BUDGET_FREE_LAYOUT = define(
    applies=free_budget,
    code="budget-free-layout",
    severity=Severity.INFO,
    kind=DocKind.BUDGET,
    description="Puljen har ingen fast budgetskabelon: ansøgeren udarbejder selv budgettet, så hir-docs kontrollerer det ikke.",
    hint="Kontrollér selv budgettets summer; hir-docs læser kun budgetter i STAR's budgetskema.",
)
ASSUMED = "antaget: et skemas titel nævner puljen, og ansøgning og budget hører til samme pulje"
POOL_MISMATCH = define(
    code="cross-pool-mismatch",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source=ASSUMED,
    description="Ansøgningsskemaet og budgetskemaet nævner hver sin pulje i titlen.",
    hint="Brug skemaerne fra den pulje, der søges: ret titlen, eller indsend det rigtige skema.",
)
POOL_AMBIGUOUS = define(
    code="cross-pool-ambiguous",
    severity=Severity.INFO,
    kind=RuleScope.CROSS,
    source=ASSUMED,
    description="Skemaets titel nævner ingen af de installerede puljer (eller flere), og "
    "ansøgningen afgør det ikke: skemaet er kontrolleret efter standardpuljen.",
    hint="Skriv puljens navn i skemaets titel, eller vælg puljen, når skemaerne kontrolleres.",
)
_TITLED = (DocKind.APPLICATION, DocKind.BUDGET, DocKind.PROJECTDATA)


def _named(doc: Document) -> str | None:
    named: tuple[str, ...] = doc.pool.named if doc.pool is not None else ()
    return named[0] if len(named) == 1 else None


@check(RuleScope.CROSS, emits=(POOL_MISMATCH, POOL_AMBIGUOUS))
def check_pool(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    apps = [d for d in docs if d.kind == DocKind.APPLICATION and _named(d)]
    for budget in (d for d in docs if d.kind == DocKind.BUDGET and _named(d)):
        for app in apps:
            if _named(app) != _named(budget):
                a, b = load_pool(_named(app)), load_pool(_named(budget))
                yield POOL_MISMATCH.finding(
                    f"Ansøgningsskemaet ({doc_name(app)}) er til puljen {a.label}, men "
                    f"budgetskemaet ({doc_name(budget)}) er til puljen {b.label}.",
                    file=budget.file,
                )
    for doc in docs:
        if doc.kind in _TITLED and doc.pool is not None and doc.pool.ambiguous:
            pool = load_pool(doc.pool.pool)
            named = doc.pool.named
            why = (
                "nævner flere puljer (" + ", ".join(load_pool(p).label for p in named) + ")"
                if named
                else "nævner ingen af de installerede puljer"
            )
            yield POOL_AMBIGUOUS.finding(
                f"{doc_name(doc)} {why}, og ansøgningen afgør det ikke: skemaet er kontrolleret "
                f"efter puljen {pool.label}.",
                file=doc.file,
            )
