"""The blank official forms in forms/ are built by code and open in an office suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hir_docs.api import write_blank_forms

REPO_FORMS = Path(__file__).resolve().parents[1] / "forms"


def test_repo_forms_are_exactly_what_the_code_builds(tmp_path: Path) -> None:
    fresh = write_blank_forms(tmp_path)
    assert sorted(p.name for p in fresh) == sorted(p.name for p in REPO_FORMS.iterdir())
    for path in fresh:
        assert (REPO_FORMS / path.name).read_bytes() == path.read_bytes(), (
            f"forms/{path.name} er forældet: kør 'make forms'"
        )


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("ansoegningsskema.docx", "Angiv det ansøgte beløb"),
        ("budgetskema.xlsx", "Udgifter i alt"),
        ("fraflyttede_borgere.xlsx", "CPR"),
        ("registreringsskema.xlsx", "Timer pr. uge"),
    ],
)
def test_blank_forms_open_in_libreoffice(
    lo_pdf_text: Callable[[Path], str], name: str, label: str
) -> None:
    text = lo_pdf_text(REPO_FORMS / name)
    assert label.lower() in " ".join(text.split()).lower()
