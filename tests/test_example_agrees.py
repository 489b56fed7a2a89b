"""The bundled Viborg example agrees with itself (issue 20): the application's caseworkers
and citizens, the registration sheet, the relocated citizens and the project data derived
from them. These are facts of the example (examples/build_*.py), read from the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hir_docs.api import check, read_approved
from hir_docs.findings import DocKind, Severity
from hir_docs.model import Application
from hir_docs.model.caseload import caseworker_key, citizen_key, fictitious_keys
from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet
from hir_docs.model.projectdata import ProjectData
from hir_docs.pools import load_pool

VIBORG = Path(__file__).resolve().parents[1] / "examples" / "viborg"
REAL_START = dt.date(2018, 3, 1)
TODAY = dt.date(2019, 9, 1)  # after the final report and accounts were handed in


@pytest.fixture(scope="module")
def regs() -> RegistrationSheet:
    sheet: RegistrationSheet = read_approved(
        VIBORG / "registreringsskema.xlsx", DocKind.REGISTRATIONS
    )
    return sheet


@pytest.fixture(scope="module")
def data() -> ProjectData:
    model: ProjectData = read_approved(VIBORG / "projektdata.xlsx", DocKind.PROJECTDATA)
    return model


def _real(sheet: RegistrationSheet) -> set[str]:
    fictitious = fictitious_keys(load_pool())
    names = {(r.caseworker or "").strip() for r in sheet.rows}
    return {n for n in names if n and caseworker_key(n) not in fictitious}


def test_the_application_and_the_registrations_count_the_same_people(
    regs: RegistrationSheet,
) -> None:
    app: Application = read_approved(VIBORG / "ansoegning.docx", DocKind.APPLICATION)
    assert "275 borgere" in (app.expected_citizens or "")
    assert "ca. 45 nye" in (app.expected_citizens or "")
    assert "10 sagsbehandlere til 275 sager" in (app.caseload_plan or "")
    at_start = {citizen_key(r.citizen) for r in regs.rows if r.start == REAL_START}
    citizens = {citizen_key(r.citizen) for r in regs.rows}
    assert len(at_start) == 275 and len(citizens) == 320  # 45 new ones in the period
    assert len(_real(regs)) == 10
    assert {r.hours for r in regs.rows if (r.caseworker or "") in _real(regs)} == {30.0, 37.0}


def test_every_caseworker_is_within_25_to_35_per_full_time_post_every_month(
    regs: RegistrationSheet,
) -> None:
    months = {p.date for p in regs.snapshots}
    assert len(months) == 13 and min(months) == dt.date(2018, 3, 31)
    assert len(regs.snapshots) == 13 * 10  # every caseworker every month
    per_fte = [p.cases_per_fte for p in regs.snapshots]
    assert all(v is not None and 25 <= v <= 35 for v in per_fte), per_fte


def test_relocated_citizens_end_with_the_named_caseworker_on_the_move_date(
    regs: RegistrationSheet,
) -> None:
    moved: RelocatedSheet = read_approved(VIBORG / "fraflyttede_borgere.xlsx", DocKind.RELOCATED)
    assert len(moved.rows) == 3
    for m in moved.rows:
        [row] = [
            r for r in regs.rows if citizen_key(r.citizen) == citizen_key(m.cpr) and r.end == m.end
        ]
        assert row.caseworker == m.caseworker and row.start == m.start


def test_project_data_is_derived_from_the_registrations(
    regs: RegistrationSheet, data: ProjectData
) -> None:
    assert data.participants == 320
    start = sum(a for a, _ in data.labour_status.values())
    end = sum(b for _, b in data.labour_status.values())
    assert start == end == 320
    assert data.labour_status["Ressourceforløb"][0] == 320
    assert data.labour_status["Flyttet"] == (0, 3)
    open_at_end = {
        citizen_key(r.citizen)
        for r in regs.rows
        if r.end is None and (r.caseworker or "") in _real(regs)
    }
    on_leave = 1  # with the fictitious caseworker, still in a resource course
    assert data.labour_status["Ressourceforløb"][1] == len(open_at_end) + on_leave
    assert {cw.name for cw in data.caseworkers} == _real(regs)
    registered = {(p.caseworker, p.date): p.cases for p in regs.snapshots}
    for cw in data.caseworkers:
        assert cw.totals == {d: registered[(cw.name, d)] for d in data.snapshot_dates}


def test_the_example_checks_clean_also_on_the_registration_dates() -> None:
    report = check([VIBORG], today=TODAY)
    assert [f.code for f in report.findings if f.severity != Severity.INFO] == []
    on = check(
        [VIBORG / "registreringsskema.xlsx"],
        snapshot_dates=[dt.date(2018, 6, 30), dt.date(2018, 12, 31)],
        today=TODAY,
    )
    assert [f.code for f in on.findings if f.severity != Severity.INFO] == []
