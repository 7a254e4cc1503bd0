"""Plain helpers the tests import: hashing bytes, finding the course mirror, and generated inputs (photos,
bad files, a small Sign Language MNIST CSV, a learnable toy problem, saved models)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from utils.data import ASL_LETTERS, TensorData, write_asl_csv
from utils.networks import dense_net, transfer_net
from utils.plumbing.checkpoints import save_checkpoint
from utils.plumbing.downloads import download
from utils.plumbing.images import open_image
from utils.sign_reader import ASL_MODEL_FILE, prepare

REPO = Path(__file__).resolve().parent.parent


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def real_mirror() -> Path | None:
    """The course mirror named by FDL_MIRROR, if it is a local folder (CI sets it to ../shared)."""
    value = os.environ.get("FDL_MIRROR", "")
    return Path(value) if value and Path(value).is_dir() else None


needs_mirror = pytest.mark.skipif(real_mirror() is None, reason="needs FDL_MIRROR pointing at the course mirror")


# --------------------------------------------------------------------------------------------------------
# Generated photos and files that are not usable photos


def gradient(w: int = 40, h: int = 30) -> np.ndarray:
    return (np.add.outer(np.arange(h), np.arange(w)) * 255 / (w + h)).astype(np.uint8)


#: Good photos of every mode the course reads, 40 x 30 pixels, by file name.
GOOD_PHOTOS = {
    "grey.png": lambda: Image.fromarray(gradient(), "L"),
    "rgb.jpg": lambda: Image.fromarray(np.stack([gradient()] * 3, -1), "RGB"),
    "rgba.png": lambda: Image.fromarray(
        np.dstack([np.stack([gradient()] * 3, -1), np.full((30, 40), 200, np.uint8)]), "RGBA"
    ),
    "palette.png": lambda: Image.fromarray(np.stack([gradient()] * 3, -1), "RGB").convert("P"),
    "grey16.png": lambda: Image.fromarray(gradient().astype(np.uint16) * 257),
    "grey.jpg": lambda: Image.fromarray(gradient(), "L"),
}


def write(folder: Path, name: str, image: Image.Image, **kwargs) -> Path:
    path = Path(folder) / name
    image.save(path, **kwargs)
    return path


def write_bad_files(folder: Path) -> dict[str, Path]:
    """Files that cannot be used as a photo, by kind: each must end in one clear line."""
    folder = Path(folder)
    files = {"missing": folder / "missing.png", "text": folder / "notes.txt", "empty": folder / "empty.jpg"}
    files["text"].write_text("this is not an image\n")
    files["empty"].write_bytes(b"")
    noise = np.random.default_rng(0).integers(0, 255, (300, 400, 3), np.uint8)
    full = write(folder, "full.jpg", Image.fromarray(noise), quality=90)
    files["truncated"] = folder / "truncated.jpg"
    files["truncated"].write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    files["tiny"] = write(folder, "tiny.png", Image.new("L", (1, 1), 128))
    files["huge"] = write(folder, "huge.png", Image.new("1", (12_000, 12_000)))  # 144 megapixels, small on disk
    files["image named .txt"] = write(folder, "photo.txt", Image.new("L", (4, 4)), format="PNG")  # too small
    return files


def prepared(path) -> torch.Tensor:
    """A photo as lesson 04b's network sees it: a batch of one 1 x 28 x 28 grey image in [0, 1]."""
    return prepare(open_image(path)).unsqueeze(0)


# --------------------------------------------------------------------------------------------------------
# Data


def write_toy_asl_csv(folder: Path) -> tuple[Path, list[int], np.ndarray]:
    """A six-row Sign Language MNIST CSV (Kaggle labels on both sides of the missing J): (path, labels, pixels)."""
    rng = np.random.default_rng(1)
    labels = [0, 5, 8, 10, 17, 24]
    pixels = rng.integers(0, 256, size=(len(labels), 784))
    return write_asl_csv(Path(folder) / "toy.csv", labels, pixels), labels, pixels


def blobs(n: int = 400, seed: int = 0):
    """A small learnable problem: 3 classes of 28x28 images, each class brighter in its own third."""
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 3, (n,), generator=g)
    x = torch.rand(n, 1, 28, 28, generator=g) * 0.5
    for c in range(3):
        x[y == c, :, :, c * 9 : (c + 1) * 9] += 0.5
    return TensorData(x, y)


# --------------------------------------------------------------------------------------------------------
# Saved models


def save_letter_reader(folder: Path, model: torch.nn.Module) -> Path:
    """A 28 x 28 letter reader saved as lesson 04a saves its model (``asl_cnn_augmented.pt`` in ``folder``)."""
    return save_checkpoint(
        Path(folder) / ASL_MODEL_FILE,
        model,
        architecture="dense_net",
        architecture_args={"n_classes": 24},
        classes=ASL_LETTERS,
        input_size=[1, 28, 28],
    )


def save_real_hands_model(path: Path, **changes) -> Path:
    """A lesson 06 model (a squeezenet1_1 transfer net on its features, 24 letters) saved at ``path``;
    ``changes`` replace what the file records."""
    model = transfer_net("squeezenet1_1", n_outputs=24, features=True)
    info = dict(
        architecture="transfer",
        architecture_args={"backbone": "squeezenet1_1", "n_outputs": 24, "features": True},
        classes=ASL_LETTERS,
        transforms={"resize": 73, "crop": 64, "mean": [0.5] * 3, "std": [0.25] * 3},
    )
    info.update(changes)
    return save_checkpoint(path, model, **info)


def course_photos() -> dict[str, Path]:
    """The original course's photos of the letters a and b (from the mirror)."""
    folder = download("asl_images") / "asl_images"
    return {"a": folder / "a.png", "b": folder / "b.png"}


def train_letter_reader(photos: dict[str, Path], steps: int = 60) -> torch.nn.Module:
    """Lesson 02's dense network, trained in a second on the course photos (prepared by lesson 04b's
    ``prepare``, with a little noise), so it reads them as their letters."""
    torch.manual_seed(0)
    x = torch.cat([prepared(p) for p in photos.values()])
    y = torch.tensor([ASL_LETTERS.index(letter) for letter in photos])
    model = dense_net(24)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(steps):
        noisy = (x + 0.05 * torch.randn_like(x)).clamp(0, 1)
        loss = torch.nn.functional.cross_entropy(model(noisy), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model.eval()
