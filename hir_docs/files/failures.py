"""What to do when a parser fails on an untrusted file, whatever the failure.

Parsers fail in ways ordinary ``except Exception`` does not see: python-calamine turns a
Rust panic into ``pyo3_runtime.PanicException`` (a ``BaseException``), and the Rust panic
hook prints its message straight to file descriptor 2. Every place that reads one file
(``pipeline.process_file``, the safety pass, the sheet guard, the sheet cache used by the
probe and the readers) uses these helpers, so any failure becomes one finding on that
file and nothing reaches the user's terminal. Only a user's interrupt, an explicit exit
and a job's time limit (``JobTimeUp``) pass through.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import warnings
from collections.abc import Iterator

from hir_docs.findings import Finding
from hir_docs.pools import PoolError, PoolLacks
from hir_docs.rules.file import FILE_CORRUPT


class JobTimeUp(BaseException):
    """The caller's time limit is up (the web app's per-job alarm raises it): the run must
    stop, so it is never turned into a finding on the file being read at that moment."""


# Never swallowed: the user pressed Ctrl-C, the program is asked to exit, or the job's
# time is up.
FATAL: tuple[type[BaseException], ...] = (KeyboardInterrupt, SystemExit, GeneratorExit, JobTimeUp)


class ParserCrash(RuntimeError):
    """A parser failed with something that is not an ``Exception`` (e.g. a Rust panic).

    An ordinary, picklable exception, so callers' ``except Exception`` and process pools
    can handle it; the message names the original type.
    """


def recoverable(exc: BaseException) -> bool:
    """True for every failure that is about the file, not about the program. A broken pool
    file (``PoolError``, not a fact the pool lacks) is the installation's fault, never the
    document's: it stops the run with its own message naming the pool file and key."""
    if isinstance(exc, PoolError) and not isinstance(exc, PoolLacks):
        return False
    return not isinstance(exc, FATAL)


def guard_reports(exc: BaseException) -> bool:
    """True for a failure a file guard turns into a damaged-file finding: a recoverable
    one that is not the per-file time limit (bulk's alarm raises ``TimeoutError``, which
    the pipeline reports as a timeout, not as damage)."""
    return recoverable(exc) and not isinstance(exc, TimeoutError)


def technical_name(exc: BaseException) -> str:
    """The failure's type as shown in a finding ("zlib.error", "PanicException")."""
    if isinstance(exc, ParserCrash):
        return str(exc).split(":", 1)[0]
    module = type(exc).__module__
    name = type(exc).__name__
    return f"{module}.{name}" if module in ("zlib", "zipfile") else name


def corrupt_finding(file: str, exc: BaseException) -> Finding:
    """A package that fails while being unpacked or scanned (a broken deflate stream, a
    truncated zip, ...): one error finding on the file, whatever the exception."""
    return FILE_CORRUPT.finding(
        f"Filen er beskadiget og kan ikke åbnes (teknisk årsag: {technical_name(exc)}).",
        file=file,
    )


_mute_lock = threading.RLock()


class _Depth(threading.local):
    muted = 0  # how many ``native_stderr_muted`` this thread is inside


_depth = _Depth()


class native_stderr_muted:  # noqa: N801 - used as ``with native_stderr_muted():``
    """Send what native code writes to file descriptor 2 to /dev/null for a moment
    (a Rust panic prints its message there before Python sees the exception).

    A plain class, not a generator: every native parser call passes through it (about a
    hundred per check), and a generator-based context manager costs several times more.
    Inside another one (the probe mutes once around its look at a workbook's sheets) it
    only counts: the descriptor is already sent to /dev/null."""

    __slots__ = ("_saved", "_inner")

    def __enter__(self) -> None:
        _mute_lock.acquire()
        depth = _depth
        if depth.muted:
            depth.muted += 1
            self._inner = True
            return
        self._inner = False
        try:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            try:
                saved: int | None = os.dup(2)
            except OSError:  # no descriptor 2 at all: nothing to protect
                saved = None
            if saved is not None:
                try:
                    os.dup2(_devnull(), 2)
                except BaseException:
                    os.dup2(saved, 2)
                    os.close(saved)
                    raise
            self._saved = saved
            depth.muted = 1
        except BaseException:
            _mute_lock.release()
            raise

    def __exit__(self, *exc_info: object) -> None:
        try:
            _depth.muted -= 1
            if self._inner:
                return
            saved = self._saved
            if saved is not None:
                try:
                    os.dup2(saved, 2)
                finally:
                    os.close(saved)
        finally:
            _mute_lock.release()


_devnull_fd: int | None = None


def _devnull() -> int:
    """One descriptor of /dev/null per process, opened on first use (every native parser
    call mutes stderr: a check makes about a hundred such calls)."""
    global _devnull_fd
    if _devnull_fd is None:
        _devnull_fd = os.open(os.devnull, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    return _devnull_fd


@contextlib.contextmanager
def library_output_muted() -> Iterator[None]:
    """Run a pure-Python parser (openpyxl) without its warnings and prints reaching the
    terminal: openpyxl warns about absurd date serials and prints "N is out of range"
    for a broken style index. What is wrong in the file is reported as findings."""
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        yield


class parser_call:  # noqa: N801 - used as ``with parser_call():``
    """Run a native parser call: its stderr muted, a non-``Exception`` failure turned into
    ``ParserCrash`` (KeyboardInterrupt, SystemExit and JobTimeUp pass through).

    A plain class, not a generator (see ``native_stderr_muted``)."""

    __slots__ = ("_mute",)

    def __enter__(self) -> None:
        self._mute = native_stderr_muted()
        self._mute.__enter__()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        self._mute.__exit__(kind, exc, tb)
        if exc is None or isinstance(exc, Exception) or not recoverable(exc):
            return  # no failure, an ordinary exception, or one that must pass: as it is
        raise ParserCrash(f"{type(exc).__name__}: {exc}") from None
