"""Build the example citizen sheets for Viborg Kommune (fictional people only).

Writes examples/viborg/registreringsskema.xlsx and examples/viborg/fraflyttede_borgere.xlsx
(deterministic: a fixed seed). Run: .venv/bin/python examples/build_citizens.py

The figures agree with the example application (ansoegning.docx): all 10 coordinating
caseworkers of the team (7 who had the resource courses before the project and 3 new
ones; two on reduced hours) take part with their citizens. 275 citizens are registered
at the real start (1 March 2018), 45 new ones join over the project period (320 in all),
some end their resource course when they change benefit, one changes caseworker, one is
moved to the fictitious caseworker during parental leave, and 3 move away (the relocated
sheet, each ending with the caseworker named on the move date). Every caseworker has
between 25 and 35 cases per full-time post (37 hours) at every month end; the builder
checks it. All names and CPR numbers are invented; CPR numbers have real birth dates.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from hir_docs.forms.citizens import write_registrations, write_relocated
from hir_docs.model import Registration
from hir_docs.model.caseload import caseload_snapshots, month_ends
from hir_docs.pools import load_pool

OUT = Path(__file__).resolve().parent / "viborg"
D = dt.date
Row = dict[str, object]

# Fictional coordinating caseworkers at Jobcenter Viborg: (name, e-mail, hours per week).
# The last three are the project's new caseworkers; Sofie Fiktiv (meeting leader) and
# Dorte Fiktivsen work reduced hours.
CASEWORKERS = [
    ("Lene Eksempel", "lene.eksempel@viborg.dk", 37.0),
    ("Jonas Prøvesen", "jonas.proevesen@viborg.dk", 37.0),
    ("Sofie Fiktiv", "sofie.fiktiv@viborg.dk", 30.0),
    ("Anders Opdigt", "anders.opdigt@viborg.dk", 37.0),
    ("Birgitte Prøve", "birgitte.proeve@viborg.dk", 37.0),
    ("Carsten Eksempelsen", "carsten.eksempelsen@viborg.dk", 37.0),
    ("Dorte Fiktivsen", "dorte.fiktivsen@viborg.dk", 30.0),
    ("Erik Modelsen", "erik.modelsen@viborg.dk", 37.0),
    ("Fatima Testesen", "fatima.testesen@viborg.dk", 37.0),
    ("Gitte Skabelon", "gitte.skabelon@viborg.dk", 37.0),
]
FICT = ("Barsel/fængsel", "123@abc.dk", 0.0)
START = D(2018, 3, 1)  # the real start (Q&A 2018, spørgsmål 1)
AT_START = 275  # citizens in resource courses at the start (the application)
FULL_TIME = 37.0
SEED = 2018
# A citizen who joins during the project changes benefit three months later at the earliest.
MIN_DAYS = dt.timedelta(days=90)
# Month (year, month) -> (new citizens, citizens who change benefit and leave the course);
# 45 new citizens in all, more than usual in the autumn of 2018.
FLOW = {
    (2018, 4): (3, 2),
    (2018, 5): (3, 3),
    (2018, 6): (3, 4),
    (2018, 7): (2, 3),
    (2018, 8): (4, 5),
    (2018, 9): (6, 4),
    (2018, 10): (6, 5),
    (2018, 11): (5, 5),
    (2018, 12): (3, 6),
    (2019, 1): (4, 4),
    (2019, 2): (3, 5),
    (2019, 3): (3, 4),
}
# Citizens who moved away (ended by STAR's support desk from fraflyttede_borgere.xlsx):
# (caseworker, their n-th citizen at the start, move date, new municipality, name).
MOVED = [
    ("Jonas Prøvesen", 2, D(2018, 8, 15), "Aarhus Kommune", "Peter Fiktivsen"),
    ("Sofie Fiktiv", 3, D(2018, 11, 30), "Skive Kommune", "Maja Opdigtet"),
    ("Jonas Prøvesen", 12, D(2019, 3, 15), "Silkeborg Kommune", "Ole Opdigtsen"),
]


def cpr(i: int) -> str:
    """Invented CPR number no. ``i`` with a real birth date (born 1960-1999)."""
    day = 1 + (i * 7) % 28
    month = 1 + (i * 5) % 12
    year = 60 + (i * 3) % 40
    seq = 1000 + (i * 37) % 3000  # first digit 1-3: born in the 1900s
    return f"{day:02d}{month:02d}{year:02d}-{seq:04d}"


def weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def at_start() -> list[int]:
    """Citizens per caseworker at the start: 275 shared by hours (largest remainder)."""
    total_hours = sum(h for _, _, h in CASEWORKERS)
    shares = [AT_START * h / total_hours for _, _, h in CASEWORKERS]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: AT_START - sum(counts)]:
        counts[i] += 1
    return counts


def _row(n: int, caseworker: tuple[str, str, float], start: dt.date) -> Row:
    name, email, hours = caseworker
    return {
        "citizen": cpr(n),
        "caseworker": name,
        "email": email,
        "hours": hours,
        "start": start,
        "end": None,
    }


def _active(row: Row, day: dt.date) -> bool:
    start, end = row["start"], row["end"]
    assert isinstance(start, dt.date)
    return start <= day and (end is None or (isinstance(end, dt.date) and day <= end))


def _load(rows: list[Row], day: dt.date) -> dict[str, float]:
    """Cases per full-time post of each real caseworker on ``day``."""
    counts = {name: 0 for name, _, _ in CASEWORKERS}
    for r in rows:
        if r["caseworker"] in counts and _active(r, day):
            counts[str(r["caseworker"])] += 1
    return {name: counts[name] * FULL_TIME / hours for name, _, hours in CASEWORKERS}


def registrations() -> list[Row]:
    rng = random.Random(SEED)
    rows: list[Row] = []
    by_cw: dict[str, list[Row]] = {}
    n = 0
    for cw, count in zip(CASEWORKERS, at_start(), strict=True):
        for _ in range(count):
            n += 1
            rows.append(_row(n, cw, START))
            by_cw.setdefault(cw[0], []).append(rows[-1])
    lene = by_cw["Lene Eksempel"]
    special = [id(lene[0]), id(lene[1])]
    # Caseworker change (Q&A 3 om modulet): Lene's first citizen moves to Jonas on 1 June.
    lene[0]["end"] = D(2018, 5, 31)
    rows.append({**lene[0], "caseworker": "Jonas Prøvesen", "email": CASEWORKERS[1][1]})
    rows[-1] |= {"start": D(2018, 6, 1), "end": None}
    # Parental leave (Q&A 6 om modulet): Lene's second citizen goes to the fictitious
    # caseworker while the citizen is on leave.
    lene[1]["end"] = D(2018, 7, 31)
    rows.append({"citizen": lene[1]["citizen"], "caseworker": FICT[0], "email": FICT[1]})
    rows[-1] |= {"hours": FICT[2], "start": D(2018, 8, 1), "end": None}
    special += [id(r) for r in rows[-2:]]
    for name, index, day, _, _ in MOVED:
        by_cw[name][index]["end"] = day
        special.append(id(by_cw[name][index]))
    staff = {cw[0]: cw for cw in CASEWORKERS}
    for (year, month), (new, leaving) in FLOW.items():
        for _ in range(leaving):  # a change of benefit ends the resource course
            day = weekday(D(year, month, rng.randint(1, 26)))
            open_rows = [
                r
                for r in rows
                if r["end"] is None and id(r) not in special and r["caseworker"] in staff
                if _active(r, day) and (r["start"] == START or _active(r, day - MIN_DAYS))
            ]
            rng.choice(open_rows)["end"] = day
        for _ in range(new):  # a new citizen goes to the caseworker with room
            day = weekday(D(year, month, rng.randint(1, 26)))
            load = _load(rows, day)
            name = min(load, key=lambda k: (load[k], k))
            n += 1
            rows.append(_row(n, staff[name], day))
    rows.sort(key=lambda r: str(r["start"]))  # ISO dates sort as dates; stable
    return rows


def relocated(regs: list[Row]) -> list[Row]:
    """The relocated citizens: each one's registration at the start, which ends on the
    move date with the caseworker named."""
    out = []
    for name, index, day, to, citizen_name in MOVED:
        r = [r for r in regs if r["caseworker"] == name and r["start"] == START][index]
        assert r["end"] == day
        out.append(
            {
                "cpr": r["citizen"],
                "name": citizen_name,
                "caseworker": r["caseworker"],
                "email": r["email"],
                "start": r["start"],
                "end": day,
                "destination": to,
            }
        )
    return out


def check_caseloads(regs: list[Row]) -> list[str]:
    """Every caseworker between 25 and 35 cases per full-time post at every month end."""
    pool = load_pool()
    model = [
        Registration(
            citizen=str(r["citizen"]),
            caseworker=str(r["caseworker"]),
            email=str(r["email"]),
            hours=float(r["hours"]),  # type: ignore[arg-type]
            start=r["start"],  # type: ignore[arg-type]
            end=r["end"],  # type: ignore[arg-type]
            row=i,
            location=f"A{i}",
        )
        for i, r in enumerate(regs, start=7)
    ]
    dates = month_ends(START, pool.date("project_end") - dt.timedelta(days=1))
    return [
        f"{p.caseworker} {p.date}: {p.cases_per_fte:.1f}"
        for p in caseload_snapshots(model, dates, pool)
        if p.cases_per_fte is None or not 25 <= p.cases_per_fte <= 35
    ]


def main() -> int:
    regs = registrations()
    moved = relocated(regs)
    problems = check_caseloads(regs)
    if problems:
        print("Eksemplets sagsstammer er uden for 25-35 pr. fuldtid:", *problems, sep="\n")
        return 1
    write_registrations(OUT / "registreringsskema.xlsx", regs)
    write_relocated(OUT / "fraflyttede_borgere.xlsx", moved)
    citizens = len({r["citizen"] for r in regs})
    print(f"Skrevet: {OUT / 'registreringsskema.xlsx'} ({len(regs)} rækker, {citizens} borgere)")
    print(f"Skrevet: {OUT / 'fraflyttede_borgere.xlsx'} ({len(moved)} borgere)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
