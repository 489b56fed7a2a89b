"""Write examples/viborg/projektdata.xlsx: the Viborg example's project data, filled in.

Pre-filled from examples/viborg/ansoegning.docx and budget.xlsx (as ``hir-docs report
init`` does, with the approved grant recorded), then completed with plausible, fictional
figures and texts, so that ``hir-docs render status|final|accounts
examples/viborg/projektdata.xlsx --out out/`` has something to show. The citizens, the
caseworkers and their monthly caseloads are taken from the example's registration sheet
(registreringsskema.xlsx) and the relocated citizens from fraflyttede_borgere.xlsx, so
the figures agree. Deterministic: running it twice gives identical bytes.

Run: .venv/bin/python examples/build_projectdata.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from hir_docs.api import read_approved
from hir_docs.findings import DocKind
from hir_docs.model import Registration
from hir_docs.model.caseload import caseworker_key, citizen_key, fictitious_keys
from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet
from hir_docs.model.grant import record_from
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

SPENT = {  # line key (as report init numbers the approved budget) -> half-year -> kroner
    "L1": {"2018-H1": 380_000, "2018-H2": 560_000, "2019-H1": 205_000},
    "L2": {"2018-H1": 30_000, "2018-H2": 50_000, "2019-H1": 20_000},
    "L3": {"2018-H1": 4_200, "2019-H1": 19_200},
    "L4": {"2019-H1": 40_000},
}
REMARKS = {
    "L3": (
        "Erfaringsworkshoppen i 1. kvartal 2019 varede to dage i stedet for én: "
        "overnatning & forplejning for projektets sagsbehandlere og leder."
    ),
}
PERIOD_REMARKS = {  # line key -> half-year -> remark in that status report / part accounts
    "L1": {
        "2018-H1": "De tre nye sagsbehandlere startede 1. marts; lønnen for januar-februar "
        "er ikke afholdt af projektet.",
    },
    "L3": {
        "2019-H1": "Erfaringsworkshoppen varede to dage: overnatning & forplejning.",
    },
}
# The fictional fund of the approved budget pays its 100.000 kr. in two instalments.
FUND = "Tilskud fra andre tilskudsgivere"
FUND_RECEIVED = {"2018-H1": 50_000, "2019-H1": 50_000}
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
        "activities": "Tre nye koordinerende sagsbehandlere startede 1. marts 2018, og de 275 "
        "borgere i ressourceforløb blev fordelt på teamets 10 koordinerende sagsbehandlere. "
        "Ingen har haft mere end {h1_max} sager i halvåret.\nAlle borgere har fået en jobrettet "
        "plan inden for en måned, og teamet holder tavlemøde hver morgen.",
        "challenges": "Det tog længere tid end ventet at overdrage sagerne til de tre nye "
        "sagsbehandlere.",
        "organisation": "10 koordinerende sagsbehandlere (heraf 3 nyansatte) og 2 "
        "virksomhedskonsulenter arbejder i ét team.",
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
    "sager til nye sagsbehandlere ved projektstart skal planlægges bedre.",
    "anchoring": "Beskæftigelsesudvalget har besluttet at videreføre et loft på 32 sager pr. "
    "sagsbehandler i budget 2020. Arbejdsgangene er skrevet ind i jobcentrets kvalitetshåndbog.",
    "other": "Tak til de øvrige projektkommuner for et godt samarbejde på workshopperne.",
}
CRITERIA = {
    "passive_share": {"start": 31.0, "mid": 24.5, "end": 17.2},
    "belief": {"start": 3.1, "mid": 3.6, "end": 3.9},
    "placements": {"start": 22.0, "mid": 41.0, "end": 58.0},
}
# Labour-market status at the end of the citizens whose resource course ended with a change
# of benefit (their registration has an end date), shared in these proportions; the citizens
# still registered are in a resource course, and "Flyttet" is the relocated-citizens sheet.
LABOUR_END_WEIGHTS = {
    "Ordinær beskæftigelse": 5,
    "Fleksjob": 14,
    "Ledighedsydelse": 2,
    "Uddannelse": 3,
    "Førtidspension": 7,
    "Pension": 1,
    "Anden ydelse": 2,
}
SUBMITTED = {
    "status:2018-H1": dt.date(2018, 8, 27),
    "part:2018-H1": dt.date(2018, 8, 27),
    "status:2018-H2": dt.date(2019, 2, 22),
    "part:2018-H2": dt.date(2019, 2, 22),
    "final": dt.date(2019, 6, 26),
    "accounts": dt.date(2019, 6, 26),
}


def labour_status(regs: RegistrationSheet, relocated: RelocatedSheet) -> dict[str, tuple[int, int]]:
    """Every citizen of the registration sheet was in a resource course at the start (or
    when they joined). At the end: the relocated citizens have moved, a citizen whose
    latest registration is still open is in a resource course, and the others changed
    benefit (shared by the weights above, largest remainder first)."""
    latest: dict[str, Registration] = {}
    for r in regs.rows:
        key = citizen_key(r.citizen)
        if key and r.start and (key not in latest or r.start >= (latest[key].start or r.start)):
            latest[key] = r
    moved = {citizen_key(r.cpr) for r in relocated.rows} & set(latest)
    ended = sum(1 for k, r in latest.items() if r.end is not None and k not in moved)
    weight = sum(LABOUR_END_WEIGHTS.values())
    shares = {k: ended * w / weight for k, w in LABOUR_END_WEIGHTS.items()}
    end = {k: int(v) for k, v in shares.items()}
    for k in sorted(shares, key=lambda k: end[k] - shares[k])[: ended - sum(end.values())]:
        end[k] += 1
    status = {"Ressourceforløb": (len(latest), len(latest) - ended - len(moved))}
    return status | {k: (0, n) for k, n in end.items()} | {"Flyttet": (0, len(moved))}


def staff(regs: RegistrationSheet, dates: list[dt.date]) -> list[CaseworkerLoad]:
    """Each real caseworker of the registration sheet: hours per week, the citizens
    registered with them on every month end (their whole caseload: the example's team
    works with resource courses only), and when they started and ended in the project."""
    fictitious = fictitious_keys(load_pool())  # citizens on leave, not a caseload
    rows: dict[str, list[Registration]] = {}
    for r in regs.rows:
        name = (r.caseworker or "").strip()
        if name and r.start and caseworker_key(name) not in fictitious:
            rows.setdefault(name, []).append(r)
    loads = []
    for name, own in rows.items():
        totals = {
            d: sum(1 for r in own if r.start and r.start <= d and (r.end is None or d <= r.end))
            for d in dates
        }
        hours = max((r.hours for r in own if r.hours), default=None)
        ends = [r.end for r in own]
        last = None if None in ends else max(e for e in ends if e)
        start = min(r.start for r in own if r.start)
        load = CaseworkerLoad(name, hours, totals, start=start, end=last)
        load.totals = {d: n for d, n in totals.items() if load.active_on(d)}
        loads.append(load)
    return loads


def fill(data: ProjectData, regs: RegistrationSheet, relocated: RelocatedSheet) -> ProjectData:
    """Complete the pre-filled project data with the example's fictional figures."""
    data.journal_number = "2017-0099 (fiktivt)"
    data.management_name, data.management_title = "Hanne Eksempelsen", "Jobcenterchef"
    data.auditor_name = "Revisionsfirmaet Eksempel, statsautoriseret revisor Lars Prøve"
    for rep in data.reports:
        rep.deadline = rep.expected  # the (fictional) grant letter sets the same dates
        rep.submitted = SUBMITTED.get(rep.key)
    data.approved = record_from(data)  # with the grant letter's journal number and deadlines
    for line in data.lines:
        line.spent = dict(SPENT.get(line.key, {}))
        line.remark = REMARKS.get(line.key)
        line.remarks = dict(PERIOD_REMARKS.get(line.key, {}))
    data.income_received = {FUND: dict(FUND_RECEIVED)}
    citizens = {citizen_key(r.citizen) for r in regs.rows if r.citizen}
    data.participants = len(citizens)
    data.status_texts = {p: dict(t) for p, t in STATUS.items()}
    data.final_texts = dict(FINAL)
    data.criteria = {k: {m: v for m, v in vals.items()} for k, vals in CRITERIA.items()}
    data.labour_status = labour_status(regs, relocated)
    data.instalments = [  # eligible spending of the half-year less the fund's money received
        Instalment(dt.date(2018, 9, 20), "2018-H1", 364_200),
        Instalment(dt.date(2019, 3, 25), "2018-H2", 610_000),
    ]
    dates = snapshot_months(load_pool(), data.project_end)
    data.snapshot_dates = dates
    data.caseworkers = staff(regs, dates)
    h1_max = max(
        n
        for cw in data.caseworkers
        for d, n in cw.totals.items()
        if d.year == 2018 and d.month <= 6
    )
    first = data.status_texts["2018-H1"]
    first["activities"] = first["activities"].format(h1_max=h1_max)
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
    regs = read_approved(HERE / "registreringsskema.xlsx", DocKind.REGISTRATIONS)
    relocated = read_approved(HERE / "fraflyttede_borgere.xlsx", DocKind.RELOCATED)
    data = fill(projectdata_from(app, budget), regs, relocated)
    return write_projectdata(out, data, force=True)


def main() -> int:
    print(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
