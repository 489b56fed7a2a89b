"""Turning a Report into text for people (Danish) or JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Iterable

from hir_docs.findings import SEVERITY_DA, Finding, Report, Severity
from hir_docs.formatting import scrub_cpr
from hir_docs.pipeline import KIND_DA
from hir_docs.rules import Rule

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report_json(report: Report) -> str:
    return scrub_cpr(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))


def _finding_lines(f: Finding) -> list[str]:
    where = f" [{f.location}]" if f.location else ""
    lines = [f"  {SEVERITY_DA[f.severity]:<9}{f.message}{where}"]
    if f.hint:
        lines.append(f"  {'':<9}Sådan retter du: {f.hint}")
    lines.append(f"  {'':<9}({f.code})")
    return lines


def report_text(report: Report) -> str:
    out: list[str] = []
    files: list[str | None] = [d.file for d in report.documents]
    for f in report.findings:
        if f.file not in files:
            files.append(f.file)
    kinds = {d.file: d.kind for d in report.documents}
    for file in files:
        findings = sorted(
            (f for f in report.findings if f.file == file), key=lambda f: _ORDER[f.severity]
        )
        if file is None:
            title = "På tværs af dokumenterne"
        else:
            title = f"{file}  ({KIND_DA.get(kinds.get(file, 'unknown'), 'ukendt fil')})"
        out.append(title)
        out.append("-" * min(len(title), 78))
        if not findings:
            out.append("  OK       Ingen fund.")
        for f in findings:
            out.extend(_finding_lines(f))
        out.append("")
    c = report.counts
    summary = (
        f"I alt: {_plural(c['error'], 'fejl', 'fejl')}, "
        f"{_plural(c['warning'], 'advarsel', 'advarsler')}, {c['info']} info."
    )
    out.append(summary)
    if report.valid:
        out.append("Ingen fejl fundet. Husk at læse advarslerne, før du indsender.")
    else:
        out.append("Der er fejl, som skal rettes, før dokumenterne indsendes til STAR.")
    return scrub_cpr("\n".join(out))


def rules_text(rules: Iterable[Rule]) -> str:
    out: list[str] = []
    rules = list(rules)
    for r in rules:
        out.append(f"{r.code}  [{SEVERITY_DA[r.severity]}, {KIND_DA.get(r.kind, r.kind)}]")
        out.append(f"    {r.description}")
        out.append(f"    Kilde: {r.source}")
    out.append("")
    out.append(f"{len(rules)} regler.")
    return "\n".join(out)


def rules_json(rules: Iterable[Rule]) -> str:
    return json.dumps(
        [
            {
                "code": r.code,
                "severity": str(r.severity),
                "kind": r.kind,
                "description": r.description,
                "source": r.source,
            }
            for r in rules
        ],
        ensure_ascii=False,
        indent=2,
    )
