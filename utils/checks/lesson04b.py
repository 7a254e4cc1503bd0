"""The checks of lesson 04b (``04b_asl_predictions``): preparing a photo, and ``predict_letter``.

``predict_letter`` is run with a stand-in for the trained network whose weights sit on PyTorch's ``meta``
device, a device of its own that holds no numbers: a batch that is not moved to the model's device
arrives on the CPU and shows, on a machine without a GPU too. The stand-in records the shape, mode and
grad mode of every batch it is given, and answers with the scores of the photo it was asked about.
"""

from __future__ import annotations

import inspect
import string
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn
from torchvision.transforms import v2

from ..data import ASL_LETTERS
from ..plumbing.images import open_image
from ..sign_reader import predict_letter as predict_with_probabilities
from ..sign_reader import prepare as course_prepare
from .core import Hint, call, carry_on, describe, exercise, fallback, raised, require_done


def _photo(seed: int = 0, size: tuple[int, int] = (40, 64)) -> Image.Image:
    """A made-up colour photo, taller than wide, so that a resize of the shorter side alone shows."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8), "RGB")


# --------------------------------------------------------------------------------------------------------
# 04b.1


@exercise("04b.1", "prepare a photo", "replace the three `...` in the pipeline", defines=("prepare",))
def prepare(prepare_answer) -> str:
    require_done(prepare_answer)
    steps = getattr(prepare_answer, "transforms", None)
    for step in steps if isinstance(steps, (list, tuple)) else []:
        if inspect.isclass(step):
            raise Hint(
                f"The pipeline holds the class `v2.{step.__name__}` itself; a step is made by calling it: "
                f"`v2.{step.__name__}(...)`."
            )
    photo = _photo()
    got = call(prepare_answer, photo, name="prepare")
    want = course_prepare(photo)
    if not torch.is_tensor(got):
        raise Hint(
            f"The pipeline returned {describe(got)} instead of a tensor: keep `v2.ToImage()` first, and end "
            f"with `v2.ToDtype(torch.float32, scale=True)`."
        )
    if got.ndim == 4:
        raise Hint("The pipeline already adds the batch axis; leave that to `predict_letter` (`unsqueeze(0)`).")
    if got.ndim != 3:
        raise Hint(f"The result has shape {tuple(got.shape)}; expected (1, 28, 28): channels, height, width.")
    if got.shape[0] == 3:
        if torch.equal(got[0], got[1]) and torch.equal(got[1], got[2]):
            raise Hint(
                "The result is grey, but in three identical channels (`num_output_channels=3`); the network "
                "takes one: `v2.Grayscale()` (or `num_output_channels=1`)."
            )
        raise Hint("The result has 3 colour channels; the network was trained on greyscale: add `v2.Grayscale()`.")
    if tuple(got.shape[-2:]) != (28, 28):
        if 28 in tuple(got.shape[-2:]):
            raise Hint(
                f"The result is {got.shape[-2]} x {got.shape[-1]} pixels: `v2.Resize(28)` makes only the "
                f"shorter side 28. The network wants 28 x 28: `v2.Resize((28, 28))`."
            )
        raise Hint(f"The result is {got.shape[-2]} x {got.shape[-1]} pixels; add `v2.Resize((28, 28))`.")
    if not got.is_floating_point():
        raise Hint("The pixels are still whole numbers 0-255: end with `v2.ToDtype(torch.float32, scale=True)`.")
    if got.dtype != torch.float32:
        raise Hint(
            f"The pixels are {str(got.dtype).replace('torch.', '')}, but the network's weights are float32: "
            f"`v2.ToDtype(torch.float32, scale=True)`."
        )
    if float(got.min()) < 0:
        raise Hint(
            "Some values are below 0: the training images were plain pixels from 0 to 1, with no mean or "
            "standard deviation taken off, so leave out `v2.Normalize`."
        )
    if float(got.max()) > 1.0:
        raise Hint("The pixels are floats but go up to 255: `v2.ToDtype` needs `scale=True` to divide by 255.")
    kinds = [type(t) for t in steps] if isinstance(steps, (list, tuple)) else []
    if any(k in (v2.CenterCrop, v2.RandomCrop) for k in kinds) and v2.Resize not in kinds:
        raise Hint(
            "A crop cuts a 28 x 28 patch out of the photo and throws the rest away; the network was trained "
            "on whole pictures shrunk to 28 x 28: `v2.Resize((28, 28))`."
        )
    if not torch.allclose(got, want, atol=0.02):
        raise Hint(
            "The shape and the range are right, but the values differ from the training images' recipe: "
            "`ToImage`, `Grayscale`, `Resize((28, 28))`, `ToDtype(torch.float32, scale=True)`."
        )
    return "1 x 28 x 28, greyscale, values in [0, 1]: what the network was trained on"


@fallback("04b.1")
def _prepare(ns: dict) -> dict:
    return {"prepare": course_prepare}


# --------------------------------------------------------------------------------------------------------
# 04b.2


class _StandIn(nn.Module):
    """A stand-in for the trained network, with its weights on the ``meta`` device (see the module's text)."""

    def __init__(self):
        super().__init__()
        self.anchor = nn.Parameter(torch.empty(1, device="meta"))  # where "the model's device" is
        torch.manual_seed(3)
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 24))
        with torch.no_grad():  # scores far apart, as a trained network's are (a score is no index either)
            self.net[1].weight.mul_(40)
        self.expected: torch.Tensor | None = None  # the prepared photo it is being asked about
        self.winner = 0  # the letter whose score it raises far above the others for that photo
        self.seen: list[tuple[tuple[int, ...], str, bool, bool]] = []

    def parameters(self, recurse: bool = True):
        yield self.anchor

    def forward(self, x):
        self.seen.append((tuple(x.shape), x.device.type, self.training, torch.is_grad_enabled()))
        with torch.no_grad():
            return self._lifted(self.net(self.expected.unsqueeze(0)))

    def scores(self, image: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return self._lifted(self.net(image.unsqueeze(0)))[0]

    def _lifted(self, scores: torch.Tensor) -> torch.Tensor:
        scores = scores.clone()
        scores[:, self.winner] += 1000
        return scores


#: The letter each test photo gets, on both sides of the missing j (so that the whole alphabet, which agrees
#: with the 24 letters up to i, and a position one off give different answers) and at both ends.
_WINNERS = (0, 3, 8, 9, 12, 17, 20, 23)


def _photos(folder: Path) -> list[tuple[Path, torch.Tensor]]:
    out = []
    for seed in range(8):
        path = folder / f"photo{seed}.png"
        _photo(seed).save(path)
        out.append((path, course_prepare(open_image(path))))
    return out


def _as_letter(value):
    if isinstance(value, str):
        return value
    raise Hint(
        f"It returned {describe(value)}; `predict_letter` should return the letter, `letters[index]`."
        + (" Did it `return` it?" if value is None else "")
    )


@exercise("04b.2", "predict_letter", "replace the four `...` in predict_letter", defines=("predict_letter",))
def letter(predict_letter) -> str:
    require_done(predict_letter)
    model = _StandIn().train()
    globals_ = getattr(predict_letter, "__globals__", {})
    saved_device = globals_.get("device")
    if isinstance(saved_device, torch.device):
        globals_["device"] = torch.device("meta")  # the lesson's `device` is where the model sits, here too
    try:
        with tempfile.TemporaryDirectory() as tmp:
            photos = _photos(Path(tmp))
            results = []
            for (path, image), winner in zip(photos, _WINNERS):
                model.expected, model.winner = image, winner
                try:
                    got = predict_letter(path, model)
                except Exception as err:
                    if "cannot be converted to Scalar" in str(err):
                        raise Hint(
                            "It took the position of the highest score over dim 0: `scores` has shape (1, 24), "
                            "and dim 0 is the batch of one, so that gives 24 positions, not one. The letters run "
                            "along dim 1: `scores.argmax(dim=1).item()`."
                        ) from None
                    if isinstance(err, (IndexError, TypeError)) and (
                        "string index" in str(err) or "indices must be integers" in str(err)
                    ):
                        raise Hint(
                            "The index it looked the letter up with is not a position among the letters: "
                            "`scores.max()` gives the highest score itself; its position is "
                            "`scores.argmax(dim=1).item()`."
                        ) from None
                    if "NVIDIA" in str(err) or "CUDA" in str(err) or "cuda" in str(err):
                        raise Hint(
                            "It moves the batch to the GPU by name (`'cuda'`), which fails on a computer "
                            "without an NVIDIA GPU, and is wrong for a model elsewhere: move it to the "
                            "model's own device, `.to(model_device)`."
                        ) from None
                    raise raised(err, predict_letter, "predict_letter") from None
                results.append((got, int(model.scores(image).argmax())))
            reversed_letters = ASL_LETTERS[::-1]
            model.expected, model.winner = photos[0][1], _WINNERS[0]
            other = call(predict_letter, photos[0][0], model, reversed_letters, name="predict_letter")
    finally:
        if isinstance(saved_device, torch.device):
            globals_["device"] = saved_device
    shapes = {shape for shape, *_ in model.seen}
    if any(len(s) != 4 for s in shapes):
        raise Hint(
            f"The network was given a tensor of shape {sorted(shapes, key=len)[0]}: it takes batches, so "
            f"add the batch axis with `unsqueeze(0)` to get (1, 1, 28, 28)."
        )
    if shapes != {(1, 1, 28, 28)}:
        raise Hint(
            f"The network was given a tensor of shape {sorted(shapes)[0]}: a batch of one image is (1, 1, 28, 28), "
            "the batch axis in front of the image's channel, height and width: `unsqueeze(0)`."
        )
    if any(kind != "meta" for _, kind, _, _ in model.seen):
        raise Hint(
            "The batch stayed on the CPU while the model's weights are elsewhere (on a GPU, say): move it "
            "with `.to(model_device)` before calling the model."
        )
    if any(training for _, _, training, _ in model.seen):
        raise Hint("The network was in training mode: keep `model.eval()` before predicting.")
    if any(grad for *_, grad in model.seen):
        raise Hint("Gradients were recorded: predictions need none (keep `@torch.no_grad()` above the function).")
    letters = [_as_letter(got) for got, _ in results]
    for shift in (-1, 1):
        if all(g.lower() == ASL_LETTERS[(i + shift) % len(ASL_LETTERS)] for g, (_, i) in zip(letters, results)):
            raise Hint(
                f"Every answer is the letter one place {'before' if shift < 0 else 'after'} the one with the highest "
                f"score: Python counts positions from 0, and so does `argmax`, so the letter is `letters[index]`, "
                f"with no {'- 1' if shift < 0 else '+ 1'}."
            )
    if all(len(g) == 1 and g.lower() == string.ascii_lowercase[i] for g, (_, i) in zip(letters, results)) and any(
        g.lower() != ASL_LETTERS[i] for g, (_, i) in zip(letters, results)
    ):
        raise Hint(
            "The letters were taken from the whole alphabet; the network's 24 classes are `letters` "
            "(`ASL_LETTERS`, without j and z), so every letter from j on comes out wrong."
        )
    if all(g.lower() == ASL_LETTERS[0] for g in letters) and any(i != 0 for _, i in results):
        raise Hint(
            "It always answers 'a' (index 0), whatever the scores: the index is the position of the highest "
            "score, `scores.argmax(dim=1).item()` (dim 1: the letters; dim 0 is the batch of one)."
        )
    wrong = [(g, ASL_LETTERS[i]) for g, (_, i) in zip(letters, results) if g.lower() != ASL_LETTERS[i]]
    if wrong:
        raise Hint(
            f"It answered {wrong[0][0]!r} where the network's highest score is for {wrong[0][1]!r}: the index "
            f"is `scores.argmax(dim=1).item()`, and the letter `letters[index]`."
        )
    if _as_letter(other).lower() != reversed_letters[results[0][1]]:
        raise Hint(
            "It ignores the `letters` it is given and always reads `ASL_LETTERS`: use `letters[index]`, so "
            "that a model with other class names is read right."
        )
    case = "" if all(g == g.lower() for g in letters) else " (in capitals; the course's letters are lowercase)"
    return f"a batch of one, on the model's device, in eval mode without gradients; the argmax read as a letter{case}"


@fallback("04b.2")
def _predict(ns: dict) -> dict:
    def predict_letter(path, model, letters=ASL_LETTERS):
        return predict_with_probabilities(
            path, model, letters, prepare=ns.get("prepare", course_prepare), draft_size=None
        ).letter

    return {"predict_letter": predict_letter}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
