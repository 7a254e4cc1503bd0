"""Find the tagged cells of the lesson notebooks and run them in a fresh namespace, without the data sets.

A lesson's first code cells (tagged ``parameters`` and ``setup``) only import, seed and pick the device,
so running them gives the namespace a marked cell or an exercise expects; the tests add small generated
stand-ins for the data where a cell needs them.
"""
from __future__ import annotations

import linecache
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
MARKER = re.compile(r"^# lesson-defines: (\S+)\s*$", re.MULTILINE)
EXERCISE_PARTS = ("task", "exercise", "check", "solution", "solution")


def read(path: Path):
    return nbformat.read(path, as_version=4)


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def exercise_id(cell) -> str | None:
    return cell.get("metadata", {}).get("fdl", {}).get("exercise")


def run_cell(source: str, namespace: dict, name: str) -> dict:
    """Execute ``source`` in ``namespace`` as Jupyter would, so that ``inspect.getsource`` finds its functions."""
    filename = f"<lesson-cell {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def setup_namespace(path: Path, **extra) -> dict:
    """The namespace after a lesson's ``parameters`` and ``setup`` cells, plus ``extra`` names."""
    nb = read(path)
    namespace: dict = {"__name__": "__lesson__"}
    ran = False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and {"parameters", "setup"} & set(tags(cell)):
            run_cell(cell.source, namespace, f"{path.stem}[{i}]")
            ran = True
    assert ran, f"{path.name}: no code cell is tagged 'setup'"
    namespace.update(extra)
    return namespace


@dataclass
class Exercise:
    """The cells of one exercise, by part."""

    notebook: Path
    id: str
    cells: list  # (index, cell) in notebook order

    def part(self, tag: str, cell_type: str = "code"):
        found = [c for _, c in self.cells if tag in tags(c) and c.cell_type == cell_type]
        assert found, f"{self.notebook.name}: exercise {self.id} has no {cell_type} cell tagged {tag!r}"
        return found[-1]

    @property
    def scaffold(self) -> str:
        return self.part("exercise").source

    @property
    def check(self) -> str:
        return self.part("check").source

    @property
    def solution(self) -> str:
        return self.part("solution").source


def exercises(path: Path) -> list[Exercise]:
    """Every exercise of a notebook (cells tagged task/exercise/check/solution), in order."""
    found: dict[str, Exercise] = {}
    for i, cell in enumerate(read(path).cells):
        ex = exercise_id(cell)
        if ex and set(tags(cell)) & {"task", "exercise", "check", "solution"}:
            found.setdefault(ex, Exercise(path, ex, [])).cells.append((i, cell))
    return list(found.values())


def marked_cells(path: Path) -> list[tuple[int, str, str]]:
    """(cell index, package object, source) of every cell marked ``# lesson-defines: utils....``."""
    out = []
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type == "code":
            for target in MARKER.findall(cell.source):
                out.append((i, target, cell.source))
    return out
