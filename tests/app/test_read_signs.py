"""The command line of lesson 04b (``python -m utils.app.read_signs``): a letter per photo, one line per file it
cannot read (and it goes on), one line and status 2 for a model file that is missing or lies about what it
holds, lesson 06's model of real hands."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
import torch
from PIL import Image

from utils.app import read_signs
from utils.app.readers import load_reader
from utils.data import ASL_LETTERS
from utils.networks import asl_cnn_blocks, dense_net
from utils.plumbing.checkpoints import ModelFileError, save_checkpoint

from helpers import REPO, save_real_hands_model

LETTERS = "".join(ASL_LETTERS)


def predict_cli(capsys, *args):
    """``python -m utils.app.read_signs ARGS`` in this process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    try:
        status = read_signs.main([str(a) for a in args])
    except Exception as err:  # what a user would see as a traceback
        status, _ = 1, print(f"Traceback: {type(err).__name__}: {err}", file=sys.stderr)
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "hand.png"
    Image.new("RGB", (40, 40), (120, 90, 60)).save(path)
    return path


def saved(tmp_path, name, model, **info):
    return save_checkpoint(tmp_path / name, model, **info)


BAD_MODELS = {
    "another architecture": lambda t: saved(
        t, "m.pt", dense_net(24), architecture="asl_cnn_blocks", classes="abcdefghiklmnopqrstuvwxy"
    ),
    "wrong n_classes": lambda t: saved(
        t,
        "m.pt",
        asl_cnn_blocks(24),
        architecture="asl_cnn_blocks",
        architecture_args={"n_classes": 10},
        classes="abcdefghij",
    ),
    "huge n_classes": lambda t: saved(
        t, "m.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 100_000_000}
    ),
    "unknown argument": lambda t: saved(
        t, "m.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24, "hidden": 512}
    ),
    "info not a dict": lambda t: (
        torch.save({"state_dict": dense_net(24).state_dict(), "info": [1, 2]}, t / "m.pt") or t / "m.pt"
    ),
    "too few classes": lambda t: saved(
        t, "m.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24}, classes="abc"
    ),
    "too many classes": lambda t: saved(
        t,
        "m.pt",
        dense_net(24),
        architecture="dense_net",
        architecture_args={"n_classes": 24},
        classes="abcdefghijklmnopqrstuvwxyz",
    ),
    "a transfer model": lambda t: saved(
        t,
        "m.pt",
        dense_net(24),
        architecture="transfer",
        architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1},
    ),
    "a symlink loop": lambda t: (
        os.symlink(t / "loop2.pt", t / "m.pt"),
        os.symlink(t / "m.pt", t / "loop2.pt"),
        t / "m.pt",
    )[-1],
}


@pytest.mark.parametrize("kind", sorted(BAD_MODELS))
def test_a_bad_model_file_gets_one_line_and_status_2(kind, tmp_path, photo, capsys):
    model_path = BAD_MODELS[kind](tmp_path)
    status, _, err = predict_cli(capsys, "--model", model_path, photo)
    assert status == 2, (kind, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "m.pt" in lines[0], (kind, err)


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, capsys):
    model = saved(
        tmp_path,
        "ok.pt",
        dense_net(24),
        architecture="dense_net",
        architecture_args={"n_classes": 24},
        classes="abcdefghiklmnopqrstuvwxy",
    )
    odd = tmp_path / "two\nlines.png"
    Image.new("RGB", (40, 40), (200, 180, 160)).save(odd, format="PNG")
    status, out, _ = predict_cli(capsys, "--model", model, odd)
    assert status == 0 and len(out.strip().splitlines()) == 1 and "two\\nlines.png: " in out, out


def test_the_command_line_reads_photos_with_a_real_hands_model(tmp_path, capsys):
    path = save_real_hands_model(tmp_path / "real.pt")
    photo = tmp_path / "hand.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (90, 70, 3), dtype=np.uint8)).save(photo)
    assert read_signs.main(["--model", str(path), str(photo)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{photo}: ") and line.split(": ", 1)[1][0] in ASL_LETTERS
    door = save_real_hands_model(tmp_path / "real.pt", classes=["bo", "not_bo"])
    with pytest.raises(ModelFileError):
        load_reader(door)


def test_command_line_goes_on_after_bad_files(good_photos, saved_sign_model, bad_files, capsys):
    _, model_path = saved_sign_model
    good = good_photos["rgb.jpg"]
    code = read_signs.main(["--model", str(model_path), str(bad_files["text"]), str(good), str(bad_files["truncated"])])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.count("\n") == 1 and out.startswith(f"{good}: ")
    assert err.count("\n") == 2 and "notes.txt: is not an image" in err and "truncated.jpg" in err


def test_command_line_all_good_exits_zero(good_photos, saved_sign_model, capsys):
    _, model_path = saved_sign_model
    assert read_signs.main(["--model", str(model_path), str(good_photos["grey.png"])]) == 0


def test_command_line_without_a_model(tmp_path, capsys):
    code = read_signs.main(["--model", str(tmp_path / "none.pt"), "x.png"])
    assert code == 2 and "04a" in capsys.readouterr().err


def test_python_m_utils_app_read_signs_is_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "utils.app.read_signs", "--help"], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m utils.app.read_signs ")


def test_the_command_line_refuses_a_picture_past_the_limit_before_decoding_it(tmp_path, capsys):
    """The web app's rule: more than 16.8 megapixels decoded is one line. The file holds a PNG's header saying
    9000 x 9000 (as a 236 KB PNG of a flat picture would) and nearly no pixels: decoding it would fail."""
    torch.manual_seed(0)
    model = saved(
        tmp_path, "ok.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24}, classes=LETTERS
    )
    huge = tmp_path / "huge.png"
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 9000, 9000, 8, 2, 0, 0, 0))
    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", zlib.compress(b"\0" * 9)) + _chunk(b"IEND", b""))
    status, out, err = predict_cli(capsys, "--model", model, huge)
    assert status == 1 and out == ""
    assert err.strip() == (
        f"error: {huge}: 9000x9000 pixels is too large to be worth decoding (at most 16.8 megapixels, "
        f"e.g. 4096x4096, or a larger JPEG); scale it down first"
    )
    phone = tmp_path / "phone.jpg"
    Image.new("RGB", (8000, 6000), (120, 100, 90)).save(phone, quality=80)  # a phone's 48 megapixels: read
    status, out, _ = predict_cli(capsys, "--model", model, phone)
    assert status == 0 and out.startswith(f"{phone}: ")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_file_that_is_no_model_gets_no_advice_to_train_it(tmp_path, photo, capsys):
    """``--model /etc/passwd``: training a model would not make that file one; say what a model file is."""
    notes = tmp_path / "passwd"
    notes.write_text("root:x:0:0:root:/root:/bin/bash\n")
    status, _, err = predict_cli(capsys, "--model", notes, photo)
    assert status == 2 and err.startswith(f"error: {notes} is not a model file saved by the course")
    assert "The course saves its models as .pt files, in models/." in err
    assert "train" not in err and "delete" not in err.lower()
