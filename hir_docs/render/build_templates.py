"""Build the Word templates (docxtpl) for the three reports and STAR's two letters.

The renderers build their default template in memory with these functions, so an
installed package needs no data files. ``python -m hir_docs.render.template_files
templates/`` writes the same templates (and a blank accounts workbook showing the Excel
layout) to a folder: a municipality copies one, edits it in Word and passes it with
``--template``; ``hir-docs templates check`` tells which variables it may use.

The templates are laid out in ``template_status``, ``template_final`` and
``template_accounts``, from the parts they share (``template_blocks``) and the docx
building blocks (``docx_build``).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx.document import Document as DocxDocument

from hir_docs.pools import Pool
from hir_docs.render.template_accounts import build_accounts_cover
from hir_docs.render.template_final import build_final
from hir_docs.render.template_letters import build_grant_letter, build_refusal_letter
from hir_docs.render.template_status import build_status

BUILDERS: dict[str, Callable[[Pool | None], DocxDocument]] = {
    "status.docx": build_status,
    "final.docx": build_final,
    "accounts_cover.docx": build_accounts_cover,
    "grant_letter.docx": build_grant_letter,
    "refusal_letter.docx": build_refusal_letter,
}


def template_bytes(name: str, pool: Pool | None = None) -> bytes:
    """The built-in template ``name`` for ``pool`` (default: the default pool)."""
    buf = io.BytesIO()
    BUILDERS[name](pool).save(buf)
    return buf.getvalue()
