"""Finding and reading a citizen table in a workbook: header row near the top,
column names matched with synonyms, values cleaned (CPR, dates, numbers). The synonyms
and the required columns are the pool's (``<pool>/tables.toml``, plug-in "caseload").

Used by ``readers.citizens``; never judges (rules do that): the tables of required
columns only name the rule (``rules.citizens``, ``rules.registrations``) a missing column
breaks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hir_docs.files.sheetguard import column_letter as _letters
from hir_docs.kommuner import find_kommune
from hir_docs.labels import normalise
from hir_docs.model.citizens import SheetLayout
from hir_docs.pools import Pool, PoolError, load_pool, read_toml
from hir_docs.pools.tables import TABLES_FILE, tables_problems
from hir_docs.rules import Rule
from hir_docs.rules.citizens import RELOCATED_COLUMN_MISSING, RELOCATED_COLUMN_RECOMMENDED
from hir_docs.rules.registrations import COLUMN_RECOMMENDED, REGISTRATIONS_COLUMN_MISSING

HEADER_SCAN_ROWS = 40

Columns = dict[str, list[str]]
Required = dict[str, tuple[str, Rule]]

# A required column's level in tables.toml -> the rule a missing column breaks, per sheet.
_RULES: dict[str, dict[str, Rule]] = {
    "relocated": {"missing": RELOCATED_COLUMN_MISSING, "recommended": RELOCATED_COLUMN_RECOMMENDED},
    "registrations": {"missing": REGISTRATIONS_COLUMN_MISSING, "recommended": COLUMN_RECOMMENDED},
}


@dataclass(frozen=True)
class SheetTables:
    """A pool's tables of the module sheets (``<pool>/tables.toml``, plug-in "caseload"):
    column key -> the headers people type; the columns a sheet needs: key -> (its header in
    the form, the rule when it is missing); the labels of the jobcenter above the table."""

    relocated: Columns
    registrations: Columns
    required_relocated: Required
    required_registrations: Required
    municipality_labels: set[str]


_EMPTY = SheetTables({}, {}, {}, {}, set())
_SHEET_TABLES: dict[tuple[str, Path | None], SheetTables] = {}


def sheet_tables(pool: Pool | None = None) -> SheetTables:
    """The module sheets' tables of ``pool`` (default: the default pool), read once per pool;
    a pool without ``tables.toml`` has none (its sheets are never recognised)."""
    pool = pool or load_pool()
    key = (pool.id, pool.folder)
    found = _SHEET_TABLES.get(key)
    if found is None:
        found = _SHEET_TABLES[key] = _read_tables(pool)
    return found


def _read_tables(pool: Pool) -> SheetTables:
    path = pool.folder / TABLES_FILE if pool.folder else None
    if path is None or not path.is_file():
        return _EMPTY
    data = read_toml(path)
    problems = tables_problems(data, str(path))
    if problems:
        raise PoolError(problems[0])

    def required(sheet: str) -> Required:
        return {k: (v[0], _RULES[sheet][v[1]]) for k, v in data[sheet]["required"].items()}

    return SheetTables(
        relocated=data["relocated"]["columns"],
        registrations=data["registrations"]["columns"],
        required_relocated=required("relocated"),
        required_registrations=required("registrations"),
        municipality_labels=set(data["municipality_labels"]),
    )


# The default pool's tables under their old names (read when first asked for).
_NAMES = {
    "RELOCATED_COLUMNS": "relocated",
    "REGISTRATION_COLUMNS": "registrations",
    "REQUIRED_RELOCATED": "required_relocated",
    "REQUIRED_REGISTRATIONS": "required_registrations",
    "MUNICIPALITY_LABELS": "municipality_labels",
}


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        value = getattr(sheet_tables(), _NAMES[name])
        globals()[name] = value  # looked up once; later accesses find the module attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Synonyms:
    """A table's column synonyms, normalised once: a header cell is looked up, not
    compared with every synonym. ``exact``: synonym -> key (the first key that lists
    it); ``prefix``: the synonyms of at least 4 characters a longer header may start
    with ("Startdato (dd-mm-åååå)" -> "startdato")."""

    def __init__(self, columns: dict[str, list[str]]):
        self.exact: dict[str, str] = {}
        self.prefix: dict[str, str] = {}
        for key, syns in columns.items():
            for syn in syns:
                norm = normalise(syn)
                if not norm:
                    continue
                self.exact.setdefault(norm, key)
                if len(norm) >= 4:
                    self.prefix.setdefault(norm, key)
        # A header that starts with a synonym starts with its first word, and the
        # synonym is no longer than the longest: most texts are ruled out at once.
        self.first_words = {syn.split(" ", 1)[0] for syn in self.prefix}
        self.longest = max(map(len, self.prefix), default=0)


# Keyed by the table's identity: the tables are the module's own constants.
_SYNONYMS: dict[int, tuple[dict[str, list[str]], _Synonyms]] = {}


def synonyms(columns: dict[str, list[str]]) -> _Synonyms:
    kept = _SYNONYMS.get(id(columns))
    if kept is None or kept[0] is not columns:
        kept = (columns, _Synonyms(columns))
        _SYNONYMS[id(columns)] = kept
    return kept[1]


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB' (0-based, as calamine rows are)."""
    return _letters(index + 1)


def match_header(text: object, columns: dict[str, list[str]]) -> tuple[str, int] | None:
    """(field key, score) for a header cell; exact synonyms beat prefix matches
    ("Startdato (dd-mm-åååå)" -> start), longer synonyms beat shorter ones; between
    equal synonyms the first key in ``columns`` wins."""
    return match_normalised(normalise(text), synonyms(columns))


MAX_HEADER_CHARS = 80  # a longer cell is an answer or a remark, not a column's header


def match_normalised(t: str, table: _Synonyms) -> tuple[str, int] | None:
    """``match_header`` of a text already normalised, against a table's synonyms."""
    if not t or len(t) > MAX_HEADER_CHARS:
        return None
    key = table.exact.get(t)
    if key is not None:
        return key, 1000 + len(t)
    # a synonym followed by a space: the longest such start of the header
    space = t.find(" ")
    if space < 0 or t[:space] not in table.first_words:
        return None
    end = t.rfind(" ", 0, table.longest + 1)
    while end >= 4:
        key = table.prefix.get(t[:end])
        if key is not None:
            return key, end
        end = t.rfind(" ", 0, end)
    return None


def find_header(
    rows: Sequence[Sequence[Any]], columns: dict[str, list[str]], scan: int = HEADER_SCAN_ROWS
) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(row index, {key: column index}, {key: header text}) of the best header row
    in the first ``scan`` rows, or None when no row names at least three columns."""
    best: tuple[int, dict[str, int], dict[str, str]] | None = None
    table = synonyms(columns)
    for r, row in enumerate(rows[:scan]):
        found: dict[str, tuple[int, int]] = {}  # key -> (col, score)
        for c, value in enumerate(row):
            if not value or not isinstance(value, str):
                continue  # empty cells are many; they name no column
            hit = match_normalised(normalise(value), table)
            if hit is None:
                continue
            key, score = hit
            if key not in found or score > found[key][1]:
                found[key] = (c, score)
        if len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (
                r,
                {k: c for k, (c, _) in found.items()},
                {k: str(row[c]).strip() for k, (c, _) in found.items()},
            )
    return best


def layout_for(sheet: str, header: tuple[int, dict[str, int], dict[str, str]]) -> SheetLayout:
    r, cols, texts = header
    return SheetLayout(
        sheet=sheet,
        header_row=r + 1,
        columns={k: column_letter(c) for k, c in cols.items()},
        headers=texts,
    )


def find_labelled_value(
    rows: Sequence[Sequence[Any]], labels: set[str], stop: int, sheet: str
) -> tuple[str, str] | None:
    """(value, location) of a 'Jobcenter: ...' field above the table.

    The value is the next non-empty cell to the right of the label, or the text after a
    colon in the label cell itself ("Jobcenter: Jobcenter Viborg").
    """
    for r, row in enumerate(rows[:stop]):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            text = value.strip()
            head, sep, tail = text.partition(":")
            if normalise(head) not in labels:
                continue
            if sep and tail.strip():
                return tail.strip(), f"{sheet}!{column_letter(c)}{r + 1}"
            for c2 in range(c + 1, len(row)):
                v = row[c2]
                if v not in (None, "") and str(v).strip():
                    return str(v).strip(), f"{sheet}!{column_letter(c2)}{r + 1}"
            return "", f"{sheet}!{column_letter(c + 1)}{r + 1}"
    return None


_CPR_TEXT = re.compile(r"\d{6}-?\d{4}")


def clean_cpr(value: object) -> str | None:
    """'120384-1234', '1203841234', 1203841234, 101901234 (lost leading zero) ->
    '1203841234'. Other text is returned stripped (the rules reject it); empty -> None."""
    if isinstance(value, str) and len(value) == 11 and value[6] == "-":  # fast path
        digits = value[:6] + value[7:]
        if digits.isdigit():
            return digits
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        return digits.zfill(10) if len(digits) in (9, 10) else digits
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    compact = text.replace(" ", "").replace("\u00a0", "")
    if _CPR_TEXT.fullmatch(compact):
        return compact.replace("-", "")
    return text or None  # a name ("Hans Hansen") keeps its spaces


def clean_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def municipality_from_email(emails: Sequence[str | None]) -> str | None:
    """Municipality code from the caseworkers' e-mail domains ('@viborg.dk' -> '791')."""
    votes: dict[str, int] = {}
    seen: dict[str, str | None] = {}
    for email in emails:
        if not email or "@" not in email:
            continue
        domain = email.rsplit("@", 1)[1].strip().lower()
        if domain not in seen:
            label = domain.split(".")[0]
            k = find_kommune(label) or find_kommune(
                label.replace("aa", "å").replace("oe", "ø").replace("ae", "æ")
            )
            seen[domain] = k.code if k else None
        code = seen[domain]
        if code:
            votes[code] = votes.get(code, 0) + 1
    return max(votes, key=lambda c: votes[c]) if votes else None


@dataclass
class Table:
    """The best citizen table found in a workbook."""

    sheet: str
    rows: list[list[Any]]
    header: tuple[int, dict[str, int], dict[str, str]] | None
