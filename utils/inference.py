"""Use the trained sign-language model on new photos: read any common image, prepare it, predict a letter.

``prepare_image(path)`` turns a PNG or JPEG of any mode (greyscale, RGB, RGBA, palette, 16-bit) into the
1 x 1 x 28 x 28 tensor in [0, 1] that the network was trained on. ``predict_letter(path)`` returns the
letter and its probability. Problems with a file raise ``ImageError`` with one line naming the file and
what is wrong, so a notebook or the command line can report it and carry on.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError
from torchvision.transforms import v2

from . import config
from .datasets import ASL_LETTERS
from .models import load_model

ASL_MODEL_FILE = "asl_cnn_augmented.pt"
MISSING_MODEL_HINT = "Run notebook 04a_asl_augmentation (or `make all`) to train and save it."
MIN_SIDE = 8
INPUT_SIZE = 28

_to_model_input = v2.Compose([
    v2.ToImage(),                           # PIL image -> uint8 tensor, channels first
    v2.Grayscale(num_output_channels=1),    # the network was trained on greyscale images
    v2.Resize((INPUT_SIZE, INPUT_SIZE), antialias=True),
    v2.ToDtype(torch.float32, scale=True),  # 0-255 -> 0.0-1.0, as the training data
])


class ImageError(ValueError):
    """A file that cannot be used as a photo; the message is one line naming the file and the problem."""


def open_image(path: str | Path, draft_size: int | None = None) -> Image.Image:
    """Open and fully decode an image file as RGB, or raise ``ImageError`` saying what is wrong.

    ``draft_size``: a JPEG may be decoded at a reduced scale (much faster) as long as both sides stay at
    least this large; only worth it when the image will be shrunk a lot anyway.
    """
    path = Path(path)
    if not path.exists():
        raise ImageError(f"{path}: no such file")
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, not an image")
    if path.stat().st_size == 0:
        raise ImageError(f"{path}: the file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > Image.MAX_IMAGE_PIXELS:
                    raise ImageError(f"{path}: {width}x{height} pixels is too large "
                                     f"(limit {Image.MAX_IMAGE_PIXELS:,} pixels); scale it down first")
                if draft_size:
                    img.draft("RGB", (draft_size, draft_size))
                img.load()
                image = to_rgb(img)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(f"{path}: is not an image (PNG, JPEG, ... expected)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageError(f"{path}: too large to open safely ({err})") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise ImageError(f"{path}: the image is damaged or truncated ({err})") from None
    if min(image.size) < MIN_SIDE:
        raise ImageError(f"{path}: {image.size[0]}x{image.size[1]} pixels is too small to show a hand "
                         f"(at least {MIN_SIDE}x{MIN_SIDE} needed)")
    return image


def to_rgb(img: Image.Image) -> Image.Image:
    """Any Pillow mode -> 8-bit RGB: 16-bit greyscale is scaled down, transparency laid over white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        values = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or values.max() > 255 else 255.0
        return Image.fromarray(np.clip(values / top * 255 + 0.5, 0, 255).astype(np.uint8), "L").convert("RGB")
    if img.mode == "F":
        values = np.asarray(img, dtype=np.float64)
        top = 1.0 if values.max() <= 1 else 255.0
        return Image.fromarray(np.clip(values / top * 255 + 0.5, 0, 255).astype(np.uint8), "L").convert("RGB")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, img).convert("RGB")
    return img.convert("RGB")


def prepare_image(path: str | Path) -> torch.Tensor:
    """A photo as the network sees it: a 1 x 1 x 28 x 28 float tensor in [0, 1] (a batch of one)."""
    return _to_model_input(open_image(path, draft_size=4 * INPUT_SIZE)).unsqueeze(0)


@dataclass
class Prediction:
    """The most likely letter, its probability, and the ``top`` letters with theirs."""

    letter: str
    probability: float
    top: list[tuple[str, float]]

    def __str__(self) -> str:
        others = ", ".join(f"{letter} {p:.1%}" for letter, p in self.top)
        return f"{self.letter} ({self.probability:.1%}; top {len(self.top)}: {others})"


_cache: dict[str, tuple[torch.nn.Module, dict]] = {}


def load_asl_model(path: str | Path | None = None, device: torch.device | str | None = None):
    """The model saved by notebook 04a, rebuilt and in ``eval()`` mode (cached per file)."""
    from .device import get_device

    path = Path(path) if path is not None else config.models_dir() / ASL_MODEL_FILE
    device = device or get_device(verbose=False)
    key = f"{path.resolve()}:{path.stat().st_mtime_ns if path.exists() else 0}:{device}"
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_model(path, device, missing_hint=MISSING_MODEL_HINT)
    return _cache[key]


@torch.no_grad()
def predict_letter(path: str | Path, model: torch.nn.Module | None = None, letters: str | None = None,
                   top: int = 3) -> Prediction:
    """Predict the ASL letter shown in the photo at ``path``. Raises ``ImageError`` for a bad file."""
    if model is None:
        model, info = load_asl_model()
        letters = letters or info.get("classes")
    letters = letters or ASL_LETTERS
    device = next(model.parameters()).device
    x = prepare_image(path).to(device)
    model.eval()
    probs = torch.softmax(model(x), dim=1)[0].cpu()
    values, indices = probs.topk(top)
    ranked = [(letters[int(i)], float(v)) for v, i in zip(values, indices)]
    return Prediction(ranked[0][0], ranked[0][1], ranked)
