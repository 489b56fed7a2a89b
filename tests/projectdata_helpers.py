"""Builders shared by the project-data and render tests (documents built in code)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import docx
from docx.oxml.ns import qn

from hir_docs.model import Application, Budget, BudgetLine, Range
from hir_docs.model.projectdata import (
    OBLIGATIONS,
    CaseworkerLoad,
    Instalment,
    Obligation,
    ProjectData,
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
    data.obligations = {k: Obligation(k, True, dt.date(2018, 3, 15)) for k in OBLIGATIONS}
    return data


def write(tmp: Path, data: ProjectData, name: str = "projektdata.xlsx") -> Path:
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
