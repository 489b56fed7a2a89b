"""Eligibility by the post's function, not by a word inside it (issue 11, items 1 and 7).

Q&A 2018, spørgsmål 23: a coordinating caseworker may carry special tasks (group
coordinator, meeting leader, super user) and is still a coordinating caseworker; Q&A 2018,
spørgsmål 17: staff who are not caseworkers are not paid by the pool.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from budget_helpers import AUDIT, TRANSPORT, TRANSPORT_POST, budget_file, check, salary

from hir_docs.findings import codes, one
from hir_docs.forms.budget import BudgetLineSpec
from hir_docs.model.budgetcalc import salary_function_class, transport_purpose_class
from hir_docs.pools import load_pool
from hir_docs.rules import RULES


@pytest.mark.parametrize(
    ("function", "verdict"),
    [
        # caseworkers with extra tasks (Q&A 23; Q&A om modulet, spørgsmål 4)
        ("Koordinerende sagsbehandler (gruppekoordinator)", "eligible"),
        ("Sagsbehandler/mødeleder", "eligible"),
        ("Koordinerende sagsbehandler med superbrugerfunktion", "eligible"),
        ("Socialrådgiver og tovholder for borgerforløb", "eligible"),
        ("Koordinerende sagsbehandlere, herunder gruppekoordinator", "eligible"),
        # staff who are not caseworkers
        ("Virksomhedskonsulent", "ineligible"),
        ("Virksomhedsrådgiver", "ineligible"),
        ("Mentor", "ineligible"),
        ("Projektleder", "ineligible"),
        ("Teamleder", "ineligible"),
        ("Leder af sagsbehandlerne", "ineligible"),
        ("Jobcenterchef", "ineligible"),
        ("Administrativ medarbejder", "ineligible"),
        ("Projektleder/sagsbehandler", "ineligible"),  # the post is a project leader's
        # a task alone, or a caseworker shared with another post: say it, do not judge
        ("Gruppekoordinator", "unclear"),
        ("Sagsbehandler og virksomhedskonsulent", "unclear"),
        ("Medarbejder 1", "unclear"),
    ],
)
def test_salary_function_by_the_posts_function(function: str, verdict: str) -> None:
    assert salary_function_class(function, load_pool()) == verdict


def test_group_coordinator_budget_is_valid(tmp_path: Path) -> None:
    """Varde's own application lists a group coordinator among its caseworkers."""
    lines = [
        salary(function="Koordinerende sagsbehandler (gruppekoordinator)"),
        TRANSPORT,
        AUDIT,
    ]
    doc, findings = check(budget_file(tmp_path, lines=lines))
    assert codes(findings) == []
    assert doc.fields["lines"][0]["eligible"] is True
    lines = [salary(function="Sagsbehandler/mødeleder"), TRANSPORT, AUDIT]
    assert codes(check(budget_file(tmp_path, "m.xlsx", lines=lines))[1]) == []


def test_team_leader_stays_ineligible_with_the_grant_error(tmp_path: Path) -> None:
    lines = [salary(function="Teamleder"), TRANSPORT, AUDIT]
    findings = check(budget_file(tmp_path, lines=lines))[1]
    assert codes(findings) == ["budget-ineligible-line", "budget-requested-exceeds-eligible"]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Transport og repræsentation, erfaringsworkshop", "eligible"),
        ("Rejse og ophold, erfaringsudvekslingsworkshop 2019", "eligible"),
        ("Workshop i 1. kvartal 2019", "eligible"),
        ("Transport til opstartsworkshop", "other-workshop"),
        ("Kørsel til opstartsmøde og workshop", "other-workshop"),
        ("Temaworkshop for sagsbehandlerne", "other-workshop"),
        ("Kørsel til hjemmebesøg", "unclear"),
    ],
)
def test_transport_purpose(text: str, verdict: str) -> None:
    assert transport_purpose_class(text) == verdict


def test_transport_for_the_start_up_workshop_is_a_warning(tmp_path: Path) -> None:
    transport = BudgetLineSpec(
        TRANSPORT_POST, "Transport til opstartsworkshop", amounts={2018: 8_000}
    )
    doc, findings = check(budget_file(tmp_path, lines=[salary(), transport, AUDIT]))
    f = one(findings, "budget-transport-purpose-unclear")
    assert (f.severity, f.location) == ("warning", "Budget!B25")
    assert "opstartsworkshop" in f.message and "erfaringsudvekslingsworkshop" in f.message
    assert doc.fields["lines"][1]["eligible"] is False
    assert "budget-requested-exceeds-eligible" not in codes(findings)  # unclear, not an error


def test_ineligible_salary_hint_says_what_the_pool_pays_for(tmp_path: Path) -> None:
    """Not advice to rename the post so that it passes."""
    hint = RULES["budget-ineligible-line"].hint()
    assert "betaler kun" in hint and "sagsbehandlere" in hint
    lines = [salary(function="Virksomhedskonsulent"), TRANSPORT, AUDIT]
    f = one(check(budget_file(tmp_path, lines=lines))[1], "budget-ineligible-line")
    text = f"{f.message} {f.hint}".lower()
    assert "skriv funktionen" not in text and "omdøb" not in text
    assert "medfinansiering" in text  # own funding is the way to keep the post


def test_salary_incomplete_is_a_warning_with_the_hir_source(tmp_path: Path) -> None:
    rule = RULES["budget-salary-incomplete"]
    assert rule.severity == "warning"
    assert "ansøgningsskema" in rule.source() and "detaljeret budget" in rule.source()
    assert "Flere skal med" not in rule.source()
    f = one(
        check(budget_file(tmp_path, lines=[salary(persons=None), TRANSPORT, AUDIT]))[1],
        "budget-salary-incomplete",
    )
    assert (f.severity, f.location) == ("warning", "Budget!C10")
