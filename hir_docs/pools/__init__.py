"""Pools as data: one folder per pool (``hir_docs/pools/<id>/``), each fact with its source.

A pool folder holds ``pool.toml`` (the pool's name, account, grantor, the titles that name it
in a document, its source documents, and its facts: numbers, dates and word lists, each with
its source) and ``texts.toml`` (texts with fact placeholders, ``{grant_min:kr}``). Files
whose name starts with ``_`` (``_star/``) are shared by several pools. Python holds readers,
check types and renderers; the folder holds what differs between pools.

The structure is checked when a pool is loaded (plain dataclasses; a clear Danish error naming
file and key); ``hir_docs.pools.check`` validates fully (``hir-docs pools check DIR``).

Pool folders are found in this package and in the folders of the environment variable
``HIR_POOL_PATH`` (separated by ``os.pathsep``; each a pool folder or a folder of them).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hir_docs.findings import HirDocsError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_POOL = "hir"
POOL_FILE = "pool.toml"
TEXTS_FILE = "texts.toml"
PAYMENT_FILE = "payment.toml"
SHARED_DIR = "_star"  # STAR-wide descriptions several pools extend (its budget guide)


class PoolError(HirDocsError):
    """A pool folder that cannot be used (missing, or a file with a wrong structure)."""


class PoolLacks(PoolError):
    """The pool does not give something a check needs: a fact it declares unknown or does
    not name, a file it has none of, a rule that is off for it. The check is off for the
    pool (``hir-docs rules --pool`` says why), not broken: a broken pool file stays a
    ``PoolError`` and is never silenced."""


@dataclass(frozen=True)
class Fact:
    key: str
    value: Any
    source: str
    unknown: bool = False  # the sources do not give it: checks that need it are off
    needed_by: str = ""  # what needs it (said when it is unknown)


@dataclass(frozen=True)
class Source:
    name: str  # as rules cite it ("puljeopslag")
    title: str


@dataclass(frozen=True)
class Pool:
    id: str
    name: str
    account: str
    facts: dict[str, Fact]
    short_name: str = ""
    grantor: str = "STAR"
    plugins: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # normalised words in a document's title that name the pool
    sources: tuple[Source, ...] = ()
    folder: Path | None = field(default=None, compare=False)

    def __getitem__(self, key: str) -> Any:
        if key not in self.facts:
            raise PoolLacks(
                f"Puljen {self.name} har ingen værdi for '{key}' (findes ikke i pool.toml)."
            )
        fact = self.facts[key]
        if fact.unknown:
            raise PoolLacks(
                f"Puljen {self.name} kender ikke værdien af '{key}' (kilderne oplyser den ikke)"
                + (f"; den bruges til: {fact.needed_by}" if fact.needed_by else "")
                + "."
            )
        return fact.value

    def known(self, key: str) -> bool:
        return key in self.facts and not self.facts[key].unknown

    def source(self, key: str) -> str:
        return self.facts[key].source

    def _wrong(self, key: str, wanted: str) -> PoolError:
        file = self.folder / POOL_FILE if self.folder else POOL_FILE
        return _fail(str(file), f"facts.{key}.value", f"skal være {wanted}")

    def amount(self, key: str) -> int:
        v = self[key]
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self._wrong(key, "et beløb (et tal)")
        return int(v)

    def number(self, key: str) -> float:
        v = self[key]
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self._wrong(key, "et tal")
        return float(v)

    def date(self, key: str) -> dt.date:
        v = self[key]
        return v.date() if isinstance(v, dt.datetime) else v

    def datetime(self, key: str) -> dt.datetime:
        v = self[key]
        return v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time(23, 59))

    def strings(self, key: str) -> list[str]:
        return [str(x) for x in self[key]]

    @property
    def project_years(self) -> list[int]:
        """The years of the project period; for a pool whose period is unknown (set per
        grant, or in a document we do not have) the years of ``budget_years``."""
        if not (self.known("project_start") and self.known("project_end")) and self.known(
            "budget_years"
        ):
            return [int(y) for y in self["budget_years"]]
        return list(range(self.date("project_start").year, self.date("project_end").year + 1))

    @property
    def has_budget_form(self) -> bool:
        """The pool has a budget form (STAR's budget guide); ``budget_layout = "fri"``: the
        applicant makes its own budget, which hir-docs does not read."""
        return not (self.known("budget_layout") and self["budget_layout"] == "fri")

    @property
    def label(self) -> str:
        """How texts name the pool: "Håndholdt indsats i ressourceforløb (HIR)"."""
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def text(self, key: str) -> str:
        """A text of the pool's ``texts.toml``, its fact placeholders filled in."""
        from hir_docs.pools.texts import fill

        value = self._raw_text(key)
        if not isinstance(value, str):
            raise _fail(self._texts_file(), f"texts.{key}", "skal være en tekst")
        return fill(value, self)

    def lines(self, key: str) -> list[str]:
        """A list of lines of the pool's ``texts.toml``, placeholders filled in."""
        from hir_docs.pools.texts import fill

        value = self._raw_text(key)
        if not isinstance(value, list):
            raise _fail(self._texts_file(), f"texts.{key}", "skal være en liste af linjer")
        return [fill(line, self) for line in value]

    def _texts_file(self) -> str:
        return str(self.folder / TEXTS_FILE) if self.folder else TEXTS_FILE

    def _raw_text(self, key: str) -> str | list[str]:
        texts = self.texts_raw()
        if key not in texts:
            raise _fail(self._texts_file(), f"texts.{key}", "mangler")
        return texts[key]

    @property
    def payment_model(self) -> str | None:
        """How the pool pays (``payment.toml``: "arrears" | "instalments" | "results");
        None when the folder does not say."""
        return _payment_model(self.folder) if self.folder is not None else None

    def texts_raw(self) -> dict[str, str | list[str]]:
        return _texts(self.folder) if self.folder is not None else {}


# ------------------------------------------------------------------ structure, checked at load
_META_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "name": (str,),
    "short_name": (str,),
    "account": (str,),
    "grantor": (str,),
    "plugins": (list,),
}
_META_REQUIRED = ("id", "name", "account")
_FACT_KEYS: dict[str, tuple[type, ...]] = {
    "value": (str, int, float, bool, list, dt.date, dt.datetime),
    "source": (str,),
    "status": (str,),
    "needed_by": (str,),
}
_TOP_KEYS = {"pool", "detect", "sources", "facts"}


def _fail(file: str, key: str, problem: str) -> PoolError:
    return PoolError(f"Puljefilen {file}: nøglen '{key}' {problem}.")


def _table(data: Any, file: str, key: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _fail(file, key, "skal være en tabel ([...])")
    return data


def _typed(value: Any, types: tuple[type, ...], file: str, key: str) -> Any:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        names = " eller ".join(t.__name__ for t in types)
        raise _fail(file, key, f"har en forkert type ({type(value).__name__}, ventet {names})")
    return value


def _unknown_keys(data: dict[str, Any], allowed: Any, file: str, prefix: str) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(file, f"{prefix}{key}", "kendes ikke (stavefejl?)")


def _fact(key: str, entry: Any, file: str) -> Fact:
    where = f"facts.{key}"
    entry = _table(entry, file, where)
    _unknown_keys(entry, _FACT_KEYS, file, f"{where}.")
    for k, v in entry.items():
        _typed(v, _FACT_KEYS[k], file, f"{where}.{k}")
    if "source" not in entry or not entry["source"].strip():
        raise _fail(file, f"{where}.source", "mangler: hver værdi skal have sin kilde")
    status = entry.get("status", "known")
    if status not in ("known", "unknown"):
        raise _fail(file, f"{where}.status", 'skal være "known" eller "unknown"')
    unknown = status == "unknown"
    if unknown == ("value" in entry):
        problem = "må ikke have en værdi" if unknown else 'mangler (eller status = "unknown")'
        raise _fail(file, f"{where}.value", problem)
    return Fact(key, entry.get("value"), entry["source"], unknown, entry.get("needed_by", ""))


def parse_pool(data: dict[str, Any], file: str = POOL_FILE, folder: Path | None = None) -> Pool:
    """A pool from the parsed ``pool.toml``; a wrong structure raises ``PoolError``."""
    _unknown_keys(data, _TOP_KEYS, file, "")
    meta = _table(data.get("pool"), file, "pool")
    _unknown_keys(meta, _META_KEYS, file, "pool.")
    for key in _META_REQUIRED:
        if key not in meta:
            raise _fail(file, f"pool.{key}", "mangler")
    for key, value in meta.items():
        _typed(value, _META_KEYS[key], file, f"pool.{key}")
    plugins = tuple(_typed(p, (str,), file, "pool.plugins") for p in meta.get("plugins", []))
    detect = _table(data.get("detect", {}), file, "detect")
    _unknown_keys(detect, {"titles"}, file, "detect.")
    titles = _typed(detect.get("titles", []), (list,), file, "detect.titles")
    sources = []
    for i, entry in enumerate(_typed(data.get("sources", []), (list,), file, "sources")):
        entry = _table(entry, file, f"sources[{i}]")
        _unknown_keys(entry, {"name", "title"}, file, f"sources[{i}].")
        name = _typed(entry.get("name"), (str,), file, f"sources[{i}].name")
        sources.append(Source(name, _typed(entry.get("title", name), (str,), file, "title")))
    facts = {k: _fact(k, e, file) for k, e in _table(data.get("facts", {}), file, "facts").items()}
    return Pool(
        meta["id"],
        meta["name"],
        meta["account"],
        facts,
        short_name=meta.get("short_name", ""),
        grantor=meta.get("grantor", "STAR"),
        plugins=plugins,
        titles=tuple(_typed(t, (str,), file, "detect.titles").lower() for t in titles),
        sources=tuple(sources),
        folder=folder,
    )


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise PoolError(f"Puljefilen {path} findes ikke.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PoolError(f"Puljefilen {path} er ikke gyldig TOML: {exc}.") from None


def load_pool_text(text: str) -> Pool:
    """A pool from the text of a ``pool.toml`` (tests; no folder, so no texts)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PoolError(f"Puljefilen {POOL_FILE} er ikke gyldig TOML: {exc}.") from None
    return parse_pool(data)


def load_pool_dir(folder: Path) -> Pool:
    """The pool of one folder (``pool.toml`` and its other files), structure checked."""
    path = folder / POOL_FILE
    pool = parse_pool(read_toml(path), str(path), folder)
    if pool.id != folder.name:
        raise _fail(str(path), "pool.id", f"skal være mappens navn ('{folder.name}')")
    return pool


@cache
def _payment_model(folder: Path) -> str | None:
    """``payment.toml``'s model, read once per folder (the checks ask for every file)."""
    if not (folder / PAYMENT_FILE).exists():
        return None
    model = read_toml(folder / PAYMENT_FILE).get("model")
    return model if isinstance(model, str) else None


@cache
def _texts(folder: Path) -> dict[str, str | list[str]]:
    path = folder / TEXTS_FILE
    if not path.exists():
        return {}
    data = read_toml(path)
    _unknown_keys(data, {"texts"}, str(path), "")
    texts = _table(data.get("texts", {}), str(path), "texts")
    for key, value in texts.items():
        _typed(value, (str, list), str(path), f"texts.{key}")
        for line in value if isinstance(value, list) else []:
            _typed(line, (str,), str(path), f"texts.{key}")
    return texts


SHARED_KEYS = {"budget": {"labels", "sheets", "aliases"}}  # shared file -> its tables (of strings)
# Tables of tables of lists of texts (label -> the variants people type), in a shared file or
# a pool's own file of the same name that extends it (``<pool>/budget.toml``).
ALIAS_TABLES = {"posts", "income", "totals", "columns", "header"}


def check_aliases(data: Any, file: str, where: str = "aliases") -> dict[str, dict[str, list[str]]]:
    """``[aliases.<table>]``: label -> a list of texts; a wrong structure raises ``PoolError``."""
    tables = _table(data, file, where)
    _unknown_keys(tables, ALIAS_TABLES, file, f"{where}.")
    for table, entries in tables.items():
        for label, variants in _table(entries, file, f"{where}.{table}").items():
            _typed(variants, (list,), file, f"{where}.{table}.{label}")
            for variant in variants:
                _typed(variant, (str,), file, f"{where}.{table}.{label}")
    return tables


@cache
def load_shared(name: str) -> dict[str, dict[str, Any]]:
    """A STAR-wide description several pools extend (``_star/<name>.toml``): tables of texts
    (``aliases``: tables of lists of texts)."""
    path = PACKAGE_DIR / SHARED_DIR / f"{name}.toml"
    data = read_toml(path)
    _unknown_keys(data, SHARED_KEYS.get(name, set()), str(path), "")
    for table, entries in data.items():
        if table == "aliases":
            check_aliases(entries, str(path))
            continue
        for key, value in _table(entries, str(path), table).items():
            _typed(value, (str,), str(path), f"{table}.{key}")
    return data


def pool_extension(pool: Pool, name: str) -> dict[str, Any]:
    """What ``pool`` adds to the shared ``_star/<name>.toml``: its own ``<pool>/<name>.toml``
    (``[aliases.<table>]`` only), or nothing."""
    if pool.folder is None or not (pool.folder / f"{name}.toml").is_file():
        return {}
    return _extension(pool.folder / f"{name}.toml")


@cache
def _extension(path: Path) -> dict[str, Any]:
    data = read_toml(path)
    _unknown_keys(data, {"aliases"}, str(path), "")
    return {"aliases": check_aliases(data.get("aliases", {}), str(path))}


def _search_path() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("HIR_POOL_PATH", "").split(os.pathsep) if p]
    return [PACKAGE_DIR, *extra]


def pool_folders() -> dict[str, Path]:
    """Every installed pool: id -> folder (this package's first, then ``HIR_POOL_PATH``)."""
    return dict(_pool_folders(os.environ.get("HIR_POOL_PATH", "")))


@cache
def _pool_folders(_path: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for base in _search_path():
        candidates = [base] if (base / POOL_FILE).is_file() else sorted(base.glob("*/"))
        for folder in candidates:
            if (folder / POOL_FILE).is_file() and not folder.name.startswith(("_", ".")):
                found.setdefault(folder.name, folder)
    # The default pool first (lists, the web's choices), then the others by name.
    return dict(sorted(found.items(), key=lambda item: item[0] != DEFAULT_POOL))


def pool_ids() -> list[str]:
    return list(pool_folders())


@cache
def _load(pool_id: str, folder: Path) -> Pool:
    return load_pool_dir(folder)


# Pools of this package found on the disk once (id -> folder): a check asks for its pool
# some forty times, and each look costs a system call. Only pools found are kept (a
# bounded set); any other id is looked up as before each time.
_package_pools: dict[str, Path] = {}


def load_pool(pool_id: str | None = None) -> Pool:
    """An installed pool by id (default: HIR). An unknown id raises ``PoolError``."""
    pool_id = pool_id or DEFAULT_POOL
    folder = _package_pools.get(pool_id)
    if folder is not None:
        return _load(pool_id, folder)
    folder = PACKAGE_DIR / pool_id
    if not (folder / POOL_FILE).is_file() or pool_id.startswith(("_", ".")):
        folders = pool_folders()
        if pool_id not in folders:
            known = ", ".join(folders) or "ingen"
            raise PoolError(f"Puljen '{pool_id}' findes ikke (installerede puljer: {known}).")
        folder = folders[pool_id]
    else:
        _package_pools[pool_id] = folder
    return _load(pool_id, folder)


def all_pools() -> list[Pool]:
    return [load_pool(pool_id) for pool_id in pool_folders()]
