"""The course's data sets as tensors, and a loader that slices batches from tensors on the device (lesson 01).

The original course wraps its data in a ``Dataset`` that hands out one sample at a time for a
``DataLoader`` to collate, which dominates the cost of an epoch for models this small. Here a whole data
set is turned into one tensor once, moved to the device once, and every batch is a slice of it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torchvision

from .downloads import download

#: The 24 letters of Sign Language MNIST, in label order (J and Z need motion, so they are left out).
ASL_LETTERS = "abcdefghiklmnopqrstuvwxy"


@dataclass
class TensorData:
    """Images ``x`` (N, C, H, W, floats in [0, 1]) and integer labels ``y`` (N,)."""

    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return len(self.y)

    def to(self, device: torch.device | str) -> "TensorData":
        return TensorData(self.x.to(device), self.y.to(device))


class TensorLoader:
    """Yield ``(x, y)`` batches sliced from tensors that already live on the device.

    With ``shuffle=True`` every pass draws a new order from its own seeded generator, so two runs with
    the same seed see the same batches. ``len()`` is the number of batches (the last one may be short).
    """

    def __init__(self, data: TensorData, batch_size: int = 32, shuffle: bool = False, seed: int = 0):
        self.data = data
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return math.ceil(len(self.data) / self.batch_size)

    def __iter__(self):
        n = len(self.data)
        if self.shuffle:
            order = torch.randperm(n, generator=self.generator).to(self.data.x.device)
            for start in range(0, n, self.batch_size):
                idx = order[start:start + self.batch_size]
                yield self.data.x.index_select(0, idx), self.data.y.index_select(0, idx)
        else:
            for start in range(0, n, self.batch_size):
                yield self.data.x[start:start + self.batch_size], self.data.y[start:start + self.batch_size]


def load_mnist(device: torch.device | str = "cpu") -> tuple[TensorData, TensorData]:
    """MNIST's 60,000 training and 10,000 test digits, scaled to [0, 1], on ``device``.

    The archives are fetched and checked by ``download("mnist")``; torchvision's ``MNIST`` class then
    unpacks and reads them, exactly as it would after its own download.
    """
    root = download("mnist")
    parts = []
    for train in (True, False):
        ds = torchvision.datasets.MNIST(root, train=train, download=True)
        x = ds.data.unsqueeze(1).float().div_(255)
        parts.append(TensorData(x, ds.targets.long()).to(device))
    return parts[0], parts[1]


def asl_label_to_index(labels: np.ndarray | torch.Tensor):
    """Map Kaggle's labels (0-24 without 9, J) to 0-23: labels from 10 (K) on move down by one."""
    if (labels == 9).any() or (labels < 0).any() or (labels > 24).any():
        raise ValueError("Sign Language MNIST labels run 0-24 without 9 (J)")
    return labels - (labels > 9) * 1


def read_asl_csv(path) -> TensorData:
    """Read one Sign Language MNIST CSV (``label,pixel1..pixel784``) into images and 0-23 labels."""
    frame = pd.read_csv(path, dtype=np.uint8)
    labels = asl_label_to_index(frame.pop("label").to_numpy().astype(np.int64))
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    return TensorData(torch.from_numpy(pixels).float().div_(255), torch.from_numpy(labels))


def load_asl(device: torch.device | str = "cpu") -> tuple[TensorData, TensorData]:
    """Sign Language MNIST: 27,455 training and 7,172 validation images (1x28x28), labels 0-23."""
    root = download("asl")
    train = read_asl_csv(root / "asl_data" / "sign_mnist_train.csv")
    valid = read_asl_csv(root / "asl_data" / "sign_mnist_test.csv")
    return train.to(device), valid.to(device)


def data_summary(name: str, train: TensorData, valid: TensorData) -> str:
    """One deterministic line about a data set, e.g. for nbval to compare."""
    shape = "x".join(str(s) for s in train.x.shape[1:])
    classes = int(torch.unique(train.y).numel())
    return f"{name}: {len(train):,} training and {len(valid):,} validation images of {shape}, {classes} classes"


__all__ = ["ASL_LETTERS", "TensorData", "TensorLoader", "asl_label_to_index", "data_summary", "load_asl",
           "load_mnist", "read_asl_csv"]
