"""What every reader offers the pipeline: a cheap probe of a file's content, a
detector that scores it, and a read function that returns the model and its fields.

Readers import this module; the pipeline lists the readers (``hir_docs.pipeline``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.files import sheetcache
from hir_docs.findings import Finding
from hir_docs.labels import normalise
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


def make_probe(path: Path, max_rows: int = 40) -> Probe:
    suffix = path.suffix.lower()
    probe = Probe(path, suffix)
    if suffix == ".docx":
        from hir_docs.readers.docx_text import read_document_xml  # lxml only for Word files

        for para in _WP_END.split(read_document_xml(path)):
            text = b"".join(_WT.findall(para)).decode("utf-8", "replace")
            if text.strip():
                probe.texts.append(normalise(text))
    elif suffix == ".odt":  # LibreOffice's own format in place of the Word form
        from hir_docs.readers.odf_text import odt_texts

        probe.texts = [n for n in map(normalise, odt_texts(path)) if n]
    elif suffix in (".xlsx", ".ods"):  # calamine reads both
        probe.sheet_names = sheetcache.sheet_names(path)
        for name in probe.sheet_names[:12]:
            rows = sheetcache.sheet(path, name).to_python(skip_empty_area=False, nrows=max_rows)
            for row in rows:
                for value in row[:30]:
                    if isinstance(value, str) and value.strip():
                        probe.texts.append(normalise(value))
    return probe
