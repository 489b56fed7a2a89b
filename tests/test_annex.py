"""Issue 20: the machine-readable annex. Every status report, final report and accounts
document is written with a JSON file holding the same figures, valid against the
documented schema (docs/annex.md, ``render.annex_schema.ANNEX_SCHEMA``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from projectdata_helpers import docx_text, example, write

from hir_docs.findings import HirDocsError
from hir_docs.formatting import kr
from hir_docs.model.accounts import compute_accounts
from hir_docs.model.grant import record_from
from hir_docs.model.projectdata import CaseworkerLoad, ProjectData
from hir_docs.pools import load_pool
from hir_docs.render.annex import annex_path, build_annex
from hir_docs.render.annex_schema import ANNEX_SCHEMA, SCHEMA_VERSION
from hir_docs.render.reports import render_report

DAY = dt.date(2019, 7, 15)
POOL = load_pool()
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The errors of ``value`` against the JSON Schema subset the annex schema uses (type,
    properties, required, additionalProperties, items, enum, const, oneOf, pattern,
    format date)."""
    errors: list[str] = []
    if "oneOf" in schema:
        if sum(not validate(value, s, where) for s in schema["oneOf"]) != 1:
            errors.append(f"{where}: not exactly one of oneOf")
        return errors
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        ok = any(
            isinstance(value, TYPES[k]) and not (k in ("integer", "number") and value is True)
            and not (k in ("integer", "number") and value is False)
            for k in kinds
        )  # fmt: skip
        if not ok:
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errors.append(f"{where}: {value!r} is not a date")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: {key} missing")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: {key} not allowed")
            elif isinstance(extra, dict):
                errors += validate(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], f"{where}[{i}]")
    return errors


def load(path: Path) -> dict[str, Any]:
    annex: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return annex


def render_all(tmp_path: Path, data: ProjectData) -> tuple[dict[str, list[Path]], list[Path]]:
    pd = write(tmp_path, data)
    out = tmp_path / "o"
    annexes: list[Path] = []
    docs = {
        "status": render_report("status", pd, out, period="2018-H2", data=data,
                                report_date=DAY, annexes=annexes),
        "final": render_report("final", pd, out, data=data, report_date=DAY, annexes=annexes),
        "part": render_report("accounts", pd, out, period="2018-H2", data=data,
                              report_date=DAY, annexes=annexes),
        "accounts": render_report("accounts", pd, out, data=data, report_date=DAY,
                                  annexes=annexes),
    }  # fmt: skip
    return docs, annexes


def test_every_document_is_written_with_its_annex_beside_it(tmp_path: Path) -> None:
    docs, annexes = render_all(tmp_path, example())
    assert [p.name for p in annexes] == [
        "statusrapport_2018-H2.json",
        "slutrapport.json",
        "delregnskab_2018-H2.json",
        "regnskab.json",
    ]
    for (_kind, written), annex in zip(docs.items(), annexes, strict=True):
        assert annex == annex_path(written[0]) and annex.exists()
        assert all(p.suffix != ".json" for p in written)  # the documents, as before
        value = load(annex)
        assert validate(value, ANNEX_SCHEMA) == [], annex.name
        assert value["schema_version"] == SCHEMA_VERSION
        assert value["document"]["file"] == written[0].name
        assert value["document"]["report_date"] == "2019-07-15"
    kinds = [load(a)["document"]["kind"] for a in annexes]
    assert kinds == ["status", "final", "part_accounts", "accounts"]


def test_the_annex_holds_the_documents_figures(tmp_path: Path) -> None:
    data = example()
    docs, annexes = render_all(tmp_path, data)
    status, final, part, accounts = (load(a) for a in annexes)
    # the final report: spending, eligible spending and the amount requested as printed
    final_text = docx_text(docs["final"][0])
    acc = compute_accounts(data, None, POOL)
    assert final["economy"]["totals"]["spent_to_date"] == acc.spent_total == 1_213_000
    assert final["financing"]["requested"] == max(acc.payable, 0)
    assert kr(final["financing"]["requested"]) in final_text
    assert kr(final["economy"]["totals"]["spent_to_date"]) in final_text
    assert kr(final["financing"]["paid"]) in final_text
    # the status report: the period, the caseload months and the spending of the period
    assert status["period"] == {"key": "2018-H2", "start": "2018-07-01", "end": "2018-12-31"}
    lene = status["caseload"][0]
    assert lene["caseworker"] == "Lene Eksempel" and len(lene["months"]) == 6
    assert lene["months"][0] == {
        "date": "2018-07-31",
        "cases": 30,
        "per_fte": 30.0,
        "over_limit": False,
    }
    assert status["economy"]["totals"]["spent_period"] == 560_000
    assert kr(560_000) in docx_text(docs["status"][0])
    assert status["participants"]["total"] == 40
    assert [o["key"] for o in status["obligations"]] == ["survey_mid", "registration_2"]
    assert len(final["obligations"]) == 8
    # the accounts: the workbook's figures
    for annex, written in ((part, docs["part"]), (accounts, docs["accounts"])):
        book = openpyxl.load_workbook(written[0])
        cells = [
            c for ws in book.worksheets for row in ws.iter_rows(values_only=True)
            for c in row if isinstance(c, int)
        ]  # fmt: skip
        assert annex["economy"]["totals"]["spent_to_date"] in cells
        assert annex["financing"]["eligible_spent"] in cells
        assert "caseload" not in annex and "obligations" not in annex
    assert part["economy"]["totals"]["budget_to_date"] == 917_000


def test_caseload_over_the_limit_and_staff_dates_in_the_annex() -> None:
    data = example()
    dates = data.snapshot_dates
    data.caseworkers.append(
        CaseworkerLoad(
            "Karin Fiktiv", 37, {d: 38 for d in dates}, start=dt.date(2018, 9, 1),
            end=dt.date(2018, 11, 15),
        )
    )  # fmt: skip
    annex = build_annex("status", data, "2018-H2", POOL, "statusrapport_2018-H2.docx", DAY)
    karin = annex["caseload"][-1]
    assert [m["date"] for m in karin["months"]] == ["2018-09-30", "2018-10-31"]
    assert karin["months_over_limit"] == ["2018-09-30", "2018-10-31"]
    assert karin["start"] == "2018-09-01" and karin["end"] == "2018-11-15"
    assert karin["max_cases"] == 38 and karin["max_per_fte"] == 38.0
    sofie = annex["caseload"][2]  # 25 cases on 30 hours: 30,8 per full-time post
    assert sofie["hours_per_week"] == 30 and sofie["max_per_fte"] == 30.83
    assert validate(annex, ANNEX_SCHEMA) == []


def test_other_income_budgeted_and_received_in_the_annex() -> None:
    data = example()
    data.income = {"Fonden for Eksempler": 100_000, "Medfinansiering": 13_000}
    data.income_received = {"Fonden for Eksempler": {"2018-H2": 40_000, "2019-H1": 60_000}}
    data.approved = record_from(data)  # approved with the fund's money
    annex = build_annex("accounts", data, None, POOL, "regnskab.xlsx", DAY)
    [fund] = annex["financing"]["other_income"]
    assert fund["grantor"] == "Fonden for Eksempler" and fund["budgeted"] == 100_000
    assert fund["received"] == {"2018-H2": 40_000, "2019-H1": 60_000}
    assert fund["received_to_date"] == 100_000 and fund["counted"] == 100_000
    assert annex["financing"]["other_income_total"] == 100_000
    assert validate(annex, ANNEX_SCHEMA) == []


def test_no_cpr_number_in_any_annex(tmp_path: Path) -> None:
    data = example()
    data.caseworkers[0].name = "Lene Eksempel"
    _docs, annexes = render_all(tmp_path, data)
    for annex in annexes:
        assert not re.search(r"\b\d{6}-?\d{4}\b", annex.read_text(encoding="utf-8"))


def test_annex_is_reproducible_and_respects_force(tmp_path: Path) -> None:
    data = example()
    pd = write(tmp_path, data)
    out = tmp_path / "o"
    render_report("final", pd, out, data=data, report_date=DAY)
    first = (out / "slutrapport.json").read_bytes()
    (out / "slutrapport.docx").unlink()  # only the annex is left: still refused
    with pytest.raises(HirDocsError, match="--force"):
        render_report("final", pd, out, data=data, report_date=DAY)
    assert not (out / "slutrapport.docx").exists()  # nothing written
    render_report("final", pd, out, data=data, report_date=DAY, force=True)
    assert (out / "slutrapport.json").read_bytes() == first


def test_a_draft_says_so_in_its_annex() -> None:
    annex = build_annex("final", example(), None, POOL, "slutrapport.docx", DAY, draft=True)
    assert annex["document"]["draft"] is True and annex["period"] is None


def test_validator_rejects_a_broken_annex() -> None:
    annex = build_annex("final", example(), None, POOL, "slutrapport.docx", DAY)
    annex["financing"]["requested"] = "816.000 kr."
    del annex["project"]["cvr"]
    annex["extra"] = 1
    errors = validate(annex, ANNEX_SCHEMA)
    assert any("requested" in e for e in errors) and any("cvr missing" in e for e in errors)
    assert any("extra not allowed" in e for e in errors)


def test_every_field_of_the_schema_is_documented() -> None:
    def fields(schema: Any) -> set[str]:
        found: set[str] = set()
        if isinstance(schema, dict):
            found |= set(schema.get("properties", {}))
            for value in schema.values():
                found |= fields(value)
        elif isinstance(schema, list):
            for value in schema:
                found |= fields(value)
        return found

    doc = (Path(__file__).resolve().parent.parent / "docs/annex.md").read_text(encoding="utf-8")
    assert f"schema version {SCHEMA_VERSION}" in doc
    missing = sorted(f for f in fields(ANNEX_SCHEMA) if f"`{f}`" not in doc)
    assert missing == []
