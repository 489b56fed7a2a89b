"""Shared helpers of the web tests: the example files, a zip in memory, a free port."""

from __future__ import annotations

import io
import socket
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VIBORG = EXAMPLES / "viborg"
SUBMISSION = ["ansoegning.docx", "budget.xlsx", "fraflyttede_borgere.xlsx"]


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def inbox_zip() -> bytes:
    """examples/inbox as one zip (a folder per submission)."""
    root = EXAMPLES / "inbox"
    return zip_of(
        {
            f.relative_to(root).as_posix(): f.read_bytes()
            for f in sorted(root.rglob("*"))
            if f.is_file()
        }
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
