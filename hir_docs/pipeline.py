"""The check pipeline: safe open -> classify -> read -> rules -> report.

Readers register a *kind* (how to recognise and read one form); the pipeline never
knows a form's layout. ``check_paths`` is what ``hir-docs check`` runs; ``process_file``
and ``cross_check`` are the building blocks bulk intake reuses per submission.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.findings import Document, Finding, Report, Severity
from hir_docs.labels import normalise
from hir_docs.rules import CheckOptions, Context, define, load_all, run_checks
from hir_docs.safety import FILE_UNREADABLE, inspect_file

SRC = "hir-docs (filer der ikke er et af puljens skemaer)"
FILE_UNKNOWN = define(
    "file-unknown-kind",
    Severity.WARNING,
    "file",
    SRC,
    "Filen ligner ikke ansøgningsskema, budgetskema, borgerskema eller projektdata.",
)
FILE_NOT_CHECKED = define(
    "file-not-checked",
    Severity.INFO,
    "file",
    "Q&A 2018, spørgsmål 18 (strategiafsnittet må vedlægges som pdf-bilag)",
    "Filen er ikke et Word/Excel-skema og kontrolleres ikke (fx et pdf-bilag).",
)

OFFICE_SUFFIXES = {".docx", ".xlsx", ".docm", ".xlsm", ".doc", ".xls", ".dotm", ".xltm", ".xlsb"}
KIND_DA = {
    "application": "ansøgningsskema",
    "budget": "budgetskema",
    "relocated": "skema til fraflyttede borgere",
    "registrations": "registreringsskema (sagsstammer)",
    "projectdata": "projektdata (rapportering)",
    "unknown": "ukendt fil",
    "file": "alle filer",
    "cross": "på tværs af dokumenter",
}


@dataclass
class Probe:
    """A cheap first look at a file's content, for classification."""

    path: Path
    suffix: str
    texts: list[str] = field(default_factory=list)  # normalised cell/paragraph texts
    sheet_names: list[str] = field(default_factory=list)

    @property
    def blob(self) -> str:
        return " | ".join(self.texts)


@dataclass
class ReadResult:
    model: Any
    fields: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    name: str
    suffixes: tuple[str, ...]
    detect: Callable[[Probe], int]  # score; 0 = not this kind
    read: Callable[[Path, Context], ReadResult]


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


_kinds_loaded = False


def load_kinds() -> None:
    """Import every reader and rule module (once per process: it runs for every file)."""
    global _kinds_loaded
    if _kinds_loaded:
        return
    import hir_docs.readers as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"hir_docs.readers.{mod.name}")
    load_all()
    _kinds_loaded = True


_WT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_WP_END = re.compile(rb"</w:p>")


def make_probe(path: Path, max_rows: int = 40) -> Probe:
    suffix = path.suffix.lower()
    probe = Probe(path, suffix)
    if suffix == ".docx":
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml")
        for para in _WP_END.split(xml):
            text = b"".join(_WT.findall(para)).decode("utf-8", "replace")
            if text.strip():
                probe.texts.append(normalise(text))
    elif suffix == ".xlsx":
        from hir_docs import sheetcache  # parsed sheets are reused by the reader

        probe.sheet_names = sheetcache.sheet_names(path)
        for name in probe.sheet_names[:12]:
            rows = sheetcache.sheet(path, name).to_python(skip_empty_area=False, nrows=max_rows)
            for row in rows:
                for value in row[:30]:
                    if isinstance(value, str) and value.strip():
                        probe.texts.append(normalise(value))
    return probe


def classify(probe: Probe) -> str:
    best, best_score = "unknown", 0
    for kind in KINDS.values():
        if probe.suffix not in kind.suffixes:
            continue
        score = kind.detect(probe)
        if score > best_score:
            best, best_score = kind.name, score
    return best


def process_file(path: Path, options: CheckOptions | None = None) -> tuple[Document, list[Finding]]:
    """Safety check, classify, read and check one file. Never raises for bad input."""
    load_kinds()
    name = str(path)
    options = options or CheckOptions()
    suffix = path.suffix.lower()
    if suffix not in OFFICE_SUFFIXES:
        return Document(name, "unknown"), [
            FILE_NOT_CHECKED.finding(
                f"{path.name} er ikke et Word- eller Excel-skema og er ikke kontrolleret.",
                file=name,
            )
        ]
    problems = inspect_file(path)
    if problems:
        return Document(name, "unknown"), problems
    try:
        kind_name = classify(make_probe(path))
        if kind_name == "unknown":
            return Document(name, "unknown"), [
                FILE_UNKNOWN.finding(
                    f"{path.name} ligner ikke et af puljens skemaer og er ikke kontrolleret.",
                    file=name,
                    hint="Brug de officielle skemaer (hir-docs forms), og behold deres overskrifter.",
                )
            ]
        ctx = Context(file=name, options=options)
        result = KINDS[kind_name].read(path, ctx)
        findings = list(result.findings)
        findings.extend(run_checks(kind_name, result.model, ctx))
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the run
        return Document(name, "unknown"), [
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
    load_kinds()
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
    readable = [d for d in documents if d.kind != "unknown"]
    if not readable:
        return []
    if sum(d.kind == "application" for d in readable) <= 1:
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
