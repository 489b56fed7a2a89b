"""STAR's result page (/star): per submission, why it fails — its errors first (message,
document, place, what to do), warnings folded away, rule codes only for support, CPR
numbers masked — through the TestClient and in a real browser (320 px, axe-core)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")  # starlette's TestClient runs on it

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import EXAMPLES, axe_script, inbox_zip  # noqa: E402

from hir_docs.web.app import create_app  # noqa: E402
from hir_docs.web.config import WebConfig  # noqa: E402
from hir_docs.web.downloads import zip_bytes  # noqa: E402
from hir_docs.web.jobs import bulk_job  # noqa: E402

ODENSE = "Filen er ikke et rigtigt Word- eller Excel-dokument"
AARHUS_ERRORS = ("Der søges 1.260.000 kr., men kun 1.200.000 kr.", "Det ansøgte beløb er 1.500.000")
AARHUS_WARNING = "Ekstern konsulent til kompetenceudvikling"
CODES = ("file-not-office", "budget-requested-exceeds-eligible", "cross-requested-mismatch")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1))) as c:
        yield c


def _visible(html: str) -> str:
    """The page's text as shown before anything is unfolded: no tags, no <details> bodies
    (their summaries stay), no attributes (titles, labels)."""
    folded = re.sub(
        r"<details[^>]*>\s*<summary>(.*?)</summary>.*?</details>", r"\1", html, flags=re.S
    )
    return re.sub(r"<[^>]+>", " ", folded)


def test_bulk_job_gives_each_row_its_findings_worst_first(tmp_path: Path) -> None:
    (tmp_path / "ind.zip").write_bytes(inbox_zip())
    text, workbook = bulk_job(str(tmp_path / "ind.zip"), str(tmp_path / "o.xlsx"), None, 300)
    rows = {r["submission"]: r for r in json.loads(text)["rows"]}
    assert workbook.startswith(b"PK")
    aarhus = rows["Aarhus"]["findings"]
    assert [f["severity"] for f in aarhus] == ["error", "error", "warning"]
    assert aarhus[0]["file"] == "Aarhus/budget aarhus.xlsx"
    assert aarhus[0]["location"] == "Budget!I59" and aarhus[0]["hint"]
    assert [f["code"] for f in rows["Odense"]["findings"]] == ["file-not-office"]
    assert rows["Viborg"]["findings"] == [] == rows["Frederikshavn"]["findings"]


def test_star_page_says_why_each_municipality_fails(client: TestClient) -> None:
    page = client.post("/star", files=[("inbox", ("indbakke.zip", inbox_zip()))])
    assert page.status_code == 200
    html = page.text
    assert "Fund pr. indsendelse" in html
    for text in (ODENSE, *AARHUS_ERRORS, AARHUS_WARNING):
        assert text in html, text
    # Aarhus's errors first, with document, place and what to do; the warning folded away.
    start = html.index('id="indsendelse-2"')
    section = html[start : html.index("</section>", start)]
    assert section.index(AARHUS_ERRORS[0]) < section.index(AARHUS_WARNING)
    assert "Aarhus/<wbr>budget aarhus.xlsx, Budget!I59" in section
    assert "Sådan retter du:" in section
    warning_at = section.index(AARHUS_WARNING)
    assert section.rfind("<details", 0, warning_at) > section.rfind("</details>", 0, warning_at)
    # the municipalities without findings get no section; the table links to each section
    assert html.count('<section class="doc"') == 2
    assert 'href="#indsendelse-1"' in html and 'href="#indsendelse-2"' in html
    # rule codes only for support, inside <details>
    visible = _visible(html)
    for code in CODES:
        assert code in html and code not in visible, code
    assert "Teknisk kode til support" in visible


def test_star_page_masks_cpr_numbers(client: TestClient) -> None:
    """A CPR number in a file name (the finding's document) or read from a file is masked."""
    viborg = EXAMPLES / "inbox" / "Viborg"
    inbox = zip_bytes(
        [
            *((f"Viborg/{f.name}", f.read_bytes()) for f in sorted(viborg.iterdir())),
            ("Viborg/borger 120384-1234.xlsx", b"ikke et regneark"),
        ]
    )
    page = client.post("/star", files=[("inbox", ("indbakke.zip", inbox))])
    assert page.status_code == 200
    assert "1203841234" not in page.text and "120384-1234" not in page.text
    assert "120384-xxxx" in page.text  # the finding about that file is shown, masked


def test_star_page_lists_resubmissions_and_form_errors(client: TestClient) -> None:
    viborg = sorted((EXAMPLES / "inbox" / "Viborg").iterdir())
    inbox = zip_bytes(
        (f"{folder}/{f.name}", f.read_bytes())
        for folder in ("Viborg", "Viborg (rettet)")
        for f in viborg
    )
    html = client.post("/star", files=[("inbox", ("indbakke.zip", inbox))]).text
    assert "Indsendt flere gange – ikke talt med" in html
    assert "Viborg (rettet)" in html and "Fund pr. indsendelse" in html
    wrong = client.post("/star", files=[("inbox", ("a.docx", b"x"))])
    assert wrong.status_code == 400
    assert 'role="alert" id="star-fejl"' in wrong.text and "er ikke en zip-fil" in wrong.text
    assert 'aria-describedby="star-fejl inbox-hjaelp"' in wrong.text


# --------------------------------------------------------------------------- in a browser


@pytest.mark.parametrize("width", [1366, 320])
def test_star_result_in_a_browser(browser: Any, server: str, tmp_path: Path, width: int) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(120_000)
    try:
        inbox = tmp_path / "indbakke.zip"
        inbox.write_bytes(inbox_zip())
        page.goto(f"{server}/star")
        page.set_input_files("#inbox", str(inbox))
        page.get_by_role("button", name="Læs indbakken").click()
        page.wait_for_selector("h2:has-text('Fund pr. indsendelse')")
        odense = page.locator("section.doc", has_text="Odense Kommune")
        assert ODENSE in odense.inner_text()
        aarhus = page.locator("section.doc", has_text="Aarhus Kommune")
        shown = aarhus.inner_text()
        for text in AARHUS_ERRORS:
            assert text in shown, shown
        assert AARHUS_WARNING not in shown  # folded away until asked for
        aarhus.get_by_text("Vis 1 advarsel", exact=True).click()
        assert AARHUS_WARNING in aarhus.inner_text()
        for code in CODES:
            assert code not in page.inner_text("main"), code  # only under "Til support"
        page.get_by_role("link", name="Se fund: Aarhus Kommune").click()
        assert page.evaluate("location.hash") == "#indsendelse-2"
        page.screenshot(path=str(tmp_path / f"star-{width}.png"), full_page=True)
        shots = os.environ.get("HIR_SHOTS")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/star-resultat-{width}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"siden er {wide} px bred ved {width} px"
        axe = axe_script()
        if axe is None:
            if (
                os.environ.get("HIR_REQUIRE_BROWSER") == "1"
                or os.environ.get("HIR_REQUIRE_AXE") == "1"
            ):
                pytest.fail("axe-core mangler (sæt HIR_AXE_JS til axe.min.js)")
            pytest.skip("axe-core mangler (sæt HIR_AXE_JS til axe.min.js): kun axe springes over")
        page.evaluate(axe + "\n;true")  # as the devtools do: the page's CSP stays on
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert violations == [], violations
    finally:
        context.close()
    assert errors == [], f"fejl i browserens konsol: {errors}"
