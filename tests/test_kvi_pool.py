"""The 2011 programme "Koordineret virksomhedsrettet indsats" (KVI) as a pool folder
(``hir_docs/pools/virksomhedsrettet``): grantor, partners and applicants (KVI-1), the target
group and goals per matchgroup (KVI-3), a free budget layout (KVI-6), the results-based
payment (KVI-7..12), the glossary word "indsatsgruppe" (KVI-13) and a period per grant
(KVI-14). Every fact's and every payment event's source is checked against the programme
description (``tests/source_quotes.py``: "programbeskrivelsen, <heading>")."""

from __future__ import annotations

import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from source_quotes import SEEDS_DIR, Seeds, load_seeds, source_problems

from hir_docs.model.projectdata import obligation_window
from hir_docs.model.results import Participant, Register, TargetGroup, goals
from hir_docs.pools import PACKAGE_DIR, PoolLacks, load_pool, load_pool_dir
from hir_docs.pools.check import problems
from hir_docs.pools.payment import payment_spec

KVI = "virksomhedsrettet"
FOLDER = PACKAGE_DIR / KVI
P = "programbeskrivelsen, "
TARGET = P + "Målgruppen"
GOALS = P + "Mål"
DUTIES = P + "Jobcentrets deltagelse i forsøgsprogrammet"
ECONOMY = P + "Økonomimodel"
WHOLE = "programbeskrivelsen"
OWN_BUDGET = {ECONOMY: "Jobcentrene udarbejder selv budget for modelprojektet"}
SILENT = {WHOLE: "Koordineret virksomhedsrettet indsats"}  # "(nævner ingen ...)": the whole text

# What each fact's source cites, and the phrase there that makes it true.
FACT_PHRASES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "grantor_name": {ECONOMY: "Der gives støtte fra Arbejdsmarkedsstyrelsen (AMS)"},
    "partners": {DUTIES: "i regi af Beskæftigelsesregionen (BR) og DISCUS"},
    "applicants": {DUTIES: "Alle jobcentre, der modtager bevilling"},
    "results_computed_by": {ECONOMY: "Opgørelsen laves kvartalsvist af DISCUS"},
    "registration_system": {
        ECONOMY: "web-registreringssystemet",
        DUTIES: "simpelt webregistreringssystem",
    },
    "project_start": SILENT,
    "project_end": SILENT,
    "real_start": SILENT,
    "grant_min": {ECONOMY: "10 % ved opstart"},
    "grant_max": {ECONOMY: "10 % ved opstart"},
    "amount_per_participant": {ECONOMY: "10 % ved opstart"},
    "pool_total": {ECONOMY: "Der gives støtte"},
    "budget_layout": OWN_BUDGET,
    "matchgroups": {TARGET: "matchgruppe 2 og 3"},
    "benefits": {TARGET: "start- og kontanthjælp"},
    "benefit_max_months_matchgroup_2": {TARGET: "op til 1½ år"},
    "goal_job_or_education_matchgroups": {GOALS: "kommer i job eller uddannelse"},
    "goal_active_offer_matchgroups": {GOALS: "For personer i matchgruppe 3"},
    "glossary_indsatsgruppe": {DUTIES: "med deltagelse af jobcentrets ledelse"},
    "application_deadline": SILENT,
    "audit_threshold": {ECONOMY: "Der gives støtte"},
    "accounts_due_months": {ECONOMY: "Der gives støtte"},
    "part_report_due_months": {ECONOMY: "kvartalsvist"},
    "expense_posts": OWN_BUDGET,
    "income_posts": OWN_BUDGET,
    "eligible_posts": OWN_BUDGET,
    "hours_per_fte": SILENT,
    "fte_min": SILENT,
    "fte_max": SILENT,
    "evaluation_reserved": SILENT,
    "over_budget_tolerance_pct": {ECONOMY: "i forhold til de opnåede resultater"},
    "strategy_max_pages": SILENT,
    "chars_per_page": SILENT,
    "caseload_min": SILENT,
    "caseload_max": SILENT,
    "grant_per_fte_tolerance_pct": SILENT,
    "hourly_rate_min": SILENT,
    "hourly_rate_max": SILENT,
    "hiring_months": SILENT,
    "salary_post": OWN_BUDGET,
    "audit_post": OWN_BUDGET,
    "registrations_min": SILENT,
    "placeholders": {},
    "non_answers": {
        P + "1. Koordineret afklaring": "Jobcentret skal i ansøgningen bl.a. redegøre for"
    },
    "attachment_references": {},
    "hours_per_week_full_time": SILENT,
}
EVENT_PHRASES = {
    "project-start": {ECONOMY: "10 % ved opstart af modelprojektet"},
    "first-interview": {ECONOMY: "20 % efter afholdelse af første samtale"},
    "action-plan": {ECONOMY: "40 % når indsatsplan med angivelse af mentorstøtte"},
    "offer-job-education": {ECONOMY: "30 % når et virksomhedsrettet tilbud er påbegyndt"},
}


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seeds are not here: {SEEDS_DIR}")
    return load_seeds(SEEDS_DIR)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / KVI
    shutil.copytree(FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


# ------------------------------------------------------------------ the folder


def test_the_kvi_folder_passes_pools_check(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("pools", "check", FOLDER)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("OK: puljemappen")


def test_every_kvi_fact_source_says_what_the_fact_says(seeds: Seeds) -> None:
    pool = load_pool(KVI)
    assert sorted(pool.facts) == sorted(FACT_PHRASES)
    for key, fact in pool.facts.items():
        assert source_problems(fact.source, FACT_PHRASES[key], seeds) == [], (key, fact.source)


def test_every_payment_event_cites_the_economy_model_word_for_word(seeds: Seeds) -> None:
    for event in payment_spec(load_pool(KVI)).events:
        assert source_problems(event.source, EVENT_PHRASES[event.key], seeds) == [], event.key


def test_a_fact_citing_a_heading_the_programme_lacks_is_caught(seeds: Seeds) -> None:
    wrong = "programbeskrivelsen, Ansøgerkreds (»Alle jobcentre«)"
    assert source_problems(wrong, {}, seeds) != []
    misquoted = "programbeskrivelsen, Økonomimodel (»15 % ved opstart«)"
    assert any(
        "15 % ved opstart" in p for p in source_problems(misquoted, {ECONOMY: "10 %"}, seeds)
    )


# ------------------------------------------------------------------ KVI-1


def test_kvi_1_the_grantor_is_ams_with_partners_and_jobcentres_as_applicants() -> None:
    pool = load_pool(KVI)
    assert (pool.grantor, pool.short_name) == ("AMS", "KVI")
    assert pool["grantor_name"] == "Arbejdsmarkedsstyrelsen"
    assert pool["partners"] == ["Beskæftigelsesregionen (BR)", "DISCUS"]
    assert pool["applicants"] == "jobcentre"
    assert load_pool("hir").grantor == "STAR"  # the other pool keeps its grantor


def test_kvi_1_a_folder_without_a_grantor_defaults_to_star_and_is_not_kvi(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "pool.toml", 'grantor = "AMS"\n', "")
    assert load_pool_dir(folder).grantor == "STAR"


# ------------------------------------------------------------------ KVI-3


def _target(pool_id: str = KVI) -> TargetGroup:
    """The programme's target group as its pool folder gives it."""
    pool = load_pool(pool_id)
    return TargetGroup(
        groups=tuple(pool["matchgroups"]),
        max_months=((2, int(pool["benefit_max_months_matchgroup_2"])),),
        offer_goal_groups=tuple(pool["goal_active_offer_matchgroups"]),
    )


def test_kvi_3_the_goals_per_matchgroup_are_data_and_only_group_3_has_the_offer_goal() -> None:
    pool = load_pool(KVI)
    assert pool["matchgroups"] == [2, 3]
    assert pool["benefit_max_months_matchgroup_2"] == 18
    assert pool["goal_job_or_education_matchgroups"] == [2, 3]
    assert pool["goal_active_offer_matchgroups"] == [3]
    day = dt.date(2012, 1, 2)
    register = Register(
        (
            Participant(ident="A-1", shown="A-1", matchgroup=2, company_offer=day),
            Participant(ident="A-2", shown="A-2", matchgroup=3, company_offer=day),
        )
    )
    two, three = goals(register, _target())
    assert (two.matchgroup, two.active_offer) == (2, None)  # not a goal of group 2
    assert (three.matchgroup, three.active_offer) == (3, 1)


def test_kvi_3_a_pool_without_the_goals_lacks_them_instead_of_guessing(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(
        folder / "pool.toml",
        "[facts.goal_active_offer_matchgroups]\n# A goal of its own for matchgroup 3 only: taking part in an active offer.\nvalue = [3]\n",
        '[facts.goal_active_offer_matchgroups]\nstatus = "unknown"\n',
    )
    with pytest.raises(PoolLacks, match="goal_active_offer_matchgroups"):
        load_pool_dir(folder)["goal_active_offer_matchgroups"]


# ------------------------------------------------------------------ KVI-6


def test_kvi_6_the_budget_has_a_free_layout_and_no_eligible_posts() -> None:
    pool = load_pool(KVI)
    assert pool["budget_layout"] == "fri"
    for key in ("eligible_posts", "expense_posts", "salary_post", "audit_post"):
        with pytest.raises(PoolLacks, match="kender ikke"):
            pool[key]  # the checks reading them are off for the pool
    assert "Løn" in load_pool("hir")["eligible_posts"]  # HIR's budget is judged by its posts


# ------------------------------------------------------------------ KVI-7..12: payment


def test_kvi_7_to_12_the_payment_is_results_based_quarterly_with_four_events() -> None:
    spec = payment_spec(load_pool(KVI))
    assert (spec.model, spec.settlement) == ("results", "quarter")
    events = {e.key: e for e in spec.events}
    assert [(e.key, e.share, e.level) for e in spec.events] == [
        ("project-start", Fraction(1, 10), "project"),
        ("first-interview", Fraction(1, 5), "participant"),
        ("action-plan", Fraction(2, 5), "participant"),
        ("offer-job-education", Fraction(3, 10), "participant"),
    ]
    assert events["action-plan"].requires == ("mentor_support",)
    assert events["offer-job-education"].facts == ("company_offer", "ordinary_job", "education")
    assert load_pool(KVI).facts["amount_per_participant"].unknown


def test_kvi_8_shares_that_do_not_add_up_to_100_are_a_pools_check_problem(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "payment.toml", "share = 30", "share = 20")
    assert any("90 %, ikke 100 %" in p for p in problems(folder))


# ------------------------------------------------------------------ KVI-13: glossary


def test_kvi_13_indsatsgruppe_is_the_jobcentres_management_group() -> None:
    word = load_pool(KVI)["glossary_indsatsgruppe"]
    assert "jobcentrets ledelse" in word and "borgere" not in word


# ------------------------------------------------------------------ KVI-14: period per grant


def test_kvi_14_the_period_is_set_per_grant_not_for_the_pool() -> None:
    pool = load_pool(KVI)
    for key in ("project_start", "project_end"):
        assert pool.facts[key].unknown
        assert "den enkelte bevilling" in pool.facts[key].needed_by
    # A duty over the project period ends where the grant's period (project data) ends.
    end = dt.date(2013, 6, 30)
    assert obligation_window("experience_exchange", pool, end).last == end


def test_kvi_14_without_the_grants_period_a_period_duty_has_no_end() -> None:
    with pytest.raises(PoolLacks, match="project_end"):
        obligation_window("experience_exchange", load_pool(KVI))


def test_kvi_14_the_participant_register_is_the_pools_plugin() -> None:
    pool = load_pool(KVI)
    assert pool.plugins == ("participants",)
    assert "Deltagerregister" in pool.text("participant_register_title")
