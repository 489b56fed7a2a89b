"""Paragraphs and table rows of an OpenDocument text (.odt), as ``docx_text`` gives them.

An application saved in LibreOffice's own format is not the form STAR asks for (the
pipeline says so), but its content is read too, so the applicant gets every finding in
one go. ``content.xml`` is parsed with defusedxml (no DTDs, no entities); the safety
check has already limited the package's size and parts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from hir_docs.files.odfguard import count
from hir_docs.readers.docx_text import SENTINEL, Block, Para, Row, flat_cell

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
H, P, SPAN, A = TEXT + "h", TEXT + "p", TEXT + "span", TEXT + "a"
S, TAB, BR = TEXT + "s", TEXT + "tab", TEXT + "line-break"
TBL, ROW, CELL, COVERED = (
    TABLE + "table",
    TABLE + "table-row",
    TABLE + "table-cell",
    (TABLE + "covered-table-cell"),
)
ROW_GROUPS = {TABLE + n for n in ("table-header-rows", "table-rows", "table-row-group")}
CONTAINERS = {TEXT + n for n in ("section", "list", "list-item", "list-header", "index-body")}
SKIP = {
    OFFICE + "annotation",  # comments
    OFFICE + "annotation-end",
    TEXT + "tracked-changes",  # deleted text of tracked changes
    TEXT + "note",  # footnotes
    TEXT + "bookmark-ref",
}
PLACEHOLDER = TEXT + "placeholder"
_HEADING_STYLE = re.compile(r"(?i)heading|overskrift|title|titel")
MAX_SPACES = 1_000  # <text:s text:c="N"/>: N spaces, as the file says, within reason


def _inline_text(el: Element, parts: list[str], boxes: list[Element]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag in SKIP:
            pass
        elif tag == S:
            parts.append(" " * min(count(child.get(TEXT + "c", "1")), MAX_SPACES))
        elif tag == TAB:
            parts.append("\t")
        elif tag == BR:
            parts.append("\n")
        elif tag == PLACEHOLDER:
            parts.append(SENTINEL)
        elif tag == DRAW + "frame":
            boxes.extend(child.iter(DRAW + "text-box"))
        else:
            _inline_text(child, parts, boxes)
        if child.tail:
            parts.append(child.tail)


def _walk(el: Element, out: list[Block]) -> None:
    for child in el:
        tag = child.tag
        if tag in (P, H):
            parts: list[str] = []
            boxes: list[Element] = []
            _inline_text(child, parts, boxes)
            style = child.get(TEXT + "style-name") or ""
            out.append(Para("".join(parts), tag == H or bool(_HEADING_STYLE.search(style))))
            for box in boxes:  # a text box: its content after the paragraph holding it
                _walk(box, out)
        elif tag == TBL:
            _rows(child, out)
        elif tag in CONTAINERS:
            _walk(child, out)


def _rows(table: Element, out: list[Block]) -> None:
    for child in table:
        if child.tag in ROW_GROUPS:
            _rows(child, out)
        elif child.tag == ROW:
            inner: list[tuple[Block, ...]] = []
            for cell in child:
                if cell.tag == CELL:
                    blocks: list[Block] = []
                    _walk(cell, blocks)
                    inner.append(tuple(blocks))
            out.append(Row(tuple(flat_cell(list(c)) for c in inner), tuple(inner)))


# The last file's blocks, keyed by path, size and mtime: the probe and the reader both
# ask for them, and parsing content.xml is most of the cost (like ``files.sheetcache``).
_last: tuple[tuple[str, int, int], tuple[Block, ...]] | None = None


def odt_blocks(path: Path) -> list[Block]:
    """The body of an .odt: paragraphs and table rows, in order."""
    global _last
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    cached = _last
    if cached is None or cached[0] != key:
        with zipfile.ZipFile(path) as zf:
            root = fromstring(zf.read("content.xml"))
        body = root.find(f"{OFFICE}body/{OFFICE}text")
        out: list[Block] = []
        if body is not None:
            _walk(body, out)
        cached = _last = (key, tuple(out))
    return list(cached[1])


def odt_texts(path: Path) -> list[str]:
    """Every paragraph's and cell's text (for the classifier's probe)."""
    texts: list[str] = []

    def add(blocks: list[Block] | tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Para):
                texts.append(b.text)
            else:
                for cell in b.inner:
                    add(cell)

    add(odt_blocks(path))
    return texts
