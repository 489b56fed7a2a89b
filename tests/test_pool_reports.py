"""The reports of a pool come from its folder (issue 22): ``reports.toml`` gives the project
data's sheets (status and final sections, criteria, duties, the Projekt rows), the reports'
titles and the rendered contexts, for the pool a document is made for, not the default.

The other pool here is HIR's folder copied with a rewritten ``reports.toml`` (other titles,
sections, one "rising" criterion, one duty), installed through ``HIR_POOL_PATH``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from projectdata_helpers import application, budget, complete, example

from hir_docs.forms import projectdata_layout as L
from hir_docs.model.projectdata import Window, default_reports, parse_reports
from hir_docs.pools import PACKAGE_DIR, Pool, PoolError, load_pool
from hir_docs.pools.reports import DEFAULT_TITLES, report_layout
from hir_docs.render.context.final import final_context
from hir_docs.render.context.shared import criteria_rows, obligations
from hir_docs.render.context.status import status_context
from hir_docs.render.workbook import write_projectdata

OTHER_REPORTS = """
[titles]
status = "Fremdriftsrapport"
part = "Mellemregnskab"
final_full = "Slutrapport (evaluering)"

[status]
sections = [
  { key = "progress", heading = "Fremdrift" },
  { key = "risks", heading = "Risici" },
]
required = ["progress", "risks"]

[final]
sections = [{ key = "effect", heading = "Effekt" }]
required = ["effect"]

[criteria]
items = [{ key = "jobs", label = "Borgere i job (antal)", decimals = 0 }]
measures = [
  { key = "start", label = "Projektstart" },
  { key = "mid", label = "Midtvejs" },
  { key = "end", label = "Projektafslutning" },
]

[[obligations]]
key = "seminar"
label = "Netværksseminar"
timing = "I projektperioden"

[[obligations]]
key = "kickoff"
label = "Opstartsmøde"
timing = "Kvartalet for den egentlige start"
window = "quarter"
by = "real_start"

[[obligations]]
key = "midway"
label = "Midtvejsmåling"
timing = "Midtvejs"
window = "third"
third = 2
"""


@pytest.fixture
def other_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pool:
    folder = tmp_path / "puljer" / "anden"
    shutil.copytree(PACKAGE_DIR / "hir", folder)
    pool_toml = (folder / "pool.toml").read_text("utf-8").replace('id = "hir"', 'id = "anden"')
    (folder / "pool.toml").write_text(pool_toml, "utf-8")
    (folder / "reports.toml").write_text(OTHER_REPORTS, "utf-8")
    monkeypatch.setenv("HIR_POOL_PATH", str(folder.parent))
    return load_pool("anden")


def test_the_default_pool_reads_its_reports_toml() -> None:
    hir = report_layout(load_pool())
    assert hir.titles == DEFAULT_TITLES
    assert hir.criteria_kind == {
        "passive_share": "share",
        "belief": "rising",
        "placements": "rising",
    }
    assert hir.criteria_decimals["placements"] == 0
    assert "passive_target_raw" in L.PROJECT_FIELDS
    assert L.REPORT_PREFIXES == {
        "Statusrapport": "status",
        "Delregnskab": "part",
        "Slutrapport": "final",
        "Endeligt regnskab": "accounts",
    }


def test_the_pools_titles_name_the_reports(other_pool: Pool) -> None:
    reports = report_layout(other_pool)
    assert reports.title("status") == "Fremdriftsrapport"
    assert reports.title("accounts") == "Endeligt regnskab"  # not given: STAR's words
    assert L.report_prefixes(other_pool)["Mellemregnskab"] == "part"
    titles = [r.title for r in default_reports(other_pool)]
    assert titles[0] == "Fremdriftsrapport 1. halvår 2018"
    assert titles[1] == "Mellemregnskab 1. halvår 2018"
    assert titles[-2:] == ["Slutrapport (evaluering)", "Endeligt regnskab"]


def test_the_project_data_follows_the_given_pool(other_pool: Pool, tmp_path: Path) -> None:
    from hir_docs.render.init import projectdata_from

    data = projectdata_from(application(), budget(), other_pool)
    assert data.passive_target_raw is None and data.passive_target is None  # no share
    path = write_projectdata(tmp_path / "projektdata.xlsx", data, pool=other_pool)
    wb = openpyxl.load_workbook(path)
    labels = [c.value for c in wb[L.PROJECT]["A"]][1:]
    assert labels == [label for label, _ in L.project_fields(other_pool).values()]
    assert "Mål for andel passive borgere ved projektafslutning" not in labels  # no share
    status = {c.value for c in wb[L.STATUS]["B"]}
    assert {"Fremdrift", "Risici"} <= status and "Aktiviteter og fremdrift" not in status
    assert [c.value for c in wb[L.FINAL]["A"]][1:] == ["Effekt"]
    criteria = wb[L.CRITERIA]
    assert criteria["A2"].value == "Borgere i job (antal)"
    assert criteria["E2"].value == "stigende fra projektstart til afslutning"
    assert criteria["B2"].number_format == "0"
    assert criteria.max_row == 2
    duties = [c.value for c in wb[L.OBLIGATIONS]["A"]][1:]
    assert duties == ["Netværksseminar", "Opstartsmøde", "Midtvejsmåling"]
    assert [c.value for c in wb[L.OBLIGATIONS]["B"]][1:2] == ["I projektperioden"]
    guide = "\n".join(str(c.value) for c in wb[L.GUIDE]["A"] if c.value)
    assert "afsnittene 'Fremdrift' og 'Risici' skal udfyldes" in guide
    reports = [c.value for c in wb[L.REPORTS]["A"]][1:]
    assert reports[0] == "Fremdriftsrapport 1. halvår 2018"


def test_the_contexts_follow_the_given_pool(other_pool: Pool) -> None:
    data = complete(example())
    data.criteria = {"jobs": {"start": 2.0, "mid": 3.0, "end": 5.0}}
    data.status_texts = {"2018-H2": {"progress": "Godt i gang.", "risks": "Få."}}
    data.final_texts = {"effect": "Flere i job."}
    rows = criteria_rows(data, None, other_pool)
    assert [(r["name"], r["start"], r["end"], r["target"], r["assessment"]) for r in rows] == [
        ("Borgere i job (antal)", "2", "5", "stigende", "nået")
    ]
    names = [r["name"] for r in obligations(data, None, other_pool)]
    assert names == ["Netværksseminar", "Opstartsmøde", "Midtvejsmåling"]
    final = final_context(data, other_pool)
    assert final["report_title"] == "Slutrapport (evaluering)"
    assert final["passive_definition"] == ""  # the pool defines no share
    assert [s["title"] for s in final["sections"]] == ["Effekt"]
    status = status_context(data, "2018-H2", [], other_pool)
    assert status["report_title"] == "Fremdriftsrapport"
    assert [s["title"] for s in status["sections"]] == ["Fremdrift", "Risici"]


def test_the_duties_windows_come_from_reports_toml(other_pool: Pool) -> None:
    from hir_docs.model.projectdata import obligation_due, obligation_window, window_text

    D = dt.date
    assert obligation_window("kickoff", other_pool) == Window(D(2018, 1, 1), D(2018, 3, 31))
    assert window_text("kickoff", other_pool).startswith("1. kvartal 2018")
    mid = obligation_window("midway", other_pool)
    assert mid.assumed and mid.first and mid.last and mid.first < mid.last
    assert "den midterste tredjedel" in window_text("midway", other_pool)
    end = other_pool.date("project_end")
    assert obligation_due("seminar", other_pool) == end
    assert obligation_window("seminar", other_pool) == Window(other_pool.date("project_start"), end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[titles]\nstatuss = "X"\n', "nøglen 'titles.statuss' kendes ikke"),
        ('[titles]\nstatus = ""\n', "nøglen 'titles.status' skal være en tekst"),
        (
            '[criteria]\nitems = [{ key = "a", label = "A", kind = "falling" }]\n',
            "nøglen 'criteria.items[0].kind' skal være",
        ),
        (
            '[criteria]\nitems = [{ key = "a", label = "A", decimals = 1.5 }]\n',
            "nøglen 'criteria.items[0].decimals' skal være et helt tal 0-3",
        ),
        (
            '[criteria]\nitems = [{ key = "a", label = "A", colour = "rød" }]\n',
            "nøglen 'criteria.items[0]' skal have 'key' og 'label'",
        ),
        (
            '[[obligations]]\nkey = "a"\nlabel = "A"\ntiming = "t"\nwindow = "week"\n',
            "nøglen 'obligations[0].window' skal være",
        ),
        (
            '[[obligations]]\nkey = "a"\nlabel = "A"\ntiming = "t"\nwindow = "quarter"\n',
            "nøglen 'obligations[0].by' mangler",
        ),
        (
            '[[obligations]]\nkey = "a"\nlabel = "A"\ntiming = "t"\nwindow = "third"\nthird = 4\n',
            "nøglen 'obligations[0].third' skal være 1, 2 eller 3",
        ),
    ],
)
def test_a_wrong_reports_toml_is_refused_naming_file_and_key(text: str, message: str) -> None:
    import tomllib

    with pytest.raises(PoolError) as refused:
        parse_reports(tomllib.loads(text), "puljer/x/reports.toml")
    assert "puljer/x/reports.toml" in str(refused.value)
    assert message in str(refused.value)


def test_pools_check_refuses_a_broken_reports_toml(other_pool: Pool, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert other_pool.folder is not None
    good = run_cli("pools", "check", other_pool.folder)
    assert good.exit_code == 0, good.stdout
    path = other_pool.folder / "reports.toml"
    path.write_text(OTHER_REPORTS.replace("decimals = 0", 'decimals = "nul"'), "utf-8")
    bad = run_cli("pools", "check", other_pool.folder)
    assert bad.exit_code == 1
    assert "criteria.items[0].decimals" in bad.stdout
    path.write_text(OTHER_REPORTS.replace('by = "real_start"', 'by = "kickoff_by"'), "utf-8")
    unknown = run_cli("pools", "check", other_pool.folder)
    assert unknown.exit_code == 1
    assert "pligten 'kickoff' nævner værdien 'kickoff_by' (by), som ikke findes" in unknown.stdout


def test_without_a_real_start_the_timeline_runs_from_the_project_start() -> None:
    from dataclasses import replace

    from hir_docs.model.projectdata import measure_dates, snapshot_months, work_start
    from hir_docs.pools import Fact

    hir = load_pool()
    assert work_start(hir) == hir.date("real_start")
    facts = dict(hir.facts)
    facts["real_start"] = Fact("real_start", None, "ingen", unknown=True)
    pool = replace(hir, facts=facts)
    start = hir.date("project_start")
    assert work_start(pool) == start
    assert measure_dates(pool)["start"] == start
    assert snapshot_months(pool)[0] == dt.date(2017, 12, 31)
    assert default_reports(pool)[0].key == "status:2017-H2"
    from hir_docs.render.context.economy import budget_spread

    assert "fra projektstart (" in budget_spread(pool.known("real_start"))
    assert "fra den egentlige projektstart (" in budget_spread(hir.known("real_start"))


@pytest.fixture
def plain_pool(other_pool: Pool) -> Pool:
    """The other pool without HIR's caseload module, with its own duties' heading and
    another grantor (AMS, the 2011 programme's)."""
    assert other_pool.folder is not None
    folder = other_pool.folder
    text = (folder / "pool.toml").read_text("utf-8")
    text = text.replace('plugins = ["caseload"]', "plugins = []")
    (folder / "pool.toml").write_text(text.replace('grantor = "STAR"', 'grantor = "AMS"'))
    texts = (folder / "texts.toml").read_text("utf-8")
    texts = texts.replace(
        'report_duties_heading = "Workshops, surveys og registreringer"',
        'report_duties_heading = "Seminarer og møder"',
    )
    (folder / "texts.toml").write_text(texts, "utf-8")
    from hir_docs.pools import _load

    _load.cache_clear()
    return load_pool("anden")


def test_the_report_templates_follow_the_pool(plain_pool: Pool, tmp_path: Path) -> None:
    import docx

    from hir_docs.render.docx_render import load_template, render_docx

    assert plain_pool.plugins == ()
    data = complete(example())
    data.status_texts = {"2018-H2": {"progress": "Godt i gang."}}
    ctx = status_context(data, "2018-H2", [], plain_pool)
    assert "caseload_limit" not in ctx and "caseload" not in ctx
    out = tmp_path / "status.docx"
    render_docx(load_template("status.docx", None, plain_pool), ctx, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Fremdriftsrapport" in text and "Seminarer og møder" in text
    assert "Sagsstammer" not in text and "Workshops" not in text
    assert "Mål for andelen af passive borgere" not in text  # no share criterion
    final = tmp_path / "final.docx"
    render_docx(
        load_template("final.docx", None, plain_pool), final_context(data, plain_pool), final
    )
    text = "\n".join(p.text for p in docx.Document(str(final)).paragraphs)
    assert "Slutrapport (evaluering)" in text and "Sagsstammer i projektperioden" not in text


def test_the_reports_name_the_pools_grantor(plain_pool: Pool, tmp_path: Path) -> None:
    import docx

    from hir_docs.render.accounts import build_accounts_workbook
    from hir_docs.render.context.accounts import accounts_context
    from hir_docs.render.docx_render import load_template, render_docx

    assert plain_pool.grantor == "AMS"
    data = complete(example())
    ctx = accounts_context(data, None, plain_pool)
    assert ctx["economy"]["financing"][0]["name"] == "Tilskud fra AMS"
    assert ctx["statement"]["eligible"].startswith("Tilskuddet fra AMS ")
    out = tmp_path / "regnskab.docx"
    render_docx(load_template("accounts_cover.docx", None, plain_pool), ctx, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "Udbetalt af AMS" in cells and "STAR" not in text + " ".join(cells)
    wb = build_accounts_workbook(data, None, plain_pool)
    labels = [c.value for c in wb["Finansiering"]["A"] if c.value]
    assert "Tilskud fra AMS" in labels and "Udbetalt af AMS" in labels
