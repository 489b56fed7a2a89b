"""The rule catalogue is one declared registry: every rule has a producer and a test,
one severity, a source and a default hint, and texts filled from the pool file."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pool_helpers import home_pool

import hir_docs
from hir_docs import api
from hir_docs.findings import DocKind, Finding, RuleScope, Severity
from hir_docs.model import Application
from hir_docs.pools import all_pools, load_pool, load_pool_text
from hir_docs.presentation import rules_json, rules_text
from hir_docs.rules import RULES, Context, Rule, UndeclaredRuleError, check, define, fill
from hir_docs.rules.registry import catalogue, checks, run_checks

PACKAGE = Path(hir_docs.__file__).parent
TESTS = Path(__file__).parent
CATALOGUE = catalogue()


def _rules_in(value: Any) -> Iterator[Rule]:
    if isinstance(value, Rule):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _rules_in(v)
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _rules_in(v)


def _producers() -> dict[str, set[str]]:
    """rule code -> where it can come from: a check declaring it, or a module outside
    ``hir_docs.rules`` that imports the rule (directly or in a table of rules)."""
    found: dict[str, set[str]] = {}
    for spec in checks():
        for rule in spec.emits:
            found.setdefault(rule.code, set()).add(spec.fn.__qualname__)
    for mod in pkgutil.walk_packages(hir_docs.__path__, "hir_docs."):
        if mod.name.startswith(("hir_docs.rules", "hir_docs.web")):
            continue
        module = importlib.import_module(mod.name)
        for value in vars(module).values():
            for rule in _rules_in(value):
                found.setdefault(rule.code, set()).add(mod.name)
    return found


PRODUCERS = _producers()
TEST_TEXT = "\n".join(
    p.read_text("utf-8")
    for p in TESTS.glob("*.py")
    # the source tables name every code; they exercise none
    if p.name not in {Path(__file__).name, "test_rule_sources.py"}
)


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.code)
def test_every_rule_has_a_producer(rule: Rule) -> None:
    assert PRODUCERS.get(rule.code), f"{rule.code}: no check declares it, no module emits it"


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.code)
def test_every_rule_is_exercised_by_a_test(rule: Rule) -> None:
    assert re.search(rf"['\"]{re.escape(rule.code)}['\"]", TEST_TEXT), rule.code


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.code)
def test_every_rule_declares_its_texts(rule: Rule) -> None:
    assert rule.code == rule.code.lower() and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.code)
    assert isinstance(rule.severity, Severity)
    assert isinstance(rule.scope, DocKind | RuleScope)
    pool = home_pool(rule)  # the texts as the pool the rule runs for words them
    for text in (rule.source(pool), rule.description(pool), rule.hint(pool)):
        assert text and "{" not in text and "}" not in text, (rule.code, text)


def test_checks_declare_only_catalogue_rules() -> None:
    for spec in checks():
        assert spec.emits, spec.fn.__qualname__
        for rule in spec.emits:
            assert RULES[rule.code] is rule
            assert rule.scope in (spec.scope, RuleScope.FILE), (spec.fn.__qualname__, rule.code)


def test_a_check_that_emits_an_undeclared_rule_fails() -> None:
    declared = RULES["application-amount-range"]
    other = RULES["application-cvr-missing"]

    @check(DocKind.APPLICATION, emits=(declared,))
    def sloppy(model: Any, ctx: Context) -> Iterator[Finding]:
        yield other.finding("x")

    try:
        with pytest.raises(UndeclaredRuleError):
            list(sloppy(None, Context("a.docx")))
    finally:
        from hir_docs.rules import CHECKS

        CHECKS[DocKind.APPLICATION] = [s for s in CHECKS[DocKind.APPLICATION] if s.fn is not sloppy]


def test_one_severity_per_code() -> None:
    assert "severity" not in inspect.signature(Rule.finding).parameters
    for rule in CATALOGUE:
        assert rule.finding("x", pool=home_pool(rule)).severity is rule.severity


def test_define_takes_keywords_only() -> None:
    with pytest.raises(TypeError):
        define("x-y", Severity.ERROR, RuleScope.FILE, "kilde", "beskrivelse", "hint")  # type: ignore[misc]


def test_no_define_outside_the_rules_package() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "rules" not in p.relative_to(PACKAGE).parts[:1]
        and re.search(r"\bdefine\(", p.read_text())
    ]
    assert offenders == []


def test_rules_json_lists_source_and_hint_for_every_rule() -> None:
    """Each pool's rules (``api.rules``): every rule of the catalogue is some pool's; a rule
    on for the pool has source, hint and description; one off says why."""
    listed: set[str] = set()
    for pool in all_pools():
        rules = api.rules(pool.id)
        data = json.loads(rules_json(rules, pool))
        listed |= {d["code"] for d in data}
        for d in data:
            off = d["description"].startswith("Slået fra for denne pulje")
            assert d["source"] and d["description"] and d["kind"], d["code"]
            assert off or d["hint"], d["code"]
        text = rules_text(rules, pool)
        assert text.count("Sådan retter du:") == len(rules)
    assert listed == {r.code for r in CATALOGUE}  # every rule is some installed pool's


def test_default_hint_comes_from_the_catalogue() -> None:
    rule = RULES["file-not-checked"]
    assert rule.finding("x").hint == rule.hint()


# ---------------------------------------------------------------- texts from the pool file

HIR_TOML = (PACKAGE / "pools" / "hir" / "pool.toml").read_text("utf-8")


def _pool_with(fact: str, old: str, new: str) -> Any:
    block = re.search(rf"\[facts\.{fact}\]\nvalue = {re.escape(old)}\n", HIR_TOML)
    assert block, fact
    changed = load_pool_text(HIR_TOML.replace(block.group(0), f"[facts.{fact}]\nvalue = {new}\n"))
    return dataclasses.replace(changed, folder=load_pool().folder)  # HIR's other files


def test_changing_an_amount_in_the_pool_changes_messages_hints_and_descriptions() -> None:
    pool = _pool_with("grant_min", "500000", "400000")
    assert "400.000 kr." in RULES["application-amount-range"].hint(pool)
    assert "400.000" in RULES["application-amount-range"].description(pool)
    assert "400.000" in RULES["budget-requested-range"].description(pool)
    assert "500.000 kr." in RULES["application-amount-range"].hint()  # the HIR pool itself
    app = Application(requested_amount=450_000, locations={})
    findings = run_checks(DocKind.APPLICATION, app, Context("a.docx", pool=pool))
    assert "application-amount-range" not in [f.code for f in findings]
    findings = run_checks(DocKind.APPLICATION, app, Context("a.docx"))
    hit = next(f for f in findings if f.code == "application-amount-range")
    assert "500.000 kr." in hit.message


def test_changing_a_date_in_the_pool_changes_the_texts() -> None:
    pool = _pool_with("real_start", "2018-03-01", "2018-04-01")
    assert "1. april 2018" in RULES["budget-salary-before-start"].description(pool)
    assert "1. april 2018" in RULES["budget-salary-before-start"].source(pool)


def test_caseload_limit_comes_from_the_pool() -> None:
    pool = _pool_with("caseload_max", "35", "40")
    assert "40" in RULES["registrations-caseload-too-high"].description(pool)
    assert fill("{caseload_min}-{caseload_max}", load_pool()) == "30-35"
