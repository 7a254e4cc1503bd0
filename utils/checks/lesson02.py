"""The checks of lesson 02 (``02_asl``): Kaggle's labels to 0-23, the dense model, ``get_batch_accuracy``."""

from __future__ import annotations

import math
import string

import numpy as np
import torch

from ..data import ASL_LETTERS, asl_label_to_index
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


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
