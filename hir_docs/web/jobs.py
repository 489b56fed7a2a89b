"""The CPU-bound work, in a bounded pool of worker processes with a time limit per job.

A check, the reports and an inbox run in one of ``WebConfig.workers`` processes (real
parallelism on several cores, and a crash or a leak stays out of the server). Each job
stops itself after its time limit (SIGALRM in the worker's main thread); the server
also gives up waiting shortly after. Jobs take and return plain data (paths as text,
JSON text, bytes), so nothing but results crosses between the processes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from hir_docs import api, presentation
from hir_docs.web.uploads import unpack_zips

T = TypeVar("T")
REPORT_KINDS = {"status": "Statusrapport", "final": "Slutrapport", "accounts": "Regnskab"}


class Busy(Exception):
    """Too many jobs are waiting: the user should try again shortly."""


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException, so no ``except Exception`` swallows it."""


def _timeout_message(seconds: float) -> str:
    return (
        f"Arbejdet tog mere end {seconds:.0f} sekunder og blev stoppet. "
        "Prøv igen med færre eller mindre filer."
    )


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the job with HirDocsError after ``seconds`` (only in a main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise api.HirDocsError(_timeout_message(seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- jobs (in a worker)


def check_job(
    root: str,
    names: list[str],
    submitted: dt.datetime | None,
    dates: tuple[dt.date, ...],
    max_unpacked: int,
    limit: float,
) -> str:
    """Unpack zips, check the files in ``root``; the JSON of ``hir-docs check``."""
    return check_and_annotate_job(root, names, submitted, dates, max_unpacked, None, limit)[0]


def check_and_annotate_job(
    root: str,
    names: list[str],
    submitted: dt.datetime | None,
    dates: tuple[dt.date, ...],
    max_unpacked: int,
    annotate_dir: str | None,
    limit: float,
) -> tuple[str, list[tuple[str, bytes]], list[str]]:
    """The check's JSON; with ``annotate_dir`` also the annotated copies (name, bytes)
    and the notes about files that got none."""
    with time_limit(limit):
        folder = Path(root)
        rejected = unpack_zips(folder, names, max_unpacked)
        report = api.check_in(folder, names, submitted=submitted, snapshot_dates=dates)
        report.findings.extend(rejected)
        copies: list[tuple[str, bytes]] = []
        notes: list[str] = []
        if annotate_dir is not None:
            out = Path(annotate_dir)
            written, skipped = api.annotate_report(report, out, force=True, root=folder)
            copies = [(p.relative_to(out).as_posix(), p.read_bytes()) for p in written]
            notes = [f.message for f in skipped]
        return presentation.report_json(report), copies, notes


def report_check_job(root: str, names: list[str], limit: float) -> str:
    """Check each file on its own (project data, registrations) as one JSON report."""
    with time_limit(limit):
        merged: dict[str, Any] = {"documents": [], "findings": []}
        for name in names:
            part = json.loads(presentation.report_json(api.check_in(Path(root), [name])))
            merged["documents"] += part["documents"]
            merged["findings"] += part["findings"]
        counts = {s: 0 for s in ("error", "warning", "info")}
        for f in merged["findings"]:
            counts[f["severity"]] += 1
        result = {"valid": counts["error"] == 0, "counts": counts, **merged}
        return json.dumps(result, ensure_ascii=False)


def render_job(
    kinds: list[str],
    projectdata: str,
    registrations: str | None,
    period: str | None,
    pdf: bool,
    out_dir: str,
    limit: float,
) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """Render reports; (file name, bytes) of every file, and (report, message) for a
    report that could not be made."""
    files: list[tuple[str, bytes]] = []
    problems: list[tuple[str, str]] = []
    with time_limit(limit):
        for kind in kinds:
            out = Path(out_dir) / kind
            try:
                paths = api.render_report(
                    kind,
                    Path(projectdata),
                    out,
                    period=None if kind == "final" else period,
                    registrations=Path(registrations) if registrations else None,
                    pdf=pdf,
                    force=True,
                )
            except api.HirDocsError as exc:
                problems.append((REPORT_KINDS[kind], str(exc)))
                continue
            files.extend((p.name, p.read_bytes()) for p in paths)
    return files, problems


def bulk_job(inbox: str, out: str, limit: float) -> tuple[str, bytes]:
    """Read an inbox zip: the summary JSON and the overview workbook."""
    with time_limit(limit):
        result = api.bulk(Path(inbox), Path(out), jobs=1, force=True)
        return presentation.summary_json(result), Path(out).read_bytes()


def forms_job(out_dir: str, limit: float) -> list[tuple[str, bytes]]:
    """The blank official forms as (file name, bytes)."""
    with time_limit(limit):
        return [(p.name, p.read_bytes()) for p in api.write_blank_forms(Path(out_dir), force=True)]


def _warm_up() -> None:
    """Runs in each new worker: the imports are done before the first user waits."""


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us


# --------------------------------------------------------------------------- the pool (server)


class Workers:
    """A bounded process pool; ``run`` awaits a job without blocking the event loop."""

    def __init__(self, workers: int, max_waiting: int):
        self.workers = max(1, workers)
        self.max_waiting = max_waiting
        self._pool: ProcessPoolExecutor | None = None
        self._pending = 0
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                )
            return self._pool

    def start(self) -> None:
        """Start the workers now (they import the package once)."""
        pool = self._executor()
        for _ in range(self.workers):
            pool.submit(_warm_up)

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        if self._pending >= self.workers + self.max_waiting:
            raise Busy
        self._pending += 1
        try:
            future: Future[T] = self._executor().submit(fn, *args, timeout)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout + 15)
            except TimeoutError:
                future.cancel()
                raise api.HirDocsError(_timeout_message(timeout)) from None
        except BrokenProcessPool:
            self._reset()
            raise
        finally:
            self._pending -= 1

    def _reset(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
