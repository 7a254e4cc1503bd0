"""Where lesson 04b's web app keeps the photos it is sent: a folder of its own, per run, that only its owner may read.

Gradio keeps uploads and answers in one temporary folder shared by every program that uses it
(``/tmp/gradio``), with files others may read, and leaves them there when the app is killed. The app
gives Gradio a folder per run instead (``AppFiles``), inside a folder per user:
``<temp>/fdl-app-<uid>/run-XXXXXXXX/``, ``<temp>`` being ``GRADIO_TEMP_DIR`` when set, else the system's
temporary folder. Both are mode 0700 and owned by the user (checked, not assumed), and the app runs with
umask 077, so no other user of the computer can open a photo, a preview or what the model saw.

- A run holds a lock (``flock``) on a file in its folder while it lives. Each start removes the earlier
  runs' folders whose lock it can take: what ``kill -9``, a crash or a power cut left behind.
- ``close()`` removes the folder: the app calls it when it stops (Ctrl+C, ``kill``, closing the terminal).
- ``sweep()``, every few seconds: an upload that no request has used is deleted after
  ``UNUSED_SECONDS``, an upload that was used and every answer after ``KEEP_SECONDS``, and so are a failed
  upload's partial files as soon as no upload is under way.
- ``UploadGuard`` (the upload route's middleware): an upload is refused with one clear line when it is
  larger than ``MAX_UPLOAD_BYTES`` (413) or the disk has no room for it (507); when the disk fills up
  during an upload anyway (ENOSPC), its partial file is deleted and the same clear line is sent; the
  oldest files go first when the run would hold more than ``MAX_HELD_BYTES`` (``held``: counted by each
  sweep and kept up to date between sweeps, so that an upload lists the folder only near that limit).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from ..plumbing.errors import CourseError

#: Uploads no request used are deleted after this many seconds (the page uses an upload at once).
UNUSED_SECONDS = 120
#: Uploads a request used, and the answers' pictures, are deleted after an hour (the page may show them again).
KEEP_SECONDS = 3600
#: The largest upload: a phone's photo is 2-12 MB as a JPEG; a 16-megapixel PNG photo fits too.
MAX_UPLOAD_BYTES = 32 * 2**20
#: The most a run keeps on disk: past it, the oldest files are deleted first.
MAX_HELD_BYTES = 2**30
#: An upload is refused unless the disk keeps this much free after it.
RESERVE_BYTES = 16 * 2**20
SWEEP_SECONDS = 10
RUN_PREFIX = "run-"
LOCK_NAME = ".lock"
ANSWERS = "answers"
DISK_FULL = (
    "The disk of the computer running the app is full, so it cannot take this photo: free some space "
    "there (or ask whoever runs the app to), then upload it again."
)
_UPLOAD_DIR = re.compile(r"[0-9a-f]{64}")  # Gradio keeps an upload in a folder named by its content's hash
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class AppFilesError(CourseError, OSError):
    """The app cannot make a private folder for the photos; the message names the folder and what is wrong."""


def private_folder(path: Path) -> Path:
    """``path`` as a folder only this user may enter: made with mode 0700, or checked to be ours and tightened."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise AppFilesError(f"{path}: is not a folder (a link, or a file), so the app will not keep photos in it")
    if st.st_uid != os.getuid():
        raise AppFilesError(
            f"{path}: belongs to another user, so the app will not keep photos in it; "
            f"remove it, or set GRADIO_TEMP_DIR to a folder of yours"
        )
    if st.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def _lock(path: Path, blocking: bool):
    """An open file holding an exclusive ``flock`` on ``path``; None when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _stat(path: Path) -> os.stat_result | None:
    """``path``'s status, or None when it has gone (Gradio renames an upload's temporary file at any moment)."""
    try:
        return path.stat()
    except OSError:
        return None


class AppFiles:
    """The app's folder for one run: made private, earlier runs' leftovers removed, swept while it runs."""

    def __init__(self, base: str | Path | None = None):
        base = Path(base or os.environ.get("GRADIO_TEMP_DIR") or tempfile.gettempdir())
        self.user_folder = private_folder(base / f"fdl-app-{os.getuid()}")
        self.used: set[str] = set()
        self.uploads_in_flight = 0
        self.failed_upload = False
        self._guard = threading.Lock()
        #: What the run holds, in bytes: counted by each sweep, plus what was taken or saved since. An upload
        #: lists the folder only when this nears ``MAX_HELD_BYTES`` (listing thousands of files costs ~70 ms).
        self.held = 0
        starting = _lock(self.user_folder / LOCK_NAME, blocking=True)  # one start at a time
        try:
            self.leftovers = self._remove_leftovers()
            self.path = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=self.user_folder))
            self._run_lock = _lock(self.path / LOCK_NAME, blocking=True)
        finally:
            os.close(starting)

    def _remove_leftovers(self) -> int:
        """Remove the folders of earlier runs that no process holds any more; how many were removed."""
        removed = 0
        for folder in self.user_folder.glob(f"{RUN_PREFIX}*"):
            lock = _lock(folder / LOCK_NAME, blocking=False) if folder.is_dir() else None
            if lock is not None:  # its run is gone: kill -9, a crash, a power cut
                shutil.rmtree(folder, ignore_errors=True)
                os.close(lock)
                removed += 1
        return removed

    def close(self) -> None:
        """Delete every photo, preview and answer of this run, and the folder itself."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._run_lock is not None:
            os.close(self._run_lock)
            self._run_lock = None

    # ----------------------------------------------------------------------------------------------------
    # What the handlers do with files

    def take(self, payload) -> str | None:
        """The path of the photo a request sends (Gradio's file data, unprocessed), noted as used."""
        path = payload.get("path") if isinstance(payload, dict) else payload
        if not path:
            return None
        with self._guard:
            self.used.add(os.path.realpath(path))
        return str(path)

    def answer_file(self, image, name: str) -> str | None:
        """Save a picture of an answer where only this request's answer lives, so that no other request ever
        rewrites a file while it is being sent (Gradio's own cache names files by their content, and
        rewrites the shared copy). None for no picture, or when the disk is full."""
        if image is None:
            return None
        folder = self.path / ANSWERS / secrets.token_hex(8)
        try:
            folder.mkdir(parents=True, mode=0o700)
            image.save(folder / name)
            self._add((folder / name).stat().st_size)
        except OSError as err:
            shutil.rmtree(folder, ignore_errors=True)
            if err.errno in _NO_SPACE:
                return None
            raise
        return str(folder / name)

    # ----------------------------------------------------------------------------------------------------
    # Keeping the folder small

    def files(self) -> list[Path]:
        """The run's files, as listed at one moment: any of them may be gone the next (other requests, Gradio's
        renames), so whoever looks at one expects it to be missing. A folder that goes while listed is skipped."""
        return [
            Path(root, name)
            for root, _, names in os.walk(self.path)  # os.walk, unlike rglob, skips a folder gone while listed
            for name in names
            if name != LOCK_NAME
        ]

    def folders(self) -> list[Path]:
        """The run's folders below its own, deepest first."""
        found = [Path(root, name) for root, names, _ in os.walk(self.path) for name in names]
        return sorted(found, key=lambda p: -len(p.parts))

    def _add(self, size: int) -> None:
        with self._guard:
            self.held += size

    def held_bytes(self) -> int:
        return sum(status.st_size for status in map(_stat, self.files()) if status is not None)

    def sweep(self, now: float | None = None) -> list[Path]:
        """Delete what no one needs any more (see the module's docstring); the files deleted."""
        now = time.time() if now is None else now
        deleted, held = [], 0
        for path in self.files():
            status = _stat(path)
            if status is None or not stat.S_ISREG(status.st_mode):
                continue
            held += status.st_size
            age = now - status.st_ctime
            parent = path.parent
            if parent == self.path:  # a partial upload (Gradio writes tmpXXXX here first), or Gradio's own files
                stale = path.name.startswith("tmp") and self.uploads_in_flight == 0 and self.failed_upload
            elif _UPLOAD_DIR.fullmatch(parent.name) and parent.parent == self.path:
                stale = age > (KEEP_SECONDS if os.path.realpath(path) in self.used else UNUSED_SECONDS)
            else:
                stale = age > KEEP_SECONDS and parent.parent.name == ANSWERS
            if stale:
                with contextlib.suppress(OSError):
                    if parent == self.path:  # Gradio may still hold a failed upload's file open: free its space
                        os.truncate(path, 0)
                    path.unlink()
                    deleted.append(path)
                    held -= status.st_size
        if self.uploads_in_flight == 0:
            self.failed_upload = False
        for folder in self.folders():
            with contextlib.suppress(OSError):
                if now - folder.stat().st_mtime > SWEEP_SECONDS:
                    folder.rmdir()  # only when empty
        with self._guard:
            self.used -= {os.path.realpath(p) for p in deleted}
            self.held = held
        return deleted

    def make_room(self, incoming: int) -> None:
        """Delete the oldest files until the run holds at most ``MAX_HELD_BYTES`` with ``incoming`` more."""
        statuses = ((path, _stat(path)) for path in self.files())  # each file looked at once: it may go at any time
        files = sorted((s.st_ctime, s.st_size, path) for path, s in statuses if s is not None)
        held = sum(size for _, size, _ in files)
        for _, size, oldest in files:
            if held + incoming <= MAX_HELD_BYTES:
                break
            held -= size
            with contextlib.suppress(OSError):
                oldest.unlink()
        with self._guard:
            self.held = held

    def upload_problem(self, length: int | None) -> tuple[int, str] | None:
        """Why an upload of ``length`` bytes is refused before a byte is written, as (HTTP status, message)."""
        if length is not None and length > MAX_UPLOAD_BYTES + 64 * 1024:  # the form's own bytes aside
            return 413, (
                f"This file is {length / 2**20:.0f} MB: the app takes photos of up to "
                f"{MAX_UPLOAD_BYTES / 2**20:.0f} MB. Send a smaller one (a JPEG from a phone is 2-12 MB)."
            )
        if shutil.disk_usage(self.path).free < (length or 0) + RESERVE_BYTES:
            return 507, DISK_FULL
        if self.held + (length or 0) > MAX_HELD_BYTES:  # near the limit: look at what the run holds
            self.make_room(length or 0)
        self._add(length or 0)
        return None

    async def sweeping(self):
        """Sweep every ``SWEEP_SECONDS`` while the server runs (a task of its lifespan)."""
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            await asyncio.to_thread(self.sweep)

    def lifespan(self, app):
        """The server's lifespan (FastAPI's ``lifespan``): the sweep runs while it serves."""

        @contextlib.asynccontextmanager
        async def running(app):
            task = asyncio.create_task(self.sweeping())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

        return running(app)


class UploadGuard:
    """ASGI middleware of Gradio's upload route (``/gradio_api/upload``): refuses what would not fit, in one line,
    and cleans up after an upload the disk had no room for."""

    def __init__(self, app, files: AppFiles):
        self.app, self.files = app, files

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].endswith("/gradio_api/upload"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        try:
            length = int(headers.get(b"content-length", b""))
        except ValueError:
            length = None
        problem = await asyncio.to_thread(self.files.upload_problem, length)
        if problem is not None:
            await _drain(receive)
            return await _reply(send, *problem)
        answered = read_all = False

        async def receiving():
            nonlocal read_all
            message = await receive()
            read_all = read_all or message["type"] != "http.request" or not message.get("more_body")
            return message

        async def sending(message):
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        self.files.uploads_in_flight += 1
        try:
            await self.app(scope, receiving, sending)
        except BaseException as err:  # a partial file may be left: a full disk, a client gone, a cancellation
            self.files.failed_upload = True
            await self._done()  # the partial file is gone before the answer goes out
            if not isinstance(err, OSError) or err.errno not in _NO_SPACE:
                raise
            if not answered:
                if not read_all:
                    await _drain(receiving)
                await _reply(send, 507, DISK_FULL)
        else:
            await self._done()

    async def _done(self) -> None:
        """An upload is over: once none is under way, sweep what failed ones left (partial files)."""
        self.files.uploads_in_flight -= 1
        if self.files.failed_upload and self.files.uploads_in_flight == 0:
            await asyncio.to_thread(self.files.sweep)


async def _drain(receive) -> None:
    """Read the rest of a request's body (and drop it), so that the client gets to read the answer."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


async def _reply(send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
