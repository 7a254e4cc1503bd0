"""Choose the hardware to compute on (CUDA, then Apple MPS, then CPU) and make runs repeatable (lesson 01)."""

from __future__ import annotations

import platform
import random
from pathlib import Path

import numpy as np
import torch

from . import settings
from .settings import SettingError

_announced: set[str] = set()


def get_device(verbose: bool = True) -> torch.device:
    """Return the best available device: CUDA if present, else Apple's MPS, else the CPU.

    ``FDL_DEVICE=cpu`` (or ``cuda``, ``mps``) overrides the choice. The choice is printed once per
    process, so a notebook says what it runs on without repeating itself.
    """
    forced = settings.forced_device()
    if forced:
        device = _forced_device(forced)
    elif torch.cuda.is_available():
        device = torch.device("cuda")
    elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        device = torch.device("mps")
    else:
        device = torch.device("cpu")
    if verbose and str(device) not in _announced:
        _announced.add(str(device))
        print(f"Using device: {describe_device(device)}")
    return device


def _forced_device(name: str) -> torch.device:
    """The device ``FDL_DEVICE`` asks for, or a one-line error naming the variable and the choices here."""
    available = (
        ["cpu"]
        + (["cuda"] if torch.cuda.is_available() else [])
        + (["mps"] if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available() else [])
    )
    try:
        device = torch.device(name)
    except RuntimeError:
        raise SettingError(
            f"FDL_DEVICE={name!r} is not a device: choose one of {', '.join(available)} "
            f"(or leave it unset for the best one here)"
        ) from None
    if device.type not in available:
        raise SettingError(
            f"FDL_DEVICE={name!r}, but this machine has no {device.type.upper()} device that "
            f"PyTorch can use: choose one of {', '.join(available)} (or leave it unset)"
        )
    return device


def cpu_model() -> str:
    """The processor's name, e.g. ``AMD EPYC 7B13`` (Linux), or what Python's ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def device_name(device: torch.device) -> str:
    """The hardware behind ``device``: the GPU's name, ``Apple GPU``, or the CPU's model."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    if device.type == "mps":
        return "Apple GPU"
    return cpu_model()


def describe_device(device: torch.device) -> str:
    """A human-readable name such as ``cuda (NVIDIA H100 80GB HBM3)`` or ``cpu (2 threads)``."""
    if device.type == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return f"{device.type} ({device_name(device)})"


def synchronize(device: torch.device | str) -> None:
    """Wait until the GPU (CUDA or MPS) has finished the work queued so far; a no-op on the CPU.

    GPUs run asynchronously, so a clock read right after launching work measures only the launch:
    call this before starting and before stopping a timer.
    """
    kind = torch.device(device).type
    if kind == "cuda":
        torch.cuda.synchronize(device)
    elif kind == "mps":
        torch.mps.synchronize()


def seed_everything(seed: int = 42) -> None:
    """Seed Python, NumPy and PyTorch (CPU and every GPU) so that a run can be repeated exactly.

    Call it before every random step that should be reproducible: building a model (its initial
    weights), shuffling, augmenting.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    if torch.backends.cudnn.is_available():
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
