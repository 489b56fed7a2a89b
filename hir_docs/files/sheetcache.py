"""A one-file cache of parsed calamine sheets.

Classifying a workbook (``pipeline.make_probe``) and reading it parse the same sheets.
For a 50.000-row sheet the parse is most of the cost, so both go through this cache:
the last workbook's parsed sheets are kept (keyed by path, size and mtime) until
another workbook is opened or ``release`` is called.

Every call into calamine runs inside ``failures.parser_call``: a Rust panic (a date cell
holding -1e15, ...) becomes an ordinary ``ParserCrash`` and prints nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from hir_docs.files.failures import parser_call

_key: tuple[str, int, int] | None = None
_workbook: Any = None
_sheets: dict[str, Any] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    # The path as given, not resolved: the readers ask for each sheet, and resolving costs
    # a system call per folder of the path each time. Another spelling of the same file
    # only opens it again.
    st = os.stat(path)
    return (os.fspath(path), st.st_size, st.st_mtime_ns)


def workbook(path: Path) -> Any:
    """The CalamineWorkbook of ``path`` (cached while it is the current file)."""
    global _key, _workbook, _sheets
    key = _stat_key(path)
    if key != _key or _workbook is None:
        with parser_call():
            _workbook = CalamineWorkbook.from_path(str(path))
        _key = key
        _sheets = {}
    return _workbook


def sheet_names(path: Path) -> list[str]:
    return list(workbook(path).sheet_names)


class GuardedSheet:
    """A CalamineSheet whose ``to_python`` runs inside ``parser_call``."""

    __slots__ = ("_sheet",)

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet

    def to_python(self, *args: Any, **kwargs: Any) -> Any:
        with parser_call():
            return self._sheet.to_python(*args, **kwargs)

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
