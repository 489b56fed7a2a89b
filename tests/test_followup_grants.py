"""The follow-up with STAR's grant records (``hir-docs followup --grants DIR``, issue 26): the
record governs the grant, the budget lines and the deadlines; a project data whose Tilsagn
sheet differs from it is an error; a municipality without a record is a warning; a file
that is not a valid record is one finding and is not used."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hir_docs.api import followup, read_approved
from hir_docs.findings import DocKind
from hir_docs.grants.record import GrantRecord

FOLLOWUP = Path(__file__).resolve().parents[1] / "examples" / "followup"
TODAY = __import__("datetime").date(2019, 7, 15)


def _record(folder: str, **changes: object) -> GrantRecord:
    """The grant record STAR would have written for a project of the example inbox."""
    data = read_approved(FOLLOWUP / folder / "projektdata.xlsx", DocKind.PROJECTDATA)
    a = data.approved
    record = GrantRecord(
        pool="hir",
        municipality=data.municipality,
        municipality_code=data.municipality_code,
        project_name=data.project_name,
        journal_number=a.journal_number or "2018-0000-HIR",
        applied_amount=data.requested_amount,
        granted_amount=a.grant,
        conditions=None,
        project_start=a.project_start,
        project_end=a.project_end,
        deadlines=dict(a.deadlines),
        lines=list(a.lines),
        income=dict(a.income),
    )
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def _codes(result, folder: str) -> list[str]:  # type: ignore[no-untyped-def]
    project = next(p for p in result.projects if p.folder == folder)
    return [f.code for f in project.findings]


def test_the_grant_record_governs_and_a_different_project_data_is_an_error(tmp_path: Path) -> None:
    grants = tmp_path / "tilsagn"
    grants.mkdir()
    viborg = _record("Viborg")
    (grants / "tilsagn_viborg.json").write_text(viborg.to_json(), "utf-8")
    skive = _record("Skive")
    lower = dataclasses.replace(skive, granted_amount=(skive.granted_amount or 0) - 100_000)
    (grants / "tilsagn_skive.json").write_text(lower.to_json(), "utf-8")
    (grants / "noget.json").write_text(json.dumps({"format": "noget andet"}), "utf-8")
    result = followup(FOLLOWUP, tmp_path / "o.xlsx", today=TODAY, grants=grants)
    assert "followup-grant-differs" not in _codes(result, "Viborg")  # the same grant
    assert "followup-grant-differs" in _codes(result, "Skive")
    skive_project = next(p for p in result.projects if p.folder == "Skive")
    assert skive_project.grant == lower.granted_amount  # STAR's record governs
    assert "followup-grant-record-missing" in _codes(result, "Randers")
    invalid = [
        f for p in result.projects for f in p.findings if f.code == "followup-grant-record-invalid"
    ]
    assert [f.file for f in invalid] == ["noget.json"]
