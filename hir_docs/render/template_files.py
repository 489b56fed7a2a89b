"""Write the report templates to a folder (``templates/`` in the repository).

``python -m hir_docs.render.template_files templates/`` rebuilds them; a test fails when
the committed files are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hir_docs.files.ooxml import normalise_ooxml
from hir_docs.render.accounts import write_accounts_layout
from hir_docs.render.build_templates import BUILDERS, template_bytes


def write_templates(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILDERS:
        path = outdir / name
        path.write_bytes(template_bytes(name))
        normalise_ooxml(path)
        written.append(path)
    written.append(write_accounts_layout(outdir / "accounts_layout.xlsx"))
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "templates")):
        print(p)
