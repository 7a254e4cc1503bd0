"""The exercises: every one complete and in order, and every check right about scaffolds, mistakes and solutions.

The scaffold, check and solution are taken from the notebooks themselves and run without the data sets.
For every check: the untouched scaffold gets "not done yet" with a pointer to the task, realistic wrong
answers each get their own hint, and the solution passes.
"""
from __future__ import annotations

import contextlib
import io
import re

import nbformat
import pytest
import torch

from utils import exercises as ex_module
from utils.datasets import TensorData
from utils.exercises import CHECKS, Feedback

from lesson_cells import NOTEBOOKS, exercises, read, run_cell, setup_namespace, tags

ALL = [(path, ex) for path in NOTEBOOKS for ex in exercises(path)]
BY_ID = {ex.id: (path, ex) for path, ex in ALL}


def namespace_for(path, exercise):
    """Setup, small data stand-ins, and the solutions of the exercises before this one."""
    g = torch.Generator().manual_seed(0)
    small = TensorData(torch.rand(40, 1, 28, 28, generator=g), torch.randint(0, 24, (40,), generator=g))
    ns = setup_namespace(path, train_data=small, valid_data=small, classes=["bo", "not_bo"])
    for earlier in exercises(path):
        if earlier.id == exercise.id:
            break
        run_cell(earlier.solution, ns, f"{path.stem}:{earlier.id}:solution")
    return ns


def feedback_for(exercise_id: str, answer: str) -> Feedback:
    """Run ``answer`` in place of the scaffold, then the notebook's own check cell; return the feedback."""
    path, exercise = BY_ID[exercise_id]
    ns = namespace_for(path, exercise)
    run_cell(answer, ns, f"{path.stem}:{exercise_id}:answer")
    captured = []
    for name, value in list(ns.items()):
        if getattr(value, "judge", None) is not None:
            ns[name] = lambda *a, _judge=value.judge, **k: captured.append(_judge(*a, **k))
    run_cell(exercise.check, ns, f"{path.stem}:{exercise_id}:check")
    assert len(captured) == 1, f"exercise {exercise_id}: the check cell should call one check"
    return captured[0]


# --------------------------------------------------------------------------------------------------------
# The shape of every exercise


def test_every_notebook_has_at_least_two_exercises_and_there_are_at_least_14():
    counts = {p.stem: len(exercises(p)) for p in NOTEBOOKS}
    assert all(n >= 2 for n in counts.values()), counts
    assert sum(counts.values()) >= 14, counts


@pytest.mark.parametrize("path,exercise", ALL, ids=[e.id for _, e in ALL])
def test_exercise_has_task_scaffold_check_and_hidden_solution_in_order(path, exercise):
    parts = [(c.cell_type, [t for t in tags(c) if t in ("task", "exercise", "check", "solution")][0])
             for _, c in exercise.cells]
    assert parts == [("markdown", "task"), ("code", "exercise"), ("code", "check"), ("markdown", "solution"),
                     ("code", "solution")], f"{path.name}: exercise {exercise.id} parts are {parts}"
    indices = [i for i, _ in exercise.cells]
    assert indices == list(range(indices[0], indices[0] + 5)), f"{path.name}: exercise {exercise.id} is not contiguous"
    task, _, check, heading, solution = [c for _, c in exercise.cells]
    assert task.source.startswith(f"### Exercise {exercise.id}:")
    assert "Solution" in heading.source.splitlines()[0]
    assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, "the solution must be collapsed"
    assert len(check.source.strip().splitlines()) == 1, "the check is one line"
    check_name = check.source.split("(")[0].strip()
    assert CHECKS[exercise.id].__name__ == check_name, f"exercise {exercise.id} calls {check_name}"
    if exercise.id not in ("02.2", "03.2"):  # those two start from an empty nn.Sequential instead
        assert "..." in exercise.scaffold, "the scaffold leaves its gaps as `...`"
    assert "..." not in exercise.solution


def test_exercise_numbers_follow_the_notebooks():
    for path in NOTEBOOKS:
        prefix = path.stem.split("_")[0]
        numbers = [e.id for e in exercises(path)]
        assert all(n.startswith(prefix + ".") for n in numbers), (path.name, numbers)
        assert numbers == sorted(numbers, key=lambda n: int(n.split(".")[1])), numbers


def test_every_check_is_used_by_one_exercise():
    assert sorted(CHECKS) == sorted(BY_ID)


def test_questions_have_a_collapsed_answer():
    found = 0
    for path in NOTEBOOKS:
        cells = read(path).cells
        for i, cell in enumerate(cells):
            if "question" in tags(cell):
                found += 1
                answer = cells[i + 1]
                assert "answer" in tags(answer) and answer.cell_type == "markdown", path.name
                assert answer.metadata.get("jupyter", {}).get("source_hidden") is True, path.name
    assert found >= 2


# --------------------------------------------------------------------------------------------------------
# Every check: scaffold, solution, and wrong answers


@pytest.mark.parametrize("exercise_id", sorted(BY_ID))
def test_untouched_scaffold_is_not_done_yet(exercise_id):
    feedback = feedback_for(exercise_id, BY_ID[exercise_id][1].scaffold)
    assert feedback.status == "todo", feedback
    assert "see the task above" in feedback.message, feedback
    assert str(feedback).startswith(f"Exercise {exercise_id} (")


@pytest.mark.parametrize("exercise_id", sorted(BY_ID))
def test_solution_passes(exercise_id):
    feedback = feedback_for(exercise_id, BY_ID[exercise_id][1].solution)
    assert feedback.status == "pass", feedback


def solution(exercise_id: str) -> str:
    return BY_ID[exercise_id][1].solution


def replaced(exercise_id: str, *pairs: tuple[str, str]) -> str:
    source = solution(exercise_id)
    for old, new in pairs:
        assert old in source, f"{old!r} is not in the solution of {exercise_id}"
        source = source.replace(old, new)
    return source


DENSE = "n_classes = len(ASL_LETTERS)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), {})"

WRONG = {
    "01.1": [
        ("n_params = 784 * 512 + 512 * 512 + 512 * 10", "weights only"),
        ("n_params = 512 + 512 + 10", "counts the neurons"),
        ("n_params = (784 * 512 + 512) + (512 * 512 + 512)", "leaves out one of the three"),
    ],
    "01.2": [
        (replaced("01.2", ("optimizer.zero_grad()", "pass")), "never cleared"),
        (replaced("01.2", ("optimizer.step()", "pass")), "call optimizer.step()"),
        (replaced("01.2", ("optimizer.zero_grad()             # 1.", "loss.backward()  # 1."),
                  ("loss.backward()                   # 2.", "optimizer.zero_grad()  # 2.")),
         "between backward() and step()"),
    ],
    "01.3": [
        (replaced("01.3", ("model.eval()", "pass")), "still in training mode"),
        (replaced("01.3", ("with torch.no_grad():", "if True:")), "torch.no_grad()"),
    ],
    "02.1": [
        ("def kaggle_to_index(labels):\n    return labels", "labels are unchanged"),
        ("def kaggle_to_index(labels):\n    return labels - 1", "A (0) became -1"),
        ("def kaggle_to_index(labels):\n    return labels - (labels > 10).long()", "Kaggle label 10 (K) became 10"),
    ],
    "02.2": [
        (DENSE.format("nn.Linear(512, 10)"), "24 letters"),
        (DENSE.format("nn.Linear(512, 24), nn.Softmax(dim=1)"), "Leave out the softmax"),
        ("n_classes = 24\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.Linear(512, 512), nn.Linear(512, 24))",
         "there is no ReLU"),
        ("n_classes = 24\nmodel = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), "
         "nn.Linear(512, 24))", "start with nn.Flatten()"),
    ],
    "02.3": [
        (replaced("02.3", ("return correct / N", "return correct")), "divide by N"),
        (replaced("02.3", ("return correct / N", "return correct / len(y)")), "batch size"),
        (replaced("02.3", ("output.argmax(dim=1)", "output.argmax(dim=0)")), "dim 0"),
    ],
    "03.1": [
        (replaced("03.1", ('frame.pop("label")', 'frame["label"]')), "take the 'label' column out"),
        (replaced("03.1", ("reshape(-1, 1, 28, 28)", "reshape(-1, 28, 28, 1)")), "channels last"),
        (replaced("03.1", ("/ 255", "/ 1")), "divide by 255"),
        (replaced("03.1", ('asl_label_to_index(frame.pop("label").to_numpy())', 'frame.pop("label").to_numpy()')),
         "labels are Kaggle's"),
    ],
    "03.2": [
        (replaced("03.2", ("nn.BatchNorm2d(50), ", "")), "needs a BatchNorm2d"),
        (replaced("03.2", ("nn.Linear(75 * 3 * 3, 512)", "nn.Linear(75 * 4 * 4, 512)")), "in_features=1200, expected 675"),
        (replaced("03.2", ("nn.Linear(512, n_classes),\n", "nn.Linear(512, n_classes), nn.Softmax(dim=1),\n")),
         "Leave out the softmax"),
    ],
    "03.3": [
        (replaced("03.3", ("shuffle=True", "shuffle=False")), "keeps the file's order"),
        (replaced("03.3", ("shuffle=False", "shuffle=True")), "validation loader shuffles too"),
    ],
    "04a.1": [
        (replaced("04a.1", ("nn.Dropout(dropout_p)", "nn.Dropout(0.2)")), "ignores the block's dropout_p"),
        (replaced("04a.1", ("nn.ReLU(),\n", ""), ("nn.MaxPool2d(2, stride=2),\n", "nn.MaxPool2d(2, stride=2), nn.ReLU(),\n")),
         "needs a ReLU"),
        (replaced("04a.1", ("stride=1, padding=1", "stride=1")), "padding"),
    ],
    "04a.2": [
        ("augmentations = [v2.RandomRotation(5), v2.RandomVerticalFlip(), v2.RandomHorizontalFlip()]", "upside down"),
        ("augmentations = [v2.RandomRotation(90), v2.RandomHorizontalFlip()]", "turns some letters into others"),
        ("augmentations = [v2.RandomResizedCrop((28, 28), scale=(0.2, 1)), v2.RandomHorizontalFlip()]",
         "cut off the fingers"),
        ("augmentations = [v2.RandomHorizontalFlip()]", "only RandomHorizontalFlip"),
    ],
    "04b.1": [
        (replaced("04b.1", ("v2.Grayscale(num_output_channels=1),", "")), "3 colour channels"),
        (replaced("04b.1", ("v2.ToDtype(torch.float32, scale=True)", "v2.ToDtype(torch.float32)")), "scale=True"),
        (replaced("04b.1", ("v2.Resize((28, 28), antialias=True),", "")), "add v2.Resize"),
    ],
    "04b.2": [
        (replaced("04b.2", ("image.unsqueeze(0)", "image")), "add the batch axis"),
        (replaced("04b.2", ("return letters[index]", "return index")), "class number"),
        (replaced("04b.2", ("return letters[index]", "return 'abcdefghijklmnopqrstuvwxyz'[index]")), "whole alphabet"),
        (replaced("04b.2", ("argmax(dim=1)", "argmax(dim=0)")), "dim 0"),
    ],
    "05.1": [
        (replaced("05.1", ("range(151, 269)", "range(151, 268)")), "ends of your ranges"),
        (replaced("05.1", ("range(151, 269)", "range(281, 286)"), ("range(281, 286):  # 281", "range(151, 269):  # 281")),
         "dogs come out as cats"),
    ],
    "05.2": [
        (replaced("05.2", ("base.requires_grad_(False)", "pass")), "base can still learn"),
        (replaced("05.2", ("nn.Linear(1000, 1)", "nn.Linear(1000, 2)")), "two outputs"),
        (replaced("05.2", ("return nn.Sequential(base, head)", "return nn.Sequential(base, head).requires_grad_(False)")),
         "nothing can learn"),
    ],
    "05.3": [
        ("loss_fn = nn.CrossEntropyLoss()", "always 1"),
        ("loss_fn = nn.BCELoss()", "wants probabilities"),
    ],
    "05.4": [
        (replaced("05.4", ("if score > 0:", "if score > 0.5:")), "not a score of 0.5"),
        (replaced("05.4", ("if score > 0:", "if score < 0:")), "a positive score means class 1"),
        (replaced("05.4", ("torch.sigmoid(score)", "score")), "torch.sigmoid(score)"),
    ],
    "06.1": [
        ("import torchvision\n_, weights, source = load_backbone(BACKBONE, device)\n"
         "base = getattr(torchvision.models, BACKBONE)().eval()", "random weights"),
        (solution("06.1") + "\nbase.train()", "training mode"),
        ("base, weights, source = load_backbone(BACKBONE, device)\nweights = None", "weights object"),
    ],
    "06.2": [
        (replaced("06.2", ("    model.freeze_base()", "    pass")), "base can still learn"),
        (replaced("06.2", ("n_outputs=len(ASL_LETTERS)", "n_outputs=26")), "J and Z"),
        (replaced("06.2", ("base_outputs=n_features", "base_outputs=1000")), "base_outputs=n_features"),
        (replaced("06.2", ("n_outputs=len(ASL_LETTERS)", "n_outputs=1")), "yes/no question"),
    ],
    "06.3": [
        ("loss_fn = nn.BCEWithLogitsLoss()", "separate yes/no cross-entropy per score"),
        ("loss_fn = nn.NLLLoss()", "log-probabilities"),
        ("loss_fn = nn.MSELoss()", "not a number"),
    ],
    "06.4": [
        (replaced("06.4", ("vertical_flip=False", "vertical_flip=True")), "upside-down"),
        (replaced("06.4", ("degrees=10", "degrees=45")), "rotations of up to 45"),
        (replaced("06.4", ("scale=(0.7, 1.0)", "scale=(0.3, 1.0)")), "cut off the fingers"),
        ("augmentation = dict(degrees=0, scale=(1.0, 1.0), horizontal_flip=False, vertical_flip=False, jitter=0)",
         "nothing changes"),
        (replaced("06.4", ("jitter=0.2", "jitter=0.9")), "jitter 0.9"),
    ],
    "06.5": [
        (replaced("06.5", ("shuffle=True", "shuffle=False")), "keeps the file's order"),
        (replaced("06.5", ("batch_size=64, shuffle=False", "batch_size=64, shuffle=True")), "validation loader shuffles"),
    ],
    "06.6": [
        (replaced("06.6", ("    model.unfreeze_base(train_batchnorm=True)", "    pass")), "still frozen"),
        (replaced("06.6", ("lr=2e-4", "lr=1e-3")), "washed away"),
        (replaced("06.6", ("lr=2e-4", "lr=1e-8")), "barely moves"),
        (replaced("06.6", ("model.parameters(), lr", "model.head.parameters(), lr")), "only holds some"),
    ],
}

WRONG_CASES = [(ex_id, i, answer, hint) for ex_id, answers in WRONG.items() for i, (answer, hint) in enumerate(answers)]


def test_every_check_has_at_least_two_wrong_answers_with_distinct_hints():
    assert set(WRONG) == set(CHECKS)
    for ex_id, answers in WRONG.items():
        assert len(answers) >= 2 and len({hint for _, hint in answers}) == len(answers), ex_id


@pytest.mark.parametrize("exercise_id,n,answer,hint", WRONG_CASES, ids=[f"{e}-{n}" for e, n, _, _ in WRONG_CASES])
def test_wrong_answer_gets_its_own_hint(exercise_id, n, answer, hint):
    feedback = feedback_for(exercise_id, answer)
    assert feedback.status == "hint", feedback
    assert hint in feedback.message, feedback
    others = [h for j, (_, h) in enumerate(WRONG[exercise_id]) if j != n]
    assert not any(h in feedback.message for h in others), f"the hint is not specific: {feedback}"


# --------------------------------------------------------------------------------------------------------
# Checks never stop a notebook, and never change the lesson's random numbers


def test_a_check_never_raises_and_prints_one_line():
    def broken(output, y, N):
        raise KeyError("oops")

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert ex_module.check_batch_accuracy(broken) is None  # nothing for Jupyter to show a second time
    assert out.getvalue().count("\n") == 1
    assert "raised KeyError" in out.getvalue() and "02.3" in out.getvalue()


def test_a_check_leaves_the_random_generators_alone():
    import random

    import numpy as np

    torch.manual_seed(1), random.seed(1), np.random.seed(1)
    want = torch.rand(3), random.random(), np.random.rand()
    torch.manual_seed(1), random.seed(1), np.random.seed(1)
    path, exercise = BY_ID["03.2"]
    ns = namespace_for(path, exercise)
    run_cell(exercise.solution, ns, "solution")
    torch.manual_seed(1), random.seed(1), np.random.seed(1)
    ex_module.check_asl_cnn.judge(ns["model"])
    ex_module.check_train_step.judge(ns.get("train_one_epoch", lambda *a: None))
    got = torch.rand(3), random.random(), np.random.rand()
    assert torch.equal(got[0], want[0]) and got[1:] == want[1:]


def test_handout_drops_solutions_and_answers(tmp_path):
    from utils import notebook_tools

    written = notebook_tools.handout(NOTEBOOKS, tmp_path)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    for original, copy in zip(NOTEBOOKS, written):
        nb = nbformat.read(copy, as_version=4)
        kinds = [t for c in nb.cells for t in tags(c)]
        assert "solution" not in kinds and "answer" not in kinds
        assert kinds.count("exercise") == kinds.count("check") == len(exercises(original))
        assert not re.search(r"^# Solution", "\n".join(c.source for c in nb.cells), re.MULTILINE)
