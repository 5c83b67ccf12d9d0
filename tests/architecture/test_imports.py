"""The layout's promises, read from the source: one-way imports and no import circle.

Every ``import`` counts, those inside functions too. A package counts as the module of its
``__init__.py``; ``from package import name`` counts as importing ``package.name`` when that is
a module.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("icc_graph", "endpoint")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    base = package if is_package else package[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """The project modules *module* imports, anywhere in its text."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                     for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:  # `import a.b.c` of a non-module: its module
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def test_the_reader_resolves_relative_imports():
    assert "icc_graph.store.base" in GRAPH["icc_graph.store.embedded"]
    assert "icc_graph.documents" in GRAPH["icc_graph.store.base"]
    assert "icc_graph.runtime.query_runner" in GRAPH["icc_graph.store.embedded"]


def test_no_module_imports_another_that_imports_it_back():
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("icc_graph")))
def test_the_library_never_imports_the_web_layer(module):
    text = MODULES[module].read_text(encoding="utf-8")
    assert not {name for name in GRAPH[module] if name.startswith("endpoint")}
    assert "import flask" not in text and "from flask" not in text


def test_the_query_processes_import_only_the_stores_value_types():
    store_modules = {name for name in GRAPH["icc_graph.runtime.query_runner"] if name.startswith("icc_graph.store")}
    assert store_modules == {"icc_graph.store.base"}
    implementations = {"icc_graph.store.embedded", "icc_graph.store.remote", "icc_graph.store.caching",
                       "icc_graph.store.factory"}
    assert not GRAPH["icc_graph.store.base"] & implementations


def test_blueprints_take_their_helpers_from_their_own_module_not_the_package():
    for module in MODULES:
        if module.startswith("endpoint.") and module != "endpoint.app":
            assert "endpoint" not in GRAPH[module], module
