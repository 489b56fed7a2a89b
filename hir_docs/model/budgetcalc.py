"""Budget arithmetic and eligibility shared by the budget reader and the budget rules.

Pure functions on ``BudgetLine`` values and pool facts; no files, no findings.

Eligibility reads the pool's word lists (``pool.toml``): ``eligible_salary_functions``,
``ineligible_salary_functions``, ``caseworker_tasks``, the travel, workshop, audit and salary
words, and the posts it knows by name. A word list or a post name a pool does not declare (or
declares unknown) is empty: a pool without workshop words pays no workshop travel, one
without ``business_prefix`` tells no business consultant from a caseworker by the word's
start. Two lists read lines whatever their post (Flere skal med): ``ineligible_words`` (a
line naming overhead, external consultants, ... is ineligible) and ``conditional_costs``
(tables of ``label``, ``words`` and ``conditions``: eligible only when the conditions hold,
which hir-docs asks about, never assumes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hir_docs.labels import normalise
from hir_docs.model import BudgetLine
from hir_docs.pools import POOL_FILE, Pool, PoolError, load_pool

TOLERANCE = 1  # kroner (issue 3: arithmetic with 1 kr. tolerance)


def words(pool: Pool, key: str) -> tuple[str, ...]:
    """A word list of the pool (``pool.toml``); empty when the pool does not declare it."""
    return tuple(pool.strings(key)) if pool.known(key) else ()


def _word(pool: Pool, key: str) -> str:
    """A post name or prefix of the pool; "" when the pool does not declare it."""
    return str(pool[key]) if pool.known(key) else ""


def _pool(pool: Pool | None) -> Pool:
    return pool if pool is not None else load_pool()


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


def _function_kind(
    token: str, good: list[str], tasks: list[str], bad: list[str], business: str = ""
) -> str:
    """ "caseworker", "task" (a task a caseworker may carry), "other" (another post) or "".
    ``business``: a prefix that makes a caseworker's word a business consultant's
    ("virksomhedsrådgiver", HIR's Q&A 17) unless the pool's eligible word itself starts so
    (Flere skal med pays a "virksomhedskonsulent")."""
    if (
        business
        and token.startswith(business)
        and any(w in token for w in good if not w.startswith(business))
        and not any(w in token for w in good if w.startswith(business))
    ):
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
    tasks = [normalise(w) for w in words(pool, "caseworker_tasks")]
    bad = [normalise(w) for w in pool.strings("ineligible_salary_functions")]
    business = normalise(_word(pool, "business_prefix"))
    kinds = [
        k for k in (_function_kind(t, good, tasks, bad, business) for t in _tokens(function)) if k
    ]
    posts = [k for k in kinds if k != "task"]
    if not posts:
        return "unclear"
    if posts[0] == "other":
        return "ineligible"
    return "unclear" if "other" in posts else "eligible"


def transport_purpose_class(function: str | None, pool: Pool | None = None) -> str:
    """ "eligible", "other-workshop" (a start-up or other workshop) or "unclear".

    The pool pays transport and representation only "i forbindelse med
    erfaringsudvekslingsworkshop" (puljeopslag); the pool also names a start-up workshop
    (opstartsworkshop) whose transport it does not pay, and not e.g. driving to citizens.
    A bare "workshop" is taken as the pool's own (experience) workshop. A pool without
    workshop words pays no workshop travel: "unclear" (``pool``: default the default pool).
    """
    pool = _pool(pool)
    tokens = _tokens(function or "")
    experience_words = words(pool, "workshop_experience_words")
    bare = set(words(pool, "workshop_bare_words"))
    if not experience_words and not bare:
        return "unclear"
    experience = [t for t in tokens if t.startswith(experience_words)]
    other = [
        t
        for t in tokens
        if any(w in t for w in words(pool, "workshop_other_words"))
        or ("workshop" in t and t not in bare and t not in experience)
    ]
    if other:
        return "other-workshop"
    if experience or bare & set(tokens):
        return "eligible"
    return "unclear"


def is_transport(line: BudgetLine, pool: Pool | None = None) -> bool:
    prefix = _word(_pool(pool), "transport_post_prefix")
    return bool(prefix) and line.post.startswith(prefix)


# Words for what the pool pays for whatever post a line stands under (HIR: puljeopslag,
# Tilskudsberettigede udgifter): travel and representation for the workshop (travel_words,
# matched inside a word: "mødeforplejning", "kørselsgodtgørelse"), audit (audit_words, the
# start of a word: "revisorpåtegning"; audit_other_posts: posts an auditor's fee may stand
# under besides the audit post) and caseworkers' salary (salary_words: the start of a word,
# "lønudgift", "frikøbt"; salary_whole_words: "ansættelse", not "ansættelsesudgifter";
# not_salary_words: "løntilskud" is a measure for citizens, not a salary).


def workshop_travel_class(text: str | None, pool: Pool | None = None) -> str:
    """Travel or representation for a workshop, under any post: "eligible" (the
    experience-exchange workshop), "other-workshop" (another workshop, e.g. the start-up
    workshop), or "" (no travel word, or no workshop named: e.g. "Forplejning til
    teammøder"). A bare "repræsentation" names no workshop here."""
    pool = _pool(pool)
    travel_words = words(pool, "travel_words")
    experience = words(pool, "workshop_experience_words")
    tokens = _tokens(text or "")
    travel = any(w in t for t in tokens for w in travel_words)
    workshop = any("workshop" in t or (experience and t.startswith(experience)) for t in tokens)
    if not (travel and workshop):
        return ""
    return transport_purpose_class(text, pool)


def is_audit(line: BudgetLine, pool: Pool | None = None) -> bool:
    """An audit: the post Revision, or a line naming audit under a post an auditor's fee
    may stand under (Administration, Eksterne konsulenter, Øvrige udgifter)."""
    pool = _pool(pool)
    audit_post = _word(pool, "audit_post")
    if audit_post and line.post == audit_post:
        return True
    audit = words(pool, "audit_words")
    if not audit:
        return False
    tokens = _tokens(line_text(line, pool))
    return line.post in words(pool, "audit_other_posts") and any(
        t.startswith(audit) for t in tokens
    )


def _caseworker_salary(line: BudgetLine, pool: Pool) -> bool:
    """A caseworker's salary budgeted under another post than Løn ("Frikøb af
    sagsbehandler" under Øvrige udgifter): a salary word and a caseworker's function."""
    tokens = _tokens(line.function or "")
    starts, whole = words(pool, "salary_words"), set(words(pool, "salary_whole_words"))
    not_salary = words(pool, "not_salary_words")
    salary = any(
        ((starts and t.startswith(starts)) or t in whole)
        and not (not_salary and t.startswith(not_salary))
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
    salary_post = _word(pool, "salary_post")
    if is_audit(line, pool) or (line.post != salary_post and _caseworker_salary(line, pool)):
        return "eligible"
    return ""


def _workshop_travel(line: BudgetLine, pool: Pool) -> str:
    """``workshop_travel_class`` of the line; a salary under Løn (hours, rate or a
    function the pool judges) stays a salary whatever else it names."""
    if line.post == _word(pool, "salary_post") and (
        line.persons
        or line.hours
        or line.rate
        or salary_function_class(line.function, pool) != "unclear"
    ):
        return ""
    return workshop_travel_class(line_text(line, pool), pool)


def is_travel(line: BudgetLine, pool: Pool) -> bool:
    """Judged as transport: the Transport post, or workshop travel under another post."""
    return is_transport(line, pool) or bool(_workshop_travel(line, pool))


def salary_function_eligible(function: str | None, pool: Pool) -> bool:
    return salary_function_class(function, pool) == "eligible"


def line_eligible(line: BudgetLine, pool: Pool) -> bool:
    """Eligible for sure: not a line naming a word the pool never pays for, not a cost the
    pool pays only on conditions (not assumed to hold), and an eligible purpose or post."""
    if ineligible_word(line, pool) or conditional_cost(line, pool):
        return False
    if purpose_class(line, pool) == "eligible":
        return True
    if line.post not in pool.strings("eligible_posts"):
        return False
    if line.post == _word(pool, "salary_post"):
        return salary_function_eligible(line.function, pool)
    if is_transport(line, pool):
        return transport_purpose_class(line_text(line, pool), pool) == "eligible"
    return True


_PRINTED: dict[tuple[str, Path | None], frozenset[str]] = {}


def _printed_remarks(pool: Pool) -> frozenset[str]:
    """The remarks the pool's blank budget prints (next to the eligible posts, and next to
    the others), normalised; read once per pool."""
    key = (pool.id, pool.folder)
    if key not in _PRINTED:
        from hir_docs.forms.budget_layout import post_remarks

        texts = [*post_remarks(pool).values(), pool.text("budget_ineligible_remark")]
        _PRINTED[key] = frozenset(normalise(x) for x in texts)
    return _PRINTED[key]


def line_text(line: BudgetLine, pool: Pool | None = None) -> str:
    """The line's description and the applicant's own remark (not a remark the form prints)."""
    remark = line.remark or ""
    if normalise(remark) in _printed_remarks(_pool(pool)):
        remark = ""
    return f"{line.function or ''} {remark}"


def clearly_ineligible(line: BudgetLine, pool: Pool) -> bool:
    """Ineligible for sure: another post with no eligible purpose named, or salary for a
    named non-caseworker function. A cost the pool pays on conditions is not (it is asked
    about); a word the pool never pays for only warns (text matching may misread a line)."""
    if purpose_class(line, pool) or conditional_cost(line, pool):
        return False
    if line.post not in pool.strings("eligible_posts"):
        return True
    return (
        line.post == _word(pool, "salary_post")
        and salary_function_class(line.function, pool) == "ineligible"
    )


# ------------------------------------------------------------ words on any line (FSM-13..16)
def _phrase_at_word_start(text: str, phrase: str) -> bool:
    """``phrase`` (normalised) starts a word of ``text`` (normalised); its words may be
    split by any spaces ("eksterne konsulent" in "eksterne  konsulenter")."""
    parts = [re.escape(p) for p in phrase.split()]
    return bool(parts) and re.search(r"(?<![\wæøå])" + r"\s+".join(parts), text) is not None


def ineligible_word(line: BudgetLine, pool: Pool) -> str | None:
    """The first word of the pool's ``ineligible_words`` the line names (its description or
    the applicant's remark), as the pool writes it; None when it names none, or the pool
    has no such list."""
    text = normalise(line_text(line, pool))
    for word in words(pool, "ineligible_words"):
        if _phrase_at_word_start(text, normalise(word)):
            return word
    return None


@dataclass(frozen=True)
class ConditionalCost:
    """A cost the pool pays only when its conditions hold (``conditional_costs``)."""

    label: str
    words: tuple[str, ...]
    conditions: tuple[str, ...]


def _conditional_entry(entry: Any, pool: Pool, i: int) -> ConditionalCost:
    file = str(pool.folder / POOL_FILE) if pool.folder else POOL_FILE
    where = f"facts.conditional_costs.value[{i}]"
    ok = isinstance(entry, dict) and set(entry) == {"label", "words", "conditions"}
    ok = ok and isinstance(entry["label"], str)
    for key in ("words", "conditions"):
        ok = ok and isinstance(entry[key], list) and all(isinstance(w, str) for w in entry[key])
    if not ok or not entry["words"] or not entry["conditions"]:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}' skal være en tabel med label (en tekst), "
            "words og conditions (lister af tekster, ikke tomme)."
        )
    return ConditionalCost(entry["label"], tuple(entry["words"]), tuple(entry["conditions"]))


def conditional_costs(pool: Pool) -> list[ConditionalCost]:
    """The pool's ``conditional_costs`` (empty when it has none); a wrong structure raises
    ``PoolError`` naming the file and key."""
    if not pool.known("conditional_costs"):
        return []
    value = pool["conditional_costs"]
    if not isinstance(value, list):
        raise PoolError(
            f"Puljefilen {pool.folder or ''}: nøglen 'facts.conditional_costs.value' skal "
            "være en liste af tabeller ([[facts.conditional_costs.value]])."
        )
    return [_conditional_entry(e, pool, i) for i, e in enumerate(value)]


def conditional_cost(line: BudgetLine, pool: Pool) -> ConditionalCost | None:
    """The cost the pool pays only on conditions that the line names (a word of it starts
    a word of the line's description or remark), or None."""
    costs = conditional_costs(pool)
    if not costs:
        return None
    tokens = _tokens(line_text(line, pool))
    for cost in costs:
        starts = tuple(normalise(w) for w in cost.words)
        if any(t.startswith(starts) for t in tokens):
            return cost
    return None
