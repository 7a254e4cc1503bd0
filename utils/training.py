"""Lesson 01's training and validation loops, ``fit`` with a progress bar, and a run's ``History`` (lessons 01-06).

``train`` and ``validate`` are the package's copies of lesson 01's ``train_one_epoch`` and
``validate_one_epoch``, with two fixes over the original course: the loss reported is the mean over
samples (the course printed a sum over batches, which depends on the number of batches), and accuracy is
the share of samples classified right. ``fit`` runs both for a number of epochs and fills a ``History``,
which a lesson saves (``history.save("03_asl_cnn")`` as ``<models folder>/history_<name>.json``) so that
a later lesson can compare with it and ``make benchmark`` can read it. In smoke mode (``FDL_SMOKE=1``)
``fit`` trains one epoch only. On CUDA a long training pass replays its step as a CUDA graph
(``utils.plumbing.cuda_graphs``): the same arithmetic, faster. ``get_batch_accuracy`` is lesson 02's and
``predict_classes`` the batched argmax later lessons use.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn
from tqdm.auto import tqdm

from .plumbing import settings
from .plumbing.atomic import atomic_write
from .plumbing.cuda_graphs import graphed_steps

Transform = Callable[[torch.Tensor], torch.Tensor]


def history_path(name: str) -> Path:
    """Where a lesson keeps the history it saves under ``name``."""
    return settings.models_dir() / f"history_{name}.json"


@dataclass
class History:
    """Per-epoch numbers of a training run: mean losses, accuracies (0-1), seconds, memory; and facts
    about the run (``info``: the backbone, where its weights came from, ...)."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    valid_loss: list[float] = field(default_factory=list)
    valid_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)  # the whole epoch: training and validation
    train_seconds: list[float] = field(default_factory=list)  # the training pass alone
    train_samples: list[int] = field(default_factory=list)  # images trained on in that pass
    lr: list[float] = field(default_factory=list)  # the learning rate the epoch trained with
    cuda_max_allocated_mb: list[float] = field(default_factory=list)  # PyTorch's CUDA peak so far (NaN elsewhere)
    info: dict = field(default_factory=dict)

    def samples_per_second(self) -> float:
        """Training speed over the epochs that recorded it: images trained on per second of training pass."""
        timed = [(n, s) for n, s in zip(self.train_samples, self.train_seconds) if n]
        return sum(n for n, _ in timed) / sum(s for _, s in timed) if timed else float("nan")

    def add_epoch(
        self,
        train_loss: float,
        train_acc: float,
        valid_loss: float,
        valid_acc: float,
        seconds: float,
        lr: float = float("nan"),
        train_seconds: float | None = None,
        train_samples: int = 0,
        cuda_max_allocated_mb: float = float("nan"),
    ) -> History:
        """Record one epoch, e.g. one trained by a loop of your own (lesson 01) before ``fit`` takes over."""
        values = dict(
            train_loss=train_loss,
            train_acc=train_acc,
            valid_loss=valid_loss,
            valid_acc=valid_acc,
            seconds=seconds,
            train_seconds=seconds if train_seconds is None else train_seconds,
            train_samples=train_samples,
            lr=lr,
            cuda_max_allocated_mb=cuda_max_allocated_mb,
        )
        for key, value in values.items():
            getattr(self, key).append(float(value) if key != "train_samples" else int(value))
        return self

    def __len__(self) -> int:
        return len(self.train_loss)

    def extend(self, other: History) -> History:
        """Append ``other``'s epochs (a second stage of the same run) and its facts."""
        for key, values in asdict(other).items():
            if key == "info":
                self.info.update(values)
            else:
                getattr(self, key).extend(values)
        return self

    def peak_cuda_mb(self) -> float | None:
        """The most CUDA memory PyTorch held during the run, or None when it did not run on CUDA."""
        peaks = [m for m in self.cuda_max_allocated_mb if not math.isnan(m)]
        return max(peaks) if peaks else None

    def save(self, name: str) -> None:
        """Keep this history as ``<models folder>/history_<name>.json`` so a later lesson can compare."""
        with atomic_write(history_path(name)) as f:
            f.write(json.dumps(asdict(self), indent=1).encode())

    @classmethod
    def load(cls, name: str, quiet: bool = False) -> History | None:
        """The history an earlier lesson saved under ``name``, or None (with a note) if it has not run."""
        path = history_path(name)
        if not path.is_file():
            if not quiet:
                print(f"No saved history {path.name} yet: run that lesson first to compare with it.")
            return None
        try:
            return cls(**json.loads(path.read_text()))
        except (ValueError, TypeError, OSError) as err:  # cut short, edited by hand, from another version
            if not quiet:
                print(
                    f"The saved history {path} cannot be read ({type(err).__name__}); run that lesson again "
                    f"to compare with it."
                )
            return None

    def summary(self) -> str:
        """Last epoch's numbers, the best validation accuracy, and the mean seconds per epoch."""
        if not len(self):
            return "no epochs"
        best = max(range(len(self)), key=lambda i: self.valid_acc[i])
        return (
            f"last epoch ({len(self)}): train acc {self.train_acc[-1]:.2%}, valid acc {self.valid_acc[-1]:.2%}; "
            f"best valid acc {self.valid_acc[best]:.2%} (epoch {best + 1}); "
            f"{sum(self.seconds) / len(self):.1f} s/epoch"
        )


def get_batch_accuracy(output: torch.Tensor, y: torch.Tensor, N: int) -> float:
    """The course's batch accuracy: correct predictions in this batch divided by ``N``.

    With ``N`` the size of the whole data set, adding up the values of every batch gives the accuracy
    over the data set. ``output`` holds one row of scores per sample (or one logit for a yes/no task).
    """
    return count_correct(output, y) / N


def count_correct(output: torch.Tensor, y: torch.Tensor) -> int:
    """How many rows of ``output`` predict their label: argmax of the scores, or logit > 0 for one logit."""
    return int(_correct(output, y).item())


def one_logit(output: torch.Tensor) -> bool:
    """Whether ``output`` holds one logit per sample (a yes/no task) rather than one score per class."""
    return output.ndim == 2 and output.shape[1] == 1


def _correct(output: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``count_correct`` as a tensor on the device (no wait for the GPU)."""
    if one_logit(output):
        pred = (output[:, 0] > 0).long()
    else:
        pred = output.argmax(dim=1)
    return (pred == y).sum()


def _loss(loss_fn: nn.Module, output: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if one_logit(output):  # one logit: BCEWithLogitsLoss wants float targets
        return loss_fn(output[:, 0], y.float())
    return loss_fn(output, y)


def _batches(loader, transform: Transform | None, max_batches: int | None, desc: str):
    """The loader's batches (at most ``max_batches``) with a progress bar, ``transform`` applied to x. The bar
    shows only once the pass has taken ``settings.bar_delay()`` seconds: a quick pass (an exercise's check)
    leaves no bar behind in a view without live widgets (GitHub, nbviewer, an exported page)."""
    total = len(loader) if max_batches is None else min(len(loader), max_batches)
    batches = itertools.islice(loader, total)
    for x, y in tqdm(batches, total=total, desc=desc, leave=False, mininterval=0.5, delay=settings.bar_delay()):
        yield (transform(x) if transform is not None else x), y


def _train_step(
    model: nn.Module,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
    loss_sum: torch.Tensor,
    correct: torch.Tensor,
) -> None:
    """One step of learning on (x, y), adding its loss and its right answers to the running sums."""
    output = model(x)
    loss = _loss(loss_fn, output, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    loss_sum += loss.detach() * len(y)
    correct += _correct(output.detach(), y)


def _one_pass(
    model: nn.Module,
    loader,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer | None,
    transform: Transform | None,
    max_batches: int | None,
    desc: str,
) -> tuple[float, float, int]:
    """One pass over ``loader``: learning when an ``optimizer`` is given, only measuring otherwise.

    Returns (mean loss, accuracy, samples seen). The sums stay on the device until the end of the pass,
    so a GPU is never made to wait for the CPU after each batch. On CUDA a long training pass hands its
    steps to ``utils.plumbing.cuda_graphs`` to be replayed as a graph.
    """
    loss_sum = torch.zeros(())  # float32: Apple's MPS has no float64
    correct = torch.zeros((), dtype=torch.long)
    seen = 0
    n_batches = len(loader) if max_batches is None else min(len(loader), max_batches)
    graphed = None
    for i, (x, y) in enumerate(_batches(loader, transform, max_batches, desc)):
        if seen == 0:
            loss_sum, correct = loss_sum.to(y.device), correct.to(y.device)
            if optimizer is not None:
                graphed = graphed_steps(_train_step, model, loss_fn, optimizer, x.device, n_batches)
        if optimizer is None:
            output = model(x)
            loss_sum += _loss(loss_fn, output, y) * len(y)
            correct += _correct(output, y)
        elif graphed is not None:
            graphed(i, x, y, loss_sum, correct)
        else:
            _train_step(model, loss_fn, optimizer, x, y, loss_sum, correct)
        seen += len(y)
    if seen == 0:
        raise ValueError(f"{desc}: the loader gave no batches")
    return loss_sum.item() / seen, correct.item() / seen, seen


def train(
    model: nn.Module,
    loader,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    transform: Transform | None = None,
    max_batches: int | None = None,
    desc: str = "train",
) -> tuple[float, float]:
    """One pass over ``loader`` in training mode. Returns (mean loss, accuracy).

    ``transform`` (augmentation, normalisation) is applied to each batch on the device before the model.
    """
    model.train()
    loss, acc, _ = _one_pass(model, loader, loss_fn, optimizer, transform, max_batches, desc)
    return loss, acc


@torch.no_grad()
def validate(
    model: nn.Module,
    loader,
    loss_fn: nn.Module,
    transform: Transform | None = None,
    max_batches: int | None = None,
    desc: str = "valid",
) -> tuple[float, float]:
    """One pass over ``loader`` in evaluation mode without gradients. Returns (mean loss, accuracy)."""
    model.eval()
    loss, acc, _ = _one_pass(model, loader, loss_fn, None, transform, max_batches, desc)
    return loss, acc


def fit(
    model: nn.Module,
    train_loader,
    valid_loader,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    epochs: int,
    train_transform: Transform | None = None,
    valid_transform: Transform | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    verbose: bool = True,
    history: History | None = None,
) -> History:
    """Train for ``epochs`` epochs, validating after each; print one line per epoch; return the history.

    This is lesson 01's loop (``train_one_epoch`` and ``validate_one_epoch``) with a progress bar, a
    ``History``, smoke mode and, on CUDA, the captured training step. A ``scheduler`` (e.g.
    ``CosineAnnealingLR``) steps once after every epoch. ``history``: an earlier run's history to go on
    from (its epochs are counted first, and the new ones appended to it). The model is left as it is
    after the last epoch: no epoch is picked by its validation score, since the validation set is also
    the course's test set.
    """
    max_batches = None
    if settings.is_smoke():
        epochs, max_batches = 1, settings.SMOKE_BATCHES
        print(f"Smoke mode (FDL_SMOKE=1): 1 epoch of {max_batches} batches instead of the full run.")
    history = History() if history is None else history
    done = len(history)
    for epoch in range(done + 1, done + epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        start = time.perf_counter()
        model.train()
        tl, ta, seen = _one_pass(
            model,
            train_loader,
            loss_fn,
            optimizer,
            train_transform,
            max_batches,
            desc=f"epoch {epoch}/{done + epochs} train",
        )
        train_seconds = time.perf_counter() - start
        vl, va = validate(
            model, valid_loader, loss_fn, valid_transform, max_batches, desc=f"epoch {epoch}/{done + epochs} valid"
        )
        seconds = time.perf_counter() - start
        if scheduler is not None:
            scheduler.step()
        cuda_peak = torch.cuda.max_memory_allocated() / 1e6 if torch.cuda.is_available() else math.nan
        history.add_epoch(
            tl,
            ta,
            vl,
            va,
            seconds,
            lr=lr,
            train_seconds=train_seconds,
            train_samples=seen,
            cuda_max_allocated_mb=cuda_peak,
        )
        if verbose:
            print(
                f"epoch {epoch:2d}/{done + epochs}: train loss {tl:.4f} acc {ta:.2%} | "
                f"valid loss {vl:.4f} acc {va:.2%} | {seconds:.1f} s"
                + (f" | lr {lr:.2e}" if scheduler is not None else "")
            )
    return history


@torch.no_grad()
def predict_classes(model: nn.Module, x: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Predicted class of every image in ``x`` (evaluation mode, no gradients)."""
    model.eval()
    return torch.cat([model(x[i : i + batch_size]).argmax(dim=1) for i in range(0, len(x), batch_size)])
