"""Render a docxtpl template with autoescape into a deterministic .docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from hir_docs.files.ooxml import normalise_ooxml
from hir_docs.findings import HirDocsError
from hir_docs.render.build_templates import template_bytes


def load_template(name: str, custom: Path | None) -> DocxTemplate:
    """The municipality's own template, or the built-in one (built in memory)."""
    if custom is None:
        return DocxTemplate(io.BytesIO(template_bytes(name)))
    if custom.suffix.lower() != ".docx":
        raise HirDocsError(f"{custom.name}: en skabelon skal være et Word-dokument (.docx).")
    return DocxTemplate(str(custom))


def render_docx(tpl: DocxTemplate, context: dict[str, Any], target: Path) -> None:
    """Render with autoescape on ("&", "<", ">" in user text stay text) and save."""
    try:
        tpl.render(context, autoescape=True)
    except Exception as exc:  # jinja syntax errors etc. in a municipality's template
        raise HirDocsError(
            f"Skabelonen kunne ikke udfyldes ({type(exc).__name__}: {exc}). "
            "Kontrollér den med 'hir-docs templates check'."
        ) from exc
    tpl.save(str(target))
    normalise_ooxml(target)
