"""The course's networks, from lesson 01's dense network to lesson 05's pretrained base with a new head.

- ``dense_net`` (lessons 01-02), ``asl_cnn`` (lesson 03), ``MyConvBlock`` and ``asl_cnn_blocks`` (lesson
  04a): the package's copies of what those lessons write (a test keeps each equal to its lesson's cell);
- ``TransferModel`` (lesson 05): a pretrained base with a new ``Linear`` head, which can freeze its base;
- ``BACKBONES``: the torchvision ImageNet networks lessons 05 and 06 build on, and how to remove each
  one's ImageNet classifier (``remove_classifier``, lesson 06), so that it gives a vector of features;
- ``transfer_net``: such a backbone with a new head, as a saved door or letter model names it;
- ``count_parameters`` (lesson 01).

Every architecture here is registered with ``utils.plumbing.checkpoints``, so a model file that names it
can be rebuilt. The pretrained weights themselves are lesson 05's business (``utils.pretrained``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torchvision
from torch import nn

from .plumbing.checkpoints import register_architecture


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """How many numbers a network learns: the sizes of all its weights and biases (lesson 01); with
    ``trainable_only``, only those that will learn (lesson 05, with a frozen base)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def dense_net(n_classes: int = 10) -> nn.Sequential:
    """Lessons 01-02's dense network: 784 -> 512 -> 512 -> ``n_classes``, with ReLU between."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 512),
        nn.ReLU(),
        nn.Linear(512, 512),
        nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def asl_cnn(n_classes: int = 24) -> nn.Sequential:
    """Lesson 03's CNN written out layer by layer: three conv blocks (25, 50, 75 channels), dense 512."""
    return nn.Sequential(
        nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(25),
        nn.ReLU(),
        nn.MaxPool2d(2, stride=2),
        nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(50),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.MaxPool2d(2, stride=2),
        nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(75),
        nn.ReLU(),
        nn.MaxPool2d(2, stride=2),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512),
        nn.Dropout(0.3),
        nn.ReLU(),
        nn.Linear(512, n_classes),
    )


class MyConvBlock(nn.Module):
    """Lesson 04a: Conv 3x3 (padding 1) -> BatchNorm -> ReLU -> Dropout -> MaxPool 2; halves height and width."""

    def __init__(self, in_ch: int, out_ch: int, dropout_p: float):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


def asl_cnn_blocks(n_classes: int = 24) -> nn.Sequential:
    """Lesson 04a's CNN: the same network as ``asl_cnn``, built from ``MyConvBlock``."""
    return nn.Sequential(
        MyConvBlock(1, 25, 0),
        MyConvBlock(25, 50, 0.2),
        MyConvBlock(50, 75, 0),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512),
        nn.Dropout(0.3),
        nn.ReLU(),
        nn.Linear(512, n_classes),
    )


class TransferModel(nn.Module):
    """Lesson 05: a pretrained ``base`` with a new ``head`` (``base_outputs`` -> ``n_outputs``).

    ``freeze_base()`` stops the base from learning and keeps it in evaluation mode, so its BatchNorm
    layers keep their ImageNet statistics while the head trains. ``unfreeze_base()`` lets every weight
    learn again, but by default still keeps the base's BatchNorm layers in evaluation mode: with a few
    dozen photos, their running averages would otherwise drift from ImageNet's towards a handful of
    batches, which changes every later layer's input far more than a learning rate of 1e-6 does.
    Their scale and shift weights still learn. ``unfreeze_base(train_batchnorm=True)`` lets the
    statistics move too (lesson 06, with ~1,400 photos).
    """

    def __init__(self, base: nn.Module, n_outputs: int = 1, base_outputs: int = 1000):
        super().__init__()
        self.base = base
        self.head = nn.Linear(base_outputs, n_outputs)
        self.base_frozen = False
        self.batchnorm_frozen = False

    def freeze_base(self) -> TransferModel:
        self.base.requires_grad_(False)
        self.base_frozen = True
        return self.train(self.training)

    def unfreeze_base(self, train_batchnorm: bool = False) -> TransferModel:
        self.base.requires_grad_(True)
        self.base_frozen = False
        self.batchnorm_frozen = not train_batchnorm
        return self.train(self.training)

    def train(self, mode: bool = True) -> TransferModel:
        super().train(mode)
        if self.base_frozen:
            self.base.eval()
        elif self.batchnorm_frozen:
            for module in self.base.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.eval()
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.base(x))


def _remove_mobilenet_classifier(model: nn.Module) -> int:
    model.classifier = nn.Identity()  # the pooled features of the last block
    return 1280


def _remove_squeezenet_classifier(model: nn.Module) -> int:
    model.classifier = nn.AdaptiveAvgPool2d(1)  # instead of the 1x1 convolution to 1,000 classes
    return 512


def _remove_vgg_classifier(model: nn.Module) -> int:
    model.classifier[6] = nn.Identity()  # keep the two 4,096-wide layers, drop the last
    return 4096


@dataclass(frozen=True)
class Backbone:
    """A torchvision ImageNet network: how to build it (without weights), and how to remove its classifier."""

    build: Callable[..., nn.Module]
    remove_classifier: Callable[[nn.Module], int]  # changes the network in place; returns the features' size


#: The ImageNet networks lessons 05 and 06 can use, by name.
BACKBONES: dict[str, Backbone] = {
    "vgg16": Backbone(torchvision.models.vgg16, _remove_vgg_classifier),
    "mobilenet_v2": Backbone(torchvision.models.mobilenet_v2, _remove_mobilenet_classifier),
    "squeezenet1_1": Backbone(torchvision.models.squeezenet1_1, _remove_squeezenet_classifier),
}


def backbone_named(name: str) -> Backbone:
    """The backbone called ``name``; ``ValueError`` naming the choices for any other name."""
    if name not in BACKBONES:
        raise ValueError(f"unknown backbone {name!r}; choose one of {', '.join(BACKBONES)}")
    return BACKBONES[name]


def remove_classifier(base: nn.Module, name: str) -> int:
    """Remove the last, ImageNet-specific layer of backbone ``base`` (called ``name``), in place (lesson 06).

    The network then gives a vector of features per photo instead of 1,000 class scores; returns that
    vector's size (1,280 for ``mobilenet_v2``).
    """
    return backbone_named(name).remove_classifier(base)


def transfer_net(backbone: str, n_outputs: int = 1, features: bool = False) -> TransferModel:
    """A ``TransferModel`` on a fresh backbone (weights loaded later): the head reads its 1,000 ImageNet
    scores (lesson 05) or, with ``features`` (lesson 06), the features before them."""
    base = backbone_named(backbone).build(weights=None)
    if not features:
        return TransferModel(base, n_outputs)
    return TransferModel(base, n_outputs, base_outputs=remove_classifier(base, backbone))


register_architecture("dense_net", dense_net, {"n_classes"})
register_architecture("asl_cnn", asl_cnn, {"n_classes"})
register_architecture("asl_cnn_blocks", asl_cnn_blocks, {"n_classes"})
register_architecture("transfer", transfer_net, {"backbone", "n_outputs", "features"})
