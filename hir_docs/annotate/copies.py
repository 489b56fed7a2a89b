"""Writing the annotated copies of a checked submission (see ``hir_docs.annotate``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from hir_docs.annotate.docx import annotate_docx
from hir_docs.annotate.uncapped import uncapped_report
from hir_docs.annotate.xlsx import annotate_xlsx
from hir_docs.files.failures import technical_name
from hir_docs.files.output import atomic_write, ensure_writable
from hir_docs.findings import DocKind, Document, Finding, Report, RuleScope
from hir_docs.forms.application_layout import FIELDS
from hir_docs.model import Application
from hir_docs.pipeline import group_documents
from hir_docs.rules import RULES, CheckOptions
from hir_docs.rules.annotate import ANNOTATE_FAILED, ANNOTATE_ODF, ANNOTATE_SKIPPED
from hir_docs.rules.application import answer_text

SUFFIXES = (".docx", ".xlsx")
COPY_SUFFIX = " (kommenteret)"
ODF_SUFFIXES = (".odt", ".ods")


def copy_name(path: Path) -> str:
    """``<name> (kommenteret).<ext>``; a copy annotated again keeps its name."""
    if path.stem.endswith(COPY_SUFFIX):
        return path.name
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
    ``together``: the files of ``doc``'s submission. A finding about another document of
    the submission is shown here only when it names this document (a cross check
    comparing the two, e.g. the amount in the application and in the budget). Findings
    about no file (the submission as a whole) are shown in the application and the
    budget, not in the citizen sheets or the project data."""
    concerned = doc.kind in (DocKind.APPLICATION, DocKind.BUDGET)
    name = Path(doc.file).name
    out = []
    for f in report.findings:
        if f.file == doc.file:
            out.append((f, True))
        elif f.file is None:
            if concerned:
                out.append((f, False))
        elif _is_submission_wide(f) and f.file in together and name in f.message:
            out.append((f, False))
    return out


def annotate_report(
    report: Report,
    outdir: Path,
    *,
    force: bool = False,
    root: Path | None = None,
    today: dt.date | None = None,
    options: CheckOptions | None = None,
) -> tuple[list[Path], list[Finding]]:
    """Write the annotated copies of the report's documents into ``outdir``.

    ``root``: the folder the report's file names are relative to (default: as given);
    ``today``: the date on the Word comments (default: when each file was last saved);
    ``options``: those of the check that made the report (default: its ``today``), to
    mark in the copy every row past those a capped rule shows (``annotate.uncapped``).
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
    notes.extend(
        ANNOTATE_ODF.finding(
            f"Der er ikke lavet en kommenteret kopi af {Path(d.file).name}: kommentarer skrives "
            "kun i Word- og Excel-filer (.docx/.xlsx), og STAR beder om sine skemaer i de "
            "formater. Fundene står i rapporten med deres steder.",
            file=d.file,
        )
        for d in report.documents
        if Path(d.file).suffix.lower() in ODF_SUFFIXES and d.kind != DocKind.UNKNOWN
    )
    targets = _targets(readable, outdir)
    for target in targets.values():
        ensure_writable(target, force)
    try:
        marked = uncapped_report(report, options or CheckOptions(today=today))
    except Exception:  # noqa: BLE001 - the copies are still made, with the summaries
        marked = report
    together: dict[str, set[str]] = {}
    for sub in group_documents(report.documents, expect_complete=False):
        files = {d.file for d in sub.documents}
        for file in files:
            together[file] = files
    file_names: dict[str | None, str] = {d.file: Path(d.file).name for d in report.documents}
    written: list[Path] = []
    for doc in readable:
        src = (root / doc.file) if root is not None else Path(doc.file)
        shown = findings_for(doc, marked, together.get(doc.file, {doc.file}))
        writer = _writer(src, shown, file_names, today, _answers(doc))
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


def _answers(doc: Document) -> dict[str, str]:
    """Each field's answer as the reader read it (an application's), to find it by text."""
    if not isinstance(doc.model, Application):
        return {}
    texts = {key: answer_text(doc.model, key) for key in FIELDS}
    return {key: text for key, text in texts.items() if text and text.strip()}


def _writer(
    src: Path,
    findings: list[tuple[Finding, bool]],
    file_names: dict[str | None, str],
    today: dt.date | None,
    answers: dict[str, str],
) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        if src.suffix.lower() == ".docx":
            annotate_docx(src, tmp, findings, src.name, today, answers)
        else:
            annotate_xlsx(src, tmp, findings, file_names, src.name)

    return write
