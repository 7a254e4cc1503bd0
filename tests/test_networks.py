"""The course's networks (utils.networks): the lessons' networks and their parameter counts, lesson 05's
``TransferModel`` (freezing, the head, fine-tuning), the ImageNet backbones without their classifier, and
saved transfer models, which the networks alone can load."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import torch
import torchvision
from torch import nn

from utils.networks import (
    BACKBONES,
    MyConvBlock,
    TransferModel,
    asl_cnn,
    asl_cnn_blocks,
    backbone_named,
    count_parameters,
    dense_net,
    remove_classifier,
    transfer_net,
)
from utils.plumbing.checkpoints import load_model, save_checkpoint
from utils.tools.notebooks import expected_outputs, read_notebook

from helpers import REPO


@pytest.mark.parametrize("in_ch,out_ch,p,size", [(1, 25, 0.0, 28), (25, 50, 0.2, 14), (50, 75, 0.0, 7)])
def test_my_conv_block_shapes(in_ch, out_ch, p, size):
    block = MyConvBlock(in_ch, out_ch, p)
    out = block(torch.rand(4, in_ch, size, size))
    assert out.shape == (4, out_ch, size // 2, size // 2)
    kinds = [type(m) for m in block.model]
    assert kinds == [nn.Conv2d, nn.BatchNorm2d, nn.ReLU, nn.Dropout, nn.MaxPool2d]
    assert block.model[0].kernel_size == (3, 3) and block.model[0].padding == (1, 1)
    assert block.model[3].p == p


def test_parameter_counts_match_what_the_lessons_print():
    """The counts lessons 01-04a print (recorded in tests/expected_outputs.json) are the package's networks'."""
    printed = {
        name: re.findall(r"([\d,]+) parameters", json.dumps(cells)) for name, cells in expected_outputs().items()
    }
    assert printed["01_mnist.ipynb"][0].replace(",", "") == str(count_parameters(dense_net(10)))
    assert printed["02_asl.ipynb"][0].replace(",", "") == str(count_parameters(dense_net(24)))
    assert printed["03_asl_cnn.ipynb"][-1].replace(",", "") == str(count_parameters(asl_cnn()))
    assert printed["04a_asl_augmentation.ipynb"][-1].replace(",", "") == str(count_parameters(asl_cnn_blocks()))
    assert count_parameters(asl_cnn()) == count_parameters(asl_cnn_blocks())


def test_lesson_03s_rounded_counts_are_the_networks():
    """The sizes lesson 03's text states, rounded to thousands, are those of the networks it compares."""
    text = "".join(
        c.source for c in read_notebook(REPO / "notebooks" / "03_asl_cnn.ipynb").cells if c.cell_type == "markdown"
    )
    stated = re.search(
        r"about ([\d,]+) parameters, fewer than the dense network's ([\d,]+).*?need only about ([\d,]+)\.", text, re.S
    )
    assert stated, "lesson 03 no longer states the CNN's size in the words this test reads"
    cnn = asl_cnn()
    convolutions = sum(
        p.numel() for m in cnn.modules() if isinstance(m, (nn.Conv2d, nn.BatchNorm2d)) for p in m.parameters()
    )
    rounded = [round(n, -3) for n in (count_parameters(cnn), count_parameters(dense_net(24)), convolutions)]
    assert [int(n.replace(",", "")) for n in stated.groups()] == rounded


def test_block_cnn_is_the_same_network():
    torch.manual_seed(0)
    explicit = asl_cnn().eval()
    blocks = asl_cnn_blocks().eval()
    explicit_params = [p for p in explicit.parameters()]
    for dst, src in zip(blocks.parameters(), explicit_params):
        dst.data.copy_(src.data)
    x = torch.rand(3, 1, 28, 28)
    assert torch.allclose(explicit(x), blocks(x), atol=1e-6)
    assert blocks(x).shape == (3, 24)


# --------------------------------------------------------------------------------------------------------
# Lesson 05's TransferModel


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


# --------------------------------------------------------------------------------------------------------
# Backbones and saved transfer models


@pytest.mark.parametrize("name,features", [("mobilenet_v2", 1280), ("squeezenet1_1", 512), ("vgg16", 4096)])
def test_a_backbone_without_its_classifier_gives_its_features(name, features):
    assert backbone_named(name) is BACKBONES[name]
    base = BACKBONES[name].build(weights=None).eval()
    assert remove_classifier(base, name) == features
    with torch.no_grad():
        assert base(torch.rand(1, 3, 64, 64)).shape == (1, features)
    letters = transfer_net(name, n_outputs=24, features=True)
    assert letters.head.in_features == features and letters.head.out_features == 24
    door = transfer_net(name)
    assert isinstance(door, TransferModel) and door.head.in_features == 1000 and door.head.out_features == 1


def test_an_unknown_backbone_name_lists_the_choices():
    with pytest.raises(ValueError, match="choose one of vgg16, mobilenet_v2, squeezenet1_1"):
        backbone_named("resnet9000")


def test_transfer_model_save_and_load(tmp_path):
    torch.manual_seed(0)
    model = TransferModel(torchvision.models.squeezenet1_1(weights=None)).eval()
    x = torch.rand(2, 3, 64, 64)
    path = save_checkpoint(
        tmp_path / "door.pt",
        model,
        architecture="transfer",
        architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1},
        classes=["bo", "not_bo"],
    )
    loaded, info = load_model(path, "cpu", architectures=("transfer",))
    assert info["classes"] == ["bo", "not_bo"]
    with torch.no_grad():
        assert torch.allclose(loaded(x), model(x), atol=1e-6)


def test_a_saved_door_model_loads_with_the_networks_alone_in_a_fresh_process(tmp_path):
    """The layering: the model-file format (plumbing) imports no lesson module, and ``utils.networks``
    registers what a door model names, so loading one never imports lesson 05's ``utils.pretrained``."""
    model = transfer_net("squeezenet1_1")
    assert isinstance(model, TransferModel)
    save_checkpoint(
        tmp_path / "door.pt",
        model,
        architecture="transfer",
        architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1},
        classes=["bo", "not_bo"],
    )
    code = (
        "import sys; from utils.plumbing.checkpoints import load_model; "
        "lessons = lambda: sorted(m for m in sys.modules "
        "                         if m.startswith('utils.') and not m.startswith('utils.plumbing')); "
        "assert lessons() == [], lessons(); "
        "import utils.networks; "
        f"m, i = load_model({str(tmp_path / 'door.pt')!r}); "
        "assert 'utils.pretrained' not in sys.modules, lessons(); "
        "print(type(m).__name__, i['classes'], lessons())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0 and "TransferModel ['bo', 'not_bo'] ['utils.networks']" in out.stdout, out.stderr
