"""Opening photos (utils.plumbing.images): upright whatever the EXIF orientation, and one clear line for a file
that is not a usable photo."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from utils.plumbing.images import ImageError, open_image

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
