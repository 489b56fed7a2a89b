"""Excel cell comments ("notes") added to a worksheet part, as Excel writes them.

A note is two parts: ``xl/commentsN.xml`` (the text) and a legacy VML drawing (the yellow
box Excel shows). A sheet that already has notes or form controls keeps them: ours are
appended to its own parts. A cell that already has a note keeps it; ours is then only on
the list sheet.
"""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from hir_docs.annotate.parts import AUTHOR, REL_NS, Package, localname, parse, serialise
from hir_docs.annotate.xlsx_styles import S

COMMENTS_TYPE = REL_NS + "/comments"
VML_TYPE = REL_NS + "/vmlDrawing"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# Worksheet children that come after <legacyDrawing> (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY = {
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst", "AlternateContent",
}  # fmt: skip
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_IDMAP = re.compile(rb'<o:idmap[^>]*data="([\d,]+)"')

VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    ' <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>\n'
)
SHAPETYPE = (
    ' <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe">\n'
    '  <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>\n'
    " </v:shapetype>\n"
)
SHAPE = (
    ' <v:shape id="_x0000_s{sid}" type="#_x0000_t202" style="position:absolute;'
    'margin-left:60pt;margin-top:2pt;width:240pt;height:110pt;z-index:{z};visibility:hidden" '
    'fillcolor="#ffffe1" o:insetmode="auto">\n'
    '  <v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
    '<v:path o:connecttype="none"/>\n'
    '  <v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>\n'
    '  <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
    "<x:Anchor>{c1}, 15, {r0}, 2, {c2}, 15, {r1}, 4</x:Anchor><x:AutoFill>False</x:AutoFill>"
    "<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData>\n"
    " </v:shape>\n"
)


def _next_block(pkg: Package) -> int:
    """An unused VML shape-id block (``o:idmap``) for a new drawing."""
    used = {0}
    for name in pkg.parts:
        if name.lower().endswith(".vml"):
            for m in _IDMAP.finditer(pkg.parts[name]):
                used.update(int(x) for x in m.group(1).split(b",") if x)
    return max(used) + 1


def _shapes(notes: list[str], first_id: int) -> str:
    out = []
    for n, ref in enumerate(notes):
        col_letter, row = coordinate_from_string(ref)
        col = column_index_from_string(col_letter) - 1
        r0 = row - 1
        out.append(
            SHAPE.format(
                sid=first_id + n, z=n + 1, c1=col + 1, c2=col + 5, r0=r0, r1=r0 + 7, row=r0, col=col
            )
        )
    return "".join(out)


def add_notes(
    pkg: Package, sheet_part: str, sheet: etree._Element, texts: dict[str, str]
) -> set[str]:
    """Add a note with ``texts[cell]`` to each cell of ``sheet`` (the parsed worksheet,
    changed in place). Returns the cells that got our note."""
    rels = {rid: (typ, target) for rid, typ, target in pkg.rels(sheet_part)}
    comments_part = next((t for typ, t in rels.values() if typ == COMMENTS_TYPE), None)
    legacy = sheet.find(S + "legacyDrawing")
    vml_part = (
        rels.get(legacy.get(f"{{{REL_NS}}}id", ""), ("", None))[1] if legacy is not None else None
    )

    if comments_part and pkg.has(comments_part):
        root = parse(pkg.read(comments_part))
    else:
        root = etree.Element(S + "comments", nsmap={None: S[1:-1]})
        etree.SubElement(root, S + "authors")
        etree.SubElement(root, S + "commentList")
    authors, clist = root.find(S + "authors"), root.find(S + "commentList")
    if authors is None or clist is None:
        raise ValueError("comments part without authors or commentList")
    taken = {(c.get("ref") or "").upper() for c in clist.findall(S + "comment")}
    names = [a.text for a in authors.findall(S + "author")]
    if AUTHOR not in names:
        etree.SubElement(authors, S + "author").text = AUTHOR
        names.append(AUTHOR)
    author_id = str(names.index(AUTHOR))
    added = [ref for ref in texts if ref.upper() not in taken]
    if not added:
        return set()
    for ref in added:
        comment = etree.SubElement(clist, S + "comment", ref=ref, authorId=author_id)
        run = etree.SubElement(etree.SubElement(comment, S + "text"), S + "r")
        rpr = etree.SubElement(run, S + "rPr")
        etree.SubElement(rpr, S + "sz", val="9")
        t = etree.SubElement(run, S + "t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = texts[ref]

    if vml_part and pkg.has(vml_part):
        data = pkg.read(vml_part)
        first = max((int(m) for m in _SHAPE_ID.findall(data)), default=1024) + 1
        extra = ("" if b'"_x0000_t202"' in data else SHAPETYPE) + _shapes(added, first)
        end = data.rfind(b"</xml>")
        if end < 0:
            raise ValueError("unreadable VML drawing")
        pkg.write(vml_part, data[:end] + extra.encode() + data[end:])
    else:
        block = _next_block(pkg)
        vml = VML_HEAD.format(block=block) + SHAPETYPE + _shapes(added, block * 1024 + 1) + "</xml>"
        vml_part = pkg.free_name("xl/drawings/vmlDrawing{}.vml")
        pkg.write(vml_part, vml.encode())
        pkg.add_default_type("vml", VML_CT)
        rid = pkg.add_rel(sheet_part, VML_TYPE, vml_part)
        if legacy is None:
            legacy = etree.Element(S + "legacyDrawing", nsmap={"r": REL_NS})
            later = [i for i, c in enumerate(sheet) if localname(c) in _AFTER_LEGACY]
            sheet.insert(later[0] if later else len(sheet), legacy)
        legacy.set(f"{{{REL_NS}}}id", rid)

    if not comments_part or not pkg.has(comments_part):
        comments_part = pkg.free_name("xl/comments{}.xml")
        pkg.add_rel(sheet_part, COMMENTS_TYPE, comments_part)
        pkg.add_content_type(comments_part, COMMENTS_CT)
    pkg.write(comments_part, serialise(root))
    return set(added)
