"""The check pipeline: safe open -> classify -> read -> rules -> report.

The readers are listed here, in one place (``READERS``); each knows how to recognise
and read one form, so the pipeline never knows a form's layout. ``check_paths`` is what ``hir-docs check`` runs; ``process_file``
and ``cross_check`` are the building blocks bulk intake reuses per submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hir_docs.files.safety import inspect_file
from hir_docs.findings import DocKind, Document, Finding, Report
from hir_docs.readers import application, budget, citizens, projectdata
from hir_docs.readers.base import FormReader, Probe, make_probe
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.file import FILE_NOT_CHECKED, FILE_UNKNOWN, FILE_UNREADABLE
from hir_docs.rules.registry import run_checks

OFFICE_SUFFIXES = {".docx", ".xlsx", ".docm", ".xlsm", ".doc", ".xls", ".dotm", ".xltm", ".xlsb"}
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
    problems = inspect_file(path)
    if problems:
        return Document(name, DocKind.UNKNOWN), problems
    try:
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
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the run
        return Document(name, DocKind.UNKNOWN), [
            FILE_UNREADABLE.finding(
                f"{path.name} kunne ikke læses (teknisk årsag: {type(exc).__name__}).",
                file=name,
                hint="Åbn filen i Word/Excel, gem den igen, og prøv på ny.",
            )
        ]
    return Document(name, kind_name, result.fields, result.model), findings


@dataclass
class Submission:
    """Documents that belong together (one municipality's submission)."""

    documents: list[Document]
    expect_complete: bool = False  # a folder or several files: all forms expected

    @property
    def municipality_code(self) -> str | None:
        for doc in self.documents:
            code = doc.fields.get("municipality_code")
            if code:
                return str(code)
        return None


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


def group_documents(documents: list[Document], expect_complete: bool) -> list[Submission]:
    """Group the documents of one ``check`` run into submissions.

    With at most one application everything given belongs together, so a budget from
    another municipality is reported as a mismatch rather than as a missing budget.
    Several applications: group by municipality; documents without one join the only
    group, or stand alone.
    """
    readable = [d for d in documents if d.kind != DocKind.UNKNOWN]
    if not readable:
        return []
    if sum(d.kind == DocKind.APPLICATION for d in readable) <= 1:
        return [Submission(readable, expect_complete)]
    by_code: dict[str, list[Document]] = {}
    loose: list[Document] = []
    for doc in readable:
        code = doc.fields.get("municipality_code")
        if code:
            by_code.setdefault(str(code), []).append(doc)
        else:
            loose.append(doc)
    groups = [Submission(docs, expect_complete) for docs in by_code.values()]
    groups.extend(Submission([d], False) for d in loose)
    return groups


def check_paths(paths: Iterable[Path], options: CheckOptions | None = None) -> Report:
    """Check files and folders; what ``hir-docs check`` runs."""
    paths = list(paths)
    files = expand_paths(paths)
    expect_complete = len(files) > 1 or any(p.is_dir() for p in paths)
    report = Report()
    for f in files:
        doc, findings = process_file(f, options)
        report.documents.append(doc)
        report.extend(findings)
    for sub in group_documents(report.documents, expect_complete):
        report.extend(cross_check(sub, options))
    return report
