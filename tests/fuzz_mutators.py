"""A seeded, deterministic mutation fuzzer for the bundled blank forms and examples.

Three families of mutation (issue 10):

- ``bytes``: the file as bytes: bit flips, truncation, duplicated or zeroed chunks;
- ``parts``: the OOXML parts: elements deleted or duplicated, absurd attribute values,
  swapped cell types, shared-string indexes out of range, 1e308 / NaN / -1e308 numbers,
  control characters;
- ``content``: what a person types: formula starts ``= + - @``, 100.000-character
  strings, right-to-left overrides, emoji, CPR-like numbers, Danish amounts, impossible
  dates.

Mutant ``i`` of seed ``s`` depends only on ``(s, i)`` (``random.Random(f"{s}:{i}")``), so a
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

ROOT = Path(__file__).resolve().parents[1]
OFFICE = (".docx", ".xlsx")
FAMILIES = ("bytes", "parts", "content")
CONTRACT_KEYS = ("valid", "counts", "documents", "findings")


def seed_files(root: Path = ROOT) -> list[Path]:
    """Every blank form and example file (sorted: the same list on every machine)."""
    found = [
        p
        for folder in ("forms", "examples")
        for p in (root / folder).rglob("*")
        if p.is_file() and p.suffix.lower() in OFFICE
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


@dataclass(frozen=True)
class Mutant:
    index: int
    family: str
    operation: str
    source: str  # the seed file, relative to the project root
    suffix: str
    data: bytes

    @property
    def name(self) -> str:
        return f"#{self.index} {self.family}/{self.operation} of {self.source}"


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
            zout.writestr(info.filename, parts[info.filename])
    return "+".join(names), out.getvalue()


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
        path = Path(tmp) / f"mutant{m.suffix}"
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
    if res.exit_code not in (0, 1):
        return f"exit code {res.exit_code}"
    if res.stderr or native_err:
        return f"stderr: {(res.stderr + native_err)[:300]!r}"
    if "Traceback" in res.stdout:
        return "traceback on stdout"
    try:
        data = json.loads(res.stdout)
    except ValueError:
        return f"stdout is not JSON: {res.stdout[:200]!r}"
    missing = [k for k in CONTRACT_KEYS if k not in data]
    if missing:
        return f"JSON lacks {missing}"
    if data["valid"] != (res.exit_code == 0):
        return "exit code disagrees with 'valid'"
    return None
