"""Every page and result state on a phone (issue 24, point 3; WCAG 1.4.10 Reflow, which
axe-core does not catch): at 320 and 390 px the document is no wider than the window,
and axe-core finds no WCAG 2.1 AA violation at 320 px. The result pages show their
errors first (point 4), with links that lead to the finding. Debian's chromium driven by
playwright against a real server; skips like ``test_web_browser`` when it is missing.

``HIR_SHOTS=/some/folder`` also saves a full-page screenshot of every state."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from web_helpers import EXAMPLES, REQUIRE_BROWSER, VIBORG, axe_script, console_error, inbox_zip

AARHUS = sorted((EXAMPLES / "inbox" / "Aarhus").iterdir())
# Rule codes the check of the states below finds: only under "Teknisk kode til support".
CODES = ("cross-requested-mismatch", "budget-requested-exceeds-eligible", "file-empty")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty Word file (a finding on it), the example inbox as a zip, and a fresh
    project-data file (every report stopped by its own errors)."""
    from hir_docs import api

    folder = tmp_path_factory.mktemp("input")
    (folder / "tom.docx").write_bytes(b"")
    (folder / "indbakke.zip").write_bytes(inbox_zip())
    fresh = folder / "projektdata.xlsx"
    api.init_projectdata(VIBORG / "ansoegning.docx", VIBORG / "budget.xlsx", fresh)
    followup = folder / "opfoelgning.zip"  # the example follow-up inbox (three projects)
    with zipfile.ZipFile(followup, "w") as z:
        for f in sorted((EXAMPLES / "followup").rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(EXAMPLES / "followup").as_posix())
    return {
        "empty": folder / "tom.docx",
        "inbox": folder / "indbakke.zip",
        "fresh": fresh,
        "followup": followup,
    }


def states(page: Any, url: str, inputs: dict[str, Path]) -> list[tuple[str, Callable[[], Any]]]:
    """(name, how to reach it): each page empty, each result, the error pages."""

    def check() -> None:
        page.goto(f"{url}/tjek")
        files = [*AARHUS, inputs["empty"], VIBORG / "registreringsskema.xlsx"]
        page.set_input_files("#files", [str(f) for f in files])
        page.get_by_role("button", name="Tjek filerne").click()
        page.wait_for_selector("h2:has-text('Fund pr. dokument')")

    def reports(projectdata: Path, registrations: Path | None) -> Callable[[], None]:
        def go() -> None:
            page.goto(f"{url}/rapporter")
            page.set_input_files("#projectdata", str(projectdata))
            if registrations:
                page.set_input_files("#registrations", str(registrations))
            page.get_by_role("button", name="Tjek og lav rapporter").click()
            page.wait_for_selector("h2:has-text('Fund pr. dokument')")

        return go

    def init_error() -> None:
        page.goto(f"{url}/rapporter")
        page.set_input_files("#application", str(VIBORG / "budget.xlsx"))
        page.set_input_files("#budget", str(VIBORG / "budget.xlsx"))
        page.get_by_role("button", name="Opret projektdata").click()
        page.wait_for_selector("[role=alert]")

    def inbox() -> None:
        page.goto(f"{url}/star")
        page.set_input_files("#inbox", str(inputs["inbox"]))
        page.get_by_role("button", name="Læs indbakken").click()
        page.wait_for_selector("h2:has-text('Resultat')")

    def followup() -> None:
        page.goto(f"{url}/star/opfoelgning")
        page.set_input_files("#inbox", str(inputs["followup"]))
        page.fill("#today", "2019-07-15")
        page.get_by_role("button", name="Lav opfølgningen").click()
        page.wait_for_selector("h2:has-text('Resultat')")

    return [
        ("forside", lambda: page.goto(f"{url}/")),
        ("tjek", lambda: page.goto(f"{url}/tjek")),
        ("tjek-resultat", check),
        ("rapporter", lambda: page.goto(f"{url}/rapporter")),
        (
            "rapporter-resultat",
            reports(VIBORG / "projektdata.xlsx", VIBORG / "registreringsskema.xlsx"),
        ),
        ("rapporter-stoppet", reports(inputs["fresh"], None)),
        ("rapporter-opret-fejl", init_error),
        ("star", lambda: page.goto(f"{url}/star")),
        ("star-resultat", inbox),
        ("opfoelgning", lambda: page.goto(f"{url}/star/opfoelgning")),
        ("opfoelgning-resultat", followup),
        ("regler", lambda: page.goto(f"{url}/regler")),
        ("regler-filter", lambda: page.goto(f"{url}/regler?alvor=error&dokument=budget")),
        ("skemaer", lambda: page.goto(f"{url}/skemaer")),
        ("api", lambda: page.goto(f"{url}/api/v1/docs")),
        ("fejl-404", lambda: page.goto(f"{url}/findes-ikke")),
        ("fejl-udloebet", lambda: page.goto(f"{url}/tjek/resultat/udloebet")),
    ]


def _too_wide(page: Any, width: int) -> list[str]:
    """The elements that reach past the right edge (to say what is too wide)."""
    return list(
        page.evaluate(
            """(w) => Array.from(document.querySelectorAll('body *'))
                 .filter(e => e.getBoundingClientRect().right > w + 0.5)
                 .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
            width,
        )
    )


@pytest.mark.parametrize("width", [320, 390])
def test_every_page_state_fits_a_phone(
    browser: Any, server: str, inputs: dict[str, Path], width: int
) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(120_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if console_error(m) else None)
    axe = axe_script() if width == 320 else None
    shots = os.environ.get("HIR_SHOTS")
    wide: dict[str, tuple[int, list[str]]] = {}
    violations: dict[str, list[Any]] = {}
    try:
        for name, go in states(page, server, inputs):
            go()
            assert page.evaluate("document.documentElement.lang") == "da", name
            scroll = int(page.evaluate("document.documentElement.scrollWidth"))
            if scroll > width:
                wide[name] = (scroll, _too_wide(page, width))
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)
            if axe is not None:
                page.evaluate(axe + "\n;true")  # as the devtools do: the page's CSP stays on
                result = page.evaluate(
                    """() => axe.run(document, {runOnly: {type: 'tag',
                         values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
                )
                found = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
                if found:
                    violations[name] = found
    finally:
        context.close()
    assert wide == {}, f"sider bredere end {width} px: {wide}"
    assert violations == {}, violations
    assert console == [], f"fejl i browserens konsol: {console}"
    if width == 320 and axe_script() is None:
        if REQUIRE_BROWSER or os.environ.get("HIR_REQUIRE_AXE") == "1":
            pytest.fail("axe-core mangler (sæt HIR_AXE_JS til axe.min.js)")
        pytest.skip("axe-core mangler (sæt HIR_AXE_JS til axe.min.js): kun axe springes over")


def test_the_errors_come_first_and_lead_to_the_finding(
    browser: Any, server: str, inputs: dict[str, Path]
) -> None:
    """The overview with every error is above the documents; its link to an amount that
    differs between application and budget leads to the finding, which is shown under
    both documents; rule codes only under "Teknisk kode til support"."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        dict(states(page, server, inputs))["tjek-resultat"]()
        overview = page.locator("section.overview")
        items = overview.locator("ol.error-list > li")
        assert items.count() == 3, items.all_inner_texts()
        first_doc = page.locator("section.doc").first.bounding_box()
        assert overview.bounding_box()["y"] < first_doc["y"]
        assert overview.bounding_box()["y"] < 900  # on the first screen
        mismatch = items.filter(has_text="Det ansøgte beløb er 1.500.000 kr.")
        assert "Ansøgningsskema Aarhus.docx" in mismatch.inner_text()
        assert "budget aarhus.xlsx" in mismatch.inner_text()
        mismatch.get_by_role("link").first.click()
        target = page.evaluate("location.hash")
        finding = page.locator(f"li{target}")
        assert "1.500.000 kr." in finding.inner_text()
        assert finding.bounding_box()["y"] >= 0
        for name in ("Ansøgningsskema Aarhus.docx", "budget aarhus.xlsx"):
            doc = page.locator("section.doc", has=page.locator("h3", has_text=name))
            assert "Det ansøgte beløb er 1.500.000 kr." in doc.inner_text(), name
        text = page.inner_text("main")
        for code in CODES:
            assert code not in text, code
        assert "Teknisk kode til support" in text
        finding.get_by_text("Teknisk kode til support").click()
        assert "cross-requested-mismatch" in finding.inner_text()
    finally:
        context.close()
