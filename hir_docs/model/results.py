"""The results-based payment of the 2011 programme "Koordineret virksomhedsrettet indsats,
matchgruppe 2 og 3": a participant register, payment events with shares, and a quarterly
statement of what the results have earned.

The source (the programme description, section "Økonomimodel") gives the events and their
shares only: 10 % when the model project starts (an event of the *project*), 20 % after the
first interview, 40 % when an action plan stating mentor support is made, 30 % when a
company-oriented offer, an ordinary job or education has started (events of a
*participant*). The events are data (``PaymentEvent``), passed in by the caller (the pool
folder holds them); ``PROGRAMME_2011_EVENTS`` is the programme's own list. Their shares must
add up to exactly 100 % (``validate_events`` raises ``ValueError`` otherwise).

What the source does not say is a parameter or an assumption (``ASSUMPTIONS``, each text
says "antaget"):

- the amount the shares apply to: ``Amounts.per_participant`` (øre), entered from the grant
  letter; the project-level 10 % is of a project base: the project amount from the grant
  letter when given, else the amount per participant × the number of participants the grant
  expects (so that a project where every expected participant reaches every event earns
  exactly 100 % of that);
- each event is paid once per participant, in the calendar quarter of the date it was reached
  (two events in one quarter are both paid in that quarter); an "any of" event counts at its
  earliest fact;
- an event registered before its predecessor still pays on its own date (the source makes
  each payment depend on its own result, not on the order); the register reader warns;
- only events inside the project period pay, and only participants of the target group
  (matchgroup 2 with at most 18 months on benefit at entry, or matchgroup 3);
- money is whole øre: each event's amount per participant is rounded half up to øre, and
  totals are sums of those amounts.

AMS pays from DISCUS' quarterly computation of the web registration system's data; this
module's figure is a forecast and a control figure (``FORECAST_NOTE``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

Level = Literal["project", "participant"]
LEVELS: tuple[Level, ...] = ("project", "participant")

SOURCE_DOCUMENT = (
    "Koordineret virksomhedsrettet indsats for start- og kontanthjælpsmodtagere, "
    "matchgruppe 2 og 3 (AMS 2011)"
)
SRC_TARGET = (
    f"{SOURCE_DOCUMENT}, afsnit Målgruppen (»For matchgruppe 2 gælder det personer, der har "
    "modtaget ydelsen i op til 1½ år. For matchgruppe 3 gælder det personer uanset "
    "ydelseslængde«)"
)
SRC_GOALS = (
    f"{SOURCE_DOCUMENT}, afsnit Mål (»For personer i matchgruppe 3 er det derudover et mål, "
    "at personen deltager i et aktivt beskæftigelsesrettet tilbud«)"
)
SRC_MODEL = (
    f"{SOURCE_DOCUMENT}, afsnit Økonomimodel (»10 % ved opstart af modelprojektet · 20 % efter "
    "afholdelse af første samtale ... · 40 % når indsatsplan med angivelse af mentorstøtte er "
    "udformet · 30 % når et virksomhedsrettet tilbud er påbegyndt, eller borgeren er begyndt "
    "i ordinær job eller uddannelse«)"
)
SRC_QUARTERLY = (
    f"{SOURCE_DOCUMENT}, afsnit Økonomimodel (»Der udbetales kvartalsvist støtte fra AMS i "
    "forhold til de opnåede resultater ..., udfra data i web-registreringssystemet. "
    "Opgørelsen laves kvartalsvist af DISCUS«)"
)
SRC_MENTOR = (
    f"{SOURCE_DOCUMENT}, afsnit 3. Mentorstøtte (»Borgeren tildeles mentorstøtte til at "
    "gennemføre det planlagte forløb«)"
)
SRC_REGISTRATION = (
    f"{SOURCE_DOCUMENT}, afsnit Jobcentrets deltagelse i forsøgsprogrammet (»Jobcentret skal "
    "løbende registrere sin indsats i modelprojektet i et simpelt webregistreringssystem«)"
)

SOURCES: dict[str, str] = {
    "target-group": SRC_TARGET,
    "goals": SRC_GOALS,
    "payment-model": SRC_MODEL,
    "quarterly": SRC_QUARTERLY,
    "mentor-support": SRC_MENTOR,
    "registration": SRC_REGISTRATION,
}

FORECAST_NOTE = (
    "Opgørelsen er en prognose og et kontroltal: AMS udbetaler støtten kvartalsvist efter "
    "DISCUS' opgørelse af data i webregistreringssystemet, og det er DISCUS' opgørelse, der "
    "afgør beløbet."
)

# The facts a register holds (dates), and the flags (yes/no) an event may require.
FACTS: dict[str, str] = {
    "project_start": "opstart af modelprojektet",
    "first_interview": "første samtale",
    "action_plan": "indsatsplan udformet",
    "company_offer": "virksomhedsrettet tilbud påbegyndt",
    "ordinary_job": "ordinært job påbegyndt",
    "education": "uddannelse påbegyndt",
}
PROJECT_FACTS = ("project_start",)
FLAGS: dict[str, str] = {"mentor_support": "mentorstøtte angivet i indsatsplanen"}
FLAGS_UNMET: dict[str, str] = {"mentor_support": "indsatsplanen angiver ikke mentorstøtte"}

ASSUMPTION_AMOUNT = (
    "antaget: procentsatserne gælder et beløb pr. deltager, som står i bevillingsbrevet "
    "(programbeskrivelsen nævner ikke beløbet)"
)
ASSUMPTION_BASE_GIVEN = (
    "antaget: de 10 % ved opstart af modelprojektet beregnes af projektbeløbet i bevillingsbrevet"
)
ASSUMPTION_BASE_EXPECTED = (
    "antaget: de 10 % ved opstart af modelprojektet beregnes af beløbet pr. deltager gange det "
    "antal deltagere, bevillingen forventer (bevillingsbrevet oplyser ikke et projektbeløb)"
)
ASSUMPTION_ONCE = (
    "antaget: hver hændelse udløser støtte én gang pr. deltager; kan hændelsen nås på flere "
    "måder (fx både ordinært job og uddannelse), gælder den første dato"
)
ASSUMPTION_QUARTER = (
    "antaget: støtten hører til det kalenderkvartal, hvor hændelsen er nået; når en deltager "
    "når to hændelser i samme kvartal, udløser begge støtte i det kvartal"
)
ASSUMPTION_ORDER = (
    "antaget: en hændelse, der er registreret før den foregående (fx indsatsplan før første "
    "samtale), medregnes på sin egen dato, da kilden ikke stiller krav om rækkefølgen; "
    "deltagerregistret får en advarsel"
)
ASSUMPTION_PERIOD = "antaget: kun hændelser i projektperioden udløser støtte"
ASSUMPTION_TARGET = (
    "antaget: deltagere uden for målgruppen (matchgruppe andet end 2 og 3, matchgruppe 2 med "
    "mere end 1½ år på ydelse ved indtræden i projektet, eller ikke på ydelse ved "
    "indtræden) udløser ikke støtte"
)
ASSUMPTION_MONTHS = (
    "antaget: tiden på ydelse regnes som sammenhængende fra ydelsesstart til indtræden i "
    "projektet; 1½ år er 18 kalendermåneder, og præcis 18 måneder er med (»op til 1½ år«)"
)
ASSUMPTION_DUPLICATE = (
    "antaget: står en deltager flere gange i registret, gælder kun den første række"
)
ASSUMPTION_ROUNDING = (
    "antaget: hvert beløb (pr. hændelse pr. deltager) afrundes til hele øre, halve øre opad; "
    "summerne er summer af de afrundede beløb"
)
ASSUMPTIONS: tuple[str, ...] = (
    ASSUMPTION_AMOUNT,
    ASSUMPTION_ONCE,
    ASSUMPTION_QUARTER,
    ASSUMPTION_ORDER,
    ASSUMPTION_PERIOD,
    ASSUMPTION_TARGET,
    ASSUMPTION_MONTHS,
    ASSUMPTION_DUPLICATE,
    ASSUMPTION_ROUNDING,
)


@dataclass(frozen=True)
class PaymentEvent:
    """One result that releases a share of the money. ``facts``: any of them reaches the
    event (its earliest date counts); ``requires``: flags that must all be true as well (the
    action plan must state mentor support)."""

    key: str
    label: str  # Danish, for people
    share: Fraction
    level: Level
    facts: tuple[str, ...]
    requires: tuple[str, ...] = ()
    source: str = ""


PROGRAMME_2011_EVENTS: tuple[PaymentEvent, ...] = (
    PaymentEvent(
        "project-start", "Opstart af modelprojektet", Fraction(10, 100), "project",
        ("project_start",), source=SRC_MODEL,
    ),
    PaymentEvent(
        "first-interview", "Første samtale afholdt", Fraction(20, 100), "participant",
        ("first_interview",), source=SRC_MODEL,
    ),
    PaymentEvent(
        "action-plan", "Indsatsplan med mentorstøtte udformet", Fraction(40, 100), "participant",
        ("action_plan",), ("mentor_support",), source=SRC_MODEL,
    ),
    PaymentEvent(
        "offer-job-education",
        "Virksomhedsrettet tilbud, ordinært job eller uddannelse påbegyndt",
        Fraction(30, 100), "participant", ("company_offer", "ordinary_job", "education"),
        source=SRC_MODEL,
    ),
)  # fmt: skip


def validate_events(events: Sequence[PaymentEvent]) -> None:
    """Raise ``ValueError`` (Danish) unless the events are a payment model: unique keys,
    known levels, facts and flags, shares above 0 that add up to exactly 100 %."""
    if not events:
        raise ValueError("Betalingsmodellen har ingen hændelser.")
    keys = [e.key for e in events]
    if len(set(keys)) != len(keys):
        raise ValueError("To hændelser i betalingsmodellen har samme nøgle.")
    for e in events:
        if e.level not in LEVELS:
            raise ValueError(f"Hændelsen {e.label!r} har et ukendt niveau: {e.level!r}.")
        if not isinstance(e.share, Fraction) or e.share <= 0 or e.share > 1:
            raise ValueError(f"Hændelsen {e.label!r} skal have en andel over 0 og højst 100 %.")
        allowed = PROJECT_FACTS if e.level == "project" else tuple(set(FACTS) - {*PROJECT_FACTS})
        if not e.facts or any(f not in allowed for f in e.facts):
            raise ValueError(f"Hændelsen {e.label!r} nås af en ukendt registrering.")
        if any(r not in FLAGS for r in e.requires) or (e.requires and e.level == "project"):
            raise ValueError(f"Hændelsen {e.label!r} har en ukendt betingelse.")
    total = sum((e.share for e in events), Fraction(0))
    if total != 1:
        raise ValueError(f"Andelene i betalingsmodellen summer til {_pct(total)} %, ikke 100 %.")


def _pct(share: Fraction) -> str:
    value = share * 100
    return (
        str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}".replace(".", ",")
    )


# ---------------------------------------------------------------- the register


@dataclass(frozen=True)
class Participant:
    """One row of the participant register. ``ident`` is the id or the CPR number (digits)
    as read and is never shown; ``shown`` is what people see (a CPR number masked)."""

    ident: str
    shown: str
    matchgroup: int | None = None
    benefit_start: dt.date | None = None
    entry: dt.date | None = None
    first_interview: dt.date | None = None
    action_plan: dt.date | None = None
    mentor_support: bool | None = None
    company_offer: dt.date | None = None
    ordinary_job: dt.date | None = None
    education: dt.date | None = None
    row: int | None = None  # the sheet row it was read from

    def date_of(self, fact: str) -> dt.date | None:
        if fact not in FACTS or fact in PROJECT_FACTS:
            raise ValueError(f"Ukendt registrering: {fact!r}.")
        value = getattr(self, fact)
        return value if isinstance(value, dt.date) else None

    def flag(self, name: str) -> bool | None:
        if name not in FLAGS:
            raise ValueError(f"Ukendt betingelse: {name!r}.")
        value = getattr(self, name)
        return value if isinstance(value, bool) else None


@dataclass(frozen=True)
class Register:
    """The participants as read; ``sheet``, ``header_row`` and ``columns`` (key -> column
    letter) locate them for messages."""

    participants: tuple[Participant, ...] = ()
    sheet: str | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict, hash=False)


def reached(participant: Participant, event: PaymentEvent) -> tuple[dt.date, str] | None:
    """(date, fact) of the earliest fact that reaches a participant event, conditions not
    considered; None when no fact has a date."""
    hits = [(d, f) for f in event.facts if (d := participant.date_of(f)) is not None]
    return min(hits) if hits else None


def unmet(participant: Participant, event: PaymentEvent) -> tuple[str, ...]:
    """The required flags that are not true (false or not stated)."""
    return tuple(r for r in event.requires if participant.flag(r) is not True)


def order_breaks(
    participant: Participant, events: Sequence[PaymentEvent]
) -> list[tuple[PaymentEvent, PaymentEvent, bool]]:
    """(event, predecessor, predecessor_missing) for each participant event reached before
    the event listed before it, or reached while that one has no date at all."""
    found: list[tuple[PaymentEvent, PaymentEvent, bool]] = []
    steps = [e for e in events if e.level == "participant"]
    for before, after in zip(steps, steps[1:], strict=False):
        late = reached(participant, after)
        if late is None:
            continue
        early = reached(participant, before)
        if early is None:
            found.append((after, before, True))
        elif late[0] < early[0]:
            found.append((after, before, False))
    return found


# ---------------------------------------------------------------- the target group


@dataclass(frozen=True)
class TargetGroup:
    """The matchgroups of the target group, and the most months on benefit at entry per
    matchgroup (matchgroup 2: 18; matchgroup 3: no limit); ``offer_goal_groups``: the groups
    for which taking part in an active offer is a goal of its own."""

    groups: tuple[int, ...] = (2, 3)
    max_months: tuple[tuple[int, int], ...] = ((2, 18),)
    offer_goal_groups: tuple[int, ...] = (3,)
    source: str = SRC_TARGET

    def limit(self, group: int | None) -> int | None:
        return dict(self.max_months).get(group) if group is not None else None


PROGRAMME_2011_TARGET = TargetGroup()

TargetStatus = Literal["ok", "matchgroup", "too-long", "not-on-benefit", "unknown"]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day when the month
    is shorter): 31-08-2011 + 18 -> 28-02-2013."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when end is before start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def target_status(
    participant: Participant, target: TargetGroup = PROGRAMME_2011_TARGET
) -> TargetStatus:
    """Whether a participant is in the target group at entry: "ok"; "matchgroup" (not one
    of the groups); "too-long" (more months on benefit than the group allows: the entry is
    after the day that many calendar months after the benefit start; exactly the limit is
    allowed); "not-on-benefit" (benefit start after entry); "unknown" (a date needed is
    missing)."""
    p = participant
    if p.matchgroup not in target.groups:
        return "matchgroup"
    if p.benefit_start is None or p.entry is None:
        return "unknown" if target.limit(p.matchgroup) is not None else "ok"
    if p.benefit_start > p.entry:
        return "not-on-benefit"
    limit = target.limit(p.matchgroup)
    if limit is not None and p.entry > add_months(p.benefit_start, limit):
        return "too-long"
    return "ok"


TARGET_NOTES: dict[TargetStatus, str] = {
    "matchgroup": "ikke medregnet: matchgruppen er ikke en af målgruppens",
    "too-long": "ikke medregnet: for længe på ydelse ved indtræden i projektet",
    "not-on-benefit": "ikke medregnet: ydelsesstart er efter indtræden i projektet",
}


@dataclass(frozen=True)
class GroupGoal:
    """The programme's goals per matchgroup as counts from the register: in job or
    education; in an active offer (None where that is not a goal of the group)."""

    matchgroup: int
    participants: int
    job_or_education: int
    active_offer: int | None


def goals(register: Register, target: TargetGroup = PROGRAMME_2011_TARGET) -> tuple[GroupGoal, ...]:
    out = []
    for group in target.groups:
        members = [p for p in register.participants if p.matchgroup == group]
        offer = sum(1 for p in members if p.company_offer is not None)
        out.append(
            GroupGoal(
                group,
                len(members),
                sum(1 for p in members if p.ordinary_job or p.education),
                offer if group in target.offer_goal_groups else None,
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- money and quarters


def ore(kroner: Decimal | int | str) -> int:
    """Kroner as whole øre: Decimal("10000") -> 1000000. More than two decimals, a
    negative or a non-number raise ``ValueError``."""
    try:
        value = Decimal(kroner) * 100
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Beløbet {kroner!r} er ikke et tal.") from None
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise ValueError(f"Beløbet {kroner} kr. skal være positivt og i hele øre.")
    return int(value)


def share_of(share: Fraction, amount_ore: int) -> int:
    """``share`` of an amount, rounded half up to whole øre."""
    exact = share * amount_ore
    return int((exact + Fraction(1, 2)) // 1)


def kroner(amount_ore: int) -> Decimal:
    return Decimal(amount_ore) / 100


@dataclass(frozen=True)
class Amounts:
    """What the shares apply to, from the grant letter (øre): the amount per participant, and
    the project base of the project-level events: ``project_amount`` when the grant letter
    states it, else ``per_participant`` × ``expected_participants`` (assumed)."""

    per_participant: int
    expected_participants: int | None = None
    project_amount: int | None = None

    @classmethod
    def from_kroner(
        cls,
        per_participant: Decimal | int | str,
        *,
        expected_participants: int | None = None,
        project_amount: Decimal | int | str | None = None,
    ) -> Amounts:
        return cls(
            ore(per_participant),
            expected_participants,
            None if project_amount is None else ore(project_amount),
        )

    @property
    def project_base(self) -> int:
        if self.project_amount is not None:
            return self.project_amount
        if self.expected_participants is not None and self.expected_participants >= 0:
            return self.per_participant * self.expected_participants
        raise ValueError(
            "Grundlaget for de 10 % ved opstart kendes ikke: angiv projektbeløbet fra "
            "bevillingsbrevet eller det antal deltagere, bevillingen forventer."
        )

    @property
    def base_note(self) -> str:
        return (
            ASSUMPTION_BASE_GIVEN if self.project_amount is not None else ASSUMPTION_BASE_EXPECTED
        )


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.number}. kvartal {self.year}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return add_months(self.start, 3) - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    out = []
    q = first
    while q <= last:
        out.append(q)
        q = q.next()
    return out


# ---------------------------------------------------------------- the statement

NOTE_NOT_REACHED = "ikke nået"
NOTE_OUTSIDE = "ikke medregnet: datoen er uden for projektperioden"
NOTE_LATER = "efter opgørelsesperioden"
NOTE_DUPLICATE = "ikke medregnet: deltageren står flere gange i registret (kun første række gælder)"


@dataclass(frozen=True)
class Outcome:
    """One event for one participant (or for the project, ``shown`` empty): reached when
    (``date``, by ``fact``), the quarter and the amount paid (øre); ``note`` says why
    nothing is paid ("" when paid)."""

    event: PaymentEvent
    date: dt.date | None
    fact: str | None
    quarter: Quarter | None
    amount: int
    note: str = ""

    @property
    def paid(self) -> bool:
        return not self.note


@dataclass(frozen=True)
class ParticipantLine:
    shown: str
    matchgroup: int | None
    outcomes: tuple[Outcome, ...]

    @property
    def total(self) -> int:
        return sum(o.amount for o in self.outcomes)


@dataclass(frozen=True)
class EventCount:
    """An event in one quarter: how many reached it (participants, or 1 for the project)
    and the amount (øre)."""

    event: PaymentEvent
    count: int
    amount: int


@dataclass(frozen=True)
class QuarterLine:
    quarter: Quarter
    events: tuple[EventCount, ...]
    total: int
    accumulated: int


@dataclass(frozen=True)
class Statement:
    quarters: tuple[QuarterLine, ...]
    project: tuple[Outcome, ...]
    participants: tuple[ParticipantLine, ...]
    events: tuple[PaymentEvent, ...]
    amounts: Amounts
    project_start: dt.date
    project_end: dt.date | None
    until: Quarter | None
    goals: tuple[GroupGoal, ...]
    assumptions: tuple[str, ...]
    sources: tuple[str, ...]
    note: str = FORECAST_NOTE

    @property
    def total(self) -> int:
        return self.quarters[-1].accumulated if self.quarters else 0


def statement(
    register: Register | Iterable[Participant],
    events: Sequence[PaymentEvent],
    amounts: Amounts,
    project_start: dt.date,
    *,
    project_end: dt.date | None = None,
    until: Quarter | None = None,
    target: TargetGroup = PROGRAMME_2011_TARGET,
) -> Statement:
    """The results earned per calendar quarter, from the quarter of ``project_start`` up to
    ``until`` (default: the last quarter with a payment), per event, with the accumulated
    total; and per participant the events reached and when. Raises ``ValueError`` for a
    payment model whose shares do not add up to 100 % or an unknown project base."""
    validate_events(events)
    people = register.participants if isinstance(register, Register) else tuple(register)
    project = tuple(
        _outcome(
            e,
            project_start,
            "project_start",
            amounts.project_base,
            project_start,
            project_end,
            until,
        )
        for e in events
        if e.level == "project"
    )
    lines: list[ParticipantLine] = []
    seen: set[str] = set()
    for p in people:
        duplicate = p.ident in seen
        seen.add(p.ident)
        status = target_status(p, target)
        outcomes = []
        for e in events:
            if e.level != "participant":
                continue
            hit = reached(p, e)
            if hit is None:
                outcomes.append(Outcome(e, None, None, None, 0, NOTE_NOT_REACHED))
                continue
            missing = unmet(p, e)
            if missing:
                note = f"ikke nået: {FLAGS_UNMET[missing[0]]}"
                outcomes.append(Outcome(e, hit[0], hit[1], None, 0, note))
            elif duplicate or status in TARGET_NOTES:
                note = NOTE_DUPLICATE if duplicate else TARGET_NOTES[status]
                outcomes.append(Outcome(e, hit[0], hit[1], None, 0, note))
            else:
                outcomes.append(
                    _outcome(
                        e,
                        hit[0],
                        hit[1],
                        amounts.per_participant,
                        project_start,
                        project_end,
                        until,
                    )
                )
        lines.append(ParticipantLine(p.shown, p.matchgroup, tuple(outcomes)))

    paid = [o for o in project if o.paid] + [o for ln in lines for o in ln.outcomes if o.paid]
    first = Quarter.of(project_start)
    last = until or max((o.quarter for o in paid if o.quarter), default=first)
    quarters: list[QuarterLine] = []
    accumulated = 0
    for q in quarters_between(first, last):
        counts = []
        for e in events:
            here = [o for o in paid if o.event.key == e.key and o.quarter == q]
            counts.append(EventCount(e, len(here), sum(o.amount for o in here)))
        total = sum(c.amount for c in counts)
        accumulated += total
        quarters.append(QuarterLine(q, tuple(counts), total, accumulated))
    used = {e.source for e in events if e.source}
    return Statement(
        quarters=tuple(quarters),
        project=project,
        participants=tuple(lines),
        events=tuple(events),
        amounts=amounts,
        project_start=project_start,
        project_end=project_end,
        until=until,
        goals=goals(Register(tuple(people)), target),
        assumptions=(ASSUMPTIONS[0], amounts.base_note, *ASSUMPTIONS[1:]),
        sources=(*sorted(used), SRC_QUARTERLY, target.source, SRC_REGISTRATION),
    )


def _outcome(
    event: PaymentEvent,
    day: dt.date,
    fact: str,
    base: int,
    start: dt.date,
    end: dt.date | None,
    until: Quarter | None,
) -> Outcome:
    if day < start or (end is not None and day > end):
        return Outcome(event, day, fact, None, 0, NOTE_OUTSIDE)
    quarter = Quarter.of(day)
    if until is not None and quarter > until:
        return Outcome(event, day, fact, quarter, 0, NOTE_LATER)
    return Outcome(event, day, fact, quarter, share_of(event.share, base))
