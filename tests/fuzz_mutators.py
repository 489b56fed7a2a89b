"""A seeded, deterministic mutation fuzzer for the bundled blank forms and examples.

Three families of mutation (issue 10):

- ``bytes``: the file as bytes: bit flips, truncation, duplicated or zeroed chunks;
- ``parts``: the OOXML parts: elements deleted or duplicated, absurd attribute values,
  swapped cell types, shared-string indexes out of range, 1e308 / NaN / -1e308 numbers,
  control characters;
- ``content``: what a person types: formula starts ``= + - @``, 100.000-character
  strings, right-to-left overrides, emoji, CPR-like numbers, Danish amounts, impossible
  dates.

A fourth family, ``long-text`` (issue 21), is built rather than mutated: 100 KB-1 MB texts
(with and without spaces, digits, "@", separators, repeated Danish words, after a keyword
a pattern anchors on) in one application answer, one budget text cell, one citizen-sheet
cell or a file name as long as the file system allows (``long_text_mutants``). Such a
file must be checked without a crash finding, in linear time: ``check_in_subprocess``
runs ``hir-docs check`` in a child process with a time limit only a super-linear blow-up
reaches.

Every zip entry of a mutant carries the same fixed time stamp (``FIXED_ZIP_TIME``), so a
mutant is byte-for-byte the same whenever it is made. Mutant ``i`` of seed ``s`` depends only on ``(s, i)`` (``random.Random(f"{s}:{i}")``), so a
failure found by the big sweep (``benchmarks/fuzz_sweep.py``) is reproduced with
``mutant(i, seed=s)``. ``check_mutant`` runs ``hir-docs check --format json`` in process
(click's runner) and returns what is wrong with the run, or None.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OFFICE = (".docx", ".xlsx")
FAMILIES = ("bytes", "parts", "content")
CONTRACT_KEYS = ("valid", "counts", "documents", "findings")


# PDFs the PDF reader reads (an application with a text layer, a strategy attachment),
# built by ``tests/test_pdf_helpers.py`` and kept here so the byte family mutates them.
PDF_SEEDS = "tests/fuzz_seeds"


def seed_files(root: Path = ROOT) -> list[Path]:
    """Every blank form and example file, and the PDF seeds (sorted: the same list on
    every machine)."""
    found = [
        p
        for folder in ("forms", "examples")
        for p in (root / folder).rglob("*")
        if p.is_file() and p.suffix.lower() in OFFICE
    ]
    found += sorted((root / PDF_SEEDS).glob("*.pdf"))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


@dataclass(frozen=True)
class Mutant:
    index: int
    family: str
    operation: str
    source: str  # the seed file, relative to the project root
    suffix: str
    data: bytes
    filename: str = ""  # the name the file is checked under ("mutant<suffix>" when empty)

    @property
    def name(self) -> str:
        return f"#{self.index} {self.family}/{self.operation} of {self.source}"

    @property
    def file_name(self) -> str:
        return self.filename or f"mutant{self.suffix}"


# --------------------------------------------------------------------------- bytes


def _flip(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        pos = rng.randrange(len(buf))
        buf[pos] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 3) + data[at:]


def _zero_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 512))
    return data[:start] + b"\0" * (end - start) + data[end:]


BYTE_OPS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate-chunk": _duplicate_chunk,
    "zero-chunk": _zero_chunk,
}

# --------------------------------------------------------------------------- OOXML parts

_LEAF = re.compile(rb"<([\w:]+)(?:\s[^<>]*)?(?:/>|>[^<]*</\1>)")
_ATTR = re.compile(rb'(\s[\w:]+=")([^"]*)(")')
_TYPE = re.compile(rb'(<c\b[^>]*?\bt=")([^"]*)(")')
_CELL_NO_TYPE = re.compile(rb"<c\b(?![^>]*\bt=)([^>]*)>")
_SST_VALUE = re.compile(rb'(<c\b[^>]*\bt="s"[^>]*>\s*<v>)(\d+)(</v>)')
_VALUE = re.compile(rb"(<v>)([^<]*)(</v>)")
_TEXT = re.compile(rb"(<(?:w:)?t(?:\s[^>]*)?>)([^<]*)(</(?:w:)?t>)")

ABSURD_ATTRS = [
    b"",
    b"-1",
    b"0",
    b"999999999",
    b"99999999999999999999999",
    b"1e308",
    b"NaN",
    b"-2147483649",
    b"ZZZZ1",
    b"XFD1048577",
    b"A1:XFD1048576",
    b"A0",
    b"\xc3\xa6\xc3\xb8\xc3\xa5",
    b"&#1;",
    b"x" * 5000,
]
CELL_TYPES = [b"s", b"n", b"b", b"e", b"str", b"inlineStr", b"d", b"x"]
ABSURD_NUMBERS = [
    b"1e308",
    b"-1e308",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"-1e15",
    b"-1e16",
    b"1e15",
    b"2958466",
    b"-1",
    b"",
    b"abc",
    b"0x10",
    b"1,5",
    b"99999999999999999999999999999",
]
CONTROL = [b"&#1;", b"\x01", b"\x0b", b"\x1f", b"&#0;", b"\xef\xbf\xbe", b"\x00"]


def _xml_entries(zf: zipfile.ZipFile) -> list[str]:
    names = [i.filename for i in zf.infolist() if i.filename.endswith((".xml", ".rels"))]
    # The parts parsers read most: sheets, shared strings, document, workbook, styles.
    hot = [n for n in names if re.search(r"sheet|sharedStrings|document|workbook|styles", n)]
    return hot * 3 + names


def _sub_one(
    pattern: re.Pattern[bytes],
    xml: bytes,
    rng: random.Random,
    repl: Callable[[re.Match[bytes]], bytes],
) -> bytes:
    matches = list(pattern.finditer(xml))
    if not matches:
        return xml
    m = rng.choice(matches)
    return xml[: m.start()] + repl(m) + xml[m.end() :]


def _delete_element(xml: bytes, rng: random.Random) -> bytes:
    return _sub_one(_LEAF, xml, rng, lambda m: b"")


def _duplicate_element(xml: bytes, rng: random.Random) -> bytes:
    return _sub_one(_LEAF, xml, rng, lambda m: m.group(0) * rng.randint(2, 50))


def _absurd_attribute(xml: bytes, rng: random.Random) -> bytes:
    value = rng.choice(ABSURD_ATTRS)
    return _sub_one(_ATTR, xml, rng, lambda m: m.group(1) + value + m.group(3))


def _swap_cell_type(xml: bytes, rng: random.Random) -> bytes:
    t = rng.choice(CELL_TYPES)
    if rng.random() < 0.5 and _TYPE.search(xml):
        return _sub_one(_TYPE, xml, rng, lambda m: m.group(1) + t + m.group(3))
    return _sub_one(_CELL_NO_TYPE, xml, rng, lambda m: b'<c t="' + t + b'"' + m.group(1) + b">")


def _sst_out_of_range(xml: bytes, rng: random.Random) -> bytes:
    index = rng.choice([b"99999", b"-1", b"4294967296", b"1e3", b""])
    return _sub_one(_SST_VALUE, xml, rng, lambda m: m.group(1) + index + m.group(3))


def _absurd_number(xml: bytes, rng: random.Random) -> bytes:
    value = rng.choice(ABSURD_NUMBERS)
    return _sub_one(_VALUE, xml, rng, lambda m: m.group(1) + value + m.group(3))


def _control_chars(xml: bytes, rng: random.Random) -> bytes:
    ch = rng.choice(CONTROL)
    return _sub_one(_TEXT, xml, rng, lambda m: m.group(1) + m.group(2) + ch + m.group(3))


PART_OPS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "delete-element": _delete_element,
    "duplicate-element": _duplicate_element,
    "absurd-attribute": _absurd_attribute,
    "swap-cell-type": _swap_cell_type,
    "shared-string-out-of-range": _sst_out_of_range,
    "absurd-number": _absurd_number,
    "control-characters": _control_chars,
}

# --------------------------------------------------------------------------- content

CONTENT_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid","klik")',
    "+4512345678",
    "-3",
    "@SUM(A1:A3)",
    "x" * 100_000,
    "Projekt \u202eevitkejorp\u202c",
    "Ansøgning 😀🎉 ✅",
    "120384-1234",
    "1203841234",
    "Borger 010190 1111 bor her",
    "1.300.000 kr.",
    "1,3 mio. kr.",
    "-1.000.000,50 kr.",
    "kr. 12.000.000.000.000.000.000",
    "31-02-2018",
    "2018-13-45",
    "0000-00-00",
    "32. marts 2018",
    "1. april 99999",
    "",
    " ",
    "\t\n",
]
CONTENT_NUMBERS = [b"-1e15", b"1e308", b"-45000", b"2958466", b"43190.5", b"0", b"1e-300"]


def _xml_text(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _typed_text(xml: bytes, rng: random.Random) -> bytes:
    text = _xml_text(rng.choice(CONTENT_TEXTS))
    return _sub_one(_TEXT, xml, rng, lambda m: m.group(1) + text + m.group(3))


def _typed_number(xml: bytes, rng: random.Random) -> bytes:
    value = rng.choice(CONTENT_NUMBERS)
    return _sub_one(_VALUE, xml, rng, lambda m: m.group(1) + value + m.group(3))


CONTENT_OPS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "typed-text": _typed_text,
    "typed-number": _typed_number,
}


def _mutate_parts(
    data: bytes, rng: random.Random, ops: dict[str, Callable[[bytes, random.Random], bytes]]
) -> tuple[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i) for i in infos}
        candidates = _xml_entries(zin)
    names = []
    for _ in range(rng.randint(1, 3)):
        name, fn = rng.choice(sorted(ops.items()))
        names.append(name)
        entry = rng.choice(candidates)
        parts[entry] = fn(parts[entry], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(_fixed_time(info.filename), parts[info.filename])
    return "+".join(names), out.getvalue()


# Not the current time: two mutants made seconds apart must be the same bytes (issue 21).
FIXED_ZIP_TIME = (2018, 1, 1, 0, 0, 0)


def _fixed_time(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def mutant(
    index: int, seed: int = 0, root: Path = ROOT, families: tuple[str, ...] = FAMILIES
) -> Mutant:
    """Mutant ``index`` of ``seed`` (deterministic)."""
    rng = random.Random(f"{seed}:{index}")
    family = families[index % len(families)]
    seeds = seed_files(root)
    if family != "bytes":  # the example inbox holds a broken file on purpose
        seeds = [p for p in seeds if zipfile.is_zipfile(p)]
    source = seeds[rng.randrange(len(seeds))]
    data = source.read_bytes()
    if family == "bytes":
        op, fn = rng.choice(sorted(BYTE_OPS.items()))
        data = fn(data, rng)
    elif family == "parts":
        op, data = _mutate_parts(data, rng, PART_OPS)
    else:
        op, data = _mutate_parts(data, rng, CONTENT_OPS)
    return Mutant(
        index, family, op, source.relative_to(root).as_posix(), source.suffix.lower(), data
    )


def mutants(n: int, seed: int = 0, start: int = 0) -> Iterator[Mutant]:
    for i in range(start, start + n):
        yield mutant(i, seed)


# --------------------------------------------------------------------------- the contract


def check_mutant(m: Mutant, workdir: Path | None = None) -> str | None:
    """Run ``hir-docs check --format json`` on the mutant in process; what is wrong, or None.

    Asserts: exit code 0 or 1 and no exception; JSON of the contract on stdout; nothing on
    stderr (click's and, for native code, file descriptor 2); no traceback anywhere; the
    input's bytes unchanged.
    """
    from click.testing import CliRunner

    from hir_docs.cli import main

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / m.file_name
        path.write_bytes(m.data)
        native = Path(tmp) / "fd2.txt"
        with native.open("w+b") as fd2:
            saved = os.dup(2)
            os.dup2(fd2.fileno(), 2)
            try:
                res = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            fd2.seek(0)
            native_err = fd2.read().decode("utf-8", "replace")
        if path.read_bytes() != m.data:
            return "input file changed"
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        return f"exception {type(res.exception).__name__}: {res.exception}"
    problem, data = _contract(res.exit_code, res.stdout, res.stderr + native_err)
    if problem is None and m.family == "long-text":
        problem = _long_text_problem(data)
    return problem


def _contract(exit_code: int, stdout: str, stderr: str) -> tuple[str | None, dict[str, Any]]:
    """What is wrong with a finished ``check --format json`` run, and its JSON report."""
    if exit_code not in (0, 1):
        return f"exit code {exit_code}", {}
    if stderr:
        return f"stderr: {stderr[:300]!r}", {}
    if "Traceback" in stdout:
        return "traceback on stdout", {}
    try:
        data = json.loads(stdout)
    except ValueError:
        return f"stdout is not JSON: {stdout[:200]!r}", {}
    missing = [k for k in CONTRACT_KEYS if k not in data]
    if missing:
        return f"JSON lacks {missing}", data
    if data["valid"] != (exit_code == 0):
        return "exit code disagrees with 'valid'", data
    return None, data


# --------------------------------------------------------------------------- long texts

# What a long answer is made of: letters, spaces, digits, "@", the separators patterns
# split on, repeated Danish words our patterns look for.
LONG_UNITS = (
    "x", "a ", " ", "1", "1 ", "12 ", "1.", "@", "a@", ";", ",", "-", "\n",
    "sager ", "kr. ", "borgere ", "1 % ", "æ",
)  # fmt: skip
# A keyword a pattern anchors on, put before the long run ("tlf" + 100.000 spaces).
LONG_PREFIXES = ("", "tlf", "cvr", "fra", "Jobcenter ", "45 sager ", "kl. ")
LONG_SIZES = (100_000, 1_000_000)
# The longest file name the file system takes (255 bytes on Linux, less for "æ").
NAME_BYTES = 240


def _long(unit: str, size: int, prefix: str = "") -> str:
    return prefix + (unit * (size // len(unit) + 1))[:size]


def _application(path: Path, field: str, text: str) -> None:
    from hir_docs.forms.application import write_application

    write_application(path, {field: text})


def _budget(path: Path, field: str, text: str) -> None:
    from dataclasses import replace

    from hir_docs.forms.budget import EXAMPLE_LINES, write_budget

    if field in ("recipient", "project_name"):
        write_budget(path, **{field: text})
    else:  # a line's description or remark
        write_budget(path, lines=[replace(EXAMPLE_LINES[0], **{field: text}), *EXAMPLE_LINES[1:]])


def _relocated(path: Path, field: str, text: str) -> None:
    from citizen_helpers import ROW

    from hir_docs.forms.citizens import write_relocated

    write_relocated(path, [{**ROW, field: text}, {**ROW, "cpr": "010190-1111"}])


def _registrations(path: Path, field: str, text: str) -> None:
    import datetime as dt

    from hir_docs.forms.citizens import write_registrations

    row = {"citizen": "120384-1234", "caseworker": "Lene Eksempel"}
    row |= {"email": "lene.eksempel@viborg.dk", "hours": 37, "start": dt.date(2018, 3, 1)}
    write_registrations(path, [{**row, field: text}, {**row, "citizen": "010190-1111"}])


def _long_targets() -> list[tuple[str, str, str, Callable[[Path, str, str], None]]]:
    """(kind, field, suffix, writer) for every text field a long text goes in."""
    from hir_docs.forms.application_layout import FIELDS

    targets = [("application", key, ".docx", _application) for key in FIELDS]
    budget = ("recipient", "project_name", "function", "remark")
    targets += [("budget", key, ".xlsx", _budget) for key in budget]
    relocated = ("cpr", "name", "caseworker", "email", "destination")
    targets += [("relocated", key, ".xlsx", _relocated) for key in relocated]
    targets += [("registrations", k, ".xlsx", _registrations) for k in ("citizen", "caseworker")]
    return targets


# The example files a long file name is given to.
NAMED_EXAMPLES = ("examples/viborg/ansoegning.docx", "examples/viborg/budget.xlsx")


def long_text_mutant(
    kind: str, field: str, unit: str, size: int = LONG_SIZES[0], prefix: str = "", index: int = 0
) -> Mutant:
    """One long-text file: ``prefix`` + ``unit`` repeated to ``size`` characters in
    ``field`` of a ``kind`` form ("application", "budget", "relocated", "registrations"),
    or (kind "file-name", field an example file) in the file's name."""
    op = f"{kind}:{field}:{prefix}{unit!r}x{size:,}"
    if kind == "file-name":
        src = ROOT / field
        stem = _long(unit, NAME_BYTES, prefix).replace("/", "_").replace("\0", "_")
        while len(stem.encode()) > NAME_BYTES:
            stem = stem[:-1]
        data = src.read_bytes()
        return Mutant(index, "long-text", op, field, src.suffix, data, stem + src.suffix)
    [(suffix, write)] = [(sfx, w) for k, f, sfx, w in _long_targets() if (k, f) == (kind, field)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"long{suffix}"
        write(path, field, _long(unit, size, prefix))
        data = path.read_bytes()
    return Mutant(index, "long-text", op, f"built {kind}", suffix, data)


def long_text_cases(
    sizes: tuple[int, ...] = LONG_SIZES, kinds: tuple[str, ...] = ()
) -> list[tuple[str, str, str, int, str]]:
    """The whole grid (kind, field, unit, size, prefix), in a fixed order: every unit in
    every field at every size, every keyword prefix before spaces, digits and letters,
    every unit in a file name; only the forms in ``kinds`` when given."""
    if kinds:
        return [c for c in long_text_cases(sizes) if c[0] in kinds]
    cases = []
    for kind, field, _sfx, _w in _long_targets():
        for size in sizes:
            cases += [(kind, field, unit, size, "") for unit in LONG_UNITS]
            cases += [(kind, field, u, size, p) for p in LONG_PREFIXES[1:] for u in (" ", "1", "x")]
    for example in NAMED_EXAMPLES:
        cases += [("file-name", example, unit, NAME_BYTES, "") for unit in LONG_UNITS]
    return cases


def long_text_mutants(sizes: tuple[int, ...] = LONG_SIZES) -> Iterator[Mutant]:
    for i, (kind, field, unit, size, prefix) in enumerate(long_text_cases(sizes)):
        yield long_text_mutant(kind, field, unit, size, prefix, index=i)


# Codes that say our own code failed on the file rather than judged it.
CRASH_CODES = frozenset({"file-unreadable", "file-reader-crashed", "file-timeout"})


def check_in_subprocess(m: Mutant, workdir: Path, timeout: float = 60.0) -> str | None:
    """Run ``hir-docs check --format json`` on the mutant in a child process that is
    stopped after ``timeout`` seconds; what is wrong, or None.

    The contract of ``check_mutant`` (for a long text: no crash finding, ``CRASH_CODES``,
    and the file read as a form). The time limit is not a speed requirement (that is
    ``benchmarks/fuzz_sweep.py --long``): a check takes a second or two here, a limit of
    60 s is reached only by a blow-up (a quadratic pattern on 100 KB took 28 s, on
    1 MB it takes about an hour), so a loaded machine cannot make it fail.
    """
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / m.file_name
        path.write_bytes(m.data)
        code = "import sys; from hir_docs.cli import main; main(sys.argv[1:], prog_name='hir-docs')"
        try:
            run = subprocess.run(
                [sys.executable, "-c", code, "check", "--format", "json", str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=ROOT,
            )
        except subprocess.TimeoutExpired:
            return f"still running after {timeout:.0f} s: a pattern super-linear in the text?"
        if path.read_bytes() != m.data:
            return "input file changed"
    problem, data = _contract(run.returncode, run.stdout, run.stderr)
    return problem or _long_text_problem(data)


def _long_text_problem(report: dict[str, Any]) -> str | None:
    """A long text is content, not damage: no crash finding, and the file is read as a form
    unless the safety pass refused it with its own finding (a million empty paragraphs
    pack more than 150 times: ``file-zip-bomb``)."""
    codes = [f["code"] for f in report["findings"]]
    crashes = [c for c in codes if c in CRASH_CODES]
    if crashes:
        return f"crash findings {crashes}"
    kinds = [d.get("kind") for d in report["documents"]]
    refused = any(c.startswith("file-") and c != "file-unknown" for c in codes)
    if not kinds or ("unknown" in kinds and not refused):
        return f"not read as a form: {kinds} {codes[:5]}"
    return None
