"""Budget arithmetic and eligibility shared by the budget reader and the budget rules.

Pure functions on ``BudgetLine`` values and pool facts; no files, no findings.
"""

from __future__ import annotations

import re

from hir_docs.labels import normalise
from hir_docs.model import BudgetLine
from hir_docs.pools import Pool

TOLERANCE = 1  # kroner (issue 3: arithmetic with 1 kr. tolerance)
_BUSINESS = "virksomhed"  # virksomhedsrådgiver, virksomhedssagsbehandler: business consultants


def differs(a: float | None, b: float | None) -> bool:
    """Both known and more than 1 kr. apart."""
    return a is not None and b is not None and abs(a - b) > TOLERANCE


def year_sum(line: BudgetLine) -> int | None:
    """Sum of the year amounts that are filled in; None when none is."""
    known = [v for v in line.amounts.values() if v is not None]
    return sum(known) if known else None


def line_value(line: BudgetLine) -> int | None:
    """A line's amount: the sum of its years, or its stated "I alt" without a year split."""
    total = year_sum(line)
    return total if total is not None else line.stated_total


def salary_product(line: BudgetLine) -> tuple[float, float] | None:
    """(hours used, hours x rate) that explains the line amount, or the plain product.

    "Timer i alt" are all persons' hours together (budget guide); some budgets give the
    hours per person, so persons x hours x rate is accepted when that is what adds up.
    """
    if line.hours is None or line.rate is None:
        return None
    plain = (line.hours, line.hours * line.rate)
    amount = line_value(line)
    if amount is None or abs(plain[1] - amount) <= TOLERANCE:
        return plain
    if line.persons and line.persons > 1:
        per_person = line.hours * line.persons
        if abs(per_person * line.rate - amount) <= TOLERANCE:
            return (per_person, per_person * line.rate)
    return plain


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^\wæøå]+", normalise(text)) if t]


def _function_kind(token: str, good: list[str], tasks: list[str], bad: list[str]) -> str:
    """ "caseworker", "task" (a task a caseworker may carry), "other" (another post) or ""."""
    if token.startswith(_BUSINESS) and any(w in token for w in good):
        return "other"  # "virksomhedsrådgiver" is a business consultant (Q&A 17)
    if any(w in token for w in good):
        return "caseworker"
    if any(token == w or token.startswith(w) for w in tasks):
        return "task"  # before "other": a "mødeleder" is no "leder"
    if any(token == w or token.startswith(w) or token.endswith(w) for w in bad):
        return "other"
    return ""


def salary_function_class(function: str | None, pool: Pool) -> str:
    """ "eligible" (a caseworker), "ineligible" (another post) or "unclear".

    Decided by the post's function, not by a word inside it (Q&A 2018, spørgsmål 17 and
    23): the first function the line names is the post ("Leder af sagsbehandlerne" is a
    leader, "Sagsbehandler (gruppekoordinator)" a caseworker). Tasks a caseworker may carry
    (group coordinator, meeting leader, super user) keep a caseworker a caseworker; a
    caseworker post shared with another post ("Sagsbehandler og mentor"), or a task with
    no post, is unclear: a warning, never counted as ineligible.
    """
    if not function:
        return "unclear"
    good = [normalise(w) for w in pool.strings("eligible_salary_functions")]
    tasks = [normalise(w) for w in pool.strings("caseworker_tasks")]
    bad = [normalise(w) for w in pool.strings("ineligible_salary_functions")]
    kinds = [k for k in (_function_kind(t, good, tasks, bad) for t in _tokens(function)) if k]
    posts = [k for k in kinds if k != "task"]
    if not posts:
        return "unclear"
    if posts[0] == "other":
        return "ineligible"
    return "unclear" if "other" in posts else "eligible"


_EXPERIENCE = ("erfaringsudveksling", "erfaringsworkshop", "erfaringsseminar", "erfaworkshop")
_OTHER_EVENT = ("opstart", "kickoff", "startmøde", "startseminar")
_BARE_WORKSHOP = {"workshop", "workshops", "workshoppen", "workshoppene", "repræsentation"}


def transport_purpose_class(function: str | None) -> str:
    """ "eligible", "other-workshop" (a start-up or other workshop) or "unclear".

    The pool pays transport and representation only "i forbindelse med
    erfaringsudvekslingsworkshop" (puljeopslag); the pool also names a start-up workshop
    (opstartsworkshop) whose transport it does not pay, and not e.g. driving to citizens.
    A bare "workshop" is taken as the pool's own (experience) workshop.
    """
    tokens = _tokens(function or "")
    experience = [t for t in tokens if t.startswith(_EXPERIENCE)]
    other = [
        t
        for t in tokens
        if any(w in t for w in _OTHER_EVENT)
        or ("workshop" in t and t not in _BARE_WORKSHOP and t not in experience)
    ]
    if other:
        return "other-workshop"
    if experience or _BARE_WORKSHOP & set(tokens):
        return "eligible"
    return "unclear"


def is_transport(line: BudgetLine) -> bool:
    return line.post.startswith("Transport")


def salary_function_eligible(function: str | None, pool: Pool) -> bool:
    return salary_function_class(function, pool) == "eligible"


def line_eligible(line: BudgetLine, pool: Pool) -> bool:
    if line.post not in pool.strings("eligible_posts"):
        return False
    if line.post == "Løn":
        return salary_function_eligible(line.function, pool)
    if is_transport(line):
        return transport_purpose_class(transport_text(line)) == "eligible"
    return True


def transport_text(line: BudgetLine) -> str:
    """The line's description and the applicant's own remark (not the form's printed one)."""
    from hir_docs.forms.budget_layout import POST_REMARKS

    remark = line.remark or ""
    if normalise(remark) == normalise(POST_REMARKS.get(line.post, "")):
        remark = ""
    return f"{line.function or ''} {remark}"


def clearly_ineligible(line: BudgetLine, pool: Pool) -> bool:
    """Ineligible for sure: another post, or salary for a named non-caseworker function."""
    if line.post not in pool.strings("eligible_posts"):
        return True
    return line.post == "Løn" and salary_function_class(line.function, pool) == "ineligible"
