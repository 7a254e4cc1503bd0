"""The machinery every exercise check shares (lesson 01 introduces the exercises); one module per lesson uses it.

An exercise in a notebook has five tagged cells: the task (``task``), a scaffold that runs as it is
(``exercise``), one line that calls the lesson's check (``check``), and a collapsed solution (``solution``:
a heading and the code). A check judges what the learner's code *does*: it runs it on small generated
inputs chosen to expose the mistakes the task invites, compares numbers with a tolerance, and compares
networks by what they compute. It reads source text for one thing only: the scaffold's own ``...``
placeholders still standing where the scaffold put them (never in comments, strings, or an Ellipsis used
as an index). It prints one line, a ``Verdict``:

- ``passed``: it does what the task asks;
- ``not done yet``: the scaffold's placeholders are still there;
- ``not quite``: a hint that names the mistake and the fix;
- ``could not check``: the check itself failed; that is the course's fault, never the learner's.

A check never raises, never stops "Run All", leaves the global random number generators, the grad mode
and the learner's objects as they were, and keeps whatever the learner's code prints out of its line.
With ``FDL_VERDICTS`` set (the gradebook does), every verdict is also appended to that file as JSON.

``carry_on(number, namespace)``: in a handout (the notebooks without solutions) the solution's place is
taken by this call. If the exercise has not passed, it puts the course's own version of what the solution
defines into the notebook's namespace and says so in one line, so the rest of the lesson still runs.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import functools
import inspect
import io
import json
import linecache
import math
import random
import sys
import textwrap
import traceback
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from ..plumbing import settings

#: What a verdict's status looks like in its line: a mark (all in DejaVu Sans) and the words, which carry
#: the meaning on their own where a font lacks the mark.
MARKS = {"pass": "✓ passed", "todo": "○ not done yet", "hint": "✗ not quite", "error": "⚠ could not check"}


@dataclass(frozen=True)
class Verdict:
    """What a check found: ``status`` is ``pass``, ``todo``, ``hint`` or ``error``; ``message`` says why."""

    exercise: str
    title: str
    status: str
    message: str

    def __str__(self) -> str:
        return f"Exercise {self.exercise} ({self.title}): {MARKS[self.status]}. {self.message}"

    @property
    def passed(self) -> bool:
        return self.status == "pass"


class Todo(Exception):
    """The answer still holds the scaffold's placeholders; the message (optional) says where."""


class Hint(Exception):
    """The answer is wrong in the way the message names."""


@dataclass
class Exercise:
    """A registered exercise: its number, title, what "not done yet" points to, its judge and its fallback."""

    number: str
    title: str
    todo: str
    judge: Callable[..., str]
    defines: tuple[str, ...] = ()
    fallback: Callable[[dict], dict] | None = None


#: Every exercise of the course, by number ("02.1", ...), filled as the lesson modules are imported.
EXERCISES: dict[str, Exercise] = {}
#: The last verdict of each exercise in this process (``carry_on`` reads it).
LAST: dict[str, Verdict] = {}


def exercise(number: str, title: str, todo: str, defines: tuple[str, ...] = ()):
    """Register ``judge`` as the check of exercise ``number``.

    ``judge(*answers)`` returns the pass message or raises ``Todo`` / ``Hint``. The decorated function,
    called from a notebook, prints the verdict's line and returns nothing (so a check cell shows one line);
    its ``.judge`` returns the ``Verdict`` instead. ``todo`` says what is left in the scaffold, and
    ``defines`` names what the exercise's solution defines (for ``carry_on``).
    """

    def wrap(judge):
        entry = EXERCISES[number] = Exercise(number, title, todo, judge, tuple(defines))

        @functools.wraps(judge)
        def verdict(*args, **kwargs) -> Verdict:
            result = run_judge(entry, args, kwargs)
            LAST[number] = result
            _record(result)
            return result

        @functools.wraps(judge)
        def check(*args, **kwargs) -> None:
            print(verdict(*args, **kwargs))

        check.judge = verdict
        check.number = number
        return check

    return wrap


def fallback(number: str):
    """Register the course's own version of what exercise ``number``'s solution defines: a function of the
    notebook's namespace that returns ``{name: value}`` (used by ``carry_on``)."""

    def wrap(make):
        EXERCISES[number].fallback = make
        return make

    return wrap


def run_judge(entry: Exercise, args: tuple, kwargs: dict) -> Verdict:
    """Run a judge with the global random state, the grad mode and the learner's output kept as they were."""
    state = random.getstate(), np.random.get_state()
    grad = torch.is_grad_enabled()
    try:
        with torch.random.fork_rng(devices=[]), quiet():
            message = entry.judge(*args, **kwargs)
        return Verdict(entry.number, entry.title, "pass", _sentence(message))
    except Todo as err:
        where = str(err)
        return Verdict(
            entry.number,
            entry.title,
            "todo",
            _sentence(
                f"{entry.todo[:1].upper()}{entry.todo[1:]}"
                + (f" ({where})" if where else "")
                + ", then run this check again."
            ),
        )
    except Hint as err:
        return Verdict(entry.number, entry.title, "hint", _sentence(str(err), lead="Your "))
    except Exception as err:  # the check's own failure: never blamed on the learner
        if any(placeholders(a) for a in args):
            return Verdict(
                entry.number,
                entry.title,
                "todo",
                _sentence(f"{entry.todo[:1].upper()}{entry.todo[1:]}, then run this check again."),
            )
        line = traceback.format_exception_only(type(err), err)[-1].strip()
        return Verdict(
            entry.number,
            entry.title,
            "error",
            f"The check itself failed ({line[:200]}). That is a fault of the course, not of your code: "
            f"please report it.",
        )
    finally:
        random.setstate(state[0])
        np.random.set_state(state[1])
        torch.set_grad_enabled(grad)


def _sentence(text: str, lead: str = "") -> str:
    """One line that starts with an English word and a capital, never with an identifier (a message that
    would start with `code` gets ``lead`` in front), and ends with a full stop."""
    text = " ".join(str(text).split())
    if text.startswith("`"):
        text = lead + text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _record(verdict: Verdict) -> None:
    path = settings.verdicts_file()
    if path is not None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(verdict)) + "\n")


@contextlib.contextmanager
def quiet():
    """Keep what the learner's code prints (to stdout or stderr) out of the check's one line."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        yield


# --------------------------------------------------------------------------------------------------------
# The scaffold's placeholders


def placeholders(obj, depth: int = 0) -> list[str]:
    """Where ``obj`` still holds the scaffold's ``...``: as the value itself, inside a list, tuple, dict or
    an object's attributes, or (for a function or class) as an Ellipsis in its code that is not an index.
    Returns a description of each place, e.g. ``["line 7"]``; empty when there is none."""
    if obj is Ellipsis:
        return ["the value"]
    if depth > 3:
        return []
    if isinstance(obj, (list, tuple, set)):
        return [p for item in obj for p in placeholders(item, depth + 1)]
    if isinstance(obj, dict):
        return [p for item in obj.values() for p in placeholders(item, depth + 1)]
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        return _code_placeholders(obj)
    if inspect.isclass(obj):
        if obj.__module__.startswith(("torch", "torchvision", "builtins", "numpy")):
            return []
        return [p for f in vars(obj).values() if inspect.isfunction(f) for p in _code_placeholders(f)]
    if isinstance(obj, nn.Module):  # a torchvision pipeline is a module too: look at its steps
        steps = getattr(obj, "transforms", None)
        return placeholders(list(steps), depth + 1) if isinstance(steps, (list, tuple)) else []
    if torch.is_tensor(obj) or isinstance(obj, (str, bytes, int, float)):
        return []
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict):
        return [
            p for key, value in attributes.items() if not key.startswith("_") for p in placeholders(value, depth + 1)
        ]
    return []


def _code_placeholders(fn) -> list[str]:
    try:
        lines, first = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        return []
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return []
    in_index = {id(n) for node in ast.walk(tree) if isinstance(node, ast.Subscript) for n in ast.walk(node.slice)}
    return [
        f"line {first + node.lineno - 1}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value is Ellipsis and id(node) not in in_index
    ]


def require_done(*answers) -> None:
    """Raise ``Todo`` naming where the scaffold's placeholders still stand in any of ``answers``."""
    found = [p for a in answers for p in placeholders(a)]
    if found:
        lines = sorted({int(p.split()[1]) for p in found if p.startswith("line ")})
        if not lines:
            raise Todo()
        listed = f"{', '.join(map(str, lines[:-1]))} and {lines[-1]}" if len(lines) > 1 else str(lines[0])
        raise Todo(f"the `...` on line{'s' if len(lines) > 1 else ''} {listed}")


# --------------------------------------------------------------------------------------------------------
# Running the learner's code, and saying what an answer is


def call(fn, *args, name: str | None = None, **kwargs):
    """Call the learner's ``fn``; an exception becomes a ``Hint`` naming the function, the error and the
    learner's line that raised it (or ``Todo`` while placeholders stand)."""
    name = name or getattr(fn, "__name__", "your code")
    if not callable(fn):
        raise Hint(
            f"`{name}` should be a function, but it is {describe(fn)}"
            + (": wrap the steps in `v2.Compose([...])`." if isinstance(fn, list) else ".")
        )
    try:
        return fn(*args, **kwargs)
    except (Hint, Todo):
        raise
    except Exception as err:
        raise raised(err, fn, name) from None


def raised(err: BaseException, fn, name: str) -> Exception:
    """What to say when the learner's ``fn`` raised ``err``: ``Todo`` while placeholders stand, else a
    ``Hint`` naming the function, the error and the learner's line that raised it."""
    if placeholders(fn):
        return Todo()
    return Hint(f"Your `{name}` raised {type(err).__name__}: {_first_line(err)}{_where(err)}.")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200].rstrip(".") if text else "(no message)"


def _where(err: BaseException) -> str:
    """`` (line 7: `loss.backward()`)``: the last frame of the traceback in the learner's own cells."""
    own = [f for f in traceback.extract_tb(err.__traceback__) if _learners(f.filename)]
    if not own:
        return ""
    frame = own[-1]
    code = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f" (line {frame.lineno}: `{code[:80]}`)" if code else f" (line {frame.lineno})"


def _learners(filename: str) -> bool:
    """Whether a traceback frame's file is a notebook cell (Jupyter's or the tests'), not library code."""
    package = str(Path(__file__).resolve().parent.parent)
    return not filename.startswith((package, sys.prefix, sys.base_prefix)) and "site-packages" not in filename


def quoted(text: str, limit: int = 40) -> str:
    """``text`` in quotes, cut at ``limit`` characters with an ellipsis when it is longer."""
    return repr(text) if len(text) <= limit else repr(text[:limit])[:-1] + "…" + repr(text)[-1]


def describe(value) -> str:
    """What an answer is, in words a beginner reads: ``None``, "the text 'abc'", "the class `nn.Linear`"..."""
    if value is None:
        return "None (nothing)"
    if value is Ellipsis:
        return "still the scaffold's `...`"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if type(value).__module__.startswith("PIL."):
        return "a picture (a PIL image)"
    if inspect.isclass(value):
        return f"the class `{_qualified(value)}` itself, not an object made from it (add `()`)"
    if torch.is_tensor(value):
        return "a tensor holding one number" if value.numel() == 1 else f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (int, float, np.number)):
        return f"the number {value}"
    if isinstance(value, (list, tuple)):
        kind = "list" if isinstance(value, list) else "tuple"
        return f"a {kind} of {len(value)} value{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"a dictionary of {len(value)} entries"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return f"the function `{getattr(value, '__name__', '?')}`"
    return f"an object of type `{_qualified(type(value))}`"


def _qualified(cls: type) -> str:
    module = cls.__module__ or ""
    for short, long in (("nn", "torch.nn"), ("v2", "torchvision.transforms.v2"), ("torch.optim", "torch.optim")):
        if module.startswith(long):
            return f"{short}.{cls.__name__}"
    return cls.__name__


def number(value, what: str) -> float:
    """``value`` as a float when it is one number: a Python or NumPy number, or a tensor holding one number.
    Anything else is a ``Hint`` that says what it is (None, text, a tuple, a tensor of many values)."""
    if isinstance(value, bool):
        raise Hint(f"{what} is {describe(value)}; it should be a number.")
    if isinstance(value, (int, float, np.number)):
        return float(value)
    if torch.is_tensor(value) and value.numel() == 1 and not value.is_complex():
        return float(value.detach().cpu().reshape(()))
    if isinstance(value, np.ndarray) and value.size == 1:
        return float(value.reshape(()))
    extra = ""
    if value is None:
        extra = " Did it `return` its result (printing it is not enough)?"
    elif torch.is_tensor(value):
        extra = " One number is expected (a sum over the tensor, `.sum()`, gives one)."
    elif isinstance(value, str):
        extra = " Return the number itself, not text."
    raise Hint(f"{what} is {describe(value)}; it should be one number.{extra}")


def close(a: float, b: float, rel: float = 1e-4, abs_: float = 1e-6) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def cpu_copy(model: nn.Module) -> nn.Module:
    """A copy of the learner's network on the CPU, so that judging it never changes theirs."""
    return copy.deepcopy(model).cpu()


# --------------------------------------------------------------------------------------------------------
# Judging a network by what it computes


def layer_name(module: nn.Module) -> str:
    """A layer as the lessons write it, in backticks, e.g. ```nn.Conv2d(1, 25, kernel_size=3, padding=1)```."""
    return f"`{_layer_code(module)}`"


def _layer_code(module: nn.Module) -> str:
    functional = getattr(module, "functional", None)
    if functional:
        return functional
    kind = type(module).__name__
    no_bias = ", bias=False" if getattr(module, "bias", True) is None else ""
    if isinstance(module, nn.Linear):
        return f"nn.Linear({module.in_features}, {module.out_features}{no_bias})"
    if isinstance(module, nn.Conv2d):
        extra = "".join(
            [
                f", stride={module.stride[0]}" if module.stride != (1, 1) else "",
                f", padding={module.padding[0] if isinstance(module.padding, tuple) else module.padding!r}",
                f", dilation={module.dilation[0]}" if module.dilation != (1, 1) else "",
                f", groups={module.groups}" if module.groups != 1 else "",
                no_bias,
            ]
        )
        return f"nn.Conv2d({module.in_channels}, {module.out_channels}, kernel_size={module.kernel_size[0]}{extra})"
    if isinstance(module, nn.BatchNorm2d):
        return f"nn.BatchNorm2d({module.num_features})"
    if isinstance(module, (nn.Softmax, nn.LogSoftmax)) and module.dim is not None:
        return f"nn.{kind}(dim={module.dim})"
    if isinstance(module, nn.Dropout):
        return f"nn.Dropout({module.p:g})"
    if isinstance(module, nn.MaxPool2d):
        stride = module.stride if module.stride is not None else module.kernel_size
        return f"nn.MaxPool2d({module.kernel_size}" + (f", stride={stride})" if stride != module.kernel_size else ")")
    return f"nn.{kind}()" if type(module).__module__.startswith("torch.nn") else kind


def is_leaf(module: nn.Module) -> bool:
    return not any(True for _ in module.children())


def _functional_step(func, args: tuple, kwargs: dict, out) -> nn.Module | None:
    """A layer that stands for a step written as a function in a ``forward`` of one's own (``F.relu(x)``,
    ``torch.flatten(x, 1)``, ``x.view(len(x), -1)``, ``F.dropout(x, 0.2)``...), so that a network is judged by
    the same kinds of steps however it is written; ``None`` for anything else. The stand-in's ``functional``
    says how the learner wrote it, and a dropout's ``active`` whether it dropped values."""
    name = getattr(func, "__name__", "").lstrip("_").removesuffix("_")
    x = args[0] if args else None
    if not torch.is_tensor(x):
        return None
    step: nn.Module | None = None
    if name == "relu":
        step, written = nn.ReLU(), "F.relu"
    elif name in ("sigmoid", "tanh"):
        step, written = (nn.Sigmoid() if name == "sigmoid" else nn.Tanh()), f"torch.{name}"
    elif name in ("softmax", "log_softmax"):
        step, written = (nn.Softmax() if name == "softmax" else nn.LogSoftmax()), f"F.{name}"
    elif name in ("max_pool2d", "max_pool2d_with_indices"):
        step, written = nn.MaxPool2d(args[1] if len(args) > 1 else kwargs.get("kernel_size", 2)), "F.max_pool2d"
    elif name == "dropout":
        p = args[1] if len(args) > 1 else kwargs.get("p", 0.5)
        training = args[2] if len(args) > 2 else kwargs.get("training", True)
        step, written = nn.Dropout(float(p)), "F.dropout"
        step.active = bool(training) and float(p) > 0
    elif name in ("flatten", "view", "reshape") and torch.is_tensor(out) and x.dim() > 2 and out.dim() == 2:
        step, written = nn.Flatten(), f"x.{name}(...)" if name != "flatten" else "torch.flatten"
    if step is None:
        return None
    step.functional = written
    return step


@dataclass
class Call:
    """One layer run during a forward pass: the layer, and the shapes it got and gave."""

    module: nn.Module
    input_shape: tuple
    output_shape: tuple | None = None


def trace(
    model: nn.Module, x: torch.Tensor
) -> tuple[list[Call], torch.Tensor | None, BaseException | None, Call | None]:
    """Run ``model(x)`` and record every leaf layer it runs, in order.

    Returns (the calls, the output, the exception if the forward pass failed, the call that failed). Works
    for an ``nn.Sequential``, nested ones, and any ``nn.Module`` with a ``forward`` of its own.
    """
    calls: list[Call] = []
    handles = []
    inside = [0]  # how many leaf layers are running: their own steps are not the network's

    def before(module, inputs):
        shape = tuple(inputs[0].shape) if inputs and torch.is_tensor(inputs[0]) else ()
        calls.append(Call(module, shape))
        inside[0] += 1

    def after(module, inputs, output):
        inside[0] -= 1
        for c in reversed(calls):
            if c.module is module and c.output_shape is None:
                c.output_shape = tuple(output.shape) if torch.is_tensor(output) else ()
                break

    class Steps(TorchFunctionMode):
        """Records the steps a ``forward`` of one's own writes as functions, between its layers."""

        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            if inside[0] == 0:
                step = _functional_step(func, args, kwargs, out)
                if step is not None:
                    shape = tuple(args[0].shape)
                    calls.append(Call(step, shape, tuple(out.shape) if torch.is_tensor(out) else ()))
            return out

    for m in model.modules():
        if is_leaf(m):
            handles.append(m.register_forward_pre_hook(before))
            handles.append(m.register_forward_hook(after))
    try:
        with Steps():
            out = model(x)
        return calls, out, None, None
    except Exception as err:
        failed = next((c for c in reversed(calls) if c.output_shape is None), None)
        return calls, None, err, failed
    finally:
        for h in handles:
            h.remove()


#: The layers that hold weights, in the order a network runs them, are matched one to one.
WEIGHTED = (nn.Linear, nn.Conv2d, nn.BatchNorm2d)


def weighted(calls: list[Call]) -> list[nn.Module]:
    return [c.module for c in calls if isinstance(c.module, WEIGHTED)]


def _same_settings(a: nn.Module, b: nn.Module) -> bool:
    """Same kind and sizes; ``padding="same"`` counts as the padding it amounts to."""
    if type(a) is not type(b):
        return False
    if isinstance(a, nn.Linear):
        return (a.in_features, a.out_features, a.bias is None) == (b.in_features, b.out_features, b.bias is None)
    if isinstance(a, nn.Conv2d):
        return (a.in_channels, a.out_channels, a.kernel_size, a.stride, _padding(a), a.bias is None) == (
            b.in_channels,
            b.out_channels,
            b.kernel_size,
            b.stride,
            _padding(b),
            b.bias is None,
        )
    if isinstance(a, nn.BatchNorm2d):
        return a.num_features == b.num_features
    return True


def _padding(conv: nn.Conv2d):
    if conv.padding == "same":
        return tuple((k - 1) // 2 for k in conv.kernel_size)
    if conv.padding == "valid":
        return (0, 0)
    return tuple(conv.padding)


def transplant(source: list[nn.Module], target: list[nn.Module]) -> None:
    """Copy weights and BatchNorm statistics from each layer of ``source`` to its partner in ``target``."""
    with torch.no_grad():
        for s, t in zip(source, target):
            for key, value in s.state_dict().items():
                t.state_dict()[key].copy_(value)


def outputs_agree(model: nn.Module, reference: nn.Module, x: torch.Tensor, train: bool, scores: bool = False) -> bool:
    """Whether the two networks give the same outputs for ``x``, in eval mode or (``train``) in training
    mode with the same random draws for dropout (so a dropout just before or after a ReLU agrees).

    With ``scores`` the outputs are a classifier's scores for ``nn.CrossEntropyLoss`` and are compared as
    the log-probabilities that loss computes from them: a final ``nn.LogSoftmax`` changes nothing there
    (log-softmax twice is log-softmax once), a final ``nn.Softmax`` does."""
    model, reference = copy.deepcopy(model), copy.deepcopy(reference)
    model.train(train), reference.train(train)
    with torch.no_grad():
        torch.manual_seed(0)
        a = model(x)
        torch.manual_seed(0)
        b = reference(x)
    if not (torch.is_tensor(a) and a.shape == b.shape):
        return False
    if scores and a.dim() == 2:
        a, b = torch.log_softmax(a, dim=1), torch.log_softmax(b, dim=1)
    return torch.allclose(a, b, atol=1e-5, rtol=1e-4)


def is_dropout(module: nn.Module) -> bool:
    return isinstance(module, nn.modules.dropout._DropoutNd)


def kinds(calls: list[Call]) -> list[str]:
    """The kinds of layers a network ran, in order; every kind of dropout counts as ``Dropout``."""
    return [
        "Dropout" if is_dropout(c.module) else type(c.module).__name__
        for c in calls
        if not isinstance(c.module, nn.Identity)
    ]


def compare_network(
    model: nn.Module,
    reference: nn.Module,
    x: torch.Tensor,
    why: dict[str, str] | None = None,
    name: str = "the network",
    scores: bool = False,
) -> str:
    """Judge ``model`` against ``reference`` by what it computes: the same layers with weights in the same
    order (any nesting, any ``nn.Module``, ``padding="same"`` for 1), then the same outputs with the
    reference's weights copied in, in eval mode and in training mode. Raises a ``Hint`` naming the first
    difference; ``why`` explains, by layer kind, what a missing or misplaced layer is for. With ``scores``
    the outputs are compared as a classifier's log-probabilities (``outputs_agree``). Steps written as
    functions in a ``forward`` of one's own (``F.relu``...) count as the layers they stand for."""
    why = why or {}
    model, reference = cpu_copy(model), cpu_copy(reference)
    _vary_batchnorm(reference)
    want_calls, _, _, _ = trace(reference.eval(), x)
    calls, out, err, failed = trace(model.eval(), x)
    order = ", ".join(layer_name(c.module) for c in want_calls)
    if err is not None:
        _first_weighted_difference(calls, want_calls, why, name, order)  # a wrong layer before the one that failed
        flat = _flatten_shapes(calls, want_calls)
        if flat is not None:
            raise Hint(flat)
        if failed is not None:
            before = next((c.module for c in reversed(calls[: calls.index(failed)])), None)
            after = f" after {layer_name(before)}" if before is not None else " as the first layer"
            raise Hint(
                f"{name} stops at {layer_name(failed.module)}{after}: it gets numbers of shape "
                f"{failed.input_shape[1:]} per image there ({_first_line(err)}). Expected order: {order}."
            )
        raise Hint(f"Running {name} raised {type(err).__name__}: {_first_line(err)}{_where(err)}.")
    if not torch.is_tensor(out):
        raise Hint(
            f"{_cap(name)} gives {describe(out)} for a batch of images: its `forward` must `return` the "
            f"result, e.g. `return self.model(x)`."
        )
    got_w, want_w = weighted(calls), weighted(want_calls)
    _first_weighted_difference(calls, want_calls, why, name, order)
    if len(got_w) < len(want_w):
        missing = want_w[len(got_w)]
        explain = why.get(type(missing).__name__)
        raise Hint(
            f"{_cap(name)} has {len(got_w)} layers with weights where {len(want_w)} are needed; the "
            f"next one missing is {layer_name(missing)}{': ' + explain if explain else ''}. "
            f"Expected order: {order}."
        )
    if len(got_w) > len(want_w):
        raise Hint(
            f"{_cap(name)} has more layers than the task asks for: {layer_name(got_w[len(want_w)])} "
            f"comes after the last one. Expected order: {order}."
        )
    transplant(want_w, got_w)
    _eval_dropout(calls, name)
    if not outputs_agree(model, reference, x, train=False, scores=scores):
        raise Hint(_difference(calls, want_calls, why, name, order))
    if not outputs_agree(model, reference, x, train=True, scores=scores):
        if [k for k in kinds(calls) if k != "Dropout"] != [k for k in kinds(want_calls) if k != "Dropout"]:
            raise Hint(_difference(calls, want_calls, why, name, order))
        raise Hint(_dropout_difference(calls, want_calls, name, order))
    return order


def _eval_dropout(calls: list[Call], name: str) -> None:
    """A ``Hint`` when a dropout written as a function dropped values while the network was in evaluation
    mode (``F.dropout(x, p)`` without ``training=self.training``)."""
    active = next((c.module for c in calls if getattr(c.module, "active", False)), None)
    if active is not None:
        raise Hint(
            f"In evaluation mode {name} still drops values: `F.dropout(x, {active.p:g})` drops whatever the mode "
            f"unless it is told `training=self.training`. Pass that, or use an `nn.Dropout({active.p:g})` layer, "
            f"which follows `model.train()` and `model.eval()` by itself."
        )


def _first_weighted_difference(calls, want_calls, why: dict[str, str], name: str, order: str) -> None:
    """A ``Hint`` for the first layer with weights that differs from the reference's in kind or size."""
    for g, w in zip(weighted(calls), weighted(want_calls)):
        if _same_settings(g, w):
            continue
        if type(g) is type(w):
            has, needs = layer_name(g), layer_name(w)
            if has == needs:  # a setting the names do not show: say which
                has, needs = f"`{g}`", f"`{w}`"
            raise Hint(f"At position {_position(calls, g)}, {name} has {has}, where it needs {needs}.")
        explain = why.get(type(w).__name__)
        raise Hint(
            f"At position {_position(calls, g)}, {name} has {layer_name(g)}, where it needs "
            f"{layer_name(w)}{': ' + explain if explain else ''}. Expected order: {order}."
        )


def _vary_batchnorm(model: nn.Module) -> None:
    """Give every BatchNorm layer statistics and weights of its own, so that a BatchNorm in the wrong place
    changes the output in evaluation mode too (fresh ones compute almost nothing)."""
    g = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                n = m.num_features
                m.running_mean.copy_(torch.randn(n, generator=g) * 0.3)
                m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
                m.weight.copy_(torch.rand(n, generator=g) + 0.5)
                m.bias.copy_(torch.randn(n, generator=g) * 0.3)


def _flatten_shapes(calls: list[Call], want_calls: list[Call]) -> str | None:
    """When the picture reaching ``nn.Flatten()`` has another size than the task's, say so in one sentence."""
    got = next((c.input_shape for c in calls if isinstance(c.module, nn.Flatten)), None)
    want = next((c.input_shape for c in want_calls if isinstance(c.module, nn.Flatten)), None)
    if got is None or want is None or got[1:] == want[1:] or len(want) != 4:
        return None
    size = lambda s: " x ".join(map(str, s[1:]))  # noqa: E731
    return (
        f"Each image reaches `nn.Flatten()` as {size(got)} values, where the task's network has {size(want)}: "
        f"check the padding of the convolutions and the pooling of each block."
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _position(calls: list[Call], module: nn.Module) -> int:
    return (
        next(i for i, c in enumerate(c for c in calls if not isinstance(c.module, nn.Identity)) if c.module is module)
        + 1
    )


def _difference(calls: list[Call], want_calls: list[Call], why: dict[str, str], name: str, order: str) -> str:
    """Why two networks with the same weighted layers compute different things, in one sentence."""
    got, want = kinds(calls), kinds(want_calls)
    got_plain = [k for k in got if k != "Dropout"]
    want_plain = [k for k in want if k != "Dropout"]
    if "Softmax" in got and "Softmax" not in want:
        softmax = next(c.module for c in calls if type(c.module) is nn.Softmax)
        return (
            f"{_cap(name)} has a softmax ({layer_name(softmax)}). "
            f"Leave it out: `nn.CrossEntropyLoss` turns raw scores into probabilities itself, and a softmax "
            f"before it squeezes every score between 0 and 1, which makes learning much slower."
        )
    if "ReLU" in want_plain and "ReLU" not in got_plain and not any(k in got_plain for k in ("Sigmoid", "Tanh")):
        return (
            f"There is no `nn.ReLU()` in {name}: without a non-linear step between them, the layers with "
            f"weights add up to a single linear map, however many you stack. Expected order: {order}."
        )
    counting = " (not counting dropout)" if "Dropout" in got + want else ""
    for i, (g, w) in enumerate(zip(got_plain, want_plain)):
        if g != w:
            explain = why.get(w, "")
            return (
                f"At position {i + 1}{counting}, {name} has {_article(g)}, where it needs {_article(w)}"
                f"{': ' + explain if explain else ''}. Expected order: {order}."
            )
    if len(got_plain) != len(want_plain):
        shorter = got_plain if len(got_plain) < len(want_plain) else want_plain
        k = len(shorter)
        if len(got_plain) < len(want_plain):
            w = want_plain[k]
            return (
                f"{_cap(name)} lacks {_article(w)} at the end"
                f"{': ' + why[w] if w in why else ''}. Expected order: {order}."
            )
        return f"{_cap(name)} has one {_article(got_plain[k])} too many at the end. Expected order: {order}."
    for g, w in zip([c.module for c in calls], [c.module for c in want_calls]):
        if (
            isinstance(w, nn.MaxPool2d)
            and isinstance(g, nn.MaxPool2d)
            and (g.kernel_size, g.stride) != (w.kernel_size, w.stride)
        ):
            return f"The pooling is {layer_name(g)}; each block needs {layer_name(w)}, which halves the picture."
    return (
        f"{_cap(name)} has the right layers, but computes something else with the same weights: "
        f"check the order of the steps. Expected order: {order}."
    )


def _dropout_difference(calls: list[Call], want_calls: list[Call], name: str, order: str) -> str:
    got = [c for c in calls if is_dropout(c.module)]
    want = [c for c in want_calls if is_dropout(c.module)]
    for g, w in zip(got, want):
        if type(g.module) is not type(w.module):
            return (
                f"{_cap(name)} has `nn.{type(g.module).__name__}`, which drops whole channels (or works on other "
                f"shapes), where the task has {layer_name(w.module)}, which drops single values. Expected order: "
                f"{order}."
            )
    if len(got) != len(want) or [c.module.p for c in got] != [c.module.p for c in want]:
        has = ", ".join(layer_name(c.module) for c in got) or "no dropout"
        needs = ", ".join(layer_name(c.module) for c in want) or "none"
        return (
            f"The dropout differs from the task's: {name} has {has}, where the task has {needs}. "
            f"Expected order: {order}."
        )
    for g, w in zip(got, want):
        if _context(calls, g) != _context(want_calls, w):
            return (
                f"{_cap(layer_name(g.module))} comes {_context(calls, g)}, but the task puts it "
                f"{_context(want_calls, w)}. Expected order: {order}."
            )
    return f"A dropout layer sits in another place than the task puts it. Expected order: {order}."


def _context(calls: list[Call], call: Call) -> str:
    """Where a layer sits, in words: right after which layer, and after which layer with weights."""
    before = [
        c.module for c in calls[: calls.index(call)] if not (is_dropout(c.module) or isinstance(c.module, nn.Identity))
    ]
    if not before:
        return "first"
    last_weighted = next((m for m in reversed(before) if isinstance(m, WEIGHTED)), None)
    text = f"right after {layer_name(before[-1])}"
    if last_weighted is not None and last_weighted is not before[-1]:
        text += f" that follows {layer_name(last_weighted)}"
    return text


def _article(kind: str) -> str:
    return f"`nn.{kind}`"


# --------------------------------------------------------------------------------------------------------
# Handouts: carrying on without a finished exercise


def carry_on(number: str, namespace: dict) -> None:
    """Keep the learner's version of what exercise ``number`` defines when its check passed; otherwise put
    the course's version into ``namespace`` (the notebook's ``globals()``) and say so in one line."""
    entry = EXERCISES.get(number)
    if entry is None or entry.fallback is None:
        print(f"Exercise {number}: nothing to carry on with (this is a fault of the course; please report it).")
        return
    last = LAST.get(number)
    names = ", ".join(f"`{n}`" for n in entry.defines)
    if last is not None and last.passed:
        print(f"Exercise {number} passed: the rest of the lesson uses your {names}.")
        return
    state = (
        "was not checked yet" if last is None else "is not done yet" if last.status == "todo" else "has not passed yet"
    )
    namespace.update(entry.fallback(namespace))  # random draws (a network's first weights) as the solution's
    print(
        f"Exercise {number} {state}, so the rest of the lesson uses the course's {names}. Once yours passes, "
        f"run this cell again to use yours."
    )
