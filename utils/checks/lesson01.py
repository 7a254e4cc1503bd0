"""The checks of lesson 01 (``01_mnist``): counting parameters, the training step, the validation pass.

Each is run on a small made-up problem, never on MNIST: a network of 16 inputs and 3 classes, 100 samples
in batches that end with a short one, so that a mean of batch means shows. The training loop is judged by
the weights it trains (compared with the course's loop from the same start) and by what happened while it
ran: which mode the model was in, when gradients were cleared, computed and used.
"""

from __future__ import annotations

import copy

import torch
from torch import nn

from ..data import TensorData, TensorLoader
from ..networks import count_parameters, dense_net
from ..training import train, validate
from .core import Hint, call, carry_on, close, describe, exercise, fallback, number, quoted, raised, require_done

# --------------------------------------------------------------------------------------------------------
# 01.1


def _dense_counts() -> list[tuple[int, int, int]]:
    """(inputs, outputs, weights) of each Linear layer of lesson 01's network, from the package's copy."""
    return [(m.in_features, m.out_features, m.weight.numel()) for m in dense_net(10) if isinstance(m, nn.Linear)]


@exercise("01.1", "count the parameters by hand", "replace `...` with your count", defines=("n_params",))
def parameter_count(n_params) -> str:
    require_done(n_params)
    if isinstance(n_params, str):
        raise Hint(
            f"`n_params` is {quoted(n_params)}, a piece of text. Write the count as a number or as "
            f"arithmetic without quotes, e.g. `784 * 512 + ...`."
        )
    n = number(n_params, "`n_params`")
    layers = _dense_counts()
    weights = sum(w for _, _, w in layers)
    biases = sum(out for _, out, _ in layers)
    total = weights + biases
    if not n.is_integer():
        raise Hint(f"`n_params` is {n:g}, but a count of weights and biases is a whole number.")
    n = int(n)
    if n == total:
        return f"{n:,} parameters: {weights:,} weights and {biases:,} biases"
    if n == weights:
        raise Hint(
            f"{n:,} counts the weights only: every `Linear` layer also has one bias per output "
            f"({' + '.join(str(out) for _, out, _ in layers)} of them)"
        )
    if n == biases:
        raise Hint(
            f"{n:,} counts one bias per neuron but no weights: a `Linear` layer has one weight for "
            f"every pair of an input and an output"
        )
    for i, (n_in, n_out, w) in enumerate(layers):
        if n == total - w - n_out:
            raise Hint(f"{n:,} leaves out layer {i + 1}, `nn.Linear({n_in}, {n_out})`: count all three `Linear` layers")
        if n == total - w:
            raise Hint(f"{n:,} leaves out the weights of layer {i + 1}, `nn.Linear({n_in}, {n_out})`")
        if n == total - n_out:
            raise Hint(f"{n:,} leaves out the biases of layer {i + 1}, `nn.Linear({n_in}, {n_out})`")
    first_in, first_out, _ = layers[0]
    if n in (total - (first_in - 28) * first_out, total - (first_in - 28) * first_out - first_out + first_out):
        raise Hint(
            f"{n:,}: the first layer takes all 28 x 28 = {first_in} pixels, so it has {first_in} x {first_out} weights"
        )
    other = count_parameters(dense_net(24))
    if n == other:
        raise Hint(
            f"{n:,} is the count with 24 outputs, lesson 02's letters; this network reads digits, so its last "
            f"layer has 10 outputs."
        )
    if n == total + first_in:
        raise Hint(f"{n:,} also counts the {first_in} input pixels, which are data, not something the network learns")
    if n == sum(n_in * n_out + n_in for n_in, n_out, _ in layers):
        raise Hint(f"{n:,} gives each layer one bias per input; a bias belongs to each output (neuron)")
    more = "too many" if n > total else "too few"
    raise Hint(
        f"{n:,} is {abs(n - total):,} {more}. For each `Linear(n_in, n_out)`: n_in x n_out weights "
        f"plus n_out biases, then add the three layers up"
    )


@fallback("01.1")
def _count(ns: dict) -> dict:
    return {"n_params": count_parameters(dense_net(10))}


# --------------------------------------------------------------------------------------------------------
# 01.2 and 01.3: a small problem, a network that records how it is used


def _toy_data(seed: int = 0, n: int = 100) -> TensorData:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, 4, 4, generator=g)
    y = (x.mean(dim=(1, 2, 3)) > 0.5).long() + (x[:, 0, 0, 0] > 0.5).long()
    return TensorData(x, y)


def _toy_net(dropout: bool = False) -> nn.Sequential:
    torch.manual_seed(0)
    layers = [nn.Flatten(), nn.Linear(16, 12), nn.ReLU()] + ([nn.Dropout(0.5)] if dropout else []) + [nn.Linear(12, 3)]
    return nn.Sequential(*layers)


def _loader(data: TensorData, batch_size: int, shuffle: bool = False) -> TensorLoader:
    return TensorLoader(data, batch_size=batch_size, shuffle=shuffle, seed=1, smoke=False)


class _Recorder(nn.Module):
    """Wraps a network; records every forward pass's mode and grad mode, and every ``zero_grad``."""

    def __init__(self, inner: nn.Module, events: list):
        super().__init__()
        self.inner = inner
        self.events = events
        self.seen: list[tuple[bool, bool]] = []

    def forward(self, x):
        self.seen.append((self.training, torch.is_grad_enabled()))
        self.events.append("forward")
        return self.inner(x)

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.events.append("zero_grad")
        super().zero_grad(set_to_none)


class _RecordingAdam(torch.optim.Adam):
    """Adam that records its ``zero_grad`` and ``step`` calls, and whether there were gradients to use."""

    def __init__(self, params, events: list, **kwargs):
        super().__init__(params, **kwargs)
        self.events = events

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.events.append("zero_grad")
        super().zero_grad(set_to_none)

    def step(self, closure=None):
        grads = [p.grad for g in self.param_groups for p in g["params"]]
        self.events.append("step" if any(g is not None and bool(g.abs().sum()) for g in grads) else "empty_step")
        return super().step(closure)


def _train_reference(data: TensorData):
    """The course's loop from the same start: the weights, and (mean loss, accuracy)."""
    model = _toy_net()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    result = train(model, _loader(data, 16, shuffle=True), optimizer, nn.CrossEntropyLoss())
    return model.state_dict(), result


def _train_without_zero_grad(data: TensorData):
    model = _toy_net()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for x, y in _loader(data, 16, shuffle=True):
        nn.CrossEntropyLoss()(model(x), y).backward()
        optimizer.step()
    return model.state_dict()


def _same_weights(a: dict, b: dict) -> bool:
    return all(torch.allclose(a[k], b[k], atol=1e-5) for k in b)


@exercise("01.2", "the training step", "replace the three `...` lines of train_one_epoch", defines=("train_one_epoch",))
def train_step(train_one_epoch) -> str:
    require_done(train_one_epoch)
    data = _toy_data()
    events: list[str] = []
    model = _Recorder(_toy_net(), events)
    start = copy.deepcopy(model.inner.state_dict())
    first = next(iter(model.parameters()))
    first.register_post_accumulate_grad_hook(lambda p: events.append("backward"))
    optimizer = _RecordingAdam(model.parameters(), events, lr=0.01)
    loader = _loader(data, 16, shuffle=True)
    result = call(train_one_epoch, model, loader, nn.CrossEntropyLoss(), optimizer, name="train_one_epoch")
    got = model.inner.state_dict()
    want, (want_loss, want_acc) = _train_reference(data)
    batches = len(loader)
    if not model.seen:
        raise Hint("The model never saw a batch: loop over `loader` and call `model(x)` for each batch.")
    if any(not training for training, _ in model.seen):
        raise Hint(
            "The model ran in evaluation mode during training, so dropout and BatchNorm would behave as "
            "in validation: keep `model.train()` at the start of `train_one_epoch`, and no "
            "`model.eval()` inside it."
        )
    if not _same_weights(got, want):
        steps, backwards = events.count("step") + events.count("empty_step"), events.count("backward")
        if backwards == 0:
            raise Hint(
                "No gradients are computed: `loss.backward()` never ran. Call it after measuring the loss (a method "
                "named without `()` is not called)."
            )
        if steps == 0 and any(not torch.equal(got[k], start[k]) for k in start):
            raise Hint(
                "The weights changed, but never through the `optimizer` that `train_one_epoch` is given: it makes "
                "an optimizer of its own (inside the loop, a new one every batch forgets Adam's running averages "
                "and the caller's settings). Use the `optimizer` argument: `optimizer.zero_grad()`, "
                "`optimizer.step()`."
            )
        if steps == 0:
            raise Hint(
                "The weights never change: `optimizer.step()` never ran. Call it after `loss.backward()` (a method "
                "named without `()` is not called)."
            )
        if all(torch.equal(got[k], start[k]) for k in start) and "empty_step" in events:
            raise Hint(
                "Every time `optimizer.step()` ran there were no gradients to use: they were cleared "
                "after `loss.backward()`, or computed only after the step. The order is "
                "`optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()`."
            )
        if "empty_step" in events:
            raise Hint(
                "`optimizer.step()` ran at a moment when the gradients had just been cleared: the order "
                "in every step is `optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()`."
            )
        if "zero_grad" not in events and _same_weights(got, _train_without_zero_grad(data)):
            raise Hint(
                "The gradients are never cleared (`optimizer.zero_grad()` never ran; without `()` it is not "
                "called), so every batch adds its gradients to those of all the batches before it: call "
                "`optimizer.zero_grad()` in every step, before `loss.backward()`."
            )
        zero_grads = events.count("zero_grad")
        if 0 < zero_grads < batches:
            times = "once" if zero_grads == 1 else f"{zero_grads} times"
            raise Hint(
                f"`optimizer.zero_grad()` ran {times} for {batches} "
                f"batches, so the gradients of several batches add up: call it in every step, inside the loop."
            )
        if backwards > batches or steps > batches:
            raise Hint(
                f"There were {backwards} calls of `loss.backward()` and {steps} of `optimizer.step()` for "
                f"{batches} batches: each batch gets exactly one of each."
            )
        if events.index("step") < events.index("backward"):
            raise Hint(
                "`optimizer.step()` comes before `loss.backward()`, so each step uses the gradients of the "
                "batch before: the order is `optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()`."
            )
        raise Hint(
            "The weights changed, but not as one Adam step per batch changes them: in every step call "
            "`optimizer.zero_grad()`, `loss.backward()` and `optimizer.step()`, once each, in that order."
        )
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Hint(
            f"`train_one_epoch` returned {describe(result)}; it should still return the mean loss and the "
            f"accuracy, as the scaffold's last line does."
        )
    loss, acc = number(result[0], "The mean loss it returned"), number(result[1], "The accuracy it returned")
    if not (close(loss, want_loss, rel=1e-3) and close(acc, want_acc)):
        raise Hint(
            f"The weights learn as they should, but it returned a mean loss of {loss:.4f} and an accuracy "
            f"of {acc:.4f} where {want_loss:.4f} and {want_acc:.4f} were expected: keep the scaffold's "
            f"bookkeeping (`loss_sum`, `correct`, `seen`)."
        )
    return (
        "one `zero_grad`, `backward` and `step` per batch, in training mode: the weights learn exactly as "
        "in the course's loop"
    )


@fallback("01.2")
def _train_one_epoch(ns: dict) -> dict:
    def train_one_epoch(model, loader, loss_fn, optimizer):
        return train(model, loader, optimizer, loss_fn)

    return {"train_one_epoch": train_one_epoch}


# --------------------------------------------------------------------------------------------------------
# 01.3


@exercise("01.3", "the validation pass", "replace the two `...` of validate_one_epoch", defines=("validate_one_epoch",))
def validation_pass(validate_one_epoch) -> str:
    require_done(validate_one_epoch)
    data = _toy_data(seed=2)
    inner = _toy_net(dropout=True)
    model = _Recorder(inner, []).train()
    start = copy.deepcopy(inner.state_dict())
    loss_fn = nn.CrossEntropyLoss()
    loader = _loader(data, 32)  # 100 samples: three batches of 32 and one of 4
    try:
        result = validate_one_epoch(model, loader, loss_fn)
    except TypeError as err:
        if "context manager" in str(err):
            raise Hint("`torch.no_grad` needs its parentheses: `with torch.no_grad():`.") from None
        raise raised(err, validate_one_epoch, "validate_one_epoch") from None
    except Exception as err:
        raise raised(err, validate_one_epoch, "validate_one_epoch") from None
    if any(not p.requires_grad for p in inner.parameters()):
        raise Hint(
            "It switched the weights' gradients off for good (`requires_grad_(False)`), so the next training "
            "epoch could not learn: `with torch.no_grad():` stops recording for the loop only."
        )
    if not model.seen:
        raise Hint("The model never saw a batch: loop over `loader` and call `model(x)` for each batch.")
    if any(training for training, _ in model.seen):
        raise Hint(
            "The model was still in training mode, so dropout switched off random values and the score changes from "
            "run to run: `model.eval()` has to run before the loop (without `()` it is not called)."
        )
    if any(grad for _, grad in model.seen):
        raise Hint(
            "Gradients were being recorded, which costs memory and time for nothing: run the loop inside "
            "`with torch.no_grad():`."
        )
    if any(not torch.equal(v, start[k]) for k, v in inner.state_dict().items()):
        raise Hint("The weights changed during validation: validation only measures, it never calls the optimizer.")
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Hint(
            f"`validate_one_epoch` returned {describe(result)}; it should still return the mean loss and the "
            f"accuracy, as the scaffold's last line does."
        )
    loss, acc = number(result[0], "The mean loss it returned"), number(result[1], "The accuracy it returned")
    want_loss, want_acc = validate(copy.deepcopy(inner), loader, loss_fn)
    if close(loss, want_loss, rel=1e-4) and close(acc, want_acc):
        return "evaluation mode and no gradients: the same score on every run, at the least cost"
    with torch.no_grad():
        inner.eval()
        x, y = next(iter(loader))
        first = (float(loss_fn(inner(x), y)), float((inner(x).argmax(1) == y).float().mean()))
    if close(loss, first[0], rel=1e-4) and close(acc, first[1]):
        raise Hint(
            "It returned the loss and accuracy of the first batch only: the `return` is indented inside the "
            "loop, so the function ends after one batch. Put it after the loop, at the level of `with`."
        )
    with torch.no_grad():
        batch_means = [
            (float(loss_fn(inner(x), y)), float((inner(x).argmax(1) == y).float().mean())) for x, y in loader
        ]
    if close(loss, sum(b[0] for b in batch_means) / len(batch_means), rel=1e-4) or close(
        acc, sum(b[1] for b in batch_means) / len(batch_means)
    ):
        raise Hint(
            "It returned the mean of the batches' means; the last batch is smaller, so it counts too much. "
            "Add up `loss * len(y)` and the right answers over all images, then divide by the number of "
            "images, as the scaffold does."
        )
    if close(acc, want_acc * len(data)):
        raise Hint(
            f"The accuracy came back as a count ({acc:g}); divide the right answers by the number of images seen."
        )
    raise Hint(
        f"It returned a loss of {loss:.4f} and an accuracy of {acc:.4f}, expected {want_loss:.4f} and "
        f"{want_acc:.4f}: keep the scaffold's bookkeeping (`loss_sum`, `correct`, `seen`)."
    )


@fallback("01.3")
def _validate_one_epoch(ns: dict) -> dict:
    def validate_one_epoch(model, loader, loss_fn):
        return validate(model, loader, loss_fn)

    return {"validate_one_epoch": validate_one_epoch}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
