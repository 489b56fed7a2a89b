"""The economy part of the status report, the final report and the accounts: one row per
budget line, the totals, the financing and the grant payable."""

from __future__ import annotations

from typing import Any

from hir_docs.formatting import dato
from hir_docs.model.accounts import Accounts
from hir_docs.render.context.fmt import kr, percent

BUDGET_SPREAD = (
    "Budget til dato: hvert budgetårs beløb fordelt ligeligt på projektets måneder i året "
    "fra den egentlige projektstart (budgettet er fordelt på år, ikke på halvår)."
)
OTHER_FIRST = (
    "Tilskud fra andre tilskudsgivere er trukket fra først, så STAR ikke betaler udgifter, "
    "som en anden tilskudsgiver dækker. Den endelige fordeling afgøres af det endelige regnskab."
)
STAR_COVERED = (
    "Tilskud fra STAR (tilskudsberettiget forbrug minus andre tilskudsgivere, højst bevilget "
    "tilskud)"
)


def grantor_label(name: str) -> str:
    """'Tilskud fra Region Midt' for another grantor, whether or not the name says it."""
    return name if name.startswith("Tilskud fra") else f"Tilskud fra {name}"


def deviation_note(acc: Accounts) -> str:
    """How the deviation is counted: to date in part accounts, over the whole period in
    the final accounts."""
    if acc.period:
        return (
            "Afvigelse = forbrug til dato minus budget til dato (positiv: over budget). "
            + BUDGET_SPREAD
        )
    return "Afvigelse = forbrug minus budget for hele projektperioden (positiv: over budget)."


def economy(acc: Accounts) -> dict[str, Any]:
    rows = [
        {
            "key": r.line.key,
            "post": r.line.post,
            "function": r.line.function or "",
            "label": r.line.label,
            "budget": kr(r.budget),
            "budget_to_date": kr(r.budget_to_date),
            "spent_period": kr(r.spent_period),
            "spent": kr(r.spent),
            "deviation": kr(r.deviation),
            "deviation_pct": percent(r.deviation_pct),
            "remark": r.line.remark_for(acc.period) or "",
            "approved": "Ja" if r.line.approved else "Nej – ikke i godkendt budget",
        }
        for r in acc.rows
    ]
    financing = [{"name": "Tilskud fra STAR", "amount": kr(acc.grant_covered)}]
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
        "deviation_note": deviation_note(acc),
        "budget_total": kr(acc.budget_total),
        "budget_to_date_total": kr(acc.budget_to_date_total),
        "spent_period_total": kr(acc.spent_period_total),
        "spent_total": kr(acc.spent_total),
        "deviation_total": kr(acc.deviation_total),
        "deviation_total_pct": percent(acc.deviation_total_pct),
        "eligible_spent": kr(acc.eligible_spent),
        "grant_covered": kr(acc.grant_covered),
        "other_total": kr(acc.other_total),
        "has_other": bool(acc.other_grantors),
        "other_note": OTHER_FIRST if acc.other_grantors else "",
        "financing": financing,
        "own_financing": kr(acc.own_financing),
        "paid": kr(acc.paid),
        "payable": kr(max(acc.payable, 0)),
        "repayment": kr(-acc.payable) if acc.payable < 0 else "",
        "due": dato(acc.due),
    }
