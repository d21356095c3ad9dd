"""The package is laid out in layers, each importing only from the layers below it.

Every import counts: module level, inside functions, under ``TYPE_CHECKING``.
The layers (docs/architecture.md), lowest first:

    base      upr._version, upr.errors, upr.names, upr.display
    model     upr.model.*      records: states, treaties, recommendations, reviews, ...
    core      upr.core.*       the dataset, fusion, the record kinds, the flat codec
    io        upr.io.*         importer/exporter contract, sink, files
    analysis  upr.analysis.*   metrics, tracking analysis, text similarity
    graph     upr.graph.*
    render    upr.render.*     HTML views, the review report
    plugins   upr.plugins.*    hook specifications and the manager
    api       upr.api.*        read, load, scan, export, compute, plots
    cli       upr.cli.*, upr.__main__
    facade    upr              (the package: gathers the public names)

Within a layer modules may import each other, but the whole graph has no
cycle. A function-level import of another ``upr`` module is allowed only to
keep a heavy dependency out of ``import upr`` (:data:`HEAVY`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "upr"
PLUGINS = ROOT / "plugins" / "upr_plugins"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("upr._version", "upr.errors", "upr.names", "upr.display")),
    ("model", ("upr.model",)),
    ("core", ("upr.core",)),
    ("io", ("upr.io",)),
    ("analysis", ("upr.analysis",)),
    ("graph", ("upr.graph",)),
    ("render", ("upr.render",)),
    ("plugins", ("upr.plugins",)),
    ("api", ("upr.api",)),
    ("cli", ("upr.cli", "upr.__main__")),
    ("facade", ("upr",)),
)

HEAVY = {"upr.graph": "networkx"}
"""Modules that may be imported inside a function, and the dependency they pull in."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The index of the layer a module belongs to (the longest matching prefix)."""
    best, length = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = index, len(prefix)
    assert best >= 0, f"{module} is in no layer: add it to LAYERS"
    return best


def _resolve(module: str, node: ast.ImportFrom | ast.Import, path: Path) -> list[str]:
    """The ``upr`` modules an import statement imports (a name that is not a
    submodule counts as its package)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name == "upr" or a.name.startswith("upr.")]
    base = node.module or ""
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        parts = package.split(".")
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    if base != "upr" and not base.startswith("upr."):
        return []
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in MODULES else base)
    return found


def imports(module: str) -> list[tuple[str, int, bool]]:
    """``(imported module, line, inside a function)`` for every ``upr`` import."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((m, child.lineno, in_function) for m in _resolve(module, child, path))
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(tree, False)
    return [(m, line, inner) for m, line, inner in found if m != module]


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module in MODULES:
        graph.add_node(module)
        for target, line, _ in imports(module):
            graph.add_edge(module, target, line=line)
    return graph


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_imports_go_down_the_layers() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target}"
        f" ({LAYERS[layer_of(target)][0]}) at line {line}"
        for module in MODULES
        for target, line, _ in imports(module)
        if layer_of(target) > layer_of(module)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert not cycles, "\n".join(" -> ".join([*c, c[0]]) for c in cycles[:10])


def test_no_module_imports_the_package_facade() -> None:
    offenders = [
        f"{module}, line {line}: imports the package `upr` (import the module itself)"
        for module in MODULES
        if module != "upr"
        for target, line, _ in imports(module)
        if target == "upr"
    ]
    assert not offenders, "\n".join(offenders)


def test_function_level_imports_only_keep_heavy_dependencies_out() -> None:
    lazy = [
        f"{module}, line {line}: imports {target} inside a function"
        for module in MODULES
        for target, line, inner in imports(module)
        if inner and not any(target == h or target.startswith(h + ".") for h in HEAVY)
    ]
    assert not lazy, "\n".join(lazy)


def test_the_checker_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    """The check itself: an import inside a function or under TYPE_CHECKING counts."""
    code = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from upr.api import facade\n"
        "def f():\n    from upr.core import dataset\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(code, encoding="utf-8")
    try:
        MODULES["upr.model.probe"] = path
        found = imports("upr.model.probe")
    finally:
        del MODULES["upr.model.probe"]
    assert ("upr.api.facade", 3, False) in found
    assert ("upr.core.dataset", 5, True) in found
    assert layer_of("upr.api.facade") > layer_of("upr.model.states")


@pytest.mark.parametrize("path", sorted(PLUGINS.glob("*.py")), ids=lambda p: p.name)
def test_first_party_plugins_use_only_public_names(path: Path) -> None:
    """``plugins/upr_plugins`` uses what a third party can: no private ``upr`` name
    (a module or attribute starting with ``_``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("upr"):
            names = [node.module or "", *(a.name for a in node.names)]
            private += [n for n in names if any(p.startswith("_") for p in n.split("."))]
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id == "upr":
                private.append(node.attr)
    assert not private, f"{path.name} uses private upr names: {private}"
