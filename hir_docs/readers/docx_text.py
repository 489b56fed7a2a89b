"""Fast structural text of a .docx body: paragraphs and table rows, in document order.

Parses ``word/document.xml`` once with lxml (no python-docx object walk) and keeps what
python-docx's ``cell.text`` silently drops: text inside content controls (``w:sdt``,
inline, block, row and cell level). A content control showing its placeholder
(``w:showingPlcHdr``) yields no text but is flagged, so the reader can say "placeholder
left in the answer" instead of just "empty".

What real files add (issue 15): every table row also carries each cell's own blocks
(``Row.inner``), so a layout table around the form (a 1x1 frame, a logo column, an
answer table pasted into another) can be read row by row; a text box (``w:txbxContent``,
DrawingML with its VML fallback) is read once, as blocks after the paragraph holding
it; a "Strict Open XML" document is read through a namespace map.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

from hir_docs.files import package

W_URI = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_URI.decode() + "}"
# Strict Open XML uses other namespace names for the same elements (ISO/IEC 29500 Strict).
STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_URI,
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
}
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC, SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
SDT_PR, SDT_CONTENT, PLCHDR = W + "sdtPr", W + "sdtContent", W + "showingPlcHdr"
T, TAB, BR, CR, NBH = W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
CUSTOM_XML, PPR, PSTYLE, OUTLINE = W + "customXml", W + "pPr", W + "pStyle", W + "outlineLvl"
SMART_TAG, MOVE_FROM, TXBX = W + "smartTag", W + "moveFrom", W + "txbxContent"
_WRAPPERS = (SDT, CUSTOM_XML, SMART_TAG)
_TEXT_TAGS = (T, TAB, BR, CR, NBH)
_HEADING_STYLE = re.compile(r"(?i)heading|overskrift|title|titel")
SENTINEL = "\ue000"  # marks text that was a content control's placeholder


@cache
def _parse() -> Callable[[bytes], etree._Element]:
    """``etree.fromstring`` with our parser (no entities, no network, comments dropped).
    lxml loads with the first Word file: a check of sheets never needs it (~5 ms of
    every process)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    return partial(etree.fromstring, parser=parser)


# The package's relationships, tag by tag (each byte is scanned once: linear on a damaged
# part too), and the two attributes of the main document's relationship.
_TAG = re.compile(rb"<[^<>]*+>")
_TYPE_MAIN = re.compile(rb'\bType="[^"]*/officeDocument"')
_TARGET = re.compile(rb'\bTarget="/?([^"]+)"')


@dataclass(frozen=True)
class Para:
    text: str  # raw text; SENTINEL where a placeholder was
    heading: bool


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # raw text per cell, paragraphs joined by "\n"
    # Each cell's own paragraphs and (nested) table rows, for layout tables.
    inner: tuple[tuple[Block, ...], ...] = ()


Block = Para | Row


def _main_target(rels: bytes) -> str | None:
    """The target of the first officeDocument relationship in ``_rels/.rels``."""
    for tag in _TAG.finditer(rels):
        target = _TARGET.search(tag.group(0))
        if target and _TYPE_MAIN.search(tag.group(0)):
            return target.group(1).decode("utf-8", "replace")
    return None


def read_document_xml(path: Path) -> bytes:
    """The main document part (usually word/document.xml)."""
    with package.open_zip(path) as zf:
        names = set(zf.namelist())
        if "word/document.xml" in names:
            return zf.read("word/document.xml")
        rels = zf.read("_rels/.rels") if "_rels/.rels" in names else b""
        target = _main_target(rels)
        if target is not None and target in names:
            return zf.read(target)
    raise ValueError("no main document part")


def _mark_placeholders(root: etree._Element) -> None:
    for sdt in list(root.iter(SDT)):
        pr = sdt.find(SDT_PR)
        flag = pr.find(PLCHDR) if pr is not None else None
        if flag is None or flag.get(W + "val") in ("0", "false", "off"):
            continue
        content = sdt.find(SDT_CONTENT)
        if content is None:
            continue
        first = True
        for t in content.iter(T):
            t.text = SENTINEL if first else ""
            first = False


def _para_text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter(_TEXT_TAGS):
        tag = el.tag
        if tag == T:
            parts.append(el.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag == NBH:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_heading(p: etree._Element) -> bool:
    # The first child with each tag, as ``find`` gives it; ``iterchildren`` asks lxml
    # directly (``find`` parses its path first: half the time of every paragraph's test).
    for ppr in p.iterchildren(PPR):
        for _ in ppr.iterchildren(OUTLINE):
            return True
        for style in ppr.iterchildren(PSTYLE):
            return bool(_HEADING_STYLE.search(style.get(W + "val") or ""))
        return False
    return False


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """Direct children with ``tag``, looking through content controls and customXml."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _WRAPPERS:
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def flat_cell(cell_blocks: list[Block]) -> str:
    """A cell's text: its paragraphs, a nested row as one line (a one-cell row keeps its
    paragraphs: an answer typed in a table pasted into the answer cell)."""
    lines: list[str] = []
    for b in cell_blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        elif sum(1 for c in b.cells if c.strip()) <= 1:
            lines.extend(c for c in b.cells if c.strip())
        else:
            lines.append(" ".join(c.replace("\n", " ") for c in b.cells))
    return "\n".join(lines)


def _paragraph(p: etree._Element, out: list[Block], boxes_in_doc: bool) -> None:
    """A paragraph, then the content of the text boxes anchored in it (read once)."""
    if not boxes_in_doc:
        out.append(Para(_para_text(p), _is_heading(p)))
        return
    boxes = [b for b in p.iter(TXBX) if not any(a.tag == TXBX for a in b.iterancestors())]
    for box in boxes:
        parent = box.getparent()
        if parent is not None:
            parent.remove(box)
    out.append(Para(_para_text(p), _is_heading(p)))
    for box in boxes:
        _walk(box, out, True)


def _walk(el: etree._Element, out: list[Block], boxes: bool) -> None:
    for child in el:
        tag = child.tag
        if tag == P:
            _paragraph(child, out, boxes)
        elif tag == TBL:
            for tr in _children(child, TR):
                inner: list[tuple[Block, ...]] = []
                for tc in _children(tr, TC):
                    cell: list[Block] = []
                    _walk(tc, cell, boxes)
                    inner.append(tuple(cell))
                out.append(Row(tuple(flat_cell(list(c)) for c in inner), tuple(inner)))
        elif tag in _WRAPPERS:
            inner_el = child.find(SDT_CONTENT) if tag == SDT else child
            if inner_el is not None:
                _walk(inner_el, out, boxes)


def strict_to_transitional(xml: bytes) -> bytes:
    """Map a Strict Open XML part's namespaces to the transitional ones we read."""
    for strict, transitional in STRICT_NAMESPACES.items():
        if strict in xml:
            xml = xml.replace(strict, transitional)
    return xml


def blocks(xml: bytes) -> list[Block]:
    """Paragraphs and table rows of the document body, in order."""
    root = _parse()(strict_to_transitional(xml))
    # Drop duplicated text: VML fallbacks of text boxes, and tracked moves' old copy.
    for fallback in list(root.iter(MC_FALLBACK, MOVE_FROM)):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    _mark_placeholders(root)
    body = root.find(W + "body")
    out: list[Block] = []
    if body is not None:
        _walk(body, out, root.find(f".//{TXBX}") is not None)
    return out
