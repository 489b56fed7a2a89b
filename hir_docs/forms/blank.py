"""The blank official forms, listed in one place: file name -> builder."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from hir_docs.files.output import atomic_write
from hir_docs.forms.application import build_blank_application
from hir_docs.forms.budget import write_blank_budget
from hir_docs.forms.citizens import write_blank_registrations, write_blank_relocated
from hir_docs.pools import Pool

FormBuilder = Callable[[Path], None]
BLANK_FORMS: dict[str, FormBuilder] = {
    "ansoegningsskema.docx": build_blank_application,
    "budgetskema.xlsx": write_blank_budget,
    "fraflyttede_borgere.xlsx": write_blank_relocated,
    "registreringsskema.xlsx": write_blank_registrations,
}


def write_blank_forms(outdir: Path, *, force: bool = False, pool: Pool | None = None) -> list[Path]:
    """Write every blank form (of ``pool``, default HIR) to ``outdir``; the paths written,
    sorted by file name. The module sheets are written for a pool with the plug-in
    "caseload" (HIR's module); their texts are the default pool's."""
    outdir.mkdir(parents=True, exist_ok=True)
    forms = dict(BLANK_FORMS)
    if pool is not None:
        forms["ansoegningsskema.docx"] = partial(build_blank_application, pool=pool)
        forms["budgetskema.xlsx"] = partial(write_blank_budget, pool=pool)
        if "caseload" not in pool.plugins:  # the module sheets are the plug-in's
            del forms["fraflyttede_borgere.xlsx"], forms["registreringsskema.xlsx"]
    return [
        atomic_write(outdir / name, builder, force=force) for name, builder in sorted(forms.items())
    ]
