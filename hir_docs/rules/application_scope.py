"""Who the project is for, as the application's free text says it (issue 21, points 6, 7): HIR's
target group, so these checks belong to its plug-in "caseload" (they run only for a pool naming it).

- every coordinating caseworker who works with ressourceforløb takes part, not a selected
  few with a lower caseload (puljeopslag, Målgruppen; Q&A 2018, spørgsmål 2 and 15);
- the target group is every citizen in ressourceforløb, not those over 30, the passive
  ones or those with more than a year's seniority (puljeopslag, Målgruppen; Q&A 2018,
  spørgsmål 5 and 15). Describing the passive citizens STAR measures for the passive-share
  target (Q&A 2018, spørgsmål 8 and 14) is not a limit.
Each answer is cut into sentences first (``read_sentences``: once per answer, each
sentence lower-cased and read for today's numbers and roles once); every pattern is
bounded, so a check is linear in the answer's length. The patterns are case-sensitive and
run on the lower-cased sentence (quicker than case-insensitive ones, same matches).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.forms.application_layout import application_form
from hir_docs.model import Application
from hir_docs.model.answers import NUMBER_WORDS, WORD_NUMBER, Sentence, quote, read_sentences
from hir_docs.rules import CASELOAD, Context, check, define
from hir_docs.rules.application import answer_text

# The free-text answers that describe the project (not the contact, amount or today's
# caseload field).
SCANNED = ("summary", "expected_citizens", "activities", "caseload_plan", "strategy", "goals",
           "organisation")  # fmt: skip

NOT_ALL_CASEWORKERS = define(
    code="application-not-all-caseworkers",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Ansøgningen lader kun en del af de koordinerende sagsbehandlere deltage (fx »kun 3 af "
    "7 sagsbehandlere«, »kun en mindre gruppe af sagsbehandlerne«, »de øvrige sagsbehandlere "
    "deltager ikke«). Antaget: disse vendinger betyder et udsnit af sagsbehandlerne.",
    hint="Alle koordinerende sagsbehandlere i jobcentret, der arbejder med ressourceforløb, skal "
    "deltage. Skriv, at de alle deltager, og planlæg max. {caseload_min}-{caseload_max} sager "
    "pr. sagsbehandler for dem alle.",
)
CASEWORKERS_SELECTED = define(
    code="application-caseworkers-selected",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="Ansøgningen taler om udvalgte eller udpegede sagsbehandlere (fx »et team på 4 udvalgte "
    "sagsbehandlere«). Antaget: det kan betyde, at ikke alle koordinerende sagsbehandlere "
    "deltager; derfor en advarsel, ikke en fejl.",
    hint="Deltager alle koordinerende sagsbehandlere med ressourceforløb, så skriv det tydeligt (fx »alle "
    "7 koordinerende sagsbehandlere deltager«). Er det kun nogle af dem, lever ansøgningen ikke "
    "op til puljens krav.",
)
TARGET_GROUP_LIMITED = define(
    code="application-target-group-limited",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Ansøgningen begrænser målgruppen til en del af borgerne i ressourceforløb (fx »kun "
    "borgere over 30 år«, »målgruppen er de passive borgere«). Antaget: »kun«, »målgruppen er« "
    "eller »projektet omfatter« fulgt af alder, anciennitet, passive eller lignende er en "
    "begrænsning; sætninger om målet for andelen af passive borgere tæller ikke.",
    hint="Målgruppen er alle borgere i ressourceforløb. Skriv fx »Målgruppen er alle borgere i "
    "ressourceforløb, herunder …«, og brug kun passive borgere med mindst 1 års anciennitet om "
    "målet for andelen af passive borgere.",
)

_NUM = rf"(?:\d{{1,3}}|{WORD_NUMBER})"
_WORKERS = (
    r"(?:koordinerende\s{1,3})?(?:sagsbehandler|socialrådgiver|rådgiver|medarbejder)(?:e|ne)\b"
)
_WORDS2 = r"(?:[^\W\d]{1,25}\s{1,3}){0,2}?"
_TAKE_PART = re.compile(
    r"\b(?:deltag\w{0,4}|indgå\w{0,3}|omfatte[st]?|er med\b|med i projektet|tilknytte[st]|"
    r"udtage[st]?|lavere sagstal|projektgruppe\w{0,3}|projektteam\w{0,3})",
)
# "3 af jobcentrets 7 koordinerende sagsbehandlere"
_N_OF_M = re.compile(
    rf"(?<![\w.,])({_NUM})\s{{1,3}}af\s{{1,3}}(?:[^\W\d]{{1,25}}\s{{1,3}}){{0,3}}?({_NUM})"
    rf"\s{{1,3}}{_WORDS2}{_WORKERS}",
)
_SUBSET = re.compile(
    # "kun en mindre gruppe af sagsbehandlerne", "kun en del af rådgiverne"
    r"\b(?:kun|alene|udelukkende)\s{1,3}(?:(?:en|et|de|nogle|enkelte|få)\s{1,3})?"
    r"(?:(?:mindre|lille|begrænset|udvalgt|særlig)\w{0,2}\s{1,3})?"
    r"(?:gruppe|del|andel|team|udsnit|hold)\w{0,3}\s{1,3}af\b"
    # "kun 3 sagsbehandlere deltager", "kun 4 udvalgte rådgivere"
    rf"|\b(?:kun|alene|udelukkende)\s{{1,3}}{_NUM}\s{{1,3}}{_WORDS2}{_WORKERS}"
    # "ikke alle sagsbehandlere deltager"
    rf"|\bikke\s{{1,3}}alle\s{{1,3}}{_WORDS2}{_WORKERS}"
    # "de øvrige sagsbehandlere deltager ikke"
    rf"|\b(?:øvrige|resterende|andre|resten\s{{1,3}}af)\s{{1,3}}{_WORDS2}{_WORKERS}"
    r"(?:\s{1,3}[^\W\d]{1,25}){0,3}?\s{1,3}(?:deltager|indgår|er)\s{1,3}ikke\b",
)
# Taking part in something else than the project: "2 af de 7 deltager i styregruppen".
_ACTIVITY = re.compile(
    r"styregruppe|følgegruppe|arbejdsgruppe|workshop|møde|kursus|uddannelse|netværk|"
    r"undervisning|survey|spørgeskema",
)
_SELECTED = re.compile(
    r"\b(?:udvalgte?|udpegede?|udpeget|udvælge[rs]?|udpege[rs]?|håndplukke[drt]?\w{0,2})\b",
)
_ALL = re.compile(r"\balle\b")

# The target group: "kun borgere over 30 år", "målgruppen er de passive borgere".
_CITIZENS = r"(?:borgere|ressourceforløbsborgere|ressourceforløbsmodtagere|deltagere)\b"
_LIMITERS = (
    re.compile(
        rf"\b(?:kun|alene|udelukkende)\s{{1,3}}(?:(?:de|den)\s{{1,3}})?{_WORDS2}{_CITIZENS}"
    ),
    re.compile(
        r"\bmålgruppen\s{1,3}(?:(?:for|i)\s{1,3}projektet\s{1,3})?(?:er|bliver|udgøres\s{1,3}af|"
        r"består\s{1,3}af|omfatter|afgrænses\s{1,3}til|begrænses\s{1,3}til)\b"
    ),
    re.compile(
        r"\b(?:projektet|indsatsen)\s{1,3}(?:omfatter|retter\s{1,3}sig\s{1,3}mod|er\s{1,3}målrettet|"
        r"er\s{1,3}forbeholdt|afgrænses\s{1,3}til|begrænses\s{1,3}til|er\s{1,3}begrænset\s{1,3}til)\b"
    ),
)
# Every match of a limiter starts with one of these words.
_LIMITER_WORDS = re.compile(r"kun|alene|udelukkende|målgruppen|projektet|indsatsen")
_RESTRICTION = re.compile(
    r"\b(?:over|under|mellem|fra)\s{1,3}\d{1,3}\b|\b\d{1,3}\s{0,3}års?\b|\bår(?:ig|s)?\b|"
    r"anciennitet|alder|\bpassive?\b|aktivitetsparate|\bunge\b|\bældre\b|\bnye\b|nytilkendte|"
    r"nyvisiterede|kvinder|\bmænd\b|diagnose|psykisk|\bvisse\b|\bbestemte\b|\bsærlige\b",
)
# "herunder borgere over 30 år": an example within all of them, not a limit.
_INCLUSIVE = re.compile(
    r"\b(?:alle|herunder|også|bl\.\s?a\.|blandt andet|fx|f\.eks\.|eksempelvis|især|særligt|"
    r"uanset)\b",
)
# The passive-share measure (Q&A 2018, spørgsmål 8, 14 and 22) names passive citizens
# with at least a year's seniority: that sentence is about the target, not the group.
_MEASURE = re.compile(r"andel|%|\bpct\b|procent|måling|måles|måler|opgør|star\b")
# Case-sensitive on the sentence as written ("Og" starts no clause here).
_CLAUSE_END = re.compile(
    r"[.;:!?]|,\s{1,3}(?:og|men|mens|så)\b|\s(?:og|men)\s{1,3}(?:vi|de|det|hver)\b"
)
_WHO = re.compile(r"borger|deltager|ressourceforløbsmodtager|passive")
_AFTER = 60
_PER_SENTENCE = 20  # phrases read per sentence (a real sentence has a few)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)


def _takes_part(low: str, m: re.Match[str]) -> bool:
    """A verb of taking part in the clause of the match: "Kun 3 af de 7 sagsbehandlere
    deltager", "I projektet deltager kun 3 af de 7" (not "3 af de 7 arbejder med
    ressourceforløb; de deltager alle")."""
    before = low[max(0, m.start() - _AFTER) : m.start()]
    after = low[m.end() : m.end() + _AFTER]
    before = re.split(r"[;:,]", before)[-1]
    after = re.split(r"[;:,]", after, maxsplit=1)[0]
    return bool(_TAKE_PART.search(before) or _TAKE_PART.search(after)) and not _ALL.search(after)


def _not_all(s: Sentence) -> int | None:
    """Where the sentence lets only some of the caseworkers take part (None: it does not)."""
    if not s.caseworker or _ACTIVITY.search(s.low):
        return None
    for m in islice(_N_OF_M.finditer(s.low), _PER_SENTENCE):
        if 0 < _count(m.group(1)) < _count(m.group(2)) and _takes_part(s.low, m):
            return m.start()
    for m in islice(_SUBSET.finditer(s.low), _PER_SENTENCE):
        if _takes_part(s.low, m) or m.group(0).endswith("ikke"):
            return m.start()
    return None


def _selected(s: Sentence) -> int | None:
    """Where the sentence speaks of selected caseworkers (None: it does not)."""
    if not s.caseworker:
        return None
    m = _SELECTED.search(s.low)
    return m.start() if m and not _ALL.search(s.low) else None


def _limits_target(s: Sentence) -> int | None:
    """Where the sentence limits the target group (None: it does not)."""
    if not _LIMITER_WORDS.search(s.low) or _MEASURE.search(s.low):
        return None
    for pattern in _LIMITERS:
        for m in islice(pattern.finditer(s.low), _PER_SENTENCE):
            stop = _CLAUSE_END.search(s.text[m.end() : m.end() + _AFTER], 1)
            scope = s.low[m.start() : m.end() + (stop.start() if stop else _AFTER)]
            if _RESTRICTION.search(scope) and _WHO.search(scope) and not _INCLUSIVE.search(scope):
                return m.start()
    return None


def _first(app: Application, test: Callable[[Sentence], int | None]) -> Iterator[tuple[str, str]]:
    """(field, quote) of the first sentence in each scanned answer that ``test`` finds."""
    for key in SCANNED:
        text = answer_text(app, key)
        for s in read_sentences(text) if text else ():
            at = None if s.today else test(s)
            if at is not None:
                yield key, quote(s.text, at)
                break


@check(DocKind.APPLICATION, emits=(NOT_ALL_CASEWORKERS, CASEWORKERS_SELECTED), plugin=CASELOAD)
def all_caseworkers(app: Application, ctx: Context) -> Iterator[Finding]:
    flagged = set()
    for key, text in _first(app, _not_all):
        flagged.add(key)
        yield NOT_ALL_CASEWORKERS.finding(
            f"»{application_form(ctx.pool).fields[key].short_label}« siger »{text}«: kun en del af de koordinerende "
            "sagsbehandlere deltager, men alle sagsbehandlere i jobcentret, der arbejder med "
            "ressourceforløb, skal indgå i projektet.",
            file=ctx.file,
            field=key,
            location=app.locations.get(key),
        )
    for key, text in _first(app, _selected):
        if key not in flagged:
            yield CASEWORKERS_SELECTED.finding(
                f"»{application_form(ctx.pool).fields[key].short_label}« siger »{text}«: hvis kun udvalgte "
                "sagsbehandlere deltager, lever ansøgningen ikke op til kravet om, at alle "
                "koordinerende sagsbehandlere med ressourceforløb deltager.",
                file=ctx.file,
                field=key,
                location=app.locations.get(key),
            )


@check(DocKind.APPLICATION, emits=(TARGET_GROUP_LIMITED,), plugin=CASELOAD)
def target_group(app: Application, ctx: Context) -> Iterator[Finding]:
    for key, text in _first(app, _limits_target):
        yield TARGET_GROUP_LIMITED.finding(
            f"»{application_form(ctx.pool).fields[key].short_label}« siger »{text}«: målgruppen er alle borgere i "
            "ressourceforløb, ikke kun en del af dem.",
            file=ctx.file,
            field=key,
            location=app.locations.get(key),
        )
