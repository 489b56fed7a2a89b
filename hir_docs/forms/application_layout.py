"""A pool's application form: sections, field labels and their order, as data.

The form lives in the pool folder (``hir_docs/pools/<id>/application.toml``); this module
loads it into ``Section``/``Field`` objects used by the blank-form builder
(``forms/application.py``) and by the reader (``readers/application.py``). The module-level
names (``SECTIONS``, ``FIELDS``, ``TITLE`` ...) are the default pool's form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.pools import Pool, PoolError, PoolLacks, load_pool, read_toml
from hir_docs.pools.texts import fill


@dataclass(frozen=True)
class Field:
    key: str  # JSON field key
    label: str  # the official label text (first paragraph of the label cell)
    location: str  # where a caseworker finds it: "Section › short label"
    extra: tuple[str, ...] = ()  # further instruction paragraphs in the label cell
    aliases: tuple[str, ...] = ()  # short labels used in self-made documents (Q&A 20)
    short: bool = False  # one-line answer (inline content control)

    @property
    def short_label(self) -> str:
        """The field's own name, the last part of ``location`` ("Projektets navn")."""
        return self.location.split(" › ")[-1]


@dataclass(frozen=True)
class Mention:
    """Something an answer must mention (``mentions`` of a field): ``what`` in Danish, the
    words that say it (matched as the start of a word, case ignored; any of them counts),
    and the source that demands it."""

    what: str
    words: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Section:
    heading: str | None
    fields: tuple[Field, ...]
    intro: tuple[str, ...] = ()  # instruction paragraphs under the heading
    outro: tuple[str, ...] = ()
    subheading: str | None = None
    # A self-made document may use only the section heading for a one-field section.
    fallback: str | None = None
    source: str = ""  # where the section's questions come from (a form derived from a text)


# "count": a number of people or the like the answer must state with digits ("Hvor mange
# deltagere ...?"); the reader takes the first whole number of the answer.
FIELD_TYPES = ("text", "amount", "percent_range", "municipality", "count")
# The keys a contact answer's pieces are derived under, in this order (``derived`` of the
# field with role "contact"). A form deriving only some of them (no CVR number: a
# jobcenter's contact person) names them so; a pool's own names are taken in this order.
CONTACT_KEYS = ("cvr", "contact_email", "contact_phone")
_FORM_FILE = "application.toml"
_TOP = {"title", "preamble", "boilerplate", "sections", "form_known", "form_note", "source"}
_SECTION = {"heading", "subheading", "intro", "outro", "fallback", "fields", "source"}
_FIELD = {
    "key", "label", "location", "hint", "extra", "aliases", "short", "type", "role", "derived",
    "mentions",
}  # fmt: skip
_MENTION = {"what", "words", "source"}


@dataclass(frozen=True)
class ApplicationForm:
    """A pool's application form (``<pool>/application.toml``), labels filled from its facts."""

    title: str
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    boilerplate: tuple[str, ...]
    types: dict[str, str]  # field key -> type
    roles: dict[str, str]  # field key -> role
    hints: dict[str, str]  # field key -> how to answer it (in a finding about the field)
    derived: dict[str, tuple[str, ...]]  # field key -> the keys the reader derives from it
    # field key -> what its answer must mention (``mentions``; checked as a warning).
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    # False: the pool's own form is not among the sources; the form holds only the fields
    # every STAR application has (``form_known = false``; ``form_note`` says so).
    known: bool = True
    note: str = ""
    source: str = ""  # where the form comes from (a form derived from a text)

    @property
    def contract_keys(self) -> tuple[str, ...]:
        """The JSON contract's field keys: each field, then the keys derived from it."""
        return tuple(k for f in self.fields for k in (f, *self.derived.get(f, ())))

    @property
    def fields(self) -> dict[str, Field]:
        return {f.key: f for s in self.sections for f in s.fields}


def _strings(value: Any, file: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PoolError(f"Puljefilen {file}: nøglen '{key}' skal være en liste af tekster.")
    return tuple(value)


def _check_keys(data: dict[str, Any], allowed: set[str], file: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise PoolError(f"Puljefilen {file}: nøglen '{where}{key}' kendes ikke (stavefejl?).")


def parse_form(data: dict[str, Any], pool: Pool, file: str) -> ApplicationForm:
    """The form of a parsed ``application.toml``; a wrong structure raises ``PoolError``."""
    _check_keys(data, _TOP, file, "")

    def text(value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise PoolError(f"Puljefilen {file}: nøglen '{key}' skal være en tekst.")
        return fill(value, pool)

    def texts(value: Any, key: str) -> tuple[str, ...]:
        return tuple(fill(v, pool) for v in _strings(value, file, key))

    sections, types, roles, hints, derived = [], {}, {}, {}, {}
    mentions: dict[str, tuple[Mention, ...]] = {}
    for i, sec in enumerate(data.get("sections", [])):
        where = f"sections[{i}]."
        _check_keys(sec, _SECTION, file, where)
        fields = []
        for j, f in enumerate(sec.get("fields", [])):
            fw = f"{where}fields[{j}]."
            _check_keys(f, _FIELD, file, fw)
            for need in ("key", "label", "location"):
                if need not in f:
                    raise PoolError(f"Puljefilen {file}: nøglen '{fw}{need}' mangler.")
            kind = f.get("type", "text")
            if kind not in FIELD_TYPES:
                raise PoolError(
                    f"Puljefilen {file}: nøglen '{fw}type' skal være en af {', '.join(FIELD_TYPES)}."
                )
            types[f["key"]] = kind
            if "role" in f:
                roles[f["key"]] = text(f["role"], f"{fw}role")
            if "hint" in f:
                hints[f["key"]] = text(f["hint"], f"{fw}hint")
            if "derived" in f:
                derived[f["key"]] = _strings(f["derived"], file, f"{fw}derived")
            if "mentions" in f:
                mentions[f["key"]] = _mentions(f["mentions"], file, f"{fw}mentions")
            fields.append(
                Field(
                    text(f["key"], f"{fw}key"),
                    text(f["label"], f"{fw}label"),
                    text(f["location"], f"{fw}location"),
                    extra=texts(f.get("extra", []), f"{fw}extra"),
                    aliases=texts(f.get("aliases", []), f"{fw}aliases"),
                    short=bool(f.get("short", False)),
                )
            )
        heading = sec.get("heading")
        sections.append(
            Section(
                None if heading is None else text(heading, f"{where}heading"),
                tuple(fields),
                intro=texts(sec.get("intro", []), f"{where}intro"),
                outro=texts(sec.get("outro", []), f"{where}outro"),
                subheading=text(sec["subheading"], f"{where}subheading")
                if "subheading" in sec
                else None,
                fallback=sec.get("fallback"),
                source=text(sec["source"], f"{where}source") if "source" in sec else "",
            )
        )
    title = text(data.get("title"), "title")
    preamble = texts(data.get("preamble", []), "preamble")
    boilerplate = (
        title,
        *texts(data.get("boilerplate", []), "boilerplate"),
        *preamble,
        *(t for s in sections for t in (*s.intro, *s.outro)),
        *(t for s in sections for f in s.fields for t in f.extra),
    )
    known = data.get("form_known", True)
    if not isinstance(known, bool):
        raise PoolError(f"Puljefilen {file}: nøglen 'form_known' skal være true eller false.")
    note = text(data["form_note"], "form_note") if "form_note" in data else ""
    if not known and not note:
        raise PoolError(
            f"Puljefilen {file}: nøglen 'form_note' mangler: sig, hvorfor skemaet ikke kendes."
        )
    return ApplicationForm(
        title,
        preamble,
        tuple(sections),
        boilerplate,
        types,
        roles,
        hints,
        derived,
        mentions,
        known,
        note,
        text(data["source"], "source") if "source" in data else "",
    )


def _mentions(value: Any, file: str, key: str) -> tuple[Mention, ...]:
    """``mentions = [{ what, words, source }, ...]``: what an answer must mention."""
    if not isinstance(value, list) or not value:
        raise PoolError(f"Puljefilen {file}: nøglen '{key}' skal være en liste af tabeller.")
    out = []
    for i, entry in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise PoolError(f"Puljefilen {file}: nøglen '{where}' skal være en tabel.")
        _check_keys(entry, _MENTION, file, f"{where}.")
        for need in ("what", "words", "source"):
            if need not in entry:
                raise PoolError(f"Puljefilen {file}: nøglen '{where}.{need}' mangler.")
        what, source = entry["what"], entry["source"]
        if not (isinstance(what, str) and isinstance(source, str) and source.strip()):
            raise PoolError(
                f"Puljefilen {file}: nøglen '{where}' skal have 'what' og 'source' som tekst."
            )
        words = _strings(entry["words"], file, f"{where}.words")
        if not words or not all(w.strip() for w in words):
            raise PoolError(f"Puljefilen {file}: nøglen '{where}.words' må ikke være tom.")
        out.append(Mention(what, words, source))
    return tuple(out)


_FORMS: dict[tuple[str, Path | None], ApplicationForm] = {}


def application_form(pool: Pool | None = None) -> ApplicationForm:
    """The application form of ``pool`` (default: the default pool), read once per pool."""
    pool = pool or load_pool()
    key = (pool.id, pool.folder)
    if key not in _FORMS:
        path = pool.folder / _FORM_FILE if pool.folder is not None else None
        if path is None or not path.exists():
            raise PoolLacks(f"Puljen {pool.name} har intet ansøgningsskema ({_FORM_FILE}).")
        _FORMS[key] = parse_form(read_toml(path), pool, str(path))
    return _FORMS[key]


_FORM = application_form()
TITLE = _FORM.title
PREAMBLE = _FORM.preamble
SECTIONS: tuple[Section, ...] = _FORM.sections
FIELDS: dict[str, Field] = _FORM.fields
FIELD_KEYS: tuple[str, ...] = tuple(FIELDS)
GOALS_EXTRA = FIELDS["goals"].extra[0]  # the instruction about the passive share (tests)

# Instruction text that is never an answer (skipped, wherever it stands).
BOILERPLATE: tuple[str, ...] = _FORM.boilerplate

# Derived keys in the JSON contract (from the contact and municipality answers), and the
# contract itself: each field's key, then the keys derived from it (application.toml).
DERIVED_KEYS: tuple[str, ...] = tuple(k for keys in _FORM.derived.values() for k in keys)
CONTRACT_KEYS: tuple[str, ...] = _FORM.contract_keys


def section_of(key: str) -> Section:
    return next(s for s in SECTIONS if any(f.key == key for f in s.fields))
