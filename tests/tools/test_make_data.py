"""``make data`` (utils.tools.make_data): every data file fetched and checked, and the backbone's weights first of
all, so ``make all`` stops in its first minute with the fix."""

from __future__ import annotations

import os
import subprocess
import sys

import torch

from utils.tools.make_data import check_backbone, main

from helpers import REPO, needs_mirror, real_mirror

MIRROR = real_mirror()  # read before data_home unsets FDL_MIRROR


def test_make_data_checks_the_backbone_weights_first(tmp_path):
    env = {
        **os.environ,
        "FDL_DATA": str(tmp_path / "d"),
        "FDL_MIRROR": str(tmp_path / "empty"),
        "FDL_BACKBONE": "vgg16",
        "TORCH_HOME": str(tmp_path / "torch"),
        "NO_PROXY": "*",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "utils.tools.make_data"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 1 and "RuntimeWarning" not in result.stderr
    assert "backbone vgg16 (lesson 05): could not get the ImageNet weights" in result.stderr
    assert "FDL_BACKBONE=mobilenet_v2" in result.stderr and "Traceback" not in result.stderr


def test_check_backbone_says_in_one_line_where_the_weights_are_or_what_to_do(data_home, monkeypatch, capsys):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(data_home / "torch"))
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable"))
    )
    assert not check_backbone("vgg16")
    err = capsys.readouterr().err.strip()
    assert err.startswith("backbone vgg16 (lesson 05): could not get the ImageNet weights") and "\n" not in err
    assert not check_backbone("resnet9000")
    assert "unknown backbone 'resnet9000'" in capsys.readouterr().err


@needs_mirror
def test_check_backbone_fetches_the_mirrors_weights(data_home, monkeypatch, capsys):
    monkeypatch.setenv("FDL_MIRROR", str(MIRROR))
    assert check_backbone("squeezenet1_1")
    line = capsys.readouterr().out.strip()
    assert line.startswith("backbone squeezenet1_1 (lesson 05): weights ready (") and "from the course mirror)" in line
    assert (data_home / "data" / "weights").is_dir()


def test_an_unknown_data_set_is_refused(capsys):
    assert main(["no-such-set"]) == 2
    assert "unknown data set no-such-set; known: mnist" in capsys.readouterr().err
