"""Deterministic Office files: fixed document metadata and fixed zip timestamps.

python-docx and openpyxl stamp "now" into docProps/core.xml and into every zip entry;
``normalise_ooxml`` rewrites a saved file so the same inputs give the same bytes, and
``save_workbook`` saves an openpyxl workbook that way. Forms, examples and reports all
use it, so an auditor can compare versions byte for byte. A rendered report carries its
report date instead (``set_dates``): still the same bytes for the same inputs and date.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

FIXED_TIME = dt.datetime(2000, 1, 1)
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_STAMP = "2000-01-01T00:00:00Z"

_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)\b[^<>]*>)[^<]*(</dcterms:(created|modified)>)"
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

    def fixed(name: str, data: bytes) -> bytes:
        if name == "docProps/core.xml":
            data = _fix_core(data)
        return transform(name, data) if transform is not None else data

    write_zip(path, ((name, fixed(name, data)) for name, data in entries))


def stamp(when: dt.date) -> str:
    """The W3CDTF time of a document property: '2019-07-15T00:00:00Z'."""
    day = when if isinstance(when, dt.datetime) else dt.datetime(when.year, when.month, when.day)
    return day.strftime("%Y-%m-%dT%H:%M:%SZ")


def dated(when: dt.date) -> Transform:
    """A ``normalise_ooxml`` transform setting the document's created and modified
    properties to ``when`` (a report's date: the file shows when the report was made,
    and the same date gives the same bytes)."""
    value = stamp(when).encode()

    def transform(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        return _CORE_DATES.sub(lambda m: m.group(1) + value + m.group(3), data)

    return transform


def set_dates(path: Path, when: dt.date) -> None:
    """Rewrite the saved Office file ``path`` with created = modified = ``when``."""
    normalise_ooxml(path, dated(when))


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    """Write the zip package ``path`` from (name, bytes) entries, in their order, with
    fixed timestamps and permissions: the same entries give the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
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


def set_language(doc: Any, lang: str = "da-DK") -> None:
    """Set the proofing language of a python-docx document's default run properties
    (``w:docDefaults``), so Word spell-checks the text in ``lang``, not en-US."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)


_COMPANY = re.compile(rb"<Company\s*/>|<Company>[^<]*</Company>")


def set_company(company: str) -> Transform:
    """A ``normalise_ooxml`` transform writing ``company`` into docProps/app.xml."""
    from xml.sax.saxutils import escape

    value = f"<Company>{escape(company)}</Company>".encode()

    def transform(name: str, data: bytes) -> bytes:
        if name != "docProps/app.xml":
            return data
        if _COMPANY.search(data):
            return _COMPANY.sub(lambda _m: value, data, count=1)
        return data.replace(b"</Properties>", value + b"</Properties>", 1)

    return transform
