"""Shared helpers of the web tests: the example files, a zip in memory, a real server."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("HIR_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VIBORG = EXAMPLES / "viborg"
SUBMISSION = ["ansoegning.docx", "budget.xlsx", "fraflyttede_borgere.xlsx"]


def inbox_zip() -> bytes:
    """examples/inbox as one zip (a folder per submission)."""
    root = EXAMPLES / "inbox"
    from hir_docs.web.downloads import zip_bytes

    return zip_bytes(
        (f.relative_to(root).as_posix(), f.read_bytes())
        for f in sorted(root.rglob("*"))
        if f.is_file()
    )


def free_port() -> int:
    """A port that was free a moment ago. Racy: another program may take it before the
    server binds it; prefer ``running_server``, which keeps the socket it bound."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(app: Any, **options: Any) -> Iterator[str]:
    """uvicorn serving ``app`` in a thread; yields its base URL ("http://127.0.0.1:PORT").

    The socket is bound here, to a port the system picks, and handed to uvicorn as it
    is: no moment in which the port is free for another program (a test run beside this
    one) to take. ``options``: more ``uvicorn.Config`` settings (log_level, access_log).
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120  # a bound in case it never starts, not a speed
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn startede ikke")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


# --- jobs for the worker tests (module-level, so a spawned worker can import them) -------


def stubborn_job(seconds: float, marker: str | None, limit: float) -> str:
    """A job the alarm cannot stop (SIGALRM blocked, as in long native code): it sleeps
    ``seconds``, then writes ``marker`` (when given) to show it was still running."""
    import signal
    import time

    from hir_docs.web.jobs import time_limit

    with time_limit(limit):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        try:
            time.sleep(seconds)
            if marker:
                Path(marker).write_text("still running", encoding="utf-8")
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    return "done"


def sleepy_job(seconds: float, limit: float) -> str:
    """A job that sleeps past its limit; the alarm stops it."""
    import time

    from hir_docs.web.jobs import time_limit

    with time_limit(limit):
        time.sleep(seconds)
    return "done"


def quick_job(limit: float) -> str:
    return "ok"


def stubborn_check(*args: object) -> object:
    """``jobs.check_and_annotate_job``'s signature, but never stops by itself."""
    limit = args[-1]
    assert isinstance(limit, float)
    return stubborn_job(60.0, None, limit)


def axe_script() -> str | None:
    """axe-core's script (the accessibility checker) for ``page.evaluate``: from
    ``HIR_AXE_JS`` if set, else the copy bundled by the test dependency
    ``axe-playwright-python``; None when neither is there."""
    from importlib.resources import files

    own = os.environ.get("HIR_AXE_JS")
    if own and Path(own).is_file():
        return Path(own).read_text(encoding="utf-8")
    try:
        bundled = files("axe_playwright_python") / "axe.min.js"
    except ModuleNotFoundError:
        return None
    return bundled.read_text(encoding="utf-8") if bundled.is_file() else None


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if chromium_path() is None:
        return "chromium er ikke installeret (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright er ikke installeret (pip install playwright)"
    return None


def console_error(message: Any) -> bool:
    """An error in the browser's console, but not the status of a page itself (a form
    error answers 400 on purpose); a file the page loads (/static/) that fails counts."""
    if message.type != "error":
        return False
    url = str((message.location or {}).get("url") or "")
    return not (message.text.startswith("Failed to load resource") and "/static/" not in url)
