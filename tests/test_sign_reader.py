"""Preparing photos for the ASL model, predicting, and every kind of bad input (images generated here)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from utils import read_signs
from utils.images import ImageError
from utils.sign_reader import prepare_image, predict_letter
from utils.models import asl_cnn_blocks, save_checkpoint


def gradient(w=40, h=30):
    return (np.add.outer(np.arange(h), np.arange(w)) * 255 / (w + h)).astype(np.uint8)


def write(tmp_path, name, image, **kwargs):
    path = tmp_path / name
    image.save(path, **kwargs)
    return path


GOOD = {
    "grey.png": lambda: Image.fromarray(gradient(), "L"),
    "rgb.jpg": lambda: Image.fromarray(np.stack([gradient()] * 3, -1), "RGB"),
    "rgba.png": lambda: Image.fromarray(np.dstack([np.stack([gradient()] * 3, -1), np.full((30, 40), 200, np.uint8)]), "RGBA"),
    "palette.png": lambda: Image.fromarray(np.stack([gradient()] * 3, -1), "RGB").convert("P"),
    "grey16.png": lambda: Image.fromarray(gradient().astype(np.uint16) * 257),
    "grey.jpg": lambda: Image.fromarray(gradient(), "L"),
}


@pytest.mark.parametrize("name", GOOD)
def test_every_mode_gives_a_batch_of_one_in_0_1(tmp_path, name):
    path = write(tmp_path, name, GOOD[name]())
    x = prepare_image(path)
    assert x.shape == (1, 1, 28, 28) and x.dtype == torch.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert x.max() - x.min() > 0.3, "the picture's content survived"


def test_sixteen_bit_is_scaled_not_clipped(tmp_path):
    eight = prepare_image(write(tmp_path, "g8.png", GOOD["grey.png"]()))
    sixteen = prepare_image(write(tmp_path, "g16.png", GOOD["grey16.png"]()))
    assert torch.allclose(eight, sixteen, atol=2 / 255)


def test_transparency_becomes_white(tmp_path):
    clear = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    x = prepare_image(write(tmp_path, "clear.png", clear))
    assert torch.allclose(x, torch.ones_like(x), atol=1.5 / 255)  # white, to within one grey level


@pytest.fixture
def bad_files(tmp_path):
    files = {"missing": tmp_path / "missing.png"}
    files["text"] = tmp_path / "notes.txt"
    files["text"].write_text("this is not an image\n")
    files["empty"] = tmp_path / "empty.jpg"
    files["empty"].write_bytes(b"")
    full = write(tmp_path, "full.jpg", GOOD["rgb.jpg"]().resize((400, 300)), quality=90)
    files["truncated"] = tmp_path / "truncated.jpg"
    files["truncated"].write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    files["tiny"] = write(tmp_path, "tiny.png", Image.new("L", (1, 1), 128))
    files["huge"] = write(tmp_path, "huge.png", Image.new("1", (12_000, 12_000)))  # 144 megapixels, small on disk
    return files


EXPECTED = {
    "missing": "no such file", "text": "is not an image", "empty": "empty", "truncated": "damaged or truncated",
    "tiny": "too small", "huge": "too large",
}


@pytest.mark.parametrize("kind", EXPECTED)
def test_bad_input_gives_one_clear_line(bad_files, kind):
    with pytest.raises(ImageError) as err:
        prepare_image(bad_files[kind])
    message = str(err.value)
    assert str(bad_files[kind]) in message and EXPECTED[kind] in message
    assert "\n" not in message


@pytest.fixture
def saved_model(tmp_path):
    torch.manual_seed(0)
    model = asl_cnn_blocks().eval()
    return model, save_checkpoint(tmp_path / "asl.pt", model, architecture="asl_cnn_blocks",
                                  architecture_args={"n_classes": 24}, classes="abcdefghiklmnopqrstuvwxy")


def test_predict_letter_matches_the_model(tmp_path, saved_model):
    model, _ = saved_model
    path = write(tmp_path, "hand.png", GOOD["rgb.jpg"]())
    prediction = predict_letter(path, model)
    with torch.no_grad():
        probs = torch.softmax(model(prepare_image(path)), 1)[0]
    assert prediction.letter == "abcdefghiklmnopqrstuvwxy"[int(probs.argmax())]
    assert abs(prediction.probability - float(probs.max())) < 1e-6
    assert len(prediction.top) == 3 and prediction.top[0][1] >= prediction.top[1][1] >= prediction.top[2][1]


def test_command_line_goes_on_after_bad_files(tmp_path, saved_model, bad_files, capsys):
    _, model_path = saved_model
    good = write(tmp_path, "hand.png", GOOD["rgb.jpg"]())
    code = read_signs.main(["--model", str(model_path), str(bad_files["text"]), str(good), str(bad_files["truncated"])])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.count("\n") == 1 and out.startswith(f"{good}: ")
    assert err.count("\n") == 2 and "notes.txt: is not an image" in err and "truncated.jpg" in err


def test_command_line_all_good_exits_zero(tmp_path, saved_model, capsys):
    _, model_path = saved_model
    good = write(tmp_path, "hand.png", GOOD["grey.png"]())
    assert read_signs.main(["--model", str(model_path), str(good)]) == 0


def test_command_line_without_a_model(tmp_path, capsys):
    code = read_signs.main(["--model", str(tmp_path / "none.pt"), "x.png"])
    assert code == 2 and "04a" in capsys.readouterr().err
