"""The payment computations of the pools that do not pay in arrears (issue 23), from a
register already read and checked by the pipeline:

- a **results** model (the 2011 programme): the statement per quarter from the participant
  register and the amount per participant of the grant letter (``model.results``), written
  as a workbook (``render.payment_statement``) and a Word summary;
- an **instalment** released by the activity requirement (Flere skal med): the share per
  month and the forecast of when the instalment can be requested (``model.activity``),
  written as a workbook and a Word summary.

What the sources leave to the grant letter (the amount per participant, the project start)
is a parameter; without it the computation stops with a Danish message saying what to give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from hir_docs.findings import DocKind, Document, HirDocsError
from hir_docs.pools import Pool
from hir_docs.pools.payment import payment_spec


@dataclass
class Grant:
    """What the grant letter says (the sources do not)."""

    per_participant: str | None = None  # kroner
    participants: int | None = None  # the participants the grant expects
    project_amount: str | None = None  # kroner
    start: dt.date | None = None
    end: dt.date | None = None
    grant: str | None = None  # kroner: the municipality's grant (instalments)


@dataclass
class PaymentResult:
    text: str  # Danish, for the terminal
    data: dict[str, object]
    written: list[Path] = field(default_factory=list)


def _decimal(value: str | None, what: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.replace(".", "").replace(",", ".").replace("kr", "").strip())
    except InvalidOperation:
        raise HirDocsError(
            f"{what} skal være et beløb i kroner, fx 10000 eller 10.000,50."
        ) from None


def compute(
    doc: Document, pool: Pool, grant: Grant, out: Path | None, *, force: bool = False
) -> PaymentResult:
    """The computation for the register ``doc`` of ``pool``; writes into ``out`` when given."""
    if doc.kind == DocKind.PARTICIPANTS:
        return _results(doc, pool, grant, out, force)
    if doc.kind == DocKind.ACTIVITY:
        return _activity(doc, pool, grant, out, force)
    raise HirDocsError(
        f"{Path(doc.file).name} er ikke et deltagerregister eller et aktivitetsregister, så "
        "der er ingen udbetaling at beregne. Brug puljens tomme register (siden Tomme skemaer)."
    )


def _period(pool: Pool, grant: Grant) -> tuple[dt.date | None, dt.date | None]:
    start = grant.start or (pool["project_start"] if pool.known("project_start") else None)
    end = grant.end or (pool["project_end"] if pool.known("project_end") else None)
    return start, end


def _results(
    doc: Document, pool: Pool, grant: Grant, out: Path | None, force: bool
) -> PaymentResult:
    from hir_docs.model.results import Amounts, kroner, statement
    from hir_docs.readers.registers import payment_events, target_group
    from hir_docs.render.payment_statement import write_payment_statement
    from hir_docs.render.payment_summary import results_summary

    per = _decimal(grant.per_participant, "Beløbet pr. deltager")
    if per is None:
        raise HirDocsError(
            "Beløbet pr. deltager står ikke i puljens kilder: angiv det fra bevillingsbrevet "
            "(--per-participant, fx 10000)."
        )
    start, end = _period(pool, grant)
    if start is None:
        raise HirDocsError(
            "Projektperioden fastsættes pr. bevilling: angiv projektets start fra "
            "bevillingsbrevet (--start, fx 2011-08-01)."
        )
    amounts = Amounts.from_kroner(
        per,
        expected_participants=grant.participants,
        project_amount=_decimal(grant.project_amount, "Projektbeløbet"),
    )
    try:
        result = statement(
            doc.model.model,
            payment_events(pool),
            amounts,
            start,
            project_end=end,
            target=target_group(pool),
        )
    except ValueError as exc:
        raise HirDocsError(str(exc)) from None
    written = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        written.append(
            write_payment_statement(out / "udbetalingsopgoerelse.xlsx", result, force=force)
        )
        written.append(
            results_summary(out / "udbetalingsopgoerelse.docx", result, pool, force=force)
        )
    lines = [f"Udbetalingsopgørelse – {pool.name}", result.note, ""]
    for q in result.quarters:
        lines.append(
            f"  {q.quarter.label}: {_kr(kroner(q.total))} (i alt {_kr(kroner(q.accumulated))})"
        )
    total = result.quarters[-1].accumulated if result.quarters else 0
    data: dict[str, object] = {
        "pool": pool.id,
        "kind": "results",
        "quarters": [
            {
                "quarter": q.quarter.label,
                "amount": str(kroner(q.total)),
                "accumulated": str(kroner(q.accumulated)),
                "events": {
                    e.event.key: {"count": e.count, "amount": str(kroner(e.amount))}
                    for e in q.events
                },
            }
            for q in result.quarters
        ],
        "total": str(kroner(total)),
        "note": result.note,
        "assumptions": list(result.assumptions),
    }
    return PaymentResult("\n".join(lines), data, written)


def _kr(value: Decimal) -> str:
    from hir_docs.formatting import kr

    return kr(float(value)).replace(",00 kr.", " kr.")


def _activity(
    doc: Document, pool: Pool, grant: Grant, out: Path | None, force: bool
) -> PaymentResult:
    from hir_docs.model.activity import instalment_forecast, monthly_shares, percent_text
    from hir_docs.render.payment_summary import activity_summary, activity_workbook

    event = next((e for e in payment_spec(pool).events if e.condition == "activity"), None)
    if event is None or event.share is None:
        raise HirDocsError(f"Puljen {pool.name} har ingen rate, som aktivitetskravet udløser.")
    register = doc.model.model
    shares = monthly_shares(
        register.citizens, register.months, counted=tuple(pool["activity_words"])
    )
    amount = _decimal(grant.grant, "Tilskuddet")
    digits = "".join(ch for ch in event.key if ch.isdigit())
    forecast = instalment_forecast(
        shares,
        earliest_payment=pool[event.earliest] if event.earliest else dt.date.min,
        length=int(pool.number("activity_months")),
        threshold=Fraction(str(pool.number("activity_threshold_pct"))) / 100,
        instalment=int(digits) if digits else 0,
        instalment_share=event.share,
        grant=int(amount) if amount is not None else None,
    )
    written = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        written.append(
            activity_workbook(out / "aktivitetskrav.xlsx", shares, forecast, pool, force=force)
        )
        written.append(
            activity_summary(out / "aktivitetskrav.docx", shares, forecast, pool, force=force)
        )
    lines = [f"Aktivitetskravet – {pool.name}", forecast.text, ""]
    for s in shares:
        share = percent_text(s.share) if s.share is not None else "–"
        lines.append(f"  {s.month.label}: {s.numerator} af {s.denominator} = {share}")
    data: dict[str, object] = {
        "pool": pool.id,
        "kind": "activity",
        "months": [
            {"month": s.month.label, "in_activity": s.numerator, "group": s.denominator}
            for s in shares
        ],
        "reached": forecast.reached,
        "requestable_from": forecast.requestable_from.isoformat()
        if forecast.requestable_from
        else None,
        "earliest_payment": forecast.earliest_payment.isoformat(),
        "text": forecast.text,
    }
    return PaymentResult("\n".join(lines), data, written)
