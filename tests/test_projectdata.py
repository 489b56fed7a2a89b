"""Project-data workbook: init from the approved documents, reader, rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from projectdata_helpers import TRANSPORT, digest, example, write

from hir_docs.api import init_projectdata
from hir_docs.findings import Finding, HirDocsError, Severity
from hir_docs.forms.application import write_application
from hir_docs.forms.budget import write_budget
from hir_docs.model.projectdata import SpendLine, default_reports, parse_period
from hir_docs.pipeline import process_file
from hir_docs.readers.projectdata import read_projectdata
from hir_docs.render.workbook import INPUT_FILL
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)


@pytest.fixture
def approved(tmp_path: Path) -> tuple[Path, Path]:
    app, bud = tmp_path / "ansoegning.docx", tmp_path / "budget.xlsx"
    write_application(app)
    write_budget(bud)
    return app, bud


def codes(data: object, today: dt.date = TODAY) -> list[str]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=today))
    return [f.code for f in run_checks("projectdata", data, ctx)]


# --- init ----------------------------------------------------------------------------


def test_init_prefills_project_facts_and_budget_lines_exactly(
    approved: tuple[Path, Path], tmp_path: Path
) -> None:
    app, bud = approved
    before = (digest(app), digest(bud))
    out = init_projectdata(app, bud, tmp_path / "projektdata.xlsx")
    assert (digest(app), digest(bud)) == before  # inputs untouched
    data = read_projectdata(out)
    assert data.project_name == "Tæt på – håndholdt indsats i ressourceforløb i Viborg"
    assert data.municipality == "Viborg Kommune" and data.municipality_code == "791"
    assert data.grant == 1_200_000 and data.passive_target == (15.0, 18.0)
    assert data.periods == ["2017-H2", "2018-H1", "2018-H2", "2019-H1"]
    lines = [(ln.post, ln.function, ln.budget, ln.approved_amounts) for ln in data.lines]
    assert lines == [
        ("Løn", "Koordinerende sagsbehandler (nyansat)", 1_140_000, {2018: 912_000, 2019: 228_000}),
        (
            TRANSPORT,
            "Transport og repræsentation, erfaringsworkshop",
            20_000,
            {2018: 5_000, 2019: 15_000},
        ),
        ("Revision", "Revisorpåtegning af slutregnskab", 40_000, {2019: 40_000}),
    ]
    assert all(ln.approved and ln.eligible and not ln.spent for ln in data.lines)
    assert list(data.labour_status)[:2] == ["Ressourceforløb", "Ordinær beskæftigelse"]
    assert len(data.labour_status) == 9


def test_init_workbook_has_guide_input_cells_and_dropdowns(
    approved: tuple[Path, Path], tmp_path: Path
) -> None:
    out = init_projectdata(*approved, tmp_path / "projektdata.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Vejledning"
    assert "hir-docs projektdata" in wb["Vejledning"]["A1"].value
    spending = wb["Forbrug"]
    assert spending["E1"].value == "Forbrug 2017-H2 (kr.)"
    assert spending["E2"].fill.fgColor.rgb == INPUT_FILL.fgColor.rgb  # input cell marked
    assert spending["D2"].fill.fgColor.rgb != INPUT_FILL.fgColor.rgb  # approved budget
    lists = [dv.formula1 for dv in wb["Udbetalinger"].data_validations.dataValidation]
    assert "=hir_halvaar" in lists
    extra_posts = [dv.formula1 for dv in spending.data_validations.dataValidation]
    assert "=hir_udgiftsposter" in extra_posts
    assert wb["Lister"].sheet_state == "hidden"


def test_init_is_deterministic_and_never_overwrites_without_force(
    approved: tuple[Path, Path], tmp_path: Path
) -> None:
    a = init_projectdata(*approved, tmp_path / "a.xlsx")
    b = init_projectdata(*approved, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    before = digest(a)
    with pytest.raises(HirDocsError, match="--force"):
        init_projectdata(*approved, a)
    assert digest(a) == before
    init_projectdata(*approved, a, force=True)


def test_init_refuses_a_file_that_is_not_the_application(
    approved: tuple[Path, Path], tmp_path: Path
) -> None:
    app, bud = approved
    with pytest.raises(HirDocsError, match="ansøgningsskema"):
        init_projectdata(bud, bud, tmp_path / "p.xlsx")
    assert not (tmp_path / "p.xlsx").exists()


def test_cli_report_init_and_check(approved: tuple[Path, Path], tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    app, bud = approved
    out = tmp_path / "projektdata.xlsx"
    result = run_cli("report", "init", "--application", app, "--budget", bud, "--out", out)
    assert result.exit_code == 0 and out.exists()
    assert (
        run_cli("report", "init", "--application", app, "--budget", bud, "--out", out).exit_code
        == 2
    )
    result = run_cli("check", out, "--format", "json")
    assert '"kind": "projectdata"' in result.output


def test_submission_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = example()
    data.project_name = '=HYPERLINK("http://x")'
    data.lines[0].remark = "+45 overtimer"
    path = write(tmp_path, data)
    wb = openpyxl.load_workbook(path)
    assert wb["Projekt"]["B2"].data_type == "s"
    assert read_projectdata(path).project_name == data.project_name
    assert read_projectdata(path).lines[0].remark == "+45 overtimer"


# --- reader ----------------------------------------------------------------------------


def test_reader_round_trips_a_filled_workbook(tmp_path: Path) -> None:
    data = example()
    data.criteria = {"passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2}}
    data.labour_status["Fleksjob"] = (0, 12)
    data.labour_status["Ressourceforløb"] = (40, 23)
    data.lines[0].remarks = {"2018-H2": "Fuld bemanding fra august."}
    path = write(tmp_path, data)
    doc, findings = process_file(path, CheckOptions(today=TODAY))
    assert doc.kind == "projectdata"
    assert findings == []
    back = doc.model
    assert [ln.spent for ln in back.lines] == [ln.spent for ln in data.lines]
    assert back.lines[1].remark == "Workshop to dage & overnatning"
    assert back.status_texts["2018-H1"]["activities"] == "Aktiviteter i 2018-H1."
    assert back.criteria["passive_share"] == {"start": 31.0, "mid": 24.5, "end": 17.2}
    assert back.labour_status["Fleksjob"] == (0, 12) and back.participants == 40
    assert back.lines[0].remarks == {"2018-H2": "Fuld bemanding fra august."}
    assert [(c.name, c.hours, c.totals) for c in back.caseworkers] == [
        (c.name, c.hours, c.totals) for c in data.caseworkers
    ]
    assert {k: (o.done, o.date) for k, o in back.obligations.items()} == {
        k: (True, o.date) for k, o in data.obligations.items()
    }
    assert [(i.period, i.amount) for i in back.instalments] == [("2018-H1", 384_000)]
    assert [r.key for r in back.reports] == [r.key for r in data.reports]
    assert doc.fields["lines"][0]["spent_total"] == 1_150_000


def test_reader_reads_an_added_line_as_not_approved(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    ws = wb["Forbrug"]
    ws["B7"], ws["C7"], ws["F7"] = (
        "Eksterne konsulenter og undervisere",
        "Virksomhedskonsulent",
        50_000,
    )
    wb.save(path)
    data = read_projectdata(path)
    added = [ln for ln in data.lines if not ln.approved]
    assert [(ln.post, ln.spent, ln.location) for ln in added] == [
        ("Eksterne konsulenter og undervisere", {"2018-H1": 50_000}, "Forbrug!B7")
    ]


def test_periods_and_default_deadlines() -> None:
    assert parse_period("2018h1") == "2018-H1"
    with pytest.raises(HirDocsError, match="halvår"):
        parse_period("2018-Q1")
    from hir_docs.pools import load_pool

    reports = {r.key: r.expected for r in default_reports(load_pool())}
    assert all(r.deadline is None for r in default_reports(load_pool()))  # the grant letter's
    assert reports["part:2018-H1"] == dt.date(2018, 8, 31)
    assert reports["status:2018-H2"] == dt.date(2019, 2, 28)
    assert reports["accounts"] == dt.date(2019, 7, 1)  # 3 months after 1 April 2019
    assert "status:2017-H2" not in reports  # before the real start (Q&A 2018)


# --- rules -----------------------------------------------------------------------------


def test_clean_example_has_no_findings() -> None:
    assert codes(example()) == []


def test_spending_on_a_line_not_in_the_approved_budget_needs_an_explanation() -> None:
    data = example()
    extra = SpendLine("X1", "Eksterne konsulenter og undervisere", approved=False, eligible=False)
    data.lines.append(extra)
    assert not [c for c in codes(data) if c.startswith("projectdata-line-not-approved")]
    extra.spent = {"2018-H2": 25_000}
    extra.location = "Forbrug!B7"
    ctx = Context(file="p.xlsx", options=CheckOptions(today=TODAY))

    def found() -> list[Finding]:
        return [
            f
            for f in run_checks("projectdata", data, ctx)
            if f.code.startswith("projectdata-line-not-approved")
        ]

    [unexplained] = found()  # no remark: an error
    assert unexplained.code == "projectdata-line-not-approved-unexplained"
    assert unexplained.severity == Severity.ERROR
    assert unexplained.location == "Forbrug!B7" and "25.000 kr." in unexplained.message
    extra.remark = "Ekstern supervision; betalt af kommunen selv."
    [explained] = found()  # explained: the municipality's own financing, a warning
    assert (explained.code, explained.severity) == ("projectdata-line-not-approved", "warning")


def test_ineligible_spending_is_an_error() -> None:
    data = example()
    data.lines[0].eligible = False
    assert codes(data).count("projectdata-ineligible-spending") == 1
    data.lines[0].spent = {}
    assert "projectdata-ineligible-spending" not in codes(data)


def test_over_budget_by_more_than_ten_percent_needs_an_explanation() -> None:
    data = example()
    revision = data.lines[2]
    revision.spent = {"2019-H1": 44_000}  # exactly 10 % over: quiet
    assert "projectdata-over-budget-unexplained" not in codes(data)
    revision.spent = {"2019-H1": 44_001}
    assert codes(data) == ["projectdata-over-budget-unexplained"]
    revision.remark = "Ekstra revision af lønbilag"
    assert codes(data) == []


def test_empty_required_sections_are_errors() -> None:
    data = example()
    del data.status_texts["2018-H2"]
    data.final_texts.pop("anchoring")
    data.grant = None
    data.locations["final:anchoring"] = "Slutrapport!B4"
    ctx = Context(file="p.xlsx", options=CheckOptions(today=TODAY))
    found = [
        f for f in run_checks("projectdata", data, ctx) if f.code == "projectdata-missing-section"
    ]
    assert {f.field for f in found} == {"status:2018-H2:activities", "final:anchoring", "grant"}
    assert "Slutrapport!B4" in {f.location for f in found}
    # a half-year without spending needs no status text yet
    data2 = example()
    del data2.status_texts["2017-H2"]
    assert codes(data2) == []


def test_late_reports_are_warnings() -> None:
    data = example()
    final = next(r for r in data.reports if r.key == "accounts")
    final.submitted = None
    late = "projectdata-report-late-assumed-deadline"  # no deadline from the grant letter yet
    assert codes(data, today=dt.date(2019, 7, 1)) == []  # the expected day itself
    assert codes(data, today=dt.date(2019, 7, 2)) == [late]
    final.submitted = dt.date(2019, 7, 10)
    assert codes(data, today=dt.date(2019, 8, 1)) == [late]
    final.submitted = dt.date(2019, 6, 30)
    assert codes(data, today=dt.date(2019, 8, 1)) == []
    final.deadline = dt.date(2019, 6, 15)  # the grant letter's date, as entered
    assert codes(data, today=dt.date(2019, 8, 1)) == ["projectdata-report-late"]


def test_instalments_above_the_covered_grant_are_a_warning() -> None:
    data = example(grant=600_000)  # below the approved budget: a revised budget is asked for
    revised = "projectdata-grant-revised-budget"
    data.instalments[0].amount = 600_000
    assert codes(data) == [revised]
    data.instalments[0].amount = 600_001
    assert sorted(codes(data)) == sorted(["projectdata-overpaid", revised])


def test_rules_report_locations_from_the_workbook(tmp_path: Path) -> None:
    data = example()
    data.lines[1].remark = None  # Transport 23.000 against 20.000: 15 % over
    _, findings = process_file(write(tmp_path, data), CheckOptions(today=TODAY))
    assert [(f.code, f.location) for f in findings] == [
        ("projectdata-over-budget-unexplained", "Forbrug!B3")
    ]


def test_long_texts_get_tall_rows_in_the_workbook(tmp_path: Path) -> None:
    data = example()
    data.status_texts["2018-H1"]["activities"] = "Tre nye sagsbehandlere startede. " * 12
    wb = openpyxl.load_workbook(write(tmp_path, data))
    ws = wb["Status"]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(2, ws.max_row + 1)}
    assert ws.row_dimensions[rows[("2018-H1", "Aktiviteter og fremdrift")]].height >= 4 * 15
    assert ws.row_dimensions[rows[("2018-H2", "Aktiviteter og fremdrift")]].height is None


def test_a_copied_line_key_does_not_overwrite_the_approved_line(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    ws = wb["Forbrug"]
    ws["A5"], ws["B5"], ws["F5"] = "L1", "Løn", 70_000  # row 5: first empty extra row
    wb.save(path)
    data = read_projectdata(path)
    løn = next(ln for ln in data.lines if ln.key == "L1")
    assert løn.approved and løn.spent_until(None) == 1_150_000  # untouched
    [extra] = [ln for ln in data.lines if not ln.approved]
    assert (extra.key, extra.post, extra.spent) == ("X1", "Løn", {"2018-H1": 70_000})
    assert extra.location == "Forbrug!B5"
    assert "projectdata-line-not-approved-unexplained" in codes(data)
