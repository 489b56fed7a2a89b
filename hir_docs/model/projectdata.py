"""The project-data model: what the municipality reports after the grant is approved.

Filled from the approved application and budget (``init_projectdata``), completed by the
municipality in the project-data workbook, read back by ``hir_docs.readers.projectdata``
and rendered into the status report, the final report and the accounts.

Money is integer kroner, percentages floats 0-100, dates ``datetime.date``. Half-years are
written "2018-H1" (1 January - 30 June) and "2018-H2" (1 July - 31 December).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from hir_docs.findings import HirDocsError
from hir_docs.formatting import dato, half_year
from hir_docs.labels import find_label, normalise
from hir_docs.model.caseload import month_ends
from hir_docs.pools import Pool
from hir_docs.pools.reports import (  # noqa: F401 (re-exported)
    CRITERION_KINDS,
    DEFAULT_TITLES,
    DutyWindow,
    ReportLayout,
    parse_reports,
    report_layout,
)

# The default pool's reports (hir_docs/pools/hir/reports.toml).
_REPORTS = report_layout()
# Sections of the half-yearly status report (key -> Danish heading). First is required.
STATUS_SECTIONS: dict[str, str] = _REPORTS.status_sections
STATUS_REQUIRED = _REPORTS.status_required
# Sections of the final report (self-evaluation). All but "other" are required.
FINAL_SECTIONS: dict[str, str] = _REPORTS.final_sections
FINAL_REQUIRED = _REPORTS.final_required
# Success criteria (puljeopslag, Projektets succeskriterier) and their measuring points.
CRITERIA: dict[str, str] = _REPORTS.criteria
MEASURES: dict[str, str] = _REPORTS.measures
# The participation duties (puljeopslag, Forpligtelser ved deltagelse; Indledning: at least
# three caseload registrations). key -> Danish label; due dates: ``obligation_due``.
OBLIGATIONS: dict[str, str] = _REPORTS.obligations
# When each duty takes place, in the puljeopslag's own words: shown in reports and the
# project data instead of a date the sources do not give.
OBLIGATION_TIMING: dict[str, str] = _REPORTS.obligation_timing
# Income rows of the approved budget that are the municipality's own money (not another
# grantor): a row starting with "medfinansiering" or named by one of these labels (the same
# variants as the budget reader's "Medfinansiering (egenfinansiering)").
OWN_INCOME_PREFIX = "medfinansiering"
OWN_INCOME_LABELS: list[str] = [
    "Medfinansiering (egenfinansiering)",
    "Medfinansiering",
    "Egenfinansiering",
    "Medfinansiering/egenfinansiering",
    "Kommunal medfinansiering",
    "Egen finansiering",
]


def is_own_income(name: str) -> bool:
    """True when an income row is the municipality's own co-financing."""
    return normalise(name).startswith(OWN_INCOME_PREFIX) or bool(
        find_label(name, {"own": OWN_INCOME_LABELS})
    )


_PERIOD = re.compile(r"^\s*(\d{4})\s*-?\s*[Hh]\s*([12])\s*$")


@dataclass
class SpendLine:
    """One budget line of the accounts: as approved, plus what was actually spent."""

    key: str  # "L1", "L2", ... (stable id shared by the sheets)
    post: str  # expense post, e.g. "Løn"
    function: str | None = None
    persons: float | None = None
    hours: float | None = None
    rate: float | None = None
    approved_amounts: dict[int, int] = field(default_factory=dict)  # year -> kroner
    budget: int = 0  # approved total (0 for a line not in the approved budget)
    eligible: bool = True
    approved: bool = True  # False: the municipality added the line itself
    spent: dict[str, int] = field(default_factory=dict)  # "2018-H1" -> kroner
    remark: str | None = None  # for the whole project (final accounts)
    remarks: dict[str, str] = field(default_factory=dict)  # "2018-H1" -> remark for the period
    location: str | None = None  # "Forbrug!C7"

    @property
    def label(self) -> str:
        return f"{self.post}: {self.function}" if self.function else self.post

    def spent_until(self, period: str | None) -> int:
        """Spending through ``period`` (inclusive); all periods when None."""
        return sum(v for p, v in self.spent.items() if period is None or p <= period)

    def remark_for(self, period: str | None) -> str | None:
        """The remark of ``period`` (a status report / part accounts); the overall remark
        for the whole project (None)."""
        return self.remarks.get(period) if period else self.remark


@dataclass
class Instalment:
    date: dt.date | None
    period: str | None
    amount: int
    location: str | None = None


@dataclass
class ReportDue:
    """One report owed to STAR with its deadline and (if sent) the submission date."""

    key: str  # "status:2018-H1", "final"
    title: str
    period: str | None
    deadline: dt.date | None  # from the grant letter (tilsagnsbrev), as entered; None: not yet
    submitted: dt.date | None = None
    location: str | None = None
    expected: dt.date | None = None  # hir-docs' assumed deadline until the letter's is entered


@dataclass
class CaseworkerLoad:
    """One coordinating caseworker's whole caseload (all citizens, not only resource
    courses; Q&A 2018, spørgsmål 3 and 19) on the month-end snapshot dates."""

    name: str
    hours: float | None = None  # hours per week
    totals: dict[dt.date, int] = field(default_factory=dict)
    location: str | None = None  # the row: "Sagsstammer!A5"
    cells: dict[dt.date, str] = field(default_factory=dict)  # date -> "Sagsstammer!D5"
    start: dt.date | None = None  # joined the project (None: from the start)
    end: dt.date | None = None  # left the project (None: stayed to the end)

    def active_on(self, day: dt.date) -> bool:
        """In the project on ``day``: neither not yet started nor already gone."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ApprovedLine:
    """One expense line of the approved budget, as recorded when the grant was given."""

    key: str  # "L1", ... (the same key as the SpendLine)
    post: str
    function: str | None
    amount: int  # approved total, kroner
    years: dict[int, int] = field(default_factory=dict)  # year -> kroner
    eligible: bool = True


@dataclass
class ApprovedGrant:
    """The approved grant (tilsagn) as recorded in the project data by ``report init`` (or
    from STAR's grant record): what every report and accounts document is measured
    against. Protected in the workbook; ``fingerprint`` is stored with it, so any later
    edit of the record is detected (``model.grant``)."""

    grant: int | None = None
    lines: list[ApprovedLine] = field(default_factory=list)
    income: dict[str, int] = field(default_factory=dict)  # other grantors and own financing
    project_start: dt.date | None = None
    project_end: dt.date | None = None
    journal_number: str | None = None
    deadlines: dict[str, dt.date] = field(default_factory=dict)  # report key -> deadline
    fingerprint: str | None = None  # as stored in the workbook
    location: str | None = None  # the record's sheet, e.g. "Tilsagn!A1"


@dataclass
class ApprovedChange:
    """A change of the approved budget that STAR has approved in writing."""

    approved_on: dt.date | None  # date of STAR's written approval
    reference: str | None  # STAR's letter or journal reference
    line: str  # a line key ("L3"), or an income row's name
    old_amount: int | None
    new_amount: int | None
    note: str | None = None
    location: str | None = None


@dataclass
class Obligation:
    """Whether a participation duty (workshop, survey, registration) took place."""

    key: str
    done: bool | None = None  # None: not filled in
    date: dt.date | None = None
    note: str | None = None
    location: str | None = None


@dataclass
class ProjectData:
    project_name: str | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    cvr: str | None = None
    contact: str | None = None
    journal_number: str | None = None
    grant: int | None = None  # approved grant (tilsagn)
    requested_amount: int | None = None
    project_start: dt.date | None = None
    project_end: dt.date | None = None
    passive_target_raw: str | None = None
    passive_target: tuple[float, float] | None = None
    participants: int | None = None  # citizens in the project in all, also those who joined later
    management_name: str | None = None  # who signs for the municipality
    management_title: str | None = None
    auditor_name: str | None = None
    periods: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    lines: list[SpendLine] = field(default_factory=list)
    income: dict[str, int] = field(default_factory=dict)  # approved financing besides STAR
    status_texts: dict[str, dict[str, str]] = field(default_factory=dict)  # period -> key -> text
    final_texts: dict[str, str] = field(default_factory=dict)
    criteria: dict[str, dict[str, float | None]] = field(default_factory=dict)  # key -> measure
    criteria_notes: dict[str, str] = field(default_factory=dict)
    labour_status: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    instalments: list[Instalment] = field(default_factory=list)
    reports: list[ReportDue] = field(default_factory=list)
    caseworkers: list[CaseworkerLoad] = field(default_factory=list)
    snapshot_dates: list[dt.date] = field(default_factory=list)  # columns of Sagsstammer
    obligations: dict[str, Obligation] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)  # field key -> "Projekt!B3"
    # The approved grant as recorded (None: a project-data file from before the record).
    approved: ApprovedGrant | None = None
    approved_changes: list[ApprovedChange] = field(default_factory=list)
    # Money actually received from other grantors: grantor -> half-year -> kroner.
    income_received: dict[str, dict[str, int]] = field(default_factory=dict)
    income_locations: dict[str, str] = field(default_factory=dict)  # grantor -> row

    @property
    def other_grantors(self) -> dict[str, int]:
        """Financing from grantors other than STAR (the income rows of the approved budget
        that are not the municipality's own co-financing; ansøgningsskema, Økonomi; Q&A
        2018, spørgsmål 13)."""
        return {k: v for k, v in self.income.items() if not is_own_income(k)}

    def last_reported_period(self) -> str | None:
        """The last half-year with spending recorded (how far the reporting has come)."""
        spent = [p for p in self.periods if self.has_spending(p)]
        return spent[-1] if spent else None

    def default_period(self) -> str | None:
        """The half-year a status report covers when none is named: the last one with
        spending, else the project's last half-year (None: the workbook has none)."""
        last = self.last_reported_period()
        return last or (self.periods[-1] if self.periods else None)

    def has_spending(self, period: str) -> bool:
        return any(line.spent.get(period) for line in self.lines)

    def reporting_horizon(self) -> dt.date | None:
        """The last day the reporting covers: the end of the last half-year with spending
        (at most the project end); None while nothing is reported."""
        last = self.last_reported_period()
        if last is None:
            return None
        end = period_bounds(last)[1]
        return min(end, self.project_end) if self.project_end else end


# --- half-years -------------------------------------------------------------------------


def parse_period(text: str) -> str:
    """'2018-H1', '2018h1', '2018 H1' -> '2018-H1'; HirDocsError otherwise."""
    m = _PERIOD.match(text or "")
    if not m:
        raise HirDocsError(
            f"'{text}' er ikke et halvår. Skriv år og halvår, fx 2018-H1 "
            "(januar-juni) eller 2018-H2 (juli-december)."
        )
    return f"{m.group(1)}-H{m.group(2)}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, half = int(period[:4]), period[-1]
    if half == "1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def period_label(period: str) -> str:
    """'2018-H1' -> '1. halvår 2018'."""
    return half_year(period)


def periods_between(start: dt.date, end: dt.date) -> list[str]:
    out = []
    for year in range(start.year, end.year + 1):
        for half in ("1", "2"):
            p = f"{year}-H{half}"
            lo, hi = period_bounds(p)
            if hi >= start and lo <= end:
                out.append(p)
    return out


def pool_periods(pool: Pool) -> list[str]:
    return periods_between(pool.date("project_start"), pool.date("project_end"))


def work_start(pool: Pool) -> dt.date:
    """The day the project's work starts, from which its timeline runs (measurements,
    surveys, caseload snapshots, part accounts, the budget to date): the pool's
    ``real_start`` when it gives one (HIR: Q&A 2018, spørgsmål 1), else the project start."""
    return pool.date("real_start" if pool.known("real_start") else "project_start")


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def midpoint(pool: Pool, project_end: dt.date | None = None) -> dt.date:
    """Midway through the project: halfway from the real start to the end (hir-docs'
    reading of "midtvejs"; the puljeopslag gives no date)."""
    start, end = work_start(pool), project_end or pool.date("project_end")
    return start + (end - start) / 2


def measure_dates(pool: Pool, project_end: dt.date | None = None) -> dict[str, dt.date]:
    """When each success criterion measurement is taken: at the real start, midway, at the end."""
    end = project_end or pool.date("project_end")
    return {"start": work_start(pool), "mid": midpoint(pool, end), "end": end}


# The default pool's duties by window (reports.toml, obligations' window): those within a
# quarter (key -> the pool fact of a day in it) and those within a third of the period, in
# order. A pool's own: ``report_layout(pool).obligation_window``.
def workshops(layout: ReportLayout) -> dict[str, str]:
    """Duties held within a quarter: key -> the pool fact naming a day in that quarter."""
    return {k: w.by for k, w in layout.obligation_window.items() if w.kind == "quarter" and w.by}


def surveys(layout: ReportLayout) -> tuple[str, ...]:
    """Duties within a third of the project period, in the order of their thirds."""
    thirds = {k: w.third or 0 for k, w in layout.obligation_window.items() if w.kind == "third"}
    return tuple(sorted(thirds, key=lambda k: thirds[k]))


WORKSHOP_BY = workshops(_REPORTS)
SURVEYS = surveys(_REPORTS)


@dataclass(frozen=True)
class Window:
    """When a participation duty takes place: ``first`` - ``last`` (None: open);
    ``assumed``: hir-docs' reading, not a date the sources give."""

    first: dt.date | None
    last: dt.date | None
    assumed: bool = False


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter holding ``day``: (first day, last day)."""
    q0 = (day.month - 1) // 3 * 3 + 1
    first = dt.date(day.year, q0, 1)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def survey_thirds(pool: Pool, project_end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days one third and two thirds of the way from the real start (Q&A 2018,
    spørgsmål 1) to the project end: the bounds of "opstart", "midtvejs" and "afslutning"
    as hir-docs assumes them."""
    start, end = work_start(pool), project_end or pool.date("project_end")
    days = (end - start).days
    return start + dt.timedelta(days=days // 3), start + dt.timedelta(days=days * 2 // 3)


def _duty_window(key: str, pool: Pool) -> DutyWindow:
    """A duty's window as the pool's reports.toml gives it; a quarter whose date fact the
    pool does not know is the project period."""
    window = report_layout(pool).obligation_window.get(key, DutyWindow())
    if window.kind == "quarter" and not (window.by and pool.known(window.by)):
        return DutyWindow()
    return window


def obligation_window(key: str, pool: Pool, project_end: dt.date | None = None) -> Window:
    """When a participation duty is to take place (the pool's reports.toml; for HIR the
    puljeopslag, Forpligtelser ved deltagelse): a workshop within its quarter; a survey
    within its third of the project period (assumed: the puljeopslag gives no dates; the end
    survey may come after the end); a duty in the month or year the sources name ("august
    2011"); a registration within the project period (puljeopslag, indledning). A pool whose
    period is set per grant (no ``project_start``) gives the period's end from ``project_end``
    (the project data's) and leaves its start open."""
    window = _duty_window(key, pool)
    if window.kind in ("month", "year"):
        # A month or a year the sources name ("august 2011", "midtvejsevalueringen (2018)").
        return Window(window.first, window.last)
    end = project_end or pool.date("project_end")
    if window.kind == "quarter" and window.by:
        return Window(*quarter_of(pool.date(window.by)))
    if window.kind == "third":
        one, two = survey_thirds(pool, end)
        bounds = {1: (None, one), 2: (one, two), 3: (two, None)}
        return Window(*bounds[window.third or 1], assumed=True)
    return Window(pool.date("project_start") if pool.known("project_start") else None, end)


def _span(first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return f"{dato(first)} – {dato(last)}"
    return f"til {dato(last)}" if last else f"fra {dato(first)}"


THIRD_NAMES = {1: "første", 2: "midterste", 3: "sidste"}
# The default pool's: duty key -> the name of its third.
THIRDS = {k: THIRD_NAMES[_REPORTS.obligation_window[k].third or 1] for k in SURVEYS}


def window_text(key: str, pool: Pool, project_end: dt.date | None = None) -> str:
    """When a duty takes place, in Danish, saying where it is hir-docs' assumption (for
    reports and findings): '1. kvartal 2018 (1. januar 2018 – 31. marts 2018)', 'den
    midterste tredjedel af projektperioden (antaget af hir-docs: 11. juli 2018 – 20.
    november 2018; puljeopslaget giver ingen dato)', 'projektperioden (...)'."""
    window = obligation_window(key, pool, project_end)
    span = _span(window.first, window.last)
    kind = _duty_window(key, pool)
    if kind.kind == "third":
        return (
            f"den {THIRD_NAMES[kind.third or 1]} tredjedel af projektperioden (antaget af "
            f"hir-docs: {span}; puljeopslaget giver ingen dato)"
        )
    if kind.kind == "quarter" and window.first:
        return f"{(window.first.month - 1) // 3 + 1}. kvartal {window.first.year} ({span})"
    if kind.kind in ("month", "year"):
        return span
    return f"projektperioden ({span})"


def obligation_due(key: str, pool: Pool, project_end: dt.date | None = None) -> dt.date:
    """The day by which a participation duty should have taken place: the end of its
    window (``obligation_window``); the project end for the end survey. For a survey
    this is hir-docs' assumption (``obligation_window(...).assumed``)."""
    end = project_end or pool.date("project_end")
    return obligation_window(key, pool, end).last or end


def snapshot_months(pool: Pool, project_end: dt.date | None = None) -> list[dt.date]:
    """Month ends from the real start to the project end: the caseload snapshot dates."""
    end = project_end or pool.date("project_end")
    return [d for d in month_ends(work_start(pool), end) if d <= end]


def months_between(a: dt.date, b: dt.date) -> float:
    """Months from ``a`` to ``b`` (``b`` exclusive), counting part months by their days."""
    if b <= a:
        return 0.0
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    days_a = calendar.monthrange(a.year, a.month)[1]
    return whole + (b.day - a.day) / days_a


def expected_part_deadline(period: str, pool: Pool) -> dt.date:
    """When hir-docs expects a half-year's status report and part accounts:
    ``part_report_due_months`` after the half-year (hir-docs' assumption)."""
    hi = period_bounds(period)[1]
    months = int(pool["part_report_due_months"])
    return add_months(hi + dt.timedelta(days=1), months) - dt.timedelta(days=1)


def expected_final_deadline(pool: Pool, project_end: dt.date | None = None) -> dt.date:
    """When hir-docs expects the final report and accounts: ``accounts_due_months`` after
    the project end (puljeopslag, Krav til regnskab)."""
    end = project_end or pool.date("project_end")
    return add_months(end, int(pool["accounts_due_months"]))


def default_reports(pool: Pool, project_end: dt.date | None = None) -> list[ReportDue]:
    """The reports owed to STAR, with the deadline hir-docs expects (``expected``).

    The deadlines themselves are set in the grant letter (puljeopslag, Krav til regnskab:
    "Fristerne ... vil fremgå af tilsagnsbrevene"), so ``deadline`` starts empty and the
    municipality writes the letter's dates. Each half-year from the real start (Q&A 2018:
    1 March 2018) up to the one in which the project ends: a status report and part
    accounts, expected ``part_report_due_months`` after the half-year (hir-docs'
    assumption). After the project: the final report and the final accounts, expected
    ``accounts_due_months`` after the project end (puljeopslag, Krav til regnskab).
    """
    end = project_end or pool.date("project_end")
    final_due = expected_final_deadline(pool, end)
    title = report_layout(pool).title
    reports = []
    for p in periods_between(work_start(pool), end):
        lo, hi = period_bounds(p)
        if lo <= end <= hi:
            continue
        due = expected_part_deadline(p, pool)
        label = period_label(p)
        reports.append(
            ReportDue(f"status:{p}", f"{title('status')} {label}", p, None, expected=due)
        )
        reports.append(ReportDue(f"part:{p}", f"{title('part')} {label}", p, None, expected=due))
    reports.append(ReportDue("final", title("final_full"), None, None, expected=final_due))
    reports.append(ReportDue("accounts", title("accounts"), None, None, expected=final_due))
    return reports
