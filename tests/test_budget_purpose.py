"""Eligibility by purpose, whatever the post (issue 21, point 2).

The puljeopslag, Tilskudsberettigede udgifter, pays for three things: "Løn til frikøb af
sagsbehandlere eller ansættelse af nye sagsbehandlere i jobcentre", "Transport og
repræsentation i forbindelse med erfaringsudvekslingsworkshop" and "Revision". A line is
judged by its post AND its description: workshop representation under "Øvrige udgifter"
is eligible; meals for team meetings or office supplies are not; business consultants
never are (Q&A 2018, spørgsmål 17).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from budget_helpers import AUDIT, TRANSPORT, TRANSPORT_POST, budget_file, check, salary

from hir_docs.findings import codes, one
from hir_docs.forms.budget import BudgetLineSpec
from hir_docs.forms.budget_layout import INELIGIBLE_REMARK, POST_REMARKS
from hir_docs.model import BudgetLine
from hir_docs.model.budgetcalc import (
    clearly_ineligible,
    line_eligible,
    purpose_class,
    workshop_travel_class,
)
from hir_docs.pools import load_pool

OTHER = "Øvrige udgifter"
ADMIN = "Administration"
WORKSHOP_MEALS = "Repræsentation (forplejning), erfaringsudvekslingsworkshop"


def _line(post: str, function: str, **kw: object) -> BudgetLine:
    return BudgetLine(post=post, function=function, amounts={2019: 5_000}, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("post", "function", "verdict"),
    [
        # travel and representation for the experience-exchange workshop, any post
        (OTHER, WORKSHOP_MEALS, "eligible"),
        (OTHER, "Mødeforplejning ved erfaringsworkshop 2019", "eligible"),
        (ADMIN, "Kørsel til erfaringsudvekslingsworkshop", "eligible"),
        ("Materialer, formidling og information", "Rejse og ophold, erfaringsworkshop", "eligible"),
        # travel for another workshop: a warning, never counted as ineligible
        (OTHER, "Transport til opstartsworkshop", "unclear"),
        # audit under Administration, Øvrige or an outside consultant's post
        (OTHER, "Revision", "eligible"),
        (ADMIN, "Revisorerklæring på slutregnskabet", "eligible"),
        ("Eksterne konsulenter og undervisere", "Ekstern revisor", "eligible"),
        # a caseworker's salary under another post
        (OTHER, "Frikøb af sagsbehandler", "eligible"),
        (ADMIN, "Løn til koordinerende sagsbehandler", "eligible"),
        (ADMIN, "Ansættelse af ny sagsbehandler", "eligible"),
        # nothing the pool pays for: the post decides
        (OTHER, "Forplejning til teammøder", ""),
        (OTHER, "Repræsentation", ""),  # no workshop named
        (OTHER, "Kontorartikler", ""),
        (OTHER, "Kontorartikler til sagsbehandlerne", ""),  # no salary
        (OTHER, "Løn til virksomhedskonsulent", ""),  # Q&A 2018, spørgsmål 17
        (OTHER, "Løntilskud til borgere", ""),
        (ADMIN, "Ansættelsesudgifter, sagsbehandler", ""),  # hiring costs are no salary
        ("Materialer, formidling og information", "Revision af pjece", ""),
        ("Husleje", "Lokaleleje, erfaringsworkshop", ""),  # neither travel nor representation
    ],
)
def test_purpose_decides_eligibility_whatever_the_post(
    post: str, function: str, verdict: str
) -> None:
    pool = load_pool()
    line = _line(post, function)
    assert purpose_class(line, pool) == verdict
    assert line_eligible(line, pool) is (verdict == "eligible")
    assert clearly_ineligible(line, pool) is (verdict == "")


def test_salary_under_lon_stays_judged_by_its_function() -> None:
    """Travel words in a salary line do not make a project leader's salary eligible."""
    pool = load_pool()
    leader = _line("Løn", "Projektleder, inkl. kørsel til erfaringsworkshop", hours=500, rate=300)
    assert purpose_class(leader, pool) == "" and clearly_ineligible(leader, pool)
    travel = _line("Løn", "Kørsel til erfaringsworkshop")  # no hours, rate or function
    assert line_eligible(travel, pool)


def test_a_remark_the_form_prints_is_not_the_lines_purpose() -> None:
    """A row copied with the Transport post's printed remark names no purpose of its own."""
    printed = POST_REMARKS[TRANSPORT_POST]
    assert workshop_travel_class(printed) == "eligible"  # were it the applicant's words
    for remark in (printed, INELIGIBLE_REMARK):
        line = _line(OTHER, "Kontorartikler", remark=remark)
        assert purpose_class(line, load_pool()) == "" and clearly_ineligible(line, load_pool())
    own = _line(OTHER, "Forplejning", remark="til erfaringsudvekslingsworkshoppen")
    assert purpose_class(own, load_pool()) == "eligible"  # the applicant's own remark counts


def test_workshop_representation_under_other_expenses_is_valid(tmp_path: Path) -> None:
    meals = BudgetLineSpec(OTHER, WORKSHOP_MEALS, amounts={2019: 5_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, meals]))
    assert codes(findings) == []
    assert doc.fields["lines"][3]["eligible"] is True
    assert doc.fields["eligible_expenses"] == doc.fields["requested_amount"] == 1_205_000


def test_meals_for_team_meetings_under_other_expenses_are_ineligible(tmp_path: Path) -> None:
    meals = BudgetLineSpec(OTHER, "Forplejning til teammøder", amounts={2019: 5_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, meals]))
    assert codes(findings) == ["budget-ineligible-line", "budget-requested-exceeds-eligible"]
    f = one(findings, "budget-ineligible-line")
    assert f.severity == "warning" and f.location is not None and f.location.startswith("Budget!B")
    assert "'Forplejning til teammøder' (Øvrige udgifter): 5.000 kr." in f.message
    assert "erfaringsudvekslingsworkshoppen" in f.message
    assert (
        "1.200.000 kr. af udgifterne" in one(findings, "budget-requested-exceeds-eligible").message
    )
    assert doc.fields["lines"][3]["eligible"] is False


def test_business_consultant_salary_under_other_expenses_stays_ineligible(tmp_path: Path) -> None:
    consultant = BudgetLineSpec(OTHER, "Løn til virksomhedskonsulent", amounts={2019: 50_000})
    findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, consultant]))[1]
    assert codes(findings) == ["budget-ineligible-line", "budget-requested-exceeds-eligible"]


def test_caseworker_buy_out_under_other_expenses_is_valid(tmp_path: Path) -> None:
    buy_out = BudgetLineSpec(OTHER, "Frikøb af sagsbehandler", amounts={2019: 50_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, buy_out]))
    assert codes(findings) == []
    assert doc.fields["lines"][3]["eligible"] is True


def test_start_up_workshop_travel_under_other_expenses_is_a_warning(tmp_path: Path) -> None:
    travel = BudgetLineSpec(OTHER, "Transport til opstartsworkshop", amounts={2018: 8_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, travel]))
    f = one(findings, "budget-transport-purpose-unclear")
    assert f.severity == "warning"
    assert f.message.startswith("Linjen under Øvrige udgifter 'Transport til opstartsworkshop'")
    assert "opstartsworkshoppen" in f.message
    assert codes(findings) == ["budget-transport-purpose-unclear"]  # unclear is no error
    assert doc.fields["lines"][3]["eligible"] is False


def test_audit_under_administration_counts_as_audit(tmp_path: Path) -> None:
    audit = BudgetLineSpec(ADMIN, "Revisorerklæring på slutregnskabet", amounts={2019: 40_000})
    doc, findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, audit]))
    assert codes(findings) == []  # neither ineligible nor budget-no-audit
    assert doc.fields["lines"][2]["eligible"] is True


def test_office_supplies_under_administration_are_ineligible_and_no_audit(
    tmp_path: Path,
) -> None:
    supplies = BudgetLineSpec(ADMIN, "Kontorartikler", amounts={2019: 40_000})
    findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, supplies]))[1]
    assert sorted(codes(findings)) == [
        "budget-ineligible-line",
        "budget-no-audit",
        "budget-requested-exceeds-eligible",
    ]


def test_a_long_description_is_quoted_short_in_the_message(tmp_path: Path) -> None:
    """A 30.000-character description is judged, but quoted with at most 80 characters."""
    long = BudgetLineSpec(OTHER, "Kontorartikler " + "x" * 30_000, amounts={2019: 5_000})
    findings = check(budget_file(tmp_path, lines=[salary(), TRANSPORT, AUDIT, long]))[1]
    f = one(findings, "budget-ineligible-line")
    assert "'Kontorartikler xxx" in f.message and "…' (Øvrige udgifter)" in f.message
    assert len(f.message) < 300
