"""Every ``FDL_*`` setting (utils.plumbing.settings): odd values get one line naming the variable, relative
folders count from the repository, smoke mode keeps its own models folder."""

from __future__ import annotations

import pytest

from utils.plumbing import settings

from helpers import REPO


def test_relative_data_and_models_folders_count_from_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("FDL_DATA", "my-data")
    monkeypatch.setenv("FDL_MODELS", "my-models")
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert settings.data_dir() == settings.REPO_ROOT / "my-data"
    assert settings.models_dir() == settings.REPO_ROOT / "my-models"
    monkeypatch.chdir(REPO / "notebooks")
    assert settings.data_dir() == settings.REPO_ROOT / "my-data"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", True),
        ("on", True),
        ("yes", True),
        ("true", True),
        ("0", False),
        ("off", False),
        ("no", False),
        ("disable", False),
    ],
)
def test_on_off_words(monkeypatch, value, expected):
    monkeypatch.setenv("FDL_SMOKE", value)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", value)
    assert settings.is_smoke() is expected and settings.cuda_graphs_enabled() is expected


def test_an_unknown_on_off_word_is_refused_in_one_line(monkeypatch):
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "maybe")
    with pytest.raises(settings.SettingError, match="FDL_CUDA_GRAPHS='maybe' is neither on nor off"):
        settings.cuda_graphs_enabled()


def test_fdl_mirror_as_a_file_url_or_a_relative_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("FDL_MIRROR", f"file://{tmp_path}")
    assert settings.mirror() == str(tmp_path)
    monkeypatch.setenv("FDL_MIRROR", "shared-copy")
    assert settings.mirror() == str(settings.REPO_ROOT / "shared-copy")
    monkeypatch.setenv("FDL_MIRROR", "ftp://example.org/x")
    with pytest.raises(settings.SettingError, match="FDL_MIRROR"):
        settings.mirror()


def test_smoke_mode_uses_its_own_models_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("FDL_MODELS", str(tmp_path))
    monkeypatch.setenv("FDL_SMOKE", "0")
    assert settings.models_dir() == tmp_path
    monkeypatch.setenv("FDL_SMOKE", "1")
    assert settings.models_dir() == tmp_path / "smoke"


def test_backbone_device_and_chromium_settings(monkeypatch, tmp_path):
    monkeypatch.delenv("FDL_BACKBONE", raising=False)
    assert settings.backbone() == "vgg16" and not settings.backbone_is_set()
    monkeypatch.setenv("FDL_BACKBONE", " mobilenet_v2 ")
    assert settings.backbone() == "mobilenet_v2" and settings.backbone_is_set()
    monkeypatch.setenv("FDL_BACKBONE", "  ")
    assert settings.backbone() == "vgg16" and not settings.backbone_is_set()
    monkeypatch.delenv("FDL_DEVICE", raising=False)
    assert settings.forced_device() is None
    monkeypatch.setenv("FDL_DEVICE", " CPU ")
    assert settings.forced_device() == "cpu"
    browser = tmp_path / "my-chromium"
    monkeypatch.setenv("FDL_CHROMIUM", str(browser))
    assert settings.chromium() == str(browser)
    monkeypatch.delenv("FDL_CHROMIUM")
    assert settings.chromium().endswith("chromium")


def test_bar_delay_is_seconds_and_refuses_what_is_not(monkeypatch):
    monkeypatch.delenv("FDL_BAR_DELAY", raising=False)
    assert settings.bar_delay() == 1.0
    monkeypatch.setenv("FDL_BAR_DELAY", " 0 ")
    assert settings.bar_delay() == 0.0
    monkeypatch.setenv("FDL_BAR_DELAY", "2.5")
    assert settings.bar_delay() == 2.5
    for odd in ("-1", "soon", "inf", "nan"):
        monkeypatch.setenv("FDL_BAR_DELAY", odd)
        with pytest.raises(settings.SettingError, match="FDL_BAR_DELAY"):
            settings.bar_delay()
