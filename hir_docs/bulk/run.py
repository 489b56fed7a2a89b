"""STAR's bulk intake: read every municipality's submission into one overview.

``run_bulk`` walks an inbox (folder or .zip, see ``hir_docs.bulk.inbox``), reads every
submission with the same pipeline as ``hir-docs check`` (one submission per worker task,
``--jobs`` processes), groups documents by the municipality found in them and writes
the overview workbook (``hir_docs.bulk.overview``). Workers return only what the overview
needs, so memory does not grow with the number of submissions beyond the overview.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from hir_docs.bulk.cpr_export import write_export
from hir_docs.bulk.inbox import Inbox, open_inbox
from hir_docs.bulk.model import BulkResult, FileRecord, Group, SlimDoc, Superseded, UnitResult
from hir_docs.bulk.overview import write_overview
from hir_docs.bulk.read import group_loose, run_units
from hir_docs.bulk.resubmissions import pick_newest
from hir_docs.files.output import ensure_writable
from hir_docs.findings import DocKind, Document, Finding, HirDocsError, Severity
from hir_docs.formatting import scrub_cpr
from hir_docs.kommuner import find_kommune
from hir_docs.pools import load_pool
from hir_docs.rules import CASELOAD, CheckOptions
from hir_docs.rules.bulk import BULK_DUPLICATE_MUNICIPALITY, BULK_NO_MUNICIPALITY

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while an inbox is read (submissions read, in all)."""


def _with_progress(
    results: Iterable[UnitResult], n: int, progress: Progress | None
) -> Iterator[UnitResult]:
    for done, r in enumerate(results, 1):
        if progress is not None:
            progress(done, n)
        yield r


def _bulk_findings(groups: list[Group], superseded: list[Superseded]) -> None:
    """Findings about the inbox as a whole: a municipality that submitted more than once
    (the newest is used), a submission without a recognisable municipality."""
    older: dict[str, list[Superseded]] = {}
    for s in superseded:
        older.setdefault(s.used, []).append(s)
    for g in groups:
        replaced = older.get(g.submission, []) if g.code else []
        replaced = [s for s in replaced if s.group.code == g.code]
        if not replaced:
            continue
        k = find_kommune(g.code)
        who = k.official_name if k else f"kommunekode {g.code}"
        names = ", ".join(f"'{s.group.submission}'" for s in replaced[:5]) + (
            f" og {len(replaced) - 5} flere" if len(replaced) > 5 else ""
        )
        g.findings.append(
            BULK_DUPLICATE_MUNICIPALITY.finding(
                f"{who} har indsendt {len(replaced) + 1} gange. Den nyeste, '{g.submission}', "
                f"er brugt i oversigten; {names} står på arket 'Tidligere indsendelser'.",
                location=g.submission,
            )
        )
    for g in groups:
        if g.code is None and any(d.kind != DocKind.UNKNOWN for d in g.docs):
            g.findings.append(
                BULK_NO_MUNICIPALITY.finding(
                    f"Indsendelsen {g.submission} angiver ingen kommune, som kan genkendes.",
                    location=g.submission,
                )
            )


def _rejected_entries(inbox: Inbox, groups: list[Group]) -> list[FileRecord]:
    """Zip entries that were not extracted: one finding each, in the submission of their
    folder when it was read ("Viborg/x.docx" joins "Viborg"), else a group of their own."""
    by_label = {g.submission: g for g in groups}
    files = []
    for f in inbox.findings:
        name = f.file or "?"
        label, _, rest = name.partition("/")
        group = by_label.get(label) if rest else None
        if group is None:
            group = Group(name, None)
            groups.append(group)
        group.docs.append(SlimDoc(name, "unknown", {}))
        group.findings.append(f)
        files.append(FileRecord(name, "unknown", None, "", submission=group.submission))
    return files


def _annotate_files(files: list[FileRecord], groups: list[Group]) -> None:
    by_name = {f.name: f for f in files}
    for g in groups:
        for doc in g.docs:
            rec = by_name.get(doc.file)
            if rec is not None and rec.municipality_code is None:
                rec.municipality_code = g.code
        for f in g.findings:
            rec = by_name.get(f.file) if f.file else None
            if rec is None:
                continue
            if f.severity is Severity.ERROR:
                rec.errors += 1
                rec.first_error = rec.first_error or f.code
            elif f.severity is Severity.WARNING:
                rec.warnings += 1


def _shared_source(f: Finding) -> Finding:
    return replace(f, source=sys.intern(f.source)) if f.source else f


def collect(
    inbox: Inbox,
    *,
    jobs: int = 1,
    export: bool = False,
    progress: Progress | None = None,
    options: CheckOptions | None = None,
) -> tuple[list[Group], list[FileRecord], list[Superseded]]:
    """Read every unit of an opened inbox; groups sorted by municipality code, one per
    municipality (older resubmissions apart, see ``bulk/resubmissions``)."""
    options = options or CheckOptions()
    groups: list[Group] = []
    files: list[FileRecord] = []
    loose: list[tuple[Document, list[Finding]]] = []
    results = run_units(inbox.units, inbox.root, options, export, jobs)
    for r in _with_progress(results, len(inbox.units), progress):
        files.extend(r.files)
        for g in r.groups:  # one shared copy of each rule's source text
            g.findings = [_shared_source(f) for f in g.findings]
        groups.extend(r.groups)
        loose.extend(r.loose)
    groups.extend(group_loose(loose, options, export))
    files.extend(_rejected_entries(inbox, groups))
    groups.sort(key=lambda g: g.sort_key)
    groups, superseded = pick_newest(groups, files)
    _bulk_findings(groups, superseded)
    files.sort(key=lambda f: f.name)
    _annotate_files(files, groups + [s.group for s in superseded])
    return groups, files, superseded


def run_bulk(
    inbox: Path,
    out: Path,
    *,
    jobs: int = 1,
    export_registrations: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    pool: str | None = None,
) -> BulkResult:
    """Read the inbox and write the overview (and the CPR export when asked); ``pool``: the
    pool every submission is checked against (None: what the documents name).

    Raises HirDocsError (Danish, CPR-like numbers in paths masked) when it cannot go on.
    """
    try:
        return _run_bulk(inbox, out, jobs, export_registrations, force, progress, pool)
    except HirDocsError as exc:
        raise HirDocsError(scrub_cpr(str(exc))) from exc


def named_most(groups: Sequence[Group]) -> str | None:
    """The pool the documents' titles name most often (None: none names one)."""
    counts = Counter(d.pool for g in groups for d in g.docs if d.pool is not None)
    return counts.most_common(1)[0][0] if counts else None


def _run_bulk(
    inbox: Path,
    out: Path,
    jobs: int,
    export_registrations: Path | None,
    force: bool,
    progress: Progress | None,
    pool: str | None = None,
) -> BulkResult:
    start = time.perf_counter()
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"Oversigten skal være en .xlsx-fil, ikke {out.name}.")
    chosen = load_pool(pool)
    if export_registrations is not None and CASELOAD not in chosen.plugins:
        # The CPR export lists the relocated citizens of the caseload plug-in's sheets.
        raise HirDocsError(
            f"Puljen {chosen.name} har ingen skemaer til fraflyttede borgere, så der er ingen "
            "CPR-numre at eksportere."
        )
    targets = [out] + ([export_registrations] if export_registrations else [])
    if export_registrations is not None and Path(export_registrations).resolve() == out.resolve():
        raise HirDocsError("Oversigten og CPR-eksporten skal være to forskellige filer.")
    for target in targets:
        if target.exists() and not force:
            ensure_writable(target, force)  # raises the shared Danish message
    with open_inbox(Path(inbox), exclude=targets) as box:
        if not box.units and not box.findings:
            raise HirDocsError(f"{inbox} indeholder ingen filer.")
        groups, files, superseded = collect(
            box,
            jobs=jobs,
            export=export_registrations is not None,
            progress=progress,
            options=CheckOptions(pool=pool) if pool else None,
        )
    if pool is None:  # the pool the documents' titles name most often, else the default
        chosen = load_pool(named_most(groups))
    result = BulkResult(
        Path(inbox),
        out,
        export_registrations,
        groups,
        files,
        pool_available=(
            chosen.amount("pool_available") if chosen.known("pool_available") else None
        ),
        jobs=jobs,
        superseded=superseded,
        pool=chosen.id,
    )
    write_overview(result, out, force=force)
    if export_registrations is not None:
        result.exported_rows = write_export(result, Path(export_registrations), force=force)
        for g in groups:  # full CPR numbers leave memory as soon as they are written
            for d in g.docs:
                d.relocated = None
    result.seconds = time.perf_counter() - start
    return result
