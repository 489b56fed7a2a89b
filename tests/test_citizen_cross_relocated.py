"""The relocated-citizens sheet checked together with the registrations (issue 21, point
8): the sheet is only for citizens the jobcenter registered in the module but could not
end itself because they moved (Q&A 2018, spørgsmål 2 om modulet), so a relocated citizen
absent from the registrations, or named with another caseworker than the one registered
on the move date, is a finding. CPR numbers are masked in every message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from citizen_helpers import LENE, ROW, SOFIE, cpr, reg_row

from hir_docs.findings import Finding, codes, one
from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.pipeline import check_paths
from hir_docs.rules import CheckOptions

D = dt.date
ABSENT = "cross-relocated-not-registered"
OTHER = "cross-relocated-caseworker-differs"
BARSEL = ("Barsel/fængsel", "123@abc.dk")
MOVER = ROW["cpr"]  # 120384-1234 moves on 15 August 2018, caseworker Lene Eksempel


def others() -> list[dict[str, Any]]:
    return [reg_row(cpr(i), LENE if i < 4 else SOFIE, D(2018, 3, 1)) for i in range(8)]


def run(
    tmp_path: Path,
    regs: list[dict[str, Any]],
    relocated: list[dict[str, Any]],
    jobcenter: str = "Jobcenter Viborg",
) -> list[Finding]:
    files = [
        write_registrations(tmp_path / "registreringer.xlsx", regs),
        write_relocated(tmp_path / "fraflyttede.xlsx", relocated, jobcenter=jobcenter),
    ]
    return check_paths(files, CheckOptions()).findings


def cross(findings: list[Finding]) -> list[str]:
    return [c for c in codes(findings) if c in (ABSENT, OTHER)]


def test_a_relocated_citizen_in_the_registrations_is_quiet(tmp_path: Path) -> None:
    regs = [*others(), reg_row(MOVER, LENE, D(2018, 3, 1), D(2018, 8, 15))]
    assert cross(run(tmp_path, regs, [ROW])) == []


def test_a_relocated_citizen_absent_from_the_registrations_is_an_error(tmp_path: Path) -> None:
    f = one(run(tmp_path, others(), [ROW]), ABSENT)
    assert (f.severity, f.location, f.field) == ("error", "Fraflyttede!A7", "cpr")
    assert f.file.endswith("fraflyttede.xlsx")
    assert "Borgeren 120384-xxxx i række 7 står ikke i registreringsskemaet" in f.message
    assert "registreringer.xlsx" in f.message
    assert "1203841234" not in f.message and "120384-1234" not in f.message
    assert "spørgsmål 2 om modulet" in (f.source or "")


def test_a_relocated_citizen_who_started_after_the_registrations_says_the_sheet_is_old(
    tmp_path: Path,
) -> None:
    late = ROW | {"start": D(2018, 9, 3), "end": D(2018, 11, 30)}
    f = one(run(tmp_path, others(), [late]), ABSENT)
    assert "3. september 2018" in f.message and "1. marts 2018" in f.message
    assert "send det nyeste registreringsskema" in f.message


def test_a_citizen_registered_by_name_is_found_by_name(tmp_path: Path) -> None:
    regs = [*others(), reg_row(str(ROW["name"]), LENE, D(2018, 3, 1), D(2018, 8, 15))]
    assert cross(run(tmp_path, regs, [ROW])) == []


def test_an_invalid_cpr_is_left_to_its_own_rule(tmp_path: Path) -> None:
    findings = run(tmp_path, others(), [ROW | {"cpr": "320384-1234"}])
    assert "relocated-cpr-invalid" in codes(findings) and cross(findings) == []


def test_another_jobcenters_relocated_sheet_is_not_compared(tmp_path: Path) -> None:
    assert cross(run(tmp_path, others(), [ROW], jobcenter="Jobcenter Aarhus")) == []


def test_a_relocated_row_naming_another_caseworker_is_a_warning(tmp_path: Path) -> None:
    regs = [*others(), reg_row(MOVER, SOFIE, D(2018, 3, 1), D(2018, 8, 15))]
    f = one(run(tmp_path, regs, [ROW]), OTHER)
    assert (f.severity, f.location, f.field) == ("warning", "Fraflyttede!C7", "caseworker")
    assert "'Lene Eksempel'" in f.message and "'Sofie Fiktiv'" in f.message
    assert "række 15" in f.message and "15. august 2018" in f.message
    assert "120384-xxxx" in f.message and "1203841234" not in f.message


def test_the_caseworker_compared_is_the_one_registered_on_the_move_date(tmp_path: Path) -> None:
    # Sofie until 31 May, then Lene: the relocated sheet rightly names Lene.
    changed = [
        reg_row(MOVER, SOFIE, D(2018, 3, 1), D(2018, 5, 31)),
        reg_row(MOVER, LENE, D(2018, 6, 1), D(2018, 8, 15)),
    ]
    assert cross(run(tmp_path, [*others(), *changed], [ROW])) == []
    # Lene until 31 May, then Sofie: naming Lene is the old caseworker.
    swapped = [
        reg_row(MOVER, LENE, D(2018, 3, 1), D(2018, 5, 31)),
        reg_row(MOVER, SOFIE, D(2018, 6, 1), D(2018, 8, 15)),
    ]
    f = one(run(tmp_path, [*others(), *swapped], [ROW]), OTHER)
    assert "række 16" in f.message


def test_the_same_email_with_the_name_spelt_otherwise_is_the_same_caseworker(
    tmp_path: Path,
) -> None:
    regs = [*others(), reg_row(MOVER, ("Lene B. Eksempel", LENE[1]), D(2018, 3, 1), D(2018, 8, 15))]
    assert cross(run(tmp_path, regs, [ROW])) == []


def test_a_fictitious_caseworker_on_the_move_date_is_not_compared(tmp_path: Path) -> None:
    regs = [
        *others(),
        reg_row(MOVER, LENE, D(2018, 3, 1), D(2018, 6, 30)),
        reg_row(MOVER, BARSEL, D(2018, 7, 1), D(2018, 8, 15)),
    ]
    assert cross(run(tmp_path, regs, [ROW])) == []


def test_relocated_findings_are_capped_at_25_with_a_summary(tmp_path: Path) -> None:
    moved = [ROW | {"cpr": cpr(100 + i)} for i in range(28)]
    found = [f for f in run(tmp_path, others(), moved) if f.code == ABSENT]
    assert len(found) == 26 and "... og 3 rækker mere" in found[-1].message
