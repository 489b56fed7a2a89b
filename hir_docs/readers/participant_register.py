"""The participant register of the 2011 programme "Koordineret virksomhedsrettet indsats":
one row per participant in an xlsx workbook, read by label, checked row by row.

The programme pays by results registered per participant (the programme description,
Økonomimodel; the jobcenter registers in a web registration system). This register is the
jobcenter's own copy of those facts, so hir-docs can forecast and control the quarterly
payment (``model.results.statement``).

Columns (``COLUMNS``: key -> the headers people type; the first is the blank register's):

===================  ==============================================  =======================
key                  header in the blank register                    value
===================  ==============================================  =======================
ident                Deltager-id eller CPR-nummer                    id text, or CPR number
matchgroup           Matchgruppe (2 eller 3)                         2 or 3
benefit_start        Ydelsesstart                                    date (start/kontanthjælp)
entry                Indtræden i projektet                           date
first_interview      Første samtale                                  date
action_plan          Indsatsplan udformet                            date
mentor_support       Mentorstøtte angivet i indsatsplanen (ja/nej)   ja / nej
company_offer        Virksomhedsrettet tilbud påbegyndt              date
ordinary_job         Ordinært job påbegyndt                          date
education            Uddannelse påbegyndt                            date
===================  ==============================================  =======================

The 30 % event is reached by any of three facts (an offer, a job, education); each has a
date column of its own, so a participant who starts an offer and later a job is recorded
in full, and the column says which fact it is (the earliest date reaches the event). All
columns are required (a missing one is an error: the register cannot say what it is for).

The header row is found in the first ``HEADER_SCAN_ROWS`` rows of any sheet by normalised
header text (``readers.citizen_table.find_header``: synonyms, a header may go on after a
synonym, e.g. "Matchgruppe (2 eller 3)"); rows may be inserted above it, sheets renamed,
extra columns added. At most ``MAX_ROWS`` rows under the header are read (a warning says so
when a sheet has more). The workbook is opened with openpyxl read-only; the pipeline's
safety pass (``files.safety``) is expected to have run first, and an unreadable file is a
problem, never an exception.

The reader returns the ``Register`` and a list of ``Finding`` values (code, severity,
location ``Ark!C12``, Danish message and hint, source). A CPR number is never shown in
full: ``Participant.shown`` is masked (``formatting.mask_cpr``), and so is any cell text
repeated in a message. ``check_register`` runs the row checks on a register built any
other way. The codes and severities are the catalogue's (``rules.registers``), the sources
the pool's (``<pool>/rules.toml``).

Months on benefit (target group, matchgroup 2 "op til 1½ år"): exact calendar arithmetic,
``model.results.target_status``: the entry may be at most the day 18 calendar months after
the benefit start (exactly 18 months is allowed); whole months are counted for the message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hir_docs.files.failures import library_output_muted
from hir_docs.files.output import atomic_write
from hir_docs.findings import Finding
from hir_docs.formatting import dato_kort, mask_cpr, mask_cpr_text
from hir_docs.labels import normalise
from hir_docs.model.results import (
    ASSUMPTION_ORDER,
    ASSUMPTION_PERIOD,
    FACTS,
    PROGRAMME_2011_EVENTS,
    PROGRAMME_2011_TARGET,
    SOURCE_DOCUMENT,
    SRC_MODEL,
    SRC_REGISTRATION,
    Participant,
    PaymentEvent,
    Register,
    TargetGroup,
    add_months,
    order_breaks,
    reached,
    target_status,
    whole_months,
)
from hir_docs.readers.citizen_table import HEADER_SCAN_ROWS, column_letter, find_header
from hir_docs.rules.registers import PARTICIPANT_RULES
from hir_docs.values import parse_date

MAX_ROWS = 50_000
MAX_HEADER_COLUMNS = 200
SHEET_NAME = "Deltagere"

COLUMNS: dict[str, list[str]] = {
    "ident": [
        "Deltager-id eller CPR-nummer", "Deltager-id", "Deltager id", "Deltagernummer",
        "Deltager nr", "Løbenummer", "ID", "CPR-nummer", "CPR-nr.", "CPR nr", "CPR",
        "Personnummer",
    ],
    "matchgroup": ["Matchgruppe", "Match gruppe", "Matchkategori", "Match"],
    "benefit_start": [
        "Ydelsesstart", "Dato for ydelsesstart", "Startdato for ydelse", "Ydelse startdato",
        "Start på ydelse", "Start på kontanthjælp", "Start på start- og kontanthjælp",
        "Første dag på ydelse",
    ],
    "entry": [
        "Indtræden i projektet", "Dato for indtræden i projektet", "Indtrædelsesdato",
        "Indtræden", "Projektindtræden", "Start i projektet", "Startdato i projektet",
    ],
    "first_interview": [
        "Første samtale", "Dato for første samtale", "Første samtale afholdt", "1. samtale",
    ],
    "action_plan": [
        "Indsatsplan udformet", "Dato for indsatsplan", "Indsatsplan dato", "Indsatsplan",
        "Indsatsplanen udformet",
    ],
    "mentor_support": [
        "Mentorstøtte angivet i indsatsplanen", "Mentorstøtte angivet", "Mentorstøtte",
        "Indsatsplan med mentorstøtte", "Indsatsplan mentorstøtte", "Mentor",
    ],
    "company_offer": [
        "Virksomhedsrettet tilbud påbegyndt", "Start på virksomhedsrettet tilbud",
        "Virksomhedsrettet tilbud", "Virksomhedsrettet tilbud startdato",
    ],
    "ordinary_job": [
        "Ordinært job påbegyndt", "Start i ordinært job", "Ordinært job", "Ordinær job",
        "Job påbegyndt",
    ],
    "education": [
        "Uddannelse påbegyndt", "Start på uddannelse", "Uddannelse", "Uddannelse startdato",
    ],
}  # fmt: skip
TEMPLATE_HEADERS: dict[str, str] = {
    "ident": "Deltager-id eller CPR-nummer",
    "matchgroup": "Matchgruppe (2 eller 3)",
    "benefit_start": "Ydelsesstart",
    "entry": "Indtræden i projektet",
    "first_interview": "Første samtale",
    "action_plan": "Indsatsplan udformet",
    "mentor_support": "Mentorstøtte angivet i indsatsplanen (ja/nej)",
    "company_offer": "Virksomhedsrettet tilbud påbegyndt",
    "ordinary_job": "Ordinært job påbegyndt",
    "education": "Uddannelse påbegyndt",
}
DATE_KEYS = (
    "benefit_start", "entry", "first_interview", "action_plan", "company_offer",
    "ordinary_job", "education",
)  # fmt: skip
EVENT_DATE_KEYS = ("first_interview", "action_plan", "company_offer", "ordinary_job", "education")
COLUMN_NAMES: dict[str, str] = {
    "benefit_start": "ydelsesstart",
    "entry": "indtræden i projektet",
    **{k: FACTS[k] for k in EVENT_DATE_KEYS},
}

YES = frozenset({"ja", "j", "x", "yes", "y", "1", "sand", "true", "angivet", "mentorstøtte"})
NO = frozenset({"nej", "n", "no", "0", "falsk", "false", "ikke angivet", "ingen", "-"})

# ---------------------------------------------------------------- the problems

SRC_SHEET = (
    f"{SRC_REGISTRATION}; antaget: jobcentret fører også deltagerne i et regneark med én række "
    "pr. deltager (deltagerregistret) som sin egen kontrol af registreringen"
)
SRC_ORDER = (
    f"{SRC_MODEL}; antaget: hændelserne nås i modellens rækkefølge (indtræden, første samtale, "
    f"indsatsplan, tilbud/job/uddannelse); {ASSUMPTION_ORDER}"
)
SRC_PERIOD = (
    f"{SRC_MODEL}; antaget: projektperioden står i bevillingen (programbeskrivelsen har ingen "
    f"fælles periode); {ASSUMPTION_PERIOD}"
)
SRC_ON_BENEFIT = (
    f"{SOURCE_DOCUMENT}, afsnit Målgruppen (»Indsats for personer i matchgruppe 2 og 3, der "
    "modtager start- og kontanthjælp«)"
)


def _finding(
    code: str, message: str, hint: str, location: str | None = None, field: str | None = None
) -> Finding:
    # As the catalogue states it (code, severity, the pool's source).
    return PARTICIPANT_RULES[code].finding(message, location=location, hint=hint, field=field)


# ---------------------------------------------------------------- reading


def read_participant_register(
    path: Path,
    *,
    events: Sequence[PaymentEvent] = PROGRAMME_2011_EVENTS,
    target: TargetGroup = PROGRAMME_2011_TARGET,
    period: tuple[dt.date, dt.date | None] | None = None,
    columns: dict[str, list[str]] = COLUMNS,
    max_rows: int = MAX_ROWS,
) -> tuple[Register, list[Finding]]:
    """The register in ``path`` and its problems; never raises on the file's content.
    ``period``: the grant's project period (start, end or None)."""
    try:
        # openpyxl warns on absurd date serials: the file's problems are findings here
        with library_output_muted():
            return _read(Path(path), events, target, period, columns, max_rows)
    except Exception:  # a damaged or hostile workbook is a problem, not a crash
        return Register(), [
            _finding(
                "participants-unreadable",
                "Deltagerregistret kan ikke åbnes som et Excel-regneark (xlsx).",
                "Gem registret som .xlsx i Excel, og indsend det igen.",
            )
        ]


def _read(
    path: Path,
    events: Sequence[PaymentEvent],
    target: TargetGroup,
    period: tuple[dt.date, dt.date | None] | None,
    columns: dict[str, list[str]],
    max_rows: int,
) -> tuple[Register, list[Finding]]:
    from openpyxl import load_workbook  # only here: other forms never load it

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        best: tuple[Any, tuple[int, dict[str, int], dict[str, str]]] | None = None
        for ws in wb.worksheets:
            top = list(
                ws.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_HEADER_COLUMNS, values_only=True)
            )
            found = find_header(top, columns)
            if found and (best is None or len(found[1]) > len(best[1][1])):
                best = (ws, found)
        if best is None:
            return Register(), [
                _finding(
                    "participants-no-header",
                    "Overskriftsrækken i deltagerregistret blev ikke fundet (fx »Deltager-id "
                    "eller CPR-nummer«, »Matchgruppe«, »Første samtale«).",
                    "Brug hir-docs' tomme deltagerregister, og behold overskriftsrækken.",
                )
            ]
        ws, (r0, cols, _texts) = best
        sheet = str(ws.title)
        header_row = r0 + 1
        letters = {k: column_letter(c) for k, c in cols.items()}
        problems = [
            _finding(
                "participants-column-missing",
                f"Kolonnen »{TEMPLATE_HEADERS.get(key, key)}« mangler i deltagerregistret.",
                "Tilføj kolonnen i overskriftsrækken (se hir-docs' tomme deltagerregister).",
                f"{sheet}!A{header_row}",
                key,
            )
            for key in columns
            if key not in cols
        ]
        people: list[Participant] = []
        width = max(cols.values()) + 1
        for n, row in enumerate(
            ws.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
        ):
            if all(_blank(v) for v in row):
                continue
            r = header_row + 1 + n
            if n >= max_rows:
                problems.append(
                    _finding(
                        "participants-row-cap",
                        f"Deltagerregistret har mere end {max_rows:,} rækker; kun de første "
                        f"{max_rows:,} er læst.".replace(",", "."),
                        "Del registret i flere filer, eller fjern tomme og gamle rækker.",
                        f"{sheet}!A{r}",
                    )
                )
                break
            p = _participant(row, r, cols, letters, sheet, problems)
            if p is not None:
                people.append(p)
    finally:
        wb.close()
    register = Register(tuple(people), sheet, header_row, letters)
    unreadable = frozenset((f.location or "", f.field or "") for f in problems)
    checks = check_register(
        register, events=events, target=target, period=period, unreadable=unreadable
    )
    return register, problems + checks


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(row: Sequence[Any], cols: dict[str, int], key: str) -> Any:
    c = cols.get(key)
    return row[c] if c is not None and c < len(row) else None


def _participant(
    row: Sequence[Any],
    r: int,
    cols: dict[str, int],
    letters: dict[str, str],
    sheet: str,
    problems: list[Finding],
) -> Participant | None:
    def at(key: str) -> str:
        return f"{sheet}!{letters.get(key, 'A')}{r}"

    def bad(key: str, value: object, what: str, hint: str) -> None:
        problems.append(
            _finding(
                "participants-value-invalid",
                f"Række {r}: {what} »{_shown_text(value)}« kan ikke læses.",
                hint,
                at(key),
                key,
            )
        )

    ident, shown = _ident(_cell(row, cols, "ident"))
    if ident is None:
        problems.append(
            _finding(
                "participants-id-missing",
                f"Række {r} har oplysninger, men intet deltager-id eller CPR-nummer.",
                "Skriv deltagerens id (eller CPR-nummer) i rækken, eller slet rækken.",
                at("ident"),
                "ident",
            )
        )
        return None
    dates: dict[str, dt.date | None] = {}
    for key in DATE_KEYS:
        value = _cell(row, cols, key)
        day = _date(value)
        if day is None and not _blank(value):
            bad(key, value, f"{COLUMN_NAMES[key].capitalize()}", "Skriv en dato, fx 15-08-2011.")
        dates[key] = day
    mentor_value = _cell(row, cols, "mentor_support")
    mentor = _yes_no(mentor_value)
    if mentor is None and not _blank(mentor_value):
        bad("mentor_support", mentor_value, "Mentorstøtte", "Skriv »ja« eller »nej«.")
    return Participant(
        ident=ident,
        shown=shown,
        matchgroup=_matchgroup(_cell(row, cols, "matchgroup")),
        mentor_support=mentor,
        row=r,
        **dates,
    )


_DIGITS = re.compile(r"\d+")


def _ident(value: object) -> tuple[str | None, str]:
    """(ident, shown): a CPR number (10 digits, with or without hyphen) is kept as digits
    and shown masked; other ids as text with any CPR-shaped number masked."""
    if _blank(value) or isinstance(value, bool):
        return None, ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        return value.isoformat(), value.isoformat()
    text = str(value).strip()[:200]
    compact = text.replace(" ", "").replace("-", "")
    if isinstance(value, int) and len(compact) == 9:
        compact = compact.zfill(10)  # a number cell lost the leading zero
    if len(compact) == 10 and compact.isdigit():
        return compact, mask_cpr(compact)
    return text, _shown_text(text)


def _shown_text(value: object) -> str:
    text = str(value).strip()
    short = text if len(text) <= 40 else text[:40] + "…"
    return mask_cpr_text(short)


def _date(value: object) -> dt.date | None:
    if isinstance(value, str) and len(value) > 40:
        return None
    return parse_date(value)


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str) or len(value) > 30:
        return None
    text = normalise(value)
    return True if text in YES else False if text in NO else None


def _matchgroup(value: object) -> int | None:
    """2, 2.0, "2", "Matchgruppe 2", "mg. 3" -> the number; one number only."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or len(value) > 40:
        return None
    numbers = _DIGITS.findall(value)
    return int(numbers[0]) if len(numbers) == 1 and len(numbers[0]) <= 2 else None


# ---------------------------------------------------------------- the row checks


def check_register(
    register: Register,
    *,
    events: Sequence[PaymentEvent] = PROGRAMME_2011_EVENTS,
    target: TargetGroup = PROGRAMME_2011_TARGET,
    period: tuple[dt.date, dt.date | None] | None = None,
    unreadable: frozenset[tuple[str, str]] = frozenset(),
) -> list[Finding]:
    """The register's problems row by row: empty, duplicates, target group, missing dates,
    dates outside the project period, events out of order, plans without mentor support.
    ``unreadable``: (location, key) of cells already reported as unreadable; a check that
    would only repeat that (a date or a yes/no "missing") is left out."""
    return list(_checks(register, events, target, period, unreadable))


def _checks(
    register: Register,
    events: Sequence[PaymentEvent],
    target: TargetGroup,
    period: tuple[dt.date, dt.date | None] | None,
    unreadable: frozenset[tuple[str, str]],
) -> Iterator[Finding]:
    sheet, letters = register.sheet, register.columns

    def at(p: Participant, key: str) -> str | None:
        if sheet is None or p.row is None:
            return None
        return f"{sheet}!{letters.get(key, 'A')}{p.row}"

    if not register.participants:
        where = f"{sheet}!A{register.header_row}" if sheet and register.header_row else None
        yield _finding(
            "participants-empty",
            "Deltagerregistret har ingen deltagere.",
            "Skriv én række pr. deltager under overskriftsrækken.",
            where,
        )
        return
    groups = " eller ".join(str(g) for g in target.groups)
    first_row: dict[str, int | None] = {}
    for p in register.participants:
        who = f"Deltager {p.shown}" + (f" (række {p.row})" if p.row else "")
        if p.ident in first_row:
            earlier = first_row[p.ident]
            yield _finding(
                "participants-duplicate",
                f"{who} står også "
                + (f"i række {earlier}" if earlier else "tidligere")
                + " i registret; kun den første række medregnes.",
                "Saml deltagerens oplysninger i én række, og slet den anden.",
                at(p, "ident"),
                "ident",
            )
            continue
        first_row[p.ident] = p.row
        bad = {key for key in COLUMNS if (at(p, key) or "", key) in unreadable}
        yield from (f for f in _target(p, who, target, groups, at) if f.field not in bad)
        yield from _period(p, who, period, at)
        if not bad & set(DATE_KEYS):
            yield from _order(p, who, events, at)
        if (
            p.action_plan is not None
            and p.mentor_support is not True
            and "mentor_support" not in bad
        ):
            stated = "angiver ikke" if p.mentor_support is False else "har ikke angivet om den har"
            yield _finding(
                "participants-no-mentor-support",
                f"{who}: indsatsplanen {stated} mentorstøtte, så de 40 % for indsatsplanen "
                "udløses ikke. Programmet giver borgeren mentorstøtte til at gennemføre forløbet.",
                "Skriv »ja«, hvis indsatsplanen angiver mentorstøtte; ellers er rækken rigtig, "
                "og hændelsen nås først, når en plan med mentorstøtte er udformet.",
                at(p, "mentor_support"),
                "mentor_support",
            )


def _target(
    p: Participant, who: str, target: TargetGroup, groups: str, at: Any
) -> Iterator[Finding]:
    status = target_status(p, target)
    limit = target.limit(p.matchgroup)
    if status == "matchgroup":
        what = "mangler" if p.matchgroup is None else f"er {p.matchgroup}"
        yield _finding(
            "participants-matchgroup",
            f"{who}: matchgruppen {what}; målgruppen er matchgruppe {groups}.",
            f"Skriv matchgruppe {groups}; en borger i en anden matchgruppe er ikke i målgruppen.",
            at(p, "matchgroup"),
            "matchgroup",
        )
    if p.entry is None:
        yield _finding(
            "participants-entry-missing",
            f"{who}: datoen for indtræden i projektet mangler.",
            "Skriv den dato, deltageren trådte ind i projektet.",
            at(p, "entry"),
            "entry",
        )
    elif p.benefit_start is None and limit is not None:
        yield _finding(
            "participants-benefit-start-missing",
            f"{who}: ydelsesstart mangler, så det kan ikke ses, om matchgruppe {p.matchgroup} "
            f"har været på ydelse i højst {limit} måneder ved indtræden.",
            "Skriv datoen for ydelsesstart (start- eller kontanthjælp).",
            at(p, "benefit_start"),
            "benefit_start",
        )
    if status == "not-on-benefit" and p.benefit_start and p.entry:
        yield _finding(
            "participants-not-on-benefit",
            f"{who}: ydelsesstart ({dato_kort(p.benefit_start)}) er efter indtræden i projektet "
            f"({dato_kort(p.entry)}); målgruppen er personer, der modtager start- og "
            "kontanthjælp.",
            "Ret ydelsesstart eller datoen for indtræden.",
            at(p, "benefit_start"),
            "benefit_start",
        )
    if status == "too-long" and p.benefit_start and p.entry and limit is not None:
        yield _finding(
            "participants-benefit-too-long",
            f"{who}: matchgruppe {p.matchgroup} har været på ydelse i mere end {limit} måneder "
            f"ved indtræden i projektet ({_duration(p.benefit_start, p.entry)} fra "
            f"{dato_kort(p.benefit_start)} til {dato_kort(p.entry)}); målgruppen er personer, "
            f"der har modtaget ydelsen i op til {limit} måneder.",
            "Ret matchgruppen, ydelsesstart eller datoen for indtræden; ellers er deltageren "
            "ikke i målgruppen.",
            at(p, "benefit_start"),
            "benefit_start",
        )


def _duration(start: dt.date, end: dt.date) -> str:
    """'19 måneder', '18 måneder og 1 dag' (calendar months, then days)."""
    months = whole_months(start, end)
    days = (end - add_months(start, months)).days
    text = f"{months} måned" + ("" if months == 1 else "er")
    return text + (f" og {days} dag" + ("" if days == 1 else "e") if days else "")


def _period(
    p: Participant, who: str, period: tuple[dt.date, dt.date | None] | None, at: Any
) -> Iterator[Finding]:
    if period is None:
        return
    start, end = period
    span = f"{dato_kort(start)}–{dato_kort(end)}" if end else f"fra {dato_kort(start)}"
    for key in ("entry", *EVENT_DATE_KEYS):
        day = getattr(p, key)
        if day is not None and (day < start or (end is not None and day > end)):
            yield _finding(
                "participants-outside-period",
                f"{who}: {COLUMN_NAMES[key]} ({dato_kort(day)}) er uden for projektperioden "
                f"({span}); hændelsen udløser ikke støtte (antaget).",
                "Ret datoen, eller kontrollér projektperioden i bevillingen.",
                at(p, key),
                key,
            )


def _order(p: Participant, who: str, events: Sequence[PaymentEvent], at: Any) -> Iterator[Finding]:
    steps = [e for e in events if e.level == "participant"]
    if p.entry is not None and steps:
        hit = reached(p, steps[0])
        if hit is not None and hit[0] < p.entry:
            yield _finding(
                "participants-date-order",
                f"{who}: {FACTS[hit[1]]} ({dato_kort(hit[0])}) er før indtræden i projektet "
                f"({dato_kort(p.entry)}).",
                "Kontrollér datoerne; hændelsen medregnes på sin egen dato (antaget).",
                at(p, hit[1]),
                hit[1],
            )
    for after, before, missing in order_breaks(p, events):
        late = reached(p, after)
        early = reached(p, before)
        if late is None:
            continue
        if missing or early is None:
            text = f"»{after.label}« er registreret ({dato_kort(late[0])}), men der er ingen dato for »{before.label}«."
        else:
            text = f"»{after.label}« ({dato_kort(late[0])}) er registreret før »{before.label}« ({dato_kort(early[0])})."
        yield _finding(
            "participants-date-order",
            f"{who}: {text}",
            "Kontrollér datoerne; hændelsen medregnes på sin egen dato (antaget).",
            at(p, late[1]),
            late[1],
        )


# ---------------------------------------------------------------- the blank register

GUIDE = (
    "Én række pr. deltager. Skriv datoer som dd-mm-åååå. Lad feltet stå tomt, indtil hændelsen "
    "er nået.",
    "Deltager-id: brug gerne jobcentrets eget løbenummer frem for CPR-nummeret (CPR-numre er "
    "personoplysninger og vises altid maskeret).",
    "Matchgruppe 2: højst 1½ år (18 måneder) på start- eller kontanthjælp ved indtræden i "
    "projektet. Matchgruppe 3: uanset ydelseslængde.",
    "Støtten udbetales kvartalsvist efter resultater: 20 % efter første samtale, 40 % når "
    "indsatsplanen med mentorstøtte er udformet, 30 % når et virksomhedsrettet tilbud, "
    "ordinært job eller uddannelse er påbegyndt (10 % ved projektets opstart).",
    "Virksomhedsrettet tilbud, ordinært job og uddannelse har hver sin kolonne; den første "
    "dato udløser de 30 %.",
    "Det er DISCUS' opgørelse af webregistreringen, der afgør udbetalingen; registret her er "
    "jobcentrets egen kontrol.",
)


def write_blank_register(
    path: Path,
    *,
    title: str = "Deltagerregister – Koordineret virksomhedsrettet indsats, matchgruppe 2 og 3",
    guide: Sequence[str] = GUIDE,
    rows: int = 500,
    force: bool = False,
) -> Path:
    """A blank register: a title, guide lines (the programme's by default), the header row and ``rows`` rows with date
    formats and lists for matchgroup and mentor support. Written atomically."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from hir_docs.readers.activity_register import blank_sheet

    def build(tmp: Path) -> None:
        wb, ws, head = blank_sheet(SHEET_NAME, title, guide, list(TEMPLATE_HEADERS.values()))
        for c, key in enumerate(TEMPLATE_HEADERS, start=1):
            ws.column_dimensions[column_letter(c - 1)].width = 30 if key == "ident" else 20
        ws.freeze_panes = f"A{head + 1}"
        last = head + max(rows, 1)
        letter = {k: column_letter(i) for i, k in enumerate(TEMPLATE_HEADERS)}
        for r in range(head + 1, last + 1):
            ws.cell(row=r, column=1).number_format = "@"
            for key in DATE_KEYS:
                ws[f"{letter[key]}{r}"].number_format = "DD-MM-YYYY"
        lists = (
            ("matchgroup", '"2,3"', "Vælg 2 eller 3."),
            ("mentor_support", '"ja,nej"', "Vælg ja eller nej."),
        )
        for key, formula, error in lists:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.error = error
            dv.add(f"{letter[key]}{head + 1}:{letter[key]}{last}")
            ws.add_data_validation(dv)
        dates = DataValidation(
            type="date", operator="greaterThan", formula1="36526", allow_blank=True
        )
        dates.error = "Skriv en dato, fx 15-08-2011."
        for key in DATE_KEYS:
            dates.add(f"{letter[key]}{head + 1}:{letter[key]}{last}")
        ws.add_data_validation(dates)
        wb.save(tmp)

    return atomic_write(Path(path), build, force=force)
