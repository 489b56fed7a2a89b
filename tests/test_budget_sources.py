"""Every budget rule's source is in the document it names (issue 21, point 5).

Each part of a source (separated by ";") names a document as users know it. A quotation
in »…« must stand in that document (case and whitespace ignored), a named section of the
puljeopslag must be one of its headings, a Q&A question must exist in the series cited,
STAR's budget guide may be cited only for what the seeds README says it gives (the order
of the posts, the net grant), and what no document says starts with "antaget".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from hir_docs.pools import load_pool
from hir_docs.rules import GENERIC_SOURCE, Rule, rule_texts
from hir_docs.rules.registry import catalogue

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FILES = {
    "puljeopslag": "000_",
    "ansøgningsskema": "001_",
    "Q&A 2018": "002_",
    "FAQ Flere skal med": "003_",
    "programbeskrivelsen": "004_",
}
GUIDE = "STAR's budgetguide"
GUIDE_GIVES = ("udgiftsposter", "nettotilskud")  # seeds/README: the posts and the net grant
INTRO = "indledning"  # the puljeopslag's opening paragraphs have no heading


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"the seeds are not beside the repository ({SEEDS})")
    return next(SEEDS.glob(f"{prefix}*.txt")).read_text(encoding="utf-8")


def _budget_rules() -> list[Rule]:
    return [r for r in catalogue() if r.code.startswith("budget-")]


def _strip(part: str) -> tuple[str, list[str]]:
    """The part without its quotations and parentheses, and the quotations."""
    quotes = re.findall(r"»([^«]{1,400})«", part)
    bare = re.sub(r"»[^«]{0,400}«", "", part)
    while re.search(r"\([^()]*\)", bare):
        bare = re.sub(r"\([^()]*\)", "", bare)
    return " ".join(bare.split()), quotes


def _check_part(part: str) -> None:
    if part.startswith("antaget"):
        return
    if part.startswith(GUIDE):
        assert any(w in part for w in GUIDE_GIVES), part
        return
    doc = next((d for d in FILES if part.startswith(d)), None)
    assert doc is not None, f"names no known document: {part}"
    text = _seed(FILES[doc])
    bare, quotes = _strip(part)
    for quote in quotes:
        assert _flat(quote) in _flat(text), f"»{quote}« is not in the {doc}"
    where = bare[len(doc) :].strip(" ,")
    if doc == "puljeopslag":
        lines = (line.strip() for line in text.splitlines())
        headings = {_flat(x) for x in lines if 0 < len(x) <= 60 and not x.endswith(".")}
        sections = [where] if _flat(where) in headings else where.split(" og ")
        for section in filter(None, (x.strip() for x in sections)):
            assert section == INTRO or _flat(section) in headings, f"no heading {section!r}"
    elif doc == "Q&A 2018":
        before, _, after = text.partition("Spørgsmål til puljeopslaget")
        for number, module in re.findall(r"spørgsmål (\d+)( om modulet)?", where):
            series = before if module else after
            assert re.search(rf"(?m)^{number}[):]", series), f"no question {number} in {part}"
    elif doc == "ansøgningsskema" and where:
        assert _flat(where) in {_flat(line) for line in text.splitlines()}, where


def source_for(rule: Rule) -> str:
    """The rule's source as its pool cites it: HIR's, or for a rule HIR's documents do not
    state, the pool's whose documents do (Flere skal med's FAQ, the 2011 programme)."""
    for other in (load_pool("flere-skal-med"), load_pool("virksomhedsrettet")):
        if rule.source() == GENERIC_SOURCE and "source" in rule_texts(other).get(rule.code, {}):
            return rule.source(other)
    return rule.source()


@pytest.mark.parametrize("rule", _budget_rules(), ids=lambda r: r.code)
def test_every_part_of_a_budget_rules_source_is_in_the_seed_it_names(rule: Rule) -> None:
    parts = [p.strip() for p in source_for(rule).split(";")]
    assert not parts[0].startswith("antaget"), "an assumption needs a document it builds on"
    for part in parts:
        _check_part(part)


def test_salary_incomplete_cites_the_form_and_says_the_rest_is_assumed() -> None:
    """Its demand (function, persons, hours, rate) is only in the FAQ of another pool."""
    rule = next(r for r in _budget_rules() if r.code == "budget-salary-incomplete")
    source = rule.source()
    assert source.startswith("ansøgningsskema, Økonomi (»Sammen med ansøgningsskemaet")
    assert "antaget: et detaljeret lønbudget viser" in source
    assert "budgetguide" not in source and "Flere skal med" not in source
    assert rule.severity == "warning"


def test_the_checker_rejects_a_quote_the_seed_does_not_have() -> None:
    """The check above is not vacuous: a made-up quotation and heading fail."""
    with pytest.raises(AssertionError):
        _check_part("puljeopslag, Tilskudsberettigede udgifter (»løn til virksomhedskonsulenter«)")
    with pytest.raises(AssertionError):
        _check_part("puljeopslag, Budget og økonomi")
    with pytest.raises(AssertionError):
        _check_part("STAR's budgetguide, Løn (funktion, antal personer, timer og timesats)")
    with pytest.raises(AssertionError):
        _check_part("Q&A 2018, spørgsmål 7 om modulet")
