"""The text layer of a PDF, for an application sent as a PDF (Q&A 2018, spørgsmål 20: the
applicant's own document is fine as long as the headings are clear) and for the strategy
sent as a PDF attachment (Q&A 2018, spørgsmål 18: max. 3 pages).

The PDF is untrusted: pypdf (pure Python) reads it with its warnings muted, at most
``MAX_PAGES`` pages and ``MAX_CHARS`` characters of text; the caller turns any exception
into one finding on the file. The page text is taken in pypdf's layout mode, which keeps
the columns of the official form's two-column tables; ``pdf_blocks`` rebuilds from it the
paragraphs and (label, answer) rows the application reader already knows from Word
(``readers.docx_text``), so the same label matching reads both. A PDF has no styles, so no
paragraph is known to be a heading, and lines wrapped by the layout are joined again by a
rule of thumb (the next line starts with a small letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hir_docs.files.failures import guard_reports, library_output_muted
from hir_docs.forms.application_layout import application_form
from hir_docs.labels import normalise
from hir_docs.pools import PoolError, load_pool, pool_folders
from hir_docs.readers.docx_text import Block, Para, Row

# A real application is 5-15 pages (pypdf's layout mode takes ~60 ms a page): pages past
# MAX_PAGES are counted, not read.
MAX_PAGES = 60
MAX_CHARS = 1_000_000  # text read from all pages together
MAX_LINE = 2_000  # characters of one layout line looked at
COLUMN_GAP = 4  # spaces between two columns of a table row in layout text
INDENT_SLACK = 3  # a line in a column may start this far left of the column's first line


class PdfLocked(Exception):
    """The PDF needs a password (or a cipher pypdf cannot undo without extra packages)."""

    def __init__(self, needs_password: bool) -> None:
        super().__init__("password" if needs_password else "cipher")
        self.needs_password = needs_password


@dataclass
class PdfText:
    pages: int  # all pages of the file, also those past MAX_PAGES
    lines: list[str] = field(default_factory=list)  # layout lines of the pages read

    @property
    def has_text(self) -> bool:
        return any(line.strip() for line in self.lines)


def read_pdf_text(path: Path) -> PdfText:
    """The layout text of a PDF's first ``MAX_PAGES`` pages. Raises ``PdfLocked`` for an
    encrypted PDF that cannot be opened without a password; any other failure propagates
    (the caller makes it one finding)."""
    import logging

    from pypdf import PasswordType, PdfReader  # only when a PDF is read

    # What is wrong in an untrusted file is our finding, not a log line of pypdf's.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with library_output_muted():
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            # Restrictions only (no password to open): the empty user password opens it.
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception as exc:  # a cipher that needs an optional package
                if not guard_reports(exc):
                    raise  # the file's time is up
                raise PdfLocked(needs_password=False) from exc
            if not opened:
                raise PdfLocked(needs_password=True)
        out = PdfText(pages=len(reader.pages))
        total = 0
        for index in range(min(out.pages, MAX_PAGES)):
            page = reader.pages[index]
            try:
                text = page.extract_text(extraction_mode="layout")
            except Exception as exc:  # layout mode needs font metrics: plain text then
                if not guard_reports(exc):
                    raise
                text = page.extract_text()
            text = text[: MAX_CHARS - total]
            total += len(text)
            out.lines.extend(line[:MAX_LINE].rstrip() for line in text.splitlines())
            if total >= MAX_CHARS:
                break
    return out


# A cell or paragraph of text: words separated by at most COLUMN_GAP - 1 spaces (linear:
# the runs of spaces and of other characters cannot overlap).
_CHUNK = re.compile(rf"\S+(?: {{1,{COLUMN_GAP - 1}}}\S+)*")
_PAGE_NUMBER = re.compile(r"(?i)(?:side\s{1,3})?\d{1,4}(?:\s{0,3}(?:af|/)\s{0,3}\d{1,4})?")


def _longest() -> int:
    """No label is longer than this (normalised): longer text is never compared."""
    return _form_labels(tuple(pool_folders().items()))[1]


def _labels() -> frozenset[str]:
    """Every label, heading and instruction of the installed pools' forms, normalised (a PDF
    is split into paragraphs before its pool is known); a label cell of the official form
    is its label and its further instruction paragraphs."""
    return _form_labels(tuple(pool_folders().items()))[0]


@cache
def _form_labels(folders: tuple[tuple[str, Path], ...]) -> tuple[frozenset[str], int]:
    texts: list[str] = []
    for pool_id, _ in folders:
        try:
            form = application_form(load_pool(pool_id))
        except PoolError:  # a pool folder without a usable form adds no labels
            continue
        texts += [form.title, *form.boilerplate]
        for f in form.fields.values():
            texts += [f.label, *f.aliases, " ".join((f.label, *f.extra))]
        texts += [h for s in form.sections for h in (s.heading, s.subheading) if h]
    labels = frozenset(n for n in map(normalise, texts) if n)
    return labels, max(map(len, labels), default=0)


def _is_label(text: str) -> bool:
    return len(text) <= 2 * _longest() and normalise(text) in _labels()


def _continues(previous: str, line: str) -> bool:
    """Is ``line`` the rest of ``previous``, wrapped by the layout?"""
    return bool(line) and line[0].islower() and not _is_label(previous)


def _join(lines: list[str]) -> str:
    """One paragraph from its wrapped lines ("CVR-" + "nummer" without a space)."""
    out = lines[:1]
    for previous, line in zip(lines, lines[1:], strict=False):
        hyphen = previous.endswith("-") and previous[-2:-1].isalpha()
        out.append(line if hyphen else f" {line}")
    return "".join(out)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines -> paragraphs: a wrapped line joins the one before it."""
    groups: list[list[str]] = []
    size = 0  # characters of the last group, while it may still be a label
    for line in lines:
        if groups and _continues(_join(groups[-1]) if size <= 2 * _longest() else "", line):
            groups[-1].append(line)
            size += len(line) + 1
        else:
            groups.append([line])
            size = len(line)
    return [_join(group) for group in groups]


def _starts_label(text: str) -> bool:
    """Does ``text`` begin a label of the form (whole words)?"""
    n = normalise(text)
    return bool(n) and any(label == n or label.startswith(n + " ") for label in _labels())


@dataclass
class _Row:
    """A two-column table row being collected: the label cell and the answer cell."""

    label_column: int
    answer_column: int
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    left_done: bool = False  # the label cell ended; the answer goes on below it
    left_chars: int = 0

    def add_left(self, text: str) -> None:
        self.left.append(text)
        self.left_chars += len(text) + 1

    def ends_before(self, left: str) -> bool:
        """Does a new row start with the label cell text ``left``?"""
        if self.left_done:
            return True
        if self.left_chars > 2 * _longest():
            return False  # longer than any label: not a whole label yet
        so_far = " ".join(self.left)
        if not _is_label(so_far):
            return False
        longer = normalise(f"{so_far} {left}")
        return not any(label.startswith(longer) for label in _labels())

    def label_goes_on(self, start: int, text: str) -> bool:
        """Is a line alone in the label column the rest of the label cell? It must fit in
        the column and not follow a label that is already complete."""
        return (
            not self.left_done
            and abs(start - self.label_column) <= INDENT_SLACK
            and start + len(text) < self.answer_column
            and not self.ends_before(text)
        )

    def block(self) -> Row:
        label = " ".join(self.left)
        answer = "\n".join(_paragraphs(self.right))
        return Row((label, answer), inner=((Para(label, False),), (Para(answer, False),)))


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.row: _Row | None = None
        self.after_blank = False

    def end_paragraph(self) -> None:
        self.blocks.extend(Para(p, False) for p in _paragraphs(self.paragraph))
        self.paragraph = []

    def end_row(self) -> None:
        if self.row is not None:
            self.blocks.append(self.row.block())
            self.row = None

    def line(self, line: str) -> None:
        if not line.strip():
            self.end_paragraph()  # a blank line inside a table row keeps the row open
            self.after_blank = True
            return
        if _PAGE_NUMBER.fullmatch(line.strip()):
            return  # "3", "Side 3 af 12": page furniture
        chunks = [(m.start(), m.group(0)) for m in _CHUNK.finditer(line)]
        start, text = chunks[0][0], " ".join(t for _, t in chunks)
        row = self.row
        if len(chunks) == 2 and (row is not None or _starts_label(chunks[0][1])):
            self.two_columns(chunks[0], chunks[1])
        elif len(chunks) > 2:  # a table of figures (statistics)
            self.end_paragraph()
            self.end_row()
            self.blocks.append(Row(tuple(t for _, t in chunks)))
        elif row is not None and start >= row.answer_column - INDENT_SLACK:
            row.right.append(text)
            row.left_done = True
        elif row is not None and not self.after_blank and row.label_goes_on(start, text):
            row.add_left(text)  # the label cell is longer than the answer
        else:
            self.end_row()
            self.paragraph.append(text)
        self.after_blank = False

    def two_columns(self, left: tuple[int, str], right: tuple[int, str]) -> None:
        self.end_paragraph()
        if self.row is not None and self.row.ends_before(left[1]):
            self.end_row()
        if self.row is None:
            self.row = _Row(left[0], right[0])
        self.row.add_left(left[1])
        self.row.right.append(right[1])


def pdf_blocks(lines: list[str]) -> list[Block]:
    """The paragraphs and two-column rows of a PDF's layout text, in reading order."""
    builder = _Builder()
    for line in lines:
        builder.line(line)
    builder.end_paragraph()
    builder.end_row()
    return builder.blocks


def block_texts(found: list[Block]) -> list[str]:
    """Each paragraph's and each cell's text (for classifying the document)."""
    out: list[str] = []
    for block in found:
        out.extend([block.text] if isinstance(block, Para) else block.cells)
    return [t for t in out if t.strip()]
