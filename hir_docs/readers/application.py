"""Reader of the HIR application form (.docx), by label, never by position.

Handles the official two-column tables, answers typed as paragraphs under the
instruction text, self-made documents with headings (Q&A 2018, q. 20), content
controls (inline and block; placeholders count as empty), LibreOffice re-saves and
pasted statistics tables. The reader never judges: rules/application.py does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind
from hir_docs.forms.application_layout import (
    BOILERPLATE,
    CONTRACT_KEYS,
    FIELDS,
    SECTIONS,
    TITLE,
)
from hir_docs.kommuner import find_kommune
from hir_docs.labels import PREFIX_CHARS, normalise
from hir_docs.model import Application, Range
from hir_docs.pools import load_pool
from hir_docs.readers.base import FormReader, Probe, ReadResult
from hir_docs.readers.docx_text import SENTINEL, Para, blocks, read_document_xml
from hir_docs.rules import Context
from hir_docs.values import parse_amount, parse_percent_range

STRONG, WEAK = 2, 1
CONTACT_PARTS = frozenset(
    normalise(label)
    for label in ("CVR-nummer", "CVR-nr.", "CVR", "Telefon", "Telefonnummer", "Tlf.", "Mobil",
                  "E-mail", "Email", "Mail", "Adresse", "Kontaktperson")
)  # fmt: skip
Label = tuple[str, str | None]  # (kind, field key): kind field | heading | boiler


@cache
def _label_index() -> tuple[dict[str, Label], dict[str, Label]]:
    exact: dict[str, Label] = {}
    prefix: dict[str, Label] = {}

    def add(text: str, label: Label) -> None:
        n = normalise(text)
        exact.setdefault(n, label)
        if len(n) >= PREFIX_CHARS:
            prefix.setdefault(n[:PREFIX_CHARS], label)

    for f in FIELDS.values():
        for text in (f.label, *f.aliases):
            add(text, ("field", f.key))
    for s in SECTIONS:
        for heading in (s.heading, s.subheading):
            if heading:
                add(heading, ("heading", s.fallback))
    for text in BOILERPLATE:
        add(text, ("boiler", None))
    return exact, prefix


def classify(text: str) -> Label | None:
    """What a paragraph or cell is: a field label, a section heading, instruction text."""
    exact, prefix = _label_index()
    n = normalise(text.replace(SENTINEL, ""))
    if not n:
        return None
    hit = exact.get(n)
    if hit is None and len(n) >= PREFIX_CHARS:
        hit = prefix.get(n[:PREFIX_CHARS])
    return hit


def _inline(text: str) -> tuple[str, str] | None:
    """ "Kommune: Viborg Kommune" -> ("municipality", "Viborg Kommune")."""
    if ":" not in text:
        return None
    left, right = text.split(":", 1)
    exact, _ = _label_index()
    hit = exact.get(normalise(left))
    if not (hit and hit[0] == "field" and hit[1] and right.strip()):
        return None
    key = hit[1]
    # Only one-line answers and the contact are written "Label: answer" in practice;
    # a line like "Strategi: ..." inside a long answer must stay part of that answer.
    return (key, right) if FIELDS[key].short or key == "contact" else None


@dataclass
class _Slot:
    priority: int
    parts: list[str] = field(default_factory=list)
    from_parts: bool = False  # contact built from rows like "CVR-nummer | 31415926"

    def has_text(self) -> bool:
        return any(p.replace(SENTINEL, "").strip() for p in self.parts)


class _Collector:
    """Assigns answer text to fields while walking the document blocks."""

    def __init__(self) -> None:
        # (field key, STRONG = its own label | WEAK = only its section heading) -> answer
        self.slots: dict[tuple[str, int], _Slot] = {}
        self.pending: _Slot | None = None
        self.row_pending = False  # a label-only table row: the next row is its answer

    def open(self, key: str | None, priority: int, text: str = "") -> None:
        self.row_pending = False
        old = self.slots.get((key, priority)) if key else None
        if old is not None and (old.from_parts or (priority == WEAK and not old.parts)):
            self.pending = old  # "Kriterier for tildeling af tilskud" then "Sagsmængde"
            old.from_parts = False
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
        hit = classify(block.text)
        if hit is not None:
            kind, key = hit
            if kind == "field":
                self.open(key, STRONG)
            elif kind == "heading":
                self.open(key, WEAK)
            return  # boilerplate: instruction text, skipped
        inline = _inline(block.text)
        if inline and not self.has(inline[0]):
            self.open(inline[0], STRONG, inline[1])
        elif block.heading and normalise(block.text):
            self.pending = None  # an unknown heading ends the answer
        elif self.pending is not None or not self._contact_part(*block.text.partition(":")[::2]):
            self.append(block.text)

    def _contact_part(self, label: str, value: str) -> bool:
        """Self-made forms split the contact: "CVR-nummer: 31415926", "E-mail | a@b.dk"."""
        if normalise(label) not in CONTACT_PARTS or not value.strip():
            return False
        slot = self.slots.get(("contact", STRONG))
        if slot is None:
            slot = self.slots[("contact", STRONG)] = _Slot(STRONG, from_parts=True)
        slot.parts.append(f"{label.strip()}: {value.strip()}")
        return True

    def row(self, cells: tuple[str, ...]) -> None:
        hits = [classify(c) for c in cells]
        for i, c in enumerate(cells[:-1]):
            if hits[i] is None and "\n" in c.strip():
                # "Kommune\n(skriv kommunens navn)": a label cell with a note under it.
                first = classify(c.strip().split("\n", 1)[0])
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
                self.pending = None
            else:
                self.row_pending = True  # answer in the next row or the paragraphs below

    def _unlabelled_row(self, cells: tuple[str, ...], hits: list[Label | None]) -> None:
        for c, h in zip(cells, hits, strict=True):
            if h and h[0] == "heading":
                self.open(h[1], WEAK)
                return
            inline = _inline(c) if not h else None
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


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(normalise(p) for p in load_pool().strings("placeholders"))


def clean(text: str) -> tuple[str, bool]:
    """Tidy answer text (one line per paragraph) and tell whether it was a placeholder."""
    placeholder = SENTINEL in text
    lines = []
    for line in text.replace(SENTINEL, "").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if normalise(line) in _placeholders():
            placeholder = True
            continue
        lines.append(line)
    return "\n".join(lines), placeholder


_CVR = re.compile(r"(?i)cvr[^\d\n]{0,30}?(\d[\d \u00a0.]{5,30}\d)")
_EMAIL = re.compile(r"[^\s,;:<>()\[\]\"']*@[^\s,;:<>()\[\]\"']*")
_PHONE_KEY = re.compile(
    r"(?i)(?:tlf|telefon|mobil|mob|tel|phone)\.?\s*(?:nr\.?)?\s*[:.]?\s*((?:\+45[ \u00a0]?)?\d(?:[ \u00a0-]?\d){7})(?!\d)"
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


def contact_parts(contact: str) -> tuple[str | None, str | None, str | None]:
    """(cvr digits, e-mail, phone digits) written in the contact answer."""
    m = _CVR.search(contact)
    cvr = _cvr_digits(m.group(1)) if m else None
    email_m = _EMAIL.search(contact)
    email = email_m.group(0).rstrip(".") if email_m and email_m.group(0) != "@" else None
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


def requested_amount(text: str) -> int | None:
    """The amount in kroner, skipping a leading year: "2018-2019: 1.300.000 kr."."""
    for m in _NUMBER.finditer(text):
        token = m.group(0).rstrip(" .,")
        if _YEAR.fullmatch(token) and not re.match(r"\s*(kr|dkk|mio)", text[m.end() :], re.I):
            continue
        return parse_amount(text[m.start() :])
    return parse_amount(text)


def read_application(path: Path, ctx: Context | None = None) -> ReadResult:
    """Read every field of an application form by its label."""
    collector = _Collector()
    for block in blocks(read_document_xml(path)):
        if isinstance(block, Para):
            collector.para(block)
        else:
            collector.row(block.cells)
    app = Application()
    app.locations = {key: f.location for key, f in FIELDS.items()}
    for key, loc in (("municipality_code", "municipality"), ("cvr", "contact")):
        app.locations[key] = FIELDS[loc].location
    app.locations["contact_email"] = app.locations["contact_phone"] = FIELDS["contact"].location
    texts: dict[str, str] = {}
    for key, slot in collector.answers().items():
        app.present.add(key)
        text, placeholder = clean("\n".join(slot.parts))
        if placeholder and not text:
            app.placeholders.add(key)
        if text:
            texts[key] = text
    _fill(app, texts)
    return ReadResult(model=app, fields=application_fields(app))


def _fill(app: Application, texts: dict[str, str]) -> None:
    for key in ("project_name", "contact", "summary", "expected_citizens", "current_caseload"):
        setattr(app, key, texts.get(key))
    for key in ("activities", "caseload_plan", "strategy", "goals", "organisation", "anchoring"):
        setattr(app, key, texts.get(key))
    raw = texts.get("municipality")
    app.municipality_raw = raw
    kommune = find_kommune(raw.split("\n")[0]) if raw else None
    app.municipality = kommune.official_name if kommune else raw
    app.municipality_code = kommune.code if kommune else None
    if app.contact:
        app.cvr, app.contact_email, app.contact_phone = contact_parts(app.contact)
    app.passive_share_raw = texts.get("passive_share_target")
    rng = parse_percent_range(app.passive_share_raw) if app.passive_share_raw else None
    app.passive_share_target = Range(*rng) if rng else None
    app.requested_amount_raw = texts.get("requested_amount")
    if app.requested_amount_raw:
        app.requested_amount = requested_amount(app.requested_amount_raw)


def application_fields(app: Application) -> dict[str, Any]:
    """The JSON contract of issue 2 (keys are never renamed)."""
    out: dict[str, Any] = {key: getattr(app, key) for key in CONTRACT_KEYS}
    rng = app.passive_share_target
    out["passive_share_target"] = {"low": rng.low, "high": rng.high} if rng else None
    return out


def detect(probe: Probe) -> int:
    """Score: how many distinct application labels the document shows."""
    found: set[str] = set()
    title = False
    for text in probe.texts[:400]:
        hit = classify(text)
        if hit and hit[0] in ("field", "heading") and hit[1]:
            found.add(hit[1])
        elif text == normalise(TITLE):
            title = True
    if len(found) < 3 and not (title and found):
        return 0
    return 10 + len(found) + (5 if title else 0)


READER = FormReader(DocKind.APPLICATION, (".docx",), detect, read_application)
