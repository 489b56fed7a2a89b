"""Generate a large, valid relocated-citizens sheet (fictional data) for benchmarks.

Run: .venv/bin/python benchmarks/gen_citizens.py OUT.xlsx [ROWS]
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

from hir_docs.forms.citizens import write_relocated

DESTINATIONS = ["Aarhus Kommune", "Skive", "Silkeborg Kommune", "Holstebro", "Randers Kommune"]
CASEWORKERS = [(f"Sagsbehandler {i}", f"sagsbehandler{i}@viborg.dk") for i in range(40)]


def rows(n: int, problem_every: int = 0) -> Iterator[dict[str, object]]:
    """``n`` distinct valid citizens: real birth dates, dates inside the project period.

    ``problem_every=10``: every 10th row has a date problem (alternately an end date
    before the start date and an end date after the project period).
    """
    start0 = dt.date(2018, 3, 1)
    for i in range(n):
        day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 50 + (i // 336) % 50
        seq = i // 16800  # makes the number unique across 50.000+ rows
        cw, mail = CASEWORKERS[i % len(CASEWORKERS)]
        start = start0 + dt.timedelta(days=i % 200)
        yield {
            "cpr": f"{day:02d}{month:02d}{year:02d}-{seq}{i % 1000:03d}",
            "name": f"Borger {i}",
            "caseworker": cw,
            "email": mail,
            "start": start,
            "end": _end(i, start, problem_every),
            "destination": DESTINATIONS[i % len(DESTINATIONS)],
        }


def _end(i: int, start: dt.date, problem_every: int) -> dt.date:
    if problem_every and i % problem_every == 0:
        if (i // problem_every) % 2:
            return start - dt.timedelta(days=1 + i % 60)  # before the start date
        return dt.date(2021, 1, 1) + dt.timedelta(days=i % 300)  # after the project period
    return start + dt.timedelta(days=30 + i % 150)


def generate(path: Path, n: int = 50_000, problem_every: int = 0) -> Path:
    return write_relocated(path, rows(n, problem_every), deterministic=False)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    print(generate(out, count))
