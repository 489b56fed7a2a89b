"""Findings are values: what a rule or a reader found, never an exception."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Danish labels for people.
SEVERITY_DA = {Severity.ERROR: "FEJL", Severity.WARNING: "ADVARSEL", Severity.INFO: "INFO"}
# Most serious first: the order findings are listed and a cell's colour is chosen in.
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class DocKind(StrEnum):
    """What a document is. JSON and code use the value; people read ``label``."""

    APPLICATION = "application"
    BUDGET = "budget"
    RELOCATED = "relocated"
    REGISTRATIONS = "registrations"
    PROJECTDATA = "projectdata"
    # The registers of the plug-ins "activity", "progression" (Flere skal med) and
    # "participants" (the 2011 programme).
    ACTIVITY = "activity"
    PROGRESSION = "progression"
    PARTICIPANTS = "participants"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return KIND_DA[self.value]


class RuleScope(StrEnum):
    """What a rule is about when it is not one document kind."""

    FILE = "file"  # the file as a file: safe opening, size, what it is
    CROSS = "cross"  # several documents of one submission together

    @property
    def label(self) -> str:
        return KIND_DA[self.value]


KIND_DA = {
    "application": "ansøgningsskema",
    "budget": "budgetskema",
    "relocated": "skema til fraflyttede borgere",
    "registrations": "registreringsskema (sagsstammer)",
    "projectdata": "projektdata (rapportering)",
    "activity": "aktivitetsregister (indsatsgruppen)",
    "progression": "progressionsskema",
    "participants": "deltagerregister",
    "unknown": "ukendt fil",
    "file": "alle filer",
    "cross": "på tværs af dokumenter",
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    field: str | None = None
    location: str | None = None
    hint: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d


class Tally:
    """The errors, warnings and status word ("Fejl", "Advarsler", "OK") of something that
    holds ``findings``: a submission in the bulk overview, a project in the follow-up."""

    __slots__ = ()
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def status(self) -> str:
        return "Fejl" if self.errors else "Advarsler" if self.warnings else "OK"


@dataclass
class Document:
    """One input file as read: its kind and its extracted fields (JSON-able)."""

    file: str
    kind: str  # a DocKind value: application | budget | relocated | registrations | projectdata | unknown
    fields: dict[str, Any] = field(default_factory=dict)
    model: Any = None  # the typed model object (not serialised)
    pool: Any = None  # how its pool was chosen (``pools.detect.Choice``; not serialised)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind, "fields": self.fields}


@dataclass
class Report:
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pool: dict[str, str] | None = None  # the pool checked against: {"id": ..., "name": ...}

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in Severity}
        for f in self.findings:
            counts[str(f.severity)] += 1
        return counts

    @property
    def valid(self) -> bool:
        return self.counts["error"] == 0

    def codes(self, file: str | None = None) -> list[str]:
        """The finding codes in order (of one file when ``file`` is given)."""
        return codes(f for f in self.findings if file is None or f.file == file)

    def one(self, code: str) -> Finding:
        """The one finding with ``code``; AssertionError when there are none or several."""
        return one(self.findings, code)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"valid": self.valid, "counts": self.counts}
        if self.pool is not None:
            data["pool"] = self.pool
        data["documents"] = [d.to_dict() for d in self.documents]
        data["findings"] = [f.to_dict() for f in self.findings]
        return data


def codes(findings: Iterable[Finding]) -> list[str]:
    """The codes of ``findings``, in order."""
    return [f.code for f in findings]


def one(findings: Iterable[Finding], code: str) -> Finding:
    """The one finding with ``code``; AssertionError when there are none or several."""
    findings = list(findings)
    found = [f for f in findings if f.code == code]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} fund med koden {code}: {codes(findings)}")
    return found[0]


class HirDocsError(Exception):
    """Cannot continue (bad arguments, output exists, ...). Message is Danish."""
