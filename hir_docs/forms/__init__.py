"""Builders of the blank official forms in ../forms/.

Each form module registers a builder: file name -> function writing the blank form to
a path. ``hir-docs forms OUTDIR`` and ``make forms`` write them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from hir_docs.outputs import atomic_write

FormBuilder = Callable[[Path], None]
FORM_BUILDERS: dict[str, FormBuilder] = {}


def register_form(filename: str) -> Callable[[FormBuilder], FormBuilder]:
    def deco(fn: FormBuilder) -> FormBuilder:
        FORM_BUILDERS[filename] = fn
        return fn

    return deco


def load_forms() -> None:
    import hir_docs.forms as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"hir_docs.forms.{mod.name}")


def write_blank_forms(outdir: Path, *, force: bool = False) -> list[Path]:
    load_forms()
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, builder in sorted(FORM_BUILDERS.items()):
        written.append(atomic_write(outdir / filename, builder, force=force))
    return written
