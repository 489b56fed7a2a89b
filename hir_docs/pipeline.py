"""The check pipeline: safe open -> classify -> read -> rules -> report.

The readers are listed here, in one place (``READERS``); each knows how to recognise
and read one form, so the pipeline never knows a form's layout. ``check_paths`` is what ``hir-docs check`` runs; ``process_file``
and ``cross_check`` are the building blocks bulk intake reuses per submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hir_docs.files.failures import recoverable, technical_name
from hir_docs.files.safety import inspect_file
from hir_docs.findings import DocKind, Document, Finding, Report, Severity
from hir_docs.readers import application, budget, citizens, projectdata
from hir_docs.readers.base import FormReader, Probe, make_probe
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.bulk import BULK_FILE_TIMEOUT as FILE_TIMEOUT
from hir_docs.rules.file import FILE_NOT_CHECKED, FILE_ODF_FORM, FILE_UNKNOWN, FILE_UNREADABLE
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
    )
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
    if suffix not in OFFICE_SUFFIXES:
        return Document(name, DocKind.UNKNOWN), [
            FILE_NOT_CHECKED.finding(
                f"{path.name} er ikke et Word- eller Excel-skema og er ikke kontrolleret.",
                file=name,
            )
        ]
    try:
        problems = inspect_file(path)
        if problems:
            return Document(name, DocKind.UNKNOWN), problems
        kind_name = classify(make_probe(path))
        if kind_name == "unknown":
            return Document(name, DocKind.UNKNOWN), [
                FILE_UNKNOWN.finding(
                    f"{path.name} ligner ikke et af puljens skemaer og er ikke kontrolleret.",
                    file=name,
                )
            ]
        ctx = Context(file=name, options=options)
        result = READERS[kind_name].read(path, ctx)
        findings = list(result.findings)
        findings.extend(run_checks(kind_name, result.model, ctx))
    except BaseException as exc:  # noqa: BLE001 - a hostile file must never stop the run
        if not recoverable(exc):
            raise
        return Document(name, DocKind.UNKNOWN), [_failure_finding(path, exc)]
    if suffix in ODF_FORMS:
        findings.insert(0, _odf_finding(path, kind_name))
    return Document(name, kind_name, result.fields, result.model), findings


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
        hint="Åbn filen i Word/Excel, gem den igen, og prøv på ny.",
    )


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

    @property
    def municipality_code(self) -> str | None:
        for doc in self.documents:
            code = doc.fields.get("municipality_code")
            if code:
                return str(code)
        return None


def could_not_open(doc: Document, findings: Iterable[Finding]) -> bool:
    """A file the pipeline could not read at all (not merely an unknown form)."""
    return doc.kind == DocKind.UNKNOWN and any(f.severity is Severity.ERROR for f in findings)


def cross_check(submission: Submission, options: CheckOptions | None = None) -> list[Finding]:
    ctx = Context(file="", options=options or CheckOptions())
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
    if not readable:
        return []
    others = [d.file for d in documents if d.kind == DocKind.UNKNOWN]
    if sum(d.kind == DocKind.APPLICATION for d in readable) <= 1:
        return [Submission(readable, expect_complete, list(unreadable), attachments=others)]
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
        Submission(docs, expect_complete, list(unreadable), attachments=others)
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
    for f in files:
        doc, findings = process_file(f, options)
        report.documents.append(doc)
        report.extend(findings)
        if could_not_open(doc, findings):
            unreadable.append(doc.file)
    for sub in group_documents(report.documents, expect_complete, unreadable):
        report.extend(cross_check(sub, options))
    return report
