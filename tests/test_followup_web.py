"""The follow-up overview on STAR's web page (issue 26): the example follow-up inbox as a zip,
the date the deadlines are judged against, the projects worst first with what is payable and
what is held back, and the workbook to download; a missing date is said on the form's page."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx2")

from fastapi.testclient import TestClient  # noqa: E402

from hir_docs.web.app import create_app  # noqa: E402
from hir_docs.web.config import WebConfig  # noqa: E402

FOLLOWUP = Path(__file__).resolve().parents[1] / "examples" / "followup"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1))) as c:
        yield c


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(FOLLOWUP.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(FOLLOWUP).as_posix())
    return buf.getvalue()


def test_the_follow_up_page_shows_the_money_and_offers_the_workbook(client: TestClient) -> None:
    answer = client.post(
        "/star/opfoelgning",
        files=[("inbox", ("opfoelgning.zip", _zip()))],
        data={"today": "2019-07-15"},
    )
    assert answer.status_code == 200 and "/star/opfoelgning/resultat/" in str(answer.url)
    page = answer.text
    assert "Skive Kommune" in page and "Randers Kommune" in page and "Viborg Kommune" in page
    assert "Resultat pr. 15. juli 2019" in page
    assert "225.800 kr." in page  # payable now: Viborg (hand-computed, tests/test_followup.py)
    assert "835.800 kr." in page  # held back: Skive 610.000 + Randers 225.800
    assert page.index("Skive Kommune") < page.index("Viborg Kommune")  # worst first
    found = re.search(r'href="([^"]+)" download>Hent opfoelgning.xlsx', page)
    assert found is not None
    link = found.group(1)
    workbook = client.get(link)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_a_follow_up_without_a_date_is_said_on_the_form(client: TestClient) -> None:
    answer = client.post(
        "/star/opfoelgning", files=[("inbox", ("opfoelgning.zip", _zip()))], data={}
    )
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text and "Skriv datoen" in answer.text
    assert 'action="/star/opfoelgning"' in answer.text
