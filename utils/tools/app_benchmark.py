"""Load and fault benchmark of lesson 04b's web app (``make app-benchmark``): a classroom on one computer, loopback.

``python -m utils.tools.app_benchmark`` starts ``python -m utils.app`` (``screenshots.running_app``, on a free
127.0.0.1 port) with a letter reader trained in a second on the course's photos of a and b, then lets
simulated users (one thread each) use the sign-language tab through Gradio's HTTP API as the page does:
upload the photo, call the tab, read its answer, fetch both pictures of the answer. For 8 and 32 users at
once it reports, per scenario, the requests, the failed ones (any HTTP error, dropped connection, error
event, or a picture that does not decode), the wrong answers (not the photo's letter), the median and
95th percentile of the latency (upload to the last picture fetched), the throughput, and the server's
resident memory (RSS) before the scenario, at its peak, and a few seconds after:

- **same photo**: every user sends the course's ``a.png`` (the classroom case);
- **distinct photos**: every request sends its own photo (a.png or b.png with one pixel changed);
- **largest picture**: three users send the largest picture the app decodes (a PNG of its pixel limit;
  Pillow's limit for an app without one of its own) while the others keep sending ``a.png``: the latency
  those normal users get meanwhile is the figure that matters.

Then a few faults, each on an app of its own: a disk that fills up (a small tmpfs, when this user may
mount one), SIGHUP, SIGTERM and ``kill -9`` (and the start after it), who else may read the photos, an
oversized upload, and webcam uploads that are not photos. Bounded: each scenario stops starting requests
after ``--seconds``. Results: ``results/app-benchmark.json`` (``--label`` names the run, so a run before a
change and one after sit side by side) and the tables of ``results/app-benchmark.md``. ``--quick``: a few
requests per scenario, written under ``results/quick/``: a check that it works, not a measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import psutil
import torch
from PIL import Image, ImageDraw

from ..app.readers import SIGN_MODELS
from ..data import ASL_LETTERS
from ..networks import dense_net
from ..plumbing import images, settings
from ..plumbing.atomic import atomic_write
from ..plumbing.checkpoints import save_checkpoint
from ..plumbing.device import cpu_model
from ..plumbing.downloads import download
from ..sign_reader import ASL_MODEL_FILE, prepare
from . import screenshots

RESULTS_DIR = settings.REPO_ROOT / "results"
RESULTS_JSON = "app-benchmark.json"
RESULTS_MD = "app-benchmark.md"
HEAVY_USERS = 3
SIGN_UPLOAD_LABEL = "Upload a photo of a hand"
SIGN_WEBCAM_LABEL = "... or take one with the webcam"


# --------------------------------------------------------------------------------------------------------
# What the simulated users send


def train_letter_reader(models: Path) -> Path:
    """Lesson 02's dense network, trained in a second to read the course's photos of a and b (as the tests
    do), saved as lesson 04a saves its model: the answers of the benchmark can then be checked."""
    folder = download("asl_images") / "asl_images"
    photos = {letter: images.open_image(folder / f"{letter}.png") for letter in "ab"}
    torch.manual_seed(0)
    x = torch.stack([prepare(p) for p in photos.values()])
    y = torch.tensor([ASL_LETTERS.index(letter) for letter in photos])
    model = dense_net(24)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(60):
        loss = torch.nn.functional.cross_entropy(model((x + 0.05 * torch.randn_like(x)).clamp(0, 1)), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return save_checkpoint(
        models / ASL_MODEL_FILE,
        model.eval(),
        architecture="dense_net",
        architecture_args={"n_classes": 24},
        classes=ASL_LETTERS,
        input_size=[1, 28, 28],
    )


def course_photo(letter: str = "a") -> Path:
    return download("asl_images") / "asl_images" / f"{letter}.png"


def distinct_photos(folder: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` photos that differ in their bytes (one pixel of a.png or b.png changed), with their letters."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = {letter: np.array(Image.open(course_photo(letter)).convert("RGB")) for letter in "ab"}
    photos = []
    for i in range(count):
        letter = "ab"[i % 2]
        pixels = originals[letter].copy()
        pixels[0, i // 2 % pixels.shape[1]] = (i * 7 % 256, i * 13 % 256, i // 256 % 256)
        path = folder / f"{letter}_{i:04d}.png"
        Image.fromarray(pixels).save(path)
        photos.append((path, letter))
    return photos


PILLOW_SIDE = math.isqrt(Image.MAX_IMAGE_PIXELS)  # the largest square picture Pillow opens without a warning


def largest_allowed_side() -> int:
    """The side of the largest square picture the app decodes: its own pixel limit, else Pillow's."""
    limit = getattr(images, "MAX_DECODED_PIXELS", None) or Image.MAX_IMAGE_PIXELS
    return math.isqrt(int(limit))


def big_picture(folder: Path, side: int) -> Path:
    """A ``side`` x ``side`` RGB PNG, small on disk (a flat picture with a disc), expensive to decode."""
    path = folder / f"big_{side}.png"
    if not path.exists():
        image = Image.new("RGB", (side, side), (200, 180, 160))
        ImageDraw.Draw(image).ellipse((side // 4, side // 4, 3 * side // 4, 3 * side // 4), fill=(90, 60, 40))
        image.save(path)
    return path


# --------------------------------------------------------------------------------------------------------
# One user's request, as the page makes it


class Api:
    """The app's sign-language endpoints, found by their inputs' labels (their names are Gradio's choice)."""

    def __init__(self, url: str):
        self.url = url
        info = httpx.get(f"{url}/gradio_api/info", timeout=30).json()["named_endpoints"]
        labels = {name: [p["label"] for p in e["parameters"]] for name, e in info.items()}
        self.upload = next(n for n, ls in labels.items() if ls == [SIGN_UPLOAD_LABEL, "Model"])
        self.webcam = next(n for n, ls in labels.items() if ls == [SIGN_WEBCAM_LABEL, "Model"])
        self.model = list(SIGN_MODELS)[0]


def read_sign(client: httpx.Client, api: Api, photo: Path, endpoint: str | None = None) -> tuple[str, list]:
    """Upload ``photo``, ask the sign tab, fetch both pictures of its answer: (the answer's text, problems).

    Problems are what a user would see go wrong: an HTTP error, a dropped connection, an error event, a
    picture that is cut short or does not decode."""
    problems = []
    try:
        response = client.post(f"{api.url}/gradio_api/upload", files={"files": (photo.name, photo.read_bytes())})
        if response.status_code != 200:
            return "", [f"upload: HTTP {response.status_code} {response.text[:120]!r}"]
        path = response.json()[0]
        data = [{"path": path, "orig_name": photo.name, "meta": {"_type": "gradio.FileData"}}, api.model]
        response = client.post(f"{api.url}/gradio_api/call{endpoint or api.upload}", json={"data": data})
        if response.status_code != 200:
            return "", [f"call: HTTP {response.status_code} {response.text[:120]!r}"]
        event = response.json()["event_id"]
        stream = client.get(f"{api.url}/gradio_api/call{endpoint or api.upload}/{event}").text
        kind, _, payload = stream.strip().rpartition("event: ")[2].partition("\ndata: ")
        if kind != "complete":
            return "", [f"answer: {kind} {payload[:120]!r}"]
        outputs = json.loads(payload)
        for picture in outputs[1:3]:
            if picture is None:
                continue
            got = client.get(picture["url"])
            if got.status_code != 200:
                problems.append(f"picture: HTTP {got.status_code}")
                continue
            Image.open(io.BytesIO(got.content)).load()
        return outputs[0] or "", problems
    except Exception as err:  # what the user's browser would show as a failed request
        return "", [f"{type(err).__name__}: {re.sub(' at 0x[0-9a-f]+', '', str(err))[:160]}"]


# --------------------------------------------------------------------------------------------------------
# Scenarios


class Memory:
    """The server's resident memory, sampled every 50 ms while a scenario runs."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def rss(self) -> int:
        try:
            return self.process.memory_info().rss
        except psutil.Error:
            return 0

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            self._stop.wait(0.05)

    def __enter__(self):
        self.before = self.rss()
        self.peak = self.before
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def summary(results: list[dict], wall: float) -> dict:
    latencies = [r["seconds"] for r in results]
    failed = [r for r in results if r["problems"]]
    return {
        "requests": len(results),
        "failed": len(failed),
        "wrong": sum(1 for r in results if not r["problems"] and not r["right"]),
        "refused": sum(1 for r in results if r.get("refused")),
        "median_s": statistics.median(latencies) if latencies else None,
        "p95_s": percentile(latencies, 0.95),
        "max_s": max(latencies) if latencies else None,
        "per_second": len(results) / wall if wall else None,
        "problems": sorted(
            {p.split(":")[0] + ": " + p.split(":", 1)[-1].strip()[:100] for r in failed for p in r["problems"]}
        )[:5],
    }


def run_users(api: Api, jobs: list[list[tuple[Path, str]]], deadline: float, results: list, group: str, stop=None):
    """One thread per list of (photo, letter) in ``jobs``; each sends its photos one after another."""

    def user(photos):
        with httpx.Client(timeout=120) as client:
            for photo, letter in photos:
                if time.perf_counter() > deadline or (stop is not None and stop.is_set()):
                    return
                start = time.perf_counter()
                answer, problems = read_sign(client, api, photo)
                seconds = time.perf_counter() - start
                right = letter is None or answer.startswith(f"## {letter.upper()}\n")
                refused = answer.startswith("⚠️")
                results.append(
                    {"group": group, "seconds": seconds, "problems": problems, "right": right, "refused": refused}
                )

    threads = [threading.Thread(target=user, args=(photos,), daemon=True) for photos in jobs]
    for t in threads:
        t.start()
    return threads


def scenario(app, api: Api, name: str, normal: list[list], heavy: list[list] | None = None, seconds: float = 120):
    """Run ``normal`` users (and ``heavy`` ones, the normal users going on until the heavy are done)."""
    results: list[dict] = []
    with Memory(app.process.pid) as memory:
        start = time.perf_counter()
        deadline = start + seconds
        heavy_threads = run_users(api, heavy, deadline, results, "heavy") if heavy else []
        stop = threading.Event() if heavy else None
        if heavy:  # the normal users keep coming back until the heavy ones are done
            normal = [photos * 1000 for photos in normal]
        normal_threads = run_users(api, normal, deadline, results, "normal", stop)
        for t in heavy_threads:
            t.join()
        if stop is not None:
            stop.set()
        for t in normal_threads:
            t.join()
        wall = time.perf_counter() - start
        time.sleep(5)  # what the server keeps afterwards
        after = memory.rss()
    row = {"scenario": name, "wall_s": wall, "rss_before_mb": memory.before / 2**20}
    row |= {"rss_peak_mb": memory.peak / 2**20, "rss_after_mb": after / 2**20}
    row["normal"] = summary([r for r in results if r["group"] == "normal"], wall)
    if heavy:
        row["heavy"] = summary([r for r in results if r["group"] == "heavy"], wall)
    print(f"  {name}: {json.dumps(row)}", flush=True)
    return row


def load_scenarios(work: Path, users: list[int], per_user: int, heavy_per_user: int, seconds: float) -> list[dict]:
    rows = []
    a = course_photo("a")
    side = largest_allowed_side()
    env = {"GRADIO_TEMP_DIR": str(work / "gradio"), "FDL_BACKBONE": "mobilenet_v2"}
    with screenshots.running_app(work / "models", backbone="mobilenet_v2", **env) as app:
        api = Api(app.url)
        with httpx.Client(timeout=120) as client:  # the first request of each kind warms the app up
            read_sign(client, api, a)
            read_sign(client, api, distinct_photos(work / "warm", 1)[0][0])
        for n in users:
            rows.append(
                scenario(app, api, f"{n} users, same photo (a.png)", [[(a, "a")] * per_user] * n, None, seconds)
            )
            photos = distinct_photos(work / f"distinct_{n}", n * per_user)
            jobs = [photos[i * per_user : (i + 1) * per_user] for i in range(n)]
            rows.append(scenario(app, api, f"{n} users, distinct photos", jobs, None, seconds))
            sides = [side] + ([PILLOW_SIDE] if side < PILLOW_SIDE else [])  # and what an app without a limit took
            for big_side in sides:
                heavy = [[(big_picture(work, big_side), None)] * heavy_per_user] * HEAVY_USERS
                name = f"{n} users: {HEAVY_USERS} send a {big_side} x {big_side} PNG, {n - HEAVY_USERS} send a.png"
                rows.append(scenario(app, api, name, [[(a, "a")]] * (n - HEAVY_USERS), heavy, seconds))
    return rows


# --------------------------------------------------------------------------------------------------------
# Faults


def files_under(folder: Path) -> list[Path]:
    """The files under ``folder``: the photos, previews and answers (not the app's empty lock files)."""
    return [p for p in folder.rglob("*") if p.is_file() and p.name != ".lock"] if folder.exists() else []


def upload_as_stream(client: httpx.Client, url: str, photo: Path) -> httpx.Response:
    """Upload ``photo`` as a stream of chunks, with no length given first: the server only finds out as it writes."""
    boundary = "fdl-benchmark-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{photo.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    data, tail = photo.read_bytes(), f"\r\n--{boundary}--\r\n".encode()

    def body():
        yield head
        for i in range(0, len(data), 2**16):
            yield data[i : i + 2**16]
        yield tail

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    try:
        return client.post(f"{url}/gradio_api/upload", content=body(), headers=headers)
    except httpx.HTTPError as err:
        return httpx.Response(599, text=f"{type(err).__name__}: {err}")


def readable_by_others(folder: Path) -> list[str]:
    """Files under ``folder`` that a user other than their owner could read: the whole path must let them in."""
    return [
        str(path.relative_to(folder))
        for path in files_under(folder)
        if path.stat().st_mode & 0o004 and all(p.stat().st_mode & 0o001 for p in path.parents)
    ]


def nobody_reads(path: Path) -> bool | None:
    """Whether the user ``nobody`` can read ``path`` (None when this process cannot act as another user)."""
    if os.geteuid() != 0:
        return None
    result = subprocess.run(["cat", str(path)], user=65534, capture_output=True)
    return result.returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "24m"):
    """A tmpfs of ``size`` mounted at ``folder`` (only root may): yields the folder, or None."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    mounted = (
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)]).returncode == 0
    )
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)])


def stop_with(app, signum: int) -> int | None:
    app.process.send_signal(signum)
    try:
        return app.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        return None


def fault_checks(work: Path) -> list[dict]:
    rows = []
    a = course_photo("a")

    def row(fault, seen):
        print(f"  {fault}: {seen}", flush=True)
        rows.append({"fault": fault, "seen": seen})

    # A disk that fills up (a 64 MB tmpfs). 18 MB left, a 20 MB upload sent as a stream with no length given, so
    # that the disk fills up while it is written (ENOSPC); then b.png; then 2 MB left and b.png; then the app
    # restarted on that full disk; then the disk freed.
    with small_disk(work / "small_disk", "64m") as disk:
        if disk is None:
            row("disk full", "not run: mounting a small tmpfs needs root")
        else:
            folder, filler = disk / "g", disk / "filler"
            noise = work / "noise.png"
            Image.fromarray(np.random.default_rng(0).integers(0, 256, (2600, 2600, 3), np.uint8)).save(noise)
            show = lambda r: ("; ".join(r[1]) or r[0].splitlines()[0])[:100]  # noqa: E731

            def leave(mb):  # fill the disk up to ``mb`` MB free
                with open(filler, "ab") as f:
                    f.write(b"\0" * max(0, shutil.disk_usage(disk).free - mb * 2**20))

            with screenshots.running_app(work / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(folder)) as app:
                api = Api(app.url)
                with httpx.Client(timeout=60) as client:
                    read_sign(client, api, a)
                    leave(18)
                    response = upload_as_stream(client, app.url, noise)
                    size = noise.stat().st_size / 2**20
                    full = f"HTTP {response.status_code} {response.text[:90]!r}"
                    held = sum(p.stat().st_size for p in files_under(folder)) / 2**20
                    then = show(read_sign(client, api, course_photo("b")))
                    leave(2)
                    nearly = show(read_sign(client, api, distinct_photos(work / "full1", 1)[0][0]))
                row(
                    "disk full while an upload is written",
                    f"a {size:.0f} MB upload (no length given) with 18 MB free: {full}; the app's files then hold "
                    f"{held:.1f} MB; b.png next: {then}; with 2 MB free, a.png: {nearly}",
                )
            with screenshots.running_app(work / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(folder)) as app:
                with httpx.Client(timeout=60) as client:
                    api = Api(app.url)
                    held = sum(p.stat().st_size for p in files_under(folder)) / 2**20
                    full = show(read_sign(client, api, distinct_photos(work / "full2", 1)[0][0]))
                    filler.unlink()
                    freed = show(read_sign(client, api, course_photo("b")))
            row(
                "disk full, the app restarted",
                f"the app's files at the start: {held:.1f} MB; a.png: {full}; once the disk is freed, b.png: {freed}",
            )

    # Signals: what is left of the photos after each way of stopping the app.
    for name, signum in [
        ("SIGTERM", signal.SIGTERM),
        ("SIGINT", signal.SIGINT),
        ("SIGHUP", signal.SIGHUP),
        ("kill -9", signal.SIGKILL),
    ]:
        base = work / f"stop_{signum}"
        with screenshots.running_app(work / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(base)) as app:
            with httpx.Client(timeout=60) as client:
                read_sign(client, Api(app.url), a)
            during = len(files_under(base))
            others = readable_by_others(base)
            photos = [p for p in files_under(base) if p.suffix in (".png", ".webp", ".jpeg", ".jpg")]
            nobody = [nobody_reads(p) for p in photos]
            status = stop_with(app, signum)
            left = len(files_under(base))
        seen = f"files while running: {during}; after {name} (exit status {status}): {left} left"
        if signum == signal.SIGKILL:
            with screenshots.running_app(work / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(base)):
                seen += f"; after the next start: {len(files_under(base))} left"
        if signum == signal.SIGTERM:
            row(
                "who may read the photos",
                f"files others may read (by their modes): {len(others)} of {during}"
                + ("" if None in nobody else f"; nobody reads {sum(nobody)} of {len(photos)} pictures"),
            )
        row(f"stopped by {name}", seen)

    # Uploads: an oversized one, and files the webcam endpoint was never meant to get.
    base = work / "uploads"
    with screenshots.running_app(work / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(base)) as app:
        api = Api(app.url)
        with httpx.Client(timeout=60) as client:
            blob = b"\0" * (40 * 2**20)
            codes = [
                client.post(f"{app.url}/gradio_api/upload", files={"files": (f"x{i}.bin", blob)}).status_code
                for i in range(3)
            ]
            held = sum(p.stat().st_size for p in files_under(base)) / 2**20
            row("3 uploads of 40 MB", f"HTTP {codes}; {held:.0f} MB held afterwards")
            grey16 = work / "grey16.png"
            Image.fromarray(np.array(Image.open(a).convert("L")).astype(np.uint16) * 257).save(grey16)
            notes = work / "notes.txt"
            notes.write_text("not an image\n")
            for what, path in [("16-bit grey a.png", grey16), ("a text file", notes)]:
                by_upload = read_sign(client, api, path)
                by_webcam = read_sign(client, api, path, api.webcam)
                show = lambda r: ("; ".join(r[1]) or r[0].splitlines()[0] if r[0] else "; ".join(r[1]))[:110]  # noqa: E731
                row(f"{what}: upload vs webcam endpoint", f"upload: {show(by_upload)!r}; webcam: {show(by_webcam)!r}")
    return rows


# --------------------------------------------------------------------------------------------------------
# Results


def fmt(value, digits=2):
    return "-" if value is None else f"{value:,.{digits}f}"


def markdown(runs: dict) -> str:
    lines = [
        "# Web app under load: `make app-benchmark`",
        "",
        "Generated by `python -m utils.tools.app_benchmark` from `app-benchmark.json`; do not edit by hand. The app "
        "(`python -m utils.app`, `mobilenet_v2`) and the simulated users (threads, Gradio's HTTP API: upload, call, "
        "answer, both pictures) share the same computer over loopback. Latency: from the upload to the last picture "
        "fetched. Failed: an HTTP error, a dropped connection, an error event or a picture that does not decode. "
        "Wrong: an answer that is not the photo's letter. Refused: an answer that is the app's one-line message (a "
        "picture past its limit). Requests/s: the group's requests over the scenario's time. RSS: the server's "
        "resident memory before the scenario, at its peak, and 5 s after; one server serves all the scenarios of a "
        "run, in this order, so what one leaves carries over. In the largest-picture rows the first line is the "
        "normal users (a.png), the second the three users sending the picture.",
    ]
    for label, run in runs.items():
        lines += ["", f"## {label}", "", f"{run['when']}, {run['machine']}, {run['commit']}.", ""]
        lines += [
            "| scenario | users | requests | failed | wrong | refused in one line | median (s) | p95 (s) | max (s) "
            "| requests/s | RSS before / peak / after (MB) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in run["load"]:
            for group in ("normal", "heavy"):
                if group not in row:
                    continue
                s = row[group]
                memory = f"{row['rss_before_mb']:,.0f} / {row['rss_peak_mb']:,.0f} / {row['rss_after_mb']:,.0f}"
                lines.append(
                    f"| {row['scenario'] if group == 'normal' else ''} | {group} | {s['requests']} | {s['failed']} | "
                    f"{s['wrong']} | {s.get('refused', 0)} | {fmt(s['median_s'])} | {fmt(s['p95_s'])} | "
                    f"{fmt(s['max_s'])} | "
                    f"{fmt(s['per_second'], 1)} | {memory if group == 'normal' else ''} |"
                )
        problems = sorted(
            {p for row in run["load"] for g in ("normal", "heavy") if g in row for p in row[g]["problems"]}
        )
        if problems:
            lines += ["", "What the failed requests got: " + "; ".join(f"`{p}`" for p in problems[:6]) + "."]
        if run.get("faults"):
            lines += ["", "| fault | what happened |", "|---|---|"]
            lines += [f"| {f['fault']} | {f['seen'].replace('|', '/')} |" for f in run["faults"]]
    return "\n".join(lines) + "\n"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=settings.REPO_ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.app_benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--label", default="current", help="the run's name in the results (e.g. before, after)")
    parser.add_argument("--users", type=int, nargs="+", default=[8, 32], help="concurrent users (default 8 32)")
    parser.add_argument("--requests", type=int, default=10, help="requests per user and scenario (default 10)")
    parser.add_argument("--heavy-requests", type=int, default=3, help="largest pictures per heavy user (default 3)")
    parser.add_argument(
        "--seconds", type=float, default=150, help="no request starts later in a scenario (default 150)"
    )
    parser.add_argument("--commit", help="the code's commit, for a copy without git's history (git archive)")
    parser.add_argument("--no-faults", action="store_true", help="leave out the fault checks")
    parser.add_argument("--quick", action="store_true", help="a few requests per scenario, in results/quick/")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.requests, args.heavy_requests, args.seconds = [4], 2, 1, 60
    out = RESULTS_DIR / "quick" if args.quick else RESULTS_DIR
    with tempfile.TemporaryDirectory(prefix="fdl-app-benchmark-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # as /tmp lets everyone in: who may read the app's files is then the app's doing
        train_letter_reader(work / "models")
        print(f"load: {args.users} users, {args.requests} requests each", flush=True)
        load = load_scenarios(work, args.users, args.requests, args.heavy_requests, args.seconds)
        faults = [] if args.no_faults else (print("faults:", flush=True), fault_checks(work))[1]
    path = out / RESULTS_JSON
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[args.label] = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "commit": args.commit or commit(),
        "largest_side": largest_allowed_side(),
        "load": load,
        "faults": faults,
    }
    out.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as f:
        f.write(json.dumps(runs, indent=1).encode())
    with atomic_write(out / RESULTS_MD) as f:
        f.write(markdown(runs).encode())
    print(f"results: {path} and {out / RESULTS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
