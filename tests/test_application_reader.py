"""Reading the application form by label in all seven layouts of issue 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from application_variants import LAYOUTS

from hir_docs.forms.application import (
    EXAMPLE_ANSWERS,
    PLACEHOLDER,
    STYLES,
    build_blank_application,
    write_application,
)
from hir_docs.forms.application_layout import FIELDS as LAYOUT_FIELDS
from hir_docs.model import Application
from hir_docs.pipeline import classify, make_probe
from hir_docs.readers.application import contact_parts, read_application
from hir_docs.readers.docx_text import read_document_xml

FIELDS_CONTACT_LABEL = LAYOUT_FIELDS["contact"].label
EXPECTED: dict[str, Any] = {
    "project_name": "Tæt på – håndholdt indsats i ressourceforløb i Viborg",
    "municipality": "Viborg Kommune",
    "municipality_code": "791",
    "contact": EXAMPLE_ANSWERS["contact"],
    "cvr": "31415926",
    "contact_email": "mette.eksempel@viborg.dk",
    "contact_phone": "12345678",
    "summary": EXAMPLE_ANSWERS["summary"],
    "expected_citizens": EXAMPLE_ANSWERS["expected_citizens"],
    "current_caseload": EXAMPLE_ANSWERS["current_caseload"],
    "activities": EXAMPLE_ANSWERS["activities"],
    "caseload_plan": EXAMPLE_ANSWERS["caseload_plan"],
    "strategy": EXAMPLE_ANSWERS["strategy"],
    "goals": EXAMPLE_ANSWERS["goals"],
    "passive_share_target": {"low": 15.0, "high": 18.0},
    "organisation": EXAMPLE_ANSWERS["organisation"],
    "anchoring": EXAMPLE_ANSWERS["anchoring"],
    "requested_amount": 1_200_000,
}


def _read(path: Path) -> tuple[dict[str, Any], Application]:
    result = read_application(path)
    assert isinstance(result.model, Application)
    return result.fields, result.model


def _official(style: str, stats: bool) -> Callable[[Path], None]:
    return lambda path: write_application(path, style=style, statistics_table=stats)


# The official layouts (with and without a pasted statistics table), and the layouts real
# files hold (issue 15: layout tables, nested tables, text boxes, Strict OOXML; issue 10:
# self-made headings, label and answer in one paragraph, answers below the table).
LAYOUT_CASES = [
    pytest.param(_official(style, stats), id=f"{style}-{'statistics-table' if stats else 'plain'}")
    for style in STYLES
    for stats in (False, True)
] + [pytest.param(builder, id=name) for name, builder in LAYOUTS.items()]


@pytest.mark.parametrize("build", LAYOUT_CASES)
def test_every_layout_yields_the_same_fields(tmp_path: Path, build: Callable[[Path], None]) -> None:
    path = tmp_path / "ansoegning.docx"
    build(path)
    assert classify(make_probe(path)) == "application"
    fields, model = _read(path)
    assert fields == EXPECTED
    assert list(fields) == list(EXPECTED)  # the JSON contract keys, in order
    assert model.placeholders == set()
    assert model.locations["requested_amount"] == "Økonomi › Angiv det ansøgte beløb"


@pytest.mark.parametrize("style", ["content-controls", "paragraphs"])
def test_libreoffice_resave_keeps_every_field(
    tmp_path: Path, style: str, lo_convert: Callable[[Path, str], Path]
) -> None:
    src = tmp_path / f"{style}.docx"
    write_application(src, style=style, statistics_table=True)
    fields, _ = _read(lo_convert(src, "docx"))
    assert fields == EXPECTED


def test_python_docx_drops_content_controls_but_we_do_not(tmp_path: Path) -> None:
    path = tmp_path / "cc.docx"
    write_application(path, style="content-controls")
    first_row = docx.Document(str(path)).tables[0].rows[0]
    assert first_row.cells[1].text == ""  # python-docx loses the inline control's text
    fields, _ = _read(path)
    assert fields["project_name"] == EXPECTED["project_name"]


@pytest.mark.parametrize("style", ["content-controls", "table", "headings"])
def test_placeholder_counts_as_empty(tmp_path: Path, style: str) -> None:
    path = tmp_path / "p.docx"
    write_application(path, {"summary": PLACEHOLDER, "requested_amount": PLACEHOLDER}, style=style)
    fields, model = _read(path)
    assert fields["summary"] is None and fields["requested_amount"] is None
    assert model.placeholders == {"summary", "requested_amount"}
    assert {"summary", "requested_amount"} <= model.present


def test_english_placeholder_text_counts_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "p.docx"
    write_application(path, {"goals": "Click here to enter text."}, style="paragraphs")
    fields, model = _read(path)
    assert fields["goals"] is None
    assert model.placeholders == {"goals"}


def test_blank_form_is_all_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    build_blank_application(path)
    fields, model = _read(path)
    assert all(v is None for v in fields.values())
    assert (
        model.placeholders
        == model.present
        == set(EXPECTED)
        - {
            "municipality_code",
            "cvr",
            "contact_email",
            "contact_phone",
        }
    )


def test_empty_answer_is_present_but_none(tmp_path: Path) -> None:
    path = tmp_path / "e.docx"
    write_application(path, {"anchoring": ""})
    fields, model = _read(path)
    assert fields["anchoring"] is None
    assert "anchoring" in model.present and "anchoring" not in model.placeholders


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.300.000 kr.", 1_300_000),
        ("kr. 1.300.000,-", 1_300_000),
        ("1,3 mio. kr.", 1_300_000),
        ("1 300 000 kr", 1_300_000),
        ("Der søges om 850.000 kr.", 850_000),
        ("2018-2019: 1.300.000 kr.", 1_300_000),  # a leading year is not the amount
        ("I alt for 2018 og 2019: kr. 1.300.000,-", 1_300_000),
    ],
)
def test_amount_variants(tmp_path: Path, text: str, amount: int) -> None:
    path = tmp_path / "a.docx"
    write_application(path, {"requested_amount": text}, style="content-controls")
    assert _read(path)[0]["requested_amount"] == amount


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("16-20 %", 16.0, 20.0),
        ("ca. 18 pct.", 18.0, 18.0),
        ("16 – 20 procent", 16.0, 20.0),
        ("Passivandel 1. kvartal 2019: 18 %", 18.0, 18.0),  # the year is not the target
        ("Fra 31 % i dag til 18 %", 18.0, 18.0),  # today's share -> the target
        ("17,5 %", 17.5, 17.5),
    ],
)
def test_passive_share_variants(tmp_path: Path, text: str, low: float, high: float) -> None:
    path = tmp_path / "s.docx"
    write_application(path, {"passive_share_target": text}, style="paragraphs")
    assert _read(path)[0]["passive_share_target"] == {"low": low, "high": high}


@pytest.mark.parametrize(
    ("written", "official", "code"),
    [
        ("Københavns Kommune", "Københavns Kommune", "101"),
        ("Vesthimmerlands Kommune", "Vesthimmerlands Kommune", "820"),
        ("viborg", "Viborg Kommune", "791"),
        ("Bornholms Regionskommune", "Bornholms Regionskommune", "400"),
        ("Århus Kommune", "Aarhus Kommune", "751"),  # the old spelling
        ("Nordfyn Kommune", "Nordfyns Kommune", "480"),  # without the genitive s
        ("Viborg Kommune (791)", "Viborg Kommune", "791"),
    ],
)
def test_municipality_names(tmp_path: Path, written: str, official: str, code: str) -> None:
    path = tmp_path / "m.docx"
    write_application(path, {"municipality": written})
    fields, model = _read(path)
    assert (fields["municipality"], fields["municipality_code"]) == (official, code)
    assert model.municipality_raw == written


def test_unknown_municipality_keeps_raw_text(tmp_path: Path) -> None:
    path = tmp_path / "m.docx"
    write_application(path, {"municipality": "Region Midtjylland"})
    fields, _ = _read(path)
    assert fields["municipality"] == "Region Midtjylland"
    assert fields["municipality_code"] is None


def test_contact_parts_varde_style() -> None:
    text = (
        "Jobcenter Eksempel Frisvadvej 1 6800 Varde Cvr-nummer: 29189811 "
        "Arbejdsmarkedschef Ole Eksempel Mobil: 20 82 58 58 E-mail: ole@varde.dk"
    )
    assert contact_parts(text) == ("29189811", "ole@varde.dk", "20825858")
    assert contact_parts("CVR nr. 3141 5926, +45 87 65 43 21") == ("31415926", None, "87654321")
    assert contact_parts("Mette Eksempel") == (None, None, None)
    # A postcode after the CVR number on the same line is not part of it.
    assert contact_parts("CVR-nummer 31415926 8800 Viborg, tlf. 12345678")[:1] == ("31415926",)
    assert contact_parts("CVR 3141 5926 8800 Viborg")[0] == "31415926"
    assert contact_parts("CVR 314159266")[0] == "314159266"  # a typo stays visible


def test_hand_made_document_with_drifted_labels(tmp_path: Path) -> None:
    """A self-made python-docx document (Q&A 2018 q. 20): other order, case, inline labels."""
    doc = docx.Document()
    doc.add_heading("Ansøgning til puljen", 0)
    doc.add_paragraph("Kommune: Københavns Kommune")
    doc.add_paragraph("PROJEKTETS NAVN:")
    doc.add_paragraph("Vejen frem")
    doc.add_heading("Økonomi", 1)
    doc.add_paragraph("Ansøgt beløb: kr. 1.300.000,-")
    doc.add_heading("Projektresumé", 1)
    doc.add_paragraph("Første afsnit.")
    doc.add_paragraph("")
    doc.add_paragraph("Andet   afsnit.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kommune"  # a pasted statistics table must not steal the field
    table.cell(0, 1).text = "Antal"
    table.cell(1, 0).text = "LAB 2.11"
    table.cell(1, 1).text = "28"
    doc.add_heading("Bilag", 1)  # an unknown heading ends the summary
    doc.add_paragraph("Tabel over sager.")
    doc.add_paragraph("Beskriv kort projektets formål,\naktiviteter, målsætninger m.v.")
    path = tmp_path / "egen.docx"
    doc.save(str(path))
    fields, model = _read(path)
    assert fields["municipality"] == "Københavns Kommune"
    assert fields["project_name"] == "Vejen frem"
    assert fields["requested_amount"] == 1_300_000
    assert fields["summary"] == "Første afsnit.\nAndet afsnit."  # a repeated label adds nothing
    assert "strategy" not in model.present


def test_label_only_row_with_answer_in_next_row(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=4, cols=1)
    table.cell(0, 0).text = "Angiv det ansøgte beløb"
    table.cell(1, 0).text = "1.300.000 kr."
    table.cell(2, 0).text = "Projektets navn:"
    table.cell(3, 0).text = "Vejen frem"
    path = tmp_path / "rows.docx"
    doc.save(str(path))
    fields, _ = _read(path)
    assert fields["requested_amount"] == 1_300_000
    assert fields["project_name"] == "Vejen frem"


def test_classified_as_application_by_content(tmp_path: Path) -> None:
    app = tmp_path / "hvadsomhelst.docx"
    write_application(app, style="headings")
    assert classify(make_probe(app)) == "application"
    other = tmp_path / "brev.docx"
    doc = docx.Document()
    doc.add_paragraph("Kære kommune, tak for jeres brev om projektet.")
    doc.save(str(other))
    assert classify(make_probe(other)) != "application"


def test_reading_parses_the_document_once_in_every_style(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a test can hold without a clock (bulk intake reads 1.000 applications; the time
    per file is benchmarks/bench_bulk.py): one read parses the document's XML once."""
    import hir_docs.readers.application as reader

    parsed: list[Path] = []

    def counting(path: Path) -> bytes:
        parsed.append(path)
        return read_document_xml(path)

    monkeypatch.setattr(reader, "read_document_xml", counting)
    for style in STYLES:
        path = tmp_path / f"{style}.docx"
        write_application(path, style=style, statistics_table=True)
        parsed.clear()
        assert read_application(path).fields["project_name"] == EXAMPLE_ANSWERS["project_name"]
        assert parsed == [path]


def test_label_cell_with_a_note_and_tracked_changes(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kommune\n(skriv kommunens navn)"
    table.cell(0, 1).text = "Viborg Kommune"
    table.cell(1, 0).text = "Projektets navn:"
    p = table.cell(1, 1).paragraphs[0]
    p.add_run("Tæt på")
    # A tracked deletion and the old copy of a tracked move must not be read.
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.append(
        parse_xml(
            f'<w:del {w} w:id="1" w:author="x"><w:r><w:delText> GAMMEL</w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:moveFrom {w} w:id="2" w:author="x"><w:r><w:t> FLYTTET</w:t></w:r></w:moveFrom>'
        )
    )
    path = tmp_path / "note.docx"
    doc.save(str(path))
    fields, _ = _read(path)
    assert (fields["municipality"], fields["project_name"]) == ("Viborg Kommune", "Tæt på")


def test_contact_split_over_rows_and_lines(tmp_path: Path) -> None:
    """Self-made forms give CVR, phone and e-mail their own rows or lines."""
    doc = docx.Document()
    table = doc.add_table(rows=4, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [
            ("Projekt- og tilskudsansvarlig", "Jobcenter Viborg, Mette Eksempel"),
            ("CVR-nummer", "31415926"),
            ("Telefon", "12 34 56 78"),
            ("Kommune", "Viborg Kommune"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    doc.add_paragraph("E-mail: mette.eksempel@viborg.dk")
    path = tmp_path / "kontakt.docx"
    # The same pieces before the contact's own label row are kept too.
    first = docx.Document()
    first.add_paragraph("CVR-nummer: 31415926")
    row = first.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text, row.cells[1].text = (
        FIELDS_CONTACT_LABEL,
        "Jobcenter Viborg, tlf. 12 34 56 78",
    )
    early = tmp_path / "tidlig.docx"
    first.save(str(early))
    early_fields, _ = _read(early)
    assert early_fields["contact"] == "CVR-nummer: 31415926\nJobcenter Viborg, tlf. 12 34 56 78"
    assert (early_fields["cvr"], early_fields["contact_phone"]) == ("31415926", "12345678")
    doc.save(str(path))
    fields, _ = _read(path)
    assert fields["contact"] == (
        "Jobcenter Viborg, Mette Eksempel\nCVR-nummer: 31415926\nTelefon: 12 34 56 78\n"
        "E-mail: mette.eksempel@viborg.dk"
    )
    assert (fields["cvr"], fields["contact_phone"], fields["contact_email"]) == (
        "31415926",
        "12345678",
        "mette.eksempel@viborg.dk",
    )
    assert fields["municipality_code"] == "791"


def test_varde_shaped_mixed_form(tmp_path: Path) -> None:
    """Tables for most answers, goals as paragraphs, passive share in a lone 3-cell row."""
    from hir_docs.forms.application_layout import FIELDS, GOALS_EXTRA

    doc = docx.Document()
    doc.add_paragraph("Ansøgningskema for")
    doc.add_paragraph("Pulje til Håndholdt ressourceforløb")
    for key in ("project_name", "municipality", "summary", "strategy"):
        row = doc.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text = FIELDS[key].label
        row.cells[1].text = EXAMPLE_ANSWERS[key]
        if key == "summary":  # statistics pasted right after the summary, as Varde did
            stats = doc.add_table(rows=3, cols=3)
            for r, values in enumerate(
                [("Målgruppe (LAB)", "Antal", ""), ("LAB 2.11", "5", "17,86%"), ("Sum:", "28", "")]
            ):
                for c, v in enumerate(values):
                    stats.cell(r, c).text = v
    doc.add_paragraph("Hvordan opnås målsætningerne?")
    doc.add_paragraph(FIELDS["goals"].label)
    doc.add_paragraph(GOALS_EXTRA)
    for line in EXAMPLE_ANSWERS["goals"].split("\n"):
        doc.add_paragraph(line)
        doc.add_paragraph("")
    row = doc.add_table(rows=1, cols=3).rows[0]
    row.cells[1].text = FIELDS["passive_share_target"].label
    row.cells[2].text = "16-20 %"
    doc.add_paragraph("Projektets organisation og ledelse")
    path = tmp_path / "varde.docx"
    doc.save(str(path))
    fields, model = _read(path)
    for key in ("project_name", "summary", "strategy", "goals"):
        assert fields[key] == EXAMPLE_ANSWERS[key], key
    assert fields["passive_share_target"] == {"low": 16.0, "high": 20.0}
    assert "organisation" in model.present and fields["organisation"] is None
