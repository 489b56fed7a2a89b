"""The big fuzzing sweep (issue 10): N seeded mutants of every blank form and example file.

Each mutant goes through ``hir-docs check --format json`` in process (click's runner, as
``tests/test_fuzz.py`` does) in one of ``--jobs`` worker processes, and must keep the
contract (``tests/fuzz_mutators.check_mutant``: JSON on stdout, exit code 0 or 1, nothing
on stderr or file descriptor 2, no traceback, input unchanged) within the limits:
under 5 s and under 500 MB peak resident memory for the mutant (the worker's high-water
mark is reset before each mutant through /proc/self/clear_refs, so native allocations by
calamine count too). A worker that dies is a failure of the mutant it was running.

With ``--long`` it runs the long-text family instead (issue 21,
``tests/fuzz_mutators.long_text_cases``): 100 KB and 1 MB texts in every application
answer, budget text cell and citizen-sheet field, long file names; each file must keep the
contract, give no crash finding and be checked in under 2 s (``LONG_SECONDS``): the
speed requirement the tests do not assert (``tests/test_fuzz.py`` only guards against a
blow-up).

Writes its table to docs/benchmarks.md. Run:
    .venv/bin/python benchmarks/fuzz_sweep.py --n 10000 [--seed 1] [--jobs 2]
    .venv/bin/python benchmarks/fuzz_sweep.py --long [--sizes 100000,1000000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests"), str(ROOT)]
from fuzz_mutators import (  # noqa: E402
    FAMILIES,
    LONG_SIZES,
    Mutant,
    long_text_cases,
    long_text_mutant,
    mutant,
    seed_files,
)
from results import write_section  # noqa: E402

MAX_SECONDS = 5.0
LONG_SECONDS = 2.0  # a form with a 100 KB-1 MB text, on this machine (issue 21)
MAX_MB = 500.0
HANG_SECONDS = 60  # a mutant still running then is stopped (and fails the time limit)
BATCH = 50


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Hang(BaseException):
    pass


def _hang(_signum: int, _frame: Any) -> None:
    raise _Hang


# The long-text grid of the current run (``--long``): set in each worker by ``_warm_up``.
LONG_CASES: list[tuple[str, str, str, int, str]] = []


def _make(index: int, seed: int) -> Mutant:
    if LONG_CASES:
        kind, field, unit, size, prefix = LONG_CASES[index]
        return long_text_mutant(kind, field, unit, size, prefix, index=index)
    return mutant(index, seed)


def run_one(index: int, seed: int) -> dict[str, Any]:
    from fuzz_mutators import check_mutant

    m = _make(index, seed)
    limit = LONG_SECONDS if LONG_CASES else MAX_SECONDS
    signal.signal(signal.SIGALRM, _hang)
    exact = _reset_peak()
    t = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            problem = check_mutant(m, Path(tmp))
    except _Hang:
        problem = f"still running after {HANG_SECONDS} s"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - t
    mb = _peak_mb()
    if problem is None and seconds > limit:
        problem = f"took {seconds:.1f} s"
    if problem is None and mb > MAX_MB:
        problem = f"peak memory {mb:.0f} MB"
    return {
        "index": index,
        "family": m.family,
        "operation": m.operation,
        "source": m.source,
        "seconds": seconds,
        "mb": mb,
        "exact_mb": exact,
        "problem": problem,
    }


def _warm_up(sizes: tuple[int, ...] = (), kinds: tuple[str, ...] = ()) -> None:
    """Import everything and check one unmutated file first: the limits are about the
    mutant, not about the worker's one-off start-up (imports take seconds here)."""
    from fuzz_mutators import check_mutant

    LONG_CASES[:] = long_text_cases(sizes, kinds) if sizes else []
    src = seed_files()[0]
    check_mutant(Mutant(-1, "none", "none", src.name, src.suffix, src.read_bytes()))


def run_batch(indices: list[int], seed: int) -> list[dict[str, Any]]:
    return [run_one(i, seed) for i in indices]


def _crashed(index: int, seed: int) -> dict[str, Any]:
    m = _make(index, seed)
    return {
        "index": index,
        "family": m.family,
        "operation": m.operation,
        "source": m.source,
        "seconds": 0.0,
        "mb": 0.0,
        "exact_mb": True,
        "problem": "the process died",
    }


def sweep(
    n: int, seed: int, jobs: int, sizes: tuple[int, ...] = (), kinds: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """``n`` mutants of ``seed``; with ``sizes``, the long-text grid of those sizes (of the
    forms in ``kinds``, or all)."""
    _warm_up(sizes, kinds)  # this process too: _crashed builds the mutant it reports
    batches = [list(range(i, min(n, i + BATCH))) for i in range(0, n, BATCH)]
    results: list[dict[str, Any]] = []
    pending = batches
    while pending:
        retry: list[list[int]] = []
        # Long texts: a fresh worker per batch, so what the in-process CLI runner keeps of
        # megabyte reports never adds up across batches (the checks themselves keep nothing:
        # 40 checks of 1 MB answers in one process stay at ~53 MB).
        fresh = {"max_tasks_per_child": 1} if sizes else {}
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_warm_up, initargs=(sizes, kinds), **fresh
        ) as pool:
            futures = [(b, pool.submit(run_batch, b, seed)) for b in pending]
            for batch, fut in futures:
                try:
                    results.extend(fut.result())
                    done = len(results)
                    if done % 1000 < BATCH:
                        print(f"{done}/{n}", flush=True)
                except BrokenProcessPool:
                    retry.append(batch)
        pending = []
        for batch in retry:  # find the mutant that kills its process, one at a time
            if len(batch) == 1:
                results.append(_crashed(batch[0], seed))
            else:
                pending.extend([[i] for i in batch])
    return sorted(results, key=lambda r: r["index"])


def table(results: list[dict[str, Any]], n: int, seed: int, jobs: int, wall: float) -> str:
    fails = [r for r in results if r["problem"]]
    secs = sorted(r["seconds"] for r in results)
    lines = [
        "## Fuzzing sweep: `hir-docs check` on mutated forms (issue 10)",
        "",
        f"Generated by `benchmarks/fuzz_sweep.py --n {n} --seed {seed} --jobs {jobs}`: "
        f"{n:,} mutants of the {len(seed_files())} blank forms and example files "
        "(`tests/fuzz_mutators.py`; mutant *i* of seed *s* is reproducible with "
        "`mutant(i, seed=s)`). Each runs `hir-docs check --format json` in process and must "
        "give JSON of the contract, exit code 0 or 1, nothing on stderr (nor on file "
        "descriptor 2), no traceback, the input unchanged, in under "
        f"{MAX_SECONDS:.0f} s and {MAX_MB:.0f} MB peak resident memory (high-water mark reset "
        "before each mutant).",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; wall time "
        f"{wall:.0f} s.",
        "",
        "| family | mutants | failures | mean ms | max s | max peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fam in FAMILIES:
        rs = [r for r in results if r["family"] == fam]
        if not rs:
            continue
        lines.append(
            f"| {fam} | {len(rs):,} | {sum(1 for r in rs if r['problem'])} | "
            f"{1000 * statistics.mean(r['seconds'] for r in rs):.0f} | "
            f"{max(r['seconds'] for r in rs):.2f} | {max(r['mb'] for r in rs):.0f} |"
        )
    lines.append(
        f"| **all** | **{len(results):,}** | **{len(fails)}** | "
        f"**{1000 * statistics.mean(secs):.0f}** | **{secs[-1]:.2f}** | "
        f"**{max(r['mb'] for r in results):.0f}** |"
    )
    ops = Counter(r["operation"].split("+")[0] for r in results)
    lines += [
        "",
        f"p99 time per mutant: {secs[int(len(secs) * 0.99) - 1] * 1000:.0f} ms. Operations "
        "(first of each mutant): " + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())) + ".",
        f"Target: 0 failures in 10.000 — {'met' if not fails and n >= 10_000 else 'see below'}.",
    ]
    if fails:
        lines += ["", "Failures (first 20):", ""]
        lines += [
            f"- #{r['index']} {r['family']}/{r['operation']} of {r['source']}: {r['problem']}"
            for r in fails[:20]
        ]
    return "\n".join(lines) + "\n"


def long_table(
    results: list[dict[str, Any]], sizes: tuple[int, ...], jobs: int, wall: float
) -> str:
    fails = [r for r in results if r["problem"]]
    lines = [
        "## Long texts: `hir-docs check` on forms with 100 KB-1 MB texts (issue 21)",
        "",
        f"Generated by `benchmarks/fuzz_sweep.py --long --sizes {','.join(map(str, sizes))} "
        f"--jobs {jobs}`: {len(results):,} files (`tests/fuzz_mutators.long_text_cases`), each "
        'a text of letters, spaces, digits, "@", separators or repeated Danish words (after '
        "a keyword a pattern anchors on) in one application answer, budget text cell or "
        "citizen-sheet field, or a 240-byte file name. Each must keep the fuzzing contract, "
        f"give no crash finding, be read as its form, in under {LONG_SECONDS:.0f} s.",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; wall time "
        f"{wall:.0f} s.",
        "",
        "| form | files | failures | mean ms | max s |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in sorted({r["operation"].split(":")[0] for r in results}):
        rs = [r for r in results if r["operation"].startswith(kind + ":")]
        lines.append(
            f"| {kind} | {len(rs):,} | {sum(1 for r in rs if r['problem'])} | "
            f"{1000 * statistics.mean(r['seconds'] for r in rs):.0f} | "
            f"{max(r['seconds'] for r in rs):.2f} |"
        )
    slowest = max(results, key=lambda r: r["seconds"])
    lines += ["", f"Slowest: {slowest['operation']} ({slowest['seconds']:.2f} s)."]
    if fails:
        lines += ["", "Failures (first 20):", ""]
        lines += [f"- {r['operation']}: {r['problem']}" for r in fails[:20]]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--long", action="store_true", help="the long-text family (issue 21)")
    ap.add_argument("--sizes", default=",".join(map(str, LONG_SIZES)), help="with --long")
    ap.add_argument("--kinds", default="", help="with --long: e.g. application,budget")
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    args = ap.parse_args()
    t = time.perf_counter()
    if args.long:
        sizes = tuple(int(x) for x in args.sizes.split(","))
        kinds = tuple(k for k in args.kinds.split(",") if k)
        results = sweep(len(long_text_cases(sizes, kinds)), 0, args.jobs, sizes, kinds)
        md = long_table(results, sizes, args.jobs, time.perf_counter() - t)
    else:
        results = sweep(args.n, args.seed, args.jobs)
        md = table(results, args.n, args.seed, args.jobs, time.perf_counter() - t)
    print(md)
    if not args.no_write:
        write_section("fuzz-long" if args.long else "fuzz", md)
    sys.exit(1 if any(r["problem"] for r in results) else 0)


if __name__ == "__main__":
    main()
