"""/rapporter lists, per report, every finding that stops it (issue 24, point 1): a
fresh project-data file stops the status report, the final report and the accounts,
each for its own errors, and each of those errors is on the page with its place and
its fix, under the report it stops, as many as the sentence above the list says."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import VIBORG

from hir_docs import api
from hir_docs.web.app import WebConfig, create_app
from hir_docs.web.jobs import REPORT_KINDS, Problem, _merged

SENTENCE = re.compile(r"(.+?) kunne ikke laves, fordi projektdata har (\d+) fejl")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1))) as c:
        yield c


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``report init``'s output for the example: no status texts, no spending, no
    journal number yet, so every report is refused."""
    out = tmp_path_factory.mktemp("init") / "projektdata.xlsx"
    return api.init_projectdata(VIBORG / "ansoegning.docx", VIBORG / "budget.xlsx", out)


def refusals(data: Path) -> dict[str, list[str]]:
    """The messages of the errors that stop each report, as ``render_report`` says."""
    out: dict[str, list[str]] = {}
    for kind, name in REPORT_KINDS.items():
        try:
            api.render_report(kind, data, data.parent / "ud" / kind, force=True)
        except api.RenderRefused as exc:
            out[name] = [f.message for f in exc.errors]
    return out


def blocked_sections(page: str) -> dict[str, list[str]]:
    """Report name (as the sentence says it) -> the finding messages listed under it."""
    out: dict[str, list[str]] = {}
    for section in re.findall(r'<section class="blocked".*?</section>', page, re.S):
        text = re.sub(r"<[^>]+>", " ", section)
        [(kind, count)] = SENTENCE.findall(" ".join(html.unescape(text).split()))
        kind = kind.replace("FEJL", "").strip()
        messages = re.findall(r'<p class="msg">.*?</span> (.*?)</p>', section, re.S)
        assert len(messages) == int(count), (kind, count, messages)
        out[kind] = [html.unescape(m) for m in messages]
    return out


def test_a_fresh_projectdata_file_shows_every_error_of_every_report(
    client: TestClient, fresh: Path
) -> None:
    expected = refusals(fresh)
    assert set(expected) == {"Statusrapport", "Slutrapport", "Regnskab"}
    assert len(expected["Slutrapport"]) > 2  # more than the status report's check shows
    page = client.post(
        "/rapporter", files=[("projectdata", ("projektdata.xlsx", fresh.read_bytes()))]
    )
    assert page.status_code == 200
    shown = blocked_sections(page.text)
    # each report named in its own sentence (their errors differ), the list as long as
    # the count in the sentence, and every error that stops it in the list
    assert set(shown) == set(expected)
    for name, messages in expected.items():
        assert shown[name] == messages, name
    # with its place and its fix, in the upload's own file name
    blocked = "".join(re.findall(r'<section class="blocked".*?</section>', page.text, re.S))
    assert "<dt>Sted</dt><dd>projektdata.xlsx, Projekt!B9</dd>" in blocked
    assert blocked.count("<dt>Sådan retter du</dt>") == sum(len(m) for m in expected.values())
    assert "/tmp" not in page.text and "hir-web-" not in page.text
    assert "projectdata-report-incomplete" not in re.sub(r'data-code="[^"]*"', "", blocked)
    assert "/hent/" not in page.text  # nothing made


def test_the_example_is_made_without_a_refusal(client: TestClient) -> None:
    page = client.post(
        "/rapporter",
        files=[("projectdata", ("projektdata.xlsx", (VIBORG / "projektdata.xlsx").read_bytes()))],
    )
    assert page.status_code == 200
    assert "kunne ikke laves" not in page.text and 'class="blocked"' not in page.text
    assert "Hent rapporterne" in page.text


def test_reports_stopped_by_the_same_errors_are_named_together_with_one_list() -> None:
    same = ({"code": "x", "message": "Journalnummer mangler.", "location": "Projekt!B9"},)
    other = ({"code": "x", "message": "Forbruget mangler.", "location": None},)
    merged = _merged(
        [
            Problem("Statusrapport", "a", 1, same),
            Problem("Slutrapport", "b", 1, other),
            Problem("Regnskab", "c", 1, same),
        ]
    )
    assert merged == [
        Problem("Statusrapport og regnskab", "a", 1, same),
        Problem("Slutrapport", "b", 1, other),
    ]


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[tuple[Any, str]]:
    """A chromium page and the base URL of the server (the shared fixtures)."""
    pg = browser.new_page(locale="da-DK")
    pg.set_default_timeout(60_000)
    yield pg, server
    pg.close()


def test_in_the_browser_each_refused_report_lists_its_errors(
    page: tuple[Any, str], fresh: Path
) -> None:
    """The same in chromium: the form sent as a user sends it, each refused report's
    sentence followed by as many findings as it counts."""
    pg, server = page
    pg.goto(f"{server}/rapporter")
    pg.set_input_files("#projectdata", str(fresh))
    pg.get_by_role("button", name="Tjek og lav rapporter").click()
    pg.wait_for_selector("section.blocked")
    expected = refusals(fresh)
    sections = pg.locator("section.blocked")
    assert sections.count() == len(expected)
    for i in range(sections.count()):
        section = sections.nth(i)
        [(kind, count)] = SENTENCE.findall(section.locator("p.problem").inner_text())
        messages = section.locator("li.finding p.msg").all_inner_texts()
        assert len(messages) == int(count) == len(expected[kind.replace("FEJL", "").strip()])
        assert all(m.removeprefix("FEJL").strip() for m in messages)
