"""The import app's modules import each other without cycles (function-level imports counted too)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "nokrabob.imports"
ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join((PACKAGE, *parts)).removesuffix(".__init__")


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of ``nokrabob.imports`` it imports anywhere in its body (tests, migrations and
    management commands left out: nothing imports them)."""
    modules = {
        _module_name(path): path
        for path in ROOT.rglob("*.py")
        if not {"tests", "migrations", "management"} & set(path.relative_to(ROOT).parts)
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from where it was entered)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "nokrabob.imports.services" in graph["nokrabob.imports.cleanup"]  # imported inside a function
    assert "nokrabob.imports.columnar" in graph["nokrabob.imports.normalise"]


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_import_modules_form_a_dag() -> None:
    assert cycles(import_graph()) == []
