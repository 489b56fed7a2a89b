"""Checks across the two citizen sheets of one submission (scope ``cross``).

- End dates in the registration sheet that look like forecasts. An end date is only
  set when the citizen changed benefit, moved or changed caseworker (Q&A 2018, spørgsmål
  5 om modulet), so an end date after the date the sheet is registered as of is a
  forecast unless something shows it happened: a new row for the citizen from the same
  day or the day after (a caseworker change, spørgsmål 3 om modulet) or the citizen in
  the relocated-citizens sheet with that move date (spørgsmål 2 om modulet). The check
  runs here, not per file, so that the relocated sheet of the same submission counts;
  a registration sheet checked alone is a submission of its own and is judged by itself.
- Relocated citizens the registrations do not show, or show with another caseworker on
  the move date: the relocated sheet is only for citizens the jobcenter registered in
  the module but could not end itself because they moved (spørgsmål 2 om modulet).

CPR numbers are masked in every message (``citizen_text.who``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Document, Finding, RuleScope, Severity
from hir_docs.formatting import dato
from hir_docs.model import Registration
from hir_docs.model.caseload import caseworker_key, citizen_key, fictitious_keys, month_ends
from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet
from hir_docs.rules import CASELOAD, Context, check, define
from hir_docs.rules.citizen_text import Cap, at, capped, cpr_problems, first_upper, shown, who

END_IN_FUTURE = define(
    code="registrations-end-in-future",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="antaget: skemaet er opgjort ved udgangen af måneden for dets seneste Dato start, medmindre en senere opgørelsesdato er angivet",
    description="Dato slut i registreringsskemaet ligger efter den dato, skemaet er opgjort pr., "
    "og intet viser, at den er sket: en forventet slutdato. Opgørelsesdatoen er den seneste "
    "opgørelsesdato, der er angivet, eller, hvis den er senere, udgangen af måneden for "
    "skemaets seneste Dato start (antaget); har skemaet ingen Dato start i projektperioden, "
    "bruges kontroldatoen. "
    "En slutdato er vist sket, når borgeren har en ny række fra samme dag eller dagen efter "
    "(skift af sagsbehandler), eller når borgeren står i skemaet til fraflyttede borgere med "
    "samme dato.",
    hint="Fjern kun en forventet slutdato (fx den dag, ressourceforløbet forventes at udløbe). "
    "En slutdato, der er sket (skift af ydelse, flytning eller skift af sagsbehandler), skal "
    "blive stående; er borgeren flyttet, så kontrollér registreringsskemaet sammen med skemaet "
    "til fraflyttede borgere, og er skemaet opgjort senere end den nævnte dato, så angiv "
    "opgørelsesdatoen, når skemaet kontrolleres.",
)
RELOCATED_NOT_REGISTERED = define(
    code="cross-relocated-not-registered",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    description="En borger i skemaet til fraflyttede borgere står ikke i registreringsskemaet; "
    "skemaet er kun til borgere, der er registreret i modulet, men som jobcentret ikke selv "
    "har kunnet afslutte, fordi de er fraflyttet.",
    hint="Tjek CPR-nummeret i begge skemaer. Er borgeren ikke registreret i modulet, hører "
    "borgeren ikke til i skemaet til fraflyttede borgere.",
)
RELOCATED_CASEWORKER = define(
    code="cross-relocated-caseworker-differs",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    description="Skemaet til fraflyttede borgere nævner en anden sagsbehandler end den, "
    "borgeren er registreret hos på fraflytningsdatoen i registreringsskemaet.",
    hint="Skriv den sagsbehandler, borgeren er registreret hos i modulet på "
    "fraflytningsdatoen, så Landssupporten kan finde forløbet (eller ret "
    "registreringsskemaet, hvis det er dér, fejlen er).",
)


def _sheets(submission: Any, kind: str, model_type: type) -> list[Document]:
    """The submission's documents of ``kind`` that were read (a header row was found)."""
    docs: list[Document] = list(submission.documents)
    return [d for d in docs if d.kind == kind and isinstance(d.model, model_type) and _read(d)]


def _read(doc: Document) -> bool:
    model: RegistrationSheet | RelocatedSheet = doc.model
    return model.layout.header_row is not None


def _same_jobcenter(a: Document, b: Document) -> bool:
    """False only when both sheets name a municipality and they differ (another
    jobcenter's sheet is ``cross-sheet-other-municipality``'s concern)."""
    ca, cb = a.fields.get("municipality_code"), b.fields.get("municipality_code")
    return not (ca and cb and str(ca) != str(cb))


# ------------------------------------------------------------------ forecast end dates


@check(RuleScope.CROSS, emits=(END_IN_FUTURE,), plugin=CASELOAD)
def registrations_end_in_future(submission: Any, ctx: Context) -> Iterator[Finding]:
    relocated = _sheets(submission, DocKind.RELOCATED, RelocatedSheet)
    for doc in _sheets(submission, DocKind.REGISTRATIONS, RegistrationSheet):
        moved = [d for d in relocated if _same_jobcenter(doc, d)]
        moves = {  # by CPR number, and by name for a sheet that registers names
            (citizen_key(who_moved), r.end)
            for d in moved
            for r in d.model.rows
            for who_moved in (r.cpr, r.name)
            if who_moved and r.end
        }
        cap = Cap()
        yield from capped(_forecasts(doc, moves, bool(moved), ctx, cap), cap=cap)


def _as_of(model: RegistrationSheet, ctx: Context) -> tuple[dt.date, str] | None:
    """The date the sheet is judged to be registered as of, and how a message names it:
    the latest --on date or, when later, the end of the month of the sheet's latest start
    date in the project period (assumed); without start dates, --today; else None."""
    first, last = ctx.pool.date("project_start"), ctx.pool.date("project_end")
    latest = max(
        (r.start for r in model.rows if r.start and first <= r.start <= last), default=None
    )
    on = max(ctx.options.snapshot_dates, default=None)
    sheet = month_ends(latest, latest)[0] if latest else None
    if on is not None and (sheet is None or on >= sheet):
        return on, f"opgørelsesdatoen {dato(on)}"
    if sheet is not None and latest is not None:
        later = f"; opgørelsesdatoen {dato(on)} ligger før" if on is not None else ""
        return sheet, (
            f"{dato(sheet)}, som skemaet antages at være opgjort pr. (udgangen af måneden for "
            f"skemaets seneste Dato start, {dato(latest)}{later})"
        )
    today = ctx.options.today
    return (today, f"dags dato ({dato(today)})") if today is not None else None


def _forecasts(
    doc: Document,
    moves: set[tuple[str, dt.date]],
    has_relocated: bool,
    ctx: Context,
    cap: Cap,
) -> Iterator[Finding]:
    model: RegistrationSheet = doc.model
    as_of = _as_of(model, ctx)
    if as_of is None:
        return
    limit, what = as_of
    later = [r for r in model.rows if r.end is not None and r.end > limit]
    if not later:
        return
    starts = Counter(
        (key, r.start)
        for r, key in zip(model.rows, model.citizen_keys(), strict=True)
        if r.citizen and r.start
    )
    checked = "skemaet eller i skemaet til fraflyttede borgere" if has_relocated else "skemaet"
    for r in later:
        assert r.end is not None
        if (r.start and r.end < r.start) or _happened(citizen_key(r.citizen), r, starts, moves):
            continue
        if cap(END_IN_FUTURE):
            yield at(
                END_IN_FUTURE, model.layout, doc.file, "end", r.row,
                f"Dato slut {dato(r.end)} for {who(r.citizen)} i række {r.row} ligger efter "
                f"{what}, og intet i {checked} viser, at den er sket; det ligner en forventet "
                "slutdato.",
                END_IN_FUTURE.hint(ctx.pool),
            )  # fmt: skip


def _happened(
    key: str,
    r: Registration,
    starts: Counter[tuple[str, dt.date]],
    moves: set[tuple[str, dt.date]],
) -> bool:
    """Another row of the citizen from ``r``'s end date or the day after, or a move that
    day."""
    end = r.end
    if not key or end is None:
        return False
    same_day = starts[(key, end)] - (1 if r.start == end else 0)
    return same_day > 0 or starts[(key, end + dt.timedelta(days=1))] > 0 or (key, end) in moves


# ------------------------------------------------------------------ relocated vs registrations


@check(RuleScope.CROSS, emits=(RELOCATED_NOT_REGISTERED, RELOCATED_CASEWORKER), plugin=CASELOAD)
def relocated_in_registrations(submission: Any, ctx: Context) -> Iterator[Finding]:
    registrations = _sheets(submission, DocKind.REGISTRATIONS, RegistrationSheet)
    if not registrations:
        return
    fictitious = fictitious_keys(ctx.pool)
    for doc in _sheets(submission, DocKind.RELOCATED, RelocatedSheet):
        regs = [d for d in registrations if _same_jobcenter(doc, d)]
        if not regs:
            continue
        index: dict[str, list[tuple[Document, Registration]]] = {}
        for d in regs:
            for r, key in zip(d.model.rows, d.model.citizen_keys(), strict=True):
                if r.citizen:
                    index.setdefault(key, []).append((d, r))
        cap = Cap()
        yield from capped(_relocated(doc, regs, index, fictitious, ctx, cap), cap=cap)


def _relocated(
    doc: Document,
    regs: list[Document],
    index: dict[str, list[tuple[Document, Registration]]],
    fictitious: set[str],
    ctx: Context,
    cap: Cap,
) -> Iterator[Finding]:
    model: RelocatedSheet = doc.model
    names = " og ".join(Path(d.file).name for d in regs)
    latest = max((r.start for d in regs for r in d.model.rows if r.start), default=None)
    problems = cpr_problems((rel.cpr for rel in model.rows), ctx.options.today or dt.date.max)
    for rel, problem in zip(model.rows, problems, strict=True):
        if problem:
            continue  # relocated-cpr-invalid says so
        found = index.get(citizen_key(rel.cpr)) or (
            index.get(citizen_key(rel.name)) if rel.name else None
        )
        if not found:
            if cap(RELOCATED_NOT_REGISTERED):
                stale = (
                    f" Borgerens startdato {dato(rel.start)} ligger efter registreringsskemaets "
                    f"seneste Dato start ({dato(latest)}); send det nyeste registreringsskema."
                    if rel.start and latest and rel.start > latest
                    else ""
                )
                yield at(
                    RELOCATED_NOT_REGISTERED, model.layout, doc.file, "cpr", rel.row,
                    f"{first_upper(who(rel.cpr))} i række {rel.row} står ikke i "
                    f"registreringsskemaet ({names}).{stale}",
                    RELOCATED_NOT_REGISTERED.hint(ctx.pool),
                )  # fmt: skip
            continue
        yield from _caseworker(doc, rel, found, fictitious, cap)


def _caseworker(
    doc: Document,
    rel: Any,
    found: list[tuple[Document, Registration]],
    fictitious: set[str],
    cap: Cap,
) -> Iterator[Finding]:
    """The registration open on the move date (the newest, as the caseload counts it)
    names the relocated row's caseworker (or the same e-mail)."""
    moved, named = rel.end, caseworker_key(rel.caseworker)
    if moved is None or not named:
        return
    open_then = [
        (d, r)
        for d, r in found
        if r.start is not None and r.start <= moved and (r.end is None or moved <= r.end)
    ]
    if not open_then:
        return
    d, reg = max(open_then, key=lambda dr: (dr[1].start, dr[1].row))
    registered = caseworker_key(reg.caseworker)
    if not registered or registered in fictitious or registered == named:
        return
    mails = ((rel.email or "").strip().casefold(), (reg.email or "").strip().casefold())
    if mails[0] and mails[0] == mails[1]:
        return  # the same caseworker, the name spelt differently
    if cap(RELOCATED_CASEWORKER):
        yield at(
            RELOCATED_CASEWORKER, doc.model.layout, doc.file, "caseworker", rel.row,
            f"{first_upper(who(rel.cpr))} står i række {rel.row} med sagsbehandler "
            f"'{shown(rel.caseworker)}', men i registreringsskemaet ({Path(d.file).name}, række "
            f"{reg.row}) er borgeren registreret hos '{shown(reg.caseworker)}' på "
            f"fraflytningsdatoen {dato(moved)}.",
            RELOCATED_CASEWORKER.hint(),
        )  # fmt: skip
