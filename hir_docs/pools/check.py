"""Full validation of a pool folder (``hir-docs pools check DIR``).

Loading a pool checks its structure; this checks what refers to what: every placeholder of
the pool's texts names a fact (or the pool's name, label, account or grantor) that is known,
with a format that fits the value; a payment model's shares add up to 100 %; the facts every
pool needs are there. The rule catalogue's placeholders are checked by ``hir_docs.api`` (the
catalogue lives above this layer). Problems are Danish sentences naming file and key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hir_docs.pools import (
    POOL_FILE,
    TEXTS_FILE,
    Pool,
    PoolError,
    load_pool_dir,
    load_shared,
    read_toml,
)
from hir_docs.pools.payment import payment_problems
from hir_docs.pools.reports import reports_problems
from hir_docs.pools.tables import table_file_problems
from hir_docs.pools.texts import NAMES, fill, placeholders

# Facts every pool's generic checks read (the period and the grant's range).
REQUIRED_FACTS = ("project_start", "project_end", "grant_min", "grant_max")
_DATES = ("project_start", "project_end", "real_start")
# The texts hir-docs reads from every pool's texts.toml, and those a plug-in reads.
REQUIRED_TEXTS = (
    "budget_title",
    "budget_period",
    "budget_sheet_line",
    "budget_post_remarks",
    "budget_ineligible_remark",
    "budget_guide",
    "report_subtitle",
    "report_target_label",
    "report_duties_heading",
    "report_duties_lead",
    "report_labour_note",
    "projectdata_title",
    "projectdata_guide_sources",
    "projectdata_properties_title",
    "projectdata_guide_spending",
    "projectdata_guide_final",
    "projectdata_guide_criteria",
    "projectdata_guide_obligations",
    "overview_available_source",
)
PLUGIN_TEXTS = {
    "caseload": (
        "relocated_top",
        "relocated_guide",
        "registration_top",
        "registration_guide",
        "registrations_no_header_hint",
    ),
    # Flere skal med: the monthly register of the group-1 citizens and the 40 % activity
    # requirement for an instalment (model.activity); the progression questionnaire.
    "activity": ("activity_register_title",),
    "progression": ("progression_title",),
    # The 2011 programme: the participant register its results-based payment is settled on.
    "participants": ("participant_register_title",),
}
PLUGINS = tuple(PLUGIN_TEXTS)


def template_problems(pool: Pool, template: str, where: str) -> list[str]:
    """A text's placeholders name facts the pool knows, with formats that fit."""
    problems = []
    for name in placeholders(template):
        if name in NAMES:
            continue
        if name not in pool.facts:
            problems.append(f"{where}: pladsholderen '{{{name}}}' nævner ingen fakta i puljen.")
        elif pool.facts[name].unknown:
            problems.append(
                f"{where}: pladsholderen '{{{name}}}' nævner en ukendt fakta (status = \"unknown\")."
            )
    if not problems:
        try:
            fill(template, pool)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            problems.append(f"{where}: teksten kan ikke udfyldes ({exc}).")
    return problems


RULES_FILE = "rules.toml"  # the pool's wording of rules (read by hir_docs.rules)
_RULE_PARTS = ("source", "description", "hint")


def _rules_file_problems(folder: Path, pool: Pool) -> list[str]:
    """``rules.toml`` (optional): tables of texts whose placeholders name facts. That its
    codes name rules and its message keys are read is checked above this layer
    (``hir_docs.rules.rule_text_problems``)."""
    path = folder / RULES_FILE
    if not path.exists():
        return []
    file = str(path)
    try:
        data: dict[str, Any] = read_toml(path)
    except PoolError as exc:
        return [str(exc)]
    found = [
        f"Puljefilen {file}: nøglen '{key}' kendes ikke (stavefejl?)."
        for key in data
        if key not in ("rules", "messages")
    ]
    texts: list[tuple[str, Any]] = []
    rules = data.get("rules", {})
    for code, parts in rules.items() if isinstance(rules, dict) else ():
        for part, text in parts.items() if isinstance(parts, dict) else ():
            if part not in _RULE_PARTS:
                found.append(f"Puljefilen {file}: nøglen 'rules.{code}.{part}' kendes ikke.")
            texts.append((f"rules.{code}.{part}", text))
    messages = data.get("messages", {})
    texts += [
        (f"messages.{k}", v) for k, v in (messages.items() if isinstance(messages, dict) else ())
    ]
    for key, text in texts:
        if not isinstance(text, str):
            found.append(f"Puljefilen {file}: nøglen '{key}' skal være en tekst.")
        else:
            found += template_problems(pool, text, f"{file}, {key}")
    return found


def form_problems(pool: Pool, folder: Path) -> list[str]:
    """The pool's application form: every text's placeholders, then its structure."""
    from hir_docs.forms.application_layout import parse_form

    path = folder / "application.toml"
    if not path.exists():
        return [f"Puljemappen {folder} har intet ansøgningsskema (application.toml)."]
    try:
        data = read_toml(path)
    except PoolError as exc:
        return [str(exc)]

    def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from strings(v, f"{where}[{i}]")
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, f"{where}.{k}" if where else k)

    found = [
        p for where, t in strings(data, "") for p in template_problems(pool, t, f"{path}, {where}")
    ]
    if not found:
        try:
            parse_form(data, pool, str(path))
        except PoolError as exc:
            found.append(str(exc))
    return found


def problems(folder: Path) -> list[str]:
    """Everything wrong with a pool folder (empty: the pool can be used)."""
    try:
        pool = load_pool_dir(folder)
    except PoolError as exc:
        return [str(exc)]
    file = str(folder / POOL_FILE)
    found = [
        f"Puljefilen {file}: nøglen 'facts.{key}' mangler (alle puljer skal have den; "
        'er værdien ukendt, så skriv status = "unknown").'
        for key in REQUIRED_FACTS
        if key not in pool.facts
    ]
    for key in _DATES:
        fact = pool.facts.get(key)
        if fact and not fact.unknown and not isinstance(fact.value, dt.date):
            found.append(f"Puljefilen {file}: nøglen 'facts.{key}.value' skal være en dato.")
    if not pool.sources:
        found.append(f"Puljefilen {file}: nøglen 'sources' mangler: nævn puljens kilder.")
    try:
        texts = pool.texts_raw()
    except PoolError as exc:
        return [*found, str(exc)]
    for plugin in pool.plugins:
        if plugin not in PLUGINS:
            found.append(
                f"Puljefilen {file}: nøglen 'pool.plugins' nævner '{plugin}', som hir-docs ikke "
                f"kender (kendte: {', '.join(PLUGINS)})."
            )
    needed = [*REQUIRED_TEXTS, *(k for p in pool.plugins for k in PLUGIN_TEXTS.get(p, ()))]
    found += [
        f"Puljefilen {folder / TEXTS_FILE}: nøglen 'texts.{key}' mangler (hir-docs bruger den)."
        for key in needed
        if key not in texts
    ]
    eligible = pool.facts.get("eligible_posts")
    remarks = texts.get("budget_post_remarks")
    if (
        eligible
        and not eligible.unknown
        and isinstance(remarks, list)
        and len(remarks) != len(eligible.value)
    ):
        found.append(
            f"Puljefilen {folder / TEXTS_FILE}: nøglen 'texts.budget_post_remarks' skal have "
            f"én bemærkning pr. post i facts.eligible_posts ({len(eligible.value)})."
        )
    for key, value in texts.items():
        for template in value if isinstance(value, list) else [value]:
            found += template_problems(pool, template, f"{folder / TEXTS_FILE}, texts.{key}")
    found += payment_problems(folder, pool)
    found += table_file_problems(folder, pool)
    found += _rules_file_problems(folder, pool)
    found += form_problems(pool, folder)
    found += reports_problems(folder, pool)  # reports.toml: structure, the duties' dates
    try:
        load_shared("budget")
    except PoolError as exc:
        found.append(str(exc))
    return found
