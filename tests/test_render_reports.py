"""Status report and final report (.docx) rendered from project data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from citizen_helpers import registrations_sheet
from projectdata_helpers import digest, docx_text, example, write

from hir_docs.api import render_report
from hir_docs.findings import HirDocsError


@pytest.fixture
def projectdata(tmp_path: Path) -> Path:
    return write(tmp_path, example())


def test_status_report_figures_for_the_period_and_to_date(
    projectdata: Path, tmp_path: Path
) -> None:
    [path] = render_report("status", projectdata, tmp_path / "out", period="2018-H2")
    assert path.name == "statusrapport_2018-H2.docx"
    text = docx_text(path)
    assert "2. halvår 2018 (1. juli 2018 – 31. december 2018)" in text
    assert "Aktiviteter i 2018-H2." in text
    # Løn: budget 1.140.000, so far 912.000 (all of 2018), in the period 560.000, to date
    # 940.000, deviation +28.000 against the budget so far (issue 12, item 5)
    assert (
        "Løn: Koordinerende sagsbehandler (nyansat) | 1.140.000 kr. | 912.000 kr. | 560.000 kr. | "
        "940.000 kr. | 28.000 kr. | 3,1 %" in text
    )
    assert (
        "I alt | 1.200.000 kr. | 917.000 kr. | 560.000 kr. | 944.000 kr. | 27.000 kr. | 2,9 %"
        in text
    )
    assert "Udbetalte rater før perioden | 384.000 kr." in text
    # the deadline is the grant letter's: an expected date is not printed in a signed report
    assert "Frist for statusrapport og delregnskab | efter tilsagnsbrevet" in text
    assert "tjek tilsagnsbrevet" not in text and "forventet" not in text
    assert "15-18 %" in text


def test_status_period_defaults_to_the_last_half_year_with_spending(
    projectdata: Path, tmp_path: Path
) -> None:
    [path] = render_report("status", projectdata, tmp_path)
    assert path.name == "statusrapport_2019-H1.docx"


def test_bad_period_is_refused_plainly(projectdata: Path, tmp_path: Path) -> None:
    with pytest.raises(HirDocsError, match="ikke et halvår"):
        render_report("status", projectdata, tmp_path, period="2018-3")
    with pytest.raises(HirDocsError, match="uden for projektperioden"):
        render_report("status", projectdata, tmp_path, period="2020-H1")
    with pytest.raises(HirDocsError, match="udelad --period"):
        render_report("final", projectdata, tmp_path, period="2018-H1")


def test_status_caseload_registered_and_whole_caseload_side_by_side(tmp_path: Path) -> None:
    data = example()
    data.participants = 35  # as many citizens as the registration sheet
    data.labour_status["Ressourceforløb"] = (35, 20)
    lene, jonas, _sofie = data.caseworkers
    lene.totals[dt.date(2018, 12, 31)] = 38  # 35 registered + 3 other citizens: over the limit
    del jonas.totals[dt.date(2018, 12, 31)]  # not counted at the period's end
    regs = registrations_sheet(tmp_path, 35)
    [path] = render_report(
        "status", write(tmp_path, data), tmp_path / "o", period="2018-H2", registrations=regs
    )
    text = docx_text(path)
    assert "Lene Eksempel | hele halvåret | 37,0 | 35 | 38 | 38 | dec 18 | Ja" in text
    assert (
        "Jonas Prøvesen | hele halvåret | 37,0 | ikke registreret | 32 | 32 | ingen | "
        "kan ikke bekræftes" in text
    )
    assert (
        "Sofie Fiktiv | hele halvåret | 30,0 | ikke registreret | 25 | 30,8 | ingen | Nej" in text
    )
    assert "Den samlede sagsstamme for Jonas Prøvesen er ikke opgjort for dec 18" in text
    assert "Ikke i registreringsskemaet: Jonas Prøvesen, Sofie Fiktiv." in text
    assert "--registrations" not in text and "(brug " not in text  # no command-line text
    # a registered count within the limit no longer certifies "Nej" on its own
    assert "| dec 18 | Nej" not in text


def test_status_without_registrations_says_so_in_plain_words(
    projectdata: Path, tmp_path: Path
) -> None:
    [path] = render_report("status", projectdata, tmp_path / "o", period="2018-H2")
    text = docx_text(path)
    assert "Registreringsskemaet indgår ikke i denne rapport" in text
    assert "--registrations" not in text
    assert "Lene Eksempel | hele halvåret | 37,0 | – | 30 | 30 | ingen | Nej" in text


def test_final_report_labour_market_table_and_criteria(tmp_path: Path) -> None:
    data = example()
    data.participants = 275
    data.labour_status["Ressourceforløb"] = (275, 232)
    data.labour_status["Fleksjob"] = (0, 38)
    data.criteria = {
        "passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2},
        "belief": {"start": 3.1, "mid": 3.6, "end": 3.0},
    }
    [path] = render_report("final", write(tmp_path, data), tmp_path / "out")
    text = docx_text(path)
    assert "Ressourceforløb | 275 | 232 | -43" in text
    assert "Fleksjob | 0 | 38 | +38" in text
    assert "I alt | 275 | 275 | 0" in text and "+0" not in text  # the totals are a row of the table
    assert (
        "Andel passive borgere i ressourceforløb (%) | 31,0 % | 24,5 % | 17,2 % | 15-18 % | nået"
        in text
    )
    assert "| 3,1 | 3,6 | 3,0 | stigende | ikke nået" in text
    assert "Forankring." in text
    # economy: spent 1.213.000 of 1.200.000; grant covered 1.200.000; paid 384.000
    assert "I alt | 1.200.000 kr. | 1.213.000 kr. | 13.000 kr. | 1,1 %" in text
    assert "Anmodes om i det endelige regnskab | 256.000 kr." in text
    assert "Kommunens egenfinansiering | 13.000 kr." in text
    assert "Frist for slutrapport og endeligt regnskab: efter tilsagnsbrevet." in text


def test_user_text_with_xml_characters_is_escaped(tmp_path: Path) -> None:
    data = example()
    data.status_texts["2018-H1"]["activities"] = (
        'Løn & drift <a href="x">link</a> > 30 sager\nLinje 2'
    )
    data.project_name = "Tæt på <Viborg> & co"
    [path] = render_report("status", write(tmp_path, data), tmp_path / "o", period="2018-H1")
    text = docx_text(path)  # python-docx can parse it: the XML is intact
    assert 'Løn & drift <a href="x">link</a> > 30 sager\nLinje 2' in text
    assert "Tæt på <Viborg> & co" in text


def test_rendering_is_deterministic_and_leaves_inputs_alone(
    projectdata: Path, tmp_path: Path
) -> None:
    before = digest(projectdata)
    [a] = render_report("status", projectdata, tmp_path / "a", period="2018-H1")
    [b] = render_report("status", projectdata, tmp_path / "b", period="2018-H1")
    [c] = render_report("final", projectdata, tmp_path / "a")
    [d] = render_report("final", projectdata, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes() and c.read_bytes() == d.read_bytes()
    assert digest(projectdata) == before


def test_no_overwrite_without_force(projectdata: Path, tmp_path: Path) -> None:
    [path] = render_report("final", projectdata, tmp_path)
    path.write_bytes(b"mine")
    with pytest.raises(HirDocsError, match="--force"):
        render_report("final", projectdata, tmp_path)
    assert path.read_bytes() == b"mine"
    render_report("final", projectdata, tmp_path, force=True)
    assert path.read_bytes() != b"mine"


def test_not_a_projectdata_workbook(tmp_path: Path) -> None:
    from hir_docs.forms.budget import write_budget

    budget = tmp_path / "budget.xlsx"
    write_budget(budget)
    with pytest.raises(HirDocsError) as raised:
        render_report("final", budget, tmp_path / "o")
    # shown on the web too: no command-line wording only
    assert "Opret projektdata ud fra den godkendte ansøgning" in str(raised.value)
    assert "på siden Rapporter eller med hir-docs report init" in str(raised.value)
    assert "'hir-docs report init'" not in str(raised.value)


def test_pdf_without_libreoffice_says_so_before_writing_anything(
    projectdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hir_docs.files.office

    monkeypatch.setattr(hir_docs.files.office, "find_soffice", lambda: None)
    with pytest.raises(HirDocsError, match="LibreOffice, som ikke er installeret"):
        render_report("final", projectdata, tmp_path / "o", pdf=True)
    assert not (tmp_path / "o" / "slutrapport.docx").exists()  # plan, then write
    assert not (tmp_path / "o" / "slutrapport.pdf").exists()


def test_cli_render_exit_codes(projectdata: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = run_cli("render", "status", projectdata, "--period", "2018-H1", "--out", out)
    assert result.exit_code == 0 and "statusrapport_2018-H1.docx" in result.output
    result = run_cli("render", "status", projectdata, "--period", "2018-H1", "--out", out)
    assert result.exit_code == 2 and "--force" in result.stderr


def test_bundled_example_is_current_and_renders(tmp_path: Path) -> None:
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "build_pd", root / "examples/build_projectdata.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path / "projektdata.xlsx")
    bundled = root / "examples/viborg/projektdata.xlsx"
    assert bundled.read_bytes() == fresh.read_bytes(), "kør examples/build_projectdata.py"
    out = tmp_path / "out"
    [final] = render_report("final", bundled, out)
    xlsx, _cover = render_report("accounts", bundled, out)
    text = docx_text(final)
    # STAR: 1.308.400 eligible - 100.000 from the fund = 1.208.400, capped at the grant of
    # 1.200.000; paid 364.200 + 610.000 = 974.200
    assert "Anmodes om i det endelige regnskab | 225.800 kr." in text
    # the example's facts agree: 320 citizens in the registration sheet (275 at the start,
    # 45 new), 3 relocated, 10 caseworkers within the limit in all 13 months
    assert "Ressourceforløb | 320 | 267 | -53" in text
    assert "Flyttet | 0 | 3 | +3" in text and "I alt | 320 | 320 | 0" in text
    assert "130 af 130 opgjorte sagsbehandlermåneder (100,0 %)" in text


def test_status_economy_is_on_a_landscape_page_with_the_remarks(
    projectdata: Path, tmp_path: Path
) -> None:
    import docx
    from docx.enum.section import WD_ORIENT

    data = example()
    data.lines[1].remarks = {"2019-H1": "Workshop i februar"}  # the period's own remark
    projectdata = write(tmp_path, data, "med.xlsx")
    [path] = render_report("status", projectdata, tmp_path / "o", period="2019-H1")
    doc = docx.Document(str(path))
    first, last = doc.sections[0], doc.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert last.orientation == WD_ORIENT.LANDSCAPE and last.page_width > last.page_height
    # the line table (found by its header; the totals row and the signature block follow it)
    [economy] = [t for t in doc.tables if t.rows[0].cells[0].text == "Budgetlinje"]
    widths = [c.width for c in economy.rows[0].cells]
    assert len(widths) == 8 and sum(widths) > first.page_width  # wider than a portrait page
    text = docx_text(path)
    assert (
        "Transport – kørselsgodtgørelse, rejser og ophold: Transport og repræsentation, "
        "erfaringsworkshop | 20.000 kr. | 20.000 kr. | 19.000 kr. | 23.000 kr. | 3.000 kr. | "
        "15,0 % | Workshop i februar" in text
    )


def test_final_report_lists_the_remarks_below_the_economy_table(
    projectdata: Path, tmp_path: Path
) -> None:
    [path] = render_report("final", projectdata, tmp_path / "o")
    text = docx_text(path)
    assert "Budgetlinje | Budget | Forbrug | Afvigelse | Afvigelse %" in text
    assert "Bemærkninger til budgetlinjerne" in text
    assert (
        "Transport – kørselsgodtgørelse, rejser og ophold: Transport og repræsentation, "
        "erfaringsworkshop: Workshop to dage & overnatning" in text
    )
    data = example()
    data.lines[1].remark = None
    [path] = render_report("final", write(tmp_path, data, "uden.xlsx"), tmp_path / "u")
    assert "Bemærkninger til budgetlinjerne" not in docx_text(path)


def test_pdf_copy_without_the_conversion_time(
    projectdata: Path, tmp_path: Path, soffice: str
) -> None:
    from hir_docs.files.office import pdf_text

    made = render_report("final", projectdata, tmp_path / "a", pdf=True, today=dt.date(2019, 7, 15))
    assert [p.name for p in made] == ["slutrapport.docx", "slutrapport.pdf"]
    pdf = made[1].read_bytes()
    # the report date, not the conversion time: re-renders with the same date compare
    assert b"/CreationDate(D:20190715000000" in pdf
    text = pdf_text(made[1])
    assert "Slutrapport" in text and "efter tilsagnsbrevet" in text and "256.000 kr." in text
    assert "15. juli 2019" in text  # the report date above the signature
    assert "Side 1 af" in text  # the footer's page fields
    with pytest.raises(HirDocsError, match="--force"):  # the PDF is not overwritten either
        render_report("final", projectdata, tmp_path / "a", pdf=True)


def test_normalise_pdf_fixes_date_id_and_checksum() -> None:
    from hir_docs.render.pdf import normalise_pdf_bytes

    def pdf(stamp: bytes, ident: bytes) -> bytes:
        return (
            b"%PDF-1.4\n/CreationDate(D:"
            + stamp
            + b"Z')>>\ntrailer\n<</ID [ <"
            + ident
            + b">\n<"
            + ident
            + b"> ]\n/DocChecksum /"
            + ident
            + b"\n>>\n%%EOF\n"
        )

    a = normalise_pdf_bytes(pdf(b"20261123144734", b"9C465CAA1AB600418F4F124B083BB865"))
    b = normalise_pdf_bytes(pdf(b"20190401120000", b"0123456789ABCDEF0123456789ABCDEF"))
    assert a == b and b"D:20000101000000Z'" in a
    assert len(a) == len(pdf(b"20261123144734", b"9C465CAA1AB600418F4F124B083BB865"))
    other = normalise_pdf_bytes(pdf(b"20261123144734", b"9C465CAA1AB600418F4F124B083BB865") + b" ")
    assert other[:-1] != a  # the ID follows the content


def test_last_half_year_is_due_with_the_final_report(projectdata: Path, tmp_path: Path) -> None:
    from hir_docs.model.accounts import deadline
    from hir_docs.readers.projectdata import read_projectdata

    data = read_projectdata(projectdata)
    # the last half-year has no status report of its own: it is due with the final report
    assert deadline(data, "status:2019-H1") == (dt.date(2019, 7, 1), True)
    assert deadline(data, "status:2018-H1") == (dt.date(2018, 8, 31), True)
    [path] = render_report("status", projectdata, tmp_path / "o", period="2019-H1")
    assert "Frist for statusrapport og delregnskab | efter tilsagnsbrevet" in docx_text(path)
