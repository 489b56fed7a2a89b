"""A pool's reports (``<pool>/reports.toml``), read once per pool: the status and final
reports' sections, the success criteria (with how each is shown and judged) and their
measuring points, the participation duties, and the reports' titles. A wrong structure
raises ``PoolError`` naming file and key (``hir-docs pools check`` parses it too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hir_docs.pools import Pool, PoolError, load_pool, read_toml

# When a duty takes place (``obligations``' ``window``): "quarter" = the calendar quarter
# holding the date fact ``by``; "third" = the ``third`` (1-3) of the period from the real
# start to the project end (hir-docs' assumption, said so in texts); "period" (the
# default) = the project period.
WINDOW_KINDS = ("quarter", "third", "period")


@dataclass(frozen=True)
class DutyWindow:
    kind: str = "period"
    by: str | None = None  # "quarter": the pool fact of a day in the quarter
    third: int | None = None  # "third": 1, 2 or 3


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
    for i, entry in enumerate(data.get("obligations", [])):
        if not (
            isinstance(entry, dict)
            and {"key", "label", "timing"}
            <= set(entry)
            <= {"key", "label", "timing", "window", "by", "third"}
        ):
            raise PoolError(
                f"Puljefilen {file}: nøglen 'obligations[{i}]' skal have 'key', 'label' og "
                "'timing' (og evt. 'window', 'by' og 'third')."
            )
        obligations[entry["key"]] = entry["label"]
        timing[entry["key"]] = entry["timing"]
        windows[entry["key"]] = _window(entry, file, f"obligations[{i}]")
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
    )


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
