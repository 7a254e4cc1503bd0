"""Real photos of hands (utils.real_hands, lessons 04b and 06): the hand crops, the label files, the capstone's
grader. Their files in the registry are plumbing/test_registry.py's; reading them with lesson 06's model,
app/test_read_signs.py's."""

from __future__ import annotations

import json

import pytest
import torch
from PIL import Image
from torch import nn

from utils.data import ASL_LETTERS
from utils.real_hands import PASS_MARK, REPORT_FILE, crop_hand, grade_capstone, load_real_hands, read_box

from helpers import needs_mirror


def test_crop_hand_is_a_square_around_the_box_with_black_outside():
    photo = Image.new("RGB", (200, 100), (255, 255, 255))
    crop = crop_hand(photo, (0.5, 0.5, 0.2, 0.5), margin=0.1)  # box 40 x 50 pixels: the square's side is 60
    assert crop.size == (60, 60) and crop.getpixel((30, 30)) == (255, 255, 255)
    corner = crop_hand(photo, (0.0, 0.0, 0.2, 0.2), margin=0.0)  # centred on the corner: 3/4 of it is outside
    assert corner.size == (40, 40) and corner.getpixel((5, 5)) == (0, 0, 0)
    assert corner.getpixel((30, 30)) == (255, 255, 255)


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
    report = grade_capstone(
        Lookup(test.x, wrong_b), lambda x: x.float(), report_path=tmp_path / "r.json", pass_mark=0.99
    )
    n_b = truth.count(ASL_LETTERS.index("b"))
    assert report["per_letter"]["b"] == {"photos": n_b, "right": 0} and report["right"] == 64 - n_b
    assert not report["passed"] and {m["read_as"] for m in report["mistakes"]} == {"a"}
    assert json.loads((tmp_path / "r.json").read_text()) == report
    out = capsys.readouterr().out
    assert f"b: 0/{n_b}" in out and "FAIL" in out and "PASS" in out and 0.5 < PASS_MARK < 0.95
    with pytest.raises(ValueError, match="needs 24"):
        grade_capstone(
            nn.Sequential(nn.Flatten(), nn.LazyLinear(26)),
            lambda x: x.float()[:, :, :8, :8],
            report_path=tmp_path / "r.json",
        )
    assert REPORT_FILE == "capstone_report.json"
