"""Reading one inbox unit (a submission folder or a loose file) in a worker process,
and running the units over a process pool that survives a file crashing its reader."""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from hir_docs.annotate.recognise import Read, read_file, settle
from hir_docs.bulk.inbox import Unit
from hir_docs.bulk.model import FileRecord, Group, SlimDoc, UnitResult, keep_fields
from hir_docs.findings import DocKind, Document, Finding
from hir_docs.formatting import scrub_cpr
from hir_docs.model import RelocatedRow
from hir_docs.pipeline import Submission, could_not_open, cross_check, process_file, scanned_pdfs
from hir_docs.pools import load_pool
from hir_docs.rules import CheckOptions
from hir_docs.rules.bulk import BULK_FILE_TIMEOUT, BULK_READER_CRASHED


def _relocated_rows(model: Any) -> list[RelocatedRow]:
    rows = model if isinstance(model, list) else getattr(model, "rows", None)
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, RelocatedRow)]


def _slim(doc: Document, rel: str, export: bool) -> SlimDoc:
    keep = keep_fields(load_pool(doc.pool.pool if doc.pool is not None else None))
    fields = {k: v for k, v in doc.fields.items() if k in keep}
    relocated = _relocated_rows(doc.model) if export and doc.kind == DocKind.RELOCATED else None
    named: tuple[str, ...] = tuple(doc.pool.named) if doc.pool is not None else ()
    return SlimDoc(rel, doc.kind, fields, relocated, named[0] if len(named) == 1 else None)


def _code(doc: Document) -> str | None:
    code = doc.fields.get("municipality_code") if doc.kind != DocKind.UNKNOWN else None
    return str(code) if code else None


def _relabel(f: Finding, root: str, names: dict[str, str]) -> Finding:
    """Show file names relative to the inbox; never a temp path or a CPR number."""

    def clean(text: str | None) -> str | None:
        return scrub_cpr(text.replace(root, "")) if text else text

    file = names.get(f.file, clean(f.file)) if f.file else f.file
    return replace(f, file=file, message=clean(f.message) or "", hint=clean(f.hint))


def _file_record(path: Path, rel: str, kind: str, label: str) -> FileRecord:
    try:
        data = path.read_bytes()
        size: int | None = len(data)
        digest = hashlib.sha256(data).hexdigest()
        modified: float | None = path.stat().st_mtime
    except OSError:
        size, digest, modified = None, "", None
    return FileRecord(rel, kind, size, digest, submission=label, modified=modified)


def _split_by_code(docs: list[Document]) -> list[tuple[str | None, list[Document]]]:
    """Group one folder's documents by municipality.

    A folder is one submission: its documents stay together (so the cross checks see a
    budget naming another municipality than the application), under the application's
    municipality. Only a folder holding applications from several municipalities (a
    dump of several submissions) is split by municipality; documents without one
    (unknown or broken files) then form a group of their own.
    """
    by_code: dict[str, list[Document]] = {}
    rest: list[Document] = []
    for doc in docs:
        code = _code(doc)
        if code:
            by_code.setdefault(code, []).append(doc)
        else:
            rest.append(doc)
    app_codes = sorted({c for d in docs if d.kind == DocKind.APPLICATION and (c := _code(d))})
    if len(app_codes) <= 1:
        # The application's municipality, else the one most documents name.
        most = max(sorted(by_code), key=lambda c: len(by_code[c]), default=None)
        return [(app_codes[0] if app_codes else most, docs)]
    groups: list[tuple[str | None, list[Document]]] = sorted(by_code.items())
    if rest:
        groups.append((None, rest))
    return groups


def _finish_group(
    label: str,
    code: str | None,
    docs: list[Document],
    per_file: dict[str, list[Finding]],
    root: str,
    names: dict[str, str],
    options: CheckOptions,
    export: bool,
) -> Group:
    findings: list[Finding] = []
    for doc in docs:
        findings.extend(per_file.get(doc.file, []))
    readable = [d for d in docs if d.kind != DocKind.UNKNOWN]
    broken = [d.file for d in docs if could_not_open(d, per_file.get(d.file, []))]
    others = [d.file for d in docs if d.kind == DocKind.UNKNOWN]  # e.g. a pdf attachment
    if readable or any(Path(f).suffix.lower() == ".pdf" for f in others):
        sub = Submission(readable, True, broken, others, scanned=scanned_pdfs(docs))
        findings.extend(cross_check(sub, options))
    group = Group(label, code)
    group.findings = [_relabel(f, root, names) for f in findings]
    group.docs = [_slim(d, names[d.file], export) for d in docs]
    return group


def read_unit(
    unit: Unit,
    root: Path,
    options: CheckOptions,
    export: bool,
    crashed: frozenset[Path] = frozenset(),
) -> UnitResult:
    """Worker task: read one submission folder (or one loose file).

    ``crashed``: files known to crash the reader process; they become one finding each.
    """
    prefix = f"{root}/"
    names: dict[str, str] = {}
    files: list[FileRecord] = []
    docs: list[Document] = []
    per_file: dict[str, list[Finding]] = {}
    reads = [
        Read(path, *_crashed(path))
        if path in crashed
        else read_file(path, partial(_timed, options=options))
        for path in unit.files
    ]
    # Our annotated copies: skipped next to their original, else checked and flagged.
    kept, skipped = settle(reads)
    for r in reads:
        rel = r.path.relative_to(root).as_posix()
        names[r.doc.file] = rel
        rec = _file_record(r.path, rel, r.doc.kind, unit.label)
        rec.municipality_code = _code(r.doc)
        files.append(rec)
    for r in kept:
        docs.append(r.doc)
        per_file[r.doc.file] = r.findings
    if unit.loose:
        loose = [
            (
                replace(docs[0], file=names[docs[0].file]),
                [_relabel(f, prefix, names) for f in per_file[docs[0].file]],
            )
        ]
        if not export:
            for d, _ in loose:
                if d.kind == DocKind.RELOCATED:
                    d.model = None  # cross rules use fields; rows only for the export
        return UnitResult(files, [], loose)
    groups = [
        _finish_group(unit.label, code, group, per_file, prefix, names, options, export)
        for code, group in _split_by_code(docs)
    ]
    if groups and skipped:
        groups[0].findings.extend(_relabel(f, prefix, names) for f in skipped)
    return UnitResult(files, groups, [])


def group_loose(
    loose: list[tuple[Document, list[Finding]]], options: CheckOptions, export: bool
) -> list[Group]:
    """Loose files are grouped by municipality across the whole inbox; the rest alone."""
    by_code: dict[str, list[tuple[Document, list[Finding]]]] = {}
    groups: list[Group] = []
    for doc, findings in sorted(loose, key=lambda x: x[0].file):
        code = _code(doc)
        if code:
            by_code.setdefault(code, []).append((doc, findings))
        else:
            groups.append(Group(doc.file, None, [_slim(doc, doc.file, export)], list(findings)))
    for code, items in by_code.items():
        docs = [d for d, _ in items]
        findings = [f for _, fs in items for f in fs]
        findings.extend(cross_check(Submission(docs, expect_complete=True), options))
        label = ", ".join(d.file for d in docs)
        groups.append(Group(label, code, [_slim(d, d.file, export) for d in docs], findings))
    return groups


FILE_SECONDS = 120  # a normal form takes milliseconds; a hostile one must not hang the batch


def _alarm(_signum: int, _frame: Any) -> None:
    raise TimeoutError("tidsgrænse")


def _timed(path: Path, options: CheckOptions) -> tuple[Document, list[Finding]]:
    """process_file with a time limit (worker processes only: SIGALRM, main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return process_file(path, options)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
    try:
        return process_file(path, options)  # a timeout inside: process_file's file-timeout
    except TimeoutError:  # a timeout outside process_file's own guard (a fallback)
        return Document(str(path), "unknown"), [
            BULK_FILE_TIMEOUT.finding(
                f"{path.name} tog mere end {FILE_SECONDS} sekunder at kontrollere og er sprunget over.",
                file=str(path),
            )
        ]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _crashed(path: Path) -> tuple[Document, list[Finding]]:
    return Document(str(path), "unknown"), [
        BULK_READER_CRASHED.finding(
            f"{path.name} fik læseprogrammet til at gå ned og er ikke kontrolleret.",
            file=str(path),
        )
    ]


# --------------------------------------------------------------------------- process pool


def _chunksize(n: int, jobs: int) -> int:
    return max(1, min(8, n // (jobs * 16)))


def _check_file(path: Path, options: CheckOptions) -> None:
    process_file(path, options)


def _pool(workers: int) -> ProcessPoolExecutor:
    # Fork on Linux: workers inherit the loaded readers and rules (no re-import per worker).
    ctx = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _alone(fn: Any, *args: Any) -> Any:
    """Run fn(*args) in a fresh one-worker process; BrokenProcessPool if it crashes."""
    with _pool(1) as pool:
        return pool.submit(fn, *args).result()


def _isolate(task: Any, unit: Unit, options: CheckOptions) -> UnitResult:
    """Read a unit whose worker died or failed: find the file(s) that crash, read the rest.

    "Crash" is anything that does not bring a result back: the worker process died
    (killed by the OS, out of memory, a parser calling abort) or its exception could
    not be sent back (an unpicklable Rust panic).
    """
    try:
        result: UnitResult = _alone(task, unit)
        return result
    except Exception:  # noqa: BLE001 - BrokenProcessPool, PicklingError, ...
        pass
    bad = set()
    for path in unit.files:
        try:
            _alone(_check_file, path, options)
        except Exception:  # noqa: BLE001
            bad.add(path)
    crashed = frozenset(bad or unit.files)
    try:
        result = _alone(partial(task, crashed=crashed), unit)
    except Exception:  # noqa: BLE001 - the cross checks crash: report every file
        result = task(unit, crashed=frozenset(unit.files))
    return result


def run_units(
    units: list[Unit], root: Path, options: CheckOptions, export: bool, jobs: int
) -> Iterator[UnitResult]:
    """Results in the order of ``units`` whatever ``jobs`` is (deterministic output).

    Units run in worker processes (forked: the parent's loaded readers are inherited).
    When a file kills its worker (a parser crash, the OS killing it) or its failure
    cannot be sent back, the pool is restarted, the unit is read again alone to find
    the file, and that file becomes one finding (``file-reader-crashed``).
    """
    task = partial(read_unit, root=root, options=options, export=export)
    done = 0
    while done < len(units):
        rest = units[done:]
        try:
            with _pool(max(1, min(jobs, len(rest)))) as pool:
                for result in pool.map(task, rest, chunksize=_chunksize(len(rest), jobs)):
                    yield result
                    done += 1
        except Exception:  # noqa: BLE001 - a dead worker or a result that cannot come back
            yield _isolate(task, units[done], options)
            done += 1
