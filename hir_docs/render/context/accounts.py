"""The accounts' context (the Word cover of the final or part accounts): the economy, the
statement chosen by the grant's size and the signature blocks."""

from __future__ import annotations

from typing import Any

from hir_docs.model.accounts import Accounts, compute_accounts
from hir_docs.model.projectdata import ProjectData, period_label
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.economy import economy
from hir_docs.render.context.fmt import kr
from hir_docs.render.context.shared import common, due_text, whole_period


def signatures(data: ProjectData, audit: bool) -> list[dict[str, str]]:
    sign = [
        {
            "role": "For kommunens ledelse",
            "name": data.management_name or "",
            "title": data.management_title or "",
        }
    ]
    if audit:
        sign.append({"role": "Revisor", "name": data.auditor_name or "", "title": ""})
    for s in sign:
        s["name_title"] = ", ".join(x for x in (s["name"], s["title"]) if x)
    return sign


def statement_rule(acc: Accounts, pool: Pool) -> str:
    """Why the statement was chosen, where the statement's own text does not say it: part
    accounts, and a grant of exactly the threshold (the call names neither side of it).
    Empty otherwise."""
    limit = pool.amount("audit_threshold")
    if acc.period is not None:
        return "Delregnskaber erklæres af ledelsen; påtegningen gælder det endelige regnskab."
    if acc.grant != limit:
        return ""
    return (
        f"Anvendt regel: revisorpåtegning ved tilskud på over {kr(limit)}, ledelsespåtegning "
        f"ved tilskud under {kr(limit)} (puljeopslaget, Krav til regnskab). Tilskuddet er "
        f"præcis {kr(limit)} og dermed ikke over grænsen, så der er anvendt "
        f"ledelsespåtegning (puljeopslaget nævner ikke præcis {kr(limit)})."
    )


def statement(acc: Accounts, pool: Pool) -> tuple[str, str]:
    limit = kr(pool.amount("audit_threshold"))
    if acc.period is not None:
        return (
            "Ledelsens erklæring (delregnskab)",
            "Ledelsen erklærer, at delregnskabet er udarbejdet på grundlag af kommunens "
            "bogføring, at udgifterne vedrører projektet og holder sig inden for det godkendte "
            "budget og de tilskudsberettigede udgifter.",
        )
    if acc.audit_required:
        return (
            "Revisorpåtegning",
            f"Tilskuddet er over {limit}, så det endelige regnskab skal være revisorpåtegnet "
            "(puljeopslaget, Krav til regnskab). Revisor erklærer, at regnskabet er revideret, "
            "at det giver et retvisende billede af projektets udgifter, og at tilskuddet er "
            "anvendt i overensstemmelse med tilsagnet og det godkendte budget.",
        )
    return (
        "Ledelsespåtegning",
        f"Tilskuddet er ikke over {limit}, så det endelige regnskab skal være ledelsespåtegnet "
        "(puljeopslaget, Krav til regnskab). Ledelsen erklærer, at regnskabet er udarbejdet på "
        "grundlag af kommunens bogføring, og at tilskuddet er anvendt i overensstemmelse med "
        "tilsagnet og det godkendte budget.",
    )


def accounts_context(
    data: ProjectData, period: str | None = None, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    acc = compute_accounts(data, period, pool)
    title, text = statement(acc, pool)
    report_title = "Delregnskab" if period else "Endeligt regnskab"
    ctx = common(data, f"{report_title} {period_label(period)}" if period else report_title, draft)
    ctx.update(
        {
            "report_title": report_title,
            "period": period or "",
            "period_label": period_label(period) if period else whole_period(data),
            "economy": economy(acc),
            "audit_required": acc.audit_required,
            "statement_title": title,
            "statement_text": text,
            "statement_rule": statement_rule(acc, pool),
            "signatures": signatures(data, acc.audit_required),
            "income": [{"name": k, "amount": kr(v)} for k, v in data.income.items()],
            "due": due_text(data, f"part:{period}" if period else "accounts", pool),
        }
    )
    return ctx
