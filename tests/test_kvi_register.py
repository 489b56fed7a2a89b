"""The participant register of "Koordineret virksomhedsrettet indsats" (2011): read by label
from any sheet, one row per participant, CPR numbers masked in every message; row checks
for the target group (matchgroup 2 up to 1½ år on benefit), the project period, the order
of the events and the action plan's mentor support."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from hir_docs.findings import Finding, Severity
from hir_docs.model.results import Participant, Register
from hir_docs.pools import load_pool
from hir_docs.readers.participant_register import (
    COLUMNS,
    TEMPLATE_HEADERS,
    check_register,
    read_participant_register,
    write_blank_register,
)
from hir_docs.rules.registers import PARTICIPANT_RULES

D = dt.date
HEADERS = list(TEMPLATE_HEADERS.values())
PERIOD = (D(2011, 9, 1), D(2013, 12, 31))
# Invented, clearly fictitious CPR numbers (only data here).
CPR_A, CPR_B, CPR_C = "010190-1111", "020290-2222", "030390-3333"


def row(
    ident: object = CPR_A,
    group: object = 3,
    benefit: object = D(2011, 1, 3),
    entry: object = D(2011, 10, 3),
    interview: object = D(2011, 10, 10),
    plan: object = D(2011, 11, 1),
    mentor: object = "ja",
    offer: object = None,
    job: object = None,
    education: object = None,
) -> list[Any]:
    return [ident, group, benefit, entry, interview, plan, mentor, offer, job, education]


def workbook(
    tmp_path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: list[str] = HEADERS,
    above: int = 0,
    sheet: str = "Deltagere",
    name: str = "deltagere.xlsx",
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for _ in range(above):
        ws.append(["Jobcenter Eksempelby – deltagere"])
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    path = tmp_path / name
    wb.save(path)
    return path


def read(path: Path, **kw: object) -> tuple[Register, list[Finding]]:
    return read_participant_register(path, period=PERIOD, **kw)  # type: ignore[arg-type]


def found(problems: list[Finding]) -> list[tuple[str, Severity, str | None]]:
    return [(f.code, f.severity, f.location) for f in problems]


def no_full_cpr(problems: list[Finding]) -> None:
    text = " ".join(f"{f.message} {f.location} {f.hint}" for f in problems)
    assert not re.search(r"\d{6}-?\d{4}", text), text


def test_a_filled_in_register_is_read_with_no_problems(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        [
            row(),
            row(CPR_B, 2, D(2010, 6, 1), D(2011, 11, 1), D(2011, 11, 7), D(2011, 12, 1), "ja",
                D(2012, 2, 1), D(2012, 6, 1)),
        ],
    )  # fmt: skip
    register, problems = read(path)
    assert problems == []
    first, second = register.participants
    assert (first.ident, first.shown, first.matchgroup, first.row) == (
        "0101901111",
        "010190-xxxx",
        3,
        2,
    )
    assert (second.company_offer, second.ordinary_job, second.education) == (
        D(2012, 2, 1),
        D(2012, 6, 1),
        None,
    )
    assert second.mentor_support is True
    assert register.sheet == "Deltagere" and register.header_row == 1
    assert register.columns["mentor_support"] == "G"


def test_the_register_is_read_by_label_whatever_the_sheet_name_rows_above_order_and_extra_columns(
    tmp_path: Path,
) -> None:
    headers = [
        "Bemærkning", "Første samtale (dato)", "CPR-nr.", "Matchgruppe", "Dato for ydelsesstart",
        "Indtrædelsesdato", "Dato for indsatsplan", "Mentorstøtte", "Start i ordinært job",
        "Start på uddannelse", "Start på virksomhedsrettet tilbud",
    ]  # fmt: skip
    values = [
        "frit tekst", "10-10-2011", "0101901111", "Matchgruppe 2", "03-01-2011", "03-10-2011",
        "1.11.2011", "x", None, None, "2012-01-09",
    ]  # fmt: skip
    path = workbook(tmp_path, [values], headers=headers, above=5, sheet="Ark med andet navn")
    register, problems = read(path)
    assert problems == []
    (p,) = register.participants
    assert (p.matchgroup, p.first_interview, p.action_plan, p.mentor_support, p.company_offer) == (
        2,
        D(2011, 10, 10),
        D(2011, 11, 1),
        True,
        D(2012, 1, 9),
    )
    assert p.row == 7 and register.columns["ident"] == "C"


def test_a_blank_register_round_trips_through_the_reader(tmp_path: Path) -> None:
    path = write_blank_register(tmp_path / "tom.xlsx", rows=20)
    register, problems = read(path)
    assert found(problems) == [("participants-empty", Severity.ERROR, "Deltagere!A9")]
    wb = load_workbook(path)
    ws = wb["Deltagere"]
    assert [c.value for c in ws[9]] == HEADERS
    assert any(dv.formula1 == '"2,3"' for dv in ws.data_validations.dataValidation)
    assert ws["C10"].number_format == "DD-MM-YYYY"
    for c, value in enumerate(row(CPR_C), start=1):
        ws.cell(row=10, column=c, value=value)
    wb.save(path)
    register, problems = read(path)
    assert problems == [] and [p.shown for p in register.participants] == ["030390-xxxx"]


def test_a_workbook_without_the_header_row_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = workbook(tmp_path, [["a", "b"]], headers=["Navn", "Adresse"])
    assert found(read(path)[1]) == [("participants-no-header", Severity.ERROR, None)]
    junk = tmp_path / "ikke.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not a workbook")
    register, problems = read(junk)
    assert register.participants == ()
    assert found(problems) == [("participants-unreadable", Severity.ERROR, None)]


def test_a_missing_column_is_named_at_the_header_row(tmp_path: Path) -> None:
    path = workbook(tmp_path, [row()[:9]], headers=HEADERS[:9], above=2)
    _, problems = read(path)
    assert found(problems) == [("participants-column-missing", Severity.ERROR, "Deltagere!A3")]
    assert "Uddannelse påbegyndt" in problems[0].message


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (4, "matchgruppen er 4; målgruppen er matchgruppe 2 eller 3"),
        (None, "matchgruppen mangler"),
        ("fire", "matchgruppen mangler"),
    ],
)
def test_a_matchgroup_other_than_2_or_3_is_an_error(
    tmp_path: Path, group: object, message: str
) -> None:
    _, problems = read(workbook(tmp_path, [row(group=group)]))
    assert found(problems) == [("participants-matchgroup", Severity.ERROR, "Deltagere!B2")]
    assert message in problems[0].message and "010190-xxxx" in problems[0].message


@pytest.mark.parametrize(
    ("entry", "codes", "duration"),
    [
        (D(2011, 10, 3), [], None),  # exactly 18 months: "op til 1½ år" includes it
        (D(2011, 10, 4), ["participants-benefit-too-long"], "18 måneder og 1 dag"),
        (D(2011, 11, 3), ["participants-benefit-too-long"], "19 måneder"),
    ],
    ids=["18 months", "18 months and a day", "19 months"],
)
def test_matchgroup_2_may_have_been_on_benefit_up_to_18_months_at_entry(
    tmp_path: Path, entry: dt.date, codes: list[str], duration: str | None
) -> None:
    r = row(group=2, benefit=D(2010, 4, 3), entry=entry, interview=D(2011, 11, 10),
            plan=D(2011, 12, 1))  # fmt: skip
    _, problems = read(workbook(tmp_path, [r]))
    assert [f.code for f in problems] == codes
    if duration:
        assert problems[0].location == "Deltagere!C2"
        assert f"({duration} fra 03-04-2010 til {entry:%d-%m-%Y})" in problems[0].message


def test_matchgroup_3_may_have_been_on_benefit_for_any_length_of_time(tmp_path: Path) -> None:
    _, problems = read(workbook(tmp_path, [row(group=3, benefit=D(2004, 1, 1))]))
    assert problems == []


def test_benefit_dates_that_cannot_place_a_participant_in_the_target_group(tmp_path: Path) -> None:
    rows = [
        row(CPR_A, group=2, benefit=None),
        row(CPR_B, benefit=D(2011, 10, 5)),  # after entry
        row(CPR_C, entry=None),
    ]
    _, problems = read(workbook(tmp_path, rows))
    assert found(problems) == [
        ("participants-benefit-start-missing", Severity.WARNING, "Deltagere!C2"),
        ("participants-not-on-benefit", Severity.ERROR, "Deltagere!C3"),
        ("participants-entry-missing", Severity.ERROR, "Deltagere!D4"),
    ]
    no_full_cpr(problems)


def test_dates_outside_the_project_period_are_errors(tmp_path: Path) -> None:
    r = row(entry=D(2011, 8, 30), interview=D(2011, 9, 5), job=D(2014, 1, 6))
    _, problems = read(workbook(tmp_path, [r]))
    assert found(problems) == [
        ("participants-outside-period", Severity.ERROR, "Deltagere!D2"),
        ("participants-outside-period", Severity.ERROR, "Deltagere!I2"),
    ]
    assert "(01-09-2011–31-12-2013)" in problems[0].message
    assert "antaget" in problems[1].message
    _, without = read_participant_register(workbook(tmp_path, [r], name="b.xlsx"))
    assert without == []  # no period given: nothing to hold the dates against


def test_events_out_of_order_are_warnings(tmp_path: Path) -> None:
    rows = [
        row(CPR_A, interview=D(2011, 11, 10), plan=D(2011, 11, 1)),  # plan before interview
        row(CPR_B, interview=None, plan=None, mentor=None, job=D(2012, 1, 2)),  # job only
        row(CPR_C, interview=D(2011, 10, 1)),  # interview before entry (03-10-2011)
    ]
    _, problems = read(workbook(tmp_path, rows))
    assert found(problems) == [
        ("participants-date-order", Severity.WARNING, "Deltagere!F2"),
        ("participants-date-order", Severity.WARNING, "Deltagere!I3"),
        ("participants-date-order", Severity.WARNING, "Deltagere!E4"),
    ]
    assert problems[0].message == (
        "Deltager 010190-xxxx (række 2): »Indsatsplan med mentorstøtte udformet« (01-11-2011) "
        "er registreret før »Første samtale afholdt« (10-11-2011)."
    )
    assert "der er ingen dato for »Indsatsplan med mentorstøtte udformet«" in problems[1].message


@pytest.mark.parametrize(
    ("mentor", "stated"), [("nej", "angiver ikke"), (None, "har ikke angivet om den har")]
)
def test_a_plan_without_mentor_support_is_a_warning_the_40_percent_is_not_reached(
    tmp_path: Path, mentor: object, stated: str
) -> None:
    _, problems = read(workbook(tmp_path, [row(mentor=mentor)]))
    assert found(problems) == [("participants-no-mentor-support", Severity.WARNING, "Deltagere!G2")]
    assert f"indsatsplanen {stated} mentorstøtte, så de 40 %" in problems[0].message


def test_a_participant_listed_twice_is_an_error_and_only_the_first_row_counts(
    tmp_path: Path,
) -> None:
    rows = [row(CPR_A), row(CPR_B), row("0101901111")]
    register, problems = read(workbook(tmp_path, rows))
    assert found(problems) == [("participants-duplicate", Severity.ERROR, "Deltagere!A4")]
    assert "010190-xxxx (række 4) står også i række 2" in problems[0].message
    assert len(register.participants) == 3  # kept, so the statement can say why it is not paid
    no_full_cpr(problems)


def test_unreadable_values_are_named_with_their_cell(tmp_path: Path) -> None:
    rows = [row(interview="i går", mentor="måske"), row(CPR_B, plan="x" * 500)]
    register, problems = read(workbook(tmp_path, rows))
    assert found(problems) == [
        ("participants-value-invalid", Severity.ERROR, "Deltagere!E2"),
        ("participants-value-invalid", Severity.ERROR, "Deltagere!G2"),
        ("participants-value-invalid", Severity.ERROR, "Deltagere!F3"),
    ]
    assert problems[0].message == "Række 2: Første samtale »i går« kan ikke læses."
    assert len(problems[2].message) < 120  # a long text is cut short


def test_a_row_without_an_id_is_an_error(tmp_path: Path) -> None:
    register, problems = read(workbook(tmp_path, [row(ident=None), [None] * 10, row(CPR_B)]))
    assert found(problems) == [("participants-id-missing", Severity.ERROR, "Deltagere!A2")]
    assert [p.row for p in register.participants] == [4]  # the blank row is skipped


def test_a_cpr_number_in_a_number_cell_that_lost_its_leading_zero_is_still_masked(
    tmp_path: Path,
) -> None:
    register, problems = read(workbook(tmp_path, [row(ident=101901111, group=7)]))
    assert register.participants[0].ident == "0101901111"
    assert "010190-xxxx" in problems[0].message
    no_full_cpr(problems)


def test_ids_that_are_not_cpr_numbers_are_shown_as_written(tmp_path: Path) -> None:
    register, _ = read(workbook(tmp_path, [row(ident="JC-017"), row(ident=42)]))
    assert [p.shown for p in register.participants] == ["JC-017", "42"]


def test_the_rows_read_are_capped_and_the_cap_is_said(tmp_path: Path) -> None:
    rows = [row(f"D-{i}") for i in range(5)]
    register, problems = read(workbook(tmp_path, rows), max_rows=3)
    assert len(register.participants) == 3
    assert found(problems) == [("participants-row-cap", Severity.WARNING, "Deltagere!A5")]
    assert "kun de første 3 er læst" in problems[0].message


def test_a_register_built_in_code_is_checked_without_locations() -> None:
    p = Participant("D-1", "D-1", matchgroup=3, entry=D(2012, 1, 1), action_plan=D(2012, 2, 1))
    problems = check_register(Register((p,)))
    assert found(problems) == [
        ("participants-date-order", Severity.WARNING, None),
        ("participants-no-mentor-support", Severity.WARNING, None),
    ]
    assert found(check_register(Register())) == [("participants-empty", Severity.ERROR, None)]


def test_every_code_has_a_severity_a_source_and_the_assumed_ones_say_so() -> None:
    kvi = load_pool("virksomhedsrettet")  # the register's rules: sources in the pool's folder
    sources = {code: rule.source(kvi) for code, rule in PARTICIPANT_RULES.items()}
    assert all("programbeskrivelsen, " in s for s in sources.values()), sources
    for code in (
        "participants-outside-period",
        "participants-date-order",
        "participants-duplicate",
    ):
        assert "antaget" in sources[code]
    assert all(re.fullmatch(r"participants(-[a-z0-9]+)+", c) for c in sources)
    assert set(TEMPLATE_HEADERS) == set(COLUMNS)
