"""Small, fast WordprocessingML builder for generated forms.

python-docx supplies the package (styles, theme, settings) once; the body is written as
XML here because python-docx has no API for content controls (``w:sdt``) and because
bulk tests write thousands of forms (a filled form takes about a millisecond).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache
from itertools import count
from pathlib import Path
from xml.sax.saxutils import escape

from hir_docs.files.ooxml import FIXED_STAMP, FIXED_ZIP_TIME

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLACEHOLDER_TEXT = "Klik eller tryk her for at skrive tekst."
LABEL_FILL = "E7E6E6"
A4_SECT = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" w:header="708" '
    'w:footer="708" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>'
)


def run(text: str, *, bold: bool = False, grey: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ('<w:color w:val="808080"/>' if grey else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text: str = "", *, style: str | None = None, bold: bool = False, inner: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = (run(text, bold=bold) if text else "") + inner
    return f"<w:p>{ppr}{body}</w:p>"


def paras(text: str) -> str:
    """One paragraph per line of ``text`` (at least one, possibly empty)."""
    lines = text.split("\n") if text else [""]
    return "".join(para(line) for line in lines)


class Ids:
    """Unique content-control ids within one document."""

    def __init__(self) -> None:
        self._next = count(1001)

    def __call__(self) -> int:
        return next(self._next)


def _sdt_pr(tag: str, sid: int, placeholder: bool, plain: bool, title: str | None = None) -> str:
    """Content-control properties: ``title`` is what Word shows (Danish), ``tag`` the key."""
    return (
        f'<w:sdtPr><w:alias w:val="{escape(title or tag)}"/><w:tag w:val="{escape(tag)}"/>'
        f'<w:id w:val="{sid}"/>'
        + ("<w:showingPlcHdr/>" if placeholder else "")
        + ("<w:text/>" if plain else "")
        + "</w:sdtPr>"
    )


def sdt_inline(text: str | None, tag: str, ids: Ids, title: str | None = None) -> str:
    """A paragraph holding an inline plain-text content control; None = placeholder."""
    placeholder = text is None
    content = run(PLACEHOLDER_TEXT, grey=True) if placeholder else run(text or "")
    sdt = (
        f"<w:sdt>{_sdt_pr(tag, ids(), placeholder, True, title)}"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )
    return f"<w:p>{sdt}</w:p>"


def sdt_block(text: str | None, tag: str, ids: Ids, title: str | None = None) -> str:
    """A block-level rich-text content control with one paragraph per line."""
    placeholder = text is None
    empty = f"<w:p>{run(PLACEHOLDER_TEXT, grey=True)}</w:p>"
    content = empty if placeholder else paras(text or "")
    return (
        f"<w:sdt>{_sdt_pr(tag, ids(), placeholder, False, title)}"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


def cell(content: str, width: int, *, fill: str | None = None) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{content}</w:tc>'


def table(rows: Iterable[Iterable[str]], widths: tuple[int, ...]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def document_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}{A4_SECT}</w:body></w:document>'
    ).encode()


KEEP_STYLES = {
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Title",
    "TitleChar", "Heading1", "Heading1Char", "Heading2", "Heading2Char",
}  # fmt: skip
_DROP_PARTS = {
    "word/document.xml",
    "docProps/core.xml",
    "docProps/thumbnail.jpeg",
    "word/stylesWithEffects.xml",
}


def _trim_styles(xml: bytes) -> bytes:
    """Keep only the styles the forms use: 350 KB of styles made every file slow to write."""
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(xml)
    for style in root.findall(f"{{{W_NS}}}style"):
        if style.get(f"{{{W_NS}}}styleId") not in KEEP_STYLES:
            root.remove(style)
    latent = root.find(f"{{{W_NS}}}latentStyles")
    if latent is not None:
        root.remove(latent)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _danish_language(styles: bytes) -> bytes:
    """The documents are Danish: Word's proofing language for every style is da-DK."""
    return re.sub(rb"<w:lang\b[^>]*>", lambda m: m.group(0).replace(b"en-US", b"da-DK"), styles)


@cache
def _base_parts() -> tuple[tuple[str, bytes], ...]:
    """The package parts of python-docx's default document, minus body, metadata, extras."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    parts: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(buf) as zf:
        for name in zf.namelist():
            if name in _DROP_PARTS:
                continue
            data = zf.read(name)
            if name == "word/styles.xml":
                data = _danish_language(_trim_styles(data))
            elif name.endswith(".rels") or name == "[Content_Types].xml":
                data = re.sub(
                    rb"<(Relationship|Override)[^>]*(stylesWithEffects|thumbnail)[^>]*/>", b"", data
                )
            parts.append((name, data))
    return tuple(parts)


def _core_xml(title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>hir-docs</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_STAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_STAMP}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def write_package(target: Path | io.BytesIO, body: str, *, title: str) -> None:
    """Write a complete .docx with ``body`` (deterministic bytes for the same input)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        parts = [*_base_parts(), ("word/document.xml", document_xml(body))]
        parts.append(("docProps/core.xml", _core_xml(title)))
        for name, data in sorted(parts, key=lambda p: (p[0] != "[Content_Types].xml", p[0])):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
