"""The accounts' context: the Word document that is signed (the final or part accounts;
the workbook is its annex): the economy, the financing, the request, the statements
worded from the figures, and the signature blocks."""

from __future__ import annotations

from typing import Any

from hir_docs.model.accounts import Accounts, compute_accounts, ensure_part_period
from hir_docs.model.projectdata import ProjectData, period_label, report_layout
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.economy import economy, row_label, row_remark
from hir_docs.render.context.fmt import kr, percent
from hir_docs.render.context.shared import common, due_text, whole_period

AUDITOR_BOX = (
    "Revisors erklæring, herunder eventuelle forbehold og supplerende oplysninger "
    "(udfyldes af revisor)"
)


def signature(role: str, name: str | None, title: str | None) -> dict[str, str]:
    name_title = ", ".join(x for x in (name, title) if x)
    return {"role": role, "name": name or "", "title": title or "", "name_title": name_title}


def signatures(data: ProjectData, audit: bool) -> list[dict[str, str]]:
    """Who signs: the municipality's management, and the auditor when the final accounts
    are to be audited."""
    sign = [signature("For kommunens ledelse", data.management_name, data.management_title)]
    if audit:
        sign.append(signature("Revisor", data.auditor_name, None))
    return sign


def deviations(acc: Accounts) -> list[str]:
    """Each line spent beyond its budget (to date in part accounts) with the amount and the
    percentage, and each expense outside the approved budget; where the municipality
    explained it, a pointer to the remark."""
    out = []
    for r in acc.over_budget:
        see = "; se bemærkningen" if row_remark(r, acc.period) else ""
        if not r.approved:
            out.append(
                f"{row_label(r)}: {kr(r.spent)}, som ikke er tilskudsberettiget og afholdes "
                f"af kommunen{see}"
            )
        else:
            share = f" ({percent(r.deviation_pct)})" if r.deviation_pct is not None else ""
            out.append(f"{row_label(r)}: {kr(r.deviation)} over{share}{see}")
    return out


def budget_sentence(acc: Accounts) -> str:
    """Within the approved budget only when every line is; else the lead-in to the list
    of deviations."""
    to_date = " til dato" if acc.period else ""
    if not acc.over_budget:
        return (
            f"Forbruget{to_date} holder sig for hver budgetlinje inden for det godkendte "
            f"budget{to_date}."
        )
    return f"Forbruget{to_date} afviger fra det godkendte budget{to_date} på følgende linjer:"


def statement(acc: Accounts, grantor: str) -> dict[str, Any]:
    """The management's statement, worded from the figures."""
    what = "delregnskabet" if acc.period else "regnskabet"
    if acc.period:
        title = "Ledelsens erklæring"
    else:
        title = "Ledelsens erklæring" if acc.audit_required else "Ledelsespåtegning"
    return {
        "title": title,
        "opening": f"Ledelsen erklærer, at {what} er udarbejdet på grundlag af kommunens "
        "bogføring, og at udgifterne vedrører projektet.",
        "budget": budget_sentence(acc),
        "deviations": deviations(acc),
        "eligible": f"Tilskuddet fra {grantor} er opgjort af de tilskudsberettigede udgifter på det "
        "godkendte budgets linjer"
        + (", fratrukket tilskud fra andre tilskudsgivere" if acc.other_total else "")
        + (
            f", dog højst det bevilgede tilskud på {kr(acc.grant)}"
            if acc.eligible_spent - acc.other_total > acc.grant
            else ""
        )
        + ("" if acc.eligible_spent - acc.other_total > acc.grant else "."),  # "kr." ends it
    }


DECLARATIONS = "accounts_declarations"  # texts.toml: what the management declares (optional)


def declarations(pool: Pool) -> list[str]:
    """What the pool's accounts must declare besides the figures (``texts.toml``:
    ``accounts_declarations``; Flere skal med: the project's economy kept apart, time
    registration for staff not only on the project); none for a pool without the text."""
    return pool.lines(DECLARATIONS) if DECLARATIONS in pool.texts_raw() else []


def audit_text(acc: Accounts, pool: Pool) -> str:
    """Why the final accounts carry the auditor's statement (what the puljeopslag says)."""
    if not acc.audit_required:
        return ""
    limit = kr(pool.amount("audit_threshold"))
    return (
        f"Tilskuddet på {kr(acc.grant)} er over {limit}, så det endelige regnskab skal være "
        "revisorpåtegnet (puljeopslaget, Krav til regnskab)."
    )


def request_text(data: ProjectData, acc: Accounts, grantor: str) -> str:
    """What this document asks the pool's grantor to pay (or says is to be paid back)."""
    who = data.municipality or "Kommunen"
    doc = f"delregnskabet for {period_label(acc.period)}" if acc.period else "det endelige regnskab"
    if acc.repayment:
        return (
            f"Med {doc} anmodes der ikke om udbetaling: {grantor} har udbetalt {kr(acc.paid)}, og "
            f"{grantor}'s andel er {kr(acc.grant_covered)}, så {who} skal betale "
            f"{kr(acc.repayment)} tilbage til {grantor}."
        )
    if acc.requested:
        return f"Med {doc} anmoder {who} om udbetaling af {kr(acc.requested)} i tilskud."
    return f"Med {doc} anmodes der ikke om udbetaling af tilskud."


def accounts_context(
    data: ProjectData, period: str | None = None, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    if period is not None:
        ensure_part_period(data, period, pool)
    acc = compute_accounts(data, period, pool)
    report_title = report_layout(pool).title("part" if period else "accounts")
    ctx = common(data, f"{report_title} {period_label(period)}" if period else report_title, draft)
    ctx.update(
        {
            "report_title": report_title,
            "period": period or "",
            "period_label": period_label(period) if period else whole_period(data),
            "economy": economy(acc, pool),
            "request": request_text(data, acc, pool.grantor),
            "audit_required": acc.audit_required,
            "audit_text": audit_text(acc, pool),
            "auditor_box": AUDITOR_BOX,
            "statement": statement(acc, pool.grantor),
            "declarations": declarations(pool),
            "management": signatures(data, False),
            "auditor": signatures(data, True)[1:] if acc.audit_required else [],
            "signatures": signatures(data, acc.audit_required),
            "due": due_text(data, f"part:{period}" if period else "accounts", pool),
        }
    )
    return ctx
