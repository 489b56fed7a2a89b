"""Helpers for the annotated-copy tests: read comments back, compare packages and checks."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook

from hir_docs import api
from hir_docs.annotate.copies import annotate_report
from hir_docs.findings import Report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annotate(paths: list[Path], out: Path, **kw: Any) -> tuple[Report, list[Path], list[Any]]:
    report = api.check(paths)
    written, notes = annotate_report(report, out, **kw)
    return report, written, notes


def docx_comments(path: Path) -> list[tuple[str, str]]:
    """(anchored text, comment text) per comment, in document order."""
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("word/document.xml"))
        names = zf.namelist()
        comments = (
            etree.fromstring(zf.read("word/comments.xml")) if "word/comments.xml" in names else None
        )
    texts = {}
    if comments is not None:
        for c in comments.iter(W + "comment"):
            texts[c.get(W + "id")] = "\n".join(
                "".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")
            )
    out = []
    paras = list(doc.iter(W + "p"))
    for start in doc.iter(W + "commentRangeStart"):
        cid = start.get(W + "id")
        first = next(start.iterancestors(W + "p"))  # the innermost (a text box's own)
        end = next(e for e in doc.iter(W + "commentRangeEnd") if e.get(W + "id") == cid)
        last = next(end.iterancestors(W + "p"))
        span = paras[paras.index(first) : paras.index(last) + 1]
        anchored = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in span)
        out.append((anchored, texts.get(cid, "")))
    return out


def xlsx_notes(path: Path) -> dict[tuple[str, str], str]:
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): c.comment.text
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None
    }


def part_changes(original: Path, copy: Path) -> tuple[set[str], set[str], set[str]]:
    """(added, removed, changed) part names between two zip packages."""
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(copy) as b:
        pa = {n: a.read(n) for n in a.namelist()}
        pb = {n: b.read(n) for n in b.namelist()}
    return (
        set(pb) - set(pa),
        set(pa) - set(pb),
        {n for n in set(pa) & set(pb) if pa[n] != pb[n]},
    )


def check_signature(
    path: Path, *, annotated: bool = False
) -> tuple[str, dict[str, Any], list[tuple[str, str | None, str | None]]]:
    """What a single-file check of ``path`` says: kind, fields and (code, field, location).
    ``annotated``: ``path`` is our annotated copy; its one ``file-annotated-copy`` warning
    is asserted and left out (so a copy compares equal to its original)."""
    report = api.check([path])
    doc = report.documents[0]
    found = sorted((f.code, f.field, f.location) for f in report.findings)
    if annotated:
        flag = ("file-annotated-copy", None, None)
        assert found.count(flag) == 1, found
        found.remove(flag)
    return (doc.kind, doc.fields, found)


def workbook_content(path: Path, skip: tuple[str, ...] = ("Fund fra hir-docs",)) -> dict[str, Any]:
    """Everything of a workbook's content the copy must keep (fills aside)."""
    wb = load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        if ws.title in skip:
            continue
        cells = {
            c.coordinate: (c.value, c.number_format, c.font.b, c.border.left.style)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None or c.has_style
        }
        cells = {k: v for k, v in cells.items() if v[0] is not None or v[1] != "General"}
        sheets[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation
            ),
            "state": ws.sheet_state,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        }
    order = [ws.title for ws in wb.worksheets if ws.title not in skip]
    names = sorted((n, str(d.attr_text)) for n, d in wb.defined_names.items())
    local = sorted(
        (ws.title, n, str(d.attr_text)) for ws in wb.worksheets for n, d in ws.defined_names.items()
    )
    return {"sheets": sheets, "order": order, "names": names, "local": local}
