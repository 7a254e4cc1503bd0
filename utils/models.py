"""The course's networks, and saving/loading them safely.

Models are saved as a ``state_dict`` plus a small dictionary of what inference needs (architecture
name, class names, input size, ...), never as a pickled module, and loaded with ``weights_only=True``.
Saving writes a temporary file and renames it, so a crash mid-save never leaves a broken model behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

import torch
from torch import nn


class MyConvBlock(nn.Module):
    """Conv 3x3 (padding 1) -> BatchNorm -> ReLU -> Dropout -> MaxPool 2: halves height and width."""

    def __init__(self, in_ch: int, out_ch: int, dropout_p: float):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


def dense_net(n_classes: int = 10) -> nn.Sequential:
    """The course's dense network: 784 -> 512 -> 512 -> ``n_classes``, with ReLU between."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 512), nn.ReLU(),
        nn.Linear(512, 512), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def asl_cnn(n_classes: int = 24) -> nn.Sequential:
    """Lesson 03's CNN written out layer by layer: three conv blocks (25, 50, 75 channels), dense 512."""
    return nn.Sequential(
        nn.Conv2d(1, 25, 3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
        nn.Conv2d(25, 50, 3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2),
        nn.MaxPool2d(2, stride=2),
        nn.Conv2d(50, 75, 3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def asl_cnn_blocks(n_classes: int = 24) -> nn.Sequential:
    """Lesson 04's CNN: the same network as ``asl_cnn``, built from ``MyConvBlock``."""
    return nn.Sequential(
        MyConvBlock(1, 25, 0),
        MyConvBlock(25, 50, 0.2),
        MyConvBlock(50, 75, 0),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


#: Architectures a saved model can name, to be rebuilt before its weights are loaded.
ARCHITECTURES: dict[str, Callable[..., nn.Module]] = {
    "dense_net": dense_net,
    "asl_cnn": asl_cnn,
    "asl_cnn_blocks": asl_cnn_blocks,
}


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of parameters (optionally only those that will be trained)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def save_checkpoint(path: str | Path, model: nn.Module, **info) -> Path:
    """Save ``model.state_dict()`` and ``info`` (plain values only) to ``path``, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save({"state_dict": state, "info": info}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class ModelFileError(RuntimeError):
    """A saved model is missing or cannot be read; the message says what to do."""


def load_checkpoint(path: str | Path, missing_hint: str = "") -> tuple[dict, dict]:
    """Read a file written by ``save_checkpoint``: returns ``(state_dict, info)``.

    Uses ``torch.load(weights_only=True)``, which refuses anything but tensors and plain values.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"no saved model at {path}. {missing_hint}".strip())
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated, not a torch file, or holding code instead of weights
        raise ModelFileError(f"{path} is not a readable model file ({type(err).__name__}: {str(err)[:120]}). "
                             f"Delete it and save the model again. {missing_hint}".strip()) from err
    if not isinstance(blob, dict) or "state_dict" not in blob:
        raise ModelFileError(f"{path} is not a model saved by utils.models.save_checkpoint")
    return blob["state_dict"], blob.get("info", {})


def load_model(path: str | Path, device: torch.device | str = "cpu", missing_hint: str = "") -> tuple[nn.Module, dict]:
    """Rebuild the architecture a checkpoint names, load its weights, and return it in ``eval()`` mode."""
    state, info = load_checkpoint(path, missing_hint)
    arch = info.get("architecture")
    if arch not in ARCHITECTURES:
        raise ModelFileError(f"{path} names an unknown architecture {arch!r}")
    model = ARCHITECTURES[arch](**info.get("architecture_args", {}))
    model.load_state_dict(state)
    return model.to(device).eval(), info
