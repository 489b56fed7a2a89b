"""Issue 21, points 12 and 13: the workshops are held in the quarters the puljeopslag
names, the caseworker surveys lie at the start, midway and at the end of the project
period (an assumption hir-docs states), and no finding quotes a date the sources do not
give."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from projectdata_helpers import example, write

from hir_docs.findings import Finding, Severity
from hir_docs.model.projectdata import (
    Obligation,
    ProjectData,
    obligation_due,
    obligation_window,
)
from hir_docs.pipeline import process_file
from hir_docs.pools import load_pool
from hir_docs.rules import RULES, CheckOptions, Context
from hir_docs.rules.registry import run_checks

TODAY = dt.date(2019, 7, 15)
D = dt.date
WORKSHOP = "projectdata-workshop-outside-quarter"
SURVEY = "projectdata-survey-timing"
MISSING = "projectdata-obligation-missing"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def found(data: ProjectData, code: str | None = None) -> list[Finding]:
    ctx = Context(file="projektdata.xlsx", options=CheckOptions(today=TODAY))
    out = run_checks("projectdata", data, ctx)
    return [f for f in out if code is None or f.code == code]


def dated(key: str, day: dt.date, data: ProjectData | None = None) -> ProjectData:
    data = data or example()
    data.obligations[key] = Obligation(key, True, day, location=f"Forpligtelser!C{len(key)}")
    return data


def reported_until(data: ProjectData, last: str) -> ProjectData:
    for line in data.lines:
        line.spent = {p: v for p, v in line.spent.items() if p <= last}
    return data


# --- the windows -------------------------------------------------------------------------


def test_workshop_windows_are_the_quarters_of_the_puljeopslag() -> None:
    pool = load_pool()
    start = obligation_window("workshop_start", pool)
    assert (start.first, start.last, start.assumed) == (D(2018, 1, 1), D(2018, 3, 31), False)
    later = obligation_window("workshop_experience", pool)
    assert (later.first, later.last) == (D(2019, 1, 1), D(2019, 3, 31))


def test_survey_windows_are_assumed_thirds_from_the_real_start_to_the_project_end() -> None:
    pool = load_pool()
    windows = {k: obligation_window(k, pool) for k in ("survey_start", "survey_mid", "survey_end")}
    assert all(w.assumed for w in windows.values())
    assert (windows["survey_start"].first, windows["survey_start"].last) == (None, D(2018, 7, 11))
    assert (windows["survey_mid"].first, windows["survey_mid"].last) == (
        D(2018, 7, 11),
        D(2018, 11, 20),
    )
    assert (windows["survey_end"].first, windows["survey_end"].last) == (D(2018, 11, 20), None)
    assert obligation_due("survey_end", pool) == D(2019, 4, 1)  # the project end
    # a shorter project (the grant letter's end date) moves the thirds
    assert obligation_window("survey_mid", pool, D(2018, 12, 31)).last == D(2018, 9, 20)


# --- workshops ---------------------------------------------------------------------------


def test_startup_workshop_held_in_may_2018_is_a_warning_naming_the_quarter() -> None:
    data = dated("workshop_start", D(2018, 5, 15))
    [f] = found(data, WORKSHOP)
    assert f.severity == Severity.WARNING
    assert f.field == "obligations.workshop_start" and f.location == "Forpligtelser!C14"
    assert f.message == (
        "'Opstartsworkshop (1. kvartal 2018)' er registreret som holdt 15. maj 2018, uden for "
        "1. kvartal 2018 (1. januar 2018 – 31. marts 2018), som puljeopslaget nævner."
    )
    assert "Forpligtelser ved deltagelse" in f.source


def test_workshops_held_within_their_quarters_pass() -> None:
    data = dated("workshop_start", D(2018, 1, 1))
    dated("workshop_experience", D(2019, 3, 31), data)
    assert found(data, WORKSHOP) == []


def test_experience_workshop_outside_the_first_quarter_of_2019_is_a_warning() -> None:
    for day in (D(2018, 12, 31), D(2019, 4, 10)):
        [f] = found(dated("workshop_experience", day), WORKSHOP)
        assert "uden for 1. kvartal 2019" in f.message


def test_a_workshop_marked_as_not_held_is_not_judged_by_its_date() -> None:
    data = example()
    data.obligations["workshop_start"] = Obligation("workshop_start", False, D(2018, 5, 15))
    assert found(data, WORKSHOP) == []


# --- surveys -------------------------------------------------------------------------------


def test_end_survey_dated_april_2018_is_flagged_as_before_the_last_third() -> None:
    data = dated("survey_end", D(2018, 4, 15))
    [f] = found(data, SURVEY)
    assert f.severity == Severity.WARNING and f.field == "obligations.survey_end"
    assert f.message == (
        "'Sagsbehandlersurvey ved projektafslutning' er dateret 15. april 2018, før den "
        "sidste tredjedel af projektperioden (antaget af hir-docs: fra 20. november 2018; "
        "puljeopslaget giver ingen dato). Den ligger desuden før 'Sagsbehandlersurvey "
        "midtvejs' (12. september 2018)."
    )
    assert "antaget" in f.source and "ved projektopstart, midtvejs og ved afslutning" in f.source


def test_start_survey_after_the_midway_survey_is_flagged_with_the_order() -> None:
    data = dated("survey_start", D(2018, 10, 1))
    [f] = found(data, SURVEY)
    assert f.field == "obligations.survey_start"
    assert "efter den første tredjedel af projektperioden" in f.message
    assert "efter 'Sagsbehandlersurvey midtvejs' (12. september 2018)" in f.message


def test_midway_survey_after_the_end_survey_is_flagged_on_the_midway_survey() -> None:
    data = dated("survey_mid", D(2019, 3, 25))
    [f] = found(data, SURVEY)
    assert f.field == "obligations.survey_mid"
    assert "efter den midterste tredjedel" in f.message
    assert "efter 'Sagsbehandlersurvey ved projektafslutning' (21. marts 2019)" in f.message


def test_surveys_in_their_thirds_and_on_the_boundaries_pass() -> None:
    assert found(example(), SURVEY) == []
    data = dated("survey_start", D(2018, 2, 20))  # before the real start: at the opening
    dated("survey_mid", D(2018, 7, 11), data)
    dated("survey_end", D(2018, 11, 20), data)
    assert found(data, SURVEY) == []
    dated("survey_end", D(2019, 5, 2), data)  # just after the end: still "ved afslutning"
    assert found(data, SURVEY) == []


def test_survey_timing_from_the_workbook_points_at_the_obligation_row(tmp_path: Path) -> None:
    data = dated("survey_end", D(2018, 4, 15))
    _, findings = process_file(write(tmp_path, data), CheckOptions(today=TODAY))
    assert [(f.code, f.location) for f in findings] == [(SURVEY, "Forpligtelser!C6")]


# --- missing duties: no invented deadline --------------------------------------------------


def test_start_survey_is_not_missing_while_its_assumed_third_is_open() -> None:
    data = reported_until(example(), "2018-H1")  # reported to 30 June 2018
    data.obligations.pop("survey_start")
    assert found(data, MISSING) == []


def test_missing_midway_survey_names_the_assumed_third_not_a_deadline() -> None:
    data = reported_until(example(), "2018-H2")
    data.obligations.pop("survey_mid")
    [f] = found(data, MISSING)
    assert f.message == (
        "'Sagsbehandlersurvey midtvejs' skulle være gennemført i den midterste tredjedel af "
        "projektperioden (antaget af hir-docs: 11. juli 2018 – 20. november 2018; "
        "puljeopslaget giver ingen dato), men er ikke registreret på arket Forpligtelser "
        "(rapporteret til og med 31. december 2018)."
    )


def test_missing_workshop_names_its_quarter() -> None:
    data = reported_until(example(), "2018-H1")
    data.obligations.pop("workshop_start")
    [f] = found(data, MISSING)
    assert "skulle være gennemført i 1. kvartal 2018 (1. januar 2018 – 31. marts 2018)" in (
        f.message
    )


def test_no_survey_finding_or_rule_quotes_a_date_the_sources_do_not_give() -> None:
    data = example()
    data.obligations = {}
    texts = [f.message + (f.hint or "") + (f.source or "") for f in found(data)]
    for code in (MISSING, SURVEY, WORKSHOP):
        rule = RULES[code]
        texts += [rule.source(), rule.description(), rule.hint()]
    assert len(texts) > 3
    for text in texts:
        assert "15. september 2018" not in text
        assert not re.search(r"senest 1\. marts 2018", text)
        for day in ("11. juli 2018", "20. november 2018"):  # assumed thirds say so
            if day in text:
                assert "antaget" in text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are outside this checkout")
def test_quotations_in_the_obligation_rules_are_in_the_puljeopslag() -> None:
    text = " ".join(next(SEEDS.glob("000_*.txt")).read_text("utf-8").split()).lower()
    for code in (MISSING, SURVEY, WORKSHOP):
        for quote in re.findall(r"»([^«]{1,300})«", RULES[code].source()):
            assert " ".join(quote.split()).lower() in text, (code, quote)
