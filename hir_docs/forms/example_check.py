"""Write one file of the bundled Viborg example and check it (examples/build_*.py).

The example must read as the shared example facts (kind, 1.200.000 kr., Viborg 791) and
give no errors and no warnings; the build scripts exit 1 otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXAMPLE_REQUESTED = 1_200_000
EXAMPLE_MUNICIPALITY_CODE = "791"


def build_and_check(
    out: Path,
    write: Callable[[Path], None],
    kind: str,
    describe: Callable[[dict[str, Any]], str],
) -> int:
    """Write ``out`` with ``write``, read and check it, print a summary; 0 when clean."""
    from hir_docs.pipeline import process_file  # the readers import the form layouts

    out.parent.mkdir(parents=True, exist_ok=True)
    write(out)
    doc, findings = process_file(out)
    fields = doc.fields
    shown = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
    print(f"{shown}: {doc.kind}, {describe(fields)}")
    problems = [f for f in findings if f.severity in ("error", "warning")]
    for f in problems:
        print(f"  {f.severity}: {f.code} [{f.location}] {f.message}")
    expected = (kind, EXAMPLE_REQUESTED, EXAMPLE_MUNICIPALITY_CODE)
    if (
        problems
        or (doc.kind, fields.get("requested_amount"), fields.get("municipality_code")) != expected
    ):
        print(f"{out.name}: eksemplet er ikke fejlfrit.", file=sys.stderr)
        return 1
    return 0
