"""Build the example citizen sheets for Viborg Kommune (fictional people only).

Writes examples/viborg/fraflyttede_borgere.xlsx and examples/viborg/registreringsskema.xlsx
(deterministic). Run: .venv/bin/python examples/build_citizens.py
All names and CPR numbers are invented; CPR numbers have real birth dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hir_docs.forms.citizens import write_registrations, write_relocated

OUT = Path(__file__).resolve().parent / "viborg"
D = dt.date

# Fictional caseworkers at Jobcenter Viborg: (name, e-mail, hours per week, citizens at start)
CASEWORKERS = [
    ("Lene Eksempel", "lene.eksempel@viborg.dk", 37.0, 32),
    ("Jonas Prøvesen", "jonas.proevesen@viborg.dk", 37.0, 31),
    ("Sofie Fiktiv", "sofie.fiktiv@viborg.dk", 30.0, 26),  # meeting leader: reduced hours
]
FICT = ("Barsel/fængsel", "123@abc.dk", 0.0)
START = D(2018, 3, 1)


def cpr(i: int) -> str:
    """Invented CPR number no. ``i`` with a real birth date (born 1960-1999)."""
    day = 1 + (i * 7) % 28
    month = 1 + (i * 5) % 12
    year = 60 + (i * 3) % 40
    seq = 1000 + (i * 37) % 3000  # first digit 1-3: born in the 1900s
    return f"{day:02d}{month:02d}{year:02d}-{seq:04d}"


def registrations() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    n = 0
    by_cw: dict[str, list[dict[str, object]]] = {}
    for name, email, hours, count in CASEWORKERS:
        for _ in range(count):
            n += 1
            row = {"citizen": cpr(n), "caseworker": name, "email": email, "hours": hours}
            row |= {"start": START, "end": None}
            rows.append(row)
            by_cw.setdefault(name, []).append(row)
    lene, jonas, sofie = (by_cw[c[0]] for c in CASEWORKERS)

    # Caseworker change (Q&A 3): Lene's first citizen moves to Jonas on 1 June 2018.
    lene[0]["end"] = D(2018, 5, 31)
    rows.append({**lene[0], "caseworker": "Jonas Prøvesen", "email": CASEWORKERS[1][1]})
    rows[-1] |= {"start": D(2018, 6, 1), "end": None}
    # Parental leave (Q&A 6): Lene's second citizen goes to the fictitious caseworker.
    lene[1]["end"] = D(2018, 7, 31)
    rows.append({"citizen": lene[1]["citizen"], "caseworker": FICT[0], "email": FICT[1]})
    rows[-1] |= {"hours": FICT[2], "start": D(2018, 8, 1), "end": None}
    # Citizens who moved away (ended by STAR's support desk from fraflyttede_borgere.xlsx).
    for row, end in (
        (jonas[2], D(2018, 8, 15)),
        (sofie[3], D(2018, 11, 30)),
        (jonas[12], D(2019, 3, 15)),
    ):
        row["end"] = end
    # Changes of benefit: ended at the registration of 3 September 2018 and 7 January 2019.
    for row in (lene[5], jonas[5], jonas[6], sofie[5]):
        row["end"] = D(2018, 8, 31)
    for row in (lene[8], jonas[9], sofie[8]):
        row["end"] = D(2018, 12, 31)
    lene[10]["end"] = D(2019, 2, 28)
    # New citizens at the later registrations.
    for start, plan in (
        (D(2018, 9, 3), (2, 2, 1)),
        (D(2019, 1, 7), (1, 1, 1)),
        (D(2019, 3, 1), (1, 1, 0)),
    ):
        for (name, email, hours, _), k in zip(CASEWORKERS, plan, strict=True):
            for _ in range(k):
                n += 1
                rows.append({"citizen": cpr(n), "caseworker": name, "email": email})
                rows[-1] |= {"hours": hours, "start": start, "end": None}
    return rows


def relocated(regs: list[dict[str, object]]) -> list[dict[str, object]]:
    moved = {
        D(2018, 8, 15): "Aarhus Kommune",
        D(2018, 11, 30): "Skive Kommune",
        D(2019, 3, 15): "Silkeborg Kommune",
    }
    names = iter(["Peter Fiktivsen", "Maja Opdigtet", "Ole Opdigtsen"])
    out = []
    for r in regs:
        if r["end"] in moved:
            out.append(
                {
                    "cpr": r["citizen"],
                    "name": next(names),
                    "caseworker": r["caseworker"],
                    "email": r["email"],
                    "start": r["start"],
                    "end": r["end"],
                    "destination": moved[r["end"]],  # type: ignore[index]
                }
            )
    return out


def main() -> None:
    regs = registrations()
    write_registrations(OUT / "registreringsskema.xlsx", regs)
    write_relocated(OUT / "fraflyttede_borgere.xlsx", relocated(regs))
    print(f"Skrevet: {OUT / 'registreringsskema.xlsx'} ({len(regs)} rækker)")
    print(f"Skrevet: {OUT / 'fraflyttede_borgere.xlsx'}")


if __name__ == "__main__":
    main()
