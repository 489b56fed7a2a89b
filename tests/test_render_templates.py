"""Word templates: own templates, `templates check`, the repo's templates/, LibreOffice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from projectdata_helpers import docx_text, example, write

from hir_docs.api import check_template, render_report
from hir_docs.findings import HirDocsError
from hir_docs.render.build_templates import BUILDERS, template_bytes
from hir_docs.render.template_files import write_templates

REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def own_template(path: Path, *lines: str) -> Path:
    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def test_builtin_templates_use_only_provided_variables(tmp_path: Path) -> None:
    for name in BUILDERS:
        path = tmp_path / name
        path.write_bytes(template_bytes(name))
        assert check_template(path) == [], name


def test_templates_check_lists_unknown_variables(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    tpl = own_template(
        tmp_path / "egen.docx",
        "{{ project_name }} – {{ kommunens_logo }}",
        "{% for r in economy.lines %}{{ r.budget }} {{ r.bogstav }}{% endfor %}",
        "{{ borgmester }} {{ economy.spent_totl }} {{ economy.paid }}",
        "{% for s in signatures %}{{ s.name_title }}{% endfor %}{{ labour_total.end }}",
    )
    # top-level names, fields of provided values and fields of loop items (a typo would
    # otherwise print as nothing)
    assert check_template(tpl) == [
        "borgmester",
        "economy.spent_totl",
        "kommunens_logo",
        "r.bogstav",
    ]
    result = run_cli("templates", "check", tpl)
    assert result.exit_code == 1 and "kommunens_logo" in result.output
    assert "r.bogstav" in result.output
    ok = own_template(tmp_path / "ok.docx", "{{ grant }} {{ due }}")
    assert run_cli("templates", "check", ok).exit_code == 0
    with pytest.raises(HirDocsError, match=".docx"):
        check_template(tmp_path / "x.txt")


def test_own_template_is_used_with_autoescape(tmp_path: Path) -> None:
    data = example()
    data.final_texts["lessons"] = "A & B < C"
    tpl = own_template(
        tmp_path / "egen.docx",
        "Egen slutrapport for {{ municipality }}: {{ economy.spent_total }}",
        "{% for s in sections %}{{ s.title }}: {{ s.paragraphs[0] }}; {% endfor %}",
    )
    [path] = render_report("final", write(tmp_path, data), tmp_path / "o", template=tpl)
    text = docx_text(path)
    assert "Egen slutrapport for Viborg Kommune: 1.213.000 kr." in text
    assert "Erfaringer og læring: A & B < C;" in text


def test_broken_own_template_is_a_plain_error(tmp_path: Path) -> None:
    tpl = own_template(tmp_path / "egen.docx", "{% for x in %}")
    with pytest.raises(HirDocsError, match="templates check"):
        render_report("final", write(tmp_path, example()), tmp_path / "o", template=tpl)


def test_repo_templates_are_built_by_the_code(tmp_path: Path) -> None:
    fresh = write_templates(tmp_path)
    assert sorted(p.name for p in fresh) == sorted(p.name for p in REPO_TEMPLATES.iterdir())
    for path in fresh:
        repo = REPO_TEMPLATES / path.name
        assert repo.exists(), (
            f"templates/{path.name} mangler: kør python -m hir_docs.render.template_files templates/"
        )
        assert repo.read_bytes() == path.read_bytes(), f"templates/{path.name} er forældet"


def digits(text: str) -> str:
    """PDF text without thousands separators (LibreOffice formats by its own locale)."""
    text = text.replace("\u00a0", " ")
    return re.sub(r"(?<=\d)[., ](?=\d{3}\b)", "", text)


def test_outputs_open_in_libreoffice(tmp_path: Path, lo_pdf_text: Callable[[Path], str]) -> None:
    data = example()
    data.management_name = "Hanne Eksempelsen"
    pd = write(tmp_path, data)
    [status] = render_report("status", pd, tmp_path / "o", period="2018-H2")
    [final] = render_report("final", pd, tmp_path / "o")
    xlsx, cover = render_report("accounts", pd, tmp_path / "o")
    text = digits(lo_pdf_text(status))
    assert "Statusrapport" in text and "560000 kr." in text and "944000 kr." in text
    text = digits(lo_pdf_text(final))
    assert "Slutrapport" in text and "1213000 kr." in text and "256000 kr." in text
    raw = lo_pdf_text(xlsx)
    assert "1.213.000" in raw and "1,1 %" in raw  # Danish separators whatever the locale
    text = digits(raw)
    assert "Bilag til endeligt regnskab" in text and "1213000" in text and "256000" in text
    assert "Revisorpåtegning" not in text  # the workbook is the annex: nobody signs it
    text = digits(lo_pdf_text(cover))
    assert "Revisorpåtegning" in text and "Hanne Eksempelsen" in text
    assert "1200000 kr." in text and "efter tilsagnsbrevet" in text
