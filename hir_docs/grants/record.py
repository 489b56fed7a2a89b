"""The grant record (tilsagnsfil): what a grant letter says, as versioned JSON.

One file per granted municipality, written beside its letter by ``hir-docs grants
letters`` and read by ``hir-docs report init --grant``. The format is documented in
docs/grant-record.md. The ``fingerprint`` is the sha256 of the canonical serialisation of
every other field (sorted keys, no spaces, UTF-8); ``grant_fingerprint`` is the approved
grant's own fingerprint (``model.grant.fingerprint``), the one the project data's sheet
Tilsagn carries, so a project-data file can be matched to its record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.findings import HirDocsError
from hir_docs.model.grant import fingerprint as grant_fingerprint
from hir_docs.model.grant import iso, line_dict
from hir_docs.model.projectdata import ApprovedGrant, ApprovedLine

FORMAT = "hir-docs tilsagn"
VERSION = 1


@dataclass
class GrantRecord:
    pool: str
    municipality: str
    municipality_code: str | None
    project_name: str | None
    journal_number: str
    applied_amount: int | None
    granted_amount: int
    conditions: str | None
    project_start: dt.date
    project_end: dt.date
    deadlines: dict[str, dt.date]  # report key ("status:2018-H1", "final") -> deadline
    lines: list[ApprovedLine] = field(default_factory=list)
    income: dict[str, int] = field(default_factory=dict)
    letter_date: dt.date | None = None

    @property
    def revised_budget(self) -> bool:
        """The grant is below what the budget asks of the pool: a revised budget is due."""
        need = sum(line.amount for line in self.lines) - sum(self.income.values())
        return need > self.granted_amount

    def approved(self) -> ApprovedGrant:
        """The approved grant as the project data records it (sheet Tilsagn)."""
        return ApprovedGrant(
            grant=self.granted_amount,
            lines=list(self.lines),
            income=dict(self.income),
            project_start=self.project_start,
            project_end=self.project_end,
            journal_number=self.journal_number,
            deadlines=dict(self.deadlines),
        )

    def body(self) -> dict[str, Any]:
        """Every field of the file but the fingerprint (what it is computed from)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "pool": self.pool,
            "municipality": self.municipality,
            "municipality_code": self.municipality_code,
            "project_name": self.project_name,
            "journal_number": self.journal_number,
            "letter_date": iso(self.letter_date),
            "applied_amount": self.applied_amount,
            "granted_amount": self.granted_amount,
            "revised_budget_required": self.revised_budget,
            "conditions": self.conditions,
            "project_start": iso(self.project_start),
            "project_end": iso(self.project_end),
            "deadlines": {k: iso(v) for k, v in sorted(self.deadlines.items())},
            "lines": [line_dict(line) for line in self.lines],
            "income": dict(sorted(self.income.items())),
            "grant_fingerprint": grant_fingerprint(self.approved()),
        }

    def to_json(self) -> str:
        body = self.body()
        return (
            json.dumps({**body, "fingerprint": fingerprint(body)}, ensure_ascii=False, indent=2)
            + "\n"
        )


def canonical(body: dict[str, Any]) -> str:
    """The canonical serialisation: sorted keys, no spaces, non-ASCII as is."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(body: dict[str, Any]) -> str:
    """sha256 (hex) of the canonical serialisation of ``body`` (without "fingerprint")."""
    rest = {k: v for k, v in body.items() if k != "fingerprint"}
    return hashlib.sha256(canonical(rest).encode("utf-8")).hexdigest()


def _refuse(path: Path, why: str) -> HirDocsError:
    return HirDocsError(
        f"{path.name} kan ikke bruges som tilsagnsfil: {why}. Brug den tilsagnsfil, "
        "STAR sendte med tilsagnsbrevet, uændret."
    )


def _date(path: Path, value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _refuse(path, f"{what} er ikke en dato ('{value}')") from None


def load_record(path: Path) -> GrantRecord:
    """Read and verify a grant record; HirDocsError (Danish) when it is not one, is of
    another version, or its fingerprint does not match (it was edited)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(path, f"filen er ikke JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(path, f"den er ikke i formatet '{FORMAT}'")
    if data.get("version") != VERSION:
        raise _refuse(path, f"version {data.get('version')} kendes ikke (hir-docs læser {VERSION})")
    if data.get("fingerprint") != fingerprint(data):
        raise _refuse(
            path,
            "fingeraftrykket passer ikke med indholdet, så filen er ændret, efter STAR skrev den",
        )
    try:
        record = GrantRecord(
            pool=str(data["pool"]),
            municipality=str(data["municipality"]),
            municipality_code=data.get("municipality_code"),
            project_name=data.get("project_name"),
            journal_number=str(data["journal_number"]),
            applied_amount=data.get("applied_amount"),
            granted_amount=int(data["granted_amount"]),
            conditions=data.get("conditions"),
            project_start=_date(path, data["project_start"], "projektstart"),
            project_end=_date(path, data["project_end"], "projektslut"),
            deadlines={
                k: _date(path, v, f"fristen {k}") for k, v in dict(data["deadlines"]).items()
            },
            lines=[
                ApprovedLine(
                    str(x["key"]),
                    str(x["post"]),
                    x.get("function"),
                    int(x["amount"]),
                    {int(y): int(a) for y, a in dict(x.get("years") or {}).items()},
                    bool(x.get("eligible", True)),
                )
                for x in data["lines"]
            ],
            income={str(k): int(v) for k, v in dict(data.get("income") or {}).items()},
            letter_date=_date(path, data["letter_date"], "brevets dato")
            if data.get("letter_date")
            else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse(path, f"feltet {exc} mangler eller har forkert type") from None
    return record
