"""What the browser tests count as "fetched from outside this computer" (utils.tools.screenshots)."""

from __future__ import annotations

from types import SimpleNamespace

from utils.tools import screenshots


def test_only_network_requests_to_another_host_count_as_outside():
    page = SimpleNamespace(
        requests=[
            "http://127.0.0.1:8888/lab/api/contents",
            "ws://localhost:8888/api/kernels/1/channels",
            "data:image/png;base64,iVBOR",
            "blob:http://127.0.0.1:8888/3f2a",
            "attachment:app.jpg",  # a notebook's Markdown image, turned into data: by JupyterLab
            "https://fonts.googleapis.com/css?family=Inter",
            "wss://example.org/socket",
            "http://192.168.1.5:7860/",
        ]
    )
    assert screenshots.outside_requests(page) == [
        "https://fonts.googleapis.com/css?family=Inter",
        "wss://example.org/socket",
        "http://192.168.1.5:7860/",
    ]
