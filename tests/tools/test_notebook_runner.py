"""The notebook runner (utils.tools.notebooks, behind ``make all``, ``make test``, ``make handout``): cleaning,
executing with the runner's parameters, one plain line for a notebook that fails or cannot be read, and the
handouts (where ``make lab`` shows them, no solutions or answers, a carry-on line after each check)."""

from __future__ import annotations

import io
import re
import sys

import nbformat
import pytest

from utils.tools import notebooks


def test_clean_strips_every_output_and_count_and_checked_outputs_are_recorded_apart(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell(
        "print(1)", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="1\n")]
    )
    checked = nbformat.v4.new_code_cell(
        "print(2)", execution_count=4, outputs=[nbformat.v4.new_output("stream", text="2\n")]
    )
    checked.metadata["tags"] = [notebooks.CHECK_TAG]
    nb.cells = [plain, checked]
    assert len(notebooks.problems(nb)) == 4
    # What nbval compares a checked cell with is kept beside the notebooks, not in them.
    monkeypatch.setattr(notebooks, "EXPECTED_OUTPUTS", tmp_path / "expected_outputs.json")
    assert notebooks.record(tmp_path / "lesson.ipynb", nb) == 1
    assert notebooks.expected_outputs() == {
        "lesson.ipynb": {checked.id: [{"name": "stdout", "output_type": "stream", "text": "2\n"}]}
    }
    assert notebooks.clean(nb)
    assert notebooks.problems(nb) == []
    assert plain.outputs == [] and plain.execution_count is None
    assert checked.outputs == [] and checked.execution_count is None


@pytest.mark.slow
def test_execute_runs_every_cell_and_reports_errors(tmp_path):
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 2"), nbformat.v4.new_code_cell("x * 3")])
    path = tmp_path / "good.ipynb"
    nbformat.write(good, path)
    ran = notebooks.execute(path, timeout=60)
    assert [c.execution_count for c in ran.cells] == [1, 2]
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("pass")])
    nbformat.write(bad, tmp_path / "bad.ipynb")
    with pytest.raises(Exception, match="ZeroDivisionError"):
        notebooks.execute(tmp_path / "bad.ipynb", timeout=60)


@pytest.mark.slow
def test_a_failed_notebook_says_why_in_one_plain_line_and_leaves_no_stale_copy(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1\nraise RuntimeError('could not get the ImageNet weights of vgg16. Fix: use mobilenet_v2')"
            )
        ]
    )
    path = tmp_path / "05_fails.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(notebooks, "EXECUTED_DIR", tmp_path / "executed")
    (tmp_path / "executed").mkdir()
    (tmp_path / "executed" / path.name).write_text("{}")  # an older, successful run
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert notebooks.main(["execute", str(path)]) == 1
    line = [x for x in out.getvalue().splitlines() if x.startswith("FAILED")][0]
    assert line.endswith("RuntimeError: could not get the ImageNet weights of vgg16. Fix: use mobilenet_v2")
    assert "\x1b[" not in line
    assert not (tmp_path / "executed" / path.name).exists()


def test_check_and_clean_on_a_missing_or_broken_notebook_say_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    for action in ("check", "clean"):
        assert notebooks.main([action, str(tmp_path / "none.ipynb"), str(broken)]) == 1
        err = capsys.readouterr().err
        assert "none.ipynb: no such notebook" in err and "broken.ipynb: not a readable notebook" in err


def _with_parameters_cell(source: str = 'BACKBONE = "vgg16"  # or "mobilenet_v2"'):
    parameters = nbformat.v4.new_code_cell(source)
    parameters.metadata["tags"] = ["parameters"]
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# A lesson"), parameters, nbformat.v4.new_code_cell("print(BACKBONE)")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def test_fdl_backbone_is_injected_after_the_parameters_cell_papermills_way(monkeypatch):
    monkeypatch.delenv("FDL_BACKBONE", raising=False)
    nb = _with_parameters_cell()
    assert notebooks.run_parameters(nb) == {} and notebooks.with_parameters(nb) is nb  # the notebook's own value
    monkeypatch.setenv("FDL_BACKBONE", "squeezenet1_1")
    assert notebooks.run_parameters(nb) == {"BACKBONE": "squeezenet1_1"}
    injected = notebooks.with_parameters(nb)
    assert [c.source for c in nb.cells][1] == 'BACKBONE = "vgg16"  # or "mobilenet_v2"'  # the notebook stays as it was
    assert len(injected.cells) == 4 and injected.cells[1].source == nb.cells[1].source
    assert "injected-parameters" in injected.cells[2].metadata["tags"]
    assert 'BACKBONE = "squeezenet1_1"' in injected.cells[2].source
    assert notebooks.with_parameters(nb, {"BACKBONE": "vgg16"}).cells[2].source.count("vgg16") == 1
    # Only a notebook that has such a parameter gets it.
    assert notebooks.run_parameters(_with_parameters_cell("CROP = 160")) == {}
    assert notebooks.run_parameters(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("BACKBONE = 1")])) == {}


def test_lessons_05_and_06_take_the_backbone_from_the_runner(monkeypatch):
    monkeypatch.setenv("FDL_BACKBONE", "mobilenet_v2")
    lessons = notebooks.lesson_notebooks()
    assert [p.stem[:2] for p in lessons] == sorted(p.stem[:2] for p in lessons) and lessons[0].stem == "01_mnist"
    assert all(p.parent == notebooks.NOTEBOOK_DIR for p in lessons)
    wanted = {p.stem: notebooks.run_parameters(nbformat.read(p, as_version=4)) for p in lessons}
    assert {name for name, values in wanted.items() if values} == {"05_pretrained_vgg16", "06_capstone_real_hands"}
    assert all(values in ({}, {"BACKBONE": "mobilenet_v2"}) for values in wanted.values())


@pytest.mark.slow
def test_execute_runs_a_notebook_with_the_runners_parameters(tmp_path, monkeypatch):
    path = tmp_path / "lesson.ipynb"
    nbformat.write(_with_parameters_cell(), path)
    monkeypatch.setenv("FDL_BACKBONE", "squeezenet1_1")
    ran = notebooks.execute(path, timeout=60)
    assert ran.cells[-1].outputs[0]["text"] == "squeezenet1_1\n"
    monkeypatch.delenv("FDL_BACKBONE")
    assert notebooks.execute(path, timeout=60).cells[-1].outputs[0]["text"] == "vgg16\n"


#: Words of the lessons that only fit a notebook with its solutions and answers.
POINTS_TO_SOLUTIONS = re.compile(r"open the answer|solution below|collapsed|three dots|blue bar", re.IGNORECASE)


@pytest.mark.parametrize("path", notebooks.lesson_notebooks(), ids=lambda p: p.name)
def test_a_handout_has_no_solutions_or_answers_and_a_carry_on_line_after_each_check(path, tmp_path):
    assert notebooks.HANDOUT_DIR.parent == notebooks.NOTEBOOK_DIR  # inside the folder `make lab` serves
    lesson = nbformat.read(path, as_version=4)
    [written] = notebooks.handout([path], tmp_path)
    handout = nbformat.read(written, as_version=4)
    assert notebooks.problems(handout) == []
    assert not [c for c in handout.cells if {"solution", "answer"} & set(notebooks.tags(c))]
    for i, cell in enumerate(handout.cells):
        if cell.cell_type == "markdown":
            assert not POINTS_TO_SOLUTIONS.search(cell.source), f"{written.name}, cell {i}: {cell.source[:300]!r}"
            assert "fdl" not in cell.metadata or "handout" not in cell.metadata["fdl"]
    checks = [i for i, c in enumerate(handout.cells) if "check" in notebooks.tags(c)]
    assert len(checks) == len([c for c in lesson.cells if "check" in notebooks.tags(c)])
    for i in checks:
        number = handout.cells[i].metadata["fdl"]["exercise"]
        after = handout.cells[i + 1]
        assert "carry-on" in notebooks.tags(after) and after.metadata["fdl"]["exercise"] == number
        assert after.source.startswith(f'check.carry_on("{number}", globals())')
    answered = [c.metadata["fdl"]["exercise"] for c in lesson.cells if "answer" in notebooks.tags(c)]
    questions = [c for c in handout.cells if "question" in notebooks.tags(c)]
    assert [c.metadata["fdl"]["exercise"] for c in questions] == answered
    assert all("not part of this handout" in c.source for c in questions)
    assert notebooks.handout([path], tmp_path / "again")[0].read_text() == written.read_text()
