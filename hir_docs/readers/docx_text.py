"""Fast structural text of a .docx body: paragraphs and table rows, in document order.

Parses ``word/document.xml`` once with lxml (no python-docx object walk) and keeps what
python-docx's ``cell.text`` silently drops: text inside content controls (``w:sdt``,
inline, block, row and cell level). A content control showing its placeholder
(``w:showingPlcHdr``) yields no text but is flagged, so the reader can say "placeholder
left in the answer" instead of just "empty".
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC, SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
SDT_PR, SDT_CONTENT, PLCHDR = W + "sdtPr", W + "sdtContent", W + "showingPlcHdr"
T, TAB, BR, CR, NBH = W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
CUSTOM_XML, PPR, PSTYLE, OUTLINE = W + "customXml", W + "pPr", W + "pStyle", W + "outlineLvl"
SMART_TAG, MOVE_FROM = W + "smartTag", W + "moveFrom"
_WRAPPERS = (SDT, CUSTOM_XML, SMART_TAG)
_TEXT_TAGS = (T, TAB, BR, CR, NBH)
_HEADING_STYLE = re.compile(r"(?i)heading|overskrift|title|titel")
SENTINEL = "\ue000"  # marks text that was a content control's placeholder
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)
_MAIN_PART = re.compile(rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|'
                        rb'Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"')  # fmt: skip


@dataclass(frozen=True)
class Para:
    text: str  # raw text; SENTINEL where a placeholder was
    heading: bool


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # raw text per cell, paragraphs joined by "\n"


Block = Para | Row


def read_document_xml(path: Path) -> bytes:
    """The main document part (usually word/document.xml)."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "word/document.xml" in names:
            return zf.read("word/document.xml")
        rels = zf.read("_rels/.rels") if "_rels/.rels" in names else b""
        m = _MAIN_PART.search(rels)
        if m:
            target = (m.group(1) or m.group(2)).decode()
            if target in names:
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
    ppr = p.find(PPR)
    if ppr is None:
        return False
    if ppr.find(OUTLINE) is not None:
        return True
    style = ppr.find(PSTYLE)
    return style is not None and bool(_HEADING_STYLE.search(style.get(W + "val") or ""))


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


def _cell_lines(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == P:
            out.append(_para_text(child))
        elif tag == TBL:
            for tr in _children(child, TR):
                cells = [
                    "\n".join(_cell_text_lines(tc)).replace("\n", " ") for tc in _children(tr, TC)
                ]
                out.append(" ".join(cells))
        elif tag in _WRAPPERS:
            inner = child.find(SDT_CONTENT) if tag == SDT else child
            if inner is not None:
                _cell_lines(inner, out)


def _cell_text_lines(tc: etree._Element) -> list[str]:
    lines: list[str] = []
    _cell_lines(tc, lines)
    return lines


def _walk(el: etree._Element, out: list[Block]) -> None:
    for child in el:
        tag = child.tag
        if tag == P:
            out.append(Para(_para_text(child), _is_heading(child)))
        elif tag == TBL:
            for tr in _children(child, TR):
                out.append(Row(tuple("\n".join(_cell_text_lines(tc)) for tc in _children(tr, TC))))
        elif tag in _WRAPPERS:
            inner = child.find(SDT_CONTENT) if tag == SDT else child
            if inner is not None:
                _walk(inner, out)


def blocks(xml: bytes) -> list[Block]:
    """Paragraphs and table rows of the document body, in order."""
    root = etree.fromstring(xml, _PARSER)
    # Drop duplicated text: VML fallbacks of text boxes, and tracked moves' old copy.
    for fallback in list(root.iter(MC_FALLBACK, MOVE_FROM)):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    _mark_placeholders(root)
    body = root.find(W + "body")
    out: list[Block] = []
    if body is not None:
        _walk(body, out)
    return out
