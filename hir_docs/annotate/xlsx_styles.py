"""Cell styles added to a workbook's styles part for the annotated copy.

Existing styles are never changed: a marked cell gets a *new* cell format that copies its
own (number format, font, border, alignment, protection) with the severity's fill, and the
list sheet gets a few formats of its own. Only new entries are appended.
"""

from __future__ import annotations

import copy

from lxml import etree  # type: ignore[import-untyped]

from hir_docs.annotate.parts import Package, localname, parse, serialise
from hir_docs.findings import Severity

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C"}  # Excel's light red/yellow
LINK_COLOUR = "FF0563C1"
_FONT_ORDER = [
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
    "color", "name", "family", "charset", "scheme",
]  # fmt: skip


class Styles:
    """The workbook's styles part, extended with new fills, fonts and cell formats."""

    def __init__(self, pkg: Package, part: str | None) -> None:
        self.pkg, self.part = pkg, part
        self.root = parse(pkg.read(part)) if part and pkg.has(part) else None
        self._fills: dict[str, int] = {}
        self._marked: dict[tuple[int, str], int] = {}
        self._list: dict[str, int] = {}
        self.changed = False

    def _section(self, name: str) -> etree._Element:
        assert self.root is not None
        el = self.root.find(S + name)
        if el is None:
            raise ValueError(f"styles part without {name}")
        return el

    def _append(self, section: str, el: etree._Element) -> int:
        parent = self._section(section)
        parent.append(el)
        count = len(parent.findall(el.tag))
        parent.set("count", str(count))
        self.changed = True
        return count - 1

    def _fill(self, rgb: str) -> int:
        if rgb not in self._fills:
            fill = etree.Element(S + "fill")
            pattern = etree.SubElement(fill, S + "patternFill", patternType="solid")
            etree.SubElement(pattern, S + "fgColor", rgb=rgb)
            etree.SubElement(pattern, S + "bgColor", indexed="64")
            self._fills[rgb] = self._append("fills", fill)
        return self._fills[rgb]

    def marked(self, style: int, severity: Severity) -> int | None:
        """The cell format ``style`` with the severity's fill (None: no fill, no styles)."""
        rgb = FILLS.get(severity)
        if rgb is None or self.root is None:
            return None
        key = (style, rgb)
        if key not in self._marked:
            xfs = self._section("cellXfs").findall(S + "xf")
            base = xfs[style] if 0 <= style < len(xfs) else None
            xf = copy.deepcopy(base) if base is not None else etree.Element(S + "xf")
            for attr, default in (("numFmtId", "0"), ("fontId", "0"), ("borderId", "0")):
                xf.set(attr, xf.get(attr, default))
            xf.set("fillId", str(self._fill(rgb)))
            xf.set("applyFill", "1")
            self._marked[key] = self._append("cellXfs", xf)
        return self._marked[key]

    def _font(self, *, bold: bool = False, link: bool = False) -> int:
        fonts = self._section("fonts").findall(S + "font")
        font = copy.deepcopy(fonts[0]) if fonts else etree.Element(S + "font")
        for child in list(font):
            if localname(child) in ("b", "u", "color") or localname(child) not in _FONT_ORDER:
                font.remove(child)
        if bold:
            etree.SubElement(font, S + "b")
        if link:
            etree.SubElement(font, S + "u")
            etree.SubElement(font, S + "color", rgb=LINK_COLOUR)
        font[:] = sorted(font, key=lambda c: _FONT_ORDER.index(localname(c)))
        return self._append("fonts", font)

    def list_style(self, name: str) -> int:
        """Formats of the list sheet: header, text, link, error, warning (0 without styles)."""
        if self.root is None:
            return 0
        if name not in self._list:
            font = 0
            if name == "header":
                font = self._font(bold=True)
            elif name == "link":
                font = self._font(link=True)
            fill = self._fill(FILLS[Severity(name)]) if name in ("error", "warning") else 0
            xf = etree.Element(
                S + "xf",
                numFmtId="0",
                fontId=str(font),
                fillId=str(fill),
                borderId="0",
                applyFont="1",
                applyFill="1",
                applyAlignment="1",
            )
            etree.SubElement(xf, S + "alignment", vertical="top", wrapText="1")
            self._list[name] = self._append("cellXfs", xf)
        return self._list[name]

    def save(self) -> None:
        if self.changed and self.root is not None and self.part:
            self.pkg.write(self.part, serialise(self.root))
