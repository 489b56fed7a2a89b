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
  only parses every file; median of rounds. Goal ≤ 3×.

Also the profile of the warm check (cProfile, top functions by cumulative time).

    .venv/bin/python benchmarks/bench_speed.py [--rounds 9] [--bulk 1000] [--section speed]

Not a test: the numbers depend on the machine and on what else runs; the ratios, measured
in turn within each round, are what is compared.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from results import write_section  # noqa: E402

EXAMPLES = ROOT / "examples" / "viborg"
HIR = [str(ROOT / ".venv" / "bin" / "hir-docs")]
if not Path(HIR[0]).exists():
    HIR = [sys.executable, "-m", "hir_docs.cli"]

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


def _process(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        args,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    return time.perf_counter() - t


def warm(rounds: int) -> dict[str, float]:
    """Warm in-process check of the example against the bare parse, alternating."""
    import zipfile

    import python_calamine
    from lxml import etree

    from hir_docs import api

    files = sorted(f for f in EXAMPLES.iterdir() if f.suffix in (".docx", ".xlsx"))

    def bare() -> None:
        for f in files:
            if f.suffix == ".docx":
                with zipfile.ZipFile(f) as z:
                    etree.fromstring(z.read("word/document.xml"))
            else:
                wb = python_calamine.CalamineWorkbook.from_path(str(f))
                for n in wb.sheet_names:
                    wb.get_sheet_by_name(n).to_python()

    api.check([EXAMPLES])
    bare()
    checks, bares = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        api.check([EXAMPLES])
        checks.append(time.perf_counter() - t)
        t = time.perf_counter()
        bare()
        bares.append(time.perf_counter() - t)
    check_ms, bare_ms = statistics.median(checks) * 1000, statistics.median(bares) * 1000
    return {"check_ms": check_ms, "bare_ms": bare_ms, "ratio": check_ms / bare_ms}


def profile(top: int = 16) -> str:
    """The warm check's own time per function (cProfile over 10 checks, by internal time):
    where a speed-up must come from."""
    from hir_docs import api

    api.check([EXAMPLES])
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(10):
        api.check([EXAMPLES])
    pr.disable()
    out = io.StringIO()
    stats = pstats.Stats(pr, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = []
    for line in out.getvalue().splitlines():
        parts = line.split(None, 5)
        if len(parts) != 6 or not parts[0].split("/")[0].isdigit():
            continue
        try:
            own, cum = float(parts[1]) * 100, float(parts[3]) * 100
        except ValueError:  # the summary line ("N function calls ...")
            continue
        where = parts[5].replace(str(ROOT) + "/", "").replace("|", "/")
        calls = int(parts[0].split("/")[0]) // 10
        lines.append(f"| `{where}` | {calls} | {own:.2f} | {cum:.2f} |")
    return "\n".join(
        ["| function | calls per check | own ms | cumulative ms |", "|---|---:|---:|---:|", *lines]
    )


def one_check(rounds: int) -> dict[str, float]:
    app, budget = EXAMPLES / "ansoegning.docx", EXAMPLES / "budget.xlsx"
    ratios, checks, floors = [], [], []
    for _ in range(rounds):
        check = _process([*HIR, "check", str(app), str(budget)])
        imports = _process([sys.executable, "-c", "import hir_docs.api"])
        parse = _process([sys.executable, "-c", BARE, str(app), str(budget)])
        checks.append(check)
        floors.append(imports + parse)
        ratios.append(check / (imports + parse))
    return {
        "check_s": statistics.median(checks),
        "floor_s": statistics.median(floors),
        "ratio": statistics.median(ratios),
    }


def citizens(rounds: int, rows: int = 50_000) -> dict[str, float]:
    from gen_citizens import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "fraflyttede_50k.xlsx", rows)
        ratios, checks, floors = [], [], []
        for _ in range(rounds):
            check = _process([*HIR, "check", str(path)])
            floor = _process([sys.executable, "-c", INFLATE_READ, str(path)])
            checks.append(check)
            floors.append(floor)
            ratios.append(check / floor)
    return {
        "check_s": statistics.median(checks),
        "floor_s": statistics.median(floors),
        "ratio": statistics.median(ratios),
    }


def bulk(n: int, rounds: int) -> dict[str, float]:
    from make_inbox import make_inbox

    with tempfile.TemporaryDirectory() as tmp:
        inbox = make_inbox(n, Path(tmp) / "inbox")
        out = Path(tmp) / "oversigt.xlsx"
        ratios, runs, floors = [], [], []
        for _ in range(rounds):
            run = _process([*HIR, "bulk", str(inbox), "--out", str(out), "--jobs", "2", "--force"])
            floor = _process([sys.executable, "-c", BARE, str(inbox)])
            runs.append(run)
            floors.append(floor)
            ratios.append(run / floor)
    return {
        "bulk_s": statistics.median(runs),
        "floor_s": statistics.median(floors),
        "ratio": statistics.median(ratios),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--bulk-rounds", type=int, default=3)
    parser.add_argument("--section", default="speed")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "hir_docs"], cwd=ROOT, check=True)
    w = warm(max(args.rounds, 15))
    print("warm", w, flush=True)
    o = one_check(args.rounds)
    print("one check", o, flush=True)
    c = citizens(args.rounds)
    print("citizens", c, flush=True)
    b = bulk(args.bulk, args.bulk_rounds) if args.bulk else None
    print("bulk", b, flush=True)
    prof = profile()

    def met(ratio: float, goal: float) -> str:
        return "met" if ratio <= goal else "NOT met"

    rows = [
        f"| warm `api.check` of examples/viborg (5 files) | {w['check_ms']:.1f} ms | "
        f"{w['bare_ms']:.1f} ms (lxml + calamine, in process) | {w['ratio']:.1f} × | ≤ 5 × | "
        f"{met(w['ratio'], 5)} |",
        f"| `hir-docs check` application + budget, whole process | {o['check_s']:.2f} s | "
        f"{o['floor_s']:.2f} s (import hir_docs.api + bare parse process) | {o['ratio']:.2f} × | "
        f"≤ 1,5 × | {met(o['ratio'], 1.5)} |",
        f"| `hir-docs check` of a 50.000-row citizen sheet | {c['check_s']:.2f} s | "
        f"{c['floor_s']:.2f} s (inflate every worksheet + calamine read) | {c['ratio']:.2f} × | "
        f"≤ 1,6 × | {met(c['ratio'], 1.6)} |",
    ]
    if b is not None:
        rows.append(
            f"| `hir-docs bulk --jobs 2`, {f'{args.bulk:,}'.replace(',', '.')} submissions | "
            f"{b['bulk_s']:.1f} s | {b['floor_s']:.1f} s (one process parsing every file) | "
            f"{b['ratio']:.1f} × | ≤ 3 × | {met(b['ratio'], 3)} |"
        )
    text = "\n".join(
        [
            "## Speed against reading the files (issue 25)",
            "",
            "Generated by `benchmarks/bench_speed.py`: each goal against its floor, measured in "
            f"turn within each round on this machine ({os.cpu_count()} cores, shared; Python "
            f"{sys.version.split()[0]}); whole processes: median of {args.rounds} rounds of the "
            "per-round ratio; the warm check: medians of alternating in-process runs.",
            "",
            "| what | hir-docs | floor | ratio | goal | |",
            "|---|---:|---|---:|---|---|",
            *rows,
            "",
            "Profile of the warm check (cProfile, 10 checks; per check; the functions with the "
            "most own time; profiling itself slows the check about 2×):",
            "",
            prof,
        ]
    )
    write_section(args.section, text)
    print(text)


if __name__ == "__main__":
    main()
