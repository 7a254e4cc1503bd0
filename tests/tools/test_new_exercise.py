"""Adding an exercise with ``python -m utils.tools.new_exercise``, on a copy of lesson 03's three files."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from utils.tools import new_exercise
from utils.tools.notebooks import read_notebook, tags

import judging

ROOT = Path(__file__).resolve().parents[2]
FILES = ["notebooks/03_asl_cnn.ipynb", "utils/checks/lesson03.py", "tests/checks/answers/lesson03.md"]


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A tree with lesson 03's notebook, checks and answers, which the tool edits instead of the course's."""
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.setattr(new_exercise, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(new_exercise, "lesson_notebooks", lambda: [tmp_path / FILES[0]])
    return tmp_path


def ruff_format_changes(path: Path) -> bool:
    return subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "--quiet", str(path)]).returncode != 0


def test_a_new_exercise_lands_in_its_three_files_ready_for_ruff(copy, capsys, monkeypatch):
    before = read_notebook(copy / FILES[0])
    code = new_exercise.main([str(copy / FILES[0]), "--name", "flattened_size", "--title", "the size after flattening"])
    assert code == 0, capsys.readouterr().err
    nb = read_notebook(copy / FILES[0])
    added = nb.cells[len(before.cells) :]
    assert [tags(c)[0] for c in added] == ["task", "exercise", "check", "solution", "solution"]
    assert {c.metadata["fdl"]["exercise"] for c in added} == {"03.4"}
    checks = (copy / FILES[1]).read_text()
    tree = ast.parse(checks)
    assert isinstance(tree.body[-1], ast.Assign) and tree.body[-1].targets[0].id == "__all__"  # still the last line
    assert "def flattened_size(" in checks and '@fallback("03.4")' in checks
    assert not ruff_format_changes(copy / FILES[1])  # make lint passes as it is
    monkeypatch.setattr(judging, "ANSWERS_DIR", copy / "tests/checks/answers")
    stubs = [a for a in judging.read_answers("03") if a.exercise == "03.4"]
    assert [a.kind for a in stubs] == ["correct"] * 3 + ["wrong"] * 4
    assert "Left to write" in capsys.readouterr().out


def test_an_exercise_placed_before_another_is_refused_with_the_cell_to_use(copy, capsys):
    nb = read_notebook(copy / FILES[0])
    first = next(i for i, c in enumerate(nb.cells) if c.metadata.get("fdl", {}).get("exercise"))
    text = (copy / FILES[1]).read_text()
    code = new_exercise.main(
        [str(copy / FILES[0]), "--name", "early", "--title", "too early", "--after", str(first - 1)]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "03.4 must come after" in err and "--after" in err
    assert (copy / FILES[1]).read_text() == text  # nothing written


def test_a_short_import_stays_on_one_line():
    assert new_exercise.core_import({"Todo", "exercise"}) == "from .core import Todo, exercise"
    long = new_exercise.core_import({f"name_{i:02d}" for i in range(12)})
    assert long.startswith("from .core import (\n    name_00,\n") and long.endswith("    name_11,\n)")
