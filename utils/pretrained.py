"""Networks pretrained on ImageNet: loading them, reading their predictions, transfer learning (lessons 05 and 06).

``load_backbone(name)`` returns an ImageNet classifier (``vgg16``, ``mobilenet_v2`` or ``squeezenet1_1``,
built by ``utils.networks``) with its ImageNet weights, its torchvision ``weights`` (the preprocessing
and the class names) and a sentence saying where the weights came from. They come from the course mirror
when ``FDL_MIRROR`` holds them (sha256-checked like every data file), otherwise from torchvision's own
download into torch's hub cache; both are loaded with ``torch.load(weights_only=True)``.

The rest is lesson 05's code, copied here for later lessons and the web app: ``imagenet_top`` (the most
likely classes), ``doggy_door_decision`` and ``read_score``; and the preprocessing of transfer learning:
``batch_transforms`` (augmentation, then normalisation, on batches on the device), ``preprocess_settings``
(the preprocessing as plain values to save with a model) and ``preprocess_from`` (a photo transform
rebuilt from them).
"""

from __future__ import annotations

import urllib.error
from dataclasses import dataclass
from pathlib import Path

import torch
import torchvision
from torch import nn
from torchvision.transforms import v2

from .augment import RandomAugment
from .networks import backbone_named
from .plumbing import settings
from .plumbing.downloads import DataError, download
from .plumbing.errors import CourseError
from .plumbing.registry import REGISTRY
from .sign_reader import top_classes

DOG_CLASSES = range(151, 269)  # ImageNet classes 151-268 are dog breeds
CAT_CLASSES = range(281, 286)  # 281-285 are domestic cats


@dataclass(frozen=True)
class ImageNetWeights:
    """Where a backbone's ImageNet weights come from: torchvision's weights, and the course mirror's entry if any."""

    weights: torchvision.models.WeightsEnum
    mirror_entry: str | None  # the registry entry holding converted weights in the course mirror


IMAGENET_WEIGHTS: dict[str, ImageNetWeights] = {
    "vgg16": ImageNetWeights(torchvision.models.VGG16_Weights.IMAGENET1K_V1, None),
    "mobilenet_v2": ImageNetWeights(torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1, "mobilenet_v2_weights"),
    "squeezenet1_1": ImageNetWeights(torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1, "squeezenet1_1_weights"),
}


class BackboneError(CourseError, RuntimeError):
    """A backbone's pretrained weights could not be had, or the name is not a backbone; the message gives the fix."""


def _weights_of(name: str) -> ImageNetWeights:
    if name not in IMAGENET_WEIGHTS:
        raise BackboneError(f"unknown backbone {name!r}; choose one of {', '.join(IMAGENET_WEIGHTS)}")
    return IMAGENET_WEIGHTS[name]


def imagenet_weights_of(name: str):
    """torchvision's weights object of backbone ``name`` (its preprocessing and its 1,000 categories), the
    second thing ``load_backbone`` returns."""
    return _weights_of(name).weights


def load_backbone(
    name: str = "vgg16", device: torch.device | str = "cpu", verbose: bool = True, progress: bool | None = None
):
    """An ImageNet-pretrained network in ``eval()`` mode, its ``weights`` (transforms, categories) and a
    sentence saying where the weights came from. ``verbose`` prints that sentence; a first download shows
    its progress when ``progress`` (by default, when ``verbose``)."""
    spec = _weights_of(name)
    model = backbone_named(name).build(weights=None)
    state, source = imagenet_weights(name, verbose if progress is None else progress)
    model.load_state_dict(state)
    if verbose:
        print(f"{name}: {source}")
    return model.to(device).eval(), spec.weights, source


def imagenet_weights(name: str, verbose: bool = True) -> tuple[dict, str]:
    """The ImageNet weights of backbone ``name`` (from the mirror or torchvision's cache or download) and a
    sentence saying where they came from; ``BackboneError`` with the fix when they cannot be had."""
    spec = _weights_of(name)
    if spec.mirror_entry and settings.mirror():
        try:
            path = download(spec.mirror_entry) / REGISTRY[spec.mirror_entry][0].path
        except DataError as err:
            raise BackboneError(f"{name}: {err}") from None
        state = torch.load(path, map_location="cpu", weights_only=True)
        source = (
            f"{path.name} from the course mirror: ImageNet weights converted from the ONNX Model Zoo, "
            f"not torchvision's own files (see the mirror's weights/PROVENANCE.md)"
        )
    else:
        try:
            state = torch.hub.load_state_dict_from_url(
                spec.weights.url, progress=verbose, check_hash=True, map_location="cpu", weights_only=True
            )
        except (urllib.error.URLError, OSError, RuntimeError) as err:
            raise BackboneError(_no_weights_message(name, spec, err)) from None
        source = f"torchvision's {spec.weights} ({Path(spec.weights.url).name}, cached in torch's hub folder)"
    return state, source


def _no_weights_message(name: str, spec: ImageNetWeights, err: BaseException) -> str:
    cache = Path(torch.hub.get_dir()) / "checkpoints" / Path(spec.weights.url).name
    reason = getattr(err, "reason", None) or err
    mirrored = [n for n, s in IMAGENET_WEIGHTS.items() if s.mirror_entry]
    return (
        f"could not get the ImageNet weights of {name} from {spec.weights.url} ({reason}). "
        f"Fix: connect to the internet once (they are then kept at {cache}), or copy that file there, "
        f"or choose a backbone the course mirror has ({', '.join(mirrored)}): "
        f"FDL_BACKBONE=mobilenet_v2 with FDL_MIRROR set (or BACKBONE in the notebook)."
    )


@torch.no_grad()
def imagenet_top(model: nn.Module, weights, image: torch.Tensor, k: int = 3) -> list[tuple[int, str, float]]:
    """The ``k`` most likely ImageNet classes of one prepared image: (index, name, probability)."""
    model.eval()
    model_device = next(model.parameters()).device
    scores = model(image.unsqueeze(0).to(model_device))[0]
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
    if score > 0:  # the same as p_class1 > 0.5
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)


def preprocess_settings(weights, resize: int = 256, crop: int | None = None) -> dict:
    """The photo preprocessing of a model trained on ``weights``'s backbone, as plain values to save with it:
    shorter side resized to ``resize``, centre crop of ``crop`` (default: the preset's), ImageNet's mean and std."""
    preset = weights.transforms()
    return {"resize": resize, "crop": crop or preset.crop_size[0], "mean": list(preset.mean), "std": list(preset.std)}


def preprocess_from(saved: dict) -> v2.Compose:
    """The photo transform that ``preprocess_settings`` describes: a PIL image in, a normalised tensor out."""
    return v2.Compose(
        [
            v2.ToImage(),
            v2.Resize(saved["resize"], antialias=True),
            v2.CenterCrop(saved["crop"]),
            v2.ToDtype(torch.float32, scale=True),
            v2.Normalize(mean=saved["mean"], std=saved["std"]),
        ]
    )


def batch_transforms(
    weights, degrees: float = 25, scale=(0.8, 1.0), jitter: float = 0.2, flip_p: float = 0.5, crop: int | None = None
):
    """Three transforms of uint8 image batches on the device, following ``weights.transforms()``.

    ``crop``: the side of the network's input (default: the preset's, 224); lesson 06 uses a smaller one,
    which these networks also read, to train faster on a CPU.

    Returns (train, valid, augment_only). ``train``: every image gets its own rotation, square resized crop
    to the network's input size, horizontal flip and colour jitter (``RandomAugment``, the whole batch at
    once), and only then normalisation. ``jitter`` sets brightness, contrast and saturation changes, and a
    turn of the colours' hue of up to a quarter of it (as a share of the colour wheel). ``valid``: the
    centre crop and normalisation of the weights' preset. ``augment_only``: ``train`` without the
    normalisation, to look at the augmented images.
    """
    preset = weights.transforms()
    crop = crop or preset.crop_size[0]
    normalize = v2.Normalize(mean=preset.mean, std=preset.std)
    augment = RandomAugment(
        degrees=degrees,
        scale=scale,
        flip_p=flip_p,
        brightness=jitter,
        contrast=jitter,
        saturation=jitter,
        hue=jitter / 4,  # a full `jitter` of hue would turn skin green or purple; a quarter keeps it skin
        size=crop,
    )
    to_float = v2.ToDtype(torch.float32, scale=True)

    def augment_only(x: torch.Tensor) -> torch.Tensor:
        return augment(to_float(x))

    def train(x: torch.Tensor) -> torch.Tensor:
        return normalize(augment_only(x))

    valid = v2.Compose([v2.CenterCrop(crop), to_float, normalize])
    return train, valid, augment_only
