"""Reading one municipality's folder of a follow-up inbox: its project data (with the
same pipeline as ``hir-docs check``), the annexes of the reports it has sent
(``docs/annex.md``), the rendered reports and an auditor's statement, by file name.

Never raises for a bad file: a damaged or unknown file is one finding on the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hir_docs.bulk.inbox import Inbox, Unit
from hir_docs.findings import DocKind, Finding
from hir_docs.model.projectdata import ProjectData
from hir_docs.pipeline import process_file
from hir_docs.pools import Pool, load_pool
from hir_docs.rules import CheckOptions
from hir_docs.rules.followup import (
    FOLLOWUP_ANNEX_UNREADABLE,
    FOLLOWUP_NO_PROJECTDATA,
    FOLLOWUP_SEVERAL_PROJECTDATA,
)

SHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_ANNEX = 5 * 1024 * 1024  # an annex is a few KB; more is no annex
# Rendered reports by hir-docs' own file names (render: statusrapport_2018-H2.docx, ...).
RENDERED = re.compile(
    r"^(?P<kind>statusrapport|delregnskab)_(?P<period>\d{4}-H[12])|^(?P<whole>slutrapport|regnskab)(?![a-zæøå])",
    re.IGNORECASE,
)
RENDERED_KEYS = {"statusrapport": "status", "delregnskab": "part"}
RENDERED_SUFFIXES = {".docx", ".pdf", ".xlsx"}
# The auditor's statement on the final accounts, by its name.
AUDIT = re.compile(r"revisor|revisions?erkl|påtegn|paategn", re.IGNORECASE)
AUDIT_SUFFIXES = {".pdf", ".docx", ".doc"}
ANNEX_KEYS = {"status": "status", "part_accounts": "part", "final": "final", "accounts": "accounts"}


@dataclass
class Annex:
    file: str  # relative to the inbox
    key: str  # "status:2018-H2", "part:2018-H2", "final", "accounts"
    body: dict[str, Any]

    @property
    def report_date(self) -> str | None:
        value = self.body.get("document", {}).get("report_date")
        return value if isinstance(value, str) else None


@dataclass
class Folder:
    """What one municipality's folder holds."""

    label: str
    pool: Pool
    data: ProjectData | None = None
    data_file: str | None = None
    check_findings: list[Finding] = field(default_factory=list)  # the project data's check
    annexes: list[Annex] = field(default_factory=list)
    rendered: dict[str, list[str]] = field(default_factory=dict)  # report key -> files
    audit_files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # about the folder's files


def annex_key(body: Any) -> str | None:
    """The report key an annex belongs to; None when it is no annex of schema 1.x."""
    if not isinstance(body, dict):
        return None
    version = str(body.get("schema_version", ""))
    doc = body.get("document")
    if version.split(".")[0] != "1" or not isinstance(doc, dict):
        return None
    kind = ANNEX_KEYS.get(str(doc.get("kind")))
    if kind is None or not isinstance(body.get("financing"), dict):
        return None
    if kind in ("status", "part"):
        period = body.get("period")
        key = period.get("key") if isinstance(period, dict) else None
        if not isinstance(key, str) or not re.fullmatch(r"\d{4}-H[12]", key):
            return None
        return f"{kind}:{key}"
    return kind


def read_annex(path: Path, rel: str) -> Annex | Finding | None:
    """The annex in ``path``; a finding when it cannot be read; None for a draft (not for
    submission, so it is not counted as sent)."""
    why = None
    try:
        if path.stat().st_size > MAX_ANNEX:
            why = "filen er for stor til at være et bilag"
        else:
            body = json.loads(path.read_text(encoding="utf-8"))
            key = annex_key(body)
            if key is None:
                why = "den er ikke et bilag med skemaversion 1 (docs/annex.md)"
            elif body["document"].get("draft") is True:
                return None
            else:
                return Annex(rel, key, body)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        why = f"den kan ikke læses som JSON (teknisk årsag: {type(exc).__name__})"
    return FOLLOWUP_ANNEX_UNREADABLE.finding(f"{rel} er ikke talt med: {why}.", file=rel)


def rendered_key(name: str) -> str | None:
    """The report key of a rendered report's file name; None for another file."""
    if Path(name).suffix.lower() not in RENDERED_SUFFIXES:
        return None
    m = RENDERED.match(name)
    if m is None:
        return None
    if m.group("whole"):
        return "final" if m.group("whole").lower() == "slutrapport" else "accounts"
    return f"{RENDERED_KEYS[m.group('kind').lower()]}:{m.group('period').upper()}"


def _relative(findings: list[Finding], path: Path, rel: str) -> list[Finding]:
    """The findings of ``path`` naming it as the inbox does."""
    full = str(path)
    return [
        replace(
            f,
            file=rel if f.file == full else f.file,
            message=f.message.replace(full, rel),
            location=f.location.replace(full, rel) if f.location else f.location,
        )
        for f in findings
    ]


def read_folder(unit: Unit, inbox: Inbox, options: CheckOptions) -> Folder:
    """Every file of a municipality's folder, sorted out; the project data read and checked."""
    folder = Folder(unit.label, load_pool(options.pool))
    candidates: list[tuple[Path, str, Any, list[Finding]]] = []
    sheet_problems: list[Finding] = []
    for path in unit.files:
        rel = inbox.rel(path)
        suffix = path.suffix.lower()
        key = rendered_key(path.name)
        if suffix == ".json":
            annex = read_annex(path, rel)
            if isinstance(annex, Annex):
                folder.annexes.append(annex)
            elif annex is not None:
                folder.findings.append(annex)
        elif key is not None:
            folder.rendered.setdefault(key, []).append(rel)
        elif suffix in AUDIT_SUFFIXES and AUDIT.search(path.stem):
            folder.audit_files.append(rel)
        elif suffix in SHEETS:
            doc, found = process_file(path, options)
            found = _relative(found, path, rel)
            if doc.kind == DocKind.PROJECTDATA and doc.model is not None:
                candidates.append((path, rel, doc, found))
            elif doc.kind == DocKind.UNKNOWN:  # damaged, hostile or not a form
                sheet_problems.extend(found)
    folder.findings.extend(sheet_problems)
    if candidates:
        candidates.sort(key=lambda c: (c[0].stat().st_mtime, c[1]))
        path, rel, doc, found = candidates[-1]
        folder.data, folder.data_file, folder.check_findings = doc.model, rel, found
        if doc.pool is not None:
            folder.pool = load_pool(doc.pool.pool)
        if len(candidates) > 1:
            older = ", ".join(c[1] for c in candidates[:-1])
            folder.findings.append(
                FOLLOWUP_SEVERAL_PROJECTDATA.finding(
                    f"Mappen {unit.label} har {len(candidates)} projektdata-filer; den nyeste, "
                    f"{rel}, er brugt ({older} er ikke).",
                    file=rel,
                )
            )
    elif not sheet_problems:  # a damaged project-data file is said once, by its own finding
        have = "bilagene" if folder.annexes else "ingen bilag heller"
        folder.findings.append(
            FOLLOWUP_NO_PROJECTDATA.finding(
                f"Mappen {unit.label} har ingen projektdata-fil; opfølgningen bygger på {have}.",
                location=unit.label,
            )
        )
    return folder
