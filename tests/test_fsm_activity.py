"""Flere skal med: the activity requirement for the 3rd instalment (model) and the monthly
activity register (reader and blank sheet).

The hand-computed table (``TABLE``), January-June 2018, P/L/O/F/U = virksomhedspraktik,
løntilskud, ordinære timer, fleksjob, ordinær uddannelse, "-" = none:

              jan feb mar apr maj jun
    C1         P   P   P   -   -   -
    C2         L   L   L   -   -   -
    C3         O   -   O   -   -   -
    C4         -   O   U   -   -   -
    C5         F   F   -   P   -   P
    C6         -   -   -   L   L   -
    C7         -   -   -   O   O   O
    C8         -   -   -   -   F   F
    C9         -   -   -   -   -   U
    C10        -   -   -   -   P   -   left the project 30-04-2018
    K          P   P   P   P   P   P   visited to group 2 at the start clarification
    L          P   -   -   P   P   P   moved away 15-03-2018
    R          -   P   -   O   -   -   visited from group 1 to group 3 on 20-02-2018
    N          P   -   -   F   P   -   start clarification 10-04-2018

    jan: 5/12 (C1 C2 C3 C5 L of C1-C10 L R)            41,6 %
    feb: 5/12 (C1 C2 C4 C5 R; R's own month still counts) 41,6 %
    mar: 4/11 (C1-C4 of C1-C10 L; R inactive: out)      36,3 %  - breaks the run
    apr: 5/12 (C5 C6 C7 R N of C1-C10 R N)              41,6 %
    maj: 4/10 (C6 C7 C8 N of C1-C9 N)                   40 % exactly
    jun: 4/10 (C5 C7 C8 C9 of C1-C9 N)                  40 %

The first run of three months is April-June, with different citizens each month.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import sheet_file
from openpyxl import load_workbook

from hir_docs.model.activity import (
    STATUS_SOURCES,
    GroupCitizen,
    Month,
    MonthShare,
    Revisited,
    Status,
    explain,
    first_run,
    instalment_forecast,
    monthly_shares,
    percent_text,
)
from hir_docs.pools import load_pool
from hir_docs.readers import activity_register as reader
from hir_docs.readers.activity_register import (
    parse_month,
    read_activity_register,
    write_blank_register,
)
from hir_docs.rules.registers import ACTIVITY_RULES

D = dt.date
MONTHS = [Month(2018, m) for m in range(1, 7)]
WORDS = {
    "P": "virksomhedspraktik",
    "L": "løntilskud",
    "O": "ordinære timer",
    "F": "fleksjob",
    "U": "ordinær uddannelse",
}
# name -> (fictitious CPR, group at start, visited, revisited, left, activities jan-jun)
TABLE: dict[str, tuple[str, int, D | None, D | None, D | None, str]] = {
    "C1": ("0101900001", 1, None, None, None, "PPP---"),
    "C2": ("0101900002", 1, None, None, None, "LLL---"),
    "C3": ("0101900003", 1, None, None, None, "O-O---"),
    "C4": ("0101900004", 1, None, None, None, "-OU---"),
    "C5": ("0101900005", 1, None, None, None, "FF-P-P"),
    "C6": ("0101900006", 1, None, None, None, "---LL-"),
    "C7": ("0101900007", 1, None, None, None, "---OOO"),
    "C8": ("0101900008", 1, None, None, None, "----FF"),
    "C9": ("0101900009", 1, None, None, None, "-----U"),
    "C10": ("0101900010", 1, None, None, D(2018, 4, 30), "----P-"),
    "K": ("0202900011", 2, D(2017, 12, 5), None, None, "PPPPPP"),
    "L": ("0303900012", 1, None, None, D(2018, 3, 15), "P--PPP"),
    "R": ("0404900013", 1, None, D(2018, 2, 20), None, "-P-O--"),
    "N": ("0505900014", 1, D(2018, 4, 10), None, None, "P--FP-"),
}
CPR = {name: row[0] for name, row in TABLE.items()}


def citizens() -> list[GroupCitizen]:
    out = []
    for cpr, group, visited, revisited, left, marks in TABLE.values():
        activities = {
            m: frozenset({WORDS[x]}) for m, x in zip(MONTHS, marks, strict=True) if x != "-"
        }
        out.append(GroupCitizen(cpr, group, visited, revisited, left, activities))
    return out


def status(share: MonthShare, name: str) -> Status:
    return next(c.status for c in share.citizens if c.cpr == CPR[name])


def counted(share: MonthShare) -> set[str]:
    names = {cpr: name for name, cpr in CPR.items()}
    return {names[c.cpr] for c in share.citizens if c.in_numerator}


# ---------------------------------------------------------------- the model


def test_the_hand_computed_table_gives_each_months_numerator_and_denominator() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    assert [(s.numerator, s.denominator) for s in shares] == [
        (5, 12), (5, 12), (4, 11), (5, 12), (4, 10), (4, 10),
    ]  # fmt: skip
    assert [s.share for s in shares] == [
        Fraction(5, 12), Fraction(5, 12), Fraction(4, 11), Fraction(5, 12),
        Fraction(2, 5), Fraction(2, 5),
    ]  # fmt: skip


def test_march_below_forty_percent_breaks_the_run_and_april_to_june_is_the_first_run() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    assert not shares[2].reaches(Fraction(40, 100))
    run = first_run(shares)
    assert run is not None
    assert (run.first, run.last) == (Month(2018, 4), Month(2018, 6))
    # not the same citizens each month (FAQ s. 5)
    assert [counted(s) for s in run.months] == [
        {"C5", "C6", "C7", "R", "N"},
        {"C6", "C7", "C8", "N"},
        {"C5", "C7", "C8", "C9"},
    ]


def test_two_months_in_a_row_is_january_and_february() -> None:
    run = first_run(monthly_shares(citizens(), MONTHS), length=2)
    assert run is not None and (run.first, run.last) == (Month(2018, 1), Month(2018, 2))


def test_a_citizen_visited_to_group_2_at_the_start_never_counts_even_in_activity() -> None:
    for share in monthly_shares(citizens(), MONTHS):
        row = next(c for c in share.citizens if c.cpr == CPR["K"])
        assert row.status is Status.START_GROUP_2_3
        assert not row.in_numerator and not row.in_denominator
        assert "gruppe 2 ved startafklaringen" in row.text


def test_a_citizen_who_moves_away_counts_in_that_month_and_leaves_from_the_month_after() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    march, april = shares[2], shares[3]
    assert status(march, "L") is Status.INACTIVE  # in the denominator in March
    assert status(april, "L") is Status.LEFT  # praktik in April does not count
    assert "L" not in counted(april)
    left = next(c for c in april.citizens if c.cpr == CPR["L"])
    assert not left.in_denominator and "den 15. marts 2018" in left.text and "antaget" in left.text


def test_a_revisited_citizen_counts_only_in_months_with_a_counted_activity() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    assert status(shares[1], "R") is Status.ACTIVE  # February: still group 1 that month
    assert status(shares[2], "R") is Status.REVISITED_INACTIVE
    assert status(shares[3], "R") is Status.REVISITED_ACTIVE
    march = next(c for c in shares[2].citizens if c.cpr == CPR["R"])
    april = next(c for c in shares[3].citizens if c.cpr == CPR["R"])
    assert (march.in_numerator, march.in_denominator) == (False, False)
    assert (april.in_numerator, april.in_denominator) == (True, True)


def test_the_other_reading_keeps_revisited_citizens_in_the_denominator_and_breaks_may() -> None:
    shares = monthly_shares(citizens(), MONTHS, revisited=Revisited.ALWAYS)
    assert [(s.numerator, s.denominator) for s in shares] == [
        (5, 12), (5, 12), (4, 12), (5, 12), (4, 11), (4, 11),
    ]  # fmt: skip
    assert first_run(shares) is None


def test_a_citizen_counts_from_the_month_of_the_start_clarification() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    assert status(shares[0], "N") is Status.NOT_YET_VISITED  # praktik in January ignored
    assert status(shares[3], "N") is Status.ACTIVE


def test_the_activity_words_are_a_parameter() -> None:
    shares = monthly_shares(citizens(), MONTHS[:1], counted=["virksomhedspraktik"])
    assert (shares[0].numerator, shares[0].denominator) == (2, 12)  # C1 and L


def _group(active: int, total: int = 50) -> list[GroupCitizen]:
    jan = Month(2018, 1)
    return [
        GroupCitizen(f"0101{80 + i // 100:02d}{i:04d}", activities={jan: frozenset({"fleksjob"})})
        if i < active
        else GroupCitizen(f"0101{80 + i // 100:02d}{i:04d}")
        for i in range(total)
    ]


def test_38_percent_is_not_enough_and_40_percent_exactly_is() -> None:
    jan = [Month(2018, 1)]
    (low,) = monthly_shares(_group(19), jan)
    (exact,) = monthly_shares(_group(20), jan)
    assert low.share == Fraction(38, 100) and not low.reaches(Fraction(40, 100))
    assert exact.share == Fraction(40, 100) and exact.reaches(Fraction(40, 100))
    assert percent_text(Fraction(38, 100)) == "38\u00a0%"
    assert percent_text(Fraction(3999, 10000)) == "39,9\u00a0%"  # cut, never rounded up


def test_the_forecast_respects_the_earliest_payment_date() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    forecast = instalment_forecast(shares, earliest_payment=D(2019, 1, 1), grant=1_000_000)
    assert forecast.reached and forecast.run is not None
    assert forecast.requestable_from == D(2019, 1, 1)
    assert forecast.amount == 300_000
    assert "søges fra 1. januar 2019 (raten udbetales tidligst da)" in forecast.text
    assert forecast.text.startswith("Prognose: ") and "tre måneder i træk" in forecast.text
    assert "STAR's egen månedlige monitorering afgør" in forecast.text
    assert "april 2018 41,6\u00a0% (5 af 12)" in forecast.text
    assert "maj 2018 40\u00a0% (4 af 10)" in forecast.text
    finding = forecast.finding
    assert finding.code == "activity-forecast" and finding.severity == "info"
    assert "FAQ Flere skal med, s. 5" in (finding.source or "")


def test_the_forecast_date_is_the_day_after_the_run_when_payment_is_already_possible() -> None:
    shares = monthly_shares(citizens(), MONTHS)
    forecast = instalment_forecast(shares, earliest_payment=D(2018, 1, 1))
    assert forecast.requestable_from == D(2018, 7, 1)
    assert "1. juli 2018" in forecast.text and forecast.amount is None


def test_no_run_no_instalment_and_no_tolerance() -> None:
    shares = monthly_shares(_group(19), [Month(2018, 1)])
    forecast = instalment_forecast(shares, earliest_payment=D(2019, 1, 1))
    assert not forecast.reached and forecast.requestable_from is None and forecast.run is None
    assert "ingen tolerance" in forecast.text and "38\u00a0% (19 af 50)" in forecast.text
    assert forecast.finding.severity == "info"  # a forecast: STAR's monitoring decides


def test_a_missing_month_breaks_a_run() -> None:
    shares = monthly_shares(_group(25), [Month(2018, 1), Month(2018, 2), Month(2018, 4)])
    assert first_run(shares) is None


@pytest.mark.parametrize(
    "kwargs",
    [{"threshold": Fraction(3, 2)}, {"threshold": Fraction(-1, 10)}, {"length": 0}],
)
def test_odd_parameters_raise(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        first_run((), **kwargs)


def test_the_explanation_masks_cpr_numbers() -> None:
    lines = explain(monthly_shares(citizens(), MONTHS)[3])
    assert len(lines) == len(TABLE)
    assert "040490-xxxx: visiteret fra gruppe 1 til gruppe 2 eller 3" in lines[12]
    assert not any(re.search(r"\d{10}|\d{6}-\d{4}", line) for line in lines)


# ---------------------------------------------------------------- the register


def filled_register(path: Path) -> Path:
    """The blank register with the hand-computed table written into it."""
    write_blank_register(path, MONTHS)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    h = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "CPR-nummer")
    for i, (cpr, group, visited, revisited, left, marks) in enumerate(TABLE.values()):
        r = h + 1 + i
        ws.cell(row=r, column=1, value=f"{cpr[:6]}-{cpr[6:]}")
        ws.cell(row=r, column=2, value=group)
        for c, day in ((3, visited), (4, revisited), (5, left)):
            ws.cell(row=r, column=c, value=day)
        for c, x in enumerate(marks, start=6):
            ws.cell(row=r, column=c, value=None if x == "-" else WORDS[x])
    wb.save(path)
    return path


def test_the_blank_register_reads_back_with_no_citizens_and_no_errors(tmp_path: Path) -> None:
    path = write_blank_register(tmp_path / "blank.xlsx", MONTHS)
    read = read_activity_register(path)
    assert read.register.citizens == () and read.register.months == tuple(MONTHS)
    assert [p.code for p in read.problems] == ["activity-register-empty"]
    assert all(p.severity != "error" for p in read.problems)
    ws = load_workbook(path).active
    assert ws is not None and len(ws.data_validations.dataValidation) == 2


def test_a_filled_register_round_trips_to_the_same_shares(tmp_path: Path) -> None:
    read = read_activity_register(filled_register(tmp_path / "filled.xlsx"))
    assert read.problems == ()
    assert {c.cpr for c in read.register.citizens} == set(CPR.values())
    shares = monthly_shares(read.register.citizens, read.register.months)
    assert [(s.numerator, s.denominator) for s in shares] == [
        (5, 12), (5, 12), (4, 11), (5, 12), (4, 10), (4, 10),
    ]  # fmt: skip
    run = first_run(shares)
    assert run is not None and run.first == Month(2018, 4)
    r = next(c for c in read.register.citizens if c.cpr == CPR["R"])
    assert r.revisited == D(2018, 2, 20) and r.location == "Aktivitetsregister!A21"


def sheet(path: Path, rows: list[list[Any]], title: str = "Ark1") -> Path:
    return sheet_file(path, rows, title)


def test_header_found_by_label_below_inserted_rows_in_a_renamed_sheet(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["Mit eget register"], [], ["Noter", "bla"], []]
    rows += [[
        "Bemærkning", "Cpr-nr.", "jan 2018", "2018-02", D(2018, 3, 1), "04-2018",
        "1. maj 2018", "Udtrådt af projektet", "Sagsbehandler",
    ]]  # fmt: skip
    rows += [
        ["ok", "010190-0001", "Praktik", None, "Løntilskud, fleksjob", None, "ingen", None, "X"]
    ]
    path = sheet(tmp_path / "r.xlsx", rows, "Min fane")
    read = read_activity_register(path)
    assert read.problems == ()
    assert read.register.sheet == "Min fane" and read.register.header_row == 5
    assert read.register.months == tuple(MONTHS[:5])
    (c,) = read.register.citizens
    assert c.activities == {
        Month(2018, 1): frozenset({"virksomhedspraktik"}),
        Month(2018, 3): frozenset({"løntilskud", "fleksjob"}),
    }


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("jan 2018", Month(2018, 1)),
        ("Januar 2018", Month(2018, 1)),
        ("2018-01", Month(2018, 1)),
        ("01-2018", Month(2018, 1)),
        ("01-01-2018", Month(2018, 1)),
        ("sept. 2018", Month(2018, 9)),
        ("Maj-18", Month(2018, 5)),
        (D(2018, 11, 1), Month(2018, 11)),
        (dt.datetime(2018, 12, 1), Month(2018, 12)),
        (43101, Month(2018, 1)),  # an Excel date serial
        ("jan", None),
        ("13-2018", None),
        ("Bemærkning", None),
    ],
)
def test_month_headers_as_people_write_them(header: object, month: Month | None) -> None:
    assert parse_month(header) == month


def codes(read: reader.RegisterRead) -> list[str]:
    return [p.code for p in read.problems]


HEAD = ["CPR-nummer", "Gruppe ved startafklaring", "Startafklaret", "jan 2018", "feb 2018"]


def test_a_sheet_without_a_header_is_reported(tmp_path: Path) -> None:
    read = read_activity_register(sheet(tmp_path / "x.xlsx", [["Noget helt andet"], ["a", "b"]]))
    assert codes(read) == ["activity-no-header"] and read.problems[0].severity == "error"


def test_a_missing_cpr_column_is_reported(tmp_path: Path) -> None:
    path = sheet(tmp_path / "x.xlsx", [["Navn", "jan 2018", "feb 2018"], ["A", "praktik", None]])
    read = read_activity_register(path)
    assert codes(read) == ["activity-column-missing"]
    assert read.problems[0].location == "Ark1!A1"


def test_an_unreadable_cpr_number_is_reported_without_showing_it(tmp_path: Path) -> None:
    rows = [HEAD, ["12345678901", 1, None, "praktik", None], [None, 1, None, "praktik", None]]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert codes(read) == ["activity-cpr-unreadable", "activity-cpr-unreadable", "activity-register-empty"]  # fmt: skip
    assert [p.location for p in read.problems[:2]] == ["Ark1!A2", "Ark1!A3"]
    assert "12345678901" not in read.problems[0].message
    assert "mangler" in read.problems[1].message


def test_an_unknown_activity_word_is_reported_at_its_cell_and_not_counted(tmp_path: Path) -> None:
    rows = [HEAD, ["010190-1234", 1, None, "praktik; kursus", "jobsøgning"]]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert codes(read) == ["activity-word-unknown", "activity-word-unknown"]
    assert [p.location for p in read.problems] == ["Ark1!D2", "Ark1!E2"]
    assert "'kursus'" in read.problems[0].message and "010190-xxxx" in read.problems[0].message
    (c,) = read.register.citizens
    assert c.activities == {Month(2018, 1): frozenset({"virksomhedspraktik"})}


def test_an_unreadable_month_header_and_a_month_twice_are_reported(tmp_path: Path) -> None:
    rows = [["CPR-nummer", "jan 2018", "13-2018", "2018-01", "feb 2018"], ["010190-1234"]]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert codes(read) == ["activity-month-unreadable", "activity-month-twice"]
    assert [p.location for p in read.problems] == ["Ark1!C1", "Ark1!D1"]
    assert read.register.months == (Month(2018, 1), Month(2018, 2))


def test_a_citizen_written_twice_is_reported_with_the_months_both_rows_fill(tmp_path: Path) -> None:
    rows = [
        HEAD,
        ["010190-1234", 1, None, "praktik", None],
        ["0101901234", 1, None, "fleksjob", "løntilskud"],
    ]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert codes(read) == ["activity-citizen-twice"]
    problem = read.problems[0]
    assert problem.location == "Ark1!A3" and "januar 2018" in problem.message
    assert "række 2" in problem.message and "0101901234" not in problem.message
    (c,) = read.register.citizens  # the first row wins, blanks filled from the second
    assert c.activities == {
        Month(2018, 1): frozenset({"virksomhedspraktik"}),
        Month(2018, 2): frozenset({"løntilskud"}),
    }


def test_months_outside_the_project_period_are_reported_and_left_out(tmp_path: Path) -> None:
    rows = [["CPR-nummer", "dec 2017", "jan 2018"], ["010190-1234", "praktik", "praktik"]]
    path = sheet(tmp_path / "x.xlsx", rows)
    read = read_activity_register(path, period=(D(2018, 1, 1), D(2019, 12, 31)))
    assert codes(read) == ["activity-month-outside-period"]
    assert read.problems[0].severity == "warning" and read.problems[0].location == "Ark1!B1"
    assert read.register.months == (Month(2018, 1),)


def test_unreadable_dates_and_groups_are_reported(tmp_path: Path) -> None:
    rows = [
        [*HEAD, "Udtrådt af projektet (dato, fx fraflyttet)"],
        ["010190-1234", 1, "snart", "praktik", None, "31-02-2018"],
        ["010190-5678", "gruppe 4", None, "praktik", None, None],
        ["010190-9999", "Gruppe 3", None, "praktik", None, None],
    ]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert codes(read) == [
        "activity-date-unreadable", "activity-date-unreadable", "activity-group-unreadable",
    ]  # fmt: skip
    assert [p.location for p in read.problems] == ["Ark1!C2", "Ark1!F2", "Ark1!B3"]
    assert [c.start_group for c in read.register.citizens] == [1, 3]


def test_rows_beyond_the_cap_are_not_read_and_this_is_said(tmp_path: Path) -> None:
    rows = [HEAD] + [[f"0101{90:02d}{i:04d}", 1, None, "praktik"] for i in range(10)]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows), max_rows=6)
    assert codes(read) == ["activity-rows-capped"]
    assert len(read.register.citizens) == 6  # max_rows rows under the header


def test_a_damaged_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    read = read_activity_register(path)
    assert codes(read) == ["activity-file-unreadable"] and read.register.citizens == ()


def test_every_code_and_every_status_has_a_source() -> None:
    assert set(STATUS_SOURCES) == set(Status)
    assert all("FAQ Flere skal med, s." in text for text in STATUS_SOURCES.values())
    fsm = load_pool("flere-skal-med")  # the register's rules: sources in the pool's folder
    for code, rule in ACTIVITY_RULES.items():
        source = rule.source(fsm)
        assert code.startswith("activity-") and source
        assert "FAQ Flere skal med, s." in source or "antaget" in source, code


def test_no_message_hint_or_location_holds_a_full_cpr_number(tmp_path: Path) -> None:
    rows = [
        HEAD,
        ["010190-1234", "x", None, "praktik", None],
        ["010190-1234", 1, "?", "010190-1234", None],
        ["010190-1234", 1, None, "kursus", None],
    ]
    read = read_activity_register(sheet(tmp_path / "x.xlsx", rows))
    assert read.problems
    for p in read.problems:
        text = " ".join(filter(None, (p.message, p.hint, p.location)))
        assert not re.search(r"\d{6}-?\d{4}", text), text


ODD: list[Any] = [
    None, True, 0, -1, 10**15, 1e300, -0.5, "", " ", "x" * 5000, dt.time(12, 30),
    dt.timedelta(days=3), D(1900, 1, 1), dt.datetime(9999, 12, 31), "31-02-2018",
    "٠١٠١٩٠١٢٣٤", "gruppe 9", "praktik,,;;//", "jan 99999", "2018-13", "\u00a0",
]  # fmt: skip


def test_an_odd_sheet_gives_problems_never_an_exception(tmp_path: Path) -> None:
    head = [*HEAD, "Visiteret til gruppe 2 eller 3", "Udtrådt af projektet", *ODD[:6]]
    rows = [ODD[i : i + 12] for i in range(0, len(ODD), 3)]
    rows += [head] + [
        [f"0101900{i:03d}", *(ODD[(i * 7 + j) % len(ODD)] for j in range(1, len(head)))]
        for i in range(60)
    ]
    read = read_activity_register(
        sheet(tmp_path / "x.xlsx", rows), period=(D(2018, 1, 1), D(2018, 12, 31))
    )
    assert read.problems and {p.code for p in read.problems} <= set(ACTIVITY_RULES)
