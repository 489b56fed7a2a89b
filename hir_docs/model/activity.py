"""The activity requirement of "Flere skal med": the 3rd instalment, counted month by month.

Contract. Input: the citizens of the indsatsgruppe as facts (``GroupCitizen``: the group at
the start clarification, the dates that move a citizen in or out, and per calendar month the
activity words recorded), plus the months to count. Output: plain values, no I/O, no clock.

- ``monthly_shares`` gives per month the numerator, the denominator, the exact share
  (``Fraction``) and, per citizen, why they are in or out (``CitizenMonth``, Danish text).
- ``first_run`` finds the first ``length`` consecutive calendar months whose share reaches
  the threshold (not necessarily the same citizens each month).
- ``instalment_forecast`` says whether, and from when, the instalment can be requested, as a
  forecast: STAR's own monthly monitoring decides (FAQ Flere skal med, s. 5).

Who counts (FAQ Flere skal med, s. 3-5; the sentences are in ``STATUS_SOURCES``):

- visited to group 1 at the start clarification: in the denominator; in the numerator in a
  month with a counted activity (virksomhedspraktik, løntilskud, ordinære timer, fleksjob,
  ordinær uddannelse; the words are a parameter);
- visited to group 2 or 3 at the start clarification: never counted;
- left the project for other reasons (e.g. moved away from the municipality): out;
- visited from group 1 to group 2 or 3 later: counted "såfremt de er i virksomhedspraktik
  ..." - read literally (default ``Revisited.WHEN_ACTIVE``): in numerator *and* denominator
  in a month with a counted activity, in neither otherwise. The other reading (always in
  the denominator) is ``Revisited.ALWAYS``; the caller chooses.
- a citizen who goes from aktivitetsparat to jobparat stays (s. 3-4: "skal således ikke
  udgå af projektet"), and one who left the cash benefit system for ordinary education
  still counts (s. 4); neither needs a fact of its own. A move to ressourceforløb or
  ledighedsydelse is asked about on s. 3 but not answered in so many words (antaget: the
  citizen stays unless visited to group 2 or 3 or out of the project).

Assumed where the FAQ is silent (said "antaget" in the texts): a citizen is in the group
from the calendar month of the start clarification (from the first month when its date is
not given); the month in which a citizen leaves or is visited to group 2/3 still counts as
before (the citizen was in the group part of that month, and a month counts a citizen
"berørt" of the activity at any time in it), the change applies from the month after; the
instalment can be requested from the first day after the run's last month, and not before
the earliest payment date.

Thresholds are compared exactly: 38 % is not 40 %, and 40 % exactly reaches 40 % (no
tolerance: FAQ s. 5 answers "hvis man fx kun opnår 38 pct.?" with the requirement itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from hir_docs.findings import Finding, Severity
from hir_docs.formatting import dato, kr, mask_cpr

FAQ = "FAQ Flere skal med"

# The counted activities (FAQ Flere skal med, s. 4: "virksomhedspraktik, løntilskud,
# ordinære timer eller fleksjob. Borgere der ... er kommet i ordinær uddannelse, indgår også").
COUNTED_ACTIVITIES: tuple[str, ...] = (
    "virksomhedspraktik",
    "løntilskud",
    "ordinære timer",
    "fleksjob",
    "ordinær uddannelse",
)
THRESHOLD = Fraction(40, 100)  # FAQ s. 4: "minimum 40 pct. af indsatsgruppen"
RUN_LENGTH = 3  # FAQ s. 4: "over en periode på 3 måneder"; "tre måneder i træk"
INSTALMENT = 3  # FAQ s. 4: "Tredje rate"
INSTALMENT_SHARE = Fraction(30, 100)  # FAQ s. 4: "Tredje rate på 30 pct. af kommunens bevilling"

MONTH_NAMES = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

# Problem code -> the exact source sentence (the model's own codes; the register reader has
# its own in ``readers.activity_register.SOURCES``).
SOURCES: dict[str, str] = {
    "activity-forecast": (
        f"{FAQ}, s. 5: «Monitoreringen er månedlig og kommunerne vil få statusopgørelser ... "
        "Det er denne monitorering, der ligger til grund for, hvornår den enkelte kommune har "
        "nået målet om de 40 pct.»; s. 4: «Tredje rate på 30 pct. af kommunens bevilling kan "
        "udbetales, når kommunen har haft minimum 40 pct. af indsatsgruppen i virksomhedsrettet "
        "indsats/ordinære timer over en periode på 3 måneder.»; s. 5: «Om end denne først "
        "udbetales i 2019.»; s. 5 (til «hvis man fx kun opnår 38 pct.?»): «En forudsætning for "
        "at få udbetalt tredje rate af kommunens tilskud, vil være at kommunen lever op til 40 "
        "pct.-kravet»"
    ),
}
SEVERITY: dict[str, Severity] = {"activity-forecast": Severity.INFO}


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValueError(f"ingen måned: {self.year}-{self.month}")

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def label(self) -> str:
        """'januar 2018'"""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def short(self) -> str:
        """'jan 2018' (the register's month header)."""
        return f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class Revisited(StrEnum):
    """How a citizen visited from group 1 to group 2 or 3 during the project counts."""

    WHEN_ACTIVE = "when-active"  # in numerator and denominator only in an active month
    ALWAYS = "always"  # always in the denominator, in the numerator when active


@dataclass(frozen=True)
class GroupCitizen:
    """One citizen of the register. ``activities``: month -> the activity words recorded for
    that month (canonical words; an empty set or no entry: no activity recorded).
    ``location``: where the citizen is written (for messages), if read from a file."""

    cpr: str
    start_group: int = 1  # group at the start clarification (1, 2 or 3)
    visited: dt.date | None = None  # the start clarification (visited to group 1)
    revisited: dt.date | None = None  # later visited from group 1 to group 2 or 3
    left: dt.date | None = None  # left the project for other reasons (e.g. moved away)
    activities: Mapping[Month, frozenset[str]] = field(default_factory=dict, hash=False)
    location: str | None = None


@dataclass(frozen=True)
class ActivityRegister:
    """The register as read: its citizens and its month columns (sorted, each once);
    ``sheet``/``header_row``: where it was read from, if from a file."""

    citizens: tuple[GroupCitizen, ...]
    months: tuple[Month, ...]
    sheet: str | None = None
    header_row: int | None = None


class Status(StrEnum):
    """Why a citizen is in or out of a month's count."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    START_GROUP_2_3 = "start-group-2-3"
    NOT_YET_VISITED = "not-yet-visited"
    LEFT = "left"
    REVISITED_ACTIVE = "revisited-active"
    REVISITED_INACTIVE = "revisited-inactive"


STATUS_SOURCES: dict[Status, str] = {
    Status.ACTIVE: (
        f"{FAQ}, s. 5: «Her er månedsnedslag defineret som antal borgere der i en given "
        "kalendermåned er berørt af ovenfornævnte indsats.»; s. 4: «virksomhedspraktik, "
        "løntilskud, ordinære timer eller fleksjob. Borgere der har forladt "
        "kontanthjælpssystemet, fordi de er kommet i ordinær uddannelse, indgår også»"
    ),
    Status.INACTIVE: (
        f"{FAQ}, s. 5: «Indsatsgruppen er defineret som de borgere, der er visiteret til "
        "gruppe 1 (dvs. projektindsatsen).»"
    ),
    Status.START_GROUP_2_3: (
        f"{FAQ}, s. 5: «Borgere der i forbindelse med startafklaringen visiteres til gruppe 2 "
        "eller 3 tæller heller ikke med i opgørelsen.»"
    ),
    Status.NOT_YET_VISITED: (
        f"{FAQ}, s. 5: «Indsatsgruppen er defineret som de borgere, der er visiteret til "
        "gruppe 1» (antaget: fra den måned, hvor borgeren er startafklaret)"
    ),
    Status.LEFT: (
        f"{FAQ}, s. 5: «Borgere der udtræder af projektet af andre årsager, eksempelvis "
        "fraflytter kommunen, vil træde ud af indsatsgruppen og dermed ikke tælle med i "
        "opgørelsen af de 40 pct.» (antaget: fra måneden efter udtrædelsen)"
    ),
    Status.REVISITED_ACTIVE: (
        f"{FAQ}, s. 5: «borgere der har været omfattet af gruppe 1, men som i løbet af "
        "projektet visiteres til gruppe 2 eller 3, også indgår og tæller med i opgørelsen af de "
        "40 pct. såfremt de er i virksomhedspraktik, løntilskud, ordinære timer, fleksjob eller "
        "ordinær uddannelse»; s. 3 siger det samme"
    ),
    Status.REVISITED_INACTIVE: (
        f"{FAQ}, s. 5: «... også indgår og tæller med i opgørelsen af de 40 pct. såfremt de er "
        "i virksomhedspraktik ...» (læst ordret: uden tællende aktivitet indgår de ikke; "
        "antaget: fra måneden efter visitationen)"
    ),
}


@dataclass(frozen=True)
class CitizenMonth:
    """One citizen in one month: in the numerator, in the denominator, and why (``text``,
    Danish, without the CPR number). ``words``: the counted activities of the month;
    ``citizen``: the facts behind the status."""

    citizen: GroupCitizen
    status: Status
    in_numerator: bool
    in_denominator: bool
    words: frozenset[str] = frozenset()

    @property
    def cpr(self) -> str:
        return self.citizen.cpr

    @property
    def location(self) -> str | None:
        return self.citizen.location

    @property
    def source(self) -> str:
        """The source sentence behind the status."""
        return STATUS_SOURCES[self.status]

    @property
    def text(self) -> str:
        c = self.citizen
        if self.status is Status.START_GROUP_2_3:
            return f"visiteret til gruppe {c.start_group} ved startafklaringen: tæller ikke med"
        if self.status is Status.NOT_YET_VISITED:
            return (
                f"ikke startafklaret endnu (startafklaret den {dato(c.visited)}; antaget: med "
                "fra den måned, hvor borgeren er startafklaret): tæller ikke med"
            )
        if self.status is Status.LEFT:
            return (
                f"udtrådt af projektet den {dato(c.left)} (fx fraflyttet kommunen): tæller ikke "
                "med (antaget: fra måneden efter udtrædelsen)"
            )
        revisited = f"visiteret fra gruppe 1 til gruppe 2 eller 3 den {dato(c.revisited)}"
        if self.status is Status.REVISITED_ACTIVE:
            return f"{revisited}, men i {_words(self.words)}: tæller med i både tæller og nævner"
        if self.status is Status.REVISITED_INACTIVE:
            counts = "tæller kun med i nævneren" if self.in_denominator else "tæller ikke med"
            return f"{revisited} og ikke i tællende aktivitet: {counts}"
        if self.status is Status.ACTIVE:
            return f"i indsatsgruppen og i {_words(self.words)}: tæller med i både tæller og nævner"
        return "i indsatsgruppen uden tællende aktivitet i måneden: tæller kun med i nævneren"


@dataclass(frozen=True)
class MonthShare:
    month: Month
    numerator: int
    denominator: int
    citizens: tuple[CitizenMonth, ...] = field(hash=False)

    @property
    def share(self) -> Fraction | None:
        """numerator / denominator, exact; None when nobody is in the denominator."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def reaches(self, threshold: Fraction) -> bool:
        share = self.share
        return share is not None and share >= threshold


@dataclass(frozen=True)
class ActivityRun:
    """Consecutive months whose share reaches the threshold."""

    months: tuple[MonthShare, ...]

    @property
    def first(self) -> Month:
        return self.months[0].month

    @property
    def last(self) -> Month:
        return self.months[-1].month


@dataclass(frozen=True)
class InstalmentForecast:
    """Whether and from when the instalment can be requested - a forecast (STAR's monthly
    monitoring decides). ``amount``: the share of ``grant`` when a grant was given."""

    instalment: int
    instalment_share: Fraction
    threshold: Fraction
    length: int
    reached: bool
    run: ActivityRun | None
    requestable_from: dt.date | None
    earliest_payment: dt.date
    amount: Fraction | None
    text: str  # Danish sentences for people

    @property
    def finding(self) -> Finding:
        code = "activity-forecast"
        return Finding(
            code=code,
            severity=SEVERITY[code],
            message=self.text,
            hint=(
                "Følg STAR's månedlige statusopgørelser; det er dem, der afgør, hvornår "
                f"{self.instalment}. rate kan udbetales."
            ),
            source=SOURCES[code],
        )


def percent_text(share: Fraction) -> str:
    """Fraction(19, 50) -> '38 %', Fraction(2, 3) -> '66,6 %': one decimal at most, cut
    (never rounded up: 39,96 % is shown as '39,9 %', never as a '40 %' it does not reach)."""
    tenths = share * 1000
    whole = tenths.numerator // tenths.denominator
    text = f"{whole // 10}" if whole % 10 == 0 else f"{whole // 10},{whole % 10}"
    return f"{text}\u00a0%"


def _words(words: Collection[str]) -> str:
    items = sorted(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


_NONE: frozenset[str] = frozenset()


def _statuses(
    citizen: GroupCitizen,
    months: Sequence[Month],
    counted: frozenset[str],
    revisited: Revisited,
) -> list[CitizenMonth]:
    """The citizen's status in each of ``months`` (sorted, the first is the register's)."""
    if citizen.start_group != 1:
        out = CitizenMonth(citizen, Status.START_GROUP_2_3, False, False)
        return [out] * len(months)
    start = Month.of(citizen.visited) if citizen.visited else months[0]
    left = Month.of(citizen.left) if citizen.left else None
    moved = Month.of(citizen.revisited) if citizen.revisited else None
    always = revisited is Revisited.ALWAYS
    statuses = []
    for month in months:
        found = citizen.activities.get(month)
        found = found & counted if found else _NONE
        if month < start:
            one = CitizenMonth(citizen, Status.NOT_YET_VISITED, False, False)
        elif left is not None and month > left:
            one = CitizenMonth(citizen, Status.LEFT, False, False)
        elif moved is not None and month > moved:
            one = (
                CitizenMonth(citizen, Status.REVISITED_ACTIVE, True, True, found)
                if found
                else CitizenMonth(citizen, Status.REVISITED_INACTIVE, False, always)
            )
        elif found:
            one = CitizenMonth(citizen, Status.ACTIVE, True, True, found)
        else:
            one = CitizenMonth(citizen, Status.INACTIVE, False, True)
        statuses.append(one)
    return statuses


def monthly_shares(
    citizens: Iterable[GroupCitizen],
    months: Iterable[Month],
    *,
    counted: Collection[str] = COUNTED_ACTIVITIES,
    revisited: Revisited = Revisited.WHEN_ACTIVE,
) -> tuple[MonthShare, ...]:
    """Per month (sorted, each once): numerator, denominator and each citizen's status."""
    ordered = sorted(set(months))
    if not ordered:
        return ()
    wanted = frozenset(counted)
    columns = zip(*(_statuses(c, ordered, wanted, revisited) for c in citizens), strict=True)
    by_month = list(columns) or [()] * len(ordered)
    return tuple(
        MonthShare(
            month,
            sum(r.in_numerator for r in rows),
            sum(r.in_denominator for r in rows),
            tuple(rows),
        )
        for month, rows in zip(ordered, by_month, strict=True)
    )


def _check(length: int, threshold: Fraction) -> None:
    if length < 1:
        raise ValueError(f"antal måneder i træk skal være mindst 1, ikke {length}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"tærsklen skal ligge mellem 0 og 1, ikke {threshold}")


def first_run(
    shares: Sequence[MonthShare], *, length: int = RUN_LENGTH, threshold: Fraction = THRESHOLD
) -> ActivityRun | None:
    """The first ``length`` consecutive calendar months (a missing month breaks the run)
    whose share is at least ``threshold``; None when there is none."""
    _check(length, threshold)
    run: list[MonthShare] = []
    for share in sorted(shares, key=lambda s: s.month):
        if not share.reaches(threshold):
            run = []
            continue
        if run and run[-1].month.next() != share.month:
            run = []
        run.append(share)
        if len(run) == length:
            return ActivityRun(tuple(run))
    return None


def _run_text(run: ActivityRun) -> str:
    return ", ".join(
        f"{s.month.label} {percent_text(Fraction(s.numerator, s.denominator))} "
        f"({s.numerator} af {s.denominator})"
        for s in run.months
    )


_NUMBERS = ("nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti")


def _count(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def instalment_forecast(
    shares: Sequence[MonthShare],
    *,
    earliest_payment: dt.date,
    length: int = RUN_LENGTH,
    threshold: Fraction = THRESHOLD,
    instalment: int = INSTALMENT,
    instalment_share: Fraction = INSTALMENT_SHARE,
    grant: int | None = None,
) -> InstalmentForecast:
    """Whether the activity requirement is met in ``shares`` and from when the instalment can
    be requested: the day after the run's last month, but not before ``earliest_payment``.
    ``grant``: the municipality's grant in kroner (optional) for the amount."""
    _check(length, threshold)
    if not 0 <= instalment_share <= 1:
        raise ValueError(f"ratens andel skal ligge mellem 0 og 1, ikke {instalment_share}")
    run = first_run(shares, length=length, threshold=threshold)
    amount = Fraction(grant) * instalment_share if grant is not None else None
    need = percent_text(threshold)
    rate = f"{instalment}. rate ({percent_text(instalment_share)} af bevillingen"
    rate += f", {kr(float(amount))})" if amount is not None else ")"
    decides = (
        "Det er en prognose: STAR's egen månedlige monitorering afgør, hvornår kommunen har "
        "nået målet."
    )
    if run is None:
        best = [s for s in shares if s.share is not None]
        latest = max(best, key=lambda s: s.month) if best else None
        seen = (
            f" Seneste måned ({latest.month.label}): "
            f"{percent_text(Fraction(latest.numerator, latest.denominator))} "
            f"({latest.numerator} af {latest.denominator})."
            if latest
            else ""
        )
        text = (
            f"Prognose: Kravet om mindst {need} af indsatsgruppen i tællende aktivitet "
            f"{_count(length)} måneder i træk er endnu ikke opfyldt, så {rate} kan ikke søges endnu."
            f"{seen} Der er ingen tolerance: en andel under {need} er ikke nok. {decides}"
        )
        return InstalmentForecast(
            instalment=instalment,
            instalment_share=instalment_share,
            threshold=threshold,
            length=length,
            reached=False,
            run=None,
            requestable_from=None,
            earliest_payment=earliest_payment,
            amount=amount,
            text=text,
        )
    after = run.last.next().first_day
    start = max(after, earliest_payment)
    waits = " (raten udbetales tidligst da)" if earliest_payment > after else ""
    text = (
        f"Prognose: Kravet om mindst {need} af indsatsgruppen i tællende aktivitet "
        f"{_count(length)} måneder i træk ser ud til at være opfyldt fra {run.first.label} "
        f"til {run.last.label}: {_run_text(run)}. {rate} kan efter denne opgørelse søges fra "
        f"{dato(start)}{waits}. {decides}"
    )
    return InstalmentForecast(
        instalment=instalment,
        instalment_share=instalment_share,
        threshold=threshold,
        length=length,
        reached=True,
        run=run,
        requestable_from=start,
        earliest_payment=earliest_payment,
        amount=amount,
        text=text,
    )


def explain(share: MonthShare) -> tuple[str, ...]:
    """One Danish line per citizen of a month, the CPR number masked."""
    return tuple(f"{mask_cpr(c.cpr)}: {c.text}" for c in share.citizens)
