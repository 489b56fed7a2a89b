"""Walking STAR's inbox: a folder (one subfolder per submission, or loose files) or a
.zip of one. A zip is extracted safely into a temporary folder first.

A *unit* is what one worker task reads: a subfolder (one submission) or one loose file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from hir_docs.files.failures import recoverable, technical_name
from hir_docs.files.safety import LIMITS as FILE_LIMITS
from hir_docs.findings import Finding, HirDocsError
from hir_docs.rules.bulk import BULK_ZIP_ENTRY_UNSAFE


@dataclass(frozen=True)
class InboxLimits:
    max_entries: int = 100_000
    max_total: int = 8 * 1024 * 1024 * 1024  # 8 GB unpacked in all
    max_entry: int = FILE_LIMITS.max_file_bytes  # one file; the same limit as `check`
    max_ratio: int = FILE_LIMITS.max_ratio
    ratio_min_bytes: int = FILE_LIMITS.ratio_min_bytes


INBOX_LIMITS = InboxLimits()
JUNK_PARTS = {"__MACOSX", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Unit:
    label: str  # folder or file name relative to the inbox root ("Viborg", "budget.xlsx")
    files: tuple[Path, ...]
    loose: bool  # a loose file: cross checks happen after grouping by municipality


@dataclass
class Inbox:
    root: Path
    units: list[Unit]
    findings: list[Finding] = field(default_factory=list)  # rejected zip entries

    def rel(self, path: str | Path) -> str:
        """A file's name as shown to people: relative to the inbox root."""
        p = Path(path)
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _visible(p: Path, root: Path) -> bool:
    parts = p.relative_to(root).parts
    return not any(
        part.startswith(".") or part.startswith("~$") or part in JUNK_PARTS for part in parts
    )


def _files_under(folder: Path, root: Path) -> tuple[Path, ...]:
    return tuple(
        sorted(
            (
                f
                for f in folder.rglob("*")
                if f.is_file() and not f.is_symlink() and _visible(f, root)
            ),
            key=lambda f: f.relative_to(root).as_posix(),
        )
    )


def find_units(root: Path, exclude: frozenset[Path] = frozenset()) -> tuple[Path, list[Unit]]:
    """Subfolders are submissions, loose files are units of their own.

    A root holding nothing but one folder that itself holds only folders (a zipped
    "indbakke/") is descended into.
    """
    base = root
    while True:
        entries = [e for e in base.iterdir() if _visible(e, root) and not e.is_symlink()]
        if (
            len(entries) == 1
            and entries[0].is_dir()
            and not any(e.is_file() for e in entries[0].iterdir() if _visible(e, root))
        ):
            base = entries[0]  # a wrapper folder holding only submission folders
            continue
        break
    units: list[Unit] = []
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.is_dir():
            files = _files_under(entry, root)
            if exclude:
                files = tuple(f for f in files if f.resolve() not in exclude)
            if files:
                units.append(Unit(entry.relative_to(base).as_posix(), files, loose=False))
        elif entry.is_file() and not (exclude and entry.resolve() in exclude):
            units.append(Unit(entry.name, (entry,), loose=True))
    return base, units


def _safe_member(name: str) -> PurePosixPath | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or not p.parts or ".." in p.parts or ":" in p.parts[0]:
        return None
    return p


def _entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as the sender wrote it.

    Without the UTF-8 flag Python reads a name as cp437, which turns "ansøgning.docx"
    into "ans├╕gning.docx": Linux zip tools store UTF-8 without the flag, Windows'
    "Send til > Komprimeret mappe" stores the OEM code page (cp850 in Denmark).
    """
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    raw = name.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850")


def _reject(name: str, why: str) -> Finding:
    return BULK_ZIP_ENTRY_UNSAFE.finding(
        f"{name} i indbakke-zip'en er ikke pakket ud: {why}.",
        file=name,
    )


def extract_zip(zip_path: Path, dest: Path, limits: InboxLimits = INBOX_LIMITS) -> list[Finding]:
    """Extract regular files safely; hostile entries are skipped with a finding each.

    Raises HirDocsError when the zip as a whole cannot be used.
    """
    findings: list[Finding] = []
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise HirDocsError(
            f"{zip_path.name} kan ikke åbnes som zip-fil (teknisk årsag: {type(exc).__name__}). "
            "Pak indbakken ud, eller lav zip-filen igen."
        ) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise HirDocsError(
                f"{zip_path.name} har {len(infos)} filer; grænsen er {limits.max_entries}."
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_total:
            raise HirDocsError(
                f"{zip_path.name} fylder {total // 1024**2} MB udpakket; grænsen er "
                f"{limits.max_total // 1024**2} MB (mulig zip-bombe)."
            )
        seen: set[str] = set()
        for info in infos:
            if info.is_dir():
                continue
            name = _entry_name(info)
            member = _safe_member(name)
            if member is None:
                findings.append(_reject(name, "stien peger uden for indbakken"))
                continue
            key = member.as_posix().lower()
            mode = info.external_attr >> 16
            if mode and (mode & 0o170000) == 0o120000:
                findings.append(_reject(name, "det er et symbolsk link"))
                continue
            if info.flag_bits & 0x1:
                findings.append(_reject(name, "den er krypteret med adgangskode"))
                continue
            if info.file_size > limits.max_entry:
                findings.append(
                    _reject(name, f"den fylder {info.file_size // 1024**2} MB udpakket")
                )
                continue
            if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                findings.append(_reject(name, "den pakker sig ud til langt mere (mulig zip-bombe)"))
                continue
            if key in seen:
                findings.append(_reject(name, "navnet findes to gange i zip-filen"))
                continue
            seen.add(key)
            target = dest.joinpath(*member.parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError:  # a file where a folder should be, a name too long, ...
                findings.append(_reject(name, "navnet kan ikke bruges som fil i en mappe"))
                continue
            try:
                with zf.open(info) as src, target.open("wb") as out:
                    _copy_limited(src, out, limits.max_entry)
            except BaseException as exc:  # zlib.error, BadZipFile, EOFError, OSError, ...
                if not recoverable(exc):
                    raise
                with contextlib.suppress(OSError):  # a folder of that name, ...
                    target.unlink(missing_ok=True)
                why = (
                    "navnet kan ikke bruges som fil i en mappe"
                    if isinstance(exc, OSError)
                    else f"den er beskadiget (teknisk årsag: {technical_name(exc)})"
                )
                findings.append(_reject(name, why))
                continue
            _keep_time(target, info)
    return findings


def _keep_time(target: Path, info: zipfile.ZipInfo) -> None:
    """Give the extracted file the time stored in the zip entry: which of two
    submissions is the newer is decided from it (``bulk/resubmissions``)."""
    try:
        stamp = time.mktime((*info.date_time, 0, 0, -1))
        os.utime(target, (stamp, stamp))
    except (OverflowError, ValueError, OSError):
        pass


def _copy_limited(src: object, out: object, limit: int) -> None:
    written = 0
    while True:
        chunk = src.read(1 << 20)  # type: ignore[attr-defined]
        if not chunk:
            return
        written += len(chunk)
        if written > limit:  # the header lied about the size
            raise ValueError("entry larger than declared")
        out.write(chunk)  # type: ignore[attr-defined]


@contextlib.contextmanager
def open_inbox(path: Path, exclude: Iterable[Path] = ()) -> Iterator[Inbox]:
    """Yield the inbox's units; a .zip is extracted to a temporary folder for the duration.

    ``exclude``: our own output files, when they are written inside the inbox folder.
    """
    if path.is_dir():
        inside = frozenset(
            r for r in (p.resolve() for p in exclude) if r.is_relative_to(path.resolve())
        )
        base, units = find_units(path, inside)
        yield Inbox(base, units)
        return
    if path.suffix.lower() != ".zip" or not path.is_file():
        raise HirDocsError(f"{path} er hverken en mappe eller en .zip-fil med indsendelser.")
    tmp = Path(tempfile.mkdtemp(prefix="hir-inbox-"))
    try:
        findings = extract_zip(path, tmp)
        base, units = find_units(tmp)
        wrapper = base.relative_to(tmp).as_posix() + "/"  # "indbakke/" of a zipped folder
        if wrapper != "./":  # name rejected entries as the extracted files are named
            findings = [
                replace(f, file=f.file[len(wrapper) :])
                if f.file and f.file.startswith(wrapper)
                else f
                for f in findings
            ]
        yield Inbox(base, units, findings)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
