"""Saved models (utils.plumbing.checkpoints): the round trip, files that are not models, the shared cache, the
registry of architectures, and what a model file may not make the loader build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from torch import nn

import utils.networks  # noqa: F401 - registers the course's architectures, as every lesson module that saves one does
from utils.data import ASL_LETTERS
from utils.networks import asl_cnn_blocks, dense_net
from utils.plumbing.checkpoints import (
    ARCHITECTURES,
    Architecture,
    ModelFileError,
    load_model,
    model_path,
    read_checkpoint,
    register_architecture,
    save_checkpoint,
)

from helpers import save_real_hands_model


def test_save_and_load_round_trip(tmp_path):
    torch.manual_seed(0)
    model = asl_cnn_blocks().eval()
    x = torch.rand(5, 1, 28, 28)
    expected = model(x)
    letters = "abcdefghiklmnopqrstuvwxy"
    path = save_checkpoint(tmp_path / "m.pt", model, architecture="asl_cnn_blocks", classes=letters, valid_acc=0.5)
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt"]  # no temporary file left behind
    loaded, info = load_model(path)
    assert info["classes"] == letters and info["valid_acc"] == 0.5
    assert not loaded.training
    assert torch.allclose(loaded(x), expected)


def test_truncated_model_file_is_refused(tmp_path):
    path = save_checkpoint(tmp_path / "m.pt", dense_net(), architecture="dense_net")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="is not a model file saved by the course"):
        read_checkpoint(path)


def test_missing_model_file_gives_the_hint(tmp_path):
    with pytest.raises(ModelFileError, match="run notebook 04a"):
        read_checkpoint(tmp_path / "none.pt", hint="run notebook 04a")


def test_pickled_module_is_refused(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(dense_net(), path)  # the original course's way: a whole pickled module
    with pytest.raises(ModelFileError):
        read_checkpoint(path)


def test_a_bare_file_name_means_the_models_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    assert model_path("m.pt") == tmp_path / "models" / "m.pt"
    assert model_path(tmp_path / "elsewhere" / "m.pt") == tmp_path / "elsewhere" / "m.pt"
    assert model_path("sub/m.pt") == Path("sub/m.pt")  # any other path is used as it is
    saved = save_checkpoint("m.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    assert saved == tmp_path / "models" / "m.pt" and saved.is_file()
    assert load_model("m.pt")[1]["architecture"] == "dense_net"
    monkeypatch.setenv("FDL_SMOKE", "1")
    assert model_path("m.pt") == tmp_path / "models" / "smoke" / "m.pt"


def test_shared_models_are_read_once_and_again_when_saved_again(tmp_path):
    first = save_checkpoint(
        tmp_path / "one.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24}
    )
    second = save_checkpoint(
        tmp_path / "two.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24}
    )
    a, _ = load_model(first, shared=True)
    b, _ = load_model(second, shared=True)
    # switching files reloads neither
    assert load_model(first, shared=True)[0] is a and load_model(second, shared=True)[0] is b
    assert load_model(first)[0] is not a  # unshared: a model of its own
    torch.manual_seed(5)
    save_checkpoint(first, dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    os.utime(first, ns=(os.stat(first).st_atime_ns, os.stat(first).st_mtime_ns + 1_000_000))
    again, _ = load_model(first, shared=True)
    assert again is not a and not torch.equal(again[1].weight, a[1].weight)
    # Replaced by another file with the very same modification time: noticed all the same.
    mtime = os.stat(first).st_mtime_ns
    torch.manual_seed(6)
    save_checkpoint(first, dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    os.utime(first, ns=(mtime, mtime))
    third, _ = load_model(first, shared=True)
    assert third is not again and not torch.equal(third[1].weight, again[1].weight)


def test_loading_only_some_architectures_refuses_a_sign_language_model(tmp_path):
    path = save_checkpoint(
        tmp_path / "asl.pt",
        asl_cnn_blocks(24),
        architecture="asl_cnn_blocks",
        architecture_args={"n_classes": 24},
        classes=ASL_LETTERS,
    )
    with pytest.raises(ModelFileError, match="not one of transfer"):
        load_model(path, "cpu", architectures=("transfer",))


def test_a_transfer_model_file_cannot_smuggle_a_strange_features_value(tmp_path):
    path = save_real_hands_model(
        tmp_path / "real.pt", architecture_args={"backbone": "squeezenet1_1", "n_outputs": 24, "features": "yes"}
    )
    with pytest.raises(ModelFileError, match="features='yes'"):
        load_model(path)


def test_a_registered_architecture_is_rebuilt_with_only_its_arguments(tmp_path):
    register_architecture(
        "test_linear", lambda n_in=3, n_out=2: nn.Sequential(nn.Linear(n_in, n_out)), {"n_in", "n_out"}
    )
    try:
        assert ARCHITECTURES["test_linear"].args == frozenset({"n_in", "n_out"})
        assert isinstance(ARCHITECTURES["dense_net"], Architecture) and ARCHITECTURES["dense_net"].build is dense_net
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(5, 4))
        path = save_checkpoint(
            tmp_path / "lin.pt", model, architecture="test_linear", architecture_args={"n_in": 5, "n_out": 4}
        )
        loaded, _ = load_model(path)
        assert torch.equal(loaded[0].weight, model[0].weight)
        save_checkpoint(path, model, architecture="test_linear", architecture_args={"n_in": 5, "bias": False})
        with pytest.raises(ModelFileError, match="are not those of test_linear"):
            load_model(path)
    finally:
        del ARCHITECTURES["test_linear"]
