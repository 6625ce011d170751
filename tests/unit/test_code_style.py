"""The code's shape: style (ruff), two rooms (the analysis package never imports the build), no import cycles."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.base.paths import PROJECT_ROOT

SRC = PROJECT_ROOT / "src"
PACKAGES = ("helpers", "reportbuild")
LINTED = ("src", "tests", "notebooks", "jupyter_config")  # what `make lint` checks too


def _imports(path: Path) -> set[str]:
    """Project modules `path` imports, at the top or inside functions alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name.split(".")[0] in PACKAGES and _module_file(name)}


def _module_file(name: str) -> Path | None:
    path = SRC / Path(*name.split("."))
    return next((p for p in (path.with_suffix(".py"), path / "__init__.py") if p.exists()), None)


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in SRC.rglob("*.py"):
        if "templates" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {i for i in _imports(path) if _module_file(i) and i != name and not i.endswith("__init__")}
    return graph


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_code_style(command):
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), *command, *LINTED], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_analysis_package_never_imports_the_build():
    graph = _graph()
    upward = {
        (m, i)
        for m, imported in graph.items()
        if m.startswith("helpers")
        for i in imported
        if i.startswith("reportbuild")
    }
    assert not upward


def test_no_import_cycles():
    graph, cycles = _graph(), []

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif len(path) < 12:
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not cycles, sorted({" → ".join(c) for c in cycles})[:5]
