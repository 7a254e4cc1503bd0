"""The notebooks themselves: committed clean, in the course's order, and the guard that they really ran."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from utils import notebook_tools

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))


def test_the_course_notebooks_are_there():
    names = [p.stem for p in NOTEBOOKS]
    for expected in ("01_mnist", "02_asl", "03_asl_cnn", "04a_asl_augmentation", "04b_asl_predictions",
                     "05_pretrained_vgg16"):
        assert expected in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert notebook_tools.problems(nb) == []
    assert any(notebook_tools.is_checked(c) for c in nb.cells), "tag at least one deterministic cell for nbval"
    for cell in nb.cells:
        if notebook_tools.is_checked(cell):
            assert cell.outputs, f"{path.name}: a tagged cell has no recorded output to compare"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_the_helpers_and_never_cuda(path):
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert ".cuda()" not in source
    assert "seed_everything(" in source and "get_device(" in source


def test_clean_strips_outputs_but_keeps_checked_ones():
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell("print(1)", execution_count=3,
                                      outputs=[nbformat.v4.new_output("stream", text="1\n")])
    checked = nbformat.v4.new_code_cell("print(2)", execution_count=4,
                                        outputs=[nbformat.v4.new_output("stream", text="2\n")])
    checked.metadata["tags"] = [notebook_tools.CHECK_TAG]
    nb.cells = [plain, checked]
    assert len(notebook_tools.problems(nb)) == 3
    assert notebook_tools.clean(nb)
    assert notebook_tools.problems(nb) == []
    assert plain.outputs == [] and plain.execution_count is None
    assert checked.outputs[0]["text"] == "2\n" and checked.execution_count is None


def test_execute_runs_every_cell_and_reports_errors(tmp_path):
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 2"), nbformat.v4.new_code_cell("x * 3")])
    path = tmp_path / "good.ipynb"
    nbformat.write(good, path)
    ran = notebook_tools.execute(path, timeout=60)
    assert [c.execution_count for c in ran.cells] == [1, 2]
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("pass")])
    nbformat.write(bad, tmp_path / "bad.ipynb")
    with pytest.raises(Exception, match="ZeroDivisionError"):
        notebook_tools.execute(tmp_path / "bad.ipynb", timeout=60)
