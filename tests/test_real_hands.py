"""Real photos of hands (lessons 04b and 06): the registry's manifest, the hand crops, the grader, the command line."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from helpers import needs_mirror
from utils import read_signs, registry
from utils.capstone import PASS_MARK, grade_capstone
from utils.datasets import ASL_LETTERS
from utils.models import ModelFileError, save_checkpoint, transfer
from utils.real_hands import crop_hand, load_real_hands, read_box
from utils.sign_reader import load_asl_model


def test_the_manifest_gives_every_file_to_exactly_one_data_set(tmp_path):
    hashes = registry.read_manifest()
    assert sum(len(files) for files in registry.REGISTRY.values()) == len(hashes)
    files = registry.REGISTRY["asl_letters_roboflow"]
    assert len(files) == 3457  # 1,728 photos, 1,728 labels, the README
    photo = next(f for f in files if f.path.endswith(".jpg"))
    assert photo.upstream.location.startswith(registry.ROBOFLOW_URL) and photo.mirror.location == f"data/{photo.path}"
    bad = tmp_path / "registry.txt"
    bad.write_text("# a comment\nasl_images/a.png " + "0" * 64 + "\nasl_images/b.png not-a-hash\n")
    with pytest.raises(ValueError, match=r"registry.txt:3: expected"):
        registry.read_manifest(bad)
    with pytest.raises(ValueError, match="belongs to 0 data sets"):
        registry.build_registry({"elsewhere/x.png": "0" * 64})


def test_crop_hand_is_a_square_around_the_box_with_black_outside():
    photo = Image.new("RGB", (200, 100), (255, 255, 255))
    crop = crop_hand(photo, (0.5, 0.5, 0.2, 0.5), margin=0.1)  # box 40 x 50 pixels: the square's side is 60
    assert crop.size == (60, 60) and crop.getpixel((30, 30)) == (255, 255, 255)
    corner = crop_hand(photo, (0.0, 0.0, 0.2, 0.2), margin=0.0)  # centred on the corner: 3/4 of it is outside
    assert corner.size == (40, 40) and corner.getpixel((5, 5)) == (0, 0, 0) and corner.getpixel((30, 30)) == (255, 255, 255)


def test_read_box_takes_the_largest_hand_and_names_an_empty_file(tmp_path):
    label = tmp_path / "x.txt"
    label.write_text("3 0.5 0.5 0.1 0.1\n7 0.4 0.6 0.3 0.4\n")
    assert read_box(label) == (7, (0.4, 0.6, 0.3, 0.4))
    label.write_text("")
    with pytest.raises(ValueError, match="x.txt: no box"):
        read_box(label)


class Lookup(nn.Module):
    """A stand-in model that knows the test photos: it reads each one as ``answers`` says."""

    def __init__(self, images: torch.Tensor, answers: list[int]):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(()))
        self.keys = {float(k): a for k, a in zip(images.double().sum(dim=(1, 2, 3)), answers)}

    def forward(self, x):
        out = torch.zeros(len(x), len(ASL_LETTERS))
        for i, key in enumerate(x.double().sum(dim=(1, 2, 3))):
            out[i, self.keys[float(key)]] = self.scale
        return out


@needs_mirror
def test_the_grader_reports_per_letter_and_pass_or_fail(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FDL_DATA", str(tmp_path / "data"))
    test = load_real_hands("test")
    assert len(test) == 64 and "e" not in {ASL_LETTERS[i] for i in test.y}  # the test split has no E (and no L)
    truth = test.y.tolist()
    perfect = grade_capstone(Lookup(test.x, truth), lambda x: x.float(), report_path=tmp_path / "r.json")
    assert perfect["passed"] and perfect["accuracy"] == 1.0 and perfect["right"] == 64 and not perfect["mistakes"]
    wrong_b = [0 if ASL_LETTERS[t] == "b" else t for t in truth]  # every B read as A
    report = grade_capstone(Lookup(test.x, wrong_b), lambda x: x.float(), report_path=tmp_path / "r.json",
                            pass_mark=0.99)
    n_b = truth.count(ASL_LETTERS.index("b"))
    assert report["per_letter"]["b"] == {"photos": n_b, "right": 0} and report["right"] == 64 - n_b
    assert not report["passed"] and {m["read_as"] for m in report["mistakes"]} == {"a"}
    assert json.loads((tmp_path / "r.json").read_text()) == report
    out = capsys.readouterr().out
    assert f"b: 0/{n_b}" in out and "FAIL" in out and "PASS" in out and 0.5 < PASS_MARK < 0.95
    with pytest.raises(ValueError, match="needs 24"):
        grade_capstone(nn.Sequential(nn.Flatten(), nn.LazyLinear(26)), lambda x: x.float()[:, :, :8, :8],
                       report_path=tmp_path / "r.json")


def _letter_model_file(tmp_path, **changes):
    model = transfer("squeezenet1_1", n_outputs=24, features=True)
    info = dict(architecture="transfer", architecture_args={"backbone": "squeezenet1_1", "n_outputs": 24,
                                                           "features": True},
                classes=ASL_LETTERS, transforms={"resize": 73, "crop": 64, "mean": [0.5] * 3, "std": [0.25] * 3})
    info.update(changes)
    return save_checkpoint(tmp_path / "real.pt", model, **info)


def test_the_command_line_reads_photos_with_a_real_hands_model(tmp_path, capsys):
    path = _letter_model_file(tmp_path)
    photo = tmp_path / "hand.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (90, 70, 3), dtype=np.uint8)).save(photo)
    assert read_signs.main(["--model", str(path), str(photo)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{photo}: ") and line.split(": ", 1)[1][0] in ASL_LETTERS
    door = _letter_model_file(tmp_path, classes=["bo", "not_bo"])
    with pytest.raises(ModelFileError):
        load_asl_model(door)


def test_a_transfer_model_file_cannot_smuggle_a_strange_features_value(tmp_path):
    path = _letter_model_file(tmp_path, architecture_args={"backbone": "squeezenet1_1", "n_outputs": 24,
                                                           "features": "yes"})
    with pytest.raises(ModelFileError, match="features='yes'"):
        load_asl_model(path)
