"""The rule catalogue.

A *rule* is a catalogue entry (code, severity, document kind, source, description).
A *check* is a small function that yields findings for one document kind; it builds
its findings through the rule so code, severity and source always agree with the
catalogue that ``hir-docs rules`` prints.

Kinds: application, budget, relocated, registrations, projectdata, file (safety and
reading), cross (several documents together).

This module holds only the building blocks; ``hir_docs.rules.registry`` lists every
rule module in one place and runs the checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hir_docs.findings import Finding, Severity
from hir_docs.formatting import scrub_cpr
from hir_docs.pools import Pool, load_pool


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    kind: str
    source: str
    description: str

    def finding(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        location: str | None = None,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=scrub_cpr(message),
            file=file,
            field=field,
            location=location,
            hint=scrub_cpr(hint) if hint else None,
            source=self.source,
        )


RULES: dict[str, Rule] = {}


def define(code: str, severity: Severity | str, kind: str, source: str, description: str) -> Rule:
    """Register a rule in the catalogue (import time). Codes are unique."""
    if code in RULES:
        raise ValueError(f"duplicate rule code {code}")
    rule = Rule(code, Severity(severity), kind, source, description)
    RULES[code] = rule
    return rule


@dataclass
class CheckOptions:
    submitted: dt.datetime | None = None  # --submitted: when the application was sent
    snapshot_dates: tuple[dt.date, ...] = ()  # --on: caseload snapshot dates
    today: dt.date | None = None  # for deadline rules on reports (default: date.today())


@dataclass
class Context:
    file: str
    pool: Pool = field(default_factory=load_pool)
    options: CheckOptions = field(default_factory=CheckOptions)


Check = Callable[[Any, Context], Iterator[Finding]]
CHECKS: dict[str, list[Check]] = {}


def check(kind: str) -> Callable[[Check], Check]:
    """Decorator: register a check function for a document kind."""

    def deco(fn: Check) -> Check:
        CHECKS.setdefault(kind, []).append(fn)
        return fn

    return deco
