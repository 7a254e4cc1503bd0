"""The web app under a classroom (``python -m utils.app`` on loopback, driven over Gradio's HTTP API as the page
drives it): many users sending the same photo at once, the largest pictures and the server's memory, a disk
that fills up, the ways the app is stopped, who else may read the photos, the webcam endpoints, the size of
an upload, the run history, and a model saved after the start.

These check what happens (no failed request, every answer right, memory under a ceiling, no file left or
readable by others), never how fast: ``make app-benchmark`` measures (utils.tools.app_benchmark, whose
client these tests share).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import struct
import tempfile
import threading
import zlib
from pathlib import Path

import httpx
import numpy as np
import psutil
import pytest
import torch
from PIL import Image

from utils.app import web
from utils.app.readers import REAL_HANDS_MODEL_FILE, SIGN_MODELS
from utils.networks import dense_net
from utils.plumbing import images
from utils.tools import screenshots
from utils.tools.app_benchmark import (
    Api,
    big_picture,
    course_photo,
    files_under,
    nobody_reads,
    read_sign,
    small_disk,
    upload_as_stream,
)

from helpers import course_photos, needs_mirror, save_letter_reader, save_real_hands_model, train_letter_reader

#: The largest picture the app decodes (``images.MAX_DECODED_PIXELS``): 4096 x 4096.
LARGEST_SIDE = 4096
#: How far above its idle memory the server may go while the largest pictures are sent (see the README): one
#: large picture decoded at a time (at most 64 MB as RGBA, 16-bit grey scaled down in bands), three small
#: requests beside it, and what the allocator keeps.
MEMORY_CEILING_MB = 300


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    save_letter_reader(folder, train_letter_reader(course_photos()))
    return folder


def start(models, base, **env):
    return screenshots.running_app(models, backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(base), **env)


@pytest.fixture(scope="module")
def classroom(models, tmp_path_factory):
    """One app for the tests that only send photos: its files under ``app.base``."""
    base = tmp_path_factory.mktemp("classroom")
    with start(models, base) as app:
        app.base, app.api = base, Api(app.url)
        yield app


def users_at_once(count: int, work) -> list:
    """Run ``work(client)`` in ``count`` threads at once; what each returned."""
    results, barrier = [], threading.Barrier(count)

    def user():
        with httpx.Client(timeout=180) as client:
            barrier.wait()
            results.append(work(client))

    threads = [threading.Thread(target=user) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def answer_line(result) -> str:
    """The first line a user sees (the letter read, or a one-line message), or what went wrong."""
    answer, problems = result
    return "; ".join(problems) if problems else answer.splitlines()[0].removeprefix("## ")


@pytest.mark.slow
@needs_mirror
def test_32_users_sending_the_same_photo_at_once_all_get_it_right(classroom):
    """The classroom case: everyone tries the course's a.png. Gradio's cache of answers, named by content, used
    to rewrite the shared picture while another response was sending it (8-19% of requests failed)."""
    photo = course_photo("a")
    results = users_at_once(32, lambda client: [read_sign(client, classroom.api, photo) for _ in range(3)])
    results = [r for rs in results for r in rs]
    assert len(results) == 96
    assert [p for _, p in results if p] == [], "some requests failed"
    assert all(answer.startswith("## A\n") for answer, _ in results), "some answers were wrong"


@pytest.mark.slow
@needs_mirror
def test_every_upload_leaves_only_its_photo_and_answer(classroom):
    """Gradio's file box made an empty temporary file per upload and never deleted it."""
    for letter in "ab":
        assert answer_line(read_sign(httpx.Client(timeout=60), classroom.api, course_photo(letter))) == letter.upper()
    assert [p.name for p in files_under(classroom.base) if p.stat().st_size == 0] == []


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG that says it is ``width`` x ``height`` and holds no pixels: only its header is ever read."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    return path


@pytest.mark.slow
@needs_mirror
def test_the_webcam_endpoints_open_photos_as_the_upload_boxes_do(classroom, tmp_path):
    """The browser's camera sends PNGs, but anyone can call the webcam endpoint: the same opening, checks and
    one-line messages as an upload (Gradio decoded those itself: a generic error, a 16-bit PNG all white)."""
    grey16 = tmp_path / "grey16.png"
    Image.fromarray(np.array(Image.open(course_photo("a")).convert("L")).astype(np.uint16) * 257).save(grey16)
    notes, empty = tmp_path / "notes.txt", tmp_path / "empty.png"
    notes.write_text("not an image\n")
    empty.write_bytes(b"")
    huge = png_header(tmp_path / "huge.png", 30000, 30000)
    with httpx.Client(timeout=60) as client:
        for photo, expected in [
            (grey16, "A"),
            (notes, "⚠️ notes.txt: is not an image (PNG, JPEG, ... expected)"),
            (empty, "⚠️ empty.png: the file is empty"),
            (huge, "⚠️ huge.png: too large to open safely"),
        ]:
            by_upload = answer_line(read_sign(client, classroom.api, photo))
            by_webcam = answer_line(read_sign(client, classroom.api, photo, classroom.api.webcam))
            assert by_upload.startswith(expected) and by_webcam == by_upload, (photo.name, by_upload, by_webcam)


@pytest.mark.slow
@needs_mirror
def test_an_upload_too_large_for_a_photo_is_refused_and_not_kept(classroom):
    """Uploads of 50 MB that belonged to no request were taken and kept until the app stopped."""
    before = sum(p.stat().st_size for p in files_under(classroom.base))
    response = httpx.post(
        f"{classroom.url}/gradio_api/upload", files={"files": ("big.bin", b"\0" * (33 * 2**20))}, timeout=60
    )
    assert response.status_code == 413 and "the app takes photos of up to 32 MB" in response.text
    assert sum(p.stat().st_size for p in files_under(classroom.base)) == before


@pytest.mark.slow
@needs_mirror
def test_the_browser_keeps_no_run_history(classroom):
    """Gradio's "Runs" page showed every earlier photo to the next person using that browser."""
    config = httpx.get(f"{classroom.url}/config", timeout=30).json()
    assert config["run_history"] is False and "runs" not in config["footer_links"]
    assert httpx.get(f"{classroom.url}/gradio_api/runs", timeout=30).status_code == 404


@pytest.mark.slow
@needs_mirror
def test_the_largest_pictures_keep_the_server_under_its_memory_ceiling(models, tmp_path):
    """Pictures at the limit, in the costliest modes, and pictures past it, all at once: the server stays within
    MEMORY_CEILING_MB of its idle memory, refuses the larger ones in one line, and answers a.png right after."""
    assert images.MAX_DECODED_PIXELS == LARGEST_SIDE**2
    side = LARGEST_SIDE
    rgba = tmp_path / "rgba.png"
    Image.new("RGBA", (side, side), (200, 180, 160, 255)).save(rgba)
    grey16 = tmp_path / "grey16.png"
    Image.fromarray(np.full((side, side), 40000, np.uint16)).save(grey16)
    too_large = big_picture(tmp_path, 9000)
    pictures = [rgba, grey16, too_large] * 2
    with start(models, tmp_path / "app") as app:
        api, server = Api(app.url), psutil.Process(app.process.pid)
        with httpx.Client(timeout=60) as client:
            read_sign(client, api, course_photo("a"))
        idle, peak, done = server.memory_info().rss, [0], threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], server.memory_info().rss)
                done.wait(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        waiting = list(pictures)

        def send(client):
            picture = waiting.pop()
            return picture, read_sign(client, api, picture)

        results = users_at_once(len(pictures), send)
        done.set()
        sampler.join()
        with httpx.Client(timeout=60) as client:
            after = answer_line(read_sign(client, api, course_photo("a")))
    grew = (peak[0] - idle) / 2**20
    print(f"\nserver memory: {idle / 2**20:.0f} MB idle, {grew:.0f} MB more at the peak")
    assert grew < MEMORY_CEILING_MB, f"the server grew by {grew:.0f} MB"
    for picture, result in results:
        line = answer_line(result)
        if picture == too_large:
            assert line.startswith("⚠️ big_9000.png: 9000x9000 pixels is too large to be worth decoding"), line
        else:
            assert len(line) == 1, (picture.name, line)  # a letter
    assert after == "A"


@pytest.mark.slow
@needs_mirror
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_no_photo_is_left_once_the_app_stops(models, tmp_path, stop):
    """Ctrl+C, kill and closing the terminal: the app stops and deletes every photo, preview and answer."""
    with start(models, tmp_path) as app:
        with httpx.Client(timeout=60) as client:
            assert answer_line(read_sign(client, Api(app.url), course_photo("a"))) == "A"
        assert files_under(tmp_path)
        app.process.send_signal(getattr(signal, stop))
        status = app.process.wait(timeout=30)
    assert status == 0 and files_under(tmp_path) == []


@pytest.mark.slow
@needs_mirror
def test_the_start_after_a_kill_9_deletes_the_photos_left(models, tmp_path):
    with start(models, tmp_path) as app:
        with httpx.Client(timeout=60) as client:
            read_sign(client, Api(app.url), course_photo("a"))
        app.process.kill()
        app.process.wait(timeout=30)
    assert files_under(tmp_path), "kill -9 leaves the photos (nothing can run then)"
    with start(models, tmp_path):
        assert files_under(tmp_path) == []


@pytest.mark.slow
@needs_mirror
def test_no_other_user_may_read_the_photos(models):
    """In a folder everyone may enter, as /tmp: the app's folders are 0700 and its files 0600; the user nobody
    (when this test runs as root) cannot read a photo, a preview or what the model saw."""
    base = Path(tempfile.mkdtemp(prefix="fdl-test-", dir="/tmp"))
    try:
        base.chmod(0o755)
        with start(models, base) as app:
            with httpx.Client(timeout=60) as client:
                assert answer_line(read_sign(client, Api(app.url), course_photo("a"))) == "A"
            kept = [p for p in base.rglob("*") if p.name != ".lock"]
            assert [p for p in kept if p.is_file() and p.suffix in (".png", ".webp")], "no photo was kept"
            loose = [str(p.relative_to(base)) for p in kept if stat.S_IMODE(p.stat().st_mode) & 0o077]
            assert loose == [], "others may read or enter these"
            readable = [nobody_reads(p) for p in kept if p.is_file()]
            assert True not in readable, "the user nobody read a photo"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.slow
@needs_mirror
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small disk (tmpfs) needs root")
def test_a_full_disk_gets_a_clear_line_and_the_app_goes_on(models, tmp_path):
    """A 20 MB upload with no length given meets ENOSPC on a disk with 18 MB free: one clear line (HTTP 507), no
    partial file left, and the next photo is read; with 2 MB free, a clear line; freed, it works again."""
    noise = tmp_path / "noise.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (2600, 2600, 3), np.uint8)).save(noise)
    with small_disk(tmp_path / "disk", "64m") as disk:
        if disk is None:
            pytest.skip("no tmpfs could be mounted here")
        filler = disk / "filler"

        def leave(mb):
            with open(filler, "ab") as f:
                f.write(b"\0" * max(0, shutil.disk_usage(disk).free - mb * 2**20))

        with start(models, disk / "app") as app, httpx.Client(timeout=60) as client:
            api = Api(app.url)
            assert answer_line(read_sign(client, api, course_photo("a"))) == "A"
            leave(18)
            response = upload_as_stream(client, app.url, noise)
            assert response.status_code == 507 and "disk of the computer running the app is full" in response.text
            assert not [p for p in files_under(disk / "app") if p.name.startswith("tmp")], "a partial file is left"
            assert answer_line(read_sign(client, api, course_photo("b"))) == "B"
            leave(2)
            line = answer_line(read_sign(client, api, course_photo("a")))
            assert line.startswith("upload: HTTP 507") and "disk of the computer running the app is full" in line
            filler.unlink()
            assert answer_line(read_sign(client, api, course_photo("a"))) == "A"


@pytest.mark.slow
@needs_mirror
def test_lesson_06s_model_saved_after_the_start_is_taken_over_the_api(tmp_path):
    """The page lists the models saved when it loads; the API refused lesson 06's model until a restart."""
    models = tmp_path / "models"
    save_letter_reader(models, train_letter_reader(course_photos()))
    with start(models, tmp_path / "app") as app, httpx.Client(timeout=60) as client:
        api = Api(app.url)
        save_real_hands_model(models / REAL_HANDS_MODEL_FILE)
        api.model = list(SIGN_MODELS)[1]
        answer, problems = read_sign(client, api, course_photo("a"))
    assert problems == [] and answer.startswith("## ") and "The model reads the letter" in answer


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The app, started in this process on a free port (an untrained letter reader, no door network)."""
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable"))
    )
    torch.manual_seed(0)
    save_letter_reader(tmp_path / "models", dense_net(24).eval())
    demo = web.build_app(tmp_path / "models", backbone="squeezenet1_1", device="cpu")
    web.launch(demo, port=None, prevent_thread_lock=True)
    yield demo
    web.close(demo)


def test_a_disk_that_fills_up_during_an_upload(served, tmp_path, monkeypatch, app_files_in_tmp):
    """ENOSPC once 100 kB are written (injected into Gradio's own upload code, so that no small disk is needed):
    one clear line (HTTP 507), no partial file left, and the next upload works."""
    from gradio import route_utils  # noqa: PLC0415 - the test reaches into Gradio's upload code

    write = route_utils.GradioUploadFile.write

    async def filling_up(self, data):
        if (self.size or 0) + len(data) > 100_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        await write(self, data)

    photo = tmp_path / "noise.png"
    Image.frombytes("L", (600, 600), os.urandom(360_000)).save(photo)
    url = f"{served.local_url}gradio_api/upload"
    monkeypatch.setattr(route_utils.GradioUploadFile, "write", filling_up)
    response = httpx.post(url, files={"files": (photo.name, photo.read_bytes())}, timeout=60)
    assert response.status_code == 507 and "disk of the computer running the app is full" in response.text
    monkeypatch.setattr(route_utils.GradioUploadFile, "write", write)
    assert files_under(app_files_in_tmp) == [], "the failed upload left a partial file"
    response = httpx.post(url, files={"files": (photo.name, photo.read_bytes())}, timeout=60)
    assert response.status_code == 200 and os.path.getsize(response.json()[0]) == photo.stat().st_size


def test_every_model_event_shares_a_bounded_queue(served):
    """Five endpoints, each with a slot of its own, let five large pictures be decoded at once: they share
    ``web.WORKERS`` slots now, and at most ``web.QUEUE_SIZE`` requests wait."""
    events = [f for f in served.fns.values() if any(type(b).__name__ in ("File", "Image") for b in f.inputs)]
    assert len(events) == 5  # the two tabs' upload boxes and webcams, and the choice of the sign model
    groups = {(f.concurrency_id, f.concurrency_limit) for f in events}
    assert len(groups) == 1 and served._queue.max_size is not None, (groups, served._queue.max_size)
    assert groups == {("models", web.WORKERS)} and served._queue.max_size == web.QUEUE_SIZE
