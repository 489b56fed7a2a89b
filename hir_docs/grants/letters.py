"""``hir-docs grants letters``: a grant letter and a grant record per granted
municipality, a refusal letter per refused application, from STAR's decision sheet.

Facts come from the pool (its name, account, grantor, the titles of its reports, its
payment model, the audit threshold), amounts and deadlines from the decision, the approved
budget lines and income from the municipality's budget in the inbox (read again with the
same pipeline as ``hir-docs check``). A decision with an empty cell the letter needs
writes no letter: a finding says what is missing. Nothing is written when an output
exists (without ``force``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.files.output import atomic_write, atomic_write_bytes, ensure_writable
from hir_docs.findings import DocKind, Finding, HirDocsError
from hir_docs.formatting import dato, kr
from hir_docs.grants.decisions import Decision, read_decisions
from hir_docs.grants.record import GrantRecord
from hir_docs.model import Budget
from hir_docs.model.projectdata import ApprovedLine, ReportDue, default_reports
from hir_docs.pools import Pool, load_pool
from hir_docs.pools.payment import payment_spec
from hir_docs.rules import CheckOptions
from hir_docs.rules.grants import (
    BUDGET_UNREADABLE,
    DECISION_INCOMPLETE,
    DECISION_MISSING,
)

GRANT_TEMPLATE = "grant_letter.docx"
REFUSAL_TEMPLATE = "refusal_letter.docx"


@dataclass
class LettersResult:
    """What ``write_letters`` did: every file written (letters, PDFs, grant records), the
    grant records by municipality code, and the findings about the decisions."""

    written: list[Path] = field(default_factory=list)
    records: dict[str, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    granted: int = 0
    refused: int = 0


@dataclass
class _Plan:
    decision: Decision
    letter: Path
    context: dict[str, Any]
    template: str
    record: GrantRecord | None = None
    record_path: Path | None = None


def payment_text(pool: Pool) -> str:
    """How the pool pays, in Danish, from its payment model (``payment.toml``)."""
    spec = payment_spec(pool)
    grantor = pool.grantor
    if spec.model == "arrears":
        return (
            "Tilskuddet udbetales bagudrettet hvert halvår på grundlag af delregnskabet for "
            f"halvåret og til sidst det endelige regnskab. {grantor} udbetaler aldrig mere end "
            "tilsagnet, og tilskud fra andre tilskudsgivere går forud."
        )
    if spec.model == "instalments":
        parts = [
            f"{e.label} ({int(e.share * 100)} %)" if e.share is not None else e.label
            for e in spec.events
        ]
        return f"Tilskuddet udbetales i rater: {', '.join(parts)}."
    return (
        "Tilskuddet udbetales som resultatbaseret støtte, opgjort hvert kvartal ud fra "
        "deltagerregistret."
    )


def _reports(pool: Pool) -> list[ReportDue]:
    return default_reports(pool, pool.date("project_end"))


def _common(pool: Pool, d: Decision, today: dt.date) -> dict[str, Any]:
    municipality = d.municipality or f"kommunekode {d.code}"
    return {
        "document_title": "",
        "page_header": f"{pool.grantor} · {municipality}",
        "letter_date": dato(today),
        "journal_number": d.journal_number or "",
        "municipality": municipality,
        "municipality_code": d.code or "",
        "pool_name": pool.name,
        "account": pool.account,
        "grantor": pool.grantor,
        "project_name": d.project_name or "",
        "applied_amount": kr(d.applied) if d.applied is not None else "–",
    }


def grant_context(
    pool: Pool, record: GrantRecord, record_file: str, today: dt.date
) -> dict[str, Any]:
    """The grant letter's values (every one a fact of the record or the pool)."""
    titles = {r.key: r for r in _reports(pool)}
    threshold = pool.amount("audit_threshold") if pool.known("audit_threshold") else None
    d = Decision(
        row=0,
        code=record.municipality_code,
        municipality=record.municipality,
        submission=None,
        project_name=record.project_name,
        applied=record.applied_amount,
        application_file=None,
        budget_file=None,
        journal_number=record.journal_number,
    )
    applied = record.applied_amount or record.granted_amount
    return {
        **_common(pool, d, today),
        "document_title": "Tilsagn om tilskud",
        "granted_amount": kr(record.granted_amount),
        "project_period": f"{dato(record.project_start)} – {dato(record.project_end)}",
        "revised_budget": record.revised_budget,
        "reduction": kr(max(0, applied - record.granted_amount)),
        "conditions": record.conditions or "",
        "deadlines": [
            {
                "title": titles[k].title if k in titles else k,
                "period": _period(titles.get(k)),
                "deadline": dato(day),
            }
            for k, day in sorted(
                record.deadlines.items(), key=lambda kv: (kv[1], _order(pool, kv[0]))
            )
        ],
        "audit_required": threshold is not None and record.granted_amount > threshold,
        "audit_threshold": kr(threshold) if threshold is not None else "",
        "payment_text": payment_text(pool),
        "lines": [
            {
                "key": line.key,
                "post": line.post,
                "function": line.function or "",
                "amount": kr(line.amount),
                "eligible": "ja" if line.eligible else "nej",
            }
            for line in record.lines
        ],
        "lines_total": kr(sum(line.amount for line in record.lines)),
        "income": [{"name": k, "amount": kr(v)} for k, v in record.income.items()],
        "record_file": record_file,
    }


def _order(pool: Pool, key: str) -> int:
    keys = [r.key for r in _reports(pool)]
    return keys.index(key) if key in keys else len(keys)


def _period(report: ReportDue | None) -> str:
    if report is None or report.period is None:
        return "hele projektperioden"
    from hir_docs.model.projectdata import period_bounds

    lo, hi = period_bounds(report.period)
    return f"{dato(lo)} – {dato(hi)}"


def refusal_context(pool: Pool, d: Decision, today: dt.date) -> dict[str, Any]:
    return {**_common(pool, d, today), "document_title": "Afslag", "reason": d.reason or ""}


def sample_letter_context() -> dict[str, Any]:
    """Every name the two letters' contexts give (``templates check``)."""
    pool = load_pool()
    reports = _reports(pool)
    record = GrantRecord(
        pool=pool.id,
        municipality="Viborg Kommune",
        municipality_code="791",
        project_name="x",
        journal_number="1",
        applied_amount=2,
        granted_amount=1,
        conditions="x",
        project_start=dt.date(2018, 1, 1),
        project_end=dt.date(2019, 1, 1),
        deadlines={r.key: dt.date(2019, 1, 1) for r in reports},
        lines=[ApprovedLine("L1", "Løn", "Sagsbehandler", 2)],
        income={"Medfinansiering": 1},
    )
    d = Decision(0, "791", "x", "x", "x", 2, None, None, reason="x")
    return {
        **grant_context(pool, record, "x.json", dt.date(2019, 1, 1)),
        **refusal_context(pool, d, dt.date(2019, 1, 1)),
    }


# --- the run ----------------------------------------------------------------------------


def _budget(inbox: Path, d: Decision, pool: Pool) -> Budget | None:
    """The municipality's budget as the overview read it (None: cannot be read)."""
    from hir_docs.pipeline import process_file

    if not d.budget_file:
        return None
    path = (inbox / d.budget_file).resolve()
    if not path.is_relative_to(inbox.resolve()) or not path.is_file():
        return None
    doc, _findings = process_file(path, CheckOptions(pool=pool.id))
    model = doc.model
    if doc.kind != DocKind.BUDGET or not isinstance(model, Budget) or not model.lines:
        return None
    return model


def _lines(budget: Budget) -> list[ApprovedLine]:
    out = []
    for i, bl in enumerate(budget.lines, start=1):
        years = {int(y): int(v) for y, v in bl.amounts.items() if v is not None}
        total = bl.total if bl.total is not None else sum(years.values())
        out.append(ApprovedLine(f"L{i}", bl.post, bl.function, int(total), years, bl.eligible))
    return out


def _missing(d: Decision, keys: list[str], titles: dict[str, str]) -> list[tuple[str, str]]:
    """What the letter needs and the row lacks: (the column's key, in Danish)."""
    missing = []
    if d.granted and d.amount is None:
        missing.append(("amount", "det bevilgede beløb"))
    if not d.journal_number:
        missing.append(("journal", "journalnummeret"))
    if d.granted:
        absent = [k for k in keys if d.deadlines.get(k) is None]
        if absent:
            missing.append((absent[0], "fristen for " + ", ".join(titles[k] for k in absent)))
    return missing


def write_letters(
    decisions: Path,
    inbox: Path,
    outdir: Path,
    *,
    pdf: bool = False,
    force: bool = False,
    today: dt.date | None = None,
    pool: str | None = None,
) -> LettersResult:
    """Write the letters (and grant records) for every decision of the sheet."""
    from hir_docs.render.docx_render import load_template, render_docx

    today = today or dt.date.today()
    pool_id, rows, findings = read_decisions(decisions)
    chosen = load_pool(pool or pool_id)
    if not chosen.known("project_end"):
        raise HirDocsError(
            f"Puljen {chosen.name} har ingen fast projektperiode; tilsagnsbreve kan ikke laves."
        )
    reports = _reports(chosen)
    keys = [r.key for r in reports]
    titles = {r.key: r.title for r in reports}
    result = LettersResult(findings=list(findings))
    plans: list[_Plan] = []
    for d in rows:
        if d.invalid:
            continue
        who = d.municipality or f"kommunekode {d.code}"
        if d.granted is None:
            result.findings.append(
                DECISION_MISSING.finding(
                    f"{who} har endnu ingen afgørelse; der er ikke skrevet noget brev.",
                    file=str(decisions),
                    location=d.location("granted"),
                )
            )
            continue
        missing = _missing(d, keys, titles)
        if missing:
            what = "tilsagnsbrev" if d.granted else "afslag"
            result.findings.append(
                DECISION_INCOMPLETE.finding(
                    f"{who}: afgørelsen mangler {' og '.join(t for _k, t in missing)}; der er "
                    f"ikke skrevet noget {what}.",
                    file=str(decisions),
                    location=d.location(missing[0][0]),
                )
            )
            continue
        code = d.code or str(d.row)
        if not d.granted:
            plans.append(
                _Plan(
                    d,
                    outdir / f"afslag_{code}.docx",
                    refusal_context(chosen, d, today),
                    REFUSAL_TEMPLATE,
                )
            )
            continue
        budget = _budget(inbox, d, chosen)
        if budget is None:
            result.findings.append(
                BUDGET_UNREADABLE.finding(
                    f"{who}: budgetskemaet '{d.budget_file or 'ingen fil i oversigten'}' i "
                    f"indbakken {inbox} kan ikke læses; hverken tilsagnsbrev eller tilsagnsfil "
                    "er skrevet.",
                    file=str(decisions),
                    location=d.location("budget_file"),
                )
            )
            continue
        record = GrantRecord(
            pool=chosen.id,
            municipality=d.municipality or who,
            municipality_code=d.code,
            project_name=d.project_name or budget.project_name,
            journal_number=d.journal_number or "",
            applied_amount=d.applied,
            granted_amount=int(d.amount or 0),
            conditions=d.conditions,
            project_start=chosen.date("project_start"),
            project_end=chosen.date("project_end"),
            deadlines={k: v for k in keys if (v := d.deadlines.get(k)) is not None},
            lines=_lines(budget),
            income={k: int(v) for k, v in budget.income.items() if v},
            letter_date=today,
        )
        record_path = outdir / f"tilsagn_{code}.json"
        context = grant_context(chosen, record, record_path.name, today)
        plans.append(
            _Plan(
                d,
                outdir / f"tilsagnsbrev_{code}.docx",
                context,
                GRANT_TEMPLATE,
                record,
                record_path,
            )
        )
    # Refuse before writing anything: no half-written set of letters.
    targets = [p.letter for p in plans] + [p.record_path for p in plans if p.record_path]
    targets += [p.letter.with_suffix(".pdf") for p in plans] if pdf else []
    for target in targets:
        if target.exists():
            ensure_writable(target, force)
    from hir_docs.render.pdf import write_pdf

    for plan in plans:
        tpl = load_template(plan.template, None, chosen)

        def render(path: Path, tpl: Any = tpl, context: dict[str, Any] = plan.context) -> None:
            render_docx(tpl, context, path)

        result.written.append(atomic_write(plan.letter, render, force=force))
        if pdf:
            result.written.append(write_pdf(plan.letter, force, today))
        if plan.record is not None and plan.record_path is not None:
            data = plan.record.to_json().encode("utf-8")
            result.written.append(atomic_write_bytes(plan.record_path, data, force=force))
            result.records[plan.decision.code or ""] = plan.record_path
            result.granted += 1
        else:
            result.refused += 1
    return result
