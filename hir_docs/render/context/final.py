"""The final report's context (the self-evaluation): criteria with the passive share
chart, the participants' labour-market status, the whole project's economy."""

from __future__ import annotations

from typing import Any

from hir_docs.model.accounts import compute_accounts
from hir_docs.model.projectdata import FINAL_REQUIRED, FINAL_SECTIONS, MEASURES, ProjectData
from hir_docs.pools import Pool, load_pool
from hir_docs.render.charts import passive_share_chart
from hir_docs.render.context.economy import economy
from hir_docs.render.context.fmt import sections, signed
from hir_docs.render.context.shared import common, criteria_rows, due_text, obligations

PASSIVE_DEFINITION = (
    "Passive borgere: borgere i ressourceforløb med mindst et års anciennitet, som i "
    "perioden hverken har deltaget i en aktiv beskæftigelsesrettet indsats eller haft en "
    "mentor; borgere, der kun har haft mentor, regnes som aktive. STAR måler andelen i sine "
    "egne data (Dream og mentordata) i marts 2019 (Q&A 2018, spørgsmål 4, 8 og 14)."
)


def labour_rows(data: ProjectData) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows, start_sum, end_sum = [], 0, 0
    for cat, (start, end) in data.labour_status.items():
        start_sum += start or 0
        end_sum += end or 0
        change = None if start is None and end is None else (end or 0) - (start or 0)
        rows.append(
            {
                "category": cat,
                "start": "–" if start is None else str(start),
                "end": "–" if end is None else str(end),
                "change": "–" if change is None else signed(change),
            }
        )
    totals = {"start": str(start_sum), "end": str(end_sum), "change": signed(end_sum - start_sum)}
    return rows, totals


def final_context(
    data: ProjectData, pool: Pool | None = None, draft: bool = False
) -> dict[str, Any]:
    pool = pool or load_pool()
    labour, labour_total = labour_rows(data)
    passive = data.criteria.get("passive_share", {})
    chart = passive_share_chart(
        {MEASURES[m]: passive.get(m) for m in MEASURES}, data.passive_target
    )
    ctx = common(data, "Slutrapport", draft)
    ctx.update(
        {
            "report_title": "Slutrapport (selvevaluering)",
            "sections": sections(FINAL_SECTIONS, data.final_texts, FINAL_REQUIRED, draft),
            "criteria": criteria_rows(data, None, pool),
            "passive_definition": PASSIVE_DEFINITION,
            "passive_chart": chart or "",
            "passive_chart_text": chart.description,
            "labour": labour,
            "labour_total": labour_total,
            "participants": "–" if data.participants is None else str(data.participants),
            "obligations": obligations(data, None, pool),
            "economy": economy(compute_accounts(data, None, pool)),
            "due": due_text(data, "final", pool),
        }
    )
    return ctx
