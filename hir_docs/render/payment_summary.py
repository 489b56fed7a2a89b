"""What a payment computation writes beside the statement workbook: a Word summary of the
results-based statement (the 2011 programme), and for the activity requirement (Flere skal
med) a workbook of the share per month and a Word summary of the forecast.

Every sentence follows from the computation: the figures, the forecast text the model
wrote, the assumptions it lists; the grantor's own computation decides (said at the top).
Written atomically; an existing file only with ``force``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document as WordDocument
from openpyxl import Workbook
from openpyxl.styles import Font

from hir_docs.files.output import atomic_write, set_text
from hir_docs.formatting import dato, kr
from hir_docs.model.activity import InstalmentForecast, MonthShare, percent_text
from hir_docs.model.results import Statement, kroner
from hir_docs.pools import Pool

BOLD = Font(bold=True)


def _kr(ore: int) -> str:
    return kr(float(kroner(ore))).replace(",00 kr.", " kr.")


def _table(doc: Any, heads: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def results_summary(path: Path, statement: Statement, pool: Pool, *, force: bool = False) -> Path:
    """The statement in words: per quarter what was earned and the total so far."""

    def write(tmp: Path) -> None:
        doc = WordDocument()
        doc.add_heading(f"Udbetalingsopgørelse – {pool.name}", level=1)
        doc.add_paragraph(statement.note)
        start = dato(statement.project_start)
        doc.add_paragraph(
            f"Projektstart: {start}. Beløb pr. deltager: {_kr(statement.amounts.per_participant)}"
        )
        _table(
            doc,
            ("Kvartal", "Optjent i kvartalet", "I alt til og med"),
            ((q.quarter.label, _kr(q.total), _kr(q.accumulated)) for q in statement.quarters),
        )
        doc.add_heading("Pr. hændelse", level=2)
        for line in statement.quarters:
            for count in line.events:
                if count.count:
                    who = (
                        ""
                        if count.event.level == "project"
                        else f", {count.count} {'deltager' if count.count == 1 else 'deltagere'}"
                    )
                    doc.add_paragraph(
                        f"{line.quarter.label}: {count.event.label}{who}: {_kr(count.amount)}",
                        style="List Bullet",
                    )
        doc.add_heading("Forudsætninger", level=2)
        for text in statement.assumptions:
            doc.add_paragraph(text, style="List Bullet")
        doc.add_heading("Kilder", level=2)
        for text in statement.sources:
            doc.add_paragraph(text, style="List Bullet")
        doc.save(str(tmp))

    return atomic_write(path, write, force=force)


def activity_workbook(
    path: Path,
    shares: Sequence[MonthShare],
    forecast: InstalmentForecast,
    pool: Pool,
    *,
    force: bool = False,
) -> Path:
    """The share of the indsatsgruppe in a counted activity per month, and the forecast."""

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Andel pr. måned"
        set_text(ws.cell(row=1, column=1), f"Aktivitetskravet – {pool.name}")
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        set_text(ws.cell(row=2, column=1), forecast.text)
        heads = ("Måned", "I tællende aktivitet", "Indsatsgruppen", "Andel", "Når kravet")
        for c, text in enumerate(heads, start=1):
            set_text(ws.cell(row=4, column=c), text)
            ws.cell(row=4, column=c).font = BOLD
            ws.column_dimensions[chr(64 + c)].width = 22
        run = {s.month for s in forecast.run.months} if forecast.run else set()
        for r, share in enumerate(shares, start=5):
            value = share.share
            set_text(ws.cell(row=r, column=1), share.month.label)
            ws.cell(row=r, column=2, value=share.numerator)
            ws.cell(row=r, column=3, value=share.denominator)
            set_text(ws.cell(row=r, column=4), percent_text(value) if value is not None else "–")
            reached = "ja" if share.reaches(forecast.threshold) else "nej"
            set_text(
                ws.cell(row=r, column=5),
                reached + (" (første periode)" if share.month in run else ""),
            )
        wb.save(tmp)

    return atomic_write(path, write, force=force)


def activity_summary(
    path: Path,
    shares: Sequence[MonthShare],
    forecast: InstalmentForecast,
    pool: Pool,
    *,
    force: bool = False,
) -> Path:
    """The forecast in words and the share per month as a table."""

    def write(tmp: Path) -> None:
        doc = WordDocument()
        doc.add_heading(f"Aktivitetskravet til {forecast.instalment}. rate – {pool.name}", 1)
        for part in forecast.text.split("\n"):
            if part.strip():
                doc.add_paragraph(part)
        _table(
            doc,
            ("Måned", "I tællende aktivitet", "Indsatsgruppen", "Andel"),
            (
                (
                    s.month.label,
                    str(s.numerator),
                    str(s.denominator),
                    percent_text(s.share) if s.share is not None else "–",
                )
                for s in shares
            ),
        )
        doc.save(str(tmp))

    return atomic_write(path, write, force=force)
