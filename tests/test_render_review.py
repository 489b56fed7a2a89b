"""Review findings on report rendering: a report is only made when what it shows is filled
in, hostile or absurd project data never crashes ``render``, and the documents' wording."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from projectdata_helpers import docx_text, example, write

from hir_docs.api import RenderRefused, check, init_projectdata, render_report
from hir_docs.findings import HirDocsError
from hir_docs.formatting import kr, number, percent
from hir_docs.model.projectdata import FINAL_SECTIONS, STATUS_SECTIONS, ProjectData
from hir_docs.pools import load_pool
from hir_docs.render.context import EMPTY, final_context, status_context

VIBORG = Path(__file__).resolve().parents[1] / "examples" / "viborg"
HIR_DOCS = str(Path(sys.executable).parent / "hir-docs")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """Project data straight from 'report init': nothing reported yet."""
    out = tmp_path / "pd" / "projektdata.xlsx"
    init_projectdata(VIBORG / "ansoegning.docx", VIBORG / "budget.xlsx", out)
    return out


def _refused(kind: str, pd: Path, out: Path, **kw: str) -> list[tuple[str, str | None]]:
    with pytest.raises(RenderRefused) as refused:
        render_report(kind, pd, out, **kw)  # type: ignore[arg-type]
    assert not out.exists()
    return [
        (f.field or "", f.location)
        for f in refused.value.errors
        if f.code == "projectdata-report-incomplete"
    ]


# --- 1. a report with empty sections is refused ----------------------------------------------


def test_final_report_from_fresh_project_data_is_refused_naming_each_gap(
    fresh: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    gaps = dict(_refused("final", fresh, tmp_path / "o"))
    assert gaps.keys() == {
        "journal_number",
        "final:results",
        "final:lessons",
        "final:anchoring",
        "participants",
        "labour_status",
        "spent:2019-H1",
    }
    assert gaps["journal_number"] == "Projekt!B9"
    result = run_cli("render", "final", str(fresh), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "Journalnummer hos STAR" in result.output
    assert f"'{FINAL_SECTIONS['lessons']}'" in result.output
    assert not (tmp_path / "o").exists()
    # a draft is still possible, marked UDKAST
    draft = run_cli("render", "final", str(fresh), "--out", str(tmp_path / "d"), "--draft")
    assert draft.exit_code == 0, draft.output
    assert _header_has_draft(tmp_path / "d" / "slutrapport.docx")


def _header_has_draft(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return any(
            "UDKAST" in zf.read(n).decode() for n in zf.namelist() if n.startswith("word/header")
        )


def test_status_and_accounts_from_fresh_project_data_are_refused(
    fresh: Path, tmp_path: Path
) -> None:
    status = dict(_refused("status", fresh, tmp_path / "s", period="2018-H2"))
    assert status.keys() == {"journal_number", "status:2018-H2:activities"}
    # the default period: the project's last half-year while nothing is spent
    status = dict(_refused("status", fresh, tmp_path / "s"))
    assert "status:2019-H1:activities" in status
    part = dict(_refused("accounts", fresh, tmp_path / "a", period="2018-H2"))
    assert part.keys() == {"journal_number", "spent:2018-H2"}
    final = dict(_refused("accounts", fresh, tmp_path / "a"))
    assert final.keys() == {"journal_number", "spent:2019-H1"}


def test_plain_check_is_unchanged_by_the_report_rule(fresh: Path) -> None:
    report = check([fresh])
    assert "projectdata-report-incomplete" not in {f.code for f in report.findings}


def test_status_report_needs_its_own_period_only(tmp_path: Path) -> None:
    data = example()
    del data.status_texts["2018-H1"]["activities"]
    pd = write(tmp_path, data)
    # 2018-H2 is complete: made (the general check flags 2018-H1, which has spending)
    with pytest.raises(RenderRefused) as refused:
        render_report("status", pd, tmp_path / "o", period="2018-H1")
    assert [(f.code, f.field) for f in refused.value.errors] == [
        ("projectdata-report-incomplete", "status:2018-H1:activities")
    ]
    assert f"'{STATUS_SECTIONS['activities']}'" in refused.value.errors[0].message


def test_bundled_example_renders_every_demo_document(tmp_path: Path) -> None:
    pd = VIBORG / "projektdata.xlsx"
    regs = VIBORG / "registreringsskema.xlsx"
    out = tmp_path / "out"
    made = render_report("status", pd, out, period="2018-H2", registrations=regs).written
    made += render_report("final", pd, out).written
    made += render_report("accounts", pd, out).written
    made += render_report("accounts", pd, out, period="2018-H2").written
    assert len(made) == 6
    for path in made:
        if path.suffix == ".docx":
            assert EMPTY not in docx_text(path)
            assert not _header_has_draft(path)


def test_no_placeholder_in_a_document_that_is_not_a_draft() -> None:
    data = example()
    data.final_texts["results"] = ""  # only possible here by calling the context directly
    data.project_name = None
    data.passive_target_raw, data.passive_target = None, None
    pool = load_pool()
    for draft in (False, True):
        texts = str(final_context(data, pool, draft)) + str(
            status_context(ProjectData(periods=["2018-H1"]), "2018-H1", None, pool, draft)
        )
        assert (EMPTY in texts) is draft


# --- 2. a workbook beyond Excel's grid ---------------------------------------------------------


def _beyond_the_grid(tmp_path: Path) -> Path:
    src = write(tmp_path, example())
    bad = tmp_path / "beyond.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                end = text.index("</row>")
                text = text[:end] + '<c r="XFD1048577"><v>1</v></c>' + text[end:]
                data = text.encode()
            zout.writestr(item, data)
    return bad


@pytest.mark.parametrize("draft", [False, True])
def test_render_of_a_cell_beyond_excels_grid_is_a_message_not_a_crash(
    tmp_path: Path, draft: bool
) -> None:
    bad = _beyond_the_grid(tmp_path)
    args = [HIR_DOCS, "render", "final", str(bad), "--out", str(tmp_path / "o")]
    run = subprocess.run(
        args + (["--draft"] if draft else []), capture_output=True, text=True, timeout=120
    )
    assert run.returncode in (1, 2), run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "beyond.xlsx" in run.stdout + run.stderr
    assert not (tmp_path / "o").exists()


def test_load_runs_the_safety_pass_before_any_parser(tmp_path: Path) -> None:
    from hir_docs.render.reports import load_projectdata

    with pytest.raises(HirDocsError, match="beyond.xlsx kan ikke bruges"):
        load_projectdata(_beyond_the_grid(tmp_path))


# --- 3. non-finite numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e300])
def test_formatting_of_non_finite_and_huge_numbers(value: float) -> None:
    assert number(value, 1) == "–" and percent(value) == "–" and kr(value) == "–"


def test_render_with_non_finite_criteria_values(tmp_path: Path) -> None:
    pd = write(tmp_path, example())
    wb = openpyxl.load_workbook(pd)
    ws = wb["Succeskriterier"]
    cells = [c for row in ws.iter_rows(min_row=2, min_col=2, max_col=4) for c in row]
    for cell, value in zip(cells, [float("nan"), float("inf"), 1e300, 1e300], strict=False):
        cell.value = value
    wb.save(pd)
    [path] = render_report("final", pd, tmp_path / "o").written
    assert "Succeskriterium" in docx_text(path)


# --- 5. wording ----------------------------------------------------------------------------------


def test_other_grantors_note_is_plain_danish_without_the_tool_name(tmp_path: Path) -> None:
    data = example()
    data.income = {"Tilskud fra Fonden for Eksempler": 50_000}
    [path] = render_report("final", write(tmp_path, data), tmp_path / "o").written
    text = docx_text(path)
    assert (
        "Tilskud fra andre tilskudsgivere er fratrukket, som de er modtaget, så STAR ikke "
        "betaler udgifter, som en anden tilskudsgiver dækker." in text
    )
    assert "Den endelige fordeling" not in text  # no commentary about the accounts themselves
    assert "hir-docs" not in text


def test_status_report_of_the_last_half_year_judges_the_measured_criteria(
    tmp_path: Path,
) -> None:
    data = example()
    data.criteria["placements"] = {"start": 2.0, "mid": 5.0, "end": 9.0}
    pd = write(tmp_path, data)
    [last] = render_report("status", pd, tmp_path / "a", period="2019-H1").written
    text = docx_text(last)
    row = next(r for r in text.splitlines() if r.startswith("Borgere i virksomhedspraktik"))
    assert row.endswith("| 2 | 5 | 9 | stigende | nået"), row
    assert "vurderingen sker ved projektets afslutning" not in text
    [earlier] = render_report("status", pd, tmp_path / "b", period="2018-H2").written
    row = next(
        r for r in docx_text(earlier).splitlines() if r.startswith("Borgere i virksomhedspraktik")
    )
    assert row.endswith("| senere | stigende | måles ved projektets afslutning"), row
