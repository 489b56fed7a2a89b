"""An OOXML package edited part by part, for annotated copies of the user's files.

The copy keeps every part of the original byte for byte, in the original order; only the
parts we change (or add) are replaced. Nothing is parsed that we do not change, so nothing
a library does not understand can be lost. Saving uses fixed zip timestamps (the same
input gives the same bytes) and leaves the document properties as the user had them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from hir_docs.files.ooxml import write_zip
from hir_docs.findings import SEVERITY_DA, Finding

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = REL_NS + "/officeDocument"
AUTHOR = "hir-docs"

# Strict Open XML (ISO/IEC 29500 Strict) names the same elements and relationships with
# other namespaces. A Strict package is edited through this map: its parts are read as
# Transitional and written back as Strict, so untouched parts keep their bytes. The more
# specific names come first (in both directions).
_OX = "http://schemas.openxmlformats.org/"
_PURL = "http://purl.oclc.org/ooxml/"
STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = tuple(
    (_PURL.encode() + strict.encode(), _OX.encode() + transitional.encode())
    for strict, transitional in (
        ("officeDocument/relationships/customProperties",
         "officeDocument/2006/relationships/custom-properties"),
        ("officeDocument/relationships/extendedProperties",
         "officeDocument/2006/relationships/extended-properties"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
        ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
        ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
        ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
        ("officeDocument/math", "officeDocument/2006/math"),
        ("spreadsheetml/main", "spreadsheetml/2006/main"),
        ("wordprocessingml/main", "wordprocessingml/2006/main"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/chart", "drawingml/2006/chart"),
        ("drawingml/spreadsheetDrawing", "drawingml/2006/spreadsheetDrawing"),
        ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
        ("drawingml/picture", "drawingml/2006/picture"),
    )
)  # fmt: skip
_STRICT_MAIN = _PURL.encode() + b"officeDocument/relationships/officeDocument"


def _renamed(data: bytes, pairs: list[tuple[bytes, bytes]]) -> bytes:
    for old, new in pairs:
        if old in data:
            data = data.replace(old, new)
    return data


def to_transitional(data: bytes) -> bytes:
    """A Strict part's XML with the Transitional namespaces (others unchanged)."""
    return _renamed(data, list(STRICT_NAMESPACES))


@cache
def lxml_etree() -> ModuleType:
    """lxml's etree, loaded when a part is first parsed or built: every check reaches this
    module (``marker.copy_of`` for each file) but parses a part only of a file with
    custom properties; a check of sheets alone never loads lxml (~5 ms of a process)."""
    from lxml import etree

    return etree


@cache
def _parser() -> etree.XMLParser:
    return lxml_etree().XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that is legal in XML (control characters dropped)."""
    return _BAD_XML_CHARS.sub("", text)


def comment_lines(f: Finding) -> list[str]:
    """What a comment says: severity and message, how to fix it, the rule code."""
    lines = [f"{SEVERITY_DA[f.severity]}: {f.message}"]
    if f.hint:
        lines.append(f"Sådan retter du: {f.hint}")
    lines.append(f"Regel: {f.code}")
    return [xml_text(line) for line in lines]


def localname(el: etree._Element) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    return lxml_etree().QName(el).localname if isinstance(el.tag, str) else ""


def parse(data: bytes) -> etree._Element:
    return lxml_etree().fromstring(data, _parser())


def serialise(root: etree._Element) -> bytes:
    return lxml_etree().tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """The parts of a zip package: read all, change some, write all (order kept)."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            self.parts: dict[str, bytes] = {i.filename: zf.read(i) for i in zf.infolist()}
        self._lower = {name.lower(): name for name in self.parts}
        rels = self.parts.get(self._lower.get("_rels/.rels", ""), b"")
        self.strict = _STRICT_MAIN in rels

    def has(self, name: str) -> bool:
        return name.lower() in self._lower

    def read(self, name: str) -> bytes:
        """A part's bytes (a Strict package's XML read as Transitional)."""
        data = self.parts[self._lower[name.lower()]]
        if self.strict and _is_xml(name):
            data = to_transitional(data)
        return data

    def write(self, name: str, data: bytes) -> None:
        real = self._lower.get(name.lower(), name)
        if self.strict and _is_xml(name):
            data = _renamed(data, [(t, s) for s, t in STRICT_NAMESPACES])
        self.parts[real] = data
        self._lower[real.lower()] = real

    def remove(self, name: str) -> None:
        real = self._lower.pop(name.lower(), None)
        if real is not None:
            del self.parts[real]

    def save(self, path: Path) -> None:
        write_zip(path, self.parts.items())

    def free_name(self, pattern: str) -> str:
        """The first unused part name ``pattern.format(n)`` for n = 1, 2, ..."""
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    # Relationships -------------------------------------------------------------------

    @staticmethod
    def rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part name) of ``part``'s internal relationships ("" = package)."""
        name = self.rels_name(part) if part else "_rels/.rels"
        if not self.has(name):
            return []
        out = []
        for rel in parse(self.read(name)).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            out.append(
                (rel.get("Id", ""), rel.get("Type", ""), resolve(part, rel.get("Target", "")))
            )
        return out

    def target(self, part: str, rel_type: str) -> str | None:
        return next((t for _, typ, t in self.rels(part) if typ == rel_type), None)

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        """Add a relationship from ``part`` to ``target_part``; returns its new id."""
        name = self.rels_name(part)
        if self.has(name):
            root = parse(self.read(name))
        else:
            root = lxml_etree().Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        ids = {rel.get("Id") for rel in root}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rel = lxml_etree().SubElement(root, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", posixpath.relpath(target_part, posixpath.dirname(part) or "."))
        self.write(name, serialise(root))
        return f"rId{n}"

    def remove_rels(self, part: str, targets: set[str]) -> list[str]:
        """Remove ``part``'s relationships to the parts ``targets``; returns their ids."""
        name = self.rels_name(part) if part else "_rels/.rels"
        if not self.has(name):
            return []
        root = parse(self.read(name))
        gone = []
        for rel in list(root):
            if rel.get("TargetMode") == "External":
                continue
            if resolve(part, rel.get("Target", "")) in targets:
                gone.append(rel.get("Id", ""))
                root.remove(rel)
        if gone:
            self.write(name, serialise(root))
        return gone

    def drop(self, part: str, owner: str) -> None:
        """Remove ``part`` with its relationships, its owner's link to it and its type."""
        self.remove_rels(owner, {part})
        self.remove(part)
        self.remove(self.rels_name(part))
        root = parse(self.read("[Content_Types].xml"))
        for el in list(root.iter(f"{{{CT_NS}}}Override")):
            if (el.get("PartName") or "").lstrip("/").lower() == part.lower():
                root.remove(el)
        self.write("[Content_Types].xml", serialise(root))

    # Content types ---------------------------------------------------------------------

    def add_content_type(self, part: str, content_type: str) -> None:
        root = parse(self.read("[Content_Types].xml"))
        override = lxml_etree().SubElement(root, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
        self.write("[Content_Types].xml", serialise(root))

    def add_default_type(self, extension: str, content_type: str) -> None:
        root = parse(self.read("[Content_Types].xml"))
        for el in root.iter(f"{{{CT_NS}}}Default"):
            if (el.get("Extension") or "").lower() == extension:
                return
        default = lxml_etree().Element(f"{{{CT_NS}}}Default")
        default.set("Extension", extension)
        default.set("ContentType", content_type)
        root.insert(0, default)
        self.write("[Content_Types].xml", serialise(root))


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def resolve(source_part: str, target: str) -> str:
    """A relationship target as a part name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def main_part(pkg: Package) -> str:
    part = pkg.target("", OFFICE_DOCUMENT)
    if part is None or not pkg.has(part):
        raise ValueError("no main document part")
    return part
