"""``hir-docs report init``: project data pre-filled from the approved documents (and,
with ``--grant``, from STAR's grant record)."""

from __future__ import annotations

from pathlib import Path

from hir_docs.grants.record import GrantRecord
from hir_docs.model import Application, Budget
from hir_docs.model.grant import record_from, sealed
from hir_docs.model.projectdata import (
    ProjectData,
    SpendLine,
    default_reports,
    periods_between,
    pool_periods,
    report_layout,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.workbook import write_projectdata


def projectdata_from(app: Application, budget: Budget, pool: Pool | None = None) -> ProjectData:
    """A ProjectData with the approved facts and budget lines and empty input fields, and
    the approved grant recorded from them (``ProjectData.approved``, sealed with its
    fingerprint): the grant applied for in the approved budget, every approved expense
    line, the income rows, the project period."""
    pool = pool or load_pool()
    years = sorted(budget.years) or pool.project_years
    lines = []
    for i, bl in enumerate(budget.lines, start=1):
        amounts = {int(y): int(v) for y, v in bl.amounts.items() if v is not None}
        total = bl.total if bl.total is not None else sum(amounts.values())
        lines.append(
            SpendLine(
                key=f"L{i}",
                post=bl.post,
                function=bl.function,
                persons=bl.persons,
                hours=bl.hours,
                rate=bl.rate,
                approved_amounts=amounts,
                budget=int(total),
                eligible=bl.eligible,
            )
        )
    # The application's target of the pool's "share" criterion (reports.toml), when it has one.
    has_target = bool(report_layout(pool).criteria_target_label)
    target = app.passive_share_target if has_target else None
    grant = budget.requested_amount or app.requested_amount
    data = ProjectData(
        project_name=app.project_name or budget.project_name,
        municipality=app.municipality or budget.municipality or budget.recipient,
        municipality_code=app.municipality_code or budget.municipality_code,
        cvr=app.cvr,
        contact=app.contact,
        grant=grant,
        requested_amount=app.requested_amount or budget.requested_amount,
        project_start=pool.date("project_start"),
        project_end=pool.date("project_end"),
        passive_target_raw=app.passive_share_raw if has_target else None,
        passive_target=(target.low, target.high) if target else None,
        periods=pool_periods(pool),
        years=years,
        lines=lines,
        income={k: int(v) for k, v in budget.income.items() if v},
        labour_status={c: (None, None) for c in pool.strings("labour_market_status")},
        reports=default_reports(pool),
    )
    data.approved = record_from(data)
    return data


def write_initial_projectdata(
    app: Application, budget: Budget, out: Path, *, force: bool = False, pool: Pool | None = None
) -> Path:
    """Write the project-data workbook pre-filled from the approved documents' models."""
    return write_projectdata(out, projectdata_from(app, budget, pool), pool=pool, force=force)


def projectdata_from_grant(
    app: Application, budget: Budget, record: GrantRecord, pool: Pool | None = None
) -> ProjectData:
    """The project data of a granted project from STAR's grant record: the grant, the
    approved budget lines and income, the journal number, the project period and every
    deadline exactly as the record says (sheet Tilsagn and Rapporter); the application and
    budget give the rest (contact, CVR, the salary lines' persons, hours and rates)."""
    pool = pool or load_pool()
    data = projectdata_from(app, budget, pool)
    details = {line.key: line for line in data.lines}
    lines = []
    for rec in record.lines:
        own = details.get(rec.key)
        same = own is not None and (own.post, own.function) == (rec.post, rec.function)
        lines.append(
            SpendLine(
                key=rec.key,
                post=rec.post,
                function=rec.function,
                persons=own.persons if same and own else None,
                hours=own.hours if same and own else None,
                rate=own.rate if same and own else None,
                approved_amounts=dict(rec.years),
                budget=rec.amount,
                eligible=rec.eligible,
            )
        )
    data.lines = lines
    data.years = sorted({y for line in record.lines for y in line.years}) or data.years
    data.income = dict(record.income)
    data.grant = record.granted_amount
    data.requested_amount = record.applied_amount
    data.journal_number = record.journal_number
    data.municipality = record.municipality
    data.municipality_code = record.municipality_code or data.municipality_code
    data.project_name = record.project_name or data.project_name
    data.project_start, data.project_end = record.project_start, record.project_end
    data.periods = periods_between(record.project_start, record.project_end)
    reports = default_reports(pool, record.project_end)
    for rep in reports:
        rep.deadline = record.deadlines.get(rep.key)
    data.reports = reports
    data.approved = sealed(record.approved())
    return data


def write_projectdata_from_grant(
    app: Application,
    budget: Budget,
    record: GrantRecord,
    out: Path,
    *,
    force: bool = False,
    pool: Pool | None = None,
) -> tuple[Path, ProjectData]:
    """Write the project-data workbook of a granted project (``projectdata_from_grant``)."""
    data = projectdata_from_grant(app, budget, record, pool)
    return write_projectdata(out, data, pool=pool, force=force), data
