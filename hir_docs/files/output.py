"""Writing outputs safely: atomically, never over an existing file without force,
and never letting submission text become a spreadsheet formula."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hir_docs.findings import HirDocsError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ensure_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise HirDocsError(
            f"{path} findes allerede. Brug --force for at overskrive, eller vælg et andet navn."
        )
    path.parent.mkdir(parents=True, exist_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, writer: Callable[[Path], None], *, force: bool = False) -> Path:
    """Call ``writer(tmp_path)`` and move the result into place in one rename."""
    ensure_writable(path, force)
    import tempfile  # only when a file is written

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp creates 0600; use normal permissions
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return path


def atomic_write_bytes(path: Path, data: bytes, *, force: bool = False) -> Path:
    def write(p: Path) -> None:
        p.write_bytes(data)

    return atomic_write(path, write, force=force)


def set_text(cell: Any, value: object) -> None:
    """Write submission text into an openpyxl cell as text, never as a formula.

    openpyxl turns a string starting with "=" into a formula; we force the string
    type and, for any risky first character, set Excel's quote prefix so the cell
    also stays text when a person edits it.
    """
    if value is None:
        cell.value = None
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
