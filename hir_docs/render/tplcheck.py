"""``hir-docs templates check``: names a Word template uses that the data does not provide.

Top-level names (``{{ borgmester }}``) and fields of the provided values, also inside loops
(``{{ economy.spent_totl }}``, ``{% for r in economy.lines %}{{ r.bogstav }}``): jinja
would print both as empty text without a word, so a typo would go unnoticed until STAR
reads the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import Environment, nodes

from hir_docs.findings import HirDocsError
from hir_docs.model import Registration
from hir_docs.model.projectdata import (
    CaseworkerLoad,
    Obligation,
    ProjectData,
    SpendLine,
    default_reports,
    period_bounds,
    report_layout,
    snapshot_months,
)
from hir_docs.pools import Pool, load_pool
from hir_docs.render.context import accounts_context, final_context, status_context

UNKNOWN = object()  # a value whose fields cannot be known (a loop variable of its own)


def sample_context(pool: Pool | None = None) -> dict[str, Any]:
    """Every name the three contexts provide, with lists holding one sample item; the
    sample's post, period, labour-market status, duty and criterion are ``pool``'s first
    (default: the default pool)."""
    pool = pool or load_pool()
    reports = report_layout(pool)
    period = next(r.period for r in default_reports(pool) if r.period is not None)
    day = snapshot_months(pool)[0]
    hours = (
        pool.number("hours_per_week_full_time") if pool.known("hours_per_week_full_time") else 37
    )
    post = pool.strings("expense_posts")[0]
    duty = next(iter(reports.obligations))
    line = SpendLine("L1", post, "Sagsbehandler", budget=100, spent={period: 50}, remark="x")
    data = ProjectData(
        periods=[period],
        project_start=period_bounds(period)[0],
        lines=[line],
        income={"Medfinansiering": 1, "Tilskud fra andre tilskudsgivere": 1},
        labour_status={pool.strings("labour_market_status")[0]: (0, 1)},
        caseworkers=[CaseworkerLoad("Sagsbehandler", hours, {day: 30})],
        snapshot_dates=[day],
        obligations={duty: Obligation(duty, True)},
        criteria={next(iter(reports.criteria)): {"start": 30.0}},
    )
    start = period_bounds(period)[0]
    reg = Registration("x", "Sagsbehandler", "a@b.dk", hours, start, None, 2, "A2")
    ctx: dict[str, Any] = {}
    for part in (
        status_context(data, period, [reg], pool),
        final_context(data, pool),
        accounts_context(data, None, pool),
        accounts_context(data, period, pool),
    ):
        ctx.update(part)
    from hir_docs.grants.letters import sample_letter_context  # STAR's letters

    ctx.update(sample_letter_context())
    return ctx


def _parse(path: Path) -> nodes.Template:
    try:
        tpl = DocxTemplate(str(path))
        xml = tpl.patch_xml(tpl.xml_to_string(Document(str(path))._element.body))
        return Environment().parse(xml)
    except Exception as exc:
        raise HirDocsError(
            f"{path.name} kunne ikke læses som Word-skabelon ({type(exc).__name__}: {exc})."
        ) from exc


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "…"


class _Checker:
    def __init__(self) -> None:
        self.unknown: set[str] = set()

    def value(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The sample value of an expression; records fields the sample does not have."""
        if isinstance(node, nodes.Name):
            return scope.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.value(node.node, scope)
            if isinstance(node, nodes.Getitem):
                self.walk(node.arg, scope)
                if isinstance(base, list) and isinstance(node.arg, nodes.Const):
                    return base[0] if base else UNKNOWN
                key = node.arg.value if isinstance(node.arg, nodes.Const) else UNKNOWN
            else:
                key = node.attr
            if isinstance(base, dict) and isinstance(key, str):
                if key not in base:
                    self.unknown.add(_dotted(node) if isinstance(node, nodes.Getattr) else key)
                    return UNKNOWN
                return base[key]
            return UNKNOWN
        self.walk(node, scope)
        return UNKNOWN

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            items = self.value(node.iter, scope)
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):
                item = items[0] if isinstance(items, list) and items else UNKNOWN
                inner[node.target.name] = item
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            if node.test is not None:
                self.walk(node.test, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
            self.value(node, scope)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)


def unknown_names(path: Path) -> list[str]:
    """Top-level names and fields ``path`` uses that hir-docs does not provide (sorted)."""
    from jinja2 import meta

    ast = _parse(path)
    sample = sample_context()
    checker = _Checker()
    checker.walk(ast, dict(sample))
    top = meta.find_undeclared_variables(ast) - set(sample)
    return sorted(top | checker.unknown)
