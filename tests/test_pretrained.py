"""Pretrained backbones: the doggy door with the mirror's real weights, freezing, the head, saving."""
from __future__ import annotations

import json

import pytest
import torch
import torchvision
from torch import nn

from utils.models import save_checkpoint
from utils.pretrained import (BackboneError, TransferModel, doggy_door_decision, imagenet_top, load_backbone,
                              load_transfer_model, transfer_transforms)
from utils.images import open_image
from utils.downloads import download

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
    with pytest.raises(ValueError, match="choose one of"):
        load_backbone("resnet9000")


@pytest.fixture(scope="module")
def vgg_door():
    torch.manual_seed(0)
    return TransferModel(torchvision.models.vgg16(weights=None), n_outputs=1).freeze_base()


def test_vgg16_head_replacement_and_freezing(vgg_door):
    assert vgg_door.head.in_features == 1000 and vgg_door.head.out_features == 1
    trainable = [n for n, p in vgg_door.named_parameters() if p.requires_grad]
    assert trainable == ["head.weight", "head.bias"]
    vgg_door.train()
    assert vgg_door.training and vgg_door.head.training
    assert not any(m.training for m in vgg_door.base.modules()), "a frozen base stays in eval mode"
    out = vgg_door(torch.rand(2, 3, 32, 32))  # small images keep the test fast; VGG16 pools adaptively
    assert out.shape == (2, 1)


def test_training_step_changes_only_the_head(vgg_door):
    base_before = [p.detach().clone() for p in vgg_door.base.parameters()]
    head_before = [p.detach().clone() for p in vgg_door.head.parameters()]
    optimizer = torch.optim.Adam(vgg_door.parameters(), lr=1e-2)
    vgg_door.train()
    loss = nn.BCEWithLogitsLoss()(vgg_door(torch.rand(2, 3, 32, 32))[:, 0], torch.tensor([0.0, 1.0]))
    loss.backward()
    optimizer.step()
    assert all(torch.equal(a, b) for a, b in zip(base_before, vgg_door.base.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(head_before, vgg_door.head.parameters()))


def test_unfreeze_makes_everything_trainable():
    model = TransferModel(torchvision.models.squeezenet1_1(weights=None)).freeze_base().unfreeze_base()
    model.train()
    assert all(p.requires_grad for p in model.parameters()) and model.base.training


def test_fine_tuning_keeps_batchnorm_statistics_unless_asked():
    torch.manual_seed(0)
    model = TransferModel(torchvision.models.mobilenet_v2(weights=None)).freeze_base().unfreeze_base()
    bn = [m for m in model.base.modules() if isinstance(m, nn.BatchNorm2d)]
    stats_before = [m.running_mean.clone() for m in bn]
    weights_before = [m.weight.detach().clone() for m in bn]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    assert model.base.training and not any(m.training for m in bn)
    nn.BCEWithLogitsLoss()(model(torch.rand(4, 3, 64, 64))[:, 0], torch.tensor([0.0, 1.0, 0.0, 1.0])).backward()
    optimizer.step()
    assert all(torch.equal(a, m.running_mean) for a, m in zip(stats_before, bn)), "statistics stay ImageNet's"
    assert any(not torch.equal(a, m.weight) for a, m in zip(weights_before, bn)), "scale and shift still learn"
    model.unfreeze_base(train_batchnorm=True).train()
    assert all(m.training for m in bn)
    model(torch.rand(4, 3, 64, 64))
    assert any(not torch.equal(a, m.running_mean) for a, m in zip(stats_before, bn))


def test_transfer_model_save_and_load(tmp_path):
    torch.manual_seed(0)
    model = TransferModel(torchvision.models.squeezenet1_1(weights=None)).eval()
    x = torch.rand(2, 3, 64, 64)
    path = save_checkpoint(tmp_path / "door.pt", model, architecture="transfer",
                           architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1}, classes=["bo", "not_bo"])
    loaded, info = load_transfer_model(path)
    assert info["classes"] == ["bo", "not_bo"]
    with torch.no_grad():
        assert torch.allclose(loaded(x), model(x), atol=1e-6)


def test_augmentation_comes_before_normalisation():
    weights = torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1
    train, valid, augment_only = transfer_transforms(weights)
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
