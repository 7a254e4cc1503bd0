"""Start a new exercise (no lesson): ``python -m utils.tools.new_exercise NOTEBOOK --name NAME --title TITLE``.

Writes the five tagged cells of the lesson's next exercise into the notebook (after ``--after CELL``, a
cell index, or at the end): the task, a scaffold, the one-line check, the solution's heading and the
collapsed solution. It also adds the stubs the exercise needs in the two other places an exercise lives,
and nowhere else:

- the lesson's checks module, ``utils/checks/lessonNN.py``: a judge registered for the exercise (which says
  "not done yet" until it is written) and its fallback for handouts;
- the learners' answers the lesson's checks are tested on, ``tests/checks/answers/lessonNN.md``: entries to
  replace with at least three correct answers and four wrong ones.

Nothing central changes: the lesson's setup cell already imports its checks module as ``check``, and the
tests find the new exercise in the notebook. The command prints what is left to write.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from ..plumbing.settings import REPO_ROOT
from .notebooks import lesson_notebooks, read_notebook, tags

SOLUTION_HEADING = (
    "#### Solution to exercise {number}\n\nTry it yourself first. The cell below is collapsed: click "
    "the three dots (or the blue bar on its left) to see it, and run it either way: the rest of the "
    "lesson uses what it defines."
)


def lesson_of(path: Path) -> str:
    """``03`` for ``03_asl_cnn.ipynb``, ``04a`` for ``04a_asl_augmentation.ipynb``."""
    return Path(path).stem.split("_")[0]


def next_number(nb, lesson: str) -> str:
    numbers = [c.metadata.get("fdl", {}).get("exercise", "") for c in nb.cells]
    taken = [int(n.split(".")[1]) for n in numbers if n.startswith(lesson + ".")]
    return f"{lesson}.{max(taken, default=0) + 1}"


def exercise_cells(number: str, title: str, name: str, defines: list[str]) -> list:
    """The five cells of a new exercise, tagged and numbered as the course's tools expect."""
    meta = {"fdl": {"exercise": number}}
    args = ", ".join(defines)
    cells = [
        nbformat.v4.new_markdown_cell(
            f"### Exercise {number}: {title}\n\nThe task: what to write, in the "
            f"learner's words, with the names and expressions to use."
        ),
        nbformat.v4.new_code_cell("\n".join(f"{d} = ...  # your answer" for d in defines)),
        nbformat.v4.new_code_cell(f"check.{name}({args})"),
        nbformat.v4.new_markdown_cell(SOLUTION_HEADING.format(number=number)),
        nbformat.v4.new_code_cell("# Solution\n" + "\n".join(f"{d} = None  # the solution" for d in defines)),
    ]
    for cell, tag in zip(cells, ["task", "exercise", "check", "solution", "solution"], strict=True):
        cell.metadata = {"tags": [tag], **{k: dict(v) for k, v in meta.items()}}
    cells[-1].metadata["jupyter"] = {"source_hidden": True}
    return cells


def check_stub(number: str, title: str, name: str, defines: list[str]) -> str:
    params = ", ".join(defines)
    returned = ", ".join(f'"{d}": ...' for d in defines)
    return f'''

# --------------------------------------------------------------------------------------------------------
# {number}


@exercise("{number}", "{title}", "replace the `...` of the scaffold", defines=({", ".join(f'"{d}"' for d in defines)},))
def {name}({params}) -> str:
    require_done({params})
    raise Todo("this exercise's check is not written yet")


@fallback("{number}")
def _{name}(ns: dict) -> dict:
    return {{{returned}}}
'''


def with_core_imports(text: str, names: set[str]) -> str:
    """The checks module ``text`` with ``names`` added to its ``from .core import ...`` line."""
    match = re.search(r"^from \.core import (\(([^)]*)\)|([^\n]*))", text, re.MULTILINE)
    if match is None:
        return text.replace("\n\n\n", f"\n\n{core_import(names)}\n\n\n", 1)
    present = {n.strip() for n in (match.group(2) or match.group(3)).replace("\n", ",").split(",") if n.strip()}
    present = {n.split("#")[0].strip() for n in present} - {""}
    return text[: match.start()] + core_import(present | names) + text[match.end() :]


def core_import(names: set[str]) -> str:
    """``from .core import ...`` as ruff formats it: one line when it fits in 120 columns, else one name a line."""
    line = f"from .core import {', '.join(sorted(names))}"
    if len(line) <= 120:
        return line
    return "from .core import (\n" + "".join(f"    {n},\n" for n in sorted(names)) + ")"


def with_check(text: str, stub: str) -> str:
    """The checks module ``text`` with the check ``stub`` added after the last check, before a closing ``__all__``."""
    match = re.search(r"^__all__ = .*\Z", text, re.MULTILINE | re.DOTALL)
    if match is None:
        return text + stub
    return text[: match.start()].rstrip("\n") + "\n" + stub + "\n\n" + text[match.start() :]


def answers_stub(number: str) -> str:
    """Entries for the answers file: three correct answers and four wrong ones, to write."""
    entries = [f"## {number} correct: to write\n\n```python\n...\n```\n" for _ in range(3)]
    entries += [f"## {number} wrong: to write\n\nhint: ...\n\n```python\n...\n```\n" for _ in range(4)]
    return "\n" + "\n".join(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.new_exercise", description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path, help="the lesson notebook, e.g. notebooks/03_asl_cnn.ipynb")
    parser.add_argument("--name", required=True, help="the check's name: the notebook calls check.NAME(...)")
    parser.add_argument("--title", required=True, help="the exercise's title, e.g. 'a wider CNN'")
    parser.add_argument("--defines", nargs="+", default=None, help="the names the solution defines (default: NAME)")
    parser.add_argument("--after", type=int, default=None, help="the index of the cell to insert after (default: end)")
    args = parser.parse_args(argv)
    path = args.notebook
    if path.resolve() not in [p.resolve() for p in lesson_notebooks()]:
        print(f"error: {path} is not one of the lesson notebooks in notebooks/", file=sys.stderr)
        return 2
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.name):
        print(f"error: --name {args.name!r} should be a lowercase Python name, e.g. wider_cnn", file=sys.stderr)
        return 2
    lesson = lesson_of(path)
    checks = REPO_ROOT / "utils" / "checks" / f"lesson{lesson}.py"
    tests = REPO_ROOT / "tests" / "checks" / "answers" / f"lesson{lesson}.md"
    nb = read_notebook(path)
    if not any("setup" in tags(c) and f"lesson{lesson} as check" in c.source for c in nb.cells):
        print(f"error: {path.name}'s setup cell does not import utils.checks.lesson{lesson} as check", file=sys.stderr)
        return 2
    number = next_number(nb, lesson)
    defines = args.defines or [args.name]
    at = len(nb.cells) if args.after is None else args.after + 1
    later = [i for i, c in enumerate(nb.cells[at:], at) if c.metadata.get("fdl", {}).get("exercise")]
    if later:
        print(
            f"error: {number} must come after the lesson's other exercises, but cell {later[0]} belongs to "
            f"{nb.cells[later[0]].metadata['fdl']['exercise']}: use --after {later[-1]} or a later cell",
            file=sys.stderr,
        )
        return 2
    nb.cells[at:at] = exercise_cells(number, args.title, args.name, defines)
    nbformat.write(nb, path)
    module = with_core_imports(checks.read_text(), {"Todo", "exercise", "fallback", "require_done"})
    checks.write_text(with_check(module, check_stub(number, args.title, args.name, defines)))
    with open(tests, "a", encoding="utf-8") as f:
        f.write(answers_stub(number))
    print(f"exercise {number} ({args.title}) added to {path} as cells {at}-{at + 4}. Left to write:")
    print(f"  1. {path}: the task, the scaffold (with `...` where the learner writes) and the solution;")
    print(f"  2. {checks.relative_to(REPO_ROOT)}: the judge `{args.name}` (judge what the code does) and its fallback;")
    print(f"  3. {tests.relative_to(REPO_ROOT)}: at least 3 correct and 4 wrong answers for {number};")
    print("  then `make clean-notebooks` and `make test-fast`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
