"""Real phone photos of hands signing letters, each cropped to its hand (lessons 04b and 06).

The photos are Roboflow's "American Sign Language Letters" v1 (public domain; registry entry
``asl_letters_roboflow``): 416 x 416 JPEGs, each with a YOLO label file giving the hand's box
(``class cx cy w h``, all shares of the image's width and height; classes 0-25 are A-Z). Splits:
``train`` (3 augmented versions of each of 504 photos), ``valid`` and ``test`` (un-augmented, no photo
shared with ``train``). J and Z are moving signs, left out as in Sign Language MNIST: 24 letters.

``crop_hand`` is lesson 04b's: a square around the box with a margin. ``load_real_hands(split)`` reads a
whole split as uint8 tensors of hand crops with labels 0-23 (``ASL_LETTERS``'s order).

``grade_capstone(model, preprocess)`` is lesson 06's grader: it runs a model on the ``test`` split (64
photos of 22 letters: the test split has no E and no L), which the lesson never trains or chooses
anything on. It prints each letter's accuracy and the overall one, PASS or FAIL against ``PASS_MARK``,
and saves the same as a small JSON report (``models/capstone_report.json``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import torch
from PIL import Image
from torch import nn
from torchvision.transforms import v2

from .data import ASL_LETTERS, ImageFolderData
from .plumbing import settings
from .plumbing.atomic import atomic_write
from .plumbing.downloads import download
from .plumbing.images import open_image
from .training import predict_classes

DATA_SET = "asl_letters_roboflow"
SPLITS = ("train", "valid", "test")
#: Roboflow's class numbers are the alphabet's order, J and Z included.
ROBOFLOW_CLASSES = "abcdefghijklmnopqrstuvwxyz"
#: Room left around the hand's box, as a share of the box's longer side on each side.
MARGIN = 0.1


def crop_hand(image: Image.Image, box: tuple[float, float, float, float], margin: float = MARGIN) -> Image.Image:
    """The square around a hand: ``box`` is (centre x, centre y, width, height) as shares of the image's size.

    The square's side is the box's longer side plus ``margin`` of it on each side; where the square
    sticks out of the photo, the crop is filled with black.
    """
    cx, cy, w, h = box
    side = max(w * image.width, h * image.height) * (1 + 2 * margin)
    left, top = cx * image.width - side / 2, cy * image.height - side / 2
    return image.crop((round(left), round(top), round(left + side), round(top + side)))


def read_box(label_file: Path) -> tuple[int, tuple[float, float, float, float]]:
    """The class and box of the largest hand in a YOLO label file; ``ValueError`` naming the file if none."""
    boxes = []
    for line in label_file.read_text().splitlines():
        parts = line.split()
        if len(parts) == 5:
            cls, cx, cy, w, h = int(parts[0]), *map(float, parts[1:])
            boxes.append((w * h, cls, (cx, cy, w, h)))
    if not boxes:
        raise ValueError(f"{label_file}: no box (expected lines of `class cx cy w h`)")
    _, cls, box = max(boxes)
    return cls, box


def split_folder(split: str) -> Path:
    """The folder of one split (``train``, ``valid`` or ``test``), fetched and checked on first use."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    return download(DATA_SET) / DATA_SET / split


def load_real_hands(split: str, size: int = 256, device: torch.device | str = "cpu") -> ImageFolderData:
    """Every photo of ``split`` showing one of the 24 letters, cropped to its hand and resized to ``size``.

    Returns uint8 images (N x 3 x size x size), labels 0-23 in ``ASL_LETTERS``'s order, the letters and the
    photos' paths. Photos of J and Z are left out.
    """
    folder = split_folder(split)
    resize = v2.Compose([v2.ToImage(), v2.Resize((size, size), antialias=True)])
    images, labels, paths = [], [], []
    for photo in sorted((folder / "images").glob("*.jpg")):
        cls, box = read_box(folder / "labels" / f"{photo.stem}.txt")
        letter = ROBOFLOW_CLASSES[cls]
        if letter not in ASL_LETTERS:
            continue
        images.append(resize(crop_hand(open_image(photo), box)))
        labels.append(ASL_LETTERS.index(letter))
        paths.append(photo)
    return ImageFolderData(
        torch.stack(images).to(device), torch.tensor(labels, device=device), list(ASL_LETTERS), paths
    )


# ---------------------------------------------------------------------------------------------------------
# The capstone's grader (lesson 06)

#: The share of test photos a model must read right to pass: more than a frozen mobilenet_v2 with a linear
#: head on its features reaches (about 66%), well below what the lesson's solution reaches (81% measured).
PASS_MARK = 0.70
REPORT_FILE = "capstone_report.json"


@torch.no_grad()
def grade_capstone(
    model: nn.Module,
    preprocess: Callable[[torch.Tensor], torch.Tensor],
    size: int = 256,
    report_path: str | Path | None = None,
    pass_mark: float = PASS_MARK,
    batch_size: int = 32,
) -> dict:
    """Grade ``model`` on the real-hands test split; print the per-letter table and PASS/FAIL; save a report.

    The test photos are cropped to their hands and resized to ``size`` x ``size``, as the model's training
    and validation crops were (``load_real_hands(split, size)``); ``preprocess`` turns such a batch of uint8
    crops into the model's input, e.g. the validation transform of lesson 05's ``transfer_transforms``. The
    model must give 24 scores per photo, in ``ASL_LETTERS``'s order. Returns the report (also written to
    ``report_path``, by default ``models/capstone_report.json``).
    """
    device = next(model.parameters()).device
    test = load_real_hands("test", size=size)
    model.eval()
    shape = tuple(model(preprocess(test.x[:1].to(device))).shape[1:])
    if shape != (len(ASL_LETTERS),):
        raise ValueError(
            f"the model gives {shape} scores per photo; the grader needs "
            f"{len(ASL_LETTERS)}, one per letter in the order {ASL_LETTERS}"
        )
    predicted = predict_classes(model, preprocess(test.x.to(device)), batch_size=batch_size).cpu()
    truth = test.y.cpu()
    per_letter = {}
    for index, letter in enumerate(ASL_LETTERS):
        mask = truth == index
        if mask.any():
            per_letter[letter] = {"photos": int(mask.sum()), "right": int((predicted[mask] == index).sum())}
    right = int((predicted == truth).sum())
    accuracy = right / len(truth)
    mistakes = [
        {"photo": Path(p).name, "letter": ASL_LETTERS[t], "read_as": ASL_LETTERS[g]}
        for p, t, g in zip(test.paths, truth.tolist(), predicted.tolist())
        if t != g
    ]
    report = {
        "accuracy": accuracy,
        "right": right,
        "photos": len(truth),
        "pass_mark": pass_mark,
        "passed": accuracy >= pass_mark,
        "per_letter": per_letter,
        "mistakes": mistakes,
        "model": type(model).__name__,
        "smoke_mode": settings.is_smoke(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    _print(report)
    path = Path(report_path) if report_path is not None else settings.models_dir() / REPORT_FILE
    with atomic_write(path) as f:
        f.write((json.dumps(report, indent=1) + "\n").encode())
    print(f"report saved to {path}")
    return report


def _print(report: dict) -> None:
    rows = [f"{letter}: {r['right']}/{r['photos']}" for letter, r in report["per_letter"].items()]
    for i in range(0, len(rows), 8):
        print("   ".join(f"{row:>8}" for row in rows[i : i + 8]))
    verdict = "PASS" if report["passed"] else "FAIL"
    print(
        f"test accuracy {report['accuracy']:.1%} ({report['right']}/{report['photos']} photos); "
        f"pass mark {report['pass_mark']:.0%}: {verdict}"
    )
