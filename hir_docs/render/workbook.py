"""Write the project-data workbook from a ProjectData model.

``init_projectdata`` fills a ProjectData from the approved application and budget and
writes it with empty input cells; the example builder and tests write filled ones.
Input cells are yellow; everything else comes from the approved documents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from hir_docs.files.ooxml import FIXED_TIME, normalise_ooxml
from hir_docs.files.output import atomic_write, set_text
from hir_docs.forms import projectdata_layout as L
from hir_docs.model.projectdata import (
    ProjectData,
    ReportLayout,
    default_reports,
    report_layout,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.sheetfit import fit_sheet, print_landscape
from hir_docs.render.workbook_cells import (
    DATE,
    INPUT_FILL,
    KR,
    WRAP,
    date_validation,
    header,
    header_row,
    list_validation,
    number_validation,
    put,
)
from hir_docs.render.workbook_grant import write_grant_sheets

__all__ = ["INPUT_FILL", "build_workbook", "write_projectdata"]


def _required(pool: Pool) -> str:
    """ "afsnittet 'Aktiviteter og fremdrift' skal udfyldes" (the status report's required
    sections, reports.toml)."""
    reports = report_layout(pool)
    names = [f"'{reports.status_sections[k]}'" for k in reports.status_required]
    if not names:
        return "ingen afsnit skal udfyldes"
    if len(names) == 1:
        return f"afsnittet {names[0]} skal udfyldes"
    return f"afsnittene {', '.join(names[:-1])} og {names[-1]} skal udfyldes"


def _guide(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    grantor = pool.grantor
    ws["A1"] = pool.text("projectdata_title")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    # The numbered points: a sheet the pool does not use has no point (the labour-market
    # status without the fact, the caseload sheet without the plug-in "caseload").
    points: list[list[str]] = [
        [
            "Gule celler udfyldes af kommunen. Hvide celler kommer fra den godkendte ansøgning og det godkendte budget – ret dem ikke."
        ],
        [
            f"{L.PROJECT}: ret 'Bevilget tilskud' til beløbet i tilsagnsbrevet, og skriv hvem der underskriver for ledelsen."
        ],
        [
            f"{L.SPENDING}: {pool.text('projectdata_guide_spending')}",
            f"   Udgifter uden for det godkendte budget skrives i de tomme rækker nederst – de er ikke tilskudsberettigede uden skriftlig godkendelse fra {grantor}.",
        ],
        [
            f"{L.STATUS}: skriv statusteksten for hvert halvår ({_required(pool)} for hvert halvår med forbrug)."
        ],
        [f"{L.FINAL}: {pool.text('projectdata_guide_final')}"],
        [f"{L.CRITERIA}: {pool.text('projectdata_guide_criteria')}"],
    ]
    if pool.known("labour_market_status"):
        points.append(
            [
                f"{L.LABOUR}: antal deltagere fordelt på arbejdsmarkedsstatus ved projektstart og ved projektafslutning. Borgere, der kom til undervejs, tælles med (status ved deres start i projektet). Begge kolonner skal give 'Borgere i projektet i alt' på arket {L.PROJECT}."
            ]
        )
    points.append(
        [
            f"{L.INSTALMENTS}: de rater, {grantor} allerede har udbetalt. {L.REPORTS}: skriv fristerne fra tilsagnsbrevet og hvornår rapporterne er sendt."
        ]
    )
    if "caseload" in pool.plugins:  # the plug-in's sheet
        points.append(
            [
                f"{L.CASELOAD}: hver koordinerende sagsbehandlers samlede sagsstamme (alle borgere, ikke kun ressourceforløb) den sidste dag i hver måned.",
                f"    Skriv hvornår en sagsbehandler startede eller stoppede i projektet ('{L.H_CW_START}' / '{L.H_CW_END}'); tomt betyder hele projektperioden.",
            ]
        )
    points += [
        [f"{L.OBLIGATIONS}: {pool.text('projectdata_guide_obligations')}"],
        [
            f"{L.GRANT}: det godkendte budget, som det blev registreret, da projektmappen blev oprettet. Arket er låst og må ikke ændres."
        ],
        [
            f"{L.CHANGES}: budgetændringer, som {grantor} har godkendt skriftligt: datoen for godkendelsen, {grantor}s reference, linjen (fx L3) eller indtægten, det hidtidige og det nye beløb. Ret derefter linjen på arket {L.BUDGET}."
        ],
        [f"{L.INCOME}: de beløb, der faktisk er modtaget fra andre tilskudsgivere, pr. halvår."],
    ]
    lines = [
        f"Projekt: {data.project_name or ''} – {data.municipality or ''}",
        "",
        "Sådan bruger I projektmappen:",
        *(
            f"{n}. {text}" if i == 0 else text
            for n, point in enumerate(points, start=1)
            for i, text in enumerate(point)
        ),
        "",
        "Når projektmappen er udfyldt, kontrollerer hir-docs den (siden 'Rapporter') og laver statusrapport, slutrapport og regnskab ud fra den.",
        "",
        pool.text("projectdata_guide_sources"),
    ]
    for i, text in enumerate(lines, start=3):
        set_text(ws.cell(row=i, column=1), text)
    legend = ws.cell(row=len(lines) + 4, column=1, value="Gul celle = udfyldes af kommunen")
    legend.fill = INPUT_FILL


def _project(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    header(ws, 1, list(L.PROJECT_HEADER), [52, 70])
    values: dict[str, Any] = {
        "project_name": data.project_name,
        "municipality": data.municipality,
        "municipality_code": data.municipality_code,
        "cvr": data.cvr,
        "contact": data.contact,
        "requested_amount": data.requested_amount,
        "grant": data.grant,
        "journal_number": data.journal_number,
        "project_start": data.project_start,
        "project_end": data.project_end,
        "passive_target_raw": data.passive_target_raw,
        "participants": data.participants,
        "management_name": data.management_name,
        "management_title": data.management_title,
        "auditor_name": data.auditor_name,
    }
    fields = L.project_fields(pool)
    for row, (key, (label, inp)) in enumerate(fields.items(), start=2):
        put(ws, row, 1, label)
        value = values[key]
        fmt = DATE if isinstance(value, dt.date) else KR if isinstance(value, int) else ""
        put(ws, row, 2, value, inp=inp, fmt=fmt)
    number_validation(ws, f"B{2 + list(fields).index('grant')}")
    number_validation(ws, f"B{2 + list(fields).index('participants')}")


def _budget(ws: Worksheet, data: ProjectData) -> None:
    heads = [L.H_LINE, L.H_POST, L.H_FUNCTION, L.H_PERSONS, L.H_HOURS, L.H_RATE]
    heads += [L.h_year(y) for y in data.years] + [L.H_TOTAL, L.H_ELIGIBLE]
    header(ws, 1, heads, [7, 34, 40, 10, 10, 10] + [14] * len(data.years) + [16, 16])
    row = 2
    for line in (x for x in data.lines if x.approved):
        vals: list[Any] = [line.key, line.post, line.function, line.persons, line.hours, line.rate]
        vals += [line.approved_amounts.get(y) for y in data.years]
        vals += [line.budget, L.YES if line.eligible else L.NO]
        for col, v in enumerate(vals, start=1):
            put(ws, row, col, v, fmt=KR if col >= 6 and isinstance(v, int) else "")
        row += 1
    row += 1
    header_row(ws, row, [L.H_INCOME, L.H_AMOUNT])
    for name, amount in data.income.items():
        row += 1
        put(ws, row, 1, name)
        put(ws, row, 2, amount, fmt=KR)


def _spending(ws: Worksheet, data: ProjectData) -> None:
    heads = [L.H_LINE, L.H_POST, L.H_FUNCTION, L.H_TOTAL]
    heads += [L.h_spent(p) for p in data.periods] + [L.H_SPENT_TOTAL, L.H_REMARK]
    heads += [L.h_remark(p) for p in data.periods]
    n = len(data.periods)
    header(ws, 1, heads, [7, 34, 40, 16] + [16] * n + [16, 60] + [40] * n)
    first_p, last_p = 5, 4 + n
    rows = [x for x in data.lines if x.approved] + [x for x in data.lines if not x.approved]
    extra = max(0, L.EXTRA_SPENDING_ROWS - sum(1 for x in rows if not x.approved))
    row = 2
    for line in rows:
        put(ws, row, 1, line.key if line.approved else None)
        put(ws, row, 2, line.post, inp=not line.approved)
        put(ws, row, 3, line.function, inp=not line.approved)
        put(ws, row, 4, line.budget if line.approved else None, fmt=KR)
        for i, p in enumerate(data.periods):
            put(ws, row, first_p + i, line.spent.get(p), inp=True, fmt=KR)
        _sum_cell(ws, row, first_p, last_p)
        put(ws, row, last_p + 2, line.remark, inp=True)
        ws.cell(row=row, column=last_p + 2).alignment = WRAP
        for i, p in enumerate(data.periods):
            put(ws, row, last_p + 3 + i, line.remarks.get(p), inp=True)
            ws.cell(row=row, column=last_p + 3 + i).alignment = WRAP
        row += 1
    first_extra = row
    for _ in range(extra):
        for col in (2, 3):
            put(ws, row, col, None, inp=True)
        put(ws, row, 1, None)
        put(ws, row, 4, None)
        for i in range(n):
            put(ws, row, first_p + i, None, inp=True, fmt=KR)
        _sum_cell(ws, row, first_p, last_p)
        put(ws, row, last_p + 2, None, inp=True)
        for i in range(n):
            put(ws, row, last_p + 3 + i, None, inp=True)
        row += 1
    if row > first_extra:
        list_validation(ws, "hir_udgiftsposter", f"B{first_extra}:B{row - 1}", "Udgiftspost")
    last_col = get_column_letter(last_p)
    number_validation(ws, f"{get_column_letter(first_p)}2:{last_col}{row - 1}")


def _sum_cell(ws: Worksheet, row: int, first: int, last: int) -> None:
    a, b = get_column_letter(first), get_column_letter(last)
    put(ws, row, last + 1, f"=SUM({a}{row}:{b}{row})", fmt=KR)
    ws.cell(row=row, column=last + 1).data_type = "f"


def _status(ws: Worksheet, data: ProjectData, reports: ReportLayout) -> None:
    header(ws, 1, [L.H_PERIOD, L.H_SECTION, L.H_TEXT], [10, 32, 110])
    row = 2
    for p in data.periods:
        for key, label in reports.status_sections.items():
            put(ws, row, 1, p)
            put(ws, row, 2, label)
            put(ws, row, 3, data.status_texts.get(p, {}).get(key), inp=True)
            ws.cell(row=row, column=3).alignment = WRAP
            row += 1


def _final(ws: Worksheet, data: ProjectData, reports: ReportLayout) -> None:
    header(ws, 1, [L.H_SECTION, L.H_TEXT], [36, 110])
    for row, (key, label) in enumerate(reports.final_sections.items(), start=2):
        put(ws, row, 1, label)
        put(ws, row, 2, data.final_texts.get(key), inp=True)
        ws.cell(row=row, column=2).alignment = WRAP


# The target column by the criterion's kind (reports.toml, criteria.items' kind).
RISING_TARGET = "stigende fra projektstart til afslutning"
LOCAL_TARGET = "lokalt mål (se Projekt)"


def _criteria(ws: Worksheet, data: ProjectData, reports: ReportLayout) -> None:
    measures = reports.measures
    heads = [L.H_CRITERION, *measures.values(), L.H_TARGET, L.H_NOTE]
    header(ws, 1, heads, [52] + [14, 14, 18][: len(measures)] + [36, 50])
    target_col, last_measure = 2 + len(measures), get_column_letter(1 + len(measures))
    whole_rows: list[tuple[bool, int, int]] = []  # (whole numbers, first row, last row)
    for row, (key, label) in enumerate(reports.criteria.items(), start=2):
        put(ws, row, 1, label)
        places = reports.criteria_decimals.get(key, 1)
        fmt = "0." + "0" * places if places else "0"
        for col, m in enumerate(measures, start=2):
            put(ws, row, col, data.criteria.get(key, {}).get(m), inp=True, fmt=fmt)
        share = reports.criteria_kind.get(key) == "share"
        put(
            ws,
            row,
            target_col,
            (data.passive_target_raw or LOCAL_TARGET) if share else RISING_TARGET,
        )
        put(ws, row, target_col + 1, data.criteria_notes.get(key), inp=True)
        if whole_rows and whole_rows[-1][0] == (places == 0):
            whole_rows[-1] = (places == 0, whole_rows[-1][1], row)
        else:
            whole_rows.append((places == 0, row, row))
    for whole, first, last in sorted(whole_rows, key=lambda r: r[0]):
        number_validation(ws, f"B{first}:{last_measure}{last}", whole=whole)


def _labour(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    header(ws, 1, [L.H_STATUS, L.H_AT_START, L.H_AT_END], [34, 24, 28])
    cats = pool.strings("labour_market_status")
    row = 2
    for cat in cats:
        start, end = data.labour_status.get(cat, (None, None))
        put(ws, row, 1, cat)
        put(ws, row, 2, start, inp=True)
        put(ws, row, 3, end, inp=True)
        row += 1
    put(ws, row, 1, L.TOTAL_LABEL)
    for col in (2, 3):
        c = get_column_letter(col)
        put(ws, row, col, f"=SUM({c}2:{c}{row - 1})")
        ws.cell(row=row, column=col).data_type = "f"
    number_validation(ws, f"B2:C{row - 1}")


def _instalments(ws: Worksheet, data: ProjectData) -> None:
    header(ws, 1, [L.H_PAID_DATE, L.H_PERIOD, L.H_AMOUNT], [18, 12, 16])
    rows = max(L.INSTALMENT_ROWS, len(data.instalments))
    for i in range(rows):
        inst = data.instalments[i] if i < len(data.instalments) else None
        put(ws, i + 2, 1, inst.date if inst else None, inp=True, fmt=DATE)
        put(ws, i + 2, 2, inst.period if inst else None, inp=True)
        put(ws, i + 2, 3, inst.amount if inst else None, inp=True, fmt=KR)
    date_validation(ws, f"A2:A{rows + 1}")
    list_validation(ws, "hir_halvaar", f"B2:B{rows + 1}", "Halvår")
    number_validation(ws, f"C2:C{rows + 1}")


def _reports(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    heads = [L.H_REPORT, L.H_PERIOD, L.H_DEADLINE, L.H_SUBMITTED, L.H_EXPECTED]
    header(ws, 1, heads, [36, 10, 14, 14, 26])
    expected = {r.key: r.expected for r in default_reports(pool, data.project_end)}
    for row, rep in enumerate(data.reports, start=2):
        put(ws, row, 1, rep.title)
        put(ws, row, 2, rep.period)
        put(ws, row, 3, rep.deadline, inp=True, fmt=DATE)
        put(ws, row, 4, rep.submitted, inp=True, fmt=DATE)
        put(ws, row, 5, rep.expected or expected.get(rep.key), fmt=DATE)
    date_validation(ws, f"C2:D{len(data.reports) + 1}")


def _caseload(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    dates = data.snapshot_dates or snapshot_months(pool, data.project_end)
    heads = [L.H_CASEWORKER, L.H_WEEK_HOURS] + [L.h_caseload(d) for d in dates]
    heads += [L.H_CW_START, L.H_CW_END]  # after the months: their cells keep their columns
    header(ws, 1, heads, [34, 10] + [12] * len(dates) + [14, 14])
    ws.freeze_panes = "C2"
    rows = max(L.CASEWORKER_ROWS, len(data.caseworkers) + 3)
    first_date = 3 + len(dates)
    for i in range(rows):
        cw = data.caseworkers[i] if i < len(data.caseworkers) else None
        put(ws, i + 2, 1, cw.name if cw else None, inp=True)
        put(ws, i + 2, 2, cw.hours if cw else None, inp=True)
        for col, d in enumerate(dates, start=3):
            put(ws, i + 2, col, cw.totals.get(d) if cw else None, inp=True)
        put(ws, i + 2, first_date, cw.start if cw else None, inp=True, fmt=DATE)
        put(ws, i + 2, first_date + 1, cw.end if cw else None, inp=True, fmt=DATE)
    last = get_column_letter(2 + len(dates))
    number_validation(ws, f"B2:B{rows + 1}", whole=False)
    number_validation(ws, f"C2:{last}{rows + 1}")
    a, b = get_column_letter(first_date), get_column_letter(first_date + 1)
    date_validation(ws, f"{a}2:{b}{rows + 1}")


def _obligations(ws: Worksheet, data: ProjectData, pool: Pool) -> None:
    heads = [L.H_OBLIGATION, L.H_DUE, L.H_DONE, L.H_DONE_DATE, L.H_NOTE]
    header(ws, 1, heads, [46, 14, 12, 14, 50])
    duties = report_layout(pool)
    for row, (key, label) in enumerate(duties.obligations.items(), start=2):
        ob = data.obligations.get(key)
        done = None if ob is None or ob.done is None else L.YES if ob.done else L.NO
        put(ws, row, 1, label)
        put(ws, row, 2, duties.obligation_timing[key])
        put(ws, row, 3, done, inp=True)
        put(ws, row, 4, ob.date if ob else None, inp=True, fmt=DATE)
        put(ws, row, 5, ob.note if ob else None, inp=True)
    last = len(duties.obligations) + 1
    list_validation(ws, "hir_ja_nej", f"C2:C{last}", L.H_DONE)
    date_validation(ws, f"D2:D{last}")


def _lists(wb: Workbook, data: ProjectData, pool: Pool) -> None:
    ws = wb.create_sheet(L.LISTS)
    ws.sheet_state = "hidden"
    posts = pool.strings("expense_posts")
    for i, post in enumerate(posts, start=1):
        set_text(ws.cell(row=i, column=1), post)
    for i, p in enumerate(data.periods, start=1):
        set_text(ws.cell(row=i, column=2), p)
    set_text(ws.cell(row=1, column=3), L.YES)
    set_text(ws.cell(row=2, column=3), L.NO)
    refs = {
        "hir_udgiftsposter": f"'{L.LISTS}'!$A$1:$A${len(posts)}",
        "hir_halvaar": f"'{L.LISTS}'!$B$1:$B${max(1, len(data.periods))}",
        "hir_ja_nej": f"'{L.LISTS}'!$C$1:$C$2",
    }
    for name, ref in refs.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def build_workbook(data: ProjectData, pool: Pool | None = None) -> Workbook:
    pool = pool or load_pool()
    reports = report_layout(pool)
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = L.GUIDE
    _guide(guide, data, pool)
    print_landscape(guide)
    writers = [
        (L.PROJECT, lambda ws: _project(ws, data, pool)),
        (L.BUDGET, lambda ws: _budget(ws, data)),
        (L.SPENDING, lambda ws: _spending(ws, data)),
        (L.STATUS, lambda ws: _status(ws, data, reports)),
        (L.FINAL, lambda ws: _final(ws, data, reports)),
        (L.CRITERIA, lambda ws: _criteria(ws, data, reports)),
        (L.LABOUR, lambda ws: _labour(ws, data, pool)),
        (L.INSTALMENTS, lambda ws: _instalments(ws, data)),
        (L.REPORTS, lambda ws: _reports(ws, data, pool)),
        (L.CASELOAD, lambda ws: _caseload(ws, data, pool)),
        (L.OBLIGATIONS, lambda ws: _obligations(ws, data, pool)),
    ]
    for name, write in writers:
        ws = wb.create_sheet(name)
        write(ws)
        fit_sheet(ws)
        print_landscape(ws)
    write_grant_sheets(wb, data)
    _lists(wb, data, pool)
    props = wb.properties
    props.creator = props.lastModifiedBy = "hir-docs"
    props.title = pool.text("projectdata_properties_title")
    props.created = props.modified = FIXED_TIME
    return wb


def write_projectdata(
    path: Path, data: ProjectData, *, pool: Pool | None = None, force: bool = False
) -> Path:
    """Write the project-data workbook atomically and deterministically."""
    wb = build_workbook(data, pool)

    def write(tmp: Path) -> None:
        wb.save(tmp)
        normalise_ooxml(tmp)

    return atomic_write(path, write, force=force)
