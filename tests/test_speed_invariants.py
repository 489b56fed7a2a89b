"""The speed work of issue 24 (point 10) kept behaviour: header matching by lookup maps
every drifted header as the old loop over all synonyms did, the memory of normalised
texts is bounded, a budget header's role is the same remembered or not, and the project
data read with calamine equals what openpyxl read (openpyxl still reads a workbook that
holds an error value). No timings here: speed is measured by benchmarks/bench_web.py."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from projectdata_helpers import complete, example, second_project, write

from hir_docs import labels
from hir_docs.readers import budget_labels, projectdata_sheets
from hir_docs.readers.citizen_table import REGISTRATION_COLUMNS, RELOCATED_COLUMNS, match_header
from hir_docs.readers.projectdata import _read_projectdata, read_projectdata

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "viborg" / "projektdata.xlsx"


def _old_normalise(text: object) -> str:
    """``labels.normalise`` as it was before it remembered anything."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold().replace("_", " ")
    s = re.sub(r"[^\w%]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _old_match_header(text: object, columns: dict[str, list[str]]) -> tuple[str, int] | None:
    """``match_header`` as it was: every synonym of every column compared in turn."""
    t = _old_normalise(text)
    if not t or len(t) > 80:
        return None
    best: tuple[str, int] | None = None
    for key, syns in columns.items():
        for syn in map(_old_normalise, syns):
            if t == syn:
                score = 1000 + len(syn)
            elif t.startswith(syn + " ") and len(syn) >= 4:
                score = len(syn)
            else:
                continue
            if best is None or score > best[1]:
                best = (key, score)
    return best


def _drifted(label: str) -> list[str]:
    """The ways a municipality writes a header: case, spaces, line breaks, colons, an
    instruction after it, words before it, cut short."""
    return [
        label,
        label.upper(),
        f"  {label.lower()}  ",
        label.replace(" ", "\n"),
        f"{label}:",
        f"{label} (dd-mm-åååå)",
        f"{label} – skal udfyldes",
        f"{label}\u00a0i alt",
        f"Borgerens {label}",
        label[:3],
        label[:-1],
        label.replace("-", "_"),
        f"{label} {'x' * 80}",
    ]


@pytest.mark.parametrize("columns", [RELOCATED_COLUMNS, REGISTRATION_COLUMNS])
def test_header_lookup_maps_every_drifted_header_as_before(
    columns: dict[str, list[str]],
) -> None:
    texts = [t for syns in columns.values() for s in syns for t in _drifted(s)]
    texts += ["", " ", "Ukendt kolonne", "Start", "Startdatoen", "Slut dato i projektet", "%"]
    texts += ["CPR-nr. (ddmmåå-xxxx)", "Timer pr. uge (gennemsnit)", "Navn på borger og CPR"]
    assert len(texts) > 500
    for text in texts:
        assert match_header(text, columns) == _old_match_header(text, columns), text


def test_header_lookup_examples() -> None:
    assert match_header("Startdato (dd-mm-åååå)", RELOCATED_COLUMNS) == ("start", 9)
    assert match_header("  CPR-NUMMER:", RELOCATED_COLUMNS) == ("cpr", 1010)
    assert match_header("Timer pr. uge", REGISTRATION_COLUMNS) == ("hours", 1012)
    assert match_header("Sagsbehandlers navn og telefon", REGISTRATION_COLUMNS) == (
        "caseworker",
        19,
    )
    assert match_header("Start", REGISTRATION_COLUMNS) == ("start", 1005)
    assert match_header("Navn", REGISTRATION_COLUMNS) == ("citizen", 1004)
    assert match_header("x" * 81, REGISTRATION_COLUMNS) is None


def test_normalise_is_unchanged_and_its_memory_bounded() -> None:
    samples: list[object] = [None, "", "  Løn\ttil  SAGSBEHANDLERE: ", "ﬁnal_Ark", 2018.0, 7, "ÅR"]
    samples += ["x" * (labels.CACHED_CHARS + 1), "Æ " * 5000]
    for value in samples:
        assert labels.normalise(value) == _old_normalise(value)
    kept = labels._normalise_kept
    kept.cache_clear()
    labels.normalise("a" * (labels.CACHED_CHARS + 1))  # a long text is never kept
    assert kept.cache_info().currsize == 0
    for i in range(labels.NORMALISED_KEPT + 100):
        labels.normalise(f"Sagsbehandler {i}")
    info = kept.cache_info()
    assert info.maxsize == labels.NORMALISED_KEPT
    assert info.currsize == labels.NORMALISED_KEPT
    assert labels.normalise("Sagsbehandler 5") == "sagsbehandler 5"  # forgotten, still right


def test_budget_column_role_is_the_same_remembered_or_not() -> None:
    headers = ["Timer", "Timeløn", "I alt 2017-2019", "Total (kr.)", "Bemærkning", "2018", "x"]
    headers += ["Udgiftspost", "Funktion", "Antal personer", "I ALT", "Ialt", "y" * 250]
    for text in headers:
        assert budget_labels.column_role(text) == budget_labels._column_role(text), text


def test_values_as_openpyxl_gives_them() -> None:
    value = projectdata_sheets._value
    assert value("") is None
    assert value(" x ") == " x "
    assert value(1_200_000.0) == 1_200_000 and type(value(1_200_000.0)) is int
    assert type(value(0.5)) is float
    assert type(value(1e20)) is float  # written "1e+20": openpyxl reads a float
    assert value(dt.date(2018, 4, 1)) == dt.datetime(2018, 4, 1)
    assert value(dt.datetime(2018, 4, 1, 13, 5)) == dt.datetime(2018, 4, 1, 13, 5)
    assert value(True) is True


def _same_as_openpyxl(path: Path) -> None:
    assert projectdata_sheets.calamine_book(path) is not None
    assert read_projectdata(path) == _read_projectdata(path)


def test_project_data_read_with_calamine_equals_openpyxl(tmp_path: Path) -> None:
    _same_as_openpyxl(EXAMPLE)
    _same_as_openpyxl(write(tmp_path, example(), "example.xlsx"))
    _same_as_openpyxl(write(tmp_path, complete(example()), "complete.xlsx"))
    _same_as_openpyxl(write(tmp_path, second_project(), "second.xlsx"))


def test_project_data_with_numbers_and_dates_typed_by_hand(tmp_path: Path) -> None:
    """Cells a coordinator typed: whole and decimal numbers, a date with a time, a
    percentage as a fraction, text that looks like a number."""
    path = write(tmp_path, complete(example()))
    wb = load_workbook(path)
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    cell.value = cell.value + 0.5 if changed % 3 == 0 else float(cell.value)
                    changed += 1
                elif isinstance(cell.value, dt.datetime):
                    cell.value = cell.value.replace(hour=9, minute=30)
                    changed += 1
    wb.save(path)
    assert changed > 20
    _same_as_openpyxl(path)


def test_a_workbook_with_an_error_value_is_read_by_openpyxl(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = load_workbook(path)
    ws = wb.worksheets[1]
    ws.cell(ws.max_row + 2, 1, "#REF!").data_type = "e"
    wb.save(path)
    assert projectdata_sheets.has_error_values(path)
    assert projectdata_sheets.calamine_book(path) is None
    assert read_projectdata(path) == _read_projectdata(path)


def test_no_error_value_in_an_ordinary_workbook(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = 't="e" is only text here'
    wb.save(tmp_path / "plain.xlsx")
    assert not projectdata_sheets.has_error_values(tmp_path / "plain.xlsx")
    assert not projectdata_sheets.has_error_values(EXAMPLE)
    error = projectdata_sheets._ERROR_CELL.search
    assert error(b'<c r="A1" s="3" t="e"><v>#N/A</v></c>')
    assert error(b"<x:c r='A1' t = 'e'><x:v>#REF!</x:v></x:c>")
    assert not error(b'<c r="A1" t="s"><v>0</v></c><cols><col t="e"/></cols>')
    assert not error(b'<c r="A1" ct="e"><v>1</v></c>')


def test_an_excel_escape_in_a_text_is_read_as_its_character(tmp_path: Path) -> None:
    """Excel writes a carriage return in a cell as ``_x000D_``; openpyxl left the code in
    the text (and so in the report), calamine reads the character, as Excel shows it."""
    data = complete(example())
    period = data.periods[0]
    data.status_texts[period]["activities"] = "MARKER"
    src = write(tmp_path, data, "source.xlsx")
    path = tmp_path / "projektdata.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info).replace(b"MARKER", b"Linje et_x000D_\nLinje to")
            zout.writestr(info, part)
    assert read_projectdata(path).status_texts[period]["activities"] == "Linje et\r\nLinje to"
