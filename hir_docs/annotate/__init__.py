"""Annotated copies: the findings written back into the user's own Word and Excel files.

``annotate_report(report, outdir)`` writes, for every .docx/.xlsx document the check could
read as one of the pool's forms, ``outdir/<name> (kommenteret).<ext>``: Word review
comments at the answers (``annotate.docx``), Excel notes, fills and a list sheet
(``annotate.xlsx``). Findings about the whole submission (file None, or a cross-document
finding) go into every document of that submission.

The copies are edited part by part, never re-saved by a library, so nothing of the user's
content is lost; the same input gives the same bytes; inputs are only read; outputs are
written atomically and never over an existing file without ``force``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hir_docs.annotate.docx import annotate_docx
from hir_docs.annotate.xlsx import annotate_xlsx
from hir_docs.files.failures import technical_name
from hir_docs.files.output import atomic_write, ensure_writable
from hir_docs.findings import DocKind, Document, Finding, Report, RuleScope
from hir_docs.pipeline import group_documents
from hir_docs.rules import RULES
from hir_docs.rules.annotate import ANNOTATE_FAILED, ANNOTATE_SKIPPED

SUFFIXES = (".docx", ".xlsx")
COPY_SUFFIX = " (kommenteret)"


def copy_name(path: Path) -> str:
    return f"{path.stem}{COPY_SUFFIX}{path.suffix}"


def _targets(docs: list[Document], outdir: Path) -> dict[str, Path]:
    """Where each document's copy goes; same-named files from different folders go into
    a subfolder named after their folder."""
    names: dict[str, int] = {}
    for d in docs:
        names[copy_name(Path(d.file)).lower()] = names.get(copy_name(Path(d.file)).lower(), 0) + 1
    out: dict[str, Path] = {}
    for d in docs:
        path = Path(d.file)
        name = copy_name(path)
        clash = names[name.lower()] > 1
        out[d.file] = outdir / path.parent.name / name if clash else outdir / name
    if len(set(out.values())) != len(out):  # still the same: number them
        out = {
            d.file: outdir / f"{i + 1:02d} {copy_name(Path(d.file))}" for i, d in enumerate(docs)
        }
    return out


def _is_submission_wide(f: Finding) -> bool:
    rule = RULES.get(f.code)
    return f.file is None or (rule is not None and rule.scope == RuleScope.CROSS)


def findings_for(doc: Document, report: Report, together: set[str]) -> list[tuple[Finding, bool]]:
    """The findings shown in ``doc``'s copy, each with whether it is about ``doc`` itself.
    ``together``: the files of ``doc``'s submission. Findings about the submission as a
    whole (application and budget together) are shown in the application and the budget,
    not in the citizen sheets or the project data."""
    concerned = doc.kind in (DocKind.APPLICATION, DocKind.BUDGET)
    out = []
    for f in report.findings:
        if f.file == doc.file:
            out.append((f, True))
        elif concerned and (f.file is None or (_is_submission_wide(f) and f.file in together)):
            out.append((f, False))
    return out


def annotate_report(
    report: Report,
    outdir: Path,
    *,
    force: bool = False,
    root: Path | None = None,
) -> tuple[list[Path], list[Finding]]:
    """Write the annotated copies of the report's documents into ``outdir``.

    ``root``: the folder the report's file names are relative to (default: as given).
    Returns the paths written, in the report's order, and INFO findings for the .docx /
    .xlsx inputs that got no copy (rejected or unreadable files, or a copy that failed).
    Raises HirDocsError before writing anything when a copy exists and ``force`` is off.
    """
    docs = [d for d in report.documents if Path(d.file).suffix.lower() in SUFFIXES]
    readable = [d for d in docs if d.kind != DocKind.UNKNOWN]
    notes = [
        ANNOTATE_SKIPPED.finding(
            f"Der er ikke lavet en kommenteret kopi af {Path(d.file).name}, fordi filen ikke "
            "kunne læses som et af puljens skemaer (se fundet om filen).",
            file=d.file,
        )
        for d in docs
        if d.kind == DocKind.UNKNOWN
    ]
    targets = _targets(readable, outdir)
    for target in targets.values():
        ensure_writable(target, force)
    together: dict[str, set[str]] = {}
    for sub in group_documents(report.documents, expect_complete=False):
        files = {d.file for d in sub.documents}
        for file in files:
            together[file] = files
    file_names: dict[str | None, str] = {d.file: Path(d.file).name for d in report.documents}
    written: list[Path] = []
    for doc in readable:
        src = (root / doc.file) if root is not None else Path(doc.file)
        writer = _writer(
            src, findings_for(doc, report, together.get(doc.file, {doc.file})), file_names
        )
        try:
            written.append(atomic_write(targets[doc.file], writer, force=force))
        except Exception as exc:  # noqa: BLE001 - an odd file must not stop the other copies
            notes.append(
                ANNOTATE_FAILED.finding(
                    f"Der kunne ikke laves en kommenteret kopi af {Path(doc.file).name} "
                    f"(teknisk årsag: {technical_name(exc)}).",
                    file=doc.file,
                )
            )
    return written, notes


def _writer(
    src: Path, findings: list[tuple[Finding, bool]], file_names: dict[str | None, str]
) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        if src.suffix.lower() == ".docx":
            annotate_docx(src, tmp, findings)
        else:
            annotate_xlsx(src, tmp, findings, file_names)

    return write
