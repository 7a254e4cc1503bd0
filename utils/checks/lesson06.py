"""The checks of lesson 06 (``06_capstone_real_hands``): the backbone, the letter model, its loss, augmentations
that keep the letter, shuffling (lesson 03's check) and the fine-tuning optimizer.

The networks are small stand-ins with BatchNorm layers, like ``mobilenet_v2``, so that freezing and
unfreezing can be watched without the real backbone; only 06.1 compares with the real ImageNet weights.
"""

from __future__ import annotations

import torch
from torch import nn

from ..data import ASL_LETTERS
from ..networks import TransferModel, backbone_named
from ..pretrained import imagenet_weights, imagenet_weights_of, load_backbone
from .core import Hint, call, carry_on, describe, exercise, fallback, number, require_done
from .lesson03 import shuffle_exercise
from .lesson05 import judge_loss


def _small_base(n_features: int = 20) -> nn.Module:
    torch.manual_seed(6)
    return nn.Sequential(
        nn.Conv2d(3, 4, 3),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(4, n_features),
    )


def _batchnorms(module: nn.Module) -> list[nn.Module]:
    return [m for m in module.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]


# --------------------------------------------------------------------------------------------------------
# 06.1


@exercise(
    "06.1",
    "an ImageNet backbone",
    "load the backbone into `base, weights, source`",
    defines=("base", "weights", "source"),
)
def backbone(base, weights, name: str) -> str:
    require_done(base, weights)
    if not isinstance(base, nn.Module):
        if isinstance(weights, nn.Module):
            raise Hint(
                "`base` and `weights` are the wrong way round: `load_backbone` returns the network first, "
                "then its weights, then where they came from: `base, weights, source = ...`."
            )
        raise Hint(
            f"`base` is {describe(base)}; `load_backbone(BACKBONE, device)` returns the network, its "
            f"weights and where they came from: `base, weights, source = load_backbone(BACKBONE, device)`."
        )
    expected = type(backbone_named(name).build(weights=None))
    if type(base) is not expected:
        raise Hint(
            f"`base` is a {type(base).__name__} network, but `BACKBONE` is {name!r}: load the one it names, "
            f"`load_backbone(BACKBONE, device)`."
        )
    state, _ = imagenet_weights(name, verbose=False)
    mine = base.state_dict()
    key = next(k for k in state if k in mine and state[k].is_floating_point())
    if not torch.equal(mine[key].detach().cpu(), state[key]):
        raise Hint(
            f"`base` has random weights, not ImageNet's: `torchvision.models.{name}()` on its own starts from "
            f"random numbers. `load_backbone(BACKBONE, device)` loads the pretrained ones."
        )
    if hasattr(weights, "crop_size") and callable(weights):
        raise Hint(
            "`weights` holds `weights.transforms()`, the preprocessing; keep the weights object itself, the "
            "second thing `load_backbone` returns (the lesson calls `.transforms()` on it later)."
        )
    if not hasattr(weights, "transforms") or len(getattr(weights, "meta", {}).get("categories", [])) != 1000:
        raise Hint(
            f"`weights` is {describe(weights)}; it should be the torchvision weights that `load_backbone` "
            f"returns second: they know the preprocessing (`weights.transforms()`) and the 1,000 classes."
        )
    own = imagenet_weights_of(name)
    if type(weights) is not type(own):
        raise Hint(
            f"`weights` belongs to another network ({type(weights).__name__}), not to {name!r}: keep the second "
            f"thing `load_backbone(BACKBONE, device)` returns, whose preprocessing and classes are the ones `base` "
            f"learned with."
        )
    if base.training:
        raise Hint(
            "`base` is in training mode; a pretrained network reads photos in `eval()` mode (BatchNorm "
            "uses its ImageNet statistics, dropout is off), as `load_backbone` leaves it."
        )
    return f"The base is {name} with the weights ImageNet taught it, in evaluation mode"


@fallback("06.1")
def _backbone(ns: dict) -> dict:
    base, weights, source = load_backbone(ns["BACKBONE"], ns["device"], verbose=False)
    return {"base": base, "weights": weights, "source": source}


# --------------------------------------------------------------------------------------------------------
# 06.2


@exercise(
    "06.2", "freeze the base, size the head", "replace the three `...` in letter_model", defines=("letter_model",)
)
def letter_model(letter_model_answer) -> str:
    fn = letter_model_answer
    require_done(fn)
    base = _small_base(20)
    model = call(fn, base, 20, name="letter_model")
    if not isinstance(model, nn.Module):
        raise Hint(
            f"`letter_model` returned {describe(model)}; it should return the `TransferModel`."
            + (" Did it `return model`?" if model is None else "")
        )
    if not isinstance(model, TransferModel):
        raise Hint(
            f"`letter_model` returned {describe(model)}; build it with `TransferModel(base, n_outputs=..., "
            f"base_outputs=...)`, whose `freeze_base()` the next steps rely on."
        )
    if model.base is not base:
        raise Hint(
            "The model is not built on the `base` that `letter_model` is given (it uses another network, "
            "perhaps the notebook's own `base`): `TransferModel(base, ...)` with the function's argument."
        )
    head = model.head
    if head.in_features != 20:
        raise Hint(
            f"The head takes {head.in_features} inputs, but the base gives `n_features` numbers per photo "
            f"(here 20): `base_outputs=n_features`."
        )
    n = head.out_features
    if n == 1:
        raise Hint(
            "One output is for a yes/no question like Bo's door; reading a letter needs one score per letter: "
            "`n_outputs=len(ASL_LETTERS)`."
        )
    if n == 26:
        raise Hint(
            "26 outputs: J and Z are moving signs, left out of the photos and of `ASL_LETTERS`; there are 24 "
            "letters, `len(ASL_LETTERS)`."
        )
    if n != len(ASL_LETTERS):
        raise Hint(f"{n} outputs; the model needs one score per letter of `ASL_LETTERS` ({len(ASL_LETTERS)}).")
    if not any(p.requires_grad for p in head.parameters()):
        raise Hint("Nothing can learn: the head is frozen too. Freeze the base only: `model.freeze_base()`.")
    if any(p.requires_grad for p in base.parameters()):
        raise Hint("The base can still learn: call `model.freeze_base()`, so that only the head trains at first.")
    if not model.base_frozen:
        model.train()
        training = sum(m.training for m in _batchnorms(model.base))
        raise Hint(
            f"The base's weights are frozen by hand, but the `TransferModel` does not know: in training mode "
            f"its BatchNorm layers ({training} here) would still change their ImageNet statistics. Call "
            f"`model.freeze_base()`, which also keeps the base in evaluation mode."
        )
    return "The head takes the `n_features` numbers in and gives 24 scores out, and only it learns at first"


@fallback("06.2")
def _letter_model(ns: dict) -> dict:
    def letter_model(base, n_features):
        return TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features).freeze_base()

    return {"letter_model": letter_model}


# --------------------------------------------------------------------------------------------------------
# 06.3


@exercise("06.3", "the loss for 24 letters", "replace `...` with a loss function", defines=("loss_fn",))
def letter_loss(loss_fn) -> str:
    g = torch.Generator().manual_seed(9)
    scores, targets = torch.randn(6, len(ASL_LETTERS), generator=g) * 2, torch.tensor([0, 5, 23, 9, 9, 14])
    return judge_loss(loss_fn, nn.CrossEntropyLoss, "One right letter out of 24 raw scores needs", scores, targets)


@fallback("06.3")
def _cross_entropy(ns: dict) -> dict:
    return {"loss_fn": nn.CrossEntropyLoss()}


# --------------------------------------------------------------------------------------------------------
# 06.4

AUGMENTATION_KEYS = ("degrees", "scale", "horizontal_flip", "vertical_flip", "jitter")
#: Lesson 06's solution (the fallback of a handout).
SOLUTION = dict(degrees=10, scale=(0.7, 1.0), horizontal_flip=True, vertical_flip=False, jitter=0.2)


def _yes_no(value, key: str) -> bool:
    if isinstance(value, str):
        raise Hint(
            f"`{key}` is {value!r}, with quotes: that is a piece of text, and any text that is not empty "
            f"counts as true. Write True or False without quotes."
        )
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    raise Hint(f"`{key}` is {describe(value)}; write True or False.")


@exercise(
    "06.4", "augmentations that keep the letter", "replace the five `...` in `augmentation`", defines=("augmentation",)
)
def hand_augmentation(augmentation) -> str:
    require_done(augmentation)
    if not isinstance(augmentation, dict):
        raise Hint(f"`augmentation` is {describe(augmentation)}; keep the scaffold's `dict(degrees=..., ...)`.")
    missing = [k for k in AUGMENTATION_KEYS if k not in augmentation]
    extra = [k for k in augmentation if k not in AUGMENTATION_KEYS]
    if missing or extra:
        raise Hint(
            f"`augmentation` should have exactly the keys {', '.join(AUGMENTATION_KEYS)}"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not used: {', '.join(map(str, extra))}" if extra else "")
            + "."
        )
    degrees, scale = augmentation["degrees"], augmentation["scale"]
    if isinstance(degrees, (tuple, list)):
        raise Hint(
            f"`degrees` is {describe(degrees)}; here it is one number, the largest rotation either way "
            f"(10 turns by up to 10 degrees left or right)."
        )
    degrees = number(degrees, "`degrees`")
    if degrees < 0:
        raise Hint(
            f"`degrees` is {degrees:g}: it is the largest rotation either way, a number of 0 or more "
            f"(10 turns by up to 10 degrees left or right)."
        )
    if degrees > 30:
        raise Hint(
            f"Rotations of up to {degrees:g} degrees: beyond about 30, fingers that point sideways start to "
            f"point up or down, and H turns into U or P. Keep it to 5-30."
        )
    if not isinstance(scale, (tuple, list)) or len(scale) != 2:
        raise Hint(
            f"`scale` is {describe(scale)}; it is two numbers, the smallest and the largest share of the "
            f"picture a crop keeps, e.g. (0.7, 1.0)."
        )
    low, high = number(scale[0], "The smallest `scale`"), number(scale[1], "The largest `scale`")
    if not 0 < low <= high <= 1:
        raise Hint(
            f"`scale` is ({low:g}, {high:g}): it is the share of the picture's area a crop keeps, so "
            f"0 < smallest <= largest <= 1."
        )
    if low < 0.5:
        raise Hint(
            f"A crop keeping only {low:.0%} of the picture can cut off the fingers that make the letter; "
            f"keep at least half of it (0.6-0.8 is plenty)."
        )
    horizontal = _yes_no(augmentation["horizontal_flip"], "horizontal_flip")
    if _yes_no(augmentation["vertical_flip"], "vertical_flip"):
        raise Hint(
            "An upside-down hand is not a sign anyone makes, and it can look like another letter: k, fingers "
            "up, turned upside down looks much like p. Set `vertical_flip=False`."
        )
    jitter = number(augmentation["jitter"], "`jitter`")
    if jitter < 0:
        raise Hint(f"Your `jitter` is {jitter:g}: it is how strong the colour changes are, from 0 (none) up.")
    if jitter > 1:
        raise Hint(
            f"Your `jitter` is {jitter:g}: it is a share from 0 (no change) to 1, not a percentage; "
            f"{jitter:g}% would be {jitter / 100:g}."
        )
    if jitter > 0.5:
        raise Hint(
            f"Your `jitter` is {jitter:g}: changes of colour beyond about 50% make skin look like nothing a camera "
            f"would show. 0.1-0.3 covers lamps, daylight and phones."
        )
    if degrees == 0 and low == high == 1 and jitter == 0 and not horizontal:
        raise Hint(
            "Nothing changes: the model sees each training photo many times, and without variety it learns those "
            "photos rather than the letters. Choose some rotation, crop, flip or colour change."
        )
    if not horizontal:
        raise Hint(
            "A mirrored hand signs the same letter (a left hand, as left-handed signers use), so mirroring left to "
            "right keeps the letter and gives the model variety for free: set `horizontal_flip=True`."
        )
    return (
        "Every change keeps the letter readable; the horizontal flip turns a right hand into a left hand signing "
        "the same letter, which left-handed signers do"
    )


@fallback("06.4")
def _augmentation(ns: dict) -> dict:
    return {"augmentation": dict(SOLUTION)}


# --------------------------------------------------------------------------------------------------------
# 06.5


shuffle = shuffle_exercise("06.5", valid_batch_size=64)


# --------------------------------------------------------------------------------------------------------
# 06.6

HEAD_LR = 1e-3


@exercise(
    "06.6",
    "fine-tune the whole network",
    "replace the two `...` in fine_tuning_optimizer",
    defines=("fine_tuning_optimizer",),
)
def fine_tuning(fine_tuning_optimizer) -> str:
    require_done(fine_tuning_optimizer)
    model = TransferModel(_small_base(20), n_outputs=len(ASL_LETTERS), base_outputs=20).freeze_base()
    optimizer = call(fine_tuning_optimizer, model, name="fine_tuning_optimizer")
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise Hint(
            f"`fine_tuning_optimizer` returned {describe(optimizer)}; it should return the optimizer, "
            f"`torch.optim.Adam(model.parameters(), lr=...)`." + (" Did it `return` it?" if optimizer is None else "")
        )
    if not isinstance(optimizer, torch.optim.Adam):
        raise Hint(f"It returns {type(optimizer).__name__}; the task asks for Adam, as the head's training used.")
    if any(not p.requires_grad for p in model.base.parameters()):
        raise Hint(
            "The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first, so that "
            "every weight can learn."
        )
    if model.base_frozen:
        raise Hint(
            "The weights can learn again, but the `TransferModel` still treats its base as frozen and keeps "
            "it in evaluation mode: call `model.unfreeze_base(train_batchnorm=True)` instead of setting "
            "`requires_grad` by hand."
        )
    if model.batchnorm_frozen:
        raise Hint(
            "Every weight learns, but the base's BatchNorm layers keep ImageNet's statistics: the task asks "
            "for `model.unfreeze_base(train_batchnorm=True)`, so that they learn those of photos of hands."
        )
    handed = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not all(id(p) in handed for p in model.head.parameters()):
        raise Hint(
            "The optimizer does not hold the head's weights, so the head stops learning: give it "
            "`model.parameters()`, every weight of the model."
        )
    if not all(id(p) in handed for p in model.base.parameters()):
        raise Hint("The optimizer only holds some of the weights (not the base's): give it `model.parameters()`.")
    lr = max(number(group["lr"], "The learning rate") for group in optimizer.param_groups)
    if lr >= HEAD_LR:
        raise Hint(
            f"A learning rate of {lr:g} is not below the head's {HEAD_LR:g}: steps that large wash away what "
            f"ImageNet taught the base in a few epochs. Use at most half of it; 1e-4 to 3e-4 works well."
        )
    if lr > 5e-4:
        raise Hint(
            f"A learning rate of {lr:g} is more than half the head's {HEAD_LR:g}; fine-tuning the whole "
            f"network wants small steps: at most half of it, and 1e-4 to 3e-4 works well."
        )
    if lr < 1e-6:
        raise Hint(
            f"A learning rate of {lr:g} is below 1e-6 and barely moves anything in a few epochs; 1e-4 to 3e-4 "
            f"lets the base adapt to hands."
        )
    return (
        f"every weight learns again, BatchNorm included, at {lr:g}: small steps that adapt ImageNet's features to hands"
    )


@fallback("06.6")
def _fine_tuning(ns: dict) -> dict:
    def fine_tuning_optimizer(model):
        model.unfreeze_base(train_batchnorm=True)
        return torch.optim.Adam(model.parameters(), lr=2e-4, fused=True)

    return {"fine_tuning_optimizer": fine_tuning_optimizer}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
