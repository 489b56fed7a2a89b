"""A municipality that submitted more than once is counted once: the newest submission.

"Newest" is decided from what an inbox really carries (``docs/bulk.md``, "Resubmissions"):

1. a folder name marked as a correction ("Varde (rettet)", "rettelse", "korrigeret",
   "opdateret") is newer than an unmarked one;
2. then the submission's day: a date in the folder name ("Varde 2018-02-14",
   "Varde 14-02-2018", "Varde 14.02.2018", "Varde 20180214") when there is one, else the
   day of its newest file (for a zipped inbox the time stored in the zip entry);
3. then the newest file time inside the submission;
4. then the folder name (alphabetically last), so the choice is always the same.

The older submissions leave "Ansøgninger", the sums and the findings; they are listed on
the sheet "Tidligere indsendelser" with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hir_docs.bulk.model import FileRecord, Group, Superseded
from hir_docs.formatting import dato_kort

_MARKER = re.compile(r"\b(rettet|rettelse|rettede|korrigeret|opdateret)\b", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DANISH = re.compile(r"(?<!\d)(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


def date_in_name(name: str) -> dt.date | None:
    """The date a folder name carries, if any ("Varde 2018-02-14" -> 14-02-2018)."""
    for pattern, order in ((_ISO, "ymd"), (_DANISH, "dmy"), (_COMPACT, "ymd")):
        for m in pattern.finditer(name):
            parts = dict(zip(order, map(int, m.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                continue
    return None


def marked_as_correction(name: str) -> bool:
    return _MARKER.search(name) is not None


@dataclass(frozen=True)
class _When:
    marked: bool
    day: dt.date | None
    day_from_name: bool
    newest: float | None  # newest file modification time (seconds since the epoch)
    label: str

    @property
    def key(self) -> tuple[bool, dt.date, float, str]:
        return (self.marked, self.day or dt.date.min, self.newest or 0.0, self.label)


def _when(group: Group, times: dict[str, float | None]) -> _When:
    stamps = [t for d in group.docs if (t := times.get(d.file)) is not None]
    newest = max(stamps) if stamps else None
    named = date_in_name(group.submission)
    day = named or (dt.datetime.fromtimestamp(newest).date() if newest is not None else None)
    return _When(
        marked_as_correction(group.submission), day, named is not None, newest, group.submission
    )


def _stamp(t: float | None) -> str:
    return "ukendt" if t is None else dt.datetime.fromtimestamp(t).strftime("%d-%m-%Y %H:%M")


def _reason(new: _When, old: _When) -> str:
    why: str
    if new.marked != old.marked:
        why = f"mappenavnet '{new.label}' angiver en rettet udgave"
    elif new.day != old.day and new.day is not None:
        source = "datoen i mappenavnet" if new.day_from_name else "nyeste fil"
        old_day = dato_kort(old.day) if old.day else "ukendt"
        why = f"'{new.label}' er fra {dato_kort(new.day)} ({source}), denne fra {old_day}"
    elif new.newest != old.newest:
        why = (
            f"'{new.label}' har nyere filer (senest ændret {_stamp(new.newest)} "
            f"mod {_stamp(old.newest)})"
        )
    else:
        why = f"samme tidspunkt; '{new.label}' er valgt efter mappenavnet"
    return f"Erstattet af '{new.label}': {why}."


def pick_newest(
    groups: list[Group], files: list[FileRecord]
) -> tuple[list[Group], list[Superseded]]:
    """Keep one group per municipality code (the newest); the rest with their reason.

    Groups without a municipality are all kept. The order of ``groups`` is kept.
    """
    times = {f.name: f.modified for f in files}
    by_code: dict[str, list[Group]] = {}
    for g in groups:
        if g.code:
            by_code.setdefault(g.code, []).append(g)
    dropped: dict[int, Superseded] = {}
    for same in by_code.values():
        if len(same) < 2:
            continue
        whens = {id(g): _when(g, times) for g in same}
        newest = max(same, key=lambda g: whens[id(g)].key)
        for g in same:
            if g is not newest:
                dropped[id(g)] = Superseded(
                    g, newest.submission, _reason(whens[id(newest)], whens[id(g)])
                )
    kept = [g for g in groups if id(g) not in dropped]
    superseded = [dropped[id(g)] for g in groups if id(g) in dropped]
    return kept, superseded
