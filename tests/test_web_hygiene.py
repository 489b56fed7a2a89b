"""Issue 24, points 6 and 9: one bad file never rejects the others (a zip bomb among good
files is a finding on that file), and server hygiene (a client that leaves mid-upload is
one line in the log, 503 carries Retry-After, static files are cached, no annotated
copies are offered when nothing was found)."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")  # starlette's TestClient runs on it

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import VIBORG  # noqa: E402

from hir_docs.web.app import create_app  # noqa: E402
from hir_docs.web.config import MB, WebConfig  # noqa: E402

UNPACKED = 2 * MB  # a small limit, so the bomb below is small too


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1, max_unpacked=UNPACKED))) as c:
        yield c


def zip_bomb() -> bytes:
    """A zip whose entries unpack to more than the limit in all: the guard refuses the
    zip as a whole, before any entry, which used to reject the whole request (422)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(6):  # 6 x 512 kB of varied bytes: 3 MB unpacked, above 2 MB
            zf.writestr(f"del{i}.xml", bytes(range(256)) * 2048)
    return buf.getvalue()


def xlsx_bomb() -> bytes:
    """A small .xlsx (the example budget) whose one sheet inflates to 60 MB."""
    out = io.BytesIO()
    src = io.BytesIO((VIBORG / "budget.xlsx").read_bytes())
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                padding = b"<!--" + b" " * 60_000_000 + b"-->"
                data = data.replace(b"</worksheet>", padding + b"</worksheet>")
            zout.writestr(info.filename, data)
    return out.getvalue()


def bad_and_good() -> list[tuple[str, tuple[str, bytes]]]:
    return [
        ("files", ("bombe.zip", zip_bomb())),
        ("files", ("bombe.xlsx", xlsx_bomb())),
        ("files", ("ikke.zip", b"PK ikke en zip")),
        ("files", ("ansoegning.docx", (VIBORG / "ansoegning.docx").read_bytes())),
    ]


def test_a_bomb_among_good_files_is_a_finding_on_it_in_the_api(client: TestClient) -> None:
    response = client.post("/api/v1/check", files=bad_and_good())
    assert response.status_code == 200, response.text
    body = response.json()
    by_file: dict[str, set[str]] = {}
    for f in body["findings"]:
        by_file.setdefault(f["file"], set()).add(f["code"])
    assert "file-zip-bomb" in by_file["bombe.zip"]
    assert "file-zip-bomb" in by_file["bombe.xlsx"]
    assert "file-corrupt" in by_file["ikke.zip"]
    [zip_finding] = [f for f in body["findings"] if f["file"] == "bombe.zip"]
    assert "bombe.zip" in zip_finding["message"] and "zip-bombe" in zip_finding["message"]
    [application] = [d for d in body["documents"] if d["file"] == "ansoegning.docx"]
    assert application["kind"] == "application"
    assert application["fields"]["municipality"] == "Viborg Kommune"


def test_a_bomb_among_good_files_is_a_finding_on_the_page(client: TestClient) -> None:
    response = client.post("/tjek", files=bad_and_good(), data={"annotate": "ja"})
    assert response.status_code == 200, response.text
    html = response.text
    assert "bombe.zip" in html and "zip-bombe" in html
    assert "ikke.zip kan ikke åbnes som zip-fil" in html
    assert "Viborg Kommune" in html  # the application was read and shown


def test_busy_answers_carry_retry_after(monkeypatch: Any) -> None:
    from hir_docs.web.jobs import Busy

    app = create_app(WebConfig(workers=1))

    async def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise Busy

    with TestClient(app) as c:
        monkeypatch.setattr(app.state.hir.workers, "run", busy)
        budget = (VIBORG / "budget.xlsx").read_bytes()
        for path in ("/api/v1/check", "/tjek"):
            answer = c.post(path, files=[("files", ("budget.xlsx", budget))])
            assert answer.status_code == 503
            assert int(answer.headers["retry-after"]) > 0


def test_static_files_are_cached_and_pages_are_not(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert css.headers["cache-control"] == "public, max-age=3600"
    assert client.get("/").headers["cache-control"] == "no-store"


def test_a_client_that_leaves_mid_upload_is_one_info_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The body stops with http.disconnect, as uvicorn reports a client gone: starlette's
    form parser raises ClientDisconnect. One info line, no error, no traceback."""
    import anyio

    app = client.app
    boundary = "xyz"
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="budget.xlsx"\r\n\r\n'
    ).encode()
    messages = [
        {"type": "http.request", "body": head + b"x" * 1000, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/tjek",
        "raw_path": b"/tjek",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
        "state": {},
    }
    caplog.set_level(logging.DEBUG)
    anyio.run(app, scope, receive, send)
    ours = [r for r in caplog.records if r.name.startswith("hir_docs")]
    assert len(ours) == 1, [r.getMessage() for r in ours]
    [line] = ours
    assert line.levelno == logging.INFO and line.exc_info is None
    assert "POST /tjek 499" in line.getMessage()
    assert "afbrød" in line.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


def test_no_annotated_copies_offered_when_nothing_was_found(client: TestClient) -> None:
    data = (VIBORG / "ansoegning.docx").read_bytes()  # the example application: no findings
    files = [("files", ("ansoegning.docx", data))]
    assert client.post("/api/v1/check", files=files).json()["findings"] == []
    page = client.post("/tjek", files=files, data={"annotate": "ja"})
    assert page.status_code == 200
    result = page.text.split("<form")[0]
    assert "Hent resultatet som JSON" in result
    assert "kommenterede kopier" not in result
    # with a finding (sent after the deadline) the copies are offered
    late = {"annotate": "ja", "submitted": "2030-01-01 12:00"}
    found = client.post("/tjek", files=files, data=late)
    assert found.status_code == 200
    assert "Hent kommenterede kopier" in found.text.split("<form")[0]
