"""Every rule module, listed in one place: the catalogue and the checks to run.

Rule modules define their rules and checks with ``hir_docs.rules.define`` and
``hir_docs.rules.check``; listing them here is what puts them in the catalogue.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from hir_docs.findings import Finding
from hir_docs.rules import (
    CHECKS,
    RULES,
    CheckSpec,
    Context,
    Rule,
    annotate,
    application,
    application_scope,
    budget,
    budget_totals,
    budget_workbook,
    bulk,
    citizen_cross,
    citizen_text,
    citizens,
    cross,
    file,
    followup,
    grants,
    projectdata,
    projectdata_caseload,
    projectdata_grant,
    projectdata_reports,
    registers,
    registration_history,
    registrations,
    submission,
)
from hir_docs.rules import pools as pool_rules

MODULES: tuple[ModuleType, ...] = (
    file,
    application,
    application_scope,
    budget,
    budget_totals,
    budget_workbook,
    cross,
    pool_rules,
    submission,
    citizen_text,
    citizens,
    registrations,
    registration_history,
    citizen_cross,
    projectdata,
    projectdata_reports,
    projectdata_caseload,
    projectdata_grant,
    grants,
    registers,
    bulk,
    followup,
    annotate,
)
ORDER = [
    "file",
    "application",
    "budget",
    "cross",
    "relocated",
    "registrations",
    "projectdata",
    "activity",
    "progression",
    "participants",
]


def catalogue() -> list[Rule]:
    """Every rule of every module in ``MODULES``, grouped by document kind, then by code."""
    return sorted(
        RULES.values(),
        key=lambda r: (ORDER.index(r.scope) if r.scope in ORDER else 99, r.code),
    )


def checks() -> list[CheckSpec]:
    """Every declared check, with the rules it can emit."""
    return [spec for specs in CHECKS.values() for spec in specs]


def run_checks(kind: str, model: Any, ctx: Context) -> list[Finding]:
    """All findings of the checks registered for ``kind`` on ``model``."""
    out: list[Finding] = []
    for spec in CHECKS.get(kind, []):
        out.extend(spec.fn(model, ctx))
    return out
