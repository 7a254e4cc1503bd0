"""The course notebooks themselves: committed clean, in the course's order, using the helpers, reading no
setting themselves, with answers in closed ``<details>`` blocks, and, run as ``make test`` runs them, showing
no picture twice. The runner that executes
and cleans them is tools/test_notebook_runner.py's."""

from __future__ import annotations

import re
import shutil
import subprocess

import nbformat
import pytest

from utils.tools import notebooks

from helpers import REPO, needs_mirror
from lesson_cells import NOTEBOOKS


def test_the_course_notebooks_are_there():
    names = [p.stem for p in NOTEBOOKS]
    for expected in (
        "01_mnist",
        "02_asl",
        "03_asl_cnn",
        "04a_asl_augmentation",
        "04b_asl_predictions",
        "05_pretrained_vgg16",
        "06_capstone_real_hands",
    ):
        assert expected in names
    assert names == sorted(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert notebooks.problems(nb) == []
    assert any(notebooks.is_checked(c) for c in nb.cells), "tag at least one deterministic cell for nbval"
    recorded = notebooks.expected_outputs().get(path.name, {})
    for cell in nb.cells:
        if notebooks.is_checked(cell):
            assert recorded.get(cell.get("id")), f"{path.name}: a tagged cell has no recorded output to compare"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_the_helpers_and_never_cuda(path):
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert ".cuda()" not in source
    assert "seed_everything(" in source and "get_device(" in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_lesson_reads_no_setting_itself(path):
    """Only utils.plumbing.settings reads the ``FDL_*`` variables; the runner passes ``BACKBONE`` to lessons 05
    and 06 through their ``parameters`` cell."""
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "code":
            assert not re.search(r"os\.environ|getenv|FDL_", cell.source), f"{path.name}, cell {i} reads a setting"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cells_only_set_up(path):
    """The cell tagged ``setup`` imports, seeds and picks the device: the tests of the lesson code run it."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    setup = [c for c in cells if "setup" in c.metadata.get("tags", [])]
    assert len(setup) == 1 and "seed_everything(" in setup[0].source and "get_device(" in setup[0].source
    assert not re.search(r"\b(load_\w+|download|fit|read_csv)\(", setup[0].source), "the setup cell loads nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_answer_is_one_closed_details_block_under_its_question(path):
    """An answer stays closed whatever a learner runs: it is a ``<details>`` block in its own markdown cell (a
    collapsed input would open when JupyterLab renders the cell, as "Run All" does). The browser test sees
    it closed in JupyterLab; a handout leaves it out."""
    cells = nbformat.read(path, as_version=4).cells
    for i, cell in enumerate(cells):
        if "answer" not in cell.metadata.get("tags", []):
            continue
        where = f"{path.name}, cell {i}"
        source = cell.source.strip()
        assert cell.cell_type == "markdown", where
        assert source.startswith("<details>\n<summary>") and source.endswith("</details>"), where
        assert source.count("<details") == 1, where  # and not <details open>
        assert "</summary>\n\n" in source, f"{where}: a blank line after </summary>, or its Markdown shows raw"
        assert not cell.metadata.get("jupyter", {}).get("source_hidden"), where
        question = cells[i - 1]
        assert "question" in question.metadata.get("tags", []), f"{where}: no question above the answer"
        assert question.metadata["fdl"]["exercise"] == cell.metadata["fdl"]["exercise"], where


def _image_outputs(cell) -> list[str]:
    return [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


@pytest.mark.slow
@needs_mirror
def test_executed_smoke_lesson_shows_no_picture_twice(tmp_path, monkeypatch):
    """Lesson 01 run as `make test` runs it: no cell shows the same image twice, every check prints one line."""
    monkeypatch.setenv("FDL_SMOKE", "1")
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    ran = notebooks.execute(notebooks.NOTEBOOK_DIR / "01_mnist.ipynb", timeout=600)
    assert sum(len(_image_outputs(c)) for c in ran.cells) >= 4
    for i, cell in enumerate(ran.cells):
        images = _image_outputs(cell)
        assert len(images) == len(set(images)), f"cell {i} shows the same picture twice"
        if "check" in cell.metadata.get("tags", []):
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert text.count("\n") == 1 and "not done yet" in text, text


def test_the_top_level_holds_only_the_course_layout():
    """Nothing stray (a probe's screenshot, a scratch script) is committed beside the course's folders."""
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    top = {path.split("/")[0] for path in tracked}
    assert top <= {
        ".ci",
        ".gitignore",
        "Makefile",
        "README.md",
        "conftest.py",
        "pyproject.toml",
        "requirements.txt",
        "notebooks",
        "utils",
        "tests",
        "data",
        "models",
        "results",
    }, top
