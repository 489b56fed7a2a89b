"""What the pages show, built from the JSON the CLI prints (already CPR-masked by
``presentation``): findings grouped by document and severity, the fields read, the
caseload table of a registrations sheet, the pool's key facts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from hir_docs.findings import KIND_DA, SEVERITY_DA, Severity
from hir_docs.formatting import dato, dato_kort, half_year, kr, number, percent_range, scrub_cpr
from hir_docs.pools import load_pool
from hir_docs.presentation import closing_line

SEVERITIES = [(s.value, SEVERITY_DA[s]) for s in Severity]
AMOUNTS = {
    "requested_amount",
    "total_expenses",
    "income_total",
    "eligible_expenses",
    "grant",
    "budget",
    "total",
    "spent_total",
    "instalments_paid",
}
HALF_YEAR = re.compile(r"(\d{4})-H([12])")
# Field keys -> Danish labels, in the order shown. Unlisted scalar fields are shown under
# their key; long texts go into the "text sections" list.
LABELS = {
    "municipality": "Kommune",
    "municipality_code": "Kommunekode",
    "jobcenter": "Jobcenter",
    "recipient": "Tilskudsmodtager",
    "project_name": "Projektets titel",
    "cvr": "CVR-nummer",
    "contact_email": "E-mail",
    "contact_phone": "Telefon",
    "requested_amount": "Ansøgt beløb",
    "grant": "Tilskud",
    "fte": "Årsværk",
    "total_expenses": "Udgifter i alt",
    "income_total": "Indtægter i alt",
    "eligible_expenses": "Tilskudsberettigede udgifter",
    "passive_share_target": "Mål for andel passive borgere",
    "period": "Projektperiode",
    "project_start": "Projektstart",
    "project_end": "Projektslut",
    "periods": "Halvår",
    "participants": "Borgere i projektet",
    "years": "År",
    "rows": "Rækker",
    "citizens": "Borgere",
    "caseworkers": "Sagsbehandlere",
    "caseworker_changes": "Borgere, der har skiftet sagsbehandler",
    "snapshot_dates": "Opgørelsesdatoer",
    "sheet": "Ark",
    "instalments_paid": "Udbetalte rater",
    "contact": "Kontaktoplysninger",
    "summary": "Resumé",
    "expected_citizens": "Forventet antal borgere",
    "current_caseload": "Sagsstamme i dag",
    "activities": "Aktiviteter",
    "caseload_plan": "Plan for sagsstammen",
    "strategy": "Strategi",
    "goals": "Mål",
    "organisation": "Organisering",
    "anchoring": "Forankring",
}
TABLE_KEYS = {"lines", "caseload", "income"}
LONG_TEXT = 160


@dataclass
class Group:
    severity: str  # error | warning | info
    label: str  # FEJL | ADVARSEL | INFO
    findings: list[dict[str, Any]]


@dataclass
class DocView:
    file: str | None
    kind: str
    kind_label: str
    groups: list[Group] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)
    caseload: dict[str, Any] | None = None

    @property
    def has_spent(self) -> bool:  # project data: what was spent on each line
        return any(ln["spent"] for ln in self.lines)

    @property
    def has_location(self) -> bool:
        return any(ln["location"] for ln in self.lines)


def show(key: str, value: Any) -> str:
    """A field value as a Danish text."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if key in AMOUNTS and isinstance(value, int | float):
        return kr(value)
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, int):
        return str(value) if key in {"years"} else number(value)
    if isinstance(value, dict) and {"low", "high"} <= value.keys():
        return percent_range(value["low"], value["high"])
    if key == "caseworker_changes" and isinstance(value, dict):
        return number(value.get("citizens_changed") or 0)
    if isinstance(value, list):
        return ", ".join(show_date(v) if isinstance(v, str) else show(key, v) for v in value)
    if isinstance(value, str):
        return show_date(value)
    return scrub_cpr(str(value))


def show_date(text: str) -> str:
    """An ISO date as '20. december 2017', a half-year '2017-H2' as '2. halvår 2017'."""
    if HALF_YEAR.fullmatch(text):
        return half_year(text)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dato(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _fields(doc: DocView, fields: dict[str, Any]) -> None:
    order = [k for k in LABELS if k in fields] + [k for k in fields if k not in LABELS]
    for key in order:
        value = fields[key]
        if key in TABLE_KEYS:
            continue
        label = LABELS.get(key, key.replace("_", " "))
        if isinstance(value, str) and len(value) > LONG_TEXT:
            doc.texts.append((label, value))
        elif (
            isinstance(value, dict)
            and not {"low", "high"} <= value.keys()
            and key != "caseworker_changes"
            or isinstance(value, list)
            and value
            and isinstance(value[0], dict)
        ):
            continue
        else:
            doc.fields.append((label, show(key, value)))
    for name, amount in (fields.get("income") or {}).items():
        doc.fields.append((name, kr(amount)))
    for line in fields.get("lines") or []:
        if isinstance(line, dict):
            doc.lines.append(
                {
                    "post": str(line.get("post") or "–"),
                    "function": str(line.get("function") or ""),
                    "amount": kr(line.get("total", line.get("budget"))),
                    "eligible": "ja" if line.get("eligible", True) else "nej",
                    "location": str(line.get("location") or ""),
                    "spent": kr(line["spent_total"]) if "spent_total" in line else "",
                }
            )
    if fields.get("caseload"):
        doc.caseload = caseload_table(fields["caseload"])


def short_date(text: str) -> str:
    """'2018-03-31' -> '31-03-2018' (a column heading of the caseload table)."""
    try:
        return dato_kort(dt.date.fromisoformat(text))
    except ValueError:
        return text


def caseload_table(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Caseworkers down, dates across; a cell is the cases and the cases per full-time
    caseworker ("28 (30,3)")."""
    dates = sorted({p["date"] for p in points})
    rows: dict[str, dict[str, str]] = {}
    for p in points:
        per_fte = p.get("cases_per_fte")
        cell = number(p.get("cases") or 0)
        if per_fte is not None:
            cell += f" ({number(per_fte, 1)})"
        rows.setdefault(str(p.get("caseworker") or "–"), {})[p["date"]] = cell
    return {
        "dates": [short_date(d) for d in dates],
        "rows": [(name, [cells.get(d, "–") for d in dates]) for name, cells in rows.items()],
    }


def report_view(data: dict[str, Any]) -> list[DocView]:
    """One view per document in the report's order, then the findings across documents."""
    docs: dict[str | None, DocView] = {}
    for d in data["documents"]:
        view = DocView(d["file"], d["kind"], KIND_DA.get(d["kind"], d["kind"]))
        _fields(view, d.get("fields") or {})
        docs[d["file"]] = view
    for f in data["findings"]:
        file = f.get("file")
        if file not in docs:
            docs[file] = DocView(file, "cross" if file is None else "unknown", "")
            docs[file].kind_label = KIND_DA["cross"] if file is None else KIND_DA["unknown"]
        view = docs[file]
        group = next((g for g in view.groups if g.severity == f["severity"]), None)
        if group is None:
            label = dict(SEVERITIES).get(f["severity"], f["severity"])
            group = Group(f["severity"], label, [])
            view.groups.append(group)
        group.findings.append(f)
    order = {s: i for i, (s, _) in enumerate(SEVERITIES)}
    for view in docs.values():
        view.groups.sort(key=lambda g: order.get(g.severity, 9))
    return sorted(docs.values(), key=lambda v: v.file is None)


def rules_view(
    rules: list[dict[str, Any]], q: str, severity: str, kind: str
) -> list[dict[str, Any]]:
    """The rules (``rules_json``'s) of a severity and a document kind ("" = all) whose
    code, description, source, fix or Danish kind name holds ``q`` (any case)."""
    needle = q.lower()

    def matches(r: dict[str, Any]) -> bool:
        haystack = " ".join(str(r.get(k) or "") for k in ("code", "description", "source", "hint"))
        return (
            (not severity or r["severity"] == severity)
            and (not kind or r["kind"] == kind)
            and (not needle or needle in f"{haystack} {KIND_DA.get(r['kind'], '')}".lower())
        )

    return [r for r in rules if matches(r)]


def key_facts() -> list[tuple[str, str]]:
    """The pool's key facts for the front page, from the pool data."""
    pool = load_pool()
    deadline = pool.datetime("application_deadline")
    return [
        ("Pulje", f"{pool.name} ({pool.account})"),
        ("Ansøgningsfrist", f"{dato(deadline.date())} kl. {deadline:%H.%M}"),
        (
            "Projektperiode",
            f"{dato(pool.date('project_start'))} – {dato(pool.date('project_end'))}",
        ),
        ("Tilskud pr. projekt", f"{kr(pool.amount('grant_min'))} – {kr(pool.amount('grant_max'))}"),
        (
            "Årsværk",
            f"{number(pool.number('fte_min'), 0)}–{number(pool.number('fte_max'), 0)} årsværk",
        ),
        ("Puljens størrelse", kr(pool.amount("pool_total"))),
        ("Til rådighed for projekter", kr(pool.amount("pool_available"))),
    ]


def closing(data: dict[str, Any]) -> str:
    """The check's closing sentence, as the command line ends its report (a late
    application cannot be mended by fixing the documents)."""
    errors = [f["code"] for f in data.get("findings", []) if f.get("severity") == "error"]
    return closing_line(bool(data["valid"]), data["counts"], errors).replace("\n", " ")
