"""What several reports show: the facts every report opens with (and the page header),
the deadline, the success criteria and the participation duties."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hir_docs.formatting import dato, percent_range
from hir_docs.model.accounts import deadline
from hir_docs.model.projectdata import (
    CRITERIA,
    MEASURES,
    OBLIGATIONS,
    ProjectData,
    measure_dates,
    obligation_due,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.fmt import blank, kr, num, percent


def due_text(data: ProjectData, key: str, pool: Pool) -> str:
    """The deadline from the grant letter, or the expected one marked as such."""
    day, assumed = deadline(data, key, pool)
    if day is None:
        return ""
    return f"forventet {dato(day)} – tjek tilsagnsbrevet" if assumed else dato(day)


def page_header(data: ProjectData, draft: bool = False) -> str:
    """Every page's header: the municipality and the project's name (with "UDKAST" first
    in a draft)."""
    head = " · ".join(x for x in (data.municipality, data.project_name) if x)
    return f"UDKAST – ikke godkendt til indsendelse · {head}" if draft else head


def document_title(title: str, data: ProjectData) -> str:
    """The document's title property: 'Endeligt regnskab – Tæt på'."""
    return " – ".join(x for x in (title, data.project_name) if x)


def common(data: ProjectData, title: str = "", draft: bool = False) -> dict[str, Any]:
    """Facts every report shows, and the page header."""
    return {
        "draft": draft,
        "page_header": page_header(data, draft),
        "document_title": document_title(title, data),
        "project_name": data.project_name or blank(draft),
        "municipality": data.municipality or blank(draft),
        "municipality_code": data.municipality_code or "",
        "cvr": data.cvr or "",
        "contact": data.contact or "",
        "journal_number": data.journal_number or "",
        "grant": kr(data.grant),
        "project_start": dato(data.project_start),
        "project_end": dato(data.project_end),
        "project_period": f"{dato(data.project_start)} – {dato(data.project_end)}",
        "passive_target": passive_target(data, draft),
    }


AT_END = "måles ved projektets afslutning"


def _assessment(key: str, values: dict[str, float | None], data: ProjectData) -> str:
    start, end = values.get("start"), values.get("end")
    if key == "passive_share":
        if end is None or data.passive_target is None:
            return "kan endnu ikke vurderes"
        return "nået" if end <= data.passive_target[1] else "ikke nået"
    if start is None or end is None:
        return "kan endnu ikke vurderes"
    return "nået" if end > start else "ikke nået"


def passive_target(data: ProjectData, draft: bool = False) -> str:
    """'15-18 %' formatted like the measured shares ('31,0 %')."""
    if data.passive_target is None:
        return data.passive_target_raw or blank(draft)
    return percent_range(*data.passive_target)


def criteria_rows(
    data: ProjectData, until: dt.date | None = None, pool: Pool | None = None
) -> list[dict[str, str]]:
    """The success criteria. With ``until`` (a status report's period end) only the
    measurements taken by then are shown, and the verdict waits for the project's end
    (a status report whose period holds the end measurement judges like the final report)."""
    pool = pool or load_pool()
    when = measure_dates(pool, data.project_end)
    rows = []
    for key, label in CRITERIA.items():
        values = dict(data.criteria.get(key, {}))
        if until is not None:
            values = {m: (v if when[m] <= until else None) for m, v in values.items()}
        row = {"name": label, "note": data.criteria_notes.get(key, "")}
        for m in MEASURES:
            value = values.get(m)
            if until is not None and when[m] > until:
                row[m] = "senere"
            elif key == "passive_share":
                row[m] = percent(value) if value is not None else "–"
            else:
                row[m] = num(value, 0 if key == "placements" else 1)
        row["target"] = passive_target(data) if key == "passive_share" else "stigende"
        waiting = until is not None and when["end"] > until
        row["assessment"] = AT_END if waiting else _assessment(key, values, data)
        rows.append(row)
    return rows


def criteria_note(data: ProjectData, until: dt.date, pool: Pool) -> str:
    """What a status report's criteria table shows: the measurements by the period's end,
    and whether the verdict waits for the project's end or is given now."""
    if measure_dates(pool, data.project_end)["end"] > until:
        return (
            "Kun målinger foretaget inden periodens udgang er vist; vurderingen sker ved "
            "projektets afslutning."
        )
    return (
        "Projektet slutter i perioden, så kriterierne er vurderet ud fra målingerne ved "
        "projektstart og projektafslutning."
    )


def whole_period(data: ProjectData) -> str:
    """'Hele projektperioden (20. december 2017 – 1. april 2019)'."""
    return f"Hele projektperioden ({dato(data.project_start)} – {dato(data.project_end)})"


def obligations(data: ProjectData, until: dt.date | None, pool: Pool) -> list[dict[str, str]]:
    """The participation duties due by ``until`` (all when None) and whether they took place."""
    rows = []
    for key, label in OBLIGATIONS.items():
        due = obligation_due(key, pool, data.project_end)
        if until is not None and due > until:
            continue
        ob = data.obligations.get(key)
        if ob is not None and ob.done:
            state = f"Gennemført {dato(ob.date)}" if ob.date else "Gennemført"
        elif ob is not None and ob.done is False:
            state = "Ikke gennemført"
        else:
            state = "Ikke registreret"
        note = ob.note if ob and ob.note else ""
        rows.append({"name": label, "due": dato(due), "state": state, "note": note})
    return rows
