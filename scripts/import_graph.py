#!/usr/bin/env python3
"""The project's import graph: prints cycles between its modules and long modules.

Every import counts, at the top of a module or inside a function: a circle that is
only broken by importing late is still a circle. Exit status 1 when a cycle exists
or a module (migrations and demo data aside) is longer than MAX_LINES.

    .venv/bin/python scripts/import_graph.py          # cycles and long modules
    .venv/bin/python scripts/import_graph.py --sizes  # every module's line count
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "api",
    "config",
    "core",
    "demo",
    "events",
    "participants",
    "projects",
    "workshops",
)
MAX_LINES = 450
EXEMPT_PARTS = {"migrations", "demo"}


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """{dotted module name: file} for the project's own packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest project module that `name` is or lies inside."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` names module a.b when it exists, else a name in a.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            if not all(target in modules for target in targets):
                targets.append(base)
        for target in targets:
            resolved = _resolve(target, modules)
            if resolved and resolved != module:
                found.add(resolved)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = module_files(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for neighbour in sorted(graph.get(node, ())):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def long_modules(root: Path = ROOT, limit: int = MAX_LINES) -> dict[str, int]:
    sizes = {}
    for name, path in module_files(root).items():
        if EXEMPT_PARTS & set(path.relative_to(root).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            sizes[name] = lines
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="store_true", help="print every module")
    args = parser.parse_args()
    if args.sizes:
        for name, path in sorted(module_files().items()):
            print(f"{len(path.read_text(encoding='utf-8').splitlines()):6d}  {name}")
        return 0
    found = cycles(import_graph())
    for component in found:
        print("cycle:", " <-> ".join(component))
    long = long_modules()
    for name, lines in sorted(long.items(), key=lambda item: -item[1]):
        print(f"long: {name} has {lines} lines (limit {MAX_LINES})")
    if not found and not long:
        print("No import cycles; no module over", MAX_LINES, "lines.")
    return 1 if found or long else 0


if __name__ == "__main__":
    sys.exit(main())
