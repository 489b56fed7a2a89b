"""One-time download links for generated files (reports, overview, JSON, annotated copies).

The bytes are kept in memory under an unguessable token (``secrets.token_urlsafe``) and
removed on the first download or when the link expires, whichever comes first. The store
has a total size limit; the oldest files go first when it is full.
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
    expires: float


@dataclass(frozen=True)
class Link:
    token: str
    name: str

    @property
    def url(self) -> str:
        return f"/hent/{self.token}"


class DownloadStore:
    def __init__(self, ttl: float, max_bytes: int):
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Download] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, name: str, data: bytes) -> Link:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._purge(time.monotonic())
            self._items[token] = Download(name, data, time.monotonic() + self.ttl)
            while self._size() > self.max_bytes and len(self._items) > 1:
                self._items.popitem(last=False)
        return Link(token, name)

    def take(self, token: str) -> Download | None:
        """The file behind a link, once: the link is gone afterwards."""
        with self._lock:
            now = time.monotonic()
            self._purge(now)
            return self._items.pop(token, None)

    def _size(self) -> int:
        return sum(len(d.data) for d in self._items.values())

    def _purge(self, now: float) -> None:
        for token in [t for t, d in self._items.items() if d.expires <= now]:
            del self._items[token]


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) pairs, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            zf.writestr(name, data)
    return buf.getvalue()
