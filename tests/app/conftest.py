"""The app's tests keep the app's files (``GRADIO_TEMP_DIR``, which ``web.build_app`` sets for the process) in
the test's own folder, and put the variable back afterwards."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def app_files_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio_temp"))
    return tmp_path / "gradio_temp"
