"""The check pipeline: safe open -> classify -> read -> rules -> report.

The readers are listed here, in one place (``READERS``); each knows how to recognise
and read one form, so the pipeline never knows a form's layout. ``check_paths`` is what ``hir-docs check`` runs; ``process_file``
and ``cross_check`` are the building blocks bulk intake reuses per submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path

from hir_docs.files.failures import recoverable, technical_name
from hir_docs.files.safety import inspect_file
from hir_docs.findings import DocKind, Document, Finding, Report, Severity
from hir_docs.formatting import number
from hir_docs.labels import normalise
from hir_docs.pools import load_pool
from hir_docs.pools.detect import choose, named_pools
from hir_docs.readers import application, budget, citizens, projectdata, registers
from hir_docs.readers.base import FormReader, Probe, make_probe, one_file
from hir_docs.readers.pdf import PdfLocked, block_texts, pdf_blocks, read_pdf_text
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.bulk import BULK_FILE_TIMEOUT as FILE_TIMEOUT
from hir_docs.rules.file import (
    FILE_ENCRYPTED,
    FILE_NOT_CHECKED,
    FILE_ODF_FORM,
    FILE_PDF_APPLICATION,
    FILE_PDF_NO_TEXT,
    FILE_PDF_STRATEGY_PAGES,
    FILE_UNKNOWN,
    FILE_UNREADABLE,
)
from hir_docs.rules.pools import BUDGET_FREE_LAYOUT, free_budget
from hir_docs.rules.registry import run_checks

OFFICE_SUFFIXES = {
    ".docx", ".xlsx", ".docm", ".xlsm", ".doc", ".xls", ".dotm", ".xltm", ".xlsb", ".odt", ".ods"
}  # fmt: skip
# LibreOffice's own formats in place of a form: read and checked, and reported (issue 15).
ODF_FORMS = {".odt": ".docx", ".ods": ".xlsx"}
READERS: dict[str, FormReader] = {
    r.name: r
    for r in (
        application.READER,
        budget.READER,
        citizens.RELOCATED_READER,
        citizens.REGISTRATIONS_READER,
        projectdata.READER,
        registers.ACTIVITY_READER,
        registers.PROGRESSION_READER,
        registers.PARTICIPANTS_READER,
    )
}


# Forms only a plug-in's pools use (the pool folder names its plug-ins: HIR's "caseload" is
# its SharePoint module, whose two sheets are read and checked only for such a pool).
PLUGIN_KINDS: dict[str, str] = {
    DocKind.RELOCATED: "caseload",
    DocKind.REGISTRATIONS: "caseload",
    DocKind.ACTIVITY: "activity",
    DocKind.PROGRESSION: "progression",
    DocKind.PARTICIPANTS: "participants",
}


def classify(probe: Probe) -> str:
    best, best_score = "unknown", 0
    for kind in READERS.values():
        if probe.suffix not in kind.suffixes:
            continue
        score = kind.detect(probe)
        if score > best_score:
            best, best_score = kind.name, score
    return best


def process_file(path: Path, options: CheckOptions | None = None) -> tuple[Document, list[Finding]]:
    """Safety check, classify, read and check one file. Never raises for bad input."""
    name = str(path)
    options = options or CheckOptions()
    suffix = path.suffix.lower()
    if suffix not in OFFICE_SUFFIXES and suffix != ".pdf":
        return Document(name, DocKind.UNKNOWN), [
            FILE_NOT_CHECKED.finding(
                f"{path.name} er ikke et Word- eller Excel-skema og er ikke kontrolleret.",
                file=name,
            )
        ]
    with one_file():  # what is kept for one file is forgotten when its check ends
        return _process_file(path, name, suffix, options)


def _process_file(
    path: Path, name: str, suffix: str, options: CheckOptions
) -> tuple[Document, list[Finding]]:
    try:
        problems = inspect_file(path)
        if problems:
            return Document(name, DocKind.UNKNOWN), problems
        if suffix == ".pdf":
            chosen = choose(options.pool, (), options.submission_pool).pool
            return _process_pdf(path, Context(file=name, pool=load_pool(chosen), options=options))
        probe = make_probe(path)
        kind_name = classify(probe)
        if kind_name == "unknown":
            return Document(name, DocKind.UNKNOWN), [
                FILE_UNKNOWN.finding(
                    f"{path.name} ligner ikke et af puljens skemaer og er ikke kontrolleret.",
                    file=name,
                )
            ]
        choice = choose(options.pool, named_pools(probe.texts), options.submission_pool)
        pool = load_pool(choice.pool)
        plugin = PLUGIN_KINDS.get(kind_name)
        if plugin is not None and plugin not in pool.plugins:
            return Document(name, DocKind.UNKNOWN), [
                FILE_UNKNOWN.finding(
                    f"{path.name} ligner et {DocKind(kind_name).label.lower()}, men puljen "
                    f"{pool.label} bruger ikke det skema, så filen er ikke kontrolleret.",
                    file=name,
                )
            ]
        if kind_name == DocKind.BUDGET and free_budget(pool):
            return Document(name, DocKind.UNKNOWN, pool=choice), [
                BUDGET_FREE_LAYOUT.finding(
                    f"{path.name} ligner et budgetskema, men puljen {pool.label} har ingen fast "
                    "budgetskabelon (ansøgeren udarbejder selv budgettet), så det er ikke "
                    "kontrolleret.",
                    file=name,
                    pool=pool,
                )
            ]
        ctx = Context(file=name, pool=pool, options=options)
        result = READERS[kind_name].read(path, ctx)
        findings = list(result.findings)
        findings.extend(run_checks(kind_name, result.model, ctx))
    except BaseException as exc:  # noqa: BLE001 - a hostile file must never stop the run
        if not recoverable(exc):
            raise
        return Document(name, DocKind.UNKNOWN), [_failure_finding(path, exc)]
    if suffix in ODF_FORMS:
        findings.insert(0, _odf_finding(path, kind_name))
    return Document(name, kind_name, result.fields, result.model, pool=choice), findings


def _odf_finding(path: Path, kind_name: str) -> Finding:
    """An .odt/.ods form: STAR asks for its Word and Excel forms; the content was checked."""
    suffix = path.suffix.lower()
    what = DocKind(kind_name).label.lower()
    target = (
        "Word-dokument (.docx)" if ODF_FORMS[suffix] == ".docx" else "Excel-projektmappe (.xlsx)"
    )
    return FILE_ODF_FORM.finding(
        f"{path.name} er et {what} gemt i LibreOffice-formatet {suffix}, men STAR beder om sine "
        f"Word- og Excel-skemaer: gem som {ODF_FORMS[suffix]}. Indholdet er læst og kontrolleret "
        "herunder, så alt kan rettes på én gang.",
        file=str(path),
        hint=f"Åbn filen i LibreOffice, vælg Filer > Gem som, vælg {target}, og indsend den gemte fil.",
    )


def _failure_finding(path: Path, exc: BaseException) -> Finding:
    """Any failure while reading one file (a parser's exception, a Rust panic, running out
    of memory or time) is one finding on that file."""
    name = str(path)
    if isinstance(exc, TimeoutError):
        return FILE_TIMEOUT.finding(
            f"{path.name} tog for lang tid at kontrollere og er sprunget over.", file=name
        )
    return FILE_UNREADABLE.finding(
        f"{path.name} kunne ikke læses (teknisk årsag: {technical_name(exc)}).",
        file=name,
        hint=PDF_RESAVE
        if path.suffix.lower() == ".pdf"
        else "Åbn filen i Word/Excel, gem den igen, og prøv på ny.",
    )


PDF_RESAVE = "Gem dokumentet som pdf igen (fx Filer > Gem som > PDF i Word), og prøv på ny."
STRATEGY_LINES = 30  # the first lines of a PDF attachment looked at for "strategi"


def _process_pdf(path: Path, ctx: Context) -> tuple[Document, list[Finding]]:
    """A PDF: read as the application when its text shows the form's headings (Q&A 2018,
    spørgsmål 20); otherwise an attachment, whose pages are counted when it is the
    strategy (Q&A 2018, spørgsmål 18)."""
    name = str(path)
    try:
        text = read_pdf_text(path)
    except PdfLocked as locked:
        if locked.needs_password:
            return Document(name, DocKind.UNKNOWN), [
                FILE_ENCRYPTED.finding(
                    f"{path.name} er beskyttet med adgangskode og kan ikke åbnes uden den.",
                    file=name,
                    hint="Gem pdf-filen igen uden adgangskode, og indsend den nye fil.",
                )
            ]
        return Document(name, DocKind.UNKNOWN, {"pdf_text": False}), [
            FILE_PDF_NO_TEXT.finding(
                f"{path.name} er krypteret på en måde, som hir-docs ikke kan læse, så teksten er "
                "ikke kontrolleret, og hir-docs kan ikke se, om det er ansøgningen.",
                file=name,
            )
        ]
    if text.pages == 0:
        raise ValueError("no pages")
    found = pdf_blocks(text.lines)
    probe = Probe(path, ".pdf", [normalise(t) for t in block_texts(found)])
    if text.has_text and application.detect(probe):
        # The application's own title names its pool (as for a Word form).
        options = ctx.options
        choice = choose(options.pool, named_pools(probe.texts), options.submission_pool)
        ctx = Context(file=ctx.file, pool=load_pool(choice.pool), options=options)
        result = application.read_application_blocks(found, ctx.pool)
        findings = [
            FILE_PDF_APPLICATION.finding(
                f"{path.name} er læst som ansøgningsskema ud fra pdf-filens tekst "
                f"({_pages(text.pages)}). Afsnit og svar er fundet ud fra overskrifterne i "
                "teksten, så opstillingen kan være læst mindre præcist end fra Word-skemaet, og "
                "der laves ingen kommenteret kopi af en pdf.",
                file=name,
            ),
            *result.findings,
            *run_checks(DocKind.APPLICATION, result.model, ctx),
        ]
        return Document(
            name, DocKind.APPLICATION, result.fields, result.model, pool=choice
        ), findings
    doc = Document(name, DocKind.UNKNOWN, {"pdf_pages": text.pages, "pdf_text": text.has_text})
    if text.has_text:
        note = FILE_NOT_CHECKED.finding(
            f"{path.name} er ikke ansøgningsskemaet eller et andet af puljens skemaer (fx et "
            "pdf-bilag med strategiafsnittet) og er ikke kontrolleret.",
            file=name,
        )
    else:
        note = FILE_PDF_NO_TEXT.finding(
            f"{path.name} har ingen tekst, der kan læses — den er sandsynligvis scannet "
            f"({_pages(text.pages)}). Derfor kan hir-docs ikke se, om det er ansøgningen, og har "
            "ikke kontrolleret den.",
            file=name,
        )
    return doc, [note, *_strategy_pages(path, text.pages, text.lines, ctx)]


def _pages(count: int) -> str:
    return "1 side" if count == 1 else f"{number(count)} sider"


def _strategy_pages(path: Path, pages: int, lines: list[str], ctx: Context) -> list[Finding]:
    """A PDF attachment that is the strategy (by its name or its first lines) may have at
    most ``strategy_max_pages`` pages (Q&A 2018, spørgsmål 18)."""
    limit = int(ctx.pool.number("strategy_max_pages"))
    if pages <= limit:
        return []
    first = islice((line for line in lines if line.strip()), STRATEGY_LINES)
    if "strategi" in normalise(path.stem):
        where = "filnavnet"
    elif any("strategi" in normalise(line) for line in first):
        where = "starten af teksten"
    else:
        return []
    return [
        FILE_PDF_STRATEGY_PAGES.finding(
            f"{path.name} ligner strategiafsnittet (»strategi« står i {where}) og har "
            f"{_pages(pages)}; strategiafsnittet må højst fylde {number(limit)} sider.",
            file=str(path),
        )
    ]


@dataclass
class Submission:
    """Documents that belong together (one municipality's submission)."""

    documents: list[Document]
    expect_complete: bool = False  # a folder or several files: all forms expected
    # Files of the submission that could not be opened (each has its own error): one of
    # them may be the missing form, so the cross checks do not report it missing too.
    unreadable: list[str] = field(default_factory=list)
    # Files sent along that are none of the pool's forms (e.g. the strategy as a pdf,
    # Q&A 2018, spørgsmål 18); None when whoever built the submission did not say.
    attachments: list[str] | None = None
    # PDFs among them with no text that can be read (scanned): one may be the application.
    scanned: list[str] = field(default_factory=list)

    @property
    def municipality_code(self) -> str | None:
        for doc in self.documents:
            code = doc.fields.get("municipality_code")
            if code:
                return str(code)
        return None


def scanned_pdfs(documents: Iterable[Document]) -> list[str]:
    """The PDFs whose text could not be read (``Submission.scanned``)."""
    return [
        d.file for d in documents if d.kind == DocKind.UNKNOWN and d.fields.get("pdf_text") is False
    ]


def could_not_open(doc: Document, findings: Iterable[Finding]) -> bool:
    """A file the pipeline could not read at all (not merely an unknown form)."""
    return doc.kind == DocKind.UNKNOWN and any(f.severity is Severity.ERROR for f in findings)


def cross_check(submission: Submission, options: CheckOptions | None = None) -> list[Finding]:
    """The checks across the submission's documents, against the submission's pool (the
    user's choice, else its application's, else its documents', else the default)."""
    options = options or CheckOptions()
    chosen = (
        options.pool
        or application_pool(submission)
        or next((d.pool.pool for d in submission.documents if d.pool is not None), None)
    )
    ctx = Context(file="", pool=load_pool(chosen), options=options)
    return run_checks("cross", submission, ctx)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and not f.name.startswith("~$")
                )
            )
        else:
            files.append(p)
    return files


def group_documents(
    documents: list[Document], expect_complete: bool, unreadable: Iterable[str] = ()
) -> list[Submission]:
    """Group the documents of one ``check`` run into submissions.

    With at most one application everything given belongs together, so a budget from
    another municipality is reported as a mismatch rather than as a missing budget.
    Several applications: group by municipality; documents without one join the only
    group, or stand alone. Files that could not be opened may belong to any group.
    """
    readable = [d for d in documents if d.kind != DocKind.UNKNOWN]
    others = [d.file for d in documents if d.kind == DocKind.UNKNOWN]
    scanned = scanned_pdfs(documents)
    if not readable:
        # Only PDFs (and other files): the application may be among them, so a folder is
        # still judged complete or not (issue 21).
        if expect_complete and any(Path(f).suffix.lower() == ".pdf" for f in others):
            return [Submission([], True, list(unreadable), attachments=others, scanned=scanned)]
        return []
    if sum(d.kind == DocKind.APPLICATION for d in readable) <= 1:
        return [Submission(readable, expect_complete, list(unreadable), others, scanned=scanned)]
    by_code: dict[str, list[Document]] = {}
    loose: list[Document] = []
    for doc in readable:
        code = doc.fields.get("municipality_code")
        if code:
            by_code.setdefault(str(code), []).append(doc)
        else:
            loose.append(doc)
    if len(by_code) == 1:
        only = next(iter(by_code.values()))
        only.extend(loose)
        loose = []
    groups = [
        Submission(docs, expect_complete, list(unreadable), others, scanned=scanned)
        for docs in by_code.values()
    ]
    groups.extend(Submission([d], False, list(unreadable)) for d in loose)
    return groups


def check_paths(paths: Iterable[Path], options: CheckOptions | None = None) -> Report:
    """Check files and folders; what ``hir-docs check`` runs."""
    paths = list(paths)
    files = expand_paths(paths)
    expect_complete = len(files) > 1 or any(p.is_dir() for p in paths)
    report = Report()
    unreadable: list[str] = []
    # Our annotated copies are read without our comments; next to their original they
    # are skipped, alone they are checked and flagged (hir_docs.annotate.recognise).
    from hir_docs.annotate.recognise import read_file, settle

    reads, skipped = settle([read_file(f, lambda p: process_file(p, options)) for f in files])
    for r in reads:
        report.documents.append(r.doc)
        report.extend(r.findings)
        if could_not_open(r.doc, r.findings):
            unreadable.append(r.doc.file)
    report.extend(skipped)
    groups = group_documents(report.documents, expect_complete, unreadable)
    for sub in groups:
        _follow_application(report, sub, options or CheckOptions())
        report.extend(cross_check(sub, options))
    report.pool = submission_pool(groups, options)
    return report


def application_pool(sub: Submission) -> str | None:
    """The pool the submission's application names (alone), else None."""
    for doc in sub.documents:
        if doc.kind == DocKind.APPLICATION and doc.pool is not None and len(doc.pool.named) == 1:
            return str(doc.pool.named[0])
    return None


def submission_pool(groups: Iterable[Submission], options: CheckOptions | None) -> dict[str, str]:
    """The pool a check ran against, for the report: the user's choice, else the first
    submission's (its application's, else its documents'), else the default."""
    chosen = options.pool if options else None
    for sub in groups:
        if chosen:
            break
        chosen = application_pool(sub) or next(
            (d.pool.pool for d in sub.documents if d.pool is not None), None
        )
    pool = load_pool(chosen)
    return {"id": pool.id, "name": pool.name}


def _follow_application(report: Report, sub: Submission, options: CheckOptions) -> None:
    """A document that names no pool follows its submission's application: checked again
    against that pool when it was checked against another (only with several pools)."""
    app_pool = application_pool(sub)
    if options.pool or app_pool is None:
        return
    for i, doc in enumerate(sub.documents):
        if doc.pool is None or doc.pool.named or doc.pool.pool == app_pool:
            continue
        # Read again as the first time (one of our annotated copies without our comments),
        # keeping the note that it is such a copy.
        from hir_docs.annotate.recognise import read_file
        from hir_docs.rules.annotate import ANNOTATED_COPY

        follow = replace(options, submission_pool=app_pool)
        again = read_file(Path(doc.file), partial(process_file, options=follow))
        sub.documents[i] = again.doc
        report.documents[report.documents.index(doc)] = again.doc
        mine = [f for f in report.findings if f.file == doc.file]
        notes = [f for f in mine if f.code == ANNOTATED_COPY.code]
        report.findings = (
            [f for f in report.findings if f.file != doc.file] + notes + again.findings
        )
