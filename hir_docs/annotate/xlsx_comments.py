"""Excel cell comments ("notes") added to a worksheet part, as Excel writes them.

A note is two parts: ``xl/commentsN.xml`` (the text) and a legacy VML drawing (the yellow
box Excel shows). A sheet that already has notes or form controls keeps them: ours are
appended to its own parts. A cell that already has the user's note keeps it, and our text
is appended to it after ``NOTE_SEPARATOR`` (so the next round can take it off again).
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
NOTE_SEPARATOR = "––– hir-docs –––"
# Ids of at most 9 digits (Excel's are 4-5): a longer one in a damaged drawing is no id
# of ours to count from, and int() refuses more than 4.300 digits. Scans stop at a tag.
_SHAPE_ID = re.compile(rb"_x0000_s(\d{1,9})(?!\d)")
_IDMAP = re.compile(rb'<o:idmap[^<>]*data="([\d,]+)"')

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
                used.update(int(x) for x in m.group(1).split(b",") if 0 < len(x) <= 9)
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
    shared = [ref for ref in texts if ref.upper() in taken]
    for c in clist.findall(S + "comment"):
        ref = next((r for r in shared if r.upper() == (c.get("ref") or "").upper()), None)
        text = c.find(S + "text")
        if ref is not None and text is not None:
            _append_run(text, f"\n\n{NOTE_SEPARATOR}\n{texts[ref]}")
    if not added:
        if shared:
            pkg.write(comments_part or "", serialise(root))
        return set(shared)
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
    return set(added) | set(shared)


def _append_run(text: etree._Element, value: str) -> None:
    plain = text.find(S + "t")
    if plain is not None:  # a note without runs: its text becomes the first run
        text.remove(plain)
        first = etree.Element(S + "r")
        first.append(plain)
        text.insert(0, first)
    run = etree.SubElement(text, S + "r")
    rpr = etree.SubElement(run, S + "rPr")
    etree.SubElement(rpr, S + "sz", val="9")
    t = etree.SubElement(run, S + "t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = value


def _cut_ours(text: etree._Element) -> bool:
    """Cut our appended part off a user's note; True when there was one."""
    ts = list(text.iter(S + "t"))
    for i, t in enumerate(ts):
        at = (t.text or "").find(NOTE_SEPARATOR)
        if at < 0:
            continue
        t.text = (t.text or "")[:at].rstrip("\n")
        for later in ts[i + 1 :]:
            run = later.getparent()
            if run is not None and localname(run) == "r":
                text.remove(run)
        return True
    return False


def _remove_shapes(vml: bytes, cells: set[tuple[int, int]]) -> tuple[bytes, int]:
    """VML without the note shapes at ``cells`` (0-based row, column); and the number of
    shapes left. Scanned by anchors (VML written by Excel is not always well-formed XML)."""
    out, pos, left = [], 0, 0
    while True:
        start = vml.find(b"<v:shape ", pos)
        if start < 0:
            break
        end = vml.find(b"</v:shape>", start)
        if end < 0:
            break
        end += len(b"</v:shape>")
        block = vml[start:end]
        row, col = _SHAPE_ROW.search(block), _SHAPE_COL.search(block)
        note = b'ObjectType="Note"' in block
        if note and row and col and (int(row.group(1)), int(col.group(1))) in cells:
            out.append(vml[pos:start])
        else:
            out.append(vml[pos:end])
            left += 1
        pos = end
    out.append(vml[pos:])
    return b"".join(out), left


_SHAPE_ROW = re.compile(rb"<x:Row>\s{0,9}(\d{1,7})\s{0,9}</x:Row>")
_SHAPE_COL = re.compile(rb"<x:Column>\s{0,9}(\d{1,5})\s{0,9}</x:Column>")


def remove_our_notes(pkg: Package, sheet_part: str, sheet: etree._Element) -> tuple[bool, bool]:
    """Take our notes (and our part of the user's notes) off a worksheet. Returns whether
    any was there, and whether the worksheet element itself changed (its
    ``legacyDrawing`` went)."""
    rels = {rid: (typ, target) for rid, typ, target in pkg.rels(sheet_part)}
    comments_part = next((t for typ, t in rels.values() if typ == COMMENTS_TYPE), None)
    if not comments_part or not pkg.has(comments_part):
        return False, False
    root = parse(pkg.read(comments_part))
    authors, clist = root.find(S + "authors"), root.find(S + "commentList")
    if authors is None or clist is None:
        return False, False
    names = [a.text for a in authors.findall(S + "author")]
    ours = str(names.index(AUTHOR)) if AUTHOR in names else None
    removed: set[tuple[int, int]] = set()
    changed = False
    for c in clist.findall(S + "comment"):
        text = c.find(S + "text")
        if ours is not None and c.get("authorId") == ours:
            col_letter, row = coordinate_from_string(c.get("ref") or "A1")
            removed.add((row - 1, column_index_from_string(col_letter) - 1))
            clist.remove(c)
            changed = True
        elif text is not None and _cut_ours(text):
            changed = True
    if not changed:
        return False, False
    legacy = sheet.find(S + "legacyDrawing")
    vml_part = (
        rels.get(legacy.get(f"{{{REL_NS}}}id", ""), ("", None))[1] if legacy is not None else None
    )
    left = 1
    if vml_part and pkg.has(vml_part):
        data, left = _remove_shapes(pkg.read(vml_part), removed)
        pkg.write(vml_part, data)
    if len(clist):
        pkg.write(comments_part, serialise(root))
        return True, False
    pkg.drop(comments_part, sheet_part)
    if vml_part and left == 0 and legacy is not None:
        pkg.drop(vml_part, sheet_part)
        sheet.remove(legacy)
        return True, True
    return True, False
