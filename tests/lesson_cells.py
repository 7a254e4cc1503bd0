"""Find the tagged cells of the lesson notebooks and run them in a fresh namespace, without the data sets.

A lesson's first code cells (tagged ``parameters`` and ``setup``) only import, seed and pick the device,
so running them, with the parameters the course's runner injects (``BACKBONE`` from ``FDL_BACKBONE``),
gives the namespace a marked cell or an exercise expects. ``lesson_namespace(path, before_index)`` adds
small generated stand-ins for the data and the code the lesson wrote before that cell: the solutions of
earlier exercises and earlier ``# lesson-defines`` cells.
"""

from __future__ import annotations

import linecache
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
import torch

from utils.data import TensorData
from utils.pretrained import BackboneError
from utils.tools.notebooks import lesson_notebooks, run_parameters

NOTEBOOKS = lesson_notebooks()
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
    """The namespace after a lesson's ``parameters`` and ``setup`` cells, plus ``extra`` names.

    After the ``parameters`` cell come the values the course's runner injects there (papermill's way):
    ``BACKBONE`` from ``FDL_BACKBONE`` when that is set, as ``make test`` runs lessons 05 and 06.
    """
    nb = read(path)
    namespace: dict = {"__name__": "__lesson__"}
    ran = False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and {"parameters", "setup"} & set(tags(cell)):
            run_cell(cell.source, namespace, f"{path.stem}[{i}]")
            if "parameters" in tags(cell):
                injected = "".join(f"{name} = {value!r}\n" for name, value in run_parameters(nb).items())
                run_cell(injected, namespace, f"{path.stem}[{i}]:injected-parameters")
            ran = True
    assert ran, f"{path.name}: no code cell is tagged 'setup'"
    namespace.update(extra)
    return namespace


def data_stand_ins() -> dict:
    """Small generated stand-ins for what a lesson loads: 40 training and 30 validation grey 28 x 28 images of
    24 classes (two objects, so that a loader built on the wrong one shows), and Bo's classes."""
    g = torch.Generator().manual_seed(0)
    train = TensorData(torch.rand(40, 1, 28, 28, generator=g), torch.randint(0, 24, (40,), generator=g))
    valid = TensorData(torch.rand(30, 1, 28, 28, generator=g), torch.randint(0, 24, (30,), generator=g))
    return {"train_data": train, "valid_data": valid, "classes": ["bo", "not_bo"]}


def lesson_namespace(path: Path, before_index: int) -> dict:
    """The namespace the cell at ``before_index`` of a lesson sees, without the data sets: the setup (with
    the runner's parameters), small data stand-ins, and every cell before it that writes the lesson's code,
    in order: the exercises' solutions, the ``# lesson-defines`` cells and the cells tagged ``context`` (what
    an exercise's task points to, such as 04a's candidate transforms)."""
    namespace = setup_namespace(path, **data_stand_ins())
    for i, cell in enumerate(read(path).cells[:before_index]):
        if cell.cell_type == "code" and ({"solution", "context"} & set(tags(cell)) or MARKER.search(cell.source)):
            try:
                run_cell(cell.source, namespace, f"{path.stem}[{i}]")
                plt.close("all")  # a context cell may draw what it defines (04a's candidates)
            except BackboneError as err:  # lesson 06's solutions load an ImageNet backbone
                pytest.skip(f"needs the backbone's ImageNet weights (set FDL_MIRROR to the course mirror): {err}")
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
