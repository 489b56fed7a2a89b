"""A pool's texts: ``{fact}`` / ``{fact:kr}`` / ``{fact:dato}`` / ``{fact:år}`` filled in.

``{x:mio}`` in millions ("0,5"), ``{x:ord}`` a small number as a word ("tre").
Any other format spec is Python's (``{project_start:%d.%m.%Y}``). Numbers are Danish
(``{fte_max}`` -> "4"; ``{chars_per_page}`` -> "2.400").
"""

from __future__ import annotations

import datetime as dt
import string
from typing import TYPE_CHECKING, Any

from hir_docs.formatting import dato, kr, number

if TYPE_CHECKING:
    from hir_docs.pools import Pool

# Small whole numbers as Danish words ("senest tre måneder", "mindst tre gange").
WORDS = {
    1: "en", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks",
    7: "syv", 8: "otte", 9: "ni", 10: "ti", 11: "elleve", 12: "tolv",
}  # fmt: skip


def _plain(value: float, decimals: int) -> str:
    """A non-negative number in Danish without Babel (whose first call loads the locale,
    ~12 ms: texts are filled while modules are imported): "1.924", "0,5"."""
    whole, _, frac = f"{value:,.{decimals}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def _number(value: float) -> str:
    """Danish, with the decimals the value has (at most two): 1924 -> "1.924", 1.5 -> "1,5"."""
    for decimals in range(3):
        if round(value, decimals) == value:
            break
    if value >= 0 and abs(value) < 1e15:
        return _plain(value, decimals)
    return number(value, decimals)


def _kr(value: float) -> str:
    if isinstance(value, int | float) and 0 <= value < 1e15:
        return f"{_plain(round(value), 0)} kr."
    return kr(value)


class PoolFormatter(string.Formatter):
    """Fills a text's placeholders from a pool's facts (Danish formatting)."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if str(key) == "pool":
            return self.pool.name
        if str(key) == "pool_label":
            return self.pool.label
        if str(key) == "account":
            return self.pool.account
        if str(key) == "grantor":
            return self.pool.grantor
        if str(key) == "account_number":  # "FL § 17.46.78.30" -> "17.46.78.30"
            return self.pool.account.split()[-1]
        if str(key) == "short_name":
            return self.pool.short_name
        return self.pool[str(key)]

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "kr":
            return _kr(value)
        if format_spec == "mio":  # 2000000 -> "2", 500000 -> "0,5"
            return _number(value / 1_000_000)
        if format_spec == "ord":
            return WORDS[int(value)] if value in WORDS else number(value)
        if format_spec == "år":
            return str(value.year)
        if format_spec == "dato":
            if isinstance(value, dt.datetime):
                return f"{dato(value.date())} kl. {value:%H.%M}"
            return dato(value)
        if format_spec == "liste":  # ["a", "b", "c"] -> "a, b og c"; a table by its label
            items = [str(v["label"]) if isinstance(v, dict) else str(v) for v in value]
            return " og ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)
        if format_spec == "" and isinstance(value, int | float) and not isinstance(value, bool):
            return _number(value)
        return super().format_field(value, format_spec)


NAMES = (
    "pool",
    "pool_label",
    "account",
    "account_number",
    "grantor",
    "short_name",
)  # placeholders that are not facts


def placeholders(template: str) -> list[str]:
    """The fact names a text's placeholders use (``{grant_min:kr}`` -> grant_min)."""
    return [
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None and name != ""
    ]


def fill(template: str, pool: Pool) -> str:
    if "{" not in template:
        return template
    return PoolFormatter(pool).format(template)
