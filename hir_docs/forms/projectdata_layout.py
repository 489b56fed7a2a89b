"""Labels of the project-data workbook, shared by the writer and the reader.

The reader finds everything by these labels (sheet names, header texts, row labels),
never by coordinate; change a label here and both sides follow.
"""

from __future__ import annotations

import datetime as dt

from hir_docs.pools import Pool, load_pool
from hir_docs.pools.reports import report_layout

MARKER = "hir-docs projektdata"  # in Vejledning!A1; what the classifier looks for
TITLE = load_pool().text("projectdata_title")  # the default pool's (texts.toml)

GUIDE = "Vejledning"
PROJECT = "Projekt"
BUDGET = "Budget"
SPENDING = "Forbrug"
STATUS = "Status"
FINAL = "Slutrapport"
CRITERIA = "Succeskriterier"
LABOUR = "Arbejdsmarkedsstatus"
INSTALMENTS = "Udbetalinger"
REPORTS = "Rapporter"
CASELOAD = "Sagsstammer"
OBLIGATIONS = "Forpligtelser"
GRANT = "Tilsagn"
CHANGES = "Godkendte ændringer"
INCOME = "Indtægter"
LISTS = "Lister"

# Projekt sheet: key -> (label, is input). Every pool's rows; a pool whose success
# criterion is a share ("kind" = "share" in reports.toml) adds the application's target
# after the project period, labelled by its ``target_label`` (``project_fields``).
_FIELDS_BEFORE: dict[str, tuple[str, bool]] = {
    "project_name": ("Projektets navn", False),
    "municipality": ("Kommune", False),
    "municipality_code": ("Kommunekode", False),
    "cvr": ("CVR-nummer", False),
    "contact": ("Projekt- og tilskudsansvarlig", False),
    "requested_amount": ("Ansøgt beløb (kr.)", False),
    "grant": ("Bevilget tilskud (kr.)", True),
    "journal_number": ("Journalnummer hos STAR", True),
    "project_start": ("Projektperiode, start", False),
    "project_end": ("Projektperiode, slut", False),
}
_FIELDS_AFTER: dict[str, tuple[str, bool]] = {
    "participants": ("Borgere i projektet i alt (også dem, der kom til undervejs)", True),
    "management_name": ("Ledelsens underskriver, navn", True),
    "management_title": ("Ledelsens underskriver, titel", True),
    "auditor_name": ("Revisor (navn og firma)", True),
}
TARGET_FIELD = "passive_target_raw"  # the ProjectData attribute holding the share's target


def project_fields(pool: Pool | None = None) -> dict[str, tuple[str, bool]]:
    """The Projekt sheet's rows for ``pool`` (default: the default pool)."""
    reports = report_layout(pool or load_pool())
    target = list(reports.criteria_target_label.values())
    middle = {TARGET_FIELD: (target[0], False)} if target else {}
    return {**_FIELDS_BEFORE, **middle, **_FIELDS_AFTER}


def report_prefixes(pool: Pool | None = None) -> dict[str, str]:
    """Report titles (the start of the Rapporter sheet's Rapport cell) -> report key prefix,
    from ``pool``'s reports.toml ([titles]; default: the default pool)."""
    title = report_layout(pool or load_pool()).title
    return {title(kind): kind for kind in ("status", "part", "final", "accounts")}


# The default pool's (the reader's, until it reads by the document's pool).
PROJECT_FIELDS: dict[str, tuple[str, bool]] = project_fields()
PROJECT_HEADER = ("Oplysning", "Værdi")

H_LINE = "Linje"
H_POST = "Udgiftspost"
H_FUNCTION = "Medarbejder/funktion"
H_PERSONS = "Antal personer"
H_HOURS = "Timer i alt"
H_RATE = "Timesats (kr.)"
H_TOTAL = "Budget i alt (kr.)"
H_ELIGIBLE = "Tilskudsberettiget"
H_SPENT_TOTAL = "Forbrug i alt (kr.)"
H_REMARK = "Bemærkning / forklaring på afvigelse"
H_INCOME = "Finansiering ud over STAR-tilskud"
H_AMOUNT = "Beløb (kr.)"
EXTRA_SPENDING_ROWS = 5


def h_year(year: int) -> str:
    return f"Budget {year} (kr.)"


def h_spent(period: str) -> str:
    return f"Forbrug {period} (kr.)"


def h_remark(period: str) -> str:
    return f"Bemærkning {period}"


H_CASEWORKER = "Koordinerende sagsbehandler"
H_WEEK_HOURS = "Timer pr. uge"
H_CW_START = "Start i projektet"  # empty: from the project start
H_CW_END = "Slut i projektet"  # empty: to the project end
CASEWORKER_ROWS = 15
CASELOAD_PREFIX = "Sager i alt"


def h_caseload(day: dt.date) -> str:
    """'Sager i alt 31-03-2018' (the caseworker's whole caseload on that day)."""
    return f"{CASELOAD_PREFIX} {day:%d-%m-%Y}"


H_OBLIGATION = "Forpligtelse"
H_DUE = "Hvornår (puljeopslaget)"
H_DONE = "Gennemført"
H_DONE_DATE = "Dato"


H_PERIOD = "Halvår"
H_SECTION = "Afsnit"
H_TEXT = "Tekst"

H_CRITERION = "Succeskriterium"
H_TARGET = "Mål"
H_NOTE = "Bemærkning"

H_STATUS = "Arbejdsmarkedsstatus"
H_AT_START = "Ved projektstart (antal)"  # or when the citizen joined the project
H_AT_END = "Ved projektafslutning (antal)"
TOTAL_LABEL = "I alt"

H_PAID_DATE = "Udbetalingsdato"
INSTALMENT_ROWS = 8

H_REPORT = "Rapport"
H_DEADLINE = "Frist"  # as in the grant letter (tilsagnsbrev)
H_SUBMITTED = "Indsendt dato"
H_EXPECTED = "Forventet frist (hir-docs) – tjek tilsagnsbrevet"

# Report titles (start of the Rapport cell) -> report kind key prefix: the default pool's
# (``report_prefixes(pool)`` for another pool).
REPORT_PREFIXES = report_prefixes()

YES, NO = "Ja", "Nej"


# Tilsagn sheet: the approved grant as recorded by ``report init`` (protected). Three
# tables, each under its own header row: the facts, the approved expense lines (the
# Budget sheet's headers), the income rows; then the deadlines of the grant letter.
GRANT_TITLE = (
    "Tilsagn: det godkendte budget, som det blev registreret, da projektdata blev oprettet. "
    "Arket er låst; en ændring, STAR har godkendt skriftligt, skrives på arket "
    "'Godkendte ændringer'."
)
GRANT_HEADER = ("Tilsagnet", "Værdi")
GRANT_FIELDS: dict[str, str] = {
    "grant": "Tilskud i det godkendte budget (kr.)",
    "project_start": "Projektperiode, start",
    "project_end": "Projektperiode, slut",
    "journal_number": "Journalnummer hos STAR",
    "fingerprint": "Fingeraftryk (sha256)",
}
H_GRANT_DEADLINE = "Frist i tilsagnet"

# Godkendte ændringer sheet: changes of the approved budget STAR has approved in writing.
H_CHANGE_DATE = "Dato for STARs skriftlige godkendelse"
H_CHANGE_REF = "STARs reference (brev eller journalnummer)"
H_CHANGE_LINE = "Linje (fx L3) eller indtægt"
H_CHANGE_OLD = "Hidtil godkendt beløb (kr.)"
H_CHANGE_NEW = "Nyt godkendt beløb (kr.)"
CHANGE_ROWS = 10

# Indtægter sheet: money received from other grantors, per half-year.
H_GRANTOR = "Anden tilskudsgiver"
H_BUDGETED = "Budgetteret (kr.)"
H_RECEIVED_PREFIX = "Modtaget"


def h_received(period: str) -> str:
    """'Modtaget 2018-H1 (kr.)'."""
    return f"{H_RECEIVED_PREFIX} {period} (kr.)"
