"""The course's data as tensors, and a loader that slices batches from tensors on the device (lessons 01-05).

The original course wraps its data in a ``Dataset`` that hands out one sample at a time for a
``DataLoader`` to collate, which dominates the cost of an epoch for models this small. Here a whole data
set is turned into one tensor once, moved to the device once, and every batch is a slice of it.

- lesson 01: ``TensorData``, ``TensorLoader``, ``load_mnist``, ``data_summary``;
- lesson 02: ``ASL_LETTERS``, ``asl_label_to_index`` (the package's copy of the lesson's
  ``kaggle_to_index``) and ``SignDataset``, the same data as PyTorch's standard ``Dataset``, one sample at
  a time (the lesson measures it against ``TensorLoader``); lesson 03: ``read_asl_csv`` (its copy of the
  lesson's), ``load_asl``, and ``write_asl_csv``, which writes small files in the same format for the checks
  and tests;
- lesson 05: ``load_image_folder``, photos in one sub-folder per class, as squares of ``square_photo``.

In smoke mode (``FDL_SMOKE=1``, as ``make test`` runs the notebooks) every ``TensorLoader`` hands out only
its first few batches, so a lesson's own loops stay quick without the lesson having to know.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torchvision
from torchvision.transforms import v2

from .plumbing import settings
from .plumbing.downloads import DataError, download
from .plumbing.images import IMAGE_SUFFIXES, ImageError, open_image

#: The 24 letters of Sign Language MNIST, in label order (J and Z need motion, so they are left out).
ASL_LETTERS = "abcdefghiklmnopqrstuvwxy"


@dataclass
class TensorData:
    """Images ``x`` (N, C, H, W, floats in [0, 1]) and integer labels ``y`` (N,)."""

    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return len(self.y)

    def to(self, device: torch.device | str) -> TensorData:
        return TensorData(self.x.to(device), self.y.to(device))


class TensorLoader:
    """Yield ``(x, y)`` batches sliced from tensors that already live on the device.

    With ``shuffle=True`` every pass draws a new order from its own seeded generator, so two runs with
    the same seed see the same batches. ``len()`` is the number of batches (the last one may be short).
    In smoke mode only the first ``SMOKE_BATCHES`` batches come out (``smoke=False`` turns that off).
    """

    def __init__(
        self, data: TensorData, batch_size: int = 32, shuffle: bool = False, seed: int = 0, smoke: bool | None = None
    ):
        self.data = data
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.generator = torch.Generator().manual_seed(seed)
        self.smoke = settings.is_smoke() if smoke is None else smoke

    def __len__(self) -> int:
        n = math.ceil(len(self.data) / self.batch_size)
        return min(n, settings.SMOKE_BATCHES) if self.smoke else n

    def __iter__(self):
        n, size = len(self.data), self.batch_size
        order = torch.randperm(n, generator=self.generator).to(self.data.x.device) if self.shuffle else None
        for start in range(0, min(n, len(self) * size), size):
            if order is None:
                yield self.data.x[start : start + size], self.data.y[start : start + size]
            else:
                idx = order[start : start + size]
                yield self.data.x.index_select(0, idx), self.data.y.index_select(0, idx)


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


class SignDataset(torch.utils.data.Dataset):
    """Sign Language MNIST as PyTorch's standard ``Dataset`` (lesson 02's exercise): one item per row of the
    CSV file's table (``frame``, as pandas reads it), a 1 x 28 x 28 float image in [0, 1] and its class
    number 0-23. A ``DataLoader`` asks for the items one by one and stacks them into batches."""

    def __init__(self, frame: pd.DataFrame):
        self.labels = torch.tensor(frame["label"].values)
        self.pixels = torch.tensor(frame.drop(columns="label").values)  # one row of 784 pixels per image

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        image = self.pixels[i].reshape(1, 28, 28) / 255
        label = asl_label_to_index(self.labels[i])
        return image, label


def read_asl_csv(path) -> TensorData:
    """Read one Sign Language MNIST CSV (``label,pixel1..pixel784``) into images and 0-23 labels."""
    frame = pd.read_csv(path, dtype=np.uint8)
    labels = asl_label_to_index(frame.pop("label").to_numpy().astype(np.int64))
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    return TensorData(torch.from_numpy(pixels).float().div_(255), torch.from_numpy(labels))


def write_asl_csv(path: str | Path, labels, pixels) -> Path:
    """Write a small file in Sign Language MNIST's format: Kaggle ``labels`` and rows of 784 ``pixels`` (0-255)."""
    path = Path(path)
    header = "label," + ",".join(f"pixel{i}" for i in range(1, 785))
    rows = [",".join(str(int(v)) for v in [label, *row]) for label, row in zip(labels, np.asarray(pixels))]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


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


# ---------------------------------------------------------------------------------------------------------
# Folders of photos, one sub-folder per class (lesson 05; lesson 06's real hands build on the same type)


@dataclass
class ImageFolderData:
    """Photos of one size as a uint8 tensor ``x`` (N x 3 x H x W), labels ``y``, class names and file paths."""

    x: torch.Tensor
    y: torch.Tensor
    classes: list[str]
    paths: list[Path]

    def __len__(self) -> int:
        return len(self.y)


def square_photo(path: str | Path, size: int = 256) -> torch.Tensor:
    """A photo as a uint8 ``3 x size x size`` tensor: shorter side resized to ``size``, centre cropped."""
    return v2.Compose([v2.ToImage(), v2.Resize(size, antialias=True), v2.CenterCrop(size)])(open_image(path))


def load_image_folder(folder: str | Path, size: int = 256, device: torch.device | str = "cpu") -> ImageFolderData:
    """Read every photo under ``folder/<class>/`` (classes in alphabetical order: label 0, 1, ...).

    Each photo becomes a ``square_photo`` of ``size``, kept as uint8; random crops, flips and colour
    changes, then normalisation, happen later on each batch. A file that is not an image is skipped with
    a message. A folder that is not laid out this way raises ``DataError`` in one line.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder (expected one sub-folder of photos per class)")
    classes = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(classes) < 2:
        raise DataError(
            f"{folder} should hold one sub-folder of photos per class (at least two), found {classes or 'none'}"
        )
    images, labels, paths = [], [], []
    for label, name in enumerate(classes):
        for path in sorted((folder / name).iterdir()):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            try:
                images.append(square_photo(path, size))
            except ImageError as err:
                print(f"skipped {err}")
                continue
            labels.append(label)
            paths.append(path)
    if not images:
        raise DataError(f"no photos found under {folder} ({', '.join(sorted(IMAGE_SUFFIXES))} files are read)")
    return ImageFolderData(torch.stack(images).to(device), torch.tensor(labels, device=device), classes, paths)
