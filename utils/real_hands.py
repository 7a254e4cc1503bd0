"""Real phone photos of hands signing letters, each cropped to its hand (lessons 04b and 06).

The photos are Roboflow's "American Sign Language Letters" v1 (public domain; registry entry
``asl_letters_roboflow``): 416 x 416 JPEGs, each with a YOLO label file giving the hand's box
(``class cx cy w h``, all shares of the image's width and height; classes 0-25 are A-Z). Splits:
``train`` (3 augmented versions of each of 504 photos), ``valid`` and ``test`` (un-augmented, no photo
shared with ``train``). J and Z are moving signs, left out as in Sign Language MNIST: 24 letters.

``crop_hand`` is lesson 04b's: a square around the box with a margin. ``load_real_hands(split)`` reads a
whole split as uint8 tensors of hand crops with labels 0-23 (``ASL_LETTERS``'s order).
"""
from __future__ import annotations

from pathlib import Path

import torch
from PIL import Image
from torchvision.transforms import v2

from .datasets import ASL_LETTERS
from .downloads import download
from .images import ImageFolderData, open_image

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
    return ImageFolderData(torch.stack(images).to(device), torch.tensor(labels, device=device), list(ASL_LETTERS),
                           paths)
