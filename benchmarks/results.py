"""Write a benchmark's results table into its own section of docs/benchmarks.md."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(name: str, markdown: str, path: Path = RESULTS) -> Path:
    """Replace the text between ``<!-- begin:NAME -->`` and ``<!-- end:NAME -->``."""
    begin, end = f"<!-- begin:{name} -->", f"<!-- end:{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    path.write_text(text, "utf-8")
    return path
