"""The economy part of the status report, the final report and the accounts: one row per
budget line, the totals, the financing and the grant payable."""

from __future__ import annotations

from typing import Any

from hir_docs.formatting import dato
from hir_docs.model.accounts import AccountRow, Accounts, OtherIncome
from hir_docs.model.projectdata import is_own_income, period_label
from hir_docs.pools import Pool
from hir_docs.render.context.fmt import kr, percent


def budget_spread(real_start: bool) -> str:
    """How the budget to date is counted: from the real start when the pool gives one
    (``model.projectdata.work_start``), else from the project start."""
    start = "den egentlige projektstart" if real_start else "projektstart"
    return (
        "Budget til dato: hvert budgetårs beløb fordelt ligeligt på projektets måneder i året "
        f"fra {start} (budgettet er fordelt på år, ikke på halvår)."
    )


def other_first(grantor: str) -> str:
    """How other grantors' money is counted; ``grantor``: the pool's (pool.toml)."""
    return (
        f"Tilskud fra andre tilskudsgivere er fratrukket, som de er modtaget, så {grantor} ikke "
        "betaler udgifter, som en anden tilskudsgiver dækker."
    )


def covered_label(grantor: str) -> str:
    """The label of the grant covered: 'Tilskud fra STAR (tilskudsberettiget forbrug ...)'."""
    return (
        f"Tilskud fra {grantor} (tilskudsberettiget forbrug minus andre tilskudsgivere, højst "
        "bevilget tilskud)"
    )


OUTSIDE = "ikke i det godkendte budget"


def grantor_label(name: str) -> str:
    """'Tilskud fra Region Midt' for another grantor, whether or not the name says it."""
    return name if name.startswith("Tilskud fra") else f"Tilskud fra {name}"


def deviation_note(acc: Accounts, real_start: bool = True) -> str:
    """How the deviation is counted: to date in part accounts, over the whole period in
    the final accounts."""
    if acc.period:
        return (
            "Afvigelse = forbrug til dato minus budget til dato (positiv: over budget). "
            + budget_spread(real_start)
        )
    return "Afvigelse = forbrug minus budget for hele projektperioden (positiv: over budget)."


def row_label(r: AccountRow) -> str:
    """The line's name; a line outside the approved budget says so."""
    return r.line.label if r.approved else f"{r.line.label} ({OUTSIDE})"


def row_remark(r: AccountRow, period: str | None) -> str:
    """The remark of the period (the whole project's in the final accounts); a line
    outside the approved budget falls back on its overall remark (the explanation)."""
    remark = r.line.remark_for(period)
    if not remark and not r.approved:
        remark = r.line.remark
    return remark or ""


def other_note(acc: Accounts, grantor: str) -> str:
    """How other grantors' money is counted, and whose receipts are not reported."""
    if not acc.other_income:
        return ""
    parts = [other_first(grantor)]
    for o in acc.other_income:
        if o.budget is None and acc.recorded:
            parts.append(f"{grantor_label(o.name)} står ikke i det godkendte budget.")
        if not o.reported:
            which = "godkendte" if o.budget is not None else "budgetterede"
            parts.append(
                f"Modtagne beløb fra {o.name} er ikke opgjort; det {which} beløb på "
                f"{kr(o.expected)} er fratrukket."
            )
    return " ".join(parts)


def _other_row(o: OtherIncome, recorded: bool) -> dict[str, str]:
    missing = "ikke opgjort"
    return {
        "name": grantor_label(o.name),
        "budget": kr(o.budget) if o.budget is not None else OUTSIDE if recorded else "–",
        "received_period": kr(o.received_period) if o.reported else missing,
        "received": kr(o.received) if o.reported else missing,
        "counted": kr(o.counted),
    }


def financing_figures(acc: Accounts, grantor: str) -> list[dict[str, Any]]:
    """Who finances the spending, as numbers: name, the approved budget (kroner; the text
    ``OUTSIDE`` for a grantor not in it) and the accounts (to date), with the total."""
    own_budget = sum(v for k, v in acc.approved_income.items() if is_own_income(k))
    rows: list[dict[str, Any]] = [
        {"name": f"Tilskud fra {grantor}", "budget_kr": acc.grant, "amount_kr": acc.grant_covered}
    ]
    rows += [
        {
            "name": grantor_label(o.name),
            "budget_kr": o.budget if o.budget is not None else OUTSIDE,
            "amount_kr": o.counted,
        }
        for o in acc.other_income
    ]
    rows.append(
        {
            "name": "Kommunens egenfinansiering",
            "budget_kr": own_budget,
            "amount_kr": acc.own_financing,
        }
    )
    approved = acc.grant + sum(o.budget or 0 for o in acc.other_income) + own_budget
    rows.append({"name": "I alt", "budget_kr": approved, "amount_kr": acc.spent_total})
    return rows


def financing_rows(acc: Accounts, grantor: str) -> list[dict[str, str]]:
    """``financing_figures`` as Danish text."""
    return [
        {
            "name": f["name"],
            "budget": kr(f["budget_kr"]) if isinstance(f["budget_kr"], int) else f["budget_kr"],
            "amount": kr(f["amount_kr"]),
        }
        for f in financing_figures(acc, grantor)
    ]


def requests(acc: Accounts) -> list[dict[str, str]]:
    """The earlier part accounts: what each requested and what STAR has paid for it."""
    return [
        {
            "label": f"Delregnskab {period_label(r.period)}",
            "requested": kr(r.requested),
            "paid": kr(r.paid),
            "outstanding": kr(r.outstanding),
            "due": dato(r.due),
        }
        for r in acc.requests
    ]


def economy(acc: Accounts, pool: Pool) -> dict[str, Any]:
    """The economy a report or accounts document shows (``pool``: its grantor, and whether
    the budget to date runs from a real start)."""
    grantor = pool.grantor
    rows = [
        {
            "key": r.line.key,
            "post": r.line.post,
            "function": r.line.function or "",
            "label": row_label(r),
            "budget": kr(r.budget),
            "budget_to_date": kr(r.budget_to_date),
            "spent_period": kr(r.spent_period),
            "spent": kr(r.spent),
            "deviation": kr(r.deviation),
            "deviation_pct": percent(r.deviation_pct),
            "remark": row_remark(r, acc.period),
            "approved": "Ja" if r.approved else "Nej – ikke i godkendt budget",
        }
        for r in acc.rows
    ]
    financing = [{"name": f"Tilskud fra {grantor}", "amount": kr(acc.grant_covered)}]
    financing += [
        {"name": grantor_label(name), "amount": kr(amount)}
        for name, amount in acc.other_grantors.items()
    ]
    financing += [{"name": "Kommunens egenfinansiering", "amount": kr(acc.own_financing)}]
    return {
        "lines": rows,
        "remarks": [{"label": r["label"], "remark": r["remark"]} for r in rows if r["remark"]],
        "spent_heading": "Forbrug til dato" if acc.period else "Forbrug",
        "total_heading": "Udgifter til dato i alt" if acc.period else "Udgifter i alt",
        "deviation_note": deviation_note(acc, pool.known("real_start")),
        "budget_total": kr(acc.budget_total),
        "budget_to_date_total": kr(acc.budget_to_date_total),
        "spent_period_total": kr(acc.spent_period_total),
        "spent_total": kr(acc.spent_total),
        "deviation_total": kr(acc.deviation_total),
        "deviation_total_pct": percent(acc.deviation_total_pct),
        "eligible_spent": kr(acc.eligible_spent),
        "grant": kr(acc.grant),
        "grant_covered": kr(acc.grant_covered),
        "other_total": kr(acc.other_total),
        "has_other": bool(acc.other_income),
        "other_note": other_note(acc, grantor),
        "other": [_other_row(o, acc.recorded) for o in acc.other_income],
        "financing": financing,
        "financing_rows": financing_rows(acc, grantor),
        "budget_heading": "Godkendt budget" if acc.recorded else "Budget",
        "accounts_heading": "Regnskab til dato" if acc.period else "Regnskab",
        "own_financing": kr(acc.own_financing),
        "paid": kr(acc.paid),
        "pending": kr(acc.pending),
        "has_pending": acc.pending > 0,
        "requests": requests(acc),
        "payable": kr(acc.requested),
        "repayment": kr(acc.repayment) if acc.repayment else "",
        "withdrawn": kr(acc.withdrawn) if acc.withdrawn else "",
        "due": dato(acc.due),
    }
