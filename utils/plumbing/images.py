"""Opening photos (lesson 04b, then 05, 06, the command line and the web app): any common format, upright, as RGB.

``open_image(path)`` fully decodes a PNG, JPEG, ... of any mode (greyscale, RGB, RGBA, palette, 16-bit),
applies the EXIF orientation a phone camera stores with a photo taken sideways, and returns an 8-bit RGB
picture. Any problem with the file raises ``ImageError`` with one line naming the file and what is wrong.

The command line and the web app also bound what one photo may cost (``max_pixels=MAX_DECODED_PIXELS``):
a picture is refused, in one line and before it is decoded, when more than 16.8 megapixels (4096 x 4096)
would be decoded. A JPEG is decoded at a reduced scale when ``draft_size`` allows it, so a phone's
48-megapixel JPEG passes; a PNG that large does not. Once decoded, a picture far larger than ``draft_size``
is shrunk first (by whole factors, as the JPEG decoder does), so what follows works on a small copy.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from .errors import CourseError

MIN_SIDE = 8
#: The most pixels the command line and the web app decode from one photo: 4096 x 4096, 16.8 megapixels, more
#: than a 12-megapixel phone photo (4032 x 3024) and 75 times what the app shows of it (a 512-pixel preview).
#: Decoding that many costs at most 64 MB of memory (4 bytes a pixel) and well under a second.
MAX_DECODED_PIXELS = 4096 * 4096

#: The transpose that puts upright a picture stored with each EXIF orientation (as ``ImageOps.exif_transpose``).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageError(CourseError, ValueError):
    """A file that cannot be used as a photo; the message is one line naming the file and the problem."""


def open_image(
    path: str | Path,
    draft_size: int | None = None,
    max_pixels: int | None = None,
    decode_slot: Callable[[int], AbstractContextManager] | None = None,
) -> Image.Image:
    """Open and fully decode an image file as RGB, or raise ``ImageError`` saying what is wrong.

    ``draft_size``: a JPEG may be decoded at a reduced scale (much faster), and any picture shrunk by a
    whole factor once decoded, as long as both sides stay at least this large; only worth it when the
    image will be shrunk a lot anyway. ``max_pixels``: refuse, before decoding, a picture that would
    decode to more pixels (``MAX_DECODED_PIXELS`` for the command line and the web app). ``decode_slot``:
    called with the number of pixels about to be decoded, it gives a context the decoding runs in (the
    web app uses it to decode one large picture at a time).
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
                decoded = img.size[0] * img.size[1]
                if max_pixels and decoded > max_pixels:
                    raise ImageError(
                        f"{path}: {width}x{height} pixels is too large to be worth decoding (at most "
                        f"{max_pixels / 1e6:.1f} megapixels, e.g. {_side(max_pixels)}x{_side(max_pixels)}, "
                        f"or a larger JPEG); scale it down first"
                    )
                with decode_slot(decoded) if decode_slot else nullcontext():
                    img.load()
                    orientation = img.getexif().get(0x0112, 1)  # a PNG may store it after the pixels
                    image = _shrunk(_eight_bit(img), draft_size)
                    image = to_rgb(image.transpose(_UPRIGHT[orientation]) if orientation in _UPRIGHT else image)
                    if image is img:  # closing the file below would empty it
                        image = img.copy()
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(f"{path}: is not an image (PNG, JPEG, ... expected)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageError(f"{path}: too large to open safely ({err})") from None
    except OSError as err:
        if err.errno is not None:  # the system could not read the file: not the picture's fault
            raise ImageError(f"{path}: cannot be read ({err.strerror or err})") from None
        raise ImageError(f"{path}: the image is damaged or truncated ({err})") from None
    except (SyntaxError, ValueError) as err:
        raise ImageError(f"{path}: the image is damaged or truncated ({err})") from None
    if min(image.size) < MIN_SIDE:
        raise ImageError(
            f"{path}: {image.size[0]}x{image.size[1]} pixels is too small to be read "
            f"(at least {MIN_SIDE}x{MIN_SIDE} needed)"
        )
    return image


def _side(pixels: int) -> int:
    return int(pixels**0.5)


def _eight_bit(img: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float greyscale as 8-bit grey (as ``to_rgb`` scales them), one band of rows at a time
    so that no full-size array of floats is ever made; other modes as they are."""
    if img.mode not in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return img
    values = np.asarray(img)
    if img.mode.startswith("I;16"):
        top = 65535.0
    else:
        low, high = img.getextrema()
        top = (1.0 if high <= 1 else 255.0) if img.mode == "F" else (65535.0 if high > 255 else 255.0)
    out = np.empty(values.shape, np.uint8)
    for row in range(0, values.shape[0], 256):
        band = values[row : row + 256].astype(np.float64)
        out[row : row + 256] = np.clip(band / top * 255 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(out, "L")


def _shrunk(img: Image.Image, draft_size: int | None) -> Image.Image:
    """``img`` reduced by the largest whole factor that keeps both sides at least ``draft_size`` (a box filter,
    as a JPEG's reduced-scale decoding), or as it is."""
    factor = min(img.size) // draft_size if draft_size else 1
    if factor < 2:
        return img
    if img.mode in ("1", "P", "PA"):  # modes Pillow cannot reduce; palette transparency kept
        img = img.convert("RGBA" if img.mode != "1" else "L")
    return img.reduce(factor)


def to_rgb(img: Image.Image) -> Image.Image:
    """Any Pillow mode -> 8-bit RGB: 16-bit greyscale is scaled down, transparency laid over white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        img = _eight_bit(img)
    if img.mode == "RGB":
        return img
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, img).convert("RGB")
    return img.convert("RGB")


#: The file endings of photos the course reads from a folder.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
