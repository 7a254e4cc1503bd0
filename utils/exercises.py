"""Checks for the exercises of every lesson (lesson 01 introduces them).

An exercise in a notebook has four parts, each tagged so that tools can find it: the task
(``task``), a scaffold that runs as it is (``exercise``), one line that calls a check from this module
(``check``), and a solution collapsed in JupyterLab (``solution``). A check runs the learner's code on
small generated inputs, never on the course's data, and prints one line: a pass, "not done yet" with a
pointer to the task, or a hint that names the mistake. It never raises and never touches the global
random number generators, so "Run All" goes on and the lesson's numbers do not depend on the checks.
"""
from __future__ import annotations

import copy
import functools
import inspect
import io
import math
import random
import re
import string
import tempfile
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch import nn

from .datasets import ASL_LETTERS, TensorData, TensorLoader, asl_label_to_index, read_asl_csv
from .models import MyConvBlock, asl_cnn, dense_net

_MARKS = {"pass": "✅ passed", "todo": "📝 not done yet", "hint": "💡 not quite"}


@dataclass(frozen=True)
class Feedback:
    """What a check found: ``status`` is ``pass``, ``todo`` (the scaffold is untouched) or ``hint``."""

    exercise: str
    title: str
    status: str
    message: str

    def __str__(self) -> str:
        message = self.message[:1].upper() + self.message[1:]
        return f"Exercise {self.exercise} ({self.title}): {_MARKS[self.status]}. {message}"


class _Todo(Exception):
    """The learner's answer still holds the scaffold's placeholders."""


class _Hint(Exception):
    """The learner's answer is wrong in a way the message names."""


#: Every check, by exercise number ("02.1", ...).
CHECKS: dict[str, Callable] = {}


def _check(exercise: str, title: str, todo: str):
    """Register ``judge`` as the check of ``exercise``; the check prints the feedback, ``.judge`` returns it.

    ``todo`` says which part of the task is left, for the "not done yet" message.
    """
    def wrap(judge):
        @functools.wraps(judge)
        def run(*args, **kwargs) -> Feedback:
            state = random.getstate(), np.random.get_state()
            try:
                with torch.random.fork_rng(devices=[]):  # the lesson's own random numbers stay as they were
                    message = judge(*args, **kwargs)
                return Feedback(exercise, title, "pass", message)
            except _Todo as err:
                return Feedback(exercise, title, "todo", str(err) or f"{todo} (see the task above).")
            except _Hint as err:
                return Feedback(exercise, title, "hint", str(err))
            except Exception as err:  # whatever the learner's code raised becomes a hint, never a stop
                if any(_has_placeholder(a) for a in args):
                    return Feedback(exercise, title, "todo", f"{todo} (see the task above).")
                return Feedback(exercise, title, "hint",
                                f"your code raised {type(err).__name__}: {str(err).strip().splitlines()[0][:200]}")
            finally:
                random.setstate(state[0])
                np.random.set_state(state[1])

        @functools.wraps(judge)
        def check(*args, **kwargs) -> None:
            print(run(*args, **kwargs))

        check.judge = run
        check.exercise = exercise
        CHECKS[exercise] = check
        return check

    return wrap


def _has_placeholder(obj) -> bool:
    """Whether ``obj`` is, holds, or (for code) contains the scaffold's ``...`` placeholder."""
    if obj is Ellipsis:
        return True
    if isinstance(obj, (list, tuple)):
        return any(_has_placeholder(o) for o in obj)
    transforms = getattr(obj, "transforms", None)
    if isinstance(transforms, (list, tuple)) and any(t is Ellipsis for t in transforms):
        return True
    if isinstance(obj, TensorLoader):
        return obj.shuffle is Ellipsis
    sources = []
    if inspect.isfunction(obj):
        sources.append(obj)
    elif inspect.isclass(obj):
        sources.extend(f for f in vars(obj).values() if inspect.isfunction(f))
    for fn in sources:
        try:
            source = textwrap.dedent(inspect.getsource(fn))
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (OSError, TypeError, tokenize.TokenError, IndentationError, SyntaxError):
            continue
        if any(t.type == tokenize.OP and t.string == "..." for t in tokens):
            return True
    return False


def _calls_in_order(fn, names: tuple[str, ...]) -> list[str]:
    """Which of the method ``names`` the source of ``fn`` calls (``.name(``), in the order written."""
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return list(names)
    found = [(m.start(), m.group(1)) for m in re.finditer(r"\.(%s)\s*\(" % "|".join(names), source)]
    return [name for _, name in sorted(found)]


def _require_done(*answers) -> None:
    if any(_has_placeholder(a) for a in answers):
        raise _Todo()


def _cpu_copy(model: nn.Module) -> nn.Module:
    return copy.deepcopy(model).cpu()


def _layer_types(model: nn.Module) -> list[str]:
    return [type(m).__name__ for m in model.children()] if isinstance(model, nn.Sequential) else [type(model).__name__]


def _compare_layers(got: nn.Sequential, want: nn.Sequential, explain: dict[str, str]) -> None:
    """Raise a hint naming the first layer that differs from the reference, in kind or in settings."""
    got_layers, want_layers = list(got.children()), list(want.children())
    for i, (g, w) in enumerate(zip(got_layers, want_layers)):
        if type(g) is not type(w):
            why = explain.get(type(w).__name__, "")
            raise _Hint(f"layer {i} is a {type(g).__name__}, but at that place the network needs a "
                        f"{type(w).__name__}{': ' + why if why else ''}. Expected order: "
                        f"{', '.join(_layer_types(want))}.")
        for attr in ("in_features", "out_features", "in_channels", "out_channels", "kernel_size", "padding",
                     "stride", "p", "num_features"):
            if hasattr(w, attr) and getattr(g, attr) != getattr(w, attr):
                raise _Hint(f"layer {i} ({type(w).__name__}) has {attr}={getattr(g, attr)}, expected "
                            f"{getattr(w, attr)}.")
    if len(got_layers) < len(want_layers):
        missing = ", ".join(_layer_types(want)[len(got_layers):])
        raise _Hint(f"{len(got_layers)} layers so far; still missing at the end: {missing}.")
    if len(got_layers) > len(want_layers):
        extra = ", ".join(type(m).__name__ for m in got_layers[len(want_layers):])
        softmax = " Leave out the softmax: CrossEntropyLoss applies it itself." if "Softmax" in extra else ""
        raise _Hint(f"there are layers after the output layer: {extra}.{softmax}")


# --------------------------------------------------------------------------------------------------------
# Lesson 01


@_check("01.1", "count the parameters by hand", "replace `...` with your count")
def check_parameter_count(n_params) -> str:
    """Lesson 01: the dense network 784-512-512-10 has 669,706 parameters."""
    _require_done(n_params)
    weights = 784 * 512 + 512 * 512 + 512 * 10
    biases = 512 + 512 + 10
    if not isinstance(n_params, (int, np.integer)) and not (isinstance(n_params, float) and n_params.is_integer()):
        raise _Hint(f"expected a whole number, got {n_params!r}.")
    n = int(n_params)
    if n == weights + biases:
        return f"{n:,} parameters: {weights:,} weights and {biases:,} biases."
    if n == weights:
        raise _Hint(f"{n:,} counts the weights only: every Linear layer also has one bias per output "
                    f"(512 + 512 + 10 of them).")
    if n == biases:
        raise _Hint(f"{n:,} counts the neurons (one bias each), not the weights: a Linear layer has one "
                    f"weight for every (input, output) pair.")
    if n in (784 * 512 + 512 + 512 * 512 + 512, 512 * 512 + 512 + 512 * 10 + 10, 784 * 512 + 512 + 512 * 10 + 10):
        raise _Hint(f"{n:,} leaves out one of the three Linear layers.")
    if n in (28 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10, 28 * 28 + 512 * 512 + 512 * 10 + biases):
        raise _Hint(f"{n:,}: the first layer takes all 28 x 28 = 784 pixels, so it has 784 x 512 weights.")
    raise _Hint(f"{n:,} is {abs(n - weights - biases):,} {'too many' if n > weights + biases else 'too few'}. "
                f"Per Linear layer: inputs x outputs weights, plus one bias per output.")


def _toy_problem(seed: int = 0, n: int = 96, dropout: bool = False):
    """A small classification problem and a small network for checking training and validation loops."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, 4, 4, generator=g)
    y = (x.mean(dim=(1, 2, 3)) > 0.5).long() + (x[:, 0, 0, 0] > 0.5).long()
    torch.manual_seed(seed)
    layers = [nn.Flatten(), nn.Linear(16, 12), nn.ReLU()] + ([nn.Dropout(0.5)] if dropout else []) + [nn.Linear(12, 3)]
    return TensorData(x, y), nn.Sequential(*layers)


def _reference_train(model, loader, loss_fn, optimizer, zero_grad=True):
    model.train()
    for x, y in loader:
        loss = loss_fn(model(x), y)
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()


@_check("01.2", "the training step", "replace the three `...` lines of train_one_epoch")
def check_train_step(train_one_epoch) -> str:
    """Lesson 01: ``train_one_epoch(model, loader, loss_fn, optimizer)`` learns like the course's loop."""
    _require_done(train_one_epoch)
    data, model = _toy_problem()
    start = copy.deepcopy(model.state_dict())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    result = train_one_epoch(model, TensorLoader(data, batch_size=16, shuffle=True, seed=1), nn.CrossEntropyLoss(),
                             optimizer)
    got = model.state_dict()
    calls = _calls_in_order(train_one_epoch, ("zero_grad", "backward", "step"))
    if "backward" not in calls:
        raise _Hint("no gradients are computed: call loss.backward() after measuring the loss.")
    if "step" not in calls:
        raise _Hint("the weights never change: call optimizer.step() after loss.backward().")
    if "zero_grad" in calls and calls.index("backward") < calls.index("zero_grad") < calls.index("step"):
        raise _Hint("the gradients are cleared between backward() and step(), so step() finds none to use: "
                    "call optimizer.zero_grad() first, or after step().")
    if all(torch.equal(got[k], start[k]) for k in start):
        raise _Hint("the weights did not change: every step needs optimizer.zero_grad(), loss.backward() and "
                    "optimizer.step(), in that order.")

    def reference(zero_grad: bool):
        _, ref = _toy_problem()
        opt = torch.optim.Adam(ref.parameters(), lr=0.01)
        _reference_train(ref, TensorLoader(data, batch_size=16, shuffle=True, seed=1), nn.CrossEntropyLoss(), opt,
                         zero_grad)
        return ref.state_dict()

    def same(state):
        return all(torch.allclose(got[k], state[k], atol=1e-6) for k in state)

    if not same(reference(zero_grad=True)):
        if same(reference(zero_grad=False)):
            raise _Hint("the gradients are never cleared, so every batch adds its gradients to those of all "
                        "the batches before: call optimizer.zero_grad() in every step.")
        raise _Hint("the weights changed, but not as one Adam step per batch would change them: in every "
                    "step call optimizer.zero_grad(), loss.backward() and optimizer.step(), once each, in that order.")
    if not (isinstance(result, tuple) and len(result) == 2):
        raise _Hint("train_one_epoch should still return (mean loss, accuracy).")
    return "one zero_grad, backward and step per batch: the weights learn exactly as in the course's loop."


class _Probe(nn.Module):
    """Wraps a network and records, at every forward pass, whether it ran in training mode and with gradients."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner
        self.seen: list[tuple[bool, bool]] = []

    def forward(self, x):
        self.seen.append((self.training, torch.is_grad_enabled()))
        return self.inner(x)


@_check("01.3", "the validation pass", "replace the two `...` of validate_one_epoch")
def check_validate(validate_one_epoch) -> str:
    """Lesson 01: ``validate_one_epoch(model, loader, loss_fn)`` runs in eval mode without gradients."""
    _require_done(validate_one_epoch)
    data, inner = _toy_problem(dropout=True)
    probe = _Probe(inner).train()
    start = copy.deepcopy(probe.state_dict())
    loss_fn = nn.CrossEntropyLoss()
    result = validate_one_epoch(probe, TensorLoader(data, batch_size=32), loss_fn)
    if not probe.seen:
        raise _Hint("the model never saw a batch: loop over the loader and call model(x).")
    if any(training for training, _ in probe.seen):
        raise _Hint("the model was still in training mode, so dropout switched off random values and the "
                    "score changes from run to run: call model.eval() before the loop.")
    if any(grad for _, grad in probe.seen):
        raise _Hint("gradients were being recorded, which costs memory and time for nothing: run the loop "
                    "inside `with torch.no_grad():`.")
    if any(not torch.equal(v, start[k]) for k, v in probe.state_dict().items()):
        raise _Hint("the weights changed during validation: validation only measures, it never calls the optimizer.")
    with torch.no_grad():
        inner.eval()
        out = inner(data.x)
        want = (float(loss_fn(out, data.y)), float((out.argmax(dim=1) == data.y).float().mean()))
    if not (isinstance(result, tuple) and len(result) == 2):
        raise _Hint("validate_one_epoch should still return (mean loss, accuracy).")
    if not all(math.isclose(float(g), w, rel_tol=1e-4, abs_tol=1e-6) for g, w in zip(result, want)):
        raise _Hint(f"returned loss and accuracy {tuple(round(float(r), 4) for r in result)}, expected "
                    f"{tuple(round(w, 4) for w in want)}: the mean over all images, not over batches.")
    return "evaluation mode and no gradients: the same score on every run, at the least cost."


# --------------------------------------------------------------------------------------------------------
# Lesson 02

_KAGGLE_LABELS = torch.tensor([label for label in range(25) if label != 9])


@_check("02.1", "map Kaggle's labels to 0-23", "replace `...` in kaggle_to_index")
def check_label_mapping(kaggle_to_index) -> str:
    """Lesson 02: Kaggle's 0-24 without 9 (J) become 0-23."""
    _require_done(kaggle_to_index)
    got = kaggle_to_index(_KAGGLE_LABELS.clone())
    _require_done(got)
    got = torch.as_tensor(got).long().flatten()
    want = asl_label_to_index(_KAGGLE_LABELS)
    if got.shape != want.shape:
        raise _Hint(f"kaggle_to_index should return one label per input label ({len(want)}), got {len(got)}.")
    if torch.equal(got, want):
        return "A-I keep 0-8, K-Y move down by one to 9-23: 24 labels for 24 outputs."
    if torch.equal(got, _KAGGLE_LABELS):
        raise _Hint("the labels are unchanged: Y stays 24, but a network with 24 outputs only has the "
                    "places 0-23. Labels after J (9) must move down by one.")
    if torch.equal(got, _KAGGLE_LABELS - 1):
        raise _Hint("every label moved down by one, so A (0) became -1: only the labels after J (9) move.")
    wrong = [(int(k), int(g), int(w)) for k, g, w in zip(_KAGGLE_LABELS, got, want) if g != w]
    k, g, w = wrong[0]
    letter = string.ascii_uppercase[k]
    raise _Hint(f"Kaggle label {k} ({letter}) became {g}, but it should become {w} "
                f"({len(wrong)} of 24 labels are wrong).")


@_check("02.2", "build the dense network", "add the layers after nn.Flatten()")
def check_dense_model(model, n_classes: int = 24) -> str:
    """Lessons 01-02: Flatten, Linear 784-512, ReLU, Linear 512-512, ReLU, Linear 512-n_classes."""
    if not isinstance(model, nn.Module):
        raise _Hint(f"`model` should be an nn.Sequential, got {type(model).__name__}.")
    model = _cpu_copy(model)
    if not any(isinstance(m, nn.Linear) for m in model.modules()):
        raise _Todo()
    want = dense_net(n_classes)
    try:
        out = model.eval()(torch.rand(2, 1, 28, 28))
    except RuntimeError as err:
        if "mat1 and mat2" in str(err) and not isinstance(next(iter(model.children())), nn.Flatten):
            raise _Hint("the first Linear layer received 28 x 28 images: start with nn.Flatten() to lay "
                        "each image out as a row of 784 numbers.") from None
        raise
    if out.shape[-1] != n_classes:
        raise _Hint(f"the network gives {out.shape[-1]} scores per image, but there are {n_classes} letters: "
                    f"the last Linear layer needs {n_classes} outputs.")
    if not any(isinstance(m, nn.ReLU) for m in model.modules()):
        raise _Hint("there is no ReLU: without a non-linear step between them, the Linear layers add up to a "
                    "single linear map, however many you stack.")
    _compare_layers(model, want, {"ReLU": "the non-linear step after each hidden Linear layer",
                                  "Flatten": "784 pixels in a row"})
    return f"{sum(p.numel() for p in model.parameters()):,} parameters, one score for each of the {n_classes} letters."


@_check("02.3", "get_batch_accuracy", "replace the three `...` in get_batch_accuracy")
def check_batch_accuracy(get_batch_accuracy) -> str:
    """Lesson 02: the share of the whole data set (``N``) that this batch got right."""
    _require_done(get_batch_accuracy)
    # Five images, five classes: the right answer per row (argmax over dim 1) gets 3 of 5 right;
    # reading the argmax down the batch (dim 0) would get 2 right.
    output = torch.tensor([[5.0, 0, 0, 0, 1], [0, 5, 0, 0, 2], [0, 0, 5, 0, 3], [1, 2, 3, 5, 0], [4, 3, 2, 1, 0]])
    y = torch.tensor([0, 1, 3, 2, 0])
    got = get_batch_accuracy(output, y, 50)
    _require_done(got)
    try:
        value = float(got)
    except (TypeError, ValueError):
        raise _Hint(f"get_batch_accuracy returned {got!r}; it should return a number.") from None
    if math.isclose(value, 3 / 50):
        return "3 right out of a batch of 5, counted as 3/N: summed over all batches, that is the accuracy."
    if math.isclose(value, 3):
        raise _Hint("it returned the number of right answers (3): divide by N.")
    if math.isclose(value, 3 / 5):
        raise _Hint("it divided by the batch size (5) instead of N, the size of the whole data set, so the "
                    "values of all batches no longer add up to the accuracy.")
    down = int((output.argmax(dim=0) == y).sum())
    if math.isclose(value, down / 50) or math.isclose(value, down):
        raise _Hint("argmax ran over dim 0, down the batch; each row's best class is the argmax over dim 1.")
    raise _Hint(f"expected 3/50 = {3 / 50:.4f} for a batch with 3 of 5 right and N = 50, got {value:.4f}. "
                f"Predictions are output.argmax(dim=1); compare them with y.")


# --------------------------------------------------------------------------------------------------------
# Lesson 03


def _toy_csv(folder: Path) -> tuple[Path, TensorData]:
    """A small Sign Language MNIST CSV (label, pixel1..pixel784) and what reading it should give."""
    rng = np.random.default_rng(0)
    labels = np.array([0, 8, 10, 24, 3])
    pixels = rng.integers(0, 256, size=(len(labels), 784))
    pixels[:, 0] = 255  # every image has a full-white first pixel, so unscaled values show
    path = folder / "asl.csv"
    header = "label," + ",".join(f"pixel{i}" for i in range(1, 785))
    rows = [",".join(str(v) for v in [label, *row]) for label, row in zip(labels, pixels)]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path, read_asl_csv(path)


@_check("03.1", "read the CSV into images", "replace the three `...` in read_asl_csv")
def check_read_csv(read_asl_csv_answer) -> str:
    """Lesson 03: label column out, rows into 1 x 28 x 28 images scaled to [0, 1], labels 0-23."""
    _require_done(read_asl_csv_answer)
    with tempfile.TemporaryDirectory() as tmp:
        path, want = _toy_csv(Path(tmp))
        try:
            got = read_asl_csv_answer(path)
        except ValueError as err:
            if "reshape" in str(err):
                raise _Hint("each row still has 785 numbers: take the 'label' column out of the frame "
                            "(frame.pop('label')) before reshaping the pixels.") from None
            raise
    x, y = got.x, got.y
    if x.ndim == 3:
        raise _Hint(f"images have shape {tuple(x.shape[1:])}: a convolution needs a channel axis too, "
                    f"reshape to (-1, 1, 28, 28).")
    if tuple(x.shape[1:]) == (28, 28, 1):
        raise _Hint("images have shape (28, 28, 1), channels last; PyTorch wants channels first: (-1, 1, 28, 28).")
    if tuple(x.shape[1:]) != (1, 28, 28):
        raise _Hint(f"images have shape {tuple(x.shape[1:])}, expected (1, 28, 28).")
    if float(x.max()) > 1.0:
        raise _Hint(f"pixel values go up to {float(x.max()):.0f}: divide by 255 so they run from 0 to 1.")
    if not x.is_floating_point():
        raise _Hint("images should be floats (torch.float32).")
    if torch.equal(torch.as_tensor(y).long(), torch.tensor([0, 8, 10, 24, 3])):
        raise _Hint("the labels are Kaggle's (Y is still 24): map them with asl_label_to_index, as in lesson 02.")
    if not torch.allclose(x.float(), want.x) or not torch.equal(torch.as_tensor(y).long(), want.y):
        raise _Hint("shapes and ranges are right, but the values differ from the file's: keep the rows in order "
                    "and reshape each row of 784 pixels row by row.")
    return "one 1 x 28 x 28 image per row, pixels in [0, 1], labels 0-23."


@_check("03.2", "the CNN, layer by layer", "write the three blocks and the dense part into nn.Sequential")
def check_asl_cnn(model) -> str:
    """Lesson 03: the course's CNN, 404,099 parameters."""
    if not isinstance(model, nn.Module):
        raise _Hint(f"`model` should be an nn.Sequential, got {type(model).__name__}.")
    model = _cpu_copy(model)
    if not any(isinstance(m, nn.Linear) for m in model.modules()):
        raise _Todo()
    want = asl_cnn()
    _compare_layers(model, want, {
        "BatchNorm2d": "each block is Conv2d, BatchNorm2d, ReLU, (Dropout), MaxPool2d",
        "Flatten": "the dense layers need each image's 75 x 3 x 3 values in one row",
        "MaxPool2d": "pooling halves height and width at the end of each block",
        "Dropout": "block 2 has Dropout(0.2) before its pooling; the dense part Dropout(0.3) before its ReLU",
    })
    out = model.eval()(torch.rand(2, 1, 28, 28))
    if out.shape != (2, 24):
        raise _Hint(f"the output has shape {tuple(out.shape)}, expected (batch, 24).")
    return f"{sum(p.numel() for p in model.parameters()):,} parameters, the course's CNN."


@_check("03.3", "shuffle the training data", "replace `...` with True or False for each loader")
def check_shuffle(train_loader, valid_loader) -> str:
    """Lesson 03: the training loader shuffles; the validation loader need not."""
    return _judge_shuffle(train_loader, valid_loader)


def _judge_shuffle(train_loader, valid_loader) -> str:
    _require_done(train_loader, valid_loader)
    if not train_loader.shuffle:
        raise _Hint("the training loader keeps the file's order, so every epoch shows the same batches in the "
                    "same order and the network can learn from the order itself: set shuffle=True.")
    if valid_loader.shuffle:
        raise _Hint("the validation loader shuffles too: that changes nothing in the score, it only costs "
                    "time and makes runs harder to compare. Keep shuffle=False for validation.")
    return "a new order of training batches every epoch; validation in a fixed order."


# --------------------------------------------------------------------------------------------------------
# Lesson 04a


@_check("04a.1", "MyConvBlock", "fill in the layers of MyConvBlock's nn.Sequential")
def check_conv_block(block_class) -> str:
    """Lesson 04a: Conv 3x3 (padding 1), BatchNorm, ReLU, Dropout(p), MaxPool 2."""
    _require_done(block_class)
    block = block_class(3, 8, 0.25)
    want = MyConvBlock(3, 8, 0.25)
    for p in (0.25, 0.5):
        dropouts = [m for m in block_class(1, 4, p).modules() if isinstance(m, nn.Dropout)]
        if dropouts and any(d.p != p for d in dropouts):
            raise _Hint("the Dropout ignores the block's dropout_p: pass it on, nn.Dropout(dropout_p).")
    inner = getattr(block, "model", None)
    if not isinstance(inner, nn.Sequential):
        raise _Hint("keep the layers in an nn.Sequential called self.model, so the saved weights keep their names.")
    _compare_layers(inner, want.model, {"Dropout": "use the block's dropout_p", "BatchNorm2d": "after the convolution"})
    out = block.eval()(torch.rand(2, 3, 12, 12))
    if out.shape != (2, 8, 6, 6):
        raise _Hint(f"a 12 x 12 input came out as {tuple(out.shape)}, expected (2, 8, 6, 6): padding=1 keeps "
                    f"the size through the convolution, the pooling halves it.")
    return "Conv2d, BatchNorm2d, ReLU, Dropout, MaxPool2d: one block halves the picture and sets the channels."


def _describe(t) -> str:
    return type(t).__name__


@_check("04a.2", "augmentations that keep the letter", "replace `...` with the transforms you choose")
def check_label_keeping(augmentations) -> str:
    """Lesson 04a: every chosen transform keeps the sign readable as the same letter."""
    _require_done(augmentations)
    from torchvision.transforms import v2

    chosen = list(augmentations.transforms if isinstance(augmentations, v2.Compose) else augmentations)
    if not chosen:
        raise _Todo()
    for t in chosen:
        if isinstance(t, v2.RandomVerticalFlip):
            raise _Hint("RandomVerticalFlip turns hands upside down; nobody signs like that, and some letters "
                        "(g and q, h and p) differ mainly in which way the hand points.")
        if isinstance(t, v2.RandomRotation) and max(abs(d) for d in t.degrees) > 20:
            raise _Hint(f"RandomRotation up to {max(abs(d) for d in t.degrees):.0f} degrees turns some letters "
                        f"into others (h and u differ by a quarter turn); keep it to a few degrees.")
        if isinstance(t, v2.RandomResizedCrop) and min(t.scale) < 0.6:
            raise _Hint(f"RandomResizedCrop with scale down to {min(t.scale)} can keep a small corner of the "
                        f"picture and cut off the fingers that make the letter; keep most of the image (0.8-1).")
        if isinstance(t, v2.RandomInvert):
            raise _Hint("RandomInvert makes a negative of the photo: no camera sees a hand like that, so it "
                        "teaches nothing useful.")
    kinds = sorted({_describe(t) for t in chosen})
    if len(chosen) < 2:
        raise _Hint(f"only {kinds[0]}: pick every transform from the list that keeps the letter.")
    return f"{', '.join(kinds)}: each changes the picture but not the letter."


# --------------------------------------------------------------------------------------------------------
# Lesson 04b


def _toy_photo(seed: int = 0, size=(40, 64)):
    from PIL import Image

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8), "RGB")


@_check("04b.1", "prepare a photo", "replace the three `...` in the pipeline")
def check_prepare(prepare) -> str:
    """Lesson 04b: any photo -> 1 x 28 x 28 float tensor in [0, 1], as the training images."""
    _require_done(prepare)
    from .sign_reader import to_model_input

    photo = _toy_photo()
    got = prepare(photo)
    want = to_model_input(photo)
    if not torch.is_tensor(got):
        raise _Hint(f"the pipeline returned a {type(got).__name__}: start it with v2.ToImage().")
    if got.ndim == 4:
        raise _Hint("the pipeline already adds the batch axis; leave that to unsqueeze(0) in predict_letter.")
    if got.shape[0] == 3:
        raise _Hint("the result has 3 colour channels; the network was trained on greyscale: add v2.Grayscale().")
    if tuple(got.shape[-2:]) != (28, 28):
        raise _Hint(f"the result is {got.shape[-2]} x {got.shape[-1]} pixels: add v2.Resize((28, 28)).")
    if not got.is_floating_point():
        raise _Hint("the pixels are still whole numbers 0-255: add v2.ToDtype(torch.float32, scale=True).")
    if float(got.max()) > 1.0:
        raise _Hint("the pixels are floats but go up to 255: ToDtype needs scale=True to divide by 255.")
    if tuple(got.shape) != tuple(want.shape) or not torch.allclose(got, want, atol=0.02):
        raise _Hint("the shape and range are right, but the values differ from the training data's recipe: "
                    "ToImage, Grayscale, Resize((28, 28)), ToDtype(torch.float32, scale=True).")
    return "1 x 28 x 28, greyscale, values in [0, 1]: what the network was trained on."


class _ShapeProbe(nn.Module):
    """A tiny stand-in for the trained network that records the input shapes and modes it was given."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(3)
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 24))
        self.seen: list[tuple[tuple[int, ...], bool, bool]] = []

    def forward(self, x):
        self.seen.append((tuple(x.shape), self.training, torch.is_grad_enabled()))
        return self.net(x)


@_check("04b.2", "predict_letter", "replace the four `...` in predict_letter")
def check_predict_letter(predict_letter) -> str:
    """Lesson 04b: path -> prepared batch of one -> device -> scores -> argmax -> letter."""
    _require_done(predict_letter)
    from .sign_reader import prepare_image

    with tempfile.TemporaryDirectory() as tmp:
        probe = _ShapeProbe().train()
        results = []
        for seed in range(6):
            path = Path(tmp) / f"photo{seed}.png"
            _toy_photo(seed).save(path)
            try:
                got = predict_letter(path, probe)
            except (TypeError, RuntimeError, ValueError) as err:
                if "element" in str(err) and not _has_placeholder(predict_letter):
                    raise _Hint("the index is not one number: argmax over dim 0 runs down the batch; the "
                                "letters' scores are along dim 1 (scores.argmax(dim=1)).") from None
                raise
            _require_done(got)
            with torch.no_grad():
                index = int(probe.net(prepare_image(path)).argmax(dim=1))
            results.append((got, index))
    shapes = {shape for shape, _, _ in probe.seen}
    if any(len(s) != 4 for s in shapes):
        raise _Hint(f"the network was given shape {sorted(shapes)[0]}: it takes batches, so add the batch "
                    f"axis with unsqueeze(0) to get (1, 1, 28, 28).")
    if any(training for _, training, _ in probe.seen):
        raise _Hint("the network was in training mode: call model.eval() before predicting.")
    if any(grad for _, _, grad in probe.seen):
        raise _Hint("gradients were recorded: predictions need none (@torch.no_grad() on the function).")
    if all(isinstance(got, (int, np.integer)) or torch.is_tensor(got) for got, _ in results):
        raise _Hint("it returned the class number; turn it into a letter: letters[index].")
    if all(got == string.ascii_lowercase[index] for got, index in results) and \
            any(got != ASL_LETTERS[index] for got, index in results):
        raise _Hint("letters were taken from the whole alphabet; the classes are the 24 letters without j "
                    "and z (ASL_LETTERS), so every letter from j on came out wrong.")
    if all(got == ASL_LETTERS[0] for got, _ in results) and any(index != 0 for _, index in results):
        raise _Hint("it always answers 'a': argmax over dim 0 picks among the batch of one; the letters are "
                    "along dim 1.")
    wrong = [(got, ASL_LETTERS[index]) for got, index in results if got != ASL_LETTERS[index]]
    if wrong:
        raise _Hint(f"predicted {wrong[0][0]!r} where the network's highest score is for {wrong[0][1]!r}.")
    return "a batch of one, on the model's device, in eval mode without gradients; the argmax read as a letter."


# --------------------------------------------------------------------------------------------------------
# Lesson 05


@_check("05.1", "the doggy door's rule", "replace the two `...` conditions")
def check_door_decision(doggy_door_decision) -> str:
    """Lesson 05: dogs are ImageNet classes 151-268, cats 281-285."""
    _require_done(doggy_door_decision)
    from .pretrained import doggy_door_decision as reference

    def kind(text):
        return str(text).split(":")[0].strip()

    wrong = [i for i in range(1000) if kind(doggy_door_decision(i)) != kind(reference(i))]
    if not wrong:
        return "151-268 let in, 281-285 kept inside, everything else stays out."
    i = wrong[0]
    got, want = kind(doggy_door_decision(i)), kind(reference(i))
    if set(wrong) <= {151, 268, 281, 285}:
        raise _Hint(f"class {i} came out as {got!r}, but it is a {want}: check the ends of your ranges. "
                    f"range(a, b) stops before b, so the dogs are range(151, 269) and the cats range(281, 286).")
    if all(kind(doggy_door_decision(j)) == "cat" for j in (151, 200, 268)):
        raise _Hint("dogs come out as cats: the dog breeds are classes 151-268 and the cats 281-285.")
    raise _Hint(f"class {i} came out as {got!r}, expected {want!r} ({len(wrong)} of 1,000 classes are wrong).")


@_check("05.2", "freeze the base, add a head", "replace the two `...` in frozen_base_with_head")
def check_frozen_head(frozen_base_with_head) -> str:
    """Lesson 05: base frozen (no gradients), a trainable Linear(1000, 1) head."""
    _require_done(frozen_base_with_head)
    base = nn.Sequential(nn.Flatten(), nn.Linear(12, 1000))
    model = frozen_base_with_head(base)
    if any(p.requires_grad for p in base.parameters()):
        raise _Hint("the base can still learn: base.requires_grad_(False) freezes every one of its weights.")
    trainable = [p for p in model.parameters() if p.requires_grad]
    if not trainable:
        raise _Hint("nothing can learn: freeze the base before adding the head, so the head keeps requires_grad.")
    head = [m for m in model.modules() if isinstance(m, nn.Linear) and m is not base[1]]
    if not head:
        raise _Hint("there is no new Linear layer after the base.")
    out = model(torch.rand(3, 1, 3, 4))
    if out.shape[-1] == 2:
        raise _Hint("two outputs: one score is enough for a yes/no question (BCEWithLogitsLoss reads it).")
    if tuple(out.shape) != (3, 1):
        raise _Hint(f"the model gives shape {tuple(out.shape)} for 3 images; expected (3, 1): one score each "
                    f"from the base's 1,000 outputs, Linear(1000, 1).")
    return f"{sum(p.numel() for p in trainable):,} weights learn (the head); the base stays as ImageNet trained it."


#: What each loss computes, for the hints of the loss exercises (05.3 and 06.3).
_LOSSES = {
    nn.BCEWithLogitsLoss: "a sigmoid on each raw score, then a separate yes/no cross-entropy per score",
    nn.CrossEntropyLoss: "a softmax over the raw scores, then the log-probability of the right class",
    nn.BCELoss: "a yes/no cross-entropy that wants probabilities, not raw scores (it applies no sigmoid)",
    nn.NLLLoss: "the log-probability of the right class, read from log-probabilities, not from raw scores",
    nn.MSELoss: "the squared distance between numbers, for amounts; a class is not a number",
}


def _judge_loss(loss_fn, right: type, needs: str, notes: dict[type, str] | None = None) -> str:
    """A loss-choice check: ``right`` passes; any other loss gets what it computes and what ``needs`` needs."""
    _require_done(loss_fn)
    name, does = type(loss_fn).__name__, _LOSSES.get(type(loss_fn), "not a loss for classes")
    if isinstance(loss_fn, right):
        return f"{name}: {does}."
    note = (notes or {}).get(type(loss_fn))
    raise _Hint(f"{name} computes {does}{'; ' + note if note else ''}. {needs}: nn.{right.__name__}().")


@_check("05.3", "the loss for one score", "replace `...` with a loss function")
def check_loss_choice(loss_fn) -> str:
    """Lesson 05: one score per photo needs BCEWithLogitsLoss."""
    return _judge_loss(loss_fn, nn.BCEWithLogitsLoss, "A yes/no answer from one raw score needs",
                       {nn.CrossEntropyLoss: "over one score a softmax is always 1, so the head cannot learn"})


@_check("05.4", "read the door model's score", "replace the two `...` in read_score")
def check_read_score(read_score, classes) -> str:
    """Lesson 05: score > 0 means class 1; the sigmoid gives its probability."""
    _require_done(read_score)
    cases = [-3.0, -0.3, 0.2, 4.0]
    for score in cases:
        got = read_score(torch.tensor(score))
        _require_done(got)
        name, p = got
        p = float(p)
        p1 = 1 / (1 + math.exp(-score))
        want = (classes[1], p1) if score > 0 else (classes[0], 1 - p1)
        if not 0 <= p <= 1:
            raise _Hint(f"for a score of {score} it gave a probability of {p:.2f}: a score is no probability, "
                        f"torch.sigmoid(score) turns it into one.")
        if name != want[0]:
            if score in (0.2, -0.3) and all(read_score(torch.tensor(s))[0] == w for s, w in
                                            ((-3.0, classes[0]), (4.0, classes[1]))):
                raise _Hint(f"for a score of {score} it said {name!r}: the boundary is a score of 0 (a probability "
                            f"of 0.5), not a score of 0.5.")
            raise _Hint(f"for a score of {score} it said {name!r}, expected {want[0]!r}: a positive score means "
                        f"class 1 ({classes[1]!r}), a negative one class 0 ({classes[0]!r}).")
        if not math.isclose(p, want[1], abs_tol=1e-4):
            raise _Hint(f"for a score of {score} it said {name!r} with probability {p:.3f}, expected {want[1]:.3f}: "
                        f"report how sure the model is of the class it names.")
    return f"a positive score is {classes[1]!r}, a negative one {classes[0]!r}, with the sigmoid's probability."


# --------------------------------------------------------------------------------------------------------
# Lesson 06, the capstone


@_check("06.1", "an ImageNet backbone", "load the backbone with load_backbone")
def check_backbone_weights(base, weights, name: str) -> str:
    """Lesson 06: the base holds ImageNet's weights (not random ones) and is in evaluation mode."""
    _require_done(base, weights)
    from .pretrained import backbone_weights

    if not isinstance(base, nn.Module):
        raise _Hint(f"base is a {type(base).__name__}; load_backbone(BACKBONE, device) returns (model, weights, "
                    f"source): unpack all three.")
    if not hasattr(weights, "transforms") or len(weights.meta.get("categories", [])) != 1000:
        raise _Hint("weights should be the torchvision weights object that load_backbone returns second: it "
                    "knows the preprocessing (weights.transforms()) and the 1,000 ImageNet classes.")
    state, _ = backbone_weights(name, verbose=False)
    mine = base.state_dict()
    key = next(k for k in state if k in mine and state[k].is_floating_point())
    if mine[key].shape != state[key].shape:
        raise _Hint(f"base is not a {name}: its {key} has shape {tuple(mine[key].shape)}.")
    if not torch.equal(mine[key].detach().cpu(), state[key]):
        raise _Hint(f"base has random weights, not ImageNet's: torchvision.models.{name}() on its own starts from "
                    f"random numbers. load_backbone(BACKBONE, device) loads the pretrained ones.")
    if base.training:
        raise _Hint("base is in training mode; a pretrained network reads photos in eval() mode (BatchNorm uses "
                    "its ImageNet statistics, dropout is off).")
    return f"{name} with the weights ImageNet taught it, in evaluation mode."


@_check("06.2", "freeze the base, size the head", "replace the three `...` in letter_model")
def check_letter_model(letter_model) -> str:
    """Lesson 06: a TransferModel from the features to 24 outputs whose base is frozen."""
    _require_done(letter_model)
    base = nn.Sequential(nn.Flatten(), nn.Linear(12, 20))
    model = letter_model(base, 20)
    if not isinstance(model, nn.Module):
        raise _Hint("letter_model should return the model.")
    if any(p.requires_grad for p in base.parameters()):
        raise _Hint("the base can still learn: call .freeze_base() on the TransferModel (or "
                    "base.requires_grad_(False)), so that only the head trains at first.")
    head = getattr(model, "head", None)
    if isinstance(head, nn.Linear) and head.in_features != 20:
        raise _Hint(f"the head takes {head.in_features} inputs, but the base gives n_features (here 20) per photo: "
                    f"base_outputs=n_features.")
    out = model(torch.rand(3, 1, 3, 4))
    n = out.shape[-1]
    if n == 1:
        raise _Hint("one output is for a yes/no question like Bo's door; reading a letter needs one score per "
                    "letter.")
    if n == 26:
        raise _Hint("26 outputs: J and Z are moving signs, left out of the photos and of ASL_LETTERS; 24 letters.")
    if n != len(ASL_LETTERS):
        raise _Hint(f"{n} outputs; the model needs one score per letter of ASL_LETTERS ({len(ASL_LETTERS)}).")
    if not any(p.requires_grad for p in model.parameters()):
        raise _Hint("nothing can learn: the head must stay trainable.")
    return "n_features in, 24 scores out, and only the head learns at first."


@_check("06.3", "the loss for 24 letters", "replace `...` with a loss function")
def check_letter_loss(loss_fn) -> str:
    """Lesson 06: one score per letter and one right letter per photo: CrossEntropyLoss."""
    return _judge_loss(loss_fn, nn.CrossEntropyLoss, "One right letter out of 24 raw scores needs")


@_check("06.4", "augmentations that keep the letter", "replace the five `...` in augmentation")
def check_hand_augmentation(augmentation) -> str:
    """Lesson 06: changes that a real photo of the same letter could show, and none that change the letter."""
    _require_done(augmentation)
    if not isinstance(augmentation, dict) or _has_placeholder(list(augmentation.values())) or \
            _has_placeholder(list(augmentation.get("scale", ()))):
        raise _Todo()
    wanted = {"degrees", "scale", "horizontal_flip", "vertical_flip", "jitter"}
    if set(augmentation) != wanted:
        raise _Hint(f"augmentation should have exactly the keys {', '.join(sorted(wanted))}.")
    if augmentation["vertical_flip"]:
        raise _Hint("an upside-down hand is another sign: G and Q, H and P differ mainly in which way the hand "
                    "points. Set vertical_flip=False.")
    degrees, (low, high), jitter = augmentation["degrees"], augmentation["scale"], augmentation["jitter"]
    if not 0 <= degrees <= 20:
        raise _Hint(f"rotations of up to {degrees} degrees: beyond about 20, fingers that point sideways start to "
                    f"point up or down, and H turns into U or P. Keep it to 5-20.")
    if not 0 < low <= high <= 1:
        raise _Hint("scale is the share of the crop's area kept: two numbers, 0 < smallest <= largest <= 1.")
    if low < 0.5:
        raise _Hint(f"a crop keeping only {low:.0%} of the picture can cut off the fingers that make the letter; "
                    f"keep at least half of it (0.6-0.8 is plenty).")
    if not 0 <= jitter <= 0.5:
        raise _Hint(f"jitter {jitter}: changes of colour beyond about 50% make skin look like nothing a camera "
                    f"would show. 0.1-0.3 covers lamps, daylight and phones.")
    if degrees == 0 and low == high == 1 and not augmentation["horizontal_flip"] and jitter == 0:
        raise _Hint("nothing changes: with ~1,400 training photos, the model needs the variety augmentation "
                    "brings.")
    flip = (" A horizontal flip turns a right hand into a left hand signing the same letter, which left-handed "
            "signers do." if augmentation["horizontal_flip"] else "")
    return f"every change keeps the letter readable.{flip}"


@_check("06.5", "shuffle the training data", "replace `...` with True or False for each loader")
def check_capstone_shuffle(train_loader, valid_loader) -> str:
    """Lesson 06: as in lesson 03, the training loader shuffles and the validation loader need not."""
    return _judge_shuffle(train_loader, valid_loader)


@_check("06.6", "fine-tune the whole network", "replace the two `...` in fine_tuning_optimizer")
def check_fine_tuning(fine_tuning_optimizer) -> str:
    """Lesson 06: every weight learns again, at a learning rate well below the head's."""
    _require_done(fine_tuning_optimizer)
    from .pretrained import TransferModel

    model = TransferModel(nn.Sequential(nn.Flatten(), nn.Linear(12, 1000)), n_outputs=24).freeze_base()
    optimizer = fine_tuning_optimizer(model)
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise _Hint("fine_tuning_optimizer should return an optimizer, e.g. torch.optim.Adam(...).")
    if not all(p.requires_grad for p in model.parameters()):
        raise _Hint("the base is still frozen: call model.unfreeze_base() first, so every weight can learn.")
    handed = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not all(id(p) in handed for p in model.base.parameters()):
        raise _Hint("the optimizer only holds some of the weights: give it model.parameters(), the base's too.")
    lr = max(group["lr"] for group in optimizer.param_groups)
    if lr > 5e-4:
        raise _Hint(f"a learning rate of {lr:g} moves the base's weights so far that what ImageNet taught is "
                    f"washed away in a few steps; stay well below the head's 0.001 (1e-4 to 3e-4).")
    if lr < 1e-6:
        raise _Hint(f"a learning rate of {lr:g} barely moves anything in a few epochs; 1e-4 to 3e-4 lets the "
                    f"base adapt to hands.")
    return f"every weight learns again, at {lr:g}: small steps that adapt ImageNet's features to hands."


__all__ = ["CHECKS", "Feedback"] + [f.__name__ for f in CHECKS.values()]
