"""Run a learner's answer to an exercise as the notebook would, and return the check's verdict.

The answer replaces the exercise's scaffold cell in the namespace that cell sees (the lesson's setup, the
solutions of the exercises before it, small generated stand-ins for the data); then the notebook's own
check cell runs, with the check's printing replaced by keeping its ``Verdict``. Each lesson's answers are
in ``answers/lessonNN.md`` (``read_answers``): correct ones in several styles, and wrong ones with a phrase
their hint must contain.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from utils.checks.core import EXERCISES, Verdict
from utils.pretrained import BackboneError

from lesson_cells import NOTEBOOKS, exercises, lesson_namespace, run_cell


@dataclass(frozen=True)
class Answer:
    """One learner answer: the exercise, ``correct``, ``wrong`` or ``todo`` (a scaffold partly filled in),
    what it does, the cell's code, and for a wrong one a phrase its hint must contain."""

    exercise: str
    kind: str
    what: str
    code: str
    hint: str = ""

    @property
    def id(self) -> str:
        return f"{self.exercise}-{self.kind}-{self.what}"


@functools.cache
def _exercise(number: str):
    for path in NOTEBOOKS:
        for ex in exercises(path):
            if ex.id == number:
                return path, ex
    raise KeyError(f"no exercise {number} in the notebooks")


@contextlib.contextmanager
def weights_or_skip():
    """Skip the test when it needs a backbone's ImageNet weights that cannot be had (no mirror, no internet)."""
    try:
        yield
    except BackboneError as err:
        pytest.skip(f"needs the backbone's ImageNet weights (set FDL_MIRROR to the course mirror): {err}")


ANSWERS_DIR = Path(__file__).resolve().parent / "answers"
HEADING = re.compile(r"^## (\S+) (correct|wrong|todo): (.*)$")


def read_answers(lesson: str) -> list[Answer]:
    """The answers of ``answers/lesson<lesson>.md``: a ``## 02.1 wrong: what it does`` heading, for a wrong
    one a line ``hint: phrase``, then the cell's code in a fenced block."""
    answers, current, hint, code, fence = [], None, "", None, None
    for line in (ANSWERS_DIR / f"lesson{lesson}.md").read_text(encoding="utf-8").splitlines():
        if code is not None:
            if line == fence:
                answers.append(Answer(*current, "\n".join(code) + "\n", hint))
                current, hint, code = None, "", None
            else:
                code.append(line)
        elif m := HEADING.match(line):
            current, hint = m.groups(), ""
        elif line.startswith("hint: ") and current:
            hint = line[len("hint: ") :]
        elif line in ("```python", "~~~python") and current:
            code, fence = [], line[:3]
    return answers


def judge(number: str, code: str) -> Verdict:
    """The verdict the notebook's check cell gives when ``code`` stands in the exercise's scaffold cell."""
    path, ex = _exercise(number)
    os.environ.setdefault("FDL_BACKBONE", "mobilenet_v2")
    ns = lesson_namespace(path, ex.cells[0][0])
    with weights_or_skip():
        run_cell(textwrap.dedent(code), ns, f"{path.stem}:{number}:answer")
    verdicts: list[Verdict] = []
    check = ns["check"]
    proxy = type("CheckProxy", (), {})()
    for name in dir(check):
        value = getattr(check, name)
        if callable(getattr(value, "judge", None)):
            setattr(proxy, name, lambda *a, _j=value.judge, **k: verdicts.append(_j(*a, **k)))
    ns["check"] = proxy
    run_cell(ex.check, ns, f"{path.stem}:{number}:check")
    ns["check"] = check
    if verdicts and verdicts[0].status == "error" and "BackboneError" in verdicts[0].message:
        pytest.skip("needs the backbone's ImageNet weights (set FDL_MIRROR to the course mirror)")
    assert len(verdicts) == 1, f"exercise {number}: the check cell should call one check"
    return verdicts[0]


def exercise_ids() -> list[str]:
    return [ex.id for path in NOTEBOOKS for ex in exercises(path)]


@functools.cache
def identifiers() -> frozenset[str]:
    """The names a message might wrongly start with, capitalised: Python's and PyTorch's type names, what the
    exercises define, and the names of the checks' arguments."""
    names = {
        "str",
        "int",
        "float",
        "tuple",
        "list",
        "dict",
        "none",
        "type",
        "function",
        "tensor",
        "image",
        "module",
        "sequential",
        "linear",
        "conv2d",
        "softmax",
        "sigmoid",
        "nn",
        "relu",
    }
    for entry in EXERCISES.values():
        names |= set(entry.defines)
        names |= set(inspect.signature(entry.judge).parameters)
    return frozenset(n[:1].upper() + n[1:] for n in names)


def wording_problem(message: str) -> str | None:
    """Why a message breaks the wording rules, or None."""
    first = message.split()[0] if message.split() else ""
    if first.startswith("`"):
        return "starts with code"
    word = first.strip(".,:;!?'\"")
    if re.fullmatch(r"[\d,.%]+", word):
        return None
    if not re.fullmatch(r"[A-Z][a-z]*", word):
        return f"starts with {first!r}, not a capitalised English word"
    if word in identifiers():
        return f"starts with {word!r}, an identifier or type name"
    return None


def lesson_tests(lesson: str, answers: list[Answer]):
    """The tests every lesson's check module runs, for ``answers`` (its ``ANSWERS``):

    - each answer: a correct one passes, a wrong one gets a hint containing its phrase;
    - each exercise of the lesson: the untouched scaffold is "not done yet", the solution passes;
    - each exercise has at least three correct answers and four wrong ones with distinct hints.
    Assign them at module level: ``test_answer, test_scaffold_and_solution, test_answers_cover = ...``.
    """
    numbers = [n for n in exercise_ids() if n.split(".")[0] == lesson]

    @pytest.mark.parametrize("answer", answers, ids=lambda a: a.id)
    def test_answer(answer: Answer):
        verdict = judge(answer.exercise, answer.code)
        assert wording_problem(verdict.message) is None, f"{wording_problem(verdict.message)}: {verdict}"
        if answer.kind == "correct":
            assert verdict.status == "pass", str(verdict)
        elif answer.kind == "todo":
            assert verdict.status == "todo", str(verdict)
        else:
            assert verdict.status == "hint", str(verdict)
            assert answer.hint in verdict.message, str(verdict)

    @pytest.mark.parametrize("number", numbers)
    def test_scaffold_and_solution(number: str):
        _, ex = _exercise(number)
        todo = judge(number, ex.scaffold)
        assert todo.status == "todo" and "then run this check again" in todo.message, str(todo)
        solution = judge(number, ex.solution)
        assert solution.status == "pass", str(solution)

    @pytest.mark.parametrize("number", numbers)
    def test_answers_cover(number: str):
        mine = [a for a in answers if a.exercise == number]
        correct = [a for a in mine if a.kind == "correct"]
        wrong = [a for a in mine if a.kind == "wrong"]
        assert len(correct) >= 3, f"exercise {number}: {len(correct)} correct answers in the tests, at least 3 needed"
        assert len({a.hint for a in wrong}) >= 4, f"exercise {number}: at least 4 wrong answers with distinct hints"

    return test_answer, test_scaffold_and_solution, test_answers_cover
