"""Write examples/inbox/: a small STAR inbox for `hir-docs bulk` (issue 6).

Four fictional submissions (real municipalities, invented people and numbers):

* Viborg/       clean: the project's shared example (application, budget, relocated sheet);
* Aarhus/       with errors: the application asks for 1.500.000 kr., the budget for
                1.260.000 kr., and the budget has an external consultant the pool does
                not pay for;
* Odense/       a broken file: "budget.xlsx" is a text file with the wrong ending;
* Frederikshavn/ clean, Region Nordjylland, 800.000 kr.

    .venv/bin/python examples/build_inbox.py   # then: hir-docs bulk examples/inbox --out out/oversigt.xlsx
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hir_docs.forms.application import write_application
from hir_docs.forms.budget import EXAMPLE_LINES, BudgetLineSpec, write_budget

HERE = Path(__file__).resolve().parent
INBOX = HERE / "inbox"


def _contact(town: str, street: str, postcode: str, cvr: str, person: str, email: str) -> str:
    return (
        f"Jobcenter {town}, {street}, {postcode} {town}, CVR-nummer {cvr}, "
        f"projektleder {person}, tlf. 12 34 56 78, e-mail {email}"
    )


def _relocated(path: Path, jobcenter: str, rows: list[dict[str, object]]) -> None:
    from hir_docs.forms.citizens import write_relocated

    write_relocated(path, rows, jobcenter=jobcenter)


def _citizen(
    cpr: str, name: str, caseworker: str, email: str, end: dt.date, to: str
) -> dict[str, object]:
    return {
        "cpr": cpr,
        "name": name,
        "caseworker": caseworker,
        "email": email,
        "start": dt.date(2018, 3, 1),
        "end": end,
        "destination": to,
    }


def viborg(folder: Path) -> None:
    write_application(folder / "ansøgning.docx")
    write_budget(folder / "budget.xlsx")
    _relocated(
        folder / "fraflyttede_borgere.xlsx",
        "Jobcenter Viborg",
        [
            _citizen(
                "120384-1234",
                "Anna Eksempel",
                "Sara Sagsbehandler",
                "sara.sagsbehandler@viborg.dk",
                dt.date(2018, 9, 30),
                "Aarhus Kommune",
            ),
            _citizen(
                "050791-2345",
                "Bo Eksempel",
                "Sara Sagsbehandler",
                "sara.sagsbehandler@viborg.dk",
                dt.date(2018, 11, 15),
                "Skive Kommune",
            ),
        ],
    )


def aarhus(folder: Path) -> None:
    name = "Flere sager færre – håndholdt indsats i Aarhus"
    write_application(
        folder / "Ansøgningsskema Aarhus.docx",
        {
            "project_name": name,
            "municipality": "Aarhus Kommune",
            "contact": _contact(
                "Aarhus", "Prøvegade 3", "8000", "27182828", "Jens Prøve", "jens.proeve@aarhus.dk"
            ),
            "requested_amount": "1.500.000 kr.",
            "expected_citizens": "Ca. 450 borgere i ressourceforløb i projektperioden.",
        },
    )
    lines = (
        *EXAMPLE_LINES,
        BudgetLineSpec(
            "Eksterne konsulenter og undervisere",
            "Ekstern konsulent til kompetenceudvikling",
            amounts={2018: 60_000},
        ),
    )
    write_budget(
        folder / "budget aarhus.xlsx", lines=lines, recipient="Aarhus Kommune", project_name=name
    )


def odense(folder: Path) -> None:
    write_application(
        folder / "ansøgning.docx",
        {
            "project_name": "Tid til borgeren – Odense",
            "municipality": "Odense Kommune",
            "contact": _contact(
                "Odense",
                "Eksempelgade 7",
                "5000",
                "16180343",
                "Lise Prøve",
                "lise.proeve@odense.dk",
            ),
            "requested_amount": "1.200.000 kr.",
            "expected_citizens": "Vi forventer ca. 300 borgere i projektperioden.",
        },
    )
    # A budget that is not a spreadsheet at all (saved as text, renamed .xlsx).
    (folder / "budget.xlsx").write_text("Budget: se vedhæftede PDF\n", encoding="utf-8")


def frederikshavn(folder: Path) -> None:
    name = "Håndholdt indsats i Frederikshavn"
    write_application(
        folder / "ansøgning.docx",
        {
            "project_name": name,
            "municipality": "Frederikshavn Kommune",
            "contact": _contact(
                "Frederikshavn",
                "Havnevej 1",
                "9900",
                "14142142",
                "Ole Prøve",
                "ole.proeve@frederikshavn.dk",
            ),
            "requested_amount": "800.000 kr.",
            "expected_citizens": "Ca. 120 borgere, heraf 20 nye forløb.",
        },
    )
    lines = (
        BudgetLineSpec(
            "Løn",
            "Koordinerende sagsbehandler (frikøb)",
            persons=2,
            hours=3800,
            rate=200,
            amounts={2018: 600_000, 2019: 160_000},
            remark="2018: 3.000 timer, 2019: 800 timer",
        ),
        BudgetLineSpec(
            "Transport – kørselsgodtgørelse, rejser og ophold",
            "Transport og repræsentation, erfaringsworkshop",
            amounts={2018: 4_000, 2019: 6_000},
        ),
        BudgetLineSpec("Revision", "Revisorpåtegning af slutregnskab", amounts={2019: 30_000}),
    )
    write_budget(
        folder / "budget.xlsx", lines=lines, recipient="Frederikshavn Kommune", project_name=name
    )
    _relocated(
        folder / "fraflyttede.xlsx",
        "Jobcenter Frederikshavn",
        [
            _citizen(
                "230176-3456",
                "Carl Eksempel",
                "Per Sagsbehandler",
                "per.sagsbehandler@frederikshavn.dk",
                dt.date(2018, 6, 30),
                "Hjørring Kommune",
            )
        ],
    )


def build(root: Path = INBOX) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for folder_name, builder in (
        ("Viborg", viborg),
        ("Aarhus", aarhus),
        ("Odense", odense),
        ("Frederikshavn", frederikshavn),
    ):
        folder = root / folder_name
        folder.mkdir(parents=True)
        builder(folder)
    return root


if __name__ == "__main__":
    print(f"Skrevet: {build()}")
