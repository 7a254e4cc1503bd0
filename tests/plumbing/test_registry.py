"""The registry of every file the course downloads (utils.plumbing.registry): its manifest, its data sets, and
the course mirror it describes."""

from __future__ import annotations

import gzip
import re

import pytest

from utils.plumbing import registry
from utils.plumbing.registry import REGISTRY

from helpers import needs_mirror, real_mirror, sha256_bytes


def test_registry_is_well_formed():
    paths = [f.path for files in REGISTRY.values() for f in files]
    assert len(paths) == len(set(paths))
    for files in REGISTRY.values():
        for f in files:
            assert re.fullmatch(r"[0-9a-f]{64}", f.sha256), f.path
            assert f.upstream is None or f.upstream.location.startswith("https://"), f.path
    assert len(REGISTRY["presidential_doggy_door"]) == 168
    assert len(REGISTRY["mnist"]) == 4 and len(REGISTRY["asl"]) == 2


def test_the_manifest_gives_every_file_to_exactly_one_data_set(tmp_path):
    hashes = registry.read_manifest()
    assert sum(len(files) for files in registry.REGISTRY.values()) == len(hashes)
    files = registry.REGISTRY["asl_letters_roboflow"]
    assert len(files) == 3457  # 1,728 photos, 1,728 labels, the README
    photo = next(f for f in files if f.path.endswith(".jpg"))
    assert photo.upstream.location.startswith(registry.ROBOFLOW_URL) and photo.mirror.location == f"data/{photo.path}"
    bad = tmp_path / "registry.txt"
    bad.write_text("# a comment\nasl_images/a.png " + "0" * 64 + "\nasl_images/b.png not-a-hash\n")
    with pytest.raises(ValueError, match=r"registry.txt:3: expected"):
        registry.read_manifest(bad)
    with pytest.raises(ValueError, match="belongs to 0 data sets"):
        registry.build_registry({"elsewhere/x.png": "0" * 64})


@needs_mirror
def test_registry_matches_the_course_mirror():
    """Every registered file is in the mirror with exactly the registered sha256."""
    mirror = real_mirror()
    for files in REGISTRY.values():
        for f in files:
            raw = (mirror / f.mirror.location).read_bytes()
            content = gzip.decompress(raw) if f.mirror.unpack == "gzip" else raw
            assert sha256_bytes(content) == f.sha256, f.path
