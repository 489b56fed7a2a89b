"""Where an answer stands in a Word document, found by the answer's own text (issue 21,
point 19).

The reader finds answers in layouts the label-by-label locator of ``annotate.docx`` does
not follow: the form in a text box, answer tables nested in other tables, answers typed
as paragraphs below the official table. The reader's answer text says what to look for:
the paragraphs, in document order (text boxes included, once: DrawingML, not its VML
copy), whose text holds the answer's first line, preferably after the field's label.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped]

from hir_docs.labels import normalise
from hir_docs.readers.application import classify
from hir_docs.readers.docx_text import BR, CR, NBH, TAB, TXBX, P, T

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PROBE_CHARS = 60  # the answer's first and last line are matched by this many characters
REACH = 400  # paragraphs looked through for an answer's last line


def _own_text(p: etree._Element) -> str:
    """A paragraph's text without the text boxes it holds."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in (TXBX, MC_FALLBACK):
                continue
            if tag == T:
                parts.append(child.text or "")
            elif tag == TAB:
                parts.append("\t")
            elif tag == NBH:
                parts.append("-")
            elif tag in (BR, CR):
                parts.append("\n")
            walk(child)

    walk(p)
    return "".join(parts)


def _paragraphs(el: etree._Element) -> Iterator[etree._Element]:
    """Every paragraph in document order, a text box's after the paragraph holding it."""
    for child in el:
        if child.tag == MC_FALLBACK:
            continue
        if child.tag == P:
            yield child
            for box in _boxes(child):
                yield from _paragraphs(box)
        elif isinstance(child.tag, str):
            yield from _paragraphs(child)


def _boxes(p: etree._Element) -> Iterator[etree._Element]:
    stack = deque(p)
    while stack:
        el = stack.popleft()
        if el.tag == MC_FALLBACK:
            continue
        if el.tag == TXBX:
            yield el
            continue
        stack.extend(el)


class AnswerFinder:
    """The paragraphs of a (scratch) document body with their own, normalised text."""

    def __init__(self, body: etree._Element) -> None:
        self.paras = list(_paragraphs(body))
        self.texts = [normalise(_own_text(p)) for p in self.paras]
        self.index = {id(p): i for i, p in enumerate(self.paras)}

    def label(self, key: str) -> int | None:
        """The first paragraph that is the field's label."""
        for i, p in enumerate(self.paras):
            text = _own_text(p)
            if text.strip() and classify(text) == ("field", key):
                return i
        return None

    def holds(self, p: etree._Element, answer: str) -> bool:
        first = _lines(answer)
        i = self.index.get(id(p))
        return bool(first) and i is not None and first[0] in self.texts[i]

    def find(self, answer: str, after: int | None) -> tuple[etree._Element, etree._Element] | None:
        """The first and last paragraph of ``answer``: its first line after paragraph
        ``after`` (else anywhere), its last line from there on."""
        lines = _lines(answer)
        if not lines:
            return None
        first, last = lines[0], lines[-1][-PROBE_CHARS:]
        hits = [i for i, t in enumerate(self.texts) if first in t]
        if not hits:
            return None
        start = next((i for i in hits if after is not None and i > after), hits[0])
        end = next(
            (j for j in range(start, min(start + REACH, len(self.texts))) if last in self.texts[j]),
            start,
        )
        return self.paras[start], self.paras[end]


def _lines(answer: str) -> list[str]:
    return [normalise(line)[:PROBE_CHARS] for line in answer.split("\n") if normalise(line)]
