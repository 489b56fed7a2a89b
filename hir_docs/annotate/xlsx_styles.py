"""Cell styles added to a workbook's styles part for the annotated copy.

Existing styles are never changed: a marked cell gets a *new* cell format that copies its
own (number format, font, border, alignment, protection) with the severity's fill, and the
list sheet gets a few formats of its own. Only new entries are appended, and an entry a
previous round appended is used again (a copy annotated again does not grow).

The fills (issue 21): error red as Excel's own "bad" cells, warning a strong orange, both
far from the pale yellow of the forms' input cells (FFF2CC), so a marked cell never looks
like an input cell.
"""

from __future__ import annotations

import copy

from lxml import etree  # type: ignore[import-untyped]

from hir_docs.annotate.parts import Package, localname, parse, serialise
from hir_docs.findings import Severity

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFB84D"}  # light red, orange
LINK_COLOUR = "FF0563C1"
BANNER_COLOUR = "FFC00000"
_FONT_ORDER = [
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
    "color", "name", "family", "charset", "scheme",
]  # fmt: skip


def _same(a: etree._Element, b: etree._Element) -> bool:
    """Equal elements (tag, attributes, text, children), whatever their prefixes."""
    return (
        a.tag == b.tag
        and dict(a.attrib) == dict(b.attrib)
        and (a.text or "").strip() == (b.text or "").strip()
        and len(a) == len(b)
        and all(_same(x, y) for x, y in zip(a, b, strict=True))
    )


def _same_but_fill(a: etree._Element, b: etree._Element) -> bool:
    skip = ("fillId", "applyFill")
    return (
        {k: v for k, v in a.attrib.items() if k not in skip}
        == {k: v for k, v in b.attrib.items() if k not in skip}
        and len(a) == len(b)
        and all(_same(x, y) for x, y in zip(a, b, strict=True))
    )


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
        """Append ``el`` to ``section`` unless an equal entry is there; returns its index."""
        parent = self._section(section)
        for i, old in enumerate(parent.findall(el.tag)):
            if _same(old, el):
                return i
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

    def is_marked(self, style: int) -> bool:
        """Whether the cell format ``style`` has one of our fills."""
        if self.root is None:
            return False
        xfs = self._section("cellXfs").findall(S + "xf")
        fills = self._section("fills").findall(S + "fill")
        if not 0 <= style < len(xfs):
            return False
        fill_id = int(xfs[style].get("fillId", "0"))
        if not 0 <= fill_id < len(fills):
            return False
        colour = fills[fill_id].find(f"{S}patternFill/{S}fgColor")
        return colour is not None and colour.get("rgb") in FILLS.values()

    def unmarked(self, style: int, recorded: int) -> int:
        """The cell format ``style`` without our fill: the cell's own format as recorded
        when it still matches (a program saving the copy may renumber formats), else an
        equal format without our fill, else a new one without any fill."""
        xfs = self._section("cellXfs").findall(S + "xf")
        current = xfs[style]
        for i in (recorded, *range(len(xfs))):
            if 0 <= i < len(xfs) and not self.is_marked(i) and _same_but_fill(xfs[i], current):
                return i
        xf = copy.deepcopy(current)
        xf.set("fillId", "0")
        xf.attrib.pop("applyFill", None)
        return self._append("cellXfs", xf)

    def _font(self, *, bold: bool = False, link: bool = False, colour: str | None = None) -> int:
        fonts = self._section("fonts").findall(S + "font")
        font = copy.deepcopy(fonts[0]) if fonts else etree.Element(S + "font")
        for child in list(font):
            if localname(child) in ("b", "u", "color") or localname(child) not in _FONT_ORDER:
                font.remove(child)
        if bold:
            etree.SubElement(font, S + "b")
        if link:
            etree.SubElement(font, S + "u")
        if link or colour:
            etree.SubElement(font, S + "color", rgb=colour or LINK_COLOUR)
        font[:] = sorted(font, key=lambda c: _FONT_ORDER.index(localname(c)))
        return self._append("fonts", font)

    def list_style(self, name: str) -> int:
        """Formats of the list sheet: banner, header, text, link, error, warning (0 without
        styles)."""
        if self.root is None:
            return 0
        if name not in self._list:
            font = 0
            if name == "header":
                font = self._font(bold=True)
            elif name == "banner":
                font = self._font(bold=True, colour=BANNER_COLOUR)
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
