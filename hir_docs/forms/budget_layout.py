"""Labels and texts of the budget form (STAR's budget workbook); the builder is
``hir_docs.forms.budget``, the reader ``hir_docs.readers.budget``."""

from __future__ import annotations

from hir_docs.pools import Pool, load_pool, load_shared

_POOL = load_pool()  # the default pool's texts (texts.toml); builders take a pool of their own
TITLE = _POOL.text("budget_title")
_GUIDE = load_shared("budget")  # STAR's budget guide, shared by every STAR pool
SHEET = _GUIDE["sheets"]["budget"]
GUIDE_SHEET = _GUIDE["sheets"]["guide"]
EXAMPLE_RECIPIENT = "Viborg Kommune"
EXAMPLE_PROJECT = "Tæt på – håndholdt indsats i ressourceforløb i Viborg"
PERIOD = _POOL.text("budget_period")

# Column labels, left to right (years are inserted before "I alt").
LABEL_POST = _GUIDE["labels"]["post"]
LABEL_FUNCTION = _GUIDE["labels"]["function"]
LABEL_PERSONS = _GUIDE["labels"]["persons"]
LABEL_HOURS = _GUIDE["labels"]["hours"]
LABEL_RATE = _GUIDE["labels"]["rate"]
LABEL_TOTAL = _GUIDE["labels"]["total"]
LABEL_REMARKS = _GUIDE["labels"]["remarks"]
LABEL_EXPENSES = _GUIDE["labels"]["expenses"]
LABEL_INCOME_TOTAL = _GUIDE["labels"]["income_total"]
LABEL_REQUESTED = _GUIDE["labels"]["requested"]


# Remarks printed next to each post heading (what the pool pays for).
def post_remarks(pool: Pool) -> dict[str, str]:
    return dict(zip(pool.strings("eligible_posts"), pool.lines("budget_post_remarks"), strict=True))


POST_REMARKS = post_remarks(_POOL)
INELIGIBLE_REMARK = _POOL.text("budget_ineligible_remark")
