"""Caseworkers with the dates they joined and left the project (issue 20): written on
the Sagsstammer sheet, read back into ``CaseworkerLoad.start``/``.end``; old files
without the columns still read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from projectdata_helpers import JOINED_ON, JOINS, LEAVES, LEFT_ON, example, second_project, write

from hir_docs.readers.projectdata import read_projectdata


def test_start_and_end_dates_are_written_after_the_months_and_read_back(tmp_path: Path) -> None:
    path = write(tmp_path, second_project())
    heads = [c.value for c in next(openpyxl.load_workbook(path)["Sagsstammer"].iter_rows())]
    assert heads[:2] == ["Koordinerende sagsbehandler", "Timer pr. uge"]
    assert heads[-2:] == ["Start i projektet", "Slut i projektet"]
    back = {c.name: c for c in read_projectdata(path).caseworkers}
    assert (back[LEAVES].start, back[LEAVES].end) == (None, LEFT_ON)
    assert (back[JOINS].start, back[JOINS].end) == (JOINED_ON, None)
    assert back[LEAVES].active_on(LEFT_ON) and not back[LEAVES].active_on(JOINED_ON)
    assert not back[JOINS].active_on(LEFT_ON) and back[JOINS].active_on(JOINED_ON)
    assert max(back[LEAVES].totals) <= LEFT_ON and min(back[JOINS].totals) >= JOINED_ON


def test_a_date_typed_as_text_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    ws = wb["Sagsstammer"]
    heads = [c.value for c in ws[1]]
    ws.cell(row=3, column=heads.index("Slut i projektet") + 1, value="30-09-2018")
    wb.save(path)
    jonas = read_projectdata(path).caseworkers[1]
    assert (jonas.name, jonas.start, jonas.end) == ("Jonas Prøvesen", None, dt.date(2018, 9, 30))


def test_an_old_sheet_without_the_date_columns_still_reads(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    ws = wb["Sagsstammer"]
    ws.delete_cols(ws.max_column - 1, 2)
    wb.save(path)
    loads = read_projectdata(path).caseworkers
    assert [(c.name, c.start, c.end) for c in loads] == [
        ("Lene Eksempel", None, None),
        ("Jonas Prøvesen", None, None),
        ("Sofie Fiktiv", None, None),
    ]
    assert all(len(c.totals) == 13 for c in loads)
