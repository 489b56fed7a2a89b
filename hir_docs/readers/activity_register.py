"""Reader (and blank) of the monthly activity register of "Flere skal med".

The layout is *wide*: one row per citizen, one column per calendar month. A caseworker
writes a citizen's facts once (CPR number, group at the start clarification, the dates that
move the citizen in or out) and then fills one cell a month with the activity, as a
monthly follow-up list is usually kept; a new month is a new column to the right. A long
format (one row per citizen per month) would repeat every fact on every row, and a fact
that differs between a citizen's rows would have no right answer. A citizen written twice
is one clear problem here (``activity-citizen-twice``), not a silent doubling.

Read by label, never by coordinate: the header row is the row in the first 40 of a sheet
that names the most known columns (synonyms in ``COLUMNS``, matched like the citizen sheets
in ``readers.citizen_table``) and month headers; the sheet whose header scores best is
read, whatever its name; rows and extra columns may be inserted anywhere. A month header
may be a real date, an Excel date serial, or text: "jan 2018", "januar 2018", "2018-01",
"01-2018", "01-01-2018", "1. januar 2018". A month cell holds one or more activity words
(comma, semicolon, slash or "+" between them); empty or a not-counted word ("ingen",
"mentor", ...) is no counted activity. The words are parameters (``activity_words``: the
canonical word -> what people write; ``other_words``).

Nothing here raises on a bad sheet: ``read_activity_register`` returns the model and a
list of ``Finding`` values, stated through the catalogue (``rules.registers``: code and
severity; the source is the pool's, ``<pool>/rules.toml``). CPR numbers stay in the model;
messages and locations never hold one.
At most ``MAX_ROWS`` rows are read (said when capped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hir_docs.files import sheetcache
from hir_docs.files.output import atomic_write, set_text
from hir_docs.findings import Finding
from hir_docs.formatting import dato, mask_cpr, mask_cpr_text
from hir_docs.labels import normalise
from hir_docs.model.activity import (
    COUNTED_ACTIVITIES,
    MONTH_NAMES,
    ActivityRegister,
    GroupCitizen,
    Month,
)
from hir_docs.readers.citizen_table import clean_cpr, column_letter, is_blank, match_header
from hir_docs.rules.registers import ACTIVITY_RULES
from hir_docs.values import parse_date, parse_user_date

HEADER_SCAN_ROWS = 40
MAX_ROWS = 50_000

# Column key -> the headers people type (normalised when matched; a longer header may
# start with one: "Udtrådt af projektet (dato, fx fraflyttet)").
COLUMNS: dict[str, list[str]] = {
    "cpr": ["cpr", "cpr-nummer", "cpr nr", "cprnr", "cpr-nr.", "personnummer"],
    "group": ["gruppe ved startafklaring", "gruppe ved startafklaringen", "gruppe", "startgruppe"],
    "visited": [
        "startafklaret",
        "startafklaring",
        "dato for startafklaring",
        "visiteret til gruppe 1",
    ],
    "revisited": [
        "visiteret til gruppe 2 eller 3",
        "visiteret til gruppe 2 3",
        "overgået til gruppe 2 eller 3",
        "genvisiteret",
    ],
    "left": ["udtrådt af projektet", "udtrådt", "fraflyttet", "fraflyttet kommunen", "udtrædelse"],
}

# The canonical activity word -> what people write (FAQ Flere skal med, s. 4).
ACTIVITY_WORDS: dict[str, tuple[str, ...]] = {
    "virksomhedspraktik": ("virksomhedspraktik", "praktik"),
    "løntilskud": ("løntilskud", "løntilskudsjob", "job med løntilskud"),
    "ordinære timer": (
        "ordinære timer",
        "ordinære løntimer",
        "ordinær beskæftigelse",
        "ordinært job",
    ),
    "fleksjob": ("fleksjob",),
    "ordinær uddannelse": ("ordinær uddannelse",),
}
# Words that are understood and never counted (antaget: common entries of a follow-up list).
OTHER_WORDS: tuple[str, ...] = (
    "ingen",
    "nej",
    "ingen aktivitet",
    "mentor",
    "vejledning og opkvalificering",
    "andet",
)


def _problem(code: str, message: str, location: str | None, hint: str) -> Finding:
    """A problem as the catalogue states it (code, severity, the pool's source)."""
    return ACTIVITY_RULES[code].finding(message, location=location, hint=hint)


# ---------------------------------------------------------------- shared sheet helpers


@dataclass(frozen=True)
class SheetRows:
    """The rows of the sheet whose header scored best (``header``: 0-based row index)."""

    sheet: str
    rows: list[list[Any]]
    header: int
    capped: bool


def cell(row: Sequence[Any], col: int) -> Any:
    return row[col] if 0 <= col < len(row) else None


def ref(sheet: str, row: int, col: int) -> str:
    """'Ark!C12' of a 0-based row and column."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def best_sheet(
    path: Path, score: Callable[[Sequence[Any]], int], max_rows: int = MAX_ROWS
) -> SheetRows | None:
    """The sheet and row (first ``HEADER_SCAN_ROWS`` rows of each sheet) with the highest
    ``score`` (0: no header), with at most ``max_rows`` rows under it; None when no row
    scores. Exceptions of the parser reach the caller (who reports the file)."""
    best: tuple[int, str, int] | None = None
    try:
        for name in sheetcache.sheet_names(path):
            head = sheetcache.sheet(path, name).to_python(
                skip_empty_area=False, nrows=HEADER_SCAN_ROWS
            )
            for r, row in enumerate(head):
                s = score(row)
                if s > 0 and (best is None or s > best[0]):
                    best = (s, name, r)
        if best is None:
            return None
        _, name, header = best
        # ``max_rows`` rows under the header (the rows above it are never counted, so a cap
        # can never cut the header off)
        keep = header + 1 + max_rows
        rows = sheetcache.sheet(path, name).to_python(skip_empty_area=False, nrows=keep + 1)
    finally:
        sheetcache.release(path)
    capped = len(rows) > keep
    return SheetRows(name, [list(r) for r in rows[:keep]], header, capped)


# ---------------------------------------------------------------- months

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name] = _MONTHS[_name[:3]] = _i
_MONTHS.update({"sept": 9, "may": 5, "oct": 10, "dec": 12})

# On normalised text (punctuation already spaces): each pattern is linear (no nested
# quantifiers; adjacent parts are disjoint character classes).
_YEAR_MONTH = re.compile(r"(\d{4}) (\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2}) (\d{4})")
_NAME_YEAR = re.compile(r"(?:(\d{1,2}) )?([a-zæøå]{3,9}) ?(\d{4}|\d{2})")
_LEAD_LETTERS = re.compile(r"[a-zæøå]{1,12}")


def parse_month(value: object) -> Month | None:
    """A month header: a date, an Excel serial, or text ("jan 2018", "2018-01", "01-2018",
    "januar 2018", "01-01-2018", "1. januar 2018"); None when it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.date):  # a datetime is a date too
        return Month(value.year, value.month)
    if isinstance(value, int | float):
        day = parse_date(value)
        return Month.of(day) if day else None
    if not isinstance(value, str) or len(value) > 40:
        return None
    day = parse_user_date(value)
    if day is not None:
        return Month.of(day)
    text = normalise(value)
    year = month = 0
    if m := _YEAR_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
    elif m := _MONTH_YEAR.fullmatch(text):
        month, year = int(m[1]), int(m[2])
    elif (m := _NAME_YEAR.fullmatch(text)) and m[2] in _MONTHS:
        month, year = _MONTHS[m[2]], int(m[3])
        year += 2000 if year < 100 else 0
    if 1 <= month <= 12 and 1900 <= year <= 2200:
        return Month(year, month)
    return None


def _looks_like_month(value: object) -> bool:
    """A header meant as a month that ``parse_month`` may not read ("13-2018", "jan"): a
    number, or a text that starts with a digit or with a month's name."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    text = normalise(value)
    if not text:
        return False
    lead = _LEAD_LETTERS.match(text)
    return text[0].isdigit() or (lead is not None and lead.group(0) in _MONTHS)


# ---------------------------------------------------------------- header


@dataclass(frozen=True)
class _Header:
    columns: dict[str, int]
    months: list[tuple[int, Month | None]]  # (column, month); None: unreadable month


def _header(row: Sequence[Any]) -> _Header:
    columns: dict[str, int] = {}
    months: list[tuple[int, Month | None]] = []
    for c, value in enumerate(row):
        if is_blank(value):
            continue
        hit = match_header(value, COLUMNS) if isinstance(value, str) else None
        if hit is not None:
            columns.setdefault(hit[0], c)
            continue
        month = parse_month(value)
        if month is not None or _looks_like_month(value):
            months.append((c, month))
    return _Header(columns, months)


def _score(row: Sequence[Any]) -> int:
    """A known column weighs 3, a readable month 1 (a data row's dates are months too);
    a header names the CPR column or at least two months."""
    h = _header(row)
    months = sum(m is not None for _, m in h.months)
    ok = "cpr" in h.columns or months >= 2
    return 3 * len(h.columns) + months if ok and len(h.columns) + months >= 2 else 0


# ---------------------------------------------------------------- activity words


def _lookup(words: Mapping[str, Iterable[str]], other: Iterable[str]) -> dict[str, str | None]:
    """normalised text -> canonical word (None: understood, not counted)."""
    out: dict[str, str | None] = {normalise(w): None for w in other}
    for key, synonyms in words.items():
        for syn in (key, *synonyms):
            out[normalise(syn)] = key
    return out


_SPLIT = re.compile(r"[,;/+\n]")


def _activities(
    value: object, lookup: Mapping[str, str | None]
) -> tuple[frozenset[str], list[str]]:
    """(canonical words, unknown parts as written) of a month cell."""
    if is_blank(value):
        return frozenset(), []
    found: set[str] = set()
    unknown: list[str] = []
    for part in _SPLIT.split(str(value)):
        key = normalise(part)
        if not key:
            continue
        if key not in lookup:
            unknown.append(part.strip())
        elif (word := lookup[key]) is not None:
            found.add(word)
    return frozenset(found), unknown


_GROUP = re.compile(r"(?:gruppe ?)?([123])")


def _group(value: object) -> int | None:
    if is_blank(value):
        return 1  # antaget: registret er indsatsgruppens; tom betyder gruppe 1
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if value in (1, 2, 3) else None
    m = _GROUP.fullmatch(normalise(value))
    return int(m[1]) if m else None


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class RegisterRead:
    register: ActivityRegister
    problems: tuple[Finding, ...]


_DATE_LABELS = {
    "visited": "Startafklaret",
    "revisited": "Visiteret til gruppe 2 eller 3",
    "left": "Udtrådt af projektet",
}


def read_activity_register(
    path: Path,
    *,
    activity_words: Mapping[str, Iterable[str]] = ACTIVITY_WORDS,
    other_words: Iterable[str] = OTHER_WORDS,
    period: tuple[dt.date, dt.date] | None = None,
    max_rows: int = MAX_ROWS,
) -> RegisterRead:
    """The register of ``path`` and its problems; never raises on the file's content.
    ``period``: the project period (first and last day); months outside it are left out."""
    empty = ActivityRegister((), ())
    try:
        found = best_sheet(path, _score, max_rows)
    except Exception as exc:  # any parser failure is a problem of the file, not a crash
        return RegisterRead(
            empty,
            (
                _problem(
                    "activity-file-unreadable",
                    f"Regnearket kan ikke åbnes (teknisk årsag: {type(exc).__name__}).",
                    None,
                    "Gem filen igen som Excel-projektmappe (.xlsx) og prøv igen.",
                ),
            ),
        )
    if found is None:
        return RegisterRead(
            empty,
            (
                _problem(
                    "activity-no-header",
                    "Der er ingen overskriftsrække med CPR-nummer og måneder i de første "
                    f"{HEADER_SCAN_ROWS} rækker af noget ark.",
                    None,
                    "Brug det tomme aktivitetsregister: én kolonne 'CPR-nummer' og én kolonne "
                    "pr. måned med overskrifter som 'jan 2018'.",
                ),
            ),
        )
    return _read(found, _lookup(activity_words, other_words), period)


def _read(
    found: SheetRows, lookup: Mapping[str, str | None], period: tuple[dt.date, dt.date] | None
) -> RegisterRead:
    sheet, rows, h = found.sheet, found.rows, found.header
    header = _header(rows[h])
    problems: list[Finding] = []
    months = _month_columns(sheet, h, header, period, problems)
    cols = header.columns
    if "cpr" not in cols:
        problems.append(
            _problem(
                "activity-column-missing",
                f"Kolonnen 'CPR-nummer' mangler i overskriftsrækken (række {h + 1}).",
                ref(sheet, h, 0),
                "Tilføj en kolonne med overskriften 'CPR-nummer'.",
            )
        )
    if not months and not any(m is not None for _, m in header.months):
        problems.append(
            _problem(
                "activity-column-missing",
                f"Der er ingen månedskolonner i overskriftsrækken (række {h + 1}).",
                ref(sheet, h, 0),
                "Tilføj én kolonne pr. kalendermåned med overskrifter som 'jan 2018'.",
            )
        )
    if "cpr" not in cols:
        return RegisterRead(
            ActivityRegister((), tuple(sorted(months.values())), sheet, h + 1), tuple(problems)
        )
    citizens: dict[str, tuple[int, GroupCitizen]] = {}
    for r in range(h + 1, len(rows)):
        citizen = _citizen(sheet, r, rows[r], cols, months, lookup, problems)
        if citizen is None:
            continue
        if citizen.cpr in citizens:
            first_row, first = citizens[citizen.cpr]
            citizens[citizen.cpr] = (
                first_row,
                _merge(first, citizen, first_row, r, sheet, cols, problems),
            )
        else:
            citizens[citizen.cpr] = (r, citizen)
    people = tuple(c for _, c in citizens.values())
    if found.capped:
        problems.append(
            _problem(
                "activity-rows-capped",
                f"Arket har flere end {len(rows):,} rækker; kun de første er læst.".replace(
                    ",", "."
                ),
                f"{sheet}!A{len(rows)}",
                "Del registret i flere filer, eller slet tomme rækker nederst.",
            )
        )
    if not people:
        problems.append(
            _problem(
                "activity-register-empty",
                "Registret har ingen borgere under overskriftsrækken.",
                ref(sheet, h, cols["cpr"]),
                "Skriv én række pr. startafklaret borger under overskrifterne.",
            )
        )
    register = ActivityRegister(people, tuple(sorted(months.values())), sheet, h + 1)
    return RegisterRead(register, tuple(problems))


def _month_columns(
    sheet: str,
    h: int,
    header: _Header,
    period: tuple[dt.date, dt.date] | None,
    problems: list[Finding],
) -> dict[int, Month]:
    """column -> month of the header's readable, first-seen months inside the period."""
    out: dict[int, Month] = {}
    seen: dict[Month, int] = {}
    for c, month in header.months:
        where = ref(sheet, h, c)
        if month is None:
            problems.append(
                _problem(
                    "activity-month-unreadable",
                    "Overskriften kan ikke læses som en måned; kolonnen tæller ikke med.",
                    where,
                    "Skriv måneden som 'jan 2018' eller '2018-01' (måned og år).",
                )
            )
        elif month in seen:
            problems.append(
                _problem(
                    "activity-month-twice",
                    f"Måneden {month.label} står også i kolonne {column_letter(seen[month])}; "
                    "kun den første kolonne tæller med.",
                    where,
                    "Saml månedens aktiviteter i én kolonne og slet den anden.",
                )
            )
        elif period and not (Month.of(period[0]) <= month <= Month.of(period[1])):
            problems.append(
                _problem(
                    "activity-month-outside-period",
                    f"Måneden {month.label} ligger uden for projektperioden "
                    f"({dato(period[0])} til {dato(period[1])}); kolonnen tæller ikke med.",
                    where,
                    "Ret månedens overskrift, eller slet kolonnen, hvis den ikke hører til projektet.",
                )
            )
        else:
            seen[month] = c
            out[c] = month
    return out


def _citizen(
    sheet: str,
    r: int,
    row: Sequence[Any],
    cols: Mapping[str, int],
    months: Mapping[int, Month],
    lookup: Mapping[str, str | None],
    problems: list[Finding],
) -> GroupCitizen | None:
    used = [*cols.values(), *months]
    if all(is_blank(cell(row, c)) for c in used):
        return None
    raw = cell(row, cols["cpr"])
    cpr = clean_cpr(raw)
    where = ref(sheet, r, cols["cpr"])
    if cpr is None or len(cpr) != 10 or not cpr.isdigit():
        problems.append(
            _problem(
                "activity-cpr-unreadable",
                ("CPR-nummeret mangler" if cpr is None else "CPR-nummeret kan ikke læses")
                + f" i række {r + 1}; rækken tæller ikke med.",
                where,
                "Skriv CPR-nummeret som 10 cifre, fx 010190-1234.",
            )
        )
        return None
    group = _group(cell(row, cols["group"])) if "group" in cols else 1
    if group is None:
        problems.append(
            _problem(
                "activity-group-unreadable",
                f"Gruppen for borgeren {mask_cpr(cpr)} kan ikke læses (skal være 1, 2 eller 3); "
                "rækken tæller ikke med, før gruppen er rettet.",
                ref(sheet, r, cols["group"]),
                "Skriv 1, 2 eller 3: den gruppe, borgeren blev visiteret til ved startafklaringen.",
            )
        )
        return None
    dates: dict[str, dt.date | None] = {}
    for key, label in _DATE_LABELS.items():
        value = cell(row, cols[key]) if key in cols else None
        dates[key] = parse_date(value)
        if dates[key] is None and not is_blank(value):
            problems.append(
                _problem(
                    "activity-date-unreadable",
                    f"'{label}' for borgeren {mask_cpr(cpr)} kan ikke læses som en dato; "
                    "datoen tæller ikke med.",
                    ref(sheet, r, cols[key]),
                    "Skriv datoen som dd-mm-åååå, fx 15-03-2018.",
                )
            )
    activities: dict[Month, frozenset[str]] = {}
    for c, month in months.items():
        words, unknown = _activities(cell(row, c), lookup)
        if words:
            activities[month] = words
        for part in unknown:
            shown = mask_cpr_text(part)[:40]
            problems.append(
                _problem(
                    "activity-word-unknown",
                    f"Aktiviteten '{shown}' ({month.label}, borgeren {mask_cpr(cpr)}) kendes "
                    "ikke og tæller ikke med.",
                    ref(sheet, r, c),
                    "Skriv en af: "
                    + ", ".join(sorted({w for w in lookup.values() if w}))
                    + " - eller 'ingen'.",
                )
            )
    return GroupCitizen(
        cpr, group, dates["visited"], dates["revisited"], dates["left"], activities, where
    )


def _merge(
    first: GroupCitizen,
    again: GroupCitizen,
    first_row: int,
    r: int,
    sheet: str,
    cols: Mapping[str, int],
    problems: list[Finding],
) -> GroupCitizen:
    """A citizen written twice: the first row's values win, blanks are filled from the
    second row; one problem names the months both rows fill."""
    both = sorted(set(first.activities) & set(again.activities))
    months = (
        f" Begge rækker har en aktivitet for {', '.join(m.label for m in both)}." if both else ""
    )
    problems.append(
        _problem(
            "activity-citizen-twice",
            f"Borgeren {mask_cpr(first.cpr)} står også i række {first_row + 1}.{months} "
            "Den første rækkes værdier tæller.",
            ref(sheet, r, cols["cpr"]),
            "Saml borgerens måneder i én række og slet den anden.",
        )
    )
    activities = {**again.activities, **first.activities}
    return GroupCitizen(
        first.cpr,
        first.start_group,
        first.visited or again.visited,
        first.revisited or again.revisited,
        first.left or again.left,
        activities,
        first.location,
    )


# ---------------------------------------------------------------- the blank register

TITLE = "Flere skal med - aktivitetsregister for indsatsgruppen (gruppe 1)"
HEADERS = (
    "CPR-nummer",
    "Gruppe ved startafklaring (1, 2 eller 3)",
    "Startafklaret (dato)",
    "Visiteret til gruppe 2 eller 3 (dato)",
    "Udtrådt af projektet (dato, fx fraflyttet)",
)
GUIDE = (
    "Én række pr. startafklaret borger og én kolonne pr. kalendermåned. Du kan indsætte rækker "
    "og kolonner og tilføje nye måneder til højre (fx 'jan 2019').",
    "I månedens celle skriver du borgerens aktivitet i måneden: {words}. Flere adskilles med "
    "komma. Tom celle eller 'ingen': ingen tællende aktivitet.",
    "Gruppe ved startafklaring: 1, 2 eller 3 (tom celle: 1). Borgere, der ved "
    "startafklaringen blev visiteret til gruppe 2 eller 3, tæller ikke med.",
    "Visiteret til gruppe 2 eller 3: datoen, hvis borgeren senere er visiteret fra gruppe 1. "
    "Borgeren tæller så kun med i måneder med tællende aktivitet.",
    "Udtrådt af projektet: datoen, hvis borgeren er udtrådt af andre årsager, fx fraflyttet "
    "kommunen (ikke ved job, uddannelse eller overgang til jobparat). Datoer: dd-mm-åååå.",
)
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def blank_sheet(
    name: str, title: str, guide: Sequence[str], labels: Sequence[str]
) -> tuple[Workbook, Any, int]:
    """A blank register's sheet: the title, the guide lines, and the header row (bold,
    shaded, wrapped) after a blank line; returns the workbook, the sheet and the header's
    row number."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = name
    set_text(ws.cell(row=1, column=1), title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for i, line in enumerate(guide, start=2):
        set_text(ws.cell(row=i, column=1), line)
    h = len(guide) + 3
    for c, label in enumerate(labels, start=1):
        target = ws.cell(row=h, column=c)
        set_text(target, label)
        target.font, target.fill = _BOLD, _HEAD_FILL
        target.alignment = Alignment(wrap_text=True, vertical="top")
    return wb, ws, h


def write_blank_register(
    path: Path,
    months: Sequence[Month],
    *,
    activity_words: Mapping[str, Iterable[str]] = ACTIVITY_WORDS,
    other_words: Sequence[str] = OTHER_WORDS,
    title: str = TITLE,
    rows: int = 500,
    force: bool = False,
) -> Path:
    """Write the blank register (title, Danish guide lines, header with one column per
    month in ``months``, drop-down lists) atomically to ``path``."""
    words = [w for w in activity_words if w in COUNTED_ACTIVITIES] or list(activity_words)
    words += [w for w in activity_words if w not in words]
    ordered = sorted(set(months))

    def write(tmp: Path) -> None:
        guide = [line.format(words=", ".join(words)) for line in GUIDE]
        labels = [*HEADERS, *(m.short for m in ordered)]
        wb, ws, h = blank_sheet("Aktivitetsregister", title, guide, labels)
        for c in range(1, len(labels) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14 if c > len(HEADERS) else 20
        first, last = h + 1, h + rows
        for r in range(first, last + 1):
            ws.cell(row=r, column=1).number_format = "@"
            for c in (3, 4, 5):
                ws.cell(row=r, column=c).number_format = "DD-MM-YYYY"
        group = DataValidation(type="list", formula1='"1,2,3"', allow_blank=True)
        group.add(f"B{first}:B{last}")
        ws.add_data_validation(group)
        choices = ",".join([*words, *other_words[:1]])
        if ordered and len(choices) < 250 and not any(ch in choices for ch in '"'):
            lst = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            lst.errorStyle = "warning"  # several words in one cell stay possible
            lst.error = "Skriv en af aktiviteterne fra listen (flere adskilles med komma)."
            a = get_column_letter(len(HEADERS) + 1)
            b = get_column_letter(len(HEADERS) + len(ordered))
            lst.add(f"{a}{first}:{b}{last}")
            ws.add_data_validation(lst)
        ws.freeze_panes = f"B{h + 1}"
        wb.save(tmp)

    return atomic_write(path, write, force=force)
