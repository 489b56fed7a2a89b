"""Rules for the caseload registrations (kind ``registrations``): the fields of STAR's
registration module (Borger, Sagsbehandler, E-mail, Timer pr. uge, Dato start, Dato
slut), Q&A 2018, spørgsmål 3-6 om modulet. This module holds what each row says (the
citizen, the caseworker's hours and e-mail, the dates); the checks over the whole sheet
(open twice, overlaps, caseload, registration dates ...) are in
``rules.registration_history``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato
from hir_docs.model.caseload import MAX_HOURS, fictitious_keys
from hir_docs.rules import CASELOAD, Context, check, define, fill
from hir_docs.rules.citizen_text import (
    HINT_CPR,
    Cap,
    at,
    capped,
    cpr_problems,
    hours_text,
    looks_like_cpr,
    shown,
    who,
)
from hir_docs.values import is_email

if TYPE_CHECKING:
    from hir_docs.model import Registration
    from hir_docs.model.citizens import RegistrationSheet, SheetLayout
    from hir_docs.rules import Rule

SRC_FULL_TIME = (
    "antaget: fuld tid er {hours_per_week_full_time} timer pr. uge (kilderne nævner intet timetal)"
)
E, W = Severity.ERROR, Severity.WARNING
REGISTRATIONS_NO_HEADER = define(
    plugin=CASELOAD,
    code="registrations-no-header",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Overskriftsrækken med modulets felter mangler.",
    hint="Brug registreringsskemaet, og behold overskriftsrækken.",
)
REGISTRATIONS_COLUMN_MISSING = define(
    plugin=CASELOAD,
    code="registrations-column-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Et af modulets felter (borger, sagsbehandler, timer, datoer) mangler som kolonne.",
    hint="Tilføj kolonnen i overskriftsrækken (brug registreringsskemaet fra modulet).",
)
COLUMN_RECOMMENDED = define(
    plugin=CASELOAD,
    code="registrations-column-recommended-missing",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Kolonnen med sagsbehandlerens e-mail mangler.",
    hint="Tilføj kolonnen i overskriftsrækken (brug registreringsskemaet fra modulet).",
)
EMPTY = define(
    code="registrations-empty",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Skemaet indeholder ingen registreringer.",
    hint="Udfyld én række pr. borger pr. sagsbehandler, som i modulet.",
)
CITIZEN_MISSING = define(
    code="registrations-citizen-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Borger er ikke udfyldt.",
    hint="Skriv borgerens CPR-nummer eller navn i kolonnen Borger.",
)
CPR_INVALID = define(
    code="registrations-cpr-invalid",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Borgerens CPR-nummer er ugyldigt (10 cifre med en rigtig fødselsdato; modulus 11 kræves ikke).",
    hint="Skriv borgerens CPR-nummer som 10 cifre (DDMMÅÅ-LLLL).",
)
CASEWORKER_MISSING = define(
    code="registrations-caseworker-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Sagsbehandler er ikke udfyldt.",
    hint="Skriv den koordinerende sagsbehandlers navn.",
)
START_MISSING = define(
    code="registrations-start-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Dato start mangler eller kan ikke læses.",
    hint="Skriv datoen, hvor sagsbehandleren fik borgeren, som dd-mm-åååå.",
)
END_UNREADABLE = define(
    code="registrations-end-unreadable",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Dato slut kan ikke læses.",
    hint="Skriv datoen som dd-mm-åååå, fx 31-05-2018.",
)
END_BEFORE_START = define(
    code="registrations-end-before-start",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Dato slut ligger før dato start.",
    hint="Ret dato start eller dato slut.",
)
FICT_EMAIL = define(
    code="registrations-fictitious-email",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="En opdigtet sagsbehandler ({fictitious_caseworkers[0]}, {fictitious_caseworkers[1]}) skal have e-mail {fictitious_email}.",
    hint="Skriv e-mailadressen {fictitious_email} for den opdigtede sagsbehandler.",
)
FICT_HOURS = define(
    code="registrations-fictitious-hours",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="En opdigtet sagsbehandler skal have {fictitious_hours} timer pr. uge.",
    hint="Skriv {fictitious_hours} timer pr. uge for den opdigtede sagsbehandler.",
)
HOURS_MISSING = define(
    code="registrations-hours-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="Timer pr. uge mangler eller kan ikke læses.",
    hint="Skriv sagsbehandlerens ugentlige timer (fuld tid er {hours_per_week_full_time} timer).",
)
HOURS_ZERO = define(
    code="registrations-hours-zero",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    description="En rigtig sagsbehandler har 0 timer pr. uge (kun de opdigtede sagsbehandlere har 0).",
    hint="Skriv sagsbehandlerens rigtige ugentlige timer.",
)
HOURS_ABOVE = define(
    code="registrations-hours-above-full-time",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source="antaget: fuld tid er {hours_per_week_full_time} timer pr. uge (kilderne nævner intet timetal)",
    description="Timer pr. uge er over fuld tid ({hours_per_week_full_time} timer); det får sagsstammen til at se mindre ud.",
    hint="Skriv højst {hours_per_week_full_time} timer pr. uge.",
)
EMAIL_INVALID = define(
    code="registrations-email-invalid",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    description="Sagsbehandlerens e-mail mangler eller er ikke en gyldig e-mailadresse.",
    hint="Skriv sagsbehandlerens e-mailadresse, fx navn@kommune.dk.",
)


def has_rows(model: RegistrationSheet) -> bool:
    return model.layout.header_row is not None and bool(model.rows)


def caseworkers_without_citizens(
    model: RegistrationSheet, fictitious: set[str]
) -> dict[str, list[Registration]]:
    """Real caseworkers none of whose rows names a citizen: key -> their rows, in sheet
    order (``registrations-caseworker-without-citizens``; the rows get no row findings)."""
    with_citizen: set[str] = set()
    bare: dict[str, list[Registration]] = {}
    for r, key in zip(model.rows, model.caseworker_keys(), strict=True):
        if not key or key in fictitious:
            continue
        if r.citizen:
            with_citizen.add(key)
        else:
            bare.setdefault(key, []).append(r)
    return {k: rows for k, rows in bare.items() if k not in with_citizen}


@check(DocKind.REGISTRATIONS, emits=(EMPTY,), plugin=CASELOAD)
def registrations_present(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if model.layout.header_row is not None and not model.rows:
        yield EMPTY.finding(
            "Skemaet indeholder ingen registreringer.",
            file=ctx.file,
            location=f"{model.layout.sheet}!A{model.layout.header_row + 1}",
        )


@check(
    DocKind.REGISTRATIONS,
    emits=(
        CITIZEN_MISSING,
        CPR_INVALID,
        CASEWORKER_MISSING,
        START_MISSING,
        END_UNREADABLE,
        END_BEFORE_START,
    ),
    plugin=CASELOAD,
)
def registration_rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """What each row says about the citizen, the caseworker and the dates."""
    if has_rows(model):
        cap = Cap()
        yield from capped(_rows(model, ctx, cap), cap=cap)


@check(
    DocKind.REGISTRATIONS,
    emits=(FICT_EMAIL, FICT_HOURS, HOURS_MISSING, HOURS_ZERO, HOURS_ABOVE, EMAIL_INVALID),
    plugin=CASELOAD,
)
def caseworker_rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """Hours and e-mail of each row's caseworker (fictitious caseworkers by the Q&A)."""
    if has_rows(model):
        cap = Cap()
        yield from capped(_caseworker_rows(model, ctx, cap), cap=cap)


def _rows(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    today = ctx.options.today or dt.date.today()
    citizen_col = "cpr" if "cpr" in lay.columns else "citizen"
    bare: set[str] | None = None  # caseworkers without any citizen (found when needed)
    problems = _cpr_problems([r.citizen for r in model.rows], today)
    for r, key, problem in zip(model.rows, model.caseworker_keys(), problems, strict=True):
        n = r.row
        if not r.citizen:
            if bare is None:
                bare = set(caseworkers_without_citizens(model, fictitious_keys(ctx.pool)))
            if key in bare:
                continue  # registrations-caseworker-without-citizens says so
            if cap(CITIZEN_MISSING):
                yield at(
                    CITIZEN_MISSING, lay, f, "citizen", n, f"Borger er ikke udfyldt i række {n}.",
                    "Skriv borgerens CPR-nummer (eller navn, som i modulet).", column=citizen_col,
                )  # fmt: skip
        elif problem and cap(CPR_INVALID):
            yield at(
                CPR_INVALID, lay, f, "citizen", n, f"CPR-nummeret i række {n} {problem}.",
                HINT_CPR, column=citizen_col,
            )  # fmt: skip
        if not key and cap(CASEWORKER_MISSING):
            yield at(
                CASEWORKER_MISSING, lay, f, "caseworker", n,
                f"Sagsbehandler er ikke udfyldt for {who(r.citizen)} i række {n}.",
                fill("Skriv sagsbehandlerens navn, eller '{fictitious_caseworkers[0]}' / "
                     "'{fictitious_caseworkers[1]}'."),
            )  # fmt: skip
        start, end = r.start, r.end
        if start is None or (end is None and r.raw_end is not None) or (end and end < start):
            yield from _dates(r, lay, f, cap)  # only a row with a date problem gets here


def _cpr_problems(citizens: list[str | None], today: dt.date) -> list[str | None]:
    """Per row, what is wrong with the citizen's CPR number (None when it is valid, or
    the citizen is written as a name: that is no CPR number); judged in bulk."""
    written = [
        c if c and ((len(c) == 10 and c.isascii() and c.isdigit()) or looks_like_cpr(c)) else None
        for c in citizens
    ]
    found = iter(cpr_problems([c for c in written if c is not None], today))
    return [None if c is None else next(found) for c in written]


def _caseworker_rows(model: RegistrationSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    fictitious = fictitious_keys(ctx.pool)
    fict_email = str(ctx.pool["fictitious_email"]).casefold()
    fict_hours = float(ctx.pool["fictitious_hours"])
    full_time = ctx.pool.number("hours_per_week_full_time")
    valid_email: dict[str | None, bool] = {}  # a caseworker's e-mail repeats on every row
    for r, key in zip(model.rows, model.caseworker_keys(), strict=True):
        if key in fictitious:
            yield from _fictitious(r, lay, f, fict_email, fict_hours, cap)
        elif key:
            hours, email = r.hours, r.email
            if email not in valid_email:
                valid_email[email] = is_email(email)
            fine = hours is not None and 0 < hours <= full_time and hours <= MAX_HOURS
            if fine and valid_email[email]:
                continue  # the common row: nothing to say
            yield from _real_caseworker(r, lay, f, full_time, cap)


def _dates(r: Registration, lay: SheetLayout, f: str, cap: Cap) -> Iterator[Finding]:
    """The date findings of one row (only those ``cap`` still shows are built)."""
    n = r.row
    if r.start is None and cap(START_MISSING):
        what = (
            "mangler"
            if r.raw_start is None
            else f"kan ikke læses som en dato ('{shown(r.raw_start)}')"
        )
        yield at(
            START_MISSING, lay, f, "start", n, f"Dato start for {who(r.citizen)} i række {n} {what}.",
            "Skriv datoen som dd-mm-åååå, fx 01-03-2018, eller brug Excels datoformat.",
        )  # fmt: skip
    if r.end is None and r.raw_end is not None and cap(END_UNREADABLE):
        yield at(
            END_UNREADABLE, lay, f, "end", n,
            f"Dato slut for {who(r.citizen)} i række {n} kan ikke læses som en dato ('{shown(r.raw_end)}').",
            "Skriv datoen som dd-mm-åååå, eller lad feltet stå tomt, hvis forløbet ikke er slut.",
        )  # fmt: skip
    if r.start and r.end and r.end < r.start and cap(END_BEFORE_START):
        yield at(
            END_BEFORE_START, lay, f, "end", n,
            f"Dato slut {dato(r.end)} ligger før dato start {dato(r.start)} for {who(r.citizen)} i række {n}.",
            "Ret datoerne, så dato slut er den samme som eller efter dato start.",
        )  # fmt: skip


def _fictitious(
    r: Registration, lay: SheetLayout, f: str, fict_email: str, fict_hours: float, cap: Cap
) -> Iterator[Finding]:
    """The fictitious caseworker's e-mail and hours (only findings ``cap`` shows are built)."""
    n = r.row
    if (r.email or "").strip().casefold() != fict_email and cap(FICT_EMAIL):
        name = shown(r.caseworker)
        what = f"e-mail '{shown(r.email)}'" if r.email else "ingen e-mail"
        yield at(
            FICT_EMAIL, lay, f, "email", n,
            f"'{name}' i række {n} har {what}; den skal være {fict_email}.",
            f"Skriv {fict_email} i feltet E-mail for de opdigtede sagsbehandlere.",
        )  # fmt: skip
    if r.hours != fict_hours and cap(FICT_HOURS):
        name = shown(r.caseworker)
        hours = "ingen" if r.hours is None else hours_text(r.hours)
        yield at(
            FICT_HOURS, lay, f, "hours", n,
            f"'{name}' i række {n} har {hours} timer pr. uge; det skal være {hours_text(fict_hours)}.",
            "Skriv 0 i Timer pr. uge, så borgeren ikke tæller med i nogen sagsstamme.",
        )  # fmt: skip


def _real_caseworker(
    r: Registration, lay: SheetLayout, f: str, full_time: float, cap: Cap
) -> Iterator[Finding]:
    """A real caseworker's hours and e-mail (only findings ``cap`` shows are built)."""
    n = r.row
    if r.hours is None or not 0 <= r.hours <= MAX_HOURS:
        hours_rule: Rule | None = HOURS_MISSING
    elif r.hours == 0:
        hours_rule = HOURS_ZERO
    elif r.hours > full_time:
        hours_rule = HOURS_ABOVE
    else:
        hours_rule = None
    if hours_rule is not None and cap(hours_rule):
        yield _hours_finding(hours_rule, r, lay, f, full_time)
    if not is_email(r.email) and cap(EMAIL_INVALID):
        name = shown(r.caseworker)
        what = "mangler" if not r.email else f"'{shown(r.email)}' er ikke en gyldig e-mailadresse"
        yield at(
            EMAIL_INVALID, lay, f, "email", n, f"E-mail for {name} i række {n} {what}.",
            "Skriv sagsbehandlerens arbejds-e-mail, fx navn@viborg.dk.",
        )  # fmt: skip


def _hours_finding(
    rule: Rule, r: Registration, lay: SheetLayout, f: str, full_time: float
) -> Finding:
    n, name = r.row, shown(r.caseworker)
    if rule is HOURS_MISSING:
        return at(
            HOURS_MISSING, lay, f, "hours", n,
            f"Timer pr. uge mangler eller kan ikke læses for {name} i række {n}.",
            f"Skriv sagsbehandlerens ugentlige timer som et tal, fx {hours_text(full_time)} (fuld tid).",
        )  # fmt: skip
    if rule is HOURS_ZERO:
        return at(
            HOURS_ZERO, lay, f, "hours", n, f"{name} har 0 timer pr. uge i række {n}.",
            f"Skriv sagsbehandlerens rigtige ugentlige timer (fx {hours_text(full_time)}); 0 timer bruges kun til "
            + fill("'{fictitious_caseworkers[0]}' og '{fictitious_caseworkers[1]}'."),
        )  # fmt: skip
    return at(
        HOURS_ABOVE, lay, f, "hours", n,
        f"{name} har {hours_text(r.hours or 0)} timer pr. uge i række {n}; fuld tid er "
        f"{hours_text(full_time)} timer.",
        f"Skriv de timer, sagsbehandleren arbejder med sagsstammen, højst {hours_text(full_time)}.",
    )  # fmt: skip
