"""Choosing the device (utils.plumbing.device): the automatic choice, FDL_DEVICE, waiting for the right GPU."""

from __future__ import annotations

import pytest
import torch

from utils.plumbing.device import get_device, synchronize
from utils.plumbing.settings import SettingError


def test_device_choice(monkeypatch, capsys):
    monkeypatch.delenv("FDL_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")
    assert get_device(verbose=False).type == expected
    monkeypatch.setenv("FDL_DEVICE", "cpu")
    assert get_device().type == "cpu"


@pytest.mark.parametrize("value", ["bogus", "cuda" if not torch.cuda.is_available() else "bogus2"])
def test_a_bad_fdl_device_names_the_variable_and_the_choices(monkeypatch, value):
    monkeypatch.setenv("FDL_DEVICE", value)
    with pytest.raises(SettingError, match=r"FDL_DEVICE=.*choose one of cpu"):
        get_device()


def test_synchronize_waits_for_the_right_gpu(monkeypatch):
    calls = []
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: calls.append(("cuda", device)))
    monkeypatch.setattr(torch.mps, "synchronize", lambda: calls.append(("mps", None)))
    synchronize("cpu")
    synchronize(torch.device("cpu"))
    assert calls == []  # nothing to wait for on the CPU
    synchronize(torch.device("cuda", 0))
    synchronize("mps")
    assert calls == [("cuda", torch.device("cuda", 0)), ("mps", None)]
