"""The mark of an annotated copy, written by us and read back to recognise a copy.

Every copy carries two custom document properties (kept by Word, Excel and LibreOffice):
``hir-docs kommenteret kopi af`` (the original's file name) and ``hir-docs markeringer``
(JSON: the list sheet's name and each filled cell with its own cell format, so the next
round can take our fills off again). The visible marks (a banner in Word, a banner cell on
the list sheet in Excel) say the same to people: do not send this file to STAR.

``copy_of(path)`` reads only the package's relationships and the properties part (with a
size limit), so it is safe on an untrusted file before any other check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.annotate.parts import (
    REL_NS,
    Package,
    lxml_etree,
    parse,
    resolve,
    serialise,
    to_transitional,
)
from hir_docs.files import package

BANNER = "Kommenteret kopi fra hir-docs – send ikke denne fil til STAR"
CUSTOM_TYPE = REL_NS + "/custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
COPY_PROPERTY = "hir-docs kommenteret kopi af"
MARKS_PROPERTY = "hir-docs markeringer"
_OURS = (COPY_PROPERTY, MARKS_PROPERTY)
_MAX_PART = 1 << 20  # the relationships and properties parts are small


@dataclass
class Marks:
    """What our previous round wrote into a copy."""

    original: str | None = None  # None: not one of our copies
    list_sheet: str | None = None
    cells: dict[str, int] = field(default_factory=dict)  # "'Sheet'!A1" -> its own format
    # Set by ``clean.strip``: something of ours a person would see was still there (the
    # banner, our comments or notes, our fills, the list sheet). A copy whose user took
    # all that off is a clean file again, whatever its properties say.
    visible: bool = False

    def to_json(self) -> str:
        return json.dumps({"list": self.list_sheet, "cells": self.cells}, ensure_ascii=False)


def _properties_part(rels: bytes) -> str | None:
    root = parse(to_transitional(rels))
    for rel in root:
        if rel.get("Type") == CUSTOM_TYPE and rel.get("TargetMode") != "External":
            return resolve("", rel.get("Target", ""))
    return None


def _read_properties(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in parse(to_transitional(data)).iter(f"{{{CP_NS}}}property"):
        value = next(iter(prop), None)
        out[prop.get("name", "")] = (value.text or "") if value is not None else ""
    return out


def _marks(props: dict[str, str]) -> Marks:
    if COPY_PROPERTY not in props:
        return Marks()
    marks = Marks(original=props[COPY_PROPERTY] or "?")
    try:
        data: Any = json.loads(props.get(MARKS_PROPERTY) or "{}")
        marks.list_sheet = data.get("list") if isinstance(data.get("list"), str) else None
        cells = data.get("cells") if isinstance(data.get("cells"), dict) else {}
        marks.cells = {str(k): int(v) for k, v in cells.items() if isinstance(v, int)}
    except (ValueError, AttributeError, TypeError):
        pass
    return marks


def copy_of(path: Path) -> str | None:
    """The original's file name when ``path`` is one of our annotated copies, else None.
    Never raises: a file we cannot look into is no copy of ours."""
    try:
        # Inside a check (``files.package.one_file``) the zip opened here is the one the
        # safety pass and the readers use after it: the file is read once.
        with package.open_zip(path) as zf:
            infos = {i.filename.lower(): i for i in zf.infolist()}
            rels = infos.get("_rels/.rels")
            if rels is None or rels.file_size > _MAX_PART:
                return None
            data = package.read_part(zf, rels.filename)
            if b"ustom" not in data:  # no custom properties (Strict or Transitional): not
                return None  # ours, known without parsing the relationships (most files)
            part = _properties_part(data)
            info = infos.get(part.lower()) if part else None
            if info is None or info.file_size > _MAX_PART:
                return None
            return _marks(_read_properties(zf.read(info))).original
    except Exception:  # noqa: BLE001 - a broken or hostile file: the check reports it
        return None


def read_marks(pkg: Package) -> Marks:
    part = pkg.target("", CUSTOM_TYPE)
    if not part or not pkg.has(part):
        return Marks()
    return _marks(_read_properties(pkg.read(part)))


def remove_marks(pkg: Package) -> None:
    """Take our properties off; the properties part goes when nothing else is in it."""
    part = pkg.target("", CUSTOM_TYPE)
    if not part or not pkg.has(part):
        return
    root = parse(pkg.read(part))
    for prop in list(root):
        if prop.get("name") in _OURS:
            root.remove(prop)
    if len(root):
        pkg.write(part, serialise(root))
    else:
        pkg.drop(part, "")


def write_marks(pkg: Package, marks: Marks) -> None:
    """Set our properties (the user's own custom properties are kept)."""
    etree = lxml_etree()
    part = pkg.target("", CUSTOM_TYPE)
    if part and pkg.has(part):
        root = parse(pkg.read(part))
    else:
        part = pkg.free_name("docProps/custom{}.xml").replace("custom1.xml", "custom.xml")
        root = etree.Element(f"{{{CP_NS}}}Properties", nsmap={None: CP_NS, "vt": VT_NS})
        pkg.add_rel("", CUSTOM_TYPE, part)
        pkg.add_content_type(part, CUSTOM_CT)
    for prop in list(root):
        if prop.get("name") in _OURS:
            root.remove(prop)
    pid = max((int(p.get("pid", "1")) for p in root if p.get("pid", "").isdigit()), default=1)
    for name, value in ((COPY_PROPERTY, marks.original or ""), (MARKS_PROPERTY, marks.to_json())):
        pid += 1
        prop = etree.SubElement(root, f"{{{CP_NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    pkg.write(part, serialise(root))
