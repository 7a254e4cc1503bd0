"""Helpers the tests import: hashing bytes, and finding the course mirror."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def real_mirror() -> Path | None:
    """The course mirror named by FDL_MIRROR, if it is a local folder (CI sets it to ../shared)."""
    value = os.environ.get("FDL_MIRROR", "")
    return Path(value) if value and Path(value).is_dir() else None


needs_mirror = pytest.mark.skipif(real_mirror() is None, reason="needs FDL_MIRROR pointing at the course mirror")
