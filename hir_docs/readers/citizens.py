"""Readers of the two citizen sheets: "Skema til fraflyttede borgere" (kind
``relocated``) and the caseload registrations (kind ``registrations``).

Both are read with python-calamine (50.000+ rows in well under a second), the header
row is searched near the top and columns are matched by name with synonyms, so a
municipality's own layout works. Nothing is judged here; the rules in
``hir_docs.rules.citizens``, ``hir_docs.rules.registrations``,
``hir_docs.rules.registration_history`` and (both sheets of a submission together)
``hir_docs.rules.citizen_cross`` do that.
Full CPR numbers stay in the model; ``fields`` only hold counts and masked data.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from hir_docs.files import sheetcache
from hir_docs.findings import DocKind, Finding
from hir_docs.formatting import mask_cpr_text
from hir_docs.kommuner import find_kommune
from hir_docs.labels import CACHED_CHARS, normalise_short
from hir_docs.model import Registration, RelocatedRow
from hir_docs.model.caseload import (
    caseload_snapshots,
    caseworker_changes,
    fictitious_keys,
)
from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet, SheetLayout
from hir_docs.pools import Pool, load_pool, pool_ids
from hir_docs.readers.base import FormReader, Probe, ReadResult
from hir_docs.readers.citizen_table import (
    HEADER_SCAN_ROWS,
    MAX_HEADER_CHARS,
    SheetTables,
    Table,
    clean_cpr,
    clean_text,
    column_letter,
    find_header,
    find_labelled_value,
    is_blank,
    layout_for,
    match_normalised,
    municipality_from_email,
    sheet_tables,
    synonyms,
)
from hir_docs.rules import Context, Rule
from hir_docs.rules.citizens import RELOCATED_NO_HEADER
from hir_docs.rules.registrations import REGISTRATIONS_NO_HEADER
from hir_docs.values import MAX_NUMBER, parse_date, parse_number

T = TypeVar("T")

# ---------------------------------------------------------------- classification


# Both detectors look at the same probe, one after the other: its texts are matched
# against both tables at once. Only the keys found are kept for the probe, for the other
# detector, while it asks about the same probe with the same texts.
# The tables are the default pool's (detection runs before a pool is chosen); a pool
# whose module sheets are headed otherwise is read by its own (``sheet_tables(pool)``).
_RELOCATED, _REGISTRATIONS = 0, 1
_probe_keys: tuple[weakref.ref[Probe], int, int, tuple[set[str], ...]] | None = None


def _detect_tables() -> SheetTables:
    """The default pool's tables, else those of the first pool that has some."""
    found = sheet_tables()
    for pool_id in pool_ids() if not found.relocated else ():
        found = sheet_tables(load_pool(pool_id))
        if found.relocated:
            break
    return found


def _keys_in(probe: Probe, which: int) -> set[str]:
    global _probe_keys
    texts = probe.texts
    kept = _probe_keys
    if kept is None or kept[0]() is not probe or kept[1:3] != (id(texts), len(texts)):
        detect = _detect_tables()
        tables = (synonyms(detect.relocated), synonyms(detect.registrations))
        found = (set[str](), set[str]())
        for text in set(texts):  # a text repeated on many rows is matched once
            # No match is remembered from one check to the next: a probe's texts are
            # cells of the file (a CPR number among them).
            hits = _hits(text, tables)
            if hits[0]:
                found[0].add(hits[0])
            if hits[1]:
                found[1].add(hits[1])
        kept = _probe_keys = (weakref.ref(probe), id(texts), len(texts), found)
    return set(kept[3][which])


# A header names a column in at most MAX_HEADER_CHARS characters (``match_normalised``).
# A probe text is normalised already, and normalising it again shortens it at most to a
# third (Hangul jamo composing into a syllable; nothing else is left to merge): a text
# over three times that long names no column, and is not normalised again to say so.
_NO_HEADER_CHARS = 3 * MAX_HEADER_CHARS
assert _NO_HEADER_CHARS <= CACHED_CHARS  # what is looked at is remembered normalised


def _hits(text: str, tables: tuple[Any, Any]) -> tuple[str | None, str | None]:
    """The column keys ``text`` (a probe's normalised text) names in the relocated and
    the registrations table."""
    if len(text) > _NO_HEADER_CHARS:
        return None, None
    t = normalise_short(text)  # a str, and short: no longer than _NO_HEADER_CHARS
    relocated, registrations = match_normalised(t, tables[0]), match_normalised(t, tables[1])
    return relocated[0] if relocated else None, registrations[0] if registrations else None


def detect_relocated(probe: Probe) -> int:
    keys = _keys_in(probe, _RELOCATED)
    if "cpr" not in keys or len(keys) < 3:
        return 0
    moved = any("fraflyt" in t or "tilflyt" in t for t in probe.texts)
    if not moved and "destination" not in keys:
        return 0
    return 10 + len(keys)


def detect_registrations(probe: Probe) -> int:
    keys = _keys_in(probe, _REGISTRATIONS)
    if not {"caseworker", "start"} <= keys or not keys & {"cpr", "citizen"}:
        return 0
    titled = any("registreringsskema" in t or "sagsstamme" in t for t in probe.texts)
    if "hours" not in keys and not titled:
        return 0
    return 10 + len(keys) + (2 if titled else 0)


# ---------------------------------------------------------------- table loading


def _load_table(path: Path, columns: dict[str, list[str]]) -> Table:
    """The sheet whose header names most columns; all its rows (calamine)."""
    best: tuple[str, tuple[int, dict[str, int], dict[str, str]]] | None = None
    names = sheetcache.sheet_names(path)
    for name in names:
        head = sheetcache.sheet(path, name).to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
        header = find_header(head, columns)
        if header and (best is None or len(header[1]) > len(best[1][1])):
            best = (name, header)
    if best is None:
        first = names[0] if names else ""
        return Table(first, [], None)
    name, header = best
    rows = sheetcache.sheet(path, name).to_python(skip_empty_area=False)
    return Table(name, rows, header)


def _jobcenter(
    table: Table, header: int, labels: set[str]
) -> tuple[str | None, str | None, str | None]:
    """(jobcenter or municipality as written, its cell, municipality code) from the
    'Jobcenter:' field above the table."""
    field = find_labelled_value(table.rows, labels, header, table.sheet)
    if field is None:
        return None, None, None
    kommune = find_kommune(field[0]) if field[0] else None
    return field[0] or None, field[1], kommune.code if kommune else None


def _missing_columns(
    layout: SheetLayout, required: dict[str, tuple[str, Rule]], file: str
) -> list[Finding]:
    out = []
    present = set(layout.columns)
    if "cpr" in present:
        present.add("citizen")  # registrations: the citizen may be given by CPR number
    for key, (label, rule) in required.items():
        if key not in present:
            out.append(
                rule.finding(
                    f"Kolonnen '{label}' mangler i arket '{layout.sheet}' (overskrifterne står i række {layout.header_row}).",
                    file=file,
                    field=key,
                    location=f"{layout.sheet}!A{layout.header_row}",
                    hint=f"Tilføj kolonnen '{label}' i overskriftsrækken (brug det officielle skema).",
                )
            )
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are built.

    Tens of thousands of new row objects trigger collection after collection (over half
    the reading time of a 50.000-row sheet); rows hold no reference cycles, so nothing
    is lost by collecting once afterwards instead.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _data_rows(
    data: list[list[Any]], header: int, cols: dict[str, int], keys: tuple[str, ...]
) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """(1-based row number, values of ``keys``) for every non-blank row below the header.

    A key without a column reads as None (from a padding cell).
    """
    pad = max(cols.values()) + 1
    getter = itemgetter(*[cols.get(k, pad) for k in keys])
    width = pad + 1 if any(k not in cols for k in keys) else pad
    body = data[header + 1 :]
    if body and min(map(len, body)) < width:
        filler: list[Any] = [None] * width
        body = [row if len(row) >= width else [*row, *filler[: width - len(row)]] for row in body]
    # The first key the sheet has a column for: a text there decides most rows fast.
    lead = next((i for i, k in enumerate(keys) if k in cols), 0)
    leads = list(map(itemgetter(cols.get(keys[lead], pad)), body))
    if set(map(type, leads)) <= {str} and all(map(str.strip, leads)):
        # Every row has a text in its first column (a filled-in sheet): no row is blank,
        # and the rows are picked by C-level iterators, not a generator step per row.
        return zip(range(header + 2, header + 2 + len(body)), map(getter, body), strict=True)
    return _filled(body, header, getter, lead)


def _filled(
    body: list[list[Any]], header: int, getter: itemgetter[Any], lead: int
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``_data_rows`` of a sheet with blank rows: each row is judged by its values."""
    for n, row in enumerate(body, header + 2):
        values = getter(row)
        first = values[lead]
        filled = first.__class__ is str and first.strip()  # the common case, decided fast
        if filled or (any(values) and not all(is_blank(v) for v in values)):
            yield n, values


# ---------------------------------------------------------------- relocated


def _read(path: Path, read: Callable[[Path], T]) -> T:
    """``read(path)`` with the garbage collector paused, releasing the cached sheets."""
    try:
        with _gc_paused():
            return read(path)
    finally:
        sheetcache.release(path)


def read_relocated(path: Path, pool: Pool | None = None) -> RelocatedSheet:
    """Read a relocated-citizens sheet into a ``RelocatedSheet`` (full CPR in memory), by
    the headers of ``pool``'s tables (default: the default pool's)."""
    return _read(path, partial(_read_relocated, tables=sheet_tables(pool)))


def _read_relocated(path: Path, tables: SheetTables) -> RelocatedSheet:
    table = _load_table(path, tables.relocated)
    if table.header is None:
        return RelocatedSheet(SheetLayout(sheet=table.sheet))
    layout = layout_for(table.sheet, table.header)
    h, cols, _ = table.header
    model = RelocatedSheet(layout)
    model.jobcenter, model.jobcenter_location, model.municipality_code = _jobcenter(
        table, h, tables.municipality_labels
    )
    # 'Fraflyttede!A' + the row number: the location of each row.
    prefix = f"{table.sheet}!{column_letter(min(cols.values()))}"
    append, date = model.rows.append, dt.date
    keys = ("cpr", "name", "caseworker", "email", "start", "end", "destination")
    start: dt.date | None
    raw_start: Any
    end: dt.date | None
    raw_end: Any
    cpr: str | None
    for n, (v_cpr, v_name, v_cw, v_mail, v_start, v_end, v_dest) in _data_rows(
        table.rows, h, cols, keys
    ):
        if v_start.__class__ is date:
            start, raw_start = v_start, v_start
        else:
            start, raw_start = parse_date(v_start), None if is_blank(v_start) else v_start
        if v_end.__class__ is date:
            end, raw_end = v_end, v_end
        else:
            end, raw_end = parse_date(v_end), None if is_blank(v_end) else v_end
        # clean_cpr's common case inline: 'DDMMYY-LLLL' -> the ten digits.
        if v_cpr.__class__ is str and len(v_cpr) == 11 and v_cpr[6] == "-":
            cpr = v_cpr[:6] + v_cpr[7:]
            if not cpr.isdigit():
                cpr = clean_cpr(v_cpr)
        else:
            cpr = clean_cpr(v_cpr)
        append(
            RelocatedRow(
                cpr,
                (v_name.strip() or None) if v_name.__class__ is str else clean_text(v_name),
                (v_cw.strip() or None) if v_cw.__class__ is str else clean_text(v_cw),
                (v_mail.strip() or None) if v_mail.__class__ is str else clean_text(v_mail),
                start,
                end,
                (v_dest.strip() or None) if v_dest.__class__ is str else clean_text(v_dest),
                n,
                f"{prefix}{n}",
                raw_start,
                raw_end,
            )
        )
    return model


def _masked(text: str | None) -> str | None:
    """Sheet text for ``fields`` (JSON, bulk): any CPR-like number masked."""
    return mask_cpr_text(text.strip()) if text else None


def relocated_fields(model: RelocatedSheet) -> dict[str, Any]:
    return {
        "jobcenter": _masked(model.jobcenter),
        "municipality_code": model.municipality_code,
        "rows": len(model.rows),
        "citizens": len({r.cpr for r in model.rows if r.cpr}),
        "sheet": model.layout.sheet or None,
    }


def _header_findings(
    layout: SheetLayout,
    file: str,
    no_header: tuple[Rule, str, str],
    required: dict[str, tuple[str, Rule]],
) -> list[Finding]:
    """No header row: one finding (rule, message, hint); else one per missing column."""
    if layout.header_row is None:
        rule, message, hint = no_header
        return [rule.finding(message, file=file, hint=hint)]
    return _missing_columns(layout, required, file)


def _read_relocated_kind(path: Path, ctx: Context) -> ReadResult:
    model = read_relocated(path, ctx.pool)
    findings = _header_findings(
        model.layout,
        ctx.file,
        (
            RELOCATED_NO_HEADER,
            "Overskriftsrækken med CPR-nummer, navn, sagsbehandler, datoer og "
            "tilflytningskommune blev ikke fundet.",
            "Brug det officielle skema til fraflyttede borgere, og behold overskrifterne.",
        ),
        sheet_tables(ctx.pool).required_relocated,
    )
    return ReadResult(model, relocated_fields(model), findings)


# ---------------------------------------------------------------- registrations


def read_registration_sheet(
    path: Path, *, pool: Pool | None = None, dates: Sequence[Any] | None = None
) -> RegistrationSheet:
    """Read a registration sheet with its caseload snapshots (``dates`` or month ends)."""
    pool = pool or load_pool()
    model = _read(path, partial(_read_registrations, pool=pool))
    keys, citizens = model.caseworker_keys(), model.citizen_keys()
    model.snapshots = caseload_snapshots(
        model.rows, list(dates) if dates else None, pool, keys=keys, citizens=citizens
    )
    model.snapshot_dates = sorted({p.date for p in model.snapshots})
    model.changes = caseworker_changes(model.rows, pool, keys=keys, citizens=citizens)
    return model


def read_registrations(path: Path) -> list[Registration]:
    """The rows of a registration sheet (full CPR/name in ``citizen``, in memory only)."""
    return _read(path, partial(_read_registrations, pool=load_pool())).rows


def _read_registrations(path: Path, pool: Pool) -> RegistrationSheet:
    tables = sheet_tables(pool)
    table = _load_table(path, tables.registrations)
    if table.header is None:
        return RegistrationSheet(SheetLayout(sheet=table.sheet))
    layout = layout_for(table.sheet, table.header)
    h, cols, _ = table.header
    model = RegistrationSheet(layout)
    prefix = f"{table.sheet}!{column_letter(min(cols.values()))}"
    keys = ("cpr", "citizen", "caseworker", "email", "hours", "start", "end")
    append, date = model.rows.append, dt.date
    start: dt.date | None
    raw_start: Any
    end: dt.date | None
    raw_end: Any
    citizen: str | None
    for n, (v_cpr, v_cit, v_cw, v_mail, v_hours, v_start, v_end) in _data_rows(
        table.rows, h, cols, keys
    ):
        # Fast paths for what calamine gives a filled-in sheet (a date cell, a number of
        # hours, an empty end date); anything else is parsed as before.
        if v_start.__class__ is date:
            start, raw_start = v_start, v_start
        else:
            start, raw_start = parse_date(v_start), None if is_blank(v_start) else v_start
        if v_end.__class__ is date:
            end, raw_end = v_end, v_end
        elif v_end is None or v_end == "":
            end = raw_end = None
        else:
            end, raw_end = parse_date(v_end), None if is_blank(v_end) else v_end
        # The CPR column when it has a number, else the citizen column, whose common
        # 'DDMMYY-LLLL' (clean_cpr's first case) is taken inline.
        citizen = None if v_cpr is None else clean_cpr(v_cpr)
        if not citizen:
            if (
                v_cit.__class__ is str
                and len(v_cit) == 11
                and v_cit[6] == "-"
                and (digits := v_cit[:6] + v_cit[7:]).isdigit()
            ):
                citizen = digits
            else:
                citizen = clean_cpr(v_cit)
        append(
            Registration(
                citizen,
                (v_cw.strip() or None) if v_cw.__class__ is str else clean_text(v_cw),
                (v_mail.strip() or None) if v_mail.__class__ is str else clean_text(v_mail),
                v_hours
                if v_hours.__class__ is float and -MAX_NUMBER < v_hours < MAX_NUMBER
                else parse_number(v_hours),
                start,
                end,
                n,
                f"{prefix}{n}",
                raw_start,
                raw_end,
            )
        )
    model.municipality, _, model.municipality_code = _jobcenter(
        table, h, tables.municipality_labels
    )
    if model.municipality_code is None:
        fictitious = fictitious_keys(pool)
        model.municipality_code = municipality_from_email(
            [
                r.email
                for r, key in zip(model.rows, model.caseworker_keys(), strict=True)
                if key not in fictitious
            ]
        )
    return model


def registration_fields(model: RegistrationSheet, pool: Pool) -> dict[str, Any]:
    fictitious = fictitious_keys(pool)
    caseworkers: dict[str, str] = {}
    for r, key in zip(model.rows, model.caseworker_keys(), strict=True):
        if key and key not in caseworkers and key not in fictitious:
            caseworkers[key] = _masked(r.caseworker) or ""
    return {
        "jobcenter": _masked(model.municipality),
        "municipality_code": model.municipality_code,
        "rows": len(model.rows),
        "citizens": len({r.citizen for r in model.rows if r.citizen}),
        "caseworkers": sorted(caseworkers.values()),
        "snapshot_dates": [d.isoformat() for d in model.snapshot_dates],
        "caseload": [p.to_dict() for p in model.snapshots],
        "caseworker_changes": _changes_fields(model),
    }


def _changes_fields(model: RegistrationSheet) -> dict[str, Any]:
    """Caseworker changes per citizen (citizens shown masked), most changes first."""
    changed = sorted((c for c in model.changes if c.changes), key=lambda c: -c.changes)
    return {
        "citizens_changed": len(changed),
        "citizens_above_one": sum(1 for c in changed if c.changes > 1),
        "per_citizen": [{"citizen": _masked(c.citizen), "changes": c.changes} for c in changed],
    }


def _read_registrations_kind(path: Path, ctx: Context) -> ReadResult:
    model = read_registration_sheet(path, pool=ctx.pool, dates=ctx.options.snapshot_dates)
    findings = _header_findings(
        model.layout,
        ctx.file,
        (
            REGISTRATIONS_NO_HEADER,
            "Overskriftsrækken (Borger, Sagsbehandler, E-mail, Timer pr. uge, Dato start, "
            "Dato slut) blev ikke fundet.",
            ctx.pool.text("registrations_no_header_hint"),
        ),
        sheet_tables(ctx.pool).required_registrations,
    )
    return ReadResult(model, registration_fields(model, ctx.pool), findings)


RELOCATED_READER = FormReader(DocKind.RELOCATED, (".xlsx",), detect_relocated, _read_relocated_kind)
REGISTRATIONS_READER = FormReader(
    DocKind.REGISTRATIONS, (".xlsx",), detect_registrations, _read_registrations_kind
)
