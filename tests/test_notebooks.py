"""The notebooks themselves: committed clean, in the course's order, and the guard that they really ran."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from utils import notebook_tools

from helpers import needs_mirror

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cells_only_set_up(path):
    """The cell tagged ``setup`` imports, seeds and picks the device: the tests of the lesson code run it."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    setup = [c for c in cells if "setup" in c.metadata.get("tags", [])]
    assert len(setup) == 1 and "seed_everything(" in setup[0].source and "get_device(" in setup[0].source
    assert not re.search(r"\b(load_\w+|download|fit|read_csv)\(", setup[0].source), "the setup cell loads nothing"


def _image_outputs(cell) -> list[str]:
    return [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def test_plot_helpers_show_each_figure_once(tmp_path):
    """Called on a cell's last line, a plotting helper leaves one picture, not a second copy as the cell's value."""
    cells = [
        "import torch\nfrom utils.plotting import show_images, plot_history, plot_confusion_matrix\n"
        "from utils.history import History\n%matplotlib inline",
        "show_images(torch.rand(4, 1, 8, 8), ['a', 'b', 'c', 'd'], ncols=4)",
        "h = History().add_epoch(1.0, 0.5, 1.1, 0.4, 1.0).add_epoch(0.8, 0.6, 0.9, 0.5, 1.0)\nplot_history(h)",
        "plot_confusion_matrix(torch.tensor([0, 1, 1, 2]), torch.tensor([0, 2, 1, 2]), ['a', 'b', 'c'])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = tmp_path / "plots.ipynb"
    nbformat.write(nb, path)
    ran = notebook_tools.execute(path, timeout=120)
    assert [len(_image_outputs(c)) for c in ran.cells[1:]] == [1, 1, 1]
    assert not any(o.get("output_type") == "execute_result" for c in ran.cells for o in c.outputs)


@needs_mirror
def test_executed_smoke_lesson_shows_no_picture_twice(tmp_path, monkeypatch):
    """Lesson 01 run as `make test` runs it: no cell shows the same image twice, every check prints one line."""
    monkeypatch.setenv("FDL_SMOKE", "1")
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    ran = notebook_tools.execute(NOTEBOOK_DIR / "01_mnist.ipynb", timeout=600)
    assert sum(len(_image_outputs(c)) for c in ran.cells) >= 4
    for i, cell in enumerate(ran.cells):
        images = _image_outputs(cell)
        assert len(images) == len(set(images)), f"cell {i} shows the same picture twice"
        if "check" in cell.metadata.get("tags", []):
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert text.count("\n") == 1 and "not done yet" in text, text


def test_the_top_level_holds_only_the_course_layout():
    """Nothing stray (a probe's screenshot, a scratch script) is committed beside the course's folders."""
    import shutil
    import subprocess

    root = NOTEBOOK_DIR.parent
    if not (root / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    top = {path.split("/")[0] for path in tracked}
    assert top <= {".ci", ".gitignore", "Makefile", "README.md", "conftest.py", "pyproject.toml", "requirements.txt",
                   "notebooks", "utils", "tests", "data", "models", "results"}, top
