"""Write examples/viborg/projektdata.xlsx: the Viborg example's project data, filled in.

Pre-filled from examples/viborg/ansoegning.docx and budget.xlsx (as ``hir-docs report
init`` does), then completed with plausible, fictional figures and texts, so that
``hir-docs render status|final|accounts examples/viborg/projektdata.xlsx --out out/``
has something to show. Deterministic: running it twice gives identical bytes.

Run: .venv/bin/python examples/build_projectdata.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from hir_docs.api import read_approved
from hir_docs.findings import DocKind
from hir_docs.model.projectdata import (
    CaseworkerLoad,
    Instalment,
    Obligation,
    ProjectData,
    snapshot_months,
)
from hir_docs.pools import load_pool
from hir_docs.render.init import projectdata_from
from hir_docs.render.workbook import write_projectdata

HERE = Path(__file__).resolve().parent / "viborg"
OUT = HERE / "projektdata.xlsx"

SPENT = {  # post -> half-year -> kroner
    "Løn": {"2018-H1": 380_000, "2018-H2": 560_000, "2019-H1": 205_000},
    "Transport – kørselsgodtgørelse, rejser og ophold": {"2018-H1": 4_200, "2019-H1": 19_200},
    "Revision": {"2019-H1": 40_000},
}
REMARKS = {
    "Transport – kørselsgodtgørelse, rejser og ophold": (
        "Erfaringsworkshoppen i 1. kvartal 2019 varede to dage i stedet for én: "
        "overnatning & forplejning for 10 sagsbehandlere."
    ),
}
PERIOD_REMARKS = {  # post -> half-year -> remark in that status report / part accounts
    "Løn": {
        "2018-H1": "De tre nye sagsbehandlere startede 1. marts; lønnen for januar-februar "
        "er ikke afholdt af projektet.",
    },
    "Transport – kørselsgodtgørelse, rejser og ophold": {
        "2019-H1": "Erfaringsworkshoppen varede to dage: overnatning & forplejning.",
    },
}
# Financing from another grantor than STAR (fictional foundation).
OTHER_GRANTOR = (
    "Tilskud fra andre tilskudsgivere: Fonden for Lokal Beskæftigelse (fiktiv)",
    100_000,
)
PARTICIPANTS = 99  # the citizens in examples/viborg/registreringsskema.xlsx
# Caseworker -> (hours per week, usual whole caseload); the first three are in the
# registration sheet, the other seven carry mixed caseloads (Q&A 2018, spørgsmål 3).
CASEWORKERS = {
    "Lene Eksempel": (37, 33),
    "Jonas Prøvesen": (37, 33),
    "Sofie Fiktiv": (30, 27),
    "Anders Opdigt": (37, 31),
    "Birgitte Prøve": (37, 32),
    "Carsten Eksempelsen": (37, 30),
    "Dorte Fiktivsen": (30, 25),
    "Erik Modelsen": (37, 32),
    "Fatima Testesen": (37, 31),
    "Gitte Skabelon": (37, 30),
}
OBLIGATIONS_DONE = {
    "workshop_start": dt.date(2018, 2, 27),
    "workshop_experience": dt.date(2019, 2, 12),
    "survey_start": dt.date(2018, 3, 12),
    "survey_mid": dt.date(2018, 9, 4),
    "survey_end": dt.date(2019, 3, 20),
    "registration_1": dt.date(2018, 6, 29),
    "registration_2": dt.date(2018, 12, 14),
    "registration_3": dt.date(2019, 3, 29),
}
STATUS = {
    "2017-H2": {
        "activities": "Tilsagn modtaget 20. december 2017. Stillingsopslag for tre koordinerende "
        "sagsbehandlere sendt ud i december.",
    },
    "2018-H1": {
        "activities": "Tre nye koordinerende sagsbehandlere startede 1. marts 2018. Sagerne er "
        "fordelt, så ingen har mere end 30 sager.\nAlle borgere har fået en jobrettet plan inden "
        "for en måned, og teamet holder tavlemøde hver morgen.",
        "challenges": "Det tog længere tid end ventet at overdrage sagerne; nogle borgere skiftede "
        "sagsbehandler to gange i marts.",
        "organisation": "10 koordinerende sagsbehandlere og 2 virksomhedskonsulenter i ét team.",
        "next": "Fokus på virksomhedspraktik for borgere, der har været passive i mere end et år.",
    },
    "2018-H2": {
        "activities": "Andelen af passive borgere er faldet fra 31 % til 24,5 %. Virksomheds"
        "konsulenterne deltager nu i anden samtale med alle nye borgere.",
        "challenges": "Flere nye ressourceforløb end ventet i efteråret; loftet på 35 sager er "
        "holdt ved at fordele sager i teamet.",
        "next": "Forberedelse af erfaringsworkshoppen og den afsluttende måling af tro på borgeren.",
    },
    "2019-H1": {
        "activities": "Projektet sluttede 1. april 2019. Erfaringsworkshoppen blev holdt i "
        "februar. Den sidste måling viser 17,2 % passive borgere.",
    },
}
FINAL = {
    "results": "Andelen af passive borgere faldt fra 31 % til 17,2 % og ligger inden for målet "
    "på 15-18 %.\nSagsbehandlernes tro på borgeren steg fra 3,1 til 3,9 på en skala fra 1 til 5, "
    "og antallet af borgere i virksomhedspraktik eller ordinære timer steg fra 22 til 58.",
    "lessons": "Det lave sagstal virker, når det følges af faste arbejdsgange: jobrettet plan "
    "inden for en måned, tavlemøder og virksomhedskonsulent med fra starten.\nOverdragelsen af "
    "sager ved projektstart skal planlægges bedre, så borgeren kun skifter sagsbehandler én gang.",
    "anchoring": "Beskæftigelsesudvalget har besluttet at videreføre et loft på 32 sager pr. "
    "sagsbehandler i budget 2020. Arbejdsgangene er skrevet ind i jobcentrets kvalitetshåndbog.",
    "other": "Tak til de øvrige projektkommuner for et godt samarbejde på workshopperne.",
}
CRITERIA = {
    "passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2},
    "belief": {"start": 3.1, "mid": 3.6, "end": 3.9},
    "placements": {"start": 22.0, "mid": 41.0, "end": 58.0},
}
LABOUR = {  # at the start (or when the citizen joined) and at the end; 99 in all
    "Ressourceforløb": (99, 62),
    "Ordinær beskæftigelse": (0, 5),
    "Fleksjob": (0, 14),
    "Ledighedsydelse": (0, 2),
    "Uddannelse": (0, 3),
    "Førtidspension": (0, 7),
    "Pension": (0, 1),
    "Flyttet": (0, 3),
    "Anden ydelse": (0, 2),
}
SUBMITTED = {
    "status:2018-H1": dt.date(2018, 8, 27),
    "part:2018-H1": dt.date(2018, 8, 27),
    "status:2018-H2": dt.date(2019, 2, 22),
    "part:2018-H2": dt.date(2019, 2, 22),
    "final": dt.date(2019, 6, 26),
    "accounts": dt.date(2019, 6, 26),
}


def fill(data: ProjectData) -> ProjectData:
    """Complete the pre-filled project data with the example's fictional figures."""
    data.journal_number = "2017-0099 (fiktivt)"
    data.management_name, data.management_title = "Hanne Eksempelsen", "Jobcenterchef"
    data.auditor_name = "Revisionsfirmaet Eksempel, statsautoriseret revisor Lars Prøve"
    for line in data.lines:
        line.spent = dict(SPENT.get(line.post, {}))
        line.remark = REMARKS.get(line.post)
        line.remarks = dict(PERIOD_REMARKS.get(line.post, {}))
    data.income[OTHER_GRANTOR[0]] = OTHER_GRANTOR[1]
    data.participants = PARTICIPANTS
    data.status_texts = {p: dict(t) for p, t in STATUS.items()}
    data.final_texts = dict(FINAL)
    data.criteria = {k: {m: v for m, v in vals.items()} for k, vals in CRITERIA.items()}
    data.labour_status = {k: (a, b) for k, (a, b) in LABOUR.items()}
    data.instalments = [  # the other grantor's 100.000 kr. is counted first
        Instalment(dt.date(2018, 9, 20), "2018-H1", 284_200),
        Instalment(dt.date(2019, 3, 25), "2018-H2", 560_000),
    ]
    for rep in data.reports:
        rep.deadline = rep.expected  # the (fictional) grant letter sets the same dates
        rep.submitted = SUBMITTED.get(rep.key)
    dates = snapshot_months(load_pool(), data.project_end)
    data.snapshot_dates = dates
    data.caseworkers = [
        CaseworkerLoad(name, hours, {d: usual + d.month % 3 - 1 for d in dates})
        for name, (hours, usual) in CASEWORKERS.items()
    ]
    data.obligations = {k: Obligation(k, True, day) for k, day in OBLIGATIONS_DONE.items()}
    return data


def sources(tmp: Path) -> tuple[Path, Path]:
    """The example application and budget; written from the form builders if absent."""
    app, budget = HERE / "ansoegning.docx", HERE / "budget.xlsx"
    if not app.exists():
        from hir_docs.forms.application import write_application

        app = tmp / "ansoegning.docx"
        write_application(app)
    if not budget.exists():
        from hir_docs.forms.budget import write_budget

        budget = tmp / "budget.xlsx"
        write_budget(budget)
    return app, budget


def build(out: Path = OUT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        app_path, budget_path = sources(Path(tmp))
        app = read_approved(app_path, DocKind.APPLICATION)
        budget = read_approved(budget_path, DocKind.BUDGET)
    return write_projectdata(out, fill(projectdata_from(app, budget)), force=True)


def main() -> int:
    print(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
