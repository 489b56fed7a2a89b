"""Checks across the documents of one submission (application + budget)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import kr
from hir_docs.rules import Context, check, define

REQUESTED_MISMATCH = define(
    code="cross-requested-mismatch",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source="ansøgningsskema, Angiv det ansøgte beløb ('Sammen med ansøgningsskemaet skal der indsendes "
    "et detaljeret budget'); puljeopslag, Krav til regnskab (det godkendte budget)",
    description="Det ansøgte beløb i ansøgningsskemaet og i budgettet er ikke det samme.",
    hint="Ret beløbet, så ansøgningsskemaet og budgettets 'Ansøgt tilskud fra STAR' er ens.",
)
MUNICIPALITY_MISMATCH = define(
    code="cross-municipality-mismatch",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source="puljeopslag, Ansøgerkreds (puljen søges af kommunen); ansøgningsskema og budgetskema, Tilskudsmodtager",
    description="Ansøgningsskemaet og budgettet er fra forskellige kommuner.",
    hint="Indsend ansøgningsskema og budget fra samme kommune.",
)
BUDGET_MISSING = define(
    code="cross-budget-missing",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source="ansøgningsskema ('Sammen med ansøgningsskemaet skal der indsendes et detaljeret budget'); "
    "puljeopslag, Budgetskema (Excel)",
    description="Der er et ansøgningsskema, men intet budgetskema.",
    hint="Vedlæg budgetskemaet (Excel) sammen med ansøgningsskemaet.",
)


# What an unreadable file may be, by its name: a Word (or OpenDocument text) file may be
# the application, a spreadsheet the budget; any other name may be either.
WORD_SUFFIXES = frozenset({".docx", ".doc", ".docm", ".dotx", ".dotm", ".odt"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xls", ".xlsm", ".xltx", ".xltm", ".xlsb", ".ods"})


def _unreadable_may_be(submission: Any, not_suffixes: frozenset[str]) -> bool:
    """A file of the submission that could not be opened (it has its own error) may be the
    missing form: any whose suffix is not one of ``not_suffixes`` (the other program's)."""
    unreadable: list[str] = list(getattr(submission, "unreadable", []))
    return any(Path(f).suffix.lower() not in not_suffixes for f in unreadable)


def doc_name(doc: Document) -> str:
    """How a document is named in a message: its file name."""
    return Path(doc.file).name


def _requested_location(doc: Document) -> str | None:
    row: Any = getattr(doc.model, "requested_row", None)
    return getattr(row, "total_location", None)


@check(
    RuleScope.CROSS,
    emits=(
        BUDGET_MISSING,
        MUNICIPALITY_MISMATCH,
        REQUESTED_MISMATCH,
    ),
)
def check_application_budget(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    applications = [d for d in docs if d.kind == DocKind.APPLICATION]
    budgets = [d for d in docs if d.kind == DocKind.BUDGET]
    # A file that could not be opened may be the budget: its own error says so, once.
    maybe_budget = _unreadable_may_be(submission, WORD_SUFFIXES)
    if applications and not budgets and submission.expect_complete and not maybe_budget:
        for app in applications:
            who = app.fields.get("municipality") or "kommunen"
            yield BUDGET_MISSING.finding(
                f"Der er et ansøgningsskema ({doc_name(app)}) fra {who}, men intet budgetskema fra "
                "samme kommune.",
                file=app.file,
            )
    for app in applications:
        for budget in budgets:
            yield from _pair(app, budget)


def _pair(app: Document, budget: Document) -> Iterator[Finding]:
    a, b = app.fields.get("requested_amount"), budget.fields.get("requested_amount")
    if isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) > 1:
        yield REQUESTED_MISMATCH.finding(
            f"Det ansøgte beløb er {kr(a)} i ansøgningsskemaet ({doc_name(app)}), men {kr(b)} i "
            f"budgettet ({doc_name(budget)}).",
            file=budget.file,
            field="requested_amount",
            location=_requested_location(budget),
        )
    ca, cb = app.fields.get("municipality_code"), budget.fields.get("municipality_code")
    if ca and cb and str(ca) != str(cb):
        yield MUNICIPALITY_MISMATCH.finding(
            f"Ansøgningsskemaet ({doc_name(app)}) er fra {app.fields.get('municipality') or ca}, men "
            f"budgettet ({doc_name(budget)}) er fra {budget.fields.get('municipality') or cb}.",
            file=budget.file,
            field="municipality",
            location=_budget_recipient(budget),
            hint="Kontrollér at begge filer hører til samme ansøgning, og ret Tilskudsmodtager.",
        )


def _budget_recipient(doc: Document) -> str | None:
    locations: Any = getattr(doc.model, "locations", None)
    return locations.get("recipient") if isinstance(locations, dict) else None


APPLICATION_MISSING = define(
    code="cross-application-missing",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source="puljeopslag, Ansøgning og ansøgningsfrist (Ansøgningsskema (Word), Budgetskema "
    "(Excel)); Q&A 2018, spørgsmål 18 (kun strategiafsnittet må vedlægges som pdf-bilag)",
    description="Der er et budgetskema, men intet ansøgningsskema (Word).",
    hint="Vedlæg ansøgningsskemaet som Word-dokument (.docx). En pdf af ansøgningen kan ikke "
    "bruges i stedet; kun strategiafsnittet må vedlægges som pdf-bilag.",
)


@check(RuleScope.CROSS, emits=(APPLICATION_MISSING,))
def check_application_present(submission: Any, ctx: Context) -> Iterator[Finding]:
    """A budget needs the Word application form; a PDF never stands in for it."""
    docs: list[Document] = list(submission.documents)
    if not submission.expect_complete or any(d.kind == DocKind.APPLICATION for d in docs):
        return
    # A file that could not be opened may be the application: its own error says so.
    if _unreadable_may_be(submission, EXCEL_SUFFIXES):
        return
    for budget in (d for d in docs if d.kind == DocKind.BUDGET):
        who = budget.fields.get("municipality") or "kommunen"
        yield APPLICATION_MISSING.finding(
            f"Der er et budgetskema ({doc_name(budget)}) fra {who}, men intet ansøgningsskema "
            "(Word). En pdf af ansøgningen kan ikke bruges i stedet for skemaet.",
            file=budget.file,
        )


SHEET_OTHER_MUNICIPALITY = define(
    code="cross-sheet-other-municipality",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="Q&A 2018, spørgsmål 2 om modulet (skemaet til fraflyttede borgere sendes af det "
    "jobcenter, borgeren er flyttet fra); puljeopslag, Ansøgerkreds",
    description="Et borgerskema i indsendelsen er fra et andet jobcenter end ansøgningens kommune.",
    hint="Kontrollér, at skemaet er jeres eget; et andet jobcenters skema hører ikke til jeres "
    "indsendelse.",
)


@check(RuleScope.CROSS, emits=(SHEET_OTHER_MUNICIPALITY,))
def citizen_sheets_belong_to_the_applicant(submission: Any, ctx: Context) -> Iterator[Finding]:
    docs: list[Document] = list(submission.documents)
    own = {
        str(code): d.fields.get("municipality") or str(code)
        for d in docs
        if d.kind == DocKind.APPLICATION and (code := d.fields.get("municipality_code"))
    }
    if len(own) != 1:
        return  # no application, or several municipalities (grouped elsewhere)
    ((code, name),) = own.items()
    for d in docs:
        other = d.fields.get("municipality_code")
        if d.kind in (DocKind.RELOCATED, DocKind.REGISTRATIONS) and other and str(other) != code:
            sheet = d.fields.get("jobcenter") or f"kommunekode {other}"
            yield SHEET_OTHER_MUNICIPALITY.finding(
                f"{doc_name(d)} er fra {sheet}, men ansøgningen er fra {name}.",
                file=d.file,
                field="jobcenter",
            )
