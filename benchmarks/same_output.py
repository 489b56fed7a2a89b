"""The byte-identity check of the speed work (issue 25): ``hir-docs check --format json``
of every example, form and fuzzing seed, and of generated citizen sheets with and without problems, by
the code of a base commit and by the work tree; every output must be the same bytes.

    .venv/bin/python benchmarks/same_output.py --base dc09e53 [--mutants 2000 --seed 7]

With ``--mutants N`` the N seeded fuzzing mutants of ``tests/fuzz_mutators`` (flipped and
truncated bytes, broken zip parts, odd cell values) are checked too: a damaged file must
get the same findings from both trees, so a faster reading path cannot quietly report a
broken file differently.

Each file is checked alone, and each example folder as one submission (the cross checks).
The base commit's code runs from a temporary git worktree (``PYTHONPATH``), the same
interpreter and the same fixed date (``--today``), so nothing but the code differs.
Exit 0 when every output is identical, else 1 with the first differences.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

from bench_speed import worktree  # noqa: E402

TODAY = "2019-07-15"
# Every target checked in one process per tree: the command line's own JSON output.
RUN = r"""
import contextlib, io, json, sys
from hir_docs.cli import main
out = {}
for target in json.loads(sys.stdin.read()):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(["check", "--format", "json", "--today", sys.argv[1], target],
                 standalone_mode=False)
        except SystemExit:
            pass
        except Exception as exc:
            print("EXCEPTION", type(exc).__name__, exc)
    out[target] = buf.getvalue()
print(json.dumps(out))
"""


def targets(tmp: Path) -> list[str]:
    """Every file under examples/ and forms/, the example folders as submissions, and
    generated citizen sheets (5.000 rows clean, 5.000 with a problem every 7th row)."""
    from gen_citizens import generate

    files = sorted(
        p
        for base in (ROOT / "examples", ROOT / "forms", ROOT / "tests" / "fuzz_seeds")
        for p in base.rglob("*")
        if p.is_file() and p.suffix.lower() in {".docx", ".xlsx", ".pdf", ".odt", ".ods"}
    )
    loose = {ROOT / "forms", ROOT / "examples", ROOT / "tests" / "fuzz_seeds"}
    folders = sorted({p.parent for p in files if p.parent not in loose})
    clean = generate(tmp / "fraflyttede_5000.xlsx", 5000)
    problems = generate(tmp / "fraflyttede_fejl.xlsx", 5000, problem_every=7)
    return [str(p) for p in (*files, *folders, clean, problems)]


def mutant_targets(tmp: Path, n: int, seed: int) -> list[str]:
    """N seeded fuzzing mutants, written as files (named by index and family)."""
    from fuzz_mutators import mutants

    folder = tmp / "mutants"
    folder.mkdir()
    out = []
    for m in mutants(n, seed):
        path = folder / f"{m.index:05d}-{m.family}{m.suffix}"
        path.write_bytes(m.data)
        out.append(str(path))
    return out


def outputs(tree: Path, items: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, TODAY],
        input=json.dumps(items),
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the commit to compare with")
    parser.add_argument("--mutants", type=int, default=0, help="fuzzing mutants checked too")
    parser.add_argument("--seed", type=int, default=7, help="the mutants' seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, worktree(args.base) as base:
        assert base is not None
        items = targets(Path(tmp)) + mutant_targets(Path(tmp), args.mutants, args.seed)
        before, after = outputs(base, items), outputs(ROOT, items)
    differ = [t for t in items if before[t] != after[t]]
    for t in differ[:5]:
        print(f"DIFFERS: {t}")
        lines = difflib.unified_diff(
            before[t].splitlines(), after[t].splitlines(), "before", "after", lineterm="", n=1
        )
        print("\n".join(list(lines)[:40]))
    print(f"{len(items) - len(differ)} of {len(items)} outputs identical ({args.base} → work tree)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
