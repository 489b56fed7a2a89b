"""Issue 20, point 8: the labour-market status at start and end covers every citizen in
the project: the total given, the registration sheet's citizens, and the citizens who
moved away (the relocated-citizens sheet) counted in 'Flyttet' at the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from citizen_helpers import ROW, cpr, registrations_sheet
from projectdata_helpers import example, write

from hir_docs.api import check
from hir_docs.findings import Finding, Severity
from hir_docs.forms.citizens import write_relocated

TODAY = dt.date(2019, 7, 15)
PARTICIPANTS = "projectdata-participants-registrations"
RELOCATED = "projectdata-labour-status-relocated"
LABOUR_SUM = "projectdata-labour-status-sum"


def codes(found: list[Finding], *wanted: str) -> list[Finding]:
    return [f for f in found if f.code in wanted]


def relocated(tmp_path: Path, n: int) -> Path:
    rows = [{**ROW, "cpr": f"{cpr(i)[:6]}-{cpr(i)[6:]}"} for i in range(n)]
    return write_relocated(tmp_path / "fraflyttede.xlsx", rows)


def test_labour_status_without_a_total_is_held_against_the_registration_sheet(
    tmp_path: Path,
) -> None:
    data = example()  # labour status: 40 at the start and 40 at the end
    data.participants = None
    report = check([write(tmp_path, data), registrations_sheet(tmp_path, 35)], today=TODAY)
    found = codes(report.findings, PARTICIPANTS, LABOUR_SUM)
    assert [(f.code, f.severity, f.field) for f in found] == [
        (PARTICIPANTS, Severity.ERROR, "labour_status")
    ] * 2
    assert [f.message for f in found] == [
        "Arbejdsmarkedsstatus ved projektstart summer til 40, men registreringsskemaet har "
        "35 borgere.",
        "Arbejdsmarkedsstatus ved projektafslutning summer til 40, men registreringsskemaet "
        "har 35 borgere.",
    ]
    agreeing = registrations_sheet(tmp_path, 40)
    report = check([write(tmp_path, data, "b.xlsx"), agreeing], today=TODAY)
    assert codes(report.findings, PARTICIPANTS, LABOUR_SUM) == []


def test_a_total_is_compared_once_and_the_labour_status_against_it(tmp_path: Path) -> None:
    data = example()  # 40 citizens in all, labour status 40
    data.labour_status["Fleksjob"] = (0, 11)  # 41 at the end
    report = check([write(tmp_path, data), registrations_sheet(tmp_path, 35)], today=TODAY)
    found = codes(report.findings, PARTICIPANTS, LABOUR_SUM)
    assert [f.message for f in found] == [
        "Arbejdsmarkedsstatus ved projektafslutning summer til 41, men der er 40 borgere i "
        "projektet i alt.",
        "Registreringsskemaet har 35 borgere, men projektdata siger 40 borgere i projektet i alt.",
    ]


def test_citizens_who_moved_away_must_be_counted_as_moved_at_the_end(tmp_path: Path) -> None:
    data = example()  # nobody in 'Flyttet' at the end
    report = check([write(tmp_path, data), relocated(tmp_path, 3)], today=TODAY)
    [f] = codes(report.findings, RELOCATED)
    assert f.severity == Severity.WARNING and f.field == "labour_status"
    assert f.message == (
        "Skemaet til fraflyttede borgere har 3 borgere, men arbejdsmarkedsstatus ved "
        "projektafslutning har 0 i 'Flyttet'."
    )
    data.labour_status["Ressourceforløb"] = (40, 22)
    data.labour_status["Flyttet"] = (0, 3)
    report = check([write(tmp_path, data, "b.xlsx"), relocated(tmp_path, 3)], today=TODAY)
    assert codes(report.findings, RELOCATED, LABOUR_SUM) == []


def test_no_relocated_finding_before_the_end_status_is_filled_in(tmp_path: Path) -> None:
    data = example()
    data.labour_status = {c: (s, None) for c, (s, _e) in data.labour_status.items()}
    report = check([write(tmp_path, data), relocated(tmp_path, 3)], today=TODAY)
    assert codes(report.findings, RELOCATED) == []
