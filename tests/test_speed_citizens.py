"""The registration sheet's fast paths (issue 24 point 10, issue 25) give exactly what the
plain computations give: caseload snapshots and caseworker changes against the former
straightforward implementations (kept here as references) on seeded random sheets, keys
computed once per name, the reader's fast cell paths against the generic parsers, and
the row rules' skips of fine rows against the per-row checks they skip."""

from __future__ import annotations

import datetime as dt
import random
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from citizen_helpers import sheet

from hir_docs.formatting import mask_cpr_text
from hir_docs.labels import normalise
from hir_docs.model import Registration
from hir_docs.model.caseload import (
    MAX_HOURS,
    CaseloadPoint,
    CaseworkerChanges,
    caseload_snapshots,
    caseworker_changes,
    caseworker_key,
    caseworker_keys,
    citizen_key,
    fictitious_keys,
)
from hir_docs.model.citizens import RegistrationSheet, SheetLayout
from hir_docs.pools import Pool, load_pool
from hir_docs.readers.citizen_table import (
    REGISTRATION_COLUMNS,
    RELOCATED_COLUMNS,
    clean_cpr,
    clean_text,
    is_blank,
    match_header,
)
from hir_docs.readers.citizens import read_registrations
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules import registrations as R
from hir_docs.rules.citizen_text import UNCAPPED, Cap, looks_like_cpr
from hir_docs.values import parse_date, parse_number

D = dt.date
POOL = load_pool()

# ------------------------------------------------------------------ references


def _mode(values: list[float]) -> float | None:
    counts = Counter(values)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def reference_snapshots(
    registrations: Sequence[Registration], dates: Sequence[dt.date], pool: Pool
) -> list[CaseloadPoint]:
    """``caseload_snapshots`` as it was before the fast path (given dates)."""
    snap = sorted(set(dates))
    full_time = pool.number("hours_per_week_full_time")
    fictitious = fictitious_keys(pool)
    names: dict[str, str] = {}
    all_hours: dict[str, list[float]] = {}
    rows: list[tuple[tuple[dt.date, int], str, str, float | None, int, int]] = []
    for order, r in enumerate(registrations):
        key = caseworker_key(r.caseworker)
        if not key or r.start is None:
            continue
        hours = r.hours if r.hours is not None and 0 <= r.hours <= MAX_HOURS else None
        if key in fictitious:
            key = ""
        else:
            names.setdefault(key, (r.caseworker or "").strip())
            if hours is not None:
                all_hours.setdefault(key, []).append(hours)
        citizen = citizen_key(r.citizen) or f"#{order}"
        lo = bisect_left(snap, r.start)
        hi = len(snap) if r.end is None else bisect_right(snap, r.end)
        if lo < hi:
            rows.append(((r.start, order), citizen, key, hours, lo, hi))
    rows.sort(key=lambda row: row[0])
    holder: list[dict[str, tuple[str, float | None]]] = [{} for _ in snap]
    for _rank, citizen, key, hours, lo, hi in rows:
        for i in range(lo, hi):
            holder[i][citizen] = (key, hours)
    counts: Counter[tuple[str, int]] = Counter()
    day_hours: dict[tuple[str, int], list[float]] = {}
    for i, on_day in enumerate(holder):
        for key, hours in on_day.values():
            if key:
                counts[(key, i)] += 1
                if hours is not None:
                    day_hours.setdefault((key, i), []).append(hours)
    points: list[CaseloadPoint] = []
    for (key, i), cases in counts.items():
        hours = _mode(day_hours.get((key, i), [])) or _mode(all_hours.get(key, []))
        per_fte = cases * full_time / hours if hours else None
        points.append(CaseloadPoint(mask_cpr_text(names[key]), snap[i], cases, hours, per_fte))
    points.sort(key=lambda p: (p.date, caseworker_key(p.caseworker)))
    return points


def reference_changes(registrations: Sequence[Registration], pool: Pool) -> list[CaseworkerChanges]:
    """``caseworker_changes`` as it was before the fast path."""
    fictitious = fictitious_keys(pool)
    rows: dict[str, list[Registration]] = {}
    for r in registrations:
        key = citizen_key(r.citizen)
        if key and r.start is not None:
            rows.setdefault(key, []).append(r)
    out: list[CaseworkerChanges] = []
    for own in rows.values():
        own.sort(key=lambda r: (r.start or dt.date.min, r.row))
        real = [w for w in (caseworker_key(r.caseworker) for r in own) if w and w not in fictitious]
        changes = sum(1 for a, b in zip(real, real[1:], strict=False) if a != b)
        out.append(CaseworkerChanges(own[0].citizen or "", changes, own[-1].row))
    return out


# ------------------------------------------------------------------ random sheets

CASEWORKERS = [
    "Lene Eksempel",
    "lene  eksempel",  # the same caseworker, written differently
    "LENE EKSEMPEL ",
    "Sofie Fiktiv",
    "Anders Opdigt",
    "Hans 120384-1234",  # a CPR number in the name: masked when shown
    "Hans 120384 1234",
    "Hans 120384-9999",  # another caseworker, shown (masked) as the one above: a tie
    "Barsel/fængsel",
    "sag overdraget til pensionsnævnet",
    "",
    None,
]
HOURS = [37.0, 37.0, 37.0, 18.5, 30.0, 0.0, -0.0, None, 200.0, -5.0, 1203841234.0]


def _citizen(rnd: random.Random) -> str | None:
    n = rnd.randrange(40)
    return rnd.choice(
        [
            f"{1 + n % 28:02d}0384{1000 + n:04d}",
            f"{1 + n % 28:02d}0384-{1000 + n:04d}",
            f"Borger {n} {1 + n % 28:02d}0384{1000 + n:04d}",
            f"Borger nr. {n}",
            f"borger NR {n}",
            "",
            None,
        ]
    )


def random_rows(seed: int, n: int = 160) -> list[Registration]:
    rnd = random.Random(seed)
    first = D(2017, 10, 1)
    rows = []
    for i in range(n):
        start = None if rnd.random() < 0.05 else first + dt.timedelta(days=rnd.randrange(600))
        end: dt.date | None = None
        if start is not None and rnd.random() < 0.7:
            end = start + dt.timedelta(days=rnd.randrange(-20, 400))
        rows.append(
            Registration(
                _citizen(rnd),
                rnd.choice(CASEWORKERS),
                rnd.choice(["a@viborg.dk", "", None, "123@abc.dk", "ikke en mail"]),
                rnd.choice(HOURS),
                start,
                end,
                row=7 + i,
                location=f"Ark1!A{7 + i}",
                raw_start=start if start else rnd.choice([None, "1.13.2018"]),
                raw_end=end if end else rnd.choice([None, None, "snart"]),
            )
        )
    return rows


SNAPSHOTS = [D(2017, 12, 31), D(2018, 3, 1), D(2018, 5, 31), D(2018, 12, 31), D(2019, 3, 31)]


@pytest.mark.parametrize("seed", range(25))
def test_snapshots_and_changes_are_those_of_the_plain_computation(seed: int) -> None:
    rows = random_rows(seed)
    for dates in (SNAPSHOTS, SNAPSHOTS[2:3]):
        assert caseload_snapshots(rows, dates, POOL) == reference_snapshots(rows, dates, POOL)
    assert caseworker_changes(rows, POOL) == reference_changes(rows, POOL)


def test_default_dates_and_empty_sheets_as_before() -> None:
    rows = random_rows(99)
    points = caseload_snapshots(rows, None, POOL)
    dates = sorted({p.date for p in points})
    assert points == reference_snapshots(rows, dates, POOL)
    assert caseload_snapshots([], None, POOL) == []
    assert caseworker_changes([], POOL) == []


def test_keys_once_per_name_as_one_by_one() -> None:
    rows = random_rows(7)
    assert caseworker_keys(rows) == [caseworker_key(r.caseworker) for r in rows]
    for text in ["1203841234", "120384-1234", "Hans 1203841234", "Hans", "１２０３８４１２３４"]:
        m = re.search(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)", text)
        expected = m.group(1) + m.group(2) if m else caseworker_key(text)
        assert citizen_key(text) == expected
    assert looks_like_cpr("1203841234") and looks_like_cpr("120384.1234")
    assert not looks_like_cpr("Hans 1203841234") and not looks_like_cpr("１２０３８４１２３４x")


# ------------------------------------------------------------------ the reader's fast paths

HEADER = ["Borger", "Sagsbehandler", "E-mail", "Timer pr. uge", "Dato start", "Dato slut"]
CELLS: list[list[Any]] = [
    ["120384-1234", " Lene Eksempel ", "lene@viborg.dk", 37, D(2018, 3, 1), D(2018, 5, 31)],
    ["1203841234", "Lene Eksempel", "lene@viborg.dk", 18.5, dt.datetime(2018, 3, 1, 12), None],
    [1203841234, "Lene", None, "37 timer", "01-03-2018", ""],
    ["Hans Hansen", 42, "x", "ikke tal", "1.13.2018", "   "],
    ["", "Sofie", "s@viborg.dk", 1e16, "2018-03-01", "31.05.18"],
    [None, "Sofie", "s@viborg.dk", -0.0, 43160, 43252.0],
    ["  ", "", "", None, None, "1. april 2018"],
    ["120384 1234", None, None, True, True, False],
]


def _reference_row(values: list[Any], row: int) -> tuple[Any, ...]:
    v_cit, v_cw, v_mail, v_hours, v_start, v_end = values
    return (
        clean_cpr(v_cit),
        clean_text(v_cw),
        clean_text(v_mail),
        parse_number(v_hours),
        parse_date(v_start),
        parse_date(v_end),
        row,
        None if is_blank(v_start) else v_start,
        None if is_blank(v_end) else v_end,
    )


def test_reader_fast_paths_read_as_the_generic_parsers(tmp_path: Path) -> None:
    path = sheet(tmp_path / "reg.xlsx", [["Jobcenter:", "Jobcenter Viborg"], HEADER, *CELLS])
    got = read_registrations(path)
    from python_calamine import CalamineWorkbook

    raw = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    expected = [
        _reference_row(list(values) + [""] * (6 - len(values)), i + 1)
        for i, values in enumerate(raw)
        if i >= 2 and not all(is_blank(v) for v in values)
    ]
    assert [
        (r.citizen, r.caseworker, r.email, r.hours, r.start, r.end, r.row, r.raw_start, r.raw_end)
        for r in got
    ] == expected
    assert len(got) == len(CELLS) and all(r.location == f"Ark1!A{r.row}" for r in got)


# ------------------------------------------------------------------ the row rules' skips


def _model(rows: list[Registration]) -> RegistrationSheet:
    layout = SheetLayout(
        sheet="Ark1",
        header_row=6,
        columns={"citizen": "A", "caseworker": "B", "email": "C", "hours": "D", "start": "E"},
    )
    return RegistrationSheet(layout, rows)


@pytest.mark.parametrize("seed", range(10))
def test_fine_rows_skipped_by_the_rules_have_nothing_to_say(seed: int) -> None:
    rows = random_rows(seed, 120)
    model = _model(rows)
    ctx = Context(file="reg.xlsx", options=CheckOptions(today=D(2019, 6, 1)))
    lay, f = model.layout, ctx.file
    full_time = POOL.number("hours_per_week_full_time")
    fictitious = fictitious_keys(POOL)
    every: list[Any] = []
    for r in rows:
        key = caseworker_key(r.caseworker)
        if key in fictitious:
            every += R._fictitious(
                r, lay, f, str(POOL["fictitious_email"]), float(POOL["fictitious_hours"]),
                Cap(UNCAPPED),
            )  # fmt: skip
        elif key:
            every += R._real_caseworker(r, lay, f, full_time, Cap(UNCAPPED))
    assert list(R._caseworker_rows(model, ctx, Cap(UNCAPPED))) == every
    dates = [x for r in rows for x in R._dates(r, lay, f, Cap(UNCAPPED))]
    row_findings = list(R._rows(model, ctx, Cap(UNCAPPED)))
    date_codes = {R.START_MISSING.code, R.END_UNREADABLE.code, R.END_BEFORE_START.code}
    assert [x for x in row_findings if x.code in date_codes] == dates


# ------------------------------------------------------------------ header matching


def reference_match(text: object, columns: dict[str, list[str]]) -> tuple[str, int] | None:
    """``match_header`` as it was: every start of the header that ends before a space."""
    t = normalise(text)
    if not t or len(t) > 80:
        return None
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    for key, syns in columns.items():
        for syn in syns:
            norm = normalise(syn)
            if norm:
                exact.setdefault(norm, key)
                if len(norm) >= 4:
                    prefix.setdefault(norm, key)
    if t in exact:
        return exact[t], 1000 + len(t)
    end = t.rfind(" ")
    while end >= 4:
        if t[:end] in prefix:
            return prefix[t[:end]], end
        end = t.rfind(" ", 0, end)
    return None


@pytest.mark.parametrize("columns", [REGISTRATION_COLUMNS, RELOCATED_COLUMNS])
def test_header_matching_as_before(columns: dict[str, list[str]]) -> None:
    rnd = random.Random(3)
    words = ["(dd-mm-åååå)", "i", "projektet", "nr.", "på", "borger", "x" * 60, "", "-", "1"]
    texts: list[object] = [None, "", 42, "Startdato", "start", "cpr"]
    for syns in list(REGISTRATION_COLUMNS.values()) + list(RELOCATED_COLUMNS.values()):
        for syn in syns:
            texts.append(syn)
            for _ in range(4):
                texts.append(" ".join([syn, *rnd.sample(words, rnd.randrange(1, 4))]))
                texts.append(" ".join([rnd.choice(words), syn]))
    for text in texts:
        assert match_header(text, columns) == reference_match(text, columns), text
