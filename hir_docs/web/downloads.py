"""Download links for generated files (reports, overview, JSON, annotated copies), and the
result pages they are offered on.

Both are kept in memory only, under an unguessable token (``secrets.token_urlsafe``), until
they expire (the same lifetime for both): a link works as often as the user clicks it, and
the browser's Back button finds the result page again. Each store has a size limit; the
oldest entries go first when it is full. Nothing is written to disk.
"""

from __future__ import annotations

import io
import secrets
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from fastapi.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {
    ".xlsx": XLSX,
    ".docx": DOCX,
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".json": "application/json",
}


def media_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


def attachment(name: str, data: bytes) -> Response:
    """``data`` as a download named ``name`` (also a non-ASCII name, RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type(name), headers={"content-disposition": disposition})


@dataclass(frozen=True)
class Download:
    name: str  # the file name offered to the browser (already safe)
    data: bytes


@dataclass(frozen=True)
class Link:
    token: str
    name: str

    @property
    def url(self) -> str:
        return f"/hent/{self.token}"


T = TypeVar("T")


class ExpiringStore(Generic[T]):
    """Values under unguessable tokens until ``ttl`` seconds have passed; at most
    ``max_bytes`` in all (as measured by ``size``), the oldest dropped first."""

    def __init__(self, ttl: float, max_bytes: int, size: Any = len):
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._size_of = size
        self._items: OrderedDict[str, tuple[float, int, T]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, value: T) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._purge(time.monotonic())
            self._items[token] = (time.monotonic() + self.ttl, self._size_of(value), value)
            while self._size() > self.max_bytes and len(self._items) > 1:
                self._items.popitem(last=False)
        return token

    def find(self, token: str) -> T | None:
        """The value behind a token while it lives (any number of times)."""
        with self._lock:
            self._purge(time.monotonic())
            item = self._items.get(token)
            return item[2] if item else None

    def _size(self) -> int:
        return sum(size for _, size, _ in self._items.values())

    def _purge(self, now: float) -> None:
        for token in [t for t, (expires, _, _) in self._items.items() if expires <= now]:
            del self._items[token]


class DownloadStore(ExpiringStore[Download]):
    def __init__(self, ttl: float, max_bytes: int):
        super().__init__(ttl, max_bytes, lambda d: len(d.data))

    def put(self, name: str, data: bytes) -> Link:
        return Link(self.add(Download(name, data)), name)

    def get(self, token: str) -> Download | None:
        """The file behind a link, as long as the link lives."""
        return self.find(token)


@dataclass(frozen=True)
class Result:
    """A result page: its template and context, shown again on Back or a reload."""

    template: str
    context: dict[str, Any]


class ResultStore(ExpiringStore[Result]):
    """Result pages by id. Their size is estimated from the check's JSON they show."""

    def __init__(self, ttl: float, max_bytes: int):
        super().__init__(ttl, max_bytes, lambda r: len(repr(r.context)))


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) pairs, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            zf.writestr(name, data)
    return buf.getvalue()
