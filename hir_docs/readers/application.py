"""Reader of a pool's application form (.docx), by label, never by position.

The labels, sections and field types are the pool's (``<pool>/application.toml``); the
lookup tables are built once per pool (``labels``).

Handles the official two-column tables, answers typed as paragraphs under the
instruction text, self-made documents with headings (Q&A 2018, q. 20), content
controls (inline and block; placeholders count as empty), LibreOffice re-saves and
pasted statistics tables. The reader never judges: rules/application.py does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind
from hir_docs.forms.application_layout import (
    CONTACT_KEYS,
    ApplicationForm,
    Field,
    application_form,
)
from hir_docs.kommuner import find_kommune
from hir_docs.labels import PREFIX_CHARS, normalise
from hir_docs.model import Application, Range
from hir_docs.pools import Pool, PoolError, load_pool, pool_ids
from hir_docs.readers.base import FormReader, Probe, ReadResult, normalised, take_document
from hir_docs.readers.docx_text import SENTINEL, Block, Para, Row, blocks, read_document_xml
from hir_docs.rules import CURRENT_POOL, Context
from hir_docs.values import parse_amount, parse_percent_range

STRONG, WEAK = 2, 1
CONTACT_PARTS = frozenset(
    normalise(label)
    for label in ("CVR-nummer", "CVR-nr.", "CVR", "Telefon", "Telefonnummer", "Tlf.", "Mobil",
                  "E-mail", "Email", "Mail", "Adresse", "Kontaktperson")
)  # fmt: skip
Label = tuple[str, str | None]  # (kind, field key): kind field | heading | boiler
# An applicant's own heading that is longer or shorter than our label (issue 10).
LOOSE_MIN_WORDS, LOOSE_MIN, LOOSE_MAX_TAIL, LOOSE_MAX_CHARS = 3, 20, 5, 160
# ``classify`` remembers what a text is, per form, for at most this many texts (each no
# longer than the form's longest label and 200 characters): the same labels come back in
# every application of a run, and one document asks about each cell and paragraph several
# times (the classifier's probe, a layout table's cells, the row itself).
CLASSIFIED_KEPT = 4096


class _Labels:
    """One pool's application form as lookup tables, built once per pool (``labels``):
    exact normalised labels, long labels by their prefix, loose labels by their first word."""

    def __init__(self, form: ApplicationForm, pool: Pool) -> None:
        self.form = form
        self.pool = pool
        self.fields: dict[str, Field] = form.fields
        self.title = normalise(form.title)
        # The field a generic step knows by its role ("contact": the contact's pieces).
        self.by_role: dict[str, str] = {role: key for key, role in form.roles.items()}
        self.exact: dict[str, Label] = {}
        self.prefix: dict[str, Label] = {}
        for f in self.fields.values():
            for text in (f.label, *f.aliases):
                self._add(text, ("field", f.key))
        for s in form.sections:
            for heading in (s.heading, s.subheading):
                if heading:
                    self._add(heading, ("heading", s.fallback))
        for text in form.boilerplate:
            self._add(text, ("boiler", None))
        loose: dict[str, list[tuple[str, str]]] = {}
        for f in self.fields.values():
            for text in (f.label, *f.aliases):
                n = normalise(text)
                if len(n.split()) >= LOOSE_MIN_WORDS:
                    loose.setdefault(n.split()[0], []).append((n, f.key))
        # First word -> (normalised label, field key) of the labels distinctive enough
        # (three words or more) to be matched when an applicant's heading is longer or shorter.
        self.loose = {word: tuple(labels) for word, labels in loose.items()}
        # No label, heading or instruction is longer than this (raw characters).
        texts = [t for f in self.fields.values() for t in (f.label, *f.aliases)]
        texts += [h for s in form.sections for h in (s.heading, s.subheading) if h]
        self.longest = max(len(t) for t in (*texts, *form.boilerplate))
        # ``classify`` (loose) of a raw text, the least recently asked forgotten first.
        self.classified: Callable[[str], Label | None] = lru_cache(maxsize=CLASSIFIED_KEPT)(
            partial(_classify, loose=True, table=self)
        )

    def _add(self, text: str, label: Label) -> None:
        n = normalise(text)
        self.exact.setdefault(n, label)
        if len(n) >= PREFIX_CHARS:
            self.prefix.setdefault(n[:PREFIX_CHARS], label)


_LABELS: dict[tuple[str, Path | None], _Labels] = {}


def labels(pool: Pool | None = None) -> _Labels:
    """The lookup tables of ``pool``'s form (default: the pool of the check now running,
    else the default pool), built once per pool."""
    pool = pool or CURRENT_POOL.get() or load_pool()
    key = (pool.id, pool.folder)
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS[key] = _Labels(application_form(pool), pool)
    return found


def _loose(n: str, raw: str, table: _Labels) -> str | None:
    """The field whose label the heading ``n`` extends or shortens, when only one fits.

    'Forventet antal borgere i ressourceforløb i projektperioden' extends a label by a few
    words (no digits: '... i dag er 39' is an answer); 'Mål for andelen af passive'
    shortens one (at least three words and 20 characters, and no other field's label
    starts the same way).
    """
    keys: set[str] = set()
    words = n.split()
    for label, key in table.loose.get(words[0], ()):
        if n.startswith(label + " "):
            tail = n[len(label) + 1 :]
            if (
                len(tail.split()) <= LOOSE_MAX_TAIL
                and not any(ch.isdigit() for ch in tail)
                and not raw.rstrip().endswith(".")
            ):
                keys.add(key)
        elif label.startswith(n + " ") and len(words) >= LOOSE_MIN_WORDS and len(n) >= LOOSE_MIN:
            keys.add(key)
    return keys.pop() if len(keys) == 1 else None


def classify(text: str, *, loose: bool = True, table: _Labels | None = None) -> Label | None:
    """What a paragraph or cell is: a field label, a section heading, instruction text
    (of ``table``'s form; default: the current pool's)."""
    table = table or labels()
    if len(text) > table.longest + 200:
        return None  # an answer, not a label with a note after it
    return table.classified(text) if loose else _classify(text, False, table)


def _classify(text: str, loose: bool, table: _Labels) -> Label | None:
    """``classify`` of a text short enough to be a label, worked out."""
    n = normalised(text.replace(SENTINEL, ""))
    if not n:
        return None
    hit = table.exact.get(n)
    if hit is None and len(n) >= PREFIX_CHARS:
        hit = table.prefix.get(n[:PREFIX_CHARS])
    if hit is None and loose and len(n) <= LOOSE_MAX_CHARS:
        key = _loose(n, text, table)
        hit = ("field", key) if key else None
    return hit


def _inline(text: str, table: _Labels | None = None) -> tuple[str, str] | None:
    """ "Kommune: Viborg Kommune" -> ("municipality", "Viborg Kommune")."""
    if ":" not in text:
        return None
    left, right = text.split(":", 1)
    if not right.strip() or "\n" in left:
        return None
    table = table or labels()
    n = normalise(left)
    hit = table.exact.get(n) or classify(left, table=table)
    if not (hit and hit[0] == "field" and hit[1]):
        return None
    key = hit[1]
    own = table.fields[key]
    start = normalise(right)[:20]
    if start in normalise(own.label):
        return None  # the official label itself ("Projekt- og tilskudsansvarlig: Oplys ...")
    # Only one-line answers, the contact and distinctive labels (three words or more) are
    # written "Label: answer"; a line like "Strategi: ..." inside a long answer must stay
    # part of that answer.
    if own.short or key == table.by_role.get("contact") or len(n.split()) >= LOOSE_MIN_WORDS:
        return key, right
    return None


@dataclass
class _Slot:
    priority: int
    parts: list[str] = field(default_factory=list)
    from_parts: bool = False  # contact built from rows like "CVR-nummer | 31415926"

    def has_text(self) -> bool:
        return any(p.replace(SENTINEL, "").strip() for p in self.parts)


class _Collector:
    """Assigns answer text to fields while walking the document blocks."""

    def __init__(self, table: _Labels) -> None:
        self.table = table
        # The field that collects the contact's pieces (role "contact"), if the form has one.
        self.contact = table.by_role.get("contact")
        # (field key, STRONG = its own label | WEAK = only its section heading) -> answer
        self.slots: dict[tuple[str, int], _Slot] = {}
        self.pending: _Slot | None = None
        self.row_pending = False  # a label-only table row: the next row is its answer
        self.in_table = False
        # Answers of the table just read that still show the placeholder: an applicant who
        # types the answers as paragraphs below the official table means these fields.
        self.table_placeholders: list[_Slot] = []
        self.below: list[_Slot] = []
        # Answer text -> ``clean(text)``: a table's answer is tidied when its row is read
        # and again when the answers are collected (one document's texts, then dropped).
        self.cleaned: dict[str, tuple[str, bool]] = {}

    def clean(self, text: str) -> tuple[str, bool]:
        """``clean(text)`` by the form's pool, once per text of the document."""
        found = self.cleaned.get(text)
        if found is None:
            found = self.cleaned[text] = clean(text, self.table.pool)
        return found

    def feed(self, blocks: Iterable[Block]) -> None:
        """Walk the blocks; a layout table (frame, logo column, nested form) is read cell
        by cell as if its content stood in the body."""
        for block in blocks:
            if isinstance(block, Para):
                self.para(block)
            elif _is_layout(block, self.table):
                for cell in block.inner:
                    self.feed(cell)
            else:
                self.row(block.cells)

    def open(self, key: str | None, priority: int, text: str = "") -> None:
        self.row_pending = False
        old = self.slots.get((key, priority)) if key else None
        if old is not None and (old.from_parts or (priority == WEAK and not old.parts)):
            self.pending = old  # "Kriterier for tildeling af tilskud" then "Sagsmængde"
            old.from_parts = False
            if text:
                old.parts.append(text)
            return
        if key is None or old is not None:
            self.pending = None  # a repeated label: its text belongs to nobody
            return
        self.pending = self.slots[(key, priority)] = _Slot(priority, [text] if text else [])

    def has(self, key: str | None) -> bool:
        """Has the field's own label been seen (contact pieces alone do not count)?"""
        slot = self.slots.get((key, STRONG)) if key else None
        return slot is not None and not slot.from_parts

    def append(self, text: str) -> None:
        if self.pending is not None:
            self.pending.parts.append(text)

    def answers(self) -> dict[str, _Slot]:
        """Per field: its own label's answer, else the text under its section heading."""
        out = {key: slot for (key, prio), slot in self.slots.items() if prio == STRONG}
        for (key, prio), slot in self.slots.items():
            best = out.get(key)
            if prio == WEAK and (best is None or (not best.has_text() and slot.has_text())):
                out[key] = slot
        return out

    def para(self, block: Para) -> None:
        if self.in_table:
            self._table_ended()
        n = normalised(block.text.replace(SENTINEL, ""))
        hit = self.table.exact.get(n) if n else None
        # "Label: answer" in one paragraph beats a long label matched by its prefix.
        inline = None if hit else _inline(block.text, self.table)
        if hit is None and inline is None:
            hit = classify(block.text, table=self.table)
        if hit is not None:
            kind, key = hit
            if kind == "field":
                self.below = []
                self.open(key, STRONG)
            elif kind == "heading":
                self.below = []
                self.open(key, WEAK)
            return  # boilerplate: instruction text, skipped
        if inline and self._fill_inline(*inline):
            return
        if block.heading and n:
            self.pending = None  # an unknown heading ends the answer
            self.below = []
        elif self.pending is not None or not self._contact_part(*block.text.partition(":")[::2]):
            if self.pending is None and self.below:
                self.pending = self._next_below()
            self.append(block.text)

    def _fill_inline(self, key: str, text: str) -> bool:
        """ "Label: answer": a new field, or one whose answer is still the placeholder."""
        slot = self.slots.get((key, STRONG))
        if slot is None or slot.from_parts:
            self.open(key, STRONG, text)
        elif not slot.has_text():
            slot.parts.append(text)
            self.pending = slot
        else:
            return False
        if self.below and self.table.fields[key].short:
            self.pending = self._next_below() or self.pending
        return True

    def _table_ended(self) -> None:
        self.in_table = False
        self.below = [s for s in self.table_placeholders if not s.has_text()]
        self.table_placeholders = []

    def _next_below(self) -> _Slot | None:
        return next((s for s in self.below if not s.has_text()), None)

    def _contact_part(self, label: str, value: str) -> bool:
        """Self-made forms split the contact: "CVR-nummer: 31415926", "E-mail | a@b.dk"."""
        if self.contact is None or normalise(label) not in CONTACT_PARTS or not value.strip():
            return False
        slot = self.slots.get((self.contact, STRONG))
        if slot is None:
            slot = self.slots[(self.contact, STRONG)] = _Slot(STRONG, from_parts=True)
        slot.parts.append(f"{label.strip()}: {value.strip()}")
        return True

    def row(self, cells: tuple[str, ...]) -> None:
        if not self.in_table:
            self.in_table, self.table_placeholders = True, []
        hits = [classify(c, table=self.table) for c in cells]
        for i, c in enumerate(cells[:-1]):
            if hits[i] is None and "\n" in c.strip():
                # "Kommune\n(skriv kommunens navn)": a label cell with a note under it.
                first = classify(c.strip().split("\n", 1)[0], table=self.table)
                hits[i] = first if first and first[0] == "field" else None
        labels = [i for i, h in enumerate(hits) if h and h[0] == "field" and not self.has(h[1])]
        if len(labels) > 1 and labels[-1] == len(cells) - 1:
            labels.pop()  # the last cell is the answer, even if it repeats the instruction
        if not labels:
            self._unlabelled_row(cells, hits)
            return
        for n, i in enumerate(labels):
            end = labels[n + 1] if n + 1 < len(labels) else len(cells)
            answer = list(cells[i + 1 : end])
            key = hits[i][1]  # type: ignore[index]
            self.open(key, STRONG)
            if answer:
                self.append("\n".join(answer))
                text, placeholder = self.clean("\n".join(answer))
                if placeholder and not text and self.pending is not None:
                    self.table_placeholders.append(self.pending)
                self.pending = None
            else:
                self.row_pending = True  # answer in the next row or the paragraphs below

    def _unlabelled_row(self, cells: tuple[str, ...], hits: list[Label | None]) -> None:
        for c, h in zip(cells, hits, strict=True):
            if h and h[0] == "heading":
                self.open(h[1], WEAK)
                return
            inline = _inline(c, self.table) if not h else None
            if inline and not self.has(inline[0]):
                self.open(inline[0], STRONG, inline[1])
                self.pending = None
                return
        filled = [c for c in cells if c.strip()]
        if len(filled) == 2 and not self.row_pending and self._contact_part(*filled):
            return
        if self.row_pending and self.pending is not None:
            self.append("\n".join(cells))
            self.pending = None
        self.row_pending = False  # other rows (statistics) are never answer text


def _label_weight(blocks: Iterable[Block], table: _Labels) -> int:
    """Labels in a cell: a label paragraph counts 1, a nested row holding a label 2."""
    weight = 0
    for b in blocks:
        if isinstance(b, Para):
            hit = classify(b.text, table=table)
            weight += bool(hit and hit[0] in ("field", "heading"))
        elif any(_label_weight(cell, table) for cell in b.inner) or any(
            (h := classify(c.strip().split("\n", 1)[0], table=table)) and h[0] == "field"
            for c in b.cells
        ):
            weight += 2
        if weight >= 2:
            break
    return weight


def _is_layout(row: Row, table: _Labels) -> bool:
    """A table row that holds the form rather than one answer: a cell with several labels
    (a 1x1 frame, the form column beside a logo) or a table of labels nested in a cell."""
    return any(_label_weight(cell, table) >= 2 for cell in row.inner)


# A run of spaces, tabs and no-break spaces, except a lone space (replacing that by a
# space changes nothing, and most gaps between words are one: fewer replacements).
_SPACES = re.compile(r"(?: [ \t\u00a0\u2007\u202f]|[\t\u00a0\u2007\u202f])[ \t\u00a0\u2007\u202f]*")


_PLACEHOLDERS: dict[tuple[str, Path | None], frozenset[str]] = {}


def _placeholders(pool: Pool) -> frozenset[str]:
    key = (pool.id, pool.folder)
    found = _PLACEHOLDERS.get(key)
    if found is None:
        words = pool.strings("placeholders") if pool.known("placeholders") else []
        found = _PLACEHOLDERS[key] = frozenset(normalise(p) for p in words)
    return found


def clean(text: str, pool: Pool | None = None) -> tuple[str, bool]:
    """Tidy answer text (one line per paragraph) and tell whether it was a placeholder
    (the pool's placeholder words; default: the current pool's)."""
    known = _placeholders(pool or CURRENT_POOL.get() or load_pool())
    placeholder = SENTINEL in text
    lines = []
    for line in text.replace(SENTINEL, "").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if normalised(line) in known or _INSTRUCTION.match(line):
            placeholder = True
            continue
        lines.append(line)
    return "\n".join(lines), placeholder


# An instruction left in a self-made form: "[Skriv projektets navn her]", "<Indsæt beløb>",
# "Skriv jeres svar her." (a whole line; a real answer never looks like that).
_INSTRUCTION = re.compile(
    r"^(?:\[[^\]]{3,120}\]|<[^>]{3,120}>|(?:skriv|indsæt|angiv|udfyld)\b.{0,80}\bher\b\.?)$",
    re.IGNORECASE,
)


_CVR = re.compile(r"(?i)cvr[^\d\n]{0,30}?(\d[\d \u00a0.]{5,30}\d)")
# What ends an e-mail address in running text (the address itself is found from its "@",
# never by a pattern that tries every start: that was quadratic on long answers).
_EMAIL_STOP = re.compile(r"[\s,;:<>()\[\]\"']")
_UP_TO_LAST_STOP = re.compile(r"(?s).*[\s,;:<>()\[\]\"']")
_PHONE_KEY = re.compile(
    # Each run of spaces is taken once (possessive): three adjacent "\s*" were cubic.
    r"(?i)(?:tlf|telefon|mobil|mob|tel|phone)\.?\s*+(?:nr\.?\s*+)?(?:[:.]\s*+)?((?:\+45[ \u00a0]?)?\d(?:[ \u00a0-]?\d){7})(?!\d)"
)
_PHONE_ANY = re.compile(
    r"(?<![\d+])(?:\+45[ \u00a0]?)?(\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2})(?!\d)"
)


def _cvr_digits(run: str) -> str:
    """The CVR number's digits: groups are taken until 8 digits are reached, so a
    postcode on the same line ("CVR-nummer 31415926 8800 Viborg") is not glued on."""
    digits = ""
    for group in re.split(r"[ \u00a0]+", run):
        digits += re.sub(r"\D", "", group)
        if len(digits) >= 8:
            break
    return digits


def _email_in(text: str) -> str | None:
    """The word around the first "@" (up to a space or punctuation that ends an address),
    without a full stop after it; None when there is no "@" or nothing around it."""
    at = text.find("@")
    if at < 0:
        return None
    before = _UP_TO_LAST_STOP.match(text, 0, at)  # one backward scan: linear
    start = before.end() if before else 0
    stop = _EMAIL_STOP.search(text, at)
    word = text[start : stop.start() if stop else len(text)]
    return word.rstrip(".") if word != "@" else None


def contact_parts(contact: str) -> tuple[str | None, str | None, str | None]:
    """(cvr digits, e-mail, phone digits) written in the contact answer."""
    m = _CVR.search(contact)
    cvr = _cvr_digits(m.group(1)) if m else None
    email = _email_in(contact)
    phone: str | None = None
    pm = _PHONE_KEY.search(contact)
    if pm:
        phone = re.sub(r"\D", "", pm.group(1))[-8:]
    else:
        for cand in _PHONE_ANY.finditer(contact):
            digits = re.sub(r"\D", "", cand.group(1))
            if digits != cvr:
                phone = digits
                break
    return cvr, email, phone


_NUMBER = re.compile(r"\d[\d.,  ']*")
_YEAR = re.compile(r"20\d\d(?:\s*[-–/]\s*(?:20)?\d\d)?")
_UNIT_AFTER = re.compile(r"\s*(kr|dkk|mio)", re.I)  # matched in place: no copy of the rest


def requested_amount(text: str) -> int | None:
    """The amount in kroner, skipping a leading year: "2018-2019: 1.300.000 kr."."""
    for m in _NUMBER.finditer(text):
        token = m.group(0).rstrip(" .,")
        if _YEAR.fullmatch(token) and not _UNIT_AFTER.match(text, m.end()):
            continue
        return parse_amount(text[m.start() :])
    return parse_amount(text)


# A whole number: "40", "1.200" (thousands dots), "ca. 40 deltagere", "40-50" (the first).
_COUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3})+(?![\d,])|(?<![\d,.])\d+(?![\d,])")


def count(text: str) -> int | None:
    """The first whole number written with digits in a count answer ("ca. 40 deltagere" ->
    40; "1.200" -> 1200), skipping a year ("i 2012 ..."); None when there is none."""
    for m in _COUNT.finditer(text):
        number = int(m.group(0).replace(".", ""))
        if _YEAR.fullmatch(m.group(0)):
            continue
        return number
    return None


def document_blocks(path: Path) -> list[Block]:
    """The blocks of a Word document (.docx, Strict too) or an ODF text (.odt)."""
    if path.suffix.lower() == ".odt":
        from hir_docs.readers.odf_text import odt_blocks

        return odt_blocks(path)
    xml = take_document(path)  # the classifier's probe unpacked it already (mostly)
    return blocks(xml if xml is not None else read_document_xml(path))


def read_application(path: Path, ctx: Context | None = None) -> ReadResult:
    """Read every field of an application form by its label (the form of ``ctx.pool``)."""
    return read_application_blocks(document_blocks(path), ctx.pool if ctx else None)


def _fill(app: Application, texts: dict[str, str], form: ApplicationForm) -> None:
    """Each field's value from its answer, by the field's type; the keys a field derives
    (``derived`` in application.toml) by its type or role: a municipality's code, a
    contact's CVR number, e-mail and phone. A parsed answer keeps its text in ``app.raw``."""
    for key in form.fields:
        kind = form.types.get(key, "text")
        raw = texts.get(key)
        derived = form.derived.get(key, ())
        value: Any = raw
        if kind == "municipality":
            app.raw[key] = raw
            kommune = find_kommune(raw.split("\n")[0]) if raw else None
            value = kommune.official_name if kommune else raw
            for k in derived[:1]:
                setattr(app, k, kommune.code if kommune else None)
        elif kind == "percent_range":
            app.raw[key] = raw
            rng = parse_percent_range(raw) if raw else None
            value = Range(*rng) if rng else None
        elif kind == "amount":
            app.raw[key] = raw
            value = requested_amount(raw) if raw else None
        elif kind == "count":
            app.raw[key] = raw
            value = count(raw) if raw else None
        setattr(app, key, value)
        if form.roles.get(key) == "contact" and raw:
            parts = contact_parts(raw)
            if set(derived) <= set(CONTACT_KEYS):
                # Named as hir-docs names them: by name (a form may leave out the CVR number).
                named = dict(zip(CONTACT_KEYS, parts, strict=True))
                for k in derived:
                    setattr(app, k, named[k])
            else:  # a pool's own names: in contact_parts' order (cvr, e-mail, phone)
                for k, part in zip(derived, parts, strict=False):
                    setattr(app, k, part)


def application_fields(app: Application, pool: Pool | None = None) -> dict[str, Any]:
    """The JSON contract of issue 2 (keys are never renamed): the form's keys, a range as
    ``{"low", "high"}``."""
    out: dict[str, Any] = {}
    for key in application_form(pool or CURRENT_POOL.get() or load_pool()).contract_keys:
        value = getattr(app, key)
        out[key] = {"low": value.low, "high": value.high} if isinstance(value, Range) else value
    return out


def _score(probe: Probe, table: _Labels) -> int:
    found: set[str] = set()
    title = False
    for text in probe.texts[:400]:
        hit = classify(text, table=table)
        if hit and hit[0] in ("field", "heading") and hit[1]:
            found.add(hit[1])
        elif text == table.title:
            title = True
    if len(found) < 3 and not (title and found):
        return 0
    return 10 + len(found) + (5 if title else 0)


def detect(probe: Probe) -> int:
    """Score: how many distinct application labels the document shows (the best of the
    installed pools' forms)."""
    best = 0
    for pool_id in pool_ids():
        try:
            table = labels(load_pool(pool_id))
        except PoolError:  # a pool folder without a usable form names no application
            continue
        best = max(best, _score(probe, table))
    return best


# .odt: LibreOffice's own format; the pipeline says it must be saved as .docx, and reads it.
READER = FormReader(DocKind.APPLICATION, (".docx", ".odt"), detect, read_application)


def read_application_blocks(found: Iterable[Block], pool: Pool | None = None) -> ReadResult:
    """Read an application from blocks made elsewhere (``readers.pdf`` rebuilds them from
    a PDF's text layer): the same label matching as ``read_application``, by the form of
    ``pool`` (default: the current pool's)."""
    pool = pool or CURRENT_POOL.get() or load_pool()
    table = labels(pool)
    collector = _Collector(table)
    collector.feed(found)
    app = Application()
    app.locations = {key: f.location for key, f in table.fields.items()}
    for key, derived in table.form.derived.items():
        for k in derived:
            app.locations[k] = table.fields[key].location
    texts: dict[str, str] = {}
    for key, slot in collector.answers().items():
        app.present.add(key)
        # The form's pool: its placeholder words are ``pool``'s (both looked up by id and
        # folder), so a text tidied while reading a row is not tidied again.
        text, placeholder = collector.clean("\n".join(slot.parts))
        if placeholder and not text:
            app.placeholders.add(key)
        if text:
            texts[key] = text
    _fill(app, texts, table.form)
    return ReadResult(model=app, fields=application_fields(app, pool))
