"""The checks of lesson 04a (``04a_asl_augmentation``): ``MyConvBlock``, and augmentations that keep the letter."""

from __future__ import annotations

import inspect

import torch
from torch import nn
from torchvision.transforms import v2

from ..augment import original_augment
from ..networks import MyConvBlock
from .core import (
    Hint,
    Todo,
    call,
    carry_on,
    compare_network,
    describe,
    exercise,
    fallback,
    layer_name,
    quoted,
    require_done,
)

# --------------------------------------------------------------------------------------------------------
# 04a.1


@exercise("04a.1", "MyConvBlock", "fill in the five layers of MyConvBlock's `nn.Sequential`", defines=("MyConvBlock",))
def conv_block(block_class) -> str:
    require_done(block_class)
    if not inspect.isclass(block_class):
        raise Hint(f"`MyConvBlock` is {describe(block_class)}; it should be the class the scaffold defines.")
    block = call(block_class, 3, 8, 0.25, name="MyConvBlock")
    if not isinstance(block, nn.Module):
        raise Hint(
            "`MyConvBlock(3, 8, 0.25)` is not a network layer: keep `class MyConvBlock(nn.Module)` and "
            "`super().__init__()`."
        )
    reference = MyConvBlock(3, 8, 0.25)
    for p in (0.25, 0.5):
        dropouts = [m for m in call(block_class, 1, 4, p, name="MyConvBlock").modules() if isinstance(m, nn.Dropout)]
        if dropouts and any(d.p != p for d in dropouts):
            raise Hint(
                f"The dropout ignores the block's `dropout_p`: `MyConvBlock(1, 4, {p})` has "
                f"{layer_name(dropouts[0])}. Pass it on: `nn.Dropout(dropout_p)`."
            )
    compare_network(
        block,
        reference,
        torch.rand(2, 3, 12, 12),
        name="the check's block `MyConvBlock(3, 8, 0.25)`",
        why={
            "Dropout": "use the block's `dropout_p`",
            "BatchNorm2d": "it comes right after the convolution, with `out_ch` channels",
            "MaxPool2d": "`nn.MaxPool2d(2, stride=2)` ends the block and halves the picture",
        },
    )
    got = {k: tuple(v.shape) for k, v in block.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in reference.state_dict().items()}
    if got != want:
        theirs = next(iter(got), "?")
        raise Hint(
            f"The block computes the right thing, but keeps its weights under other names ({theirs!r} where "
            f"the course's copy has 'model.0.weight'). The model saved at the end of this lesson is rebuilt "
            f"from the package's `MyConvBlock`, which finds its weights by those names: keep the five layers "
            f"in the scaffold's `self.model = nn.Sequential(...)`, in the task's order."
        )
    return "Convolution, BatchNorm, ReLU, dropout and pooling: one block halves the picture and sets the channels"


@fallback("04a.1")
def _block(ns: dict) -> dict:
    return {"MyConvBlock": MyConvBlock}


# --------------------------------------------------------------------------------------------------------
# 04a.2

#: The candidates of the lesson that keep the letter, and what kind of change each one is.
KEEPERS = {
    "a small rotation (`RandomRotation(5)`)": v2.RandomRotation,
    "a crop that keeps most of the picture (`RandomResizedCrop` with scale=(0.9, 1))": v2.RandomResizedCrop,
    "the mirror image (`RandomHorizontalFlip()`)": v2.RandomHorizontalFlip,
    "other light (`ColorJitter`)": v2.ColorJitter,
}


def _largest_angle(t: v2.RandomRotation) -> float:
    return max(abs(float(d)) for d in t.degrees)


def _judge_transform(t) -> None:
    """A hint when the chosen transform ``t`` changes the letter, or is not a transform at all."""
    if isinstance(t, str):
        raise Hint(
            f"The list holds the text {quoted(t)}; copy the transforms themselves from the cell above, "
            f"e.g. `v2.RandomRotation(5)`, without quotes."
        )
    if inspect.isclass(t):
        raise Hint(
            f"The list holds the class `v2.{t.__name__}` itself; a transform is made by calling it: "
            f"`v2.{t.__name__}(...)`, with the settings of the cell above."
        )
    if not callable(t):
        raise Hint(f"The list holds {describe(t)}; it should hold transforms, e.g. `v2.RandomRotation(5)`.")
    if isinstance(t, v2.RandomVerticalFlip):
        raise Hint(
            "`RandomVerticalFlip` turns hands upside down; nobody signs like that, and some letters differ "
            "mainly in which way the hand points: k, fingers up, turned upside down looks much like p."
        )
    if isinstance(t, v2.RandomRotation) and _largest_angle(t) > 20:
        raise Hint(
            f"`RandomRotation` by up to {_largest_angle(t):.0f} degrees turns some letters into others (h "
            f"and u differ by a quarter turn); keep it to a few degrees."
        )
    if isinstance(t, v2.RandomResizedCrop) and min(t.scale) < 0.6:
        raise Hint(
            f"`RandomResizedCrop` with a scale down to {min(t.scale):g} can keep a small corner of the "
            f"picture and cut off the fingers that make the letter; keep most of the image (0.9-1)."
        )
    if isinstance(t, v2.RandomInvert):
        raise Hint("`RandomInvert` makes a negative of the photo: no camera sees a hand like that.")
    if not isinstance(t, tuple(KEEPERS.values())):
        raise Hint(f"`{type(t).__name__}` is not one of the candidates above; choose from the cell above.")


@exercise(
    "04a.2",
    "augmentations that keep the letter",
    "replace `...` with the transforms you choose",
    defines=("augmentations",),
)
def label_keeping(augmentations) -> str:
    require_done(augmentations)
    if isinstance(augmentations, v2.Compose):
        for t in augmentations.transforms:  # a transform that changes the letter is the bigger mistake
            _judge_transform(t)
        raise Hint(
            "`augmentations` is a `v2.Compose` of your transforms; keep the scaffold's plain list: the lesson "
            "wraps it in `v2.Compose` itself a few cells below (a `Compose` of a `Compose` is refused)."
        )
    chosen = augmentations
    if not isinstance(chosen, (list, tuple)):
        raise Hint(
            f"`augmentations` is {describe(augmentations)}; it should be a list of transforms, "
            f"`[v2.RandomRotation(5), ...]`."
        )
    if not chosen:
        raise Todo()
    for t in chosen:
        _judge_transform(t)
    missing = [what for what, kind in KEEPERS.items() if not any(isinstance(t, kind) for t in chosen)]
    if missing:
        more = (
            "one more candidate in the cell above keeps"
            if len(missing) == 1
            else f"{len(missing)} more candidates in the cell above keep"
        )
        raise Hint(
            f"Every transform you chose keeps the letter, but the list is not complete: {more} it too. Look "
            f"again at each row; the task asks for every candidate that keeps the letter."
        )
    return (
        f"Each of your transforms changes the picture but not the letter "
        f"({', '.join(sorted({type(t).__name__ for t in chosen}))})"
    )


@fallback("04a.2")
def _augmentations(ns: dict) -> dict:
    return {"augmentations": list(original_augment().transforms)}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
