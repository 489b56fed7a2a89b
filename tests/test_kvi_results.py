"""The results-based payment of "Koordineret virksomhedsrettet indsats" (2011): events with
shares that add up to 100 %, a project-level event, an "any of" event, an event with a
condition, settled per calendar quarter in whole øre; and the statement workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hir_docs.formatting import mask_cpr
from hir_docs.model.results import (
    ASSUMPTIONS,
    FORECAST_NOTE,
    PROGRAMME_2011_EVENTS,
    Amounts,
    Participant,
    PaymentEvent,
    Quarter,
    Register,
    add_months,
    goals,
    ore,
    share_of,
    statement,
    target_status,
    validate_events,
    whole_months,
)
from hir_docs.render.payment_statement import (
    GRAND_TOTAL,
    QUARTER_TOTAL,
    SHEET_ASSUMPTIONS,
    SHEET_PARTICIPANTS,
    SHEET_QUARTERS,
    write_payment_statement,
)

D = dt.date
START = D(2012, 1, 2)
END = D(2013, 12, 31)
AMOUNTS = Amounts.from_kroner(10_000, expected_participants=4)
KEYS = ["project-start", "first-interview", "action-plan", "offer-job-education"]


def person(ident: str, group: int = 3, **dates: object) -> Participant:
    base: dict[str, object] = {"benefit_start": D(2011, 6, 1), "entry": D(2012, 1, 16)}
    return Participant(ident=ident, shown=ident, matchgroup=group, **{**base, **dates})  # type: ignore[arg-type]


# Four invented participants over three quarters of 2012.
FOUR = Register(
    (
        # two events in the first quarter, the offer in the second
        person(
            "D-001", 2,
            first_interview=D(2012, 2, 10), action_plan=D(2012, 3, 20), mentor_support=True,
            company_offer=D(2012, 5, 15),
        ),
        # a plan without mentor support (no 40 %), then an ordinary job (the "any of" event)
        person(
            "D-002",
            first_interview=D(2012, 3, 1), action_plan=D(2012, 4, 10), mentor_support=False,
            ordinary_job=D(2012, 8, 1),
        ),
        # a job and then education: the 30 % once, at the job
        person(
            "D-003",
            first_interview=D(2012, 4, 2), action_plan=D(2012, 6, 30), mentor_support=True,
            ordinary_job=D(2012, 7, 1), education=D(2012, 9, 1),
        ),
        person("D-004", 2, entry=D(2012, 7, 2), first_interview=D(2012, 7, 5)),
    )
)  # fmt: skip


def table(s: object) -> list[tuple[str, list[tuple[str, int, int]], int, int]]:
    return [
        (
            q.quarter.label,
            [(c.event.key, c.count, c.amount) for c in q.events],
            q.total,
            q.accumulated,
        )
        for q in s.quarters  # type: ignore[attr-defined]
    ]


def test_four_participants_over_three_quarters_are_paid_as_computed_by_hand() -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START, project_end=END)
    # øre: 10 % of 40.000 kr. = 4.000 kr.; 20 % of 10.000 = 2.000; 40 % = 4.000; 30 % = 3.000
    assert table(s) == [
        (
            "1. kvartal 2012",
            [
                ("project-start", 1, 400_000),
                ("first-interview", 2, 400_000),
                ("action-plan", 1, 400_000),
                ("offer-job-education", 0, 0),
            ],
            1_200_000,
            1_200_000,
        ),
        (
            "2. kvartal 2012",
            [
                ("project-start", 0, 0),
                ("first-interview", 1, 200_000),
                ("action-plan", 1, 400_000),  # D-003 only: D-002's plan has no mentor support
                ("offer-job-education", 1, 300_000),
            ],
            900_000,
            2_100_000,
        ),
        (
            "3. kvartal 2012",
            [
                ("project-start", 0, 0),
                ("first-interview", 1, 200_000),
                ("action-plan", 0, 0),
                ("offer-job-education", 2, 600_000),  # D-002 and D-003 started a job
            ],
            800_000,
            2_900_000,
        ),
    ]
    assert s.total == 2_900_000


def test_per_participant_the_statement_says_which_events_were_reached_and_when() -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START, project_end=END)
    by = {ln.shown: ln for ln in s.participants}
    first = by["D-001"].outcomes
    assert [(o.event.key, o.quarter, o.amount) for o in first] == [
        ("first-interview", Quarter(2012, 1), 200_000),
        ("action-plan", Quarter(2012, 1), 400_000),
        ("offer-job-education", Quarter(2012, 2), 300_000),
    ]
    plan = by["D-002"].outcomes[1]
    assert (plan.date, plan.amount, plan.note) == (
        D(2012, 4, 10),
        0,
        "ikke nået: indsatsplanen angiver ikke mentorstøtte",
    )
    job = by["D-003"].outcomes[2]
    assert (job.fact, job.date, job.amount) == ("ordinary_job", D(2012, 7, 1), 300_000)
    assert [o.note for o in by["D-004"].outcomes] == ["", "ikke nået", "ikke nået"]
    assert [ln.total for ln in s.participants] == [900_000, 500_000, 900_000, 200_000]
    assert [(o.event.key, o.amount) for o in s.project] == [("project-start", 400_000)]


@pytest.mark.parametrize(
    "shares",
    [(10, 20, 40, 20), (10, 20, 38, 30), (10, 20, 40, 31)],
    ids=["90 %", "98 % (38 is not 40)", "101 %"],
)
def test_shares_that_do_not_add_up_to_100_percent_are_rejected(shares: tuple[int, ...]) -> None:
    events = [
        replace(e, share=Fraction(s, 100))
        for e, s in zip(PROGRAMME_2011_EVENTS, shares, strict=True)
    ]
    with pytest.raises(ValueError, match="ikke 100 %"):
        validate_events(events)
    with pytest.raises(ValueError, match="ikke 100 %"):
        statement(FOUR, events, AMOUNTS, START)


def test_the_programme_s_own_events_add_up_to_exactly_100_percent() -> None:
    validate_events(PROGRAMME_2011_EVENTS)
    assert [e.key for e in PROGRAMME_2011_EVENTS] == KEYS
    assert [e.level for e in PROGRAMME_2011_EVENTS] == ["project"] + ["participant"] * 3
    assert PROGRAMME_2011_EVENTS[2].requires == ("mentor_support",)
    assert PROGRAMME_2011_EVENTS[3].facts == ("company_offer", "ordinary_job", "education")


@pytest.mark.parametrize(
    "event",
    [
        PaymentEvent("x", "X", Fraction(1), "participant", ("salary",)),
        PaymentEvent("x", "X", Fraction(1), "project", ("first_interview",)),
        PaymentEvent("x", "X", Fraction(1), "participant", ("action_plan",), ("signed",)),
        PaymentEvent("x", "X", Fraction(1), "everyone", ("action_plan",)),  # type: ignore[arg-type]
        PaymentEvent("x", "X", Fraction(0), "participant", ("action_plan",)),
    ],
    ids=[
        "unknown fact",
        "project event on a participant fact",
        "unknown condition",
        "level",
        "0 %",
    ],
)
def test_an_event_the_register_cannot_reach_is_rejected(event: PaymentEvent) -> None:
    with pytest.raises(ValueError):
        validate_events([event])


def test_two_events_with_one_key_are_rejected() -> None:
    half = PaymentEvent("a", "A", Fraction(1, 2), "participant", ("first_interview",))
    with pytest.raises(ValueError, match="samme nøgle"):
        validate_events([half, half])


def test_each_event_is_rounded_half_up_to_whole_ore() -> None:
    per = ore(Decimal("12345.65"))
    assert per == 1_234_565
    assert share_of(Fraction(30, 100), per) == 370_370  # 370.369,5 øre
    assert share_of(Fraction(20, 100), per) == 246_913
    assert share_of(Fraction(40, 100), per) == 493_826
    assert share_of(Fraction(10, 100), 5) == 1  # 0,5 øre
    assert share_of(Fraction(10, 100), 4) == 0  # 0,4 øre
    amounts = Amounts.from_kroner("12345.65", project_amount="0.05")
    p = person("D-9", first_interview=D(2012, 2, 1), ordinary_job=D(2012, 2, 3))
    s = statement([p], PROGRAMME_2011_EVENTS, amounts, START)
    assert table(s)[0][2:] == (1 + 246_913 + 370_370, 1 + 246_913 + 370_370)


@pytest.mark.parametrize("kroner", ["0.001", "-5", "ti", "NaN"])
def test_an_amount_not_in_whole_ore_is_rejected(kroner: str) -> None:
    with pytest.raises(ValueError):
        ore(kroner)


def test_the_project_base_is_the_grant_letter_s_amount_or_the_expected_participants() -> None:
    assert Amounts.from_kroner(10_000, expected_participants=30).project_base == 30_000_000
    given = Amounts.from_kroner(10_000, expected_participants=30, project_amount=250_000)
    assert given.project_base == 25_000_000
    assert "antaget" in given.base_note and "bevillingsbrevet" in given.base_note
    with pytest.raises(ValueError, match="bevillingsbrevet"):
        _ = Amounts.from_kroner(10_000).project_base


def test_only_events_inside_the_project_period_are_paid() -> None:
    p = person("D-1", first_interview=D(2011, 12, 30), ordinary_job=D(2014, 1, 2))
    s = statement([p], PROGRAMME_2011_EVENTS, AMOUNTS, START, project_end=END)
    notes = [o.note for o in s.participants[0].outcomes]
    assert notes[0] == notes[2] == "ikke medregnet: datoen er uden for projektperioden"
    assert s.total == 400_000  # the project's 10 % only


def test_events_after_the_settled_quarter_wait_for_a_later_statement() -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START, until=Quarter(2012, 2))
    assert [q.quarter.label for q in s.quarters] == ["1. kvartal 2012", "2. kvartal 2012"]
    assert s.total == 2_100_000
    assert s.participants[3].outcomes[0].note == "efter opgørelsesperioden"
    later = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START, until=Quarter(2013, 1))
    assert len(later.quarters) == 5 and later.total == 2_900_000  # quarters without events


def test_an_event_before_its_predecessor_is_paid_on_its_own_date() -> None:
    p = person("D-1", first_interview=D(2012, 5, 2), action_plan=D(2012, 3, 1), mentor_support=True)
    s = statement([p], PROGRAMME_2011_EVENTS, AMOUNTS, START)
    plan = s.participants[0].outcomes[1]
    assert (plan.quarter, plan.amount, plan.note) == (Quarter(2012, 1), 400_000, "")


def test_a_participant_listed_twice_is_paid_once() -> None:
    p = person("D-1", first_interview=D(2012, 2, 1))
    s = statement([p, p], PROGRAMME_2011_EVENTS, AMOUNTS, START)
    assert table(s)[0][1][1] == ("first-interview", 1, 200_000)
    assert s.participants[1].outcomes[0].note.startswith("ikke medregnet: deltageren står flere")


# ---------------------------------------------------------------- target group (KVI-2)


@pytest.mark.parametrize(
    ("benefit_start", "entry", "status", "months"),
    [
        (D(2010, 9, 15), D(2012, 3, 15), "ok", 18),  # exactly 1½ år: "op til" includes it
        (D(2010, 9, 15), D(2012, 3, 16), "too-long", 18),  # 18 months and a day
        (D(2010, 9, 15), D(2012, 4, 15), "too-long", 19),
        (D(2010, 8, 31), D(2012, 2, 29), "ok", 18),  # the month's last day (leap year)
        (D(2012, 2, 1), D(2012, 1, 16), "not-on-benefit", 0),
    ],
)
def test_matchgroup_2_may_have_had_benefit_for_up_to_18_calendar_months_at_entry(
    benefit_start: dt.date, entry: dt.date, status: str, months: int
) -> None:
    p = person("D-1", 2, benefit_start=benefit_start, entry=entry)
    assert target_status(p) == status
    assert whole_months(benefit_start, entry) == months


def test_matchgroup_3_has_no_limit_and_other_matchgroups_are_outside_the_target_group() -> None:
    assert target_status(person("D-1", 3, benefit_start=D(2005, 1, 1))) == "ok"
    assert target_status(person("D-1", 1)) == "matchgroup"
    assert target_status(replace(person("D-1", 2), benefit_start=None)) == "unknown"
    assert add_months(D(2011, 8, 31), 18) == D(2013, 2, 28)


def test_a_participant_outside_the_target_group_earns_nothing() -> None:
    p = person("D-1", 2, benefit_start=D(2010, 1, 1), first_interview=D(2012, 2, 1))
    s = statement([p], PROGRAMME_2011_EVENTS, AMOUNTS, START)
    first = s.participants[0].outcomes[0]
    assert (first.amount, first.note) == (
        0,
        "ikke medregnet: for længe på ydelse ved indtræden i projektet",
    )


def test_the_goals_per_matchgroup_are_counted_from_the_register() -> None:
    assert [
        (g.matchgroup, g.participants, g.job_or_education, g.active_offer) for g in goals(FOUR)
    ] == [
        (2, 2, 0, None),  # an active offer is a goal of matchgroup 3 only
        (3, 2, 2, 0),
    ]


def test_the_statement_says_that_discus_decides_and_what_is_assumed() -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START)
    assert "DISCUS" in s.note and "prognose" in s.note and s.note == FORECAST_NOTE
    assert all(a.startswith("antaget: ") for a in s.assumptions)
    assert set(ASSUMPTIONS) < set(s.assumptions)
    assert any("Økonomimodel" in src for src in s.sources)


# ---------------------------------------------------------------- the workbook


def _rows(ws: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_the_statement_workbook_s_totals_equal_the_model_s(tmp_path: Path) -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START, project_end=END)
    path = write_payment_statement(tmp_path / "udbetaling.xlsx", s)
    wb = load_workbook(path)
    assert wb.sheetnames == [SHEET_QUARTERS, SHEET_PARTICIPANTS, SHEET_ASSUMPTIONS]
    rows = _rows(wb[SHEET_QUARTERS])
    header = rows.index(
        ("Kvartal", "Hændelse", "Andel", "Antal", "Beløb (kr.)", "Akkumuleret (kr.)")
    )
    totals = [(r[0], r[4], r[5]) for r in rows[header:] if r[1] == QUARTER_TOTAL]
    assert totals == [
        ("1. kvartal 2012", 12_000, 12_000),
        ("2. kvartal 2012", 9_000, 21_000),
        ("3. kvartal 2012", 8_000, 29_000),
    ]
    assert [round(float(t[2]) * 100) for t in totals] == [q.accumulated for q in s.quarters]  # type: ignore[arg-type]
    grand = next(r for r in rows if r[1] == GRAND_TOTAL)
    assert round(float(grand[5]) * 100) == s.total  # type: ignore[arg-type]
    events = [r for r in rows[header + 1 :] if r[0] == "3. kvartal 2012" and r[1] != QUARTER_TOTAL]
    assert [(r[3], r[4]) for r in events] == [(0, 0), (1, 2_000), (0, 0), (2, 6_000)]
    ws = wb[SHEET_QUARTERS]
    assert ws.cell(row=header + 2, column=5).number_format == "#,##0.00"
    assert rows[1][0] == FORECAST_NOTE


def test_the_participant_sheet_shows_masked_cpr_numbers_dates_and_amounts(tmp_path: Path) -> None:
    cpr = "0101901234"
    p = Participant(
        ident=cpr, shown=mask_cpr(cpr), matchgroup=3, benefit_start=D(2011, 1, 1),
        entry=D(2012, 1, 10), first_interview=D(2012, 2, 1), action_plan=D(2012, 2, 20),
        mentor_support=True, education=D(2012, 3, 1),
    )  # fmt: skip
    s = statement([p], PROGRAMME_2011_EVENTS, AMOUNTS, START)
    path = write_payment_statement(tmp_path / "udbetaling.xlsx", s)
    wb = load_workbook(path)
    ws = wb[SHEET_PARTICIPANTS]
    rows = _rows(ws)
    mine = [r for r in rows if r[0] == "010190-xxxx"]
    assert [(r[2], r[3], r[5], r[6]) for r in mine] == [
        ("Første samtale afholdt", "første samtale", "1. kvartal 2012", 2_000),
        ("Indsatsplan med mentorstøtte udformet", "indsatsplan udformet", "1. kvartal 2012", 4_000),
        (
            "Virksomhedsrettet tilbud, ordinært job eller uddannelse påbegyndt",
            "uddannelse påbegyndt",
            "1. kvartal 2012",
            3_000,
        ),
    ]
    date_row = rows.index(mine[0]) + 1
    assert ws.cell(row=date_row, column=5).number_format == "DD-MM-YYYY"
    assert ws.cell(row=date_row, column=5).value == dt.datetime(2012, 2, 1)
    every = " ".join(str(v) for name in wb.sheetnames for r in _rows(wb[name]) for v in r)
    assert "1234" not in every.replace("12.345", "")


def test_the_assumptions_sheet_lists_the_amounts_the_assumptions_and_the_sources(
    tmp_path: Path,
) -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START)
    wb = load_workbook(write_payment_statement(tmp_path / "u.xlsx", s))
    rows = _rows(wb[SHEET_ASSUMPTIONS])
    values = {r[0]: r[1] for r in rows if r[0]}
    assert values["Beløb pr. deltager (fra bevillingsbrevet)"] == 10_000
    assert values["Projektbeløb, grundlag for opstartshændelsen"] == 40_000
    texts = [r[0] for r in rows if isinstance(r[0], str)]
    assert all(a in texts for a in s.assumptions)
    assert any("Økonomimodel" in t for t in texts)
    model = [r for r in rows if r[1] in ("projekt", "pr. deltager")]
    assert [(r[2], r[3]) for r in model] == [(0.1, 4_000), (0.2, 2_000), (0.4, 4_000), (0.3, 3_000)]


def test_a_statement_workbook_is_not_written_over_an_existing_file(tmp_path: Path) -> None:
    s = statement(FOUR, PROGRAMME_2011_EVENTS, AMOUNTS, START)
    path = write_payment_statement(tmp_path / "u.xlsx", s)
    with pytest.raises(Exception, match="findes allerede"):
        write_payment_statement(path, s)
    write_payment_statement(path, s, force=True)
