"""The machinery of the checks: placeholders, numbers, networks judged by what they compute, the wording of
every message, one line per check, the global random state, carrying on in a handout, and task texts
whose suggested expressions really run."""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib
import io
import random
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from torchvision.transforms import v2

from utils.checks import core, lesson01, lesson02
from utils.checks.core import EXERCISES, Hint, Todo, compare_network, number, placeholders, require_done
from utils.networks import asl_cnn, asl_cnn_blocks, dense_net

from judging import _exercise, exercise_ids, judge, weights_or_skip, wording_problem
from lesson_cells import lesson_namespace, run_cell, tags

CHECK_MODULES = sorted((Path(core.__file__).parent).glob("lesson*.py"))
for module in CHECK_MODULES:
    importlib.import_module(f"utils.checks.{module.stem}")


def cell_function(source: str, name: str):
    """The function ``name`` that ``source`` defines, run as a notebook cell of its own."""
    ns: dict = {"torch": torch, "nn": nn}
    run_cell(source, ns, f"test:{name}:{hash(source)}")
    return ns[name]


# --------------------------------------------------------------------------------------------------------
# Placeholders: only the scaffold's own `...`


def test_placeholders_are_found_where_the_scaffold_puts_them_and_nowhere_else():
    scaffold = cell_function("def f(x):\n    y = ...  # the answer\n    return ...\n", "f")
    assert placeholders(scaffold) == ["line 2", "line 3"]
    indexed = cell_function(
        'def f(image):\n    """Adds an axis: image[None, ...] (see ... below)."""\n'
        "    # ... as in lesson 01\n    return image[None, ...]\n",
        "f",
    )
    assert placeholders(indexed) == []
    assert placeholders([1, (2, ...)]) == ["the value"]
    assert placeholders({"a": 1, "b": ...}) == ["the value"]
    assert placeholders(v2.Compose([v2.ToImage(), ...])) == ["the value"]
    assert placeholders(v2.Compose([v2.ToImage()])) == []
    with pytest.raises(Todo, match="on lines 2 and 3"):
        require_done(scaffold)


# --------------------------------------------------------------------------------------------------------
# Numbers: Python, NumPy and 0-d tensors alike; anything else is said in words


@pytest.mark.parametrize(
    "value", [3, 3.0, np.int64(3), np.float32(3), torch.tensor(3), torch.tensor([3.0]), np.array(3.0)]
)
def test_a_number_in_any_form_is_a_number(value):
    assert number(value, "it") == 3.0


@pytest.mark.parametrize(
    "value,said",
    [
        (None, "None (nothing)"),
        ("3", "the text '3'"),
        ((1, 2), "a tuple of 2"),
        (torch.ones(4), "shape (4,)"),
        (True, "truth value"),
        (nn.Linear, "the class"),
    ],
)
def test_anything_else_is_named_in_the_hint(value, said):
    with pytest.raises(Hint, match=re.escape(said)):
        number(value, "The answer")


# --------------------------------------------------------------------------------------------------------
# Networks: judged by what they compute


class Subclassed(nn.Module):
    """The dense network as a class of its own, with the ReLU as a function."""

    def __init__(self):
        super().__init__()
        self.hidden1, self.hidden2, self.out = nn.Linear(784, 512), nn.Linear(512, 512), nn.Linear(512, 24)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.out(torch.relu(self.hidden2(torch.relu(self.hidden1(x)))))


def blocks_same_padding():
    """Lesson 03's CNN as nested blocks with ``padding="same"`` and the dropout after the ReLU, its widths taken
    from the package's copy."""
    widths = [m.out_channels for m in asl_cnn(24) if isinstance(m, nn.Conv2d)]

    def block(i, o, p=None):
        layers = [nn.Conv2d(i, o, 3, padding="same"), nn.BatchNorm2d(o), nn.ReLU()]
        return nn.Sequential(*layers, *([nn.Dropout(p)] if p else []), nn.MaxPool2d(2))

    flat = widths[2] * 3 * 3
    return nn.Sequential(
        block(1, widths[0]),
        block(widths[0], widths[1], 0.2),
        block(widths[1], widths[2]),
        nn.Sequential(nn.Flatten(), nn.Linear(flat, 512), nn.ReLU(), nn.Dropout(0.3)),
        nn.Linear(512, 24),
    )


@pytest.mark.parametrize(
    "model,reference,x",
    [
        (Subclassed(), dense_net(24), torch.rand(3, 1, 28, 28)),
        (blocks_same_padding(), asl_cnn(24), torch.rand(3, 1, 28, 28)),  # nested, "same", dropout after the ReLU
        (
            asl_cnn_blocks(24),
            asl_cnn(24),
            torch.rand(3, 1, 28, 28),
        ),
    ],
    ids=["subclass with functional ReLU", "nested blocks with padding='same'", "MyConvBlock"],
)
def test_the_same_computation_in_another_form_passes(model, reference, x):
    compare_network(model, reference, x)


@pytest.mark.parametrize(
    "change,phrase",
    [
        (lambda m: m[:-1], "layers with weights where"),
        (lambda m: nn.Sequential(*m, nn.Softmax(dim=1)), "has a softmax"),
        (lambda m: nn.Sequential(*[layer for layer in m if not isinstance(layer, nn.ReLU)]), "There is no `nn.ReLU()`"),
        (
            lambda m: nn.Sequential(
                nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 24)
            ),
            "`nn.Linear(784, 256)`",
        ),
    ],
)
def test_a_different_computation_gets_the_first_difference(change, phrase):
    with pytest.raises(Hint, match=re.escape(phrase)):
        compare_network(change(dense_net(24)), dense_net(24), torch.rand(3, 1, 28, 28))


def test_a_batchnorm_in_the_wrong_place_shows_even_in_evaluation_mode():
    swapped = asl_cnn(24)
    swapped[1], swapped[2] = swapped[2], swapped[1]  # ReLU before BatchNorm in block 1
    with pytest.raises(Hint, match="BatchNorm2d"):
        compare_network(swapped, asl_cnn(24), torch.rand(3, 1, 28, 28))


# --------------------------------------------------------------------------------------------------------
# Wording: every message starts with an English word, never with a type name or a capitalised identifier


def test_the_wording_rule_catches_what_it_should():
    assert wording_problem("Get_batch_accuracy returned None.")
    assert wording_problem("Type computes not a loss.")
    assert wording_problem("Base is in training mode.")
    assert wording_problem("`loss_fn` is a class.")
    assert wording_problem("Your `loss_fn` is a class.") is None
    assert wording_problem("668,672 counts the weights only.") is None


def messages_in_the_source() -> list[tuple[str, str]]:
    """(where, text) of every literal message a check can print: the arguments of ``Hint(...)``, and what the
    judges (the functions registered with ``@exercise``) and their helpers ``judge_*`` return."""
    found = []
    for path in [Path(core.__file__), *CHECK_MODULES]:
        tree = ast.parse(path.read_text())
        judges = [
            f
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef)
            and (
                f.name.startswith("judge_")
                or any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "exercise" for d in f.decorator_list)
            )
        ]
        returns = [n for f in judges for n in ast.walk(f) if isinstance(n, ast.Return) and n.value is not None]
        hints = [
            n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Hint" and n.args
        ]
        for node, value in [(r, r.value) for r in returns] + [(h, h.args[0]) for h in hints]:
            text = _leading_text(value)
            if text and len(text) > 12 and " " in text:
                found.append((f"{path.name}:{node.lineno}", text))
    return found


def _leading_text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant):
            return first.value
        return None
    if isinstance(node, ast.BinOp):
        return _leading_text(node.left)
    return None


def test_every_message_in_the_checks_is_worded_for_a_learner():
    problems = []
    for where, text in messages_in_the_source():
        message = core._sentence(text, lead="Your ")
        problem = wording_problem(message)
        if problem:
            problems.append(f"{where}: {problem}: {text[:70]!r}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------------------
# One line, nothing else changed


def test_a_check_prints_one_line_keeps_the_learners_prints_out_and_leaves_the_random_state(capsys):
    def noisy(output, y, N):
        print("debugging", output.shape)
        torch.rand(3), np.random.rand(), random.random()
        return (output.argmax(1) == y).sum().item() / N

    random.seed(1), np.random.seed(1), torch.manual_seed(1)
    before = random.getstate(), np.random.get_state()[1].copy(), torch.get_rng_state()
    lesson02.batch_accuracy(noisy)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Exercise 02.3") and "passed" in out, out
    assert random.getstate() == before[0] and np.array_equal(np.random.get_state()[1], before[1])
    assert torch.equal(torch.get_rng_state(), before[2])
    assert torch.is_grad_enabled()


def test_a_check_that_fails_itself_says_so_and_blames_no_one(monkeypatch):
    entry = EXERCISES["02.3"]
    monkeypatch.setattr(entry, "judge", lambda fn: 1 / 0)
    verdict = core.run_judge(entry, (lambda o, y, n: 0.06,), {})
    assert verdict.status == "error" and "fault of the course, not of your code" in verdict.message


def test_verdicts_go_to_the_file_fdl_verdicts_names(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_VERDICTS", str(tmp_path / "verdicts.jsonl"))
    with contextlib.redirect_stdout(io.StringIO()):
        lesson01.parameter_count(...)
        lesson01.parameter_count(669_706)
    lines = (tmp_path / "verdicts.jsonl").read_text().splitlines()
    assert [line.count('"status": "todo"') + 2 * line.count('"status": "pass"') for line in lines] == [1, 2]


# --------------------------------------------------------------------------------------------------------
# Handouts: the course's version of every exercise passes its own check


@pytest.mark.parametrize("number", exercise_ids())
def test_carry_on_puts_the_courses_version_in_and_it_passes_the_check(number, capsys):
    path, ex = _exercise(number)
    ns = lesson_namespace(path, ex.cells[0][0])
    run_cell(ex.scaffold, ns, f"{number}:scaffold")
    run_cell(ex.check, ns, f"{number}:check")
    assert "not done yet" in capsys.readouterr().out
    with weights_or_skip():
        ns["check"].carry_on(number, ns)
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "uses the course's" in said, said
    run_cell(ex.check, ns, f"{number}:check again")
    assert "passed" in capsys.readouterr().out, f"exercise {number}: the fallback does not pass its own check"
    ns["check"].carry_on(number, ns)
    assert "the rest of the lesson uses your" in capsys.readouterr().out


def test_every_exercise_has_a_fallback_for_everything_its_solution_defines():
    for exercise_number in exercise_ids():
        entry = EXERCISES[exercise_number]
        assert entry.fallback is not None, exercise_number
        _, ex = _exercise(exercise_number)
        body = ast.parse(ex.solution).body  # what the cell defines, not what its functions do inside
        defined = {
            t.id for node in body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)
        }
        defined |= {node.name for node in body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        defined |= {
            e.id
            for node in body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Tuple)
            for e in t.elts
            if isinstance(e, ast.Name)
        }
        assert defined <= set(entry.defines), (
            f"exercise {exercise_number}: the solution defines {defined}, the check names {entry.defines}"
        )


# --------------------------------------------------------------------------------------------------------
# Task texts: every expression a task suggests runs


#: What the names in a task's code spans stand for, by exercise.
SAMPLES = {
    "01.2": lambda: _one_step(),
    "02.1": lambda: {"labels": torch.tensor([0, 8, 10, 24])},
    "02.3": lambda: {"output": torch.rand(4, 24), "y": torch.tensor([1, 2, 3, 4]), "N": 100},
    "03.1": lambda: {
        "frame": __import__("pandas").DataFrame({"label": [1], "pixel1": [0]}),
        "name": "label",
        "pixels": np.zeros((2, 784)),
    },
    "04b.2": lambda: {"image": torch.rand(1, 28, 28), "scores": torch.rand(1, 24), "model_device": torch.device("cpu")},
    "05.1": lambda: {"number": 200, "a": 151, "b": 269},
    "05.4": lambda: {"score": torch.tensor(0.3)},
}
RECEIVERS = {"04b.2": "image"}


def _one_step() -> dict:
    model = nn.Linear(2, 1)
    return {
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        "loss": model(torch.ones(1, 2)).sum(),
    }  # a span that starts with a dot applies to this name


def task_expressions(number: str) -> list[str]:
    _, ex = _exercise(number)
    task = next(c for _, c in ex.cells if "task" in tags(c))
    spans = re.findall(r"`([^`]+)`", task.source)
    out = []
    for span in spans:
        code = span.strip()
        if "..." in code:
            continue  # a template to fill in, e.g. `784 * 512 + ...`
        if code.startswith(".") and number in RECEIVERS:
            code = RECEIVERS[number] + code
        try:
            ast.parse(code, mode="eval")
        except SyntaxError:
            continue
        out.append(code)
    return out


@pytest.mark.parametrize("number", exercise_ids())
def test_every_expression_a_task_suggests_runs(number):
    path, ex = _exercise(number)
    ns = lesson_namespace(path, ex.cells[0][0])
    ns.update(SAMPLES.get(number, dict)())
    ran = 0
    for code in task_expressions(number):
        names = {n.id for n in ast.walk(ast.parse(code, mode="eval")) if isinstance(n, ast.Name)}
        if not names <= set(ns) | set(dir(builtins)):
            continue  # a name the task only talks about (a parameter of the learner's function, say)
        eval(compile(code, f"<task {number}>", "eval"), ns)  # noqa: S307 - the course's own task text
        ran += 1
    assert ran or not task_expressions(number) or number in NO_EXPRESSIONS, f"exercise {number}: no expression ran"


#: Tasks whose code spans name things rather than suggest expressions to type.
NO_EXPRESSIONS = {
    "01.1",
    "01.2",
    "01.3",
    "03.3",
    "04a.1",
    "04a.2",
    "04b.2",
    "05.2",
    "05.3",
    "06.1",
    "06.3",
    "06.4",
    "06.5",
}


def test_the_task_of_02_1_suggests_a_comparison_not_its_answer():
    """The task names the idea (a comparison gives True/False per label) and leaves the arithmetic to the
    learner: PyTorch refuses to subtract a bool tensor, which the check's hint then explains."""
    labels = torch.tensor([0, 8, 10, 24])
    assert "labels > 9" in task_expressions("02.1")
    assert not any(".long()" in code for code in task_expressions("02.1"))
    with pytest.raises(RuntimeError):
        labels - (labels > 9)
    assert torch.equal(labels - (labels > 9).long(), torch.tensor([0, 8, 9, 23]))


def test_judging_uses_the_notebooks_check_cell():
    verdict = judge("01.1", "n_params = 669706")
    assert verdict.status == "pass" and verdict.exercise == "01.1"
