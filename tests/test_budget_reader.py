"""Budget workbook: the blank form, the writer, and reading by label (issue 3)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from budget_helpers import budget_file, check, patch, sheet_file
from openpyxl import Workbook, load_workbook

from hir_docs.files.ooxml import FIXED_TIME
from hir_docs.findings import codes, one
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import write_blank_budget, write_budget
from hir_docs.model import Budget
from hir_docs.pipeline import check_paths, make_probe, process_file
from hir_docs.readers.budget import detect, read_budget
from hir_docs.readers.xlsx_formulas import evaluate
from hir_docs.rules import Context

EXAMPLE_TOTALS = {
    "requested_amount": 1_200_000,
    "total_expenses": 1_200_000,
    "income_total": 0,
    "eligible_expenses": 1_200_000,
    "fte": 3.12,
    "municipality_code": "791",
}


def totals(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: fields[k] for k in EXAMPLE_TOTALS}


def line_summary(fields: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (x["post"], x["function"], x["persons"], x["hours"], x["rate"], x["total"], x["eligible"])
        for x in fields["lines"]
    ]


def test_example_budget_is_read_with_cells(tmp_path: Path) -> None:
    doc, findings = check(budget_file(tmp_path))
    assert doc.kind == "budget"
    assert findings == []
    f = doc.fields
    assert totals(f) == EXAMPLE_TOTALS
    assert f["municipality"] == "Viborg Kommune"
    assert f["project_name"] == "Tæt på – håndholdt indsats i ressourceforløb i Viborg"
    assert f["years"] == [2017, 2018, 2019]
    salary, transport, audit = f["lines"]
    assert salary == {
        "post": "Løn",
        "function": "Koordinerende sagsbehandler (nyansat)",
        "persons": 3.0,
        "hours": 6000.0,
        "rate": 190.0,
        "amounts": {"2017": None, "2018": 912_000, "2019": 228_000},
        "total": 1_140_000,
        "eligible": True,
        "location": "Budget!B10",
    }
    assert (transport["post"], transport["total"], transport["location"]) == (
        "Transport – kørselsgodtgørelse, rejser og ophold",
        20_000,
        "Budget!B25",
    )
    assert (audit["post"], audit["amounts"]["2019"], audit["total"]) == ("Revision", 40_000, 40_000)
    model = doc.model
    assert isinstance(model, Budget)
    assert model.lines[0].total_location == "Budget!I10"
    assert model.requested_row is not None and model.requested_row.total_location == "Budget!I59"
    assert model.locations["recipient"] == "Budget!C4"


VARIANTS: dict[str, dict[str, Any]] = {
    "formulas without cached values": {"cached_values": False},
    "plain numbers": {"formulas": False},
    "Danish text numbers": {"text_numbers": True},
    "moved cells (offset)": {"start_row": 6, "start_col": 4},
    "rows inserted above the header": {"extra_rows": 5},
    "renamed sheet, no guide": {"sheet_title": "Projektbudget 2018", "guide": False},
    "renamed sheet behind guide, offset, uncached": {
        "sheet_title": "Ark2",
        "start_col": 3,
        "cached_values": False,
    },
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_variants_give_the_same_totals(tmp_path: Path, variant: str) -> None:
    reference, _ = check(budget_file(tmp_path, "ref.xlsx"))
    doc, findings = check(budget_file(tmp_path, **VARIANTS[variant]))
    assert doc.kind == "budget"
    assert codes(findings) == []
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert line_summary(doc.fields) == line_summary(reference.fields)


def test_uncached_formulas_are_recomputed_not_read_as_zero(tmp_path: Path) -> None:
    path = budget_file(tmp_path, cached_values=False)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml")
    assert b"<f>SUM(F10:H10)</f><v></v>" in xml  # really no cached value
    doc, findings = check(path)
    assert findings == []
    model = doc.model
    assert model.recomputed_cells > 50
    assert model.lines[0].stated_total == 1_140_000
    assert model.expenses_row.stated_total == 1_200_000
    assert model.requested_row.amounts == {2017: 0, 2018: 917_000, 2019: 283_000}


def test_line_amounts_as_uncached_formulas_are_computed(tmp_path: Path) -> None:
    path = patch(
        budget_file(tmp_path, formulas=False),
        {"G10": "=D10*E10*0.8", "H10": "=D10*E10-G10", "I10": "=SUM(F10:H10)"},
    )
    doc, findings = check(path)
    assert codes(findings) == []
    assert doc.model.lines[0].amounts == {2017: None, 2018: 912_000, 2019: 228_000}
    assert doc.fields["requested_amount"] == 1_200_000


def test_formula_that_cannot_be_computed_is_unknown_not_zero(tmp_path: Path) -> None:
    path = patch(budget_file(tmp_path, formulas=False), {"G10": "=VLOOKUP(A1,Satser!A:B,2,0)"})
    doc, findings = check(path)
    assert doc.model.lines[0].amounts[2018] is None
    assert codes(findings) == ["budget-formula-not-computed"]
    assert findings[0].location == "Budget!G10"
    assert findings[0].severity == "warning"


def test_totals_that_need_an_unknown_formula_are_unknown_not_partial_sums(
    tmp_path: Path,
) -> None:
    """Every total depends on G10; the 2017 column alone must not become "0 kr. søges"."""
    path = patch(budget_file(tmp_path, cached_values=False), {"G10": "=Satser!B2"})
    doc, findings = check(path)
    assert codes(findings) == ["budget-formula-not-computed"]
    fields = doc.fields
    assert [fields[k] for k in ("requested_amount", "total_expenses", "eligible_expenses")] == [
        None,
        None,
        None,
    ]
    assert fields["income_total"] == 0  # the income rows do not depend on G10
    # Nothing to compare with the application: no false "0 kr." mismatch.
    app = tmp_path / "ansoegning.docx"
    write_application(app)
    report = check_paths([app, path])
    assert [f.code for f in report.findings] == ["budget-formula-not-computed"]


def test_rows_inserted_inside_the_table(tmp_path: Path) -> None:
    path = budget_file(tmp_path, formulas=False)
    wb = load_workbook(path)
    ws = wb["Budget"]
    ws.insert_rows(12, 3)  # inside the Løn block
    ws.insert_rows(3, 2)  # above the header fields
    ws["J15"] = "Indsat række med en bemærkning"
    wb.save(path)
    doc, findings = check(path)
    assert codes(findings) == []
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert doc.fields["lines"][0]["location"] == "Budget!B12"


def _hand_made(path: Path, spelling: tuple[str, str, str, str] | None = None) -> Path:
    """A self-made budget: own labels, posts on one row, text numbers with kr.

    ``spelling``: other words for the 2018, 2019 and I alt columns and "Udgifter i alt".
    """
    y18, y19, total, expenses = spelling or ("År 2018", "2019", "I alt (kr.)", "Udgifter i alt")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ark1"
    ws["A1"] = "Budget for projekt i Viborg"
    ws["A3"] = "Tilskudsmodtager: Viborg Kommune"
    header = ["Post", "Funktion", "Antal", "Timer", "Timesats", y18, y19, total]
    rows: list[list[Any]] = [
        header,
        ["1. Løn", "Koordinerende sagsbehandler", "3", "6.000", "190,00", "912.000 kr.", "228.000 kr.", "1.140.000 kr."],
        ["Transport", "Workshop i 1. kvartal 2019", None, None, None, "5.000", "15.000", "20.000"],
        ["Revision", None, None, None, None, None, "40.000 kr.", "40.000 kr."],
        [expenses, None, None, None, None, "917.000", "283.000", "1.200.000 kr."],
        [],
        ["Ansøgt tilskud", None, None, None, None, None, None, "1,2 mio. kr."],
    ]  # fmt: skip
    for i, row in enumerate(rows, start=6):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=value)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "spelling",
    [None, ("Budget 2018", "Beløb 2019 i kr.", "I alt 2017-2019", "Udgifter ialt")],
    ids=["own-labels", "other-spellings"],
)
def test_hand_made_budget_with_own_labels_and_text_numbers(
    tmp_path: Path, spelling: tuple[str, str, str, str] | None
) -> None:
    doc, findings = check(_hand_made(tmp_path / "eget.xlsx", spelling))
    assert doc.kind == "budget"
    assert codes(findings) == []
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert [x["post"] for x in doc.fields["lines"]] == [
        "Løn",
        "Transport – kørselsgodtgørelse, rejser og ophold",
        "Revision",
    ]
    assert doc.fields["lines"][0]["location"] == "Ark1!B7"
    assert doc.model.lines[0].total_location == "Ark1!H7"  # the I alt column was found
    assert doc.fields["lines"][2]["amounts"] == {"2018": None, "2019": 40_000}


def test_libreoffice_resave_gives_the_same_totals(
    tmp_path: Path, lo_convert: Callable[[Path, str], Path]
) -> None:
    src = budget_file(tmp_path, cached_values=False)
    resaved = lo_convert(src, "xlsx")
    doc, findings = check(resaved)
    assert doc.kind == "budget"
    assert codes(findings) == []
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert doc.model.recomputed_cells == 0  # LibreOffice stored the values


def test_blank_form_layout_and_determinism(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_blank_budget(a)
    write_blank_budget(b)
    assert a.read_bytes() == b.read_bytes()
    wb = load_workbook(a)
    assert wb.sheetnames == ["Vejledning", "Budget"]
    ws = wb["Budget"]
    assert [ws.cell(8, c).value for c in range(1, 11)] == [
        "Udgiftspost",
        "Medarbejder/funktion",
        "Antal personer",
        "Timer i alt",
        "Timesats (kr.)",
        2017,
        2018,
        2019,
        "I alt",
        "Bemærkninger",
    ]
    posts = [ws.cell(r, 1).value for r in range(9, 52) if ws.cell(r, 1).value]
    assert posts[0] == "Løn" and posts[-1] == "Øvrige udgifter" and len(posts) == 10
    labels = {ws.cell(r, 1).value: r for r in range(50, 60)}
    assert ws.cell(labels["Udgifter i alt"], 9).value.startswith("=")
    assert ws.cell(labels["Ansøgt tilskud fra STAR"], 9).value == "=I52-I57"
    assert ws["I10"].value == "=SUM(F10:H10)"
    assert ws["B10"].fill.fgColor.rgb.endswith("FFF2CC")  # input cells are marked
    assert ws["I10"].fill.fgColor.rgb.endswith("E7E6E6")  # calculated cells grey
    assert wb.properties.created == FIXED_TIME  # fixed, not "now"
    doc, findings = process_file(a)
    assert doc.kind == "budget"
    assert codes(findings) == ["budget-no-lines"]


def test_writer_output_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_budget(a)
    write_budget(b)
    assert a.read_bytes() == b.read_bytes()


def test_detection_scores_budget_and_not_other_sheets(tmp_path: Path) -> None:
    assert detect(make_probe(budget_file(tmp_path))) > 0
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"], ws["C1"] = "CPR-nummer", "Sagsbehandler", "I alt"
    other = tmp_path / "andet.xlsx"
    wb.save(other)
    assert detect(make_probe(other)) == 0


def test_budget_without_year_columns_gives_layout_finding(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i, label in enumerate(["Tilskudsmodtager", "Udgifter i alt", "Ansøgt tilskud fra STAR"], 1):
        ws.cell(row=i, column=1, value=label)
    path = tmp_path / "uden_aar.xlsx"
    wb.save(path)
    doc, findings = process_file(path)
    assert doc.kind == "budget"
    assert codes(findings) == ["budget-layout-unknown"]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=SUM(A1:B1)", 5.0),
        ("=A1*B1-1", 5.0),
        ("=ROUND(A1/B1,2)", 0.67),
        ("=-(A1+B1)*2", -10.0),
        ("=A1+C1", 2.0),  # an empty cell counts 0, as in Excel
        ("=SUM(A1:D1)", None),  # D1 is unknown -> the sum is unknown, not 2+3
        ("=VLOOKUP(A1,B1,1)", None),
        ("=A1/0", None),
    ],
)
def test_formula_evaluator(formula: str, expected: float | None) -> None:
    cells = {(1, 1): 2.0, (1, 2): 3.0, (1, 3): 0.0, (1, 4): None}
    assert evaluate(formula, lambda r, c: cells.get((r, c), 0.0)) == expected


def test_formulas_without_saved_values_are_each_computed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a test can hold without a clock (speed is benchmarks/bench_bulk.py, time per
    file kind): a formula cell is computed once and remembered, not again for every cell
    that uses it (that would grow with the depth of the sums), and gives the saved totals."""
    import hir_docs.readers.budget_grid as grid
    from hir_docs.readers.xlsx_formulas import uncached_formulas

    path = budget_file(tmp_path, "nc.xlsx", cached_values=False)
    computed: list[str] = []

    def counting(formula: str, *args: Any, **kwargs: Any) -> float | None:
        computed.append(formula)
        return evaluate(formula, *args, **kwargs)

    monkeypatch.setattr(grid, "evaluate", counting)
    fields = read_budget(path, Context(file="x")).fields
    assert 0 < len(computed) <= len(uncached_formulas(path, "Budget"))
    assert totals(fields) == EXAMPLE_TOTALS


def _subtotal_layout(path: Path, salary_subtotal: int = 1_140_000) -> Path:
    """Post subtotal rows, own column names, years as "2018 (kr.)", an old hidden copy."""
    wb = Workbook()
    old = wb.active
    assert old is not None
    old.title = "Gammel"
    old.append(["Udgifter", "Beskrivelse", "Timer", "Timeløn", "2018", "I alt"])
    old.append(["Løn", "Sagsbehandler", 2000, 190, 380_000, 380_000])
    old.append(["Ansøgt tilskud fra STAR", None, None, None, 380_000, 380_000])
    old.sheet_state = "hidden"
    ws = wb.create_sheet("Budget 2018")
    rows: list[list[Any]] = [
        ["Budgetskema"],
        ["Tilskudsmodtager", "Jobcenter Viborg"],
        [],
        [None, None, None, None, None, "Beløb (kr.)"],
        ["Udgifter", "Beskrivelse", "Antal", "Timer", "Timeløn", 2017, "2018 (kr.)", "2019 (kr.)", "Total"],
        ["Løn"],
        [None, "Sagsbehandler (frikøb)", 2, 3000, 190, None, 456_000, 114_000, 570_000],
        [None, "Koordinerende sagsbehandler (nyansat)", 1, 3000, 190, None, 456_000, 114_000, 570_000],
        ["Løn i alt", None, None, None, None, 0, 912_000, 228_000, salary_subtotal],
        ["Transport"],
        [None, "Workshop", None, None, None, None, 5_000, 15_000, 20_000],
        ["I alt", None, None, None, None, 0, 5_000, 15_000, 20_000],
        ["Revision", None, None, None, None, None, None, 40_000, 40_000],
        ["Udgifter i alt", None, None, None, None, 0, 917_000, 283_000, 1_200_000],
        [],
        ["Indtægter"],
        ["Egenfinansiering", None, None, None, None, None, None, None, 0],
        ["Indtægter i alt", None, None, None, None, 0, 0, 0, 0],
        ["Ansøgt tilskud fra STAR", None, None, None, None, 0, 917_000, 283_000, 1_200_000],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_subtotal_rows_own_column_names_and_hidden_old_sheet(tmp_path: Path) -> None:
    doc, findings = check(_subtotal_layout(tmp_path / "subtotaler.xlsx"))
    assert doc.kind == "budget"
    assert codes(findings) == ["budget-hidden-sheet"]  # the old budget is hidden (issue 15)
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert doc.fields["sheet"] == "Budget 2018"
    assert [x["function"] for x in doc.fields["lines"]][:2] == [
        "Sagsbehandler (frikøb)",
        "Koordinerende sagsbehandler (nyansat)",
    ]
    assert len(doc.model.post_totals) == 2


def test_wrong_post_subtotal_is_found_at_its_cell(tmp_path: Path) -> None:
    path = _subtotal_layout(tmp_path / "forkert.xlsx", salary_subtotal=1_000_000)
    _, findings = check(path)
    assert sorted(codes(findings)) == ["budget-hidden-sheet", "budget-post-total"]
    assert one(findings, "budget-post-total").location == "Budget 2018!I9"


def test_reporting_workbook_with_a_budget_sheet_is_not_taken_for_a_budget(tmp_path: Path) -> None:
    path = budget_file(tmp_path, formulas=False)
    wb = load_workbook(path)
    wb.create_sheet("Forbrug")
    wb.create_sheet("Udbetalinger")
    wb.save(path)
    assert 0 < detect(make_probe(path)) < 20  # projectdata's own detector scores 40-100


def test_single_label_column_without_function_header(tmp_path: Path) -> None:
    """Posts and descriptions in one column, no Medarbejder/funktion header."""
    rows: list[list[Any]] = [
        ["Tilskudsmodtager", "Viborg Kommune"],
        [],
        [None, "Antal personer", "Timer i alt", "Timesats (kr.)", 2018, 2019, "I alt"],
        ["Løn"],
        ["Koordinerende sagsbehandler (nyansat)", 3, 6000, 190, 912_000, 228_000, 1_140_000],
        ["Transport – kørselsgodtgørelse, rejser og ophold", None, None, None, 5_000, 15_000, 20_000],
        ["Revision"],
        ["Revisorpåtegning", None, None, None, None, 40_000, 40_000],
        ["Udgifter i alt", None, None, None, 917_000, 283_000, 1_200_000],
        ["Ansøgt tilskud fra STAR", None, None, None, 917_000, 283_000, 1_200_000],
    ]  # fmt: skip
    path = sheet_file(tmp_path / "en_kolonne.xlsx", rows)
    doc, findings = check(path)
    # The transport post written on one row says nothing about the workshop.
    assert codes(findings) == ["budget-transport-purpose-unclear"]
    assert totals(doc.fields) == {**EXAMPLE_TOTALS, "eligible_expenses": 1_180_000}
    lines = doc.fields["lines"]
    assert [(x["function"], x["location"]) for x in lines] == [
        ("Koordinerende sagsbehandler (nyansat)", "Budget!A5"),
        (None, "Budget!A6"),
        ("Revisorpåtegning", "Budget!A8"),
    ]


def test_longer_post_names_in_a_post_column(tmp_path: Path) -> None:
    """ "Løn til sagsbehandlere (inkl. pension)" in the Udgiftspost column is still Løn."""
    rows: list[list[Any]] = [
        ["Tilskudsmodtager", None, "Viborg Kommune"],
        [],
        ["Udgiftspost", "Medarbejder/funktion", "Antal personer", "Timer i alt", "Timesats (kr.)", 2018, 2019, "I alt"],
        ["1. Løn til sagsbehandlere (inkl. pension)"],
        [None, "Koordinerende sagsbehandler (nyansat)", 3, 6000, 190, 912_000, 228_000, 1_140_000],
        ["Transport og repræsentation ved workshop", "Erfaringsworkshop", None, None, None, 5_000, 15_000, 20_000],
        ["Revision (ekstern revisor)", "Revisorerklæring", None, None, None, None, 40_000, 40_000],
        ["Udgifter i alt", None, None, None, None, 917_000, 283_000, 1_200_000],
        ["Ansøgt tilskud fra STAR", None, None, None, None, 917_000, 283_000, 1_200_000],
    ]  # fmt: skip
    path = sheet_file(tmp_path / "lange_poster.xlsx", rows)
    doc, findings = check(path)
    assert codes(findings) == []
    assert totals(doc.fields) == EXAMPLE_TOTALS
    assert [x["post"] for x in doc.fields["lines"]] == [
        "Løn",
        "Transport – kørselsgodtgørelse, rejser og ophold",
        "Revision",
    ]
