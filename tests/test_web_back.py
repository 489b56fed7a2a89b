"""Results survive the browser's Back button and a second download (issue 24, point 2):
a posted form answers with a redirect to a result page kept in memory under an
unguessable id, for as long as its download links live. Debian's chromium, as in
``test_web_browser``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web_helpers import SUBMISSION, VIBORG, inbox_zip


def test_back_after_a_check_shows_the_result_again(page: Any, server: str) -> None:
    page.goto(f"{server}/tjek")
    page.set_input_files("#files", [str(VIBORG / n) for n in SUBMISSION])
    page.get_by_role("button", name="Tjek filerne").click()
    page.wait_for_selector("h2:has-text('Resultat')")
    result_url = page.url
    assert "/tjek/resultat/" in result_url
    page.get_by_role("link", name="Regler").first.click()
    page.wait_for_selector("h1:has-text('Regler')")
    page.go_back()
    page.wait_for_selector("h2:has-text('Resultat')")
    assert page.url == result_url
    text = page.inner_text("main")
    assert "ERR_CACHE_MISS" not in page.content() and "ansoegning.docx" in text
    # the JSON link works twice (the second click gave 404 before)
    for _ in range(2):
        with page.expect_download() as info:
            page.get_by_role("link", name="Hent resultatet som JSON").click()
        assert b'"documents"' in Path(info.value.path()).read_bytes()
    # a reload shows the same result, without sending the files again
    page.reload()
    page.wait_for_selector("h2:has-text('Resultat')")
    assert page.url == result_url


def test_back_after_reports_and_a_second_report_download(page: Any, server: str) -> None:
    page.goto(f"{server}/rapporter")
    page.set_input_files("#projectdata", str(VIBORG / "projektdata.xlsx"))
    page.get_by_role("button", name="Tjek og lav rapporter").click()
    page.wait_for_selector("h3:has-text('Hent rapporterne')")
    word = next(n for n in page.locator("ul.downloads a").all_inner_texts() if n.endswith(".docx"))
    sizes = []
    for _ in range(2):
        with page.expect_download() as info:
            page.get_by_role("link", name=word).click()
        sizes.append(Path(info.value.path()).stat().st_size)
    assert sizes[0] == sizes[1] > 0
    page.goto(f"{server}/")
    page.go_back()
    page.wait_for_selector("h3:has-text('Hent rapporterne')")


def test_back_after_the_inbox(page: Any, server: str, tmp_path: Path) -> None:
    inbox = tmp_path / "indbakke.zip"
    inbox.write_bytes(inbox_zip())
    page.goto(f"{server}/star")
    page.set_input_files("input[type=file]", str(inbox))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/star/resultat/**")
    page.get_by_role("link", name="Forside").first.click()
    page.go_back()
    page.wait_for_url("**/star/resultat/**")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent oversigt.xlsx").click()
    assert Path(info.value.path()).stat().st_size > 0
