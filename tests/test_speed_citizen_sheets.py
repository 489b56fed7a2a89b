"""The citizen sheets' bulk fast paths give exactly what the per-row computations give:
``cpr_problems`` against ``cpr_problem`` one by one, the reader's row picking (all rows
filled, decided by C-level iterators) against the former generator, the relocated
checks that judge each distinct destination or number once against the row-by-row
findings, the caseload counted (not held day by day) against the plain computation, and
the limit-held claims found after a substring test against the patterns alone (the
former code kept here as references)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import pytest
from test_speed_citizens import POOL, SNAPSHOTS, random_rows, reference_snapshots

from hir_docs.findings import Finding
from hir_docs.kommuner import find_kommune
from hir_docs.model import Registration, RelocatedRow
from hir_docs.model import caseload as CL
from hir_docs.model.caseload import caseload_snapshots
from hir_docs.model.citizens import RelocatedSheet, SheetLayout
from hir_docs.readers.citizen_table import is_blank
from hir_docs.readers.citizens import _data_rows
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules import citizens as C
from hir_docs.rules.citizen_text import UNCAPPED, Cap, capped, cpr_problem, cpr_problems

D = dt.date

# ------------------------------------------------------------------ CPR numbers in bulk

ODD = [
    None,
    "",
    "abc",
    "120384123",
    "12038412345",
    "１２０３８４１２３４",
    "120384-123",
    "0000000000",
]


def _numbers(seed: int, n: int) -> list[str | None]:
    rnd = random.Random(seed)
    out: list[str | None] = []
    for _ in range(n):
        kind = rnd.random()
        if kind < 0.1:
            out.append(rnd.choice(ODD))
        elif kind < 0.4:  # any ten digits: invalid days and months, every century class
            out.append("".join(rnd.choice("0123456789") for _ in range(10)))
        else:  # a real day and month, sometimes 29 February, sometimes born "next year"
            day, month = rnd.randint(1, 31), rnd.randint(1, 12)
            if rnd.random() < 0.1:
                day, month = 29, 2
            out.append(f"{day:02d}{month:02d}{rnd.randint(0, 99):02d}{rnd.randint(0, 9999):04d}")
    return out


@pytest.mark.parametrize("seed", range(6))
def test_cpr_problems_as_one_by_one(seed: int) -> None:
    numbers = _numbers(seed, 3000)
    for today in (D(2019, 6, 1), D(2024, 2, 29), D(2036, 12, 31), D(1999, 1, 1), None):
        expected = [cpr_problem(c, today) for c in numbers]
        assert cpr_problems(numbers, today) == expected
        assert cpr_problems(iter(numbers), today) == expected
    assert cpr_problems([]) == []


# ------------------------------------------------------------------ the reader's rows


def _reference_rows(
    data: list[list[Any]], header: int, cols: dict[str, int], keys: tuple[str, ...]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The former generator: every row padded and judged one by one."""
    pad = max(cols.values()) + 1
    getter = itemgetter(*[cols.get(k, pad) for k in keys])
    width = pad + 1 if any(k not in cols for k in keys) else pad
    lead = next((i for i, k in enumerate(keys) if k in cols), 0)
    for r in range(header + 1, len(data)):
        row = data[r]
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        values = getter(row)
        first = values[lead]
        filled = first.__class__ is str and first.strip()
        if filled or (any(values) and not all(is_blank(v) for v in values)):
            yield r + 1, values


CELL_VALUES: list[Any] = [None, "", " ", "x", " tekst ", 0, 0.0, 1, 2.5, False, True, D(2018, 3, 1)]
KEYS = ("cpr", "name", "caseworker", "email", "start", "end", "destination")


@pytest.mark.parametrize("seed", range(20))
def test_rows_picked_as_the_former_generator(seed: int) -> None:
    rnd = random.Random(seed)
    width = rnd.randint(3, 9)
    filled = rnd.random() < 0.5  # half the tables: every row has a text in its first column
    data: list[list[Any]] = []
    for _ in range(rnd.randint(0, 60)):
        row = [rnd.choice(CELL_VALUES) for _ in range(rnd.randint(0, width))]
        if filled:
            row = ["tekst", *row[1:]] if row else ["tekst"]
        data.append(row)
    header = rnd.randint(0, 3)
    columns = rnd.sample(range(width), k=min(width, rnd.randint(1, len(KEYS))))
    cols = dict(zip(rnd.sample(KEYS, k=len(columns)), columns, strict=True))
    if filled:  # the first key the sheet has names column 0, the filled one
        lead = next(k for k in KEYS if k in cols)
        other = next((k for k, c in cols.items() if c == 0), None)
        if other is not None:
            cols[other] = cols[lead]
        cols[lead] = 0
    got = list(_data_rows(data, header, cols, KEYS))
    assert got == list(_reference_rows(data, header, cols, KEYS))


# ------------------------------------------------------------------ the relocated checks


def _reference_destinations(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    own = model.municipality_code
    cache: dict[str, str | None] = {}
    cap = Cap()

    def found() -> Iterator[Finding]:
        for r in model.rows:
            dest = r.destination
            code = cache.get(dest, "?") if dest else None
            if code is None or code == "?" or code == own:
                yield from C._destination(r, model.layout, ctx.file, own, cache, cap)

    return capped(found(), cap=cap)


def _reference_citizens(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    first_row: dict[str, int] = {}
    today = ctx.options.today or dt.date.today()
    cap, lay = Cap(UNCAPPED), model.layout
    for r in model.rows:
        problem = cpr_problem(r.cpr, today)
        if problem:
            if cap(C.RELOCATED_CPR):
                yield C.at(
                    C.RELOCATED_CPR, lay, ctx.file, "cpr", r.row,
                    f"CPR-nummeret i række {r.row} {problem}.", C.HINT_CPR,
                )  # fmt: skip
        elif r.cpr in first_row:
            if cap(C.RELOCATED_DUPLICATE):
                yield C.at(
                    C.RELOCATED_DUPLICATE, lay, ctx.file, "cpr", r.row,
                    f"{C.first_upper(C.who(r.cpr))} står både i række {first_row[r.cpr]} og række {r.row}.",
                    "Slet den ekstra række, så hver borger står én gang.",
                )  # fmt: skip
        else:
            first_row[r.cpr] = r.row  # type: ignore[index]


DESTINATIONS = [None, "", "Viborg", "Viborg Kommune", "Aarhus", "Atlantis", "Skive Kommune", "x"]


def _sheet(seed: int, n: int, duplicates: bool) -> RelocatedSheet:
    rnd = random.Random(seed)
    numbers = _numbers(seed, n)
    if not duplicates:
        numbers = [f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}8{i % 10}{i:04d}" for i in range(n)]
    rows = [
        RelocatedRow(
            numbers[i] if not duplicates or rnd.random() < 0.8 else rnd.choice(numbers),
            None,
            None,
            None,
            None,
            None,
            rnd.choice(DESTINATIONS),
            7 + i,
            f"Fraflyttede!A{7 + i}",
        )  # fmt: skip
        for i in range(n)
    ]
    layout = SheetLayout("Fraflyttede", 6, {"cpr": "A", "destination": "G"})
    kommune = find_kommune("Viborg")
    return RelocatedSheet(layout, rows, municipality_code=kommune.code if kommune else None)


@pytest.mark.parametrize("seed", range(8))
def test_relocated_checks_as_row_by_row(seed: int) -> None:
    # The default cap: the check and the reference both build 25 findings per code.
    ctx = Context(file="fraflyttede.xlsx", options=CheckOptions(today=D(2019, 6, 1)))
    for duplicates in (True, False):
        model = _sheet(seed, 400, duplicates)
        got = list(C._citizens(model, ctx, Cap(UNCAPPED)))
        assert got == list(_reference_citizens(model, ctx))
        assert bool(got) == duplicates
        model.municipality_code = None if seed % 4 == 0 else model.municipality_code
        got = list(C.relocated_destinations(model, ctx))
        assert got == list(_reference_destinations(model, ctx))


# ------------------------------------------------------------------ caseload counted


def _untied(seed: int, n: int = 160) -> list[Registration]:
    """``random_rows`` without the caseworker shown (masked) as another: the snapshots are
    counted (``_counted``), not held day by day."""
    rows = random_rows(seed, n)
    for r in rows:
        if r.caseworker == "Hans 120384-9999":
            r.caseworker = "Hans Hansen"
    return rows


@pytest.mark.parametrize("seed", range(25))
def test_counted_snapshots_as_the_plain_computation(seed: int) -> None:
    rows = _untied(seed)
    for dates in (
        SNAPSHOTS,
        SNAPSHOTS[2:3],
        [D(2018, 1, 31) + dt.timedelta(days=i) for i in range(40)],
    ):
        assert caseload_snapshots(rows, dates, POOL) == reference_snapshots(rows, dates, POOL)
    points = caseload_snapshots(rows, None, POOL)
    assert points == reference_snapshots(rows, sorted({p.date for p in points}), POOL)


@pytest.mark.parametrize("seed", range(25))
def test_counted_as_held(seed: int) -> None:
    """The cases ``_counted`` finds per date are ``_held``'s, whatever the order."""
    rnd = random.Random(seed)
    days = rnd.randint(1, 15)
    # Distinct (caseworker key, hours), as ``caseload_snapshots`` numbers them.
    every = [(key, hours) for key in ("", "a", "b", "c") for hours in (None, 37.0, 18.5)]
    pairs = rnd.sample(every, k=6)
    rows = []
    for _ in range(rnd.randint(0, 80)):
        lo = rnd.randrange(days)
        rows.append(
            (
                D(2018, 1, 1),
                f"c{rnd.randrange(30)}",
                rnd.randrange(6),
                lo,
                rnd.randint(lo + 1, days),
            )
        )
    assert CL._counted(rows, pairs, days) == CL._held(rows, pairs, days)


def test_default_dates_as_before() -> None:
    for seed in range(10):
        rows = random_rows(seed, 60)
        days = [d for r in rows for d in (r.start, r.end) if d is not None]
        expected = CL.month_ends(min(days), max(days))
        inside = [
            d for d in expected if POOL.date("project_start") <= d <= POOL.date("project_end")
        ]
        assert CL.default_snapshot_dates(rows, POOL) == (inside or expected)
        assert CL.default_snapshot_dates(iter(rows), POOL) == (inside or expected)
    assert CL.default_snapshot_dates([], POOL) == []


# ------------------------------------------------------------------ limit held


def _reference_claim(text: str | None) -> str | None:
    """``limit_held_claim`` as it was: every sentence searched with the patterns."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text or ""):
        s = " ".join(sentence.split())
        if not s or not CL._LIMIT_TOPIC.search(s):
            continue
        if CL._NONE_OVER.search(s) and not CL._PLAN_OR_EXCEPTION.search(s):
            return s
        if CL._HELD.search(s) and not CL._NOT_HELD.search(s):
            return s
    return None


PARTS = [
    "Loftet", "LOFTET", "loftet på 35 sager", "er overholdt", "blev holdt", "Sagstallet",
    "SAGSSTAMMEN", "ſagsſtammen", "ſagstal", "under 35", "30\u00a0sager", "35  sager", "35\nsager",
    "ikke over loftet", "ingen har haft flere end 35", "men", "dog", "skal", "grænsen", "GRÆNSEN",
    "x130 sager", "1.", "Borgerne", "har fået", "job", "hele halvåret", "Vi", "?", "!", ".", "\n",
    "  ", "Sagsmængden", "sagsnorm", "sagsantal", "K", "İ",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(30))
def test_limit_held_claim_as_before(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(60):
        text = " ".join(rnd.choice(PARTS) for _ in range(rnd.randint(0, 14)))
        assert CL.limit_held_claim(text) == _reference_claim(text)
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if CL._LIMIT_TOPIC.search(sentence):
                assert CL._may_name_limit(sentence)
    assert CL.limit_held_claim(None) is None and CL.limit_held_claim("") is None
