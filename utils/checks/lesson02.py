"""The checks of lesson 02 (``02_asl``): Kaggle's labels to 0-23, the dense model, ``get_batch_accuracy``, and a
``Dataset`` over the CSV file's rows."""

from __future__ import annotations

import math
import string

import numpy as np
import pandas as pd
import torch

from ..data import ASL_LETTERS, SignDataset, asl_label_to_index
from ..networks import count_parameters, dense_net
from ..training import get_batch_accuracy
from .core import (
    Hint,
    Todo,
    call,
    carry_on,
    close,
    compare_network,
    describe,
    exercise,
    fallback,
    number,
    raised,
    require_done,
)

#: Every Kaggle label three times, in a scrambled order (a mapping that looks at positions fails).
_KAGGLE = torch.tensor([k for k in range(25) if k != 9] * 3)[
    torch.randperm(72, generator=torch.Generator().manual_seed(5))
]


def _as_labels(value, name: str) -> torch.Tensor:
    """The answer as a tensor of labels: a tensor, a NumPy array, or a list or tuple of numbers."""
    if torch.is_tensor(value):
        return value.detach().cpu()
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value.copy())
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (list, tuple)):
        numbers = [number(v, f"An entry of what `{name}` returned") for v in value]
        whole = all(float(v).is_integer() for v in numbers) and not any(
            isinstance(v, float) or (torch.is_tensor(v) and v.is_floating_point()) for v in value
        )
        return torch.tensor([int(v) for v in numbers]) if whole else torch.tensor(numbers)
    raise Hint(
        f"`{name}` returned {describe(value)}; it should return the labels as a tensor, one per input "
        f"label." + (" Did it `return` its result?" if value is None else "")
    )


@exercise("02.1", "from Kaggle's labels to 0-23", "replace `...` in kaggle_to_index", defines=("kaggle_to_index",))
def label_mapping(kaggle_to_index) -> str:
    require_done(kaggle_to_index)
    labels = _KAGGLE.clone()
    got = call(kaggle_to_index, labels, name="kaggle_to_index")
    require_done(got)
    changed_input = not torch.equal(labels, _KAGGLE)
    got = _as_labels(got, "kaggle_to_index")
    want = asl_label_to_index(_KAGGLE)
    if got.dtype == torch.bool:
        raise Hint(
            "It returned True/False for every label (that is `labels > 9` on its own); return the labels "
            "with those after J moved down by one: subtract `(labels > 9).long()` from `labels`."
        )
    if got.numel() == want.numel() and torch.equal(got.flatten().long(), (_KAGGLE > 9).long()):
        raise Hint(
            "It returned 1 for every label after J and 0 for the others: that is `(labels > 9).long()` on its "
            "own. Subtract it from the labels: `labels - (labels > 9).long()`."
        )
    if got.numel() != want.numel():
        raise Hint(
            f"`kaggle_to_index` returned {got.numel()} values for {want.numel()} labels; it should return "
            f"one class number per label."
        )
    got = got.flatten()
    if torch.equal(got.double(), want.double()):
        try:  # the labels go straight into the loss: judged by what it makes of them
            torch.nn.functional.cross_entropy(torch.zeros(len(got), len(ASL_LETTERS)), got)
        except Exception as err:  # noqa: BLE001 - the loss refuses them: say why, in its words
            kind = "floats (9.0, 10.0, ...)" if got.is_floating_point() else f"of type `{got.dtype}`"
            raise Hint(
                f"The numbers are right, but they are {kind}, and `nn.CrossEntropyLoss` refuses them "
                f"({str(err).splitlines()[0][:90].rstrip('.')}): it takes class numbers as whole numbers of type "
                f"`torch.long`. Subtract `(labels > 9).long()` (or add `.long()`)."
            ) from None
        if changed_input:
            raise Hint(
                "The labels come out right, but it changes the tensor it is given (`labels -= ...`, "
                "`labels[...] -= 1`): call it twice and the labels move twice, and the caller's data changes under "
                "it. Compute a new tensor: `return labels - (labels > 9).long()`."
            )
        return "A to I keep 0-8, K to Y move down by one to 9-23: 24 labels for 24 outputs"
    if torch.equal(got.double(), _KAGGLE.double()):
        raise Hint(
            "The labels come back unchanged: Y stays 24, but a network with 24 outputs only has the places "
            "0-23. The labels after J (9) must move down by one."
        )
    if torch.equal(got.double(), _KAGGLE.double() - 1):
        raise Hint("Every label moved down by one, so A (0) became -1: only the labels after J (9) move.")
    wrong = sorted({(int(k), float(g), int(w)) for k, g, w in zip(_KAGGLE, got, want) if g != w})
    k, g, w = wrong[0]
    raise Hint(
        f"Kaggle label {k} ({string.ascii_uppercase[k]}) became {g:g}, but it should become {w} "
        f"({len({x[0] for x in wrong})} of the 24 labels {'is' if len({x[0] for x in wrong}) == 1 else 'are'} wrong)."
    )


@fallback("02.1")
def _mapping(ns: dict) -> dict:
    return {"kaggle_to_index": asl_label_to_index}


# --------------------------------------------------------------------------------------------------------
# 02.2


@exercise("02.2", "build the model", "add the layers after `nn.Flatten()`", defines=("n_classes", "model"))
def dense_model(model, n_classes: int = len(ASL_LETTERS)) -> str:
    require_done(model)
    if not isinstance(model, torch.nn.Module):
        raise Hint(f"`model` is {describe(model)}; it should be the network, an `nn.Sequential` of the layers.")
    if not any(isinstance(m, torch.nn.Linear) for m in model.modules()):
        raise Todo()
    letters = len(ASL_LETTERS)
    if n_classes != letters:
        raise Hint(
            f"Your `n_classes` is {n_classes!r}, but there are {letters} letters (J and Z need a movement, "
            f"so the data set leaves them out): keep `n_classes = len(ASL_LETTERS)`."
        )
    compare_network(
        model,
        dense_net(n_classes),
        torch.rand(4, 1, 28, 28),
        name="the network",
        scores=True,
        why={
            "Flatten": f"it lays each 28 x 28 image out as one row of {dense_net(n_classes)[1].in_features} numbers",
            "ReLU": "the non-linear step after each hidden `Linear` layer",
            "Linear": f"the output layer gives one score per letter, {n_classes} in all",
        },
    )
    return f"{count_parameters(model):,} parameters, one score for each of the {n_classes} letters"


@fallback("02.2")
def _dense(ns: dict) -> dict:
    n_classes = len(ASL_LETTERS)
    return {"n_classes": n_classes, "model": dense_net(n_classes).to(ns["device"])}


# --------------------------------------------------------------------------------------------------------
# 02.3

#: Seven images, five classes (a batch that is not square, so that the batch size and the number of classes
#: differ), chosen so that every usual mistake gives a number of its own: the argmax of each row (dim 1)
#: gets 3 right, over the whole table 2, with keepdim 12 pairs, and the highest scores themselves compared
#: with the labels 1.
_OUTPUT = torch.tensor(
    [
        [6.0, 5, 0, 1, 3],
        [1, 2, 3, 0, 5],
        [0, 4, 6, 1, 3],
        [6, 1, 0, 5, 2],
        [3, 2, 0, 1, 4],
        [6, 4, 0, 1, 2],
        [1, 0, 5, 4, 6],
    ]
)
_Y = torch.tensor([3, 0, 3, 1, 4, 0, 4])
#: Five of those images with labels of their own: the only batch where `argmax` down the batch (dim 0) runs
#: without an error; it gets 1 right there, the rows 3.
_SQUARE_OUTPUT, _SQUARE_Y = _OUTPUT[:5], torch.tensor([0, 1, 0, 0, 4])
_N = 53


@exercise(
    "02.3", "get_batch_accuracy", "replace the three `...` in get_batch_accuracy", defines=("get_batch_accuracy",)
)
def batch_accuracy(get_batch_accuracy_answer) -> str:
    fn = get_batch_accuracy_answer
    require_done(fn)
    try:
        got = fn(_OUTPUT.clone(), _Y.clone(), _N)
    except (Hint, Todo):
        raise
    except Exception as err:
        _down_the_batch(fn)  # a shape error from `argmax(dim=0)`: say that, not the error
        raise raised(err, fn, "get_batch_accuracy") from None
    require_done(got)
    value = number(got, "What `get_batch_accuracy` returned")
    right = int((_OUTPUT.argmax(dim=1) == _Y).sum())
    flat = int((_OUTPUT.argmax() == _Y).sum())
    table = int((_OUTPUT.argmax(dim=1, keepdim=True) == _Y).sum())
    values = int((_OUTPUT.max(dim=1).values == _Y).sum())
    if close(value, right / _N):
        g = torch.Generator().manual_seed(7)  # a second batch: nothing may hang on the first one's numbers
        output, y = torch.randn(7, 24, generator=g), torch.randint(0, 24, (7,), generator=g)
        again = number(call(fn, output, y, 300, name="get_batch_accuracy"), "What `get_batch_accuracy` returned")
        if not close(again, get_batch_accuracy(output, y, 300)):
            _rounded(again, get_batch_accuracy(output, y, 300))
            raise Hint(
                f"It gave the right number for one batch but {again:.4f} for another, where "
                f"{get_batch_accuracy(output, y, 300):.4f} was expected: compute it from `output`, `y` and "
                f"`N`, not from fixed numbers."
            )
        return (
            f"{right} right out of a batch of {len(_Y)}, counted as {right}/N: summed over all batches, that is the "
            f"accuracy"
        )
    if value == 0:
        raise Hint(
            "It returned 0 for a batch with right answers: `//` divides and rounds down to a whole number. "
            "Divide with `/`."
        )
    _rounded(value, right / _N)
    if close(value, right):
        raise Hint(f"It returned the number of right answers ({right}); divide it by `N`.")
    if close(value, right / len(_Y)):
        raise Hint(
            f"It divided by the batch size ({len(_Y)}) instead of `N`, the size of the whole data set, so "
            f"the values of all batches no longer add up to the accuracy."
        )
    if close(value, right / _OUTPUT.shape[1]):
        raise Hint(
            f"It divided by the number of classes ({_OUTPUT.shape[1]}, the length of a row) instead of `N`, "
            f"the size of the whole data set."
        )
    if close(value, 100 * right / _N):
        raise Hint("It returned a percentage; return the share (between 0 and 1): the count divided by `N`.")
    if close(value, _N / right):
        raise Hint("It divided `N` by the count; the share is the count divided by `N`.")
    if close(value, table / _N) or close(value, table):
        raise Hint(
            "The predictions have shape (batch, 1) (`keepdim=True`) and `y` has shape (batch,), so comparing "
            "them makes a whole table of pairs: leave out `keepdim`, `output.argmax(dim=1)`."
        )
    if close(value, flat / _N) or close(value, flat):
        raise Hint(
            "`argmax` without `dim` looks at the whole table at once and gives one position; each row's "
            "best class is `output.argmax(dim=1)`."
        )
    if close(value, values / _N) or close(value, values):
        raise Hint(
            "It compared the highest scores themselves with `y`; the prediction is the position of the highest "
            "score, `output.argmax(dim=1)` (`max(dim=1)` gives the values first, the positions second)."
        )
    _down_the_batch(fn)
    raise Hint(
        f"Expected {right}/{_N} = {right / _N:.4f} for a batch with {right} of {len(_Y)} right and N = {_N}, got "
        f"{value:.4f}. The predictions are `output.argmax(dim=1)`; count where they equal `y`."
    )


def _rounded(value: float, share: float) -> None:
    """A ``Hint`` when ``value`` is ``share`` rounded to 0-4 decimals."""
    if not close(value, share, rel=1e-9) and any(math.isclose(value, round(share, k), abs_tol=1e-12) for k in range(5)):
        raise Hint(
            f"It rounds the share ({value:g} where {share:.6f} was expected): each batch's share is added to the "
            f"others', so rounding every one of them adds up to a wrong accuracy. Return `correct / N` as it is; "
            f"round only when printing."
        )


def _down_the_batch(fn) -> None:
    """A ``Hint`` when ``fn`` takes the argmax over dim 0 (down the batch): on a square batch, where that runs
    without an error, it gives that count."""
    down = int((_SQUARE_OUTPUT.argmax(dim=0) == _SQUARE_Y).sum())
    right = int((_SQUARE_OUTPUT.argmax(dim=1) == _SQUARE_Y).sum())
    try:
        value = number(fn(_SQUARE_OUTPUT.clone(), _SQUARE_Y.clone(), _N), "it")
    except Exception:  # noqa: BLE001 - it fails on a square batch too: the caller says why
        return
    if down != right and any(close(value, v) for v in (down / _N, down, down / len(_SQUARE_Y))):
        raise Hint(
            "`argmax` ran over dim 0, down the batch, which gives one position per class instead of one per image; "
            "each row's best class is `output.argmax(dim=1)`."
        )


@fallback("02.3")
def _accuracy(ns: dict) -> dict:
    return {"get_batch_accuracy": get_batch_accuracy}


# --------------------------------------------------------------------------------------------------------
# 02.4

#: Kaggle labels on both sides of J (9), with Y (24) first: an unmapped label and one moved by all differ.
_ROW_LABELS = [24, 0, 10, 8, 15, 3, 9 + 13]


def _table() -> pd.DataFrame:
    """Seven rows in the CSV file's layout (``label``, ``pixel1`` ... ``pixel784``), as pandas reads them. Every
    row differs (an item from the wrong row shows), no image is symmetric (a transposed one shows), and only
    some rows reach 255 (dividing by a row's own maximum gives other numbers)."""
    g = torch.Generator().manual_seed(24)
    pixels = torch.randint(0, 200, (len(_ROW_LABELS), 784), generator=g)
    pixels[1, 40] = pixels[4, 700] = 255
    columns = {"label": _ROW_LABELS} | {f"pixel{k + 1}": pixels[:, k].numpy() for k in range(784)}
    return pd.DataFrame(columns)


def _as_array(value) -> np.ndarray | None:
    if torch.is_tensor(value):
        return value.detach().cpu().double().numpy()
    if isinstance(value, (np.ndarray, pd.Series, list)):
        try:
            return np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return None
    return None


@exercise(
    "02.4",
    "a Dataset of sign-language images",
    "complete `__len__` and `__getitem__` in SignDataset",
    defines=("SignDataset",),
)
def sign_dataset(SignDataset_answer) -> str:
    cls = SignDataset_answer
    require_done(cls)
    if not isinstance(cls, type):
        raise Hint(
            f"`SignDataset` is {describe(cls)}; it should be the class itself (`class SignDataset(Dataset): ...`), "
            "which the lesson then makes datasets from: `SignDataset(raw)`."
        )
    table = _table()
    before = table.copy()
    dataset = call(cls, table, name="SignDataset")
    size = call(getattr(dataset, "__len__", None), name="__len__")
    require_done(size)
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise Hint(
            f"`__len__` returned {describe(size)}; it should return how many images there are, a whole number: "
            "the number of rows of the table."
        )
    if size != len(table):
        raise Hint(
            f"`len(dataset)` is {size} for a table of {len(table)} rows and {table.shape[1]} columns; it should be "
            f"the number of images, one per row ({len(table)})."
        )
    want = SignDataset(before)
    first = []
    for i in range(len(table)):
        image, label = _judge_item(call(dataset.__getitem__, i, name="__getitem__"), i, want, table)
        first.append((image.detach().clone(), int(label)))  # copies: a view would change with the dataset
    for i in range(len(table)):  # a second epoch asks for the same items again
        image, label = call(dataset.__getitem__, i, name="__getitem__")
        if not (torch.equal(torch.as_tensor(image), first[i][0]) and int(label) == first[i][1]):
            raise Hint(
                f"Asking for `dataset[{i}]` a second time gives another answer: `__getitem__` changes the data the "
                "dataset keeps (an in-place change such as `self.labels[i] -= 1`), so every epoch would see other "
                "labels or pixels. Compute new values and leave the stored ones as they are."
            )
    if not table.equals(before):
        raise Hint(
            "The items come out right, but making the dataset changes the table it is given (an in-place "
            "change such as `frame['label'] -= 1` or `frame /= 255`): read from it, and keep what you compute "
            "in the dataset's own attributes."
        )
    x, y = next(iter(torch.utils.data.DataLoader(dataset, batch_size=4)))
    if tuple(x.shape) != (4, 1, 28, 28) or y.dtype != torch.long or tuple(y.shape) != (4,):
        raise Hint(
            f"A `DataLoader` stacks four items into images of shape {tuple(x.shape)} and labels of shape "
            f"{tuple(y.shape)} ({y.dtype}); the network and the loss need (4, 1, 28, 28) and (4,) whole numbers."
        )
    return (
        f"{len(table)} rows, {len(table)} items: each a 1 x 28 x 28 image from 0 to 1 and a class number, and a "
        "DataLoader stacks them into batches"
    )


def _judge_item(item, i: int, want: SignDataset, table: pd.DataFrame) -> tuple:
    """A ``Hint`` when ``item`` (what the answer's ``dataset[i]`` returned) is not row ``i``'s (image, label);
    else the item, as a pair."""
    require_done(item)
    if not isinstance(item, (tuple, list)) or len(item) != 2:
        raise Hint(
            f"`dataset[{i}]` returned {describe(item)}; it should return a pair, `return image, label`, which "
            "a `DataLoader` turns into a batch of images and a batch of labels."
        )
    image, label = item
    want_image, want_label = want[i]
    pixels = want_image.double().numpy() * 255
    got = _as_array(image)
    if got is None:
        raise Hint(f"The image of `dataset[{i}]` is {describe(image)}; it should be a tensor of shape 1 x 28 x 28.")
    if not torch.is_tensor(image):
        raise Hint(
            f"The image of `dataset[{i}]` is {describe(image)}; make it a tensor (`torch.tensor(...)`), of "
            "shape 1 x 28 x 28 and type float32, as the network takes it."
        )
    if got.size != 784:
        raise Hint(
            f"The image of `dataset[{i}]` holds {got.size} numbers (shape {tuple(image.shape)}); one image is "
            f"the 784 pixels of one row, without its label."
        )
    if tuple(image.shape) != (1, 28, 28):
        extra = (
            " It lacks the channel axis: a grey image has one channel in front, 1 x 28 x 28, like MNIST's."
            if tuple(image.shape) == (28, 28)
            else ""
        )
        raise Hint(
            f"The image of `dataset[{i}]` has the shape {tuple(image.shape)}; reshape the row's 784 pixels to "
            f"1 x 28 x 28 (one channel of 28 rows of 28).{extra}"
        )
    others = [k for k in range(len(table)) if k != i and np.allclose(got * 255, want[k][0].double().numpy() * 255)]
    others += [k for k in range(len(table)) if k != i and np.allclose(got, want[k][0].double().numpy() * 255)]
    if others:
        raise Hint(f"`dataset[{i}]` gives the image of row {others[0]}; item `i` is row `i` of the table.")
    if np.allclose(got, pixels):
        raise Hint(
            f"The image of `dataset[{i}]` holds the raw pixels (0-255); the network learns from values from 0 to 1: "
            "divide by 255."
        )
    if np.allclose(got, pixels / pixels.max()) and pixels.max() < 255:
        raise Hint(
            "It divides each image by its own brightest pixel, so a dark photo comes out as bright as a light one; "
            "divide every image by the same 255, the largest value a pixel can have."
        )
    if np.allclose(got, pixels / 256, atol=1e-6):
        raise Hint("It divides by 256; the largest value a pixel can have is 255, so divide by 255 to end at 1.")
    if (got < 0).any():
        raise Hint(
            f"The image of `dataset[{i}]` has negative values (it was standardised with a mean and a standard "
            "deviation); lesson 01's images, and these, hold each pixel divided by 255: values from 0 to 1."
        )
    if np.allclose(got[0].T, pixels[0] / 255):
        raise Hint(
            "The image is turned on its side (rows and columns swapped): the 784 pixels are stored row by row, "
            "so `reshape(1, 28, 28)` gives the picture as it is."
        )
    if not np.allclose(got, pixels / 255, atol=1e-6):
        raise Hint(
            f"The image of `dataset[{i}]` does not hold row {i}'s pixels divided by 255 (the first value is "
            f"{got.flat[0]:.4g} where {pixels.flat[0] / 255:.4g} was expected)."
        )
    if image.dtype != torch.float32:
        raise Hint(
            f"The image is a tensor of type `{image.dtype}`; the network's weights are float32, and PyTorch refuses to "
            "multiply other types by them: make it float32 (`.float()`, or divide an integer tensor by 255)."
        )
    require_done(label)
    value = label
    if torch.is_tensor(label):
        if label.numel() != 1 or label.dim() > 0:
            raise Hint(
                f"The label of `dataset[{i}]` is a tensor of shape {tuple(label.shape)}; return one number (a 0-d "
                "tensor or an int), so that a batch of labels has the shape (batch,) the loss expects."
            )
        if label.is_floating_point():
            raise Hint(
                f"The label of `dataset[{i}]` is a float ({float(label):g}); `nn.CrossEntropyLoss` takes class numbers "
                "as whole numbers (`torch.long`), as in exercise 02.1."
            )
        value = int(label)
    elif isinstance(label, (float, np.floating)):
        raise Hint(
            f"The label of `dataset[{i}]` is a float ({label:g}); `nn.CrossEntropyLoss` takes class numbers as "
            "whole numbers, as in exercise 02.1."
        )
    elif isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        value = int(label)
    else:
        raise Hint(
            f"The label of `dataset[{i}]` is {describe(label)}; it should be the class number, one whole number."
        )
    kaggle = int(table["label"].iloc[i])
    if value == kaggle and value != int(want_label):
        raise Hint(
            f"The label of row {i} came out as Kaggle's {kaggle} ({string.ascii_uppercase[kaggle]}); the network's "
            f"class number is {int(want_label)}: map it with your `kaggle_to_index` from exercise 02.1."
        )
    if value != int(want_label):
        raise Hint(
            f"The label of row {i} (Kaggle's {kaggle}, {string.ascii_uppercase[kaggle]}) came out as {value}; its "
            f"class number is {int(want_label)}."
        )
    return image, label


@fallback("02.4")
def _sign_dataset(ns: dict) -> dict:
    return {"SignDataset": SignDataset}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
