"""Taking our previous round off an annotated copy (issue 21, point 15).

Users fix problems in the "(kommenteret)" copy and check or annotate it again. Before the
copy is read or annotated, everything we wrote is removed, and only that: Word comments
by author "hir-docs" with our initials, the banner content control (tag), our part of a
note on a cell that also has the user's note (after ``xlsx_comments.NOTE_SEPARATOR``), our own notes,
the fills of the cells listed in our ``hir-docs markeringer`` property (their own format is
put back), the list sheet named there, and our properties. The user's comments, notes,
fills and sheets stay.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from hir_docs.annotate.marker import Marks, read_marks, remove_marks
from hir_docs.annotate.parts import (
    AUTHOR,
    REL_NS,
    Package,
    localname,
    main_part,
    parse,
    serialise,
)
from hir_docs.annotate.xlsx_comments import remove_our_notes
from hir_docs.annotate.xlsx_styles import Styles

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
INITIALS = "HD"
BANNER_TAG = "hir-docs-kommenteret-kopi"
COMMENTS_TYPE = REL_NS + "/comments"
WORKSHEET_TYPE = REL_NS + "/worksheet"
STYLES_TYPE = REL_NS + "/styles"
W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_IDS = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
COMMENTS_EXTENSIBLE = "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible"
_COMMENT_MARKS = (W + "commentRangeStart", W + "commentRangeEnd")


def clean_copy(src: Path, dst: Path) -> bool:
    """Write ``dst``: ``src`` without anything of ours (a plain file is copied as is).
    Returns whether anything of ours a person would see was there."""
    pkg = Package(src)
    marks = strip(pkg)
    pkg.save(dst)
    return marks.visible


def strip(pkg: Package) -> Marks:
    """Remove our previous round from ``pkg`` (in place); returns what it was."""
    marks = read_marks(pkg)
    part = main_part(pkg)
    root = parse(pkg.read(part))
    if localname(root) == "document":
        marks.visible = _strip_docx(pkg, part, root)
    elif localname(root) == "workbook" and marks.original is not None:
        marks.visible = _strip_xlsx(pkg, part, root, marks)
    if marks.original is not None:
        remove_marks(pkg)
    return marks


# ------------------------------------------------------------------------------ Word


def is_ours(comment: etree._Element) -> bool:
    return comment.get(W + "author") == AUTHOR and comment.get(W + "initials") == INITIALS


def _strip_docx(pkg: Package, part: str, root: etree._Element) -> bool:
    changed = False
    for sdt in list(root.iter(W + "sdt")):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is not None and tag.get(W + "val") == BANNER_TAG:
            sdt.getparent().remove(sdt)
            changed = True
    comments_part = pkg.target(part, COMMENTS_TYPE)
    if comments_part and pkg.has(comments_part):
        comments = parse(pkg.read(comments_part))
        ours = {c.get(W + "id") for c in comments.iter(W + "comment") if is_ours(c)}
        if ours:
            para_ids: set[str] = set()
            for c in [c for c in comments.iter(W + "comment") if c.get(W + "id") in ours]:
                para_ids.update(p.get(W14_PARA_ID) or "" for p in c.iter(W + "p"))
                comments.remove(c)
            _unmark(root, ours)
            _forget_extended(pkg, part, para_ids - {""})
            changed = True
            if len(comments.findall(W + "comment")):
                pkg.write(comments_part, serialise(comments))
            else:
                pkg.drop(comments_part, part)
    if changed:
        pkg.write(part, serialise(root))
    return changed


def _forget_extended(pkg: Package, part: str, para_ids: set[str]) -> None:
    """Word's newer comment parts (replies, done flags, durable ids) name a comment by its
    paragraphs' ``w14:paraId``; entries of the comments we removed go too."""
    if not para_ids:
        return
    durable: set[str] = set()
    for rel_type in (COMMENTS_EXTENDED, COMMENTS_IDS, COMMENTS_EXTENSIBLE):
        target = pkg.target(part, rel_type)
        if not target or not pkg.has(target):
            continue
        root = parse(pkg.read(target))
        gone = False
        for el in list(root):
            ids = {v for k, v in el.attrib.items() if k.endswith("}paraId")}
            key = next((v for k, v in el.attrib.items() if k.endswith("}durableId")), None)
            if ids & para_ids or (rel_type == COMMENTS_EXTENSIBLE and key in durable):
                if rel_type == COMMENTS_IDS and key:
                    durable.add(key)
                root.remove(el)
                gone = True
        if gone:
            pkg.write(target, serialise(root))


def _unmark(root: etree._Element, ids: set[str | None]) -> None:
    for el in [e for e in root.iter(*_COMMENT_MARKS) if e.get(W + "id") in ids]:
        el.getparent().remove(el)
    for ref in [e for e in root.iter(W + "commentReference") if e.get(W + "id") in ids]:
        run = ref.getparent()
        run.remove(ref)
        if localname(run) == "r" and all(localname(c) == "rPr" for c in run):
            run.getparent().remove(run)


# ------------------------------------------------------------------------------ Excel


def _strip_xlsx(pkg: Package, part: str, wb: etree._Element, marks: Marks) -> bool:
    sheets_el = wb.find(S + "sheets")
    if sheets_el is None:
        return False
    rels = {rid: target for rid, _, target in pkg.rels(part)}
    by_name = {
        s.get("name", ""): rels.get(s.get(f"{{{REL_NS}}}id", ""), "")
        for s in sheets_el.findall(S + "sheet")
    }
    styles = Styles(pkg, pkg.target(part, STYLES_TYPE))
    visible = False
    for name, sheet_part in by_name.items():
        if sheet_part and pkg.has(sheet_part) and name != marks.list_sheet:
            visible = _strip_sheet(pkg, sheet_part, name, marks, styles) or visible
    styles.save()
    if marks.list_sheet in by_name:
        _remove_sheet(pkg, part, wb, sheets_el, marks.list_sheet or "", by_name)
        visible = True
    return visible


def _remove_sheet(
    pkg: Package,
    part: str,
    wb: etree._Element,
    sheets_el: etree._Element,
    name: str,
    parts: dict[str, str],
) -> None:
    sheets = sheets_el.findall(S + "sheet")
    index = next(i for i, s in enumerate(sheets) if s.get("name") == name)
    sheets_el.remove(sheets[index])
    names = wb.find(S + "definedNames")
    for dn in list(wb.iter(S + "definedName")):
        local = dn.get("localSheetId")
        if local is None or not local.isdigit():
            continue
        if int(local) == index:
            dn.getparent().remove(dn)
        elif int(local) > index:
            dn.set("localSheetId", str(int(local) - 1))
    if names is not None and not len(names):
        wb.remove(names)
    for view in wb.iter(S + "workbookView"):
        for attr in ("activeTab", "firstSheet"):
            value = view.get(attr)
            if value is not None and value.isdigit() and int(value) > index:
                view.set(attr, str(int(value) - 1))
    pkg.write(part, serialise(wb))
    pkg.drop(parts[name], part)


def _strip_sheet(pkg: Package, part: str, name: str, marks: Marks, styles: Styles) -> bool:
    """Our notes and fills off one worksheet; whether there were any."""
    sheet = parse(pkg.read(part))
    prefix = _sheet_prefix(name)
    own = {ref[len(prefix) :]: s for ref, s in marks.cells.items() if ref.startswith(prefix)}
    noted, changed = remove_our_notes(pkg, part, sheet)
    filled = False
    if own:
        for c in sheet.iter(S + "c"):
            ref = (c.get("r") or "").upper()
            current = int(c.get("s", "0"))
            if ref in own and styles.is_marked(current):
                style = styles.unmarked(current, own[ref])
                if style:
                    c.set("s", str(style))
                else:
                    c.attrib.pop("s", None)
                changed = filled = True
    if changed:
        pkg.write(part, serialise(sheet))
    return noted or filled


def _sheet_prefix(name: str) -> str:
    return "'" + name.replace("'", "''") + "'!"


def cell_key(sheet: str, ref: str) -> str:
    """How a marked cell is named in our marks property."""
    return _sheet_prefix(sheet) + ref.upper()
