"""Build the example submissions of the two other pools (fictional people only).

- examples/flere-skal-med/ansoegning.docx and budget.xlsx: Viborg's application (the pool's
  example answers, ``hir_docs/pools/flere-skal-med/example.toml``) and a budget whose salary
  lines give persons, function, rate and hours - a virksomhedskonsulent among them (eligible
  in this pool, not in HIR's).
- examples/virksomhedsrettet/ansoegning.docx: Jobcenter Skive's application to the 2011
  programme (its example answers).

- examples/flere-skal-med/aktivitetsregister.xlsx: Jobcenter Holstebro's indsatsgruppe,
  14 citizens over September 2017 - August 2018 (one visited to group 2 at the start
  clarification, one moving away in February, one re-visited to group 3 in April); the
  share in a counted activity stays under 40 % until March 2018 and then holds three months.
- examples/flere-skal-med/progressionsskema.xlsx: the questionnaire at the start
  clarification and at the follow-up, one citizen without a follow-up.
- examples/virksomhedsrettet/deltagerregister.xlsx: six participants of Jobcenter Skive's
  model project (from 15 August 2011), one reaching two payment events in one quarter, one
  with an action plan without mentor support, one with a job instead of an offer.

Each register is written from the pool's own blank (``hir-docs forms --pool``), so the
example reads exactly as a municipality's filled-in copy. CPR numbers are invented.
Run: .venv/bin/python examples/build_registers.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from hir_docs import api

HERE = Path(__file__).resolve().parent
D = dt.date
MONTHS = [D(2017, 9, 1), D(2017, 10, 1), D(2017, 11, 1), D(2017, 12, 1), D(2018, 1, 1),
          D(2018, 2, 1), D(2018, 3, 1), D(2018, 4, 1), D(2018, 5, 1), D(2018, 6, 1),
          D(2018, 7, 1), D(2018, 8, 1)]  # fmt: skip
SHORT = ["sep", "okt", "nov", "dec", "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug"]


def _blank(pool: str, name: str, tmp: Path) -> openpyxl.Workbook:
    api.write_blank_forms(tmp / pool, pool=pool, force=True)
    return openpyxl.load_workbook(tmp / pool / name)


def _header(ws: Any, first: str) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=40):
        if any(c.value == first for c in row):
            cols = {str(c.value): c.column for c in row if c.value is not None}
            return row[0].row, cols
    raise SystemExit(f"no header '{first}' in {ws.title}")


# (CPR, group at start, start clarification, re-visited, left, activity per month index)
P, L, T = "virksomhedspraktik", "løntilskud", "ordinære timer"
CITIZENS: list[tuple[str, int, dt.date, dt.date | None, dt.date | None, dict[int, str]]] = [
    ("0101791234", 1, D(2017, 9, 5), None, None, {2: P, 3: P, 6: P, 7: P, 8: T, 9: T}),
    ("0202801235", 1, D(2017, 9, 6), None, None, {6: L, 7: L, 8: L, 9: L}),
    ("0303811236", 1, D(2017, 9, 7), None, None, {1: P, 6: T, 7: T, 8: T}),
    ("0404821237", 1, D(2017, 9, 8), None, None, {4: P, 6: P, 7: P, 8: P}),
    ("0505831238", 1, D(2017, 9, 11), None, D(2018, 2, 14), {0: P, 1: P}),  # moves away
    ("0606841239", 1, D(2017, 9, 12), D(2018, 4, 3), None, {6: P, 9: P}),  # to group 3
    ("0707851230", 1, D(2017, 9, 13), None, None, {3: L, 7: "fleksjob", 8: "fleksjob"}),
    (
        "0808861231",
        1,
        D(2017, 9, 14),
        None,
        None,
        {6: "ordinær uddannelse", 7: "ordinær uddannelse", 8: "ordinær uddannelse"},
    ),
    ("0909871232", 1, D(2017, 9, 15), None, None, {}),
    ("1010881233", 1, D(2017, 9, 18), None, None, {2: "mentor", 5: "ingen"}),
    ("1111891234", 1, D(2017, 9, 19), None, None, {9: P, 10: P}),
    ("1212901235", 1, D(2017, 9, 20), None, None, {}),
    ("1301911236", 2, D(2017, 9, 21), None, None, {}),  # group 2 at the start: not counted
    ("1402921237", 1, D(2017, 10, 2), None, None, {6: P, 7: L, 8: L}),
]


def activity_register(tmp: Path, out: Path) -> Path:
    wb = _blank("flere-skal-med", "aktivitetsregister.xlsx", tmp)
    ws = wb.worksheets[0]
    row0, cols = _header(ws, "CPR-nummer")
    fixed = 5  # CPR, group, start clarification, re-visited, left: then one column a month
    labels = {i: str(ws.cell(row0, fixed + 1 + i).value or "") for i in range(len(MONTHS))}
    if not all(labels[i].lower().startswith(SHORT[i]) for i in labels):
        for i, month in enumerate(MONTHS):  # the pool gives no months: the example's own
            ws.cell(row0, fixed + 1 + i, f"{SHORT[i]} {month.year}")
    first_month = fixed + 1
    for r, (cpr, group, visited, revisited, left, acts) in enumerate(CITIZENS, start=row0 + 1):
        values = [f"{cpr[:6]}-{cpr[6:]}", group, visited, revisited, left]
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
            if isinstance(value, dt.date):
                ws.cell(r, c).number_format = "DD-MM-YYYY"
        for i, word in acts.items():
            ws.cell(r, first_month + i, word)
    path = out / "aktivitetsregister.xlsx"
    wb.save(path)
    return path


def progression(tmp: Path, out: Path) -> Path:
    wb = _blank("flere-skal-med", "progressionsskema.xlsx", tmp)
    ws = wb.worksheets[0]
    row0, cols = _header(ws, "CPR-nummer")
    questions = sorted(c for label, c in cols.items() if label.lower().startswith("spm"))
    measure = next(c for label, c in cols.items() if label.lower().startswith("måling"))
    date = next(c for label, c in cols.items() if label.lower().startswith("dato"))
    r = row0 + 1
    for n, (cpr, group, visited, *_rest) in enumerate(CITIZENS[:6]):
        if group != 1:
            continue
        rounds = [("startafklaring", visited)]
        if n != 2:  # the third citizen has no follow-up yet
            rounds.append(("opfølgning", visited + dt.timedelta(days=300)))
        for k, (kind, day) in enumerate(rounds):
            ws.cell(r, 1, f"{cpr[:6]}-{cpr[6:]}")
            ws.cell(r, measure, kind)
            ws.cell(r, date, day).number_format = "DD-MM-YYYY"
            for q, c in enumerate(questions):
                ws.cell(r, c, 2 + (q + n + k) % 3 + k)
            r += 1
    path = out / "progressionsskema.xlsx"
    wb.save(path)
    return path


# (id, matchgroup, benefit start, entry, first interview, plan, mentor, offer, job, education)
PARTICIPANTS = [
    ("SK-01", 2, D(2010, 11, 1), D(2011, 8, 22), D(2011, 8, 29), D(2011, 9, 20), "ja", D(2011, 11, 7), None, None),
    ("SK-02", 3, D(2008, 3, 1), D(2011, 8, 23), D(2011, 9, 5), D(2011, 9, 26), "ja", None, D(2012, 1, 9), None),
    ("SK-03", 3, D(2009, 6, 1), D(2011, 9, 1), D(2011, 9, 12), D(2011, 10, 17), "nej", None, None, None),
    ("SK-04", 2, D(2011, 1, 10), D(2011, 9, 14), D(2011, 10, 3), D(2011, 10, 24), "ja", D(2011, 12, 5), None, None),
    ("SK-05", 3, D(2007, 2, 1), D(2011, 10, 3), D(2011, 10, 10), None, None, None, None, None),
    ("SK-06", 2, D(2011, 4, 4), D(2011, 11, 1), D(2011, 11, 8), D(2011, 12, 12), "ja", None, None, D(2012, 2, 1)),
]  # fmt: skip


def participants(tmp: Path, out: Path) -> Path:
    wb = _blank("virksomhedsrettet", "deltagerregister.xlsx", tmp)
    ws = wb.worksheets[0]
    row0, cols = _header(ws, "Deltager-id eller CPR-nummer")
    order = list(cols.values())
    for r, values in enumerate(PARTICIPANTS, start=row0 + 1):
        for c, value in zip(order, values, strict=False):
            ws.cell(r, c, value)
            if isinstance(value, dt.date):
                ws.cell(r, c).number_format = "DD-MM-YYYY"
    path = out / "deltagerregister.xlsx"
    wb.save(path)
    return path


def fsm_application(tmp: Path, out: Path) -> Path:
    from hir_docs.forms.application import write_application
    from hir_docs.forms.application_example import example_answers
    from hir_docs.pools import load_pool

    path = out / "ansoegning.docx"
    pool = load_pool("flere-skal-med")
    write_application(path, example_answers(pool.id), pool=pool)
    return path


def kvi_application(tmp: Path, out: Path) -> Path:
    from hir_docs.forms.application import write_application
    from hir_docs.forms.application_example import example_answers
    from hir_docs.pools import load_pool

    path = out / "ansoegning.docx"
    pool = load_pool("virksomhedsrettet")
    write_application(path, example_answers(pool.id), pool=pool)
    return path


def fsm_budget(tmp: Path, out: Path) -> Path:
    """2.400.000 kr. for 2017-2019: salary only (the FAQ: "alene ... lønkroner")."""
    from hir_docs.forms.budget import BudgetLineSpec, build_budget, save_deterministic
    from hir_docs.pools import load_pool

    lines = (
        BudgetLineSpec("Løn", "Sagsbehandler (startafklaring)", persons=2, hours=5200, rate=200,
                       amounts={2017: 260_000, 2018: 520_000, 2019: 260_000}),
        BudgetLineSpec("Løn", "Personlig jobformidler", persons=2, hours=4800, rate=200,
                       amounts={2017: 240_000, 2018: 480_000, 2019: 240_000}),
        BudgetLineSpec("Løn", "Virksomhedskonsulent", persons=1, hours=2000, rate=200,
                       amounts={2017: 100_000, 2018: 200_000, 2019: 100_000}),
    )  # fmt: skip
    wb, values = build_budget(
        lines,
        recipient="Viborg Kommune",
        project_name="Flere skal med i Viborg",
        pool=load_pool("flere-skal-med"),
    )
    path = out / "budget.xlsx"
    save_deterministic(wb, path, values)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for folder, builders in (
            ("flere-skal-med", (fsm_application, fsm_budget, activity_register, progression)),
            ("virksomhedsrettet", (kvi_application, participants)),
        ):
            out = HERE / folder
            out.mkdir(exist_ok=True)
            for build in builders:
                print(f"Skrevet: {build(tmp, out).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
