"""The 98 Danish municipalities and matching of the names applicants write."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from hir_docs.labels import normalise


@dataclass(frozen=True)
class Kommune:
    code: str  # 3 digits, e.g. "791"
    name: str  # short name, e.g. "Viborg"
    region: str
    region_code: str

    @property
    def official_name(self) -> str:
        if self.code == "400":
            return "Bornholms Regionskommune"
        if self.code in ("101", "820"):  # genitive official names
            return f"{self.name}s Kommune"  # Københavns, Vesthimmerlands Kommune
        return f"{self.name} Kommune"


@cache
def all_kommuner() -> tuple[Kommune, ...]:
    text = resources.files("hir_docs").joinpath("data/kommuner.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(Kommune(r["kode"], r["navn"], r["region"], r["regionskode"]) for r in rows)


def _key(name: str) -> str:
    s = normalise(name.replace("-", " "))
    s = re.sub(r"\b(kommune|kommunes|regionskommune|jobcenter|jobcentret)\b", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@cache
def _index() -> dict[str, Kommune]:
    index: dict[str, Kommune] = {}
    for k in all_kommuner():
        base = _key(k.name)
        index[base] = k
        index[base + "s"] = k  # genitive: "Københavns", "Vesthimmerlands"
        if base.endswith("s"):
            index[base + "'"] = k
    return index


def find_kommune(text: str | None) -> Kommune | None:
    """One of the 98 municipalities as people write it.

    'Københavns Kommune', 'Høje Taastrup', 'Bornholms Regionskommune', '791', and forms
    the list lacks: the old spelling 'Århus', 'Nordfyn' without the genitive s
    ('Jobcenter Nordfyn'), a number or a second name after it ('Viborg Kommune (791)').
    """
    if not text:
        return None
    # Each distinct piece is looked up once (first hit wins, so a repeat adds nothing): a
    # long text of repeated pieces costs one pass, not one per piece (issue 21).
    tried: set[str] = set()
    fixed = re.sub(r"(?i)\bårhus", "Aarhus", text)
    genitive = re.sub(r"(?i)(\w)(\s+kommune)?\s*$", r"\1s\2", fixed.strip())
    for part in (text, fixed, *re.split(r"\s[–-]\s|[()]|\d+", fixed), genitive):
        if part in tried:
            continue
        tried.add(part)
        found = _find_exact(part)
        if found is not None:
            return found
    return None


def _find_exact(text: str | None) -> Kommune | None:
    if not text:
        return None
    raw = str(text).strip()
    if re.fullmatch(r"\d{3}", raw):
        return next((k for k in all_kommuner() if k.code == raw), None)
    key = _key(raw)
    index = _index()
    if key in index:
        return index[key]
    # "Jobcenter Viborg, Viborg Kommune" or extra words: try each comma part (once each).
    for part in dict.fromkeys(re.split(r"[,;/\n]", raw)):
        pk = key if part == raw else _key(part)
        if pk in index:
            return index[pk]
    return None
