"""The web app's page (utils.app.web), without a browser: built offline with no models, a taken port, and no
connection anywhere but this computer."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.request

import torch

from utils.app import web

from helpers import REPO


def test_the_page_builds_offline_with_no_models(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_BACKBONE", "squeezenet1_1")
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable"))
    )
    demo = web.build_app(tmp_path / "models", device="cpu")
    texts = [b.value for b in demo.blocks.values() if type(b).__name__ == "Markdown" and isinstance(b.value, str)]
    assert any("04a_asl_augmentation" in t for t in texts) and any("squeezenet1_1" in t for t in texts)


def test_a_taken_port_gets_one_line_and_status_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable"))
    )
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert web.main(["--port", str(port), "--models", str(tmp_path), "--backbone", "squeezenet1_1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}") and f"--port {port + 1}" in err
    assert "\n" not in err


def test_the_server_connects_nowhere_but_this_computer(tmp_path, monkeypatch):
    """Started in this process: every connection the app opens (analytics, version checks, fonts) is recorded;
    only loopback ones are allowed. The page it serves links no outside script, style sheet or font."""
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable"))
    )
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    outside = []
    connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            outside.append(address)
            raise OSError("the test allows no connection outside this computer")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    demo = web.build_app(tmp_path, backbone="squeezenet1_1", device="cpu")
    web.launch(demo, port=None, prevent_thread_lock=True)
    try:
        page = urllib.request.urlopen(demo.local_url, timeout=30).read().decode()
        config = urllib.request.urlopen(demo.local_url + "config", timeout=30).read().decode()
    finally:
        demo.close()
    assert outside == []
    fetched = re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"(https?://[^\"]+)", page)
    assert [url for url in fetched if "127.0.0.1" not in url] == []
    config = json.loads(config)
    assert config["stylesheets"] == [] and not config["analytics_enabled"]  # e.g. a Google font's style sheet
    assert "fonts.googleapis" not in page and "04a_asl_augmentation" in json.dumps(config)


def test_python_m_utils_app_is_the_web_app():
    result = subprocess.run(
        [sys.executable, "-m", "utils.app", "--help"], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m utils.app ")
    assert "--port" in result.stdout and "--backbone" in result.stdout


def test_a_port_that_cannot_be_gets_one_line_and_status_2():
    result = subprocess.run(
        [sys.executable, "-m", "utils.app", "--port", "99999"], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "python -m utils.app: error: argument --port: '99999' is not a port: use a whole number from 1 to 65535"
    )
