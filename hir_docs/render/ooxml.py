"""Deterministic Office files: fixed document metadata and fixed zip timestamps.

python-docx and openpyxl stamp "now" into docProps/core.xml and into every zip entry;
``normalise_ooxml`` rewrites a saved file so the same inputs give the same bytes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_STAMP = "2000-01-01T00:00:00Z"

_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:(created|modified)>)"
)
_LAST_PRINTED = re.compile(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>")


def _fix_core(xml: bytes) -> bytes:
    xml = _CORE_DATES.sub(lambda m: m.group(1) + FIXED_STAMP.encode() + m.group(3), xml)
    return _LAST_PRINTED.sub(b"", xml)


def normalise_ooxml(path: Path) -> None:
    """Rewrite ``path`` in place with fixed timestamps (entry order kept)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _fix_core(data)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)
