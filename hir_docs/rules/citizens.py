"""Rules for "Skema til fraflyttede borgere" (kind ``relocated``).

The sheet exists so STAR's support desk can set the end date of citizens who moved
away, because the old jobcenter has lost access to them in the module (Q&A 2018,
spørgsmål 2 om modulet). A wrong CPR number or date means a wrong registration.
The helpers shared with the registration rules are in ``rules.citizen_text``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato
from hir_docs.kommuner import find_kommune
from hir_docs.rules import CASELOAD, Context, check, define, fill
from hir_docs.rules.citizen_text import (
    HINT_CPR,
    Cap,
    at,
    capped,
    cpr_problems,
    first_upper,
    shown,
    who,
)
from hir_docs.values import is_email

if TYPE_CHECKING:
    from hir_docs.model import RelocatedRow
    from hir_docs.model.citizens import RelocatedSheet, SheetLayout


RELOCATED_NO_HEADER = define(
    plugin=CASELOAD,
    code="relocated-no-header",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="Overskriftsrækken (CPR-nummer, navn, sagsbehandler, datoer, tilflytningskommune) mangler.",
    hint="Brug skemaet til fraflyttede borgere, og behold overskriftsrækken.",
)
RELOCATED_COLUMN_MISSING = define(
    plugin=CASELOAD,
    code="relocated-column-missing",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="CPR-nummer eller slutdato/fraflytningsdato mangler som kolonne.",
    hint="Tilføj kolonnen i overskriftsrækken (brug det officielle skema til fraflyttede borgere).",
)
RELOCATED_COLUMN_RECOMMENDED = define(
    plugin=CASELOAD,
    code="relocated-column-recommended-missing",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="En af skemaets øvrige kolonner (startdato, navn, sagsbehandler, e-mail, "
    "tilflytningskommune) mangler.",
    hint="Tilføj kolonnen i overskriftsrækken (brug det officielle skema til fraflyttede borgere).",
)
RELOCATED_EMPTY = define(
    code="relocated-empty",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Skemaet indeholder ingen borgere.",
    hint="Udfyld én række pr. fraflyttet borger, som jobcentret ikke selv har kunnet afslutte i modulet.",
)
RELOCATED_JOBCENTER = define(
    code="relocated-jobcenter-missing",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Jobcentret øverst i skemaet mangler eller er ikke en dansk kommune.",
    hint="Skriv jobcentrets navn, fx 'Jobcenter Viborg', i feltet Jobcenter.",
)
RELOCATED_CPR = define(
    code="relocated-cpr-invalid",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    source="CPR-nummerets opbygning: DDMMÅÅ-LLLL (siden 2007 består ikke alle gyldige CPR-numre modulus 11-kontrollen, så den kræves ikke)",
    description="CPR-nummeret mangler eller er ugyldigt (10 cifre med en rigtig fødselsdato; modulus 11 kræves ikke).",
    hint="Skriv borgerens CPR-nummer som 10 cifre (DDMMÅÅ-LLLL).",
)
RELOCATED_DUPLICATE = define(
    code="relocated-duplicate-citizen",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="Den samme borger (CPR-nummer) står flere gange i skemaet.",
    hint="Slet de ekstra rækker, så hver borger står én gang.",
)
RELOCATED_END_MISSING = define(
    code="relocated-end-missing",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="Slutdato/fraflytningsdato mangler (skemaet findes for at sætte den).",
    hint="Skriv datoen for borgerens fraflytning i kolonnen Slutdato.",
)
RELOCATED_START_MISSING = define(
    code="relocated-start-missing",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Startdatoen mangler (Landssupporten skal kunne finde forløbet).",
    hint="Skriv startdatoen for borgerens forløb.",
)
RELOCATED_DATE_UNREADABLE = define(
    code="relocated-date-unreadable",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="En dato kan ikke læses som dato.",
    hint="Skriv datoen som dd-mm-åååå, fx 01-03-2018.",
)
RELOCATED_END_BEFORE_START = define(
    code="relocated-end-before-start",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="Slutdatoen ligger før startdatoen.",
    hint="Ret start- eller slutdatoen.",
)
RELOCATED_OUTSIDE = define(
    code="relocated-date-outside-period",
    severity=Severity.ERROR,
    kind=DocKind.RELOCATED,
    description="Start- eller slutdato ligger uden for projektperioden ({project_start:dato} - {project_end:dato}).",
    hint="Ret datoen, så den ligger i projektperioden {project_start:dato} til {project_end:dato}.",
)
RELOCATED_DEST_UNKNOWN = define(
    code="relocated-destination-unknown",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Tilflytningskommunen mangler eller er ikke en af de 98 danske kommuner.",
    hint="Skriv navnet på den kommune, borgeren er flyttet til.",
)
RELOCATED_DEST_OWN = define(
    code="relocated-destination-own",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Tilflytningskommunen er jobcentrets egen kommune (borgeren er så ikke fraflyttet).",
    hint="Skriv den kommune, borgeren er flyttet til, eller fjern borgeren fra skemaet.",
)
RELOCATED_EMAIL = define(
    code="relocated-email-invalid",
    severity=Severity.WARNING,
    kind=DocKind.RELOCATED,
    description="Sagsbehandlerens e-mail mangler eller er ikke en gyldig e-mailadresse.",
    hint="Skriv sagsbehandlerens e-mailadresse, fx navn@kommune.dk.",
)

# ------------------------------------------------------------------ relocated checks

HINT_DATE = "Skriv datoen som dd-mm-åååå, fx 30-09-2018, eller brug Excels datoformat."


def _has_header(model: RelocatedSheet) -> bool:
    return model.layout.header_row is not None  # else the reader has said so


@check(DocKind.RELOCATED, emits=(RELOCATED_JOBCENTER, RELOCATED_EMPTY), plugin=CASELOAD)
def relocated_sheet(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    if not _has_header(model):
        return
    where = model.jobcenter_location or f"{model.layout.sheet}!A1"
    if not model.jobcenter:
        yield RELOCATED_JOBCENTER.finding(
            "Jobcentret er ikke udfyldt øverst i skemaet.",
            file=ctx.file,
            field="jobcenter",
            location=where,
        )
    elif model.municipality_code is None:
        yield RELOCATED_JOBCENTER.finding(
            f"Jobcentret '{shown(model.jobcenter)}' kan ikke kobles til en dansk kommune.",
            file=ctx.file,
            field="jobcenter",
            location=where,
            hint="Skriv jobcentret som 'Jobcenter <kommunenavn>', fx 'Jobcenter Viborg'.",
        )
    if not model.rows:
        yield RELOCATED_EMPTY.finding(
            "Skemaet indeholder ingen borgere.",
            file=ctx.file,
            location=f"{model.layout.sheet}!A{(model.layout.header_row or 0) + 1}",
        )


@check(DocKind.RELOCATED, emits=(RELOCATED_CPR, RELOCATED_DUPLICATE), plugin=CASELOAD)
def relocated_citizens(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    if _has_header(model):
        cap = Cap()
        yield from capped(_citizens(model, ctx, cap), cap=cap)


def _citizens(model: RelocatedSheet, ctx: Context, cap: Cap) -> Iterator[Finding]:
    lay, f = model.layout, ctx.file
    today = ctx.options.today or dt.date.today()
    cprs = [r.cpr for r in model.rows]
    problems = cpr_problems(cprs, today)
    if len(set(cprs)) == len(cprs) and not any(problems):
        return  # every number valid and distinct (a 50.000-row sheet): no row to name
    first_row: dict[str, int] = {}
    for r, cpr, problem in zip(model.rows, cprs, problems, strict=True):
        n = r.row
        if problem:
            if cap(RELOCATED_CPR):
                yield at(
                    RELOCATED_CPR, lay, f, "cpr", n, f"CPR-nummeret i række {n} {problem}.",
                    HINT_CPR,
                )  # fmt: skip
        elif cpr in first_row:
            if cap(RELOCATED_DUPLICATE):
                yield at(
                    RELOCATED_DUPLICATE, lay, f, "cpr", n,
                    f"{first_upper(who(cpr))} står både i række {first_row[cpr]} og række {n}.",
                    "Slet den ekstra række, så hver borger står én gang.",
                )  # fmt: skip
        else:
            first_row[cpr] = n  # type: ignore[index]


@check(
    DocKind.RELOCATED,
    emits=(
        RELOCATED_DATE_UNREADABLE,
        RELOCATED_END_MISSING,
        RELOCATED_START_MISSING,
        RELOCATED_END_BEFORE_START,
        RELOCATED_OUTSIDE,
    ),
    plugin=CASELOAD,
)
def relocated_dates(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    if not _has_header(model):
        return
    start_p, end_p = ctx.pool.date("project_start"), ctx.pool.date("project_end")
    cap = Cap()

    def found() -> Iterator[Finding]:
        for r in model.rows:  # fast path first: a 50.000-row sheet is mostly fine rows
            s, e = r.start, r.end
            if s is None or e is None or e < s or s < start_p or e > end_p:
                yield from _dates(r, model.layout, ctx.file, start_p, end_p, cap)

    yield from capped(found(), cap=cap)


@check(DocKind.RELOCATED, emits=(RELOCATED_DEST_UNKNOWN, RELOCATED_DEST_OWN), plugin=CASELOAD)
def relocated_destinations(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    if not _has_header(model):
        return
    own = model.municipality_code
    # Each destination written is looked up once; only rows with a bad one are walked.
    kommune_cache: dict[str, str | None] = {}
    bad: set[str | None] = set()
    for dest in {r.destination for r in model.rows}:
        if dest:
            k = find_kommune(dest)
            code = kommune_cache[dest] = k.code if k else None
            if code is None or code == own:
                bad.add(dest)
        else:
            bad.add(dest)
    if not bad:
        return
    cap = Cap()

    def found() -> Iterator[Finding]:
        for r in model.rows:
            if r.destination in bad:
                yield from _destination(r, model.layout, ctx.file, own, kommune_cache, cap)

    yield from capped(found(), cap=cap)


@check(DocKind.RELOCATED, emits=(RELOCATED_EMAIL,), plugin=CASELOAD)
def relocated_emails(model: RelocatedSheet, ctx: Context) -> Iterator[Finding]:
    if not _has_header(model):
        return
    email_cache: dict[str | None, bool] = {}
    cap = Cap()

    def found() -> Iterator[Finding]:
        for r in model.rows:
            ok = email_cache.get(r.email)
            if ok is None:
                ok = email_cache[r.email] = is_email(r.email)
            if not ok and cap(RELOCATED_EMAIL):
                what = (
                    "mangler"
                    if not r.email
                    else f"'{shown(r.email)}' er ikke en gyldig e-mailadresse"
                )
                yield at(
                    RELOCATED_EMAIL, model.layout, ctx.file, "email", r.row,
                    f"Sagsbehandlerens e-mail i række {r.row} {what}.",
                    "Skriv sagsbehandlerens e-mail, fx navn@viborg.dk, så Landssupporten kan svare.",
                )  # fmt: skip

    yield from capped(found(), cap=cap)


def _dates(
    r: RelocatedRow, lay: SheetLayout, f: str, start_p: dt.date, end_p: dt.date, cap: Cap
) -> Iterator[Finding]:
    """The date findings of one row (only those ``cap`` still shows are built)."""
    n = r.row
    for key, value, raw, label in (
        ("start", r.start, r.raw_start, "Startdatoen"),
        ("end", r.end, r.raw_end, "Slutdatoen"),
    ):
        if value is None and raw is not None and cap(RELOCATED_DATE_UNREADABLE):
            yield at(
                RELOCATED_DATE_UNREADABLE, lay, f, key, n,
                f"{label} i række {n} ('{shown(raw)}') kan ikke læses som en dato.", HINT_DATE,
            )  # fmt: skip
    if r.end is None and r.raw_end is None and cap(RELOCATED_END_MISSING):
        yield at(
            RELOCATED_END_MISSING, lay, f, "end", n,
            f"Slutdato/fraflytningsdato mangler for {who(r.cpr)} i række {n}.",
            "Skriv datoen, hvor borgeren flyttede fra kommunen; det er den, Landssupporten "
            "registrerer.",
        )  # fmt: skip
    if r.start is None and r.raw_start is None and cap(RELOCATED_START_MISSING):
        yield at(
            RELOCATED_START_MISSING, lay, f, "start", n,
            f"Startdatoen mangler for {who(r.cpr)} i række {n}.",
            "Skriv startdatoen, som borgeren er registreret med i modulet.",
        )  # fmt: skip
    if r.start and r.end and r.end < r.start and cap(RELOCATED_END_BEFORE_START):
        yield at(
            RELOCATED_END_BEFORE_START, lay, f, "end", n,
            f"Slutdatoen {dato(r.end)} ligger før startdatoen {dato(r.start)} i række {n}.",
            "Ret datoerne, så slutdatoen er den samme som eller efter startdatoen.",
        )  # fmt: skip
    for key, value, label in (("start", r.start, "Startdatoen"), ("end", r.end, "Slutdatoen")):
        if value is not None and not (start_p <= value <= end_p) and cap(RELOCATED_OUTSIDE):
            yield at(
                RELOCATED_OUTSIDE, lay, f, key, n,
                f"{label} {dato(value)} i række {n} ligger uden for projektperioden "
                f"({dato(start_p)} - {dato(end_p)}).",
                fill("Tjek årstallet; kun forløb i projektperioden registreres i {short_name}-modulet."),
            )  # fmt: skip


def _destination(
    r: RelocatedRow,
    lay: SheetLayout,
    f: str,
    own: str | None,
    cache: dict[str, str | None],
    cap: Cap,
) -> Iterator[Finding]:
    n = r.row
    dest = r.destination
    if dest and dest not in cache:
        k = find_kommune(dest)
        cache[dest] = k.code if k else None
    code = cache.get(dest) if dest else None
    if code is None:
        if not cap(RELOCATED_DEST_UNKNOWN):
            return
        what = "mangler" if not dest else f"'{shown(dest)}' er ikke en dansk kommune"
        yield at(
            RELOCATED_DEST_UNKNOWN, lay, f, "destination", n,
            f"Tilflytningskommunen for {who(r.cpr)} i række {n} {what}.",
            "Skriv navnet på kommunen, borgeren er flyttet til, fx 'Aarhus Kommune'.",
        )  # fmt: skip
    elif own is not None and code == own and cap(RELOCATED_DEST_OWN):
        yield at(
            RELOCATED_DEST_OWN, lay, f, "destination", n,
            f"{first_upper(who(r.cpr))} i række {n} er 'flyttet' til jobcentrets egen kommune "
            f"({shown(dest)}).",
            "Skemaet er kun til borgere, der er flyttet til en anden kommune; afslut andre "
            "forløb selv i modulet.",
        )  # fmt: skip
