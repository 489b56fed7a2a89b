"""The application's answers read for what they say (issue 11, items 3, 4 and 6).

- a caseload plan above the pool's cap is an error naming the number (puljeopslag,
  Kriterier for tildeling af tilskud; ansøgningsskema, Sagsmængde);
- an answer that is no answer is an error on that field; "Se bilag" needs an attachment
  in the submission (Q&A 2018, spørgsmål 18);
- the budget's staff must be able to carry the expected citizens at 30-35 cases each
  (puljeopslag, indledning; Q&A 2018, spørgsmål 11).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from budget_helpers import AUDIT, TRANSPORT, budget_file, salary
from click.testing import Result

from hir_docs.findings import Document, Finding, codes, one
from hir_docs.forms.application import write_application
from hir_docs.forms.application_example import EXAMPLE_ANSWERS
from hir_docs.model import Application
from hir_docs.pipeline import Submission, check_paths, cross_check, process_file
from hir_docs.rules import RULES


def _check(tmp_path: Path, answers: dict[str, str]) -> list[Finding]:
    path = tmp_path / "ansoegning.docx"
    write_application(path, answers)
    doc, findings = process_file(path)
    assert doc.kind == "application"
    return findings


# ---------------------------------------------------------------- item 3: caseload plan


@pytest.mark.parametrize(
    ("field", "text", "number"),
    [
        ("caseload_plan", "Med projektet får hver sagsbehandler ca. 45 sager pr. sagsbehandler, "
         "og 6 sagsbehandlere tager 10 nye forløb.", "45"),
        ("caseload_plan", "Hver koordinerende sagsbehandler får højst 40 sager.", "40"),
        ("strategy", "Vi organiserer teamet, så sagstallet holdes på 38 sager pr. medarbejder.", "38"),
    ],
)  # fmt: skip
def test_caseload_plan_above_the_cap_is_an_error_naming_the_number(
    tmp_path: Path, field: str, text: str, number: str
) -> None:
    findings = _check(tmp_path, {field: text})
    f = one(findings, "application-caseload-above-limit")
    assert (f.severity, f.field) == ("error", field)
    assert f"{number} sager" in f.message and "35" in f.message
    assert "application-caseload-limit" not in codes(findings)  # the error says it all


def test_todays_caseload_in_the_plan_is_not_the_plan(tmp_path: Path) -> None:
    text = (
        "I dag har hver sagsbehandler 55 sager pr. sagsbehandler. Med tre nye sagsbehandlere "
        "går vi fra 55 til 33 sager pr. sagsbehandler."
    )
    assert "application-caseload-above-limit" not in codes(
        _check(tmp_path, {"caseload_plan": text})
    )


def test_plan_without_a_number_keeps_the_warning(tmp_path: Path) -> None:
    findings = _check(tmp_path, {"caseload_plan": "Vi fordeler sagerne ligeligt i teamet."})
    assert codes(findings) == ["application-caseload-limit"]
    assert findings[0].severity == "warning"


# ---------------------------------------------------------------- item 4: non-answers


@pytest.mark.parametrize("text", ["-", "xxx", "Udfyldes senere", "TBD", "..."])
def test_non_answer_is_an_error_on_that_field(tmp_path: Path, text: str) -> None:
    findings = _check(tmp_path, {"anchoring": text, "organisation": text})
    assert codes(findings) == ["application-not-an-answer"] * 2
    f = next(x for x in findings if x.field == "anchoring")
    assert (f.severity, f.location) == ("error", "Forankring og udbredelse")
    assert f"»{text}«" in f.message and "ikke et svar" in f.message


def test_non_answer_in_a_checked_field_is_one_error_not_several(tmp_path: Path) -> None:
    findings = _check(tmp_path, {"contact": "-", "caseload_plan": "Udfyldes senere"})
    assert sorted(codes(findings)) == ["application-not-an-answer"] * 2


def test_non_answer_phrases_are_pool_data() -> None:
    from hir_docs.pools import load_pool

    pool = load_pool()
    assert "Udfyldes senere" in pool.strings("non_answers")
    assert "Se bilag" in pool.strings("attachment_references")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Udfyldes senere!!!" + "." * 100_000, "non-answer"),
        ("Se vedlagte bilag" + " " * 100_000, "attachment"),
        ("Se bilag om strategien (3 sider)", "attachment"),
        ("Se bilag " + "strategi " * 12, None),  # a reference and more than 80 characters
        ("Udfyldes senere, når teamet er på plads " * 2_000, None),
        ("1." * 500_000, None),
    ],
)
def test_a_long_answer_is_no_phrase_but_punctuation_and_spaces_do_not_count(
    text: str, kind: str | None
) -> None:
    from hir_docs.model.answers import answer_kind
    from hir_docs.pools import load_pool

    assert answer_kind(text, load_pool()) == kind


def _app_doc(strategy: str) -> Document:
    app = Application(strategy=strategy, locations={"strategy": "Strategi for tilrettelæggelse"})
    return Document("ind/ansoegning.docx", "application", {"municipality_code": "791"}, app)


def test_see_attachment_without_attachment_is_an_error() -> None:
    sub = Submission([_app_doc("Se vedlagte bilag")], expect_complete=True, attachments=[])
    f = one(cross_check(sub), "cross-attachment-missing")
    assert (f.severity, f.field, f.file) == ("error", "strategy", "ind/ansoegning.docx")
    assert f.location == "Strategi for tilrettelæggelse"
    assert "Se vedlagte bilag" in f.message


def test_see_attachment_with_an_attachment_or_unknown_is_quiet() -> None:
    with_pdf = Submission([_app_doc("Se bilag")], True, attachments=["ind/strategi.pdf"])
    assert "cross-attachment-missing" not in codes(cross_check(with_pdf))
    unknown = Submission([_app_doc("Se bilag")], True)  # who built it did not say
    assert "cross-attachment-missing" not in codes(cross_check(unknown))
    alone = Submission([_app_doc("Se bilag")], False, attachments=[])  # one file checked
    assert "cross-attachment-missing" not in codes(cross_check(alone))


def test_see_attachment_in_a_folder_with_and_without_the_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "ind"
    folder.mkdir()
    answers = dict(EXAMPLE_ANSWERS, strategy="Se vedlagte bilag")
    write_application(folder / "ansoegning.docx", answers)
    budget_file(folder, "budget.xlsx")
    report = check_paths([folder])
    assert one(report.findings, "cross-attachment-missing").field == "strategy"
    (folder / "strategi.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "cross-attachment-missing" not in codes(check_paths([folder]).findings)


# ---------------------------------------------------------------- item 6: grant sized to staff


def _pair(tmp_path: Path, answers: dict[str, str]) -> list[Finding]:
    folder = tmp_path / "ind"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    write_application(folder / "ansoegning.docx", dict(EXAMPLE_ANSWERS, **answers))
    budget_file(folder, "budget.xlsx", lines=[salary(), TRANSPORT, AUDIT])  # 6.000 timer
    return check_paths([folder]).findings


def test_example_staff_carries_its_citizens(tmp_path: Path) -> None:
    assert codes(_pair(tmp_path, {})) == []


def test_too_many_citizens_for_the_budgets_staff_is_a_warning(tmp_path: Path) -> None:
    """320 citizens, 3,12 årsværk and no other caseworkers named: about 111 citizens each."""
    quiet = {
        "caseload_plan": "Med de nye sagsbehandlere holder vi max. 30-35 sager pr. sagsbehandler.",
        "organisation": "Projektet ledes af teamlederen.",
        "current_caseload": "I gennemsnit 39 sager.",
        "summary": "Formålet er en håndholdt indsats.",
    }
    findings = _pair(tmp_path, quiet)
    f = one(findings, "cross-staff-caseload")
    assert f.severity == "warning"
    assert "320 borgere" in f.message and "3,12 årsværk" in f.message and "111" in f.message
    assert "1,5" in RULES["cross-staff-caseload"].description()  # the assumption is said


def test_staff_named_in_the_application_counts(tmp_path: Path) -> None:
    text = (
        "Med tre nye bliver vi 10 koordinerende sagsbehandlere; max. 30-35 sager pr. sagsbehandler."
    )
    assert "cross-staff-caseload" not in codes(_pair(tmp_path, {"caseload_plan": text}))


def test_cli_shows_the_new_rules_with_sources(run_cli: Callable[..., Result]) -> None:
    lines = run_cli("rules").output.splitlines()
    for code in (
        "application-caseload-above-limit",
        "application-not-an-answer",
        "cross-attachment-missing",
        "cross-staff-caseload",
        "budget-number-as-text",
        "budget-salary-incomplete",
        "registrations-end-in-future",
        "registrations-caseworker-changes",
    ):
        i = next(n for n, line in enumerate(lines) if line.startswith(f"{code}  ["))
        assert lines[i + 3].startswith("    Kilde: ") and len(lines[i + 3]) > 20, code
