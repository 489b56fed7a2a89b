"""Speed against the cost of reading the files (issue 25), every goal side by side in one run.

* **warm check**: ``api.check(examples/viborg)`` in one warm process against a bare parse of
  the same five files in that process (lxml for the .docx body, python-calamine for every
  sheet); medians of N alternating rounds. Goal ≤ 5×.
* **one check, whole process**: ``hir-docs check application budget`` against
  ``python -c "import hir_docs.api"`` plus a bare-parse process of the same two files
  (their sum); median of the per-round ratios. Goal ≤ 1,5×.
* **50.000-row citizen sheet, whole process**: ``hir-docs check`` against a process that
  inflates every worksheet part once (the least a safety pass must do) and then reads the
  sheet with python-calamine; median of the per-round ratios. Goal ≤ 1,6×.
* **bulk**: ``hir-docs bulk --jobs 2`` on a 1.000-submission inbox against one process that
  only parses every file; median of rounds; the largest worker's memory (PSS, sampled from
  /proc) at 1.000 and at ``--bulk-memory`` submissions. Goal ≤ 3×, memory per worker flat.

With ``--base REV`` the same is measured for the code of commit REV (a temporary git
worktree, run with ``PYTHONPATH`` pointing at it) in turn within every round, so "before"
and "after" share the machine's load; the profile of the warm check (cProfile, functions
by own time) is shown for both.

    .venv/bin/python benchmarks/bench_speed.py [--rounds 9] [--bulk 1000] [--base 8f56304]

Not a test: the numbers depend on the machine and on what else runs; the ratios, measured
in turn within each round, are what is compared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from bench_bulk import run_measured  # noqa: E402
from results import write_section  # noqa: E402

EXAMPLES = ROOT / "examples" / "viborg"

# One process that parses every file given (or found under a folder) and nothing else.
BARE = r"""
import sys, zipfile
from pathlib import Path
from lxml import etree
import python_calamine
files = []
for a in sys.argv[1:]:
    p = Path(a)
    files += sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
for f in files:
    try:
        if f.suffix == ".docx":
            with zipfile.ZipFile(f) as z:
                etree.fromstring(z.read("word/document.xml"))
        elif f.suffix == ".xlsx":
            wb = python_calamine.CalamineWorkbook.from_path(str(f))
            for n in wb.sheet_names:
                wb.get_sheet_by_name(n).to_python()
    except Exception:
        pass
"""

# The least a safety pass must do: inflate every worksheet part once; then the calamine read.
INFLATE_READ = r"""
import sys, zipfile
import python_calamine
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    for info in z.infolist():
        if info.filename.startswith("xl/worksheets/"):
            with z.open(info) as f:
                while f.read(1 << 20):
                    pass
wb = python_calamine.CalamineWorkbook.from_path(path)
for n in wb.sheet_names:
    wb.get_sheet_by_name(n).to_python()
"""

# The warm check of one code tree (the one on PYTHONPATH) against the bare parse in the same
# process, alternating; prints the medians as JSON. argv: folder, rounds.
WARM = r"""
import json, statistics, sys, time, zipfile
from pathlib import Path
import python_calamine
from lxml import etree
from hir_docs import api
folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
files = sorted(f for f in folder.iterdir() if f.suffix in (".docx", ".xlsx"))
def bare():
    for f in files:
        if f.suffix == ".docx":
            with zipfile.ZipFile(f) as z:
                etree.fromstring(z.read("word/document.xml"))
        else:
            wb = python_calamine.CalamineWorkbook.from_path(str(f))
            for n in wb.sheet_names:
                wb.get_sheet_by_name(n).to_python()
for _ in range(3):
    api.check([folder]); bare()
checks, bares = [], []
for _ in range(rounds):
    t = time.perf_counter(); api.check([folder]); checks.append(time.perf_counter() - t)
    t = time.perf_counter(); bare(); bares.append(time.perf_counter() - t)
print(json.dumps({"check_ms": statistics.median(checks) * 1000,
                  "bare_ms": statistics.median(bares) * 1000}))
"""

# The warm check's own time per function (cProfile over 10 checks, by internal time), as
# JSON rows [function, calls per check, own ms, cumulative ms]. argv: folder, root, top.
PROFILE = r"""
import cProfile, io, json, pstats, sys
from pathlib import Path
from hir_docs import api
folder, root, top = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
api.check([folder])
pr = cProfile.Profile()
pr.enable()
for _ in range(10):
    api.check([folder])
pr.disable()
out = io.StringIO()
pstats.Stats(pr, stream=out).sort_stats("tottime").print_stats(top)
total = pstats.Stats(pr).total_tt * 100  # ms per check (10 checks)
rows = []
for line in out.getvalue().splitlines():
    parts = line.split(None, 5)
    if len(parts) != 6 or not parts[0].split("/")[0].isdigit():
        continue
    try:
        own, cum = float(parts[1]) * 100, float(parts[3]) * 100
    except ValueError:
        continue
    where = parts[5].replace(root + "/", "").replace("|", "/")
    rows.append([where, int(parts[0].split("/")[0]) // 10, own, cum])
print(json.dumps({"total_ms": total, "rows": rows}))
"""


RUN_CLI = "import sys; from hir_docs.cli import main; sys.argv[0] = 'hir-docs'; sys.exit(main())"


@dataclass(frozen=True)
class Tree:
    """One code tree to measure: its name in the table and its folder (PYTHONPATH)."""

    name: str
    path: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(self.path)}

    def hir(self, *args: str) -> list[str]:
        """``hir-docs ARGS`` of this tree (what the console script runs)."""
        return [sys.executable, "-c", RUN_CLI, *args]


def _process(args: list[str], tree: Tree | None = None) -> float:
    """Wall time of one process; ``tree``: run that tree's code (from its folder: ``-c``
    puts the working folder first on the path, before PYTHONPATH)."""
    import time

    t = time.perf_counter()
    subprocess.run(
        args,
        cwd=tree.path if tree else ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=tree.env() if tree else {**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    return time.perf_counter() - t


def _json(tree: Tree, code: str, *args: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tree.path,
        env=tree.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm(trees: list[Tree], rounds: int) -> dict[str, dict[str, float]]:
    """Each tree's warm check and its bare parse, in its own process; the trees in turn,
    three times (the medians of the three)."""
    runs: dict[str, list[dict[str, float]]] = {t.name: [] for t in trees}
    for _ in range(3):
        for t in trees:
            runs[t.name].append(_json(t, WARM, str(EXAMPLES), str(rounds)))
    out = {}
    for name, rs in runs.items():
        check = statistics.median(r["check_ms"] for r in rs)
        bare = statistics.median(r["bare_ms"] for r in rs)
        out[name] = {"check_ms": check, "bare_ms": bare, "ratio": check / bare}
    return out


def one_check(trees: list[Tree], rounds: int) -> dict[str, dict[str, float]]:
    app, budget = EXAMPLES / "ansoegning.docx", EXAMPLES / "budget.xlsx"
    per: dict[str, dict[str, list[float]]] = {
        t.name: {"check": [], "floor": [], "ratio": []} for t in trees
    }
    for _ in range(rounds):
        imports = _process([sys.executable, "-c", "import hir_docs.api"])
        parse = _process([sys.executable, "-c", BARE, str(app), str(budget)])
        for t in trees:
            check = _process(t.hir("check", str(app), str(budget)), t)
            per[t.name]["check"].append(check)
            per[t.name]["floor"].append(imports + parse)
            per[t.name]["ratio"].append(check / (imports + parse))
    return _medians(per, "check_s")


def citizens(trees: list[Tree], rounds: int, rows: int = 50_000) -> dict[str, dict[str, float]]:
    from gen_citizens import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "fraflyttede_50k.xlsx", rows)
        per: dict[str, dict[str, list[float]]] = {
            t.name: {"check": [], "floor": [], "ratio": []} for t in trees
        }
        for _ in range(rounds):
            floor = _process([sys.executable, "-c", INFLATE_READ, str(path)])
            for t in trees:
                check = _process(t.hir("check", str(path)), t)
                per[t.name]["check"].append(check)
                per[t.name]["floor"].append(floor)
                per[t.name]["ratio"].append(check / floor)
    return _medians(per, "check_s")


def _medians(per: dict[str, dict[str, list[float]]], key: str) -> dict[str, dict[str, float]]:
    return {
        name: {
            key: statistics.median(v["check"]),
            "floor_s": statistics.median(v["floor"]),
            "ratio": statistics.median(v["ratio"]),
        }
        for name, v in per.items()
    }


def bulk(trees: list[Tree], n: int, rounds: int, memory_n: int) -> dict[str, dict[str, float]]:
    from make_inbox import make_inbox

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        inbox = make_inbox(n, Path(tmp) / "inbox")
        target = Path(tmp) / "oversigt.xlsx"
        per: dict[str, dict[str, list[float]]] = {
            t.name: {"check": [], "floor": [], "ratio": [], "worker": []} for t in trees
        }
        for _ in range(rounds):
            floor = _process([sys.executable, "-c", BARE, str(inbox)])
            for t in trees:
                cmd = t.hir("bulk", str(inbox), "--out", str(target), "--jobs", "2", "--force")
                run = run_measured(cmd, env=t.env(), cwd=t.path)
                per[t.name]["check"].append(run.seconds)
                per[t.name]["floor"].append(floor)
                per[t.name]["ratio"].append(run.seconds / floor)
                per[t.name]["worker"].append(run.worker_mb)
        out = _medians(per, "bulk_s")
        for name, v in per.items():
            out[name]["worker_mb"] = max(v["worker"])
        if memory_n:
            big = make_inbox(memory_n, Path(tmp) / "inbox_big")
            for t in trees:
                cmd = t.hir("bulk", str(big), "--out", str(target), "--jobs", "2", "--force")
                out[t.name]["worker_mb_big"] = run_measured(cmd, env=t.env(), cwd=t.path).worker_mb
    return out


def profile(tree: Tree, top: int = 16) -> tuple[float, str]:
    data = _json(tree, PROFILE, str(EXAMPLES), str(tree.path), str(top))
    lines = [
        f"| `{where.replace(str(ROOT) + '/', '')}` | {calls} | {_de(own, 2)} | {_de(cum, 2)} |"
        for where, calls, own, cum in data["rows"]
    ]
    table = "\n".join(
        ["| function | calls per check | own ms | cumulative ms |", "|---|---:|---:|---:|", *lines]
    )
    return data["total_ms"], table


@contextmanager
def worktree(rev: str | None) -> Iterator[Path | None]:
    """A temporary checkout of ``rev`` (compiled, as the work tree is), removed after."""
    if rev is None:
        yield None
        return
    tmp = Path(tempfile.mkdtemp(prefix="hir-bench-base-"))
    path = tmp / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT, check=True)
    try:
        subprocess.run([sys.executable, "-m", "compileall", "-q", "hir_docs"], cwd=path, check=True)
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)


def _de(x: float, digits: int) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--bulk-rounds", type=int, default=3)
    parser.add_argument("--bulk-memory", type=int, default=3000)
    parser.add_argument("--base", help="a commit to measure in the same run (before)")
    parser.add_argument("--section", default="speed")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "hir_docs"], cwd=ROOT, check=True)
    with worktree(args.base) as base_path:
        after = Tree("after", ROOT)
        trees = ([Tree("before", base_path)] if base_path else []) + [after]
        w = warm(trees, max(args.rounds, 15))
        print("warm", w, flush=True)
        o = one_check(trees, args.rounds)
        print("one check", o, flush=True)
        c = citizens(trees, args.rounds)
        print("citizens", c, flush=True)
        b = bulk(trees, args.bulk, args.bulk_rounds, args.bulk_memory) if args.bulk else None
        print("bulk", b, flush=True)
        profiles = {t.name: profile(t) for t in trees}
    text = _report(args, trees, w, o, c, b, profiles)
    write_section(args.section, text)
    print(text)


def _report(
    args: argparse.Namespace,
    trees: list[Tree],
    w: dict[str, dict[str, float]],
    o: dict[str, dict[str, float]],
    c: dict[str, dict[str, float]],
    b: dict[str, dict[str, float]] | None,
    profiles: dict[str, tuple[float, str]],
) -> str:
    def met(ratio: float, goal: float) -> str:
        return "met" if ratio <= goal else "NOT met"

    names = [t.name for t in trees]
    base = f" ({args.base})" if args.base else ""

    def cells(d: dict[str, dict[str, float]], key: str, digits: int, unit: str) -> str:
        return " | ".join(f"{_de(d[n][key], digits)} {unit}" for n in names)

    def ratios(d: dict[str, dict[str, float]], digits: int) -> str:
        return " | ".join(f"{_de(d[n]['ratio'], digits)} ×" for n in names)

    head = " | ".join(("before" + base if n == "before" else "after") for n in names)
    rows = [
        f"| warm `api.check` of examples/viborg (5 files) | {cells(w, 'check_ms', 1, 'ms')} | "
        f"{_de(w['after']['bare_ms'], 1)} ms (lxml + calamine, in process) | {ratios(w, 1)} | "
        f"≤ 5 × | {met(w['after']['ratio'], 5)} |",
        f"| `hir-docs check` application + budget, whole process | {cells(o, 'check_s', 2, 's')} "
        f"| {_de(o['after']['floor_s'], 2)} s (import hir_docs.api + bare parse process) | "
        f"{ratios(o, 2)} | ≤ 1,5 × | {met(o['after']['ratio'], 1.5)} |",
        f"| `hir-docs check` of a 50.000-row citizen sheet | {cells(c, 'check_s', 2, 's')} | "
        f"{_de(c['after']['floor_s'], 2)} s (inflate every worksheet + calamine read) | "
        f"{ratios(c, 2)} | ≤ 1,6 × | {met(c['after']['ratio'], 1.6)} |",
    ]
    if b is not None:
        n = f"{args.bulk:,}".replace(",", ".")
        rows.append(
            f"| `hir-docs bulk --jobs 2`, {n} submissions | {cells(b, 'bulk_s', 1, 's')} | "
            f"{_de(b['after']['floor_s'], 1)} s (one process parsing every file) | "
            f"{ratios(b, 1)} | ≤ 3 × | {met(b['after']['ratio'], 3)} |"
        )
    table = [
        f"| what | {head} | floor | ratio {' | ratio '.join(names)} | goal | |",
        "|---|" + "---:|" * len(names) + "---|" + "---:|" * len(names) + "---|---|",
        *rows,
    ]
    memory = []
    if b is not None:
        for name in names:
            big = b[name].get("worker_mb_big")
            more = (
                f", {_de(big, 0)} MB at {f'{args.bulk_memory:,}'.replace(',', '.')}"
                if big is not None
                else ""
            )
            memory.append(
                f"- {name}: the largest bulk worker {_de(b[name]['worker_mb'], 0)} MB (PSS) at "
                f"{f'{args.bulk:,}'.replace(',', '.')} submissions{more}."
            )
    parts = [
        "## Speed against reading the files (issue 25)",
        "",
        "Generated by `benchmarks/bench_speed.py"
        + (f" --base {args.base}" if args.base else "")
        + f"`: each goal against its floor, measured in turn within each round on this machine "
        f"({os.cpu_count()} cores, shared; Python {sys.version.split()[0]}); whole processes: "
        f"median of {args.rounds} rounds of the per-round ratio (bulk: {args.bulk_rounds}); the "
        "warm check: medians of alternating in-process runs. "
        + (
            "*before* is the code of the commit named, run from a temporary worktree in the "
            "same rounds; the floors are the same for both."
            if args.base
            else ""
        ),
        "",
        *table,
        "",
        "Memory per bulk worker (flat = does not grow with the inbox):",
        "",
        *memory,
    ]
    for name in names:
        total, prof = profiles[name]
        label = f"before ({args.base})" if name == "before" else "after (this tree)"
        parts += [
            "",
            f"Profile of the warm check, {label}: cProfile over 10 checks, {_de(total, 1)} ms "
            "per check under the profiler (it slows a check about 2×); the functions with the "
            "most own time, per check:",
            "",
            prof,
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    main()
