"""Rules from the pool folder (issue 22): plug-in checks, the pool's wording, its grantor.

A check of a plug-in (``@check(..., plugin="caseload")``) runs only for a pool whose
``pool.toml`` names the plug-in, and its rules are listed as off for the others. A pool's
``rules.toml`` words rules and parts of messages in its own terms; without it the catalogue's
generic text is used. Texts about the grantor name the pool's grantor. The bulk overview's
pool-specific columns follow the pool's form (roles) and plug-ins.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from budget_helpers import budget_file, salary

from hir_docs.bulk.model import keep_fields
from hir_docs.bulk.overview import pool_columns
from hir_docs.pools import PACKAGE_DIR, Pool, PoolError, load_pool, load_pool_dir
from hir_docs.pools.check import problems
from hir_docs.presentation import rules_text
from hir_docs.rules import (
    GENERIC_SOURCE,
    MESSAGE_KEYS,
    RULES,
    Context,
    message,
    payment_of,
    plugin_of,
    rule_text_problems,
    runs_for,
)
from hir_docs.rules.application import caseload_above
from hir_docs.rules.registry import checks


def _copy_hir(tmp_path: Path, *, plugins: str = "[]", grantor: str = "STAR") -> Path:
    """HIR's folder as a pool "proeve" with other plug-ins and grantor (rules.toml removed)."""
    folder = tmp_path / "proeve"
    shutil.copytree(PACKAGE_DIR / "hir", folder)
    (folder / "rules.toml").unlink()
    text = (folder / "pool.toml").read_text("utf-8")
    text = text.replace('id = "hir"', 'id = "proeve"', 1)
    text = re.sub(r"(?m)^plugins = .*$", f"plugins = {plugins}", text, count=1)
    text = re.sub(r"(?m)^grantor = .*$", f'grantor = "{grantor}"', text, count=1)
    (folder / "pool.toml").write_text(text, "utf-8")
    return folder


@pytest.fixture
def plain(tmp_path: Path) -> Pool:
    """HIR's facts and texts without the caseload plug-in and without HIR's rules.toml."""
    return load_pool_dir(_copy_hir(tmp_path))


def _application(plan: str) -> SimpleNamespace:
    empty = dict.fromkeys(("strategy", "summary", "activities", "goals", "organisation"))
    return SimpleNamespace(caseload_plan=plan, locations={}, **empty)


# ------------------------------------------------------------------ plug-in checks
def test_caseload_checks_belong_to_the_plugin() -> None:
    for code in (
        "application-caseload-limit",
        "application-caseload-above-limit",
        "cross-staff-caseload",
        "projectdata-caseload-claim-contradicted",
        "registrations-open-twice",
        "cross-sheet-other-municipality",
    ):
        assert plugin_of(code) == "caseload", code
    assert plugin_of("application-amount-range") is None
    assert plugin_of("budget-ineligible-line") is None


def test_a_plugin_check_runs_only_for_a_pool_naming_the_plugin(plain: Pool) -> None:
    app = _application("Vi planlægger 45 sager pr. sagsbehandler.")
    hir = list(caseload_above(app, Context("a.docx", pool=load_pool())))
    assert [f.code for f in hir] == ["application-caseload-above-limit"]
    assert list(caseload_above(app, Context("a.docx", pool=plain))) == []
    gated = [spec for spec in checks() if spec.plugin == "caseload"]
    assert gated and all(runs_for(s, load_pool()) and not runs_for(s, plain) for s in gated)


def test_the_rules_of_a_plugin_are_listed_as_off(plain: Pool) -> None:
    rule = RULES["application-caseload-limit"]
    assert rule.off(load_pool()) is None
    assert "sagstalsmodulet" in (rule.off(plain) or "")
    with pytest.raises(PoolError):
        rule.description(plain)
    listed = rules_text([rule], plain)
    assert "Slået fra for denne pulje" in listed and "caseload" in listed
    assert "Slået fra" not in rules_text([rule], load_pool())


# ------------------------------------------------------------------ the pool's wording
def test_hir_words_its_eligible_costs_in_its_rules_file(plain: Pool) -> None:
    rule = RULES["budget-ineligible-line"]
    assert "erfaringsudvekslingsworkshoppen" in rule.description(load_pool())
    generic = rule.description(plain)
    assert "erfaringsudvekslingsworkshoppen" not in generic
    assert generic == rule.description_template
    assert "sagsbehandler" in message(load_pool(), "budget_salary_function_unclear", "x")
    assert message(plain, "budget_salary_function_unclear", "generisk") == "generisk"


def test_a_pool_words_a_rule_and_a_message_with_its_facts(tmp_path: Path) -> None:
    folder = _copy_hir(tmp_path)
    (folder / "rules.toml").write_text(
        '[rules."budget-no-audit"]\nhint = "Budgettér revision under {audit_post}."\n'
        '[messages]\nbudget_no_salary_hint = "Løn hører under {salary_post}."\n',
        "utf-8",
    )
    pool = load_pool_dir(folder)
    assert RULES["budget-no-audit"].hint(pool) == "Budgettér revision under Revision."
    assert RULES["budget-no-audit"].finding("x", pool=pool).hint == (
        "Budgettér revision under Revision."
    )
    assert message(pool, "budget_no_salary_hint", "") == "Løn hører under Løn."
    assert problems(folder) == [] and rule_text_problems(pool) == []


def test_a_broken_rules_file_is_reported(tmp_path: Path) -> None:
    folder = _copy_hir(tmp_path)
    (folder / "rules.toml").write_text(
        '[rules."no-such-rule"]\nhint = "x"\n'
        '[rules."budget-no-audit"]\nhelp = "x"\nhint = "{no_such_fact}"\n'
        '[messages]\nno_such_message = "x"\n',
        "utf-8",
    )
    found = "\n".join(problems(folder))
    assert "rules.budget-no-audit.help" in found and "{no_such_fact}" in found
    pool = load_pool_dir(folder)
    with pytest.raises(PoolError, match="help"):
        RULES["budget-no-audit"].hint(pool)
    (folder / "rules.toml").write_text(
        '[rules."no-such-rule"]\nhint = "x"\n[messages]\nno_such_message = "x"\n', "utf-8"
    )
    pool = load_pool_dir(tmp_path / "proeve")
    found = "\n".join(rule_text_problems(pool))
    assert "rules.no-such-rule" in found and "messages.no_such_message" in found


def test_hirs_rules_file_names_known_rules_and_messages() -> None:
    assert rule_text_problems(load_pool()) == []
    own = (PACKAGE_DIR / "hir" / "rules.toml").read_text("utf-8")
    assert set(MESSAGE_KEYS) == set(re.findall(r"(?m)^((?:budget|application)_\w+) =", own))


def test_the_template_documents_every_message_key() -> None:
    template = (Path(__file__).resolve().parents[1] / "docs/pool-template/rules.toml").read_text(
        "utf-8"
    )
    for key in MESSAGE_KEYS:
        assert key in template, key


# ------------------------------------------------------------------ the grantor
def test_texts_about_the_grantor_name_the_pools_grantor(tmp_path: Path) -> None:
    ams = load_pool_dir(_copy_hir(tmp_path, plugins='["caseload"]', grantor="AMS"))
    for code in (
        "projectdata-grant-change-approved",
        "projectdata-ineligible-spending",
        "projectdata-report-late",
        "file-annotated-copy",
    ):
        hint = RULES[code].hint(ams)
        assert "AMS" in hint and "STAR" not in hint, (code, hint)
        assert "STAR" in RULES[code].hint(load_pool()), code


# ------------------------------------------------------------------ the bulk overview
def test_the_overview_columns_follow_the_pools_form_and_plugins(plain: Pool) -> None:
    hir = [title for title, *_ in pool_columns(load_pool())]
    assert hir == ["Forventet antal borgere", "Mål for passivandel", "Fraflyttede borgere"]
    text = (plain.folder / "texts.toml").read_text("utf-8")  # type: ignore[operator]
    (plain.folder / "texts.toml").write_text(  # type: ignore[operator]
        re.sub(r"(?m)^overview_column_target_share = .*\n", "", text), "utf-8"
    )
    from hir_docs.pools import _texts

    _texts.cache_clear()
    assert [t for t, *_ in pool_columns(plain)] == ["Forventet antal borgere", "Mål for andel"]
    assert {"expected_citizens", "passive_share_target"} <= keep_fields(load_pool())


# ------------------------------------------------------------------ the payment model
def test_arrears_checks_are_off_for_a_pool_paying_otherwise(tmp_path: Path) -> None:
    folder = _copy_hir(tmp_path, plugins='["caseload"]')
    (folder / "payment.toml").write_text(
        'model = "instalments"\n[[events]]\nshare = 60\n[[events]]\nshare = 40\n', "utf-8"
    )
    pool = load_pool_dir(folder)
    for code in ("projectdata-overpaid", "projectdata-income-not-reported"):
        assert payment_of(code) == "arrears", code
        assert RULES[code].off(load_pool()) is None
        assert "betaler bagud efter regnskab" in (RULES[code].off(pool) or ""), code
    paid = [s for s in checks() if s.payment == "arrears"]
    assert paid and all(runs_for(s, load_pool()) and not runs_for(s, pool) for s in paid)
    assert payment_of("projectdata-report-late") is None


def test_the_cpr_export_needs_the_caseload_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hir_docs.bulk.run import run_bulk
    from hir_docs.findings import HirDocsError

    _copy_hir(tmp_path / "puljer")
    monkeypatch.setenv("HIR_POOL_PATH", str(tmp_path / "puljer"))
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    (inbox / "x.txt").write_text("x", "utf-8")
    with pytest.raises(HirDocsError, match="ingen skemaer til fraflyttede borgere"):
        run_bulk(
            inbox,
            tmp_path / "oversigt.xlsx",
            export_registrations=tmp_path / "cpr.xlsx",
            pool="proeve",
        )


# ------------------------------------------------------------------ sources
def test_a_rule_the_pools_documents_do_not_state_says_it_is_assumed(plain: Pool) -> None:
    ineligible, corrupt = RULES["budget-ineligible-line"], RULES["file-corrupt"]
    assert (
        ineligible.source() == "puljeopslag, Tilskudsberettigede udgifter; Q&A 2018, spørgsmål 17"
    )
    assert ineligible.source(plain) == GENERIC_SOURCE
    assert GENERIC_SOURCE.startswith("antaget: ")
    assert "puljeopslag, Ansøgning og ansøgningsfrist" in corrupt.source()
    assert corrupt.source(plain) == (
        "hir-docs' egen sikkerhedskontrol: filer fra andre behandles som utroværdige"
    )
    assert RULES["budget-requested-missing"].source(plain).startswith("STAR's budgetguide")


def test_no_source_in_the_catalogue_cites_one_pools_documents() -> None:
    """A pool's documents are cited in its folder (rules.toml); the catalogue's own source
    holds for any pool (hir-docs' safety checks, STAR's budget guide, an assumption)."""
    cites = re.compile(r"puljeopslag|Q&A 2018|ansøgningsskema,|FAQ Flere skal med|Håndholdt")
    assert [code for code, rule in RULES.items() if cites.search(rule.source_template)] == []


def test_a_broken_pool_file_stops_the_check_naming_the_file(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = _copy_hir(tmp_path / "pools")
    (folder / "rules.toml").write_text('[rules."budget-no-audit"\nhint = "x"\n', "utf-8")
    monkeypatch.setenv("HIR_POOL_PATH", str(tmp_path / "pools"))
    budget = budget_file(tmp_path, lines=[salary()])
    result = run_cli("check", "--pool", "proeve", budget)
    assert result.exit_code == 2
    assert "rules.toml" in result.stderr + result.stdout
    assert "file-unreadable" not in result.stdout  # the document is not blamed
