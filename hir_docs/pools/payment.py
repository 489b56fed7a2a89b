"""How a pool pays, as data (``<pool>/payment.toml``): the model and its events.

```toml
model = "arrears" | "instalments" | "results"
period = "half-year"          # arrears: the period of part accounts and status reports
settlement = "quarter"        # results: how often the money is settled

[[events]]                    # instalments and results: what releases a share
key = "rate-3"
label = "3. rate"
share = 30                    # percent; or status = "unknown" when the sources do not say
level = "project"             # results: "project" (once) or "participant" (per participant)
facts = ["first_interview"]   # results: the register dates that reach it (any of them)
requires = ["mentor_support"] # results: register flags that must hold as well
condition = "activity"        # instalments: what releases it ("activity": the activity
                              # requirement hir-docs computes from the activity register)
earliest = "instalment_3_earliest"  # a date fact: not paid before it
source = "FAQ Flere skal med, s. 4"
```

Python holds the arithmetic of each model (``model.accounts``: arrears; ``model.results``:
results; ``model.activity``: the activity condition); this module reads and checks the
file. Shares are exact fractions; shares add up to 100 % when every share is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from hir_docs.pools import PAYMENT_FILE, Pool, PoolError, PoolLacks, read_toml

PAYMENT_MODELS = ("arrears", "instalments", "results")
ARREARS_PERIOD = "half-year"  # the one period the "arrears" model computes
SETTLEMENTS = ("quarter",)  # how often a results model is settled
LEVELS = ("project", "participant")
# The register dates and flags a results event may name (``model.results.FACTS``/``FLAGS``).
RESULT_FACTS = (
    "project_start",
    "first_interview",
    "action_plan",
    "company_offer",
    "ordinary_job",
    "education",
)
RESULT_FLAGS = ("mentor_support",)
CONDITIONS = ("activity",)  # what releases an instalment, computed by hir-docs

_TOP = {"model", "period", "settlement", "events"}
_EVENT = {
    "key",
    "label",
    "share",
    "status",
    "level",
    "facts",
    "requires",
    "condition",
    "earliest",
    "source",
}


@dataclass(frozen=True)
class EventSpec:
    key: str
    label: str  # Danish, for people
    share: Fraction | None  # of the grant (instalments) or the base (results); None: unknown
    source: str
    level: str = "project"
    facts: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    condition: str | None = None
    earliest: str | None = None  # a date fact of pool.toml


@dataclass(frozen=True)
class PaymentSpec:
    model: str
    events: tuple[EventSpec, ...] = ()
    period: str | None = None
    settlement: str | None = None

    def event(self, key: str) -> EventSpec:
        for e in self.events:
            if e.key == key:
                return e
        raise PoolLacks(f"Puljens udbetalingsmodel har ingen hændelse '{key}'.")


def _fail(file: str, key: str, problem: str) -> PoolError:
    return PoolError(f"Puljefilen {file}: nøglen '{key}' {problem}.")


def _texts(value: Any, file: str, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(file, key, "skal være en liste af tekster")
    for v in value:
        if v not in allowed:
            raise _fail(file, key, f"nævner '{v}' (kendte: {', '.join(allowed)})")
    return tuple(value)


def _event(entry: Any, file: str, i: int, model: str) -> EventSpec:
    where = f"events[{i}]"
    if not isinstance(entry, dict):
        raise _fail(file, where, "skal være en tabel ([[events]])")
    for key in entry:
        if key not in _EVENT:
            raise _fail(file, f"{where}.{key}", "kendes ikke (stavefejl?)")
    for key in ("key", "label", "source"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise _fail(file, f"{where}.{key}", "mangler (en tekst)")
    unknown = entry.get("status") == "unknown"
    if "status" in entry and not unknown:
        raise _fail(file, f"{where}.status", 'kan kun være "unknown"')
    share = entry.get("share")
    if unknown == (share is not None):
        raise _fail(file, f"{where}.share", 'mangler (en procent), eller skriv status = "unknown"')
    if share is not None and (isinstance(share, bool) or not isinstance(share, int | float)):
        raise _fail(file, f"{where}.share", "skal være en procent (et tal)")
    level = entry.get("level", "project")
    if level not in LEVELS:
        raise _fail(file, f"{where}.level", f"skal være en af {', '.join(LEVELS)}")
    facts = _texts(entry.get("facts", []), file, f"{where}.facts", RESULT_FACTS)
    requires = _texts(entry.get("requires", []), file, f"{where}.requires", RESULT_FLAGS)
    if model == "results" and not facts:
        raise _fail(file, f"{where}.facts", "mangler: hvilke datoer i registret udløser den")
    condition = entry.get("condition")
    if condition is not None and condition not in CONDITIONS:
        raise _fail(file, f"{where}.condition", f"skal være en af {', '.join(CONDITIONS)}")
    earliest = entry.get("earliest")
    if earliest is not None and not isinstance(earliest, str):
        raise _fail(file, f"{where}.earliest", "skal være navnet på en dato i pool.toml")
    return EventSpec(
        key=entry["key"],
        label=entry["label"],
        share=None if share is None else Fraction(str(share)) / 100,
        source=entry["source"],
        level=level,
        facts=facts,
        requires=requires,
        condition=condition,
        earliest=earliest,
    )


def parse_payment(data: dict[str, Any], file: str) -> PaymentSpec:
    """The payment model of one ``payment.toml``; a wrong structure raises ``PoolError``
    naming the file and the key."""
    for key in data:
        if key not in _TOP:
            raise _fail(file, key, "kendes ikke (stavefejl?)")
    model = data.get("model")
    if model not in PAYMENT_MODELS:
        raise _fail(file, "model", f"skal være en af {', '.join(PAYMENT_MODELS)}")
    period = data.get("period")
    if model == "arrears" and period != ARREARS_PERIOD:
        raise _fail(
            file,
            "period",
            f'skal være "{ARREARS_PERIOD}" (hir-docs regner delregnskaber og statusrapporter '
            "bagud pr. halvår; en anden rytme kendes ikke endnu)",
        )
    settlement = data.get("settlement")
    if model == "results" and settlement not in SETTLEMENTS:
        raise _fail(file, "settlement", f"skal være en af {', '.join(SETTLEMENTS)}")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise _fail(file, "events", "skal være en liste af tabeller ([[events]])")
    if model != "arrears" and not events:
        raise _fail(file, "events", "mangler: hvad udløser udbetalingerne")
    specs = tuple(_event(e, file, i, model) for i, e in enumerate(events))
    keys = [e.key for e in specs]
    if len(set(keys)) != len(keys):
        raise _fail(file, "events", "har to hændelser med samme 'key'")
    shares = [e.share for e in specs]
    if shares and all(s is not None for s in shares):
        total = sum(s for s in shares if s is not None)
        if total != 1:
            raise _fail(
                file, "events", f"har andele, der giver {float(total) * 100:g} %, ikke 100 %"
            )
    return PaymentSpec(model, specs, period, settlement)


@cache
def _spec(folder: Path) -> PaymentSpec:
    path = folder / PAYMENT_FILE
    if not path.exists():
        raise PoolLacks(f"Puljemappen {folder} siger ikke, hvordan puljen udbetaler.")
    return parse_payment(read_toml(path), str(path))


def payment_spec(pool: Pool) -> PaymentSpec:
    """The pool's payment model (read once per folder); a pool without ``payment.toml``
    lacks one (``PoolLacks``)."""
    if pool.folder is None:
        raise PoolLacks(f"Puljen {pool.name} har ingen udbetalingsmodel.")
    return _spec(pool.folder)


def payment_problems(folder: Path, pool: Pool) -> list[str]:
    """What is wrong with a pool's ``payment.toml`` (``hir-docs pools check``)."""
    path = folder / PAYMENT_FILE
    if not path.exists():
        return [
            f"Puljemappen {folder} siger ikke, hvordan puljen udbetaler ({PAYMENT_FILE} mangler: "
            f"model = {' | '.join(PAYMENT_MODELS)})."
        ]
    try:
        spec = parse_payment(read_toml(path), str(path))
    except PoolError as exc:
        return [str(exc)]
    found = []
    for i, event in enumerate(spec.events):
        if event.earliest is not None and event.earliest not in pool.facts:
            found.append(
                f"Puljefilen {path}: nøglen 'events[{i}].earliest' nævner '{event.earliest}', "
                "som ikke findes i pool.toml."
            )
    return found
