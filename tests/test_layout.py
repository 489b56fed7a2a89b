"""The package layout: no import cycles, dependencies that point one way, thin front ends.

The imports are read with ``ast`` (every import, also those inside functions and under
TYPE_CHECKING), so a cycle hidden in a lazy import is caught too. Importing
``a.b.c`` also runs ``a.b``, so a module depends on the packages above what it imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hir_docs"

# Lower layers never import higher ones. A module's layer is that of its longest prefix.
LAYERS: dict[str, int] = {
    # 0: small shared modules and the form labels (data)
    "hir_docs": 0,
    "hir_docs.findings": 0,
    "hir_docs.values": 0,
    "hir_docs.labels": 0,
    "hir_docs.formatting": 0,
    "hir_docs.kommuner": 0,
    "hir_docs.pools": 0,
    "hir_docs.forms": 0,  # the package and its label modules; the builders are layer 4
    "hir_docs.forms.application_layout": 0,
    "hir_docs.forms.application_example": 0,
    "hir_docs.forms.projectdata_layout": 0,
    "hir_docs.forms.budget_layout": 0,
    # 1: typed documents and their arithmetic; the rule catalogue and the checks
    "hir_docs.model": 1,
    "hir_docs.rules": 1,
    # 2: untrusted files in, our files out
    "hir_docs.files": 2,
    # 3: one reader per form
    "hir_docs.readers": 3,
    # 4: the flows
    "hir_docs.pipeline": 4,
    "hir_docs.render": 4,
    "hir_docs.bulk": 4,
    "hir_docs.followup": 4,  # STAR's follow-up overview of the funded projects
    "hir_docs.annotate": 4,  # annotated copies of the user's files
    "hir_docs.grants": 4,  # STAR's decisions, grant letters and grant records
    "hir_docs.forms.application": 4,
    "hir_docs.forms.budget": 4,
    "hir_docs.forms.citizens": 4,
    "hir_docs.forms.docx_xml": 4,
    "hir_docs.forms.blank": 4,
    "hir_docs.forms.example_check": 4,
    # 5: the library API and what front ends show
    "hir_docs.api": 5,
    "hir_docs.presentation": 5,
    # 6: front ends
    "hir_docs.cli": 6,
    "hir_docs.cli_danish": 6,
    "hir_docs.web": 6,
}


def _modules() -> dict[str, Path]:
    mods = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = f
    return mods


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package modules ``name`` imports (with the packages those imports run)."""
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for t in targets:
            parts = t.split(".")
            for i in range(1, len(parts) + 1):
                dep = ".".join(parts[:i])
                if dep in MODULES and dep != name and not name.startswith(dep + "."):
                    found.add(dep)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    best = max((p for p in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best]


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_walk_sees_the_package() -> None:
    assert "hir_docs.api" in GRAPH and "hir_docs.pipeline" in GRAPH["hir_docs.api"]
    assert "hir_docs.rules.file" in GRAPH["hir_docs.files.safety"]


def test_no_import_cycles() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_dependencies_point_one_way(module: str) -> None:
    upward = sorted(d for d in GRAPH[module] if _layer(d) > _layer(module))
    assert upward == [], f"{module} (lag {_layer(module)}) importerer højere lag: {upward}"


def test_cli_goes_through_the_api_only() -> None:
    # `hir-docs serve` starts the other front end: the one import of hir_docs.web allowed
    # (hir_docs.web.server, inside the command), since api (layer 5) may not import web.
    # hir_docs.cli_danish: click's own texts in Danish (part of the command line itself).
    allowed = {"hir_docs", "hir_docs.api", "hir_docs.presentation", "hir_docs.cli_danish"}
    assert GRAPH["hir_docs.cli"] <= allowed | {"hir_docs.web", "hir_docs.web.server"}
    assert GRAPH["hir_docs.cli_danish"] <= {"hir_docs"}


def test_web_goes_through_the_api_only() -> None:
    """The web app uses the library API and what front ends show, plus the shared values
    it formats (findings, formatting, pools); never the flows, readers or rules."""
    allowed = {
        "hir_docs",
        "hir_docs.api",
        "hir_docs.presentation",
        "hir_docs.findings",
        "hir_docs.formatting",
        "hir_docs.pools",
    }
    web = {name for name in GRAPH if name == "hir_docs.web" or name.startswith("hir_docs.web.")}
    assert web, "hir_docs.web not found"
    for name in sorted(web):
        outside = {d for d in GRAPH[name] if d not in web}
        assert outside <= allowed, f"{name} importerer {sorted(outside - allowed)}"
    assert not any("hir_docs.cli" in GRAPH[name] for name in web)


def test_no_registration_by_import_side_effect() -> None:
    """Readers, rules and forms are listed explicitly, not found by walking a package."""
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        assert "pkgutil" not in text and "import_module(" not in text, name
