"""What every reader offers the pipeline: a cheap probe of a file's content, a
detector that scores it, and a read function that returns the model and its fields.

Readers import this module; the pipeline lists the readers (``hir_docs.pipeline``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.files import package, sheetcache
from hir_docs.files.failures import native_stderr_muted
from hir_docs.findings import Finding
from hir_docs.labels import CACHED_CHARS, normalise, normalise_short
from hir_docs.rules import Context


@dataclass
class Probe:
    """A cheap first look at a file's content, for classification."""

    path: Path
    suffix: str
    texts: list[str] = field(default_factory=list)  # normalised cell/paragraph texts
    sheet_names: list[str] = field(default_factory=list)

    @property
    def blob(self) -> str:
        return " | ".join(self.texts)


@dataclass
class ReadResult:
    model: Any
    fields: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class FormReader:
    name: str
    suffixes: tuple[str, ...]
    detect: Callable[[Probe], int]  # score; 0 = not this kind
    read: Callable[[Path, Context], ReadResult]


# Each scan stops at the next tag: linear even on damaged XML.
_WT = re.compile(rb"<w:t(?:\s[^<>]*+)?>([^<]*+)</w:t>")
_WP_END = re.compile(rb"</w:p>")


# The Word document's main part as the probe read it, handed once to the reader of the
# same file (``take_document``) so it is not unpacked twice; (path, size, mtime) -> bytes.
_kept_document: tuple[tuple[str, int, int], bytes] | None = None


def take_document(path: Path) -> bytes | None:
    """The main document part of a .docx as the probe read it, when it read this very file
    (given out once and then forgotten); None: the reader reads the file itself."""
    global _kept_document
    kept, _kept_document = _kept_document, None
    if kept is not None and kept[0] == package.file_key(path):
        return kept[1]
    return None


# Long texts (answers) are normalised again and again while one file is checked: by the
# probe, by each detector, by the reader's label matching and answer tidying. Short ones
# are remembered by ``labels.normalise`` itself; the long ones of the file being checked
# are remembered here, and forgotten when its check ends (``one_file``).
_file_texts: dict[str, str] | None = None
_file_chars = 0
FILE_TEXT_CHARS = 8 * 1024 * 1024  # at most this much text is remembered per file


def normalised(text: str) -> str:
    """``normalise(text)``, computed once per check of a file for a long text."""
    global _file_chars
    if len(text) <= CACHED_CHARS:
        return normalise_short(text)  # remembered across checks (``labels``)
    memo = _file_texts
    if memo is None:
        return normalise(text)
    hit = memo.get(text)
    if hit is None:
        hit = normalise(text)
        if _file_chars < FILE_TEXT_CHARS:
            memo[text] = hit
            _file_chars += len(text) + len(hit)
    return hit


@contextlib.contextmanager
def one_file() -> Iterator[None]:
    """The check of one file: what is kept for it (the probe's copy of a Word document,
    long texts normalised) lives until the check ends, never longer."""
    global _file_texts, _file_chars, _kept_document
    _file_texts, _file_chars, _kept_document = {}, 0, None
    try:
        with package.one_file():  # and the file's zip, opened once (``files.package``)
            yield
    finally:
        _file_texts, _file_chars, _kept_document = None, 0, None


def make_probe(path: Path, max_rows: int = 40) -> Probe:
    global _kept_document
    suffix = path.suffix.lower()
    probe = Probe(path, suffix)
    if suffix == ".docx":
        from hir_docs.readers.docx_text import read_document_xml  # lxml only for Word files

        _kept_document = None
        xml = read_document_xml(path)
        _kept_document = (package.file_key(path), xml)
        for para in _WP_END.split(xml):
            text = b"".join(_WT.findall(para)).decode("utf-8", "replace")
            if text.strip():
                probe.texts.append(normalised(text))
    elif suffix == ".odt":  # LibreOffice's own format in place of the Word form
        from hir_docs.readers.odf_text import odt_texts

        probe.texts = [n for n in map(normalise, odt_texts(path)) if n]
    elif suffix in (".xlsx", ".ods"):  # calamine reads both
        with native_stderr_muted():  # once for all the sheets' parser calls
            _sheet_texts(probe, path, max_rows)
    return probe


def _sheet_texts(probe: Probe, path: Path, max_rows: int) -> None:
    probe.sheet_names = sheetcache.sheet_names(path)
    texts = probe.texts
    for name in probe.sheet_names[:12]:
        rows = sheetcache.sheet(path, name).to_python(skip_empty_area=False, nrows=max_rows)
        for row in rows:  # calamine gives str itself, never a subclass
            texts.extend(map(normalised, [v for v in row[:30] if v.__class__ is str and v.strip()]))
