"""Atomic writes (utils.plumbing.atomic): the usual file mode, and stale temporary files removed."""

from __future__ import annotations

import os
import stat
import time

from utils.plumbing.atomic import STALE_PARTIAL_S, atomic_write


def test_written_files_get_the_usual_mode_and_stale_partials_go(tmp_path):
    old = tmp_path / ".m.pt.abc123.partial"
    old.write_bytes(b"left by a killed save")
    os.utime(old, (time.time() - STALE_PARTIAL_S - 10,) * 2)
    fresh = tmp_path / ".m.pt.def456.partial"
    fresh.write_bytes(b"another process is writing this right now")
    umask = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "m.pt") as f:
            f.write(b"model")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "m.pt").stat().st_mode) == 0o644
    assert not old.exists() and fresh.exists()
