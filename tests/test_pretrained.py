"""Networks pretrained on ImageNet (utils.pretrained, lessons 05 and 06): the doggy door with the mirror's real
weights, missing weights and unknown backbones, the door model's score, and the preprocessing of transfer
learning. ``TransferModel`` itself is test_networks.py's."""

from __future__ import annotations

import json

import pytest
import torch
import torchvision
from PIL import Image

from utils.plumbing.downloads import download
from utils.plumbing.images import open_image
from utils.pretrained import (
    BackboneError,
    batch_transforms,
    doggy_door_decision,
    imagenet_top,
    imagenet_weights,
    load_backbone,
    preprocess_from,
    preprocess_settings,
    read_score,
)

from helpers import needs_mirror, real_mirror


@needs_mirror
@pytest.mark.parametrize("backbone", ["mobilenet_v2", "squeezenet1_1"])
def test_doggy_door_on_the_course_photos(backbone):
    model, weights, source = load_backbone(backbone, verbose=False)
    assert "not torchvision's own" in source
    expected = json.loads((real_mirror() / "weights" / "expected_top5.json").read_text())
    expected = next(v["top5"] for k, v in expected.items() if k.startswith(backbone))
    folder = download("doggy_door_images") / "doggy_door_images"
    decisions = {}
    for name in ("happy_dog.jpg", "sleepy_cat.jpg", "brown_bear.jpg"):
        top = imagenet_top(model, weights, weights.transforms()(open_image(folder / name)), k=3)
        assert [i for i, _, _ in top] == [row[0] for row in expected[name][:3]]
        assert top[0][1] == expected[name][0][1]
        assert abs(top[0][2] - expected[name][0][2]) < 0.01
        decisions[name] = doggy_door_decision(top[0][0])
    assert decisions["happy_dog.jpg"].startswith("dog: the door opens")
    assert decisions["sleepy_cat.jpg"].startswith("cat: the door stays shut, stay inside")
    assert decisions["brown_bear.jpg"].startswith("neither dog nor cat")


def test_door_rule_edges():
    assert doggy_door_decision(151).startswith("dog") and doggy_door_decision(268).startswith("dog")
    assert doggy_door_decision(281).startswith("cat") and doggy_door_decision(285).startswith("cat")
    for other in (150, 269, 280, 286, 0, 999):
        assert doggy_door_decision(other).startswith("neither")


def test_vgg16_weights_missing_says_how_to_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    with pytest.raises(BackboneError) as err:
        load_backbone("vgg16", verbose=False)
    message = str(err.value)
    assert "vgg16-397923af.pth" in message and "mobilenet_v2" in message and "FDL_MIRROR" in message


def test_unknown_backbone():
    with pytest.raises(BackboneError, match="choose one of"):
        load_backbone("resnet9000")
    with pytest.raises(BackboneError, match="choose one of vgg16, mobilenet_v2, squeezenet1_1"):
        imagenet_weights("resnet9000")


def test_augmentation_comes_before_normalisation():
    weights = torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1
    train, valid, augment_only = batch_transforms(weights)
    x = torch.randint(0, 256, (3, 3, 256, 256), dtype=torch.uint8)
    torch.manual_seed(0)
    augmented = augment_only(x)
    assert augmented.shape == (3, 3, 224, 224) and 0 <= augmented.min() and augmented.max() <= 1
    assert not torch.equal(augmented[0], augmented[1]), "every image gets its own draw"
    torch.manual_seed(0)
    normalised = train(x)
    mean = torch.tensor(weights.transforms().mean).view(1, 3, 1, 1)
    std = torch.tensor(weights.transforms().std).view(1, 3, 1, 1)
    assert torch.allclose(normalised, (augmented - mean) / std, atol=1e-5)
    assert (normalised < 0).any(), "normalised values are not clipped at zero"
    assert valid(x).shape == (3, 3, 224, 224)


def test_read_score_picks_a_class_of_a_one_logit_model():
    classes = ["bo", "not_bo"]
    sure = float(torch.sigmoid(torch.tensor(2.0)))  # sigmoid(2) = 1 - sigmoid(-2)
    assert read_score(torch.tensor(2.0), classes) == ("not_bo", pytest.approx(sure))
    assert read_score(torch.tensor(-2.0), classes) == ("bo", pytest.approx(sure))
    assert read_score(torch.tensor(0.0), classes) == ("bo", 0.5)


def test_preprocessing_saved_with_a_model_rebuilds_the_same_transform():
    weights = torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1
    saved = preprocess_settings(weights, resize=80, crop=64)
    assert saved == {
        "resize": 80,
        "crop": 64,
        "mean": list(weights.transforms().mean),
        "std": list(weights.transforms().std),
    }
    assert json.loads(json.dumps(saved)) == saved  # plain values, for a model file
    assert preprocess_settings(weights)["crop"] == 224 and preprocess_settings(weights)["resize"] == 256
    photo = Image.new("RGB", (120, 90), (255, 128, 0))
    x = preprocess_from(saved)(photo)
    assert x.shape == (3, 64, 64) and x.dtype == torch.float32
    expected = (torch.tensor([1.0, 128 / 255, 0.0]) - torch.tensor(saved["mean"])) / torch.tensor(saved["std"])
    assert torch.allclose(x[:, 32, 32], expected, atol=1e-5)
