"""The library API: the few typed functions every front end (command line, web) calls.

Plain data in and out: no printing, no exit codes, no click. A problem in the user's
documents is a ``Finding`` in the returned ``Report``; only "cannot continue" (an output
exists, an argument is wrong, an input is not what the command needs) raises
``HirDocsError`` with a Danish message the front end shows as it is.

The flow behind each function:

- ``check``: files -> safe open -> classify -> read by label -> rules -> ``Report``
- ``init_projectdata`` / ``render_report``: approved documents -> project data -> reports
- ``bulk``: inbox -> the same pipeline per submission, in parallel -> overview workbook
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hir_docs.bulk.model import BulkResult
from hir_docs.bulk.run import run_bulk
from hir_docs.findings import DocKind, HirDocsError, Report
from hir_docs.forms.blank import write_blank_forms
from hir_docs.pipeline import check_paths, process_file
from hir_docs.render.init import write_initial_projectdata
from hir_docs.render.reports import check_template as _check_template
from hir_docs.render.reports import render_report as _render_report
from hir_docs.rules import CheckOptions, Rule
from hir_docs.rules.registry import catalogue
from hir_docs.values import parse_date, parse_datetime

__all__ = [
    "BulkResult",
    "HirDocsError",
    "Progress",
    "Report",
    "Rule",
    "bulk",
    "check",
    "check_template",
    "init_projectdata",
    "parse_date",
    "parse_datetime",
    "read_approved",
    "render_report",
    "rules",
    "write_blank_forms",
]

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while an inbox is read."""


def check(
    paths: Iterable[Path],
    *,
    submitted: dt.datetime | None = None,
    snapshot_dates: Iterable[dt.date] = (),
    today: dt.date | None = None,
) -> Report:
    """Check files and folders as one submission (or several, grouped by municipality).

    Returns the ``Report``: every document read (kind and fields) and every finding.
    ``report.valid`` is False when any finding is an error. Never raises for a bad
    input file: a broken or hostile file is one finding naming it.
    """
    options = CheckOptions(submitted=submitted, snapshot_dates=tuple(snapshot_dates), today=today)
    return check_paths(list(paths), options)


def rules() -> list[Rule]:
    """The rule catalogue: every rule with code, severity, document kind, description and
    source, grouped by document kind."""
    return catalogue()


def read_approved(path: Path, kind: DocKind) -> Any:
    """The model of an approved document of ``kind``; HirDocsError when it is not one."""
    doc, findings = process_file(path)
    if doc.kind != kind or doc.model is None:
        what = kind.label
        reasons = "; ".join(f.message for f in findings[:2]) or f"filen ligner ikke et {what}"
        raise HirDocsError(
            f"{path.name} kunne ikke læses som {what} ({reasons}). "
            f"Angiv det godkendte {what} (.docx/.xlsx fra puljens skabelon)."
        )
    return doc.model


def init_projectdata(application: Path, budget: Path, out: Path, *, force: bool = False) -> Path:
    """Write a project-data workbook pre-filled from the approved application and budget.

    Returns the path written. Raises HirDocsError when ``out`` exists (without ``force``)
    or an input is not an approved application form / budget workbook.
    """
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"{out.name}: projektdata skal gemmes som .xlsx, fx projektdata.xlsx.")
    if out.exists() and not force:
        raise HirDocsError(
            f"{out} findes allerede. Brug --force for at overskrive, eller vælg et andet navn."
        )
    app = read_approved(application, DocKind.APPLICATION)
    bud = read_approved(budget, DocKind.BUDGET)
    if not bud.lines:
        raise HirDocsError(
            f"{budget.name} indeholder ingen budgetlinjer. Angiv det godkendte budgetskema."
        )
    return write_initial_projectdata(app, bud, out, force=force)


def render_report(
    kind: str,
    projectdata: Path,
    out_dir: Path,
    *,
    period: str | None = None,
    registrations: Path | None = None,
    pdf: bool = False,
    template: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Render the status report, final report or accounts (``kind``: status | final |
    accounts) from a project-data workbook into ``out_dir``.

    Returns the files written (.docx / .xlsx, and .pdf with ``pdf``), in order.
    """
    return _render_report(
        kind,
        projectdata,
        out_dir,
        period=period,
        registrations=registrations,
        pdf=pdf,
        template=template,
        force=force,
    )


def check_template(path: Path) -> list[str]:
    """The variables a municipality's own report template uses that hir-docs does not
    provide (sorted; empty when the template is fine)."""
    return _check_template(path)


def bulk(
    inbox: Path,
    out: Path,
    *,
    jobs: int = 1,
    export_registrations: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> BulkResult:
    """Read every submission in ``inbox`` (a folder or a .zip) and write the overview
    workbook ``out``; with ``export_registrations`` also the CPR export (full CPR numbers,
    for the Landssupport only).

    Returns the ``BulkResult`` (submissions grouped by municipality, files, sums).
    ``result.valid`` is False when any submission has an error.
    """
    return run_bulk(
        inbox,
        out,
        jobs=jobs,
        export_registrations=export_registrations,
        force=force,
        progress=progress,
    )
