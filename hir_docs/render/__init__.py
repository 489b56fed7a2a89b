"""Reports from templates: project-data workbook, status report, final report, accounts.

Default Word templates are built in memory by ``hir_docs.render.build_templates`` (no
package data needed, works from an editable or a normal install); ``templates/`` in the
repository holds the same files for municipalities who want to edit their own.

The three public functions are re-exported lazily, so importing a submodule (for example
``python -m hir_docs.render.build_templates``) does not load the whole renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hir_docs.render.init import init_projectdata
    from hir_docs.render.reports import check_template, render_report

__all__ = ["check_template", "init_projectdata", "render_report"]


def __getattr__(name: str) -> Any:
    if name == "init_projectdata":
        from hir_docs.render.init import init_projectdata

        return init_projectdata
    if name in ("render_report", "check_template"):
        from hir_docs.render import reports

        return getattr(reports, name)
    raise AttributeError(name)
