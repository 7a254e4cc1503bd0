"""Write files so that they appear whole or not at all (downloads from lesson 01 on, saved models from 04a).

A file is written to a temporary ``.<name>.*.partial`` file beside its target and then renamed onto the
target in one step, so a crash or a killed process never leaves half a file under the real name. The
temporary file gets the usual permissions of a new file (0666 less the umask), so a saved model or data
file can be read by other users of a shared course machine. Temporary files of the same target left
behind by a killed process long ago are removed the next time that target is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: A ``.partial`` file older than this was left by a download or save that was killed.
STALE_PARTIAL_S = 2 * 3600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_partials(target: Path, older_than: float = STALE_PARTIAL_S) -> list[Path]:
    """Remove the temporary files of ``target`` older than ``older_than`` seconds; return what was removed."""
    removed, now = [], time.time()
    for old in Path(target).parent.glob(f".{Path(target).name}.*.partial"):
        try:
            if now - old.stat().st_mtime > older_than:
                old.unlink()
                removed.append(old)
        except OSError:  # another process got there first
            pass
    return removed


def temp_beside(target: str | Path) -> tuple[BinaryIO, Path]:
    """A new temporary file beside ``target``, opened for binary writing, and its path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.chmod(name, 0o666 & ~_umask())
    return os.fdopen(fd, "wb"), Path(name)


@contextlib.contextmanager
def atomic_write(target: str | Path) -> Iterator[BinaryIO]:
    """``with atomic_write(path) as f: f.write(...)``: ``path`` gets the bytes whole, or is left as it was."""
    out, tmp = temp_beside(target)
    try:
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
