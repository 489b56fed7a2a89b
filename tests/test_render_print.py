"""Issue 20 (points 9, 10, 11): documents fit to sign and print. Obligations only from the
sources or the grant record, no tool commentary, a report date and signature block, file
properties with the real date, the print layout (kept headings and tables, no empty
columns) and the metric-compatible font in the PDFs."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from projectdata_helpers import docx_text, example, write

from hir_docs.model.projectdata import Obligation
from hir_docs.pools import load_pool
from hir_docs.render.context.shared import BY_GRANT_LETTER, common, due_text, obligations
from hir_docs.render.docx_build import drop_empty_columns, loop_table, new_document, para
from hir_docs.render.reports import render_report
from hir_docs.render.template_blocks import OBLIGATIONS_LEAD, signature_block

POOL = load_pool()
DAY = dt.date(2019, 7, 15)


def names(rows: list[dict[str, str]]) -> list[str]:
    return [r["name"].split(" (")[0] for r in rows]


# --- 1. obligations only from the sources or the grant -------------------------------------


def test_a_duty_done_in_a_half_year_is_in_that_half_years_report() -> None:
    data = example()  # the mid survey on 12.9.2018: before the end of its assumed third
    rows = obligations(data, dt.date(2018, 12, 31), POOL, since=dt.date(2018, 7, 1))
    assert "Sagsbehandlersurvey midtvejs" in names(rows)
    assert "Registreringsskema over sagsstammer, 2. gang" in names(rows)  # 13.12.2018
    # done in the first half-year: in that report, not again in the next one
    assert "Opstartsworkshop" not in names(rows)
    first = obligations(data, dt.date(2018, 6, 30), POOL, since=dt.date(2018, 1, 1))
    assert names(first) == [
        "Opstartsworkshop",
        "Sagsbehandlersurvey ved projektopstart",
        "Registreringsskema over sagsstammer, 1. gang",
    ]
    assert first[0]["state"] == "Gennemført 15. marts 2018"
    assert first[0]["due"] == "1. kvartal 2018"  # the puljeopslag's own words


def test_a_duty_whose_window_ended_undone_is_shown_in_every_later_report() -> None:
    data = example()
    data.obligations["workshop_start"] = Obligation("workshop_start", False, None, "Aflyst")
    data.obligations["survey_start"] = Obligation("survey_start", None)
    for since, until in [
        (dt.date(2018, 1, 1), dt.date(2018, 6, 30)),
        (dt.date(2018, 7, 1), dt.date(2018, 12, 31)),
    ]:
        rows = {r["name"]: r for r in obligations(data, until, POOL, since=since)}
        assert rows["Opstartsworkshop (1. kvartal 2018)"]["state"] == "Ikke gennemført"
        assert rows["Opstartsworkshop (1. kvartal 2018)"]["note"] == "Aflyst"
    # the start survey's window (the first third, assumed) ends in July 2018
    assert rows["Sagsbehandlersurvey ved projektopstart"]["state"] == "Ikke registreret"
    rows = {r["name"]: r for r in obligations(data, dt.date(2018, 6, 30), POOL)}
    assert "Sagsbehandlersurvey ved projektopstart" not in rows
    # not yet due and not done: not shown (the experience workshop is in 1st quarter 2019)
    data.obligations["workshop_experience"] = Obligation("workshop_experience", None)
    later = obligations(data, dt.date(2018, 12, 31), POOL, since=dt.date(2018, 7, 1))
    assert "Erfaringsworkshop" not in names(later)


def test_a_duty_done_late_is_not_done_at_the_end_of_the_earlier_period() -> None:
    data = example()
    data.obligations["workshop_start"] = Obligation("workshop_start", True, dt.date(2018, 8, 1))
    rows = {r["name"]: r for r in obligations(data, dt.date(2018, 6, 30), POOL)}
    assert rows["Opstartsworkshop (1. kvartal 2018)"]["state"] == (
        "Ikke gennemført ved periodens udgang"
    )
    later = obligations(data, dt.date(2018, 12, 31), POOL, since=dt.date(2018, 7, 1))
    assert {r["name"]: r["state"] for r in later}["Opstartsworkshop (1. kvartal 2018)"] == (
        "Gennemført 1. august 2018"
    )


def test_a_date_from_the_grant_record_is_shown_and_used() -> None:
    data = example()
    assert data.approved is not None
    data.approved.deadlines["survey_mid"] = dt.date(2018, 10, 1)
    data.obligations["survey_mid"] = Obligation("survey_mid", None)
    rows = {r["name"]: r for r in obligations(data, dt.date(2018, 12, 31), POOL)}
    row = rows["Sagsbehandlersurvey midtvejs"]
    assert row["due"] == "Midtvejs; senest 1. oktober 2018 efter tilsagnet"
    assert row["state"] == "Ikke registreret"
    # before the grant's date has passed, a duty not done is not yet shown
    rows = {r["name"]: r for r in obligations(data, dt.date(2018, 9, 30), POOL)}
    assert "Sagsbehandlersurvey midtvejs" not in rows


def test_no_heading_attributes_a_date_to_the_puljeopslag(tmp_path: Path) -> None:
    from hir_docs.render.template_blocks import obligations_table

    doc = new_document("x")
    obligations_table(doc)
    doc.save(str(tmp_path / "o.docx"))
    text = docx_text(tmp_path / "o.docx")
    assert "Forpligtelse | Hvornår | Status | Bemærkning" in text
    assert "(puljeopslaget)" not in text
    assert "puljeopslaget, Forpligtelser ved deltagelse" in OBLIGATIONS_LEAD
    assert "skulle være gennemført" not in OBLIGATIONS_LEAD


# --- 2. no tool commentary in signed documents --------------------------------------------


def test_deadline_the_grant_letter_sets_is_printed_as_is_never_an_assumed_one() -> None:
    data = example()  # no deadline entered: hir-docs' expected date is never printed
    assert due_text(data, "final", POOL) == BY_GRANT_LETTER == "efter tilsagnsbrevet"
    assert data.approved is not None
    data.approved.deadlines["final"] = dt.date(2019, 7, 1)  # the grant record's date
    assert due_text(data, "final", POOL) == "1. juli 2019"
    [part] = [r for r in data.reports if r.key == "status:2018-H1"]
    part.deadline = dt.date(2018, 8, 31)  # the grant letter's date, entered in the workbook
    assert due_text(data, "status:2018-H1", POOL) == "31. august 2018"


def test_signed_documents_carry_no_tool_commentary(tmp_path: Path) -> None:
    data = example()
    pd = write(tmp_path, data)
    out = tmp_path / "o"
    docs = render_report("status", pd, out, period="2018-H2", data=data, report_date=DAY)
    docs += render_report("final", pd, out, data=data, report_date=DAY)
    for path in docs:
        text = docx_text(path).lower()
        for phrase in ("tjek", "hir-docs", "forventet", "tilsagnsbrevet –"):
            assert phrase not in text, (path.name, phrase)
        assert not re.search(r"\bspørg\b|\bbrug\b", text), path.name


# --- 3. report date, signature block, file properties --------------------------------------


def test_signature_block_names_the_management_signer_and_the_report_date(tmp_path: Path) -> None:
    data = example()
    data.management_name, data.management_title = "Birthe Eksempel", "Jobcenterchef"
    doc = new_document("Statusrapport")
    para(doc, "Indhold")
    signature_block(doc)
    buf = io.BytesIO()
    doc.save(buf)
    tpl = DocxTemplate(io.BytesIO(buf.getvalue()))
    tpl.render(common(data, "Statusrapport", day=DAY), autoescape=True)
    target = tmp_path / "s.docx"
    tpl.save(str(target))
    text = docx_text(target)
    assert "Rapportdato: 15. juli 2019" in text
    assert "For ledelsen i Viborg Kommune:" in text
    assert "Navn og titel | Birthe Eksempel, Jobcenterchef" in text
    assert "Dato | " in text and "Underskrift | " in text
    table = docx.Document(str(target)).tables[-1]
    for row in table.rows[:-1]:  # the block stays on one page
        assert row.cells[0].paragraphs[0].paragraph_format.keep_with_next
    assert common(example(), day=DAY)["signer"]["name_title"] == ""  # no signer: a line to write on


def core_dates(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as zf:
        core = zf.read("docProps/core.xml").decode()
    created = re.search(r"<dcterms:created[^>]*>([^<]*)<", core)
    modified = re.search(r"<dcterms:modified[^>]*>([^<]*)<", core)
    assert created and modified
    return created.group(1), modified.group(1)


def test_file_properties_carry_the_report_date_and_stay_reproducible(tmp_path: Path) -> None:
    data = example()
    pd = write(tmp_path, data)
    [a] = render_report("final", pd, tmp_path / "a", data=data, report_date=DAY)
    [b] = render_report("final", pd, tmp_path / "b", data=data, report_date=DAY)
    assert a.read_bytes() == b.read_bytes()
    assert core_dates(a) == ("2019-07-15T00:00:00Z", "2019-07-15T00:00:00Z")
    xlsx, cover = render_report("accounts", pd, tmp_path / "c", data=data, report_date=DAY)
    assert core_dates(xlsx) == core_dates(cover) == core_dates(a)
    [c] = render_report("final", pd, tmp_path / "d", data=data, report_date=dt.date(2019, 8, 1))
    assert core_dates(c)[0] == "2019-08-01T00:00:00Z"


def test_report_date_is_in_the_context_of_status_and_final(tmp_path: Path) -> None:
    from docxtpl import DocxTemplate as Tpl

    data = example()
    pd = write(tmp_path, data)
    tpl = tmp_path / "mine.docx"
    doc = new_document("Mit")
    para(doc, "Dateret {{ report_date }} af {{ signer.name_title }}")
    doc.save(str(tpl))
    Tpl(str(tpl))  # a valid template
    [path] = render_report("final", pd, tmp_path / "o", data=data, report_date=DAY, template=tpl)
    assert "Dateret 15. juli 2019 af " in docx_text(path)


# --- 4. layout for print --------------------------------------------------------------------


def test_headings_are_kept_with_what_follows_and_rows_are_not_split(tmp_path: Path) -> None:
    data = example()
    pd = write(tmp_path, data)
    [path] = render_report("status", pd, tmp_path / "o", period="2018-H2", data=data,
                           report_date=DAY)  # fmt: skip
    doc = docx.Document(str(path))
    headings = [p for p in doc.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    body = list(doc.element.body)
    for el, nxt in zip(body, body[1:], strict=False):
        if el.tag == qn("w:p") and nxt.tag == qn("w:tbl") and "".join(el.itertext()).strip():
            assert el.pPr is not None and el.pPr.keepNext_val, "".join(el.itertext())
    for table in doc.tables:
        for tr in table._tbl.findall(qn("w:tr")):
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None


def keeps(tr: object) -> bool:
    paras = list(tr.iter(qn("w:p")))  # type: ignore[attr-defined]
    return all(p.pPr is not None and p.pPr.keepNext_val for p in paras)


def test_long_table_keeps_its_head_and_tail_together_short_table_stays_whole(
    tmp_path: Path,
) -> None:
    from hir_docs.render.docx_build import KEEP_TAIL, print_layout

    doc = new_document("x")
    para(doc, "Overskrift", "Heading 1")
    para(doc, "Tabellen:")
    loop_table(doc, ["A", "B"], "r in rows", ["{{ r.a }}", "{{ r.b }}"], [85, 85])
    para(doc, "Kort:")
    loop_table(doc, ["A", "B"], "r in few", ["{{ r.a }}", "{{ r.b }}"], [85, 85])
    para(doc, "Slut")
    buf = io.BytesIO()
    doc.save(buf)
    tpl = DocxTemplate(io.BytesIO(buf.getvalue()))
    rows = [{"a": str(i), "b": "x"} for i in range(30)]
    tpl.render({"rows": rows, "few": rows[:5]})
    print_layout(tpl.docx)
    long, short = [t._tbl.findall(qn("w:tr")) for t in tpl.docx.tables]
    assert len(long) == 31 and len(short) == 6
    assert keeps(long[0]) and keeps(long[1]) and not keeps(long[2])  # header + 2 rows
    assert not keeps(long[-KEEP_TAIL - 1])
    assert all(keeps(tr) for tr in long[-KEEP_TAIL:-1]) and not keeps(long[-1])
    assert all(keeps(tr) for tr in short[:-1]) and not keeps(short[-1])  # whole, not the next


def test_columns_empty_in_every_row_are_dropped(tmp_path: Path) -> None:
    data = example()
    pd = write(tmp_path, data)
    # 2018-H1: month ends from the real start (1 March): March-June, two of six unused
    [path] = render_report("status", pd, tmp_path / "o", period="2018-H1", data=data,
                           report_date=DAY)  # fmt: skip
    text = docx_text(path)
    assert "Lene Eksempel | 30 | 30 | 30 | 30\n" in text + "\n"
    doc = docx.Document(str(path))
    for table in doc.tables:
        grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        for i in range(len(grid)):
            cells = [tr.findall(qn("w:tc"))[i] for tr in table._tbl.findall(qn("w:tr"))]
            has_header = table._tbl.find(f".//{qn('w:tblHeader')}") is not None
            if has_header and len(cells) > 1:
                assert any("".join(c.itertext()).strip() for c in cells)


def test_drop_empty_columns_keeps_the_table_width() -> None:
    doc = new_document("x")
    table = loop_table(doc, ["A", "", "C"], "r in rows", ["a", "", "c"], [60, 50, 60])
    before = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol")))
    drop_empty_columns(table._tbl)
    cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    assert len(cols) == 2 and all(len(r.findall(qn("w:tc"))) == 2 for r in table._tbl.tr_lst)
    assert abs(sum(int(c.get(qn("w:w"))) for c in cols) - before) <= 2
    # a totals table without a header row is never touched
    total = doc.add_table(rows=1, cols=3)
    total.rows[0].cells[0].text = "I alt"
    drop_empty_columns(total._tbl)
    assert len(total.rows[0].cells) == 3


# --- 4. the metric-compatible font ---------------------------------------------------------


def test_pdf_embeds_carlito_for_calibri_and_is_dated_the_report_date(
    tmp_path: Path, soffice: str
) -> None:
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    if "Carlito" not in fonts:
        if os.environ.get("HIR_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("Skrifttypen Carlito mangler (fonts-crosextra-carlito, se .ci/run)")
        pytest.skip("Skrifttypen Carlito er ikke installeret")
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) mangler")
    data = example()
    pd = write(tmp_path, data)
    docs = render_report("final", pd, tmp_path / "o", data=data, report_date=DAY, pdf=True)
    pdf = next(p for p in docs if p.suffix == ".pdf")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "Carlito" in listing.stdout
    assert "DejaVu" not in listing.stdout
    assert b"/CreationDate(D:20190715000000" in pdf.read_bytes()  # the report date


def test_templates_may_use_the_report_date_and_the_signer() -> None:
    from hir_docs.render.tplcheck import sample_context

    ctx = sample_context()
    assert "report_date" in ctx and {"name", "title", "name_title"} <= set(ctx["signer"])


def test_merged_note_in_a_sheet_gets_the_height_its_text_needs() -> None:
    from openpyxl import Workbook

    from hir_docs.render.sheetfit import LINE_HEIGHT, merge_text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for col in "ABCD":
        ws.column_dimensions[col].width = 20
    ws["A5"] = "Tilskud fra andre tilskudsgivere er fratrukket, som de er modtaget. " * 3
    merge_text(ws, 5, 1, 4)
    assert "A5:D5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A5"].alignment.wrap_text
    assert ws.row_dimensions[5].height == 3 * LINE_HEIGHT  # 207 characters on 80
