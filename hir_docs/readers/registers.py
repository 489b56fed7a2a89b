"""The registers of the plug-ins "activity", "progression" and "participants" as forms the
pipeline recognises and reads, with the pool's facts as the readers' parameters.

Recognised by their headers (a column only such a register has: "Gruppe ved startafklaring",
"Spm. 1", "Matchgruppe"), never by a sheet's name or position. The sheet readers
(``readers.activity_register``, ``readers.progression``, ``readers.participant_register``)
never raise on a file's content; what they find wrong travels in ``RegisterDoc.problems``
to the register's check (``rules.registers``). Which pool's register it is decides the
parameters: counted activities, the project period, the question frame, the payment events
and the target group — all from the pool folder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hir_docs.findings import DocKind
from hir_docs.pools import Pool
from hir_docs.readers.base import FormReader, Probe, ReadResult
from hir_docs.rules import Context
from hir_docs.rules.registers import RegisterDoc

if TYPE_CHECKING:  # the models are imported when a register is read (start-up stays short)
    from hir_docs.model.progression import Questionnaire
    from hir_docs.model.results import PaymentEvent, TargetGroup


def _has(probe: Probe, *words: str) -> int:
    return sum(1 for w in words if any(w in t for t in probe.texts))


# ------------------------------------------------------------------ parameters from the pool
def period(pool: Pool) -> tuple[dt.date, dt.date] | None:
    """The project period when the pool gives it (a period per grant: None)."""
    if pool.known("project_start") and pool.known("project_end"):
        return (pool["project_start"], pool["project_end"])
    return None


def activity_words(pool: Pool) -> dict[str, tuple[str, ...]]:
    """The counted activities (``activity_words``) -> what people write (the canonical word
    and the reader's own variants of it)."""
    from hir_docs.readers.activity_register import ACTIVITY_WORDS

    return {w: ACTIVITY_WORDS.get(w, (w,)) for w in pool["activity_words"]}


def frame(pool: Pool) -> Questionnaire:
    """The question frame of the pool's facts; the scale only when the pool knows it."""
    from hir_docs.model.progression import Scale, questionnaire

    names, counts = pool["progression_theme_names"], pool["progression_theme_questions"]
    scale = None
    if pool.known("progression_scale"):
        low, high = pool["progression_scale"]
        scale = Scale(Decimal(str(low)), Decimal(str(high)))
    return questionnaire(
        tuple(zip(names, counts, strict=True)),
        questions=int(pool.number("progression_questions")),
        scale=scale,
    )


def payment_events(pool: Pool) -> tuple[PaymentEvent, ...]:
    """The results model's events of the pool's ``payment.toml``."""
    from hir_docs.model.results import PaymentEvent
    from hir_docs.pools.payment import payment_spec

    return tuple(
        PaymentEvent(
            e.key,
            e.label,
            e.share if e.share is not None else Fraction(0),
            "participant" if e.level == "participant" else "project",
            e.facts,
            e.requires,
            source=e.source,
        )
        for e in payment_spec(pool).events
    )


def target_group(pool: Pool) -> TargetGroup:
    """Matchgroups and the most months on benefit per matchgroup (pool facts)."""
    from hir_docs.model.results import TargetGroup

    groups = tuple(int(g) for g in pool["matchgroups"])
    limits = tuple(
        (g, int(pool.number(f"benefit_max_months_matchgroup_{g}")))
        for g in groups
        if pool.known(f"benefit_max_months_matchgroup_{g}")
    )
    goals = (
        tuple(int(g) for g in pool["goal_active_offer_matchgroups"])
        if pool.known("goal_active_offer_matchgroups")
        else ()
    )
    # Cited as the pool's facts cite it: who is in the target group, and for how long.
    cited = ["matchgroups", *(f"benefit_max_months_matchgroup_{g}" for g, _ in limits)]
    sources = dict.fromkeys(pool.source(key) for key in cited if pool.source(key))
    return TargetGroup(groups, limits, goals, source="; ".join(sources))


def _as_of(ctx: Context) -> dt.date:
    return ctx.options.today or dt.date.today()


# ------------------------------------------------------------------ the three forms
def detect_activity(probe: Probe) -> int:
    if not _has(probe, "cpr"):
        return 0
    hits = _has(probe, "gruppe ved startafklaring", "startafklaret", "aktivitetsregister")
    return 12 + hits if hits >= 2 else 0


def _read_activity(path: Path, ctx: Context) -> ReadResult:
    from hir_docs.readers.activity_register import read_activity_register

    read = read_activity_register(
        path, activity_words=activity_words(ctx.pool), period=period(ctx.pool)
    )
    reg = read.register
    fields: dict[str, Any] = {
        "citizens": len(reg.citizens),
        "months": [m.short for m in reg.months],
    }
    return ReadResult(RegisterDoc(reg, tuple(read.problems)), fields)


def detect_progression(probe: Probe) -> int:
    if not _has(probe, "cpr"):
        return 0
    hits = _has(probe, "måling", "spm 1", "progressionsmåling", "spørgsmålsramme")
    return 12 + hits if hits >= 2 else 0


def _read_progression(path: Path, ctx: Context) -> ReadResult:
    from hir_docs.formatting import number
    from hir_docs.model.progression import theme_summary
    from hir_docs.readers.progression import read_progression

    questions = frame(ctx.pool)
    read = read_progression(path, questions, as_of=_as_of(ctx))
    # The summary per theme and measurement the reports show (FSM-11): citizens who answered
    # the whole theme, and the mean of their theme scores.
    themes = [
        {
            "theme": s.theme.name,
            "measurement": str(s.measurement),
            "citizens": s.citizens,
            "mean": number(float(s.mean), 2) if s.mean is not None else None,
        }
        for s in theme_summary(read.sheet.citizens, questions)
    ]
    fields: dict[str, Any] = {"citizens": len(read.sheet.citizens), "themes": themes}
    return ReadResult(RegisterDoc(read.sheet, tuple(read.problems)), fields)


def detect_participants(probe: Probe) -> int:
    if not _has(probe, "matchgruppe"):
        return 0
    hits = _has(probe, "første samtale", "indsatsplan", "deltagerregister", "ydelsesstart")
    return 12 + hits if hits >= 2 else 0


def _read_participants(path: Path, ctx: Context) -> ReadResult:
    from hir_docs.readers.participant_register import read_participant_register

    found = period(ctx.pool)
    register, problems = read_participant_register(
        path,
        events=payment_events(ctx.pool),
        target=target_group(ctx.pool),
        period=(found[0], found[1]) if found else None,
    )
    fields: dict[str, Any] = {"participants": len(register.participants)}
    return ReadResult(RegisterDoc(register, tuple(problems)), fields)


ACTIVITY_READER = FormReader(DocKind.ACTIVITY, (".xlsx",), detect_activity, _read_activity)
PROGRESSION_READER = FormReader(
    DocKind.PROGRESSION, (".xlsx",), detect_progression, _read_progression
)
PARTICIPANTS_READER = FormReader(
    DocKind.PARTICIPANTS, (".xlsx",), detect_participants, _read_participants
)
