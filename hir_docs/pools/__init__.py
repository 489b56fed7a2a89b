"""Pool facts as data: one TOML file per pool, each value with its source."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Fact:
    key: str
    value: Any
    source: str


@dataclass(frozen=True)
class Pool:
    id: str
    name: str
    account: str
    facts: dict[str, Fact]

    def __getitem__(self, key: str) -> Any:
        return self.facts[key].value

    def source(self, key: str) -> str:
        return self.facts[key].source

    def amount(self, key: str) -> int:
        return int(self.facts[key].value)

    def number(self, key: str) -> float:
        return float(self.facts[key].value)

    def date(self, key: str) -> dt.date:
        v = self.facts[key].value
        return v.date() if isinstance(v, dt.datetime) else v

    def datetime(self, key: str) -> dt.datetime:
        v = self.facts[key].value
        return v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time(23, 59))

    def strings(self, key: str) -> list[str]:
        return [str(x) for x in self.facts[key].value]

    @property
    def project_years(self) -> list[int]:
        return list(range(self.date("project_start").year, self.date("project_end").year + 1))


def load_pool_text(text: str) -> Pool:
    data = tomllib.loads(text)
    meta = data["pool"]
    facts = {
        key: Fact(key, entry["value"], entry["source"]) for key, entry in data["facts"].items()
    }
    return Pool(meta["id"], meta["name"], meta["account"], facts)


@cache
def load_pool(pool_id: str = "hir") -> Pool:
    text = resources.files("hir_docs.pools").joinpath(f"{pool_id}.toml").read_text("utf-8")
    return load_pool_text(text)
