"""The zip package of the file being checked, opened once for every look into it.

A check of one .docx/.xlsx looks into its zip several times: whether it is one of our
annotated copies (``annotate.marker.copy_of``), the safety pass (``files.safety``), the
sheets' error values, hidden rows and formulas saved without a value (``readers``). Inside
``one_file()`` the first of them reads the file once (after the same size and header
tests as the safety pass) and keeps the open zip; the others reuse it, and a part
inflated once (a worksheet's XML) is kept too. All of it is forgotten when the scope
ends: nothing is kept from one check to the next, and nothing outside a scope.

Kept per (path, size, modification time), as ``readers.base.take_document``: a file
changed on the disk in between is read again. Each thread has its own scope, so a check
in one thread never closes a zip another one is reading.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

from hir_docs.files.members import Differs, Member, Readable

T = TypeVar("T")

MAX_FILE_BYTES = 50 * 1024 * 1024  # as ``safety.Limits.max_file_bytes``: larger is refused
MAX_KEPT_PARTS = 64 * 1024 * 1024  # inflated parts kept per scope, at most
# The worksheets of a workbook (``files.sheetguard``): one up to this size is inflated
# whole inside a check, once, for the safety pass, the sheet guard and the readers (a real
# form's sheets are well below 1 MB). A larger one (a citizen sheet of tens of thousands of
# rows) is streamed: keeping it whole costs memory and time (a 20 MB sheet: +30 MB and
# ~10 % of its check) and no reader of such a sheet reads its XML again.
WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
WHOLE_SHEET_BYTES = 4 * 1024 * 1024


@dataclass
class Kept:
    """One file's bytes and its open zip (its directory read once)."""

    data: bytes
    zf: zipfile.ZipFile
    parts: dict[str, bytes] = field(default_factory=dict)


Scope = dict[tuple[str, int, int], Kept]


class _State(threading.local):
    scope: Scope | None = None
    part_bytes = 0
    # (path, size, modification time) of each path asked about in this scope: a file is
    # looked up once per check, not once per sheet read (``files.sheetcache``).
    stats: dict[str, tuple[str, int, int]] | None = None


_state = _State()


def file_key(path: Path) -> tuple[str, int, int]:
    """(path, size, modification time) of ``path``: what says a kept copy is of this very
    file. Inside a scope each path is looked up once (the file is taken as it was when the
    check first looked); outside, every time."""
    name = os.fspath(path)
    stats = _state.stats
    if stats is not None:
        found = stats.get(name)
        if found is not None:
            return found
    st = os.stat(name)
    key = (name, st.st_size, st.st_mtime_ns)
    if stats is not None:
        stats[name] = key
    return key


@contextlib.contextmanager
def one_file() -> Iterator[None]:
    """What is opened inside lives until the scope ends. A scope inside another is the
    outer one (an annotated copy is recognised, checked for safety and read in one)."""
    state = _state
    if state.scope is not None:
        yield
        return
    state.scope, state.part_bytes, state.stats = {}, 0, {}
    try:
        yield
    finally:
        kept, state.scope, state.part_bytes, state.stats = state.scope, None, 0, None
        for k in kept.values():
            k.zf.close()


def kept(path: Path) -> Kept | None:
    """The package of ``path`` opened in this scope, if any."""
    scope = _state.scope
    if not scope:
        return None
    try:
        return scope.get(file_key(path))
    except OSError:
        return None


def keep(path: Path, data: bytes, zf: zipfile.ZipFile) -> bool:
    """Keep ``path``'s bytes and open zip for the rest of the scope; False outside a
    scope (the caller closes the zip itself then)."""
    if _state.scope is None:
        return False
    _state.scope[file_key(path)] = Kept(data, zf)
    return True


def _load(path: Path) -> Kept | None:
    """Read ``path`` whole into the scope when the safety pass would (not empty, not too
    large, a zip by its first bytes, a readable directory)."""
    key = file_key(path)
    if not 0 < key[1] <= MAX_FILE_BYTES:
        return None
    with path.open("rb") as fh:
        head = fh.read(2)
        if head != b"PK":  # a PDF, an old .doc: not read any further here
            return None
        data = head + read_at_most(fh, MAX_FILE_BYTES - len(head), key[1] - len(head))
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert _state.scope is not None
    _state.scope[key] = found = Kept(data, zf)
    return found


def read_at_most(fh: BinaryIO, limit: int, expected: int) -> bytes:
    """``fh.read(limit)`` for a file expected to hold ``expected`` more bytes: read as
    that many (and what follows, if the file grew), so no buffer of ``limit`` bytes is
    set aside for a file a thousandth of that size (``read(n)`` allocates ``n`` bytes
    first: 50 MB for each form checked)."""
    data = fh.read(min(max(expected, 0), limit))
    if len(data) < limit:
        more = fh.read(1)
        if more:
            data += more + fh.read(limit - len(data) - 1)
    return data


@contextlib.contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """``zipfile.ZipFile(path)``, or inside a scope the one zip kept for the file (not
    closed on leaving: the scope closes it)."""
    found = kept(path)
    if found is None and _state.scope is not None:
        found = _load(path)
    if found is not None:
        yield found.zf
        return
    with zipfile.ZipFile(path) as zf:
        yield zf


def _kept_of(zf: zipfile.ZipFile) -> Kept | None:
    scope = _state.scope
    if scope:
        for k in scope.values():
            if k.zf is zf:
                return k
    return None


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """``zf.read(name)``; a part of a kept zip is inflated once per scope (from the bytes
    in memory, ``files.members``)."""
    k = _kept_of(zf)
    if k is None:
        return zf.read(name)
    data = k.parts.get(name)
    if data is None:
        data = with_part(zf, zf.getinfo(name), _read_all)
        state = _state
        if state.part_bytes + len(data) <= MAX_KEPT_PARTS:
            k.parts[name] = data
            state.part_bytes += len(data)
    return data


def _read_all(fh: Readable) -> bytes:
    return fh.read()


def with_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, use: Callable[[Readable], T]) -> T:
    """``use`` of the part ``info`` opened for reading: straight from the bytes of a kept
    zip when the part is plainly sound (``files.members``), else with zipfile's
    ``zf.open``, which reads or reports it exactly as it always has."""
    k = _kept_of(zf)
    if k is not None:
        try:
            return use(Member(k.data, info))
        except Differs:
            pass
    with zf.open(info) as fh:
        return use(fh)


def inflated(zf: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A part of a kept zip inflated whole (and kept for the readers after), when it is at
    most ``limit`` bytes; None outside a scope, for a larger part, or when it cannot be
    inflated (the caller reads it part by part as before, and meets the problem there)."""
    scope = _state.scope
    if not scope or not any(k.zf is zf for k in scope.values()):
        return None
    try:
        if zf.getinfo(name).file_size > limit:
            return None
        return read_part(zf, name)
    except Exception:  # noqa: BLE001 - a broken stream: the caller's own reading reports it
        return None
