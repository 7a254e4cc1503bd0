"""The course's networks, and saving/loading them."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from utils.models import MyConvBlock
from utils.models import (ModelFileError, asl_cnn, asl_cnn_blocks, count_parameters, dense_net, load_checkpoint,
                          load_model, save_checkpoint)


@pytest.mark.parametrize("in_ch,out_ch,p,size", [(1, 25, 0.0, 28), (25, 50, 0.2, 14), (50, 75, 0.0, 7)])
def test_my_conv_block_shapes(in_ch, out_ch, p, size):
    block = MyConvBlock(in_ch, out_ch, p)
    out = block(torch.rand(4, in_ch, size, size))
    assert out.shape == (4, out_ch, size // 2, size // 2)
    kinds = [type(m) for m in block.model]
    assert kinds == [nn.Conv2d, nn.BatchNorm2d, nn.ReLU, nn.Dropout, nn.MaxPool2d]
    assert block.model[0].kernel_size == (3, 3) and block.model[0].padding == (1, 1)
    assert block.model[3].p == p


def test_parameter_counts_match_the_course():
    assert count_parameters(dense_net(10)) == 669_706
    assert count_parameters(dense_net(24)) == 676_888
    assert count_parameters(asl_cnn()) == 404_099
    assert count_parameters(asl_cnn_blocks()) == 404_099


def test_block_cnn_is_the_same_network():
    torch.manual_seed(0)
    explicit = asl_cnn().eval()
    blocks = asl_cnn_blocks().eval()
    explicit_params = [p for p in explicit.parameters()]
    for dst, src in zip(blocks.parameters(), explicit_params):
        dst.data.copy_(src.data)
    x = torch.rand(3, 1, 28, 28)
    assert torch.allclose(explicit(x), blocks(x), atol=1e-6)
    assert blocks(x).shape == (3, 24)


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
    with pytest.raises(ModelFileError, match="not a readable model file"):
        load_checkpoint(path)


def test_missing_model_file_gives_the_hint(tmp_path):
    with pytest.raises(ModelFileError, match="run notebook 04a"):
        load_checkpoint(tmp_path / "none.pt", missing_hint="run notebook 04a")


def test_pickled_module_is_refused(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(dense_net(), path)  # the original course's way: a whole pickled module
    with pytest.raises(ModelFileError):
        load_checkpoint(path)


def test_load_model_once_reads_each_file_once_and_again_when_saved_again(tmp_path):
    import os

    from utils.models import load_model_once

    first = save_checkpoint(tmp_path / "one.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    second = save_checkpoint(tmp_path / "two.pt", dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    a, _ = load_model_once(first)
    b, _ = load_model_once(second)
    assert load_model_once(first)[0] is a and load_model_once(second)[0] is b  # switching files reloads neither
    torch.manual_seed(5)
    save_checkpoint(first, dense_net(24), architecture="dense_net", architecture_args={"n_classes": 24})
    os.utime(first, ns=(os.stat(first).st_atime_ns, os.stat(first).st_mtime_ns + 1_000_000))
    again, _ = load_model_once(first)
    assert again is not a and not torch.equal(again[1].weight, a[1].weight)
