"""Networks pretrained on ImageNet: loading them, reading their predictions, transfer learning (lessons 05 and 06).

``load_backbone(name)`` returns an ImageNet classifier (``vgg16``, ``mobilenet_v2`` or ``squeezenet1_1``)
with its preprocessing and class names. Weights come from the course mirror when ``FDL_MIRROR`` holds
them (sha256-checked like every data file), otherwise from torchvision's own download into torch's hub
cache; both are loaded with ``torch.load(weights_only=True)``. ``TransferModel`` puts a new head on such a
backbone and can freeze the backbone, keeping its BatchNorm layers in evaluation mode while frozen.
"""
from __future__ import annotations

import urllib.error
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch
import torchvision
from torch import nn
from torchvision.transforms import v2

from . import config
from .augment import RandomAugment
from .downloads import DataError, download
from .models import load_model, top_classes
from .registry import REGISTRY

DOG_CLASSES = range(151, 269)  # ImageNet classes 151-268 are dog breeds
CAT_CLASSES = range(281, 286)  # 281-285 are domestic cats


@dataclass(frozen=True)
class BackboneSpec:
    builder: Callable[..., nn.Module]
    weights: torchvision.models.WeightsEnum
    mirror_entry: str | None  # the registry entry holding converted weights in the course mirror, if any
    strip: Callable[[nn.Module], int]  # drops the ImageNet classifier in place; returns the features' size


def _strip_mobilenet(model: nn.Module) -> int:
    model.classifier = nn.Identity()  # pooled features of the last block
    return 1280


def _strip_squeezenet(model: nn.Module) -> int:
    model.classifier = nn.AdaptiveAvgPool2d(1)  # instead of the 1x1 convolution to 1,000 classes
    return 512


def _strip_vgg(model: nn.Module) -> int:
    model.classifier[6] = nn.Identity()  # keep the two 4,096-wide layers, drop the last
    return 4096


BACKBONES: dict[str, BackboneSpec] = {
    "vgg16": BackboneSpec(torchvision.models.vgg16, torchvision.models.VGG16_Weights.IMAGENET1K_V1, None, _strip_vgg),
    "mobilenet_v2": BackboneSpec(torchvision.models.mobilenet_v2,
                                 torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1, "mobilenet_v2_weights",
                                 _strip_mobilenet),
    "squeezenet1_1": BackboneSpec(torchvision.models.squeezenet1_1,
                                  torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1, "squeezenet1_1_weights",
                                  _strip_squeezenet),
}


class BackboneError(RuntimeError):
    """A backbone's pretrained weights could not be had; the message gives the fix."""


def backbone_spec(name: str) -> BackboneSpec:
    if name not in BACKBONES:
        raise ValueError(f"unknown backbone {name!r}; choose one of {', '.join(BACKBONES)}")
    return BACKBONES[name]


def load_backbone(name: str = "vgg16", device: torch.device | str = "cpu", verbose: bool = True):
    """An ImageNet-pretrained network in ``eval()`` mode, its ``weights`` (transforms, categories) and a
    sentence saying where the weights came from."""
    spec = backbone_spec(name)
    model = spec.builder(weights=None)
    state, source = backbone_weights(name, verbose)
    model.load_state_dict(state)
    if verbose:
        print(f"{name}: {source}")
    return model.to(device).eval(), spec.weights, source


def backbone_weights(name: str, verbose: bool = True) -> tuple[dict, str]:
    """The ImageNet weights of backbone ``name`` (from the mirror or torchvision's cache or download) and a
    sentence saying where they came from; ``BackboneError`` with the fix when they cannot be had."""
    spec = backbone_spec(name)
    if spec.mirror_entry and config.mirror():
        try:
            path = download(spec.mirror_entry) / REGISTRY[spec.mirror_entry][0].path
        except DataError as err:
            raise BackboneError(f"{name}: {err}") from err
        state = torch.load(path, map_location="cpu", weights_only=True)
        source = (f"{path.name} from the course mirror: ImageNet weights converted from the ONNX Model Zoo, "
                  f"not torchvision's own files (see the mirror's weights/PROVENANCE.md)")
    else:
        try:
            state = torch.hub.load_state_dict_from_url(spec.weights.url, progress=verbose, check_hash=True,
                                                       map_location="cpu", weights_only=True)
        except (urllib.error.URLError, OSError, RuntimeError) as err:
            raise BackboneError(_no_weights_message(name, spec, err)) from err
        source = f"torchvision's {spec.weights} ({Path(spec.weights.url).name}, cached in torch's hub folder)"
    return state, source


def _no_weights_message(name: str, spec: BackboneSpec, err: BaseException) -> str:
    cache = Path(torch.hub.get_dir()) / "checkpoints" / Path(spec.weights.url).name
    reason = getattr(err, "reason", None) or err
    mirrored = [n for n, s in BACKBONES.items() if s.mirror_entry]
    return (f"could not get the ImageNet weights of {name} from {spec.weights.url} ({reason}). "
            f"Fix: connect to the internet once (they are then kept at {cache}), or copy that file there, "
            f"or choose a backbone the course mirror has ({', '.join(mirrored)}): "
            f"FDL_BACKBONE=mobilenet_v2 with FDL_MIRROR set (or BACKBONE in the notebook).")


def imagenet_features(base: nn.Module, name: str) -> tuple[nn.Module, int]:
    """The backbone without its last, ImageNet-specific layer (lesson 06): it then gives a vector of features
    per photo instead of 1,000 class scores. Returns (the same network, changed in place; the vector's size)."""
    return base, backbone_spec(name).strip(base)


def imagenet_top(model: nn.Module, weights, image: torch.Tensor, k: int = 3) -> list[tuple[int, str, float]]:
    """The ``k`` most likely ImageNet classes of one prepared image: (index, name, probability)."""
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        scores = model(image.unsqueeze(0).to(device))[0]
    return top_classes(scores, weights.meta["categories"], k)


def doggy_door_decision(class_index: int) -> str:
    """What the automatic doggy door does for an ImageNet class: dogs in, cats kept in, the rest out."""
    if class_index in DOG_CLASSES:
        return "dog: the door opens, come in!"
    if class_index in CAT_CLASSES:
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"


def read_score(score: torch.Tensor, classes) -> tuple[str, float]:
    """The class a one-logit door model picks for one score, and its probability (lesson 05)."""
    p_class1 = torch.sigmoid(score)  # the probability of class 1
    if score > 0:                    # the same as p_class1 > 0.5
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)


class TransferModel(nn.Module):
    """A pretrained ``base`` with a new ``head`` (base outputs -> ``n_outputs``).

    ``freeze_base()`` stops the base from learning and keeps it in evaluation mode, so its BatchNorm
    layers keep their ImageNet statistics while the head trains. ``unfreeze_base()`` lets every weight
    learn again, but by default still keeps the base's BatchNorm layers in evaluation mode: with a few
    dozen photos, their running averages would otherwise drift from ImageNet's towards a handful of
    batches, which changes every later layer's input far more than a learning rate of 1e-6 does.
    Their scale and shift weights still learn. ``unfreeze_base(train_batchnorm=True)`` lets the
    statistics move too.
    """

    def __init__(self, base: nn.Module, n_outputs: int = 1, base_outputs: int = 1000):
        super().__init__()
        self.base = base
        self.head = nn.Linear(base_outputs, n_outputs)
        self.base_frozen = False
        self.batchnorm_frozen = False

    def freeze_base(self) -> "TransferModel":
        self.base.requires_grad_(False)
        self.base_frozen = True
        return self.train(self.training)

    def unfreeze_base(self, train_batchnorm: bool = False) -> "TransferModel":
        self.base.requires_grad_(True)
        self.base_frozen = False
        self.batchnorm_frozen = not train_batchnorm
        return self.train(self.training)

    def train(self, mode: bool = True) -> "TransferModel":
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


def photo_transform(info: dict) -> v2.Compose:
    """What a saved transfer model (lessons 05 and 06) does to a photo: the ``transforms`` its file records
    (resize the shorter side, centre crop, scale to [0, 1], normalise) as one transform of a PIL image."""
    t = info["transforms"]
    return v2.Compose([v2.ToImage(), v2.Resize(t["resize"], antialias=True), v2.CenterCrop(t["crop"]),
                       v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean=t["mean"], std=t["std"])])


def transforms_info(weights, resize: int = 256, crop: int | None = None) -> dict:
    """The preprocessing of ``weights`` as plain values, to save with a model (read by ``photo_transform``)."""
    preset = weights.transforms()
    return {"resize": resize, "crop": crop or preset.crop_size[0], "mean": list(preset.mean), "std": list(preset.std)}


def load_transfer_model(path: str | Path, device: torch.device | str = "cpu"):
    """A model saved by notebook 05, rebuilt from its backbone's architecture, in ``eval()`` mode."""
    return load_model(path, device, missing_hint="Run notebook 05 (or `make all`) to train and save it.",
                      architectures=("transfer",))


def transfer_transforms(weights, degrees: float = 25, scale=(0.8, 1.0), jitter: float = 0.2, flip_p: float = 0.5,
                        crop: int | None = None):
    """Three batch transforms for uint8 image batches, following ``weights.transforms()``.

    ``crop``: the side of the network's input (default: the preset's, 224); lesson 06 uses a smaller one,
    which these networks also read, to train faster on a CPU.

    Returns (train, valid, augment_only). ``train``: every image gets its own rotation, square resized crop
    to the network's input size, horizontal flip and colour jitter (``RandomAugment``, the whole batch at
    once), and only then normalisation. ``valid``: the centre crop and normalisation of the weights'
    preset. ``augment_only``: ``train`` without the normalisation, to look at the augmented images.
    """
    preset = weights.transforms()
    crop = crop or preset.crop_size[0]
    normalize = v2.Normalize(mean=preset.mean, std=preset.std)
    augment = RandomAugment(degrees=degrees, scale=scale, flip_p=flip_p, brightness=jitter, contrast=jitter,
                            saturation=jitter, hue=jitter, size=crop)
    to_float = v2.ToDtype(torch.float32, scale=True)

    def augment_only(x: torch.Tensor) -> torch.Tensor:
        return augment(to_float(x))

    def train(x: torch.Tensor) -> torch.Tensor:
        return normalize(augment_only(x))

    valid = v2.Compose([v2.CenterCrop(crop), to_float, normalize])
    return train, valid, augment_only
