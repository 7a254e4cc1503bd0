"""Shared fixtures: a private data folder, and generated mirror files for the data-layer tests."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest


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
