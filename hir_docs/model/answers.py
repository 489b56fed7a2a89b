"""What the application's free-text answers say, read as plain values (issue 11, 21).

- ``answer_kind``: an answer that is no answer ("-", "xxx", "Udfyldes senere", "TBD") or
  that only points to an attachment ("Se bilag"); the phrases are pool data.
- ``sentences``: an answer cut into sentences (the unit every text rule reads).
- ``caseload_claims``: the numbers of cases per coordinating caseworker an answer plans
  ("45 sager pr. sagsbehandler", "hver sagsbehandler 45 sager", "45 sager hver", "et
  sagstal på 40-45", "30 ressourceforløbssager og 15 andre sager, i alt 45"): not today's
  numbers ("i dag", "nuværende", "fra 60 til 35"), not other roles ("virksomhedskonsulenterne
  har 50 sager hver"), not the team's total ("10 sagsbehandlere til 275 sager").
- ``caseload_numbers``: every number of cases an answer names, whoever it is about.
- ``expected_citizens``: the expected number of citizens ("ca. 320 borgere").
- ``caseworkers_named``: the largest number of caseworkers an answer names.
Pure functions on text; no findings. Every pattern is linear in the text's length: a
sentence is cut first, then each number is judged by bounded windows around it.

Speed (issue 21, point 22: a 1 MB answer checks in well under 2 s): an answer is cut into
``Sentence``s once (``read_sentences``, cached per text), each lower-cased once and told
once whether it is about today and which roles it names; the patterns are case-sensitive
and run on the lower-cased text (a case-insensitive pattern is several times slower), so
they keep a fast first-character scan; a sentence without a digit has no numbers to judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from hir_docs.labels import normalise
from hir_docs.pools import Pool

_FILLER = re.compile(r"[\s\-–—_.,:;!?*/x]*", re.IGNORECASE)
_REFERENCE_MAX = 80  # "Se vedlagte bilag" and a few words more
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())  # ASCII bytes


def answer_kind(text: str | None, pool: Pool) -> str | None:
    """ "non-answer", "attachment" (only a reference to an attachment) or None."""
    if text is None or not text.strip():
        return None  # an empty field is its own rule
    if _FILLER.fullmatch(text.strip()):
        return "non-answer"  # "-", "xxx", "...", "?"
    non_answers, references, longest = _pool_phrases(pool)
    if _letters_and_digits_above(text, longest):
        return None  # too long to be one of the phrases (and not normalised: quick)
    t = _normalised(text)
    if t in non_answers:
        return "non-answer"
    if len(t) <= _REFERENCE_MAX and any(t == r or t.startswith(r + " ") for r in references):
        return "attachment"
    return None


Phrases = tuple[frozenset[str], tuple[str, ...], int]
# Pool object (by identity, kept alive with it so its id is not reused) -> its phrases:
# every check asks about every answer, and copying the pool's lists each time was most
# of the work. A few pools per process; more (tests build many) and it starts afresh.
_POOL_PHRASES: dict[int, tuple[Pool, Phrases]] = {}
_POOLS_KEPT = 64


def _pool_phrases(pool: Pool) -> Phrases:
    """``pool``'s non-answers and attachment references normalised, and their length limit."""
    kept = _POOL_PHRASES.get(id(pool))
    if kept is None or kept[0] is not pool:
        phrases = _phrases(
            tuple(pool.strings("non_answers")), tuple(pool.strings("attachment_references"))
        )
        if len(_POOL_PHRASES) >= _POOLS_KEPT:
            _POOL_PHRASES.clear()
        kept = _POOL_PHRASES[id(pool)] = (pool, phrases)
    return kept[1]


@lru_cache(maxsize=16)
def _phrases(non_answers: tuple[str, ...], references: tuple[str, ...]) -> Phrases:
    """The pool's phrases normalised, once per pool (every answer is asked about)."""
    words = frozenset(normalise(p) for p in non_answers)
    return words, tuple(normalise(p) for p in references), max((_REFERENCE_MAX, *map(len, words)))


def _letters_and_digits_above(text: str, limit: int) -> bool:
    """Whether ``text`` has more than ``limit`` ASCII letters and digits: each stays a
    character of ``normalise(text)``, so that is longer than ``limit``."""
    if len(text) <= limit:
        return False
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ALNUM)) > limit


@lru_cache(maxsize=16)
def _normalised(text: str) -> str:
    return normalise(text)  # once per answer: every rule asks whether it is an answer


# ---------------------------------------------------------------- sentences and roles

# A sentence ends at . ! ? before a capital, also where the space after the full stop is
# missing ("ca. 250 sager.I perioder med …"): the next sentence's numbers are its own.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|(?<=[a-zæøå]\.)(?=[A-ZÆØÅ])|\n|•")
# The patterns from here on are case-sensitive and run on the lower-cased text
# (``lowered``): the same matches as a case-insensitive pattern on the text as written,
# several times faster.
# Where one sentence turns to another statement: "I dag 55 sager, men med projektet 33".
_CLAUSE = re.compile(
    r";|(?<=[^\d\s])\s[–—]\s(?=\D)|,\s{1,3}(?=(?:men|mens|og|hvor|hvorimod|så|dvs|fremover|efter|når|nu)\b)"
    r"|\s(?=men\s)"
)
# Words that make a sentence about the coordinating caseworkers (matched as the end of a
# word, after its inflection: "myndighedssagsbehandlerne", "rådgiveren").
CASEWORKER_ROLES = ("sagsbehandler", "rådgiver", "mødeleder", "gruppekoordinator", "fagkoordinator")
# Other roles: the 30-35 cap is not theirs (Q&A 2018, spørgsmål 11 and 17).
OTHER_ROLES = (
    "konsulent",  # virksomhedskonsulent, jobkonsulent, arbejdsmarkedskonsulent
    "mentor",
    "leder",  # teamleder, afdelingsleder, projektleder
    "chef",
    "formidler",  # jobformidler
    "sundhedskoordinator",
    "mentorkoordinator",
    "psykolog",
    "terapeut",
    "sygeplejerske",
    "coach",
    "sekretær",
)
# Every match of ``_CLAUSE`` holds one of these.
_MAY_SPLIT = re.compile(r"[;,–—]|men")
_ANY_ROLE = re.compile("|".join(("koordinerende", *CASEWORKER_ROLES, *OTHER_ROLES)))
_INFLECTIONS = ("ernes", "erne", "ens", "en", "er", "es", "ne", "e", "s", "")
# A sentence that goes on about the role of the sentence before ("De har 50 sager hver").
_PRONOUN_START = re.compile(r"\s{0,3}(?:de|disse|begge|hver af (?:dem|disse))\b")
_DIGIT = re.compile(r"\d")


def _named(low: str, words: tuple[str, ...]) -> bool:
    """Whether ``low`` holds one of ``words``: quicker than a pattern that cannot match."""
    return any(w in low for w in words)


def lowered(text: str) -> str:
    """``text`` in lower case letter for letter (same length, so a match in it is at the
    same place in ``text``): what the case-sensitive patterns here read."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lower-cases to "i" and a dot: keep the "i"
        low = "".join(c.lower()[0] for c in text)
    return low.replace("ſ", "s") if "ſ" in low else low  # as a case-insensitive pattern


Role = tuple[int, int, bool]  # (start, end, is the coordinating caseworker) of a role word


# The answers whose reading is kept: the seven free-text answers of one application the
# text rules read (a few MB at most: a 1 MB answer is kept as text, sentences and claims).
_ANSWERS_KEPT = 8


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an answer, read once."""

    text: str  # as written (stripped)
    low: str  # ``lowered(text)``
    today: bool  # says how things are today, not what the project plans (``_today``)
    roles: tuple[Role, ...]  # the role words in it (``_role_words``)
    caseworker: bool  # names the coordinating caseworkers
    other: bool  # names another role


def _sentence(text: str) -> Sentence:
    low = lowered(text)
    found = tuple(_role_words(low))
    return Sentence(
        text,
        low,
        _today(low),
        found,
        any(c for _, _, c in found),
        any(not c for _, _, c in found),
    )


@lru_cache(maxsize=_ANSWERS_KEPT)
def read_sentences(text: str) -> tuple[Sentence, ...]:
    """The answer cut into sentences, each read once (cached: every text rule reads the
    same answers)."""
    return tuple(_sentence(s.strip()) for s in _SENTENCE.split(text) if s and s.strip())


def sentences(text: str | None) -> list[str]:
    """The text cut into sentences (and lines, and bullet points), stripped, none empty."""
    return [s.text for s in read_sentences(text)] if text else []


def _role_word(word: str, stems: tuple[str, ...]) -> bool:
    return any(
        word.endswith(suffix) and word[: len(word) - len(suffix)].endswith(stems)
        for suffix in _INFLECTIONS
    )


@lru_cache(maxsize=4096)
def _role_kind(word: str) -> bool | None:
    """True: a word for the coordinating caseworkers; False: another role; None: neither."""
    if word == "koordinerende" or _role_word(word, CASEWORKER_ROLES):
        return True
    return False if _role_word(word, OTHER_ROLES) else None


def _role_words(low: str) -> list[Role]:
    out: list[Role] = []
    last = -1
    for hit in _ANY_ROLE.finditer(low):
        start, end = hit.start(), hit.end()
        while start > 0 and start > hit.start() - 30 and low[start - 1].isalpha():
            start -= 1
        while end < len(low) and end < hit.end() + 6 and low[end].isalpha():
            end += 1
        if start <= last or (start and low[start - 1].isalpha()):
            continue  # the same word again, or a longer word than any role
        if end < len(low) and low[end].isalpha():
            continue
        last, kind = start, _role_kind(low[start:end])
        if kind is not None:
            out.append((start, end, kind))
    return out


_JOINED = re.compile(r"\s{0,3}(?:og|samt|,)\s{0,3}")


def _about_caseworker(found: list[Role], low: str, k: int) -> bool | None:
    """Whether a number is about the coordinating caseworkers, ``k`` being the number of
    role words before it: the nearest role word before it (with the roles joined to it,
    "sagsbehandlerne og mentorerne"), else the first one after it; None: no role named."""
    if not k:
        return found[0][2] if found else None
    for i in range(k - 1, max(k - 6, -1), -1):
        if found[i][2]:
            return True
        gap = low[found[i - 1][1] : found[i][0]] if i else ""
        if not i or len(gap) > 8 or not _JOINED.fullmatch(gap):
            return False
    return False


# ---------------------------------------------------------------- cases per caseworker

_CASE = (
    r"(?:(?:nye|aktive|flere|andre|øvrige|blandede)\s{1,3})?"
    r"(?:sager|sag|ressourceforløbssager|ressourceforløbsborgere|borgere|forløb|ressourceforløb)\b"
)
_ROLE = (
    r"(?:koordinerende\s{1,3})?(?:myndigheds)?(?:sagsbehandler|socialrådgiver|rådgiver|medarbejder"
    r"|årsværk|fuldtidsstilling|fuldtidsansat|stilling|person)\w{0,4}\b"
)
_PER = r"(?:pr\.?|per|for hver|hos hver|til hver|til den enkelte)\s{1,3}"
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,4})(?!\d|[.,]\d)(?:\s{0,3}(-|–|til|og)\s{0,3}(\d{1,4})(?!\d|[.,]\d))?",
)
_WINDOW = 60
_ANCHOR = re.compile(r"sag|borger|forløb|pr\b|per\b|hver")
# After the number: "45 sager pr. sagsbehandler", "45 pr. koordinerende sagsbehandler".
_PER_AFTER = re.compile(rf"\s{{0,3}}(?:{_CASE}\s{{0,3}})?{_PER}{_ROLE}")
# "45 sager hver", "45 sager til hver"
_EACH_AFTER = re.compile(
    rf"\s{{0,3}}{_CASE}\s{{1,3}}(?:til\s{{1,3}})?hver\b(?!\s{{1,3}}(?:uge|måned|dag|gang|år)\b)",
)
_CASE_AFTER = re.compile(rf"\s{{0,3}}{_CASE}")
_RATE = re.compile(
    r"\s{0,3}(?:(?:om|pr\.?|per|hver|i)\s{1,3}(?:måned|år|uge|kvartal|dag)(?:en|et)?\b"
    r"|årligt|månedligt|ugentligt|dagligt)",
)
_UNIT_AFTER = re.compile(r"\s{0,3}(?:%|pct|procent|år|måned|uge|dag|time|kr|mio)")
# Before the number (searched in a window that ends at the number).
_CAP_BEFORE = re.compile(
    r"(?:max\.?|maks\.?|maksimalt|højst|højest|op til|loft\w{0,4}\s{1,3}(?:på|over|af))"
    r"\s{0,3}(?:ca\.?\s{0,3})?$",
)
_BELOW_BEFORE = re.compile(r"\b(?:under|færre end|mindre end)\s{0,3}(?:ca\.?\s{0,3})?$")
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:over|flere end|mere end|end|stiger|overstiger|(?:reducere|falde|nedbringe|sænke|øge"
    r"|stige|nedsætte)\w{0,2}\s{1,3}med)\s{0,3}(?:ca\.?\s{0,3})?$",
)
_BETWEEN_BEFORE = re.compile(r"\bmellem\s{1,3}(?:ca\.?\s{0,3})?$")
_TOTAL_BEFORE = re.compile(r"\b(?:i alt|samlet|sammenlagt)\s{1,3}(?:ca\.?\s{0,3})?$")
_CASELOAD_BEFORE = re.compile(
    r"\b(?:sagstal|sagsantal|sagsstamme|sagsnorm|sagsmængde|sagsbelastning)\w{0,4}"
    r"(?:\s{1,3}[\w.]{1,20}){0,4}\s{1,3}$",
)
_EACH_BEFORE = re.compile(
    rf"\b(?:hver|den enkelte|hver enkelt)\s{{1,3}}{_ROLE}(?:\s{{1,3}}[\w.]{{1,20}}){{0,4}}\s{{1,3}}$",
)
_FROM_TO = re.compile(r"\bfra\s{1,3}$")
_SAGER_AFTER = re.compile(r"\s{0,3}(?:[^\W\d]{1,12}\s{1,3})?sager\b")
# The whole clause: about one caseworker's caseload, or the team's.
_PER_WORKER = re.compile(
    rf"\b(?:hver|den enkelte|hver enkelt)\s{{1,3}}{_ROLE}|\bhver(?:\s{{1,3}}af\s{{1,3}}(?:dem|disse))?"
    r"\s{1,3}(?:får|har|skal|vil|kan|må|bliver|sidder)\b"
    r"|\b(?:sagsbehandleren|rådgiveren|socialrådgiveren|medarbejderen)s?\b"
    rf"|\b{_PER}{_ROLE}|\bblande(?:t|de)\b|\bsin\s{{1,3}}sagsstamme",
)
# Every match of ``_PER_WORKER`` holds one of these (a quick test before the pattern).
_PER_WORKER_WORDS = (
    "hver", "den enkelte", "sagsbehandleren", "rådgiveren", "medarbejderen", "pr", "per",
    "blande", "sagsstamme",
)  # fmt: skip
_TEAM = re.compile(
    r"(?<![\d.,])\d{1,3}\s{1,3}(?:[^\W\d]{1,25}\s{1,3}){0,2}(?:sagsbehandlere|rådgivere|"
    r"socialrådgivere|medarbejdere)\b|\bteam\w{0,4}\b|\bsamlede?\b|\b(?:jobcent(?:e|r)\w{0,4}|"
    r"kommune\w{0,2}|afdeling\w{0,3})\b",
)
_TEAM_WORDS = (
    "sagsbehandlere", "rådgivere", "medarbejdere", "team", "samled", "jobcent", "kommune",
    "afdeling",
)  # fmt: skip
_CASE_CONTEXT = re.compile(r"\bsag(?:er|stal|santal|sstamme|snorm|smængde|sbelastning)\w{0,4}\b")
# Words that make a clause about today's (or an earlier) caseload, not the plan.
TODAY_MARKERS = (
    "i dag", "idag", "dags dato", "nuværende", "nu har", "p.t.", "p. t.", "pt.", "aktuelt",
    "i øjeblikket", "tidligere", "hidtil", "havde", "var", "før projektet", "inden projektet",
)  # fmt: skip
# Each marker starts with a letter: it stands at the start of a word when the character
# before it is no word character (checked in ``_today``, which keeps the pattern's
# first-character scan fast).
_NOW = re.compile(
    "(?:" + "|".join(re.escape(m).replace(r"\ ", r"\s{1,3}") for m in TODAY_MARKERS) + r")(?!\w)"
)
# "30 ressourceforløbssager og 15 andre sager": a mixed caseload, counted as a whole.
_PLUS = re.compile(r"\s{0,3}(?:og|\+|samt|plus)\s{0,3}")


@dataclass(frozen=True)
class Claim:
    cases: int  # the highest number of cases per caseworker the phrase allows
    text: str  # the sentence (or clause) it stands in, at most 60 characters
    total: bool = False  # a whole mixed caseload ("i alt 45", "30 + 15")


def quote(text: str, start: int = 0, width: int = 60) -> str:
    """At most ``width`` characters of ``text`` around ``start``, cut with "…"."""
    if len(text) > width:
        left = max(0, min(start - width // 3, len(text) - (width - 2)))
        right = left + width - 2
        text = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    return " ".join(text.split())


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what a pattern's \\w matches


def _today(low: str) -> bool:
    m = _NOW.search(low)
    while m is not None:
        if not m.start() or not _word_char(low[m.start() - 1]):
            return True
        m = _NOW.search(low, m.start() + 1)  # inside a word ("ansvar"): look further
    return False


def _clauses(low: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces ``_CLAUSE.split(low)`` gives."""
    if not _MAY_SPLIT.search(low):
        yield 0, len(low)  # most sentences are one clause
        return
    start = 0
    for m in _CLAUSE.finditer(low):
        yield start, m.start()
        start = m.end()
    yield start, len(low)


def caseload_claims(text: str | None) -> list[Claim]:
    """Numbers of cases per coordinating caseworker that the text plans, in order."""
    return list(_claims(text)) if text else []


@lru_cache(maxsize=_ANSWERS_KEPT)
def _claims(text: str) -> tuple[Claim, ...]:
    out: list[Claim] = []
    about_others = False  # the sentence before was about another role only
    for s in read_sentences(text):
        caseworker, other = s.caseworker, s.other
        if not caseworker and not other and _PRONOUN_START.match(s.low):
            other = about_others  # "De har 50 sager hver": the role of the sentence before
        about_others = other and not caseworker
        if not _DIGIT.search(s.low):
            continue  # no number in it
        for start, end in _clauses(s.low):
            low = s.low[start:end]
            # Today's numbers are not the plan (a clause of a sentence that is not about
            # today is not about today either).
            if not (s.today and _today(low)):
                # A clause's role words are the sentence's between its ends (a clause
                # ends at a separator, never inside a word).
                found = [(a - start, b - start, c) for a, b, c in s.roles if start <= a < end]
                out.extend(_clause_claims(s.text[start:end], low, about_others, found))
    return tuple(out)


def _clause_claims(
    clause: str, low: str, about_others: bool, found_roles: list[Role]
) -> list[Claim]:
    """The claims of one clause (``low``: the clause lower-cased; ``found_roles``: its
    role words)."""
    numbers = list(_numbers_near_cases(low))
    if not numbers:
        return []
    words: tuple[bool, bool, bool] | None = None  # read when a number needs them
    found: list[Claim] = []
    last_case_end, last_value, k = -1, 0, 0
    for m in numbers:
        first, sep, high = int(m.group(1)), m.group(2) or "", m.group(3)
        end = m.end()
        before = low[max(0, m.start() - _WINDOW) : m.start()]
        if sep == "og" and not _BETWEEN_BEFORE.search(before):
            high, end = None, m.end(1)  # "30 og 45" is a range only after "mellem"
        after = low[end : end + _WINDOW]
        if _UNIT_AFTER.match(after):
            continue  # "16-20 %", "30 år", "3 måneder"
        case_after = _CASE_AFTER.match(after)
        if case_after and _RATE.match(after, case_after.end()):
            last_case_end = -1
            continue  # "40 nye sager om året": an intake, not a caseload
        if not (case_after or "sag" in before or _PER_AFTER.match(after)):
            last_case_end = -1
            continue  # no case word near: not a caseload (and quick on long texts)
        while k < len(found_roles) and found_roles[k][1] <= m.start():
            k += 1
        about = _about_caseworker(found_roles, low, k)
        if about is False or (about is None and about_others):
            last_case_end = -1
            continue  # about a virksomhedskonsulent, mentor, leder ...
        if words is None:  # the whole clause: about one caseworker, the team, cases
            words = (
                _named(low, _PER_WORKER_WORDS) and _PER_WORKER.search(low) is not None,
                _named(low, _TEAM_WORDS) and _TEAM.search(low) is not None,
                _CASE_CONTEXT.search(low) is not None,
            )
        per_worker, team, case_context = words
        value = max(first, int(high)) if high else first
        to = sep == "til" and high is not None
        kind = _kind(before, after, to, case_after is not None, per_worker, team, case_context)
        gap = low[last_case_end : m.start()] if last_case_end >= 0 else "-"
        mixed = case_after and len(gap) <= 12 and _PLUS.fullmatch(gap)
        if mixed and kind != "threshold" and (per_worker or not team):
            # "30 ressourceforløbssager og 15 andre sager": the whole caseload counts
            found.append(Claim(last_value + value, quote(clause, m.start()), total=True))
        last_case_end, last_value = (end + case_after.end(), value) if case_after else (-1, 0)
        if kind is None or kind == "threshold":
            continue
        if kind == "from":
            value = int(high or 0)  # "fra 60 til 35 sager": the plan is the second number
        if kind == "below":
            value -= 1  # "under 40 sager": at most 39
        found.append(Claim(value, quote(clause, m.start()), total=kind == "total"))
    return found


def _kind(
    before: str,
    after: str,
    to: bool,
    case_after: bool,
    per_worker: bool,
    team: bool,
    case_context: bool,
) -> str | None:
    """What a number in a clause is: None (not a caseload per caseworker), "threshold"
    ("over 33 sager", "fra 55 sager"), "from" ("fra 60 til 35"), "below" ("under 40"),
    "total" ("i alt 45") or "plan"."""
    plan = _plan(before, after, case_after, per_worker, team, case_context)
    if _FROM_TO.search(before):
        return "from" if plan and to else "threshold"
    if _BELOW_BEFORE.search(before):
        return "below" if plan or (case_after and (per_worker or not team)) else None
    if _THRESHOLD_BEFORE.search(before):
        return "threshold"
    if _TOTAL_BEFORE.search(before):
        plain = not case_after or _SAGER_AFTER.match(after)
        return "total" if per_worker and not team and plain and case_context else None
    return "plan" if plan else None


def _plan(
    before: str, after: str, case_after: bool, per_worker: bool, team: bool, case_context: bool
) -> bool:
    """Whether the words around a number make it a number of cases per caseworker."""
    if _PER_AFTER.match(after):
        return True  # "45 sager pr. sagsbehandler", "Sagstallet bliver 45 pr. sagsbehandler"
    if _EACH_AFTER.match(after):
        return True  # "45 sager hver"
    if case_after and _EACH_BEFORE.search(before):
        return True  # "hver koordinerende sagsbehandler 45 sager"
    if team and not per_worker:
        return False  # the team's total ("10 sagsbehandlere til 275 sager")
    if case_after and _CAP_BEFORE.search(before):
        return True  # "højst 40 sager"
    if _CASELOAD_BEFORE.search(before):
        return True  # "et sagstal på 40-45", "Sagstallet bliver 45"
    return case_after and per_worker  # "Sagsbehandleren får 45 sager"


def _numbers_near_cases(low: str) -> Iterator[re.Match[str]]:
    """The numbers with a word about cases near them ("sager", "sagstal", "borgere",
    "forløb", "pr.", "hver"): the only ones that can be a caseload (``low``: lower-cased)."""
    anchors = [a.start() for a in _ANCHOR.finditer(low)]
    if not anchors:
        return
    j = 0
    for m in _NUMBER.finditer(low):
        while j < len(anchors) and anchors[j] < m.start() - _WINDOW:
            j += 1
        if j == len(anchors):
            return  # past the last case word: no number after it is near one
        if anchors[j] <= m.end() + _WINDOW:
            yield m


def caseload_numbers(text: str | None) -> list[int]:
    """Every number of cases (or citizens) the text names, whoever it is about."""
    out: list[int] = []
    for s in read_sentences(text) if text else ():
        if not _DIGIT.search(s.low):
            continue
        for m in _numbers_near_cases(s.low):
            after = s.low[m.end() : m.end() + _WINDOW]
            before = s.low[max(0, m.start() - _WINDOW) : m.start()]
            if (
                _CASE_AFTER.match(after)
                or _PER_AFTER.match(after)
                or _CASELOAD_BEFORE.search(before)
            ):
                out.extend(int(n) for n in (m.group(1), m.group(3)) if n)
    return out


# ---------------------------------------------------------------- citizens and caseworkers

NUMBER_WORDS = {
    "en": 1, "én": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14,
    "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
}  # fmt: skip
WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_CITIZENS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3}){0,3}|\d{1,7})(?![\d.,]\d)(?:\s{0,3}(?:-|–|til)\s{0,3}\d{1,7})?"
    r"\s{1,3}(?:nye\s{1,3}|borgere\s{1,3}i\s{1,3})?"
    r"(?:borgere|sager|ressourceforløbssager|ressourceforløb|forløb)\b"
)
_CITIZEN_WORDS = ("borgere", "sager", "forløb")  # one of them ends every match
_CASEWORKERS = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}|{WORD_NUMBER})\s{{1,3}}(?:[a-zæøå]{{1,25}}\s{{1,3}}){{0,2}}?"
    r"(?:sagsbehandlere|rådgivere|socialrådgivere|jobkonsulenter)\b"
)
_CASEWORKER_WORDS = ("sagsbehandlere", "rådgivere", "jobkonsulenter")


def expected_citizens(text: str | None) -> int | None:
    """The first number of citizens (or cases) the answer names: "ca. 320 borgere"."""
    low = lowered(text or "")
    m = _CITIZENS.search(low) if _named(low, _CITIZEN_WORDS) else None
    return int(m.group(1).replace(".", "")) if m else None


def caseworkers_named(*texts: str | None) -> int | None:
    """The largest number of caseworkers named in the texts ("10 koordinerende
    sagsbehandlere", "syv koordinerende sagsbehandlere")."""
    lows = [lowered(text or "") for text in texts]
    found = [
        int(n) if n.isdigit() else NUMBER_WORDS[n]
        for low in lows
        if _named(low, _CASEWORKER_WORDS)
        for n in (m.group(1) for m in _CASEWORKERS.finditer(low))
    ]
    return max(found) if found else None
