"""Reader (and blank) of the progression questionnaire sheet of "Flere skal med".

The layout is *long*: one row per citizen per measurement, with the columns CPR number,
measurement ("startafklaring", "opfølgning" or "afslutning"), the date of the measurement,
the date the citizen ended the project effort (optional), and one column per question
("Spm. 1 - Tro på egne evner" ... "Spm. 11 - Privat netværk"). A citizen has one to three
measurements at different times, so one row per measurement is how they are taken: the
caseworker adds a row after each conversation, and the answers sit in the same columns
every time (a theme summary reads straight down a column).

Read by label, never by coordinate, as ``readers.activity_register`` does (the header row
is searched in the first 40 rows of every sheet; columns matched with synonyms; question
columns by their number: "Spm. 3", "Spørgsmål 3", "Q3", with any theme text after it).

Nothing here raises on a bad sheet: ``read_progression`` returns the model and a list of
``Finding`` values (stated through the catalogue, ``rules.registers``; the sources are the
pool's, ``<pool>/rules.toml``; the
schedule's own codes are ``model.progression``'s). The answer scale is the caller's
(``Questionnaire.scale``); when it is unknown - the source does not give it - range checks
are off and one info finding says so. CPR numbers stay in the model, never in a message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hir_docs.files.output import atomic_write
from hir_docs.findings import Finding
from hir_docs.formatting import mask_cpr
from hir_docs.labels import normalise
from hir_docs.model.progression import (
    FAQ,
    CitizenProgression,
    Measurement,
    MeasurementRecord,
    ProgressionSheet,
    Questionnaire,
    schedule_problems,
)
from hir_docs.readers.activity_register import (
    HEADER_SCAN_ROWS,
    MAX_ROWS,
    best_sheet,
    blank_sheet,
    cell,
    ref,
)
from hir_docs.readers.citizen_table import clean_cpr, is_blank, match_header
from hir_docs.rules.registers import PROGRESSION_RULES
from hir_docs.values import MAX_NUMBER, parse_date

COLUMNS: dict[str, list[str]] = {
    "cpr": ["cpr", "cpr-nummer", "cpr nr", "cprnr", "cpr-nr.", "personnummer"],
    "measurement": ["måling", "målingstidspunkt", "tidspunkt", "type af måling"],
    "date": ["dato for måling", "dato", "måledato", "besvaret", "besvaret dato"],
    "exited": [
        "afsluttet projektindsatsen",
        "afsluttet projektet",
        "afslutningsdato",
        "dato for afslutning",
    ],
}
# What people write for each measurement (normalised when compared).
MEASUREMENT_WORDS: dict[Measurement, tuple[str, ...]] = {
    Measurement.START: (
        "startafklaring",
        "start",
        "første samtale",
        "første måling",
        "måling 1",
        "1",
        "1 måling",
    ),
    Measurement.FOLLOWUP: (
        "opfølgning",
        "anden måling",
        "efter et år",
        "efter 1 år",
        "12 måneder",
        "måling 2",
        "2",
        "2 måling",
    ),
    Measurement.EXIT: ("afslutning", "afsluttet", "ved afslutning", "slut", "exit"),
}
_QUESTION = re.compile(r"(?:spørgsmål|spm|sp|q) ?(?:nr )?(\d{1,2})(?: .*)?")

_S = f"{FAQ}, s. 10"
_HEADS = {"cpr": "CPR-nummer", "measurement": "Måling", "date": "Dato for måling"}


def _problem(code: str, message: str, location: str | None, hint: str) -> Finding:
    """A problem as the catalogue states it (code, severity, the pool's source)."""
    return PROGRESSION_RULES[code].finding(message, location=location, hint=hint)


@dataclass(frozen=True)
class _Header:
    columns: dict[str, int]
    questions: dict[int, int]  # question number -> column
    twice: list[tuple[int, int]]  # (question number, column) of a repeated question


def _header(row: Sequence[Any]) -> _Header:
    columns: dict[str, int] = {}
    questions: dict[int, int] = {}
    twice: list[tuple[int, int]] = []
    for c, value in enumerate(row):
        if not isinstance(value, str) or not value.strip():
            continue
        m = _QUESTION.fullmatch(normalise(value)) if len(value) <= 200 else None
        if m is not None:
            number = int(m[1])
            if number in questions:
                twice.append((number, c))
            else:
                questions[number] = c
            continue
        hit = match_header(value, COLUMNS)
        if hit is not None:
            columns.setdefault(hit[0], c)
    return _Header(columns, questions, twice)


def _score(row: Sequence[Any]) -> int:
    h = _header(row)
    ok = "cpr" in h.columns or len(h.questions) >= 3
    return (
        3 * len(h.columns) + len(h.questions)
        if ok and len(h.columns) + len(h.questions) >= 2
        else 0
    )


def _kinds() -> dict[str, Measurement]:
    return {normalise(w): kind for kind, words in MEASUREMENT_WORDS.items() for w in words}


_NUMBER = re.compile(r"-?\d{1,6}(?:[.,]\d{1,6})?")


def _answer(value: object) -> Decimal | None:
    """A number as typed, exactly (3, 3.0, "3", "3,5"); None for anything else ("2-3",
    "ca. 3", "meget"): an answer is one number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value) if abs(value) < MAX_NUMBER else None
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
            return None
        return Decimal(repr(value)).normalize()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > 20 or not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ".")).normalize()


def _da(value: Decimal) -> str:
    """Decimal(3.5) -> '3,5' (no exponent)."""
    return format(value, "f").replace(".", ",")


@dataclass(frozen=True)
class ProgressionRead:
    sheet: ProgressionSheet
    problems: tuple[Finding, ...]


def read_progression(
    path: Path,
    frame: Questionnaire,
    *,
    as_of: dt.date | None = None,
    max_rows: int = MAX_ROWS,
) -> ProgressionRead:
    """The questionnaire sheet of ``path`` and its problems (the sheet's, then the
    schedule's as of ``as_of``; without it a missing second measurement is not checked)."""
    empty = ProgressionSheet((), frame)
    scale = (
        [
            _problem(
                "progression-scale-unknown",
                "Svarskalaen er ukendt (kilden angiver den ikke), så svarene er ikke "
                "kontrolleret for, om de ligger inden for skalaen.",
                None,
                "Oplys svarskalaen fra STAR's spørgsmålsramme, så svarene kan kontrolleres.",
            )
        ]
        if frame.scale is None
        else []
    )
    try:
        found = best_sheet(path, _score, max_rows)
    except Exception as exc:  # any parser failure is a problem of the file, not a crash
        problem = _problem(
            "progression-file-unreadable",
            f"Regnearket kan ikke åbnes (teknisk årsag: {type(exc).__name__}).",
            None,
            "Gem filen igen som Excel-projektmappe (.xlsx) og prøv igen.",
        )
        return ProgressionRead(empty, (problem,))
    if found is None:
        problem = _problem(
            "progression-no-header",
            "Der er ingen overskriftsrække med CPR-nummer og spørgsmål i de første "
            f"{HEADER_SCAN_ROWS} rækker af noget ark.",
            None,
            "Brug det tomme skema: kolonnerne 'CPR-nummer', 'Måling', 'Dato for måling' og "
            "én kolonne pr. spørgsmål ('Spm. 1' ... ).",
        )
        return ProgressionRead(empty, (problem,))
    sheet, problems = _read(found.sheet, found.rows, found.header, frame)
    if found.capped:
        problems.append(
            _problem(
                "progression-rows-capped",
                f"Arket har flere end {len(found.rows):,} rækker; kun de første er læst.".replace(
                    ",", "."
                ),
                f"{found.sheet}!A{len(found.rows)}",
                "Del skemaet i flere filer, eller slet tomme rækker nederst.",
            )
        )
    problems += schedule_problems(sheet.citizens, as_of=as_of)
    return ProgressionRead(sheet, tuple(problems + scale))


def _read(
    name: str, rows: list[list[Any]], h: int, frame: Questionnaire
) -> tuple[ProgressionSheet, list[Finding]]:
    header = _header(rows[h])
    cols, qcols = header.columns, header.questions
    problems: list[Finding] = []
    for number, c in header.twice:
        problems.append(
            _problem(
                "progression-column-twice",
                f"Spørgsmål {number} har også kolonne {ref(name, h, qcols[number])}; kun den "
                "første tæller med.",
                ref(name, h, c),
                "Slet den ekstra kolonne, eller ret dens nummer.",
            )
        )
    missing = [_HEADS[k] for k in _HEADS if k not in cols]
    missing += [f"Spm. {q}" for q in range(1, frame.question_count + 1) if q not in qcols]
    if missing:
        problems.append(
            _problem(
                "progression-column-missing",
                f"Kolonnerne {', '.join(repr(m) for m in missing)} mangler i overskriftsrækken "
                f"(række {h + 1}).",
                ref(name, h, 0),
                "Tilføj de manglende kolonner (se det tomme skema).",
            )
        )
    if "cpr" not in cols or "measurement" not in cols:
        return ProgressionSheet((), frame, name, h + 1), problems
    kinds = _kinds()
    grouped: dict[str, list[MeasurementRecord]] = {}
    where: dict[str, str] = {}
    exited: dict[str, dt.date] = {}
    for r in range(h + 1, len(rows)):
        row = rows[r]
        used = [*cols.values(), *qcols.values()]
        if all(is_blank(cell(row, c)) for c in used):
            continue
        read = _row(name, r, row, cols, qcols, frame, kinds, problems)
        if read is None:
            continue
        cpr, record, end = read
        records = grouped.setdefault(cpr, [])
        where.setdefault(cpr, ref(name, r, cols["cpr"]))
        if end is not None:
            exited.setdefault(cpr, end)
        earlier = next((m for m in records if m.kind is record.kind and m.answered), None)
        if earlier is not None and record.answered:
            problems.append(
                _problem(
                    "progression-measurement-twice",
                    f"Borgeren {mask_cpr(cpr)} har allerede en måling '{record.kind.label}' "
                    f"({earlier.location}); kun den første tæller med.",
                    record.location,
                    "Slet den ekstra række, eller ret målingens type.",
                )
            )
            continue
        records.append(record)
    citizens = tuple(
        CitizenProgression(cpr, tuple(records), exited.get(cpr), where[cpr])
        for cpr, records in grouped.items()
    )
    if not citizens:
        problems.append(
            _problem(
                "progression-empty",
                "Skemaet har ingen besvarelser under overskriftsrækken.",
                ref(name, h, cols["cpr"]),
                "Skriv én række pr. borger pr. måling under overskrifterne.",
            )
        )
    return ProgressionSheet(citizens, frame, name, h + 1), problems


def _row(
    name: str,
    r: int,
    row: Sequence[Any],
    cols: Mapping[str, int],
    qcols: Mapping[int, int],
    frame: Questionnaire,
    kinds: Mapping[str, Measurement],
    problems: list[Finding],
) -> tuple[str, MeasurementRecord, dt.date | None] | None:
    cpr = clean_cpr(cell(row, cols["cpr"]))
    if cpr is None or len(cpr) != 10 or not cpr.isdigit():
        problems.append(
            _problem(
                "progression-cpr-unreadable",
                ("CPR-nummeret mangler" if cpr is None else "CPR-nummeret kan ikke læses")
                + f" i række {r + 1}; rækken tæller ikke med.",
                ref(name, r, cols["cpr"]),
                "Skriv CPR-nummeret som 10 cifre, fx 010190-1234.",
            )
        )
        return None
    who = mask_cpr(cpr)
    at = ref(name, r, cols["measurement"])
    raw_kind = cell(row, cols["measurement"])
    kind = kinds.get(normalise(raw_kind)) if not is_blank(raw_kind) else None
    if kind is None:
        problems.append(
            _problem(
                "progression-measurement-unreadable",
                f"Målingen for borgeren {who} i række {r + 1} er ikke 'startafklaring', "
                "'opfølgning' eller 'afslutning'; rækken tæller ikke med.",
                at,
                "Skriv 'startafklaring', 'opfølgning' eller 'afslutning'.",
            )
        )
        return None
    dates: dict[str, dt.date | None] = {}
    for key, label in (("date", "Dato for måling"), ("exited", "Afsluttet projektindsatsen")):
        value = cell(row, cols[key]) if key in cols else None
        dates[key] = parse_date(value)
        if dates[key] is None and key in cols and (key == "date" or not is_blank(value)):
            blank = is_blank(value)
            problems.append(
                _problem(
                    "progression-date-unreadable",
                    f"'{label}' for borgeren {who} ({kind.label}) "
                    + ("mangler." if blank else "kan ikke læses som en dato."),
                    ref(name, r, cols[key]),
                    "Skriv datoen som dd-mm-åååå, fx 15-03-2018.",
                )
            )
    answers: list[Decimal | None] = []
    blanks: list[int] = []
    for q in range(1, frame.question_count + 1):
        c = qcols.get(q)
        value = cell(row, c) if c is not None else None
        if is_blank(value):
            answers.append(None)
            blanks.append(q)
            continue
        answer = _answer(value)
        place = ref(name, r, c) if c is not None else at
        if answer is None:
            problems.append(
                _problem(
                    "progression-answer-unreadable",
                    f"Svaret på spørgsmål {q} (borgeren {who}, {kind.label}) er ikke et tal.",
                    place,
                    "Skriv svaret som et tal fra svarskalaen.",
                )
            )
        elif frame.scale is not None and not frame.scale.holds(answer):
            problems.append(
                _problem(
                    "progression-answer-out-of-range",
                    f"Svaret {_da(answer)} på spørgsmål {q} (borgeren {who}, {kind.label}) "
                    f"ligger uden for svarskalaen {_da(frame.scale.low)}-{_da(frame.scale.high)}; "
                    "det tæller ikke med.",
                    place,
                    f"Skriv et tal fra {_da(frame.scale.low)} til {_da(frame.scale.high)}.",
                )
            )
            answer = None
        answers.append(answer)
    if blanks and len(blanks) < frame.question_count:
        problems.append(
            _problem(
                "progression-answer-missing",
                f"Borgeren {who} ({kind.label}) har ikke svaret på spørgsmål "
                f"{', '.join(map(str, blanks))}.",
                at,
                "Udfyld de manglende svar, hvis borgeren har svaret.",
            )
        )
    record = MeasurementRecord(kind, dates["date"], tuple(answers), at)
    return cpr, record, dates["exited"]


# ---------------------------------------------------------------- the blank sheet

TITLE = "Flere skal med - progressionsmåling (STAR's spørgsmålsramme)"
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _guide(frame: Questionnaire) -> tuple[str, ...]:
    scale = (
        f"Svar med et tal fra {_da(frame.scale.low)} til {_da(frame.scale.high)}."
        if frame.scale
        else "Svarskalaen står ikke i FAQ'en: brug skalaen fra STAR's spørgsmålsramme."
    )
    return (
        "Én række pr. borger pr. måling. Målingen er 'startafklaring' (første samtale), "
        "'opfølgning' (senest et år efter) eller 'afslutning' (så vidt muligt, når borgeren "
        "afslutter projektindsatsen).",
        "Afsluttet projektindsatsen: datoen, hvis borgeren har afsluttet indsatsen (fx job, "
        "uddannelse eller overgang til gruppe 2 eller 3). Datoer skrives dd-mm-åååå.",
        scale,
    )


def write_blank_questionnaire(
    path: Path,
    frame: Questionnaire,
    *,
    title: str = TITLE,
    rows: int = 500,
    force: bool = False,
) -> Path:
    """Write the blank questionnaire sheet (title, Danish guide lines, header with one
    column per question named by number and theme, drop-down lists) atomically."""
    heads = [
        "CPR-nummer",
        "Måling (startafklaring, opfølgning eller afslutning)",
        "Dato for måling",
        "Afsluttet projektindsatsen (dato)",
    ]
    questions = [f"Spm. {q} - {frame.theme_of(q).name}" for q in range(1, frame.question_count + 1)]

    def write(tmp: Path) -> None:
        labels = [*heads, *questions]
        wb, ws, h = blank_sheet("Progression", title, _guide(frame), labels)
        for c in range(1, len(labels) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 18
        first, last = h + 1, h + rows
        for r in range(first, last + 1):
            ws.cell(row=r, column=1).number_format = "@"
            for c in (3, 4):
                ws.cell(row=r, column=c).number_format = "DD-MM-YYYY"
        kinds = DataValidation(
            type="list", formula1='"startafklaring,opfølgning,afslutning"', allow_blank=True
        )
        kinds.add(f"B{first}:B{last}")
        ws.add_data_validation(kinds)
        if frame.scale is not None:
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(frame.scale.low),
                formula2=str(frame.scale.high),
                allow_blank=True,
            )
            dv.error = f"Skriv et tal fra {_da(frame.scale.low)} til {_da(frame.scale.high)}."
            a, b = get_column_letter(len(heads) + 1), get_column_letter(len(heads) + len(questions))
            dv.add(f"{a}{first}:{b}{last}")
            ws.add_data_validation(dv)
        ws.freeze_panes = f"B{h + 1}"
        wb.save(tmp)

    return atomic_write(path, write, force=force)
