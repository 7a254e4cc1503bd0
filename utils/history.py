"""A training run's numbers, epoch by epoch, kept so later lessons and the benchmark can read them (lesson 01).

``fit`` fills a ``History``; a lesson saves it (``history.save("03_asl_cnn")``) as
``<models folder>/history_<name>.json``; a later lesson compares with it (``History.load``), and
``make benchmark`` reads the histories the notebooks saved.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import config
from .atomic import atomic_write


def history_path(name: str) -> Path:
    """Where a lesson keeps the history it saves under ``name``."""
    return config.models_dir() / f"history_{name}.json"


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

    def add_epoch(self, train_loss: float, train_acc: float, valid_loss: float, valid_acc: float, seconds: float,
                  lr: float = float("nan"), train_seconds: float | None = None, train_samples: int = 0,
                  cuda_max_allocated_mb: float = float("nan")) -> "History":
        """Record one epoch, e.g. one trained by a loop of your own (lesson 01) before ``fit`` takes over."""
        values = dict(train_loss=train_loss, train_acc=train_acc, valid_loss=valid_loss, valid_acc=valid_acc,
                      seconds=seconds, train_seconds=seconds if train_seconds is None else train_seconds,
                      train_samples=train_samples, lr=lr, cuda_max_allocated_mb=cuda_max_allocated_mb)
        for key, value in values.items():
            getattr(self, key).append(float(value) if key != "train_samples" else int(value))
        return self

    def __len__(self) -> int:
        return len(self.train_loss)

    def extend(self, other: "History") -> "History":
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

    def save(self, name: str) -> Path:
        """Keep this history as ``<models folder>/history_<name>.json`` so a later lesson can compare."""
        path = history_path(name)
        with atomic_write(path) as f:
            f.write(json.dumps(asdict(self), indent=1).encode())
        return path

    @classmethod
    def load(cls, name: str, quiet: bool = False) -> "History | None":
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
