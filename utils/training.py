"""Training and validation loops with mean loss, accuracy, a history for plots and progress bars.

The loops are the course's ``train``/``validate``, with two fixes: the loss reported is the mean over
samples (the course printed a sum over batches, which depends on the number of batches), and accuracy
is the share of samples classified right. ``fit`` runs both for a number of epochs and keeps a
``History``. In smoke mode (``FDL_SMOKE=1``) every ``fit`` stops after one epoch of a few batches.
On CUDA, a long training pass records its step once as a CUDA graph and replays it (``CapturedStep``):
the same arithmetic, without Python launching each of the step's small kernels one by one.
"""
from __future__ import annotations

import itertools
import json
import time
import warnings
import weakref
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import torch
from torch import nn
from tqdm.auto import tqdm

from . import config
from .atomic import atomic_write

Transform = Callable[[torch.Tensor], torch.Tensor]


def get_batch_accuracy(output: torch.Tensor, y: torch.Tensor, N: int) -> float:
    """The course's batch accuracy: correct predictions in this batch divided by ``N``.

    With ``N`` the size of the whole data set, adding up the values of every batch gives the accuracy
    over the data set. ``output`` holds one row of scores per sample (or one logit for a yes/no task).
    """
    return count_correct(output, y) / N


def count_correct(output: torch.Tensor, y: torch.Tensor) -> int:
    """How many rows of ``output`` predict their label: argmax of the scores, or logit > 0 for one logit."""
    return int(_correct(output, y).item())


def _correct(output: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``count_correct`` as a tensor on the device (no wait for the GPU)."""
    if output.ndim == 2 and output.shape[1] == 1:
        pred = (output[:, 0] > 0).long()
    else:
        pred = output.argmax(dim=1)
    return (pred == y).sum()


def _loss(loss_fn: nn.Module, output: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if output.ndim == 2 and output.shape[1] == 1:  # one logit: BCEWithLogitsLoss wants float targets
        return loss_fn(output[:, 0], y.float())
    return loss_fn(output, y)


@dataclass
class History:
    """Per-epoch numbers of a training run: mean losses, accuracies (0-1) and seconds."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    valid_loss: list[float] = field(default_factory=list)
    valid_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)  # the whole epoch: training and validation
    train_seconds: list[float] = field(default_factory=list)  # the training pass alone
    train_samples: list[int] = field(default_factory=list)  # images trained on in that pass
    lr: list[float] = field(default_factory=list)  # the learning rate the epoch trained with

    def samples_per_second(self) -> float:
        """Training speed over the epochs that recorded it: images trained on per second of training pass."""
        timed = [(n, s) for n, s in zip(self.train_samples, self.train_seconds) if n]
        return sum(n for n, _ in timed) / sum(s for _, s in timed) if timed else float("nan")

    def add_epoch(self, train_loss: float, train_acc: float, valid_loss: float, valid_acc: float, seconds: float,
                  lr: float = float("nan"), train_seconds: float | None = None, train_samples: int = 0) -> "History":
        """Record one epoch, e.g. one trained by a loop of your own (lesson 01) before ``fit`` takes over."""
        values = dict(train_loss=train_loss, train_acc=train_acc, valid_loss=valid_loss, valid_acc=valid_acc,
                      seconds=seconds, train_seconds=seconds if train_seconds is None else train_seconds,
                      train_samples=train_samples, lr=lr)
        for key, value in values.items():
            getattr(self, key).append(float(value) if key != "train_samples" else int(value))
        return self

    def __len__(self) -> int:
        return len(self.train_loss)

    def extend(self, other: "History") -> "History":
        for key, values in asdict(other).items():
            getattr(self, key).extend(values)
        return self

    def save(self, name: str) -> Path:
        """Keep this history as ``<models folder>/history_<name>.json`` so a later lesson can compare."""
        path = config.models_dir() / f"history_{name}.json"
        with atomic_write(path) as f:
            f.write(json.dumps(asdict(self), indent=1).encode())
        return path

    @classmethod
    def load(cls, name: str) -> "History | None":
        """The history an earlier lesson saved under ``name``, or None (with a note) if it has not run."""
        path = config.models_dir() / f"history_{name}.json"
        if not path.is_file():
            print(f"No saved history {path.name} yet: run that lesson first to compare with it.")
            return None
        try:
            return cls(**json.loads(path.read_text()))
        except (ValueError, TypeError, OSError) as err:  # cut short, edited by hand, from another version
            print(f"The saved history {path} cannot be read ({type(err).__name__}); run that lesson again "
                  f"to compare with it.")
            return None

    def valid_swing(self, from_epoch: int = 6) -> tuple[float, float] | None:
        """How unsteady validation accuracy is from ``from_epoch`` on, in percentage points.

        Returns (mean change from one epoch to the next, highest minus lowest), or None when the run has
        fewer than two epochs from there (a smoke run, say).
        """
        acc = [a * 100 for a in self.valid_acc[from_epoch - 1:]]
        if len(acc) < 2:
            return None
        return sum(abs(b - a) for a, b in zip(acc, acc[1:])) / (len(acc) - 1), max(acc) - min(acc)

    def summary(self) -> str:
        """Last epoch's numbers, the best validation accuracy, and the mean seconds per epoch."""
        if not len(self):
            return "no epochs"
        best = max(range(len(self)), key=lambda i: self.valid_acc[i])
        return (f"last epoch ({len(self)}): train acc {self.train_acc[-1]:.2%}, valid acc {self.valid_acc[-1]:.2%}; "
                f"best valid acc {self.valid_acc[best]:.2%} (epoch {best + 1}); "
                f"{sum(self.seconds) / len(self):.1f} s/epoch")


class _FirstBatches:
    """The first ``n`` batches of a loader, with a matching ``len()``."""

    def __init__(self, loader, n: int):
        self.loader, self.n = loader, n

    def __len__(self) -> int:
        return min(len(self.loader), self.n)

    def __iter__(self):
        return itertools.islice(iter(self.loader), len(self))


def smoke_limit(loader):
    """The loader itself, or in smoke mode (``FDL_SMOKE=1``, as ``make test`` runs) only its first few batches.

    For loops written in a lesson, so that a test run of the notebook stays quick, as ``fit`` does.
    """
    return _FirstBatches(loader, config.SMOKE_BATCHES) if config.is_smoke() else loader


def _batches(loader, transform: Transform | None, max_batches: int | None, desc: str):
    """The loader's batches (at most ``max_batches``) with a progress bar, ``transform`` applied to x."""
    total = len(loader) if max_batches is None else min(len(loader), max_batches)
    for x, y in tqdm(itertools.islice(loader, total), total=total, desc=desc, leave=False, mininterval=0.5):
        yield (transform(x) if transform is not None else x), y


#: A training pass of at least this many batches runs on CUDA through a captured graph (``CapturedStep``).
CUDA_GRAPH_MIN_BATCHES = 50
#: Eager steps at the start of such a pass, on a side stream, before the step is captured.
CUDA_GRAPH_WARMUP = 3


def cuda_graphs_wanted(optimizer: torch.optim.Optimizer, device: torch.device, n_batches: int) -> bool:
    """Whether a training pass should replay a captured CUDA graph instead of launching every step.

    Yes on CUDA for a pass of at least ``CUDA_GRAPH_MIN_BATCHES`` batches whose optimizer can be captured
    (Adam, AdamW, ...: those with a ``capturable`` option), unless ``FDL_CUDA_GRAPHS=0``.
    """
    return (device.type == "cuda" and n_batches >= CUDA_GRAPH_MIN_BATCHES
            and "capturable" in optimizer.defaults and config.cuda_graphs_enabled())


_side_streams: dict[torch.device, torch.cuda.Stream] = {}


def _side_stream(device: torch.device) -> torch.cuda.Stream:
    """One side stream per GPU for the warm-up steps, made once: every new stream would get its own
    cuBLAS workspace (tens of MB) that is never given back."""
    if device not in _side_streams:
        _side_streams[device] = torch.cuda.Stream(device)
    return _side_streams[device]


def _make_capturable(optimizer: torch.optim.Optimizer) -> None:
    """Switch the optimizer to its capturable mode: its step counters live on the GPU, so that a graph
    can advance them. The arithmetic is the same; only where the bias correction is computed moves."""
    for group in optimizer.param_groups:
        group["capturable"] = True
        for p in group["params"]:
            state = optimizer.state.get(p)
            if state and torch.is_tensor(state.get("step")) and state["step"].device != p.device:
                state["step"] = state["step"].to(p.device)


def _train_step(model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor,
                y: torch.Tensor, loss_sum: torch.Tensor, correct: torch.Tensor) -> None:
    """One step of learning on (x, y), adding its loss and its right answers to the running sums."""
    output = model(x)
    loss = _loss(loss_fn, output, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    loss_sum += loss.detach() * len(y)
    correct += _correct(output.detach(), y)


class CapturedStep:
    """A training step recorded once as a CUDA graph, then replayed for every batch of the same shape.

    At the course's batch size of 32 a GPU finishes a step's ~80 small kernels faster than Python can
    launch them one by one; a replay launches them all at once (an epoch ran 5-6 times faster on an H100). The
    maths is the step's own: forward, loss, backward, optimizer step, running sums. Recording runs
    nothing, so the batch it was recorded with is trained by the first ``replay``. The learning rate is
    recorded too: a new pass (after a scheduler's step) records a new graph.
    """

    def __init__(self, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor,
                 y: torch.Tensor, loss_sum: torch.Tensor, correct: torch.Tensor):
        self.x, self.y = x.clone(), y.clone()  # the graph reads its batch from these two tensors
        optimizer.zero_grad(set_to_none=True)  # gradients are then allocated in the graph's own memory
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            _train_step(model, loss_fn, optimizer, self.x, self.y, loss_sum, correct)

    def fits(self, x: torch.Tensor, y: torch.Tensor) -> bool:
        return x.shape == self.x.shape and y.shape == self.y.shape and x.dtype == self.x.dtype

    def replay(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.x.copy_(x)
        self.y.copy_(y)
        self.graph.replay()


_uncapturable: "weakref.WeakSet[nn.Module]" = weakref.WeakSet()


def _capture(model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor,
             y: torch.Tensor, loss_sum: torch.Tensor, correct: torch.Tensor) -> CapturedStep | None:
    """A ``CapturedStep``, or None (with a warning, once per model) when the step cannot be recorded:
    for instance when the model asks the GPU for a number in the middle of its forward pass."""
    try:
        return CapturedStep(model, loss_fn, optimizer, x, y, loss_sum, correct)
    except RuntimeError as err:
        _uncapturable.add(model)
        optimizer.zero_grad(set_to_none=True)  # nothing recorded has run: weights and sums are untouched
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        warnings.warn(f"{type(model).__name__}'s training step cannot be recorded as a CUDA graph ({reason}). "
                      f"It trains one kernel at a time instead, which is slower; set FDL_CUDA_GRAPHS=0 to skip "
                      f"the attempt.", RuntimeWarning, stacklevel=2)
        return None


def _one_pass(model: nn.Module, loader, loss_fn: nn.Module, optimizer: torch.optim.Optimizer | None,
              transform: Transform | None, max_batches: int | None, desc: str) -> tuple[float, float, int]:
    """One pass over ``loader``: learning when an ``optimizer`` is given, only measuring otherwise.

    Returns (mean loss, accuracy, samples seen). The sums stay on the device until the end of the pass,
    so a GPU is never made to wait for the CPU after each batch. On CUDA a long training pass replays a
    ``CapturedStep`` after a few eager steps; a batch of another shape (a short last one) runs eagerly.
    """
    loss_sum = torch.zeros(())  # float32: Apple's MPS has no float64
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    n_batches = len(loader) if max_batches is None else min(len(loader), max_batches)
    graphs, captured, side = False, None, None
    for i, (x, y) in enumerate(_batches(loader, transform, max_batches, desc)):
        if seen == 0:
            loss_sum, correct = loss_sum.to(y.device), correct.to(y.device)
            if (optimizer is not None and cuda_graphs_wanted(optimizer, x.device, n_batches)
                    and model not in _uncapturable):
                graphs, side = True, _side_stream(x.device)
                _make_capturable(optimizer)
        if optimizer is None:
            output = model(x)
            loss_sum += _loss(loss_fn, output, y) * len(y)
            correct += _correct(output, y)
        elif not graphs:
            _train_step(model, loss_fn, optimizer, x, y, loss_sum, correct)
        elif i < CUDA_GRAPH_WARMUP:  # eager steps on a side stream, as CUDA graphs want before a capture
            side.wait_stream(torch.cuda.current_stream(x.device))
            with torch.cuda.stream(side):
                _train_step(model, loss_fn, optimizer, x, y, loss_sum, correct)
            torch.cuda.current_stream(x.device).wait_stream(side)
        else:
            if captured is None:
                captured = _capture(model, loss_fn, optimizer, x, y, loss_sum, correct)
                graphs = captured is not None
            if captured is not None and captured.fits(x, y):
                captured.replay(x, y)
            else:
                _train_step(model, loss_fn, optimizer, x, y, loss_sum, correct)
        seen += len(y)
    if seen == 0:
        raise ValueError(f"{desc}: the loader gave no batches")
    return loss_sum.item() / seen, correct.item() / seen, seen


def train(model: nn.Module, loader, optimizer: torch.optim.Optimizer, loss_fn: nn.Module,
          transform: Transform | None = None, max_batches: int | None = None, desc: str = "train") -> tuple[float, float]:
    """One pass over ``loader`` in training mode. Returns (mean loss, accuracy).

    ``transform`` (augmentation, normalisation) is applied to each batch on the device before the model.
    """
    model.train()
    loss, acc, _ = _one_pass(model, loader, loss_fn, optimizer, transform, max_batches, desc)
    return loss, acc


@torch.no_grad()
def validate(model: nn.Module, loader, loss_fn: nn.Module, transform: Transform | None = None,
             max_batches: int | None = None, desc: str = "valid") -> tuple[float, float]:
    """One pass over ``loader`` in evaluation mode without gradients. Returns (mean loss, accuracy)."""
    model.eval()
    loss, acc, _ = _one_pass(model, loader, loss_fn, None, transform, max_batches, desc)
    return loss, acc


def fit(model: nn.Module, train_loader, valid_loader, optimizer: torch.optim.Optimizer, loss_fn: nn.Module,
        epochs: int, train_transform: Transform | None = None, valid_transform: Transform | None = None,
        scheduler: torch.optim.lr_scheduler.LRScheduler | None = None, verbose: bool = True,
        history: History | None = None) -> History:
    """Train for ``epochs`` epochs, validating after each; print one line per epoch; return the history.

    This is lesson 01's loop (``train_one_epoch`` and ``validate_one_epoch``) with a progress bar, a
    ``History``, smoke mode and, on CUDA, the captured training step. A ``scheduler`` (e.g.
    ``CosineAnnealingLR``) steps once after every epoch. ``history``: an earlier run's history to go on
    from (its epochs are counted first, and the new ones appended to it). The model is left as it is
    after the last epoch: no epoch is picked by its validation score, since the validation set is also
    the course's test set.
    """
    max_batches = None
    if config.is_smoke():
        epochs, max_batches = 1, config.SMOKE_BATCHES
        print(f"Smoke mode (FDL_SMOKE=1): 1 epoch of {max_batches} batches instead of the full run.")
    history = History() if history is None else history
    done = len(history)
    for epoch in range(done + 1, done + epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        start = time.perf_counter()
        model.train()
        tl, ta, seen = _one_pass(model, train_loader, loss_fn, optimizer, train_transform, max_batches,
                                 desc=f"epoch {epoch}/{done + epochs} train")
        train_seconds = time.perf_counter() - start
        vl, va = validate(model, valid_loader, loss_fn, valid_transform, max_batches,
                          desc=f"epoch {epoch}/{done + epochs} valid")
        seconds = time.perf_counter() - start
        if scheduler is not None:
            scheduler.step()
        history.add_epoch(tl, ta, vl, va, seconds, lr=lr, train_seconds=train_seconds, train_samples=seen)
        if verbose:
            print(f"epoch {epoch:2d}/{done + epochs}: train loss {tl:.4f} acc {ta:.2%} | "
                  f"valid loss {vl:.4f} acc {va:.2%} | {seconds:.1f} s"
                  + (f" | lr {lr:.2e}" if scheduler is not None else ""))
    return history


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Predicted class of every image in ``x`` (evaluation mode, no gradients)."""
    model.eval()
    return torch.cat([model(x[i:i + batch_size]).argmax(dim=1) for i in range(0, len(x), batch_size)])
