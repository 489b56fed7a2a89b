"""A pool's reports (``<pool>/reports.toml``), read once per pool: the status and final
reports' sections, the success criteria (with how each is shown and judged) and their
measuring points, the participation duties, and the reports' titles. A wrong structure
raises ``PoolError`` naming file and key (``hir-docs pools check`` parses it too)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.pools import Pool, PoolError, load_pool, read_toml

# When a duty takes place (``obligations``' ``window``): "quarter" = the calendar quarter
# holding the date fact ``by``; "third" = the ``third`` (1-3) of the period from the real
# start to the project end (hir-docs' assumption, said so in texts); "month" = the calendar
# month(s) ``month`` names ("2011-08", or "2017-08/2017-09" for a span: the sources give a
# month, not a day); "year" = the calendar year ``year`` (2018: "midtvejsevalueringen
# (2018)"); "period" (the default) = the project period.
WINDOW_KINDS = ("quarter", "third", "month", "year", "period")
# How often a duty recurs (``recurrence``): "quarter" = every quarter of the project period.
RECURRENCES = {"quarter": "kvartalsvis"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class DutyWindow:
    kind: str = "period"
    by: str | None = None  # "quarter": the pool fact of a day in the quarter
    third: int | None = None  # "third": 1, 2 or 3
    first: dt.date | None = None  # "month" and "year": the first day
    last: dt.date | None = None  # "month" and "year": the last day


@dataclass(frozen=True)
class DutySpec:
    """What a duty asks besides its label and window (``[[obligations]]``' optional keys):
    ``alternatives``: it is done by one of these ("enten den 9. juni i Østdanmark eller den
    13. juni i Vestdanmark"); ``recurrence``: it recurs ("quarter"); ``occasion``: which of
    ``count`` occasions a row is (a duty with ``count`` and ``occasions`` becomes one row per
    occasion, keys ``<key>_1`` ...); ``group``: the key as reports.toml writes it;
    ``source``: where the pool's documents state it."""

    alternatives: tuple[str, ...] = ()
    recurrence: str | None = None
    occasion: int | None = None
    count: int | None = None
    group: str = ""
    source: str = ""

    @property
    def how(self) -> str:
        """The duty's form in Danish, for a checklist: 'én af: A eller B', 'kvartalsvis',
        '2 af 3'."""
        parts = []
        if self.alternatives:
            parts.append("én af: " + " eller ".join(self.alternatives))
        if self.recurrence:
            parts.append(RECURRENCES[self.recurrence])
        if self.occasion and self.count:
            parts.append(f"{self.occasion} af {self.count}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ReportLayout:
    """A pool's reports (``<pool>/reports.toml``): the status and final reports' sections
    (key -> Danish heading) and which are required, the success criteria and their
    measuring points, the participation duties (key -> label, and when, in the sources'
    words)."""

    status_sections: dict[str, str]
    status_required: tuple[str, ...]
    final_sections: dict[str, str]
    final_required: tuple[str, ...]
    criteria: dict[str, str]
    measures: dict[str, str]
    obligations: dict[str, str]
    obligation_timing: dict[str, str]
    obligation_window: dict[str, DutyWindow] = field(default_factory=dict)
    # How each criterion is shown and judged (``criteria.items``' ``kind``): "share" = a
    # percentage judged against the application's target (at most its upper bound at the
    # end), "rising" = a count or score that should rise from start to end.
    criteria_kind: dict[str, str] = field(default_factory=dict)
    criteria_decimals: dict[str, int] = field(default_factory=dict)  # decimals shown/entered
    # What a criterion measures, as the final report explains it (``definition``; optional).
    criteria_definition: dict[str, str] = field(default_factory=dict)
    # The Projekt sheet's row with the application's target of a "share" criterion
    # (``target_label``; optional): its label.
    criteria_target_label: dict[str, str] = field(default_factory=dict)
    # What the final report's chart of a "share" criterion calls it (``chart_label``).
    criteria_chart_label: dict[str, str] = field(default_factory=dict)
    # The reports' titles (``[titles]``): status, part, final, final_full, accounts.
    titles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TITLES))
    # What a duty asks besides label and window (alternatives, recurrence, occasions, source).
    obligation_spec: dict[str, DutySpec] = field(default_factory=dict)

    def title(self, kind: str) -> str:
        """A report's title ("status", "part", "final", "final_full", "accounts")."""
        return self.titles[kind]


# The reports' titles when a pool's reports.toml does not name them (STAR's words).
DEFAULT_TITLES: dict[str, str] = {
    "status": "Statusrapport",
    "part": "Delregnskab",
    "final": "Slutrapport",
    "final_full": "Slutrapport (selvevaluering)",
    "accounts": "Endeligt regnskab",
}
CRITERION_KINDS = ("share", "rising")


def _pairs(data: Any, file: str, where: str, value: str) -> dict[str, str]:
    if not isinstance(data, list):
        raise PoolError(f"Puljefilen {file}: nøglen '{where}' skal være en liste.")
    out: dict[str, str] = {}
    for i, entry in enumerate(data):
        if not (isinstance(entry, dict) and set(entry) == {"key", value}):
            raise PoolError(
                f"Puljefilen {file}: nøglen '{where}[{i}]' skal have præcis 'key' og '{value}'."
            )
        out[str(entry["key"])] = str(entry[value])
    return out


def parse_reports(data: dict[str, Any], file: str) -> ReportLayout:
    """A parsed ``reports.toml``; a wrong structure raises ``PoolError`` naming file and key."""
    for key in data:
        if key not in ("status", "final", "criteria", "obligations", "titles"):
            raise PoolError(f"Puljefilen {file}: nøglen '{key}' kendes ikke (stavefejl?).")

    def sections(name: str) -> tuple[dict[str, str], tuple[str, ...]]:
        table = data.get(name, {})
        found = _pairs(table.get("sections", []), file, f"{name}.sections", "heading")
        required = tuple(table.get("required", ()))
        for key in required:
            if key not in found:
                raise PoolError(
                    f"Puljefilen {file}: '{name}.required' nævner '{key}', som ikke er et afsnit."
                )
        return found, required

    status, status_required = sections("status")
    final, final_required = sections("final")
    criteria = data.get("criteria", {})
    obligations: dict[str, str] = {}
    timing: dict[str, str] = {}
    windows: dict[str, DutyWindow] = {}
    specs: dict[str, DutySpec] = {}
    for i, entry in enumerate(data.get("obligations", [])):
        where = f"obligations[{i}]"
        if not (isinstance(entry, dict) and {"key", "label", "timing"} <= set(entry) <= _DUTY):
            raise PoolError(
                f"Puljefilen {file}: nøglen '{where}' skal have 'key', 'label' og "
                "'timing' (og evt. " + ", ".join(f"'{k}'" for k in sorted(_DUTY_OPTIONAL)) + ")."
            )
        window = _window(entry, file, where)
        for key, label, spec in _duty_rows(entry, file, where):
            if key in obligations:
                raise PoolError(
                    f"Puljefilen {file}: nøglen '{where}.key' ('{key}') findes to gange."
                )
            obligations[key] = label
            timing[key] = entry["timing"]
            windows[key] = window
            specs[key] = spec
    items, kinds, decimals, definitions, targets, charts = _criteria(
        criteria.get("items", []), file
    )
    return ReportLayout(
        status,
        status_required,
        final,
        final_required,
        items,
        _pairs(criteria.get("measures", []), file, "criteria.measures", "label"),
        obligations,
        timing,
        windows,
        kinds,
        decimals,
        definitions,
        targets,
        charts,
        _titles(data.get("titles", {}), file),
        specs,
    )


_DUTY_OPTIONAL = {
    "window", "by", "third", "month", "year", "alternatives", "recurrence", "count",
    "occasions", "source",
}  # fmt: skip
_DUTY = {"key", "label", "timing", *_DUTY_OPTIONAL}


def _duty_rows(entry: dict[str, Any], file: str, where: str) -> list[tuple[str, str, DutySpec]]:
    """One duty of reports.toml as rows (key, label, spec): one row, or one per occasion
    of a duty with ``count`` ("opstarts-, midtvejs- og afslutningsseminarer": count = 3,
    occasions = ["opstart", "midtvejs", "afslutning"])."""

    def fail(key: str, problem: str) -> PoolError:
        return PoolError(f"Puljefilen {file}: nøglen '{where}.{key}' {problem}.")

    for key in ("key", "label", "timing"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise fail(key, "skal være en tekst")
    alternatives = entry.get("alternatives", [])
    if not (isinstance(alternatives, list) and all(isinstance(a, str) for a in alternatives)):
        raise fail("alternatives", "skal være en liste af tekster")
    if len(alternatives) == 1:
        raise fail("alternatives", "skal nævne mindst to muligheder")
    recurrence = entry.get("recurrence")
    if recurrence is not None and recurrence not in RECURRENCES:
        raise fail("recurrence", "skal være " + " eller ".join(f'"{r}"' for r in RECURRENCES))
    source = entry.get("source", "")
    if not isinstance(source, str):
        raise fail("source", "skal være en tekst")
    count, occasions = entry.get("count"), entry.get("occasions")
    if (count is None) != (occasions is None):
        raise fail(
            "occasions" if count is not None else "count",
            "mangler ('count' og 'occasions' hører sammen)",
        )
    base = DutySpec(tuple(alternatives), recurrence, group=entry["key"], source=source)
    if count is None:
        return [(entry["key"], entry["label"], base)]
    if isinstance(count, bool) or not isinstance(count, int) or count < 2:
        raise fail("count", "skal være et helt tal, mindst 2")
    if not (
        isinstance(occasions, list) and all(isinstance(o, str) and o.strip() for o in occasions)
    ):
        raise fail("occasions", "skal være en liste af tekster")
    if len(occasions) != count:
        raise fail("occasions", f"skal nævne {count} gange (count), ikke {len(occasions)}")
    return [
        (
            f"{entry['key']}_{n}",
            f"{entry['label']}: {occasion}",
            DutySpec(base.alternatives, recurrence, n, count, entry["key"], source),
        )
        for n, occasion in enumerate(occasions, start=1)
    ]


def _month_span(value: Any, file: str, where: str) -> tuple[dt.date, dt.date]:
    """ "2011-08" -> (1 August 2011, 31 August 2011); "2017-08/2017-09" -> a span."""
    parts = value.split("/") if isinstance(value, str) else []
    matches = [_MONTH.match(p.strip()) for p in parts]
    if not 1 <= len(parts) <= 2 or not all(m and 1 <= int(m.group(2)) <= 12 for m in matches):
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.month' skal være \"ÅÅÅÅ-MM\" eller "
            '"ÅÅÅÅ-MM/ÅÅÅÅ-MM".'
        )
    (y1, m1), (y2, m2) = [(int(m.group(1)), int(m.group(2))) for m in (matches[0], matches[-1])]  # type: ignore[union-attr]
    first, last = dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    if last < first:
        raise PoolError(f"Puljefilen {file}: nøglen '{where}.month' slutter før den begynder.")
    return first, last


_Texts = dict[str, str]


def _criteria(
    data: Any, file: str
) -> tuple[_Texts, _Texts, dict[str, int], _Texts, _Texts, _Texts]:
    """``criteria.items``: key, label, and optionally kind ("share" | "rising", default
    "rising"), decimals (default 1), definition (what the final report says it measures)
    target_label (the Projekt sheet's row with the application's target) and chart_label
    (the final report's chart of a share)."""
    if not isinstance(data, list):
        raise PoolError(f"Puljefilen {file}: nøglen 'criteria.items' skal være en liste.")
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    decimals: dict[str, int] = {}
    definitions: dict[str, str] = {}
    targets: dict[str, str] = {}
    charts: dict[str, str] = {}
    optional = {"kind", "decimals", "definition", "target_label", "chart_label"}
    for i, entry in enumerate(data):
        where = f"criteria.items[{i}]"
        if not (
            isinstance(entry, dict)
            and {"key", "label"} <= set(entry) <= {"key", "label", *optional}
        ):
            raise PoolError(
                f"Puljefilen {file}: nøglen '{where}' skal have 'key' og 'label' "
                "(og evt. 'kind', 'decimals', 'definition', 'target_label' og 'chart_label')."
            )
        key = str(entry["key"])
        labels[key] = str(entry["label"])
        kinds[key] = entry.get("kind", "rising")
        if kinds[key] not in CRITERION_KINDS:
            raise PoolError(
                f'Puljefilen {file}: nøglen \'{where}.kind\' skal være "share" eller "rising".'
            )
        places = entry.get("decimals", 1)
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 3:
            raise PoolError(
                f"Puljefilen {file}: nøglen '{where}.decimals' skal være et helt tal 0-3."
            )
        decimals[key] = places
        texts = (("definition", definitions), ("target_label", targets), ("chart_label", charts))
        for name, found in texts:
            if name in entry:
                if not isinstance(entry[name], str) or not entry[name].strip():
                    raise PoolError(
                        f"Puljefilen {file}: nøglen '{where}.{name}' skal være en tekst."
                    )
                found[key] = entry[name]
    return labels, kinds, decimals, definitions, targets, charts


def _window(entry: dict[str, Any], file: str, where: str) -> DutyWindow:
    kind = entry.get("window", "period")
    if kind not in WINDOW_KINDS:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.window' skal være "
            + " eller ".join(f'"{k}"' for k in WINDOW_KINDS)
            + "."
        )
    by, third = entry.get("by"), entry.get("third")
    month, year = entry.get("month"), entry.get("year")
    if kind == "month" and month is None:
        raise PoolError(f"Puljefilen {file}: nøglen '{where}.month' mangler (\"ÅÅÅÅ-MM\").")
    if kind != "month" and month is not None:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.month' hører kun til window = \"month\"."
        )
    if kind == "year" and (isinstance(year, bool) or not isinstance(year, int)):
        raise PoolError(f"Puljefilen {file}: nøglen '{where}.year' skal være et årstal.")
    if kind != "year" and year is not None:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.year' hører kun til window = \"year\"."
        )
    if kind == "quarter" and not (isinstance(by, str) and by):
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.by' mangler: et kvartal nævner den dato-værdi "
            "(facts), det ligger omkring."
        )
    if kind == "third" and (isinstance(third, bool) or third not in (1, 2, 3)):
        raise PoolError(f"Puljefilen {file}: nøglen '{where}.third' skal være 1, 2 eller 3.")
    if kind != "quarter" and by is not None:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.by' hører kun til window = \"quarter\"."
        )
    if kind != "third" and third is not None:
        raise PoolError(
            f"Puljefilen {file}: nøglen '{where}.third' hører kun til window = \"third\"."
        )
    if kind == "month":
        return DutyWindow(kind, first=(span := _month_span(month, file, where))[0], last=span[1])
    if kind == "year" and isinstance(year, int):
        return DutyWindow(kind, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31))
    return DutyWindow(kind, by, third)


def reports_problems(folder: Path, pool: Pool) -> list[str]:
    """What is wrong with the pool's ``reports.toml``: its structure (sections, criteria,
    duties), then every duty's ``by`` naming a date fact of the pool (unknown is allowed:
    the duty's window is then the project period)."""
    path = folder / "reports.toml"
    if not path.exists():
        return [f"Puljemappen {folder} har ingen rapporter (reports.toml)."]
    try:
        layout = parse_reports(read_toml(path), str(path))
    except PoolError as exc:
        return [str(exc)]  # its structure: sections, criteria, duties
    found = []
    for key, window in layout.obligation_window.items():
        if window.by is not None and window.by not in pool.facts:
            found.append(
                f"Puljefilen {path}: pligten '{key}' nævner værdien '{window.by}' (by), "
                "som ikke findes i pool.toml."
            )
    return found


def _titles(data: Any, file: str) -> dict[str, str]:
    """``[titles]``: the reports' titles (any not given: STAR's words, ``DEFAULT_TITLES``)."""
    if not isinstance(data, dict):
        raise PoolError(f"Puljefilen {file}: nøglen 'titles' skal være en tabel.")
    titles = dict(DEFAULT_TITLES)
    for key, value in data.items():
        if key not in DEFAULT_TITLES:
            raise PoolError(f"Puljefilen {file}: nøglen 'titles.{key}' kendes ikke (stavefejl?).")
        if not isinstance(value, str) or not value.strip():
            raise PoolError(f"Puljefilen {file}: nøglen 'titles.{key}' skal være en tekst.")
        titles[key] = value
    return titles


_REPORT_LAYOUTS: dict[tuple[str, Path | None], ReportLayout] = {}


def report_layout(pool: Pool | None = None) -> ReportLayout:
    """The reports of ``pool`` (default: the default pool), read once per pool."""
    pool = pool or load_pool()
    key = (pool.id, pool.folder)
    if key not in _REPORT_LAYOUTS:
        if pool.folder is None:
            raise PoolError(f"Puljen {pool.id} har ingen mappe med reports.toml.")
        path = pool.folder / "reports.toml"
        _REPORT_LAYOUTS[key] = parse_reports(read_toml(path), str(path))
    return _REPORT_LAYOUTS[key]
