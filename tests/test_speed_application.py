"""The speed work on the application form kept behaviour: ``classify`` remembered per form
gives what it works out and forgets within its bound, the answer tidying's space pattern
replaces what the old one did (and stays linear), a paragraph is a heading exactly as
``find`` said, and the non-answer phrases follow the pool object they came from.
No timings here: speed is measured by benchmarks/bench_speed.py."""

from __future__ import annotations

import dataclasses
import random
import re

from lxml import etree  # type: ignore[import-untyped]
from test_patterns_linear import results_in_child

from hir_docs.forms.application_layout import BOILERPLATE, FIELDS, SECTIONS
from hir_docs.model.answers import answer_kind
from hir_docs.pools import load_pool
from hir_docs.readers import application as reader
from hir_docs.readers.docx_text import OUTLINE, PPR, PSTYLE, SENTINEL, W, _is_heading

OLD_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def _texts() -> list[str]:
    """Labels, headings, instruction text, and the ways applicants change them."""
    texts = [t for f in FIELDS.values() for t in (f.label, *f.aliases)]
    texts += [h for s in SECTIONS for h in (s.heading, s.subheading) if h]
    texts += list(BOILERPLATE)
    changed = []
    for t in texts:
        changed += [t.upper(), t + ":", t + ".", t + " i projektperioden", t[: len(t) // 2]]
        changed += [SENTINEL + t, t + " 39", t.replace(" ", "\n", 1), t + " " + "x" * 300]
    return texts + changed + ["", " ", SENTINEL, "Viborg Kommune", "40 sager", "x" * 5000]


def test_classify_remembered_is_classify_worked_out() -> None:
    table = reader.labels()
    table.classified.cache_clear()  # type: ignore[attr-defined]
    for text in _texts() * 2:  # the second time from memory
        fresh = None
        if len(text) <= table.longest + 200:
            fresh = reader._classify(text, True, table)
        assert reader.classify(text, table=table) == fresh, text
        assert reader.classify(text, loose=False, table=table) == (
            reader._classify(text, False, table) if len(text) <= table.longest + 200 else None
        )


def test_classify_forgets_within_its_bound() -> None:
    table = reader.labels()
    for i in range(reader.CLASSIFIED_KEPT + 500):
        reader.classify(f"Svar nummer {i}", table=table)
    assert table.classified.cache_info().currsize <= reader.CLASSIFIED_KEPT  # type: ignore[attr-defined]
    assert reader.classify(FIELDS["contact"].label, table=table) == ("field", "contact")


def test_the_space_pattern_replaces_what_the_old_one_did() -> None:
    rng = random.Random(24)
    chars = " \t\u00a0\u2007\u202fab\u2003\n"
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        assert reader._SPACES.sub(" ", text) == OLD_SPACES.sub(" ", text), repr(text)
    for text in ["a  b", "a\tb", "a \u00a0 b", " ", "  ", "a b c", "\u202f", "a\u2007 b"]:
        assert reader._SPACES.sub(" ", text) == OLD_SPACES.sub(" ", text)


def test_answers_are_tidied_as_before() -> None:
    def old_clean(text: str) -> tuple[str, bool]:
        known = reader._placeholders(load_pool())
        placeholder, lines = SENTINEL in text, []
        for line in text.replace(SENTINEL, "").split("\n"):
            line = OLD_SPACES.sub(" ", line).strip()
            if not line:
                continue
            if reader.normalise(line) in known or reader._INSTRUCTION.match(line):
                placeholder = True
                continue
            lines.append(line)
        return "\n".join(lines), placeholder

    rng = random.Random(21)
    words = ["Vi", "ansætter", "[Skriv her]", "\t", "  ", "\u00a0", "\n", SENTINEL, "Klik her", "."]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        assert reader.clean(text) == old_clean(text), repr(text)


def test_the_space_pattern_is_linear_on_a_megabyte() -> None:
    imports = "from hir_docs.readers.application import _SPACES, clean"
    cases = {
        "a million spaces": "_SPACES.sub(' ', 'a' + ' ' * MB + 'b') == 'a b'",
        "a million tabs and spaces": "_SPACES.sub(' ', ' \\t' * (MB // 2)) == ' '",
        "a million words": "len(clean('ord ' * (MB // 4))[0]) == MB - 1",
    }
    assert results_in_child(imports, cases) == dict.fromkeys(cases, "True")


def _old_is_heading(p: etree._Element) -> bool:
    ppr = p.find(PPR)
    if ppr is None:
        return False
    if ppr.find(OUTLINE) is not None:
        return True
    style = ppr.find(PSTYLE)
    return style is not None and bool(
        re.search(r"(?i)heading|overskrift|title|titel", style.get(W + "val") or "")
    )


def test_a_heading_is_found_as_find_found_it() -> None:
    ns = 'xmlns:w="' + W[1:-1] + '"'
    paragraphs = [
        "<w:p {ns}/>",
        "<w:p {ns}><w:r><w:t>x</w:t></w:r></w:p>",
        "<w:p {ns}><w:pPr/></w:p>",
        '<w:p {ns}><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:p>',
        '<w:p {ns}><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>',
        '<w:p {ns}><w:pPr><w:pStyle/><w:pStyle w:val="Overskrift2"/></w:pPr></w:p>',
        '<w:p {ns}><w:pPr><w:jc/><w:outlineLvl w:val="1"/></w:pPr></w:p>',
        '<w:p {ns}><w:r/><w:pPr><w:pStyle w:val="Titel"/></w:pPr><w:pPr/></w:p>',
        "<w:p {ns}><w:pPr/><w:pPr><w:outlineLvl/></w:pPr></w:p>",
        "<w:p {ns}><w:r><w:pPr><w:outlineLvl/></w:pPr></w:r></w:p>",
    ]
    for xml in paragraphs:
        p = etree.fromstring(xml.format(ns=ns))
        assert _is_heading(p) == _old_is_heading(p), xml


def test_non_answer_phrases_follow_the_pool_object() -> None:
    pool = load_pool()
    assert answer_kind("Kommer senere i år", pool) is None
    facts = dict(pool.facts)
    old = facts["non_answers"]
    facts["non_answers"] = dataclasses.replace(old, value=["Kommer senere i år"])
    other = dataclasses.replace(pool, facts=facts)
    assert answer_kind("Kommer senere i år", other) == "non-answer"
    assert answer_kind("Kommer senere i år", pool) is None  # the first pool's own phrases
    assert answer_kind(pool.strings("non_answers")[0], other) is None
