"""Opening photos (lesson 04b, then 05, 06, the command line and the web app): any common format, upright, as RGB.

``open_image(path)`` fully decodes a PNG, JPEG, ... of any mode (greyscale, RGB, RGBA, palette, 16-bit),
applies the EXIF orientation a phone camera stores with a photo taken sideways, and returns an 8-bit RGB
picture. Any problem with the file raises ``ImageError`` with one line naming the file and what is wrong.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import CourseError

MIN_SIDE = 8


class ImageError(CourseError, ValueError):
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
                    raise ImageError(
                        f"{path}: {width}x{height} pixels is too large "
                        f"(limit {Image.MAX_IMAGE_PIXELS:,} pixels); scale it down first"
                    )
                if draft_size:
                    img.draft("RGB", (draft_size, draft_size))
                img.load()
                image = to_rgb(ImageOps.exif_transpose(img))  # a phone photo taken sideways, turned upright
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(f"{path}: is not an image (PNG, JPEG, ... expected)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageError(f"{path}: too large to open safely ({err})") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise ImageError(f"{path}: the image is damaged or truncated ({err})") from None
    if min(image.size) < MIN_SIDE:
        raise ImageError(
            f"{path}: {image.size[0]}x{image.size[1]} pixels is too small to show a hand "
            f"(at least {MIN_SIDE}x{MIN_SIDE} needed)"
        )
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


#: The file endings of photos the course reads from a folder.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
