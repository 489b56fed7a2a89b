"""Rules over a whole registrations sheet (kind ``registrations``): one citizen open
twice or in two places at once, a caseworker with differing hours or too many cases, a
caseworker without any citizen, too few registration dates, and repeated caseworker
changes (Q&A 2018, spørgsmål 3-6 om modulet; the pool's caseload_min-caseload_max cases criterion). The
rules on single rows, and the module's sources, are in ``rules.registrations``; end
dates that look like forecasts are judged with the relocated-citizens sheet of the same
submission in ``rules.citizen_cross``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato, dato_kort, number
from hir_docs.model.caseload import MAX_HOURS, caseworker_key, fictitious_keys
from hir_docs.rules import CASELOAD, Context, check, define
from hir_docs.rules.citizen_text import Cap, at, capped, first_upper, hours_text, shown, who
from hir_docs.rules.registrations import (
    caseworkers_without_citizens,
    has_rows,
)

if TYPE_CHECKING:
    from hir_docs.model import Registration
    from hir_docs.model.caseload import CaseloadPoint
    from hir_docs.model.citizens import RegistrationSheet


E, W = Severity.ERROR, Severity.WARNING
OPEN_TWICE = define(
    code="registrations-open-twice",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Samme borger har to åbne registreringer (uden dato slut); ved skift afsluttes den gamle.",
    hint="Afslut den gamle række med en slutdato, når borgeren skifter sagsbehandler.",
)
OVERLAP = define(
    code="registrations-overlap",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Samme borger er registreret to steder i samme periode (den gamle række er ikke afsluttet, "
    "før den nye starter).",
    hint="Sæt slutdato på den gamle række senest den dag, den nye starter.",
)
HOURS_DIFFER = define(
    code="registrations-hours-differ",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Den samme sagsbehandler står med forskellige timer pr. uge.",
    hint="Brug de samme ugentlige timer for sagsbehandleren i alle rækker, eller ret den forkerte.",
)
CASELOAD_HIGH = define(
    code="registrations-caseload-too-high",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source="antaget: fuld tid er {hours_per_week_full_time} timer pr. uge (kilderne nævner intet timetal)",
    description="En sagsbehandler har over {caseload_max} sager pr. fuldtidsstilling ({hours_per_week_full_time} timer) på en opgørelsesdato.",
    hint="Fordel borgerne, så hver koordinerende sagsbehandler har højst {caseload_min}-{caseload_max} sager pr. fuld stilling.",
)
TOO_FEW_DATES = define(
    code="registrations-too-few-dates",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Færre end {registrations_min} registreringsdatoer i projektperioden.",
    hint="Registrér sagsstammerne løbende (mindst {registrations_min} gange i projektperioden), og send hele registreringen med.",
)

CASEWORKER_CHANGES = define(
    code="registrations-caseworker-changes",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="En borger har skiftet koordinerende sagsbehandler mere end én gang.",
    hint="Borgeren skal så vidt muligt have den samme koordinerende sagsbehandler i hele forløbet; tjek, at skiftene er rigtige, og forklar dem i statusrapporten.",
)
CASEWORKER_NO_CITIZENS = define(
    code="registrations-caseworker-without-citizens",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="En sagsbehandler står i skemaet uden nogen borger. Skemaet har én række pr. "
    "borger pr. sagsbehandler, og alle sagsbehandlere, der arbejder med borgere i "
    "ressourceforløb, deltager med deres borgere.",
    hint="Skriv sagsbehandlerens borgere, én række pr. borger med CPR-nummer; arbejder "
    "sagsbehandleren ikke med borgere i ressourceforløb, så slet rækken.",
)


@check(DocKind.REGISTRATIONS, emits=(OPEN_TWICE,), plugin=CASELOAD)
def open_twice(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        cap = Cap()
        yield from capped(_open_twice(model, ctx, cap), cap=cap)


@check(DocKind.REGISTRATIONS, emits=(OVERLAP,), plugin=CASELOAD)
def overlaps(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        cap = Cap()
        yield from capped(_overlaps(model, ctx, cap), cap=cap)


@check(DocKind.REGISTRATIONS, emits=(HOURS_DIFFER,), plugin=CASELOAD)
def hours_differ(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        yield from _hours_differ(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(CASELOAD_HIGH,), plugin=CASELOAD)
def caseload(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        yield from _caseload(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(CASEWORKER_CHANGES,), plugin=CASELOAD)
def caseworker_changes(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        cap = Cap()
        yield from capped(_caseworker_changes(model, ctx, cap), cap=cap)


@check(DocKind.REGISTRATIONS, emits=(CASEWORKER_NO_CITIZENS,), plugin=CASELOAD)
def caseworkers_without_citizens_check(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        cap = Cap()
        yield from capped(_without_citizens(model, ctx, cap), cap=cap)


def _rows_text(rows: list[Registration]) -> str:
    """'række 40', 'række 40 og 41', 'række 40, 41, 42 m.fl.' (at most three named)."""
    numbers = [str(r.row) for r in rows[:3]]
    if len(rows) > 3:
        return f"række {', '.join(numbers)} m.fl."
    if len(numbers) == 1:
        return f"række {numbers[0]}"
    return f"række {', '.join(numbers[:-1])} og {numbers[-1]}"


def _without_citizens(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    column = "cpr" if "cpr" in model.layout.columns else "citizen"
    for rows in caseworkers_without_citizens(model, fictitious_keys(ctx.pool)).values():
        if cap(CASEWORKER_NO_CITIZENS):
            yield at(
                CASEWORKER_NO_CITIZENS, model.layout, ctx.file, "citizen", rows[0].row,
                f"{shown(rows[0].caseworker)} står i skemaet uden nogen borger ({_rows_text(rows)}). "
                "Hver række er én borger hos én sagsbehandler, og alle sagsbehandlere, der "
                "arbejder med borgere i ressourceforløb, skal deltage med deres borgere.",
                CASEWORKER_NO_CITIZENS.hint(ctx.pool), column=column,
            )  # fmt: skip


@check(DocKind.REGISTRATIONS, emits=(TOO_FEW_DATES,), plugin=CASELOAD)
def registration_dates(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if has_rows(model):
        yield from _registration_dates(model, ctx)


def _open_twice(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    first_open: dict[str, Registration] = {}
    for r, key in zip(model.rows, model.citizen_keys(), strict=True):
        if r.end is not None or r.raw_end is not None or r.start is None or not r.citizen:
            continue
        if key not in first_open:
            first_open[key] = r
        elif cap(OPEN_TWICE):
            prev = first_open[key]
            yield at(
                OPEN_TWICE, model.layout, ctx.file, "end", prev.row,
                f"{first_upper(who(r.citizen))} har to åbne registreringer: række {prev.row} "
                f"({shown(prev.caseworker)}) og række {r.row} ({shown(r.caseworker)}).",
                "Ved skift af sagsbehandler: sæt dato slut på den gamle registrering "
                "(senest den dag, den nye starter), og lad kun den nye stå åben.",
            )  # fmt: skip


def _period(r: Registration) -> str:
    return f"{dato_kort(r.start)} - {dato_kort(r.end)}" if r.end else f"fra {dato_kort(r.start)}"


def _overlaps(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    """A later row of the same citizen starts before the earlier one ends (or while it is
    still open, when the later one is closed: two open rows are ``registrations-open-twice``).
    Ending the old row on the day the new one starts is fine."""
    by_citizen: dict[str, list[Registration]] = {}
    for r, key in zip(model.rows, model.citizen_keys(), strict=True):
        if r.citizen and r.start is not None and not (r.end is not None and r.end < r.start):
            by_citizen.setdefault(key, []).append(r)
    for rows in by_citizen.values():
        if len(rows) < 2:  # most citizens have one row: nothing can overlap
            continue
        rows.sort(key=lambda r: (r.start, r.row))
        for prev, r in zip(rows, rows[1:], strict=False):
            assert prev.start is not None and r.start is not None
            if prev.end is None and (r.end is None or prev.raw_end is not None):
                continue  # open twice (its own rule), or an unreadable end date
            if (prev.end is not None and r.start >= prev.end) or not cap(OVERLAP):
                continue
            yield at(
                OVERLAP, model.layout, ctx.file, "end", prev.row,
                f"{first_upper(who(r.citizen))} står to steder på samme tid: række "
                f"{prev.row} ({shown(prev.caseworker)}, {_period(prev)}) og række {r.row} "
                f"({shown(r.caseworker)}, {_period(r)}).",
                "Sæt dato slut på den gamle registrering, senest den dag den nye starter "
                "(som i modulet ved skift af sagsbehandler).",
            )  # fmt: skip


def _hours_differ(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    fictitious = fictitious_keys(ctx.pool)
    by_cw: dict[str, list[Registration]] = {}
    for r, key in zip(model.rows, model.caseworker_keys(), strict=True):
        if key and key not in fictitious and r.hours and 0 < r.hours <= MAX_HOURS:
            by_cw.setdefault(key, []).append(r)
    for rows in by_cw.values():
        values = sorted({r.hours for r in rows if r.hours is not None})
        if len(values) < 2:
            continue
        first = rows[0]
        other = next(r for r in rows if r.hours != first.hours)
        values_text = " og ".join(hours_text(v) for v in values)
        yield at(
            HOURS_DIFFER, model.layout, ctx.file, "hours", other.row,
            f"{shown(first.caseworker)} står med forskellige timer pr. uge ({values_text}), fx "
            f"række {first.row} og række {other.row}.",
            "Brug samme timetal i alle sagsbehandlerens rækker; har timerne ændret sig, "
            "så tjek, at det er registreret som i modulet.",
        )  # fmt: skip


def _caseload(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    limit = ctx.pool.number("caseload_max")
    full_time = ctx.pool.number("hours_per_week_full_time")
    over: dict[str, list[CaseloadPoint]] = {}
    for p in model.snapshots:
        if p.cases_per_fte is not None and p.cases_per_fte > limit + 1e-9:
            over.setdefault(p.caseworker, []).append(p)
    if not over:
        return
    first_row: dict[str, int] = {}
    for r in model.rows:  # snapshots name caseworkers with any CPR-like number masked
        first_row.setdefault(caseworker_key(shown(r.caseworker, limit=200)), r.row)
    for caseworker, points in over.items():
        w = max(points, key=lambda p: p.cases_per_fte or 0.0)
        extra = (
            f" Det gælder også {len(points) - 1} andre opgørelsesdatoer." if len(points) > 1 else ""
        )
        row = first_row.get(caseworker_key(caseworker), (model.layout.header_row or 0) + 1)
        yield at(
            CASELOAD_HIGH, model.layout, ctx.file, "caseworker", row,
            f"{shown(caseworker)} har for mange sager: {w.cases} borgere den {dato(w.date)} ved "
            f"{hours_text(w.hours or 0.0)} timer pr. uge svarer til "
            f"{number(w.cases_per_fte, 1)} sager ved fuld tid ({hours_text(full_time)} timer); "
            f"puljens grænse er højst {number(limit)}.{extra}",
            "Fordel borgere til andre sagsbehandlere, eller tjek at afsluttede forløb har "
            "dato slut og at borgere på barsel/i fængsel står på den opdigtede sagsbehandler.",
        )  # fmt: skip


def _registration_dates(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    start, end = ctx.pool.date("project_start"), ctx.pool.date("project_end")
    need = int(ctx.pool.number("registrations_min"))
    # The distinct dates first (a sheet repeats a few dates on every row).
    written = {r.start for r in model.rows} | {r.end for r in model.rows}
    days = {d for d in written if d and start <= d <= end}
    if len(days) < need:
        yield TOO_FEW_DATES.finding(
            f"Skemaet har kun {len(days)} forskellige registreringsdatoer i projektperioden; "
            f"puljen kræver registrering mindst {need} gange.",
            file=ctx.file,
            field="start",
            location=model.layout.cell("start", (model.layout.header_row or 0) + 1),
        )


def _caseworker_changes(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    for c in model.changes:
        if c.changes > 1 and cap(CASEWORKER_CHANGES):
            yield at(
                CASEWORKER_CHANGES, model.layout, ctx.file, "caseworker", c.row,
                f"{first_upper(who(c.citizen))} har skiftet koordinerende sagsbehandler "
                f"{c.changes} gange (seneste række {c.row}).",
                "Borgeren skal have én gennemgående koordinerende sagsbehandler; tjek "
                "registreringerne, og forklar skiftene i statusrapporten.",
            )  # fmt: skip
