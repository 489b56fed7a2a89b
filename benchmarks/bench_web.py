"""Load test of `hir-docs serve` (issue 13): a local server on 127.0.0.1, then

* 20 concurrent checks of the example submission (examples/viborg: application, budget,
  relocated citizens) through ``POST /api/v1/check``,
* then 200 checks in sequence,

every one must succeed (status 200, three documents read). Latency p50/p95/max per phase
and the server's memory (RSS of the server process, and of the whole tree with its
worker processes, sampled every 100 ms) go into the "web" section of docs/benchmarks.md.

    .venv/bin/python benchmarks/bench_web.py [--workers 2] [--no-write]

Only loopback, bounded loops. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx  # the maintained httpx (starlette's TestClient uses it too)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from results import write_section  # noqa: E402

VIBORG = REPO / "examples" / "viborg"
FILES = ["ansoegning.docx", "budget.xlsx", "fraflyttede_borgere.xlsx"]
CONCURRENT, SEQUENTIAL = 20, 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(children(p))
    return pids


class Sampler(threading.Thread):
    """RSS of the server (main) and of its process tree, with the request count."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.done = 0  # requests finished so far, set by the load loop
        self.samples: list[tuple[int, int, int]] = []  # (done, main kB, tree kB)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            main = rss_kb(self.pid)
            total = sum(rss_kb(p) for p in tree(self.pid))
            self.samples.append((self.done, main, total))
            time.sleep(0.1)

    def at(self, done: int) -> tuple[int, int]:
        """The largest main and tree RSS seen up to ``done`` requests (kB)."""
        seen = [(m, t) for d, m, t in self.samples if d <= done] or [(0, 0)]
        return max(m for m, _ in seen), max(t for _, t in seen)


def check(client: httpx.Client, base: str, payload: list[tuple[str, tuple[str, bytes]]]) -> float:
    start = time.perf_counter()
    response = client.post(f"{base}/api/v1/check", files=payload, timeout=120)
    took = time.perf_counter() - start
    if response.status_code != 200 or len(response.json()["documents"]) != len(FILES):
        raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")
    return took


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    code = (
        f"from hir_docs.web.server import serve; serve('127.0.0.1', {port}, workers={args.workers})"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        time.sleep(2)  # the workers start (spawn) and import the package
        payload = [("files", (n, (VIBORG / n).read_bytes())) for n in FILES]
        sampler = Sampler(server.pid)
        sampler.start()

        with httpx.Client() as warm:
            check(warm, base, payload)  # one warm-up request (not counted)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENT) as pool:

            def one(_: int) -> float:
                with httpx.Client() as c:
                    return check(c, base, payload)

            burst = list(pool.map(one, range(CONCURRENT)))
        burst_wall = time.perf_counter() - t0
        sampler.done = CONCURRENT
        sequence: list[float] = []
        with httpx.Client() as c:
            for i in range(SEQUENTIAL):
                sequence.append(check(c, base, payload))
                sampler.done = CONCURRENT + i + 1
        time.sleep(0.3)
        sampler.stop.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(30)

    mb = 1 / 1024
    main_50, tree_50 = sampler.at(50)
    main_end, tree_end = sampler.at(CONCURRENT + SEQUENTIAL)
    all_lat = burst + sequence
    lines = [
        "## Web front end under load (`hir-docs serve`, issue 13)",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; measured "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `.venv/bin/python benchmarks/bench_web.py`. "
        f"A server on 127.0.0.1 with {args.workers} worker processes; each request is "
        f"`POST /api/v1/check` with the example submission ({', '.join(FILES)}; "
        f"{sum(len(b) for _, (_, b) in payload) // 1024} kB). One warm-up request first, not counted. "
        "Memory: resident set size sampled every 100 ms, of the server process and of the "
        "whole tree (server + workers).",
        "",
        "| phase | requests | all succeeded | p50 (s) | p95 (s) | max (s) | wall (s) |",
        "|---|---:|---|---:|---:|---:|---:|",
        f"| {CONCURRENT} concurrent | {CONCURRENT} | yes | {statistics.median(burst):.2f} | "
        f"{pct(burst, 95):.2f} | {max(burst):.2f} | {burst_wall:.2f} |",
        f"| {SEQUENTIAL} in sequence | {SEQUENTIAL} | yes | {statistics.median(sequence):.2f} | "
        f"{pct(sequence, 95):.2f} | {max(sequence):.2f} | {sum(sequence):.2f} |",
        f"| all | {len(all_lat)} | yes | {statistics.median(all_lat):.2f} | "
        f"{pct(all_lat, 95):.2f} | {max(all_lat):.2f} | |",
        "",
        "| memory (MB) | after 50 requests | after all 220 | growth |",
        "|---|---:|---:|---:|",
        f"| server process, peak | {main_50 * mb:.0f} | {main_end * mb:.0f} | "
        f"{(main_end - main_50) * mb:+.0f} |",
        f"| server + workers, peak | {tree_50 * mb:.0f} | {tree_end * mb:.0f} | "
        f"{(tree_end - tree_50) * mb:+.0f} |",
        "",
        "Targets (issue 13):",
        "",
        f"- p95 under 2 s on this machine: {pct(all_lat, 95):.2f} s over all requests, "
        f"{pct(burst, 95):.2f} s in the concurrent burst "
        f"({'met' if pct(all_lat, 95) < 2 else 'NOT met'}).",
        f"- memory flat after the first 50 requests: the tree's peak grows by "
        f"{(tree_end - tree_50) * mb:+.0f} MB from request 50 to 220 "
        f"({'met' if (tree_end - tree_50) * mb < 10 else 'NOT met'}: less than 10 MB).",
        "- In the burst, 20 requests share 2 workers, so a request waits for up to 9 others: "
        "its latency is mostly queueing; the sequential phase shows one check's own time.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("web", text)


if __name__ == "__main__":
    main()
