"""Deterministic Office files: fixed document metadata and fixed zip timestamps.

python-docx and openpyxl stamp "now" into docProps/core.xml and into every zip entry;
``normalise_ooxml`` rewrites a saved file so the same inputs give the same bytes, and
``save_workbook`` saves an openpyxl workbook that way. Forms, examples and reports all
use it, so an auditor can compare versions byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXED_TIME = dt.datetime(2000, 1, 1)
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_STAMP = "2000-01-01T00:00:00Z"

_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:(created|modified)>)"
)
_LAST_PRINTED = re.compile(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>")


def _fix_core(xml: bytes) -> bytes:
    xml = _CORE_DATES.sub(lambda m: m.group(1) + FIXED_STAMP.encode() + m.group(3), xml)
    return _LAST_PRINTED.sub(b"", xml)


Transform = Callable[[str, bytes], bytes]


def normalise_ooxml(path: Path, transform: Transform | None = None) -> None:
    """Rewrite ``path`` in place with fixed timestamps (entry order kept).

    ``transform(entry_name, data)`` may change an entry's bytes on the way.
    """
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _fix_core(data)
            if transform is not None:
                data = transform(name, data)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)


def save_workbook(wb: Any, path: Path, transform: Transform | None = None) -> None:
    """Save an openpyxl workbook with fixed metadata and timestamps."""
    props = wb.properties
    props.creator = props.lastModifiedBy = "hir-docs"
    props.created = props.modified = FIXED_TIME
    wb.save(path)
    normalise_ooxml(path, transform)
