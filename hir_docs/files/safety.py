"""Safe opening of untrusted Office files (and PDFs: size and header).

Before any parser sees a file we check its size, that it is a real OOXML zip, the
zip's entry count, uncompressed size and compression ratio, encryption (OLE
container), macros (vbaProject.bin / macro-enabled content types) and XML entity
declarations. Each problem is one error finding naming the file.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hir_docs.files import package
from hir_docs.files.failures import corrupt_finding, guard_reports, technical_name
from hir_docs.findings import Finding
from hir_docs.rules.file import (
    FILE_EMPTY,
    FILE_ENCRYPTED,
    FILE_MACROS,
    FILE_NOT_OFFICE,
    FILE_NOT_PDF,
    FILE_OLD_FORMAT,
    FILE_TOO_LARGE,
    FILE_UNREADABLE,
    FILE_XML_ENTITIES,
    FILE_ZIP_BOMB,
)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_entries: int = 5_000
    max_uncompressed: int = 300 * 1024 * 1024
    max_entry_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 150  # for entries above ratio_min_bytes
    ratio_min_bytes: int = 2 * 1024 * 1024
    xml_head_bytes: int = 4096
    max_xml_part: int = 64 * 1024 * 1024  # a real form's document.xml is < 2 MB
    max_prolog_bytes: int = 1024 * 1024  # XML before the root element (DOCTYPE lives here)
    pdf_header_bytes: int = 1024  # "%PDF-" must be within the first kilobyte


LIMITS = Limits()
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_SUFFIXES = {".docm", ".xlsm", ".dotm", ".xltm", ".xlsb"}
HINT_RESAVE = "Åbn filen i Word/Excel, og gem den igen som .docx eller .xlsx."


def inspect_file(path: Path, limits: Limits = LIMITS) -> list[Finding]:
    """Return error findings for a file that must not be parsed; [] when it is safe."""
    name = str(path)
    try:
        return _inspect_file(path, limits)
    except BaseException as exc:  # one finding on the file, whatever went wrong
        if not guard_reports(exc):
            raise
        return [corrupt_finding(name, exc)]


def _inspect_file(path: Path, limits: Limits) -> list[Finding]:
    name = str(path)
    try:
        size = path.stat().st_size
    except TimeoutError:  # the file's time is up (an OSError too): not about the file
        raise
    except OSError as exc:
        return [FILE_UNREADABLE.finding(_os_message(exc), file=name)]
    if size == 0:
        return [
            FILE_EMPTY.finding(
                "Filen er tom (0 byte).",
                file=name,
            )
        ]
    if size > limits.max_file_bytes:
        return [
            FILE_TOO_LARGE.finding(
                f"Filen fylder {size // (1024 * 1024)} MB; grænsen er {limits.max_file_bytes // (1024 * 1024)} MB.",
                file=name,
            )
        ]
    if path.suffix.lower() == ".pdf":
        return _inspect_pdf(path, limits)
    found = package.kept(path)  # already read whole in this check (``package.one_file``)
    if found is not None:
        data = found.data
        head = data[:8]
    else:
        with path.open("rb") as fh:
            head = fh.read(8)
            # A zip package is read whole (at most max_file_bytes): every check below
            # reads from memory, not part by part from the disk.
            data = (
                head + package.read_at_most(fh, limits.max_file_bytes - len(head), size - len(head))
                if head[:2] == b"PK"
                else b""
            )
    if head == OLE_MAGIC:
        # Encrypted OOXML is stored in an OLE container; so are old .doc/.xls.
        return [_ole_finding(path)]
    if path.suffix.lower() in MACRO_SUFFIXES:
        return [_macro_finding(name)]
    if not head.startswith(b"PK"):
        return [
            FILE_NOT_OFFICE.finding(
                "Filen er ikke et rigtigt Word- eller Excel-dokument (måske en tekstfil eller PDF med forkert endelse).",
                file=name,
                hint=HINT_RESAVE,
            )
        ]
    try:
        # Its directory read once, for both passes (and, inside ``package.one_file``, for
        # the readers after them: the scope closes it).
        zf = found.zf if found is not None else zipfile.ZipFile(io.BytesIO(data))
    except BaseException as exc:  # BadZipFile, a truncated directory, ...
        if not guard_reports(exc):
            raise
        return [corrupt_finding(name, exc)]
    kept = found is not None or package.keep(path, data, zf)
    with contextlib.nullcontext(zf) if kept else zf:
        problems = inspect_zip(path, limits, zf)
        if not problems and path.suffix.lower() == ".ods":
            from hir_docs.files.odfguard import inspect_ods  # repeated cells (issue 15)

            return inspect_ods(path)
        if problems or path.suffix.lower() != ".xlsx":
            return problems
        from hir_docs.files.sheetguard import inspect_sheets  # huge ranges / merged cells

        return inspect_sheets(path, zf=zf)


def _inspect_pdf(path: Path, limits: Limits) -> list[Finding]:
    """A PDF (read by pypdf with page and text caps, ``readers.pdf``): it must start with
    the PDF header within the first kilobyte, as PDF readers require."""
    with path.open("rb") as fh:
        head = fh.read(limits.pdf_header_bytes)
    if b"%PDF-" in head:
        return []
    return [
        FILE_NOT_PDF.finding(
            f"{path.name} hedder .pdf, men er ikke en pdf-fil (den mangler pdf-filers kendetegn "
            "i starten af filen).",
            file=str(path),
        )
    ]


def _os_message(exc: OSError) -> str:
    """Why the system would not open the file, in Danish (its own text is English)."""
    reasons = {FileNotFoundError: "den findes ikke", PermissionError: "der er ikke adgang til den"}
    for kind, reason in reasons.items():
        if isinstance(exc, kind):
            return f"Filen kan ikke åbnes: {reason}."
    return f"Filen kan ikke åbnes (teknisk årsag: {technical_name(exc)})."


def _ole_finding(path: Path) -> Finding:
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    # Encrypted OOXML packages carry an "EncryptionInfo" stream (UTF-16 name).
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or "EncryptedPackage".encode("utf-16-le") in data
    ):
        return FILE_ENCRYPTED.finding(
            "Filen er beskyttet med adgangskode og kan ikke læses.",
            file=str(path),
        )
    return FILE_OLD_FORMAT.finding(
        "Filen er i det gamle Word/Excel-format (.doc/.xls).",
        file=str(path),
    )


def _macro_finding(name: str) -> Finding:
    return FILE_MACROS.finding(
        "Filen indeholder makroer (makroaktiveret .docm/.xlsm). Den åbnes ikke af sikkerhedshensyn.",
        file=name,
    )


def inspect_zip(
    path: Path, limits: Limits = LIMITS, opened: zipfile.ZipFile | None = None
) -> list[Finding]:
    """The package's problems; ``opened``: the package already open (left open)."""
    name = str(path)
    try:
        with contextlib.nullcontext(opened) if opened is not None else zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_entries:
                return [_bomb(name, f"{len(infos)} dele i pakken")]
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > limits.max_entry_uncompressed:
                    return [
                        _bomb(
                            name,
                            f"delen {info.filename} fylder {info.file_size // (1024 * 1024)} MB udpakket",
                        )
                    ]
                if (
                    info.file_size > limits.ratio_min_bytes
                    and info.file_size > limits.max_ratio * max(info.compress_size, 1)
                ):
                    return [
                        _bomb(
                            name,
                            f"delen {info.filename} pakkes {info.file_size // max(info.compress_size, 1)} gange ud",
                        )
                    ]
                low = info.filename.lower()
                if low.endswith("vbaproject.bin"):
                    return [_macro_finding(name)]
                if low.endswith((".xml", ".rels")) and info.file_size > limits.max_xml_part:
                    return [
                        _bomb(
                            name,
                            f"XML-delen {info.filename} fylder {info.file_size // (1024 * 1024)} MB udpakket",
                        )
                    ]
            if total > limits.max_uncompressed:
                return [_bomb(name, f"{total // (1024 * 1024)} MB udpakket")]
            names = {i.filename for i in infos}
            odf = path.suffix.lower() in ODF_MIMETYPES
            if odf:  # LibreOffice's own format: a mimetype entry, no [Content_Types].xml
                problem = _odf_problem(zf, name, path.suffix.lower(), names)
                if problem is not None:
                    return [problem]
            elif "[Content_Types].xml" not in names:
                return [
                    FILE_NOT_OFFICE.finding(
                        "Filen er en zip-fil, men ikke et Word- eller Excel-dokument.",
                        file=name,
                        hint=HINT_RESAVE,
                    )
                ]
            wrong = None if odf else _wrong_program(path.suffix.lower(), names)
            if wrong:
                return [FILE_NOT_OFFICE.finding(wrong, file=name, hint=HINT_RESAVE)]
            # The sheet guard inflates each worksheet whole right after this pass (and
            # keeps it for the readers): its prolog is read from that one inflation.
            sheets = path.suffix.lower() == ".xlsx"
            for info in infos:
                low = info.filename.lower()
                if not (low.endswith(".xml") or low.endswith(".rels")):
                    continue
                whole = (
                    package.inflated(zf, info.filename, package.WHOLE_SHEET_BYTES)
                    if sheets and package.WORKSHEET.fullmatch(info.filename)
                    else None
                )
                head = (
                    _prolog(io.BytesIO(whole), limits)
                    if whole is not None
                    else package.with_part(zf, info, lambda fh: _prolog(fh, limits))
                )
                if head is None or b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    return [
                        FILE_XML_ENTITIES.finding(
                            f"Filen indeholder XML-entitetserklæringer i {info.filename} og åbnes ikke af sikkerhedshensyn.",
                            file=name,
                            hint=HINT_RESAVE,
                        )
                    ]
                if low == "[content_types].xml" and b"macroEnabled" in head:
                    return [_macro_finding(name)]
    except BaseException as exc:  # zlib.error, BadZipFile, EOFError, MemoryError, ...
        if not guard_reports(exc):
            raise
        return [corrupt_finding(name, exc)]
    return []


_WORD = {".docx", ".docm", ".dotx", ".dotm"}
_EXCEL = {".xlsx", ".xlsm", ".xltx", ".xltm"}


def _wrong_program(suffix: str, names: set[str]) -> str | None:
    """A Word name on an Excel package (or the reverse): say so plainly."""
    word = any(n.startswith("word/") for n in names)
    excel = any(n.startswith("xl/") for n in names)
    if suffix in _WORD and not word:
        what = "et Excel-regneark" if excel else "ikke et Word-dokument"
        return f"Filen hedder {suffix}, men er {what}."
    if suffix in _EXCEL and not excel:
        what = "et Word-dokument" if word else "ikke et Excel-regneark"
        return f"Filen hedder {suffix}, men er {what}."
    return None


# OpenDocument (LibreOffice) stand-ins for the forms: read to help, reported as an error.
ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_ODF_NAMES = {".odt": "et OpenDocument-tekstdokument", ".ods": "et OpenDocument-regneark"}


def _odf_problem(zf: zipfile.ZipFile, name: str, suffix: str, names: set[str]) -> Finding | None:
    """An .odt/.ods package: the right mimetype, its content.xml, and no macros."""
    mimetype = zf.read("mimetype")[:200].strip() if "mimetype" in names else b""
    if mimetype != ODF_MIMETYPES[suffix] or "content.xml" not in names:
        return FILE_NOT_OFFICE.finding(
            f"Filen hedder {suffix}, men er ikke {_ODF_NAMES[suffix]}.",
            file=name,
            hint=HINT_RESAVE,
        )
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        return _macro_finding(name)
    return None


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _prolog(fh: package.Readable, limits: Limits) -> bytes | None:
    """The XML before the root element (where a DOCTYPE must stand), as ASCII-ish bytes.

    Reads in chunks until the root element starts; None when there is none within
    ``max_prolog_bytes`` (a padded prolog hiding a DOCTYPE is treated as hostile).
    UTF-16 parts are decoded first so ``<!DOCTYPE`` cannot hide between NUL bytes.
    """
    data = b""
    while len(data) < limits.max_prolog_bytes:
        chunk = fh.read(limits.xml_head_bytes)
        if not chunk:
            break
        data += chunk
        text = _ascii(data)
        if _ROOT_START.search(text):
            return text
    text = _ascii(data)
    return text if not data or _ROOT_START.search(text) else None


def _ascii(data: bytes) -> bytes:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:64]):
        enc = "utf-16-be" if data[:2] == b"\xfe\xff" or data[:1] == b"\x00" else "utf-16-le"
        return data.decode(enc, "ignore").encode("ascii", "ignore")
    return data


def _bomb(name: str, detail: str) -> Finding:
    return FILE_ZIP_BOMB.finding(
        f"Filen afvises: {detail} – langt mere end et normalt skema (mulig zip-bombe).",
        file=name,
    )
