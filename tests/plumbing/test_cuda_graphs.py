"""Training steps replayed as CUDA graphs (utils.plumbing.cuda_graphs, behind ``fit``): when they are used, and on
a GPU the same weights as eager training, flat memory, and an eager fallback with one warning."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from utils.data import TensorLoader
from utils.networks import dense_net
from utils.plumbing import cuda_graphs
from utils.plumbing.cuda_graphs import CUDA_GRAPH_MIN_BATCHES, cuda_graphs_wanted
from utils.plumbing.device import seed_everything
from utils.training import fit

from helpers import blobs


def test_cuda_graphs_only_for_long_training_passes_on_cuda(monkeypatch):
    monkeypatch.delenv("FDL_CUDA_GRAPHS", raising=False)
    adam = torch.optim.Adam(dense_net(3).parameters())
    cuda = torch.device("cuda")
    assert cuda_graphs_wanted(adam, cuda, CUDA_GRAPH_MIN_BATCHES)
    assert not cuda_graphs_wanted(adam, cuda, CUDA_GRAPH_MIN_BATCHES - 1)  # capturing would cost more than it saves
    assert not cuda_graphs_wanted(adam, torch.device("cpu"), 10_000)
    assert not cuda_graphs_wanted(adam, torch.device("mps"), 10_000)
    lbfgs = torch.optim.LBFGS(dense_net(3).parameters())  # no capturable mode
    assert not cuda_graphs_wanted(lbfgs, cuda, 10_000)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "0")
    assert not cuda_graphs_wanted(adam, cuda, 10_000)


def _conv_bn_net(n_classes=3):
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(4),
        nn.Flatten(),
        nn.Linear(8 * 7 * 7, n_classes),
    )


def _fit_on_cuda(build, graphs: bool, monkeypatch, epochs=2):
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "1" if graphs else "0")
    seed_everything(0)
    model = build().cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, capturable=True)  # the arithmetic graphs use
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    data = blobs(n=32 * 60 + 7).to("cuda")  # 60 full batches and a short one
    history = fit(
        model,
        TensorLoader(data, 32, shuffle=True, seed=0),
        TensorLoader(blobs(seed=1).to("cuda"), 100),
        optimizer,
        nn.CrossEntropyLoss(),
        epochs=epochs,
        scheduler=scheduler,
        verbose=False,
    )
    return model, history


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("build", [lambda: dense_net(3), _conv_bn_net], ids=["dense", "conv-batchnorm"])
def test_cuda_graph_training_matches_eager_training(build, monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    replays = []
    original_replay = cuda_graphs.CapturedStep.replay
    monkeypatch.setattr(
        cuda_graphs.CapturedStep, "replay", lambda self, x, y: replays.append(1) or original_replay(self, x, y)
    )
    graphed, hg = _fit_on_cuda(build, True, monkeypatch)
    assert len(replays) == 2 * (60 - cuda_graphs.CUDA_GRAPH_WARMUP)  # every full batch after the warm-up
    replays.clear()
    eager, he = _fit_on_cuda(build, False, monkeypatch)
    assert not replays
    assert hg.train_samples == he.train_samples == [32 * 60 + 7] * 2  # the short batch was trained too
    assert hg.lr == he.lr  # the schedule reached the graph: it is recorded anew every epoch
    for key in ("train_loss", "train_acc", "valid_loss", "valid_acc"):
        assert getattr(hg, key) == pytest.approx(getattr(he, key), rel=1e-4, abs=1e-6), key
    for (name, a), b in zip(graphed.state_dict().items(), eager.state_dict().values()):
        assert torch.allclose(a.float(), b.float(), rtol=1e-4, atol=1e-6), name  # weights and BatchNorm statistics
    assert hg.valid_acc[-1] > 0.9


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_graph_training_keeps_memory_flat_from_epoch_to_epoch(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "1")
    seed_everything(0)
    model = _conv_bn_net().cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_loader = TensorLoader(blobs(n=32 * 60).to("cuda"), 32, shuffle=True)
    valid_loader = TensorLoader(blobs(seed=1).to("cuda"), 100)
    allocated = []
    for _ in range(4):
        fit(model, train_loader, valid_loader, optimizer, nn.CrossEntropyLoss(), epochs=1, verbose=False)
        torch.cuda.synchronize()
        allocated.append(torch.cuda.memory_allocated())
    assert max(allocated[1:]) - min(allocated[1:]) < 1_000_000, allocated  # each epoch's graph is given back


class _AsksTheGpuMidForward(nn.Module):
    """A dense net whose forward pass reads a number back from the GPU: a CUDA graph cannot record that."""

    def __init__(self):
        super().__init__()
        self.net = dense_net(3)

    def forward(self, x):
        if x.isnan().any().item():
            raise ValueError("NaN in the input")
        return self.net(x)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_a_step_that_cannot_be_captured_trains_eagerly_with_one_warning(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    with pytest.warns(RuntimeWarning, match="cannot be recorded as a CUDA graph") as caught:
        fallback, hf = _fit_on_cuda(_AsksTheGpuMidForward, True, monkeypatch)
    assert sum("CUDA graph" in str(w.message) for w in caught) == 1  # not again in the second epoch
    eager, he = _fit_on_cuda(_AsksTheGpuMidForward, False, monkeypatch)
    assert hf.train_loss == pytest.approx(he.train_loss, rel=1e-4) and hf.valid_acc == he.valid_acc
    for a, b in zip(fallback.parameters(), eager.parameters()):
        assert torch.allclose(a, b, rtol=1e-4, atol=1e-6)
    assert hf.valid_acc[-1] > 0.9
