"""Opening photos (utils.plumbing.images): upright whatever the EXIF orientation, and one clear line for a file
that is not a usable photo."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image, ImageFile

from utils.plumbing.images import MAX_DECODED_PIXELS, ImageError, open_image

# The transpose that stores an upright picture so that a viewer applying orientation ``k`` shows it upright.
STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", sorted(STORED_AS))
def test_every_exif_orientation_opens_upright(tmp_path, orientation):
    rng = np.random.default_rng(0)
    upright = Image.fromarray(rng.integers(0, 256, size=(30, 50, 3), dtype=np.uint8), "RGB")  # 50 wide, 30 high
    stored = upright if STORED_AS[orientation] is None else upright.transpose(STORED_AS[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.png"
    stored.save(path, exif=exif)
    opened = open_image(path)
    assert opened.size == upright.size
    assert np.array_equal(np.asarray(opened), np.asarray(upright))


EXPECTED = {
    "missing": "no such file",
    "text": "is not an image",
    "empty": "empty",
    "truncated": "damaged or truncated",
    "tiny": "too small",
    "huge": "too large",
}


@pytest.mark.parametrize("draft_size", [None, 112], ids=["full", "draft"])  # 112: how predict_letter opens a photo
@pytest.mark.parametrize("kind", EXPECTED)
def test_bad_input_gives_one_clear_line(bad_files, kind, draft_size):
    with pytest.raises(ImageError) as err:
        open_image(bad_files[kind], draft_size=draft_size)
    message = str(err.value)
    assert str(bad_files[kind]) in message and EXPECTED[kind] in message
    assert "\n" not in message


# --------------------------------------------------------------------------------------------------------
# What the command line and the web app decode (max_pixels=MAX_DECODED_PIXELS), and how little it costs


def test_a_picture_past_the_limit_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("L", (4097, 4096), 128).save(path)
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("the picture was decoded"))
    with pytest.raises(ImageError) as err:
        open_image(path, draft_size=512, max_pixels=MAX_DECODED_PIXELS)
    assert str(err.value).startswith(f"{path}: 4097x4096 pixels is too large to be worth decoding (at most 16.8 ")
    assert "\n" not in str(err.value)


def test_a_large_jpeg_passes_as_it_is_decoded_at_a_reduced_scale(tmp_path):
    path = tmp_path / "phone.jpg"
    Image.new("RGB", (8000, 6000), (120, 100, 90)).save(path, quality=80)  # 48 megapixels, as a phone's
    image = open_image(path, draft_size=512, max_pixels=MAX_DECODED_PIXELS)
    assert image.mode == "RGB" and min(image.size) >= 512 and image.size[0] * image.size[1] <= MAX_DECODED_PIXELS


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "1", "I;16"])
def test_a_large_picture_is_shrunk_once_decoded(tmp_path, mode):
    """A picture far larger than what the caller needs is reduced by a whole factor right after decoding, in
    any mode, so that the conversions after it work on a small copy; the colours stay."""
    pixels = np.full((2048, 1600), 40000, np.uint16) if mode == "I;16" else None
    image = Image.fromarray(pixels) if mode == "I;16" else Image.new("RGB", (1600, 2048), (200, 100, 50))
    image = image.convert(mode) if mode not in ("I;16", "RGB") else image
    image.save(tmp_path / "large.png")
    small = open_image(tmp_path / "large.png", draft_size=300)
    full = open_image(tmp_path / "large.png")
    assert small.size == (320, 410) and full.size == (1600, 2048)  # 5 times smaller, rounded up
    assert np.abs(np.asarray(small, float).mean((0, 1)) - np.asarray(full, float).mean((0, 1))).max() < 1


def test_16_bit_grey_is_scaled_down_as_before(tmp_path):
    values = np.linspace(0, 65535, 64 * 48).astype(np.uint16).reshape(48, 64)
    Image.fromarray(values).save(tmp_path / "grey16.png")
    expected = np.clip(values / 65535 * 255 + 0.5, 0, 255).astype(np.uint8)
    assert np.array_equal(np.asarray(open_image(tmp_path / "grey16.png"))[:, :, 0], expected)


def test_an_unreadable_file_is_not_called_damaged(tmp_path, monkeypatch):
    path = tmp_path / "private.png"
    Image.new("RGB", (40, 40)).save(path)
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make the system refuse as it would refuse anyone else

        def refused(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(Image, "open", refused)
    with pytest.raises(ImageError) as err:
        open_image(path)
    assert str(err.value) == f"{path}: cannot be read (Permission denied)"


def test_a_tiny_picture_is_too_small_whatever_it_shows(bad_files):
    with pytest.raises(ImageError) as err:
        open_image(bad_files["tiny"])
    assert "too small to be read (at least 8x8 needed)" in str(err.value) and "hand" not in str(err.value)
