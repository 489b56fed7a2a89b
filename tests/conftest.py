"""Shared test fixtures: CLI runner, LibreOffice round-trips."""

from __future__ import annotations

import os

# A check that yields a rule code it did not declare fails the test (hir_docs.rules.check).
os.environ["HIR_STRICT_RULES"] = "1"

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from click.testing import CliRunner, Result  # noqa: E402
from web_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    REQUIRE_BROWSER,
    browser_missing,
    chromium_path,
    console_error,
    running_server,
)

from hir_docs.cli import main  # noqa: E402
from hir_docs.files.office import convert, find_soffice, pdf_text  # noqa: E402

REQUIRE_LO = os.environ.get("HIR_REQUIRE_LIBREOFFICE") == "1"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The web app on a real uvicorn server (one worker), for the browser tests."""
    from hir_docs.web.app import create_app
    from hir_docs.web.config import WebConfig

    app = create_app(WebConfig(workers=1))
    with running_server(app, log_level="warning", access_log=False) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright; skipped with a reason when missing, a
    failure instead in CI (HIR_REQUIRE_BROWSER=1)."""
    reason = browser_missing()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"Browsertest kræves i CI (HIR_REQUIRE_BROWSER=1), men {reason}")
        pytest.skip(f"Browsertest springes over: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh browser page (Danish locale); an error in its console fails the test."""
    context = browser.new_context(accept_downloads=True, locale="da-DK")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if console_error(m) else None)
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
    assert errors == [], f"fejl i browserens konsol: {errors}"  # e.g. a CSP violation


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """run_cli("check", "file.docx") -> click Result (exit_code, stdout, stderr)."""

    def run(*args: object) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def soffice() -> str:
    """Path to LibreOffice; skips with a visible reason when absent (fails in CI)."""
    found = find_soffice()
    if found is None:
        if REQUIRE_LO:
            pytest.fail("LibreOffice mangler, men CI kræver det (HIR_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice er ikke installeret: kontorpakke-testen springes over")
    return found


@pytest.fixture
def lo_convert(soffice: str, tmp_path: Path) -> Callable[[Path, str], Path]:
    """lo_convert(src, "pdf"|"docx"|"xlsx") -> converted file in a fresh folder."""
    counter = iter(range(1000))

    def do(src: Path, fmt: str) -> Path:
        return convert(src, fmt, tmp_path / f"lo{next(counter)}")

    return do


@pytest.fixture
def lo_pdf_text(lo_convert: Callable[[Path, str], Path]) -> Callable[[Path], str]:
    """Convert an office file to PDF with LibreOffice and return the PDF's text."""

    def do(src: Path) -> str:
        return pdf_text(lo_convert(src, "pdf"))

    return do


# ------------------------------------------------------------------ every rule is exercised
# Every rule in the catalogue must be emitted by some test (not only named in one). The
# codes emitted in this process are recorded; `make test` sets HIR_REQUIRE_ALL_RULES=1 and
# the run fails if a rule was never emitted (a partial run only reports it).
EMITTED: set[str] = set()


def pytest_configure(config: pytest.Config) -> None:
    from hir_docs.rules import Rule

    original = Rule.finding

    def recording(self: Rule, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        EMITTED.add(self.code)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    Rule.finding = recording  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from hir_docs.rules.registry import catalogue

    if session.testscollected < int(os.environ.get("HIR_RULES_MIN_TESTS", "500")):
        return  # a partial run
    missing = sorted(r.code for r in catalogue() if r.code not in EMITTED)
    if missing:
        print(f"\nRegler, som ingen test udløser: {', '.join(missing)}")
        if os.environ.get("HIR_REQUIRE_ALL_RULES") == "1" and exitstatus == 0:
            session.exitstatus = 1
