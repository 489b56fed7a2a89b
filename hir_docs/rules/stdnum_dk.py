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

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
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


def cpr() -> ModuleType:
    """``stdnum.dk.cpr``."""
    if "stdnum.dk.cpr" not in sys.modules:  # the first time: without OpenSSL
        with _stand_ins():
            from stdnum.dk import cpr as first

        return first
    # The import statement waits for a module another thread is still loading.
    from stdnum.dk import cpr as loaded

    return loaded


def cvr() -> ModuleType:
    """``stdnum.dk.cvr``."""
    if "stdnum.dk.cvr" not in sys.modules:
        with _stand_ins():
            from stdnum.dk import cvr as first

        return first
    from stdnum.dk import cvr as loaded

    return loaded
