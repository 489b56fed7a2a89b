"""Uploads into a private temporary folder: names sanitised, zips unpacked safely.

A user's file name is never used as a path as it is: ``safe_name`` keeps only the last
part, drops control and reserved characters and makes it unique in the folder. The name
shown to people and written in the JSON is that sanitised name, so a report names the
user's own file ("Ansøgning Århus.docx"). The
folder (``private_folder``) is created readable by us alone and deleted when the
response is done.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from hir_docs import api
from hir_docs.findings import Finding

CHUNK = 1024 * 1024
MAX_NAME = 120  # characters
# Bytes (UTF-8): file systems allow 255 per name; an annotated copy adds " (kommenteret)"
# (14 bytes) and a second file of the same name " (NN)", so a name keeps 200 at most.
MAX_NAME_BYTES = 200
RESERVED = set('<>:"/\\|?*')


class UploadError(Exception):
    """The request cannot be used (no file, too many files): a Danish message."""


@dataclass(frozen=True)
class Upload:
    name: str  # sanitised and unique: the file's name in the folder and in reports
    path: Path


@contextmanager
def private_folder() -> Iterator[Path]:
    """A fresh folder only this process can read (mode 0700), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="hir-web-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_name(raw: str, taken: set[str]) -> str:
    """A file name safe to create in our folder: no folders, no control characters, not
    hidden, at most 120 characters and 200 bytes in UTF-8 (the suffix is kept), not
    already ``taken`` (compared case-insensitively)."""
    base = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(c for c in base if c.isprintable() and c not in RESERVED)
    base = base.strip().lstrip(".").strip() or "fil"
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        stem, suffix = base, ""
    suffix = f".{suffix}" if suffix else ""
    stem = _cut(stem[: MAX_NAME - len(suffix)], MAX_NAME_BYTES - len(suffix.encode())) or "fil"
    name, n = f"{stem}{suffix}", 2
    while name.lower() in taken:
        name, n = f"{stem} ({n}){suffix}", n + 1
    taken.add(name.lower())
    return name


def _cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` in UTF-8, never inside a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip()


def uploaded_files(form: Any, field: str) -> list[UploadFile]:
    """The files of a form field; an empty file input (no name, no bytes) is not a file."""
    files = [v for v in form.getlist(field) if isinstance(v, UploadFile)]
    return [f for f in files if f.filename or (f.size or 0) > 0]


async def save(
    files: list[UploadFile], folder: Path, max_files: int, taken: set[str] | None = None
) -> list[Upload]:
    """Save uploads into ``folder`` under sanitised names, unique among ``taken``."""
    if len(files) > max_files:
        raise UploadError(f"Der er valgt {len(files)} filer; der kan højst sendes {max_files}.")
    folder.mkdir(parents=True, exist_ok=True)
    taken = set() if taken is None else taken
    saved = []
    for upload in files:
        name = safe_name(upload.filename or "fil", taken)
        path = folder / name
        with path.open("xb") as out:
            while chunk := await upload.read(CHUNK):
                out.write(chunk)
        saved.append(Upload(name, path))
    return saved


def unpack_zips(root: Path, names: list[str], max_unpacked: int) -> list[Finding]:
    """Unpack every .zip among ``names`` (files in ``root``) into a folder of its own name
    (``indsendelse.zip/ansoegning.docx``) with the inbox guard; the zip itself moves out
    of ``root``. Entries the guard refused come back as findings, named in that folder.
    """
    findings: list[Finding] = []
    for name in names:
        if not name.lower().endswith(".zip"):
            continue
        stored = root.parent / "zips" / name
        stored.parent.mkdir(parents=True, exist_ok=True)
        (root / name).rename(stored)
        target = root / name
        target.mkdir()
        try:
            rejected = api.extract_zip(stored, target, max_unpacked=max_unpacked)
        except api.HirDocsError as exc:  # this zip as a whole; the other files are checked
            findings.append(_zip_refused(stored, name, str(exc)))
            continue
        findings.extend(replace(f, file=f"{name}/{f.file}" if f.file else name) for f in rejected)
    return findings


def _zip_refused(stored: Path, name: str, why: str) -> Finding:
    """The finding on an uploaded zip that could not be unpacked at all (``why``: the
    guard's Danish reason): the CLI's ``file-corrupt`` when it is no zip, else
    ``file-zip-bomb`` (too many files or too much unpacked)."""
    if zipfile.is_zipfile(stored):
        code, message = "file-zip-bomb", why
    else:
        code, message = "file-corrupt", f"{name} kan ikke åbnes som zip-fil (beskadiget)."
    rule = next(r for r in api.rules() if r.code == code)
    return rule.finding(f"{message} Filen er ikke tjekket.", file=name)
