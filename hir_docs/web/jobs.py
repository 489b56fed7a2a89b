"""The CPU-bound work, in a bounded set of worker processes with a time limit per job.

A check, the reports and an inbox run in one of ``WebConfig.workers`` processes (real
parallelism on several cores, and a crash or a leak stays out of the server; the library
is not thread-safe, see ``hir_docs.api``). Each job stops itself after its time limit
(SIGALRM in the worker's main thread raises ``api.JobTimeUp``, which no reader turns
into a finding). Should a job not stop (native code that never returns to Python), the
server gives up waiting shortly after and kills that job's worker process, as it does
when the request is cancelled; the request's private folder is removed only after the
worker has stopped. Each worker is a pool of its own, so killing one never touches
another user's job. Jobs take and return plain data (paths as text, JSON text, bytes),
so nothing but results crosses between the processes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple, TypeVar

from hir_docs import api, presentation
from hir_docs.findings import SEVERITY_RANK, Finding
from hir_docs.formatting import scrub_cpr
from hir_docs.web.uploads import unpack_zips

T = TypeVar("T")
REPORT_KINDS = {"status": "Statusrapport", "final": "Slutrapport", "accounts": "Regnskab"}


class Problem(NamedTuple):
    """A report that could not be made: its Danish name(s), why, how many errors in the
    project data stopped it (0 when something else did), and those errors (as
    ``Finding.to_dict``, file names relative to the upload folder, CPR numbers masked)."""

    kind: str
    message: str
    errors: int = 0
    findings: tuple[dict[str, Any], ...] = ()


class Busy(Exception):
    """Too many jobs are waiting: the user should try again shortly."""


def timeout_message(seconds: float) -> str:
    return (
        f"Arbejdet tog mere end {seconds:.0f} sekunder og blev stoppet. "
        "Prøv igen med færre eller mindre filer."
    )


REPEAT = 0.1  # seconds between alarms once the time is up


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the job with HirDocsError (the Danish "took too long") after ``seconds``
    (only in a main thread). The alarm raises ``api.JobTimeUp``, a BaseException the
    readers let through, so neither ``except Exception`` nor a reader swallows it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise api.JobTimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            # Then again every REPEAT seconds: an alarm that goes off inside a finalizer
            # (``__del__`` during garbage collection) is swallowed by Python, so one alarm
            # alone could let the job run on.
            signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except api.JobTimeUp:
        raise api.HirDocsError(timeout_message(seconds)) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- jobs (in a worker)


def check_and_annotate_job(
    root: str,
    names: list[str],
    submitted: dt.datetime | None,
    dates: tuple[dt.date, ...],
    max_unpacked: int,
    annotate_dir: str | None,
    pool: str | None,
    limit: float,
) -> tuple[str, list[tuple[str, bytes]], list[str]]:
    """The check's JSON; with ``annotate_dir`` also the annotated copies (name, bytes)
    and the notes about files that got none."""
    with time_limit(limit):
        folder = Path(root)
        rejected = unpack_zips(folder, names, max_unpacked)
        report = api.check_in(folder, names, submitted=submitted, snapshot_dates=dates, pool=pool)
        report.findings.extend(rejected)
        copies: list[tuple[str, bytes]] = []
        notes: list[str] = []
        if annotate_dir is not None:
            out = Path(annotate_dir)
            written, skipped = api.annotate_report(
                report,
                out,
                force=True,
                root=folder,
                submitted=submitted,
                snapshot_dates=dates,
                pool=pool,
            )
            copies = [(p.relative_to(out).as_posix(), p.read_bytes()) for p in written]
            notes = [f.message for f in skipped]
        return presentation.report_json(report), copies, notes


def payment_job(register: str, pool: str | None, grant: dict[str, Any], limit: float) -> str:
    """The payment computation of one register (``api.payment``) as JSON: the result's data
    and the register's findings (CPR numbers masked, as in every finding)."""
    with time_limit(limit):
        result, report = api.payment(Path(register), pool=pool, grant=api.Grant(**grant))
        findings = [f.to_dict() for f in report.findings]
        return json.dumps({**result.data, "findings": findings}, ensure_ascii=False, indent=2)


def render_job(
    kinds: list[str],
    projectdata: str,
    registrations: str | None,
    period: str | None,
    pdf: bool,
    out_dir: str,
    pool: str | None,
    limit: float,
) -> tuple[str | None, list[tuple[str, bytes]], list[Problem]]:
    """Render reports with ``api.render_report``, which checks the project data (with the
    registrations, for the status report) first. Returns the JSON of that check (the
    status report's, as it sees the registrations too; file names relative to the upload
    folder; None when no report got as far), (file name, bytes) of every file written,
    and a ``Problem`` for each report that could not be made."""
    data = Path(projectdata)
    root = data.parent

    def rel(text: str) -> str:
        return text.replace(f"{root}{os.sep}", "")

    checked: str | None = None
    files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    with time_limit(limit):
        for kind in kinds:
            try:
                result = api.render_report(
                    kind,
                    data,
                    Path(out_dir) / kind,
                    period=None if kind == "final" else period,
                    registrations=Path(registrations) if registrations else None,
                    pdf=pdf,
                    force=True,
                    pool=pool,
                )
                report = result.report
                files.extend((p.name, p.read_bytes()) for p in [*result.written, *result.annexes])
            except api.RenderRefused as exc:
                report = exc.report
                blocking = tuple(_plain(f, rel) for f in exc.errors)
                problems.append(
                    Problem(REPORT_KINDS[kind], rel(str(exc)), len(exc.errors), blocking)
                )
            except api.HirDocsError as exc:
                problems.append(Problem(REPORT_KINDS[kind], rel(str(exc))))
                continue
            if checked is None or kind == "status":
                checked = presentation.report_json(api.relative_report(report, root))
    return checked, files, _merged(problems)


def _plain(finding: Finding, rel: Callable[[str], str]) -> dict[str, Any]:
    """A finding as plain data for the page: its file relative to the upload folder and
    its texts with CPR numbers masked."""
    d = finding.to_dict()
    if d.get("file"):
        d["file"] = scrub_cpr(rel(str(d["file"])))  # a CPR number in a file name too
    for key in ("message", "location", "hint", "source"):
        if isinstance(d.get(key), str):
            d[key] = scrub_cpr(rel(d[key]))
    return d


def _merged(problems: list[Problem]) -> list[Problem]:
    """One entry per reason: a file that is not project data stops every report with the
    same words, which are said once ("Statusrapport, slutrapport og regnskab"), as are the
    reports the same errors in the project data stopped. Reports stopped by different
    errors keep an entry each, with their own errors (the reports' errors differ in
    their words even when the same cell is empty: "Slutrapporten kan ikke laves: ...")."""
    merged: dict[tuple[Any, ...], list[Problem]] = {}
    for p in problems:
        which = tuple((f.get("code"), f.get("message"), f.get("location")) for f in p.findings)
        merged.setdefault(("" if p.errors else p.message, p.errors, which), []).append(p)
    return [
        Problem(_and([p.kind for p in ps]), ps[0].message, ps[0].errors, ps[0].findings)
        for ps in merged.values()
    ]


def _and(names: list[str]) -> str:
    """["Statusrapport", "Slutrapport", "Regnskab"] -> "Statusrapport, slutrapport og regnskab"."""
    names = names[:1] + [n.lower() for n in names[1:]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def init_job(application: str, budget: str, out: str, pool: str | None, limit: float) -> bytes:
    """The project-data workbook made from the approved application and budget
    (``api.init_projectdata``), as bytes."""
    with time_limit(limit):
        made = api.init_projectdata(Path(application), Path(budget), Path(out), pool=pool)
        return made.read_bytes()


def bulk_job(inbox: str, out: str, pool: str | None, limit: float) -> tuple[str, bytes]:
    """Read an inbox zip: the summary JSON and the overview workbook. Each row of the
    summary also carries its submission's ``findings`` (errors first, then warnings and
    info, as ``Finding.to_dict`` with CPR numbers masked), so STAR's page can say why a
    municipality fails; the JSON API answers with the workbook alone."""
    with time_limit(limit):
        result = api.bulk(Path(inbox), Path(out), jobs=1, force=True, pool=pool)
        summary = json.loads(presentation.summary_json(result))
        for row, group in zip(summary["rows"], result.groups, strict=True):
            row["findings"] = [
                _plain(f, str)
                for f in sorted(group.findings, key=lambda f: SEVERITY_RANK[f.severity])
            ]
        text = presentation.masked_json(summary, compact=True)  # file names too
        return text, Path(out).read_bytes()


def followup_job(inbox: str, out: str, today: str, pool: str | None, limit: float) -> str:
    """Read a follow-up inbox zip: the follow-up overview's JSON (CPR numbers masked)."""
    with time_limit(limit):
        result = api.followup(
            Path(inbox), Path(out), today=dt.date.fromisoformat(today), force=True, pool=pool
        )
        return presentation.followup_json(result)


def followup_page_job(
    inbox: str, out: str, today: str, pool: str | None, limit: float
) -> tuple[str, bytes]:
    """The follow-up overview for the web page: its JSON and the workbook's bytes."""
    data = followup_job(inbox, out, today, pool, limit)
    return data, Path(out).read_bytes()


def forms_job(out_dir: str, pool: str | None, limit: float) -> list[tuple[str, bytes]]:
    """The blank official forms of ``pool`` (default: the default pool) as (name, bytes)."""
    with time_limit(limit):
        written = api.write_blank_forms(Path(out_dir), force=True, pool=pool)
        return [(p.name, p.read_bytes()) for p in written]


def _warm_up() -> None:
    """Runs in each new worker: the imports are done before the first user waits (lxml
    and the sheet guard's RE2 pattern too, which a check loads with its first Word file
    or sheet, not at start)."""
    api.warm_up()


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us


# --------------------------------------------------------------------------- the pool (server)


class _Worker:
    """One worker process, as a pool of one: a job that must be stopped is stopped by
    killing this process alone, and a fresh one takes its place."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
        return self._pool

    def kill(self) -> None:
        """Kill the process (whatever it is doing), wait until it is gone, start another."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((pool._processes or {}).values())  # no public way before Python 3.14
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(10)
        pool.shutdown(wait=False, cancel_futures=True)
        self.pool().submit(_warm_up)  # its successor starts now, not at the next request

    def shutdown(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class Workers:
    """``workers`` worker processes; ``run`` awaits a job without blocking the event loop.

    A job waits (first come, first served) for a free worker; with more than
    ``max_waiting`` jobs waiting, ``run`` raises ``Busy``. A job still running ``grace``
    seconds after its own time limit, or whose request is cancelled (the client went
    away), has its worker killed and replaced; ``run`` returns only after that worker
    has stopped, so the caller may then remove the job's files.
    """

    def __init__(self, workers: int, max_waiting: int, grace: float = 10.0):
        self.workers = max(1, workers)
        self.max_waiting = max_waiting
        self.grace = grace
        self._all = [_Worker() for _ in range(self.workers)]
        self._free = list(self._all)
        self._waiting: deque[Future[_Worker]] = deque()
        self._pending = 0  # jobs running or waiting
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the workers now (they import the package once)."""
        for worker in self._all:
            worker.pool().submit(_warm_up)

    async def _acquire(self) -> _Worker:
        with self._lock:
            if self._pending >= self.workers + self.max_waiting:
                raise Busy
            self._pending += 1
            if self._free:
                return self._free.pop()
            ticket: Future[_Worker] = Future()
            self._waiting.append(ticket)
        try:
            return await asyncio.wrap_future(ticket)
        except BaseException:
            with self._lock:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                got = ticket.done() and not ticket.cancelled()
            if got:  # a worker was handed over just as we gave up: pass it on
                self._release(ticket.result(), pending=False)
            with self._lock:
                self._pending -= 1
            raise

    def _release(self, worker: _Worker, pending: bool = True) -> None:
        with self._lock:
            if pending:
                self._pending -= 1
            while self._waiting:
                ticket = self._waiting.popleft()
                if ticket.set_running_or_notify_cancel():
                    ticket.set_result(worker)
                    return
            self._free.append(worker)

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """Run ``fn(*args, timeout)`` in a worker; HirDocsError when it takes too long."""
        worker = await self._acquire()
        future: Future[T] | None = None
        try:
            future = worker.pool().submit(fn, *args, timeout)
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout + self.grace)
        except TimeoutError:
            worker.kill()
            raise api.HirDocsError(timeout_message(timeout)) from None
        except BrokenProcessPool:  # the process died (out of memory, a crash): a new one
            worker.kill()
            raise
        except asyncio.CancelledError:  # the request is gone: stop its job
            if future is not None and not future.done():
                worker.kill()
            raise
        finally:
            self._release(worker)

    def shutdown(self) -> None:
        for worker in self._all:
            worker.shutdown()
