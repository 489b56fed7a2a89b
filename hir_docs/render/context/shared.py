"""What several reports show: the facts every report opens with (and the page header),
the deadline, the success criteria and the participation duties."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hir_docs.formatting import dato, percent_range
from hir_docs.model.accounts import deadline
from hir_docs.model.projectdata import (
    Obligation,
    ProjectData,
    measure_dates,
    obligation_due,
    report_layout,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context.fmt import blank, kr, num, percent

# What a signed document says of a deadline the grant record and the workbook do not give:
# the puljeopslag leaves it to the grant letter (Krav til regnskab: "Fristerne ... vil
# fremgå af tilsagnsbrevene"); an assumed date is never printed in a signed document.
BY_GRANT_LETTER = "efter tilsagnsbrevet"


def grant_deadline(data: ProjectData, key: str) -> dt.date | None:
    """The deadline ``key`` ("status:2018-H1", "final", "survey_mid", ...) as recorded with
    the approved grant (None: not recorded, or no record)."""
    return data.approved.deadlines.get(key) if data.approved is not None else None


def due_text(data: ProjectData, key: str, pool: Pool) -> str:
    """A report's deadline as a signed document states it: the grant record's date, else
    the grant letter's date as entered in the workbook, else "efter tilsagnsbrevet" (the
    date hir-docs expects is its own assumption and is not printed)."""
    recorded = grant_deadline(data, key)
    if recorded is not None:
        return dato(recorded)
    day, assumed = deadline(data, key, pool)
    if day is None or assumed:
        return BY_GRANT_LETTER
    return dato(day)


def page_header(data: ProjectData, draft: bool = False) -> str:
    """Every page's header: the municipality and the project's name (with "UDKAST" first
    in a draft)."""
    head = " · ".join(x for x in (data.municipality, data.project_name) if x)
    return f"UDKAST – ikke godkendt til indsendelse · {head}" if draft else head


def document_title(title: str, data: ProjectData) -> str:
    """The document's title property: 'Endeligt regnskab – Tæt på'."""
    return " – ".join(x for x in (title, data.project_name) if x)


def report_date(day: dt.date | None = None) -> str:
    """The report's date as printed: ``day``, else today (``render_report`` passes the
    date, so the same inputs give the same document)."""
    return dato(day or dt.date.today())


def signer(data: ProjectData, draft: bool = False) -> dict[str, str]:
    """Who signs a status or final report for the municipality's management. A name not
    filled in leaves the line blank for the signer to write on (a placeholder in a draft),
    not a dash."""
    name, title = data.management_name or "", data.management_title or ""
    both = ", ".join(x for x in (name, title) if x)
    empty = blank(draft) if draft else ""
    return {"name": name or empty, "title": title, "name_title": both or empty}


def common(
    data: ProjectData, title: str = "", draft: bool = False, day: dt.date | None = None
) -> dict[str, Any]:
    """Facts every report shows, the page header, the report date (``day``; today when
    None) and the management's signer."""
    return {
        "report_date": report_date(day),
        "signer": signer(data, draft),
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


def _assessment(kind: str, values: dict[str, float | None], data: ProjectData) -> str:
    """A criterion's verdict by its kind (reports.toml): a "share" is met when the end
    measurement is at most the target's upper bound; a "rising" one when it rose."""
    start, end = values.get("start"), values.get("end")
    if kind == "share":
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
    reports = report_layout(pool)
    when = measure_dates(pool, data.project_end)
    rows = []
    for key, label in reports.criteria.items():
        kind = reports.criteria_kind.get(key, "rising")
        values = dict(data.criteria.get(key, {}))
        if until is not None:
            values = {m: (v if when[m] <= until else None) for m, v in values.items()}
        row = {"name": label, "note": data.criteria_notes.get(key, "")}
        for m in reports.measures:
            value = values.get(m)
            if until is not None and when[m] > until:
                row[m] = "senere"
            elif kind == "share":
                row[m] = percent(value) if value is not None else "–"
            else:
                row[m] = num(value, reports.criteria_decimals.get(key, 1))
        row["target"] = passive_target(data) if kind == "share" else "stigende"
        waiting = until is not None and when["end"] > until
        row["assessment"] = AT_END if waiting else _assessment(kind, values, data)
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


def obligation_timing(data: ProjectData, key: str, pool: Pool | None = None) -> str:
    """When a duty takes place: the puljeopslag's own words ("1. kvartal 2018",
    "Midtvejs"; reports.toml), and the date the grant record sets, when it sets one."""
    recorded = grant_deadline(data, key)
    words = report_layout(pool or load_pool()).obligation_timing[key]
    return f"{words}; senest {dato(recorded)} efter tilsagnet" if recorded else words


def obligation_end(data: ProjectData, key: str, pool: Pool) -> dt.date:
    """The last day of a duty's window: the grant record's date, else the window the
    puljeopslag gives (workshops: their quarter; registrations: the project period) or
    hir-docs assumes (surveys: their third of the period; ``obligation_window``)."""
    return grant_deadline(data, key) or obligation_due(key, pool, data.project_end)


def shown_in_report(
    ob: Obligation | None, end: dt.date, since: dt.date | None, until: dt.date | None
) -> bool:
    """A report shows a duty done in its period (by ``until``; from ``since`` when given)
    and a duty whose window has ended by ``until`` without it being done."""
    if until is None:
        return True
    done_on = ob.date if ob is not None and ob.done else None
    if done_on is not None and done_on <= until:
        return since is None or since <= done_on
    if ob is not None and ob.done and done_on is None:  # done, date not given
        return end <= until and (since is None or since <= end)
    return end <= until


def _state(ob: Obligation | None, until: dt.date | None) -> str:
    if ob is not None and ob.done:
        if ob.date is None:
            return "Gennemført"
        if until is not None and ob.date > until:
            return "Ikke gennemført ved periodens udgang"
        return f"Gennemført {dato(ob.date)}"
    if ob is not None and ob.done is False:
        return "Ikke gennemført"
    return "Ikke registreret"


def obligations(
    data: ProjectData, until: dt.date | None, pool: Pool, since: dt.date | None = None
) -> list[dict[str, str]]:
    """The participation duties a report shows and whether they took place: all of them
    (``until`` None: the final report); a status report (``until``: its period's end)
    shows every duty done by then (only those done from ``since``, its period's start,
    when given) and every duty whose window ended by then without it being done."""
    rows = []
    for key, label in report_layout(pool).obligations.items():
        ob = data.obligations.get(key)
        if not shown_in_report(ob, obligation_end(data, key, pool), since, until):
            continue
        note = ob.note if ob and ob.note else ""
        rows.append(
            {
                "name": duty_name(key, label, pool),
                "due": obligation_timing(data, key, pool),
                "state": _state(ob, until),
                "note": note,
            }
        )
    return rows


def duty_name(key: str, label: str, pool: Pool) -> str:
    """A duty's label with its form when reports.toml gives one: 'Opstartskonference (én
    af: den 9. juni i Østdanmark eller den 13. juni i Vestdanmark)', '... (kvartalsvis)'."""
    spec = report_layout(pool).obligation_spec.get(key)
    how = spec.how if spec is not None else ""
    return f"{label} ({how})" if how else label


CHECKED, UNCHECKED = "☑", "☐"


def obligation_checklist(data: ProjectData, pool: Pool) -> list[dict[str, str]]:
    """Every duty of the pool as a checklist (no dates needed: a pool whose period is set
    per grant has one too): a box ticked when the project data marks it done, its name with
    its form (alternatives, recurrence, which of N occasions), when in the source's words,
    its state and note. The status report's duties table shows the same rows for a pool
    whose reports can be rendered; ``hir-docs check`` of project data and the project-data
    workbook's duties sheet carry them for the others."""
    rows = []
    for key, label in report_layout(pool).obligations.items():
        ob = data.obligations.get(key)
        rows.append(
            {
                "key": key,
                "box": CHECKED if ob is not None and ob.done else UNCHECKED,
                "name": duty_name(key, label, pool),
                "due": obligation_timing(data, key, pool),
                "state": _state(ob, None),
                "note": ob.note if ob and ob.note else "",
            }
        )
    return rows
