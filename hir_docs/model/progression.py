"""The progression questionnaire of "Flere skal med": 11 questions in 6 themes, measured per
citizen at the first conversation, again at the latest a year later, and at exit as far as
possible.

Contract. ``questionnaire`` builds the question frame from the themes and their question
counts and raises ``ValueError`` when they do not add up (FAQ Flere skal med, s. 10:
11 questions in six themes, 2/2/4/1/1/1). ``schedule_problems`` checks each citizen's
measurements against the schedule as of a date the caller gives (never the clock);
``theme_summary`` gives per theme and measurement the citizens answered and their mean.
Plain values, no I/O.

The answer scale is not in the source (the FAQ names the themes, not the answers): the
caller declares it (``Scale``) or leaves it unknown (None); with an unknown scale no answer
is out of range, and the reader says so once (``progression-scale-unknown``).

Assumed where the FAQ is silent (said "antaget" in the texts): the questions are numbered
1-11 in the order of the themes (1-2 "Tro på egne evner", 3-4 "Helbredsmestring", ...);
"senest et år" is 12 calendar months after the first measurement (the same day a year
later, the month's last day when there is no such day); a citizen who ended the project
effort before that day needs no second measurement; a citizen counts in a theme's mean when
every question of the theme is answered, with the mean of those answers as the citizen's
score.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from hir_docs.findings import Finding, Severity
from hir_docs.formatting import dato, mask_cpr

FAQ = "FAQ Flere skal med"

# FAQ Flere skal med, s. 10: the six themes and their question counts.
THEMES: tuple[tuple[str, int], ...] = (
    ("Tro på egne evner", 2),
    ("Helbredsmestring", 2),
    ("Arbejdsmarkedsidentitet, mening og retning", 4),
    ("Samarbejde på arbejdspladsen eller uddannelsen", 1),
    ("Relationer til fagprofessionelle", 1),
    ("Privat netværk", 1),
)
QUESTIONS = 11  # FAQ s. 10: "Rammen består af 11 spørgsmål"
FOLLOWUP_MONTHS = 12  # FAQ s. 10: "igen efter senest et år"

_SCHEDULE = (
    f"{FAQ}, s. 10: «Kommunen skal sikre, at borgeren udfylder spørgsmålsrammen i forbindelse "
    "med første samtale i projektet (startafklaringen). Den besvares sammen med "
    "sagsbehandleren. Derefter skal kommunen sikre, at borgere der fortsætter i "
    "projektindsatsen besvarer spørgsmålene igen efter senest et år.»"
)
SOURCES: dict[str, str] = {
    "progression-first-missing": _SCHEDULE,
    "progression-second-missing": _SCHEDULE + " (antaget: et år = 12 kalendermåneder)",
    "progression-second-late": _SCHEDULE + " (antaget: et år = 12 kalendermåneder)",
    "progression-exit-missing": (
        f"{FAQ}, s. 10: «Derudover skal spørgsmålene så vidt muligt udfyldes, når borgeren "
        "afslutter projektindsatsen ... STAR er dog opmærksom på, at der vil være tilfælde, "
        "hvor det ikke er muligt for kommunen at indhente besvarelserne i forbindelse med "
        "afslutningen af borgerens forløb»"
    ),
}
SEVERITY: dict[str, Severity] = {
    "progression-first-missing": Severity.ERROR,
    "progression-second-missing": Severity.ERROR,
    "progression-second-late": Severity.WARNING,
    "progression-exit-missing": Severity.INFO,
}


class Measurement(StrEnum):
    START = "start"  # at the first conversation (startafklaringen)
    FOLLOWUP = "followup"  # again, at the latest a year later
    EXIT = "exit"  # when the citizen ends the project effort, as far as possible

    @property
    def label(self) -> str:
        return MEASUREMENT_DA[self]


MEASUREMENT_DA = {
    Measurement.START: "startafklaring",
    Measurement.FOLLOWUP: "opfølgning",
    Measurement.EXIT: "afslutning",
}


@dataclass(frozen=True)
class Scale:
    """The answers' range, both ends included (not in the source: the caller declares it)."""

    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"svarskalaen skal gå fra lav til høj, ikke {self.low}-{self.high}")

    def holds(self, value: Decimal) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Theme:
    number: int
    name: str
    questions: tuple[int, ...]  # question numbers, from 1


@dataclass(frozen=True)
class Questionnaire:
    themes: tuple[Theme, ...]
    scale: Scale | None  # None: not known (range checks off)

    @property
    def question_count(self) -> int:
        return sum(len(t.questions) for t in self.themes)

    def theme_of(self, question: int) -> Theme:
        return next(t for t in self.themes if question in t.questions)


def questionnaire(
    themes: Sequence[tuple[str, int]] = THEMES,
    *,
    questions: int = QUESTIONS,
    scale: Scale | None = None,
) -> Questionnaire:
    """The question frame: themes numbered from 1, questions numbered in theme order.
    ValueError when the counts do not add up to ``questions``, a count is below 1, or a
    theme's name is empty or repeated."""
    names = [normal.strip() for normal, _ in themes]
    if not themes or any(not n for n in names) or len(set(names)) != len(names):
        raise ValueError("temaerne skal have hver sit navn")
    counts = [count for _, count in themes]
    if any(not isinstance(c, int) or isinstance(c, bool) or c < 1 for c in counts):
        raise ValueError(f"hvert tema skal have mindst ét spørgsmål, ikke {counts}")
    if sum(counts) != questions:
        raise ValueError(
            f"temaernes spørgsmål ({'/'.join(map(str, counts))} = {sum(counts)}) giver ikke "
            f"{questions} spørgsmål"
        )
    out, first = [], 1
    for number, (name, count) in enumerate(zip(names, counts, strict=True), start=1):
        out.append(Theme(number, name, tuple(range(first, first + count))))
        first += count
    return Questionnaire(tuple(out), scale)


@dataclass(frozen=True)
class MeasurementRecord:
    """One measurement of one citizen. ``answers``: one per question (None: no readable
    answer). ``location``: the row's cell, if read from a file."""

    kind: Measurement
    date: dt.date | None
    answers: tuple[Decimal | None, ...]
    location: str | None = None

    @property
    def answered(self) -> bool:
        return any(a is not None for a in self.answers)


@dataclass(frozen=True)
class CitizenProgression:
    cpr: str
    measurements: tuple[MeasurementRecord, ...] = field(hash=False)
    exited: dt.date | None = None  # ended the project effort
    location: str | None = None

    def first(self, kind: Measurement) -> MeasurementRecord | None:
        """The first measurement of ``kind`` with at least one answer (a row with a date
        and no answers is no measurement; at exit it still dates the exit)."""
        return next((m for m in self.measurements if m.kind is kind and m.answered), None)

    def exit_date(self) -> dt.date | None:
        """When the citizen ended the project effort: the date given, else the date of an
        exit row (answered or not)."""
        if self.exited:
            return self.exited
        return next(
            (m.date for m in self.measurements if m.kind is Measurement.EXIT and m.date), None
        )


@dataclass(frozen=True)
class ProgressionSheet:
    """The questionnaire answers as read; ``sheet``/``header_row``: where, if from a file."""

    citizens: tuple[CitizenProgression, ...]
    frame: Questionnaire
    sheet: str | None = None
    header_row: int | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when there is no such day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _problem(code: str, message: str, location: str | None, hint: str) -> Finding:
    return Finding(
        code=code,
        severity=SEVERITY[code],
        message=message,
        location=location,
        hint=hint,
        source=SOURCES[code],
    )


def schedule_problems(
    citizens: Iterable[CitizenProgression],
    *,
    as_of: dt.date | None = None,
    months: int = FOLLOWUP_MONTHS,
) -> list[Finding]:
    """Each citizen's measurements against the schedule. ``as_of`` (the caller's date, never
    the clock): a missing second measurement is a problem once its last day has passed;
    without ``as_of`` that check is off."""
    out: list[Finding] = []
    for c in citizens:
        who = mask_cpr(c.cpr)
        start = c.first(Measurement.START)
        if start is None:
            out.append(
                _problem(
                    "progression-first-missing",
                    f"Borgeren {who} har ingen måling ved startafklaringen (første samtale).",
                    c.location,
                    "Tilføj borgerens første måling med måling 'startafklaring' og datoen for "
                    "den første samtale.",
                )
            )
        followup = c.first(Measurement.FOLLOWUP)
        exit_ = c.first(Measurement.EXIT)
        exited = c.exit_date()
        if start is not None and start.date is not None:
            due = add_months(start.date, months)
            if followup is not None and followup.date is not None and followup.date > due:
                out.append(
                    _problem(
                        "progression-second-late",
                        f"Den anden måling for borgeren {who} er fra {dato(followup.date)}, "
                        f"senere end {months} måneder efter den første ({dato(start.date)}); "
                        f"den skulle være taget senest {dato(due)}.",
                        followup.location,
                        "Den anden måling skal tages senest et år efter den første; tag den "
                        "i tide for de næste borgere.",
                    )
                )
            ended_in_time = exited is not None and exited <= due
            if followup is None and as_of is not None and as_of > due and not ended_in_time:
                out.append(
                    _problem(
                        "progression-second-missing",
                        f"Borgeren {who} mangler den anden måling: den skulle være taget senest "
                        f"{dato(due)} ({months} måneder efter den første, {dato(start.date)}).",
                        c.location,
                        "Tag den anden måling hurtigst muligt og skriv den i arket med måling "
                        "'opfølgning'. Er borgeren afsluttet før, så skriv datoen for "
                        "afslutningen.",
                    )
                )
        if exited is not None and exit_ is None:
            out.append(
                _problem(
                    "progression-exit-missing",
                    f"Borgeren {who} afsluttede projektindsatsen {dato(exited)} uden måling ved "
                    "afslutningen. Den tages så vidt muligt; det er ikke en fejl.",
                    c.location,
                    "Tag målingen ved afslutningen, hvis der er en samtale med borgeren.",
                )
            )
    return out


@dataclass(frozen=True)
class ThemeSummary:
    theme: Theme
    measurement: Measurement
    citizens: int  # citizens who answered every question of the theme
    mean: Fraction | None  # mean of their theme scores; None when nobody answered


def theme_summary(
    citizens: Iterable[CitizenProgression], frame: Questionnaire
) -> tuple[ThemeSummary, ...]:
    """Per measurement and theme: the citizens who answered the whole theme (the first
    measurement of each kind per citizen) and the mean of their theme scores (exact)."""
    people = tuple(citizens)
    out = []
    for kind in Measurement:
        records = [m for m in (c.first(kind) for c in people) if m is not None]
        for theme in frame.themes:
            scores = []
            for m in records:
                values = [
                    m.answers[q - 1] if q - 1 < len(m.answers) else None for q in theme.questions
                ]
                if all(v is not None for v in values):
                    total = sum((Fraction(v) for v in values if v is not None), Fraction(0))
                    scores.append(total / len(values))
            mean = sum(scores, Fraction(0)) / len(scores) if scores else None
            out.append(ThemeSummary(theme, kind, len(scores), mean))
    return tuple(out)
