"""Plain data of bulk intake: what workers return and what the overview shows.

Workers return only these slim records (no file handles, no document models except
relocated rows when the CPR export is asked for), so memory grows only with the overview.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, Severity, Tally
from hir_docs.model import RelocatedRow
from hir_docs.pools import Pool, load_pool

# Document fields the overview shows for every pool; everything else stays in the worker.
# The pool's own columns add the fields of its application form that have their roles
# (``keep_fields``: expected_citizens and passive_share_target for HIR).
KEEP_FIELDS = {
    "project_name",
    "municipality",
    "municipality_code",
    "requested_amount",
    "total_expenses",
    "income_total",
    "eligible_expenses",
    "fte",
    "rows",
    "citizens",
    "jobcenter",
    "recipient",
    "contact_email",
}


# The roles of application fields the overview has a column for (``bulk.overview``).
OVERVIEW_ROLES = ("participants_expected", "target_share")


def role_fields(pool: Pool) -> dict[str, str]:
    """role -> the key of the pool's application field with it (``application.toml``)."""
    from hir_docs.forms.application_layout import application_form

    return {role: key for key, role in application_form(pool).roles.items()}


@cache
def _keep_fields(pool_id: str) -> frozenset[str]:
    roles = role_fields(load_pool(pool_id))
    return frozenset(KEEP_FIELDS | {roles[r] for r in OVERVIEW_ROLES if r in roles})


def keep_fields(pool: Pool) -> frozenset[str]:
    """The document fields the overview keeps for ``pool``."""
    return _keep_fields(pool.id)


@dataclass(slots=True)
class FileRecord:
    name: str  # relative to the inbox root
    kind: str
    size: int | None
    sha256: str
    submission: str = ""  # unit label
    municipality_code: str | None = None
    errors: int = 0
    warnings: int = 0
    first_error: str | None = None  # code of the first error, for the "Filer" sheet
    modified: float | None = None  # the file's modification time (a zip entry's time)

    @property
    def status(self) -> str:
        if self.errors:
            return f"Fejl ({self.first_error})" if self.first_error else "Fejl"
        if self.warnings:
            return "Advarsler"
        return "OK"


@dataclass(slots=True)
class SlimDoc:
    file: str
    kind: str
    fields: dict[str, Any]
    relocated: list[RelocatedRow] | None = None  # only with --export-registrations
    pool: str | None = None  # the pool the document's title names (None: names none)


@dataclass(slots=True)
class Group(Tally):
    """One submission of one municipality: an overview row with its findings."""

    submission: str  # unit label (folder or loose file name)
    code: str | None
    docs: list[SlimDoc] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def first(self, kind: DocKind, key: str) -> Any:
        for doc in self.docs:
            if doc.kind == kind and doc.fields.get(key) not in (None, ""):
                return doc.fields[key]
        return None

    @property
    def requested(self) -> int | None:
        value = self.first(DocKind.APPLICATION, "requested_amount")
        if value is None:
            value = self.first(DocKind.BUDGET, "requested_amount")
        return int(value) if isinstance(value, int | float) else None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        if self.code and self.code.isdigit():
            return (0, int(self.code), self.submission)
        return (1, 0, self.submission)


@dataclass(slots=True)
class Superseded:
    """An older submission of a municipality that submitted again (not in the sums)."""

    group: Group
    used: str  # the submission used instead
    reason: str  # why that one counts as the newest (Danish)


@dataclass(slots=True)
class UnitResult:
    files: list[FileRecord]
    groups: list[Group]
    loose: list[tuple[Document, list[Finding]]]  # loose files, models kept for cross checks


@dataclass
class BulkResult:
    inbox: Path
    out: Path
    export: Path | None
    groups: list[Group]
    files: list[FileRecord]
    pool_available: int | None  # None: the pool's documents do not give it
    seconds: float = 0.0
    pool: str | None = None  # the pool chosen for the inbox (None: the default pool)
    jobs: int = 1
    exported_rows: int = 0
    superseded: list[Superseded] = field(default_factory=list)  # older resubmissions

    @property
    def findings(self) -> Iterator[tuple[Group, Finding]]:
        for g in self.groups:
            for f in g.findings:
                yield g, f

    @property
    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in Severity}
        for _, f in self.findings:
            counts[str(f.severity)] += 1
        return counts

    @property
    def valid(self) -> bool:
        return self.counts["error"] == 0

    @property
    def municipalities(self) -> int:
        return len({g.code for g in self.groups if g.code})

    @property
    def requested_total(self) -> int:
        return sum(g.requested or 0 for g in self.groups if g.code)

    @property
    def oversubscribed(self) -> int:
        """Kroner asked for beyond what the pool has (0 when it is enough or unknown)."""
        if self.pool_available is None:
            return 0
        return max(0, self.requested_total - self.pool_available)
