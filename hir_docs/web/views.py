"""What the pages show, built from the JSON the CLI prints (already CPR-masked by
``presentation``): findings grouped by document and severity, the fields read, the
caseload table of a registrations sheet, the summary of the errors at the top of a
result, the rules sorted for people, the pool's key facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from hir_docs.findings import KIND_DA, SEVERITY_DA, SEVERITY_RANK, Severity
from hir_docs.formatting import dato, dato_kort, half_year, kr, number, percent_range, scrub_cpr
from hir_docs.pools import all_pools, load_pool
from hir_docs.presentation import MEASUREMENTS_DA, closing_line

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
    "months": "Måneder",
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
    anchor: str = ""  # the id of the document's section on the page ("dok-2")
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

    @property
    def name(self) -> str:
        """How the page names the document: its file, or the findings across files."""
        return self.file or "På tværs af dokumenterne"

    def count(self, severity: str) -> int:
        return sum(len(g.findings) for g in self.groups if g.severity == severity)


@dataclass
class ErrorEntry:
    """One error in the summary at the top of a result: a link to the finding (``id``)
    and to the document it is shown under (``doc``)."""

    id: str
    message: str
    location: str | None
    doc: DocView | None
    also: list[DocView] = field(default_factory=list)  # other documents it is shown under
    stops: list[str] = field(default_factory=list)  # the reports it stops (/rapporter)


@dataclass
class Summary:
    errors: list[ErrorEntry]
    warnings: int
    infos: int
    docs: list[DocView]


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
    for theme in fields.get("themes") or []:  # the progression questionnaire per theme
        when = MEASUREMENTS_DA.get(str(theme.get("measurement")), "")
        mean = theme.get("mean") or "–"
        doc.fields.append(
            (
                f"{theme.get('theme')} ({when})",
                f"{theme.get('citizens')} borgere, gennemsnit {mean}",
            )
        )
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


def _base(file: str) -> str:
    return PurePosixPath(file.replace("\\", "/")).name


def _folder(file: str | None) -> str:
    return str(PurePosixPath((file or "").replace("\\", "/")).parent)


def mentioned(finding: dict[str, Any], files: list[str]) -> list[str]:
    """The other documents a finding names in its message (a finding across documents,
    such as an amount that differs between application and budget, names both files;
    the JSON gives only the one it is about). A name that two documents share counts
    only for the one in the finding's own folder; still ambiguous: neither."""
    own = finding.get("file")
    message = str(finding.get("message") or "")
    out: list[str] = []
    for file in files:
        if file == own:
            continue
        name = _base(file)
        if not name or not re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", message):
            continue
        namesakes = [f for f in files if f != own and _base(f) == name]
        if len(namesakes) > 1:
            namesakes = [f for f in namesakes if _folder(f) == _folder(own)]
        if namesakes == [file]:
            out.append(file)
    return out


def _add(view: DocView, finding: dict[str, Any]) -> None:
    group = next((g for g in view.groups if g.severity == finding["severity"]), None)
    if group is None:
        label = dict(SEVERITIES).get(finding["severity"], finding["severity"])
        group = Group(finding["severity"], label, [])
        view.groups.append(group)
    group.findings.append(finding)


def report_view(data: dict[str, Any]) -> list[DocView]:
    """One view per document in the report's order, then the findings across documents.

    Every finding gets an ``id`` (its anchor on the page, "fund-3"); a finding that
    names another document in its message is shown under that document too, as a copy
    with its own id, ``primary`` (the id of the finding under its own document) and
    ``others`` (the names of the other documents it concerns)."""
    docs: dict[str | None, DocView] = {}
    for d in data["documents"]:
        view = DocView(d["file"], d["kind"], KIND_DA.get(d["kind"], d["kind"]))
        _fields(view, d.get("fields") or {})
        docs[d["file"]] = view
    files = [d["file"] for d in data["documents"] if d.get("file")]
    for n, raw in enumerate(data["findings"], start=1):
        file = raw.get("file")
        if file not in docs:
            docs[file] = DocView(file, "cross" if file is None else "unknown", "")
            docs[file].kind_label = KIND_DA["cross"] if file is None else KIND_DA["unknown"]
        others = mentioned(raw, files)
        own = dict(raw, id=f"fund-{n}", primary=None, others=[_base(o) for o in others])
        _add(docs[file], own)
        for k, other in enumerate(others, start=2):
            names = [_base(x) for x in [file, *others] if x and x != other]
            _add(docs[other], dict(raw, id=f"fund-{n}-{k}", primary=own["id"], others=names))
    order = {s: i for i, (s, _) in enumerate(SEVERITIES)}
    for view in docs.values():
        view.groups.sort(key=lambda g: order.get(g.severity, 9))
    views = sorted(docs.values(), key=lambda v: v.file is None)
    for i, view in enumerate(views, start=1):
        view.anchor = f"dok-{i}"
    return views


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    """Errors that are the same (one cell, one rule), however each report words them."""
    place = f.get("location")
    return (f.get("code"), _base(f.get("file") or ""), place or f.get("message"))


def error_summary(docs: list[DocView], problems: Iterable[Any] = ()) -> Summary:
    """What the top of a result lists: every error (each once, with its document), and
    how many warnings and notes there are; the documents for a table of contents.

    ``problems``: the reports that could not be made (``jobs.Problem``, /rapporter); each
    error that stops one is listed too, once, with the reports it stops, and linked to
    its place under the report ("stop-2-3": the 3rd finding of the 2nd problem)."""
    errors: list[ErrorEntry] = []
    by_id: dict[str, ErrorEntry] = {}
    by_key: dict[tuple[Any, ...], ErrorEntry] = {}
    warnings = infos = 0
    for view in docs:
        for group in view.groups:
            for f in group.findings:
                if f.get("primary"):
                    continue  # a copy under another document: counted once, below
                if group.severity == "error":
                    entry = ErrorEntry(str(f["id"]), str(f["message"]), f.get("location"), view)
                    errors.append(entry)
                    by_id[entry.id] = entry
                    by_key.setdefault(_key(f), entry)
                elif group.severity == "warning":
                    warnings += 1
                else:
                    infos += 1
    for view in docs:  # the other documents an error is shown under
        for group in view.groups:
            for f in group.findings:
                shown = by_id.get(str(f.get("primary")))
                if shown is not None and all(v is not view for v in shown.also):
                    shown.also.append(view)
    errors.sort(key=lambda e: int(e.id.split("-")[1]))  # in the report's order
    files = {_base(v.file): v for v in docs if v.file}
    for i, problem in enumerate(problems, start=1):
        for j, f in enumerate(getattr(problem, "findings", ()) or (), start=1):
            same = by_key.get(_key(f))
            if same is None:
                doc = files.get(_base(f.get("file") or ""))
                same = ErrorEntry(f"stop-{i}-{j}", str(f.get("message")), f.get("location"), doc)
                errors.append(same)
                by_key[_key(f)] = same
            if problem.kind not in same.stops:
                same.stops.append(problem.kind)
    return Summary(errors, warnings, infos, docs)


def rules_view(
    rules: list[dict[str, Any]], q: str, severity: str, kind: str
) -> list[dict[str, Any]]:
    """The rules (``rules_json``'s) of a severity and a document kind ("" = all) whose
    code, description, source, fix or Danish kind name holds ``q`` (any case), sorted
    by the document's Danish name and then by severity (FEJL, ADVARSEL, INFO)."""
    needle = q.lower()

    def matches(r: dict[str, Any]) -> bool:
        haystack = " ".join(str(r.get(k) or "") for k in ("code", "description", "source", "hint"))
        return (
            (not severity or r["severity"] == severity)
            and (not kind or r["kind"] == kind)
            and (not needle or needle in f"{haystack} {KIND_DA.get(r['kind'], '')}".lower())
        )

    def order(r: dict[str, Any]) -> tuple[str, int]:
        rank = {str(s): n for s, n in SEVERITY_RANK.items()}.get(r["severity"], 9)
        return (KIND_DA.get(r["kind"], r["kind"]), rank)

    # By document (its Danish name), then the most serious first; stable within.
    return sorted((r for r in rules if matches(r)), key=order)


def pools_title() -> str:
    """What the pages serve, from the installed pools: "STAR-puljen X" for one pool,
    "puljerne HIR, FSM og KVI" (their short names) for several."""
    pools = all_pools()
    if len(pools) == 1:
        return f"{pools[0].grantor}-puljen {pools[0].name}"
    names = [p.short_name or p.name for p in pools]
    return "puljerne " + ", ".join(names[:-1]) + f" og {names[-1]}"


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
    return closing_line(bool(data["valid"]), data["counts"], errors, data.get("pool")).replace(
        "\n", " "
    )
