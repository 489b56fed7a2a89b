"""What the application's free-text answers say, read as plain values (issue 11).

- ``answer_kind``: an answer that is no answer ("-", "xxx", "Udfyldes senere", "TBD") or
  that only points to an attachment ("Se bilag"); the phrases are pool data.
- ``caseload_claims``: the numbers of cases per caseworker an answer plans ("ca. 45 sager
  pr. sagsbehandler", "højst 40 sager"), not today's numbers.
- ``expected_citizens``: the expected number of citizens ("ca. 320 borgere").
- ``caseworkers_named``: the largest number of caseworkers an answer names.
Pure functions on text; no findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hir_docs.labels import normalise
from hir_docs.pools import Pool

_FILLER = re.compile(r"[\s\-–—_.,:;!?*/x]*", re.IGNORECASE)


def answer_kind(text: str | None, pool: Pool) -> str | None:
    """ "non-answer", "attachment" (only a reference to an attachment) or None."""
    if text is None or not text.strip():
        return None  # an empty field is its own rule
    if _FILLER.fullmatch(text.strip()):
        return "non-answer"  # "-", "xxx", "...", "?"
    t = normalise(text)
    if t in {normalise(p) for p in pool.strings("non_answers")}:
        return "non-answer"
    if len(t) <= 80 and any(
        t == normalise(p) or t.startswith(normalise(p) + " ")
        for p in pool.strings("attachment_references")
    ):
        return "attachment"
    return None


# ---------------------------------------------------------------- cases per caseworker

_NUM = r"(\d{1,4})(?:\s*(?:-|–|til)\s*(\d{1,4}))?"
_CASE_WORD = r"(?:sager|ressourceforløbssager|borgere|forløb|ressourceforløb)\b"
_PER_WORKER = (
    r"(?:pr\.?|per|for hver|hos hver|til hver|til den enkelte)\s+(?:\w+\s+){0,2}?"
    r"(?:sagsbehandler|medarbejder|rådgiver|socialrådgiver|årsværk|fuldtidsstilling|stilling)"
)
_CLAIMS = (
    # "45 sager pr. sagsbehandler", "30-35 sager pr. koordinerende sagsbehandler"
    re.compile(rf"{_NUM}\s*{_CASE_WORD}\s*(?:\w+\s+){{0,2}}?{_PER_WORKER}", re.IGNORECASE),
    # "højst 40 sager", "max. 30-35 sager"
    re.compile(
        rf"(?:max\.?|maks\.?|maksimalt|højst|højest|op til|loft\w*\s+(?:på|over|af))\s*"
        rf"(?:ca\.?\s*)?{_NUM}\s*(?:sager|ressourceforløbssager)\b",
        re.IGNORECASE,
    ),
    # "et sagstal på 45", "sagsstamme på højst 40"
    re.compile(
        rf"(?:sagstal|sagsantal|sagsstamme|sagsnorm|sagsmængde)\w*\s+(?:på|af|til)\s+"
        rf"(?:ca\.?\s*|max\.?\s*|maks\.?\s*|højst\s+|omkring\s+)?{_NUM}(?!\s*%)",
        re.IGNORECASE,
    ),
    # "hver sagsbehandler får ca. 45 sager"
    re.compile(
        rf"(?:hver|den enkelte)\s+(?:koordinerende\s+)?(?:sagsbehandler|medarbejder|rådgiver)\w*"
        rf"\s+(?:\w+\.?\s+){{0,3}}?{_NUM}\s*{_CASE_WORD}",
        re.IGNORECASE,
    ),
)
# A sentence about today's caseload, not the plan.
_NOW = re.compile(
    r"\b(?:i dag|nuværende|p\.?\s?t\.|aktuelt|i øjeblikket|tidligere|hidtil|før projektet)",
    re.IGNORECASE,
)
# "over 40 sager", "flere end 35": a threshold talked about, not a plan.
_THRESHOLD = re.compile(r"(?:over|flere end|mere end|end|fra)\s*(?:ca\.?\s*)?$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n")


@dataclass(frozen=True)
class Claim:
    cases: int  # the highest number of cases per caseworker the phrase allows
    text: str  # the phrase as written


def caseload_claims(text: str | None) -> list[Claim]:
    """Numbers of cases per caseworker that the text plans, in order."""
    out: list[Claim] = []
    for sentence in _SENTENCE.split(text or ""):
        if not sentence or _NOW.search(sentence):
            continue
        seen: set[tuple[int, int]] = set()
        for pattern in _CLAIMS:
            for m in pattern.finditer(sentence):
                if m.span() in seen:
                    continue
                seen.add(m.span())
                low, high = m.group(1), m.group(2)
                before = sentence[max(0, m.start(1) - 16) : m.start(1)]
                joined = sentence[m.start(1) : m.end(2) if high else m.end(1)]
                if high and "til" in joined and re.search(r"\bfra\s*$", before, re.I):
                    out.append(Claim(int(high), m.group(0).strip()))  # "fra 45 til 35"
                    continue
                if _THRESHOLD.search(before):
                    continue
                value = max(int(low), int(high)) if high else int(low)
                out.append(Claim(value, m.group(0).strip()))
    return out


# ---------------------------------------------------------------- citizens and caseworkers

_WORDS = {
    "en": 1, "én": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14,
    "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
}  # fmt: skip
_WORD_NUM = "|".join(sorted(_WORDS, key=len, reverse=True))
_CITIZENS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|\d+)(?:\s*(?:-|–|til)\s*\d+)?\s+"
    r"(?:nye\s+|borgere\s+i\s+)?(?:borgere|sager|ressourceforløbssager|ressourceforløb|forløb)\b",
    re.IGNORECASE,
)
_CASEWORKERS = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}|{_WORD_NUM})\s+(?:[a-zæøå]+\s+){{0,2}}?"
    r"(?:sagsbehandlere|rådgivere|socialrådgivere|jobkonsulenter)\b",
    re.IGNORECASE,
)


def expected_citizens(text: str | None) -> int | None:
    """The first number of citizens (or cases) the answer names: "ca. 320 borgere"."""
    m = _CITIZENS.search(text or "")
    return int(m.group(1).replace(".", "")) if m else None


def caseworkers_named(*texts: str | None) -> int | None:
    """The largest number of caseworkers named in the texts ("10 koordinerende
    sagsbehandlere", "syv koordinerende sagsbehandlere")."""
    found = [
        int(n) if n.isdigit() else _WORDS[n.lower()]
        for text in texts
        for n in (m.group(1) for m in _CASEWORKERS.finditer(text or ""))
    ]
    return max(found) if found else None
