"""The blank official forms, listed in one place: file name -> builder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from hir_docs.files.output import atomic_write
from hir_docs.forms.application import build_blank_application
from hir_docs.forms.budget import write_blank_budget
from hir_docs.forms.citizens import write_blank_registrations, write_blank_relocated
from hir_docs.pools import Pool

FormBuilder = Callable[[Path], None]
BLANK_FORMS: dict[str, FormBuilder] = {
    "ansoegningsskema.docx": build_blank_application,
    "budgetskema.xlsx": write_blank_budget,
    "fraflyttede_borgere.xlsx": write_blank_relocated,
    "registreringsskema.xlsx": write_blank_registrations,
}


def write_blank_forms(outdir: Path, *, force: bool = False, pool: Pool | None = None) -> list[Path]:
    """Write every blank form (of ``pool``, default HIR) to ``outdir``; the paths written,
    sorted by file name. The module sheets are written for a pool with the plug-in
    "caseload" (HIR's module); their texts are the default pool's."""
    outdir.mkdir(parents=True, exist_ok=True)
    forms = dict(BLANK_FORMS)
    if pool is not None:
        forms["ansoegningsskema.docx"] = partial(build_blank_application, pool=pool)
        forms["budgetskema.xlsx"] = partial(write_blank_budget, pool=pool)
        if "caseload" not in pool.plugins:  # the module sheets are the plug-in's
            del forms["fraflyttede_borgere.xlsx"], forms["registreringsskema.xlsx"]
        if not pool.has_budget_form:
            del forms["budgetskema.xlsx"]  # the applicant makes its own budget
        forms.update(plugin_forms(pool))
        if pool.payment_model not in (None, "arrears"):  # no status report to hold them
            forms["forpligtelser.docx"] = partial(write_duties_checklist, pool=pool)
    return [
        atomic_write(outdir / name, builder, force=force) for name, builder in sorted(forms.items())
    ]


def plugin_forms(pool: Pool) -> dict[str, FormBuilder]:
    """The blank registers of the pool's plug-ins: the activity register and the progression
    questionnaire (Flere skal med), the participant register (the 2011 programme)."""
    forms: dict[str, FormBuilder] = {}
    if "activity" in pool.plugins:
        forms["aktivitetsregister.xlsx"] = partial(_activity, pool=pool)
    if "progression" in pool.plugins:
        forms["progressionsskema.xlsx"] = partial(_progression, pool=pool)
    if "participants" in pool.plugins:
        forms["deltagerregister.xlsx"] = partial(_participants, pool=pool)
    return forms


def _activity(path: Path, pool: Pool) -> None:
    from hir_docs.model.activity import Month
    from hir_docs.readers.activity_register import write_blank_register
    from hir_docs.readers.registers import activity_words

    months = [Month.of(m) for m in register_months(pool)]
    title = pool.text("activity_register_title")
    write_blank_register(path, months, activity_words=activity_words(pool), title=title, force=True)


def _progression(path: Path, pool: Pool) -> None:
    from hir_docs.readers.progression import write_blank_questionnaire
    from hir_docs.readers.registers import frame

    write_blank_questionnaire(path, frame(pool), title=pool.text("progression_title"), force=True)


def _participants(path: Path, pool: Pool) -> None:
    from hir_docs.readers.participant_register import write_blank_register

    write_blank_register(path, title=pool.text("participant_register_title"), force=True)


def register_months(pool: Pool) -> list[dt.date]:
    """The months of the blank activity register: the project period's when the pool gives
    it, else ``register_months`` months from ``register_first_month`` (pool facts); none
    when the pool gives neither (the municipality writes them)."""
    if pool.known("project_start") and pool.known("project_end"):
        first, last = pool["project_start"], pool["project_end"]
    elif pool.known("register_first_month") and pool.known("register_months"):
        first = pool["register_first_month"]
        n = int(pool.number("register_months"))
        last = dt.date(
            first.year + (first.month - 1 + n - 1) // 12, (first.month - 1 + n - 1) % 12 + 1, 1
        )
    else:
        return []
    months, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def write_duties_checklist(path: Path, pool: Pool) -> None:
    """The pool's duties as a checklist to tick and attach to the status (a pool whose
    status report hir-docs cannot render yet: one not paid in arrears): each duty with its
    form (alternatives, recurrence, which of N occasions) and when, in the source's words."""
    from docx import Document as WordDocument
    from docx.shared import Cm

    from hir_docs.model.projectdata import ProjectData
    from hir_docs.render.context.shared import obligation_checklist

    doc = WordDocument()
    doc.add_heading(f"Forpligtelser – {pool.name}", level=1)
    doc.add_paragraph(
        "Sæt kryds ved de forpligtelser, projektet har opfyldt, skriv dato og bemærkning, og "
        "vedlæg listen statusrapporten. Forpligtelserne står i puljens egne dokumenter."
    )
    rows = obligation_checklist(ProjectData(), pool)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("Opfyldt", "Forpligtelse", "Hvornår", "Dato og bemærkning"),
        strict=True,
    ):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = row["box"], row["name"], row["due"]
    table.autofit = False
    widths = (2.0, 7.6, 3.8, 3.8)  # the duty wide, the box narrow
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid (LibreOffice)
    for row_ in table.rows:
        for cell, width in zip(row_.cells, widths, strict=True):
            cell.width = Cm(width)  # the cells (Word)
    doc.save(str(path))
