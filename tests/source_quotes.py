"""Citations in rule and pool-fact sources, and the seed texts they cite.

The citation convention of the project (issue 21). A ``source`` is one or more
citations separated by ";" (a ";" inside parentheses or »…« does not split). Each
citation starts with the document, named as its users know it:

- ``puljeopslag, <heading>``: a heading of the puljeopslag exactly as written there
  (``indledning`` = the text before the first heading); more than one:
  ``puljeopslag, <heading> (…) og <heading> (…)``. The forms the puljeopslag links to
  are cited by the section holding the link: ``puljeopslag, Ansøgning og ansøgningsfrist
  (»Budgetskema (Excel)«)``.
- ``ansøgningsskema, <section or field label>``; ``ansøgningsskema, alle felter`` or no
  section cites the whole form.
- ``Q&A 2018, spørgsmål N`` (the series "Spørgsmål til puljeopslaget", 1-25; also written
  ``spørgsmål N til puljeopslaget``) and ``Q&A 2018, spørgsmål N om modulet`` (the series
  "Spørgsmål til registrering af borgerforløb i SharePoint-modulet", 1-6); several:
  ``spørgsmål 3, 16 og 19``. A series' own heading cites the whole series.
- ``FAQ Flere skal med, <question as written>``: another STAR pool, so say so; or
  ``FAQ Flere skal med, s. N`` (also ``s. 4-5``): the FAQ's page N, the number printed at
  the end of each page of its transcript (the first page prints none: page 1).
- ``programbeskrivelsen, <heading>``: the 2011 programme "Koordineret virksomhedsrettet
  indsats" (seed 004), which has no pages: a heading exactly as written there (the four
  elements' headings are the sections, not the list that names them); more than one:
  ``programbeskrivelsen, <heading> (…) og <heading> (…)``; no heading cites the whole text.
- ``STAR's budgetguide (…)``: not among the seeds; only what the seeds' README states
  about it may be cited (the order of the expense and income posts; the net grant).
- ``CPR-nummer…`` / ``CVR-nummer…``: the public number rules the seeds' README states.
- ``antaget: …``, ``hir-docs' egen …``, ``hir-docs: …``: our own assumption or service,
  where the sources are silent. It must be marked as such, never passed off as a source.

Text in »…«, "…" or '…' is a quotation: it must appear verbatim (case, whitespace and
``*`` emphasis aside; "…" or "..." inside it marks a gap) in the cited section or
question. A paraphrase in parentheses is proved by the key-phrase table of
``tests/test_rule_sources.py`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

PULJEOPSLAG = "puljeopslag"
FORM = "ansøgningsskema"
QA = "Q&A 2018"
FAQ = "FAQ Flere skal med"
PROGRAMME = "programbeskrivelsen"
BUDGET_GUIDE = "budgetguide"
FACTS = "fakta"
ASSUMED = "antaget"
ALL = "alle"

PULJEOPSLAG_HEADINGS = (
    "Målgruppen",
    "Formål med puljen",
    "Ansøgerkreds",
    "Projektperiode",
    "Projektets kerneelementer",
    "Projektets indsatsmodel",
    "Projektets succeskriterier",
    "Kriterier for tildeling af tilskud",
    "Forpligtelser ved deltagelse",
    "Dokumentation og evaluering",
    "Tilskudsberettigede udgifter",
    "Krav om afrapportering",
    "Krav til regnskab",
    "Udbetaling",
    "Ansøgning og ansøgningsfrist",
    "Spørgsmål og svar",
)
INTRODUCTION = "indledning"
FORM_HEADINGS = (
    "Ansøger",
    "Projektresumé",
    "Projektets målgruppe",
    "Projektets aktiviteter",
    "Kriterier for tildeling af tilskud",
    "Sagsmængde",
    "Strategi for tilrettelæggelse af indsatsen",
    "Hvordan opnås målsætningerne?",
    "Projektets organisation og ledelse",
    "Forankring og udbredelse",
    "Økonomi",
)
PROGRAMME_HEADINGS = (
    "Målgruppen",
    "Mål",
    "Indsatsens 4 elementer",
    "1. Koordineret afklaring",
    "2. Indsatsplan",
    "3. Mentorstøtte",
    "4. Virksomhedsrettet indsats",
    "Succeskriterier",
    "Jobcentrets deltagelse i forsøgsprogrammet",
    "Økonomimodel",
)
FAQ_START = "F A Q 27. april 2017"  # the transcript; the lines before it are page chrome
PAGE = re.compile(r"^s\.\s*(\d{1,2})(?:\s*-\s*(\d{1,2}))?")
WHOLE_FORM = "alle felter"
MODULE_SERIES = "Spørgsmål til registrering af borgerforløb i SharePoint-modulet"
POOL_SERIES = "Spørgsmål til puljeopslaget"
FAQ_WINDOW = 1500  # the FAQ runs questions together: a question's text is what follows it

QUOTES = re.compile(
    r"»([^«]{1,500})«"
    r'|"([^"]{1,500})"'
    # an opening ' follows a space or "(", a closing one precedes a space or punctuation,
    # so apostrophes (hir-docs', STAR's, zip'en) are no quotes
    r"|(?<![^\s(])'([^']{1,500}?)'(?![^\s).,;:])"
)
GAP = re.compile(r"\s*(?:…|\.\.\.)\s*")
QUESTION = re.compile(r"^(\d{1,2})[):]\s", re.M)
NUMBERS = re.compile(
    r"spørgsmål\s+(\d{1,2}(?:\s*(?:,|og)\s*\d{1,2}){0,10})(\s+om modulet|\s+til puljeopslaget)?",
    re.I,
)


def norm(text: str) -> str:
    """Text for comparison: case, whitespace, ``*`` emphasis and dash kinds ignored."""
    text = text.casefold().replace("–", "-").replace("—", "-").replace("*", "")
    return "".join(text.split())


def contains(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` (normalised); "…" in the phrase is a gap."""
    haystack, at = norm(text), 0
    for part in (norm(p) for p in GAP.split(phrase)):
        if not part:
            continue
        found = haystack.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def quotations(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in QUOTES.finditer(text)]


def _top_level(text: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, parenthesis depth after it) for the characters outside »…«."""
    depth, quoted = 0, False
    for i, ch in enumerate(text):
        if ch in "»«":
            quoted = ch == "»"
        elif not quoted:
            depth = max(0, depth + (ch == "(") - (ch == ")"))
            yield i, ch, depth


def split_citations(source: str) -> list[str]:
    """``source`` cut at each ";" outside parentheses and »…«."""
    cuts = [i for i, ch, depth in _top_level(source) if ch == ";" and depth == 0]
    parts = [source[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(source)], strict=True)]
    return [p.strip() for p in parts if p.strip()]


def _skip_group(text: str) -> str:
    """``text`` after a leading parenthesised group (»…« inside it is opaque)."""
    text = text.lstrip()
    if not text.startswith("("):
        return text
    end = next((i for i, ch, depth in _top_level(text) if ch == ")" and depth == 0), len(text))
    return text[end + 1 :]


def _sections(text: str, headings: Iterable[str]) -> dict[str, str]:
    """Heading -> its text (up to the next heading); text before the first: indledning."""
    wanted = {norm(h): h for h in headings}
    out: dict[str, list[str]] = {INTRODUCTION: []}
    current = INTRODUCTION
    for line in text.splitlines():
        key = norm(line.strip().rstrip(":"))
        if key in wanted and wanted[key] not in out:
            current = wanted[key]
            out[current] = []
        out[current].append(line)
    return {name: "\n".join(lines) for name, lines in out.items()}


def _last_sections(text: str, headings: Iterable[str]) -> dict[str, str]:
    """Heading -> its text, each heading taken at its LAST line of its own (the programme
    description lists the four elements by name before their sections)."""
    lines = text.splitlines()
    starts = {}
    for h in headings:
        at = [i for i, line in enumerate(lines) if norm(line.strip()) == norm(h)]
        if at:
            starts[h] = at[-1]
    order = sorted(starts.items(), key=lambda kv: kv[1])
    ends = [at for _, at in order[1:]] + [len(lines)]
    return {h: "\n".join(lines[at:end]) for (h, at), end in zip(order, ends, strict=True)}


def _pages(faq: str) -> dict[int, str]:
    """The FAQ's pages: each block of its transcript ends with its printed page number
    (the first block prints none: page 1)."""
    blocks = [b.strip() for b in faq[faq.index(FAQ_START) :].split("\n\n") if b.strip()]
    out: dict[int, str] = {}
    for block in blocks:
        m = re.search(r"\s(\d{1,2})$", block)
        number = int(m.group(1)) if m else (max(out) + 1 if out else 1)
        out[number] = block[: m.start()] if m else block
    return out


def _questions(series: str) -> dict[int, str]:
    marks = list(QUESTION.finditer(series))
    ends = [m.start() for m in marks[1:]] + [len(series)]
    return {int(m.group(1)): series[m.start() : end] for m, end in zip(marks, ends, strict=True)}


@dataclass
class Seeds:
    """The seed texts, cut into the units citations name (``locus`` keys)."""

    texts: dict[str, str]  # locus -> text
    form_sections: dict[str, str]
    missing_headings: list[str] = field(default_factory=list)

    def text(self, locus: str) -> str | None:
        if locus in self.texts:
            return self.texts[locus]
        if locus.startswith(f"{FAQ}, "):
            title = locus.removeprefix(f"{FAQ}, ")
            flat = " ".join(self.texts[FAQ].split())
            at = flat.casefold().find(" ".join(title.split()).casefold())
            return None if at < 0 else flat[at : at + len(title) + FAQ_WINDOW]
        return None


def load_seeds(folder: Path = SEEDS_DIR) -> Seeds:
    def read(prefix: str) -> str:
        return next(folder.glob(f"{prefix}_*.txt")).read_text("utf-8")

    pulje, form, qa, faq = read("000"), read("001"), read("002"), read("003")
    programme = read("004")
    readme = (folder / "README.md").read_text("utf-8")
    texts = {PULJEOPSLAG: pulje, FORM: form, QA: qa, FAQ: faq}
    pulje_sections = _sections(pulje, PULJEOPSLAG_HEADINGS)
    form_sections = _sections(form, FORM_HEADINGS)
    texts.update({f"{PULJEOPSLAG}, {k}": v for k, v in pulje_sections.items()})
    texts.update({f"{FORM}, {k}": v for k, v in form_sections.items() if k != INTRODUCTION})
    module_at, pool_at = qa.index(MODULE_SERIES), qa.index(POOL_SERIES)
    module, pool = qa[module_at:pool_at], qa[pool_at:]
    texts[f"{QA}, modulet"], texts[f"{QA}, puljeopslaget"] = module, pool
    texts.update({f"{QA}, spørgsmål {n} om modulet": t for n, t in _questions(module).items()})
    texts.update({f"{QA}, spørgsmål {n}": t for n, t in _questions(pool).items()})
    facts = readme[readme.index("Facts gathered elsewhere") :]
    guide = next(line for line in facts.splitlines() if "budget guide" in line)
    texts[BUDGET_GUIDE], texts[FACTS] = guide, facts
    texts[PROGRAMME] = programme
    programme_sections = _last_sections(programme, PROGRAMME_HEADINGS)
    texts.update({f"{PROGRAMME}, {k}": v for k, v in programme_sections.items()})
    texts.update({f"{FAQ}, s. {n}": t for n, t in _pages(faq).items()})
    texts[ALL] = "\n".join((pulje, form, qa, faq, read("004"), readme))
    missing = [f"{PULJEOPSLAG}, {h}" for h in PULJEOPSLAG_HEADINGS if h not in pulje_sections]
    missing += [f"{FORM}, {h}" for h in FORM_HEADINGS if h not in form_sections]
    missing += [f"{PROGRAMME}, {h}" for h in PROGRAMME_HEADINGS if h not in programme_sections]
    return Seeds(texts, form_sections, missing)


@dataclass
class Citation:
    text: str
    document: str
    loci: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def quotes(self) -> list[str]:
        return quotations(self.text)


def _longest_prefix(text: str, names: Iterable[str]) -> str | None:
    hits = [n for n in names if text.casefold().startswith(n.casefold())]
    return max(hits, key=len) if hits else None


def _after_name(cit: Citation, rest: str) -> str | None:
    """The text after a named section: None when the citation ends there, else the text
    of the next section name (after "og" or ","); an error for anything else."""
    rest = _skip_group(rest).strip()
    if not rest or rest.startswith(":"):
        return None
    joined = re.match(r"(?:og|,)\s+", rest)
    if joined:
        return rest[joined.end() :]
    cit.errors.append(f"{cit.text!r}: uventet tekst efter afsnittet: {rest[:40]!r}")
    return None


def _puljeopslag(cit: Citation, body: str) -> None:
    rest: str | None = body
    while rest is not None:
        name = _longest_prefix(rest, (*PULJEOPSLAG_HEADINGS, INTRODUCTION))
        if name is None:
            cit.errors.append(f"{cit.text!r}: {rest[:50]!r} er ikke en overskrift i puljeopslaget")
            return
        cit.loci.append(f"{PULJEOPSLAG}, {name}")
        rest = _after_name(cit, rest[len(name) :])


def _programme(cit: Citation, body: str) -> None:
    rest: str | None = body
    while rest is not None:
        name = _longest_prefix(rest, PROGRAMME_HEADINGS)
        if name is None:
            cit.errors.append(
                f"{cit.text!r}: {rest[:50]!r} er ikke en overskrift i programbeskrivelsen"
            )
            return
        cit.loci.append(f"{PROGRAMME}, {name}")
        rest = _after_name(cit, rest[len(name) :])


def _faq(cit: Citation, body: str, seeds: Seeds) -> None:
    page = PAGE.match(body)
    if page is None:
        title = re.split(r"\s\(", body, maxsplit=1)[0].strip()
        cit.loci.append(f"{FAQ}, {title}")
        if seeds.text(cit.loci[-1]) is None:
            cit.errors.append(f"{cit.text!r}: spørgsmålet står ikke i FAQ'en")
        return
    first, last = int(page.group(1)), int(page.group(2) or page.group(1))
    for n in range(first, last + 1):
        cit.loci.append(f"{FAQ}, s. {n}")
        if seeds.text(cit.loci[-1]) is None:
            cit.errors.append(f"{cit.text!r}: FAQ'en har ingen side {n}")
    _after_name(cit, body[page.end() :])


def _form(cit: Citation, body: str, seeds: Seeds) -> None:
    rest: str | None = body
    while rest is not None:
        if rest.casefold().startswith(WHOLE_FORM):
            cit.loci.append(FORM)
            rest = _after_name(cit, rest[len(WHOLE_FORM) :])
            continue
        name = _longest_prefix(rest, FORM_HEADINGS)
        if name is None:  # a field label: its section
            name = re.split(r"[(:]| og ", rest, maxsplit=1)[0].strip()
            holder = next((h for h, t in seeds.form_sections.items() if contains(t, name)), None)
            if holder is None:
                cit.errors.append(f"{cit.text!r}: {name!r} står ikke i ansøgningsskemaet")
                return
            cit.loci.append(FORM if holder == INTRODUCTION else f"{FORM}, {holder}")
        else:
            cit.loci.append(f"{FORM}, {name}")
        rest = _after_name(cit, rest[len(name) :])


def _qa(cit: Citation, body: str, seeds: Seeds) -> None:
    for series, key in ((MODULE_SERIES, "modulet"), (POOL_SERIES, "puljeopslaget")):
        if body.casefold().startswith(series.casefold()):
            cit.loci.append(f"{QA}, {key}")
            _after_name(cit, body[len(series) :])
            return
    match = NUMBERS.match(body)
    if not match:
        cit.errors.append(f"{cit.text!r}: hvilket spørgsmål i Q&A 2018?")
        return
    module = (match.group(2) or "").strip() == "om modulet"
    for number in re.findall(r"\d+", match.group(1)):
        locus = f"{QA}, spørgsmål {int(number)}" + (" om modulet" if module else "")
        if seeds.text(locus) is None:
            cit.errors.append(f"{cit.text!r}: Q&A 2018 har ikke {locus.removeprefix(QA + ', ')}")
        cit.loci.append(locus)
    _after_name(cit, body[match.end() :])


def parse_citation(text: str, seeds: Seeds) -> Citation:
    folded = text.casefold()
    for doc in (PULJEOPSLAG, FORM, QA, FAQ, PROGRAMME):
        if folded.startswith(doc.casefold()):
            cit = Citation(text, doc)
            body = text[len(doc) :]
            if body.startswith(","):
                body = body[1:].strip()
                if doc == PULJEOPSLAG:
                    _puljeopslag(cit, body)
                elif doc == FORM:
                    _form(cit, body, seeds)
                elif doc == QA:
                    _qa(cit, body, seeds)
                elif doc == PROGRAMME:
                    _programme(cit, body)
                else:
                    _faq(cit, body, seeds)
            elif doc == PULJEOPSLAG:
                cit.errors.append(f"{text!r}: nævn afsnittet (»puljeopslag, <overskrift>«)")
            elif body.strip() and not body.strip().startswith("("):
                cit.errors.append(f"{text!r}: ukendt dokument eller afsnit")
            else:
                cit.loci.append(doc)
            return cit
    if re.match(r"(star's )?budgetguide", folded):
        cit = Citation(text, BUDGET_GUIDE, [BUDGET_GUIDE])
        if cit.quotes:
            cit.errors.append(f"{text!r}: budgetguiden er ikke blandt kilderne; intet citat")
        return cit
    if folded.startswith(("cpr-nummer", "cvr-nummer")):
        return Citation(text, FACTS, [FACTS])
    if folded.startswith(("antaget", "hir-docs")):
        return Citation(text, ASSUMED)
    return Citation(
        text,
        "?",
        errors=[f"{text!r}: ukendt kilde; nævn dokumentet, eller skriv »antaget: …«"],
    )


def source_problems(
    source: str, phrases: Mapping[str, str | tuple[str, ...]], seeds: Seeds
) -> list[str]:
    """Everything wrong with ``source`` against the seeds and its key-phrase table
    (locus -> phrase(s) that must stand in that section or question)."""
    problems: list[str] = []
    cited: set[str] = set()
    for cit in (parse_citation(c, seeds) for c in split_citations(source)):
        problems += cit.errors
        cited.update(cit.loci)
        where = cit.loci or [ALL]
        for quote in cit.quotes:
            if not any(contains(seeds.text(w) or "", quote) for w in where):
                problems.append(f"citatet »{quote}« står ikke i {', '.join(where)}")
    for locus in sorted(cited - set(phrases)):
        problems.append(f"{locus}: ingen nøglefrase i tabellen (hvad siger teksten?)")
    for locus, wanted in phrases.items():
        if locus not in cited:
            problems.append(f"tabellen har {locus}, som kilden ikke nævner")
            continue
        for phrase in (wanted,) if isinstance(wanted, str) else wanted:
            if not contains(seeds.text(locus) or "", phrase):
                problems.append(f"{locus} siger ikke {phrase!r}")
    return problems
