"""Saved models: a ``state_dict`` and what inference needs, written atomically and read back safely (lesson 04a on).

A model file holds ``{"state_dict": ..., "info": {...}}``: the weights and plain values only (the
architecture's name and arguments, the class names, the preprocessing, accuracies), never a pickled
module. ``load_model`` reads it with ``torch.load(weights_only=True)``, which refuses anything but tensors
and plain values, checks everything in it before building anything, rebuilds the network from the
architecture it names and returns it in ``eval()`` mode. Any problem is a ``ModelFileError``: one line
naming the file and the fix.

The architectures a file may name live in ``ARCHITECTURES``. The lesson modules that define networks
register them here (``register_architecture``), so this module never imports the lessons.

A bare file name (``"asl_cnn_augmented.pt"``) means a file in the models folder (``models/``, or
``models/smoke/`` in smoke mode); any other path is used as it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from . import settings
from .atomic import atomic_write
from .errors import CourseError

#: The most outputs a saved model may ask for (a sane bound: a file cannot make the loader allocate gigabytes).
MAX_OUTPUTS = 10_000


@dataclass(frozen=True)
class Architecture:
    """How to build a network a model file names: the builder and the keyword arguments it may be given."""

    build: Callable[..., nn.Module]
    args: frozenset[str]


#: Architectures a saved model can name, to be rebuilt before its weights are loaded.
ARCHITECTURES: dict[str, Architecture] = {}


def register_architecture(name: str, build: Callable[..., nn.Module], args: set[str] | frozenset[str]) -> None:
    """Let model files name ``name``: ``build(**architecture_args)`` makes the network, with only ``args``."""
    ARCHITECTURES[name] = Architecture(build, frozenset(args))


class ModelFileError(CourseError, RuntimeError):
    """A saved model is missing or cannot be used; the message names the file and says what to do."""


def model_path(path: str | Path) -> Path:
    """``path`` itself, or for a bare file name the file of that name in the models folder."""
    path = Path(path)
    return settings.models_dir() / path if path.parent == Path(".") and not path.is_absolute() else path


def save_checkpoint(path: str | Path, model: nn.Module, **info) -> Path:
    """Save ``model.state_dict()`` and ``info`` (plain values only) to ``path``, atomically; return the path."""
    path = model_path(path)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    with atomic_write(path) as f:
        torch.save({"state_dict": state, "info": info}, f)
    return path


def read_checkpoint(path: str | Path, hint: str = "") -> tuple[dict, dict]:
    """The ``(state_dict, info)`` a file written by ``save_checkpoint`` holds, read with ``weights_only=True``."""
    path = model_path(path)
    if path.is_symlink() and not path.exists():
        raise ModelFileError(f"{path} is a symbolic link that leads nowhere (or in a loop). {hint}".strip())
    if not path.exists():
        raise ModelFileError(f"no saved model at {path}. {hint}".strip())
    if not path.is_file():
        raise ModelFileError(f"{path} is not a file, so it cannot be a saved model")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except PermissionError:
        raise ModelFileError(f"{path} cannot be read: permission denied (this user may not read it)") from None
    except Exception as err:  # truncated, not a torch file, holding code instead of weights
        # Saving the model again mends a damaged .pt file; any other file was never a model, so name what is one.
        fix = hint if path.suffix in (".pt", ".pth") else "The course saves its models as .pt files, in models/."
        raise ModelFileError(
            f"{path} is not a model file saved by the course ({type(err).__name__}: "
            f"{str(err).strip()[:120]}). {fix}".strip()
        ) from None
    if not isinstance(blob, dict) or "state_dict" not in blob:
        raise ModelFileError(f"{path} is not a model saved by the course's save_checkpoint")
    return blob["state_dict"], blob.get("info", {})


def _architecture(path: Path, info) -> tuple[str, dict]:
    """The architecture a checkpoint names and its arguments, checked before anything is built."""
    if not isinstance(info, dict):
        raise ModelFileError(
            f"{path}: its 'info' is a {type(info).__name__}, not a dictionary; "
            f"it was not saved by the course's save_checkpoint"
        )
    arch = info.get("architecture")
    if arch not in ARCHITECTURES:
        raise ModelFileError(f"{path} names an unknown architecture {arch!r} (known: {', '.join(ARCHITECTURES)})")
    args = info.get("architecture_args", {})
    allowed = ARCHITECTURES[arch].args
    if not isinstance(args, dict) or set(args) - allowed:
        raise ModelFileError(
            f"{path}: architecture_args {args!r} are not those of {arch} ({', '.join(sorted(allowed))})"
        )
    if not isinstance(args.get("features", False), bool):
        raise ModelFileError(f"{path}: features={args['features']!r} in architecture_args is not True or False")
    for key in ("n_classes", "n_outputs"):
        value = args.get(key)
        if key in args and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_OUTPUTS):
            raise ModelFileError(
                f"{path}: {key}={value!r} in architecture_args is not a whole number from 1 to {MAX_OUTPUTS:,}"
            )
    return arch, args


def _output_size(model: nn.Module) -> int:
    return [m for m in model.modules() if isinstance(m, nn.Linear)][-1].out_features


def _build(path: Path, hint: str, architectures: tuple[str, ...] | None) -> tuple[nn.Module, dict]:
    state, info = read_checkpoint(path, hint)
    arch, args = _architecture(path, info)
    if architectures is not None and arch not in architectures:
        raise ModelFileError(f"{path} holds a {arch} model, not one of {', '.join(architectures)}. {hint}".strip())
    try:
        model = ARCHITECTURES[arch].build(**args)
    except (TypeError, ValueError) as err:
        raise ModelFileError(f"{path}: cannot build {arch} from {args!r} ({err})") from None
    expected = model.state_dict()
    if not isinstance(state, dict) or set(state) != set(expected):
        missing = sorted(set(expected) - set(state))[:2] if isinstance(state, dict) else []
        raise ModelFileError(
            f"{path}: its weights do not fit the {arch} network it names"
            + (f" (missing {', '.join(missing)})" if missing else "")
        )
    for key, tensor in expected.items():
        if not torch.is_tensor(state[key]) or state[key].shape != tensor.shape:
            got = tuple(state[key].shape) if torch.is_tensor(state[key]) else type(state[key]).__name__
            raise ModelFileError(
                f"{path}: weight {key} has shape {got}, but {arch}{args or ''} needs {tuple(tensor.shape)}"
            )
    classes = info.get("classes")
    if classes is not None:
        n_out = _output_size(model)
        wanted = 2 if n_out == 1 else n_out  # one logit: two classes
        if not isinstance(classes, (str, list, tuple)) or len(classes) != wanted:
            count = len(classes) if isinstance(classes, (str, list, tuple)) else type(classes).__name__
            raise ModelFileError(
                f"{path}: it names {count} classes, but the network has {n_out} output(s), "
                f"so it needs {wanted} class names"
            )
    model.load_state_dict(state)
    return model, info


def _stamp(path: Path):
    """What tells that a file was saved again: its identity, size and times (an atomic save makes a new inode)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


_shared: dict[tuple, tuple[object, nn.Module, dict]] = {}


def load_model(
    path: str | Path,
    device: torch.device | str = "cpu",
    hint: str = "",
    architectures: tuple[str, ...] | None = None,
    shared: bool = False,
) -> tuple[nn.Module, dict]:
    """Rebuild the network a model file names, load its weights, and return ``(model, info)`` in ``eval()`` mode.

    Everything in the file is checked first: the architecture (one of ``architectures`` when given) and
    its arguments, then that the weights fit the network, then that there is one class name per output.
    ``hint`` says how to make the file when it is missing. ``shared=True`` keeps one model per file and
    device for a program that answers many requests (the command line, the web app): a file saved again
    is read again; the caller must not change the model it gets.
    """
    path = model_path(path)
    if not shared:
        model, info = _build(path, hint, architectures)
        return model.to(device).eval(), info
    key = (os.path.realpath(path), str(device), hint, architectures)
    stamp = _stamp(path)
    if key not in _shared or _shared[key][0] != stamp or stamp is None:
        model, info = _build(path, hint, architectures)
        _shared[key] = (stamp, model.to(device).eval(), info)
    return _shared[key][1], _shared[key][2]
