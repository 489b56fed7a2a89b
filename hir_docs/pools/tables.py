"""The tables a pool folder may hold besides its facts and texts (checked by ``pools check``).

``tables.toml`` (a pool with the plug-in "caseload"): the column headers of the module's
two sheets, read by ``readers/citizen_table.py``. ``budget.toml`` (optional): the pool's own
budget labels, extending STAR's (``_star/budget.toml``, ``[aliases.*]``), read by
``readers/budget_labels.py``. Problems are Danish sentences naming file and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hir_docs.pools import Pool, PoolError, check_aliases, read_toml

TABLES_FILE = "tables.toml"
BUDGET_FILE = "budget.toml"
SHEET_TABLES = ("relocated", "registrations")
COLUMN_LEVELS = ("missing", "recommended")


def _texts_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def tables_problems(data: dict[str, Any], file: str) -> list[str]:
    """The structure of a ``tables.toml`` (empty: it can be used)."""
    problems = [
        f"Puljefilen {file}: nøglen '{key}' kendes ikke (stavefejl?)."
        for key in data
        if key not in (*SHEET_TABLES, "municipality_labels")
    ]
    if not _texts_list(data.get("municipality_labels")):
        problems.append(
            f"Puljefilen {file}: nøglen 'municipality_labels' skal være en liste af tekster."
        )
    for sheet in SHEET_TABLES:
        table = data.get(sheet)
        if not isinstance(table, dict):
            problems.append(f"Puljefilen {file}: tabellen '[{sheet}]' mangler.")
            continue
        columns, required = table.get("columns"), table.get("required")
        if not isinstance(columns, dict) or not isinstance(required, dict):
            problems.append(
                f"Puljefilen {file}: '[{sheet}.columns]' og '[{sheet}.required]' skal begge findes."
            )
            continue
        for key, value in columns.items():
            if not _texts_list(value):
                problems.append(
                    f"Puljefilen {file}: nøglen '{sheet}.columns.{key}' skal være en liste af "
                    "tekster."
                )
        for key, value in required.items():
            if key not in columns:
                problems.append(
                    f"Puljefilen {file}: nøglen '{sheet}.required.{key}' nævner ingen kolonne i "
                    f"'{sheet}.columns'."
                )
            elif not (
                isinstance(value, list)
                and len(value) == 2
                and isinstance(value[0], str)
                and value[1] in COLUMN_LEVELS
            ):
                problems.append(
                    f"Puljefilen {file}: nøglen '{sheet}.required.{key}' skal være "
                    '[overskrift, "missing" | "recommended"].'
                )
    return problems


def table_file_problems(folder: Path, pool: Pool) -> list[str]:
    """``tables.toml`` of a pool with the plug-in "caseload", and ``budget.toml`` if any."""
    found: list[str] = []
    if "caseload" in pool.plugins:
        path = folder / TABLES_FILE
        if not path.exists():
            found.append(f"Puljemappen {folder}: {TABLES_FILE} mangler (plug-in'en caseload).")
        else:
            try:
                found += tables_problems(read_toml(path), str(path))
            except PoolError as exc:
                found.append(str(exc))
    path = folder / BUDGET_FILE
    if path.exists():
        try:
            data = read_toml(path)
            found += [
                f"Puljefilen {path}: nøglen '{key}' kendes ikke (kun '[aliases.*]')."
                for key in data
                if key != "aliases"
            ]
            check_aliases(data.get("aliases", {}), str(path))
        except PoolError as exc:
            found.append(str(exc))
    return found


def sheet_headers(pool: Pool, sheet: str) -> dict[str, str]:
    """A module sheet's columns as the blank form writes them (``sheet``: "relocated" or
    "registrations"): key -> the header of each required column, in the order of the
    pool's ``tables.toml`` columns. Empty for a pool without the file."""
    path = pool.folder / TABLES_FILE if pool.folder else None
    if path is None or not path.is_file():
        return {}
    data = read_toml(path)
    problems = tables_problems(data, str(path))
    if problems:
        raise PoolError(problems[0])
    required = data[sheet]["required"]
    return {key: required[key][0] for key in data[sheet]["columns"] if key in required}
