"""Helpers for the fdl course notebooks.

Each lesson writes the code it teaches in its own cells; this package keeps a copy of that code for the
later lessons and the command line (a test checks that the two agree), and the plumbing a learner need
not read. Modules, one job each: ``config`` (paths and modes), ``device`` (hardware and seeds),
``registry`` and ``data`` (verified downloads), ``datasets`` (the course's data as tensors), ``models``
(the networks and saving them), ``training`` (training loops), ``exercises`` (the checks of every
exercise), ``plotting`` (pictures of data and curves), ``augment`` (per-image augmentation on the
device), ``images`` (opening photos), ``inference`` and ``predict`` (reading new photos of hands),
``pretrained`` (ImageNet backbones and transfer learning), ``notebook_tools`` (running, cleaning and
handing out the notebooks), ``benchmark`` (every lesson's results and speed).
"""
from .config import is_smoke, models_dir, data_dir
from .device import get_device, seed_everything, synchronize
from .models import MyConvBlock
from .training import get_batch_accuracy


def __getattr__(name: str):
    """``download`` and ``DataError`` are imported on first use, so that ``python -m utils.data`` runs cleanly."""
    if name in ("download", "DataError"):
        from . import data

        return getattr(data, name)
    raise AttributeError(f"module 'utils' has no attribute {name!r}")

__all__ = [
    "DataError", "MyConvBlock", "data_dir", "download", "get_batch_accuracy", "get_device", "is_smoke",
    "models_dir", "seed_everything", "synchronize",
]
