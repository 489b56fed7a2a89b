"""Small parts of the web app: names, one-time links, the time limit, the workers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import signal
import socket
import time
import types
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_helpers import VIBORG, quick_job, sleepy_job, stubborn_job  # noqa: E402

from hir_docs import api  # noqa: E402
from hir_docs.files.failures import parser_call, recoverable  # noqa: E402
from hir_docs.web.downloads import DownloadStore  # noqa: E402
from hir_docs.web.jobs import Busy, Workers, time_limit  # noqa: E402
from hir_docs.web.uploads import safe_name  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.docx", "passwd.docx"),
        ("C:\\Users\\x\\budget.xlsx", "budget.xlsx"),
        ("Ansøgning Århus.docx", "Ansøgning Århus.docx"),
        (".skjult.docx", "skjult.docx"),
        ("", "fil"),
        ("..", "fil"),
        ("a\x00b<c>.xlsx", "abc.xlsx"),
        ("x" * 300 + ".docx", "x" * 115 + ".docx"),
    ],
)
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw, set()) == expected


def test_safe_name_is_unique() -> None:
    taken: set[str] = set()
    assert [safe_name("b.xlsx", taken) for _ in range(3)] == [
        "b.xlsx",
        "b (2).xlsx",
        "b (3).xlsx",
    ]
    assert safe_name("B.XLSX", taken) == "B (4).XLSX"


def test_download_links_work_until_they_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the store's own clock (set by the test, so a slow machine changes nothing)."""
    from hir_docs.web import downloads

    now = [1000.0]
    monkeypatch.setattr(downloads, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    store = DownloadStore(ttl=600, max_bytes=100)
    link = store.put("a.json", b"{}")
    assert len(link.token) >= 40 and link.url == f"/hent/{link.token}"
    now[0] += 599
    item = store.get(link.token)
    assert item is not None and item.data == b"{}"
    assert store.get(link.token) == item  # a second click works too
    now[0] += 2
    assert store.get(link.token) is None
    late = store.put("b.json", b"{}")
    now[0] += 601
    assert store.get(late.token) is None


def test_download_store_keeps_within_its_size() -> None:
    store = DownloadStore(ttl=60, max_bytes=100)
    first = store.put("a", b"x" * 60)
    second = store.put("b", b"x" * 60)
    assert store.get(first.token) is None and store.get(second.token) is not None


def test_time_limit_stops_a_job() -> None:
    with pytest.raises(api.HirDocsError, match="sekunder"), time_limit(0.1):
        deadline = time.monotonic() + 60  # a bound should the alarm never go off
        while time.monotonic() < deadline:  # CPU-bound work, interrupted by the alarm
            with contextlib.suppress(Exception):  # the alarm must get through this
                sum(range(1000))


def test_time_limit_stops_a_check_and_blames_no_file(tmp_path: Path) -> None:
    """The alarm may go off inside a reader (which turns any failure of a parser into a
    finding on the file): the check must stop, not report the file as unreadable."""
    budget = (VIBORG / "budget.xlsx").read_bytes()
    copies = []
    for i in range(40):  # long enough that the alarm goes off while a file is being read
        copies.append(tmp_path / f"budget{i}.xlsx")
        copies[-1].write_bytes(budget)
    # the time-up passes through the readers: no "file-unreadable" / "file-corrupt" report
    with pytest.raises(api.HirDocsError, match="sekunder"), time_limit(0.02):
        api.check(copies)


def test_a_parser_failure_is_a_finding_but_time_up_passes_through() -> None:
    assert not recoverable(api.JobTimeUp()) and recoverable(ValueError())
    with pytest.raises(api.JobTimeUp), parser_call():
        raise api.JobTimeUp


def with_workers(
    scenario: Callable[[Workers], Awaitable[None]], waiting: int = 0, grace: float = 30.0
) -> None:
    """Run ``scenario`` with one worker process (``waiting`` jobs may wait for it)."""

    async def main() -> None:
        workers = Workers(1, waiting, grace=grace)
        try:
            await scenario(workers)
        finally:
            workers.shutdown()

    asyncio.run(main())


def worker_processes(workers: Workers) -> list[multiprocessing.process.BaseProcess]:
    """The processes of the (one) worker's pool, as they are now."""
    [worker] = workers._all
    return list((worker.pool()._processes or {}).values())


def killed(processes: list[multiprocessing.process.BaseProcess]) -> bool:
    return bool(processes) and all(p.exitcode == -signal.SIGKILL for p in processes)


def test_a_job_that_does_not_stop_loses_its_worker(tmp_path: Path) -> None:
    """The alarm cannot stop it: the server kills its worker process after the grace
    period (the job would sleep a minute), so the job never writes its marker, and a
    fresh worker runs the next job."""
    marker = tmp_path / "marker.txt"

    async def scenario(workers: Workers) -> None:
        workers.start()
        assert await workers.run(quick_job, timeout=30) == "ok"  # the worker is up
        running = worker_processes(workers)
        with pytest.raises(api.HirDocsError, match="sekunder og blev stoppet"):
            await workers.run(stubborn_job, 60.0, str(marker), timeout=0.2)
        assert killed(running)  # by the server: the job itself never gives up
        assert not marker.exists()  # and a killed process writes nothing more
        assert await workers.run(quick_job, timeout=30) == "ok"  # a fresh worker
        assert worker_processes(workers) != running

    with_workers(scenario, grace=0.3)


def test_a_job_past_its_limit_is_stopped_by_its_alarm() -> None:
    """The job's own alarm stops it (the server's grace is far away): the worker process
    lives on and runs the next job."""

    async def scenario(workers: Workers) -> None:
        assert await workers.run(quick_job, timeout=30) == "ok"  # the worker is up
        running = worker_processes(workers)
        with pytest.raises(api.HirDocsError, match="sekunder"):
            await workers.run(sleepy_job, 600.0, timeout=0.5)
        assert worker_processes(workers) == running
        assert all(p.is_alive() for p in running)
        assert await workers.run(quick_job, timeout=30) == "ok"

    with_workers(scenario, grace=600.0)


def test_busy_and_a_cancelled_job_frees_its_worker(tmp_path: Path) -> None:
    """With the one worker taken and no room to wait: Busy. When the waiting request goes
    away (the client disconnected), its job is stopped (its worker process killed) before
    ``run`` returns."""
    marker = tmp_path / "marker.txt"

    async def scenario(workers: Workers) -> None:
        assert await workers.run(quick_job, timeout=30) == "ok"
        running = worker_processes(workers)
        job = asyncio.ensure_future(workers.run(stubborn_job, 60.0, str(marker), timeout=30))
        while workers._free:  # until the job has taken the worker
            await asyncio.sleep(0.01)
        with pytest.raises(Busy):
            await workers.run(quick_job, timeout=30)
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job
        assert killed(running) and not marker.exists()
        assert await workers.run(quick_job, timeout=30) == "ok"

    with_workers(scenario)


def test_waiting_jobs_get_a_worker_in_turn() -> None:
    async def scenario(workers: Workers) -> None:
        results = await asyncio.gather(*(workers.run(quick_job, timeout=30) for _ in range(4)))
        assert results == ["ok"] * 4
        assert workers._pending == 0 and len(workers._free) == 1

    with_workers(scenario, waiting=3)


@pytest.mark.parametrize(
    "raw", ["😀" * 200 + ".docx", "申" * 118 + ".docx", "x." + "😀" * 10, "æ" * 300]
)
def test_safe_name_fits_the_file_system(raw: str, tmp_path: Path) -> None:
    """At most 200 bytes in UTF-8, so " (kommenteret)" and " (12)" still fit in 255."""
    taken: set[str] = set()
    first, second = safe_name(raw, taken), safe_name(raw, taken)
    for name in (first, second):
        assert len(f"{name} (kommenteret)".encode()) <= 255
        (tmp_path / name).write_bytes(b"")  # the file system takes it
    if "." in raw:
        assert first.endswith(raw[raw.rfind(".") :])
    assert "\ufffd" not in first  # never cut inside a character


def test_every_field_of_the_examples_has_a_danish_label() -> None:
    """No raw JSON key (participants, instalments_paid, ...) in a "fields read" table."""
    from hir_docs import presentation
    from hir_docs.web.views import LABELS, report_view, show

    names = ["ansoegning.docx", "budget.xlsx", "fraflyttede_borgere.xlsx"]
    names += ["registreringsskema.xlsx", "projektdata.xlsx"]
    report = api.check([VIBORG / n for n in names])
    data = json.loads(presentation.report_json(report))
    labels = set(LABELS.values())
    income = {name for d in data["documents"] for name in d["fields"].get("income") or {}}
    for doc in report_view(data):
        for label, _value in doc.fields:
            assert label in labels or label in income, (doc.file, label)
    assert show("periods", ["2017-H2", "2018-H1"]) == "2. halvår 2017, 1. halvår 2018"
    assert show("passive_share_target", {"low": 15.0, "high": 18.0}) == "15-18\u00a0%"
    assert show("passive_share_target", {"low": 12.5, "high": 12.5}) == "12,5\u00a0%"
    assert show("instalments_paid", 844200) == "844.200 kr."


def test_the_test_server_serves_on_the_port_it_bound() -> None:
    """``running_server`` binds its socket itself and hands it to uvicorn (no port freed
    and bound again, which a test run beside this one could take in between)."""
    httpx2 = pytest.importorskip("httpx2")
    from web_helpers import running_server

    from hir_docs.web.app import create_app
    from hir_docs.web.config import WebConfig

    with running_server(create_app(WebConfig(workers=1)), log_level="warning") as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx2.get(f"{url}/healthz", timeout=60).json() == {"status": "ok"}
        again = socket.socket()
        with pytest.raises(OSError), again:
            again.bind(("127.0.0.1", int(url.rsplit(":", 1)[1])))  # the port is taken


def test_result_pages_live_as_long_as_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from hir_docs.web import downloads

    now = [50.0]
    monkeypatch.setattr(downloads, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    store = downloads.ResultStore(ttl=600, max_bytes=10_000)
    token = store.add(downloads.Result("tjek.html", {"title": "Resultat"}))
    assert len(token) >= 40
    now[0] += 599
    assert (
        store.find(token)
        == store.find(token)
        == downloads.Result("tjek.html", {"title": "Resultat"})
    )
    now[0] += 2
    assert store.find(token) is None
    # full: the oldest result goes first
    small = downloads.ResultStore(ttl=600, max_bytes=60)
    first = small.add(downloads.Result("a", {"x": "y" * 30}))
    second = small.add(downloads.Result("b", {"x": "y" * 30}))
    assert small.find(first) is None and small.find(second) is not None
