"""PDF reading copies of the rendered files (LibreOffice), without the conversion time.

LibreOffice stamps the conversion time (/CreationDate), a random document /ID and a
/DocChecksum into every PDF. ``normalise_pdf_bytes`` replaces them in place with values of
the same length (so the cross-reference offsets stay valid): the report date, and an ID
and a checksum derived from the rest of the content. Most re-renders are then byte-identical,
but LibreOffice sometimes embeds the fonts in another order, so the .docx/.xlsx (always
byte-identical) are the files an auditor compares; the PDF is a copy for reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from hir_docs.files.output import atomic_write, ensure_writable

_DATES = re.compile(rb"/(CreationDate|ModDate)\(D:\d{14}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def normalise_pdf_bytes(data: bytes, when: dt.date | None = None) -> bytes:
    """``data`` with the conversion time replaced by ``when`` (the report date; 1 January
    2000 when None) and the ID and checksum derived from the content."""
    day = when or dt.date(2000, 1, 1)
    stamp = f"(D:{day.year:04d}{day.month:02d}{day.day:02d}000000".encode()
    data = _DATES.sub(lambda m: b"/" + m.group(1) + stamp, data)
    spans = [(m.start(g), m.end(g)) for m in _ID.finditer(data) for g in (1, 2)]
    spans += [m.span(1) for m in _CHECKSUM.finditer(data)]
    blank = bytearray(data)
    for start, end in spans:
        blank[start:end] = b"0" * (end - start)
    digest = hashlib.md5(bytes(blank), usedforsecurity=False).hexdigest().upper().encode()
    for start, end in spans:
        blank[start:end] = (digest * 2)[: end - start]
    return bytes(blank)


def write_pdf(src: Path, force: bool, when: dt.date | None = None) -> Path:
    """``src`` converted to PDF next to it (atomically; deterministic bytes; created and
    modified on ``when``, the report date)."""
    from hir_docs.files.office import convert

    target = src.with_suffix(".pdf")
    ensure_writable(target, force)
    with tempfile.TemporaryDirectory(prefix="hir-pdf-") as tmp:
        made = convert(src, "pdf", Path(tmp))

        def copy(p: Path) -> None:
            shutil.copyfile(made, p)
            p.write_bytes(normalise_pdf_bytes(p.read_bytes(), when))

        return atomic_write(target, copy, force=force)
