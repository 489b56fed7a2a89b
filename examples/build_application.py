"""Build the example application for Viborg Kommune (fictional people, shared example facts).

Writes examples/viborg/ansoegning.docx (deterministic: same bytes on every run) in the
official table layout, then checks it: no errors and no warnings.
Run: .venv/bin/python examples/build_application.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hir_docs.forms.application import write_application
from hir_docs.forms.example_check import build_and_check

OUT = Path(__file__).resolve().parent / "viborg" / "ansoegning.docx"


def main() -> int:
    return build_and_check(
        OUT,
        write_application,  # the defaults are the shared Viborg example
        "application",
        lambda f: (
            f"{f.get('municipality')} ({f.get('municipality_code')}), "
            f"ansøgt {f.get('requested_amount')}, passivandel {f.get('passive_share_target')}"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
