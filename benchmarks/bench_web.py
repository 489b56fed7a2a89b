"""Load test of `hir-docs serve` (issues 13 and 24): a local server on 127.0.0.1, then

* 20 clients at once, each posting the example submission (all five files of
  examples/viborg: application, budget, relocated citizens, project data, registrations)
  to ``POST /api/v1/check`` again and again (``--per-client`` times),
* then requests in sequence (``--sequential``),

every one must succeed (status 200, five documents read). Latency p50/p95/max per phase,
requests per second, the CPU time per request of the server process, its workers and
the client, and the server's memory (RSS of the server process and of the whole tree
with its worker processes, sampled every 100 ms) go into the "web" section of
docs/benchmarks.md.

With ``--baseline REF`` (a git commit, e.g. HEAD) the same load also runs against a
server started from that commit's files (``git archive`` into a temporary folder,
nothing in the work tree touched), the two servers taking turns round by round, and
the section shows both side by side with their ratio.

    .venv/bin/python benchmarks/bench_web.py [--workers 2] [--per-client 10]
        [--sequential 50] [--rounds 1] [--baseline HEAD] [--no-write]

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
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx  # the maintained httpx (starlette's TestClient uses it too)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from results import write_section  # noqa: E402

VIBORG = REPO / "examples" / "viborg"
FILES = [
    "ansoegning.docx",
    "budget.xlsx",
    "fraflyttede_borgere.xlsx",
    "projektdata.xlsx",
    "registreringsskema.xlsx",
]
CLIENTS = 20
TICKS = os.sysconf("SC_CLK_TCK")

# What one check costs and what was done about it (issue 24, point 10): written by hand
# from a profile, kept here so that every run of this script prints it again.
NOTES = """\
Where the time of one warm check of the five files goes, in process (`api.check` +
`presentation.report_json`, CPU ms per check, mean of 50 after 5 warm-up checks; before =
commit 8f56304, after = the work tree, measured 2026-12-07 side by side; cProfile named
the costs):

| phase | before | after | what changed |
|---|---:|---:|---|
| read project data | 26.8 | 3.0 | openpyxl's object model (a Cell object and its descriptors per cell, of all 16 sheets) replaced by the calamine parse the classification already made (`readers/projectdata_sheets.calamine_book`; values converted as openpyxl gives them: empty None, whole numbers int, dates datetime; a workbook with an error value, or one calamine cannot read, still goes to openpyxl) |
| rules | 14.6 | 9.1 | `labels.normalise` remembers short texts: a caseworker's name was normalised on every registration row and snapshot (`model/caseload.caseworker_key`, 3.070 calls per check) |
| read registrations | 12.1 | 6.6 | the same, and header matching: `readers/citizen_table.match_header` (1.116 calls per check) looked every header cell up against every synonym of every column (8.100 calls of `normalise` per check in all); now one dictionary lookup of the cell, then of its word-boundary prefixes, longest first |
| classify (probe) | 6.9 | 5.0 | the same header lookup, `normalise` remembered |
| cross checks | 6.5 | 4.8 | `normalise` remembered |
| file safety pass | 5.6 | 5.3 | — |
| read budget | 5.1 | 3.2 | a header cell's column role is worked out once per text (`budget_labels.column_role`), each row's roles once (`budget_grid.find_layout` asked twice) |
| read application | 2.9 | 2.0 | `normalise` remembered |
| JSON | 2.1 | 2.0 | — |
| **all** | **88.6** | **40.5** | |

`normalise` keeps at most 8.192 texts of up to 200 characters (least recently used go
first; longer texts are normalised each time); a budget header's role at most 4.096. No
result is kept from one request to the next: every request's files are read and checked
in full. The outputs are byte for byte the same for examples/viborg, every folder of
examples/inbox, every blank form, every file in out/ and 600 mutants of the fuzzing seeds,
except mutants of the project-data workbook (calamine reads them where openpyxl refused):
of 400 mutants of examples/viborg/projektdata.xlsx, 356 give the same JSON, 37 that
openpyxl could not read ("kunne ikke læses") are now read as the other workbooks are, and
7 are read differently (a duplicated inline-string element, an absurd date serial, a
number typed into a date cell). One difference is on purpose: Excel writes a carriage
return in a cell as `_x000D_`; openpyxl left that code in the text (and so in the
report), calamine reads the character. The reports rendered from
examples/viborg/projektdata.xlsx (status with the registrations, final, accounts) are
byte for byte the same.

Then the worker's job (`web/jobs.check_and_annotate_job`: the check and its JSON; median
CPU of 120 jobs, each on a fresh upload folder, three interleaved runs): 29.4-29.8 ms with
the previous files, 27.0-27.6 ms after these changes, the outputs byte for byte the same
(golden master, `hir-docs check --format json` of examples/viborg, each of its files,
every folder of examples/inbox, the fuzzing seeds, and the annotated copies):

- each file's zip is opened once per check (`files/package.one_file`, entered by
  `annotate/recognise.read_file` and `readers/base.one_file`): the look for our mark
  (`annotate/marker.copy_of`), the safety pass, the sheet guard and the readers of error
  values, hidden rows and uncached formulas share the bytes read and the open zip (6 zip
  directories read per check instead of 14: one per file, and the Word reader's own);
- a worksheet is inflated once, by the sheet guard, and its XML kept for the readers
  (at most 64 MB per file; a part that cannot be inflated whole is read part by part as
  before, with the same finding);
- the JSON is written by a small encoder (`presentation.json_text`) that gives
  `json.dumps(indent=2)` byte for byte (tested against it on random data), twice as fast
  as the json module's Python encoder, which `indent` forces (0.5 ms against 0.9 ms);
- the CPR mask's pattern starts with a digit (`\\d(?<!\\d\\d)\\d` for `(?<!\\d)\\d\\d`), so the
  regex engine skips to the next digit itself: 0.4 ms instead of 1.5-2 ms on a check's JSON,
  the same matches (tested against the old pattern on random text).

Nothing is kept from one request to the next. Where a job's 27 ms go now (wall time per
job in process): the safety pass 3.8 ms (it now inflates the sheets the readers used to
inflate again), the look for our mark 1.3 ms (it reads the file for everything after),
the probe 4.8 ms and classification 1.7 ms (mostly calamine's parse, which the readers
then share), the readers about 9 ms, the rules 4.7 ms, cross checks 0.8 ms, JSON 0.6 ms,
CPR mask 0.4 ms. A worker (`ProcessPoolExecutor`, spawn) spends 0.2 ms per job outside
the job itself (its CPU between jobs minus the job's own): the workers' CPU per request
in the table matches the in-process job when the machine is quiet; the 5-10 ms above it
seen in earlier runs came from the other work on the machine. A fresh worker's first job
costs about twice a warm one (lazy imports, first loads of the pool files).

The server: one uvicorn process (one event loop: it parses the upload, about 5 ms CPU per
request) hands each check to one of 2 worker processes (`WebConfig.workers`); a request
that finds both busy waits in the pool's first-come-first-served queue
(`web/jobs.Workers`), so with 20 clients the p95 is about 20 / throughput, and the
throughput is at most 2 cores / (CPU per request of server, workers and client). A third
worker on 2 cores gave no more requests per second (17.8 against 22.7 in one run) and
44 MB more memory, and running the workers at a lower priority (nice 10) than the event
loop changed nothing measurable (p95 1.02-1.11 s against 1.09 s); 2 workers stay, and
the server's settings too.
"""


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


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


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


def cpu_split(pid: int) -> tuple[float, float]:
    """(server process, its workers) CPU seconds so far."""
    return cpu_s(pid), sum(cpu_s(p) for p in tree(pid) if p != pid)


class Sampler(threading.Thread):
    """RSS of the server (main) and of its process tree, with the request count."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.done = 0  # requests finished so far, set by the load loop
        self.samples: list[tuple[int, int, int]] = []  # (done, main kB, tree kB)
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self) -> None:
        while not self.stop.is_set():
            main = rss_kb(self.pid)
            total = sum(rss_kb(p) for p in tree(self.pid))
            self.samples.append((self.done, main, total))
            time.sleep(0.1)

    def count(self) -> None:
        with self.lock:
            self.done += 1

    def at(self, done: int) -> tuple[int, int]:
        """The largest main and tree RSS seen up to ``done`` requests (kB)."""
        seen = [(m, t) for d, m, t in self.samples if d <= done] or [(0, 0)]
        return max(m for m, _ in seen), max(t for _, t in seen)


Payload = list[tuple[str, tuple[str, bytes]]]
_ENCODED: dict[int, tuple[bytes, dict[str, str]]] = {}


def encoded(payload: Payload) -> tuple[bytes, dict[str, str]]:
    """The multipart body and its content type, encoded once: the 20 clients share the
    machine with the server, so they should cost it as little as a client can."""
    request = httpx.Request("POST", "http://localhost/", files=payload)
    return request.read(), {"content-type": request.headers["content-type"]}


def check(client: httpx.Client, base: str, payload: Payload) -> float:
    body, headers = _ENCODED.get(id(payload)) or _ENCODED.setdefault(id(payload), encoded(payload))
    start = time.perf_counter()
    response = client.post(f"{base}/api/v1/check", content=body, headers=headers, timeout=120)
    took = time.perf_counter() - start
    if response.status_code != 200 or len(response.json()["documents"]) != len(FILES):
        raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")
    return took


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Result:
    """Everything measured against one server, over all its rounds."""

    name: str
    burst: list[float] = field(default_factory=list)  # latencies, 20 clients at once (s)
    burst_wall: float = 0.0
    sequence: list[float] = field(default_factory=list)
    cpu_server: float = 0.0  # CPU seconds in the concurrent phase
    cpu_workers: float = 0.0
    cpu_client: float = 0.0
    memory: list[tuple[int, int, int, int]] = field(default_factory=list)  # per round (kB)

    @property
    def rate(self) -> float:
        return len(self.burst) / self.burst_wall

    def cpu_ms(self, seconds: float) -> float:
        return seconds / len(self.burst) * 1000


def start_server(source: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = f"from hir_docs.web.server import serve; serve('127.0.0.1', {port}, workers={workers})"
    env = {**os.environ, "PYTHONPATH": str(source)}
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("server did not start")


def one_round(result: Result, source: Path, args: argparse.Namespace, payload: Payload) -> None:
    server, base = start_server(source, args.workers)
    try:
        time.sleep(2)  # the workers start (spawn) and import the package
        sampler = Sampler(server.pid)
        sampler.start()
        # warm-up, not counted: every worker has read each kind of file once
        with ThreadPoolExecutor(2 * args.workers) as pool:
            for _ in range(2):
                list(
                    pool.map(
                        lambda _: check(httpx.Client(), base, payload), range(2 * args.workers)
                    )
                )
        sampler.done = 0
        server0, workers0 = cpu_split(server.pid)
        client0 = time.process_time()
        t0 = time.perf_counter()

        def client(_: int) -> list[float]:
            took = []
            with httpx.Client() as c:
                for _ in range(args.per_client):
                    took.append(check(c, base, payload))
                    sampler.count()
            return took

        with ThreadPoolExecutor(CLIENTS) as pool:
            for took in pool.map(client, range(CLIENTS)):
                result.burst += took
        result.burst_wall += time.perf_counter() - t0
        server1, workers1 = cpu_split(server.pid)
        result.cpu_client += time.process_time() - client0
        result.cpu_server += server1 - server0
        result.cpu_workers += workers1 - workers0
        with httpx.Client() as c:
            for _ in range(args.sequential):
                result.sequence.append(check(c, base, payload))
                sampler.count()
        time.sleep(0.3)
        sampler.stop.set()
        sampler.join()
        first = min(50, sampler.done)
        result.memory.append((*sampler.at(first), *sampler.at(sampler.done)))
    finally:
        server.terminate()
        server.wait(30)


def export(ref: str, into: Path) -> Path:
    """The files of commit ``ref`` in ``into`` (the work tree is not touched)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def describe(ref: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True, text=True
    )
    return out.stdout.strip() or ref


def table(results: list[Result], args: argparse.Namespace) -> list[str]:
    def row(label: str, values: list[float], fmt: str, ratio: bool = True) -> str:
        cells = [format(v, fmt) for v in values]
        if len(values) == 2:
            cells.append(f"{values[1] / values[0]:.2f} ×" if ratio and values[0] else "")
        return f"| {label} | " + " | ".join(cells) + " |"

    head = " | ".join(r.name for r in results)
    lines = [
        f"| | {head} |" + (" after / before |" if len(results) == 2 else ""),
        "|---|" + "---:|" * (len(results) + (1 if len(results) == 2 else 0)),
    ]
    b = [r.burst for r in results]
    s = [r.sequence for r in results]
    n = len(b[0])
    lines += [
        row(f"{CLIENTS} clients: p50 (s), {n} requests", [statistics.median(x) for x in b], ".2f"),
        row(f"{CLIENTS} clients: p95 (s)", [pct(x, 95) for x in b], ".2f"),
        row(f"{CLIENTS} clients: max (s)", [max(x) for x in b], ".2f"),
        row(f"{CLIENTS} clients: requests per second", [r.rate for r in results], ".1f"),
        row(
            "CPU per request: server process (ms)", [r.cpu_ms(r.cpu_server) for r in results], ".0f"
        ),
        row("CPU per request: workers (ms)", [r.cpu_ms(r.cpu_workers) for r in results], ".0f"),
        row("CPU per request: client (ms)", [r.cpu_ms(r.cpu_client) for r in results], ".0f"),
    ]
    if args.sequential:
        m = len(s[0])
        lines += [
            row(f"one at a time: p50 (s), {m} requests", [statistics.median(x) for x in s], ".3f"),
            row("one at a time: p95 (s)", [pct(x, 95) for x in s], ".3f"),
        ]
    mb = 1 / 1024
    lines += [
        row(
            "memory, server + workers, peak (MB)",
            [max(t for _, _, _, t in r.memory) * mb for r in results],
            ".0f",
        ),
        row(
            "memory growth after the first 50 requests (MB)",
            [max(t - t50 for _, t50, _, t in r.memory) * mb for r in results],
            "+.0f",
            ratio=False,
        ),
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--per-client", type=int, default=10, help="requests per client")
    parser.add_argument("--sequential", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1, help="server starts per variant")
    parser.add_argument("--baseline", help="a git commit to compare with, e.g. HEAD")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    payload = [("files", (n, (VIBORG / n).read_bytes())) for n in FILES]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        variants: list[tuple[Result, Path]] = []
        if args.baseline:
            before = export(args.baseline, Path(tmp))
            variants.append((Result(f"before ({describe(args.baseline)})"), before))
        variants.append((Result("after (work tree)" if args.baseline else "now"), REPO))
        for _ in range(args.rounds):
            for result, source in variants:
                one_round(result, source, args, payload)
        results = [r for r, _ in variants]

    goal = results[-1]
    p95 = pct(goal.burst, 95)
    lines = [
        "## Web front end under load (`hir-docs serve`, issues 13 and 24)",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; measured "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `.venv/bin/python "
        f"benchmarks/bench_web.py --per-client {args.per_client} --sequential {args.sequential}"
        f"{f' --rounds {args.rounds}' if args.rounds > 1 else ''}"
        f"{f' --baseline {args.baseline}' if args.baseline else ''}`. "
        f"A server on 127.0.0.1 with {args.workers} worker processes, the client on the same "
        f"machine; each request is `POST /api/v1/check` with the example submission "
        f"({', '.join(FILES)}; {sum(len(b) for _, (_, b) in payload) // 1024} kB). "
        f"First {4 * args.workers} warm-up requests (every worker has read every kind of file), "
        f"not counted; then {CLIENTS} clients at once, each sending {args.per_client} requests "
        f"one after the other ({CLIENTS * args.per_client} requests per server start"
        f"{f', {args.rounds} starts' if args.rounds > 1 else ''}); then "
        f"{args.sequential} requests one at a time. CPU per request: user + system time of "
        "each process during the concurrent phase, divided by its requests. Memory: "
        "resident set size of the whole tree (server + workers), sampled every 100 ms.",
        "",
    ]
    if args.baseline:
        lines += [
            f"*before* is a server run from commit {describe(args.baseline)}'s files, *after* "
            "from the work tree; the two took turns in this one run.",
            "",
        ]
    lines += table(results, args)
    lines += ["", NOTES.rstrip()]
    cpu = goal.cpu_ms(goal.cpu_server + goal.cpu_workers + goal.cpu_client)
    cores = os.cpu_count() or 1
    lines += [
        "",
        f"The machine's load average was {load[0]:.1f} when the run began and "
        f"{os.getloadavg()[0]:.1f} when it ended ({cores} cores; above {cores} other work "
        "was competing for them). With no other work, the CPU per request in the last "
        f"column ({cpu:.0f} ms: server, workers and client) allows at most "
        f"{1000 * cores / cpu:.0f} requests per second on {cores} cores, so a p95 of "
        f"about {CLIENTS * cpu / (1000 * cores):.2f} s with {CLIENTS} clients.",
        "",
        "Targets:",
        "",
        f"- issue 24: p95 ≤ 0,5 s with {CLIENTS} clients at once: {p95:.2f} s "
        f"({'met' if p95 <= 0.5 else 'NOT met'}).",
        f"- issue 13: p95 under 2 s: {p95:.2f} s ({'met' if p95 < 2 else 'NOT met'}); memory "
        "flat after the first 50 requests: "
        f"{max(t - t50 for _, t50, _, t in goal.memory) / 1024:+.0f} MB "
        f"({'met' if max(t - t50 for _, t50, _, t in goal.memory) / 1024 < 10 else 'NOT met'}: "
        "less than 10 MB).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("web", text)


if __name__ == "__main__":
    main()
