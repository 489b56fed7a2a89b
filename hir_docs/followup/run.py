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
from hir_docs.findings import Finding, HirDocsError
from hir_docs.followup.assess import assess
from hir_docs.followup.model import FollowupResult, Project
from hir_docs.followup.read import Folder, read_folder
from hir_docs.followup.workbook import write_followup
from hir_docs.formatting import scrub_cpr
from hir_docs.grants.record import GrantRecord, load_record
from hir_docs.model.grant import fingerprint
from hir_docs.rules import CheckOptions
from hir_docs.rules.bulk import BULK_READER_CRASHED
from hir_docs.rules.followup import (
    FOLLOWUP_GRANT_DIFFERS,
    FOLLOWUP_GRANT_RECORD_INVALID,
    FOLLOWUP_GRANT_RECORD_MISSING,
    FOLLOWUP_NO_PROJECTDATA,
)


def _project(
    unit: Unit,
    inbox: Inbox,
    today: dt.date,
    pool: str | None,
    records: dict[str, GrantRecord] | None = None,
) -> Project:
    """One municipality's project; whatever goes wrong in its files is a finding on it.
    ``records``: STAR's grant records by municipality code (``--grants``), which govern."""
    try:
        folder = read_folder(unit, inbox, CheckOptions(today=today, pool=pool))
        grant_findings = _governed(folder, records) if records is not None else []
        project = assess(folder, today)
        project.findings += grant_findings
        return project
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
    inbox: Path,
    out: Path,
    *,
    today: dt.date,
    force: bool = False,
    pool: str | None = None,
    grants: Path | None = None,
) -> FollowupResult:
    """Read every funded project in ``inbox`` and write the follow-up workbook ``out``;
    ``grants``: a folder of STAR's grant records (``tilsagn_<kode>.json``), which govern
    the grant, the budget lines and the deadlines.

    Raises HirDocsError (Danish, CPR-like numbers masked) when it cannot go on."""
    try:
        return _run(Path(inbox), Path(out), today, force, pool, grants)
    except HirDocsError as exc:
        raise HirDocsError(scrub_cpr(str(exc))) from exc


def _run(
    inbox: Path, out: Path, today: dt.date, force: bool, pool: str | None, grants: Path | None
) -> FollowupResult:
    start = time.perf_counter()
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"Opfølgningen skal være en .xlsx-fil, ikke {out.name}.")
    if out.exists() and not force:
        ensure_writable(out, force)
    result = FollowupResult(inbox, out, today)
    records, invalid = load_records(grants) if grants is not None else (None, [])
    with open_inbox(inbox, exclude=[out]) as box:
        if not box.units and not box.findings:
            raise HirDocsError(f"{inbox} indeholder ingen filer.")
        for unit in box.units:
            if unit.loose:  # a loose file belongs to no project: one finding of its own
                result.projects.append(_loose(unit))
                continue
            result.projects.append(_project(unit, box, today, pool, records))
        for f in box.findings:  # zip entries that were not extracted
            label = (f.file or "?").partition("/")[0]
            found = next((p for p in result.projects if p.folder == label), None)
            if found is None:
                found = Project(label)
                result.projects.append(found)
            found.findings.append(f)
    if invalid:  # the grant records that could not be used: said once, on their own row
        result.projects.append(Project("Tilsagnsmappe", findings=invalid))
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


def load_records(folder: Path) -> tuple[dict[str, GrantRecord], list[Finding]]:
    """STAR's grant records in ``folder`` by municipality code; a file that is not a valid
    record is a finding (never a crash, never used)."""
    if not folder.is_dir():
        raise HirDocsError(f"{folder} er ikke en mappe med tilsagnsfiler.")
    records: dict[str, GrantRecord] = {}
    invalid: list[Finding] = []
    for path in sorted(folder.glob("*.json")):
        try:
            record = load_record(path)
        except HirDocsError as exc:
            invalid.append(
                FOLLOWUP_GRANT_RECORD_INVALID.finding(scrub_cpr(str(exc)), file=path.name)
            )
            continue
        if record.municipality_code:
            records[str(record.municipality_code)] = record
    return records, invalid


def _governed(folder: Folder, records: dict[str, GrantRecord]) -> list[Finding]:
    """The grant record governs: the project data's Tilsagn is replaced by STAR's record
    (its grant, lines, period, journal number, deadlines); a difference is an error."""
    data = folder.data
    if data is None:
        return []
    record = records.get(str(data.municipality_code or ""))
    if record is None:
        return [
            FOLLOWUP_GRANT_RECORD_MISSING.finding(
                f"Ingen tilsagnsfil for {data.municipality or folder.label} i tilsagnsmappen; "
                "tilsagnet fra kommunens projektdata er brugt.",
                file=folder.data_file,
            )
        ]
    approved = record.approved()
    found = []
    if data.approved is None or fingerprint(data.approved) != fingerprint(approved):
        found.append(
            FOLLOWUP_GRANT_DIFFERS.finding(
                f"Tilsagnet i {folder.data_file or 'projektdata'} er ikke det, STARs tilsagnsfil "
                f"for {record.municipality} siger (journalnummer {record.journal_number}); "
                "opfølgningen bruger tilsagnsfilen.",
                file=folder.data_file,
                location="Tilsagn!A1",
            )
        )
    data.approved = approved
    data.grant = record.granted_amount
    return found
