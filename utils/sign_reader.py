"""Use the trained sign-language model on new photos: prepare a photo, predict a letter (lesson 04b).

The package's copy of what lesson 04b writes, used by the command line (``utils.read_signs``).
``prepare_image(path)`` turns a PNG or JPEG of any mode (opened by ``utils.images.open_image``) into the
1 x 1 x 28 x 28 tensor in [0, 1] that the network was trained on. ``predict_letter(path)`` returns the
letter, its probability and the top three. Problems with a file raise ``ImageError`` with one line naming
the file and what is wrong, so a notebook or the command line can report it and carry on.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch
from torchvision.transforms import v2

from . import config
from .datasets import ASL_LETTERS
from .images import open_image
from .models import ModelFileError, load_model_once, top_classes

ASL_MODEL_FILE = "asl_cnn_augmented.pt"
REAL_HANDS_MODEL_FILE = "asl_real_hands.pt"  # lesson 06
MISSING_MODEL_HINT = "Run notebook 04a_asl_augmentation (or `make all`) to train and save it."
MISSING_REAL_HANDS_HINT = "Run notebook 06_capstone_real_hands to train and save it."
INPUT_SIZE = 28
#: The networks of lessons 01-04a that read 28 x 28 greyscale hands.
SIGN_ARCHITECTURES = ("dense_net", "asl_cnn", "asl_cnn_blocks")

#: The training data's recipe for any photo: one channel of grey, 28 x 28 pixels, values in [0, 1] (lesson 04b).
to_model_input = v2.Compose([
    v2.ToImage(),                           # PIL image -> uint8 tensor, channels first
    v2.Grayscale(num_output_channels=1),    # the network was trained on greyscale images
    v2.Resize((INPUT_SIZE, INPUT_SIZE), antialias=True),
    v2.ToDtype(torch.float32, scale=True),  # 0-255 -> 0.0-1.0, as the training data
])


def prepare_image(path: str | Path) -> torch.Tensor:
    """A photo as the network sees it: a 1 x 1 x 28 x 28 float tensor in [0, 1] (a batch of one)."""
    return to_model_input(open_image(path, draft_size=4 * INPUT_SIZE)).unsqueeze(0)


@dataclass
class Prediction:
    """The most likely letter, its probability, and the ``top`` letters with theirs."""

    letter: str
    probability: float
    top: list[tuple[str, float]]

    def __str__(self) -> str:
        others = ", ".join(f"{letter} {p:.1%}" for letter, p in self.top)
        return f"{self.letter} ({self.probability:.1%}; top {len(self.top)}: {others})"


def load_asl_model(path: str | Path | None = None, device: torch.device | str | None = None):
    """A sign-language model, rebuilt and in ``eval()`` mode (read once per file, see ``load_model_once``):
    by default the one notebook 04a saves; also lesson 06's model of real hands (``models/asl_real_hands.pt``)."""
    from .device import get_device

    path = Path(path) if path is not None else config.models_dir() / ASL_MODEL_FILE
    device = device or get_device(verbose=False)
    hint = MISSING_REAL_HANDS_HINT if path.name == REAL_HANDS_MODEL_FILE else MISSING_MODEL_HINT
    model, info = load_model_once(path, device, missing_hint=hint, architectures=SIGN_ARCHITECTURES + ("transfer",))
    if info["architecture"] == "transfer":
        if list(info.get("classes") or []) != list(ASL_LETTERS) or not isinstance(info.get("transforms"), dict):
            raise ModelFileError(f"{path}: a transfer model, but not one that reads the 24 letters "
                                 f"(lesson 06 saves one as {REAL_HANDS_MODEL_FILE})")
    elif list(info.get("input_size", [1, INPUT_SIZE, INPUT_SIZE])) != [1, INPUT_SIZE, INPUT_SIZE]:
        raise ModelFileError(f"{path}: it takes inputs of {info['input_size']}, not the 1 x 28 x 28 greyscale "
                             f"images of the sign-language lessons")
    return model, info


def preparer(info: dict) -> Callable[[str | Path], torch.Tensor]:
    """How the model that ``info`` describes wants a photo: 28 x 28 grey (lessons 01-04a), or the colour
    crop and normalisation of its ImageNet backbone (lesson 06)."""
    if info.get("architecture") != "transfer":
        return prepare_image
    from .pretrained import photo_transform

    transform = photo_transform(info)
    return lambda path: transform(open_image(path)).unsqueeze(0)


@torch.no_grad()
def predict_letter(path: str | Path, model: torch.nn.Module | None = None, letters: str | None = None,
                   top: int = 3, prepare: Callable[[str | Path], torch.Tensor] = prepare_image) -> Prediction:
    """Predict the ASL letter shown in the photo at ``path``. Raises ``ImageError`` for a bad file.

    ``prepare`` turns the photo into the model's input (``preparer(info)`` gives the right one for a file).
    """
    if model is None:
        model, info = load_asl_model()
        letters, prepare = letters or info.get("classes"), preparer(info)
    letters = letters or ASL_LETTERS
    device = next(model.parameters()).device
    x = prepare(path).to(device)
    model.eval()
    ranked = [(letter, p) for _, letter, p in top_classes(model(x)[0], letters, top)]
    return Prediction(ranked[0][0], ranked[0][1], ranked)
