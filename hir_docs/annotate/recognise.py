"""Our annotated copies among the files being checked (issue 21, points 15-17).

A copy is recognised by the custom property we write into it (``annotate.marker``), not
by its name. It is read as the file it copies: our previous round of comments, notes,
fills and the list sheet is taken off first (``annotate.clean``), so a copy gives the
same findings as its original. Then, among several files (a folder, an inbox
submission), a copy whose original is there too, or which is a second form of a kind
already there, is skipped with a note (it must not count as a second application or
budget); a copy checked alone, or as the only form of its kind, is checked and flagged:
it must not be sent to STAR.

Used by ``pipeline.check_paths`` and ``bulk.read``, with their own way of reading one
file (``process``), so this module does not import the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from hir_docs.annotate.marker import copy_of
from hir_docs.files import package
from hir_docs.files.safety import inspect_file
from hir_docs.findings import DocKind, Document, Finding
from hir_docs.rules.annotate import ANNOTATED_COPY, ANNOTATED_COPY_SKIPPED

Process = Callable[[Path], tuple[Document, list[Finding]]]


@dataclass
class Read:
    """One file as read: its document and findings; ``original`` names the file it is a
    copy of when it is one of our annotated copies."""

    path: Path
    doc: Document
    findings: list[Finding]
    original: str | None = None


def read_file(path: Path, process: Process) -> Read:
    """``process(path)``, or for one of our copies: ``process`` of the copy without our
    previous round, named as the copy. The file's zip is opened once for the look at its
    properties, the safety pass and the reader (``files.package.one_file``)."""
    with package.one_file():
        return _read_file(path, process)


def _read_file(path: Path, process: Process) -> Read:
    original = copy_of(path)
    if original is None or inspect_file(path):  # a rejected file: its own findings say so
        return Read(path, *process(path))
    # Imported here: the cleaner pulls in openpyxl's cell helpers, which a check of files
    # that are no copies never needs (a fresh web worker has a tight time limit); the
    # temporary folder is for a copy too.
    import tempfile

    from hir_docs.annotate.clean import clean_copy

    with tempfile.TemporaryDirectory(prefix="hir-docs-") as tmp:
        clean = Path(tmp) / path.name
        try:
            visible = clean_copy(path, clean)
        except Exception:  # noqa: BLE001 - an odd copy is read as it is
            return Read(path, *process(path), original=original)
        doc, findings = process(clean)
    if not visible:  # the user took all of ours off: a clean file (only properties left)
        original = None
    inner, outer = str(clean), str(path)

    def renamed(f: Finding) -> Finding:
        return replace(
            f,
            file=outer if f.file == inner else f.file,
            message=f.message.replace(inner, outer),
            hint=f.hint.replace(inner, outer) if f.hint else f.hint,
        )

    doc = replace(doc, file=outer)
    return Read(path, doc, [renamed(f) for f in findings], original)


def settle(reads: list[Read]) -> tuple[list[Read], list[Finding]]:
    """The reads that count, and the notes on copies skipped. With several files, a copy
    whose original is among them (by name) or whose kind is already there in a file that
    is no copy is skipped; every other copy counts and gets the warning."""
    plain = [r for r in reads if r.original is None]
    names = {r.path.name.lower() for r in plain}
    kinds = {r.doc.kind for r in plain if r.doc.kind != DocKind.UNKNOWN}
    kept: list[Read] = []
    skipped: list[Finding] = []
    for r in reads:
        if r.original is None:
            kept.append(r)
            continue
        twin = r.original.lower() in names or r.doc.kind in kinds
        if len(reads) > 1 and twin:
            skipped.append(
                ANNOTATED_COPY_SKIPPED.finding(
                    f"{r.path.name} er en kommenteret kopi fra hir-docs af {r.original} og er "
                    "sprunget over, så skemaet ikke tælles to gange.",
                    file=str(r.doc.file),
                )
            )
            continue
        warning = ANNOTATED_COPY.finding(
            f"{r.path.name} er en kommenteret kopi fra hir-docs af {r.original} (med "
            "kommentarer, noter og fanen »Fund fra hir-docs«). Den er kontrolleret uden "
            "hir-docs' egne kommentarer, men send ikke denne fil til STAR.",
            file=str(r.doc.file),
        )
        kept.append(replace(r, findings=[warning, *r.findings]))
    return kept, skipped
