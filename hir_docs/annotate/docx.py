"""Word review comments in a copy of the user's application form.

Each finding becomes one of Word's own comments (author "hir-docs", dated), anchored by
label, never by position: at the answer, or at the question when the answer is missing,
or at the section heading, or at the title for findings about the whole submission. The
copy opens with a banner (a content control) saying it is an annotated copy not to be
sent to STAR, and carries our custom properties (``annotate.marker``). Only the main
document part (comment marks, banner), its relationships, the content types, the
comments part and the custom properties change; every other part is copied byte for
byte. A previous round of ours is taken off first (``annotate.clean``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from hir_docs.annotate.clean import BANNER_TAG, INITIALS, strip
from hir_docs.annotate.docx_answers import AnswerFinder
from hir_docs.annotate.marker import BANNER, Marks, write_marks
from hir_docs.annotate.parts import (
    AUTHOR,
    REL_NS,
    Package,
    comment_lines,
    main_part,
    parse,
    serialise,
)
from hir_docs.findings import Finding
from hir_docs.forms.application_layout import FIELDS, SECTIONS, TITLE
from hir_docs.labels import normalise
from hir_docs.readers.application import _inline, classify
from hir_docs.readers.docx_text import (
    PLCHDR,
    PPR,
    SDT,
    SDT_CONTENT,
    SDT_PR,
    TBL,
    TC,
    TR,
    P,
    W,
    _children,
    _is_heading,
    _para_text,
)

COMMENTS_TYPE = REL_NS + "/comments"
CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DERIVED = {
    "municipality_code": "municipality",
    "cvr": "contact",
    "contact_email": "contact",
    "contact_phone": "contact",
}
Anchor = tuple[etree._Element, etree._Element]  # first and last paragraph


@dataclass
class _Item:
    """A body paragraph, or a table row (its cells' paragraphs)."""

    paras: list[etree._Element]
    heading: bool = False
    cells: list[list[etree._Element]] = field(default_factory=list)


def _text(paras: Iterable[etree._Element]) -> str:
    return "\n".join(_para_text(p) for p in paras)


def _items(body: etree._Element) -> list[_Item]:
    out: list[_Item] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if child.tag == P:
                out.append(_Item([child], _is_heading(child)))
            elif child.tag == TBL:
                for tr in _children(child, TR):
                    cells = [list(tc.iter(P)) for tc in _children(tr, TC)]
                    out.append(_Item([p for c in cells for p in c], cells=cells))
            elif child.tag in (SDT, W + "customXml", W + "smartTag"):
                inner = child.find(SDT_CONTENT) if child.tag == SDT else child
                if inner is not None:
                    walk(inner)

    walk(body)
    return out


def _blank_placeholders(root: etree._Element) -> None:
    """Placeholder text of content controls counts as no answer (on a scratch copy)."""
    for sdt in root.iter(SDT):
        pr = sdt.find(SDT_PR)
        flag = pr.find(PLCHDR) if pr is not None else None
        content = sdt.find(SDT_CONTENT)
        if flag is None or flag.get(W + "val") in ("0", "false", "off") or content is None:
            continue
        for t in content.iter(W + "t"):
            t.text = ""


def _span(paras: list[etree._Element]) -> Anchor | None:
    filled = [p for p in paras if _para_text(p).strip()]
    return (filled[0], filled[-1]) if filled else None


class _Locator:
    """Finds where a field's question and answer stand, by their labels."""

    def __init__(
        self, scratch_body: etree._Element, body: etree._Element, answers: dict[str, str]
    ) -> None:
        # Labels and answers are judged on a scratch copy without placeholder text; the
        # paragraphs returned are those of the real document (same order).
        self.items = _items(scratch_body)
        self.real = dict(zip(scratch_body.iter(P), body.iter(P), strict=True))
        self.cache: dict[str | None, Anchor] = {}
        self.answers = answers
        self.finder = AnswerFinder(scratch_body)

    def anchor(self, key: str | None) -> Anchor:
        if key not in self.cache:
            found = self._field(key) if key else None
            if key:
                found = self._by_answer(key, found) or found
            found = found or self._section(key) or self._title()
            self.cache[key] = (self.real[found[0]], self.real[found[1]])
        return self.cache[key]

    def _by_answer(self, key: str, found: Anchor | None) -> Anchor | None:
        """The answer by its text where the label-by-label search missed it (a text box,
        nested tables, answers typed below the table); else the field's label."""
        answer = self.answers.get(key)
        if answer and found and self.finder.holds(found[0], answer):
            return None  # the label-by-label search found the answer itself
        label = self.finder.label(key)
        if answer:
            after = label if label is not None else None
            if after is None and found is not None:
                after = self.finder.index.get(id(found[0]))
            hit = self.finder.find(answer, after)
            if hit:
                return hit
        if found is None and label is not None:
            p = self.finder.paras[label]
            return (p, p)
        return None

    def _field(self, key: str) -> Anchor | None:
        for want in (("field", key), ("heading", key)):
            for i, item in enumerate(self.items):
                if item.cells:
                    hit = self._in_row(i, item, key, want)
                else:
                    hit = self._in_para(i, item, key, want)
                if hit:
                    return hit
        return None

    def _in_para(self, i: int, item: _Item, key: str, want: tuple[str, str]) -> Anchor | None:
        p = item.paras[0]
        text = _para_text(p)
        inline = _inline(text)
        if want[0] == "field" and inline and inline[0] == key:
            return (p, p)
        if classify(text) != want:
            return None
        answer: list[etree._Element] = []
        for nxt in self.items[i + 1 :]:
            if nxt.cells:
                break
            t = _para_text(nxt.paras[0])
            hit = classify(t)
            if (hit and hit[0] != "boiler") or _inline(t) or (nxt.heading and t.strip()):
                break
            if hit is None:
                answer.append(nxt.paras[0])
        return _span(answer) or (p, p)

    def _in_row(self, i: int, item: _Item, key: str, want: tuple[str, str]) -> Anchor | None:
        for c, cell in enumerate(item.cells):
            text = _text(cell).strip()
            inline = _inline(text)
            if want[0] == "field" and inline and inline[0] == key:
                return (cell[0], cell[-1])
            if classify(text) != want and classify(text.split("\n", 1)[0]) != want:
                continue
            label = (cell[0], cell[-1]) if cell else None
            answer = [p for later in item.cells[c + 1 :] for p in later]
            if not answer and i + 1 < len(self.items) and self.items[i + 1].cells:
                answer = self.items[i + 1].cells[0]  # a label-only row: the answer below
            return _span(answer) or label
        return None

    def _section(self, key: str | None) -> Anchor | None:
        section = next((s for s in SECTIONS if any(f.key == key for f in s.fields)), None)
        if section is None or not section.heading:
            return None
        want = normalise(section.heading)
        for item in self.items:
            for p in item.paras:
                if normalise(_para_text(p)) == want:
                    return (p, p)
        return None

    def _title(self) -> Anchor:
        paras = [p for item in self.items for p in item.paras]
        title = normalise(TITLE)
        for p in paras:
            if normalise(_para_text(p)) == title:
                return (p, p)
        first = _span(paras)
        if first:
            return (first[0], first[0])
        if paras:
            return (paras[0], paras[0])
        raise ValueError("the document has no paragraph to comment on")


def field_key(f: Finding, own: bool) -> str | None:
    """The application field a finding is about (None: the whole document)."""
    key = DERIVED.get(f.field or "", f.field)
    if key in FIELDS:
        return key
    if own and f.location:
        return next((k for k, fld in FIELDS.items() if fld.location == f.location), None)
    return None


def annotate_docx(
    src: Path,
    dst: Path,
    findings: list[tuple[Finding, bool]],
    original: str | None = None,
    when: dt.date | None = None,
    answers: dict[str, str] | None = None,
) -> int:
    """Write ``dst``: ``src`` with one comment per finding and a banner saying it is an
    annotated copy. ``findings`` pairs each finding with whether it is about this document
    itself (else it is about the submission); ``original``: the name of the file this is a
    copy of (default ``src``'s); ``when``: the comments' date (default: the date the file
    was last saved, from its properties); ``answers``: each field's answer as the reader
    read it (to find answers in layouts the labels alone do not lead to). A previous round of ours in ``src`` is taken off
    first. Returns the number of comments written."""
    pkg = Package(src)
    before = strip(pkg)
    stamp = _stamp(when or _saved(pkg))
    doc_part = main_part(pkg)
    root = parse(pkg.read(doc_part))
    body = root.find(W + "body")
    if body is None:
        raise ValueError("no document body")
    scratch = etree.fromstring(etree.tostring(body))
    _blank_placeholders(scratch)
    locator = _Locator(scratch, body, answers or {})

    comments_part = pkg.target(doc_part, COMMENTS_TYPE)
    if comments_part and pkg.has(comments_part):
        comments = parse(pkg.read(comments_part))
    else:
        comments = etree.Element(W + "comments", nsmap={"w": W[1:-1]})
    ids = [int(c.get(W + "id", "0")) for c in comments.iter(W + "comment")]
    next_id = max(ids, default=-1) + 1
    for f, own in findings:
        start, end = locator.anchor(field_key(f, own))
        _mark(start, end, next_id)
        comments.append(_comment(next_id, comment_lines(f), stamp))
        next_id += 1
    body.insert(0, _banner())

    pkg.write(doc_part, serialise(root))
    if not comments_part or not pkg.has(comments_part):
        comments_part = (
            "word/comments.xml"
            if not pkg.has("word/comments.xml")
            else pkg.free_name("word/comments{}.xml")
        )
        pkg.add_rel(doc_part, COMMENTS_TYPE, comments_part)
        pkg.add_content_type(comments_part, COMMENTS_CT)
    pkg.write(comments_part, serialise(comments))
    write_marks(pkg, Marks(original=before.original or original or src.name))
    pkg.save(dst)
    return len(findings)


def _saved(pkg: Package) -> dt.date | None:
    """When the file was last saved, from its core properties (None: not said)."""
    part = pkg.target("", CORE_TYPE)
    if not part or not pkg.has(part):
        return None
    modified = parse(pkg.read(part)).find("{http://purl.org/dc/terms/}modified")
    text = (modified.text or "").strip() if modified is not None else ""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _stamp(day: dt.date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00Z" if day else None


def _banner() -> etree._Element:
    """The first paragraph of the copy, in a content control we can find and remove."""
    sdt = etree.Element(W + "sdt")
    pr = etree.SubElement(sdt, W + "sdtPr")
    etree.SubElement(pr, W + "alias").set(W + "val", "hir-docs")
    etree.SubElement(pr, W + "tag").set(W + "val", BANNER_TAG)
    p = etree.SubElement(etree.SubElement(sdt, W + "sdtContent"), W + "p")
    etree.SubElement(etree.SubElement(p, W + "pPr"), W + "jc").set(W + "val", "center")
    run = etree.SubElement(p, W + "r")
    rpr = etree.SubElement(run, W + "rPr")
    etree.SubElement(rpr, W + "b")
    etree.SubElement(rpr, W + "color").set(W + "val", "C00000")
    etree.SubElement(rpr, W + "sz").set(W + "val", "28")
    etree.SubElement(run, W + "t").text = BANNER
    return sdt


def _mark(start: etree._Element, end: etree._Element, cid: int) -> None:
    rs = etree.Element(W + "commentRangeStart")
    rs.set(W + "id", str(cid))
    ppr = start.find(PPR)
    start.insert(start.index(ppr) + 1 if ppr is not None else 0, rs)
    re_ = etree.SubElement(end, W + "commentRangeEnd")
    re_.set(W + "id", str(cid))
    run = etree.SubElement(end, W + "r")
    ref = etree.SubElement(run, W + "commentReference")
    ref.set(W + "id", str(cid))


def _comment(cid: int, lines: list[str], stamp: str | None) -> etree._Element:
    comment = etree.Element(W + "comment")
    comment.set(W + "id", str(cid))
    comment.set(W + "author", AUTHOR)
    if stamp:
        comment.set(W + "date", stamp)
    comment.set(W + "initials", INITIALS)
    for n, line in enumerate(lines):
        p = etree.SubElement(comment, W + "p")
        if n == 0:
            etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
        t = etree.SubElement(etree.SubElement(p, W + "r"), W + "t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
    return comment
