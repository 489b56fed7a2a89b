"""Flere skal med's budget rules (FSM-13..17), read from its pool folder: its own eligible
functions (a virksomhedskonsulent is paid here, not in HIR), words that make any line
ineligible, costs paid only on conditions (asked, never assumed), and salary detail as a
requirement with a rule code of its own. The same budget file is checked with ``--pool``
for both pools: HIR's behaviour stays its own.

FAQ Flere skal med (27. april 2017, opdateret 11. maj 2017), s. 6-10.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from budget_helpers import budget_file, salary

from hir_docs.findings import Finding, Severity, codes
from hir_docs.forms.budget import BudgetLineSpec
from hir_docs.model import BudgetLine
from hir_docs.model.budgetcalc import (
    clearly_ineligible,
    conditional_cost,
    ineligible_word,
    line_eligible,
    salary_function_class,
    words,
)
from hir_docs.pipeline import process_file
from hir_docs.pools import load_pool
from hir_docs.rules import CheckOptions

FSM = "flere-skal-med"
INELIGIBLE_LINE = "budget-ineligible-line"
UNCLEAR = "budget-salary-function-unclear"
WORD = "budget-ineligible-word"
CONDITIONAL = "budget-conditional-line"
DETAIL = "budget-salary-detail-missing"
INCOMPLETE = "budget-salary-incomplete"
OTHER = "Øvrige udgifter"
IT = "Anskaffelse af IT-udstyr, andet udstyr og inventar"


def checked(tmp_path: Path, lines: list[BudgetLineSpec], pool: str | None) -> list[Finding]:
    """The budget's findings checked against ``pool`` (``--pool``; None: detected, HIR)."""
    path = budget_file(tmp_path, name=f"budget-{pool or 'hir'}.xlsx", lines=lines)
    return process_file(path, CheckOptions(pool=pool))[1]


def found(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def line(post: str, function: str, amount: int = 100_000, **kw: object) -> BudgetLineSpec:
    return BudgetLineSpec(post, function, amounts={2018: amount}, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- FSM-14: eligible functions


@pytest.mark.parametrize(
    "function",
    [
        "Virksomhedskonsulent",
        "Personlig jobformidler",
        "Sagsbehandler (startafklaring)",
        "Sundhedskoordinator",
        "Lægekonsulent",
    ],
)
def test_the_functions_the_faq_names_are_eligible_salary_for_flere_skal_med(function: str) -> None:
    assert salary_function_class(function, load_pool(FSM)) == "eligible"


def test_a_virksomhedskonsulent_is_eligible_under_fsm_and_ineligible_under_hir(
    tmp_path: Path,
) -> None:
    lines = [salary(function="Virksomhedskonsulent")]
    fsm = checked(tmp_path, lines, FSM)
    assert found(fsm, INELIGIBLE_LINE) == [] and found(fsm, UNCLEAR) == []
    hir = checked(tmp_path, lines, "hir")
    [flagged] = found(hir, INELIGIBLE_LINE)
    assert flagged.severity == Severity.WARNING
    assert flagged.message.startswith("Løn til Virksomhedskonsulent")
    assert flagged.location is not None and flagged.location.startswith("Budget!")


def test_hir_still_reads_a_virksomhedsraadgiver_as_a_business_consultant() -> None:
    assert salary_function_class("Virksomhedsrådgiver", load_pool()) == "ineligible"
    assert salary_function_class("Virksomhedskonsulent", load_pool()) == "ineligible"


def test_a_post_the_faq_does_not_name_is_asked_about_not_judged_under_fsm(
    tmp_path: Path,
) -> None:
    [f] = found(checked(tmp_path, [salary(function="Administrativ medarbejder")], FSM), UNCLEAR)
    assert f.severity == Severity.WARNING
    assert "sagsbehandlere, jobformidlere, virksomhedskonsulenter" in f.message


def test_only_salary_is_an_eligible_post_for_flere_skal_med(tmp_path: Path) -> None:
    findings = checked(tmp_path, [salary(), line("Husleje", "Lokaler til projektet")], FSM)
    [f] = found(findings, INELIGIBLE_LINE)
    assert "Puljemidlerne går alene til lønkroner (FAQ Flere skal med, s. 7)." in f.message


# ---------------------------------------------------------------- FSM-15, 16: ineligible words


INELIGIBLE = [
    ("Løn", "Overhead på medarbejdere 10 %", "overhead"),
    (OTHER, "Ekstern konsulent til implementering", "ekstern konsulent"),
    (
        "Eksterne konsulenter og undervisere",
        "Eksterne konsulenter, metodestøtte",
        "eksterne konsulent",
    ),
    (OTHER, "Konsulentbistand til fremdrift", "konsulentbistand"),
    (OTHER, "Køb af konsulentydelser", "konsulentydelse"),
    (OTHER, "Indkøb af anden aktør til jobformidling", "anden aktør"),
    (OTHER, "Andre aktører: jobsøgningsforløb", "andre aktører"),
    ("Løn", "Virksomhedsmentorer ansat på virksomhederne", "virksomhedsmentor"),
    (OTHER, "Introduktionskurser i detailhandel", "introduktionskurs"),
    (OTHER, "Kursus i lagerarbejde", "kursus"),
    (OTHER, "Kurser for borgere", "kurser"),
    (OTHER, "Vejledning og opkvalificering af borgerne", "opkvalificering"),
]


def test_the_table_covers_every_ineligible_word_of_the_pool() -> None:
    assert sorted(w for _, _, w in INELIGIBLE) == sorted(words(load_pool(FSM), "ineligible_words"))


@pytest.mark.parametrize(("post", "function", "word"), INELIGIBLE)
def test_a_line_naming_an_ineligible_word_is_warned_about_under_fsm_only(
    tmp_path: Path, post: str, function: str, word: str
) -> None:
    lines = [salary(function="Sagsbehandler"), line(post, function)]
    fsm = checked(tmp_path, lines, FSM)
    [f] = found(fsm, WORD)
    assert f.severity == Severity.WARNING
    assert f"nævner »{word}«, som puljen ikke dækker, uanset posten" in f.message
    assert (f.location or "").startswith("Budget!B")  # the line's description
    # said once: not again as an ineligible line or an unclear salary
    assert found(fsm, INELIGIBLE_LINE) == [] and found(fsm, UNCLEAR) == []
    assert found(checked(tmp_path, lines, "hir"), WORD) == []


def test_a_word_inside_another_word_is_not_an_ineligible_word() -> None:
    pool = load_pool(FSM)
    # "kursus" only at the start of a word; "ressourcer" holds no "kurser"
    assert (
        ineligible_word(BudgetLine("Løn", "Sagsbehandler, ressourcer og sekretariat"), pool) is None
    )
    assert ineligible_word(BudgetLine("Løn", "Sagsbehandler"), pool) is None


def test_an_ineligible_word_makes_the_line_not_eligible_but_only_warns() -> None:
    pool = load_pool(FSM)
    overhead = BudgetLine("Løn", "Overhead 10 % af lønnen")
    assert line_eligible(overhead, pool) is False
    assert clearly_ineligible(overhead, pool) is False  # text matching: no error follows


def test_the_form_s_own_printed_remark_is_not_read_as_the_applicant_s_words() -> None:
    pool = load_pool(FSM)
    printed = pool.text("budget_ineligible_remark")  # names overhead, kurser, ...
    assert ineligible_word(BudgetLine("Husleje", "Lokaler", remark=printed), pool) is None


# ---------------------------------------------------------------- FSM-13: conditional costs


def test_project_management_is_asked_about_with_its_condition(tmp_path: Path) -> None:
    lines = [salary(function="Sagsbehandler"), salary(function="Projektleder")]
    fsm = checked(tmp_path, lines, FSM)
    [f] = found(fsm, CONDITIONAL)
    assert f.severity == Severity.WARNING
    assert "er projektledelse, som puljen kun dækker, når betingelserne er opfyldt" in f.message
    assert "puljeudmeldingens krav til projektledelse" in f.message
    assert "regnes ikke som tilskudsberettiget, før det er bekræftet" in f.message
    assert found(fsm, INELIGIBLE_LINE) == [] and found(fsm, UNCLEAR) == []
    # HIR: a project leader is another post (Q&A 2018, spørgsmål 17)
    hir = checked(tmp_path, lines, "hir")
    assert found(hir, CONDITIONAL) == [] and len(found(hir, INELIGIBLE_LINE)) == 1


def test_a_progression_tool_is_asked_about_with_both_conditions(tmp_path: Path) -> None:
    lines = [salary(function="Jobformidler"), line(IT, "Progressionsværktøj, licens")]
    [f] = found(checked(tmp_path, lines, FSM), CONDITIONAL)
    assert "1) kommunen garanterer, at STAR's spørgsmålsramme kan integreres" in f.message
    assert "2) kommunen forpligter sig til at levere data på cpr-niveau til STAR og evaluator" in (
        f.message
    )


def test_a_conditional_cost_is_neither_assumed_eligible_nor_counted_as_ineligible() -> None:
    pool = load_pool(FSM)
    tool = BudgetLine(IT, "Progressionsmoduler fra it-leverandør")
    cost = conditional_cost(tool, pool)
    assert cost is not None and cost.label == "progressionsmoduler/-værktøjer"
    assert line_eligible(tool, pool) is False
    assert clearly_ineligible(tool, pool) is False
    assert conditional_cost(BudgetLine("Løn", "Sagsbehandler"), pool) is None


# ---------------------------------------------------------------- FSM-17: salary detail


def test_salary_detail_is_an_error_under_fsm_and_a_warning_under_hir(tmp_path: Path) -> None:
    lines = [salary(function="Jobformidler", persons=None)]
    fsm = checked(tmp_path, lines, FSM)
    [f] = found(fsm, DETAIL)
    assert f.severity == Severity.ERROR
    assert f.message == (
        "Lønlinjen 'Jobformidler' (Løn) mangler: Antal personer. Puljen kræver, at budgettet "
        "angiver lønudgifterne fordelt på antal medarbejdere, arbejdsfunktion, lønsats samt "
        "antal timer."
    )
    assert found(fsm, INCOMPLETE) == []
    hir = checked(tmp_path, lines, "hir")
    assert [g.severity for g in found(hir, INCOMPLETE)] == [Severity.WARNING]
    assert found(hir, DETAIL) == []


def test_a_complete_fsm_salary_budget_has_no_eligibility_or_detail_findings(
    tmp_path: Path,
) -> None:
    lines = [
        salary(function="Personlig jobformidler"),
        salary(function="Virksomhedskonsulent"),
    ]
    fsm = codes(checked(tmp_path, lines, FSM))
    for code in (DETAIL, WORD, CONDITIONAL, INELIGIBLE_LINE, UNCLEAR, INCOMPLETE):
        assert code not in fsm


def test_salary_arithmetic_still_runs_for_a_pool_without_a_known_period(tmp_path: Path) -> None:
    """Flere skal med's project period is unknown: the rules that need it are off, the
    salary arithmetic is not."""
    [f] = found(checked(tmp_path, [salary(rate=200)], FSM), "budget-salary-arithmetic")
    assert f.severity == Severity.ERROR
