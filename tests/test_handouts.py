"""Every lesson's handout runs to the end, in lesson order, as a learner would run it: once with every scaffold
left untouched (the lesson goes on with the course's versions), and once with every exercise answered right
in a way of the learner's own, never the course's solution (the lesson goes on with the learner's code:
04a trains and saves its model with the learner's block, and 04b reads the model 04a saved). Each check
cell shows its one line and nothing else (no progress bar of the check's own training run).

The answers come from the checks' tests (``tests/checks/answers``), chosen to differ from the solution in
form: a network written as an ``nn.Module`` with ``F.relu``, blocks of nested ``nn.Sequential``s, a loss of
one's own class, and so on. Each lesson runs in a fresh kernel in smoke mode, with the models folder of the
test's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from utils.tools.notebooks import execute, handout_copy, lesson_notebooks, read_notebook, tags

sys.path.insert(0, str(Path(__file__).resolve().parent / "checks"))
from judging import read_answers  # noqa: E402

#: The learner's own right answer to each exercise: the start of its heading in ``answers/lessonNN.md``.
OWN_ANSWERS = {
    "01.1": "loop over layer sizes with zip",
    "01.2": "zero_grad moved to the top of the loop before the forward pass",
    "01.3": "model.train(False) and torch.inference_mode()",
    "02.1": "torch.where",
    "02.2": "an nn.Module subclass with its own forward using F.relu",
    "02.3": "torch.max(..., dim=1) indices and .eq",
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


@pytest.mark.slow
@pytest.mark.parametrize("answers", ["untouched", "own"])
def test_every_handout_runs_to_the_end(answers, tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_SMOKE", "1")
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    monkeypatch.setenv("FDL_BACKBONE", "mobilenet_v2")
    for path in lesson_notebooks():
        full = read_notebook(path)
        nb = handout_copy(full)
        numbers = []
        for cell in nb.cells:
            if "exercise" in tags(cell):
                numbers.append(exercise_of(cell))
                if answers == "own":
                    cell.source = own_answer(numbers[-1])
                    assert cell.source.strip() != solution_of(full, numbers[-1]).strip()
        written = tmp_path / path.name
        nbformat.write(nb, written)
        ran = execute(written, timeout=900)  # raises on the first cell that fails
        checks = {exercise_of(c): text(c) for c in ran.cells if "check" in tags(c)}
        for cell in ran.cells:  # one line of text, no progress bar (a view without live widgets shows it)
            if "check" in tags(cell):
                assert [o.output_type for o in cell.outputs] == ["stream"], f"{path.name}: {cell.outputs}"
        carried = {exercise_of(c): text(c) for c in ran.cells if "carry-on" in tags(c)}
        assert sorted(checks) == sorted(carried) == sorted(numbers), path.name
        for number in numbers:
            if answers == "own":
                assert "✓ passed" in checks[number], f"{path.name} {number}: {checks[number]}"
                assert "passed: the rest of the lesson uses your" in carried[number], carried[number]
            else:
                assert "not done yet" in checks[number], f"{path.name} {number}: {checks[number]}"
                assert "the rest of the lesson uses the course's" in carried[number], carried[number]
        if path.stem.startswith("04a"):
            assert list((tmp_path / "models").rglob("*.pt")), "04a saved no model"
