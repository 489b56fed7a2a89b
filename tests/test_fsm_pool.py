"""The pool "Flere skal med" as a pool folder (``hir_docs/pools/flere-skal-med/``), from
its FAQ (FAQ Flere skal med, 27. april 2017, opdateret 11. maj 2017; seeds/003 from its
transcript): its facts with their sources (FSM-1..3, the activity and progression facts),
its payment by instalments (FSM-4, 7, 10), its rules off with reasons, its rules' and facts'
sources checked against the FAQ's pages, re-postings without STAR's approval (FSM-19) and
the declarations its accounts carry (FSM-20, 21).

The application form, the example and the reports (application.toml, example.toml,
reports.toml) are another helper's: ``pools check`` of the folder names them missing, and
nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docxtpl import DocxTemplate
from jinja2 import ChainableUndefined, Environment
from projectdata_helpers import example, second_project
from source_quotes import SEEDS_DIR, Seeds, load_seeds, source_problems

from hir_docs import api
from hir_docs.cli import main
from hir_docs.findings import Finding, Severity
from hir_docs.model.projectdata import ApprovedChange, ProjectData
from hir_docs.pools import PACKAGE_DIR, load_pool
from hir_docs.pools.payment import payment_spec
from hir_docs.render.build_templates import template_bytes
from hir_docs.render.context.accounts import declarations
from hir_docs.rules import RULES, CheckOptions, Context, rule_texts
from hir_docs.rules.projectdata_grant import check_budget_against_grant, check_reposting

FSM = "flere-skal-med"
FOLDER = PACKAGE_DIR / FSM
OTHERS = ("application.toml", "example.toml", "reports.toml")  # another helper's files
REPOSTING = "projectdata-reposting-not-approved"
INCOMPLETE = "projectdata-grant-change-incomplete"


def S(page: int) -> str:  # noqa: N802 - how the pool cites the FAQ's pages
    return f"FAQ Flere skal med, s. {page}"


@pytest.fixture(scope="module")
def pool():  # type: ignore[no-untyped-def]
    return load_pool(FSM)


# ---------------------------------------------------------------- the folder


def test_pools_check_passes_for_the_folder() -> None:
    assert api.check_pool(FOLDER) == []


def test_with_stand_in_forms_every_problem_is_in_the_stand_ins(tmp_path: Path) -> None:
    """HIR's three files as stand-ins: what pools check finds is HIR's own wording in them
    (caseload, workshop dates), never this folder's pool, texts, payment or rules."""
    folder = tmp_path / FSM
    shutil.copytree(FOLDER, folder)
    for name in OTHERS:
        shutil.copy(PACKAGE_DIR / "hir" / name, folder / name)
    found = api.check_pool(folder)
    mine = [p for p in found if not any(name in p for name in OTHERS)]
    assert mine == []


def test_the_pool_names_itself_its_grantor_and_its_faq(pool) -> None:  # type: ignore[no-untyped-def]
    assert (pool.id, pool.name, pool.short_name, pool.grantor) == (
        FSM,
        "Flere skal med",
        "FSM",
        "STAR",
    )
    assert "ukendt" in pool.account  # the puljeudmelding, which we do not have, names it
    assert pool.titles == ("flere skal med",)
    assert "FAQ Flere skal med" in [s.name for s in pool.sources]


def test_the_plug_ins_are_the_registers_and_not_the_caseload_module(pool) -> None:  # type: ignore[no-untyped-def]
    """FSM-24: STAR marks the citizens in the municipalities' systems (FAQ s. 2 and 5)."""
    assert pool.plugins == ("activity", "progression")


def test_the_facts_the_lead_wires_have_their_values(pool) -> None:  # type: ignore[no-untyped-def]
    assert pool["activity_threshold_pct"] == 40
    assert pool["activity_months"] == 3
    assert pool.strings("activity_words") == [
        "virksomhedspraktik",
        "løntilskud",
        "ordinære timer",
        "fleksjob",
        "ordinær uddannelse",
    ]
    assert pool.date("instalment_3_earliest") == dt.date(2019, 1, 1)
    assert "antaget: 1. januar 2019" in pool.source("instalment_3_earliest")
    assert len(pool.strings("progression_theme_names")) == 6
    assert pool["progression_theme_questions"] == [2, 2, 4, 1, 1, 1]
    assert sum(pool["progression_theme_questions"]) == pool["progression_questions"] == 11
    assert pool["progression_followup_months"] == 12
    scale = pool.facts["progression_scale"]
    assert scale.unknown and "slået fra" in scale.needed_by


@pytest.mark.parametrize(
    "key",
    [
        "project_start",
        "project_end",
        "grant_min",
        "grant_max",
        "grant_max_by_municipality",
        "audit_threshold",
        "application_deadline",
        "pool_total",
    ],
)
def test_what_only_the_puljeudmelding_gives_is_unknown_with_what_needs_it(
    pool,  # type: ignore[no-untyped-def]
    key: str,
) -> None:
    """FSM-1, FSM-18: declared unknown, never a silent default."""
    fact = pool.facts[key]
    assert fact.unknown and fact.needed_by and not pool.known(key)


def test_the_target_group_facts(pool) -> None:  # type: ignore[no-untyped-def]
    """FSM-2: 5 years, a 4-week interruption counted backwards, a fixed gross group of which
    the whole is included."""
    assert pool["target_years_in_system"] == 5
    assert pool["target_interruption_weeks"] == 4
    assert pool["target_interruption_direction"] == "bagudrettet"
    assert pool["target_group_fixed"] is True
    assert pool["target_group_whole"] is True


def test_group_1_is_funded_and_counted_and_named_indsatsgruppen(pool) -> None:  # type: ignore[no-untyped-def]
    """FSM-3: groups 1, 2, 3; only group 1 (the indsatsgruppe) is funded and counted."""
    groups = pool["participant_groups"]
    assert [g["group"] for g in groups] == [1, 2, 3]
    assert [(g["group"], g["funded"], g["counted"]) for g in groups if g["funded"]] == [
        (1, True, True)
    ]
    [entry] = [g for g in pool["glossary"] if g["term"] == "indsatsgruppen"]
    assert "gruppe 1" in entry["meaning"]


def test_payment_is_three_instalments_the_third_on_the_activity_requirement(pool) -> None:  # type: ignore[no-untyped-def]
    """FSM-4, 7, 10: rate 3 is 30 % released by the activity requirement, not before 2019;
    the shares of rates 1 and 2 are unknown (the puljeudmelding)."""
    spec = payment_spec(pool)
    assert spec.model == "instalments"
    assert [e.key for e in spec.events] == ["rate-1", "rate-2", "rate-3"]
    assert [e.share for e in spec.events[:2]] == [None, None]
    third = spec.event("rate-3")
    assert (third.share, third.condition, third.earliest) == (
        Fraction(3, 10),
        "activity",
        "instalment_3_earliest",
    )
    text = (FOLDER / "payment.toml").read_text("utf-8")  # FSM-10, said where it applies
    assert "overføre ubrugte midler fra 1. rate til 2. rate" in text
    assert "skriftlig godkendelse fra STAR" in text


def test_the_texts_hir_docs_reads_are_the_pool_s_own(pool) -> None:  # type: ignore[no-untyped-def]
    assert pool.text("activity_register_title").startswith("Aktivitetsregister – indsatsgruppen")
    assert "11 spørgsmål i 6 temaer" in pool.text("progression_title")
    assert "antal medarbejdere, arbejdsfunktion, lønsats samt antal timer" in "\n".join(
        pool.lines("budget_guide")
    )


# ---------------------------------------------------------------- the rules, per pool


def _rules_text(pool_id: str) -> str:
    result = CliRunner().invoke(main, ["rules", "--pool", pool_id], catch_exceptions=False)
    assert result.exit_code == 0
    return result.stdout


def _entry(text: str, code: str) -> str:
    """A rule's four lines in ``hir-docs rules``: code, description, hint, source."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{code}  ["))
    return "\n".join(lines[at : at + 4])


def test_rules_for_fsm_leave_out_hirs_caseload_module() -> None:
    """FSM-24: the module's sheets do not exist for the pool, so their rules are not listed
    (api.rules); a rule of the module is off, with the reason, when asked for directly."""
    assert "registrations-fictitious-email  [" not in _rules_text(FSM)
    reason = RULES["registrations-fictitious-email"].off(load_pool(FSM)) or ""
    assert "puljen har ikke sagstalsmodulet" in reason


def test_rules_for_fsm_show_rules_needing_an_unknown_fact_off_naming_it() -> None:
    entry = _entry(_rules_text(FSM), "budget-requested-range")
    assert "Slået fra for denne pulje" in entry
    assert "kender ikke værdien af 'grant_min'" in entry


def test_rules_for_fsm_cite_the_faq_by_page() -> None:
    text = _rules_text(FSM)
    assert "Kilde: FAQ Flere skal med, s. 7 (»Kommunen skal i projektansøgningens budget" in (
        _entry(text, "budget-salary-detail-missing")
    )
    assert "FAQ Flere skal med, s. 9" in _entry(text, REPOSTING)


def test_the_new_rules_never_run_for_hir_which_lacks_their_facts() -> None:
    """HIR declares none of the facts that switch them on: its checks are off (they yield
    nothing for HIR's budgets and project data, tests/test_fsm_budget.py), and the catalogue
    shows hir-docs' generic text and source for HIR."""
    hir, text = load_pool(), _rules_text("hir")
    for code, fact in (
        ("budget-salary-detail-missing", "salary_detail_required"),
        ("budget-ineligible-word", "ineligible_words"),
        ("budget-conditional-line", "conditional_costs"),
        (REPOSTING, "reposting_tolerance_pct"),
    ):
        assert fact not in hir.facts and load_pool(FSM).known(fact), code
        assert f"{code}  [" not in text, code  # not listed: it can never fire for HIR
        assert RULES[code].source(hir).startswith("antaget: hir-docs' generelle kontrol"), code


def test_rules_for_fsm_word_the_conditions_and_the_salary_detail_from_its_facts() -> None:
    text = _rules_text(FSM)
    assert "(projektledelse og progressionsmoduler/-værktøjer)" in _entry(
        text, "budget-conditional-line"
    )
    assert "fordelt på antal medarbejdere, arbejdsfunktion, lønsats samt antal timer" in _entry(
        text, "budget-salary-detail-missing"
    )


# ---------------------------------------------------------------- sources against the FAQ

GROUP_1 = "Indsatsgruppen er defineret som de borgere, der er visiteret til gruppe 1"
BILAG_2 = "bilag 2 i puljeudmeldingen"
ONLY_SALARY = "alene kan anvende midler på lønkroner"
PRIMARILY_SALARY = "primært anvendes til lønkroner"
FUNCTIONS = "Sagsbehandlere, jobformidlere, virksomhedskonsulenter"
APPROVAL = "skriftlig godkendelse fra STAR"
REPOSTING_WORDS = "ompostering mellem budgetposter"
YEARS = ("midtvejsevalueringen (2018)", "slutevalueringen (2019)")
SALARY_DETAIL = "antal medarbejdere, arbejdsfunktion, lønsats samt antal timer"
THEMES = "Rammen består af 11 spørgsmål"
FORTY = "mindst 40 pct. af indsatsgruppen"
GUIDE = {"budgetguide": "orders expense posts as"}

# For every fact, the FAQ page(s) its source cites and a phrase there that makes it true
# (pure assumptions: {}).
FACT_PHRASES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "project_start": {S(11): YEARS},
    "project_end": {S(11): YEARS},
    "real_start": {S(6): "jf. puljeudmeldingen"},
    "grant_min": {S(6): ("Det maksimale beløb", BILAG_2)},
    "grant_max": {S(6): BILAG_2},
    "grant_max_by_municipality": {S(6): "bruttomålgruppens størrelse pr. uge 52 (2016)"},
    "pool_total": {S(6): "jf. puljeudmeldingen"},
    "evaluation_reserved": {S(11): YEARS},
    "application_deadline": {S(1): "ansøgningsprocessen"},
    "audit_threshold": {S(9): "revisor kan godkende medarbejderudgifter"},
    "accounts_due_months": {S(9): "projektregnskabet"},
    "part_report_due_months": {S(5): "Monitoreringen er månedlig"},
    "applicants": {S(6): "Hvor mange midler kan kommunen søge om?"},
    "target_years_in_system": {S(3): "mindst 5 år i kontanthjælpssystemet"},
    "target_interruption_weeks": {S(3): "afbrydelseskriterie på 4 sammenhængende uger"},
    "target_interruption_direction": {S(3): "Afbrydelseskriteriet skal forstås bagudrettet"},
    "target_group_fixed": {S(2): "Den bruttomålgruppe STAR udsøger, vil være fast"},
    "target_group_whole": {S(2): "kommunen skal inkludere den samlede bruttomålgruppe"},
    "participant_groups": {
        S(3): GROUP_1,
        S(7): "Der kan ikke anvendes puljemidler på gruppe 2 eller 3",
    },
    "glossary": {S(5): GROUP_1},
    "activity_threshold_pct": {S(4): "tre måneder i træk have haft mindst 40 pct."},
    "activity_months": {S(4): "tre måneder i træk"},
    "activity_words": {
        S(4): (
            "virksomhedspraktik, løntilskud, ordinære timer eller fleksjob",
            "ordinær uddannelse",
        )
    },
    "instalment_3_earliest": {S(5): "Om end denne først udbetales i 2019"},
    "progression_theme_names": {
        S(10): (
            "Tro på egne evner",
            "Helbredsmestring",
            "Arbejdsmarkedsidentitet, mening og retning",
            "Samarbejde på arbejdspladsen eller uddannelsen",
            "Relationer til fagprofessionelle",
            "Privat netværk",
        )
    },
    "progression_theme_questions": {S(10): ("(2 spørgsmål)", "(4 spørgsmål)", "(1 spørgsmål)")},
    "progression_questions": {S(10): THEMES},
    "progression_followup_months": {S(10): "igen efter senest et år"},
    "progression_scale": {S(10): "fast spørgsmålsramme"},
    "expense_posts": GUIDE,
    "income_posts": GUIDE,
    "eligible_posts": {S(7): ONLY_SALARY},
    "salary_post": {S(6): PRIMARILY_SALARY},
    "eligible_salary_functions": {
        S(6): (FUNCTIONS, "sundhedskoordinator, lægekonsulent", "social- og sundhedsindsatser")
    },
    "ineligible_salary_functions": {S(9): "virksomhedsmentorer, der er ansat på virksomhederne"},
    "caseworker_tasks": {S(7): "varetage flere funktioner samtidig"},
    "ineligible_words": {
        S(6): ("overhead på medarbejdere", "eksterne konsulentydelser"),
        S(7): "ekstern konsulentbistand",
        S(8): "anden aktør",
        S(9): ("virksomhedsmentorer", "introduktionskurser", "vejledning og opkvalificering"),
    },
    "conditional_costs": {
        S(6): ("aflønning af projektledelse", "progressionsmoduler/værktøjer"),
        S(10): ("spørgsmålsramme kan integreres", "levere data på cpr-niveau"),
    },
    "salary_detail_required": {S(7): SALARY_DETAIL},
    "salary_words": {S(6): ("lønkroner", "aflønning af")},
    "not_salary_words": {S(4): "løntilskud"},
    "hourly_rate_min": {},
    "hourly_rate_max": {},
    "hours_per_fte": {},
    "hours_per_week_full_time": {},
    "fte_min": {S(8): "sagsnormering"},
    "fte_max": {S(8): "sagsnormering"},
    "grant_per_fte_tolerance_pct": {S(6): BILAG_2},
    "audit_post": {S(7): ONLY_SALARY},
    "hiring_months": {S(6): "jf. puljeudmeldingen"},
    "over_budget_tolerance_pct": {S(9): APPROVAL},
    "reposting_tolerance_pct": {S(9): (REPOSTING_WORDS, APPROVAL)},
    "strategy_max_pages": {S(7): "projektansøgningens budget"},
    "chars_per_page": {},
    "placeholders": {},
    "non_answers": {},
    "attachment_references": {},
    "budget_years": {S(11): YEARS},
    "register_first_month": {S(11): "august/september 2017"},
    "register_months": {S(5): "først udbetales i 2019"},
}

# The pool's own rule sources (rules.toml), page by page.
RULE_PHRASES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "budget-ineligible-line": {S(6): PRIMARILY_SALARY, S(7): ONLY_SALARY},
    "budget-salary-function-unclear": {S(6): FUNCTIONS},
    "budget-requested-exceeds-eligible": {S(7): ONLY_SALARY},
    "budget-ineligible-word": FACT_PHRASES["ineligible_words"],
    "budget-conditional-line": FACT_PHRASES["conditional_costs"],
    "budget-salary-detail-missing": {S(7): SALARY_DETAIL},
    "budget-salary-arithmetic": {S(7): SALARY_DETAIL},
    "projectdata-budget-differs-from-grant": {S(9): (REPOSTING_WORDS, APPROVAL)},
    "projectdata-grant-change-incomplete": {S(9): APPROVAL},
    "projectdata-grant-change-approved": {S(9): ("muligt at lave ændringer i budgettet", APPROVAL)},
    REPOSTING: {S(9): (REPOSTING_WORDS, APPROVAL, "kan STAR kræve tilskuddet tilbagebetalt")},
    # the registers' rules (readers.activity_register, readers.progression) and FSM-23's
    "activity-citizen-twice": {S(5): "månedsnedslag defineret som antal"},
    "activity-column-missing": {S(5): "antal borgere der i"},
    "activity-cpr-unreadable": {S(2): "Persongruppemarkeringen på borgere i"},
    "activity-date-unreadable": {S(5): "Borgere der udtræder af"},
    "activity-file-unreadable": {},
    "activity-forecast": {S(4): "Tredje rate på 30", S(5): "Monitoreringen er månedlig og"},
    "activity-group-unreadable": {S(5): "Indsatsgruppen er defineret som"},
    "activity-month-outside-period": {S(5): "Da monitoreringen er løbende"},
    "activity-month-twice": {S(5): "De 40 pct. opgøres"},
    "activity-month-unreadable": {S(5): "i en given kalendermåned"},
    "activity-no-header": {S(5): "månedsnedslag defineret som antal"},
    "activity-register-empty": {S(4): "mindst 40 pct. af"},
    "activity-rows-capped": {},
    "activity-word-unknown": {S(4): "Kommunen skal tre måneder"},
    "application-mention-missing": {S(7): "Repræsentanterne fra socialforvaltningen defineres"},
    "progression-answer-missing": {S(10): "Rammen består af 11"},
    "progression-answer-out-of-range": {S(10): "STAR har udviklet en"},
    "progression-answer-unreadable": {S(10): "Rammen består af 11"},
    "progression-column-missing": {S(10): "Rammen består af 11"},
    "progression-column-twice": {S(10): "Rammen består af 11"},
    "progression-cpr-unreadable": {S(10): "Kommunen forpligtiger sig til"},
    "progression-date-unreadable": {S(10): "igen efter senest et"},
    "progression-empty": {S(10): "Kommunen skal sikre, at"},
    "progression-exit-missing": {S(10): "Derudover skal spørgsmålene så"},
    "progression-file-unreadable": {},
    "progression-first-missing": {S(10): "Kommunen skal sikre, at"},
    "progression-measurement-twice": {S(10): "besvarer spørgsmålene igen efter"},
    "progression-measurement-unreadable": {S(10): "i forbindelse med første"},
    "progression-no-header": {S(10): "Rammen består af 11"},
    "progression-rows-capped": {},
    "progression-scale-unknown": {S(10): "Rammen består af 11"},
    "progression-second-late": {S(10): "Kommunen skal sikre, at"},
    "progression-second-missing": {S(10): "Kommunen skal sikre, at"},
}


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if not SEEDS_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the seeds are missing: {SEEDS_DIR}")
        pytest.skip(f"the seeds are not here: {SEEDS_DIR}")
    return load_seeds(SEEDS_DIR)


def test_the_phrase_tables_name_every_fact_and_cited_rule_of_the_pool(pool) -> None:  # type: ignore[no-untyped-def]
    assert sorted(FACT_PHRASES) == sorted(pool.facts)
    assert sorted(RULE_PHRASES) == sorted(rule_texts(pool))


@pytest.mark.parametrize("key", sorted(FACT_PHRASES))
def test_every_fact_source_says_what_the_fact_says(key: str, seeds: Seeds, pool) -> None:  # type: ignore[no-untyped-def]
    source = pool.source(key)
    assert source_problems(source, FACT_PHRASES[key], seeds) == [], source


@pytest.mark.parametrize("code", sorted(RULE_PHRASES))
def test_every_rule_source_of_the_pool_says_what_the_rule_says(
    code: str,
    seeds: Seeds,
    pool,  # type: ignore[no-untyped-def]
) -> None:
    source = rule_texts(pool)[code]["source"]
    assert source_problems(source, RULE_PHRASES[code], seeds) == [], source


def test_a_page_the_faq_does_not_have_or_a_misquote_is_a_problem(seeds: Seeds) -> None:
    assert source_problems("FAQ Flere skal med, s. 12", {}, seeds) != []
    wrong = "FAQ Flere skal med, s. 4 (»Tredje rate på 40 pct.«)"
    assert any("står ikke i" in p for p in source_problems(wrong, {S(4): "Tredje rate"}, seeds))
    # the page chrome before the transcript is not the FAQ (a stray answer of Flere skal med 2)
    chrome = "fleksjob på op til 10 timer er en del af målgruppen"
    assert all(chrome not in (seeds.text(S(n)) or "") for n in range(2, 12))


# ---------------------------------------------------------------- FSM-19: re-postings


def _reposting(data: ProjectData, pool_id: str) -> list[Finding]:
    ctx = Context(file="projektdata.xlsx", pool=load_pool(pool_id))
    return list(check_reposting(data, ctx))


def test_spending_above_a_line_without_star_s_approval_is_an_error_for_fsm() -> None:
    """second_project: transport 60 % over its budget (explained), audit raised by a change
    STAR approved with a date: only the transport is a re-posting without approval."""
    data = second_project()
    data.lines[1].location = "Forbrug!C8"
    [f] = _reposting(data, FSM)
    assert (f.code, f.severity, f.field) == (REPOSTING, Severity.ERROR, "lines.L2")
    assert f.message.startswith("'Transport – kørselsgodtgørelse, rejser og ophold:")
    assert "en ompostering mellem budgetposter" in f.message
    assert "ingen skriftlig godkendelse fra STAR med dato" in f.message
    assert f.location == "Forbrug!C8"
    assert "FAQ Flere skal med, s. 9" in f.source


def test_hir_has_no_reposting_rule_and_keeps_its_own_overspending_warning() -> None:
    assert _reposting(second_project(), "hir") == []


def test_spending_within_the_approved_budget_is_no_reposting() -> None:
    data = second_project()
    data.lines[1].spent = {"2018-H1": 3_000, "2019-H1": 12_000}  # within 15.000 kr.
    assert _reposting(data, FSM) == []


def test_a_change_without_star_s_approval_date_does_not_cover_the_reposting() -> None:
    data = example()  # transport spent 23.000 kr. against 20.000 kr.
    data.lines[0].spent = {"2018-H1": 1_140_000}  # salary as budgeted
    data.approved_changes = [ApprovedChange(None, "STAR brev 1", "L2", 20_000, 25_000)]
    ctx = Context(file="projektdata.xlsx", pool=load_pool(FSM), options=CheckOptions())
    found = [*check_budget_against_grant(data, ctx), *check_reposting(data, ctx)]
    found = [f for f in found if f.code in (REPOSTING, INCOMPLETE)]
    assert sorted((f.code, f.severity) for f in found) == [
        (INCOMPLETE, Severity.ERROR),
        (REPOSTING, Severity.ERROR),
    ]
    dated = example()
    dated.lines[0].spent = {"2018-H1": 1_140_000}
    dated.approved_changes = [
        ApprovedChange(dt.date(2019, 1, 10), "STAR brev 1", "L2", 20_000, 25_000)
    ]
    dated.lines[1].budget, dated.lines[1].approved_amounts = 25_000, {2018: 10_000, 2019: 15_000}
    assert _reposting(dated, FSM) == []


# ---------------------------------------------------------------- FSM-20, 21: the accounts


def _rendered_statement(pool_id: str) -> list[str]:
    pool = load_pool(pool_id)
    tpl = DocxTemplate(io.BytesIO(template_bytes("accounts_cover.docx", pool)))
    context = {"declarations": declarations(pool), "statement": {"opening": "Ledelsen erklærer."}}
    tpl.render(context, jinja_env=Environment(undefined=ChainableUndefined, autoescape=True))
    out = io.BytesIO()
    tpl.save(out)
    return [p.text for p in open_docx(io.BytesIO(out.getvalue())).paragraphs]


def test_the_fsm_accounts_declare_separate_economy_and_time_registration() -> None:
    texts = _rendered_statement(FSM)
    economy = [t for t in texts if "økonomi er holdt adskilt" in t]
    time = [t for t in texts if "særskilt tidsregistrering på projektet" in t]
    assert len(economy) == 1 and "(FAQ Flere skal med, s. 4)" in economy[0]
    assert len(time) == 1 and "ikke alene har arbejdsopgaver i projektet" in time[0]
    assert texts.index(economy[0]) == texts.index("Ledelsen erklærer.") + 1


def test_the_hir_accounts_carry_no_such_declarations() -> None:
    assert declarations(load_pool()) == []
    texts = _rendered_statement("hir")
    assert not any("adskilt" in t or "tidsregistrering" in t for t in texts)
    template = open_docx(io.BytesIO(template_bytes("accounts_cover.docx", load_pool())))
    assert not any("declarations" in p.text for p in template.paragraphs)


def test_the_declarations_are_the_pool_s_text(pool) -> None:  # type: ignore[no-untyped-def]
    assert declarations(pool) == pool.lines("accounts_declarations")
