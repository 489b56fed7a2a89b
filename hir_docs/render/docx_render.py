"""Render a docxtpl template with autoescape into a deterministic .docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from hir_docs.files.ooxml import normalise_ooxml, set_company
from hir_docs.findings import HirDocsError
from hir_docs.pools import Pool
from hir_docs.render.build_templates import template_bytes
from hir_docs.render.charts import Chart
from hir_docs.render.docx_build import print_layout


def load_template(name: str, custom: Path | None, pool: Pool | None = None) -> DocxTemplate:
    """The municipality's own template, or the built-in one for ``pool`` (built in memory)."""
    if custom is None:
        return DocxTemplate(io.BytesIO(template_bytes(name, pool)))
    if custom.suffix.lower() != ".docx":
        raise HirDocsError(f"{custom.name}: en skabelon skal være et Word-dokument (.docx).")
    return DocxTemplate(str(custom))


class _Picture(InlineImage):
    """An InlineImage with a picture description (the text alternative screen readers
    and Word's "Alternativ tekst" show)."""

    def __init__(self, tpl: DocxTemplate, chart: Chart) -> None:
        super().__init__(tpl, io.BytesIO(chart.png), width=Mm(chart.width_mm))
        self.description = chart.description

    def _insert_image(self) -> str:
        xml: str = super()._insert_image()
        descr = self.description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return xml.replace("<wp:docPr ", f'<wp:docPr descr="{descr}" ', 1)


def _pictures(tpl: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    return {k: _Picture(tpl, v) if isinstance(v, Chart) else v for k, v in context.items()}


def render_docx(tpl: DocxTemplate, context: dict[str, Any], target: Path) -> None:
    """Render with autoescape on ("&", "<", ">" in user text stay text) and save.

    The document is laid out for print (``docx_build.print_layout``); its properties name
    the report and the municipality (title, author, company), and the bytes are the same
    for the same inputs (``render.reports`` stamps the report date into them).
    """
    try:
        tpl.render(_pictures(tpl, context), autoescape=True)
    except Exception as exc:  # jinja syntax errors etc. in a municipality's template
        raise HirDocsError(
            f"Skabelonen kunne ikke udfyldes ({type(exc).__name__}: {exc}). "
            "Kontrollér den med 'hir-docs templates check'."
        ) from exc
    print_layout(tpl.docx)
    municipality = str(context.get("municipality") or "")
    props = tpl.docx.core_properties
    props.title = str(context.get("document_title") or context.get("report_title") or "")
    props.author = props.last_modified_by = municipality
    props.comments = ""
    tpl.save(str(target))
    normalise_ooxml(target, set_company(municipality))
