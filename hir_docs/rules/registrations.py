"""Rules for the caseload registrations (kind ``registrations``): the fields of STAR's
registration module (Borger, Sagsbehandler, E-mail, Timer pr. uge, Dato start, Dato
slut), Q&A 2018, spørgsmål 3-6 om modulet, and the pool's 30-35 cases criterion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato, dato_kort, number
from hir_docs.model.caseload import MAX_HOURS, caseworker_key, citizen_key, fictitious_keys
from hir_docs.rules import Context, Rule, check, define
from hir_docs.rules.citizens import (
    HINT_CPR,
    at,
    capped,
    cpr_problem,
    first_upper,
    hours_text,
    looks_like_cpr,
    shown,
    who,
)
from hir_docs.values import is_email

if TYPE_CHECKING:
    from hir_docs.model import Registration
    from hir_docs.model.caseload import CaseloadPoint
    from hir_docs.model.citizens import RegistrationSheet, SheetLayout

SRC_MODULE = "Q&A 2018, spørgsmål til registrering af borgerforløb i SharePoint-modulet"
SRC_CHANGE = "Q&A 2018, spørgsmål 3 om modulet (skift af sagsbehandler)"
SRC_FICT = "Q&A 2018, spørgsmål 6 om modulet (opdigtede sagsbehandlere)"
SRC_HOURS = "Q&A 2018, spørgsmål 4 om modulet (timer pr. uge; reduceret tid)"
SRC_CASELOAD = "puljeopslag, Kriterier for tildeling af tilskud (max. {caseload_min}-{caseload_max} sager pr. koordinerende sagsbehandler); Q&A 2018, spørgsmål 3 og 19"
SRC_END = "Q&A 2018, spørgsmål 3 og 5 om modulet (kun borgere, der har skiftet ydelse, er flyttet eller har skiftet sagsbehandler, skal have en slutdato)"
SRC_ONE_CASEWORKER = "puljeopslag, Kriterier for tildeling af tilskud (borgerne har én gennemgående koordinerende sagsbehandler i hele projektperioden)"
SRC_TIMES = (
    "puljeopslag, indledning (registrering minimum {registrations_min} gange i projektperioden)"
)


E, W = Severity.ERROR, Severity.WARNING
REGISTRATIONS_NO_HEADER = define(
    code="registrations-no-header",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Overskriftsrækken med modulets felter mangler.",
    hint="Brug registreringsskemaet, og behold overskriftsrækken.",
)
REGISTRATIONS_COLUMN_MISSING = define(
    code="registrations-column-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Et af modulets felter (borger, sagsbehandler, timer, datoer) mangler som kolonne.",
    hint="Tilføj kolonnen i overskriftsrækken (brug registreringsskemaet fra modulet).",
)
COLUMN_RECOMMENDED = define(
    code="registrations-column-recommended-missing",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Kolonnen med sagsbehandlerens e-mail mangler.",
    hint="Tilføj kolonnen i overskriftsrækken (brug registreringsskemaet fra modulet).",
)
EMPTY = define(
    code="registrations-empty",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Skemaet indeholder ingen registreringer.",
    hint="Udfyld én række pr. borger pr. sagsbehandler, som i modulet.",
)
CITIZEN_MISSING = define(
    code="registrations-citizen-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Borger er ikke udfyldt.",
    hint="Skriv borgerens CPR-nummer eller navn i kolonnen Borger.",
)
CPR_INVALID = define(
    code="registrations-cpr-invalid",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Borgerens CPR-nummer er ugyldigt (10 cifre med en rigtig fødselsdato; modulus 11 kræves ikke).",
    hint="Skriv borgerens CPR-nummer som 10 cifre (DDMMÅÅ-LLLL).",
)
CASEWORKER_MISSING = define(
    code="registrations-caseworker-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Sagsbehandler er ikke udfyldt.",
    hint="Skriv den koordinerende sagsbehandlers navn.",
)
START_MISSING = define(
    code="registrations-start-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Dato start mangler eller kan ikke læses.",
    hint="Skriv datoen, hvor sagsbehandleren fik borgeren, som dd-mm-åååå.",
)
END_UNREADABLE = define(
    code="registrations-end-unreadable",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Dato slut kan ikke læses.",
    hint="Skriv datoen som dd-mm-åååå, fx 31-05-2018.",
)
END_BEFORE_START = define(
    code="registrations-end-before-start",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_CHANGE,
    description="Dato slut ligger før dato start.",
    hint="Ret dato start eller dato slut.",
)
OPEN_TWICE = define(
    code="registrations-open-twice",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_CHANGE,
    description="Samme borger har to åbne registreringer (uden dato slut); ved skift afsluttes den gamle.",
    hint="Afslut den gamle række med en slutdato, når borgeren skifter sagsbehandler.",
)
OVERLAP = define(
    code="registrations-overlap",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_CHANGE,
    description="Samme borger er registreret to steder i samme periode (den gamle række er ikke afsluttet, "
    "før den nye starter).",
    hint="Sæt slutdato på den gamle række senest den dag, den nye starter.",
)
FICT_EMAIL = define(
    code="registrations-fictitious-email",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_FICT,
    description="En opdigtet sagsbehandler (Barsel/fængsel, Sag overdraget til pensionsnævnet) skal have e-mail {fictitious_email}.",
    hint="Skriv e-mailadressen {fictitious_email} for den opdigtede sagsbehandler.",
)
FICT_HOURS = define(
    code="registrations-fictitious-hours",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_FICT,
    description="En opdigtet sagsbehandler skal have {fictitious_hours} timer pr. uge.",
    hint="Skriv {fictitious_hours} timer pr. uge for den opdigtede sagsbehandler.",
)
HOURS_MISSING = define(
    code="registrations-hours-missing",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_HOURS,
    description="Timer pr. uge mangler eller kan ikke læses.",
    hint="Skriv sagsbehandlerens ugentlige timer (fuld tid er {hours_per_week_full_time} timer).",
)
HOURS_ZERO = define(
    code="registrations-hours-zero",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=f"{SRC_HOURS}; {SRC_FICT}",
    description="En rigtig sagsbehandler har 0 timer pr. uge (kun de opdigtede sagsbehandlere har 0).",
    hint="Skriv sagsbehandlerens rigtige ugentlige timer.",
)
HOURS_ABOVE = define(
    code="registrations-hours-above-full-time",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_HOURS,
    description="Timer pr. uge er over fuld tid ({hours_per_week_full_time} timer); det får sagsstammen til at se mindre ud.",
    hint="Skriv højst {hours_per_week_full_time} timer pr. uge.",
)
HOURS_DIFFER = define(
    code="registrations-hours-differ",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_HOURS,
    description="Den samme sagsbehandler står med forskellige timer pr. uge.",
    hint="Brug de samme ugentlige timer for sagsbehandleren i alle rækker, eller ret den forkerte.",
)
EMAIL_INVALID = define(
    code="registrations-email-invalid",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_MODULE,
    description="Sagsbehandlerens e-mail mangler eller er ikke en gyldig e-mailadresse.",
    hint="Skriv sagsbehandlerens e-mailadresse, fx navn@kommune.dk.",
)
CASELOAD_HIGH = define(
    code="registrations-caseload-too-high",
    severity=E,
    kind=DocKind.REGISTRATIONS,
    source=SRC_CASELOAD,
    description="En sagsbehandler har over {caseload_max} sager pr. fuldtidsstilling ({hours_per_week_full_time} timer) på en opgørelsesdato.",
    hint="Fordel borgerne, så hver koordinerende sagsbehandler har højst {caseload_min}-{caseload_max} sager pr. fuld stilling.",
)
TOO_FEW_DATES = define(
    code="registrations-too-few-dates",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_TIMES,
    description="Færre end {registrations_min} registreringsdatoer i projektperioden.",
    hint="Registrér sagsstammerne løbende (mindst {registrations_min} gange i projektperioden), og send hele registreringen med.",
)

END_IN_FUTURE = define(
    code="registrations-end-in-future",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_END,
    description="Dato slut ligger efter opgørelsesdatoen (eller dags dato): en forventet slutdato, ikke en registreret.",
    hint="Slet den forventede slutdato; sæt først dato slut, når borgeren har skiftet ydelse, er flyttet eller har skiftet sagsbehandler.",
)
CASEWORKER_CHANGES = define(
    code="registrations-caseworker-changes",
    severity=W,
    kind=DocKind.REGISTRATIONS,
    source=SRC_ONE_CASEWORKER,
    description="En borger har skiftet koordinerende sagsbehandler mere end én gang.",
    hint="Borgeren skal så vidt muligt have den samme koordinerende sagsbehandler i hele forløbet; tjek, at skiftene er rigtige, og forklar dem i statusrapporten.",
)

# key -> (label in the module, the rule when the column is missing)
REQUIRED_REGISTRATIONS: dict[str, tuple[str, Rule]] = {
    "citizen": ("Borger", REGISTRATIONS_COLUMN_MISSING),
    "caseworker": ("Sagsbehandler", REGISTRATIONS_COLUMN_MISSING),
    "hours": ("Timer pr. uge", REGISTRATIONS_COLUMN_MISSING),
    "start": ("Dato start", REGISTRATIONS_COLUMN_MISSING),
    "end": ("Dato slut", REGISTRATIONS_COLUMN_MISSING),
    "email": ("E-mail", COLUMN_RECOMMENDED),
}


def _has_rows(model: RegistrationSheet) -> bool:
    return model.layout.header_row is not None and bool(model.rows)


@check(DocKind.REGISTRATIONS, emits=(EMPTY,))
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
)
def registration_rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """What each row says about the citizen, the caseworker and the dates."""
    if _has_rows(model):
        yield from capped(_rows(model, ctx))


@check(
    DocKind.REGISTRATIONS,
    emits=(FICT_EMAIL, FICT_HOURS, HOURS_MISSING, HOURS_ZERO, HOURS_ABOVE, EMAIL_INVALID),
)
def caseworker_rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """Hours and e-mail of each row's caseworker (fictitious caseworkers by the Q&A)."""
    if _has_rows(model):
        yield from capped(_caseworker_rows(model, ctx))


@check(DocKind.REGISTRATIONS, emits=(OPEN_TWICE,))
def open_twice(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from _open_twice(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(OVERLAP,))
def overlaps(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from _overlaps(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(HOURS_DIFFER,))
def hours_differ(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from _hours_differ(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(CASELOAD_HIGH,))
def caseload(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from _caseload(model, ctx)


@check(DocKind.REGISTRATIONS, emits=(END_IN_FUTURE,))
def end_in_future(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from capped(_end_in_future(model, ctx))


@check(DocKind.REGISTRATIONS, emits=(CASEWORKER_CHANGES,))
def caseworker_changes(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from capped(_caseworker_changes(model, ctx))


@check(DocKind.REGISTRATIONS, emits=(TOO_FEW_DATES,))
def registration_dates(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if _has_rows(model):
        yield from _registration_dates(model, ctx)


def _rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    today = ctx.options.today or dt.date.today()
    citizen_col = "cpr" if "cpr" in lay.columns else "citizen"
    for r in model.rows:
        n, cite = r.row, who(r.citizen)
        if not r.citizen:
            yield at(
                CITIZEN_MISSING, lay, f, "citizen", n, f"Borger er ikke udfyldt i række {n}.",
                "Skriv borgerens CPR-nummer (eller navn, som i modulet).", column=citizen_col,
            )  # fmt: skip
        elif looks_like_cpr(r.citizen):
            problem = cpr_problem(r.citizen, today)
            if problem:
                yield at(
                    CPR_INVALID, lay, f, "citizen", n, f"CPR-nummeret i række {n} {problem}.",
                    HINT_CPR, column=citizen_col,
                )  # fmt: skip
        if not caseworker_key(r.caseworker):
            yield at(
                CASEWORKER_MISSING, lay, f, "caseworker", n,
                f"Sagsbehandler er ikke udfyldt for {cite} i række {n}.",
                "Skriv sagsbehandlerens navn, eller 'Barsel/fængsel' / 'Sag overdraget til "
                "pensionsnævnet'.",
            )  # fmt: skip
        yield from _dates(r, lay, f, cite)


def _caseworker_rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    fictitious = fictitious_keys(ctx.pool)
    fict_email = str(ctx.pool["fictitious_email"]).casefold()
    fict_hours = float(ctx.pool["fictitious_hours"])
    full_time = ctx.pool.number("hours_per_week_full_time")
    for r in model.rows:
        key = caseworker_key(r.caseworker)
        if key in fictitious:
            yield from _fictitious(r, lay, f, fict_email, fict_hours)
        elif key:
            yield from _real_caseworker(r, lay, f, full_time)


def _dates(r: Registration, lay: SheetLayout, f: str, cite: str) -> Iterator[Finding]:
    n = r.row
    if r.start is None:
        what = (
            "mangler"
            if r.raw_start is None
            else f"kan ikke læses som en dato ('{shown(r.raw_start)}')"
        )
        yield at(
            START_MISSING, lay, f, "start", n, f"Dato start for {cite} i række {n} {what}.",
            "Skriv datoen som dd-mm-åååå, fx 01-03-2018, eller brug Excels datoformat.",
        )  # fmt: skip
    if r.end is None and r.raw_end is not None:
        yield at(
            END_UNREADABLE, lay, f, "end", n,
            f"Dato slut for {cite} i række {n} kan ikke læses som en dato ('{shown(r.raw_end)}').",
            "Skriv datoen som dd-mm-åååå, eller lad feltet stå tomt, hvis forløbet ikke er slut.",
        )  # fmt: skip
    if r.start and r.end and r.end < r.start:
        yield at(
            END_BEFORE_START, lay, f, "end", n,
            f"Dato slut {dato(r.end)} ligger før dato start {dato(r.start)} for {cite} i række {n}.",
            "Ret datoerne, så dato slut er den samme som eller efter dato start.",
        )  # fmt: skip


def _fictitious(
    r: Registration, lay: SheetLayout, f: str, fict_email: str, fict_hours: float
) -> Iterator[Finding]:
    n, name = r.row, shown(r.caseworker)
    if (r.email or "").strip().casefold() != fict_email:
        what = f"e-mail '{shown(r.email)}'" if r.email else "ingen e-mail"
        yield at(
            FICT_EMAIL, lay, f, "email", n,
            f"'{name}' i række {n} har {what}; den skal være {fict_email}.",
            f"Skriv {fict_email} i feltet E-mail for de opdigtede sagsbehandlere.",
        )  # fmt: skip
    if r.hours != fict_hours:
        hours = "ingen" if r.hours is None else hours_text(r.hours)
        yield at(
            FICT_HOURS, lay, f, "hours", n,
            f"'{name}' i række {n} har {hours} timer pr. uge; det skal være {hours_text(fict_hours)}.",
            "Skriv 0 i Timer pr. uge, så borgeren ikke tæller med i nogen sagsstamme.",
        )  # fmt: skip


def _real_caseworker(
    r: Registration, lay: SheetLayout, f: str, full_time: float
) -> Iterator[Finding]:
    n, name = r.row, shown(r.caseworker)
    if r.hours is None or not 0 <= r.hours <= MAX_HOURS:
        yield at(
            HOURS_MISSING, lay, f, "hours", n,
            f"Timer pr. uge mangler eller kan ikke læses for {name} i række {n}.",
            f"Skriv sagsbehandlerens ugentlige timer som et tal, fx {hours_text(full_time)} (fuld tid).",
        )  # fmt: skip
    elif r.hours == 0:
        yield at(
            HOURS_ZERO, lay, f, "hours", n, f"{name} har 0 timer pr. uge i række {n}.",
            f"Skriv sagsbehandlerens rigtige ugentlige timer (fx {hours_text(full_time)}); 0 timer bruges kun til "
            "'Barsel/fængsel' og 'Sag overdraget til pensionsnævnet'.",
        )  # fmt: skip
    elif r.hours > full_time:
        yield at(
            HOURS_ABOVE, lay, f, "hours", n,
            f"{name} har {hours_text(r.hours)} timer pr. uge i række {n}; fuld tid er "
            f"{hours_text(full_time)} timer.",
            f"Skriv de timer, sagsbehandleren arbejder med sagsstammen, højst {hours_text(full_time)}.",
        )  # fmt: skip
    if not is_email(r.email):
        what = "mangler" if not r.email else f"'{shown(r.email)}' er ikke en gyldig e-mailadresse"
        yield at(
            EMAIL_INVALID, lay, f, "email", n, f"E-mail for {name} i række {n} {what}.",
            "Skriv sagsbehandlerens arbejds-e-mail, fx navn@viborg.dk.",
        )  # fmt: skip


def _open_twice(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    first_open: dict[str, Registration] = {}
    out: list[Finding] = []
    for r in model.rows:
        if r.end is not None or r.raw_end is not None or r.start is None or not r.citizen:
            continue
        key = citizen_key(r.citizen)
        if key in first_open:
            prev = first_open[key]
            out.append(
                at(
                    OPEN_TWICE,
                    model.layout,
                    ctx.file,
                    "end",
                    prev.row,
                    f"{first_upper(who(r.citizen))} har to åbne registreringer: række {prev.row} "
                    f"({shown(prev.caseworker)}) og række {r.row} ({shown(r.caseworker)}).",
                    "Ved skift af sagsbehandler: sæt dato slut på den gamle registrering "
                    "(senest den dag, den nye starter), og lad kun den nye stå åben.",
                )  # fmt: skip
            )
        else:
            first_open[key] = r
    yield from capped(out)


def _period(r: Registration) -> str:
    return f"{dato_kort(r.start)} - {dato_kort(r.end)}" if r.end else f"fra {dato_kort(r.start)}"


def _overlaps(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """A later row of the same citizen starts before the earlier one ends (or while it is
    still open, when the later one is closed: two open rows are ``registrations-open-twice``).
    Ending the old row on the day the new one starts is fine."""
    by_citizen: dict[str, list[Registration]] = {}
    for r in model.rows:
        if r.citizen and r.start is not None and not (r.end is not None and r.end < r.start):
            by_citizen.setdefault(citizen_key(r.citizen), []).append(r)
    out: list[Finding] = []
    for rows in by_citizen.values():
        rows.sort(key=lambda r: (r.start, r.row))
        for prev, r in zip(rows, rows[1:], strict=False):
            assert prev.start is not None and r.start is not None
            if prev.end is None and (r.end is None or prev.raw_end is not None):
                continue  # open twice (its own rule), or an unreadable end date
            if prev.end is not None and r.start >= prev.end:
                continue
            out.append(
                at(
                    OVERLAP,
                    model.layout,
                    ctx.file,
                    "end",
                    prev.row,
                    f"{first_upper(who(r.citizen))} står to steder på samme tid: række "
                    f"{prev.row} ({shown(prev.caseworker)}, {_period(prev)}) og række {r.row} "
                    f"({shown(r.caseworker)}, {_period(r)}).",
                    "Sæt dato slut på den gamle registrering, senest den dag den nye starter "
                    "(som i modulet ved skift af sagsbehandler).",
                )  # fmt: skip
            )
    yield from capped(out)


def _hours_differ(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    fictitious = fictitious_keys(ctx.pool)
    by_cw: dict[str, list[Registration]] = {}
    for r in model.rows:
        key = caseworker_key(r.caseworker)
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
    first_row: dict[str, int] = {}
    for r in model.rows:  # snapshots name caseworkers with any CPR-like number masked
        first_row.setdefault(caseworker_key(shown(r.caseworker, limit=200)), r.row)
    over: dict[str, list[CaseloadPoint]] = {}
    for p in model.snapshots:
        if p.cases_per_fte is not None and p.cases_per_fte > limit + 1e-9:
            over.setdefault(p.caseworker, []).append(p)
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
    days = {d for r in model.rows for d in (r.start, r.end) if d and start <= d <= end}
    if len(days) < need:
        yield TOO_FEW_DATES.finding(
            f"Skemaet har kun {len(days)} forskellige registreringsdatoer i projektperioden; "
            f"puljen kræver registrering mindst {need} gange.",
            file=ctx.file,
            field="start",
            location=model.layout.cell("start", (model.layout.header_row or 0) + 1),
        )


def _end_in_future(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    """An end date after the snapshot date (the latest --on date), or after today when
    none is given, is a forecast: the module only takes end dates that have happened."""
    dates = ctx.options.snapshot_dates
    if dates:
        limit, what = max(dates), f"opgørelsesdatoen {dato(max(dates))}"
    else:
        limit = ctx.options.today or dt.date.today()
        what = f"dags dato ({dato(limit)})"
    for r in model.rows:
        if r.end is not None and r.end > limit and not (r.start and r.end < r.start):
            yield at(
                END_IN_FUTURE, model.layout, ctx.file, "end", r.row,
                f"Dato slut {dato(r.end)} for {who(r.citizen)} i række {r.row} ligger efter "
                f"{what}; det er en forventet slutdato.",
                "Slet datoen; en slutdato sættes kun, når borgeren har skiftet ydelse, er flyttet "
                "eller har skiftet sagsbehandler (ikke fx når ressourceforløbet forventes at udløbe).",
            )  # fmt: skip


def _caseworker_changes(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    for c in model.changes:
        if c.changes > 1:
            yield at(
                CASEWORKER_CHANGES, model.layout, ctx.file, "caseworker", c.row,
                f"{first_upper(who(c.citizen))} har skiftet koordinerende sagsbehandler "
                f"{c.changes} gange (seneste række {c.row}).",
                "Borgeren skal have én gennemgående koordinerende sagsbehandler; tjek "
                "registreringerne, og forklar skiftene i statusrapporten.",
            )  # fmt: skip
