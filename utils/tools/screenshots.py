"""Drive the course's web app (``utils.app``) in a real browser (no lesson): its browser test, ``make screenshot``.

The browser is Debian's Chromium (``apt-get install chromium``), driven by Playwright. Playwright's own
browser download (``playwright install``) is never used: ``executable_path`` points at ``/usr/bin/chromium``
(or ``FDL_CHROMIUM``). ``running_app`` starts ``python -m utils.app`` in a child process on a free
loopback port and measures how long it takes to be ready; ``browser_page`` opens a page that records every
request it makes, so a test can check that nothing leaves the computer; ``upload`` gives a tab a file and
waits for its answer.

``python -m utils.screenshot`` (``make screenshot``) photographs both tabs with the models you trained,
for the README: ``notebooks/images/demo_sign_language.png`` and ``notebooks/images/demo_doggy_door.png``.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from ..app.readers import ASK_FOR_PHOTO
from ..plumbing import settings
from ..plumbing.downloads import download

#: Flags for a headless Chromium on a computer with no internet: no sandbox (root in CI), no GPU, and
#: none of the background connections (updates, sync) that a closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
INSTALL_HINT = "install Debian's Chromium: `sudo apt-get install chromium` (CI's .ci/run does it)"
READY = "fdl demo ready:"
#: True while Gradio is still working on an event: its status trackers (``.wrap.full``) are shown, not hidden.
BUSY = "Array.from(document.querySelectorAll('.wrap.full')).some(w => !w.classList.contains('hide'))"


def chromium() -> str | None:
    """The Chromium to drive (``FDL_CHROMIUM``, else Debian's ``/usr/bin/chromium``), or None when missing."""
    path = settings.chromium()
    return path if Path(path).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    start_seconds: float  # from starting the process to the app saying it is ready (imports and models included)
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)


def _as_from_a_terminal():
    """In the app's process, before it starts: Ctrl+C (SIGINT) and a closed terminal (SIGHUP) reach it, as when
    it is started from a terminal, even when this process ignores them (started with ``nohup`` or ``&``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def drain(process: subprocess.Popen) -> tuple[queue.Queue, threading.Thread]:
    """The lines a child server writes (``None`` after the last), read by a thread of their own so that the
    server never blocks on a full pipe: the app's here, JupyterLab's in ``lab``."""
    lines: queue.Queue = queue.Queue()

    def read_output():
        for line in process.stdout:
            lines.put(line.rstrip())
        lines.put(None)

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    return lines, reader


@contextmanager
def running_app(models: str | Path | None = None, backbone: str | None = None, timeout: float = 120, **env):
    """``python -m utils.app`` in a child process on a free loopback port; stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "utils.app", "--port", str(port)]
    command += ["--models", str(models)] if models is not None else []
    command += ["--backbone", backbone] if backbone else []
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=settings.REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
        preexec_fn=_as_from_a_terminal,
    )
    output: list[str] = []
    lines, reader = drain(process)
    try:
        while not (output and output[-1].startswith(READY)):
            try:
                line = lines.get(timeout=max(0.1, timeout - (time.perf_counter() - start)))
            except queue.Empty:
                line = None
            if line is None:
                raise RuntimeError("the app did not start:\n" + "\n".join(output[-20:]))
            output.append(line)
        yield RunningApp(f"http://127.0.0.1:{port}", time.perf_counter() - start, process, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        reader.join(timeout=5)
        process.stdout.close()


@contextmanager
def browser_page(width: int = 1280, height: int = 900, fake_camera: bool = False):
    """A headless Chromium page; ``page.requests`` lists every URL it asked for. ``fake_camera``: Chromium's
    made-up webcam (a moving test pattern), with the page allowed to use it."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the browser tools need it

    executable = chromium()
    if executable is None:
        raise RuntimeError(f"no Chromium found: {INSTALL_HINT}")
    with sync_playwright() as p:
        camera = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] if fake_camera else []
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS + camera)
        try:
            yield _recording(browser.new_page(viewport={"width": width, "height": height}))
        finally:
            browser.close()


def _recording(page):
    """``page``, with ``page.requests`` listing every URL it asks for."""
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def another_page(page):
    """A new page of the same browser, as another user's (a context of its own), recording its requests too."""
    return _recording(page.context.browser.new_page(viewport=page.viewport_size))


def outside_requests(page) -> list[str]:
    """The page's requests that went anywhere but this computer: over the network (http, https, ws, wss,
    ftp) to another host. Other schemes never leave the browser: ``data:`` and ``blob:``, and the
    ``attachment:`` of a notebook's Markdown image, which JupyterLab turns into a ``data:`` URL after the
    browser has tried (and failed) to load it as written."""
    return [
        url
        for url in page.requests
        if urlparse(url).scheme in NETWORK_SCHEMES and urlparse(url).hostname not in ("127.0.0.1", "localhost")
    ]


#: The URL schemes that can reach another computer.
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")


def open_tab(page, url: str, tab: str) -> None:
    """Load the app and show the tab named ``tab`` ("Sign language" or "Doggy door")."""
    if not page.url.startswith(url):
        page.goto(url)
    page.get_by_role("tab", name=tab).click()


def answer_text(page, name: str) -> str:
    return page.locator(f"#{name}-answer").inner_text().strip()


def _clear(page, name: str, box, timeout_ms: int) -> None:
    """Clear ``box`` when it holds a photo, and wait until the tab asks for a new one."""
    clear = box.get_by_role("button", name="Clear")
    if clear.count():
        clear.click()
        page.wait_for_function(
            f"document.querySelector('#{name}-answer').innerText.trim() === {ASK_FOR_PHOTO!r}", timeout=timeout_ms
        )  # shown once the clearing has been answered


def wait_for_answer(page, name: str, start: float, timeout_ms: int = 30_000) -> float:
    """Wait until tab ``name`` shows an answer and Gradio is done; the seconds since ``start``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415 - as above

    try:
        page.wait_for_function(
            f"(() => {{ const t = document.querySelector('#{name}-answer').innerText.trim();"
            f" return t && t !== {ASK_FOR_PHOTO!r} && !({BUSY}); }})()",
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        busy = page.evaluate(
            "Array.from(document.querySelectorAll('.wrap.full')).filter(w => !w.classList.contains"
            "('hide')).map(w => (w.closest('[id]') || {}).id + ': ' + w.innerText.trim()).join('; ')"
        )
        raise TimeoutError(
            f"no answer in tab {name!r} after {timeout_ms / 1000:.0f} s: it shows "
            f"{answer_text(page, name)!r}; still busy: {busy or 'nothing'}"
        ) from None
    seconds = time.perf_counter() - start
    page.wait_for_timeout(300)  # Gradio fades the outputs back in
    return seconds


def upload(page, name: str, path: str | Path, timeout_ms: int = 30_000) -> float:
    """Give tab ``name`` ("sign" or "door") the file at ``path``; wait for its answer. Returns the seconds
    from handing the file to the page to the answer showing."""
    box = page.locator(f"#{name}-upload")
    _clear(page, name, box, timeout_ms)
    start = time.perf_counter()
    box.locator("input[type=file]").set_input_files(str(path))
    return wait_for_answer(page, name, start, timeout_ms)


def take_photo(page, name: str, timeout_ms: int = 30_000) -> float:
    """Take a photo with tab ``name``'s webcam (Chromium's made-up camera, see ``browser_page``) and wait
    for the answer; the seconds from the click to the answer."""
    box = page.locator(f"#{name}-webcam")
    _clear(page, name, page.locator(f"#{name}-upload"), timeout_ms)
    _clear(page, name, box, timeout_ms)
    access = box.get_by_text("Click to Access Webcam")
    if access.count():
        access.click()
    capture = box.get_by_role("button", name="capture photo")
    capture.wait_for(timeout=timeout_ms)
    page.wait_for_function(  # the camera's picture is playing: a photo taken sooner would be empty
        f"(() => {{ const v = document.querySelector('#{name}-webcam video');"
        f" return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.2; }})()",
        timeout=timeout_ms,
    )
    start = time.perf_counter()
    capture.click()
    return wait_for_answer(page, name, start, timeout_ms)


def main(argv: list[str] | None = None) -> int:
    """Photograph both tabs with the learner's models, for the README."""
    folder = Path(argv[0]) if argv else settings.REPO_ROOT / "notebooks" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    hand = download("asl_images") / "asl_images" / "a.png"
    dog = download("doggy_door_images") / "doggy_door_images" / "happy_dog.jpg"
    with running_app() as app, browser_page(height=800) as page:
        print(f"app ready in {app.start_seconds:.1f} s at {app.url}")
        for tab, name, photo, file in [
            ("Sign language", "sign", hand, "demo_sign_language.png"),
            ("Doggy door", "door", dog, "demo_doggy_door.png"),
        ]:
            open_tab(page, app.url, tab)
            seconds = upload(page, name, photo)
            page.screenshot(path=str(folder / file), full_page=True)
            print(f"{file}: {photo.name} answered in {seconds:.2f} s: {answer_text(page, name).splitlines()[0]}")
        if outside_requests(page):
            print(f"warning: the page asked for outside addresses: {outside_requests(page)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
