"""Fixes from a review of the web app: no CPR number in uvicorn's log, the joined report
names, the STAR page's superseded submissions."""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient
from web_helpers import SUBMISSION, VIBORG, running_server

from hir_docs.web.app import create_app
from hir_docs.web.config import WebConfig

CPR = "010190-1234"


@pytest.fixture
def crashing_server() -> Iterator[str]:
    """uvicorn, configured as ``serve`` configures it, with a route that crashes with a
    CPR number in its message."""
    from hir_docs.web.server import mask_server_log

    app = create_app(WebConfig(workers=1))

    @app.get("/crash")
    async def crash() -> None:
        raise ValueError(f"celle B7: {CPR}")

    mask_server_log()
    with running_server(app, access_log=False) as url:
        yield url


def test_a_crash_leaves_no_cpr_number_in_the_server_log(
    crashing_server: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    server_log = logging.getLogger("uvicorn.error")
    server_log.addHandler(caplog.handler)  # uvicorn's logger does not propagate to root
    try:
        response = httpx2.get(f"{crashing_server}/crash", timeout=30)
        deadline = time.monotonic() + 10  # uvicorn logs after the error page was sent
        while "Exception in ASGI application" not in caplog.text:
            assert time.monotonic() < deadline, caplog.text
            time.sleep(0.05)
    finally:
        server_log.removeHandler(caplog.handler)
    assert response.status_code == 500
    assert CPR not in response.text
    assert "Exception in ASGI application" in caplog.text  # the record is still there
    assert "ValueError" in caplog.text
    assert CPR not in caplog.text
    out, err = capfd.readouterr()
    assert CPR not in out + err


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1))) as c:
        yield c


def test_the_names_of_reports_stopped_alike_are_joined_in_lower_case() -> None:
    from hir_docs.web.jobs import Problem, _merged

    why = "projektdata.xlsx er ikke en projektdata-projektmappe."
    problems = [Problem(k, why) for k in ("Statusrapport", "Slutrapport", "Regnskab")]
    assert _merged(problems) == [Problem("Statusrapport, slutrapport og regnskab", why)]
    refused = [Problem("Statusrapport", "a", 2), Problem("Slutrapport", "b", 1)]
    refused.append(Problem("Regnskab", "c", 1))
    assert _merged(refused) == [
        Problem("Statusrapport", "a", 2),
        Problem("Slutrapport og regnskab", "b", 1),
    ]


def test_the_star_page_lists_a_submission_sent_twice(client: TestClient) -> None:
    """As the CLI's "Indsendt flere gange": the older folder is not counted, and the page
    says so, which folder is used instead, and why."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for folder, when in (
            ("Viborg-1", (2018, 2, 14, 12, 0, 0)),
            ("Viborg-2", (2018, 2, 1, 8, 0, 0)),
        ):
            for name in SUBMISSION:
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)
                zf.writestr(info, (VIBORG / name).read_bytes())
    page = client.post("/star", files=[("inbox", ("indbakke.zip", buf.getvalue()))])
    assert page.status_code == 200, page.text
    assert "<caption>Indsendt flere gange – ikke talt med</caption>" in page.text
    row = re.search(r"<tr><td>Viborg-2</td>.*?</tr>", page.text)
    assert row, page.text
    assert "<td>Viborg Kommune</td><td>Viborg-1</td><td>Erstattet af &#39;Viborg-1&#39;" in row[0]
    assert "mere, end puljen har til rådighed" not in page.text  # 1.2 mio. kr. of 19 mio.


def test_check_page_closes_like_the_command_line() -> None:
    """A late application cannot be mended: the page says so, as the CLI does."""
    from hir_docs.web.views import closing

    late = {
        "valid": False,
        "counts": {"error": 1, "warning": 0, "info": 0},
        "findings": [{"code": "application-submitted-late", "severity": "error"}],
    }
    assert "kan ikke rettes" in closing(late)
    assert "Der er fejl" not in closing(late)
    mixed = dict(late, findings=[*late["findings"], {"code": "budget-x", "severity": "error"}])
    assert closing(mixed).startswith("Der er fejl, som skal rettes") and "\n" not in closing(mixed)
    ok = {"valid": True, "counts": {"error": 0, "warning": 2, "info": 0}, "findings": []}
    assert closing(ok) == "Ingen fejl fundet. Husk at læse advarslerne, før du indsender."
