"""LibreOffice headless: convert documents (PDF for people, re-saves for tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from hir_docs.findings import HirDocsError


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(src: Path, fmt: str, outdir: Path, timeout: int = 180) -> Path:
    """Convert ``src`` to ``fmt`` ("pdf", "docx", "xlsx") in ``outdir``; return the new file.

    Uses a private profile directory, so several conversions may run at once.
    Raises HirDocsError with a Danish message when LibreOffice is missing or fails.
    """
    soffice = find_soffice()
    if soffice is None:
        raise HirDocsError(
            "LibreOffice er ikke installeret, så der kan ikke laves PDF. "
            "Installér LibreOffice (fx 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui')."
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hir-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = dict(os.environ, HOME=profile)
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise HirDocsError(f"LibreOffice svarede ikke inden for {timeout} sekunder.") from exc
    target = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    if proc.returncode != 0 or not target.exists():
        err = proc.stderr.decode("utf-8", "replace").strip()[:300]
        raise HirDocsError(f"LibreOffice kunne ikke konvertere {src.name}: {err}")
    return target


def pdf_text(pdf: Path) -> str:
    """Text of a PDF via pdftotext (poppler-utils)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise HirDocsError("pdftotext (poppler-utils) er ikke installeret.")
    proc = subprocess.run(
        [exe, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    )
    return proc.stdout.decode("utf-8", "replace")
