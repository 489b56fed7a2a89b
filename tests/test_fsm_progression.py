"""Flere skal med: the progression questionnaire (11 questions in 6 themes), its measuring
schedule per citizen (first conversation, again at the latest a year later, at exit as far
as possible), the theme summary, and the sheet (reader and blank)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import sheet_file
from openpyxl import load_workbook

from hir_docs.model.progression import (
    THEMES,
    CitizenProgression,
    Measurement,
    MeasurementRecord,
    Scale,
    add_months,
    questionnaire,
    schedule_problems,
    theme_summary,
)
from hir_docs.pools import load_pool
from hir_docs.readers import progression as reader
from hir_docs.readers.progression import read_progression, write_blank_questionnaire
from hir_docs.rules.registers import PROGRESSION_RULES

D = dt.date
START, FOLLOWUP, EXIT = Measurement.START, Measurement.FOLLOWUP, Measurement.EXIT
SCALE = Scale(Decimal(1), Decimal(5))  # a scale the caller declares (not in the source)


# ---------------------------------------------------------------- the question frame


def test_the_frame_has_11_questions_in_6_themes_numbered_in_theme_order() -> None:
    frame = questionnaire()
    assert frame.question_count == 11 and frame.scale is None
    assert [(t.name, t.questions) for t in frame.themes] == [
        ("Tro på egne evner", (1, 2)),
        ("Helbredsmestring", (3, 4)),
        ("Arbejdsmarkedsidentitet, mening og retning", (5, 6, 7, 8)),
        ("Samarbejde på arbejdspladsen eller uddannelsen", (9,)),
        ("Relationer til fagprofessionelle", (10,)),
        ("Privat netværk", (11,)),
    ]
    assert [count for _, count in THEMES] == [2, 2, 4, 1, 1, 1]


@pytest.mark.parametrize(
    "themes",
    [
        [("A", 2), ("B", 2), ("C", 3), ("D", 1), ("E", 1), ("F", 1)],  # 10, not 11
        [("A", 2), ("B", 2), ("C", 5), ("D", 1), ("E", 1), ("F", 1)],  # 12
        [("A", 2), ("B", 2), ("C", 4), ("D", 1), ("E", 2), ("F", 0)],  # a theme without any
        [("A", 2), ("A", 2), ("C", 4), ("D", 1), ("E", 1), ("F", 1)],  # a name twice
        [("", 2), ("B", 2), ("C", 4), ("D", 1), ("E", 1), ("F", 1)],  # no name
        [],
    ],
)
def test_a_wrong_theme_list_raises(themes: list[tuple[str, int]]) -> None:
    with pytest.raises(ValueError):
        questionnaire(themes)


def test_a_scale_must_go_from_low_to_high() -> None:
    with pytest.raises(ValueError):
        Scale(Decimal(5), Decimal(1))


@pytest.mark.parametrize(
    ("day", "later"),
    [
        (D(2018, 3, 15), D(2019, 3, 15)),
        (D(2016, 2, 29), D(2017, 2, 28)),  # no 29 February: the month's last day
    ],
)
def test_a_year_is_twelve_calendar_months(day: dt.date, later: dt.date) -> None:
    assert add_months(day, 12) == later
    assert add_months(D(2018, 1, 31), 1) == D(2018, 2, 28)


# ---------------------------------------------------------------- the schedule

FULL = tuple(Decimal(3) for _ in range(11))


def person(
    *records: tuple[Measurement, dt.date | None], exited: dt.date | None = None
) -> CitizenProgression:
    return CitizenProgression(
        "0101900001",
        tuple(MeasurementRecord(k, d, FULL, f"Progression!B{i + 2}") for i, (k, d) in enumerate(records)),
        exited,
        "Progression!A2",
    )  # fmt: skip


def codes_of(problems: list[Any]) -> list[str]:
    return [p.code for p in problems]


def test_a_citizen_without_the_first_measurement_is_an_error() -> None:
    problems = schedule_problems([person((FOLLOWUP, D(2018, 9, 1)))], as_of=D(2018, 10, 1))
    assert codes_of(problems) == ["progression-first-missing"]
    assert problems[0].severity == "error" and problems[0].location == "Progression!A2"
    assert "010190-xxxx" in problems[0].message


def test_the_second_measurement_is_missing_only_once_twelve_months_have_passed() -> None:
    citizen = person((START, D(2018, 3, 15)))
    assert schedule_problems([citizen], as_of=D(2019, 3, 15)) == []  # the last day itself
    (problem,) = schedule_problems([citizen], as_of=D(2019, 3, 16))
    assert problem.code == "progression-second-missing" and problem.severity == "error"
    assert "15. marts 2019" in problem.message


def test_without_an_as_of_date_a_missing_second_measurement_is_not_checked() -> None:
    assert schedule_problems([person((START, D(2015, 1, 1)))]) == []


def test_a_second_measurement_later_than_twelve_months_is_a_warning() -> None:
    citizen = person((START, D(2018, 3, 15)), (FOLLOWUP, D(2019, 4, 2)))
    (problem,) = schedule_problems([citizen], as_of=D(2019, 6, 1))
    assert problem.code == "progression-second-late" and problem.severity == "warning"
    assert problem.location == "Progression!B3"
    on_time = person((START, D(2018, 3, 15)), (FOLLOWUP, D(2019, 3, 15)))
    assert schedule_problems([on_time], as_of=D(2019, 6, 1)) == []


def test_a_citizen_who_ended_within_the_year_needs_no_second_measurement() -> None:
    citizen = person((START, D(2018, 3, 15)), (EXIT, D(2018, 9, 1)))
    assert schedule_problems([citizen], as_of=D(2020, 1, 1)) == []


def test_a_missing_exit_measurement_is_never_an_error() -> None:
    citizen = person((START, D(2018, 3, 15)), exited=D(2018, 9, 1))
    (problem,) = schedule_problems([citizen], as_of=D(2020, 1, 1))
    assert problem.code == "progression-exit-missing" and problem.severity == "info"
    assert "så vidt muligt" in problem.message


# ---------------------------------------------------------------- the theme summary


def answers(*values: int | None) -> tuple[Decimal | None, ...]:
    return tuple(None if v is None else Decimal(v) for v in values)


def test_theme_summary_counts_citizens_and_gives_exact_means() -> None:
    frame = questionnaire()
    a = CitizenProgression(
        "0101900001",
        (
            MeasurementRecord(START, D(2018, 1, 10), answers(1, 2, 3, 3, 1, 2, 3, 4, 5, 1, 2)),
            MeasurementRecord(FOLLOWUP, D(2018, 12, 1), answers(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4)),
        ),
    )
    b = CitizenProgression(
        "0101900002",
        (MeasurementRecord(START, D(2018, 2, 1), answers(2, 2, 5, None, 2, 2, 2, 3, 1, None, 4)),),
    )
    by = {(s.measurement, s.theme.number): s for s in theme_summary([a, b], frame)}
    assert len(by) == 18  # 3 measurements x 6 themes
    # theme 1 at start: a (1+2)/2 = 3/2, b (2+2)/2 = 2 -> (3/2 + 2)/2 = 7/4
    assert (by[START, 1].citizens, by[START, 1].mean) == (2, Fraction(7, 4))
    # theme 2: b has not answered question 4 -> only a: (3+3)/2 = 3
    assert (by[START, 2].citizens, by[START, 2].mean) == (1, Fraction(3))
    # theme 3: a (1+2+3+4)/4 = 5/2, b (2+2+2+3)/4 = 9/4 -> 19/8
    assert by[START, 3].mean == Fraction(19, 8)
    assert (by[START, 5].citizens, by[START, 5].mean) == (1, Fraction(1))
    assert (by[FOLLOWUP, 6].citizens, by[FOLLOWUP, 6].mean) == (1, Fraction(4))
    assert (by[EXIT, 1].citizens, by[EXIT, 1].mean) == (0, None)


# ---------------------------------------------------------------- the sheet

HEAD = [
    "CPR-nummer", "Måling", "Dato for måling", "Afsluttet projektindsatsen (dato)",
    *[f"Spm. {q}" for q in range(1, 12)],
]  # fmt: skip


def sheet(path: Path, rows: list[list[Any]], title: str = "Ark1") -> Path:
    return sheet_file(path, rows, title)


def row(cpr: str, kind: str, day: dt.date | None, *values: Any, exited: Any = None) -> list[Any]:
    filled = list(values) + [3] * (11 - len(values))
    return [cpr, kind, day, exited, *filled]


def codes(read: reader.ProgressionRead) -> list[str]:
    return [p.code for p in read.problems]


def test_the_blank_sheet_reads_back_with_no_citizens_and_no_errors(tmp_path: Path) -> None:
    path = write_blank_questionnaire(tmp_path / "blank.xlsx", questionnaire())
    read = read_progression(path, questionnaire(), as_of=D(2019, 1, 1))
    assert read.sheet.citizens == () and read.sheet.header_row == 6
    assert codes(read) == ["progression-empty", "progression-scale-unknown"]
    assert all(p.severity != "error" for p in read.problems)
    ws = load_workbook(path).active
    assert ws is not None and ws.cell(row=6, column=5).value == "Spm. 1 - Tro på egne evner"
    assert ws.cell(row=6, column=15).value == "Spm. 11 - Privat netværk"


def test_a_filled_sheet_round_trips(tmp_path: Path) -> None:
    frame = questionnaire(scale=SCALE)
    path = write_blank_questionnaire(tmp_path / "filled.xlsx", frame)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    data = [
        row("010190-0001", "Startafklaring", D(2018, 1, 10), 1, 2, 3, 3, 1, 2, 3, 4, 5, 1, 2),
        row("010190-0001", "opfølgning", D(2018, 12, 1), *[4] * 11),
        row("010190-0002", "Første samtale", D(2018, 2, 1), exited=D(2018, 6, 30)),
    ]
    for i, values in enumerate(data, start=7):
        for c, value in enumerate(values, start=1):
            ws.cell(row=i, column=c, value=value)
    wb.save(path)
    assert len(ws.data_validations.dataValidation) == 2  # the measurement and the scale
    read = read_progression(path, frame, as_of=D(2019, 6, 1))
    assert codes(read) == ["progression-exit-missing"]  # the info: at exit as far as possible
    a, b = read.sheet.citizens
    assert [m.kind for m in a.measurements] == [START, FOLLOWUP]
    assert a.measurements[0].answers == answers(1, 2, 3, 3, 1, 2, 3, 4, 5, 1, 2)
    assert b.exited == D(2018, 6, 30) and b.location == "Progression!A9"
    summary = {
        (s.measurement, s.theme.number): s.mean for s in theme_summary(read.sheet.citizens, frame)
    }
    assert summary[FOLLOWUP, 3] == 4


def test_answers_out_of_a_declared_scale_are_errors_at_their_cell(tmp_path: Path) -> None:
    rows = [HEAD, row("010190-1234", "startafklaring", D(2018, 1, 10), 0, 6, 5, 1)]
    read = read_progression(sheet(tmp_path / "x.xlsx", rows), questionnaire(scale=SCALE))
    assert codes(read) == ["progression-answer-out-of-range", "progression-answer-out-of-range"]
    assert [p.location for p in read.problems] == ["Ark1!E2", "Ark1!F2"]
    assert "1-5" in read.problems[0].message
    (c,) = read.sheet.citizens
    assert c.measurements[0].answers[:3] == (None, None, Decimal(5))


def test_with_an_unknown_scale_no_answer_is_out_of_range_and_this_is_said(tmp_path: Path) -> None:
    rows = [HEAD, row("010190-1234", "startafklaring", D(2018, 1, 10), 0, 60, "3,5")]
    read = read_progression(sheet(tmp_path / "x.xlsx", rows), questionnaire())
    assert codes(read) == ["progression-scale-unknown"]
    assert read.problems[0].severity == "info" and "ukendt" in read.problems[0].message
    assert read.sheet.citizens[0].measurements[0].answers[:3] == answers(0, 60) + (Decimal("3.5"),)


def test_header_found_by_label_with_theme_texts_extra_columns_and_inserted_rows(
    tmp_path: Path,
) -> None:
    heads = [
        "Note", "Cpr-nr.", "Spørgsmål 1 (tro på egne evner)", "Måling (type)", "Dato",
        *[f"Q{q}" for q in range(2, 12)],
    ]  # fmt: skip
    rows: list[list[Any]] = [["Vores progression"], [], heads]
    rows.append(["x", "0101901234", 2, "Start", D(2018, 5, 1), *[3] * 10])
    read = read_progression(
        sheet(tmp_path / "x.xlsx", rows, "Min fane"), questionnaire(scale=SCALE)
    )
    assert codes(read) == []
    (c,) = read.sheet.citizens
    assert c.measurements[0].answers[0] == 2 and c.location == "Min fane!B4"


def test_missing_columns_are_reported_together(tmp_path: Path) -> None:
    heads = ["CPR-nummer", "Måling", *[f"Spm. {q}" for q in range(1, 10)]]
    read = read_progression(sheet(tmp_path / "x.xlsx", [heads]), questionnaire())
    assert codes(read)[0] == "progression-column-missing"
    message = read.problems[0].message
    assert "'Dato for måling'" in message and "'Spm. 10'" in message and "'Spm. 11'" in message


def test_odd_rows_are_reported_at_their_cells(tmp_path: Path) -> None:
    rows = [
        HEAD,
        row("12345", "startafklaring", D(2018, 1, 1)),
        row("010190-1234", "midtvejs", D(2018, 1, 1)),
        row("010190-1234", "startafklaring", None, "meget", None),
        row("010190-1234", "startafklaring", D(2018, 1, 2)),
    ]
    read = read_progression(sheet(tmp_path / "x.xlsx", rows), questionnaire(scale=SCALE))
    assert codes(read) == [
        "progression-cpr-unreadable",
        "progression-measurement-unreadable",
        "progression-date-unreadable",
        "progression-answer-unreadable",
        "progression-answer-missing",
        "progression-measurement-twice",
    ]
    assert [p.location for p in read.problems] == [
        "Ark1!A2", "Ark1!B3", "Ark1!C4", "Ark1!E4", "Ark1!B4", "Ark1!B5",
    ]  # fmt: skip
    assert "12345" not in read.problems[0].message
    assert read.problems[-1].severity == "warning"


def test_the_schedule_is_checked_as_of_the_given_date(tmp_path: Path) -> None:
    rows = [
        HEAD,
        row("010190-1234", "startafklaring", D(2018, 1, 10)),
        row("020290-1234", "opfølgning", D(2018, 6, 1)),
    ]
    path = sheet(tmp_path / "x.xlsx", rows)
    read = read_progression(path, questionnaire(scale=SCALE), as_of=D(2019, 2, 1))
    assert codes(read) == ["progression-second-missing", "progression-first-missing"]
    assert [p.location for p in read.problems] == ["Ark1!A2", "Ark1!A3"]
    earlier = read_progression(path, questionnaire(scale=SCALE), as_of=D(2018, 12, 1))
    assert codes(earlier) == ["progression-first-missing"]


def test_a_sheet_without_a_header_and_a_damaged_file_are_problems(tmp_path: Path) -> None:
    read = read_progression(sheet(tmp_path / "x.xlsx", [["Intet her"]]), questionnaire())
    assert codes(read) == ["progression-no-header"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert codes(read_progression(bad, questionnaire())) == ["progression-file-unreadable"]


def test_every_code_has_a_severity_and_a_source() -> None:
    fsm = load_pool("flere-skal-med")  # the questionnaire's rules: sources in the pool's folder
    for code, rule in PROGRESSION_RULES.items():
        source = rule.source(fsm)
        assert code.startswith("progression-") and source
        assert "FAQ Flere skal med, s." in source or "antaget" in source, code
    assert PROGRESSION_RULES["progression-exit-missing"].severity == "info"


def test_no_message_hint_or_location_holds_a_full_cpr_number(tmp_path: Path) -> None:
    rows = [
        HEAD,
        row("010190-1234", "x", D(2018, 1, 1)),
        row("010190-1234", "startafklaring", "?", "010190-1234"),
        row("020290-5678", "opfølgning", D(2018, 1, 1), exited="snart"),
    ]
    read = read_progression(sheet(tmp_path / "x.xlsx", rows), questionnaire(), as_of=D(2020, 1, 1))
    assert len(read.problems) >= 4
    for p in read.problems:
        text = " ".join(filter(None, (p.message, p.hint, p.location)))
        assert not re.search(r"\d{6}-?\d{4}", text), text


ODD: list[Any] = [
    None, True, 0, -1, 10**15, 1e300, -0.5, "", " ", "x" * 5000, dt.time(12, 30),
    dt.timedelta(days=3), D(1900, 1, 1), dt.datetime(9999, 12, 31), "31-02-2018",
    "٠١٠١٩٠١٢٣٤", "٣", "3,5", "2-3", "opfølgning", "afslutning", "Startafklaring", "\u00a0",
]  # fmt: skip


@pytest.mark.parametrize("scale", [None, SCALE])
def test_an_odd_sheet_gives_problems_never_an_exception(
    tmp_path: Path, scale: Scale | None
) -> None:
    rows = [ODD[i : i + 12] for i in range(0, len(ODD), 3)]
    rows += [HEAD] + [
        [f"0101900{i:03d}", *(ODD[(i * 7 + j) % len(ODD)] for j in range(1, len(HEAD)))]
        for i in range(80)
    ]
    frame = questionnaire(scale=scale)
    read = read_progression(sheet(tmp_path / "x.xlsx", rows), frame, as_of=D(2030, 1, 1))
    assert read.problems and {p.code for p in read.problems} <= set(PROGRESSION_RULES)
    theme_summary(read.sheet.citizens, frame)
