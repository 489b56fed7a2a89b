"""The golden master: every HIR output as compact text, recorded before pools become data.

    .venv/bin/python tests/golden/record.py          # rewrite tests/golden/*.txt
    .venv/bin/python tests/golden/record.py --check  # compare, print the differences

``tests/test_golden.py`` regenerates the same texts and compares them byte for byte. What is
recorded (fixed dates, so nothing depends on the clock; PDFs are skipped):
- ``check --format json`` of examples/viborg, every folder of examples/inbox and the error copy
  of examples/make_error_copy.py (paths relative to a fixed working folder);
- ``rules --format json``;
- the blank forms (``forms``): every XML part of each file, zip timestamps ignored;
- the project data made by ``report init`` and the reports rendered from examples/viborg
  (status, final, accounts; part accounts for 2018-H2): the text of every Word document, the
  cell values of every workbook, the annex JSON;
- the bulk overview of examples/inbox (cell values of every sheet) and its JSON summary;
- the annotated copies of the error copy (comments and notes text).
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"
TODAY = "2019-07-15"

# Zip parts whose bytes carry the clock or the machine (compared without them).
_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _cli(*args: object) -> str:
    from click.testing import CliRunner

    from hir_docs.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return f"exit {result.exit_code}\n{result.stdout}"


def _zip_parts(path: Path) -> str:
    """Every part of an OOXML file: XML parts as sha256 of the bytes without time stamps."""
    lines = [f"# {path.name}"]
    with zipfile.ZipFile(path) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            data = _STAMPS.sub(b"", z.read(info.filename))
            lines.append(f"{info.filename} {hashlib.sha256(data).hexdigest()[:16]}")
    return "\n".join(lines) + "\n"


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    lines = [f"# {path.name}"]
    body = d.element.body
    for el in body.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text)
    for section in d.sections:
        for p in section.header.paragraphs + section.footer.paragraphs:
            if p.text.strip():
                lines.append(f"[header/footer] {p.text}")
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" in z.namelist():
            xml = z.read("word/comments.xml").decode("utf-8")
            for c in re.findall(r"<w:comment\b.*?</w:comment>", xml, re.S):
                text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c))
                lines.append(f"[comment] {text}")
    return "\n".join(lines) + "\n"


def _xlsx_cells(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path, rich_text=False)
    lines = [f"# {path.name}"]
    for ws in wb.worksheets:
        lines.append(f"## {ws.title} ({ws.sheet_state})")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{cell.coordinate}={cell.value!r}")
                if cell.comment is not None:
                    lines.append(f"{cell.coordinate} [note] {cell.comment.text}")
    return "\n".join(lines) + "\n"


def _office_text(path: Path) -> str:
    if path.suffix == ".docx":
        return _docx_text(path)
    if path.suffix == ".xlsx":
        return _xlsx_cells(path)
    if path.suffix == ".json":
        return f"# {path.name}\n{path.read_text('utf-8')}\n"
    return f"# {path.name} ({path.stat().st_size > 0})\n"


def _folder(path: Path) -> str:
    return "".join(_office_text(f) for f in sorted(path.rglob("*")) if f.is_file())


def record() -> dict[str, str]:
    """name -> text of every recorded output (the files of tests/golden/)."""
    sys.path.insert(0, str(EXAMPLES))
    import make_error_copy

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        work = tmp / "work"
        shutil.copytree(EXAMPLES / "viborg", work / "viborg")
        shutil.copytree(EXAMPLES / "inbox", work / "inbox")
        with contextlib.redirect_stdout(open(os.devnull, "w")):  # noqa: SIM115
            make_error_copy.main(work / "fejl")
        with _cwd(work):
            check = ["check", "--format", "json", "--today", TODAY]
            out["check_viborg"] = _cli(*check, "viborg")
            for d in sorted((work / "inbox").iterdir()):
                out[f"check_inbox_{d.name}"] = _cli(*check, f"inbox/{d.name}")
            out["check_fejl"] = _cli(*check, "fejl")
            out["check_text"] = _cli("check", "--today", TODAY, "viborg", "fejl")
            out["rules"] = _cli("rules", "--format", "json")
            out["forms"] = _cli("forms", "forms") + "".join(
                _zip_parts(f) + _office_text(f) for f in sorted(Path("forms").iterdir())
            )
            out["init"] = _cli(
                "report", "init", "--application", "viborg/ansoegning.docx",
                "--budget", "viborg/budget.xlsx",
                "--out", "init/projektdata.xlsx",
            ) + _folder(Path("init"))  # fmt: skip
            pd = "viborg/projektdata.xlsx"
            reports = [
                ("status", ["--period", "2018-H2", "--registrations",
                            "viborg/registreringsskema.xlsx",
                            "--relocated", "viborg/fraflyttede_borgere.xlsx"]),
                ("final", []),
                ("accounts", []),
                ("accounts", ["--period", "2018-H2"]),
            ]  # fmt: skip
            for i, (kind, extra) in enumerate(reports):
                folder = f"r{i}"
                text = _cli("render", kind, pd, *extra, "--out", folder, "--today", TODAY)
                out[f"render_{i}_{kind}"] = text + _folder(Path(folder))
            out["bulk"] = _cli(
                "bulk", "inbox", "--out", "bulk/oversigt.xlsx", "--format", "json"
            ) + _folder(Path("bulk"))
            out["annotate"] = _cli(
                "check", "fejl", "--today", TODAY, "--annotate", "kommenteret"
            ) + _folder(Path("kommenteret"))
    return out


def main(argv: list[str]) -> int:
    texts = record()
    if "--check" in argv:
        bad = 0
        for name, text in texts.items():
            old = (GOLDEN / f"{name}.txt").read_text("utf-8")
            if old != text:
                bad += 1
                sys.stdout.writelines(
                    list(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                              name, name, n=1))[:80]
                )  # fmt: skip
        print(f"{bad} of {len(texts)} differ")
        return 1 if bad else 0
    for f in GOLDEN.glob("*.txt"):
        f.unlink()
    for name, text in texts.items():
        (GOLDEN / f"{name}.txt").write_text(text, "utf-8")
    print(f"{len(texts)} files written to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
