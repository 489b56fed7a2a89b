"""Small parts of the web app: names, one-time links, the time limit."""

from __future__ import annotations

import contextlib
import time

import pytest

pytest.importorskip("fastapi")

from hir_docs import api  # noqa: E402
from hir_docs.web.downloads import DownloadStore  # noqa: E402
from hir_docs.web.jobs import time_limit  # noqa: E402
from hir_docs.web.uploads import safe_name  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.docx", "passwd.docx"),
        ("C:\\Users\\x\\budget.xlsx", "budget.xlsx"),
        ("Ansøgning Århus.docx", "Ansøgning Århus.docx"),
        (".skjult.docx", "skjult.docx"),
        ("", "fil"),
        ("..", "fil"),
        ("a\x00b<c>.xlsx", "abc.xlsx"),
        ("x" * 300 + ".docx", "x" * 115 + ".docx"),
    ],
)
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw, set()) == expected


def test_safe_name_is_unique() -> None:
    taken: set[str] = set()
    assert [safe_name("b.xlsx", taken) for _ in range(3)] == [
        "b.xlsx",
        "b (2).xlsx",
        "b (3).xlsx",
    ]
    assert safe_name("B.XLSX", taken) == "B (4).XLSX"


def test_download_links_work_once_and_expire() -> None:
    store = DownloadStore(ttl=0.2, max_bytes=100)
    link = store.put("a.json", b"{}")
    assert len(link.token) >= 40 and link.url == f"/hent/{link.token}"
    item = store.take(link.token)
    assert item is not None and item.data == b"{}"
    assert store.take(link.token) is None
    late = store.put("b.json", b"{}")
    time.sleep(0.3)
    assert store.take(late.token) is None


def test_download_store_keeps_within_its_size() -> None:
    store = DownloadStore(ttl=60, max_bytes=100)
    first = store.put("a", b"x" * 60)
    second = store.put("b", b"x" * 60)
    assert store.take(first.token) is None and store.take(second.token) is not None


def test_time_limit_stops_a_job() -> None:
    with pytest.raises(api.HirDocsError, match="sekunder"), time_limit(0.1):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # CPU-bound work, interrupted by the alarm
            with contextlib.suppress(Exception):  # the alarm must get through this
                sum(range(1000))
