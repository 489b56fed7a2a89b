"""What the front ends show: a Report, the rule catalogue and a bulk result as text for
people (Danish) or JSON for programs. Shared by the command line and the web app."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hir_docs.findings import KIND_DA, SEVERITY_DA, SEVERITY_RANK, Finding, Report, Severity
from hir_docs.formatting import dato, kr, scrub_cpr
from hir_docs.kommuner import find_kommune
from hir_docs.pools import Pool, PoolError, load_pool
from hir_docs.rules import Rule
from hir_docs.rules.annotate import ANNOTATED_COPY_SKIPPED
from hir_docs.rules.application import SUBMITTED_LATE

if TYPE_CHECKING:  # the bulk and follow-up models load only when they are shown
    from hir_docs.bulk.model import BulkResult, Group
    from hir_docs.followup.model import FollowupResult


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report_json(report: Report, annotated: Iterable[Path] | None = None) -> str:
    """The report as JSON; with ``annotated`` (the annotated copies written) also
    ``"annotated"``: their paths."""
    data = report.to_dict()
    if annotated is not None:
        data["annotated"] = [str(p) for p in annotated]
    return masked_json(data)


def masked_json(data: Any, *, compact: bool = False) -> str:
    """``data`` as JSON (indented, or on one line when ``compact``) with every CPR-like
    number masked: the one way our JSON outputs leave (check, bulk, follow-up, the web)."""
    data = cpr_numbers_as_text(data)
    return scrub_cpr(json.dumps(data, ensure_ascii=False) if compact else json_text(data))


def cpr_numbers_as_text(data: Any) -> Any:
    """``data`` with each number that would be masked as a CPR number (an amount of
    1203841234 typed in a form) made the text of itself: masked in the JSON text it stays
    valid JSON ("120384-xxxx" in quotes, not a bare 120384-xxxx). Other values as they are."""
    if isinstance(data, dict):
        return {k: cpr_numbers_as_text(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [cpr_numbers_as_text(v) for v in data]
    if isinstance(data, int | float) and not isinstance(data, bool):
        text = json_text(data)
        return text if scrub_cpr(text) != text else data
    return data


_INFINITY = float("inf")


class _NotPlain(Exception):
    """A value ``json_text`` leaves to the json module (a key that is not text)."""


def json_text(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, default=str)``, byte for byte, but
    about twice as fast: with ``indent`` the json module falls back to its encoder
    written in Python, one generator per list and dict, while a report holds a few hundred
    of them. Strings are escaped by the json module's own (C) function; anything unusual
    (a key that is not text) is left to the json module itself."""
    try:
        return _json(data, "\n")
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _json(o: Any, newline: str) -> str:
    # The order of the tests is the json module's (``json.encoder._make_iterencode``).
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):  # as the json module's ``floatstr``
        if o != o:
            return "NaN"
        if o == _INFINITY:
            return "Infinity"
        if o == -_INFINITY:
            return "-Infinity"
        return float.__repr__(o)
    inner = newline + "  "
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        values = [encode_basestring(v) if type(v) is str else _json(v, inner) for v in o]
        return "[" + inner + ("," + inner).join(values) + newline + "]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        items = []
        for key, value in o.items():
            if type(key) is not str and not isinstance(key, str):
                raise _NotPlain
            text = encode_basestring(value) if type(value) is str else _json(value, inner)
            items.append(encode_basestring(key) + ": " + text)
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    return _json(str(o), newline)  # default=str


def error_text(error: Exception) -> str:
    """The line a front end shows for a "cannot continue" error (CPR numbers masked)."""
    return scrub_cpr(f"Fejl: {error}")


def written_text(paths: Iterable[Path]) -> str:
    """One "Skrevet: <path>" line per file written (CPR numbers in names masked)."""
    return scrub_cpr("\n".join(f"Skrevet: {p}" for p in paths))


def _finding_lines(f: Finding) -> list[str]:
    where = f" [{f.location}]" if f.location else ""
    lines = [f"  {SEVERITY_DA[f.severity]:<9}{f.message}{where}"]
    if f.hint:
        lines.append(f"  {'':<9}Sådan retter du: {f.hint}")
    lines.append(f"  {'':<9}({f.code})")
    return lines


def report_text(report: Report) -> str:
    out: list[str] = []
    files: list[str | None] = [d.file for d in report.documents]
    for f in report.findings:
        if f.file not in files:
            files.append(f.file)
    kinds = {d.file: d.kind for d in report.documents}
    for file in files:
        findings = sorted(
            (f for f in report.findings if f.file == file), key=lambda f: SEVERITY_RANK[f.severity]
        )
        if file is None:
            title = "På tværs af dokumenterne"
        else:
            title = f"{file}  ({_kind_text(file, kinds, findings)})"
        out.append(title)
        out.append("-" * min(len(title), 78))
        out.extend(_document_lines(report, file))
        if not findings:
            out.append("  OK       Ingen fund.")
        for f in findings:
            out.extend(_finding_lines(f))
        out.append("")
    c = report.counts
    summary = (
        f"I alt: {_plural(c['error'], 'fejl', 'fejl')}, "
        f"{_plural(c['warning'], 'advarsel', 'advarsler')}, {c['info']} info."
    )
    out.append(summary)
    errors = [f.code for f in report.findings if f.severity == Severity.ERROR]
    out.append(closing_line(report.valid, c, errors, report.pool))
    return scrub_cpr("\n".join(out))


def _kind_text(file: str, kinds: Mapping[str, str], findings: Iterable[Finding]) -> str:
    """What a file's heading calls it: its form, or why it was not read as one."""
    if file not in kinds and any(f.code == ANNOTATED_COPY_SKIPPED.code for f in findings):
        return "kommenteret kopi, sprunget over"
    return KIND_DA.get(kinds.get(file, "unknown"), "ukendt fil")


def closing_line(
    valid: bool, counts: Mapping[str, int], error_codes: Iterable[str], pool: Any = None
) -> str:
    """The last line of a check's result: what is left to do, and what cannot be mended.
    ``valid`` and ``counts`` as in ``Report`` (or its JSON), ``error_codes``: the codes of
    the error findings; ``pool``: the report's pool ({"id": ...}), whose grantor is named."""
    if valid:
        if counts["warning"]:
            return "Ingen fejl fundet. Husk at læse advarslerne, før du indsender."
        return "Ingen fejl fundet, og ingen advarsler."
    late_codes = [code == SUBMITTED_LATE.code for code in error_codes]
    late = (
        "Ansøgningen er indsendt efter fristen og bliver afvist; det kan ikke rettes ved at "
        "ændre i dokumenterne."
    )
    if late_codes and all(late_codes):
        return late
    fix = f"Der er fejl, som skal rettes, før dokumenterne indsendes til {_grantor(pool)}."
    return f"{fix}\n{late}" if any(late_codes) else fix


def _grantor(pool: Any) -> str:
    """The grantor of the report's pool (``{"id": ...}``), else the default pool's."""
    try:
        return load_pool(pool["id"] if pool else None).grantor
    except (PoolError, KeyError, TypeError):
        return load_pool().grantor


def _document_lines(report: Report, file: str | None) -> list[str]:
    """What a document's fields tell a person besides the findings (registrations: how
    many citizens changed caseworker)."""
    doc = next((d for d in report.documents if d.file == file), None)
    themes = doc.fields.get("themes") if doc is not None else None
    if isinstance(themes, list) and themes:
        return _theme_lines(themes)
    changes = doc.fields.get("caseworker_changes") if doc is not None else None
    if not isinstance(changes, dict):
        return []
    changed, above = changes.get("citizens_changed", 0), changes.get("citizens_above_one", 0)
    if not changed:
        return ["  Sagsbehandlerskift: ingen borgere har skiftet sagsbehandler."]
    once = changed - above
    parts = []
    if above:
        parts.append(
            f"{_plural(above, 'borger', 'borgere')} har skiftet sagsbehandler mere end én gang"
        )
    if once:
        parts.append(f"{_plural(once, 'borger', 'borgere')} har skiftet sagsbehandler én gang")
    return [f"  Sagsbehandlerskift: {', '.join(parts)}."]


MEASUREMENTS_DA = {"start": "startafklaring", "followup": "opfølgning", "exit": "afslutning"}


def _theme_lines(themes: list[Any]) -> list[str]:
    """The progression questionnaire per theme and measurement: how many citizens answered
    the whole theme, and their mean score."""
    out = ["  Progression pr. tema (borgere med alle temaets svar; gennemsnit):"]
    for t in themes:
        when = MEASUREMENTS_DA.get(str(t.get("measurement")), str(t.get("measurement")))
        mean = t.get("mean") or "–"
        out.append(f"    {t.get('theme')}, {when}: {t.get('citizens')} borgere, {mean}")
    return out


def _rule_texts(r: Rule, pool: Pool | None) -> tuple[str, str, str]:
    """description, hint, source filled from ``pool``; a rule needing a fact the pool does
    not know is off, and says so."""
    try:
        return r.description(pool), r.hint(pool), r.source(pool)
    except PoolError as exc:
        return f"Slået fra for denne pulje: {exc}", "", r.source_template


def rules_text(rules: Iterable[Rule], pool: Pool | None = None) -> str:
    out: list[str] = []
    rules = list(rules)
    for r in rules:
        description, hint, source = _rule_texts(r, pool)
        out.append(f"{r.code}  [{SEVERITY_DA[r.severity]}, {r.scope_label}]")
        out.append(f"    {description}")
        out.append(f"    Sådan retter du: {hint}")
        out.append(f"    Kilde: {source}")
    out.append("")
    out.append(f"{len(rules)} regler.")
    return "\n".join(out)


def rules_json(rules: Iterable[Rule], pool: Pool | None = None) -> str:
    """The catalogue as JSON, its texts filled from ``pool`` (default HIR)."""
    return json.dumps(
        [
            {
                "code": r.code,
                "severity": str(r.severity),
                "kind": r.scope,
                "description": texts[0],
                "source": texts[2],
                "hint": texts[1],
            }
            for r in rules
            for texts in [_rule_texts(r, pool)]
        ],
        ensure_ascii=False,
        indent=2,
    )


# --------------------------------------------------------------------------- pools
def _pool_dict(pool: Pool) -> dict[str, Any]:
    return {
        "id": pool.id,
        "name": pool.name,
        "short_name": pool.short_name,
        "account": pool.account,
        "grantor": pool.grantor,
        "sources": [{"name": s.name, "title": s.title} for s in pool.sources],
    }


def pools_json(pools: Iterable[Pool]) -> str:
    return json.dumps([_pool_dict(p) for p in pools], ensure_ascii=False, indent=2)


def pools_text(pools: Iterable[Pool]) -> str:
    out = []
    for pool in pools:
        out.append(f"{pool.id}: {pool.label}, {pool.account} (tilskudsgiver: {pool.grantor})")
        out.extend(f"  kilde: {s.name} – {s.title}" for s in pool.sources)
    return "\n".join(out)


def pool_check_text(folder: Path, problems: list[str]) -> str:
    if not problems:
        return f"OK: puljemappen {folder} er gyldig."
    lines = [f"Puljemappen {folder} har {_plural(len(problems), 'fejl', 'fejl')}:"]
    lines.extend(f"  - {p}" for p in problems)
    return "\n".join(lines)


# --------------------------------------------------------------------------- bulk summaries


def summary_text(result: BulkResult) -> str:
    c = result.counts
    lines = [
        f"Læst: {_plural(len(result.groups), 'indsendelse', 'indsendelser')} fra "
        f"{_plural(result.municipalities, 'kommune', 'kommuner')} "
        f"({_plural(len(result.files), 'fil', 'filer')}).",
        f"Fund: {_plural(c['error'], 'fejl', 'fejl')}, "
        f"{_plural(c['warning'], 'advarsel', 'advarsler')}, {c['info']} info.",
        f"Ansøgt i alt: {kr(result.requested_total)} af {kr(result.pool_available)} til rådighed."
        if result.pool_available is not None
        else f"Ansøgt i alt: {kr(result.requested_total)}; puljens rådighedsbeløb står ikke i "
        "puljens kilder.",
    ]
    if result.pool_available is not None and result.requested_total > result.pool_available:
        lines.append(
            f"Der er søgt {kr(result.requested_total - result.pool_available)} mere, "
            "end puljen har til rådighed."
        )
    for old in result.superseded:
        lines.append(
            f"Indsendt flere gange: {_group_name(old.group)} er ikke talt med; "
            f"'{old.used}' er brugt. {old.reason}"
        )
    with_errors = [g for g in result.groups if g.errors]
    if with_errors:
        names = ", ".join(_group_name(g) for g in with_errors[:8])
        more = f" og {len(with_errors) - 8} flere" if len(with_errors) > 8 else ""
        lines.append(f"Indsendelser med fejl: {names}{more}.")
    lines.append(f"Oversigt skrevet: {result.out}")
    if result.export:
        lines.append(
            f"CPR-eksport skrevet: {result.export} ({_plural(result.exported_rows, 'borger', 'borgere')}; "
            "indeholder FULDE CPR-numre – kun til Landssupporten)."
        )
    return scrub_cpr("\n".join(lines))


def _group_name(g: Group) -> str:
    k = find_kommune(g.code) if g.code else None
    return f"{k.official_name} ({g.submission})" if k else g.submission


def summary_json(result: BulkResult) -> str:
    data = {
        "valid": result.valid,
        "counts": result.counts,
        "submissions": len(result.groups),
        "municipalities": result.municipalities,
        "files": len(result.files),
        "requested_total": result.requested_total,
        "pool_available": result.pool_available,
        "out": str(result.out),
        "export": str(result.export) if result.export else None,
        "exported_rows": result.exported_rows,
        "rows": [
            {
                "submission": g.submission,
                "municipality_code": g.code,
                "municipality": _kommune_name(g.code),
                "requested_amount": g.requested,
                "errors": g.errors,
                "warnings": g.warnings,
                "status": g.status,
            }
            for g in result.groups
        ],
        "superseded": [
            {
                "submission": s.group.submission,
                "municipality_code": s.group.code,
                "used": s.used,
                "reason": s.reason,
            }
            for s in result.superseded
        ],
    }
    return masked_json(data)


def _kommune_name(code: str | None) -> str | None:
    k = find_kommune(code) if code else None
    return k.official_name if k else None


# --------------------------------------------------------------------------- follow-up


def followup_text(result: FollowupResult) -> str:
    """The follow-up run in a few Danish lines: projects, overdue reports, the money."""
    projects = result.projects
    overdue = sum(p.overdue for p in projects)
    pay_now = sum(p.payment.pay_now for p in projects)
    held = sum(p.payment.held_back for p in projects)
    lines = [
        f"Opfølgning pr. {dato(result.today)}: {_plural(len(projects), 'projekt', 'projekter')}.",
        f"Rapporter og regnskaber overskredet: {overdue}.",
        f"Til udbetaling nu: {kr(pay_now)} – tilbageholdt: {kr(held)}",
    ]
    for p in projects:
        if p.payment.held_back:
            lines.append(
                f"  {p.municipality or p.folder}: {kr(p.payment.held_back)} tilbageholdt – "
                f"{'; '.join(p.payment.reasons)}."
            )
    worst = [p for p in projects if p.errors]
    if worst:
        lines.append(
            "Projekter med fejl: " + ", ".join(p.municipality or p.folder for p in worst) + "."
        )
    lines.append(f"Opfølgning skrevet: {result.out}")
    return scrub_cpr("\n".join(lines))


def followup_json(result: FollowupResult) -> str:
    """The follow-up overview's figures as JSON (what POST /api/v1/followup answers)."""
    from hir_docs.followup.model import result_dict

    return masked_json(result_dict(result))
