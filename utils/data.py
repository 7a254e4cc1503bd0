"""Fetch the course's data files: sha256-checked, written atomically, from a mirror or upstream.

``download("mnist")`` makes sure every file of a registered data set (see ``utils.registry``) is in
the data folder with the right sha256 and returns the folder. A file that is already there and correct
costs no network access. A missing or damaged file is fetched again: from ``FDL_MIRROR`` when it is set
(a folder or an http(s) base URL laid out like the course mirror), otherwise (or when the mirror lacks
it) from its upstream URL. Every fetch goes to a temporary file that is checked and only then renamed
into place, so an interrupted download or a corrupted copy is never used.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import BinaryIO

from tqdm.auto import tqdm

from . import config
from .registry import REGISTRY, DataFile, Source

CHUNK = 1 << 20
#: Files at least this large get their own progress bar.
BAR_BYTES = 2 << 20
TIMEOUT_S = 30


class DataError(RuntimeError):
    """A data file could not be had: the message says which, where we looked and how to fix it."""


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download(name: str, quiet: bool = False) -> Path:
    """Make sure every file of the registered data set ``name`` is present and correct.

    Returns the data folder the files are in (``data/`` unless ``FDL_DATA`` says otherwise).
    Raises ``DataError`` naming the file, the places tried and the fix when a file cannot be had.
    """
    if name not in REGISTRY:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(sorted(REGISTRY))}")
    files = REGISTRY[name]
    root = config.data_dir()
    many = len(files) > 10 and not quiet
    for entry in tqdm(files, desc=f"checking {name}", unit="file", disable=not many, leave=False):
        fetch(entry, root, quiet=quiet)
    return root


def fetch(entry: DataFile, root: Path | None = None, quiet: bool = False) -> Path:
    """Return the path of one registered file, fetching it if it is missing or its sha256 is wrong."""
    root = Path(root) if root is not None else config.data_dir()
    target = root / entry.path
    if target.is_file():
        if sha256_of(target) == entry.sha256:
            return target
        if not quiet:
            print(f"{target} does not match its sha256: fetching it again.")
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)

    tried: list[str] = []
    for where, source in _sources(entry):
        for attempt in (1, 2):  # a copy with the wrong sha256 is fetched once more before giving up
            try:
                tmp = _retrieve(where, source, entry, target, quiet)
            except (OSError, urllib.error.URLError, zipfile.BadZipFile, EOFError) as err:
                tried.append(f"{where}: {_reason(err)}")
                break
            got = sha256_of(tmp)
            if got == entry.sha256:
                os.replace(tmp, target)  # atomic: the file appears whole or not at all
                return target
            tmp.unlink()
            _forget_archive(source)
            if attempt == 2:
                tried.append(f"{where}: sha256 {got[:12]}... does not match the registry's {entry.sha256[:12]}...")
    raise DataError(_missing_message(entry, target, tried))


def _sources(entry: DataFile) -> list[tuple[str, Source]]:
    """The places to try, in order, as (description, source): the mirror first, then upstream."""
    places = []
    base = config.mirror()
    if base:
        places.append((_join(base, entry.mirror.location), entry.mirror))
    if entry.upstream is not None:
        places.append((entry.upstream.location, entry.upstream))
    return places


def _join(base: str, relative: str) -> str:
    if base.startswith(("http://", "https://")):
        return base.rstrip("/") + "/" + relative
    return str(Path(base).expanduser() / relative)


def _retrieve(where: str, source: Source, entry: DataFile, target: Path, quiet: bool) -> Path:
    """Fetch ``where`` and unpack it into a temporary file next to ``target``; return that file."""
    label = Path(entry.path).name
    if source.unpack == "zip":
        archive = _archive_path(source)
        if not archive.is_file():
            archive.parent.mkdir(parents=True, exist_ok=True)
            part = _copy_to_temp(where, archive, label=archive.name, quiet=quiet)
            os.replace(part, archive)
        return _unzip_member(archive, label, target)
    raw = _copy_to_temp(where, target, label=label, quiet=quiet)
    if source.unpack == "gzip":
        try:
            with gzip.open(raw, "rb") as src:
                return _write_temp(src, target)
        finally:
            raw.unlink()
    return raw


def _copy_to_temp(where: str, target: Path, label: str, quiet: bool) -> Path:
    """Copy a URL or a local file into a temporary file beside ``target``, with a progress bar."""
    if where.startswith(("http://", "https://")):
        request = urllib.request.Request(where, headers={"User-Agent": "fdl-course"})
        stream = urllib.request.urlopen(request, timeout=TIMEOUT_S)
        size = int(stream.headers.get("Content-Length") or 0)
    else:
        path = Path(where)
        if not path.is_file():
            raise FileNotFoundError(f"no such file")
        stream = open(path, "rb")
        size = path.stat().st_size
    with stream:
        return _write_temp(stream, target, size=size, label=label, quiet=quiet)


def _write_temp(src: BinaryIO, target: Path, size: int = 0, label: str = "", quiet: bool = True) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    show = not quiet and size >= BAR_BYTES
    try:
        with os.fdopen(fd, "wb") as out, tqdm(total=size or None, unit="B", unit_scale=True, unit_divisor=1024,
                                              desc=label, disable=not show, leave=False) as bar:
            for block in iter(lambda: src.read(CHUNK), b""):
                out.write(block)
                bar.update(len(block))
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _archive_path(source: Source) -> Path:
    """Where a downloaded zip archive is kept, so that several files can be taken out of one download."""
    key = hashlib.sha1(source.location.encode()).hexdigest()[:12]
    return config.data_dir() / ".downloads" / f"{key}.zip"


def _forget_archive(source: Source) -> None:
    if source.unpack == "zip":
        _archive_path(source).unlink(missing_ok=True)


def _unzip_member(archive: Path, name: str, target: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.namelist() if m.rsplit("/", 1)[-1] == name]
        if not members:
            raise FileNotFoundError(f"the archive has no member named {name}")
        with zf.open(sorted(members, key=len)[0]) as src:
            return _write_temp(src, target)


def _reason(err: BaseException) -> str:
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return f"unreachable ({err.reason})"
    return str(err) or type(err).__name__


def _missing_message(entry: DataFile, target: Path, tried: list[str]) -> str:
    looked = "\n".join(f"  - {t}" for t in tried) or "  - nowhere: no mirror is set and the file has no upstream URL"
    fix = (f"Fix: set FDL_MIRROR to a folder (or an http(s) URL) that holds {entry.mirror.location}, "
           f"e.g. `export FDL_MIRROR=/path/to/shared`")
    if entry.upstream is not None:
        fix += ", or connect to the internet so it can come from its upstream source"
    if config.mirror() is None:
        fix += ". FDL_MIRROR is not set."
    return f"could not get {entry.path} (needed at {target}). Tried:\n{looked}\n{fix}"


def main(argv: list[str] | None = None) -> int:
    """``python -m utils.data [NAME ...]``: fetch and check data sets (default: all of them)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m utils.data", description="Fetch and sha256-check course data.")
    parser.add_argument("names", nargs="*", help=f"data sets to fetch (default: all): {', '.join(REGISTRY)}")
    args = parser.parse_args(argv)
    names = args.names or [n for n, files in REGISTRY.items()
                           if config.mirror() or all(f.upstream is not None for f in files)]
    failed = 0
    for name in names:
        try:
            root = download(name)
            print(f"{name}: {len(REGISTRY[name])} file(s) present and correct in {root}")
        except (DataError, KeyError) as err:
            print(f"{name}: {err}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
