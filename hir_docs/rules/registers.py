"""The registers the two other pools keep, as documents of a check (issue 23).

- ``activity`` (Flere skal med, plug-in "activity"): the monthly register of the citizens
  of the indsatsgruppe; the share in a counted activity per month, and whether and from
  when the instalment the activity requirement releases can be requested — a forecast,
  because STAR's own monthly monitoring decides (``model.activity``).
- ``progression`` (Flere skal med, plug-in "progression"): the questionnaire per citizen at
  the first conversation, within a year and at exit (``model.progression``).
- ``participants`` (the 2011 programme, plug-in "participants"): one row per participant
  with the dates of the payment events (``model.results``).

The readers (``readers.registers``) read the sheet by label and keep what they found wrong
as ``RegisterDoc.problems``; the checks here state them through the catalogue (so the code,
severity and the pool's source always agree) and add what needs the pool's facts (the
forecast, the measuring schedule). Each check belongs to its plug-in: off for a pool that
does not keep the register. A rule's source in the pool's documents is the pool's data
(``<pool>/rules.toml``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.rules import RULES, Context, Rule, check, define

ACTIVITY, PROGRESSION, PARTICIPANTS = "activity", "progression", "participants"

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note
_SHEET = "Brug puljens tomme register (siden Tomme skemaer), og behold dets overskrifter."

# code -> (severity, description, default hint). Severities: one per code (the readers use
# the same; a test holds them equal).
_ACTIVITY: dict[str, tuple[Severity, str, str]] = {
    "activity-file-unreadable": (
        E,
        "Aktivitetsregistret kan ikke åbnes.",
        "Gem filen igen som Excel-projektmappe (.xlsx).",
    ),
    "activity-no-header": (
        E,
        "Aktivitetsregistret har ingen overskriftsrække med CPR-nummer og måneder.",
        _SHEET,
    ),
    "activity-column-missing": (
        E,
        "En kolonne, som opgørelsen skal bruge, mangler i aktivitetsregistret.",
        _SHEET,
    ),
    "activity-month-unreadable": (
        E,
        "En månedsoverskrift kan ikke læses som en kalendermåned.",
        "Skriv måneden som fx 'jan 2018' eller '2018-01'.",
    ),
    "activity-month-twice": (
        E,
        "Den samme måned står i to kolonner.",
        "Slet den ene kolonne, eller ret overskriften.",
    ),
    "activity-month-outside-period": (
        W,
        "En måned ligger uden for projektperioden og tælles ikke med.",
        "Fjern kolonnen, eller ret måneden.",
    ),
    "activity-cpr-unreadable": (
        E,
        "Et CPR-nummer i aktivitetsregistret kan ikke læses.",
        "Skriv CPR-nummeret som ddmmåå-xxxx.",
    ),
    "activity-citizen-twice": (
        E,
        "Den samme borger står i to rækker.",
        "Saml borgerens måneder i én række.",
    ),
    "activity-group-unreadable": (
        E,
        "Gruppen ved startafklaringen er ikke 1, 2 eller 3.",
        "Skriv 1, 2 eller 3.",
    ),
    "activity-date-unreadable": (
        E,
        "En dato i aktivitetsregistret kan ikke læses.",
        "Skriv datoen som dd-mm-åååå.",
    ),
    "activity-word-unknown": (
        E,
        "En aktivitet i en måned er ikke en af dem, der tæller, eller et kendt ord for ingen aktivitet.",
        "Skriv en af aktiviteterne fra listen, eller 'ingen'.",
    ),
    "activity-register-empty": (
        W,
        "Aktivitetsregistret har ingen borgere.",
        "Skriv én række pr. startafklaret borger.",
    ),
    "activity-rows-capped": (
        W,
        "Aktivitetsregistret er for langt: kun de første rækker er læst.",
        "Del registret i flere filer.",
    ),
    "activity-forecast": (
        N,
        "Aktivitetskravet til raten: andelen af indsatsgruppen i tællende aktivitet pr. måned, og fra hvornår raten kan anmodes om (en prognose: STAR's månedlige monitorering afgør det).",
        "Tallene er hir-docs' opgørelse af jeres register; STAR's egen månedlige monitorering afgør, hvornår kravet er nået.",
    ),
}
_PROGRESSION: dict[str, tuple[Severity, str, str]] = {
    "progression-file-unreadable": (
        E,
        "Progressionsskemaet kan ikke åbnes.",
        "Gem filen igen som Excel-projektmappe (.xlsx).",
    ),
    "progression-no-header": (
        E,
        "Progressionsskemaet har ingen overskriftsrække med CPR-nummer, måling og spørgsmål.",
        _SHEET,
    ),
    "progression-column-missing": (
        E,
        "En kolonne mangler i progressionsskemaet (CPR-nummer, måling, dato eller et spørgsmål).",
        _SHEET,
    ),
    "progression-column-twice": (
        E,
        "Det samme spørgsmål står i to kolonner.",
        "Slet den ene kolonne.",
    ),
    "progression-cpr-unreadable": (
        E,
        "Et CPR-nummer i progressionsskemaet kan ikke læses.",
        "Skriv CPR-nummeret som ddmmåå-xxxx.",
    ),
    "progression-measurement-unreadable": (
        E,
        "Målingen er ikke startafklaring, opfølgning eller afslutning.",
        "Skriv startafklaring, opfølgning eller afslutning.",
    ),
    "progression-measurement-twice": (
        W,
        "Den samme måling står to gange for en borger.",
        "Behold én række pr. borger og måling.",
    ),
    "progression-date-unreadable": (
        E,
        "En dato i progressionsskemaet kan ikke læses.",
        "Skriv datoen som dd-mm-åååå.",
    ),
    "progression-answer-unreadable": (E, "Et svar er ikke ét tal.", "Skriv svaret som ét tal."),
    "progression-answer-missing": (
        W,
        "Et spørgsmål er ikke besvaret i en måling.",
        "Udfyld svaret, eller skriv i en note, hvorfor det mangler.",
    ),
    "progression-answer-out-of-range": (
        E,
        "Et svar ligger uden for svarskalaen.",
        "Ret svaret til et tal på skalaen.",
    ),
    "progression-scale-unknown": (
        N,
        "Svarenes skala kendes ikke, så svar uden for skalaen kontrolleres ikke.",
        "Kontrollér selv, at svarene ligger på spørgsmålsrammens skala.",
    ),
    "progression-empty": (
        W,
        "Progressionsskemaet har ingen målinger.",
        "Skriv én række pr. borger og måling.",
    ),
    "progression-rows-capped": (
        W,
        "Progressionsskemaet er for langt: kun de første rækker er læst.",
        "Del skemaet i flere filer.",
    ),
    "progression-first-missing": (
        E,
        "En borger mangler målingen ved første samtale (startafklaringen).",
        "Indhent besvarelsen, og skriv den i skemaet.",
    ),
    "progression-second-missing": (
        E,
        "En borger, der fortsætter i indsatsen, mangler målingen senest et år efter den første.",
        "Indhent besvarelsen, og skriv den i skemaet.",
    ),
    "progression-second-late": (
        W,
        "Den anden måling er taget mere end et år efter den første.",
        "Kontrollér datoen.",
    ),
    "progression-exit-missing": (
        N,
        "En borger, der har afsluttet indsatsen, har ingen afslutningsmåling (den indhentes så vidt muligt).",
        "Indhent besvarelsen, hvis det er muligt.",
    ),
}
_PARTICIPANTS: dict[str, tuple[Severity, str, str]] = {
    "participants-unreadable": (
        E,
        "Deltagerregistret kan ikke åbnes.",
        "Gem filen igen som Excel-projektmappe (.xlsx).",
    ),
    "participants-no-header": (
        E,
        "Deltagerregistret har ingen overskriftsrække med deltager og matchgruppe.",
        _SHEET,
    ),
    "participants-column-missing": (
        E,
        "En kolonne, som udbetalingen skal bruge, mangler i deltagerregistret.",
        _SHEET,
    ),
    "participants-row-cap": (
        W,
        "Deltagerregistret er for langt: kun de første rækker er læst.",
        "Del registret i flere filer.",
    ),
    "participants-empty": (
        E,
        "Deltagerregistret har ingen deltagere.",
        "Skriv én række pr. deltager.",
    ),
    "participants-id-missing": (
        E,
        "En række har ingen deltager-id eller CPR-nummer.",
        "Skriv deltagerens id (fx jobcentrets løbenummer).",
    ),
    "participants-duplicate": (
        E,
        "Den samme deltager står i to rækker; kun den første tæller.",
        "Saml deltagerens oplysninger i én række.",
    ),
    "participants-value-invalid": (
        E,
        "En celle i deltagerregistret kan ikke læses.",
        "Ret cellen (datoer som dd-mm-åååå, mentorstøtte ja/nej).",
    ),
    "participants-matchgroup": (
        E,
        "Deltageren er ikke i programmets målgruppe (matchgruppe 2 eller 3).",
        "Ret matchgruppen, eller tag deltageren ud af registret.",
    ),
    "participants-entry-missing": (
        E,
        "Datoen for indtræden i projektet mangler.",
        "Skriv datoen for indtræden.",
    ),
    "participants-benefit-start-missing": (
        W,
        "Ydelsesstarten mangler, så målgruppen for matchgruppe 2 kan ikke kontrolleres.",
        "Skriv ydelsesstarten.",
    ),
    "participants-not-on-benefit": (
        E,
        "Ydelsesstarten ligger efter indtræden i projektet.",
        "Ret datoerne.",
    ),
    "participants-benefit-too-long": (
        E,
        "En deltager i matchgruppe 2 har modtaget ydelsen i mere end 1½ år ved indtræden.",
        "Ret matchgruppen eller datoerne, eller tag deltageren ud af registret.",
    ),
    "participants-outside-period": (
        E,
        "En dato for en hændelse ligger uden for projektperioden og udløser ikke støtte.",
        "Ret datoen.",
    ),
    "participants-date-order": (
        W,
        "En hændelse er registreret før den hændelse, der går forud for den.",
        "Kontrollér datoerne.",
    ),
    "participants-no-mentor-support": (
        W,
        "Indsatsplanen angiver ikke mentorstøtte, så 40 %-hændelsen er ikke nået.",
        "Angiv mentorstøtten i indsatsplanen, og skriv 'ja' i registret.",
    ),
}


def _define(table: dict[str, tuple[Severity, str, str]], kind: DocKind) -> dict[str, Rule]:
    return {
        code: define(code=code, severity=sev, kind=kind, description=desc, hint=hint)
        for code, (sev, desc, hint) in table.items()
    }


ACTIVITY_RULES = _define(_ACTIVITY, DocKind.ACTIVITY)
PROGRESSION_RULES = _define(_PROGRESSION, DocKind.PROGRESSION)
PARTICIPANT_RULES = _define(_PARTICIPANTS, DocKind.PARTICIPANTS)
FORECAST = ACTIVITY_RULES["activity-forecast"]
SCHEDULE = tuple(
    PROGRESSION_RULES[c]
    for c in (
        "progression-first-missing",
        "progression-second-missing",
        "progression-second-late",
        "progression-exit-missing",
    )
)


@dataclass
class RegisterDoc:
    """A register as read: its model and what the reader found wrong with the sheet (stated
    by the register's check, through the catalogue)."""

    model: Any
    problems: tuple[Finding, ...] = ()
    extra: dict[str, Any] | None = None  # what a check needs beside the model


def _stated(doc: RegisterDoc, ctx: Context, skip: tuple[Rule, ...] = ()) -> Iterator[Finding]:
    codes = {r.code for r in skip}
    for f in doc.problems:
        if f.code in codes:
            continue
        yield RULES[f.code].finding(
            f.message,
            file=ctx.file,
            field=f.field,
            location=f.location,
            hint=f.hint,
            pool=ctx.pool,
        )


@check(
    DocKind.ACTIVITY,
    emits=tuple(r for r in ACTIVITY_RULES.values() if r is not FORECAST),
    plugin=ACTIVITY,
)
def activity_sheet(doc: RegisterDoc, ctx: Context) -> Iterator[Finding]:
    yield from _stated(doc, ctx)


@check(DocKind.ACTIVITY, emits=(FORECAST,), plugin=ACTIVITY)
def activity_forecast(doc: RegisterDoc, ctx: Context) -> Iterator[Finding]:
    """The share per month and the first run of months at the threshold: whether and from
    when the instalment the pool's payment model ties to the activity requirement can be
    requested (a forecast)."""
    from hir_docs.model.activity import instalment_forecast, monthly_shares
    from hir_docs.pools.payment import payment_spec

    register = doc.model
    if not register.citizens or not register.months:
        return
    pool = ctx.pool
    event = next((e for e in payment_spec(pool).events if e.condition == ACTIVITY), None)
    if event is None or event.share is None:
        return
    earliest = pool[event.earliest] if event.earliest else dt.date.min
    shares = monthly_shares(
        register.citizens, register.months, counted=tuple(pool["activity_words"])
    )
    forecast = instalment_forecast(
        shares,
        earliest_payment=earliest,
        length=int(pool.number("activity_months")),
        threshold=Fraction(str(pool.number("activity_threshold_pct"))) / 100,
        instalment=_instalment_number(event.key),
        instalment_share=event.share,
    )
    yield FORECAST.finding(forecast.text, file=ctx.file, field="activity", pool=pool)


def _instalment_number(key: str) -> int:
    digits = "".join(ch for ch in key if ch.isdigit())
    return int(digits) if digits else 0


@check(
    DocKind.PROGRESSION,
    emits=tuple(r for r in PROGRESSION_RULES.values() if r not in SCHEDULE),
    plugin=PROGRESSION,
)
def progression_sheet(doc: RegisterDoc, ctx: Context) -> Iterator[Finding]:
    yield from _stated(doc, ctx, skip=SCHEDULE)


@check(DocKind.PROGRESSION, emits=SCHEDULE, plugin=PROGRESSION)
def progression_schedule(doc: RegisterDoc, ctx: Context) -> Iterator[Finding]:
    """The measurements per citizen: first conversation, again within the pool's months,
    at exit as far as possible (never an error)."""
    codes = {r.code for r in SCHEDULE}
    for f in doc.problems:
        if f.code in codes:
            yield RULES[f.code].finding(
                f.message, file=ctx.file, field=f.field, location=f.location, hint=f.hint,
                pool=ctx.pool,
            )  # fmt: skip


@check(DocKind.PARTICIPANTS, emits=tuple(PARTICIPANT_RULES.values()), plugin=PARTICIPANTS)
def participant_sheet(doc: RegisterDoc, ctx: Context) -> Iterator[Finding]:
    yield from _stated(doc, ctx)
