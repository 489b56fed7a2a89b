"""A part of a zip package held in memory, read without zipfile's set-up for each part.

zipfile opens a part by seeking to its local header, checking it and wrapping the part in
a ``ZipExtFile``: tens of microseconds of Python for each of the ~80 parts a check looks
into (the safety pass reads the start of every XML part). For a package whose bytes are
in memory (``files.package``) the part comes straight from those bytes: its header is
checked as zipfile checks it, and it is inflated with zlib as zipfile inflates it.

Only a part zipfile would read without complaint is read here. A header, flag, method,
size, stream or checksum that is in any way unusual makes ``Member`` raise ``Differs``,
and the caller reads the part with zipfile from its start, which then reads it or reports
what is wrong exactly as before. What is read is always what zipfile gives.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import Protocol

# A local file header, as zipfile reads it (its ``structFileHeader`` and signature).
_HEADER = struct.Struct("<4s2B4HL2L2H")
_SIGNATURE = b"PK\x03\x04"
# Encrypted, "compressed patched data", strong encryption: zipfile asks for a password or
# refuses; left to zipfile.
_UNUSUAL_FLAGS = 0x01 | 0x20 | 0x40
_UTF8_NAME = 0x800


class Readable(Protocol):
    """What is read from: a ``Member``, zipfile's opened part, ``io.BytesIO``."""

    def read(self, n: int = -1, /) -> bytes: ...


class Differs(Exception):  # noqa: N818 - a signal to the caller, not an error of the file
    """The part is not plainly sound: read it with zipfile instead."""


class Member:
    """One part of the package ``data``, read as zipfile's ``ZipExtFile.read`` reads it
    (``read(n)`` gives ``n`` bytes until the part ends)."""

    __slots__ = ("_crc", "_expected", "_inflate", "_left", "_pos", "_rest")

    def __init__(self, data: bytes, info: zipfile.ZipInfo) -> None:
        if (
            info.flag_bits & _UNUSUAL_FLAGS
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or info.file_size <= 0
        ):
            raise Differs
        at = info.header_offset
        if at < 0 or at + _HEADER.size > len(data):
            raise Differs
        header = _HEADER.unpack_from(data, at)
        flags, name_length, extra_length = header[3], header[10], header[11]
        if header[0] != _SIGNATURE:
            raise Differs
        start = at + _HEADER.size
        try:  # zipfile decodes the header's name so and compares it with the directory's
            name = info.orig_filename.encode("utf-8" if flags & _UTF8_NAME else "cp437")
        except UnicodeError:
            raise Differs from None
        if data[start : start + name_length] != name:
            raise Differs
        start += name_length + extra_length
        end = start + info.compress_size
        if end > len(data):
            raise Differs
        stored = info.compress_type == zipfile.ZIP_STORED
        if stored and info.compress_size != info.file_size:
            raise Differs
        self._rest = memoryview(data)[start:end]
        self._pos = 0
        self._inflate = None if stored else zlib.decompressobj(-15)
        self._left = info.file_size
        self._crc = 0
        self._expected = info.CRC

    def read(self, n: int = -1) -> bytes:
        try:
            return self._read(n)
        except Differs:
            raise
        except Exception as exc:  # a broken stream, ...: zipfile says what is wrong
            raise Differs from exc

    def _read(self, n: int) -> bytes:
        left = self._left
        want = left if n < 0 else min(n, left)
        if want <= 0:
            return b""
        if self._inflate is None:
            chunk = bytes(self._rest[self._pos : self._pos + want])
            self._pos += want
        else:
            chunk = self._inflated(want)
        if len(chunk) != want:  # the stream or the bytes end before the part's size
            raise Differs
        self._left = left - want
        self._crc = zlib.crc32(chunk, self._crc)
        if not self._left and self._crc != self._expected:  # checked at the end, as zipfile
            raise Differs
        return chunk

    def _inflated(self, want: int) -> bytes:
        """The next ``want`` bytes of the stream, fed to zlib a slice at a time (the
        part's compressed bytes are never copied whole)."""
        inflate = self._inflate
        assert inflate is not None
        pieces: list[bytes] = []
        got = 0
        while got < want:
            feed: bytes | memoryview = inflate.unconsumed_tail
            if not feed:
                if inflate.eof or self._pos >= len(self._rest):
                    raise Differs  # the stream or its bytes end before the part's size
                feed = self._rest[self._pos : self._pos + _FEED]
                self._pos += len(feed)
            piece = inflate.decompress(feed, want - got)
            if not piece and len(inflate.unconsumed_tail) >= len(feed):
                raise Differs  # no step forward: leave it to zipfile
            pieces.append(piece)
            got += len(piece)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


_FEED = 64 * 1024  # compressed bytes given to zlib at a time
