"""A generated class for the gradebook: ``python tests/tools/make_class.py build LESSON FOLDER [--size 30]``.

Each learner starts from the lesson's handout and answers every exercise with one of the learners' answers
in ``tests/checks/answers/lessonNN.md`` (correct ones in several styles, typical mistakes, half-done
scaffolds) or leaves the scaffold as it is, drawn with a fixed seed: the same class every time. A few of
the class do what learners do: one deletes an exercise cell, one copies an exercise cell and answers twice,
one moves an answer to the end, one hands in the full notebook with a solution opened and run. Beside the
notebooks, ``expected.json`` says what each exercise's check should answer (a correct answer passes, a
mistake gets a hint, a scaffold is not done), so that a grading run of a real lesson can be compared with
it: ``make_class.py compare FOLDER grades.csv``. ``make grade-example`` grades such a class of lesson 02 and
draws the README's picture of the gradebook.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import random
import sys
from pathlib import Path

import nbformat

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "checks")]  # the answers' reader, as the checks' tests import it

from utils.tools.notebooks import handout_copy, lesson_notebooks, read_notebook, tags  # noqa: E402

from judging import read_answers  # noqa: E402

#: What a learner does with an exercise, and how often: most answer it right.
CHOICES = (("correct", 0.62), ("wrong", 0.26), ("scaffold", 0.12))
EXPECTED = {"correct": "passed", "wrong": "hint", "todo": "not done", "scaffold": "not done"}


def _cell(nb, number: str, tag: str):
    return next(c for c in nb.cells if tag in tags(c) and c.metadata.get("fdl", {}).get("exercise") == number)


def build(lesson: str, folder: Path, size: int = 30, seed: int = 0) -> dict[str, dict[str, str]]:
    """Write ``size`` submissions of ``lesson`` (``"02"``) into ``folder``; return, and write to
    ``expected.json``, each one's expected status per exercise."""
    path = next(p for p in lesson_notebooks() if p.stem.split("_")[0] == lesson)
    full = read_notebook(path)
    handout = handout_copy(full)
    numbers = list(dict.fromkeys(c.metadata["fdl"]["exercise"] for c in handout.cells if "exercise" in tags(c)))
    answers = {n: {"correct": [], "wrong": [], "todo": []} for n in numbers}
    for a in read_answers(lesson):
        answers[a.exercise][a.kind].append(a)
    rng = random.Random(f"{lesson}-{seed}")
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict[str, str]] = {}
    for i in range(size):
        name = f"learner{i + 1:02d}.ipynb"
        nb, statuses = copy.deepcopy(handout), {}
        for n in numbers:
            kind = rng.choices([k for k, _ in CHOICES], [w for _, w in CHOICES])[0]
            pool = answers[n][kind] if kind != "scaffold" else []
            if kind == "wrong" and answers[n]["todo"] and rng.random() < 0.25:
                kind, pool = "todo", answers[n]["todo"]
            if pool:
                _cell(nb, n, "exercise").source = rng.choice(pool).code
            statuses[n] = EXPECTED[kind if pool else "scaffold"]
        if i == 3:  # deletes the second exercise's cell
            doomed = _cell(nb, numbers[1], "exercise")
            nb.cells.remove(doomed)
            statuses[numbers[1]] = "missing"
        elif i == 7:  # tries a first answer in a copy of the cell above the one that counts
            first = _cell(nb, numbers[0], "exercise")
            trial = nbformat.v4.new_code_cell("# first try\n" + first.source, metadata=copy.deepcopy(first.metadata))
            trial.id = f"{first.id}-first-try"[:64]
            nb.cells.insert(nb.cells.index(first), trial)
        elif i == 11:  # moves the last exercise's answer to the end of the notebook
            moved = _cell(nb, numbers[-1], "exercise")
            nb.cells.remove(moved)
            nb.cells.append(moved)
        elif i == 15:  # hands in the course's notebook, with the first solution opened and run
            nb = copy.deepcopy(full)
            for n in numbers:
                statuses[n] = "not done"
            solution = next(c for c in nb.cells if "solution" in tags(c) and c.cell_type == "code")
            solution.execution_count = 5
            solution.metadata.setdefault("jupyter", {})["source_hidden"] = False
        nbformat.write(nb, folder / name)
        expected[name] = statuses
    (folder / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    return expected


def compare(folder: Path, grades_csv: Path) -> list[str]:
    """Where the gradebook differs from ``expected.json``: one line per cell that differs."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    header, _, *rows = list(csv.reader(grades_csv.open(encoding="utf-8")))
    got = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    differ = []
    for name, statuses in expected.items():
        for n, want in statuses.items():
            have = got.get(name, {}).get(n)
            if have != want:
                differ.append(f"{name} {n}: expected {want}, graded {have}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("build", help="write a class of a lesson's submissions")
    make.add_argument("lesson", help="the lesson's number, e.g. 02 or 04a")
    make.add_argument("folder", type=Path)
    make.add_argument("--size", type=int, default=30)
    make.add_argument("--seed", type=int, default=0)
    check = sub.add_parser("compare", help="compare a gradebook with the class's expected.json")
    check.add_argument("folder", type=Path)
    check.add_argument("grades", type=Path, help="the grades.csv of that class")
    args = parser.parse_args(argv)
    if args.command == "build":
        expected = build(args.lesson, args.folder, args.size, args.seed)
        print(f"{len(expected)} submissions of lesson {args.lesson} in {args.folder} (expected.json beside them)")
        return 0
    differ = compare(args.folder, args.grades)
    cells = sum(len(s) for s in json.loads((args.folder / "expected.json").read_text(encoding="utf-8")).values())
    print(f"{cells - len(differ)} of {cells} exercise cells as expected")
    print("\n".join(differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
