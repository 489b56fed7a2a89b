"""Budget arithmetic and eligibility shared by the budget reader and the budget rules.

Pure functions on ``BudgetLine`` values and pool facts; no files, no findings.
"""

from __future__ import annotations

import re

from hir_docs.labels import normalise
from hir_docs.model import BudgetLine
from hir_docs.pools import Pool, load_pool

TOLERANCE = 1  # kroner (issue 3: arithmetic with 1 kr. tolerance)
_POOL = load_pool()  # the default pool's words (facts in pools/hir/pool.toml)
_BUSINESS = str(_POOL["business_prefix"])  # virksomhedsrådgiver: a business consultant
_TRANSPORT_PREFIX = str(_POOL["transport_post_prefix"])
_SALARY_POST = str(_POOL["salary_post"])
_AUDIT_POST = str(_POOL["audit_post"])


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


# The eligibility words are the default pool's facts (hir_docs/pools/hir/pool.toml).
_EXPERIENCE = tuple(_POOL.strings("workshop_experience_words"))
_OTHER_EVENT = tuple(_POOL.strings("workshop_other_words"))
_BARE_WORKSHOP = set(_POOL.strings("workshop_bare_words"))


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
    return line.post.startswith(_TRANSPORT_PREFIX)


# Words for what the pool pays for whatever post a line stands under (puljeopslag,
# Tilskudsberettigede udgifter): travel and representation for the workshop, audit and
# caseworkers' salary. Matched inside a word ("mødeforplejning", "kørselsgodtgørelse").
_TRAVEL = tuple(_POOL.strings("travel_words"))
_AUDIT = tuple(_POOL.strings("audit_words"))  # the start of a word: "revisorpåtegning"
# Posts an audit may be budgeted under besides Revision (an auditor is an outside
# consultant, or an administrative or other expense).
_AUDIT_POSTS = tuple(_POOL.strings("audit_other_posts"))
# Words that make a line under another post a salary: the start of a word ("lønudgift",
# "frikøbt"), or a whole word ("ansættelse", not "ansættelsesudgifter" for hiring costs);
# "løntilskud" is a measure for citizens, not a salary.
_SALARY = tuple(_POOL.strings("salary_words"))
_SALARY_WORDS = set(_POOL.strings("salary_whole_words"))
_NOT_SALARY = tuple(_POOL.strings("not_salary_words"))


def workshop_travel_class(text: str | None) -> str:
    """Travel or representation for a workshop, under any post: "eligible" (the
    experience-exchange workshop), "other-workshop" (another workshop, e.g. the start-up
    workshop), or "" (no travel word, or no workshop named: e.g. "Forplejning til
    teammøder"). A bare "repræsentation" names no workshop here."""
    tokens = _tokens(text or "")
    travel = any(w in t for t in tokens for w in _TRAVEL)
    workshop = any("workshop" in t or t.startswith(_EXPERIENCE) for t in tokens)
    if not (travel and workshop):
        return ""
    return transport_purpose_class(text)


def is_audit(line: BudgetLine) -> bool:
    """An audit: the post Revision, or a line naming audit under a post an auditor's fee
    may stand under (Administration, Eksterne konsulenter, Øvrige udgifter)."""
    if line.post == _AUDIT_POST:
        return True
    tokens = _tokens(line_text(line))
    return line.post in _AUDIT_POSTS and any(t.startswith(_AUDIT) for t in tokens)


def _caseworker_salary(line: BudgetLine, pool: Pool) -> bool:
    """A caseworker's salary budgeted under another post than Løn ("Frikøb af
    sagsbehandler" under Øvrige udgifter): a salary word and a caseworker's function."""
    tokens = _tokens(line.function or "")
    salary = any(
        (t.startswith(_SALARY) or t in _SALARY_WORDS) and not t.startswith(_NOT_SALARY)
        for t in tokens
    )
    return (salary or bool(line.hours and line.rate)) and salary_function_eligible(
        line.function, pool
    )


def purpose_class(line: BudgetLine, pool: Pool) -> str:
    """Eligibility by what a line pays for, whatever its post (puljeopslag,
    Tilskudsberettigede udgifter; Q&A 2018, spørgsmål 17): "eligible" (travel or
    representation for the experience-exchange workshop, audit, a caseworker's salary),
    "unclear" (travel for another workshop: a warning, never counted as ineligible), or ""
    (the line names none of them; its post decides)."""
    travel = _workshop_travel(line, pool)
    if travel:
        return "eligible" if travel == "eligible" else "unclear"
    if is_audit(line) or (line.post != _SALARY_POST and _caseworker_salary(line, pool)):
        return "eligible"
    return ""


def _workshop_travel(line: BudgetLine, pool: Pool) -> str:
    """``workshop_travel_class`` of the line; a salary under Løn (hours, rate or a
    function the pool judges) stays a salary whatever else it names."""
    if line.post == _SALARY_POST and (
        line.persons
        or line.hours
        or line.rate
        or salary_function_class(line.function, pool) != "unclear"
    ):
        return ""
    return workshop_travel_class(line_text(line))


def is_travel(line: BudgetLine, pool: Pool) -> bool:
    """Judged as transport: the Transport post, or workshop travel under another post."""
    return is_transport(line) or bool(_workshop_travel(line, pool))


def salary_function_eligible(function: str | None, pool: Pool) -> bool:
    return salary_function_class(function, pool) == "eligible"


def line_eligible(line: BudgetLine, pool: Pool) -> bool:
    if purpose_class(line, pool) == "eligible":
        return True
    if line.post not in pool.strings("eligible_posts"):
        return False
    if line.post == _SALARY_POST:
        return salary_function_eligible(line.function, pool)
    if is_transport(line):
        return transport_purpose_class(line_text(line)) == "eligible"
    return True


def line_text(line: BudgetLine) -> str:
    """The line's description and the applicant's own remark (not a remark the form prints)."""
    from hir_docs.forms.budget_layout import INELIGIBLE_REMARK, POST_REMARKS

    remark = line.remark or ""
    printed = {normalise(x) for x in (*POST_REMARKS.values(), INELIGIBLE_REMARK)}
    if normalise(remark) in printed:
        remark = ""
    return f"{line.function or ''} {remark}"


def clearly_ineligible(line: BudgetLine, pool: Pool) -> bool:
    """Ineligible for sure: another post with no eligible purpose named, or salary for a
    named non-caseworker function."""
    if purpose_class(line, pool):
        return False
    if line.post not in pool.strings("eligible_posts"):
        return True
    return line.post == _SALARY_POST and salary_function_class(line.function, pool) == "ineligible"
