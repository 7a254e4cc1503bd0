"""Fetch the course's data files (from lesson 01 on): sha256-checked, written atomically, from a mirror or upstream.

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
import http.client
import os
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import BinaryIO

from tqdm.auto import tqdm

from . import settings
from .atomic import temp_beside
from .errors import CourseError
from .registry import REGISTRY, DataFile, Source

CHUNK = 1 << 20
#: Files at least this large get their own progress bar.
BAR_BYTES = 2 << 20
#: Seconds one read from the network may wait for the next bytes.
TIMEOUT_S = 30
#: A download from the network must finish within this many seconds overall ...
DEADLINE_S = 3600
#: ... and, once GRACE_S seconds have passed, keep up at least this average speed (bytes per second).
MIN_RATE = 20_000
GRACE_S = 60
#: An archive may unpack to at most this many times its own size (the course's CSVs: about 3.5 times), so
#: a small hostile file cannot fill the disk before its sha256 is checked.
MAX_UNPACK_RATIO = 20


class DataError(CourseError, RuntimeError):
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
    root = settings.data_dir()
    many = len(files) > 10 and not quiet
    # Files already in place are checked in well under a second: no bar. A slow pass (a first download)
    # shows one and leaves it, finished, as the cell's record of what was fetched.
    for entry in tqdm(files, desc=f"checking {name}", unit="file", disable=not many, delay=settings.bar_delay()):
        fetch(entry, root, quiet=quiet)
    return root


def fetch(entry: DataFile, root: Path | None = None, quiet: bool = False) -> Path:
    """Return the path of one registered file, fetching it if it is missing or its sha256 is wrong."""
    root = Path(root) if root is not None else settings.data_dir()
    target = root / entry.path
    try:
        digest = sha256_of(target) if target.is_file() else None
    except FileNotFoundError:  # another process, repairing it too, removed it between the two looks
        digest = None
    if digest == entry.sha256:
        return target
    if digest is not None:
        if not quiet:
            print(f"{target} does not match its sha256: fetching it again.")
        target.unlink(missing_ok=True)  # another process (a notebook, `make data`) may be repairing it too
    target.parent.mkdir(parents=True, exist_ok=True)

    tried: list[str] = []
    for where, source in _sources(entry):
        for attempt in (1, 2):  # a copy with the wrong sha256 is fetched once more before giving up
            try:
                tmp = _retrieve(where, source, entry, target, quiet)
            except (OSError, urllib.error.URLError, http.client.HTTPException, zipfile.BadZipFile, EOFError) as err:
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
    base = settings.mirror()
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
        if archive.is_file():
            try:
                return _unzip_member(archive, label, target)
            except (zipfile.BadZipFile, EOFError, OSError) as err:
                if not quiet:
                    print(
                        f"{archive} (the archive downloaded earlier from {where}) cannot be read "
                        f"({_reason(err)}): removing it and downloading it again."
                    )
                archive.unlink(missing_ok=True)
        archive.parent.mkdir(parents=True, exist_ok=True)
        part = _copy_to_temp(where, archive, label=archive.name, quiet=quiet)
        if not zipfile.is_zipfile(part):
            part.unlink()
            raise zipfile.BadZipFile("what arrived is not a complete zip archive; it was not kept")
        os.replace(part, archive)
        return _unzip_member(archive, label, target)
    raw = _copy_to_temp(where, target, label=label, quiet=quiet)
    if source.unpack == "gzip":
        try:
            with gzip.open(raw, "rb") as src:
                return _write_temp(src, target, limit=MAX_UNPACK_RATIO * raw.stat().st_size + CHUNK)
        finally:
            raw.unlink()
    return raw


def _copy_to_temp(where: str, target: Path, label: str, quiet: bool) -> Path:
    """Copy a URL or a local file into a temporary file beside ``target``, with a progress bar."""
    network = where.startswith(("http://", "https://"))
    if network:
        request = urllib.request.Request(where, headers={"User-Agent": "fdl-course"})
        stream = urllib.request.urlopen(request, timeout=TIMEOUT_S)
        size = int(stream.headers.get("Content-Length") or 0)
    else:
        path = Path(where)
        if not path.is_file():
            raise FileNotFoundError("no such file")
        stream = open(path, "rb")
        size = path.stat().st_size
    with stream:
        tmp = _write_temp(stream, target, size=size, label=label, quiet=quiet, network=network)
    written = tmp.stat().st_size
    if size and written != size:  # the connection closed early: never keep half a file
        tmp.unlink()
        raise OSError(f"incomplete download: {written:,} of {size:,} bytes arrived")
    return tmp


def _write_temp(
    src: BinaryIO,
    target: Path,
    size: int = 0,
    label: str = "",
    quiet: bool = True,
    network: bool = False,
    limit: int | None = None,
) -> Path:
    """Copy ``src`` into a new temporary file beside ``target`` (readable like any file the user makes).

    From the network, the copy must finish within ``DEADLINE_S`` and, after ``GRACE_S``, keep up
    ``MIN_RATE`` bytes per second on average; otherwise it stops with ``TimeoutError``. Unpacking stops
    with an error once it has written more than ``limit`` bytes.
    """
    out, name = temp_beside(target)
    show = not quiet and size >= BAR_BYTES
    read = getattr(src, "read1", src.read) if network else src.read  # read1: return as soon as bytes arrive
    start, done = time.monotonic(), 0
    try:
        with (
            out,
            tqdm(
                total=size or None,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=label,
                disable=not show,
                leave=False,
                delay=settings.bar_delay(),
            ) as bar,
        ):
            for block in iter(lambda: read(CHUNK), b""):
                out.write(block)
                bar.update(len(block))
                done += len(block)
                if limit is not None and done > limit:
                    raise OSError(
                        f"unpacks to more than {limit:,} bytes, far more than an archive of its size "
                        f"should: not a course file"
                    )
                if network:
                    _check_pace(label or target.name, done, time.monotonic() - start)
    except BaseException:
        name.unlink(missing_ok=True)
        raise
    return name


def _check_pace(label: str, done: int, elapsed: float) -> None:
    if elapsed > DEADLINE_S or (elapsed > GRACE_S and done / elapsed < MIN_RATE):
        raise TimeoutError(
            f"too slow: {label} sent {done:,} bytes in {elapsed:.0f} s (at least {MIN_RATE:,} "
            f"bytes/s and {DEADLINE_S} s in all are allowed); gave up on this source"
        )


def _archive_path(source: Source) -> Path:
    """Where a downloaded zip archive is kept, so that several files can be taken out of one download."""
    key = hashlib.sha1(source.location.encode()).hexdigest()[:12]
    return settings.data_dir() / ".downloads" / f"{key}.zip"


def _forget_archive(source: Source) -> None:
    if source.unpack == "zip":
        _archive_path(source).unlink(missing_ok=True)


def _unzip_member(archive: Path, name: str, target: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.namelist() if m.rsplit("/", 1)[-1] == name]
        if not members:
            raise FileNotFoundError(f"the archive has no member named {name}")
        member = zf.getinfo(sorted(members, key=len)[0])
        with zf.open(member) as src:
            return _write_temp(src, target, limit=MAX_UNPACK_RATIO * member.compress_size + CHUNK)


def _reason(err: BaseException) -> str:
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return f"unreachable ({err.reason})"
    if isinstance(err, http.client.IncompleteRead):
        return f"incomplete download: the connection closed after {len(err.partial):,} bytes"
    if isinstance(err, (TimeoutError, http.client.HTTPException)) and not str(err):
        return f"{type(err).__name__}: the server stopped answering"
    return str(err) or type(err).__name__


def _missing_message(entry: DataFile, target: Path, tried: list[str]) -> str:
    looked = "; ".join(tried) or "nowhere: no mirror is set and the file has no upstream URL"
    fix = (
        f"Fix: set FDL_MIRROR to a folder (or an http(s) URL) that holds {entry.mirror.location}, "
        f"e.g. `export FDL_MIRROR=/path/to/shared`"
    )
    if entry.upstream is not None:
        fix += ", or connect to the internet so it can come from its upstream source"
    if settings.mirror() is None:
        fix += ". FDL_MIRROR is not set."
    return f"could not get {entry.path} (needed at {target}). Tried: {looked}. {fix}"
