"""python-stdnum's Danish numbers (CPR, CVR), imported without loading OpenSSL.

stdnum's shared helpers (``stdnum.util``) import ``ssl`` and ``pydoc`` at their top for
their online look-ups and their module descriptions, which hir-docs never calls. Loading
OpenSSL alone costs a process about 20 ms: a fifth of the imports of a check of a
citizen sheet. While stdnum is first imported, each of them not loaded yet stands in
``sys.modules`` as a stand-in that passes everything asked of it on to the real module
(loaded then), and leaves ``sys.modules`` again afterwards, so every import after it gets
the real module as always.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

DEFERRED = ("ssl", "pydoc")
_LOCK = threading.Lock()


class _Deferred(ModuleType):
    """A stand-in for a module: what is asked of it, or set on it, goes to the real
    module, loaded the first time."""

    def _real(self) -> ModuleType:
        name = self.__name__
        if sys.modules.get(name) is self:  # asked while stdnum is being imported
            sys.modules.pop(name, None)
        return __import__(name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._real(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        setattr(self._real(), attr, value)


@contextlib.contextmanager
def _stand_ins() -> Iterator[None]:
    with _LOCK:
        stand_ins: dict[str, ModuleType] = {}
        try:
            for name in DEFERRED:
                if name not in sys.modules:
                    stand_ins[name] = sys.modules[name] = _Deferred(name)
            yield
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    sys.modules.pop(name, None)


def _danish() -> tuple[ModuleType, ModuleType]:
    """``stdnum.dk.cpr`` and ``stdnum.dk.cvr``: the first time without OpenSSL; later
    through the import statement, which waits for a module another thread is still
    loading."""
    first = not {"stdnum.dk.cpr", "stdnum.dk.cvr"} <= sys.modules.keys()
    with _stand_ins() if first else contextlib.nullcontext():
        from stdnum.dk import cpr as cpr_numbers
        from stdnum.dk import cvr as cvr_numbers
    return cpr_numbers, cvr_numbers


def cpr() -> ModuleType:
    """``stdnum.dk.cpr``."""
    return _danish()[0]


def cvr() -> ModuleType:
    """``stdnum.dk.cvr``."""
    return _danish()[1]
