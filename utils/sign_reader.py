"""Reading new photos with a trained sign-language model (lesson 04b).

The package's copy of what lesson 04b writes, for the command line and the web app: ``prepare`` (the
lesson's pipeline: any photo to the 1 x 28 x 28 grey tensor in [0, 1] the network was trained on) and
``predict_letter`` (a photo's path in, the letter out, here with its probability and the top three).
``load_sign_model`` loads the model lesson 04a saved, checking that it is a sign-language model of the
course, and ``top_classes`` turns a row of scores into the most likely classes (lesson 05 uses it too).
A photo that cannot be used raises ``ImageError``; a model file that cannot, ``ModelFileError``: both
one line naming the file and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from PIL import Image
from torchvision.transforms import v2

from . import networks  # noqa: F401 - registers the architectures a sign-language model file names
from .data import ASL_LETTERS
from .plumbing.checkpoints import ModelFileError, load_model
from .plumbing.device import get_device
from .plumbing.images import open_image

#: The file lesson 04a saves its model to, in the models folder.
ASL_MODEL_FILE = "asl_cnn_augmented.pt"
MISSING_MODEL_HINT = "Run notebook 04a_asl_augmentation (or `make all`) to train and save it."
INPUT_SIZE = 28
#: The networks of lessons 01-04a that read 28 x 28 greyscale hands.
SIGN_ARCHITECTURES = ("dense_net", "asl_cnn", "asl_cnn_blocks")

#: Lesson 04b's pipeline: one channel of grey, 28 x 28 pixels, values in [0, 1], as the training images.
prepare = v2.Compose(
    [
        v2.ToImage(),  # PIL image -> uint8 tensor, channels first
        v2.Grayscale(num_output_channels=1),  # the network was trained on greyscale images
        v2.Resize((INPUT_SIZE, INPUT_SIZE), antialias=True),
        v2.ToDtype(torch.float32, scale=True),  # 0-255 -> 0.0-1.0, as the training data
    ]
)


def top_classes(scores: torch.Tensor, names, k: int = 3) -> list[tuple[int, str, float]]:
    """The ``k`` most likely classes of one row of scores (logits): (index, name, probability), best first."""
    probs = torch.softmax(scores.detach().float().flatten(), dim=0).cpu()
    values, indices = probs.topk(min(k, len(probs)))
    return [(int(i), names[int(i)], float(v)) for v, i in zip(values, indices)]


@dataclass
class Prediction:
    """The most likely letter, its probability, and the ``top`` letters with theirs."""

    letter: str
    probability: float
    top: list[tuple[str, float]]

    def __str__(self) -> str:
        others = ", ".join(f"{letter} {p:.1%}" for letter, p in self.top)
        return f"{self.letter} ({self.probability:.1%}; top {len(self.top)}: {others})"


def load_sign_model(path: str | Path = ASL_MODEL_FILE, device: torch.device | str | None = None, shared: bool = False):
    """The sign-language model lesson 04a saved (or another 28 x 28 model of lessons 01-04a), in ``eval()``
    mode, with its ``info``; ``shared`` as in ``load_model``."""
    device = device or get_device(verbose=False)
    model, info = load_model(path, device, hint=MISSING_MODEL_HINT, architectures=SIGN_ARCHITECTURES, shared=shared)
    if list(info.get("input_size", [1, INPUT_SIZE, INPUT_SIZE])) != [1, INPUT_SIZE, INPUT_SIZE]:
        raise ModelFileError(
            f"{path}: it takes inputs of {info['input_size']}, not the 1 x 28 x 28 greyscale "
            f"images of the sign-language lessons"
        )
    return model, info


@torch.no_grad()
def predict_letter(
    path: str | Path | Image.Image,
    model: torch.nn.Module,
    letters: str = ASL_LETTERS,
    top: int = 3,
    prepare: Callable = prepare,
    draft_size: int | None = 4 * INPUT_SIZE,
) -> Prediction:
    """The ASL letter shown in the photo at ``path`` (or in a photo already opened), with its probability and
    the ``top`` letters.

    ``prepare`` turns the opened photo into the model's input (lesson 04b's pipeline by default);
    ``draft_size``: a JPEG may be decoded at a reduced scale as long as both sides stay this large.
    Raises ``ImageError`` for a file that is not a usable photo.
    """
    model.eval()
    model_device = next(model.parameters()).device
    image = path if isinstance(path, Image.Image) else open_image(path, draft_size=draft_size)
    batch = prepare(image).unsqueeze(0).to(model_device)
    ranked = [(letter, p) for _, letter, p in top_classes(model(batch)[0], letters, top)]
    return Prediction(ranked[0][0], ranked[0][1], ranked)
