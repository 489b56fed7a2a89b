"""Rules for the caseload registrations (kind ``registrations``): the fields of STAR's
registration module (Borger, Sagsbehandler, E-mail, Timer pr. uge, Dato start, Dato
slut), Q&A 2018, spørgsmål 3-6 om modulet, and the pool's 30-35 cases criterion.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hir_docs.caseload import caseworker_key, fictitious_keys
from hir_docs.findings import Finding, Severity
from hir_docs.formatting import dato, number
from hir_docs.labels import normalise
from hir_docs.rules import Context, Rule, check, define
from hir_docs.rules.citizens import capped, cpr_problem, email_ok, looks_like_cpr, shown, who

if TYPE_CHECKING:
    from hir_docs.caseload import CaseloadPoint
    from hir_docs.citizens_model import RegistrationSheet
    from hir_docs.model import Registration

SRC_MODULE = "Q&A 2018, spørgsmål til registrering af borgerforløb i SharePoint-modulet"
SRC_CHANGE = "Q&A 2018, spørgsmål 3 om modulet (skift af sagsbehandler)"
SRC_FICT = "Q&A 2018, spørgsmål 6 om modulet (opdigtede sagsbehandlere)"
SRC_HOURS = "Q&A 2018, spørgsmål 4 om modulet (timer pr. uge; reduceret tid)"
SRC_CASELOAD = "puljeopslag, Kriterier for tildeling af tilskud (max. 30-35 sager pr. koordinerende sagsbehandler); Q&A 2018, spørgsmål 3 og 19"
SRC_TIMES = "puljeopslag, indledning (registrering minimum tre gange i projektperioden)"


def _d(code: str, sev: Severity, src: str, text: str) -> Rule:
    return define(code, sev, "registrations", src, text)


E, W = Severity.ERROR, Severity.WARNING
REGISTRATIONS_NO_HEADER = _d(
    "registrations-no-header", E, SRC_MODULE, "Overskriftsrækken med modulets felter mangler."
)
REGISTRATIONS_COLUMN_MISSING = _d(
    "registrations-column-missing",
    E,
    SRC_MODULE,
    "Et af modulets felter mangler som kolonne (fejl; e-mail: advarsel).",
)
EMPTY = _d("registrations-empty", W, SRC_MODULE, "Skemaet indeholder ingen registreringer.")
CITIZEN_MISSING = _d("registrations-citizen-missing", E, SRC_MODULE, "Borger er ikke udfyldt.")
CPR_INVALID = _d(
    "registrations-cpr-invalid",
    E,
    SRC_MODULE,
    "Borgerens CPR-nummer er ugyldigt (10 cifre med en rigtig fødselsdato; modulus 11 kræves ikke).",
)
CASEWORKER_MISSING = _d(
    "registrations-caseworker-missing", E, SRC_MODULE, "Sagsbehandler er ikke udfyldt."
)
START_MISSING = _d(
    "registrations-start-missing", E, SRC_MODULE, "Dato start mangler eller kan ikke læses."
)
END_UNREADABLE = _d("registrations-end-unreadable", E, SRC_MODULE, "Dato slut kan ikke læses.")
END_BEFORE_START = _d(
    "registrations-end-before-start", E, SRC_CHANGE, "Dato slut ligger før dato start."
)
OPEN_TWICE = _d(
    "registrations-open-twice",
    E,
    SRC_CHANGE,
    "Samme borger har to åbne registreringer (uden dato slut); ved skift afsluttes den gamle.",
)
FICT_EMAIL = _d(
    "registrations-fictitious-email",
    E,
    SRC_FICT,
    "En opdigtet sagsbehandler (Barsel/fængsel, Sag overdraget til pensionsnævnet) skal have e-mail 123@abc.dk.",
)
FICT_HOURS = _d(
    "registrations-fictitious-hours",
    E,
    SRC_FICT,
    "En opdigtet sagsbehandler skal have 0 timer pr. uge.",
)
HOURS_MISSING = _d(
    "registrations-hours-missing", E, SRC_HOURS, "Timer pr. uge mangler eller kan ikke læses."
)
HOURS_ZERO = _d(
    "registrations-hours-zero",
    E,
    f"{SRC_HOURS}; {SRC_FICT}",
    "En rigtig sagsbehandler har 0 timer pr. uge (kun de opdigtede sagsbehandlere har 0).",
)
HOURS_ABOVE = _d(
    "registrations-hours-above-full-time",
    W,
    SRC_HOURS,
    "Timer pr. uge er over fuld tid (37 timer); det får sagsstammen til at se mindre ud.",
)
HOURS_DIFFER = _d(
    "registrations-hours-differ",
    W,
    SRC_HOURS,
    "Den samme sagsbehandler står med forskellige timer pr. uge.",
)
EMAIL_INVALID = _d(
    "registrations-email-invalid",
    W,
    SRC_MODULE,
    "Sagsbehandlerens e-mail mangler eller er ikke en gyldig e-mailadresse.",
)
CASELOAD_HIGH = _d(
    "registrations-caseload-too-high",
    E,
    SRC_CASELOAD,
    "En sagsbehandler har over 35 sager pr. fuldtidsstilling (37 timer) på en opgørelsesdato.",
)
TOO_FEW_DATES = _d(
    "registrations-too-few-dates",
    W,
    SRC_TIMES,
    "Færre end tre registreringsdatoer i projektperioden.",
)

# key -> (label in the module, severity when the column is missing)
REQUIRED_REGISTRATIONS: dict[str, tuple[str, Severity]] = {
    "citizen": ("Borger", E),
    "caseworker": ("Sagsbehandler", E),
    "hours": ("Timer pr. uge", E),
    "start": ("Dato start", E),
    "end": ("Dato slut", E),
    "email": ("E-mail", W),
}


@check("registrations")
def check_registrations(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    if model.layout.header_row is None:
        return
    if not model.rows:
        yield EMPTY.finding(
            "Skemaet indeholder ingen registreringer.",
            file=ctx.file,
            location=f"{model.layout.sheet}!A{model.layout.header_row + 1}",
            hint="Udfyld én række pr. borger pr. sagsbehandler, som i modulet.",
        )
        return
    yield from capped(_rows(model, ctx))
    yield from _open_twice(model, ctx)
    yield from _hours_differ(model, ctx)
    yield from _caseload(model, ctx)
    yield from _registration_dates(model, ctx)


def _rows(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    fictitious = fictitious_keys(ctx.pool)
    fict_email = normalise(ctx.pool["fictitious_email"])
    fict_hours = float(ctx.pool["fictitious_hours"])
    full_time = ctx.pool.number("hours_per_week_full_time")
    for r in model.rows:
        n, cite = r.row, who(r.citizen)
        if not r.citizen:
            yield CITIZEN_MISSING.finding(
                f"Borger er ikke udfyldt i række {n}.",
                file=f,
                field="citizen",
                location=lay.cell("cpr" if "cpr" in lay.columns else "citizen", n),
                hint="Skriv borgerens CPR-nummer (eller navn, som i modulet).",
            )
        elif looks_like_cpr(r.citizen):
            problem = cpr_problem(r.citizen)
            if problem:
                yield CPR_INVALID.finding(
                    f"CPR-nummeret i række {n} {problem}.",
                    file=f,
                    field="citizen",
                    location=lay.cell("cpr" if "cpr" in lay.columns else "citizen", n),
                    hint="Skriv borgerens CPR-nummer som DDMMÅÅ-LLLL.",
                )
        key = caseworker_key(r.caseworker)
        if not key:
            yield CASEWORKER_MISSING.finding(
                f"Sagsbehandler er ikke udfyldt for {cite} i række {n}.",
                file=f,
                field="caseworker",
                location=lay.cell("caseworker", n),
                hint="Skriv sagsbehandlerens navn, eller 'Barsel/fængsel' / 'Sag overdraget til pensionsnævnet'.",
            )
        yield from _dates(r, model, f, cite)
        if key in fictitious:
            yield from _fictitious(r, model, f, fict_email, fict_hours)
        elif key:
            yield from _real_caseworker(r, model, f, full_time)


def _dates(r: Registration, model: RegistrationSheet, f: str, cite: str) -> Iterator[Finding]:
    lay, n = model.layout, r.row
    if r.start is None:
        what = (
            "mangler"
            if r.raw_start is None
            else f"kan ikke læses som en dato ('{shown(r.raw_start)}')"
        )
        yield START_MISSING.finding(
            f"Dato start for {cite} i række {n} {what}.",
            file=f,
            field="start",
            location=lay.cell("start", n),
            hint="Skriv datoen som dd-mm-åååå, fx 01-03-2018, eller brug Excels datoformat.",
        )
    if r.end is None and r.raw_end is not None:
        yield END_UNREADABLE.finding(
            f"Dato slut for {cite} i række {n} kan ikke læses som en dato ('{shown(r.raw_end)}').",
            file=f,
            field="end",
            location=lay.cell("end", n),
            hint="Skriv datoen som dd-mm-åååå, eller lad feltet stå tomt, hvis forløbet ikke er slut.",
        )
    if r.start and r.end and r.end < r.start:
        yield END_BEFORE_START.finding(
            f"Dato slut {dato(r.end)} ligger før dato start {dato(r.start)} for {cite} i række {n}.",
            file=f,
            field="end",
            location=lay.cell("end", n),
            hint="Ret datoerne, så dato slut er den samme som eller efter dato start.",
        )


def _fictitious(
    r: Registration, model: RegistrationSheet, f: str, fict_email: str, fict_hours: float
) -> Iterator[Finding]:
    lay, n = model.layout, r.row
    if normalise(r.email) != fict_email:
        yield FICT_EMAIL.finding(
            f"'{shown(r.caseworker)}' i række {n} har e-mail '{shown(r.email or '')}'; den skal være 123@abc.dk.",
            file=f,
            field="email",
            location=lay.cell("email", n),
            hint="Skriv 123@abc.dk i feltet E-mail for de opdigtede sagsbehandlere.",
        )
    if r.hours != fict_hours:
        hours_text = "ingen" if r.hours is None else number(r.hours, 1 if r.hours % 1 else 0)
        yield FICT_HOURS.finding(
            f"'{shown(r.caseworker)}' i række {n} har {hours_text} timer pr. uge; det skal være 0.",
            file=f,
            field="hours",
            location=lay.cell("hours", n),
            hint="Skriv 0 i Timer pr. uge, så borgeren ikke tæller med i nogen sagsstamme.",
        )


def _real_caseworker(
    r: Registration, model: RegistrationSheet, f: str, full_time: float
) -> Iterator[Finding]:
    lay, n = model.layout, r.row
    if r.hours is None:
        yield HOURS_MISSING.finding(
            f"Timer pr. uge mangler eller kan ikke læses for {shown(r.caseworker)} i række {n}.",
            file=f,
            field="hours",
            location=lay.cell("hours", n),
            hint="Skriv sagsbehandlerens ugentlige timer som et tal, fx 37 (fuld tid).",
        )
    elif r.hours <= 0:
        yield HOURS_ZERO.finding(
            f"{shown(r.caseworker)} har 0 timer pr. uge i række {n}.",
            file=f,
            field="hours",
            location=lay.cell("hours", n),
            hint="Skriv sagsbehandlerens rigtige ugentlige timer (fx 37); 0 timer bruges kun til "
            "'Barsel/fængsel' og 'Sag overdraget til pensionsnævnet'.",
        )
    elif r.hours > full_time:
        yield HOURS_ABOVE.finding(
            f"{shown(r.caseworker)} har {number(r.hours, 1 if r.hours % 1 else 0)} timer pr. uge i række {n}; fuld tid er {number(full_time)} timer.",
            file=f,
            field="hours",
            location=lay.cell("hours", n),
            hint="Skriv de timer, sagsbehandleren arbejder med sagsstammen, højst 37.",
        )
    if not email_ok(r.email):
        what = "mangler" if not r.email else f"'{shown(r.email)}' er ikke en gyldig e-mailadresse"
        yield EMAIL_INVALID.finding(
            f"E-mail for {shown(r.caseworker)} i række {n} {what}.",
            file=f,
            field="email",
            location=lay.cell("email", n),
            hint="Skriv sagsbehandlerens arbejds-e-mail, fx navn@viborg.dk.",
        )


def _citizen_key(r: Registration) -> str:
    c = r.citizen or ""
    return c if looks_like_cpr(c) else normalise(c)


def _open_twice(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    first_open: dict[str, Registration] = {}
    out: list[Finding] = []
    for r in model.rows:
        if r.end is not None or r.raw_end is not None or r.start is None or not r.citizen:
            continue
        key = _citizen_key(r)
        if key in first_open:
            prev = first_open[key]
            out.append(
                OPEN_TWICE.finding(
                    f"{who(r.citizen).capitalize()} har to åbne registreringer: række {prev.row} "
                    f"({shown(prev.caseworker)}) og række {r.row} ({shown(r.caseworker)}).",
                    file=ctx.file,
                    field="end",
                    location=model.layout.cell("end", prev.row),
                    hint="Ved skift af sagsbehandler: sæt dato slut på den gamle registrering "
                    "(dagen før den nye starter), og lad kun den nye stå åben.",
                )
            )
        else:
            first_open[key] = r
    yield from capped(out)


def _hours_differ(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    fictitious = fictitious_keys(ctx.pool)
    by_cw: dict[str, list[Registration]] = {}
    for r in model.rows:
        key = caseworker_key(r.caseworker)
        if key and key not in fictitious and r.hours:
            by_cw.setdefault(key, []).append(r)
    for rows in by_cw.values():
        values = sorted({r.hours for r in rows if r.hours is not None})
        if len(values) < 2:
            continue
        first = rows[0]
        other = next(r for r in rows if r.hours != first.hours)
        values_text = " og ".join(number(v, 1 if v % 1 else 0) for v in values)
        yield HOURS_DIFFER.finding(
            f"{shown(first.caseworker)} står med forskellige timer pr. uge ({values_text}), fx række "
            f"{first.row} og række {other.row}.",
            file=ctx.file,
            field="hours",
            location=model.layout.cell("hours", other.row),
            hint="Brug samme timetal i alle sagsbehandlerens rækker; har timerne ændret sig, "
            "så tjek, at det er registreret som i modulet.",
        )


def _caseload(model: RegistrationSheet, ctx: Context) -> Iterator[Finding]:
    limit = ctx.pool.number("caseload_max")
    first_row: dict[str, int] = {}
    for r in model.rows:
        first_row.setdefault(caseworker_key(r.caseworker), r.row)
    over: dict[str, list[CaseloadPoint]] = {}
    for p in model.snapshots:
        if p.cases_per_fte is not None and p.cases_per_fte > limit + 1e-9:
            over.setdefault(p.caseworker, []).append(p)
    for caseworker, points in over.items():
        w = max(points, key=lambda p: p.cases_per_fte or 0.0)
        hours = w.hours or 0.0
        extra = f" og på {len(points) - 1} andre opgørelsesdatoer" if len(points) > 1 else ""
        yield CASELOAD_HIGH.finding(
            f"{shown(caseworker)} har {w.cases} borgere den {dato(w.date)} ved "
            f"{number(hours, 1 if hours % 1 else 0)} timer pr. uge = "
            f"{number(w.cases_per_fte, 1)} sager pr. fuldtidsstilling{extra}; puljens grænse er "
            f"max. {number(limit)}.",
            file=ctx.file,
            field="caseload",
            location=model.layout.cell("caseworker", first_row.get(caseworker_key(caseworker), 0)),
            hint="Fordel borgere til andre sagsbehandlere, eller tjek at afsluttede forløb har "
            "dato slut og at borgere på barsel/i fængsel står på den opdigtede sagsbehandler.",
        )


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
            location=f"{model.layout.sheet}!{model.layout.columns.get('start', 'A')}{(model.layout.header_row or 0) + 1}",
            hint="Registrér sagsstammerne løbende (mindst tre gange i projektperioden), og send "
            "hele registreringen med.",
        )
