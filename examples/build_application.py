"""Build the example application for Viborg Kommune (fictional people, shared example facts).

Writes examples/viborg/ansoegning.docx (deterministic: same bytes on every run) in the
official table layout, then checks it: no errors and no warnings.
Run: .venv/bin/python examples/build_application.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hir_docs.forms.application import write_application
from hir_docs.pipeline import process_file

OUT = Path(__file__).resolve().parent / "viborg" / "ansoegning.docx"


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_application(OUT)  # the defaults are the shared Viborg example
    doc, findings = process_file(OUT)
    fields = doc.fields
    shown = OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT
    print(
        f"{shown}: {doc.kind}, {fields.get('municipality')} ({fields.get('municipality_code')}), "
        f"ansøgt {fields.get('requested_amount')}, passivandel {fields.get('passive_share_target')}"
    )
    problems = [f for f in findings if f.severity in ("error", "warning")]
    for f in problems:
        print(f"  {f.severity}: {f.code} [{f.location}] {f.message}")
    expected = (doc.kind, fields.get("requested_amount"), fields.get("municipality_code"))
    if problems or expected != ("application", 1_200_000, "791"):
        print("Eksempelansøgningen er ikke fejlfri.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
