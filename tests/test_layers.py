"""The package's layers: plumbing at the bottom, the lessons on it in lesson order, then the checks, the app
and the tools; no import cycles, no imports hidden inside functions, and a docstring in every module that
names its lesson (or says it belongs to none)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "utils"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))

#: The lesson modules at the package's top level, by the lesson that introduces each.
LESSON_ORDER = {
    "data": 1,
    "networks": 1,
    "training": 1,
    "plotting": 1,
    "claims": 3,
    "augment": 4,
    "sign_reader": 4.5,
    "pretrained": 5,
    "real_hands": 6,
}
#: Heavy optional dependencies that may be imported inside the one function that needs them.
LAZY_ALLOWED = {"gradio", "playwright.sync_api"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1:
        return "package"
    if parts[1] in ("plumbing", "checks", "app", "tools"):
        return parts[1]
    return "lesson"


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function or class) for every import of ``utils`` modules and others."""
    tree = ast.parse(path.read_text())
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    top_level = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        nested = id(node) not in top_level
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno, nested) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]
            known = [
                n
                for n in names
                if (PACKAGE.parent / Path(*n.split("."))).with_suffix(".py").exists()
                or (PACKAGE.parent / Path(*n.split(".")) / "__init__.py").exists()
            ]
            out += [(n, node.lineno, nested) for n in known] or [(target, node.lineno, nested)]
    return out


GRAPH = {module_name(p): [(t, line, nested) for t, line, nested in imports(p)] for p in MODULES}


def internal(target: str) -> str | None:
    return target if target in GRAPH else None


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_a_layer_imports_only_the_layers_below_it(path):
    here = module_name(path)
    allowed = {
        "plumbing": {"plumbing"},
        "lesson": {"plumbing", "lesson"},
        "checks": {"plumbing", "lesson", "checks"},
        "app": {"plumbing", "lesson", "app"},
        "tools": {"plumbing", "lesson", "checks", "app", "tools"},
        "package": set(),
    }[layer(here)]
    for target, line, _ in GRAPH[here]:
        if internal(target) and target != here:
            assert layer(target) in allowed, f"{here}:{line} imports {target} ({layer(target)} is above {layer(here)})"


@pytest.mark.parametrize("name", [m for m in GRAPH if layer(m) == "lesson"])
def test_a_lesson_module_imports_only_earlier_lessons(name):
    mine = LESSON_ORDER[name.split(".")[1]]
    for target, line, _ in GRAPH[name]:
        if internal(target) and layer(target) == "lesson":
            theirs = LESSON_ORDER[target.split(".")[1]]
            assert theirs <= mine, f"{name}:{line} imports {target}, a later lesson's module"


def test_a_lessons_checks_import_only_earlier_lessons_checks():
    for name, edges in GRAPH.items():
        if name.startswith("utils.checks.lesson"):
            for target, line, _ in edges:
                if target.startswith("utils.checks.lesson"):
                    assert target.rsplit("lesson", 1)[1] < name.rsplit("lesson", 1)[1], f"{name}:{line} -> {target}"


def test_there_are_no_import_cycles():
    edges = {m: {t for t, _, _ in e if internal(t) and t != m} for m, e in GRAPH.items()}
    state: dict[str, int] = {}

    def visit(node, path):
        state[node] = 1
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in edges:
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_import_hides_inside_a_function(path):
    for target, line, nested in imports(path):
        if nested:
            assert any(target == lib or target.startswith(lib + ".") for lib in LAZY_ALLOWED), (
                f"{module_name(path)}:{line} imports {target} inside a function"
            )


def test_nothing_imports_the_tools():
    for name, edges in GRAPH.items():
        if layer(name) != "tools":
            assert not [t for t, _, _ in edges if internal(t) and layer(t) == "tools"], name


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_every_module_says_what_it_is_for_and_which_lesson_brings_it(path):
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    assert doc, f"{module_name(path)} has no docstring"
    assert "lesson" in doc.lower(), f"{module_name(path)}'s docstring names no lesson (or 'no lesson')"


def test_the_code_passes_ruff_lint_and_format():
    root = PACKAGE.parent
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "utils", "tests", "conftest.py"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "utils", "tests", "conftest.py"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:]
