"""Shared fixtures: a private data folder, a loopback web server, and generated inputs (photos, bad files, a toy
CSV, a saved model) that several test modules use. Plain helpers are in helpers.py."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
import torch

from utils.data import ASL_LETTERS
from utils.networks import asl_cnn_blocks
from utils.plumbing.checkpoints import save_checkpoint

from helpers import GOOD_PHOTOS, REPO, write, write_bad_files, write_toy_asl_csv

#: Where the browser tests save their screenshots (git ignores it), unless ``FDL_SCREENSHOTS`` names a folder.
SCREENSHOTS = REPO / "results" / "screenshots"
_SHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def screenshots_dir(request) -> Path:
    """The browser tests' screenshot folder, emptied once per run; the run's summary names it."""
    folder = Path(os.environ.get("FDL_SCREENSHOTS") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.rglob("*.png"):
        old.unlink()
    request.config.stash[_SHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, config):
    folder = config.stash.get(_SHOTS, None)
    if folder is not None:
        count = len(list(folder.rglob("*.png")))
        terminalreporter.write_line(f"browser tests: {count} screenshots in {folder}")


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """An empty data folder and models folder for one test; no mirror unless the test sets one."""
    monkeypatch.setenv("FDL_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    return tmp_path


@pytest.fixture
def http_server():
    """Serve a folder over http on 127.0.0.1 (loopback only); yields a function folder -> base URL."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# --------------------------------------------------------------------------------------------------------
# Generated inputs used by several test modules


@pytest.fixture
def good_photos(tmp_path) -> dict[str, Path]:
    """Every photo of ``helpers.GOOD_PHOTOS`` (each mode the course reads), written to ``tmp_path``."""
    return {name: write(tmp_path, name, make()) for name, make in GOOD_PHOTOS.items()}


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    """Files that are not usable photos, by kind (``helpers.write_bad_files``)."""
    folder = tmp_path / "bad"
    folder.mkdir()
    return write_bad_files(folder)


@pytest.fixture
def toy_asl_csv(tmp_path):
    """A six-row Sign Language MNIST CSV: (path, Kaggle labels, pixels)."""
    return write_toy_asl_csv(tmp_path)


@pytest.fixture
def saved_sign_model(tmp_path):
    """Lesson 04a's network (untrained, seeded) and the file it is saved in: (model, path)."""
    torch.manual_seed(0)
    model = asl_cnn_blocks().eval()
    return model, save_checkpoint(
        tmp_path / "asl.pt",
        model,
        architecture="asl_cnn_blocks",
        architecture_args={"n_classes": 24},
        classes=ASL_LETTERS,
    )
