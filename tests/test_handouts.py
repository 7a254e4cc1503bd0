"""Every lesson's handout runs to the end, in lesson order, as a learner would run it: once with every scaffold
left untouched (the lesson goes on with the course's versions), and once with every exercise answered right
in a way of the learner's own, never the course's solution (the lesson goes on with the learner's code:
04a trains and saves its model with the learner's block, and 04b reads the model 04a saved). Each check
cell shows its one line and nothing else (no progress bar of the check's own training run), and every figure
a lesson shows shows what it should (``tests/figures.py``: no blank or saturated panel, no unreadable text).

The answers come from the checks' tests (``tests/checks/answers``), chosen to differ from the solution in
form: a network written as an ``nn.Module`` with ``F.relu``, blocks of nested ``nn.Sequential``s, a loss of
one's own class, and so on. Each lesson runs in a fresh kernel in smoke mode, with the models folder of the
test's own.

Each chain ("untouched", "own") runs once per test session, in the module-scoped fixture ``chain``; the tests
below only read what it ran. A chain stops at the first lesson that fails (the next lessons need what it
makes); the tests judge the lessons that ran, and ``test_every_handout_runs_to_the_end`` names the failure.
The fixture puts one cell first in every handout (``watch_cell``): it imports ``tests/figures.py`` and has it
check every figure the kernel renders, appending what it finds to the file ``$FDL_FIGURE_REPORT`` names.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import figures  # tests/figures.py (tests/ is on pytest's pythonpath)
import nbformat
import pytest

from utils.tools.notebooks import execute, failure_line, handout_copy, lesson_notebooks, read_notebook, tags

sys.path.insert(0, str(Path(__file__).resolve().parent / "checks"))
from judging import read_answers  # noqa: E402

TESTS = Path(__file__).resolve().parent
CHAINS = ["untouched", "own"]
#: The id and tag of the cell put first in every handout run here.
WATCH = "figure-watch"

#: The learner's own right answer to each exercise: the start of its heading in ``answers/lessonNN.md``.
OWN_ANSWERS = {
    "01.1": "loop over layer sizes with zip",
    "01.2": "zero_grad moved to the top of the loop before the forward pass",
    "01.3": "model.train(False) and torch.inference_mode()",
    "02.1": "torch.where",
    "02.2": "an nn.Module subclass with its own forward using F.relu",
    "02.3": "torch.max(..., dim=1) indices and .eq",
    "02.4": "its own __init__ that prepares every image once",
    "03.1": ".values, torch.from_numpy().float().div(255)",
    "03.2": "nested Sequentials, one per block",
    "03.3": "validation loader left at the default (no shuffle argument)",
    "04a.1": "forward written out by hand, looping over the layers of self.model",
    "04a.2": "list built with append, degrees as a (-5, 5) range",
    "04b.1": "steps built in a list first, Grayscale(1) positional",
    "04b.2": "image[None, ...], .to(device=...), torch.argmax(scores, 1) with int()",
    "05.1": "sets of class numbers built once outside the function",
    "05.2": "head as a small nn.Module subclass wrapping a Linear(1000, 1)",
    "05.3": "a subclass of BCEWithLogitsLoss with a docstring",
    "05.4": "1/(1+exp(-x)) written out, test on score > 0",
    "06.1": "loads on the CPU then moves to device",
    "06.2": "one-liner return with freeze_base() chained",
    "06.3": "imported under another name",
    "06.4": "mild: 5 degrees, crop 90%, jitter 0.05, scale as a list",
    "06.5": "valid_loader left at its default (no shuffle argument)",
    "06.6": "chained reassignment model = model.unfreeze_base(...), lr=3e-5",
}


def own_answer(number: str) -> str:
    lesson = number.split(".")[0]
    found = [a for a in read_answers(lesson) if a.exercise == number and a.kind == "correct"]
    return next(a.code for a in found if a.what.startswith(OWN_ANSWERS[number]))  # the first one so named


def exercise_of(cell) -> str | None:
    return cell.get("metadata", {}).get("fdl", {}).get("exercise")


def text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def solution_of(nb, number: str) -> str:
    return next(
        c.source for c in nb.cells if "solution" in tags(c) and c.cell_type == "code" and exercise_of(c) == number
    )


def watch_cell(notebook: str):
    """The cell put first in a handout: from then on ``figures.watch`` checks every figure the kernel renders.
    It prints nothing, and leaves no name behind in the learner's namespace (nor ``tests/`` on ``sys.path``,
    where its modules could shadow the lesson's)."""
    source = (
        "def _watch_figures():\n"
        "    import sys\n"
        f"    sys.path.append({str(TESTS)!r})\n"
        "    try:\n"
        "        import figures\n"
        "    finally:\n"
        f"        sys.path.remove({str(TESTS)!r})\n"
        f"    figures.watch({notebook!r})\n"
        "\n"
        "\n"
        "_watch_figures()\n"
        "del _watch_figures"
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {"tags": [WATCH]}
    cell.id = WATCH
    return cell


@dataclass
class Lesson:
    """One lesson's run: its handout as written (the watch cell first), the exercises' numbers, the executed
    notebook."""

    path: Path
    numbers: list[str]
    ran: nbformat.NotebookNode

    def where(self, count: int | None) -> str:
        """The cell with execution count ``count``, as "cell N `first line`" (N: its place in the handout,
        the cells put in by the run left out)."""
        placed = [c for c in self.ran.cells if not {WATCH, "injected-parameters"} & set(tags(c))]
        for index, cell in enumerate(placed):
            if count is not None and cell.get("execution_count") == count:
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                return f"cell {index} `{first[:60]}{'…' if len(first) > 60 else ''}`"
        return f"cell with execution count {count}"


@dataclass
class Chain:
    answers: str
    lessons: list[Lesson] = field(default_factory=list)
    failure: str | None = None  # "NN_name.ipynb: Error: message" for the lesson that failed
    models: Path | None = None
    records: list[dict] = field(default_factory=list)  # what figures.watch wrote

    def __repr__(self) -> str:  # short, as pytest shows the fixture's value in a failure
        ran = ", ".join(lesson.path.stem for lesson in self.lessons)
        return f"<{self.answers} chain: ran {ran or 'nothing'}{'; ' + self.failure if self.failure else ''}>"


@pytest.fixture(scope="module", params=CHAINS)
def chain(request, tmp_path_factory) -> Chain:
    """Run every lesson's handout in lesson order, once per session per chain; stop at the first that fails."""
    answers = request.param
    folder = tmp_path_factory.mktemp(f"handouts-{answers}")
    result = Chain(answers, models=folder / "models")
    report = folder / "figure-report.jsonl"
    with pytest.MonkeyPatch.context() as mp:  # the kernels inherit these
        mp.setenv("FDL_SMOKE", "1")
        mp.setenv("FDL_MODELS", str(result.models))
        mp.setenv("FDL_BACKBONE", "mobilenet_v2")
        mp.setenv(figures.REPORT_ENV, str(report))
        for path in lesson_notebooks():
            full = read_notebook(path)
            nb = handout_copy(full)
            numbers = []
            for cell in nb.cells:
                if "exercise" in tags(cell):
                    numbers.append(exercise_of(cell))
                    if answers == "own":
                        cell.source = own_answer(numbers[-1])
            nb.cells.insert(0, watch_cell(path.stem))
            written = folder / path.name
            nbformat.write(nb, written)
            try:
                ran = execute(written, timeout=900)  # raises on the first cell that fails
            except Exception as err:
                result.failure = f"{path.name}: {failure_line(err)}"
                break
            nbformat.write(ran, folder / f"ran-{path.name}")  # to look at after a failure (pytest keeps tmp)
            result.lessons.append(Lesson(path, numbers, ran))
    result.records = figures.read_report(report)
    return result


def test_own_answers_are_not_the_solutions():
    """Each answer of the "own" chain is right in a way of the learner's own, never the course's solution."""
    for path in lesson_notebooks():
        full = read_notebook(path)
        for cell in handout_copy(full).cells:
            if "exercise" in tags(cell):
                number = exercise_of(cell)
                assert own_answer(number).strip() != solution_of(full, number).strip(), number


@pytest.mark.slow
def test_every_handout_runs_to_the_end(chain):
    assert chain.failure is None, chain.failure
    assert [lesson.path for lesson in chain.lessons] == lesson_notebooks()


@pytest.mark.slow
def test_each_check_cell_shows_one_line(chain):
    """One line of text, no progress bar (a view without live widgets shows it)."""
    for lesson in chain.lessons:
        for cell in lesson.ran.cells:
            if "check" in tags(cell):
                assert [o.output_type for o in cell.outputs] == ["stream"], f"{lesson.path.name}: {cell.outputs}"


@pytest.mark.slow
def test_every_exercise_has_its_check_and_carry_on(chain):
    for lesson in chain.lessons:
        checks = [exercise_of(c) for c in lesson.ran.cells if "check" in tags(c)]
        carried = [exercise_of(c) for c in lesson.ran.cells if "carry-on" in tags(c)]
        assert sorted(checks) == sorted(carried) == sorted(lesson.numbers), lesson.path.name


@pytest.mark.slow
def test_checks_and_carry_ons_say_what_they_should(chain):
    for lesson in chain.lessons:
        checks = {exercise_of(c): text(c) for c in lesson.ran.cells if "check" in tags(c)}
        carried = {exercise_of(c): text(c) for c in lesson.ran.cells if "carry-on" in tags(c)}
        for number in lesson.numbers:
            if chain.answers == "own":
                assert "✓ passed" in checks[number], f"{lesson.path.name} {number}: {checks[number]}"
                assert "passed: the rest of the lesson uses your" in carried[number], carried[number]
            else:
                assert "not done yet" in checks[number], f"{lesson.path.name} {number}: {checks[number]}"
                assert "the rest of the lesson uses the course's" in carried[number], carried[number]


@pytest.mark.slow
def test_04a_saves_its_model(chain):
    if not any(lesson.path.stem.startswith("04a") for lesson in chain.lessons):
        pytest.skip(f"04a did not run: {chain.failure}")
    assert list(chain.models.rglob("*.pt")), "04a saved no model"


def _figure_outputs(cell) -> int:
    """How many matplotlib figures a cell's outputs show (the inline backend's PNG, "<Figure size ...>")."""
    return sum(
        1
        for o in cell.get("outputs", [])
        if "image/png" in o.get("data", {}) and str(o["data"].get("text/plain", "")).startswith("<Figure")
    )


@pytest.mark.slow
def test_every_figure_is_checked_and_the_watch_is_silent(chain):
    """The watch cell prints nothing, and it saw each figure every lesson shows, cell by cell (so that
    ``test_every_figure_shows_what_it_should`` judges them all)."""
    for lesson in chain.lessons:
        name = lesson.path.stem
        watch = next(c for c in lesson.ran.cells if WATCH in tags(c))
        assert watch.outputs == [], f"{name}: the watch cell printed {watch.outputs}"
        shown = Counter(r["cell"] for r in chain.records if r["notebook"] == name and r["rule"] == "shown")
        on_screen = Counter(
            {c.execution_count: n for c in lesson.ran.cells if c.cell_type == "code" and (n := _figure_outputs(c))}
        )
        assert shown == on_screen, f"{name}: figures checked by cell {dict(shown)}, shown {dict(on_screen)}"


def figure_problems(chain: Chain) -> list[str]:
    """One line per problem ``figures.watch`` found, in lesson and cell order, each found once."""
    lessons = {lesson.path.stem: lesson for lesson in chain.lessons}
    lines = []
    for r in chain.records:
        if r["rule"] == "shown":
            continue
        lesson = lessons.get(r["notebook"])
        where = lesson.where(r["cell"]) if lesson else f"cell with execution count {r['cell']}"
        line = f"{r['notebook']} {where}, figure {r['figure']!r}: {r['rule']}: {r['problem']}"
        if line not in lines:  # a figure rendered twice says the same twice
            lines.append(line)
    return lines


@pytest.mark.slow
def test_every_figure_shows_what_it_should(chain):
    """No figure of any lesson has a blank or saturated panel, text under 7 pt or cut off, or numbers on image
    cells with too little contrast (the rules and thresholds: ``tests/figures.py``)."""
    found = figure_problems(chain)
    assert not found, f"{len(found)} problems in the figures ({chain.answers} chain):\n" + "\n".join(found)
