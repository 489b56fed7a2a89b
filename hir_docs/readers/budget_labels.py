"""Labels of the budget workbook: the form's own words and the variants people type
(data: ``_star/budget.toml``, extended by a pool's ``budget.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from hir_docs.labels import PREFIX_CHARS, normalise
from hir_docs.pools import Pool, load_shared, pool_extension

# The tables of variants (``_star/budget.toml``, ``[aliases.*]``: STAR's budget guide, shared
# by every STAR pool), read once when first used. ``POSTS``, ``INCOME``, ``TOTALS``,
# ``COLUMNS``, ``HEADER_FIELDS`` are the shared tables; ``tables(pool)`` adds a pool's own
# variants (``<pool>/budget.toml``).
_NAMES = {
    "POSTS": "posts",
    "INCOME": "income",
    "TOTALS": "totals",
    "COLUMNS": "columns",
    "HEADER_FIELDS": "header",
}
Table = dict[str, list[str]]


@dataclass(frozen=True)
class Tables:
    """The budget reader's label tables of one pool (the shared ones, extended)."""

    posts: Table
    income: Table
    totals: Table
    columns: Table
    header: Table


def _merged(shared: Table, own: Table) -> Table:
    out = {name: list(variants) for name, variants in shared.items()}
    for name, variants in own.items():
        out.setdefault(name, []).extend(v for v in variants if v not in out[name])
    return out


@cache
def _shared() -> Tables:
    aliases = load_shared("budget").get("aliases", {})
    return Tables(**{t: {k: list(v) for k, v in aliases.get(t, {}).items()} for t in _FIELDS})


_FIELDS = ("posts", "income", "totals", "columns", "header")
_TABLES: dict[tuple[str, Path | None], Tables] = {}


def tables(pool: Pool | None = None) -> Tables:
    """The label tables of ``pool`` (None: the shared ones), built once per pool. A pool
    without its own variants shares the shared tables (and their lookup indexes)."""
    if pool is None:
        return _shared()
    key = (pool.id, pool.folder)
    found = _TABLES.get(key)
    if found is None:
        own = pool_extension(pool, "budget").get("aliases", {})
        shared = _shared()
        found = shared
        if own:
            found = Tables(**{t: _merged(getattr(shared, t), own.get(t, {})) for t in _FIELDS})
        _TABLES[key] = found
    return found


def __getattr__(name: str) -> Table:
    if name in _NAMES:
        table: Table = getattr(_shared(), _NAMES[name])
        globals()[name] = table  # looked up once; later accesses find the module attribute
        return table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# "1. Løn", "2) Revision", "a) Husleje", "3 Transport" - but not "I alt".
_NUMBERING = re.compile(r"^\s*(?:(?:\d{1,2}[a-zA-Z]?|[a-zA-Z])[.)]|\d{1,2})\s+(?=\D)")
_IALT = re.compile(r"\bialt\b")
_YEAR = re.compile(
    r"^(?:(?:år|budget|budgetår|beløb|udgifter)\s+)?(20\d\d)(?:\s+(?:i\s+)?(?:kr|dkk|budget))?$"
)


def _key(text: str) -> str:
    # Only the first 300 characters are looked at (``key``), and remembered (at most 4.096
    # texts): a hostile sheet of long texts costs bounded memory, and a form's long
    # printed guidance is not normalised again in every copy of the form.
    return _short_key(text) if len(text) <= 300 else _label_key(text)


@lru_cache(maxsize=4096)
def _short_key(text: str) -> str:
    return _label_key(text)


def _label_key(text: str) -> str:
    # "Ialt" is a common spelling of "I alt" in Danish spreadsheets.
    return _IALT.sub("i alt", normalise(_NUMBERING.sub("", text)))


def key(text: object) -> str:
    """Normalised label without leading numbering ("1. Løn" -> "løn")."""
    # Labels are short; a cell with a novel in it must not cost time or cache memory.
    return _key(text[:300]) if isinstance(text, str) else _key(str(text)[:300])


class _Index:
    """Fast label lookup: exact normalised labels, long labels also by their prefix."""

    def __init__(self, labels: dict[str, list[str]]):
        self.exact: dict[str, str] = {}
        # Every prefix is PREFIX_CHARS long, so "k starts with it" is "k's first
        # PREFIX_CHARS characters are it": one lookup (the first label listed wins).
        self.prefixes: dict[str, str] = {}
        for name, variants in labels.items():
            for variant in variants:
                k = _key(variant)
                self.exact.setdefault(k, name)
                if len(k) >= PREFIX_CHARS:
                    self.prefixes.setdefault(k[:PREFIX_CHARS], name)

    def find(self, k: str) -> str | None:
        hit = self.exact.get(k)
        if hit is not None or len(k) < PREFIX_CHARS:
            return hit
        return self.prefixes.get(k[:PREFIX_CHARS])


_INDEXES: dict[int, _Index] = {}


def match(text: object, labels: dict[str, list[str]]) -> str | None:
    return match_key(key(text), labels)


def match_key(k: str, labels: dict[str, list[str]]) -> str | None:
    """``match`` of a text whose ``key`` is ``k`` (a text looked up in several tables)."""
    index = _INDEXES.get(id(labels))
    if index is None:
        index = _INDEXES[id(labels)] = _Index(labels)
    return index.find(k)


def post_by_first_words(text: object, posts: Table | None = None) -> str | None:
    """ "Løn til sagsbehandlere", "Revision (ekstern revisor)" -> the post its words start with.

    Only for a column that holds nothing but post names: there a longer label is still the
    post; in a single label column it could be a line's description.
    """
    k = key(text)
    for name, variants in (_shared().posts if posts is None else posts).items():
        for variant in variants:
            v = _key(variant)
            if k.startswith(v + " ") and not k.startswith(("i alt", "total")):
                return name
    return None


def post_subtotal(text: object, posts: Table | None = None) -> str | None:
    """ "Løn i alt", "I alt løn", "Subtotal løn" -> "Løn"; "I alt"/"Subtotal" -> ""."""
    return post_subtotal_key(key(text), posts)


def post_subtotal_key(k: str, posts: Table | None = None) -> str | None:
    """``post_subtotal`` of a text whose ``key`` is ``k`` (a text looked up in several
    tables)."""
    posts = _shared().posts if posts is None else posts
    for prefix in ("i alt ", "subtotal ", "total "):
        if k.startswith(prefix):
            return match(k[len(prefix) :], posts)
    for suffix in (" i alt", " total"):
        if k.endswith(suffix):
            return match(k[: -len(suffix)], posts)
    return "" if k in ("i alt", "subtotal", "total") else None


def column_role(text: object) -> str | None:
    """A column header's role; "I alt 2017-2019", "Total (kr.)" are the total column."""
    if isinstance(text, str) and len(text) <= 200:
        return _short_column_role(text)  # every header cell is asked for again and again
    return _column_role(text)


def _column_role(text: object) -> str | None:
    k = key(text)  # once: a long text (not remembered) is normalised each time
    role = match_key(k, _shared().columns)
    if role is None and _TOTAL.match(k):
        return "total"
    return role


_TOTAL = re.compile(r"(?:i alt|total)\b")
_short_column_role = lru_cache(maxsize=4096)(_column_role)


def year_of(value: object) -> int | None:
    """A year column header: 2018, 2018.0, "2018", "År 2018", "2018 (kr.)"."""
    if value is None or isinstance(value, bool):  # None: every empty cell of the header rows
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 2000 <= value <= 2099 else None
    if isinstance(value, str) and len(value) <= 200:
        return _short_text_year(value)  # each row of the first 200 is searched for years
    return _text_year(value)


def _text_year(value: object) -> int | None:
    m = _YEAR.match(normalise(value))
    return int(m.group(1)) if m else None


_short_text_year = lru_cache(maxsize=4096)(_text_year)
