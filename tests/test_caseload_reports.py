"""Issue 20, points 1, 7 and 11 (caseload): a project of 14 coordinating caseworkers, one
who left and one who joined, four over the limit in November, judged over every month in
the check, the status report, the final report and the chart; a report text saying the
limit was held while the figures show a breach is an error."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from citizen_helpers import registrations_sheet
from projectdata_helpers import docx_text, example, write

from hir_docs.api import RenderRefused, check, render_report
from hir_docs.findings import Finding, Severity
from hir_docs.model.caseload import limit_held_claim
from hir_docs.model.projectdata import CaseworkerLoad, ProjectData
from hir_docs.pools import load_pool
from hir_docs.render.charts import caseload_chart
from hir_docs.render.context.status import status_context
from hir_docs.rules import CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)
D = dt.date
ABOVE = "projectdata-caseload-above-limit"
CLAIM = "projectdata-caseload-claim-contradicted"
TOTAL_MISSING = "projectdata-caseload-total-missing"
BELOW_REGS = "projectdata-caseload-below-registrations"
NOVEMBER = D(2018, 11, 30)
LEFT = D(2018, 8, 31)  # Ulla Fratrådt's last day
JOINED = D(2018, 10, 1)  # Niels Nystartet's first day
# The four caseworkers over the limit in November 2018 (36-39 cases, full time).
OVER = {"Karin Novembersen": 39, "Lars Loftsen": 38, "Mona Mangesen": 37, "Ole Overby": 36}


def fourteen() -> ProjectData:
    """The example project with 14 coordinating caseworkers on Sagsstammer: ten steady at
    28-34 cases, four at 36-39 in November 2018, one of them on 30 hours, one who left at
    the end of August 2018 and one who joined on 1 October 2018 (no counts outside their
    time in the project)."""
    data = example()
    dates = data.snapshot_dates
    steady = ["Asta Prøvesen", "Bent Eksempel", "Cille Fiktiv", "Dorte Opdigtet"]
    steady += ["Erik Afprøvet", "Frida Skabelon", "Gorm Testesen", "Hanne Mønster"]
    workers = [
        CaseworkerLoad(name, 37, {d: 28 + i % 7 for d in dates}, f"Sagsstammer!A{i + 2}")
        for i, name in enumerate(steady)
    ]
    for i, (name, peak) in enumerate(OVER.items()):
        totals = {d: 33 for d in dates}
        totals[NOVEMBER] = peak
        workers.append(CaseworkerLoad(name, 37, totals, f"Sagsstammer!A{i + 10}"))
    workers.append(
        CaseworkerLoad(
            "Ulla Fratrådt", 37, {d: 31 for d in dates if d <= LEFT}, "Sagsstammer!A14", end=LEFT
        )
    )
    workers.append(
        CaseworkerLoad(
            "Niels Nystartet",
            37,
            {d: 20 + d.month % 5 for d in dates if d >= JOINED},
            "Sagsstammer!A15",
            start=JOINED,
        )
    )
    assert len(workers) == 14
    data.caseworkers = workers
    for cw in workers:
        cw.cells = {NOVEMBER: f"Sagsstammer!K{(cw.location or 'A2')[13:]}"}
    data.status_texts["2018-H2"]["activities"] = "Alle sagsbehandlere har haft fokus på planerne."
    return data


def found(data: ProjectData, code: str | None = None) -> list[Finding]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    return [f for f in run_checks("projectdata", data, ctx) if code is None or f.code == code]


# --- the check: every month, start and end respected ---------------------------------------


def test_every_caseworker_over_the_limit_in_any_month_is_an_error_naming_the_month() -> None:
    data = fourteen()
    above = found(data, ABOVE)
    assert [f.field for f in above] == [f"caseworkers.{n}" for n in OVER]
    karin = above[0]
    assert karin.severity == Severity.ERROR and karin.location == "Sagsstammer!K10"
    assert "på 1 opgørelsesdato (30-11-2018); højst 39 sager den 30. november 2018" in (
        karin.message
    )
    # the one who left and the one who joined are neither judged nor missing outside
    # their time in the project
    assert found(data, TOTAL_MISSING) == []
    assert {f.code for f in found(data)} == {ABOVE}


def test_a_count_before_the_start_or_after_the_end_is_not_judged() -> None:
    data = fourteen()
    ulla, niels = data.caseworkers[-2:]
    ulla.totals[D(2018, 12, 31)] = 60  # after she left
    niels.totals[D(2018, 6, 30)] = 60  # before he started
    assert [f.field for f in found(data, ABOVE)] == [f"caseworkers.{n}" for n in OVER]
    del ulla.totals[D(2018, 7, 31)]  # in the project then: missing
    [missing] = found(data, TOTAL_MISSING)
    assert missing.message == "Den samlede sagsstamme for Ulla Fratrådt mangler 31-07-2018."


def test_reduced_hours_over_the_limit_in_one_month_only() -> None:
    data = fourteen()
    asta = data.caseworkers[0]
    asta.hours = 30
    asta.totals = {d: 24 for d in data.snapshot_dates}
    asta.totals[D(2018, 4, 30)] = 29  # 35,8 per full-time post
    [f] = [f for f in found(data, ABOVE) if f.field == "caseworkers.Asta Prøvesen"]
    assert "(30-04-2018); højst 29 sager den 30. april 2018" in f.message
    assert "svarer det til 35,8 sager ved fuld tid" in f.message


# --- a text saying the limit was held --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Loftet på 35 sager er overholdt hele halvåret.",
        "Vi har haft travlt. Alle sagsbehandlere har haft under 35 sager.",
        "Sagstallet har været under loftet.",
        "Ingen sagsbehandler har været over loftet i perioden.",
        "Sagsstammerne er holdt inden for loftet på 30-35 sager.",
    ],
)
def test_a_claim_that_the_limit_held_is_recognised(text: str) -> None:
    assert limit_held_claim(text)


@pytest.mark.parametrize(
    "text",
    [
        "Loftet er ikke overholdt i november.",
        "Fire sagsbehandlere var over loftet i november.",
        "Sagstallet er holdt under loftet, bortset fra november.",
        "Vi skal holde sagstallet under 35 i næste halvår.",
        "Vi har ansat tre nye sagsbehandlere.",
        "",
    ],
)
def test_a_breach_an_exception_or_a_plan_is_no_claim(text: str) -> None:
    assert limit_held_claim(text) is None


def test_a_status_text_claiming_the_limit_held_over_a_breach_is_an_error() -> None:
    data = fourteen()
    data.status_texts["2018-H2"]["activities"] = (
        "Vi har holdt fokus på planerne. Loftet på 35 sager er overholdt hele halvåret."
    )
    data.locations["status:2018-H2:activities"] = "Status!C7"
    data.status_texts["2018-H1"]["activities"] = "Sagstallet har været under loftet."
    [f] = found(data, CLAIM)
    assert f.severity == Severity.ERROR and f.location == "Status!C7"
    assert f.field == "status:2018-H2:activities"
    assert f.message == (
        "Statusteksten 'Aktiviteter og fremdrift' for 2. halvår 2018 siger »Loftet på 35 "
        "sager er overholdt hele halvåret.«, men arket Sagsstammer viser 4 sagsbehandlere "
        "over loftet på 35 sager pr. fuldtidsstilling i halvåret: Karin Novembersen "
        "(30-11-2018: 39); Lars Loftsen (30-11-2018: 38); Mona Mangesen (30-11-2018: 37); "
        "Ole Overby (30-11-2018: 36)."
    )
    # 2018-H1 had no month over the limit: that claim is true


def test_a_final_text_claiming_the_limit_held_is_judged_over_the_whole_period(
    tmp_path: Path,
) -> None:
    data = fourteen()
    data.final_texts["results"] = "Ingen sagsbehandler har haft flere end 35 sager."
    [f] = found(data, CLAIM)
    assert f.field == "final:results" and "i projektperioden: Karin Novembersen" in f.message
    with pytest.raises(RenderRefused) as refused:
        render_report("final", write(tmp_path, data), tmp_path / "o", today=TODAY)
    assert CLAIM in [e.code for e in refused.value.errors]


# --- the status report ---------------------------------------------------------------------


def test_status_report_shows_the_months_over_and_the_maximum_never_no(tmp_path: Path) -> None:
    pd = write(tmp_path, fourteen())
    result = render_report("status", pd, tmp_path / "o", period="2018-H2", today=TODAY)
    assert [f.code for f in result.report.findings] == [ABOVE] * 4  # stated, not hidden
    text = docx_text(result.written[0])
    assert "Opgjort den sidste dag i hver måned, 31. juli 2018 – 31. december 2018." in text
    assert "Karin Novembersen | hele halvåret | 37,0 | – | 39 | 39 | nov 18 | Ja" in text
    assert "Ole Overby | hele halvåret | 37,0 | – | 36 | 36 | nov 18 | Ja" in text
    assert "Asta Prøvesen | hele halvåret | 37,0 | – | 28 | 28 | ingen | Nej" in text
    assert "Ulla Fratrådt | til 31. august 2018 | 37,0 | – | 31 | 31 | ingen | Nej" in text
    assert "Niels Nystartet | fra 1. oktober 2018 | 37,0 | – | 22 | 22 | ingen | Nej" in text
    assert "kan ikke bekræftes" not in text
    assert (
        "73 af 77 opgjorte sagsbehandlermåneder (94,8 %) i halvåret var inden for loftet på "
        "35 sager pr. fuldtidsstilling." in text
    )
    assert (
        "4 koordinerende sagsbehandlere var over loftet i mindst én måned: Karin "
        "Novembersen, Lars Loftsen, Mona Mangesen, Ole Overby." in text
    )
    # the month-by-month table is in the chart's unit; empty where not in the project
    assert "Sagsbehandler | jul 18 | aug 18 | sep 18 | okt 18 | nov 18 | dec 18" in text
    assert "Karin Novembersen | 33 | 33 | 33 | 33 | 39 | 33" in text
    assert "Ulla Fratrådt | 31 | 31 |  |  |  | " in text
    assert "Niels Nystartet |  |  |  | 20 | 21 | 22" in text


def test_status_report_before_a_caseworker_started(tmp_path: Path) -> None:
    pd = write(tmp_path, fourteen())
    [path] = render_report("status", pd, tmp_path / "o", period="2018-H1", today=TODAY)
    text = docx_text(path)
    assert "Opgjort den sidste dag i hver måned, 31. marts 2018 – 30. juni 2018." in text
    assert "Niels Nystartet | i projektet fra 1. oktober 2018 | 37,0 | – | – | – | – | –" in text
    assert "Niels Nystartet |  |" not in text  # no row of empty months
    assert "Ingen koordinerende sagsbehandler var over loftet i nogen måned i halvåret." in text
    assert "kan ikke bekræftes" not in text and "Opgjort –" not in text


def test_status_report_of_the_half_year_before_any_count(tmp_path: Path) -> None:
    pd = write(tmp_path, fourteen())
    [path] = render_report("status", pd, tmp_path / "o", period="2017-H2", today=TODAY)
    text = docx_text(path)
    assert (
        "Sagsstammerne er ikke opgjort i perioden: den første opgørelse er 31. marts 2018." in text
    )
    assert "Opgjort –" not in text and "kan ikke bekræftes" not in text
    assert "Karin Novembersen" not in text


def test_relocated_citizens_of_the_half_year_are_counted() -> None:
    from hir_docs.model import RelocatedRow

    def moved(i: int, day: dt.date) -> RelocatedRow:
        cpr = f"0101{80 + i:02d}-1234"
        return RelocatedRow(cpr, None, "Lene Eksempel", None, None, day, "Skive", i, "A1")

    rows = [moved(1, D(2018, 9, 3)), moved(2, D(2018, 11, 20)), moved(3, D(2018, 3, 1))]
    ctx = status_context(example(), "2018-H2", None, load_pool(), relocated=rows)
    assert ctx["relocated_text"] == (
        "2 borgere i projektet er flyttet fra kommunen i perioden og står på skemaet til "
        "fraflyttede borgere."
    )
    assert status_context(example(), "2018-H2", None, load_pool())["relocated_text"] == ""


# --- the final report --------------------------------------------------------------------------


def test_final_report_has_a_caseload_section_for_the_whole_period(tmp_path: Path) -> None:
    pd = write(tmp_path, fourteen())
    [path] = render_report("final", pd, tmp_path / "o", today=TODAY)
    text = docx_text(path)
    assert "Sagsstammer i projektperioden" in text
    assert "Opgjort den sidste dag i hver måned, 31. marts 2018 – 31. marts 2019." in text
    assert "Karin Novembersen | hele perioden | 37,0 | 13 | nov 18 | 39 | 39" in text
    assert "Ulla Fratrådt | til 31. august 2018 | 37,0 | 6 | ingen | 31 | 31" in text
    assert "Niels Nystartet | fra 1. oktober 2018 | 37,0 | 6 | ingen | 23 | 23" in text
    # 12 full-period caseworkers x 13 months + 6 + 6 = 168 caseworker-months, 4 over
    assert (
        "164 af 168 opgjorte sagsbehandlermåneder (97,6 %) i projektperioden var inden for "
        "loftet på 35 sager pr. fuldtidsstilling." in text
    )
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode()
    assert 'descr="Kurvediagram: sager pr. fuldtidsstilling for 14 koordinerende' in body


# --- the chart ----------------------------------------------------------------------------------


def test_chart_highlights_only_those_over_the_limit_and_is_reproducible(tmp_path: Path) -> None:
    data = fourteen()
    series = {cw.name: {d: float(n) for d, n in cw.totals.items()} for cw in data.caseworkers}
    a = caseload_chart(series, (30, 35), "Sagsstammer")
    b = caseload_chart(series, (30, 35), "Sagsstammer")
    assert a.png == b.png and a.png[:4] == b"\x89PNG"
    (tmp_path / "chart.png").write_bytes(a.png)
    assert a.description.startswith(
        "Kurvediagram: sager pr. fuldtidsstilling for 14 koordinerende sagsbehandlere, "
        "mar 18 til mar 19: spændet fra laveste til højeste (gråt bånd) og loftet 30-35 sager."
    )
    assert "Karin Novembersen (nov 18; højst 39)" in a.description
    assert "Asta Prøvesen" not in a.description
    one = caseload_chart({"Asta Prøvesen": {NOVEMBER: 30.0}}, (30, 35), "Én måned")
    assert one and "Ingen er over loftet i perioden." in one.description


# --- the registration sheet's counts per caseworker and month --------------------------------


def test_more_registered_citizens_than_the_whole_caseload_is_a_warning(tmp_path: Path) -> None:
    data = example()  # Lene Eksempel: 30 cases in all every month
    report = check([write(tmp_path, data), registrations_sheet(tmp_path, 35)], today=TODAY)
    [f] = [f for f in report.findings if f.code == BELOW_REGS]
    assert f.severity == Severity.WARNING
    assert f.message == (
        "Lene Eksempel har 35 borgere i ressourceforløb i registreringsskemaet den 31. marts "
        "2018, men kun 30 sager i alt på arket Sagsstammer samme dato. Den samlede sagsstamme "
        "omfatter også ressourceforløbene."
    )
    data.caseworkers[0].totals = {d: 35 for d in data.snapshot_dates}
    report = check(
        [write(tmp_path, data, "b.xlsx"), registrations_sheet(tmp_path, 35)], today=TODAY
    )
    assert BELOW_REGS not in [f.code for f in report.findings]


def test_without_hours_a_signed_report_neither_assumes_full_time_nor_says_no() -> None:
    data = fourteen()
    karin = data.caseworkers[8]
    karin.hours = None  # 39 cases in November, hours unknown
    ctx = status_context(data, "2018-H2", None, load_pool())
    row = next(r for r in ctx["caseload"] if r["caseworker"] == "Karin Novembersen")
    assert (row["max_cases"], row["max_per_fte"], row["months_over"], row["over_limit"]) == (
        "39",
        "–",
        "–",
        "kan ikke bekræftes",
    )
    assert (
        "Loftet kan ikke bekræftes for Karin Novembersen: timer pr. uge er ikke oplyst, så "
        "sagsstammen kan ikke omregnes til fuldtid." in ctx["caseload_notes"]
    )
    assert "for 13 koordinerende sagsbehandlere" in ctx["caseload_chart_text"]
    # the check judges the raw counts as full time (and says it assumes so)
    [f] = [f for f in found(data, ABOVE) if f.field == "caseworkers.Karin Novembersen"]
    assert "Timer pr. uge er ikke oplyst" in f.message


def test_a_caseworker_starting_after_the_reporting_is_not_without_cases() -> None:
    data = fourteen()
    for line in data.lines:  # reported up to 2018-H1 only
        line.spent = {p: v for p, v in line.spent.items() if p <= "2018-H1"}
    data.caseworkers[-1].totals = {}  # Niels Nystartet, from 1 October 2018: nothing typed
    assert found(data, "projectdata-caseworker-without-cases") == []
    assert found(data, TOTAL_MISSING) == []
