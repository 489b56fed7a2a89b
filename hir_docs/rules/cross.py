"""Checks across the documents of one submission (application + budget)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import kr
from hir_docs.rules import CASELOAD, Context, check, define

REQUESTED_MISMATCH = define(
    code="cross-requested-mismatch",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Det ansøgte beløb i ansøgningsskemaet og i budgettet er ikke det samme.",
    hint="Ret beløbet, så ansøgningsskemaet og budgettets 'Ansøgt tilskud fra STAR' er ens.",
)
MUNICIPALITY_MISMATCH = define(
    code="cross-municipality-mismatch",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Ansøgningsskemaet og budgettet er fra forskellige kommuner.",
    hint="Indsend ansøgningsskema og budget fra samme kommune.",
)
# Which submissions are judged complete or not (issue 21): a folder or several files that
# hold an application (Word or PDF), a budget, or a PDF. A folder with only citizen sheets
# or project data (and maybe a PDF letter beside them) is another job, not an application.
SUBMISSION_SCOPE = (
    "Gælder, når en mappe eller flere filer kontrolleres sammen og indeholder et "
    "ansøgningsskema (Word eller pdf), et budgetskema eller en pdf-fil; en mappe med kun "
    "borgerskemaer eller projektdata er ikke en ansøgning og får ikke denne fejl."
)
BUDGET_MISSING = define(
    code="cross-budget-missing",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="Indsendelsen har intet budgetskema: der er et ansøgningsskema (også læst fra "
    f"en pdf) eller kun en pdf-fil, men intet budget. {SUBMISSION_SCOPE}",
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
    # (a pool without a budget form: the applicant's own budget is not recognised, so its
    # absence cannot be told)
    if not budgets and submission.expect_complete and not maybe_budget and ctx.pool.has_budget_form:
        for app in applications:
            who = app.fields.get("municipality") or "kommunen"
            yield BUDGET_MISSING.finding(
                f"Der er et ansøgningsskema ({doc_name(app)}) fra {who}, men intet budgetskema fra "
                "samme kommune.",
                file=app.file,
            )
        pdfs = only_pdfs(submission)
        if pdfs and not applications:
            yield BUDGET_MISSING.finding(
                f"Indsendelsen har intet budgetskema: der er kun {_listed(pdfs)}, og ingen af dem "
                "er et budget.",
                file=pdfs[0],
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
    description="Indsendelsen har intet ansøgningsskema, der kan læses: der er et budgetskema eller "
    f"en pdf-fil, men ingen ansøgning med skemaets overskrifter. {SUBMISSION_SCOPE}",
    hint="Vedlæg ansøgningsskemaet: puljens Word-skema, eller ansøgerens eget dokument med "
    "skemaets overskrifter. Sendes ansøgningen som pdf, så gem den direkte fra Word, så teksten "
    "kan læses; en scannet pdf kan ikke kontrolleres.",
)


def _is_pdf(file: str) -> bool:
    return Path(file).suffix.lower() == ".pdf"


def only_pdfs(submission: Any) -> list[str]:
    """The PDFs of a submission that holds nothing but them and files of no known kind
    (a folder with citizen sheets or project data is another job: [])."""
    if any(d.kind != DocKind.UNKNOWN for d in submission.documents):
        return []
    attached: list[str] = list(getattr(submission, "attachments", None) or [])
    return [f for f in attached if _is_pdf(f)]


def _listed(files: list[str]) -> str:
    names = [Path(f).name for f in files]
    return f"pdf-filen {names[0]}" if len(names) == 1 else "pdf-filerne " + ", ".join(names)


@check(RuleScope.CROSS, emits=(APPLICATION_MISSING,))
def check_application_present(submission: Any, ctx: Context) -> Iterator[Finding]:
    """A submission with a budget or a PDF needs an application that can be read: the
    Word form, the applicant's own document, or a PDF with a text layer."""
    docs: list[Document] = list(submission.documents)
    if not submission.expect_complete or any(d.kind == DocKind.APPLICATION for d in docs):
        return
    # Project data with the approved budget beside it: a check of the grant, not an
    # application submission (the budget is compared with the recorded grant).
    if any(d.kind == DocKind.PROJECTDATA for d in docs):
        return
    # A file that could not be opened may be the application: its own error says so.
    if _unreadable_may_be(submission, EXCEL_SUFFIXES):
        return
    scanned = [Path(f).name for f in getattr(submission, "scanned", [])]
    why = (
        f" {', '.join(scanned)} har ingen tekst, der kan læses — "
        f"{'den er' if len(scanned) == 1 else 'de er'} sandsynligvis scannet — så hir-docs kan "
        "ikke se, om det er ansøgningen, og kan ikke kontrollere den."
        if scanned
        else ""
    )
    for budget in (d for d in docs if d.kind == DocKind.BUDGET):
        who = budget.fields.get("municipality") or "kommunen"
        yield APPLICATION_MISSING.finding(
            f"Der er et budgetskema ({doc_name(budget)}) fra {who}, men intet ansøgningsskema, "
            f"der kan læses.{why}",
            file=budget.file,
        )
    pdfs = only_pdfs(submission)
    with_text = [f for f in pdfs if Path(f).name not in scanned]
    if pdfs:
        shown = (
            f" {_listed(with_text)} viser ikke ansøgningsskemaets overskrifter."
            if with_text
            else ""
        )
        yield APPLICATION_MISSING.finding(
            f"Indsendelsen har intet ansøgningsskema: der er kun {_listed(pdfs)}.{shown}{why}",
            file=pdfs[0],
        )


SHEET_OTHER_MUNICIPALITY = define(
    code="cross-sheet-other-municipality",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    description="Et borgerskema i indsendelsen er fra et andet jobcenter end ansøgningens kommune.",
    hint="Kontrollér, at skemaet er fra ansøgningens eget jobcenter; et andet jobcenters skema "
    "hører ikke til indsendelsen.",
)


@check(RuleScope.CROSS, emits=(SHEET_OTHER_MUNICIPALITY,), plugin=CASELOAD)
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
