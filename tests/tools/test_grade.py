"""The gradebook, on a generated class: complete and untouched notebooks, hostile ones, and twenty mixed ones.

The class's lesson is lesson 01 without its lesson cells (the setup and the exercises' cells only), so that
each submission runs in seconds; the grader runs it exactly as it runs a full lesson. One grading run
serves every test of the module, and the gradebook is checked cell by cell.
"""

from __future__ import annotations

import collections
import copy
import csv
import itertools
import json
from pathlib import Path

import nbformat
import pytest

from utils.tools import grade, progress
from utils.tools.notebooks import handout_copy, read_notebook, tags

import make_class
from lesson_cells import NOTEBOOKS

LESSON = next(p for p in NOTEBOOKS if p.stem == "01_mnist")
RIGHT = {"01.1": "n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10"}
WRONG = {  # a wrong answer per exercise, and the start of the hint it gets
    "01.1": ("n_params = 784 * 512 + 512 * 512 + 512 * 10", "668,672 counts the weights only"),
    "01.2": (None, "The gradients are never cleared"),
    "01.3": (None, "The model was still in training mode"),
}


def short_lesson():
    """Lesson 01 without its lesson cells: the setup and the cells of the three exercises."""
    nb = read_notebook(LESSON)
    nb.cells = [c for c in nb.cells if {"parameters", "setup", "task", "exercise", "check", "solution"} & set(tags(c))]
    return nb


def solution_of(nb, number):
    return next(
        c.source
        for c in nb.cells
        if "solution" in tags(c) and c.cell_type == "code" and c.metadata["fdl"]["exercise"] == number
    ).replace("# Solution\n", "")


def cell(nb, number, tag):
    return next(c for c in nb.cells if tag in tags(c) and c.metadata.get("fdl", {}).get("exercise") == number)


def answered(reference, answers: dict[str, str]):
    """The reference notebook with these exercise cells filled in (the others left as the scaffold)."""
    nb = copy.deepcopy(reference)
    for number, source in answers.items():
        cell(nb, number, "exercise").source = source
    return nb


def wrong_answer(reference, number):
    source, _ = WRONG[number]
    if source is not None:
        return source
    good = solution_of(reference, number)
    return good.replace("optimizer.zero_grad()", "pass") if number == "01.2" else good.replace("model.eval()", "pass")


def build_class(folder: Path, reference) -> dict[str, dict]:
    """Write the class's notebooks; return what each one's row should say."""
    numbers = ["01.1", "01.2", "01.3"]
    right = {n: solution_of(reference, n) for n in numbers}
    expect: dict[str, dict] = {}

    def write(name, nb, statuses, note=None):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        expect[name] = {"statuses": statuses, "note": note}

    write("complete.ipynb", answered(reference, right), dict.fromkeys(numbers, "passed"))
    write("untouched_handout.ipynb", handout_copy(reference), dict.fromkeys(numbers, "not done"))
    nb = answered(reference, right)
    nb.cells = [c for c in nb.cells if not ("exercise" in tags(c) and c.metadata["fdl"]["exercise"] == "01.2")]
    write("deleted_cell.ipynb", nb, {"01.1": "passed", "01.2": "missing", "01.3": "passed"}, "no answer cell")
    nb = answered(reference, right)
    first = cell(nb, "01.1", "exercise")
    wrong_first = nbformat.v4.new_code_cell(WRONG["01.1"][0], metadata=copy.deepcopy(first.metadata))
    nb.cells.insert(nb.cells.index(first), wrong_first)
    write("duplicated_cell.ipynb", nb, dict.fromkeys(numbers, "passed"), "more than one answer cell")
    nb = answered(reference, right)
    moved = cell(nb, "01.3", "exercise")
    nb.cells.remove(moved)
    nb.cells.append(moved)
    write("moved_cell.ipynb", nb, dict.fromkeys(numbers, "passed"))
    write(
        "raises.ipynb",
        answered(reference, {**right, "01.1": "n_params = 1 / 0"}),
        {"01.1": "error", "01.2": "passed", "01.3": "passed"},
    )
    write(
        "loops_forever.ipynb",
        answered(reference, {**right, "01.1": "while True:\n    pass"}),
        {"01.1": "timeout", "01.2": "passed", "01.3": "passed"},
    )
    write(
        "sys_exit.ipynb",
        answered(reference, {**right, "01.1": "import sys\nsys.exit(3)"}),
        {"01.1": "error", "01.2": "passed", "01.3": "passed"},
    )
    write(
        "prints_megabytes.ipynb",
        answered(reference, {**right, "01.1": 'print("x" * 5_000_000)\n' + right["01.1"]}),
        dict.fromkeys(numbers, "passed"),
    )
    write(
        "writes_stderr.ipynb",
        answered(
            reference,
            {
                **right,
                "01.1": 'import sys, warnings\nprint("oops", file=sys.stderr)\nwarnings.warn("careful")\n'
                + right["01.1"],
            },
        ),
        dict.fromkeys(numbers, "passed"),
    )
    nb = answered(reference, right)
    solution = next(
        c
        for c in nb.cells
        if "solution" in tags(c) and c.cell_type == "code" and c.metadata["fdl"]["exercise"] == "01.2"
    )
    solution.execution_count, solution.metadata["jupyter"] = 7, {"source_hidden": False}
    write("opened_solution.ipynb", nb, dict.fromkeys(numbers, "passed"), "the solution was opened or run")
    write("renamed/02_asl.ipynb", answered(reference, right), dict.fromkeys(numbers, "passed"))  # lesson by metadata
    (folder / "not_json.ipynb").write_text("this is not a notebook")
    expect["not_json.ipynb"] = {"statuses": {}, "note": "not a readable notebook"}
    other = copy.deepcopy(reference)
    for c in other.cells:
        if "fdl" in c.metadata:
            c.metadata["fdl"]["exercise"] = "99." + c.metadata["fdl"]["exercise"].split(".")[1]
    nbformat.write(other, folder / "unknown_lesson.ipynb")
    expect["unknown_lesson.ipynb"] = {"statuses": {}, "note": "not a notebook of the course's lessons"}
    # A class of twenty: every mix of right, wrong and untouched answers, in a fixed order.
    kinds = list(itertools.product(["right", "wrong", "scaffold"], repeat=3))[:20]
    for i, mix in enumerate(kinds):
        answers, statuses = {}, {}
        for n, kind in zip(numbers, mix, strict=True):
            if kind == "right":
                answers[n], statuses[n] = right[n], "passed"
            elif kind == "wrong":
                answers[n], statuses[n] = wrong_answer(reference, n), "hint"
            else:
                statuses[n] = "not done"
        write(f"class/learner{i:02d}.ipynb", answered(reference, answers), statuses)
    return expect


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    reference_dir = root / "reference"
    reference_dir.mkdir()
    reference = short_lesson()
    nbformat.write(reference, reference_dir / "01_mnist.ipynb")
    submissions = root / "submissions"
    expect = build_class(submissions, reference)
    out = root / "out"
    code = grade.main([str(submissions), "--out", str(out), "--reference", str(reference_dir), "--timeout", "20"])
    assert code == 0
    rows = list(csv.reader((out / "grades.csv").open(encoding="utf-8")))
    return {"expect": expect, "rows": rows, "out": out, "submissions": submissions, "reference": reference_dir}


@pytest.mark.slow
def test_the_gradebook_is_right_in_every_cell(graded):
    header, possible, *rows = graded["rows"]
    assert header == ["submission", "lesson", "01.1", "01.2", "01.3", "points", "notes"]
    assert possible == ["Points Possible", "", "1", "1", "1", "3", ""]
    by_name = {row[0]: row for row in rows}
    assert sorted(by_name) == sorted(graded["expect"]), "one row per submission"
    for name, want in graded["expect"].items():
        row = by_name[name]
        statuses = want["statuses"]
        got = dict(zip(header[2:5], row[2:5], strict=True))
        assert got == ({n: statuses.get(n, "") for n in got}), f"{name}: {row}"
        assert row[1] == ("01" if statuses else ""), name
        assert row[5] == str(sum(s == "passed" for s in statuses.values())), name
        if want["note"]:
            assert want["note"] in row[6], f"{name}: notes {row[6]!r}"


@pytest.mark.slow
def test_feedback_names_each_checks_line_and_the_hint(graded):
    text = (graded["out"] / "feedback" / "class__learner01.md").read_text()  # right, right, wrong
    assert "2 of 3 exercises passed" in text and "**01.3**: hint" in text and WRONG["01.3"][1] in text
    handout = (graded["out"] / "feedback" / "untouched_handout.md").read_text()
    assert handout.count("not done") >= 3


@pytest.mark.slow
def test_grading_is_deterministic_and_writes_nothing_into_the_course(graded, tmp_path):
    """Four of the class graded again, in another folder: the same rows; the course's models/ untouched."""
    models = Path(grade.settings.REPO_ROOT) / "models"
    before = sorted(p.name for p in models.rglob("*"))
    again_in = tmp_path / "again_in"
    again_in.mkdir()
    names = ["complete.ipynb", "raises.ipynb", "class__learner05.ipynb", "untouched_handout.ipynb"]
    for name in names:
        (again_in / name).write_bytes((graded["submissions"] / name.replace("__", "/")).read_bytes())
    out = tmp_path / "again"
    grade.main([str(again_in), "--out", str(out), "--reference", str(graded["reference"]), "--timeout", "20"])
    again = {row[0]: row[1:] for row in list(csv.reader((out / "grades.csv").open(encoding="utf-8")))[2:]}
    first = {row[0].replace("/", "__"): row[1:] for row in graded["rows"][2:]}
    assert again == {name: first[name] for name in names}
    assert sorted(p.name for p in models.rglob("*")) == before


def test_the_notebook_to_run_has_the_courses_checks_after_the_learners_cells():
    reference = short_lesson()
    nb = answered(reference, {"01.1": "n_params = 3"})
    check = cell(nb, "01.1", "check")
    check.source = "print('✓ passed')  # a learner's forged check"
    exercise = cell(nb, "01.1", "exercise")
    nb.cells.remove(exercise)
    nb.cells.append(exercise)
    run, plan, notes = grade.grading_notebook(nb, reference)
    sources = [c.source for c in run.cells]
    assert "forged" not in "".join(sources)
    assert sources[plan["01.1"]["exercise"]] == "n_params = 3"
    assert sources[plan["01.1"]["check"]] == cell(reference, "01.1", "check").source
    assert sum('check.carry_on("01.1"' in s for s in sources) == 1  # the solution's place
    assert not notes


def test_the_lesson_comes_from_the_exercises_not_the_file_name():
    known = grade.references()
    assert grade.lesson_of(short_lesson(), known) == "01"
    assert grade.lesson_of(nbformat.v4.new_notebook(), known) is None


def test_the_summary_counts_the_passes_and_names_the_most_common_hint():
    results = [
        grade.Result("a", "01", {"01.1": "passed"}),
        grade.Result(
            "b", "01", {"01.1": "hint"}, {"01.1": "✗ not quite. 668,672 counts the weights only: every layer ..."}
        ),
        grade.Result("c", "01", {"01.1": "hint"}, {"01.1": "✗ not quite. 668,672 counts the weights only: x"}),
    ]
    text = grade.summary(results)
    assert "01.1: 1/3 passed" in text and "(2x): 668,672 counts the weights only" in text


def test_the_command_says_what_is_wrong_with_its_folder(tmp_path, capsys):
    assert grade.main([str(tmp_path / "nowhere")]) == 2
    assert grade.main([str(tmp_path)]) == 2
    assert "no .ipynb file" in capsys.readouterr().err


def test_results_survive_a_round_trip_through_json():
    r = grade.Result("x.ipynb", "02", {"02.1": "passed"}, {"02.1": "✓ passed. ..."}, ["a note"], 1.5, 300.0)
    assert grade.Result(**json.loads(json.dumps(r.__dict__))) == r


def test_a_generated_class_of_a_real_lesson_is_the_same_every_time(tmp_path):
    """make grade-example's class: learners' answers of lesson 02, a few hostile habits, expected.json."""
    expected = make_class.build("02", tmp_path / "a", size=20)
    assert make_class.build("02", tmp_path / "b", size=20) == expected
    assert all((tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() for name in expected)
    counts = collections.Counter(s for statuses in expected.values() for s in statuses.values())
    assert {"passed", "hint", "not done", "missing"} <= set(counts) and counts["passed"] > counts["hint"]
    known = grade.references()
    reference = read_notebook(known["02"])
    answers = {a.code for a in make_class.read_answers("02")}
    for name, statuses in expected.items():
        nb = read_notebook(tmp_path / "a" / name)
        assert grade.lesson_of(nb, known) == "02"
        _, plan, notes = grade.grading_notebook(nb, reference)
        assert sorted(plan) == sorted(n for n, s in statuses.items() if s != "missing"), name
        for n, s in statuses.items():
            if s in ("passed", "hint"):
                last = [c for c in nb.cells if "exercise" in tags(c) and c.metadata["fdl"]["exercise"] == n][-1]
                assert last.source in answers, f"{name} {n}"  # the last answer cell counts
    assert any(
        "solution was opened" in note
        for note in grade.grading_notebook(read_notebook(tmp_path / "a" / "learner16.ipynb"), reference)[2]
    )


@pytest.mark.slow
def test_progress_shows_each_lesson_with_the_hints_still_open(graded):
    """``make progress``'s table for a learner: what passed, what is not done, and the hint of each answer to
    look at again; a file that is no notebook gets its one line."""
    sub = graded["submissions"]
    paths = [sub / "class" / "learner01.ipynb", sub / "untouched_handout.ipynb", sub / "not_json.ipynb"]
    results = grade.grade(paths, reference_dir=graded["reference"], timeout=20, progress=False)
    lines = progress.table(results).splitlines()
    assert "Lesson 01 (learner01.ipynb): 2 of 3 passed" in lines, lines
    assert "  01.1  passed" in lines
    assert any(line.startswith("  01.3  another look") and WRONG["01.3"][1] in line for line in lines), lines
    assert "Lesson 01 (untouched_handout.ipynb): 0 of 3 passed" in lines and "  01.2  not done yet" in lines
    assert [line for line in lines if "not_json.ipynb" in line and "not a readable notebook" in line], lines
