"""Obligations as data in ``reports.toml``: alternatives, recurrence, counts and dates given
by month or year only (FSM-22: "opstartskonference enten den 9. juni i Østdanmark eller den
13. juni i Vestdanmark", "august/september 2017", "kvartalsvise netværksmøder",
"midtvejsevalueringen (2018)"; KVI-13: the jobcenter's duties, with the opstart-, midtvejs-
and afslutningsseminarer as three rows), shown as a checklist. HIR's duties are unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from source_quotes import SEEDS_DIR, Seeds, load_seeds, source_problems

from hir_docs.model.projectdata import Obligation, ProjectData, obligation_window, window_text
from hir_docs.pools import PACKAGE_DIR, PoolError, load_pool, read_toml
from hir_docs.pools.reports import parse_reports, report_layout
from hir_docs.render.context.shared import obligation_checklist, obligations

D = dt.date
KVI = "virksomhedsrettet"
FSM_REPORTS = PACKAGE_DIR / "flere-skal-med" / "reports.toml"
DUTIES = "programbeskrivelsen, Jobcentrets deltagelse i forsøgsprogrammet"
PAGE_11 = "FAQ Flere skal med, s. 11"


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seeds are not here: {SEEDS_DIR}")
    return load_seeds(SEEDS_DIR)


def _fsm() -> Any:
    return parse_reports(read_toml(FSM_REPORTS), str(FSM_REPORTS))


def _duty(**entry: Any) -> dict[str, Any]:
    return {"obligations": [{"key": "d", "label": "Møde", "timing": "Engang", **entry}]}


# ------------------------------------------------------------------ FSM-22


def test_fsm_22_the_start_conference_is_one_of_two_days_in_june_2017() -> None:
    lay = _fsm()
    spec = lay.obligation_spec["start_conference"]
    assert spec.alternatives == ("den 9. juni i Østdanmark", "den 13. juni i Vestdanmark")
    assert spec.how == "én af: den 9. juni i Østdanmark eller den 13. juni i Vestdanmark"
    window = lay.obligation_window["start_conference"]
    assert (window.kind, window.first, window.last) == ("month", D(2017, 6, 1), D(2017, 6, 30))


def test_fsm_22_a_workshop_in_august_or_september_spans_both_months() -> None:
    window = _fsm().obligation_window["local_workshop"]
    assert (window.first, window.last) == (D(2017, 8, 1), D(2017, 9, 30))


def test_fsm_22_network_meetings_recur_every_quarter() -> None:
    spec = _fsm().obligation_spec["network_meetings"]
    assert (spec.recurrence, spec.how) == ("quarter", "kvartalsvis")


def test_fsm_22_evaluation_interviews_are_dated_by_year_only() -> None:
    lay = _fsm()
    for key, year in (("interview_mid", 2018), ("interview_end", 2019)):
        window = lay.obligation_window[key]
        assert (window.kind, window.first, window.last) == ("year", D(year, 1, 1), D(year, 12, 31))


def test_fsm_22_every_duty_cites_page_11_word_for_word(seeds: Seeds) -> None:
    phrases = {
        "start_conference": "opstartskonference enten den 9. juni i Østdanmark",
        "local_workshop": "lokal opstartsworkshop i august/september 2017",
        "network_meetings": "Kvartalsvise netværksmøder i de tre AMK-regioner",
        "interview_mid": "midtvejsevalueringen (2018)",
        "interview_end": "slutevalueringen (2019)",
    }
    lay = _fsm()
    assert sorted(lay.obligations) == sorted(phrases)
    for key, phrase in phrases.items():
        source = lay.obligation_spec[key].source
        assert source_problems(source, {PAGE_11: phrase}, seeds) == [], key


def test_fsm_22_a_single_alternative_is_no_alternative() -> None:
    with pytest.raises(PoolError, match=r"alternatives' skal nævne mindst to muligheder"):
        parse_reports(_duty(alternatives=["den 9. juni"]), "reports.toml")


def test_fsm_22_a_month_must_be_written_year_dash_month() -> None:
    with pytest.raises(PoolError, match=r"month' skal være \"ÅÅÅÅ-MM\""):
        parse_reports(_duty(window="month", month="juni 2017"), "reports.toml")
    with pytest.raises(PoolError, match=r"month' hører kun til window = \"month\""):
        parse_reports(_duty(month="2017-06"), "reports.toml")
    with pytest.raises(PoolError, match=r"year' skal være et årstal"):
        parse_reports(_duty(window="year", year="2018"), "reports.toml")


def test_fsm_22_an_unknown_recurrence_is_refused() -> None:
    with pytest.raises(PoolError, match=r"recurrence' skal være \"quarter\""):
        parse_reports(_duty(recurrence="monthly"), "reports.toml")


def test_a_year_window_is_said_as_its_span_without_the_pools_period() -> None:
    # The window of a month or year duty needs no project period (a period per grant).
    pool = load_pool(KVI)
    assert obligation_window("start_meeting", pool).last == D(2011, 8, 31)
    assert window_text("start_meeting", pool) == "1. august 2011 – 31. august 2011"


# ------------------------------------------------------------------ KVI-13


def test_kvi_13_the_jobcentres_duties_are_the_programmes_list(seeds: Seeds) -> None:
    lay = report_layout(load_pool(KVI))
    assert list(lay.obligations) == [
        "action_group",
        "start_meeting",
        "quarterly_meetings",
        "experience_exchange",
        "seminar_1",
        "seminar_2",
        "seminar_3",
        "web_registration",
        "dissemination",
    ]
    assert "jobcentrets ledelse" in lay.obligations["action_group"]
    assert lay.obligation_spec["quarterly_meetings"].recurrence == "quarter"
    phrases = {
        "action_group": "nedsætte en indsatsgruppe med deltagelse af jobcentrets ledelse",
        "start_meeting": "opstartsmøde i august 2011",
        "quarterly_meetings": "kvartalsvise møder i jobcentret",
        "experience_exchange": "løbende erfaringsudveksling med regionens øvrige jobcentre",
        "seminar": "opstarts-, midtvejs- og afslutningsseminarer",
        "web_registration": "simpelt webregistreringssystem",
        "dissemination": "formidling af erfaringer, metoder og samarbejdsmodeller",
    }
    for spec in lay.obligation_spec.values():
        assert source_problems(spec.source, {DUTIES: phrases[spec.group]}, seeds) == [], spec.group


def test_kvi_13_three_seminars_are_three_rows_one_per_occasion() -> None:
    lay = report_layout(load_pool(KVI))
    assert lay.obligations["seminar_2"] == "Seminar for alle deltagende jobcentre: midtvejsseminar"
    assert [lay.obligation_spec[f"seminar_{n}"].how for n in (1, 2, 3)] == [
        "1 af 3",
        "2 af 3",
        "3 af 3",
    ]


def test_kvi_13_a_count_must_name_each_occasion() -> None:
    with pytest.raises(PoolError, match=r"occasions' skal nævne 3 gange \(count\), ikke 2"):
        parse_reports(_duty(count=3, occasions=["start", "slut"]), "reports.toml")
    with pytest.raises(PoolError, match=r"occasions' mangler"):
        parse_reports(_duty(count=3), "reports.toml")


def test_kvi_13_the_obligations_are_a_checklist_without_the_pools_period() -> None:
    pool = load_pool(KVI)
    data = ProjectData(
        project_end=D(2013, 6, 30),
        obligations={
            "start_meeting": Obligation("start_meeting", True, D(2011, 8, 24)),
            "seminar_1": Obligation("seminar_1", False, note="Aflyst"),
        },
    )
    rows = {r["key"]: r for r in obligation_checklist(data, pool)}
    assert len(rows) == 9
    assert rows["start_meeting"]["box"] == "☑"
    assert rows["start_meeting"]["state"] == "Gennemført 24. august 2011"
    assert rows["start_meeting"]["due"] == "August 2011"
    assert rows["seminar_1"]["box"] == "☐"
    assert (rows["seminar_1"]["state"], rows["seminar_1"]["note"]) == ("Ikke gennemført", "Aflyst")
    assert rows["quarterly_meetings"]["name"] == (
        "Indsatsgruppen deltager i møder i jobcentret med BR og DISCUS (kvartalsvis)"
    )
    assert rows["dissemination"]["state"] == "Ikke registreret"


def test_kvi_13_a_status_period_shows_the_duties_due_by_its_end() -> None:
    pool = load_pool(KVI)
    data = ProjectData(project_end=D(2013, 6, 30), obligations={})
    rows = obligations(data, D(2011, 12, 31), pool)
    # August 2011 has passed by the period's end; the period duties have not.
    assert [r["name"] for r in rows] == [
        "Indsatsgruppe nedsat med deltagelse af jobcentrets ledelse, og kontaktperson til BR "
        "og DISCUS udpeget",
        "Indsatsgruppen deltager i opstartsmøde med BR og DISCUS",
    ]


# ------------------------------------------------------------------ HIR unchanged


def test_hirs_duties_keep_their_names_and_windows() -> None:
    pool = load_pool("hir")
    lay = report_layout(pool)
    assert all(spec.how == "" for spec in lay.obligation_spec.values())
    rows = obligations(ProjectData(project_end=D(2019, 4, 1)), None, pool)
    assert [r["name"] for r in rows] == list(lay.obligations.values())
    assert obligation_window("workshop_start", pool).last == D(2018, 3, 31)


def test_an_existing_key_twice_is_refused(tmp_path: Path) -> None:
    data = {"obligations": [_duty()["obligations"][0], _duty()["obligations"][0]]}
    with pytest.raises(PoolError, match="findes to gange"):
        parse_reports(data, "reports.toml")
