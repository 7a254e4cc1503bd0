"""The checks of lesson 03 (``03_asl_cnn``): reading the CSV into images, the CNN, which loader shuffles.

``shuffle`` serves lesson 06 too (exercise 06.5 asks the same question of the capstone's loaders).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch

from ..data import ASL_LETTERS, TensorLoader, read_asl_csv, write_asl_csv
from ..networks import asl_cnn, count_parameters
from .core import (
    Hint,
    Todo,
    carry_on,
    compare_network,
    describe,
    exercise,
    fallback,
    raised,
    require_done,
    trace,
    weighted,
)

# --------------------------------------------------------------------------------------------------------
# 03.1

_LABELS = [0, 8, 10, 24, 3, 17]
#: The brightest pixel of each row: none reaches 255, so dividing by the file's or each image's maximum shows.
_ROW_MAX = [240, 200, 17, 90, 128, 250]


def _toy_csv(folder: Path) -> Path:
    rng = np.random.default_rng(0)
    pixels = np.stack([rng.integers(0, top, size=784) for top in _ROW_MAX])
    for row, top in zip(pixels, _ROW_MAX):
        row[rng.integers(0, 784)] = top
    return write_asl_csv(folder / "asl.csv", _LABELS, pixels)


@exercise("03.1", "read the CSV into images", "replace the three `...` in read_asl_csv", defines=("read_asl_csv",))
def read_csv(read_asl_csv_answer) -> str:
    require_done(read_asl_csv_answer)
    with tempfile.TemporaryDirectory() as tmp:
        path = _toy_csv(Path(tmp))
        want = read_asl_csv(path)
        try:
            got = read_asl_csv_answer(path)
        except Exception as err:
            sizes = [int(t) for t in str(err).replace(",", "").split() if t.isdigit()]
            if any(n % 785 == 0 for n in sizes) or "785" in str(err):  # rows that still hold the label
                raise Hint(
                    "Each row still has 785 numbers: take the `label` column out of the table first "
                    '(`frame.pop("label")`), so that 784 pixels are left to reshape.'
                ) from None
            raise raised(err, read_asl_csv_answer, "read_asl_csv") from None
    if not (hasattr(got, "x") and hasattr(got, "y")):
        raise Hint(
            f"`read_asl_csv` returned {describe(got)}; it should still return `TensorData(x, labels)`, as "
            f"the scaffold's last line does."
        )
    x, y = got.x, got.y
    if torch.is_tensor(x) and torch.is_tensor(y) and x.ndim == 1 and y.ndim == 4:
        raise Hint("The images and the labels are the wrong way round: `TensorData(x, labels)`, images first.")
    if not torch.is_tensor(x):
        raise Hint(f"The images are {describe(x)}; make them a tensor: `torch.tensor(pixels, dtype=torch.float32)`.")
    shape = tuple(x.shape[1:])
    if x.ndim == 3:
        raise Hint(
            f"The images have shape {shape}: a convolution needs a channel axis too, so reshape to (-1, 1, 28, 28)."
        )
    if shape == (28, 28, 1):
        raise Hint(
            "The images have shape (28, 28, 1), channels last; PyTorch wants the channels first: "
            "reshape to (-1, 1, 28, 28)."
        )
    if shape != (1, 28, 28) or len(x) != len(_LABELS):
        raise Hint(
            f"The images come out as {len(x)} of shape {shape}; expected one per row ({len(_LABELS)}) of "
            f"shape (1, 28, 28)."
        )
    if not x.is_floating_point():
        raise Hint(
            "The images hold whole numbers; the network computes with floats: "
            "`torch.tensor(pixels, dtype=torch.float32)`."
        )
    if x.dtype != torch.float32:
        raise Hint(
            f"The images are {str(x.dtype).replace('torch.', '')}, but the network's weights are float32 and "
            f"PyTorch will not mix the two: `torch.tensor(pixels, dtype=torch.float32)`."
        )
    top = float(x.max())
    if top > 1.0:
        raise Hint(f"The pixel values go up to {top:.0f}: divide by 255 so that they run from 0 to 1.")
    if torch.isnan(x).any() or torch.allclose(x.amax(dim=(1, 2, 3)), torch.ones(len(x))):
        raise Hint(
            "Every image was divided by its own brightest pixel, so a dark photo comes out as bright as a "
            "light one: divide all of them by 255, the largest value a pixel can have."
        )
    labels = torch.as_tensor(y).long()
    if torch.equal(labels, torch.tensor(_LABELS)):
        raise Hint("The labels are still Kaggle's (Y is 24): map them with `asl_label_to_index`, as the scaffold does.")
    if not torch.equal(labels, want.y):
        raise Hint(
            "The images are right, but the labels are not 0-23 in the file's order: keep "
            '`asl_label_to_index(frame.pop("label").to_numpy())`.'
        )
    if set(torch.unique(x).tolist()) <= {0.0, 1.0} and not set(torch.unique(want.x).tolist()) <= {0.0, 1.0}:
        raise Hint(
            "Almost every pixel came out as 0: `//` divides and rounds down to a whole number, so everything "
            "below 255 becomes 0. Divide with `/`."
        )
    nonzero = want.x > 0
    ratio = (x[nonzero] / want.x[nonzero]) if nonzero.any() else torch.ones(1)
    if torch.allclose(ratio, ratio.mean().expand_as(ratio), rtol=1e-4) and not torch.isclose(
        ratio.mean(), torch.tensor(1.0)
    ):
        if torch.isclose(x.max(), torch.tensor(1.0)):
            raise Hint(
                "The pixels were divided by the brightest pixel in the file rather than by 255, so a file "
                "without a white pixel comes out brighter than the training data: divide by 255."
            )
        raise Hint(
            f"The pixels are scaled by a little too much or too little (the brightest comes out as "
            f"{float(x.max()):.4f}): divide by 255, the largest value a pixel can have."
        )
    if not torch.allclose(x, want.x, atol=1e-6):
        raise Hint(
            "The shapes and the range are right, but the pixels are not where the file has them: keep the "
            "rows in order and reshape each row of 784 pixels to (1, 28, 28), row by row."
        )
    return "one 1 x 28 x 28 image per row, pixels in [0, 1], labels 0-23"


@fallback("03.1")
def _read(ns: dict) -> dict:
    return {"read_asl_csv": read_asl_csv}


# --------------------------------------------------------------------------------------------------------
# 03.2


def _dense_part() -> tuple[tuple[int, ...], list[int]]:
    """What the reference CNN flattens (channels, height, width) and the sizes of its dense layers."""
    calls, _, _, _ = trace(asl_cnn(len(ASL_LETTERS)).eval(), torch.zeros(1, 1, 28, 28))
    flat = next(c.input_shape[1:] for c in calls if isinstance(c.module, torch.nn.Flatten))
    sizes = [m.in_features for m in weighted(calls) if isinstance(m, torch.nn.Linear)]
    return flat, sizes + [len(ASL_LETTERS)]


_FLAT, _DENSE = _dense_part()
WHY = {
    "BatchNorm2d": "each block is `nn.Conv2d`, `nn.BatchNorm2d`, `nn.ReLU`, (dropout), `nn.MaxPool2d`",
    "Flatten": f"the dense layers need each image's {' x '.join(map(str, _FLAT))} values in one row",
    "MaxPool2d": "the pooling halves height and width at the end of each block",
    "ReLU": "the non-linear step after each BatchNorm, and in the dense part",
    "Linear": f"the dense part is {' -> '.join(map(str, _DENSE))}",
}


@exercise(
    "03.2",
    "the CNN, layer by layer",
    "write the three blocks and the dense part into the `nn.Sequential`",
    defines=("n_classes", "model"),
)
def cnn(model) -> str:
    require_done(model)
    if not isinstance(model, torch.nn.Module):
        raise Hint(f"`model` is {describe(model)}; it should be the network, an `nn.Sequential` of the layers.")
    if not any(isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)) for m in model.modules()):
        raise Todo()
    compare_network(model, asl_cnn(len(ASL_LETTERS)), torch.rand(3, 1, 28, 28), why=WHY, name="the CNN", scores=True)
    return f"{count_parameters(model):,} parameters, the course's CNN"


@fallback("03.2")
def _cnn(ns: dict) -> dict:
    return {"n_classes": len(ASL_LETTERS), "model": asl_cnn(len(ASL_LETTERS)).to(ns["device"])}


# --------------------------------------------------------------------------------------------------------
# 03.3 (and 06.5)


def judge_shuffle(train_loader, valid_loader, train_data, valid_data, batch_size: int) -> str:
    """Which loader shuffles: the training one must, the validation one need not; each on its own data, the
    training one in the lesson's ``batch_size``."""
    require_done(train_loader, valid_loader)
    for name, loader in (("valid_loader", valid_loader), ("train_loader", train_loader)):
        if not isinstance(loader, TensorLoader):
            raise Hint(f"`{name}` is {describe(loader)}; keep the scaffold's `TensorLoader(...)`.")
        if isinstance(loader.shuffle, str):
            raise Hint(
                f"`{name}` has shuffle={loader.shuffle!r}, with quotes: that is a piece of text, and any "
                f"text that is not empty counts as true, so it shuffles. Write True or False without "
                f"quotes."
            )
    distinct = train_data is not valid_data
    if distinct and train_loader.data is valid_data and valid_loader.data is train_data:
        raise Hint(
            "The two loaders have swapped their data: `train_loader` reads `valid_data` and `valid_loader` "
            "reads `train_data`."
        )
    if valid_loader is train_loader or (distinct and valid_loader.data is train_data):
        raise Hint(
            "`valid_loader` reads the training data, so validation would score the images the network "
            "learns from: give it `valid_data`."
        )
    if distinct and train_loader.data is valid_data:
        raise Hint("`train_loader` reads the validation data: give it `train_data`.")
    if not train_loader.shuffle:
        raise Hint(
            "The training loader keeps the file's order, so every epoch shows the same batches in the same "
            "order and the network can learn from the order itself: set shuffle=True."
        )
    if valid_loader.shuffle:
        raise Hint(
            "The validation loader shuffles too: that changes nothing in the score, it only costs time and "
            "makes runs harder to compare. Keep shuffle=False for validation."
        )
    if train_loader.batch_size != batch_size:
        raise Hint(
            f"The shuffling is right, but the training loader's batch size is {train_loader.batch_size!r}; "
            f"the lesson trains with batches of {batch_size}, as the scaffold has it."
        )
    return "a new order of training batches every epoch; validation in a fixed order"


def shuffle_exercise(number: str, valid_batch_size: int):
    """Register a shuffling exercise (03.3, and 06.5 on the capstone's loaders): its check and its fallback."""

    @exercise(
        number,
        "shuffle the training data",
        "replace each `...` with True or False",
        defines=("train_loader", "valid_loader"),
    )
    def shuffle(train_loader, valid_loader, train_data, valid_data) -> str:
        return judge_shuffle(train_loader, valid_loader, train_data, valid_data, batch_size=32)

    @fallback(number)
    def _loaders(ns: dict) -> dict:
        return {
            "train_loader": TensorLoader(ns["train_data"], batch_size=32, shuffle=True, seed=42),
            "valid_loader": TensorLoader(ns["valid_data"], batch_size=valid_batch_size, shuffle=False),
        }

    return shuffle


shuffle = shuffle_exercise("03.3", valid_batch_size=1000)


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
