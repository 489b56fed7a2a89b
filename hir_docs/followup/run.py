"""Running the follow-up: walk the inbox (a folder or a .zip, ``bulk.inbox``), read and
assess every municipality's folder, write the workbook. One folder that cannot be read
is one finding on that project; the run always completes."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from hir_docs.bulk.inbox import Inbox, Unit, open_inbox
from hir_docs.files.failures import recoverable, technical_name
from hir_docs.files.output import ensure_writable
from hir_docs.findings import HirDocsError
from hir_docs.followup.assess import assess
from hir_docs.followup.model import FollowupResult, Project
from hir_docs.followup.read import read_folder
from hir_docs.followup.workbook import write_followup
from hir_docs.formatting import scrub_cpr
from hir_docs.rules import CheckOptions
from hir_docs.rules.bulk import BULK_READER_CRASHED
from hir_docs.rules.followup import FOLLOWUP_NO_PROJECTDATA


def _project(unit: Unit, inbox: Inbox, today: dt.date, pool: str | None) -> Project:
    """One municipality's project; whatever goes wrong in its files is a finding on it."""
    try:
        folder = read_folder(unit, inbox, CheckOptions(today=today, pool=pool))
        return assess(folder, today)
    except BaseException as exc:
        if not recoverable(exc):
            raise
        return Project(
            unit.label,
            findings=[
                BULK_READER_CRASHED.finding(
                    f"Mappen {unit.label} kunne ikke læses færdig og er sprunget over "
                    f"(teknisk årsag: {technical_name(exc)}).",
                    location=unit.label,
                )
            ],
        )


def run_followup(
    inbox: Path, out: Path, *, today: dt.date, force: bool = False, pool: str | None = None
) -> FollowupResult:
    """Read every funded project in ``inbox`` and write the follow-up workbook ``out``.

    Raises HirDocsError (Danish, CPR-like numbers masked) when it cannot go on."""
    try:
        return _run(Path(inbox), Path(out), today, force, pool)
    except HirDocsError as exc:
        raise HirDocsError(scrub_cpr(str(exc))) from exc


def _run(inbox: Path, out: Path, today: dt.date, force: bool, pool: str | None) -> FollowupResult:
    start = time.perf_counter()
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"Opfølgningen skal være en .xlsx-fil, ikke {out.name}.")
    if out.exists() and not force:
        ensure_writable(out, force)
    result = FollowupResult(inbox, out, today)
    with open_inbox(inbox, exclude=[out]) as box:
        if not box.units and not box.findings:
            raise HirDocsError(f"{inbox} indeholder ingen filer.")
        for unit in box.units:
            if unit.loose:  # a loose file belongs to no project: one finding of its own
                result.projects.append(_loose(unit))
                continue
            result.projects.append(_project(unit, box, today, pool))
        for f in box.findings:  # zip entries that were not extracted
            label = (f.file or "?").partition("/")[0]
            found = next((p for p in result.projects if p.folder == label), None)
            if found is None:
                found = Project(label)
                result.projects.append(found)
            found.findings.append(f)
    result.projects.sort(key=lambda p: p.sort_key)
    write_followup(result, out, force=force)
    result.seconds = time.perf_counter() - start
    return result


def _loose(unit: Unit) -> Project:
    return Project(
        unit.label,
        findings=[
            FOLLOWUP_NO_PROJECTDATA.finding(
                f"{unit.label} ligger løst i indbakken, ikke i en kommunes mappe, og er ikke "
                "læst: læg hver kommunes filer i en mappe for sig.",
                file=unit.label,
            )
        ],
    )
