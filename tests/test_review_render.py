"""Review findings on the reports: unsafe registration sheets, unknown working hours,
the accounts' statement rule."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from citizen_helpers import registrations_sheet
from projectdata_helpers import docx_text, example, write

from hir_docs.api import render_report
from hir_docs.findings import HirDocsError


def _many_parts(path: Path) -> Path:
    """The registration sheet with 5.100 extra parts: the safety pass refuses it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        for i in range(5_100):
            dst.writestr(f"xl/media/x{i}.xml", b"<a/>")
    path.write_bytes(out.getvalue())
    return path


def test_unsafe_registration_sheet_is_refused_before_it_is_read(tmp_path: Path) -> None:
    regs = _many_parts(registrations_sheet(tmp_path, 35))
    out = tmp_path / "o"
    with pytest.raises(HirDocsError, match="registreringer.xlsx kan ikke bruges: .*zip-bombe"):
        render_report(
            "status", write(tmp_path, example()), out, period="2018-H2", registrations=regs
        )
    assert not out.exists() or not any(out.iterdir())


def test_unsafe_registration_sheet_fails_the_command(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    regs = _many_parts(registrations_sheet(tmp_path, 35))
    data = write(tmp_path, example())
    result = run_cli(
        "render",
        "status",
        data,
        "--period",
        "2018-H2",
        "--registrations",
        regs,
        "--out",
        tmp_path / "o",
    )
    assert result.exit_code != 0 and "zip-bombe" in result.output + result.stderr


def test_caseworker_without_hours_is_not_claimed_as_full_time() -> None:
    from hir_docs.render.context import status_context

    data = example()
    data.caseworkers[2].hours = None  # Sofie Fiktiv: "Timer pr. uge" left empty
    ctx = status_context(data, "2018-H2")
    sofie = next(r for r in ctx["caseload"] if r["caseworker"] == "Sofie Fiktiv")
    assert sofie["hours"] == "–" and sofie["max_cases"] == "25"
    assert sofie["max_per_fte"] == "–" and sofie["over_limit"] == "kan ikke bekræftes"
    assert (
        "Loftet kan ikke bekræftes for Sofie Fiktiv: timer pr. uge er ikke oplyst, så "
        "sagsstammen kan ikke omregnes til fuldtid." in ctx["caseload_notes"]
    )
    # the chart shows cases per full-time caseworker: only the two with known hours
    assert "for 2 koordinerende sagsbehandlere" in ctx["caseload_chart_text"]


def test_caseworker_without_hours_in_the_rendered_status_report(tmp_path: Path) -> None:
    data = example()
    data.caseworkers[2].hours = None
    del data.caseworkers[1].totals[max(data.caseworkers[1].totals)]
    [path] = render_report(
        "status", write(tmp_path, data), tmp_path / "o", period="2019-H1", draft=True
    )
    text = docx_text(path)
    assert "Sofie Fiktiv | hele halvåret | – | – | 25 | – | – | kan ikke bekræftes" in text
    assert (
        "Jonas Prøvesen | hele halvåret | 37,0 | – | 32 | 32 | ingen | kan ikke bekræftes" in text
    )
    assert "Den samlede sagsstamme for Jonas Prøvesen er ikke opgjort for mar 19" in text
    assert "Loftet kan ikke bekræftes for Sofie Fiktiv: timer pr. uge er ikke oplyst" in text


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    assert ws is not None
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
