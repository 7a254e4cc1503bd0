"""The course's networks (lessons 01-05), and saving/loading them safely (lesson 04a).

Models are saved as a ``state_dict`` plus a small dictionary of what inference needs (architecture
name, class names, input size, ...), never as a pickled module, and loaded with ``weights_only=True``.
Saving writes a temporary file and renames it, so a crash mid-save never leaves a broken model behind.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import torch
from torch import nn

from .atomic import atomic_write


class MyConvBlock(nn.Module):
    """Conv 3x3 (padding 1) -> BatchNorm -> ReLU -> Dropout -> MaxPool 2: halves height and width."""

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


def dense_net(n_classes: int = 10) -> nn.Sequential:
    """The course's dense network: 784 -> 512 -> 512 -> ``n_classes``, with ReLU between."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 512), nn.ReLU(),
        nn.Linear(512, 512), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def asl_cnn(n_classes: int = 24) -> nn.Sequential:
    """Lesson 03's CNN written out layer by layer: three conv blocks (25, 50, 75 channels), dense 512."""
    return nn.Sequential(
        nn.Conv2d(1, 25, 3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
        nn.Conv2d(25, 50, 3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2),
        nn.MaxPool2d(2, stride=2),
        nn.Conv2d(50, 75, 3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def asl_cnn_blocks(n_classes: int = 24) -> nn.Sequential:
    """Lesson 04's CNN: the same network as ``asl_cnn``, built from ``MyConvBlock``."""
    return nn.Sequential(
        MyConvBlock(1, 25, 0),
        MyConvBlock(25, 50, 0.2),
        MyConvBlock(50, 75, 0),
        nn.Flatten(),
        nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(),
        nn.Linear(512, n_classes),
    )


def transfer(backbone: str, n_outputs: int = 1, features: bool = False) -> nn.Module:
    """Lesson 05's ``TransferModel``: a torchvision ImageNet network (weights loaded later) with a new head,
    on its 1,000 ImageNet scores or, with ``features`` (lesson 06), on the features before them."""
    from .pretrained import TransferModel, backbone_spec  # here, not at the top: pretrained imports this module

    base = backbone_spec(backbone).builder(weights=None)
    if not features:
        return TransferModel(base, n_outputs)
    return TransferModel(base, n_outputs, base_outputs=backbone_spec(backbone).strip(base))


#: Architectures a saved model can name, to be rebuilt before its weights are loaded.
ARCHITECTURES: dict[str, Callable[..., nn.Module]] = {
    "dense_net": dense_net,
    "asl_cnn": asl_cnn,
    "asl_cnn_blocks": asl_cnn_blocks,
    "transfer": transfer,
}


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of parameters (optionally only those that will be trained)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def top_classes(scores: torch.Tensor, names, k: int = 3) -> list[tuple[int, str, float]]:
    """The ``k`` most likely classes of one row of scores (logits): (index, name, probability), best first."""
    probs = torch.softmax(scores.detach().float().flatten(), dim=0).cpu()
    values, indices = probs.topk(min(k, len(probs)))
    return [(int(i), names[int(i)], float(v)) for v, i in zip(values, indices)]


def save_checkpoint(path: str | Path, model: nn.Module, **info) -> Path:
    """Save ``model.state_dict()`` and ``info`` (plain values only) to ``path``, atomically."""
    path = Path(path)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    with atomic_write(path) as f:
        torch.save({"state_dict": state, "info": info}, f)
    return path


class ModelFileError(RuntimeError):
    """A saved model is missing or cannot be read; the message says what to do."""


def load_checkpoint(path: str | Path, missing_hint: str = "") -> tuple[dict, dict]:
    """Read a file written by ``save_checkpoint``: returns ``(state_dict, info)``.

    Uses ``torch.load(weights_only=True)``, which refuses anything but tensors and plain values.
    """
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise ModelFileError(f"{path} is a symbolic link that leads nowhere (or in a loop). {missing_hint}".strip())
    if not path.is_file():
        raise ModelFileError(f"no saved model at {path}. {missing_hint}".strip())
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated, not a torch file, holding code instead of weights, unreadable
        raise ModelFileError(f"{path} is not a readable model file ({type(err).__name__}: {str(err)[:120]}). "
                             f"Delete it and save the model again. {missing_hint}".strip()) from err
    if not isinstance(blob, dict) or "state_dict" not in blob:
        raise ModelFileError(f"{path} is not a model saved by utils.models.save_checkpoint")
    return blob["state_dict"], blob.get("info", {})


#: What each architecture's ``architecture_args`` may hold, so a model file cannot build anything else.
ARCHITECTURE_ARGS = {"dense_net": {"n_classes"}, "asl_cnn": {"n_classes"}, "asl_cnn_blocks": {"n_classes"},
                     "transfer": {"backbone", "n_outputs", "features"}}
#: The most outputs a saved model may ask for (a sane bound: a file cannot make the loader allocate gigabytes).
MAX_OUTPUTS = 10_000


def _architecture(path: Path, info) -> tuple[str, dict]:
    """The architecture a checkpoint names and its arguments, checked before anything is built."""
    if not isinstance(info, dict):
        raise ModelFileError(f"{path}: its 'info' is a {type(info).__name__}, not a dictionary; "
                             f"it was not saved by utils.models.save_checkpoint")
    arch = info.get("architecture")
    if arch not in ARCHITECTURES:
        raise ModelFileError(f"{path} names an unknown architecture {arch!r} (known: {', '.join(ARCHITECTURES)})")
    args = info.get("architecture_args", {})
    if not isinstance(args, dict) or set(args) - ARCHITECTURE_ARGS.get(arch, set()):
        raise ModelFileError(f"{path}: architecture_args {args!r} are not those of {arch} "
                             f"({', '.join(sorted(ARCHITECTURE_ARGS.get(arch, ())))})")
    if not isinstance(args.get("features", False), bool):
        raise ModelFileError(f"{path}: features={args['features']!r} in architecture_args is not True or False")
    for key in ("n_classes", "n_outputs"):
        value = args.get(key)
        if key in args and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_OUTPUTS):
            raise ModelFileError(f"{path}: {key}={value!r} in architecture_args is not a whole number from 1 to "
                                 f"{MAX_OUTPUTS:,}")
    return arch, args


def _output_size(model: nn.Module) -> int:
    return [m for m in model.modules() if isinstance(m, nn.Linear)][-1].out_features


_loaded: dict[tuple, tuple[int, nn.Module, dict]] = {}


def load_model_once(path: str | Path, device: torch.device | str = "cpu", **kwargs) -> tuple[nn.Module, dict]:
    """``load_model``, but each file is read once per device and kept: a program that answers many requests
    (the command line, the web app) shares one model. A file saved again (a newer modification time) is
    read again. The caller must not change the model it gets."""
    path = Path(path)
    key = (os.path.realpath(path), str(device), tuple(sorted(kwargs.items())))
    stamp = path.stat().st_mtime_ns if path.exists() else None
    if key not in _loaded or _loaded[key][0] != stamp:
        _loaded[key] = (stamp, *load_model(path, device, **kwargs))
    return _loaded[key][1:]


def load_model(path: str | Path, device: torch.device | str = "cpu", missing_hint: str = "",
               architectures: tuple[str, ...] | None = None) -> tuple[nn.Module, dict]:
    """Rebuild the architecture a checkpoint names, load its weights, and return it in ``eval()`` mode.

    Everything in the file is checked first: the architecture (one of ``architectures`` when given) and
    its arguments, then that the weights fit the network, then that there is one class name per output.
    Any problem raises ``ModelFileError`` with one line naming the file.
    """
    path = Path(path)
    state, info = load_checkpoint(path, missing_hint)
    arch, args = _architecture(path, info)
    if architectures is not None and arch not in architectures:
        raise ModelFileError(f"{path} holds a {arch} model, not one of {', '.join(architectures)}. {missing_hint}".strip())
    try:
        model = ARCHITECTURES[arch](**args)
    except (TypeError, ValueError) as err:
        raise ModelFileError(f"{path}: cannot build {arch} from {args!r} ({err})") from None
    expected = model.state_dict()
    if not isinstance(state, dict) or set(state) != set(expected):
        missing = sorted(set(expected) - set(state))[:2] if isinstance(state, dict) else []
        raise ModelFileError(f"{path}: its weights do not fit the {arch} network it names"
                             + (f" (missing {', '.join(missing)})" if missing else ""))
    for key, tensor in expected.items():
        if not torch.is_tensor(state[key]) or state[key].shape != tensor.shape:
            got = tuple(state[key].shape) if torch.is_tensor(state[key]) else type(state[key]).__name__
            raise ModelFileError(f"{path}: weight {key} has shape {got}, but {arch}{args or ''} needs "
                                 f"{tuple(tensor.shape)}")
    classes = info.get("classes")
    if classes is not None:
        n_out = _output_size(model)
        wanted = 2 if n_out == 1 else n_out  # one logit: two classes
        if not isinstance(classes, (str, list, tuple)) or len(classes) != wanted:
            count = len(classes) if isinstance(classes, (str, list, tuple)) else type(classes).__name__
            raise ModelFileError(f"{path}: it names {count} classes, but the network has {n_out} output(s), "
                                 f"so it needs {wanted} class names")
    model.load_state_dict(state)
    return model.to(device).eval(), info
