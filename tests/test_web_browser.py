"""The pages in a real browser: Debian's chromium driven by playwright against a uvicorn
server on 127.0.0.1. Skips with a visible reason when chromium or playwright is missing,
and fails instead in CI (HIR_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
from web_helpers import SUBMISSION, VIBORG


def test_check_the_example_files(page: Any, server: str) -> None:
    page.goto(f"{server}/tjek")
    page.set_input_files("#files", [str(VIBORG / n) for n in SUBMISSION])
    page.get_by_role("button", name="Tjek filerne").click()
    page.wait_for_selector("h2:has-text('Resultat')")
    assert "Ingen fejl fundet" in page.inner_text(".summary"), page.inner_text("main")[:3000]
    headings = page.locator("section.doc h3").all_inner_texts()
    for name in SUBMISSION:
        assert any(name in h for h in headings), headings
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent resultatet som JSON").click()
    assert b'"valid": true' in Path(info.value.path()).read_bytes()


def test_findings_are_shown_with_text_severity(page: Any, server: str, tmp_path: Path) -> None:
    broken = tmp_path / "tom.docx"
    broken.write_bytes(b"")
    page.goto(f"{server}/tjek")
    page.set_input_files("#files", [str(broken), str(VIBORG / "budget.xlsx")])
    page.get_by_role("button", name="Tjek filerne").click()
    page.wait_for_selector("li.finding")
    first = page.locator("li.finding").first
    assert "FEJL" in first.inner_text()
    assert "Sådan retter du" in first.inner_text()


def test_download_a_report_and_open_it(page: Any, server: str) -> None:
    page.goto(f"{server}/rapporter")
    page.set_input_files("#projectdata", str(VIBORG / "projektdata.xlsx"))
    page.set_input_files("#registrations", str(VIBORG / "registreringsskema.xlsx"))
    page.get_by_role("button", name="Tjek og lav rapporter").click()
    page.wait_for_selector("h3:has-text('Hent rapporterne')")
    links = page.locator("ul.downloads a")
    names = links.all_inner_texts()
    word = next(n for n in names if n.endswith(".docx"))
    excel = next(n for n in names if n.endswith(".xlsx"))
    with page.expect_download() as info:
        page.get_by_role("link", name=word).click()
    document = docx.Document(info.value.path())
    assert any(p.text.strip() for p in document.paragraphs)
    with page.expect_download() as info:
        page.get_by_role("link", name=excel).click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert workbook.sheetnames


def test_create_projectdata_in_the_browser(page: Any, server: str, tmp_path: Path) -> None:
    """A caseworker with only a browser: application + budget -> projektdata.xlsx, which
    the reports form then takes."""
    page.goto(f"{server}/rapporter")
    page.get_by_role("link", name="Opret projektdata").click()
    page.set_input_files("#application", str(VIBORG / "ansoegning.docx"))
    page.set_input_files("#budget", str(VIBORG / "budget.xlsx"))
    page.get_by_role("button", name="Opret projektdata").click()
    page.wait_for_selector("h2:has-text('Projektdata er oprettet')")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent projektdata.xlsx").click()
    assert info.value.suggested_filename == "projektdata.xlsx"
    made = tmp_path / "projektdata.xlsx"
    info.value.save_as(made)
    assert "Projekt" in openpyxl.load_workbook(made).sheetnames
    page.set_input_files("#projectdata", str(made))
    page.get_by_role("button", name="Tjek og lav rapporter").click()
    page.wait_for_selector("h2:has-text('Resultat')")
    assert "ikke en projektdata" not in page.inner_text("main")


def _focused(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {id: e.id, tag: e.tagName, text: (e.innerText || '').trim(),
                    outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""
        )
    )


def test_keyboard_only_check(page: Any, server: str) -> None:
    page.goto(f"{server}/tjek")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["text"] == "Spring til indholdet"  # the skip link comes first
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        now = _focused(page)
        seen.append(now)
        if now["id"] == "files":
            break
    assert seen[-1]["id"] == "files", [s["id"] or s["text"] for s in seen]
    assert seen[-1]["outline"] != "none 0px" or seen[-1]["shadow"] != "none"  # focus visible
    page.set_input_files("#files", str(VIBORG / "budget.xlsx"))  # the file dialog itself
    for _ in range(10):
        page.keyboard.press("Tab")
        now = _focused(page)
        if now["tag"] == "BUTTON":
            break
    assert now["tag"] == "BUTTON" and now["text"] == "Tjek filerne"
    assert now["outline"] != "none 0px" or now["shadow"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_selector("h2:has-text('Resultat')")
    assert "budget.xlsx" in page.inner_text("main")


def test_every_page_renders_without_console_errors(page: Any, server: str) -> None:
    for path, heading in [
        ("/", "Dokumenter til puljerne HIR, FSM og KVI"),
        ("/skemaer", "Tomme skemaer"),
        ("/star", "STAR"),
        ("/regler?alvor=error", "Regler"),
        ("/api/v1/docs", "API"),
    ]:
        page.goto(f"{server}{path}")
        assert heading in page.inner_text("h1")
        assert page.evaluate("document.documentElement.lang") == "da"


def test_a_form_error_is_shown_at_the_form_with_the_text_kept(page: Any, server: str) -> None:
    """A wrong date: the error at the top of the form (announced), the date still in its
    field, the file field required and marked; an empty required field is refused by the
    browser itself, in Danish, before anything is sent."""
    page.goto(f"{server}/tjek")
    assert "(skal udfyldes)" in page.inner_text("label[for=files]")
    page.get_by_role("button", name="Tjek filerne").click()  # no file chosen
    message = page.evaluate("document.querySelector('#files').validationMessage")
    assert message == "Vælg mindst én fil.", message
    assert page.evaluate("location.pathname") == "/tjek"
    page.set_input_files("#files", str(VIBORG / "budget.xlsx"))
    page.get_by_text("Flere valg").click()
    page.fill("#submitted", "i morgen tidlig")
    page.get_by_role("button", name="Tjek filerne").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Indsendelsestidspunktet" in alert.inner_text()
    assert "Vælg filerne igen" in alert.inner_text()
    assert page.input_value("#submitted") == "i morgen tidlig"
    described = page.get_attribute("#files", "aria-describedby") or ""
    assert "tjek-fejl" in described.split()
    form = page.locator("form[action='/tjek']").bounding_box()
    assert alert.bounding_box()["y"] < page.locator("#files").bounding_box()["y"]
    assert form["y"] <= alert.bounding_box()["y"]
