"""A one-file cache of parsed calamine sheets.

Classifying a workbook (``pipeline.make_probe``) and reading it parse the same sheets.
For a 50.000-row sheet the parse is most of the cost, so both go through this cache:
the last workbook's parsed sheets are kept (keyed by path, size and mtime) until
another workbook is opened or ``release`` is called.

Every call into calamine runs inside ``failures.parser_call``: a Rust panic (a date cell
holding -1e15, ...) becomes an ordinary ``ParserCrash`` and prints nothing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from hir_docs.files import package
from hir_docs.files.failures import parser_call

_key: tuple[str, int, int] | None = None
_workbook: Any = None
_sheets: dict[str, Any] = {}


def workbook(path: Path) -> Any:
    """The CalamineWorkbook of ``path`` (cached while it is the current file).

    Inside a check (``package.one_file``) an .xlsx file is parsed from the bytes the
    safety pass looked at, kept in memory: calamine reads exactly what was checked (not
    the file as it may be on the disk a moment later), without reading it again."""
    global _key, _workbook, _sheets
    # Keyed by the path as given, not resolved: the readers ask for each sheet, and
    # resolving costs a system call per folder of the path each time (another spelling of
    # the same file only opens it again). Inside a check the file is looked up once.
    key = package.file_key(path)
    if key != _key or _workbook is None:
        found = package.kept(path) if path.suffix.lower() == ".xlsx" else None
        _workbook = None
        if found is not None:
            try:
                with parser_call():
                    _workbook = CalamineWorkbook.from_filelike(io.BytesIO(found.data))
            except Exception:  # noqa: BLE001 - opened from the path below, whose failure
                pass  # is the one reported (its technical name, as always)
        if _workbook is None:
            with parser_call():
                _workbook = CalamineWorkbook.from_path(str(path))
        _key = key
        _sheets = {}
    return _workbook


def sheet_names(path: Path) -> list[str]:
    return list(workbook(path).sheet_names)


_FROM_A1 = {"skip_empty_area", "nrows"}  # the arguments of the probe's and readers' calls


class GuardedSheet:
    """A CalamineSheet whose ``to_python`` runs inside ``parser_call``.

    The probe asks for the first rows of every sheet, a reader then for the whole sheet
    (both from A1: ``skip_empty_area=False``). When the first rows were all of it (fewer
    rows than asked for), that list is the whole sheet, and it is handed on once, to the
    next caller asking for the whole sheet, instead of being converted again."""

    __slots__ = ("_sheet", "_whole")

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._whole: list[list[Any]] | None = None

    def to_python(self, *args: Any, **kwargs: Any) -> Any:
        from_a1 = not args and kwargs.get("skip_empty_area") is False and kwargs.keys() <= _FROM_A1
        nrows = kwargs.get("nrows")
        if from_a1 and "nrows" not in kwargs and self._whole is not None:
            whole, self._whole = self._whole, None
            return whole
        with parser_call():
            rows = self._sheet.to_python(*args, **kwargs)
        if from_a1 and isinstance(nrows, int) and len(rows) < nrows:
            self._whole = rows
        return rows

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)


def sheet(path: Path, name: str) -> Any:
    """The parsed CalamineSheet ``name`` of ``path`` (cached)."""
    wb = workbook(path)
    if name not in _sheets:
        with parser_call():
            _sheets[name] = GuardedSheet(wb.get_sheet_by_name(name))
    return _sheets[name]


def release(path: Path | None = None) -> None:
    """Forget the cached workbook (all, or only if it is ``path``)."""
    global _key, _workbook, _sheets
    if path is not None and _key is not None and not _same_file(_key[0], path):
        return
    _key, _workbook, _sheets = None, None, {}


def _same_file(cached: str, path: Path) -> bool:
    if cached == os.fspath(path):
        return True
    try:
        return Path(cached).resolve() == path.resolve()
    except (OSError, RuntimeError):  # a folder gone, a symlink loop: not the same file
        return False
