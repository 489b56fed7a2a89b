"""Builders shared by the project-data and render tests (documents built in code)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import docx
from docx.oxml.ns import qn

from hir_docs.model import Application, Budget, BudgetLine, Range
from hir_docs.model.grant import record_from, sealed
from hir_docs.model.projectdata import (
    OBLIGATIONS,
    ApprovedChange,
    CaseworkerLoad,
    Instalment,
    Obligation,
    ProjectData,
    SpendLine,
    snapshot_months,
)
from hir_docs.pools import load_pool
from hir_docs.render.init import projectdata_from
from hir_docs.render.workbook import write_projectdata

TRANSPORT = "Transport – kørselsgodtgørelse, rejser og ophold"


def application() -> Application:
    return Application(
        project_name="Tæt på – håndholdt indsats i ressourceforløb i Viborg",
        municipality="Viborg Kommune",
        municipality_code="791",
        cvr="31415926",
        contact="Jobcenter Viborg, projektleder Mette Eksempel",
        requested_amount=1_200_000,
        passive_share_raw="15-18 %",
        passive_share_target=Range(15, 18),
    )


def budget() -> Budget:
    return Budget(
        years=[2018, 2019],
        requested_amount=1_200_000,
        lines=[
            BudgetLine(
                "Løn",
                "Koordinerende sagsbehandler (nyansat)",
                3,
                6000,
                190,
                {2018: 912_000, 2019: 228_000},
                1_140_000,
                True,
            ),
            BudgetLine(
                TRANSPORT,
                "Transport og repræsentation, erfaringsworkshop",
                None,
                None,
                None,
                {2018: 5_000, 2019: 15_000},
                20_000,
                True,
            ),
            BudgetLine("Revision", None, None, None, None, {2019: 40_000}, 40_000, True),
        ],
    )


def example(grant: int = 1_200_000) -> ProjectData:
    """Approved Viborg budget with spending: Løn 1.150.000, Transport 23.000, Revision 40.000."""
    data = projectdata_from(application(), budget())
    data.grant = grant
    data.journal_number = "2017-0099"
    løn, transport, revision = data.lines
    løn.spent = {"2018-H1": 380_000, "2018-H2": 560_000, "2019-H1": 210_000}
    transport.spent = {"2018-H1": 4_000, "2019-H1": 19_000}
    transport.remark = "Workshop to dage & overnatning"
    revision.spent = {"2019-H1": 40_000}
    data.status_texts = {p: {"activities": f"Aktiviteter i {p}."} for p in data.periods}
    data.final_texts = {"results": "Resultater.", "lessons": "Læring.", "anchoring": "Forankring."}
    data.instalments = [Instalment(dt.date(2018, 9, 20), "2018-H1", 384_000)]
    for rep in data.reports:
        rep.submitted = rep.expected
    complete(data)
    data.approved = record_from(data)  # the grant as approved: these lines, this grant
    return data


def complete(data: ProjectData) -> ProjectData:
    """The parts of the project data a report needs besides the money: 40 citizens and
    their labour-market status, three caseworkers' whole caseloads, the duties done."""
    data.participants = 40
    data.labour_status = {c: (0, 0) for c in data.labour_status}
    data.labour_status["Ressourceforløb"] = (40, 25)
    data.labour_status["Fleksjob"] = (0, 10)
    data.labour_status["Ordinær beskæftigelse"] = (0, 5)
    dates = snapshot_months(load_pool())
    data.snapshot_dates = dates
    data.caseworkers = [
        CaseworkerLoad("Lene Eksempel", 37, {d: 30 for d in dates}),
        CaseworkerLoad("Jonas Prøvesen", 37, {d: 32 for d in dates}),
        CaseworkerLoad("Sofie Fiktiv", 30, {d: 25 for d in dates}),
    ]
    data.obligations = {k: Obligation(k, True, day) for k, day in DUTIES_DONE.items()}
    return data


# When each participation duty took place: the workshops in their quarters, the surveys at
# the start, midway and at the end of the project period, three registrations.
DUTIES_DONE = {
    "workshop_start": dt.date(2018, 3, 15),
    "workshop_experience": dt.date(2019, 2, 14),
    "survey_start": dt.date(2018, 3, 15),
    "survey_mid": dt.date(2018, 9, 12),
    "survey_end": dt.date(2019, 3, 21),
    "registration_1": dt.date(2018, 6, 28),
    "registration_2": dt.date(2018, 12, 13),
    "registration_3": dt.date(2019, 3, 28),
}
assert set(DUTIES_DONE) == set(OBLIGATIONS)


def write(
    tmp: Path, data: ProjectData, name: str = "projektdata.xlsx", *, keep_record: bool = False
) -> Path:
    """Write the project data. A test that changes the budget lines or income of
    ``example()`` means a project approved that way: the grant record is recorded afresh
    from the data (as ``report init`` would have), keeping the journal number and
    deadlines. The record is written as it is with ``keep_record``, and always for a
    project with approved changes (``second_project()``) or without a record."""
    if data.approved is not None and not keep_record and not data.approved_changes:
        fresh = record_from(data)
        fresh.journal_number = data.approved.journal_number
        fresh.deadlines = dict(data.approved.deadlines)
        data = replace(data, approved=sealed(fresh))
    return write_projectdata(tmp / name, data, force=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docx_text(path: Path) -> str:
    """Paragraphs and table rows (cells joined by ' | ') of a .docx, in order."""
    body = docx.Document(str(path)).element.body
    out: list[str] = []
    for el in body:
        if el.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        elif el.tag == qn("w:tbl"):
            for tr in el.iter(qn("w:tr")):
                cells = (
                    "".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))
                )
                out.append(" | ".join(cells))
    return "\n".join(out).replace("\u00a0", " ")


# --- a second, realistic project (issue 20, "Done when") ---------------------------------

FUND = "Tilskud fra andre tilskudsgivere"
SECOND_CASEWORKERS = [  # invented names: (name, hours per week)
    ("Anne Opdigtsen", 37),
    ("Bo Fiktivsen", 37),
    ("Camilla Prøvesen", 37),
    ("David Eksempelsen", 37),
    ("Ellen Modelsen", 30),
    ("Frank Skabelonsen", 37),
    ("Grethe Testesen", 37),
    ("Henrik Opdigtet", 37),
    ("Ida Fiktiv", 37),
    ("Jens Prøve", 30),
    ("Karen Eksempel", 37),
    ("Lars Model", 37),
    ("Mads Opdigt", 37),  # leaves the project on 31 October 2018
    ("Nanna Fiktivsen", 37),  # joins the project on 1 November 2018
]
LEAVES, JOINS = "Mads Opdigt", "Nanna Fiktivsen"
LEFT_ON, JOINED_ON = dt.date(2018, 10, 31), dt.date(2018, 11, 1)
# November 2018: four caseworkers above 35 cases after Mads Opdigt's cases were shared out.
NOVEMBER = dt.date(2018, 11, 30)
OVER_IN_NOVEMBER = {"Anne Opdigtsen": 36, "Bo Fiktivsen": 37, "Camilla Prøvesen": 38}
OVER_IN_NOVEMBER["David Eksempelsen"] = 39


def second_application() -> Application:
    return Application(
        project_name="Hele vejen – håndholdt indsats i ressourceforløb i Silkeborg",
        municipality="Silkeborg Kommune",
        municipality_code="740",
        cvr="31415926",
        contact="Jobcenter Silkeborg, projektleder Pia Opdigtet",
        requested_amount=1_650_000,
        passive_share_raw="20-25 %",
        passive_share_target=Range(20, 25),
    )


def second_budget() -> Budget:
    """Salary 1.750.000, transport 15.000, audit 35.000; a fund pays 150.000 kr."""
    return Budget(
        years=[2018, 2019],
        requested_amount=1_650_000,
        lines=[
            BudgetLine(
                "Løn",
                "Koordinerende sagsbehandlere (frikøb)",
                4,
                7000,
                250,
                {2018: 1_400_000, 2019: 350_000},
                1_750_000,
                True,
            ),
            BudgetLine(
                TRANSPORT,
                "Transport og repræsentation, erfaringsworkshop",
                None,
                None,
                None,
                {2018: 5_000, 2019: 10_000},
                15_000,
                True,
            ),
            BudgetLine("Revision", None, None, None, None, {2019: 35_000}, 35_000, True),
        ],
        income={FUND: 150_000},
    )


def _second_caseload(dates: list[dt.date]) -> list[CaseworkerLoad]:
    loads = []
    for i, (name, hours) in enumerate(SECOND_CASEWORKERS):
        usual = 33 if hours == 37 else 26
        totals = {d: usual - (i + d.month) % 3 for d in dates}
        load = CaseworkerLoad(name, hours, totals)
        if name == LEAVES:
            load.end = LEFT_ON
            load.totals = {d: n for d, n in totals.items() if d <= LEFT_ON}
        if name == JOINS:
            load.start = JOINED_ON
            load.totals = {d: n - 8 for d, n in totals.items() if d >= JOINED_ON}
        if name in OVER_IN_NOVEMBER:
            load.totals[NOVEMBER] = OVER_IN_NOVEMBER[name]
        loads.append(load)
    return loads


def second_project() -> ProjectData:
    """A realistic project: 14 caseworkers (one leaving 31 October 2018, one joining
    1 November 2018), four of them above 35 cases in November 2018, a fund paying its
    150.000 kr. in two instalments, transport 60 % over budget (explained), an expense
    outside the approved budget (own financing, explained) and a budget change approved
    by STAR (10.000 kr. moved from salary to audit)."""
    data = projectdata_from(second_application(), second_budget())
    data.grant = 1_650_000
    data.journal_number = "2017-0123 (fiktivt)"
    data.management_name, data.management_title = "Susanne Opdigtet", "Jobcenterchef"
    data.auditor_name = "Revisionsfirmaet Fiktiv, statsautoriseret revisor Ole Prøve"
    for rep in data.reports:
        rep.deadline = rep.submitted = rep.expected
    data.approved = record_from(data)  # as approved, before STAR's change
    løn, transport, revision = data.lines
    data.approved_changes = [
        ApprovedChange(
            dt.date(2019, 1, 15),
            "STAR brev 2019-0456",
            "L1",
            1_750_000,
            1_740_000,
            "10.000 kr. flyttet fra løn til revision (udvidet revision af delregnskaber).",
        ),
        ApprovedChange(dt.date(2019, 1, 15), "STAR brev 2019-0456", "L3", 35_000, 45_000),
    ]
    løn.budget, løn.approved_amounts = 1_740_000, {2018: 1_392_000, 2019: 348_000}
    revision.budget, revision.approved_amounts = 45_000, {2019: 45_000}
    løn.spent = {"2018-H1": 480_000, "2018-H2": 720_000, "2019-H1": 540_000}
    transport.spent = {"2018-H1": 3_000, "2019-H1": 21_000}
    transport.remark = "Erfaringsworkshoppen varede to dage med overnatning for 12 deltagere."
    transport.remarks = {"2019-H1": "Erfaringsworkshop over to dage med overnatning."}
    revision.spent = {"2019-H1": 45_000}
    leaflets = SpendLine(
        key="X1",
        post="Materialer, formidling og information",
        function="Pjecer om projektet til borgerne",
        approved=False,
        eligible=False,
        spent={"2018-H2": 8_000},
        remark="Pjecer til borgere og samarbejdspartnere; betalt af kommunen selv.",
    )
    data.lines.append(leaflets)
    data.income_received = {FUND: {"2018-H1": 75_000, "2019-H1": 75_000}}
    data.instalments = [
        Instalment(dt.date(2018, 9, 20), "2018-H1", 408_000),
        Instalment(dt.date(2019, 3, 20), "2018-H2", 720_000),
    ]
    data.status_texts = {p: {"activities": f"Aktiviteter i {p}."} for p in data.periods}
    data.final_texts = {"results": "Resultater.", "lessons": "Læring.", "anchoring": "Forankring."}
    data.participants = 430
    data.labour_status = {c: (0, 0) for c in data.labour_status}
    ends = {"Ressourceforløb": 300, "Fleksjob": 50, "Ordinær beskæftigelse": 20}
    ends |= {"Uddannelse": 10, "Førtidspension": 25, "Ledighedsydelse": 8, "Flyttet": 12}
    ends |= {"Anden ydelse": 5}
    for status, end in ends.items():
        data.labour_status[status] = (430 if status == "Ressourceforløb" else 0, end)
    data.snapshot_dates = snapshot_months(load_pool())
    data.caseworkers = _second_caseload(data.snapshot_dates)
    data.obligations = {k: Obligation(k, True, day) for k, day in DUTIES_DONE.items()}
    return data
