"""Every ``FDL_*`` setting, and where the course keeps its files (from lesson 01 on).

Everything is found relative to the repository, never to the current directory, so the notebooks, the
command line and the tests agree on where data and models live, wherever they are started from. That
holds for relative paths in the variables below too.

Environment variables (all optional):

- ``FDL_MIRROR``: a folder or an http(s) base URL laid out like the course mirror (``data/...``,
  ``weights/...``). Files are taken from there instead of their upstream source, still sha256-checked.
- ``FDL_SMOKE=1``: smoke mode. Full data, but every training loop stops after 1 epoch of a few batches.
- ``FDL_DATA`` / ``FDL_MODELS``: other folders for downloaded data and saved models.
- ``FDL_DEVICE``: force a device (``cpu``, ``cuda``, ``mps``) instead of the automatic choice.
- ``FDL_CUDA_GRAPHS=0``: on CUDA, launch every training step's kernels one by one instead of replaying a
  captured graph (slower; for comparison or debugging).
- ``FDL_BACKBONE``: the ImageNet network of lessons 05 and 06 when the notebooks run through the course's
  runner (``make all``, ``make test``), and of the web app's doggy door (default ``vgg16``).
- ``FDL_VERDICTS``: a file every exercise check appends its verdict to, as a line of JSON (the gradebook
  sets it).
- ``FDL_CHROMIUM``: the Chromium the browser tests and screenshots drive (default: Debian's ``chromium``).

This module is the only one that reads them; a lesson cell never does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import CourseError

REPO_ROOT = Path(__file__).resolve().parent.parent.parent

#: Batches per epoch (train and validation alike) in smoke mode.
SMOKE_BATCHES = 5


class SettingError(CourseError, ValueError):
    """An ``FDL_*`` environment variable holds a value the course cannot use; the message names it and the choices."""


ON = ("1", "true", "yes", "on", "enable", "enabled")
OFF = ("0", "false", "no", "off", "disable", "disabled")


def _flag(name: str, default: bool) -> bool:
    """An on/off environment variable: unset or empty gives ``default``; the usual on/off words, else an error."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ON:
        return True
    if value in OFF:
        return False
    raise SettingError(
        f"{name}={os.environ[name]!r} is neither on nor off: use one of {', '.join(ON)} "
        f"or {', '.join(OFF)} (or leave it unset)"
    )


def _folder(name: str, default: Path) -> Path:
    """A folder named by an environment variable; a relative one counts from the repository, not the
    current folder, so a notebook (run in notebooks/) and `make` (run at the top) agree."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def is_smoke() -> bool:
    """True when ``FDL_SMOKE`` asks for the quick check-everything-runs mode."""
    return _flag("FDL_SMOKE", default=False)


def cuda_graphs_enabled() -> bool:
    """False when ``FDL_CUDA_GRAPHS`` turns the CUDA-graph training step off."""
    return _flag("FDL_CUDA_GRAPHS", default=True)


def data_dir() -> Path:
    """The folder that downloaded data files go into (``data/`` unless ``FDL_DATA`` says otherwise)."""
    return _folder("FDL_DATA", REPO_ROOT / "data")


def models_dir() -> Path:
    """The folder that trained models go into.

    ``models/`` normally; ``models/smoke/`` in smoke mode, so a quick test run never overwrites the
    model a learner trained at full settings.
    """
    base = _folder("FDL_MODELS", REPO_ROOT / "models")
    return base / "smoke" if is_smoke() else base


def mirror() -> str | None:
    """The mirror named by ``FDL_MIRROR`` (a folder, a ``file://`` URL of one, or an http(s) URL), or None.

    A relative folder counts from the repository, like ``FDL_DATA``.
    """
    value = os.environ.get("FDL_MIRROR", "").strip()
    if not value:
        return None
    if value.startswith(("http://", "https://")):
        return value
    if value.startswith("file://"):
        value = unquote(urlparse(value).path)
    elif "://" in value:
        raise SettingError(f"FDL_MIRROR={value!r}: use a folder, a file:// URL or an http(s):// URL")
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else REPO_ROOT / path)


def backbone() -> str:
    """The ImageNet backbone ``FDL_BACKBONE`` names (``vgg16`` when unset); the caller checks that it exists."""
    return os.environ.get("FDL_BACKBONE", "").strip() or "vgg16"


def backbone_is_set() -> bool:
    """Whether ``FDL_BACKBONE`` names a backbone (the runner passes it to lessons 05 and 06 only then)."""
    return bool(os.environ.get("FDL_BACKBONE", "").strip())


def forced_device() -> str | None:
    """The device ``FDL_DEVICE`` forces (``cpu``, ``cuda``, ``mps``), or None for the automatic choice."""
    return os.environ.get("FDL_DEVICE", "").strip().lower() or None


def chromium() -> str:
    """The Chromium executable for browser tests and screenshots: ``FDL_CHROMIUM``, else Debian's."""
    return os.environ.get("FDL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def bar_delay() -> float:
    """Seconds a loop runs before its progress bar shows: ``FDL_BAR_DELAY``, else 1. A quick loop (an
    exercise's check, a copy) then leaves no bar behind in a view without live widgets (GitHub, nbviewer, an
    exported page); ``FDL_BAR_DELAY=0`` shows every bar at once."""
    value = os.environ.get("FDL_BAR_DELAY", "").strip()
    if not value:
        return 1.0
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise SettingError(f"FDL_BAR_DELAY={value!r} is not a number of seconds: use 0 or more (or leave it unset)")
    return seconds


def verdicts_file() -> Path | None:
    """The file ``FDL_VERDICTS`` names, that every exercise check appends its verdict to; None when unset."""
    value = os.environ.get("FDL_VERDICTS", "").strip()
    return Path(value) if value else None
